import type { Logger } from './logger.ts';

const FORCE_EXIT_MS = 30_000;

/**
 * Resolves when SIGTERM/SIGINT arrives and `stop` has finished. A second signal, or `stop`
 * taking longer than 30 s, forces the exit.
 */
export function stopOnSignal(log: Logger, stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      log.info({ signal }, 'shutting down: finishing active jobs');
      setTimeout(() => {
        log.error('shutdown took over 30 s: exiting now');
        process.exit(1);
      }, FORCE_EXIT_MS).unref();
      stop()
        .catch((err) => log.error({ err: (err as Error).message }, 'error during shutdown'))
        .finally(() => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve();
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** A crash that nothing caught: log it and exit, rather than run on in an unknown state. */
export function exitOnUncaught(log: Logger): void {
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (err) => {
    log.fatal({ err }, 'unhandled rejection');
    process.exit(1);
  });
}
