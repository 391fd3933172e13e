import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };
export type LogFormat = 'json' | 'pretty';

const CENSOR = '[redacted]';

/** Fields that hold a secret wherever they are logged: credentials in headers, passwords, tokens, connection strings. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-telegram-bot-api-secret-token"]',
  'authorization',
  'cookie',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'DATABASE_URL',
  '*.DATABASE_URL',
  'databaseUrl',
  '*.databaseUrl',
  'TELEGRAM_BOT_TOKEN',
  '*.TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  '*.TELEGRAM_WEBHOOK_SECRET',
  'RW_ADMIN_PASSWORD',
  '*.RW_ADMIN_PASSWORD',
];

// A value can still reach a message by another way (an error that quotes a URL with the bot token in
// it, a query string), so each line is also scrubbed of the configured secrets and of what looks like one.
const PATTERNS: Array<[RegExp, string]> = [
  [/\brw_[A-Za-z0-9_-]{20,}/g, `rw_${CENSOR}`], // our API tokens (auth/tokens.ts)
  [/(bearer\s+)[^\s"\\]+/gi, `$1${CENSOR}`],
  [/([?&](?:token|access_token|password|secret|key)=)[^&\s"\\]*/gi, `$1${CENSOR}`],
  [/(\/\/[^:/@\s"\\]*:)[^@/\s"\\]+@/g, `$1${CENSOR}@`], // user:password@ in any URL
];

function scrubber(secrets: string[]): (line: string) => string {
  // JSON escapes what it must, so a secret with a quote or backslash is looked for as it is written too.
  const forms = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]))];
  return (line) => {
    let out = line;
    for (const form of forms) out = out.replaceAll(form, CENSOR);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
}

/**
 * The values in a configuration that must never be logged: every variable named like a password, token
 * or secret, and the password inside DATABASE_URL and REDIS_URL.
 */
export function configSecrets(config: object): string[] {
  const secrets: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string' || !value) continue;
    if (/PASSWORD|TOKEN|SECRET/.test(key)) secrets.push(value);
    if (/_URL$/.test(key) && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      const password = passwordOf(value);
      if (password) secrets.push(password, decodeURIComponentSafe(password));
    }
  }
  return secrets;
}

function passwordOf(url: string): string {
  try {
    return new URL(url).password;
  } catch {
    return ''; // not a URL: config.ts refuses it before anything is logged
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface LoggerOptions {
  /** json (default): one JSON object per line; pretty: pino-pretty, for a person at a terminal */
  format?: LogFormat;
  /** values scrubbed from every line (configSecrets) */
  secrets?: string[];
  /** default: stderr */
  destination?: DestinationStream;
}

// Logs go to stderr so CLI commands can print results on stdout.
export function createLogger(level = 'info', opts: LoggerOptions = {}): Logger {
  const scrub = scrubber(opts.secrets ?? []);
  const destination =
    opts.destination && opts.format !== 'pretty'
      ? opts.destination
      : opts.format === 'pretty'
        ? pretty({ destination: opts.destination ?? 2, sync: true, colorize: !opts.destination && process.stderr.isTTY, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' })
        : pino.destination(2);
  return pino(
    {
      level,
      base: { service: 'recruitwatch' },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: { streamWrite: scrub },
    },
    destination,
  );
}

/** The process's logger as the configuration asks for it: level, format, and its secrets scrubbed. */
export function loggerFor(config: { LOG_LEVEL: string; LOG_FORMAT?: LogFormat }): Logger {
  return createLogger(config.LOG_LEVEL, { format: config.LOG_FORMAT, secrets: configSecrets(config) });
}
