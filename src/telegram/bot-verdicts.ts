import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Telegram } from 'telegraf';
import { contracts } from '../jobs/contracts.ts';
import { findItem } from '../repos/items.repo.ts';
import { findScore } from '../repos/scores.repo.ts';
import type { BotDeps } from './bot-files.ts';
import type { Intake } from './bot-intake.ts';
import { verdictText } from './bot-messages.ts';

// Who waits for which item's verdict is kept in Redis, not in memory, so a restart between
// "received" and the score still ends in a reply: the start-up sweep answers what was scored
// while the bot was down, and the score queue's events answer the rest.
const WAIT_TTL_SECONDS = 7 * 24 * 3600;
// A new post without images is scored inside its ingest job (pipeline/ingest-batch.ts): both queues finish items.
const FINISHING_JOB_ID = /^(?:score|ingest)-([0-9a-f-]{36})-([0-9a-f]+)$/;

interface Waiter {
  revision: string;
  replyTo: number;
}

export class VerdictNotifier {
  private events: QueueEvents[] = [];
  private connections: Redis[] = [];
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly log: BotDeps['log'];

  constructor(
    private readonly deps: BotDeps,
    private readonly telegram: Telegram,
  ) {
    this.redis = deps.redis;
    this.prefix = deps.config.QUEUE_PREFIX;
    this.log = deps.log.child({ component: 'bot' });
  }

  private waitKey(itemId: string): string {
    return `${this.prefix}:bot:wait:${itemId}`;
  }

  private get indexKey(): string {
    return `${this.prefix}:bot:waiting`;
  }

  async start(): Promise<void> {
    for (const queue of [contracts.score.name, contracts.ingest.name]) {
      const connection = this.deps.workerConnection(); // each reader blocks on its own connection
      this.connections.push(connection);
      const events = new QueueEvents(queue, { connection, prefix: this.prefix });
      events.on('error', (err) => this.log.warn({ queue, err: err.message }, 'queue events connection error'));
      events.on('completed', ({ jobId }) => void this.onFinishedJob(jobId));
      // A failure event also comes for attempts that will be retried; only a final one is answered.
      events.on('failed', ({ jobId }) => void this.onFinishedJob(jobId));
      this.events.push(events);
    }
    await Promise.all(this.events.map((e) => e.waitUntilReady()));
    await this.sweep();
  }

  async close(): Promise<void> {
    await Promise.all(this.events.map((e) => e.close()));
    for (const c of this.connections) c.disconnect();
  }

  /** Puts a chat on record as waiting for this revision of an item (a later one replaces it). */
  async wait(intake: Intake, chatId: number, replyTo: number): Promise<void> {
    const key = this.waitKey(intake.itemId);
    const waiter: Waiter = { revision: intake.revision, replyTo };
    await this.redis.multi().hset(key, String(chatId), JSON.stringify(waiter)).expire(key, WAIT_TTL_SECONDS).sadd(this.indexKey, intake.itemId).exec();
  }

  /** A re-delivery of content already scored makes no new score job: answer from the stored score. */
  async answerIfDone(intake: Intake): Promise<void> {
    const item = await findItem(this.deps.db, intake.itemId);
    if (item?.contentHash === intake.contentHash && (item.status === 'scored' || item.status === 'failed')) {
      await this.settle(intake.itemId, intake.revision);
    }
  }

  private async onFinishedJob(jobId: string): Promise<void> {
    const m = FINISHING_JOB_ID.exec(jobId);
    if (!m) return;
    try {
      const item = await findItem(this.deps.db, m[1]);
      if (item?.status === 'scored' || item?.status === 'failed') await this.settle(m[1], m[2]);
    } catch (err) {
      this.log.warn({ itemId: m[1], err: (err as Error).message }, 'could not answer a verdict');
    }
  }

  /** Answers what finished while the bot was not listening; forgets records that expired. */
  private async sweep(): Promise<void> {
    for (const itemId of await this.redis.smembers(this.indexKey)) {
      if (!(await this.redis.exists(this.waitKey(itemId)))) {
        await this.redis.srem(this.indexKey, itemId);
        continue;
      }
      const item = await findItem(this.deps.db, itemId);
      if (item?.status === 'scored' || item?.status === 'failed') await this.settle(itemId, item.contentHash.slice(0, 16));
    }
  }

  /** Replies to every chat waiting for this revision. HDEL is the claim: each waiter is answered once. */
  private async settle(itemId: string, revision: string): Promise<void> {
    const key = this.waitKey(itemId);
    for (const [chatId, raw] of Object.entries(await this.redis.hgetall(key))) {
      const waiter = JSON.parse(raw) as Waiter;
      if (waiter.revision !== revision) continue;
      if ((await this.redis.hdel(key, chatId)) !== 1) continue;
      try {
        await this.send(Number(chatId), waiter.replyTo, itemId);
      } catch (err) {
        await this.redis.hset(key, chatId, raw); // the sweep after a restart tries again
        this.log.warn({ itemId, err: (err as Error).message }, 'could not send a verdict');
      }
    }
    if ((await this.redis.hlen(key)) === 0) await this.redis.srem(this.indexKey, itemId);
  }

  async send(chatId: number, replyTo: number | undefined, itemId: string): Promise<void> {
    const [item, score] = await Promise.all([findItem(this.deps.db, itemId), findScore(this.deps.db, itemId)]);
    if (!item) return;
    const text = verdictText(item, score, this.deps.config.PUBLIC_URL);
    const reply = replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {};
    await this.telegram.sendMessage(chatId, text, reply);
    this.log.info({ itemId, score: score?.score, status: item.status }, 'verdict sent');
  }
}
