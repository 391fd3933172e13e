import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { PDF_BYTES } from '../helpers/images.ts';

const FLYER = 'Contract service in Russia for foreigners, $20,000 signing bonus, drone operators wanted. WhatsApp +374 55 123456';
const images = path.resolve(import.meta.dirname, '../fixtures/images');

describe('the recruitwatch command line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-cli-'));
  const env = { DATA_DIR: dir, LOG_LEVEL: 'warn' };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints help right after install, with every command', async () => {
    const res = await runCli(['--help'], env);
    expect(res.code).toBe(0);
    for (const cmd of ['serve', 'worker', 'migrate', 'user', 'score', 'eval', 'patterns', 'ocr', 'scan', 'channels']) expect(res.stdout).toContain(cmd);
  });

  it('scores text from standard input as JSON', async () => {
    const res = await runCli(['score', '-', '--json'], env, FLYER);
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.flagged).toBe(true);
    expect(out.indicators).toEqual(expect.arrayContaining([{ type: 'phone', value: '+37455123456', detail: expect.anything() }]));
    for (const m of out.matches) expect(FLYER.slice(m.start, m.end)).toBe(m.text);
  });

  it('streams --jsonl: one line out per line in, a bad line reported in place', async () => {
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ id: 'a', text: 'see you at dinner' }), 'not json', JSON.stringify({ id: 'b', text: FLYER })].join('\n') + '\n');
    const res = await runCli(['score', '--jsonl', file], env);
    const lines = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['a', null, 'b']);
    expect(lines[0]).toMatchObject({ flagged: false });
    expect(lines[1]).toMatchObject({ line: 2, error: expect.any(String) });
    expect(lines[2]).toMatchObject({ flagged: true });
    expect(Object.keys(lines[2]).sort()).toEqual(['flagged', 'id', 'indicators', 'matches', 'score']);
    expect(res.code).toBe(1); // a line was not scored: a script must be able to notice
    expect(res.stderr).toContain('1 of 3 lines could not be scored');
  });

  it('exits 0 from --jsonl when every line was scored', async () => {
    const file = path.join(dir, 'good.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'a', text: 'see you at dinner' }) + '\n');
    expect((await runCli(['score', '--jsonl', file], env)).code).toBe(0);
  });

  it('prints its version, and the help names every worker kind', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    const version = await runCli(['--version'], env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const help = await runCli(['worker', '--help'], env);
    expect(help.stdout).toMatch(/ingest, score, ocr, scan or all/);
  });

  it('validates the shipped pattern pack, and refuses a broken one with file and line', async () => {
    expect((await runCli(['patterns', 'validate'], env)).code).toBe(0);
    const bad = path.join(dir, 'bad-pack');
    fs.cpSync(path.resolve(import.meta.dirname, '../../src/scoring/patterns'), bad, { recursive: true });
    fs.writeFileSync(
      path.join(bad, 'broken.yaml'),
      'patterns:\n  - id: broken.one\n    category: MIL-ROLE\n    lang: en\n    regex: "(unclosed"\n    examples:\n      match: [x]\n      nomatch: [y]\n',
    );
    const res = await runCli(['patterns', 'validate', bad], env);
    expect(res.code).toBe(1);
    expect(res.stdout + res.stderr).toMatch(/broken\.yaml:\d+/);
  });

  it('scans a folder of images and text, reporting the bad file and going on', async () => {
    const folder = path.join(dir, 'flyers');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.copyFileSync(path.join(images, 'eng-flyer.png'), path.join(folder, 'sub', 'eng.png'));
    fs.writeFileSync(path.join(folder, 'post.txt'), FLYER);
    fs.writeFileSync(path.join(folder, 'renamed.jpg'), PDF_BYTES);
    const res = await runCli(['scan', folder, '--json'], { ...env, OCR_POOL_SIZE: '1', OCR_LANGS: 'eng' });
    expect(res.code).toBe(1); // one file failed
    expect(res.stderr).not.toMatch(/\[#/); // no progress bar when not on a terminal
    const rows = res.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const byName = Object.fromEntries(rows.map((r) => [path.basename(r.file), r]));
    expect(byName['post.txt']).toMatchObject({ flagged: true, lang: null });
    expect(byName['eng.png'].text).toMatch(/RUSSIA/i);
    expect(byName['eng.png'].lang).toBe('eng');
    expect(byName['renamed.jpg'].error).toMatch(/application\/pdf/);
  });
});
