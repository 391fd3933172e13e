import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Update } from 'telegraf/types';
import { webhookReceiver } from '../../telegram/bot.ts';
import type { ApiDeps } from '../server.ts';

const DEFAULT_PATH = '/telegram/webhook';

/** Constant-time comparison of the header Telegram sends with the configured secret. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Telegram posts updates here when TELEGRAM_WEBHOOK_URL is set (its path is this route's path). Only a
 * request carrying TELEGRAM_WEBHOOK_SECRET in X-Telegram-Bot-Api-Secret-Token is handed to the bot.
 */
export const telegramWebhookRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const url = deps.config.TELEGRAM_WEBHOOK_URL;
  const path = url ? new URL(url).pathname : DEFAULT_PATH;
  app.post(path, { config: { docs: { summary: 'Telegram Bot API updates (when TELEGRAM_WEBHOOK_URL is set)', access: 'webhook-secret' } } }, async (req, reply) => {
    const expected = deps.config.TELEGRAM_WEBHOOK_SECRET;
    if (!expected) return reply.code(404).send({ error: 'Not Found', message: 'the Telegram webhook is not configured' });
    const given = req.headers['x-telegram-bot-api-secret-token'];
    if (typeof given !== 'string' || !sameSecret(given, expected)) {
      return reply.code(401).send({ error: 'Unauthorized', message: 'wrong or missing X-Telegram-Bot-Api-Secret-Token' });
    }
    const update = req.body as Update | undefined;
    if (!update || typeof update !== 'object' || typeof update.update_id !== 'number') {
      return reply.code(400).send({ error: 'Bad Request', message: 'the body is not a Telegram update' });
    }
    const receive = webhookReceiver(expected);
    // 503 makes Telegram keep the update and try again, e.g. while the bot is starting.
    if (!receive) return reply.code(503).send({ error: 'Service Unavailable', message: 'the Telegram bot is not running in this process' });
    await receive(update);
    return reply.code(200).send({});
  });
};
