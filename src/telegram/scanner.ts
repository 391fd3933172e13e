import type { Db } from '../db/client.ts';
import type { Queues } from '../jobs/queues.ts';
import type { Logger } from '../logger.ts';
import type { MediaStore } from '../media/store.ts';
import { storablePostedAt } from '../jobs/contracts.ts';
import { submitPost } from '../pipeline/flow.ts';
import { survivedFailures } from '../observability/failures.ts';
import { markVanished, recordScan } from '../repos/channels.repo.ts';
import type { ChannelPost } from './channel-page.ts';
import { storeRemoteImage } from './remote-image.ts';
import { fetchChannelPage } from './web-client.ts';

export interface ScanDeps {
  db: Db;
  queues: Pick<Queues, 'ingest'>;
  store: MediaStore;
  log: Logger;
  config: { TELEGRAM_WEB_BASE: string; MAX_UPLOAD_BYTES: number; MAX_IMAGE_PIXELS: number };
}

export interface ScanInput {
  handle: string;
  before?: number;
  /** how many older pages this scan may still read */
  pagesLeft: number;
  /** the newest message id stored before this scan began: older pages are read back to it */
  cursor: number | null;
}

export type ScanResult =
  | { kind: 'page'; ingested: number; vanished: number; newest: number | null; next: ScanInput | null; problems: string[] }
  | { kind: 'no-preview' | 'not-found' | 'private'; detail: string }
  | { kind: 'retry'; retryAfterMs: number; detail: string };

/**
 * Reads one page of a public channel preview, ingests every post on it (new ones, and the newest
 * page again so edits are caught), records ids that vanished, and says whether an older page is due.
 */
export async function scanChannelPage(deps: ScanDeps, input: ScanInput): Promise<ScanResult> {
  const outcome = await fetchChannelPage(deps.config.TELEGRAM_WEB_BASE, input.handle, { before: input.before });
  const channel = input.handle.toLowerCase();
  if (outcome.kind !== 'page') {
    if (outcome.kind !== 'retry') await recordScan(deps.db, channel, { status: outcome.kind, error: outcome.detail });
    return outcome;
  }
  const { problems } = outcome.page;
  if (problems.length) {
    // A page read only in part (hostile or broken markup) is still ingested; what was left out is said.
    deps.log.warn({ channel, before: input.before, problems }, 'channel page only partly read');
    survivedFailures.inc({ stage: 'channel-page' });
  }
  // A redirect that dropped ?before= would hand us the newest page again: ignore posts not older.
  const posts = outcome.page.posts.filter((p) => !input.before || p.id < input.before);
  for (const post of posts) await ingestChannelPost(deps, channel, post);

  const ids = posts.flatMap((p) => [p.id, ...(p.albumIds ?? [])]);
  const vanished = ids.length ? await markVanished(deps.db, channel, Math.min(...ids), Math.max(...ids), ids) : [];
  const newest = posts.length ? Math.max(...posts.map((p) => p.id)) : null;
  const error = problems.length ? `page partly read: ${problems.join('; ')}` : null;
  await recordScan(deps.db, channel, { status: 'ok', error, newest: input.before ? null : newest });

  const oldest = posts.length ? Math.min(...posts.map((p) => p.id)) : null;
  const reachedCursor = input.cursor !== null && oldest !== null && oldest <= input.cursor + 1;
  const more = outcome.page.before && oldest !== null && !reachedCursor && input.pagesLeft > 0;
  const next = more ? { ...input, before: Math.min(outcome.page.before!, oldest), pagesLeft: input.pagesLeft - 1 } : null;
  return { kind: 'page', ingested: posts.length, vanished: vanished.length, newest, next, problems };
}

async function ingestChannelPost(deps: ScanDeps, channel: string, post: ChannelPost): Promise<void> {
  const media: string[] = [];
  // Photo URLs expire: fetch them now. A photo that fails is logged; the post goes in without it.
  for (const url of [...post.photos, ...post.videoThumbs]) {
    try {
      media.push(await storeRemoteImage(deps, url));
    } catch (err) {
      deps.log.warn({ channel, post: post.id, err: (err as Error).message }, 'photo not stored');
    }
  }
  const preview = post.linkPreview ? [post.linkPreview.title, post.linkPreview.description].filter(Boolean).join('\n') : '';
  const text = [post.forwardedFrom ? `Forwarded from ${post.forwardedFrom}` : '', post.text, preview].filter(Boolean).join('\n\n');
  await submitPost(deps.queues, {
    source: 'telegram',
    channel,
    externalId: String(post.id),
    text,
    url: post.url,
    postedAt: storablePostedAt(post.date ? Date.parse(post.date) : null), // a page may claim year 0 or 275760
    media: [...new Set(media)].slice(0, 20),
    // a channel re-posting its own post is no forward: only another channel's handle feeds channel risk
    forwardedFrom: post.forwardedFromHandle && post.forwardedFromHandle !== channel ? post.forwardedFromHandle : undefined,
  });
}
