import type { Redis } from 'ioredis';

// Telegram re-sends an update when the offset was not confirmed (a crash mid-batch) or a webhook
// answer was slow. A claim is short while the update is handled and long once it was handled, so a
// crash mid-handling lets the re-delivery through after PENDING_SECONDS instead of losing it.
const PENDING_SECONDS = 120;
const DONE_SECONDS = 7 * 24 * 3600;

export class UpdateDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly botId: string,
  ) {}

  private key(updateId: number): string {
    return `${this.prefix}:bot:${this.botId}:update:${updateId}`;
  }

  /** True when this delivery is the first: the caller handles it, then calls done() or release(). */
  async claim(updateId: number): Promise<boolean> {
    return (await this.redis.set(this.key(updateId), 'pending', 'EX', PENDING_SECONDS, 'NX')) === 'OK';
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
