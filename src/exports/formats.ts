import type { DbOrTx } from '../db/client.ts';
import { confirmedItemBatches, type ConfirmedItem, type ExportFilter } from './confirmed-items.ts';
import { csvRow } from './csv.ts';

export interface ExportCounts { items: number; indicators: number }

// One column per kind of indicator, so a spreadsheet can filter on phones or wallets; several values in one cell are joined by "; ".
const INDICATOR_COLUMNS = [['phones', 'phone'], ['whatsapp', 'whatsapp'], ['telegram', 'telegram'], ['emails', 'email'], ['urls', 'url'], ['crypto', 'crypto'], ['images', 'image'], ['money', 'money']] as const;
const KNOWN = new Set<string>(INDICATOR_COLUMNS.map(([, type]) => type));
export const CSV_HEADER = ['item_id', 'source', 'channel', 'external_id', 'url', 'posted_at', 'ingested_at', 'confirmed_at', 'score', ...INDICATOR_COLUMNS.map(([c]) => c), 'other_indicators', 'text'];

function countIndicators(item: ConfirmedItem, seen: Set<string>, counts: ExportCounts) {
  counts.items++;
  for (const i of item.indicators) {
    const key = `${i.type}\u0000${i.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      counts.indicators++;
    }
  }
}

/** Confirmed items as CSV (RFC 4180, CRLF, a header row), one row per item with its indicators joined per kind. */
export async function* csvChunks(db: DbOrTx, filter: ExportFilter, counts: ExportCounts): AsyncGenerator<string> {
  const seen = new Set<string>();
  yield csvRow(CSV_HEADER);
  for await (const batch of confirmedItemBatches(db, filter)) {
    let chunk = '';
    for (const item of batch) {
      countIndicators(item, seen, counts);
      const of = (type: string) => item.indicators.filter((i) => i.type === type).map((i) => i.value).join('; ');
      const other = item.indicators.filter((i) => !KNOWN.has(i.type)).map((i) => `${i.type}:${i.value}`).join('; ');
      chunk += csvRow([item.id, item.source, item.channel, item.externalId, item.url, item.postedAt, item.ingestedAt, item.confirmedAt, item.score, ...INDICATOR_COLUMNS.map(([, type]) => of(type)), other, item.text]);
    }
    yield chunk;
  }
}

const jsonItem = (item: ConfirmedItem) => ({
  id: item.id, source: item.source, channel: item.channel, externalId: item.externalId, url: item.url,
  postedAt: item.postedAt, ingestedAt: item.ingestedAt, confirmedAt: item.confirmedAt, score: item.score, text: item.text,
  indicators: item.indicators.map((i) => ({ type: i.type, value: i.value, ...(i.detail && { detail: i.detail }) })),
});

/**
 * Confirmed items as one JSON document, written an item at a time:
 * `{"export": {...what was asked}, "items": [...], "counts": {"items", "indicators"}}` (counts last: they are known at the end).
 */
export async function* jsonChunks(db: DbOrTx, filter: ExportFilter, header: Record<string, unknown>, counts: ExportCounts): AsyncGenerator<string> {
  const seen = new Set<string>();
  yield `{"export":${JSON.stringify(header)},\n"items":[`;
  let first = true;
  for await (const batch of confirmedItemBatches(db, filter)) {
    let chunk = '';
    for (const item of batch) {
      countIndicators(item, seen, counts);
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(jsonItem(item))}`;
      first = false;
    }
    yield chunk;
  }
  yield `\n],\n"counts":${JSON.stringify({ items: counts.items, indicators: counts.indicators })}}\n`;
}
