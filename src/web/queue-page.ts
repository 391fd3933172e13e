import { COUNT_CAP, type listNearMisses, type listWorkQueue, type QueueView } from '../repos/review.repo.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc, page } from './html.ts';
import { headerBar, KEYBOARD_HELP } from './header.ts';
import { LANGUAGES, languageName } from '../text/language.ts';

type QueueRow = Awaited<ReturnType<typeof listWorkQueue>>['rows'][number];
type NearMiss = Awaited<ReturnType<typeof listNearMisses>>[number];

export interface QueueFilters { view: QueueView; source?: string; channel?: string; rule?: string; band?: string; language?: string; from?: string; to?: string }

const EXCERPT_CHARS = 280;
const VIEW_LABELS: Record<QueueView, string> = { open: 'Open (not held by others)', pending: 'Pending', escalated: 'Escalated', claimed: 'Claimed', confirmed: 'Confirmed', dismissed: 'Dismissed' };
export const BANDS: Record<string, [number, number]> = { '90-100': [90, 100], '75-89': [75, 89], '60-74': [60, 74], '0-59': [0, 59] };

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);
const age = (d: Date) => {
  const minutes = Math.max(0, Math.round((Date.now() - d.getTime()) / 60_000));
  return minutes < 60 ? `${minutes} min` : minutes < 48 * 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} d`;
};

export function queuePage(v: Viewer, q: { rows: QueueRow[]; total: number; more: boolean; next?: string; filters: QueueFilters; blur: boolean; query: URLSearchParams }): string {
  const f = q.filters;
  const option = (value: string, label: string, current?: string) => `<option value="${esc(value)}"${value === (current ?? '') ? ' selected' : ''}>${esc(label)}</option>`;
  const filters = `<form class="filters" method="get" action="/review" aria-label="Filters">
<div><label for="f-view">Status</label><select id="f-view" name="view">${Object.entries(VIEW_LABELS).map(([k, l]) => option(k, l, f.view)).join('')}</select></div>
<div><label for="f-source">Source</label><select id="f-source" name="source">${option('', 'any', f.source)}${['telegram', 'api', 'upload', 'bot'].map((s) => option(s, s, f.source)).join('')}</select></div>
<div><label for="f-channel">Channel</label><input id="f-channel" name="channel" value="${esc(f.channel ?? '')}" size="14"></div>
<div><label for="f-rule">Rule or category</label><input id="f-rule" name="rule" value="${esc(f.rule ?? '')}" size="14"></div>
<div><label for="f-language">Language</label><select id="f-language" name="language">${option('', 'any', f.language)}${Object.entries(LANGUAGES).sort((a, b) => a[1].localeCompare(b[1])).map(([code, name]) => option(code, name, f.language)).join('')}${option('und', 'unknown', f.language)}</select></div>
<div><label for="f-from">Opened from</label><input id="f-from" name="from" type="date" value="${esc(f.from ?? '')}"></div>
<div><label for="f-to">to</label><input id="f-to" name="to" type="date" value="${esc(f.to ?? '')}"></div>
<div><label for="f-band">Score</label><select id="f-band" name="band">${option('', 'any', f.band)}${Object.keys(BANDS).map((b) => option(b, b, f.band)).join('')}</select></div>
<div><button type="submit">Filter</button></div></form>`;
  const table = q.rows.length
    ? `<table data-queue><thead><tr><th>Score</th><th></th><th>Source</th><th>Language</th><th>Text</th><th>Why</th><th>Age</th><th>Claim</th></tr></thead><tbody>
${q.rows.map((r) => queueRow(r, q.blur)).join('\n')}
</tbody></table>`
    : '<p>No cases match. Flagged items appear here as they are scored.</p>';
  const nextLink = q.more && q.next ? `<a href="/review?${esc(new URLSearchParams([...q.query.entries()].filter(([k]) => k !== 'after').concat([['after', q.next]])).toString())}" rel="next">Next page →</a>` : '';
  return page('Queue', `${headerBar(v)}
<main><h1>${esc(VIEW_LABELS[f.view])} cases <small>(${q.total > COUNT_CAP ? `${COUNT_CAP.toLocaleString('en')}+` : q.total})</small></h1>
<p class="muted">Press <kbd>?</kbd> for keyboard shortcuts: <kbd>j</kbd>/<kbd>k</kbd> to move, <kbd>Enter</kbd> to open.</p>
${filters}
<form method="post" action="/settings/blur" class="inline">${csrfField(v.csrf)}<input type="hidden" name="blur" value="${q.blur ? '0' : '1'}"><button type="submit">${q.blur ? 'Show images unblurred' : 'Blur images'}</button></form>
${table}
<div class="pager">${q.query.has('after') ? '<a href="/review">First page</a>' : ''}${nextLink}</div>
${KEYBOARD_HELP}</main>`, v.csrf);
}

function queueRow(r: QueueRow, blur: boolean): string {
  const claim = r.claimedBy && r.leaseHeld ? `${esc(r.claimedBy)}` : r.claimedBy ? `<span class="muted">${esc(r.claimedBy)} (lease ended)</span>` : '—';
  const thumb = r.thumbnail ? `<img class="thumb${blur ? ' blur' : ''}" src="/media/${esc(r.thumbnail)}" alt="flyer thumbnail" loading="lazy">` : '';
  // The score, not the priority: boosts (src/review/priority.ts) order the queue and are named as markers.
  const m: Partial<NonNullable<QueueRow['markers']>> = r.markers ?? {};
  const markers = [
    m.changedAfterDecision ? '<strong data-marker="changed">changed after decision</strong>' : '',
    m.joinedConfirmedCampaign ? '<strong data-marker="campaign">joins a confirmed campaign</strong>' : '',
    m.channelElevated ? '<span data-marker="channel">channel at elevated risk</span>' : '',
  ].filter(Boolean).join(' ');
  return `<tr data-case="${esc(r.caseId)}" data-status="${esc(r.status)}"><td class="score${r.flagged ? ' flagged' : ''}">${esc(r.score ?? r.priority)}</td><td>${thumb}</td>
<td>${esc(r.source)}${r.channel ? ` · <span data-channel>${esc(r.channel)}</span>` : ''}</td><td data-language="${esc(r.language ?? 'und')}">${esc(languageName(r.language))}</td><td class="excerpt"><a data-open href="/review/${esc(r.itemId)}">${esc(excerpt(r.text ?? '') || '(no text)')}</a></td><td>${markers ? `${markers}<br>` : ''}${esc(r.explanation ?? '')}</td><td>${esc(age(r.createdAt))}</td><td data-claimed-by>${claim}${r.status === 'escalated' ? ' <strong>escalated</strong>' : ''}</td></tr>`;
}

export function nearMissPage(v: Viewer, rows: NearMiss[], offset: number, limit: number): string {
  const table = rows.length
    ? `<table><thead><tr><th>Score</th><th>Source</th><th>Text</th><th>Why</th></tr></thead><tbody>${rows
      .map((r) => `<tr data-near-miss><td class="score">${esc(r.score)}</td><td>${esc(r.source)}${r.channel ? ` · ${esc(r.channel)}` : ''}</td><td class="excerpt"><a href="/review/${esc(r.itemId)}">${esc(excerpt(r.text ?? '') || '(no text)')}</a></td><td>${esc(r.explanation)}</td></tr>`)
      .join('\n')}</tbody></table>`
    : '<p>No scored item between 40 and 59.</p>';
  return page('Below threshold', `${headerBar(v)}<main><h1>Below threshold <small>(score 40–59, not flagged)</small></h1>
<p class="muted">Near-misses to sample: items the pack scored just under the flag line.</p>${table}
<div class="pager">${offset > 0 ? `<a href="/review?view=below&amp;offset=${Math.max(0, offset - limit)}">← Previous</a>` : ''}${rows.length === limit ? `<a href="/review?view=below&amp;offset=${offset + limit}">Next →</a>` : ''}</div></main>`, v.csrf);
}
