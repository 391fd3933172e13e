import type { Scorer } from '../types.ts';
import type { EvalItem } from './eval-datasets.ts';

// Precision / recall of a scorer on a labelled set, overall and per lang and kind.

export interface Counts { n: number; tp: number; fp: number; tn: number; fn: number }
export interface Metrics extends Counts { precision: number; recall: number; f1: number; flagRate: number; falseFlagRate: number }
export interface EvalError { line: number; label: 0 | 1; score: number; lang?: string; kind?: string; scope?: string; explanation: string; text: string }
export interface EvalReport {
  packVersion: string;
  threshold: number;
  overall: Metrics;
  byLang: Record<string, Metrics>;
  byKind: Record<string, Metrics>;
  byScope: Record<string, Metrics>;
  errors: EvalError[];
}

export const MEASURED = 'core+trafficking';

const empty = (): Counts => ({ n: 0, tp: 0, fp: 0, tn: 0, fn: 0 });

function add(c: Counts, label: 0 | 1, flagged: boolean): void {
  c.n++;
  if (label === 1) { if (flagged) c.tp++; else c.fn++; } else if (flagged) c.fp++; else c.tn++;
}

const ratio = (a: number, b: number) => (b === 0 ? NaN : a / b);

export function metrics(c: Counts): Metrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : NaN;
  return { ...c, precision, recall, f1, flagRate: ratio(c.tp + c.fp, c.n), falseFlagRate: ratio(c.fp, c.fp + c.tn) };
}

export function evaluate(scorer: Scorer, items: Iterable<EvalItem>): EvalReport {
  const overall = empty();
  const byLang = new Map<string, Counts>();
  const byKind = new Map<string, Counts>();
  const byScope = new Map<string, Counts>();
  const errors: EvalError[] = [];
  for (const it of items) {
    const r = scorer.score(it.text);
    add(overall, it.label, r.flagged);
    for (const [map, key] of [[byLang, it.lang], [byKind, it.kind], [byScope, it.scope]] as const) {
      if (!key) continue;
      if (!map.has(key)) map.set(key, empty());
      add(map.get(key)!, it.label, r.flagged);
    }
    // the real-world sets are measured on core + trafficking; generic scams count neither way
    if (it.scope === 'core' || it.scope === 'trafficking') {
      if (!byScope.has(MEASURED)) byScope.set(MEASURED, empty());
      add(byScope.get(MEASURED)!, it.label, r.flagged);
    }
    if ((it.label === 1) !== r.flagged) {
      errors.push({ line: it.line, label: it.label, score: r.score, lang: it.lang, kind: it.kind, scope: it.scope, explanation: r.explanation, text: it.text });
    }
  }
  const table = (m: Map<string, Counts>) => Object.fromEntries([...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, metrics(v)]));
  return { packVersion: scorer.packVersion, threshold: scorer.threshold, overall: metrics(overall), byLang: table(byLang), byKind: table(byKind), byScope: table(byScope), errors };
}

const pct = (x: number) => (Number.isNaN(x) ? '   -  ' : x.toFixed(3).padStart(6));

function row(name: string, m: Metrics): string {
  return `${name.padEnd(18)} ${String(m.n).padStart(5)} ${String(m.tp + m.fn).padStart(5)}  P ${pct(m.precision)}  R ${pct(m.recall)}  F1 ${pct(m.f1)}  false-flag ${pct(m.falseFlagRate)}`;
}

/** The human-readable report printed by `recruitwatch eval`. */
export function formatReport(r: EvalReport, withErrors: boolean): string {
  const o = r.overall;
  const lines = [
    `pack ${r.packVersion}, threshold ${r.threshold}`,
    `precision ${pct(o.precision)}  recall ${pct(o.recall)}  F1 ${pct(o.f1)}  false-flag rate ${pct(o.falseFlagRate)}  (n=${o.n})`,
    '',
    'confusion          flagged  not flagged',
    `  recruiter       ${String(o.tp).padStart(8)} ${String(o.fn).padStart(12)}`,
    `  not recruiter   ${String(o.fp).padStart(8)} ${String(o.tn).padStart(12)}`,
  ];
  for (const [title, table] of [['by lang', r.byLang], ['by kind', r.byKind], ['by scope', r.byScope]] as const) {
    if (!Object.keys(table).length) continue;
    lines.push('', `${title.padEnd(18)}     n   pos`);
    for (const [k, m] of Object.entries(table)) lines.push(row(k, m));
  }
  if (withErrors && r.errors.length) {
    lines.push('', 'errors:');
    for (const e of r.errors) {
      const what = e.label === 1 ? 'MISSED' : 'FALSE FLAG';
      lines.push(`  line ${e.line} ${what} score=${e.score} ${e.lang ?? ''}/${e.kind ?? ''}${e.scope ? `/${e.scope}` : ''}: ${e.text.slice(0, 160).replace(/\s+/g, ' ')}`);
      lines.push(`    ${e.explanation}`);
    }
  }
  return lines.join('\n');
}
