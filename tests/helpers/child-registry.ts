import os from 'node:os';
import type { ChildProcess } from 'node:child_process';

// Every child process the test helpers start, so a script that crashes or is stopped by a signal
// can still stop them: a leaked `serve` or `worker` keeps running and holds its database.
const running = new Set<ChildProcess>();

export function register<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGKILLs every registered child still running and returns how many. Synchronous, so an 'exit' handler can call it. */
export function stopAll(): number {
  let killed = 0;
  for (const child of running) if (child.exitCode === null && child.signalCode === null && child.kill('SIGKILL')) killed++;
  running.clear();
  return killed;
}

/**
 * Stops every registered child however this process ends. 'exit' covers a normal end, a
 * process.exit() and an uncaught exception or unhandled rejection (Node prints it, then emits
 * 'exit'); SIGINT and SIGTERM would end the process without 'exit', so they get handlers that exit
 * non-zero (128 + the signal's number, as a shell reports it).
 */
export function stopAllOnExit(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): void {
  process.once('exit', stopAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const code = 128 + os.constants.signals[signal];
      log(`stopped by ${signal}: killed ${stopAll()} child process(es), exiting with ${code}`);
      process.exit(code);
    });
  }
}
