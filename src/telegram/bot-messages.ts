import type { ItemRow } from '../repos/items.repo.ts';
import type { ScoreRow } from '../repos/scores.repo.ts';

// Everything the bot says, in one place. Plain text (no parse_mode): post text and indicators are
// untrusted and would otherwise need escaping.

const TELEGRAM_TEXT_LIMIT = 4096;

export const HELP = [
  'I check posts and flyers for recruitment scams (for example, foreigners lured into Russia\'s army).',
  '',
  'Send me a text, a photo, an image file, or forward a channel post. I answer "received" at once and',
  'reply with the verdict when it is scored: the score, whether it is flagged, why, and what it links to.',
  '',
  '/status <item id> — the verdict of an item',
  '/help — this message',
].join('\n');

export const RECEIVED = 'Received. I am checking it and will reply here with the verdict.';

export function refusal(telegramUserId: number | undefined): string {
  return [
    'Sorry, this bot only takes submissions from recruitwatch moderators, so nothing you send is kept.',
    telegramUserId !== undefined
      ? `If you are a moderator, ask an admin to add your Telegram user id ${telegramUserId} to recruitwatch.`
      : 'If you are a moderator, ask an admin to add your Telegram account to recruitwatch.',
  ].join(' ');
}

export const FAILED = 'Sorry, something went wrong on our side and this was not queued. Please send it again in a minute.';

export const UNSUPPORTED = 'I can only check text, photos, image files and forwarded posts.';

export function imageRefused(reason: string): string {
  return `I could not take that image: ${reason}`;
}

export function itemLink(publicUrl: string, itemId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/api/items/${itemId}`;
}

/** The verdict of a scored item; the score is named as "score N/100" (tests and people look for it). */
export function verdictText(item: Pick<ItemRow, 'id' | 'status' | 'error'>, score: ScoreRow | undefined, publicUrl: string): string {
  const link = itemLink(publicUrl, item.id);
  if (item.status === 'failed') return fit([`Item ${item.id} could not be scored: ${item.error ?? 'unknown error'}`, link]);
  if (!score || item.status !== 'scored') return fit([`Item ${item.id} is ${item.status}; no verdict yet.`, link]);
  const indicators = (score.indicators as Array<{ type: string; value: string }>) ?? [];
  return fit([
    `Verdict: score ${score.score}/100 — ${score.flagged ? 'FLAGGED as a likely recruitment scam' : 'not flagged'}.`,
    score.explanation,
    indicators.length ? `Indicators:\n${indicators.map((i) => `• ${i.type}: ${i.value}`).join('\n')}` : 'Indicators: none found.',
    `Item: ${link}`,
  ]);
}

/** Keeps a message under Telegram's limit by shortening the middle parts, never the link. */
function fit(parts: string[]): string {
  const text = parts.join('\n\n');
  if (text.length <= TELEGRAM_TEXT_LIMIT) return text;
  const last = parts.at(-1)!;
  const head = parts.slice(0, -1).join('\n\n').slice(0, TELEGRAM_TEXT_LIMIT - last.length - 8);
  return `${head}…\n\n${last}`;
}
