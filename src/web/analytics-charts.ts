import type { StatRow, WeekPoint } from '../analytics/rule-stats.ts';
import { esc } from './html.ts';

// Server-rendered SVG: no script, no style attribute (the CSP allows neither); colours are SVG
// presentation attributes. Each chart is an image with a <title> and <desc> for screen readers, and
// the same figures are in a table beside it.

const COLOURS = { confirmed: '#1b6e3a', dismissed: '#a4161a', undecided: '#b8bfcc', axis: '#5b6475', grid: '#e1e4ea', point: '#1d2430' };
const pct = (x: number) => `${Math.round(x * 100)}%`;
const f1 = (x: number) => x.toFixed(1);

function frame(id: string, width: number, height: number, title: string, desc: string, body: string): string {
  return `<svg class="chart" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${esc(title)}</title><desc id="${id}-desc">${esc(desc)}</desc>${body}</svg>`;
}

/** Precision per rule as a dot on its 95% Wilson interval, rules with the most decisions first. */
export function precisionChart(rows: StatRow[], opts: { limit?: number } = {}): string {
  const shown = rows.filter((r) => r.decided > 0).slice(0, opts.limit ?? 25);
  const label = 190;
  const plot = 440;
  const rowH = 18;
  const top = 24;
  const width = label + plot + 120;
  const height = top + shown.length * rowH + 10;
  const x = (p: number) => label + p * plot;
  const grid = [0, 0.25, 0.5, 0.75, 1].map((p) => `<line x1="${f1(x(p))}" y1="${top - 6}" x2="${f1(x(p))}" y2="${height - 6}" stroke="${COLOURS.grid}"/><text x="${f1(x(p))}" y="${top - 10}" font-size="11" text-anchor="middle" fill="${COLOURS.axis}">${pct(p)}</text>`).join('');
  const marks = shown.map((r, i) => {
    const y = top + i * rowH + rowH / 2;
    const p = r.precision;
    const colour = p.value !== null && p.value < 0.5 ? COLOURS.dismissed : COLOURS.confirmed;
    return `<g data-rule="${esc(r.key)}"><title>${esc(r.key)}: precision ${pct(p.value ?? 0)} (95% interval ${pct(p.low ?? 0)}–${pct(p.high ?? 0)}), ${r.confirmed} confirmed, ${r.dismissed} dismissed</title>
<text x="${label - 8}" y="${f1(y + 4)}" font-size="12" text-anchor="end" fill="${COLOURS.point}">${esc(r.key.length > 28 ? `${r.key.slice(0, 27)}…` : r.key)}</text>
<line x1="${f1(x(p.low ?? 0))}" y1="${f1(y)}" x2="${f1(x(p.high ?? 0))}" y2="${f1(y)}" stroke="${colour}" stroke-width="3" stroke-linecap="round"/>
<circle cx="${f1(x(p.value ?? 0))}" cy="${f1(y)}" r="4.5" fill="${COLOURS.point}"/>
<text x="${label + plot + 10}" y="${f1(y + 4)}" font-size="11" fill="${COLOURS.axis}">${r.confirmed}/${r.decided}</text></g>`;
  }).join('\n');
  const desc = shown.length
    ? `${shown.length} rules with the most decisions. ${shown.slice(0, 5).map((r) => `${r.key} ${pct(r.precision.value ?? 0)}`).join('; ')}${shown.length > 5 ? '; …' : ''}. The table below lists every rule.`
    : 'No decided items yet.';
  return frame('precision-chart', width, height, 'Precision of each rule on decided items, with its 95% interval', desc, `${grid}\n${marks}`);
}

/** Per ISO week: a bar of the items a rule fired on, split into confirmed, dismissed and not (yet) decided. */
export function trendChart(points: WeekPoint[], what: string): string {
  const left = 44;
  const barW = 26;
  const gap = 10;
  const top = 16;
  const plotH = 160;
  const width = left + points.length * (barW + gap) + 20;
  const height = top + plotH + 42;
  const max = Math.max(1, ...points.map((p) => p.fires));
  const y = (n: number) => top + plotH - (n / max) * plotH;
  const axis = [0, max / 2, max].map((n) => `<line x1="${left - 4}" y1="${f1(y(n))}" x2="${width - 10}" y2="${f1(y(n))}" stroke="${COLOURS.grid}"/><text x="${left - 8}" y="${f1(y(n) + 4)}" font-size="11" text-anchor="end" fill="${COLOURS.axis}">${Math.round(n)}</text>`).join('');
  const bars = points.map((p, i) => {
    const x0 = left + i * (barW + gap);
    const undecided = Math.max(0, p.fires - p.confirmed - p.dismissed);
    let base = top + plotH;
    const seg = (n: number, colour: string, kind: string) => {
      const h = (n / max) * plotH;
      base -= h;
      return n > 0 ? `<rect x="${x0}" y="${f1(base)}" width="${barW}" height="${f1(h)}" fill="${colour}" data-${kind}="${n}"/>` : '';
    };
    const label = i % 2 === 0 || points.length <= 8 ? `<text x="${x0 + barW / 2}" y="${top + plotH + 14}" font-size="10" text-anchor="middle" fill="${COLOURS.axis}">${esc(p.week.slice(5))}</text>` : '';
    return `<g data-week="${esc(p.week)}"><title>${esc(p.week)} (from ${esc(p.weekStart)}): fired on ${p.fires}, ${p.confirmed} confirmed, ${p.dismissed} dismissed</title>${seg(p.confirmed, COLOURS.confirmed, 'confirmed')}${seg(p.dismissed, COLOURS.dismissed, 'dismissed')}${seg(undecided, COLOURS.undecided, 'undecided')}${label}</g>`;
  }).join('\n');
  const legend = [['confirmed', COLOURS.confirmed], ['dismissed', COLOURS.dismissed], ['not decided', COLOURS.undecided]]
    .map(([name, colour], i) => `<rect x="${left + i * 110}" y="${height - 14}" width="10" height="10" fill="${colour}"/><text x="${left + i * 110 + 14}" y="${height - 5}" font-size="11" fill="${COLOURS.axis}">${name}</text>`).join('');
  const total = points.reduce((s, p) => ({ fires: s.fires + p.fires, confirmed: s.confirmed + p.confirmed, dismissed: s.dismissed + p.dismissed }), { fires: 0, confirmed: 0, dismissed: 0 });
  const desc = `${points.length} ISO weeks from ${points[0]?.week ?? '—'} to ${points.at(-1)?.week ?? '—'}: fired on ${total.fires} items, ${total.confirmed} confirmed, ${total.dismissed} dismissed.`;
  return frame('trend-chart', width, height, `Weekly trend: ${what}`, desc, `${axis}\n${bars}\n${legend}`);
}
