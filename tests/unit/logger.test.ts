import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { configSecrets, createLogger } from '../../src/logger.ts';

function capture() {
  let text = '';
  const destination = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  return { destination, text: () => text };
}

const config = loadConfig({
  DATABASE_URL: 'postgres://rw:db-pass%40word@db.internal:5432/rw',
  TELEGRAM_BOT_TOKEN: '123456:AAbot-secret-token',
  TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789',
});
const apiToken = 'rw_' + 'k'.repeat(43);

function logEverything(log: ReturnType<typeof createLogger>) {
  log.info({ req: { method: 'GET', url: `/api/items?token=${apiToken}`, headers: { authorization: `Bearer ${apiToken}`, cookie: 'rw_session=abc123' } } }, 'request');
  log.info({ password: 'hunter2-hunter2', user: { name: 'rita', password: 'hunter2-hunter2' } }, 'user');
  log.info({ config }, 'config');
  log.error({ err: 'connect ECONNREFUSED https://api.telegram.org/bot123456:AAbot-secret-token/getMe' }, 'bot failed');
  log.warn({ err: 'could not reach postgres://rw:db-pass%40word@db.internal:5432/rw' }, 'db');
  log.warn(`header was Bearer ${apiToken}`);
}

describe('logger', () => {
  it('names the secrets a configuration holds', () => {
    expect(configSecrets(config)).toEqual(expect.arrayContaining(['db-pass%40word', 'db-pass@word', '123456:AAbot-secret-token', 'webhook-secret-0123456789']));
  });

  for (const format of ['json', 'pretty'] as const) {
    it(`writes no token, password, cookie or database password (${format})`, () => {
      const out = capture();
      logEverything(createLogger('info', { format, secrets: configSecrets(config), destination: out.destination }));
      const text = out.text();
      expect(text).toMatch(/bot failed/);
      for (const secret of [apiToken, 'hunter2', 'abc123', 'db-pass', 'AAbot-secret-token', 'webhook-secret-0123456789']) expect(text).not.toContain(secret);
      expect(text).toContain('[redacted]');
      if (format === 'json') for (const line of text.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      else expect(text).toMatch(/INFO.*: request/);
    });
  }
});
