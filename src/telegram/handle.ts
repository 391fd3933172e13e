// Public channel usernames: 4–32 characters, a letter first, then letters, digits and underscores
// (Telegram's own rule is 5–32; a few old and collectible names are shorter, so we accept 4).
const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const INVITE = /^(?:\+|joinchat\/)[A-Za-z0-9_-]{6,}$/;

export type ParsedHandle = { kind: 'public'; handle: string } | { kind: 'invite'; invite: string };

/**
 * Reads what a user typed for a channel — `name`, `@name`, `t.me/name`, `https://t.me/s/name`,
 * `https://t.me/name/123` — and returns its canonical form, or null when it is not one.
 * Invite links (`t.me/+hash`, `t.me/joinchat/hash`) belong to private channels: no public preview.
 */
export function parseHandle(input: string): ParsedHandle | null {
  let s = input.trim();
  if (s.startsWith('@')) s = s.slice(1);
  s = s.replace(/^(?:https?:\/\/)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)\//i, '');
  s = s.replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (INVITE.test(s)) return { kind: 'invite', invite: s };
  if (s.toLowerCase().startsWith('s/')) s = s.slice(2);
  const [name] = s.split('/');
  if (!name || !USERNAME.test(name) || name.endsWith('_')) return null;
  return { kind: 'public', handle: name };
}

/** The canonical public handle (no @, no URL), or null. Comparisons should lower-case it. */
export function normaliseHandle(input: string): string | null {
  const parsed = parseHandle(input);
  return parsed?.kind === 'public' ? parsed.handle : null;
}

export function isInviteLink(input: string): boolean {
  return parseHandle(input)?.kind === 'invite';
}

const TELEGRAM_HOSTS = new Set(['t.me', 'telegram.me', 'telegram.dog']);

/**
 * The lower-cased public handle a link to a channel or post names (`https://t.me/name/123` -> `name`),
 * or null: another site, a private channel (`t.me/c/...`), an invite. `sameSite` is the base the page
 * was read from, whose links name channels too (a local preview server in tests).
 */
export function handleFromLink(url: string | undefined, sameSite?: string): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase().replace(/^www\./, '');
  const local = sameSite !== undefined && URL.canParse(sameSite) && new URL(sameSite).host === parsed.host;
  if (!TELEGRAM_HOSTS.has(host) && !local) return null;
  const handle = normaliseHandle(parsed.pathname.replace(/^\/+/, ''));
  return handle ? handle.toLowerCase() : null;
}
