import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run test:data without the shared datasets', () => {
  it('says in one sentence what is missing and exits 1, with no stack trace', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const run = spawnSync('npm', ['run', '--silent', 'test:data'], { cwd: root, env: { ...process.env, RW_SHARED_DIR: '/nonexistent/shared' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^recruitwatch data suite: the shared datasets are not at \/nonexistent\/shared .*`npm test` runs the self-contained suite\.$/);
    expect(run.stderr + run.stdout).not.toMatch(/No test files found|\n\s+at /);
  }, 60_000);
});
