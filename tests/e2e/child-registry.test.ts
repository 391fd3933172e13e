import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { register, stopAll } from '../helpers/child-registry.ts';
import { exited } from '../helpers/cli.ts';

const registryPath = new URL('../helpers/child-registry.ts', import.meta.url).pathname;
const IDLE = "setInterval(() => {}, 1000)";

/** Whether pid still runs; a killed one may linger as a zombie until init reaps it, which counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true; // no /proc to read: kill(pid, 0) is all we know
  }
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

// The fault suite starts serve, worker and redis-server children; a crash of the suite used to leave
// them running, holding its database.
describe('child registry', () => {
  it('stopAll kills every registered child', async () => {
    const child = register(spawn(process.execPath, ['-e', IDLE], { stdio: 'ignore' }));
    try {
      expect(alive(child.pid!)).toBe(true);
      expect(stopAll()).toBe(1);
      await exited(child);
      expect(await gone(child.pid!)).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });

  // A script that registers an idle child, prints its pid, then ends as `end` says.
  it.each([
    { how: 'an uncaught exception', end: "throw new Error('boom in the script')", signal: null, code: 1, stderr: /boom in the script/ },
    { how: 'an unhandled rejection', end: "Promise.reject(new Error('boom in the script'))", signal: null, code: 1, stderr: /boom in the script/ },
    { how: 'process.exit()', end: 'process.exit(3)', signal: null, code: 3, stderr: /^$/ },
    { how: 'SIGTERM', end: '', signal: 'SIGTERM' as const, code: 143, stderr: /stopped by SIGTERM: killed 1 child process/ },
  ])('a script ended by $how takes its child with it and keeps its exit code', async ({ end, signal, code, stderr }) => {
    const source = [
      `import { spawn } from 'node:child_process';`,
      `import { register, stopAllOnExit } from ${JSON.stringify(registryPath)};`,
      'stopAllOnExit();',
      `const child = register(spawn(process.execPath, ['-e', ${JSON.stringify(IDLE)}], { stdio: 'ignore' }));`,
      `process.stdout.write(child.pid + '\\n');`,
      end,
    ].join('\n');
    const script = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    script.stderr.on('data', (d) => (err += d));
    const grandchild = await new Promise<number>((resolve) =>
      script.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(Number(out.trim()));
      }),
    );
    if (signal) script.kill(signal);
    const exitCode = await exited(script);
    try {
      expect(exitCode).toBe(code);
      expect(err.trim()).toMatch(stderr);
      expect(await gone(grandchild)).toBe(true);
    } finally {
      if (alive(grandchild)) process.kill(grandchild, 'SIGKILL');
    }
  });
});
