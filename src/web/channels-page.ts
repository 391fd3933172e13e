import type { ChannelRow } from '../repos/channels.repo.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc, page } from './html.ts';
import { headerBar } from './header.ts';

const when = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 16)} UTC` : '—');

/** Watched channels with their scan state; admins add, remove and scan them now. */
export function channelsPage(v: Viewer, channels: ChannelRow[], notice?: { ok?: string; error?: string }, defaultInterval = 900): string {
  const form = (action: string, label: string) => `<form class="inline" method="post" action="${esc(action)}">${csrfField(v.csrf)}<button type="submit">${esc(label)}</button></form>`;
  const rows = channels.map((c) => {
    const base = `/admin/channels/${encodeURIComponent(c.handle)}`;
    const next = c.lastScannedAt ? new Date(c.lastScannedAt.getTime() + c.intervalSeconds * 1000) : null;
    return `<tr data-channel-row="${esc(c.handle)}"><td>${esc(c.handle)}</td><td>${esc(c.status)}${c.enabled ? '' : ' (paused)'}</td><td>${esc(Math.round(c.intervalSeconds / 60))} min</td>
<td>${when(c.lastScannedAt)}</td><td>${c.lastScannedAt ? when(next) : 'at the next tick'}</td><td class="excerpt${c.lastError ? ' error' : ''}" data-last-error>${esc(c.lastError ?? '')}</td>
<td>${form(`${base}/scan`, `Scan ${c.handle} now`)} ${form(`${base}/remove`, `Remove ${c.handle}`)}</td></tr>`;
  });
  return page('Channels', `${headerBar(v)}<main><h1>Watched channels</h1>
${notice?.ok ? `<p class="ok" role="status">${esc(notice.ok)}</p>` : ''}${notice?.error ? `<p class="error" role="alert">${esc(notice.error)}</p>` : ''}
${channels.length ? `<table><thead><tr><th>Channel</th><th>Status</th><th>Every</th><th>Last scan</th><th>Next scan</th><th>Last error</th><th>Actions</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>` : '<p>No channel is watched yet.</p>'}
<h2>Watch a channel</h2>
<form method="post" action="/admin/channels">${csrfField(v.csrf)}
<label for="ch-handle">Public channel (name, @name or t.me link)</label><input id="ch-handle" name="handle" required maxlength="200">
<label for="ch-interval">Scan every (seconds)</label><input id="ch-interval" name="interval" type="number" min="30" value="${esc(defaultInterval)}">
<p><button type="submit">Watch channel</button></p></form></main>`, v.csrf);
}
