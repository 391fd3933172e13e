import { Telegraf, type Context } from 'telegraf';
import type { Update } from 'telegraf/types';
import { findItem } from '../repos/items.repo.ts';
import { isModerator } from './bot-access.ts';
import { AlbumStore } from './bot-album.ts';
import { botIdOf, UpdateDedupe } from './bot-dedupe.ts';
import { fileCap, FileRefused, redactToken, type BotDeps } from './bot-files.ts';
import { identityOf, imageOf, intakeMessage, type TgMessage } from './bot-intake.ts';
import { FAILED, HELP, imageRefused, RECEIVED, refusal, UNSUPPORTED } from './bot-messages.ts';
import { VerdictNotifier } from './bot-verdicts.ts';

// The bot takes channel posts (from channels where it is an administrator: it sees no others) and
// moderators' submissions. Handlers fetch images and queue posts; scoring happens in the workers.

const ALLOWED_UPDATES = ['message', 'channel_post', 'edited_channel_post'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunningBot {
  mode: 'polling' | 'webhook';
  username: string;
  /** stops taking updates, lets the ones in hand finish, then stops listening for scores */
  stop(): Promise<void>;
}

/** Webhook updates reach the bot of this process through here, keyed by the secret Telegram sends. */
const webhookReceivers = new Map<string, (update: Update) => Promise<void>>();

export function webhookReceiver(secret: string): ((update: Update) => Promise<void>) | undefined {
  return webhookReceivers.get(secret);
}

export async function startBot(deps: BotDeps): Promise<RunningBot> {
  const token = deps.config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const { TELEGRAM_WEBHOOK_URL: webhookUrl, TELEGRAM_WEBHOOK_SECRET: secret } = deps.config;
  if (webhookUrl && !secret) throw new Error('TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET, so that only Telegram can post updates');
  const log = deps.log.child({ component: 'bot' });
  const bot = new Telegraf(token, { telegram: { apiRoot: deps.config.TELEGRAM_API_ROOT } });
  const notifier = new VerdictNotifier(deps, bot.telegram);
  wire(bot, deps, notifier, new UpdateDedupe(deps.redis, deps.config.QUEUE_PREFIX, botIdOf(token), { takeOverPending: !webhookUrl }));
  // Polling must go on after a failed update; a webhook update fails its request, so Telegram re-sends it.
  const viaWebhook = new WeakSet<Update>();
  bot.catch((err, ctx) => {
    log.error({ updateId: ctx.update.update_id, err: redactToken((err as Error).message ?? String(err), token) }, 'update failed');
    if (viaWebhook.has(ctx.update)) throw err;
  });

  bot.botInfo = await bot.telegram.getMe().catch((err: Error) => {
    throw new Error(`the Bot API at ${deps.config.TELEGRAM_API_ROOT} did not answer getMe: ${redactToken(err.message, token)}`);
  });
  await notifier.start();
  let polling: Promise<void> | undefined;
  if (webhookUrl && secret) {
    await bot.telegram.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: [...ALLOWED_UPDATES] }).catch(async (err: Error) => {
      await notifier.close();
      throw new Error(`setWebhook failed: ${redactToken(err.message, token)}`);
    });
    webhookReceivers.set(secret, (update) => {
      viaWebhook.add(update);
      return bot.handleUpdate(update);
    });
  } else {
    // launch() resolves only when polling stops: keep the promise to await at shutdown.
    polling = bot.launch({ allowedUpdates: [...ALLOWED_UPDATES] }).catch((err) => log.error({ err: redactToken((err as Error).message, token) }, 'polling stopped'));
  }
  const mode = polling ? 'polling' : 'webhook';
  log.info({ username: bot.botInfo.username, mode }, 'telegram bot started');
  return {
    mode,
    username: bot.botInfo.username,
    async stop() {
      if (!polling && secret) webhookReceivers.delete(secret);
      if (polling) {
        await stopPolling(bot, polling);
        await polling;
      }
      await notifier.close();
    },
  };
}

/** launch() sets polling up only after its deleteWebhook call answers; until then stop() throws. */
async function stopPolling(bot: Telegraf, polling: Promise<void>): Promise<void> {
  let settled = false;
  void polling.finally(() => (settled = true));
  while (!settled) {
    try {
      bot.stop('shutdown');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

function wire(bot: Telegraf, deps: BotDeps, notifier: VerdictNotifier, dedupe: UpdateDedupe): void {
  bot.use(async (ctx, next) => {
    const id = ctx.update.update_id;
    if (!(await dedupe.claim(id))) return;
    try {
      await next();
      await dedupe.done(id);
    } catch (err) {
      await dedupe.release(id);
      throw err;
    }
  });
  const albums = new AlbumStore(deps.redis, deps.config.QUEUE_PREFIX);
  const fromChannel = async (msg: TgMessage) => {
    await intakeMessage(deps, bot.telegram, albums, msg, identityOf(msg, 'channel'), { skipRefusedImage: true });
  };
  bot.on('channel_post', (ctx) => fromChannel(ctx.channelPost as TgMessage));
  bot.on('edited_channel_post', (ctx) => fromChannel(ctx.editedChannelPost as TgMessage));

  // Everything a person sends: only moderators in a private chat get further than a refusal.
  bot.on('message', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    if (!(await isModerator(deps, ctx.from?.id))) return void (await ctx.reply(refusal(ctx.from?.id)));
    const msg = ctx.message as TgMessage;
    const command = /^\/(\w+)(?:@\w+)?(?:\s+(.*))?$/s.exec(msg.text ?? '');
    if (command) return commandReply(ctx, deps, notifier, command[1], command[2]?.trim() ?? '');
    await submitForModerator(ctx, deps, notifier, albums, msg);
  });
}

async function commandReply(ctx: Context, deps: BotDeps, notifier: VerdictNotifier, name: string, arg: string): Promise<void> {
  if (name !== 'status') return void (await ctx.reply(HELP));
  if (!UUID.test(arg)) return void (await ctx.reply('Send /status followed by an item id, like /status 1b4e28ba-2fa1-81d2-a9c1-6a5e4e3b2c1d'));
  const item = await findItem(deps.db, arg.toLowerCase());
  if (!item) return void (await ctx.reply(`There is no item ${arg} (a submission just made may still be queued).`));
  await notifier.send(ctx.chat!.id, ctx.message && 'message_id' in ctx.message ? ctx.message.message_id : undefined, item.id);
}

async function submitForModerator(ctx: Context, deps: BotDeps, notifier: VerdictNotifier, albums: AlbumStore, msg: TgMessage): Promise<void> {
  const replyTo = { reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true } };
  const image = imageOf(msg, fileCap(deps.config));
  if (image === 'unsupported') return void (await ctx.reply(imageRefused(`a ${msg.document?.mime_type} file is not an image`), replyTo));
  if (image === 'too-large') return void (await ctx.reply(imageRefused(`it is over the limit of ${fileCap(deps.config)} bytes`), replyTo));
  if (!image && !(msg.text ?? msg.caption)) return void (await ctx.reply(UNSUPPORTED, replyTo));
  const firstPart = !msg.media_group_id || (await albums.firstOfAlbum(String(msg.chat.id), msg.media_group_id));
  if (firstPart) await ctx.reply(RECEIVED, replyTo);
  try {
    const intake = await intakeMessage(deps, ctx.telegram, albums, msg, identityOf(msg, 'moderator'), {
      beforeSubmit: (i) => notifier.wait(i, msg.chat.id, msg.message_id),
    });
    if (intake) await notifier.answerIfDone(intake);
    deps.log.info({ component: 'bot', itemId: intake?.itemId, from: ctx.from?.id }, 'moderator submission queued');
  } catch (err) {
    if (err instanceof FileRefused) return void (await ctx.reply(imageRefused(err.message), replyTo));
    await ctx.reply(FAILED, replyTo).catch(() => {}); // "received" was said: do not leave them waiting
    throw err;
  }
}
