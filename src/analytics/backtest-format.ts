import type { BacktestReport, Side } from './backtest.ts';

const pct = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const n = (x: number) => x.toLocaleString('en-US');

function sideName(s: Side): string {
  return s.source === 'stored scores' ? `stored scores (${s.packVersion || 'none'})` : `${s.source} ${s.packVersion}`;
}

/** The backtest as a person reads it at a terminal: both sides against the decisions, what changed, and the rules that moved. */
export function formatBacktest(r: BacktestReport, opts: { runId?: string; ids?: number } = {}): string {
  const showIds = opts.ids ?? 20;
  const lines: string[] = [];
  lines.push(`backtest of ${r.candidate.source === 'candidate pack' ? `the pack in ${r.candidate.packDir}` : 'the active pack'} against ${r.current.source === 'active pack' ? 'the active pack' : 'the stored scores'}`);
  lines.push(`${n(r.items.decided)} decided items (${n(r.items.confirmed)} confirmed, ${n(r.items.dismissed)} dismissed), threshold ${r.threshold}${r.limit !== null ? `, limit ${n(r.limit)}` : ''}`);
  lines.push('');
  const rows = [['', 'flagged', 'precision', 'recall', 'TP', 'FP', 'FN', 'TN']];
  for (const [label, s] of [['current', r.current], ['candidate', r.candidate]] as const) {
    rows.push([`${label}: ${sideName(s)}`, n(s.flagged), pct(s.precision), pct(s.recall), n(s.confusion.tp), n(s.confusion.fp), n(s.confusion.fn), n(s.confusion.tn)]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) lines.push(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  lines.push('');
  for (const [label, list] of [['newly flagged', r.newlyFlagged], ['no longer flagged', r.noLongerFlagged]] as const) {
    lines.push(`${label}: ${n(list.count)} (${n(list.confirmed)} confirmed, ${n(list.dismissed)} dismissed)`);
    for (const id of list.itemIds.slice(0, showIds)) lines.push(`  ${id}`);
    if (list.count > Math.min(showIds, list.itemIds.length)) lines.push(`  … and ${n(list.count - Math.min(showIds, list.itemIds.length))} more (--json lists ${list.itemIds.length})`);
  }
  const moved = r.rules.filter((x) => x.current.confirmed !== x.candidate.confirmed || x.current.dismissed !== x.candidate.dismissed);
  lines.push('');
  lines.push(moved.length ? 'rules whose fires changed (confirmed/dismissed, current → candidate):' : `no rule's fires changed (${r.rules.length} rules fired on decided items)`);
  const w = Math.max(0, ...moved.map((x) => x.rule.length));
  for (const x of moved.slice(0, 40)) lines.push(`  ${x.rule.padEnd(w)}  ${x.current.confirmed}/${x.current.dismissed} → ${x.candidate.confirmed}/${x.candidate.dismissed}`);
  if (moved.length > 40) lines.push(`  … and ${moved.length - 40} more`);
  lines.push('');
  const notes = [`${(r.elapsedMs / 1000).toFixed(1)} s, ${n(r.itemsPerSecond)} items/s`];
  if (r.current.source === 'active pack') notes.push(`current: ${n(r.current.reused)} stored scores used as they are, ${n(r.current.scored)} scored again`);
  if (r.items.skippedNoText) notes.push(`${n(r.items.skippedNoText)} skipped (no stored text)`);
  if (r.items.errors) notes.push(`${n(r.items.errors)} could not be scored: ${r.items.errorSamples.slice(0, 3).join('; ')}`);
  for (const w of r.items.warnings) notes.push(w);
  if (opts.runId) notes.push(`run ${opts.runId}`);
  lines.push(notes.join('; '));
  return `${lines.join('\n')}\n`;
}
