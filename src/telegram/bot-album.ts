import type { Redis } from 'ioredis';

// Telegram delivers an album as one message per photo sharing a media_group_id, each in its own
// update. The album is one item (as on the t.me/s page): its id is the album's smallest message id,
// its images are every photo in message order. What arrived so far lives in Redis, so an album
// split across a restart or across webhook deliveries still ends up as one item.
const ALBUM_TTL_SECONDS = 30 * 24 * 3600; // edits of an album's caption can come much later

export interface AlbumPart {
  /** the message id the item is named by (for a forward: the id in the original channel) */
  ext: number;
  text: string;
  /** null while the photo is being fetched, or when it could not be */
  sha: string | null;
  /** the photo is still being fetched (since `at`) */
  pending?: boolean;
  at?: number;
}

export interface AlbumPost {
  externalId: string;
  text: string;
  media: string[];
  /** no other part is still fetching its photo: this is the moment to submit */
  settled: boolean;
}

// A part whose fetch started this long ago no longer holds the album back (its process may have died).
const PENDING_MS = 120_000;

export class AlbumStore {
  // Parts of one album are applied one at a time in this process, so a smaller media list is never
  // submitted after a larger one (the later submission would look like an edit that drops photos).
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(scope: string, mediaGroupId: string): string {
    return `${this.prefix}:bot:album:${scope}:${mediaGroupId}`;
  }

  /** Notes a part before its photo is fetched: parts fetched meanwhile wait for it instead of
   * each submitting a partial album (Telegram sends an album's parts together). */
  async reserve(scope: string, mediaGroupId: string, messageId: number, ext: number, text: string): Promise<void> {
    const key = this.key(scope, mediaGroupId);
    const known = await this.redis.hget(key, String(messageId));
    const sha = known ? (JSON.parse(known) as AlbumPart).sha : null;
    await this.write(key, messageId, { ext, text, sha, pending: true, at: Date.now() });
  }

  /** Records a fetched (or failed) part and returns the whole album as it stands. */
  add(scope: string, mediaGroupId: string, messageId: number, part: AlbumPart): Promise<AlbumPost> {
    const key = this.key(scope, mediaGroupId);
    const run = (this.chains.get(key) ?? Promise.resolve()).catch(() => {}).then(async () => {
      await this.write(key, messageId, { ...part, pending: false });
      return compose(await this.redis.hgetall(key), Date.now());
    });
    this.chains.set(key, run);
    void run
      .finally(() => {
        if (this.chains.get(key) === run) this.chains.delete(key);
      })
      .catch(() => {});
    return run;
  }

  /** True for the first message of an album a chat sent, so a moderator hears "received" once. */
  async firstOfAlbum(scope: string, mediaGroupId: string): Promise<boolean> {
    return (await this.redis.set(`${this.key(scope, mediaGroupId)}:ack`, '1', 'EX', ALBUM_TTL_SECONDS, 'NX')) === 'OK';
  }

  private async write(key: string, messageId: number, part: AlbumPart): Promise<void> {
    await this.redis.multi().hset(key, String(messageId), JSON.stringify(part)).expire(key, ALBUM_TTL_SECONDS).exec();
  }
}

export function compose(fields: Record<string, string>, now: number): AlbumPost {
  const parts = Object.values(fields)
    .map((v) => JSON.parse(v) as AlbumPart)
    .sort((a, b) => a.ext - b.ext);
  return {
    externalId: String(parts[0].ext),
    text: parts.map((p) => p.text.trim()).filter(Boolean).join('\n\n'),
    media: [...new Set(parts.flatMap((p) => (p.sha ? [p.sha] : [])))],
    settled: !parts.some((p) => p.pending && now - (p.at ?? 0) < PENDING_MS),
  };
}
