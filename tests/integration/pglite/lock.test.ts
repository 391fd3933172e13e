import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../../src/db/client.ts';
import { DataFolderLockedError } from '../../../src/db/pglite-lock.ts';

describe('the embedded database folder lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rw-lock-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes over a lock left by a dead process and releases it on close', async () => {
    const folder = path.join(dir, 'db');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(`${folder}.lock`, '999999999'); // no such pid
    const db = await openPglite(folder);
    expect(fs.readFileSync(`${folder}.lock`, 'utf8')).toBe(String(process.pid));
    await db.close();
    expect(fs.existsSync(`${folder}.lock`)).toBe(false);
  });

  it('refuses a folder held by a live process', async () => {
    const folder = path.join(dir, 'db2');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(`${folder}.lock`, String(process.ppid)); // our parent: alive
    await expect(openPglite(folder)).rejects.toThrow(DataFolderLockedError);
  });
});
