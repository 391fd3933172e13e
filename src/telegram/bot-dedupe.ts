import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Telegram re-sends an update when the offset was not confirmed (a crash mid-batch) or a webhook
// answer failed. A claim names the process handling the update and is short while it is handled,
// long once it was handled. Only one process can poll a bot (Telegram answers 409 to a second), so
// a poller takes over claims another process left pending: that process died mid-batch, and its
// updates come again right after the restart. A webhook receiver leaves them to expire instead,
// since another process may still be working on them.
const PENDING_SECONDS = 120;
const DONE_SECONDS = 7 * 24 * 3600;

export class UpdateDedupe {
  private readonly mine = `pending:${randomUUID()}`;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly botId: string,
    private readonly opts: { takeOverPending: boolean },
  ) {}

  private key(updateId: number): string {
    return `${this.prefix}:bot:${this.botId}:update:${updateId}`;
  }

  /** True when this process should handle the update; the caller then calls done() or release(). */
  async claim(updateId: number): Promise<boolean> {
    const key = this.key(updateId);
    if ((await this.redis.set(key, this.mine, 'EX', PENDING_SECONDS, 'NX')) === 'OK') return true;
    if (!this.opts.takeOverPending) return false;
    const holder = await this.redis.get(key);
    if (!holder?.startsWith('pending:') || holder === this.mine) return false;
    return (await this.redis.set(key, this.mine, 'EX', PENDING_SECONDS, 'XX')) === 'OK';
  }

  async done(updateId: number): Promise<void> {
    await this.redis.set(this.key(updateId), 'done', 'EX', DONE_SECONDS);
  }

  /** Handling failed: a re-delivery may try again. */
  async release(updateId: number): Promise<void> {
    await this.redis.del(this.key(updateId));
  }
}

/** The bot's numeric id is the token's public part; update ids are counted per bot. */
export function botIdOf(token: string): string {
  return token.split(':')[0];
}
