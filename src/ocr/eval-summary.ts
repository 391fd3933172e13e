import type { EvalRow, Score } from './eval.ts';

export interface GroupFigures {
  group: string;
  images: number;
  js: { cer: number; cerNorm: number; meanMs: number };
  native?: { cer: number; cerNorm: number; meanMs: number };
  /** tesseract.js time / native time over the group (both summed). */
  timeRatio?: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

function figures(scores: Score[]) {
  return {
    cer: round(mean(scores.map((s) => s.cer))),
    cerNorm: round(mean(scores.map((s) => s.cerNorm))),
    meanMs: Math.round(mean(scores.map((s) => s.ms))),
  };
}

function group(name: string, rows: EvalRow[]): GroupFigures {
  const g: GroupFigures = { group: name, images: rows.length, js: figures(rows.map((r) => r.js)) };
  const natives = rows.map((r) => r.native).filter((n): n is Score => Boolean(n));
  if (natives.length === rows.length && rows.length > 0) {
    g.native = figures(natives);
    const nativeMs = natives.reduce((a, n) => a + n.ms, 0);
    g.timeRatio = round(rows.reduce((a, r) => a + r.js.ms, 0) / nativeMs, 2);
  }
  return g;
}

/** Figures for all images, per language, per language/kind, and for pages only (the flyer-like ones). */
export function summarise(rows: EvalRow[]): GroupFigures[] {
  const out = [group('all', rows)];
  const by = (key: (r: EvalRow) => string) => {
    const m = new Map<string, EvalRow[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => group(k, v));
  };
  out.push(...by((r) => `layout=${r.layout}`));
  out.push(...by((r) => r.lang));
  out.push(...by((r) => `${r.lang}/${r.kind}`));
  return out;
}

/** A plain-text table for a terminal. */
export function formatSummary(groups: GroupFigures[]): string {
  const head = ['group', 'n', 'js CER', 'js CERnorm', 'js ms', 'nat CER', 'nat CERnorm', 'nat ms', 'js/nat time'];
  const body = groups.map((g) => [
    g.group, String(g.images), g.js.cer.toFixed(3), g.js.cerNorm.toFixed(3), String(g.js.meanMs),
    g.native ? g.native.cer.toFixed(3) : '-', g.native ? g.native.cerNorm.toFixed(3) : '-',
    g.native ? String(g.native.meanMs) : '-', g.timeRatio !== undefined ? g.timeRatio.toFixed(2) : '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
