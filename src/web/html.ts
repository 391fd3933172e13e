// Server-rendered pages: every value goes through esc(); nothing from a post reaches the page unescaped.
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/**
 * Every workspace page: no inline script or style anywhere (the CSS and the little JavaScript are
 * files we serve), so a post that slips past escaping still cannot run or restyle anything.
 */
export const WEB_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** A link only for http(s) URLs; anything else (javascript:, data:, a typo) is shown as text. */
export function safeLink(url: string | null | undefined): string {
  if (!url) return '';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `<span class="url">${esc(url)}</span>`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `<span class="url">${esc(url)}</span>`;
  return `<a class="url" href="${esc(parsed.href)}" rel="noopener noreferrer nofollow" target="_blank">${esc(url)}</a>`;
}

export function page(title: string, body: string, csrf?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
${csrf ? `<meta name="csrf-token" content="${esc(csrf)}">` : ''}
<title>${esc(title)} · recruitwatch</title>
<link rel="stylesheet" href="/assets/workspace.css">
<script src="/assets/workspace.js" defer></script>
</head>
<body>${body}</body></html>`;
}

/** The hidden field every state-changing form carries. */
export const csrfField = (csrf: string) => `<input type="hidden" name="_csrf" value="${esc(csrf)}">`;
