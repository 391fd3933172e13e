import pino, { type Logger } from 'pino';

export type { Logger };

// Logs go to stderr so CLI commands can print results on stdout.
export function createLogger(level = 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'recruitwatch' },
      redact: { paths: ['token', '*.token', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    },
    pino.destination(2),
  );
}
