import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerName } from '../config.ts';
import type { Logger } from '../logger.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'bin.js');
const RESTART_DELAY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];
const STOP_GRACE_MS = 25_000; // under lifecycle.ts's 30 s forced exit, so a slow job is killed before serve gives up

/**
 * `serve` runs its workers as child `recruitwatch worker` processes, so the API's event loop and
 * the workers' CPU (scoring, parsing pages) are on different cores: in one process, past ~120
 * posts/s the HTTP side starved the workers and fewer posts were scored the more were offered.
 * A child that dies is started again (with a growing delay while it keeps dying); a child whose
 * parent dies — even by kill -9 — sees its IPC channel close and stops itself.
 */
export function startWorkerProcesses(opts: { count: number; names: readonly WorkerName[]; env: NodeJS.ProcessEnv; log: Logger }): { stop(): Promise<void>; signal(s: NodeJS.Signals): void } {
  const children = new Set<ChildProcess>();
  let stopping = false;

  const start = (slot: number, failures: number) => {
    const child = fork(BIN, ['worker', ...opts.names], { env: opts.env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    children.add(child);
    const startedAt = Date.now();
    child.on('error', (err) => opts.log.error({ slot, err: err.message }, 'worker process error'));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (stopping) return;
      // A child that ran a while before dying starts its backoff again.
      const streak = Date.now() - startedAt > 60_000 ? 0 : failures + 1;
      const delay = RESTART_DELAY_MS[Math.min(streak, RESTART_DELAY_MS.length - 1)];
      opts.log.error({ slot, pid: child.pid, code, signal, restartInMs: delay }, 'worker process exited; starting it again');
      setTimeout(() => stopping || start(slot, streak), delay).unref();
    });
  };
  for (let slot = 0; slot < opts.count; slot++) start(slot, 0);
  opts.log.info({ processes: opts.count, workers: opts.names }, 'workers run in child processes');

  return {
    signal(s) {
      for (const child of children) child.kill(s);
    },
    async stop() {
      stopping = true;
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              const force = setTimeout(() => {
                opts.log.error({ pid: child.pid }, 'worker process did not stop in time: killing it');
                child.kill('SIGKILL');
              }, STOP_GRACE_MS);
              child.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/**
 * In a worker started by serve: stop (through the normal SIGTERM path) when serve is gone. The
 * returned release() closes the channel after a normal stop, since an open one keeps the process alive.
 */
export function stopWhenParentGoes(): () => void {
  if (!process.send) return () => {};
  const onDisconnect = () => process.kill(process.pid, 'SIGTERM');
  process.once('disconnect', onDisconnect);
  return () => {
    process.off('disconnect', onDisconnect);
    if (process.connected) process.disconnect();
  };
}
