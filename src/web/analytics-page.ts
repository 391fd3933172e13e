import type { RuleStats, StatRow } from '../analytics/rule-stats.ts';
import { precisionChart, trendChart } from './analytics-charts.ts';
import type { Viewer } from './guard.ts';
import { esc, page } from './html.ts';
import { headerBar } from './header.ts';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const interval = (r: StatRow) => (r.precision.low === null ? '—' : `${pct(r.precision.low)} – ${pct(r.precision.high)}`);

function statTable(id: string, caption: string, rows: StatRow[], opts: { category?: boolean; trend?: (key: string) => string } = {}): string {
  if (rows.length === 0) return `<p class="muted" id="${id}">${esc(caption)}: none yet.</p>`;
  const head = `<tr><th scope="col">${id === 'rules' || id === 'dismissed-only' ? 'Rule' : id === 'schemes' ? 'Scheme' : 'Category'}</th>${opts.category ? '<th scope="col">Category</th>' : ''}<th scope="col">Confirmed</th><th scope="col">Dismissed</th><th scope="col">Precision</th><th scope="col">95% interval</th>${opts.trend ? '<th scope="col">Trend</th>' : ''}</tr>`;
  const body = rows.map((r) => `<tr data-stat="${esc(r.key)}"><th scope="row"><code>${esc(r.key)}</code></th>${opts.category ? `<td>${esc(r.category ?? '')}</td>` : ''}<td>${r.confirmed}</td><td>${r.dismissed}</td><td class="score">${pct(r.precision.value)}</td><td>${interval(r)}</td>${opts.trend ? `<td><a href="${esc(opts.trend(r.key))}">weekly</a></td>` : ''}</tr>`).join('\n');
  return `<table id="${id}"><caption>${esc(caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>`;
}

/** The admin's view of what decisions say about the pack: a chart, then every figure in tables. */
export function analyticsPage(v: Viewer, s: RuleStats, opts: { rule?: string; weeks: number; min: number }): string {
  const link = (rule: string) => `/admin/analytics?${new URLSearchParams({ rule, weeks: String(opts.weeks), min: String(opts.min) })}#trend`;
  const series = opts.rule ? s.weekly.rules.find((r) => r.rule === opts.rule) : undefined;
  const trend = opts.rule
    ? series
      ? trendChart(series.points, `rule ${opts.rule}`)
      : `<p class="muted">${esc(opts.rule)} fired on no item ingested in these ${opts.weeks} weeks.</p>`
    : trendChart(s.weekly.total, 'items any rule fired on');
  const ruleOptions = s.weekly.rules.map((r) => `<option value="${esc(r.rule)}"${r.rule === opts.rule ? ' selected' : ''}>${esc(r.rule)}</option>`).join('');
  const total = s.decided.confirmed + s.decided.dismissed;
  return page('Rule analytics', `${headerBar(v)}<main><h1>Rule analytics</h1>
<p>${total} decided items: ${s.decided.confirmed} confirmed, ${s.decided.dismissed} dismissed. Precision is the share of decided items a rule fired on that reviewers confirmed; the interval is the 95% Wilson score interval, wide when there are few decisions.</p>
<h2>Precision by rule</h2>
${precisionChart(s.rules)}
<h2 id="trend">Weekly trend</h2>
<form method="get" action="/admin/analytics" class="filters" aria-label="Trend">
<div><label for="trend-rule">Rule</label><select id="trend-rule" name="rule"><option value="">every rule (items with any match)</option>${ruleOptions}</select></div>
<div><label for="trend-weeks">Weeks</label><input id="trend-weeks" name="weeks" type="number" min="1" max="104" value="${opts.weeks}"></div>
<div><label for="trend-min">Fewest dismissals to list a never-confirmed rule</label><input id="trend-min" name="min" type="number" min="1" value="${opts.min}"></div>
<div><button type="submit">Show</button></div></form>
${trend}
<h2>Rules reviewers never confirmed</h2>
${statTable('dismissed-only', `Rules that fired only on dismissed items (at least ${s.minDismissed} dismissals)`, s.dismissedOnly, { category: true, trend: link })}
<h2>Every rule</h2>
${statTable('rules', 'Rules: items they fired on, by decision', s.rules, { category: true, trend: link })}
<h2>Categories</h2>
${statTable('categories', 'Categories the decided items showed', s.categories)}
<h2>Schemes</h2>
${statTable('schemes', 'Schemes the decided items fit', s.schemes)}
<p class="muted">Computed ${esc(s.generatedAt)} in ${s.elapsedMs} ms. The same figures as JSON: <a href="/api/analytics/rules?weeks=${opts.weeks}&amp;min=${opts.min}">GET /api/analytics/rules</a>.</p></main>`, v.csrf);
}
