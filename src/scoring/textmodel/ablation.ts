import type { Scorer } from '../types.ts';
import { applyRule, type CombineRule } from './combine-rule.ts';
import type { TrainRow } from './train.ts';

// Rules only, model only, both — on rows the model never trained on (out-of-fold or a held-out
// file). "Model only" flags at p ≥ 0.5; "both" is the combination rule as shipped.

export type Mode = 'rules' | 'model' | 'both';
export const MODES: Mode[] = ['rules', 'model', 'both'];

export interface SliceFigures { slice: string; n: number; lures: number; figures: Record<Mode, { flagged: number; tp: number; fp: number }> }

export function ablate(scorer: Scorer, rows: TrainRow[], p: ArrayLike<number>, rule: CombineRule): SliceFigures[] {
  const slices = new Map<string, SliceFigures>();
  const T = scorer.threshold;
  rows.forEach((r, i) => {
    if (r.guard || Number.isNaN(p[i])) return;
    const res = scorer.score(r.text);
    const ctx = { signals: res.details.categories.filter((c) => c.kind === 'signal').length, schemes: res.details.schemes.length, framed: res.details.framing.kinds.length > 0 };
    const flags: Record<Mode, boolean> = {
      rules: res.score >= T,
      model: p[i] >= 0.5,
      both: applyRule(rule, res.score, p[i], T, ctx).score >= T,
    };
    const keys = [r.set === 'real-world' ? 'real-world core+trafficking' : r.set];
    if (r.set === 'real-world' && r.kind === 'news') keys.push('real-world news');
    for (const key of keys) {
      let s = slices.get(key);
      if (!s) slices.set(key, (s = { slice: key, n: 0, lures: 0, figures: { rules: { flagged: 0, tp: 0, fp: 0 }, model: { flagged: 0, tp: 0, fp: 0 }, both: { flagged: 0, tp: 0, fp: 0 } } }));
      s.n++;
      s.lures += r.label;
      for (const m of MODES) {
        if (!flags[m]) continue;
        s.figures[m].flagged++;
        if (r.label === 1) s.figures[m].tp++; else s.figures[m].fp++;
      }
    }
  });
  return [...slices.values()];
}

const f3 = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));

/** A markdown table: P / R where a slice has lures, flagged / n where it has none. */
export function formatAblation(title: string, slices: SliceFigures[]): string {
  const lines = [`${title}`, '', '| slice | n | lures | rules only | model only (p ≥ 0.5) | both (combination rule) |', '|---|---|---|---|---|---|'];
  for (const s of slices) {
    const cell = (m: Mode) => {
      const x = s.figures[m];
      return s.lures > 0 ? `P ${f3(x.tp, x.tp + x.fp)} R ${f3(x.tp, s.lures)} (${x.tp}/${s.lures}, ${x.fp} false)` : `${x.flagged} / ${s.n} flagged`;
    };
    lines.push(`| ${s.slice} | ${s.n} | ${s.lures} | ${cell('rules')} | ${cell('model')} | ${cell('both')} |`);
  }
  return lines.join('\n');
}
