import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readManifest } from '../../../src/ocr/eval.ts';

describe('an eval-ocr manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-manifest-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes relative image paths from its own folder and absolute ones as they are; kind is optional', async () => {
    const file = path.join(dir, 'manifest.jsonl');
    fs.writeFileSync(file, [
      JSON.stringify({ image: 'img/a.png', text: 'a', lang: 'eng', kind: 'flyer' }),
      JSON.stringify({ image: '/srv/scans/b.png', text: 'b', lang: 'rus' }),
    ].join('\n'));
    const [a, b] = await readManifest(file);
    expect(a).toMatchObject({ file: path.join(dir, 'img/a.png'), kind: 'flyer' });
    expect(b).toMatchObject({ file: '/srv/scans/b.png', kind: 'unspecified' });
  });

  it('names the line and field of a bad entry', async () => {
    const file = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(file, JSON.stringify({ image: 'a.png', lang: 'eng' }) + '\n');
    await expect(readManifest(file)).rejects.toThrow(/bad\.jsonl:1: text/);
  });
});
