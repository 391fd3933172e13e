import type { BacktestReport, ChangeList, Side } from '../analytics/backtest.ts';
import type { BacktestRunRow } from '../analytics/backtest-runs.ts';
import type { Viewer } from './guard.ts';
import { csrfField, esc, page } from './html.ts';
import { headerBar } from './header.ts';

const when = (d: Date | null) => (d ? `${d.toISOString().replace('T', ' ').slice(0, 19)} UTC` : '—');
const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const isReport = (s: unknown): s is BacktestReport => typeof s === 'object' && s !== null && 'newlyFlagged' in s;
const progressOf = (s: unknown) => (typeof s === 'object' && s !== null && 'progress' in s ? (s as { progress: { done: number; total: number } }).progress : undefined);

export interface RunView extends BacktestRunRow { startedByName: string | null }

function runRow(r: RunView): string {
  const rep = isReport(r.summary) ? r.summary : undefined;
  const p = progressOf(r.summary);
  const outcome = rep ? `${rep.items.decided} decided · ${rep.newlyFlagged.count} newly flagged · ${rep.noLongerFlagged.count} no longer` : r.status === 'running' && p ? `${p.done} of ${p.total}` : esc(r.error ?? '');
  return `<tr data-run="${esc(r.id)}" data-status="${esc(r.status)}"><td><a href="/admin/backtest?run=${esc(r.id)}">${when(r.startedAt)}</a></td><td>${esc(r.startedByName ?? 'CLI')}</td>
<td><code>${esc(r.packDir ?? 'active pack')}</code></td><td><code>${esc(r.packVersion ?? '')}</code></td><td class="${r.status === 'failed' ? 'error' : ''}">${esc(r.status)}</td><td>${outcome}</td></tr>`;
}

function sideRow(label: string, s: Side): string {
  return `<tr data-side="${label}"><th scope="row">${label}: ${esc(s.source)}${s.packVersion ? ` <code>${esc(s.packVersion)}</code>` : ''}</th><td>${s.flagged}</td><td class="score">${ratio(s.precision)}</td><td class="score">${ratio(s.recall)}</td>
<td>${s.confusion.tp}</td><td>${s.confusion.fp}</td><td>${s.confusion.fn}</td><td>${s.confusion.tn}</td></tr>`;
}

function changeList(id: string, title: string, l: ChangeList): string {
  const items = l.itemIds.map((itemId) => `<li><a href="/review/${esc(itemId)}">${esc(itemId)}</a></li>`).join('');
  const more = l.truncated ? `<p class="muted">… and ${l.count - l.itemIds.length} more.</p>` : '';
  return `<section id="${id}" aria-labelledby="${id}-h"><h3 id="${id}-h">${esc(title)}: ${l.count} (${l.confirmed} confirmed, ${l.dismissed} dismissed)</h3>${items ? `<ul>${items}</ul>` : ''}${more}</section>`;
}

function reportView(r: BacktestReport): string {
  const moved = r.rules.filter((x) => x.current.confirmed !== x.candidate.confirmed || x.current.dismissed !== x.candidate.dismissed);
  const ruleRows = moved.slice(0, 100).map((x) => `<tr data-rule="${esc(x.rule)}"><th scope="row"><code>${esc(x.rule)}</code></th><td>${x.current.confirmed}</td><td>${x.current.dismissed}</td><td>${x.candidate.confirmed}</td><td>${x.candidate.dismissed}</td></tr>`).join('');
  const notes = [
    r.items.skippedNoText ? `${r.items.skippedNoText} skipped (no stored text)` : '',
    r.items.errors ? `${r.items.errors} could not be scored: ${r.items.errorSamples.join('; ')}` : '',
    ...r.items.warnings,
  ].filter(Boolean);
  return `<section id="report" aria-labelledby="report-h"><h2 id="report-h">Result</h2>
<p>${r.items.decided} decided items (${r.items.confirmed} confirmed, ${r.items.dismissed} dismissed), threshold ${r.threshold}, in ${(r.elapsedMs / 1000).toFixed(1)} s (${r.itemsPerSecond} items/s).</p>
${notes.length ? `<p class="error" role="status">${esc(notes.join('; '))}</p>` : ''}
<table id="sides"><caption>Both packs against the reviewers' decisions (positive: confirmed)</caption><thead><tr><th scope="col">Pack</th><th scope="col">Flagged</th><th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">TP</th><th scope="col">FP</th><th scope="col">FN</th><th scope="col">TN</th></tr></thead>
<tbody>${sideRow('current', r.current)}${sideRow('candidate', r.candidate)}</tbody></table>
${changeList('newly-flagged', 'Newly flagged', r.newlyFlagged)}
${changeList('no-longer-flagged', 'No longer flagged', r.noLongerFlagged)}
<h3>Rules whose fires changed</h3>
${moved.length ? `<table id="rule-changes"><caption>Items each rule fired on, by decision</caption><thead><tr><th scope="col">Rule</th><th scope="col">Current: confirmed</th><th scope="col">Current: dismissed</th><th scope="col">Candidate: confirmed</th><th scope="col">Candidate: dismissed</th></tr></thead><tbody>${ruleRows}</tbody></table>` : '<p>None.</p>'}
</section>`;
}

function runView(run: RunView): string {
  const p = progressOf(run.summary);
  const head = `<h2>Run of ${when(run.startedAt)}</h2><p>Pack <code>${esc(run.packDir ?? 'active pack')}</code> (<code>${esc(run.packVersion ?? '')}</code>), started by ${esc(run.startedByName ?? 'the CLI')}: <strong data-run-status>${esc(run.status)}</strong>${run.finishedAt ? `, finished ${when(run.finishedAt)}` : ''}.</p>`;
  const loading = (run.summary as { phase?: string } | null)?.phase === 'loading the packs';
  if (run.status === 'running') return `${head}<p role="status">${loading ? 'Loading the packs (every pattern compiled and its examples run)' : `Scored ${p ? `${p.done} of ${p.total}` : 'the first'} decided items so far`}; this page reloads itself every few seconds.</p>`;
  if (run.status === 'failed') return `${head}<p class="error" role="alert">${esc(run.error ?? 'failed')}</p>`;
  return `${head}${isReport(run.summary) ? reportView(run.summary) : ''}`;
}

/** The backtest page: start one on a candidate pack in a server directory, the runs so far, and one run's result. */
export function backtestPage(v: Viewer, runs: RunView[], opts: { run?: RunView; notice?: { ok?: string; error?: string }; packDir?: string; activeDir: string }): string {
  const running = opts.run?.status === 'running';
  const body = `${headerBar(v)}<main><h1>Backtest a pattern pack</h1>
${opts.notice?.ok ? `<p class="ok" role="status">${esc(opts.notice.ok)}</p>` : ''}${opts.notice?.error ? `<p class="error" role="alert">${esc(opts.notice.error)}</p>` : ''}
<p>Scores every item reviewers confirmed or dismissed again with a candidate pack and compares it with the active pack and the decisions. The candidate is never activated and no stored score changes.</p>
<form method="post" action="/admin/backtest" aria-label="Start a backtest">${csrfField(v.csrf)}
<label for="pack">Candidate pack directory on the server (absolute path; empty: the active pack against the stored scores)</label>
<input id="pack" name="pack" size="60" value="${esc(opts.packDir ?? '')}" placeholder="${esc(opts.activeDir)}">
<p><button type="submit">Run backtest</button></p></form>
${opts.run ? runView(opts.run) : ''}
<h2>Runs</h2>
${runs.length ? `<table id="runs"><caption>The latest backtests</caption><thead><tr><th scope="col">Started</th><th scope="col">By</th><th scope="col">Pack</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Outcome</th></tr></thead><tbody>${runs.map(runRow).join('\n')}</tbody></table>` : '<p class="muted">No backtest yet.</p>'}
</main>`;
  const html = page('Backtest', body, v.csrf);
  // A running backtest's page refreshes itself (no script needed): the head gets a meta refresh.
  return running ? html.replace('<meta charset="utf-8">', '<meta charset="utf-8"><meta http-equiv="refresh" content="3">') : html;
}
