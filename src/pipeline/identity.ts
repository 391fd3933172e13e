import { createHash } from 'node:crypto';

/**
 * An item's id is derived from source+channel+externalId, so the API can answer with it before
 * the ingest job runs and two racing deliveries of one post can only ever name one item.
 */
export function itemIdFor(source: string, channel: string, externalId: string): string {
  const h = createHash('sha256').update(`${source}\u0000${channel}\u0000${externalId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80; // UUID version 8 (custom)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What an item's revision is keyed on: its text and, in order, its images. */
export function contentHashOf(text: string, media: readonly string[] = []): string {
  return sha256Hex(media.length ? `${text}\u0000${media.join(',')}` : text);
}
