import { esc } from './html.ts';

export interface Span { start: number; end: number; rule: string; category: string }

/**
 * The text as HTML with every matched span in a <mark> naming its rules: overlapping matches are
 * merged into one mark that lists them all, so the evidence reads as the reviewer's eye would.
 */
export function highlight(text: string, spans: Span[]): string {
  const valid = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= text.length)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number; labels: Set<string> }[] = [];
  for (const s of valid) {
    const label = `${s.rule} (${s.category})`;
    const last = merged.at(-1);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.labels.add(label);
    } else merged.push({ start: s.start, end: s.end, labels: new Set([label]) });
  }
  let html = '';
  let at = 0;
  for (const m of merged) {
    html += esc(text.slice(at, m.start));
    html += `<mark title="${esc([...m.labels].join(', '))}">${esc(text.slice(m.start, m.end))}</mark>`;
    at = m.end;
  }
  return html + esc(text.slice(at));
}
