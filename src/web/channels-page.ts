import type { ChannelRiskView, ChannelsOverview, SeenChannelView, WatchedChannelView } from '../channels/overview.ts';
import type { RiskDetails } from '../channels/risk.ts';
import { normaliseHandle } from '../telegram/handle.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc, page } from './html.ts';
import { headerBar } from './header.ts';

const when = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—');
const every = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} min` : seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 6) / 10} min`);
const signed = (n: number) => (n >= 0 ? `+${n}` : `−${-n}`);
const count = (n: number, noun: string) => `${esc(n)} ${noun}${n === 1 ? '' : 's'}`;
const names = (list: string[] | undefined) => (list?.length ? ` (${esc(list.join(', '))})` : '');

/** The score, and each kind of evidence with its count, its points and a few of the channels or indicators behind it. */
function riskCell(risk: ChannelRiskView): string {
  if (!risk) return '<td class="muted" data-risk="">not computed</td>';
  const d = (risk.details ?? {}) as Partial<RiskDetails>;
  const p = d.points;
  const parts = [
    risk.confirmedItems ? `${esc(risk.confirmedItems)} confirmed${p ? ` ${signed(p.confirmed)}` : ''}` : '',
    risk.forwardsFromConfirmed ? `${count(risk.forwardsFromConfirmed, 'forward')} from confirmed channels${names(d.forwardedFrom)}${p ? ` ${signed(p.forwards)}` : ''}` : '',
    risk.linksToConfirmed ? `${count(risk.linksToConfirmed, 'post')} naming confirmed channels${names(d.linksTo)}${p ? ` ${signed(p.links)}` : ''}` : '',
    risk.sharedIndicators ? `${count(risk.sharedIndicators, 'contact')} shared with confirmed items${names(d.sharedIndicators)}${p ? ` ${signed(p.shared)}` : ''}` : '',
    risk.dismissedItems ? `${esc(risk.dismissedItems)} dismissed${p ? ` ${signed(p.dismissed)}` : ''}` : '',
  ].filter(Boolean);
  const elevated = risk.elevatedAt ? `<br><span class="error" data-elevated>elevated since ${when(risk.elevatedAt)}</span>` : '';
  const breakdown = parts.length ? `<ul class="breakdown muted">${parts.map((x) => `<li>${x}</li>`).join('')}</ul>` : '';
  return `<td data-risk="${esc(risk.score)}"><span class="score${risk.elevatedAt ? ' flagged' : ''}">${esc(risk.score)}</span>${elevated}${breakdown}</td>`;
}

function watchedRow(v: Viewer, c: WatchedChannelView): string {
  const base = `/admin/channels/${encodeURIComponent(c.handle)}`;
  const next = c.lastScannedAt ? new Date(c.lastScannedAt.getTime() + c.effectiveIntervalSeconds * 1000) : null;
  const interval = c.effectiveIntervalSeconds !== c.intervalSeconds
    ? `${every(c.intervalSeconds)}<br><span class="error" data-effective-interval="${esc(c.effectiveIntervalSeconds)}">now every ${every(c.effectiveIntervalSeconds)} (risk)</span>`
    : every(c.intervalSeconds);
  const failed = c.status === 'error' || c.status === 'not-found' || c.status === 'private' || c.status === 'no-preview';
  return `<tr data-channel-row="${esc(c.handle)}"><td>${esc(c.handle)}</td>${riskCell(c.risk)}<td class="${failed ? 'error' : ''}" data-status>${esc(c.status)}${c.enabled ? '' : ' (paused)'}</td><td>${interval}</td>
<td>${when(c.lastScannedAt)}</td><td>${c.lastScannedAt ? when(next) : 'at the next tick'}</td><td class="excerpt${c.lastError ? ' error' : ''}" data-last-error>${esc(c.lastError ?? '')}</td>
<td>${form(v, `${base}/scan`, `Scan ${c.handle} now`)} ${form(v, `${base}/remove`, `Remove ${c.handle}`)}</td></tr>`;
}

function seenRow(v: Viewer, s: SeenChannelView, defaultInterval: number): string {
  // Only a public handle can be watched: a channel known by its numeric id ("id:-100…") cannot.
  const handle = normaliseHandle(s.channel);
  const watch = handle
    ? `<form class="inline" method="post" action="/admin/channels">${csrfField(v.csrf)}<input type="hidden" name="handle" value="${esc(handle)}"><input type="hidden" name="interval" value="${esc(defaultInterval)}"><button type="submit">Watch ${esc(s.channel)}</button></form>`
    : '<span class="muted">no public handle</span>';
  return `<tr data-seen-channel="${esc(s.channel)}"><td>${esc(s.channel)}</td>${riskCell(s.risk)}<td>${esc(s.items)}</td><td>${watch}</td></tr>`;
}

const form = (v: Viewer, action: string, label: string) => `<form class="inline" method="post" action="${esc(action)}">${csrfField(v.csrf)}<button type="submit">${esc(label)}</button></form>`;

/**
 * Watched channels, highest risk first, with their scan state and last error; then the channels items
 * came from that nobody watches, with a Watch button. Admins add, remove and scan channels here.
 */
export function channelsPage(v: Viewer, overview: ChannelsOverview, notice?: { ok?: string; error?: string }, defaultInterval = 900): string {
  const { channels, seen } = overview;
  const head = '<th>Channel</th><th>Risk</th>';
  return page('Channels', `${headerBar(v)}<main><h1>Watched channels</h1>
${notice?.ok ? `<p class="ok" role="status">${esc(notice.ok)}</p>` : ''}${notice?.error ? `<p class="error" role="alert">${esc(notice.error)}</p>` : ''}
<p class="muted">Highest risk first. Risk (0-100) rises with a channel's confirmed items, its forwards from and links to channels with confirmed items, and indicators it shares with confirmed items; dismissed items lower it. At 60 or more a channel is elevated: its open cases move up the queue and, if watched, it is scanned more often.</p>
${channels.length ? `<table id="watched"><thead><tr>${head}<th>Status</th><th>Every</th><th>Last scan</th><th>Next scan</th><th>Last error</th><th>Actions</th></tr></thead><tbody>${channels.map((c) => watchedRow(v, c)).join('\n')}</tbody></table>` : '<p>No channel is watched yet.</p>'}
<h2>Watch a channel</h2>
<form method="post" action="/admin/channels">${csrfField(v.csrf)}
<label for="ch-handle">Public channel (name, @name or t.me link)</label><input id="ch-handle" name="handle" required maxlength="200">
<label for="ch-interval">Scan every (seconds)</label><input id="ch-interval" name="interval" type="number" min="30" value="${esc(defaultInterval)}">
<p><button type="submit">Watch channel</button></p></form>
<h2>Seen in items, not watched</h2>
${seen.length ? `<table id="seen"><thead><tr>${head}<th>Items</th><th>Actions</th></tr></thead><tbody>${seen.map((s) => seenRow(v, s, defaultInterval)).join('\n')}</tbody></table>` : '<p>No other channel has given us items.</p>'}
</main>`, v.csrf);
}
