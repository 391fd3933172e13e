import { readFileSync } from 'node:fs';
import path from 'node:path';

// Readers for the evaluation sets: our own JSONL, and the real message collections in
// ../shared/datasets as published (each SOURCE.md describes its format). None of the real sets
// holds a recruiter's post, so their rows are negatives, except EMSCAD's fraudulent job ads.

export interface EvalItem {
  text: string; label: 0 | 1; lang?: string; kind?: string; scope?: string; line: number;
  /** where the text came from (a JSONL row's `source`, or its `channel`): texts of one origin stay in one cross-validation fold */
  origin?: string;
}
export type DatasetFormat = 'jsonl' | 'umputun' | 'sms' | 'swahili' | 'emscad';
export const DATASET_FORMATS: DatasetFormat[] = ['jsonl', 'umputun', 'sms', 'swahili', 'emscad'];

export class DatasetError extends Error {}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

function toLabel(v: unknown, line: number): 0 | 1 {
  if (v === 1 || v === true || v === '1' || v === 'recruiter' || v === 'positive') return 1;
  if (v === 0 || v === false || v === '0' || v === 'benign' || v === 'negative') return 0;
  throw new DatasetError(`line ${line}: label must be 0/1 (got ${JSON.stringify(v)})`);
}

function readJsonl(text: string): EvalItem[] {
  const out: EvalItem[] = [];
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let o: Record<string, unknown>;
    try { o = JSON.parse(raw); } catch { throw new DatasetError(`line ${i + 1}: not JSON`); }
    if (typeof o.text !== 'string') throw new DatasetError(`line ${i + 1}: missing "text"`);
    const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    out.push({ text: o.text, label: toLabel(o.label, i + 1), lang: str(o.lang), kind: str(o.kind), scope: str(o.scope), line: i + 1, origin: str(o.source) ?? str(o.channel) });
  });
  return out;
}

function readUmputun(text: string, file: string): EvalItem[] {
  const kind = /spam/i.test(path.basename(file)) ? 'spam' : 'ham';
  return text.split('\n').map((t, i) => ({ text: t, label: 0 as const, kind, line: i + 1 })).filter((x) => x.text.trim());
}

function readSms(text: string): EvalItem[] {
  return text.split('\n').slice(1).map((l, i) => {
    const tab = l.indexOf('\t');
    return { text: l.slice(tab + 1), label: 0 as const, lang: 'en', kind: l.slice(0, tab), line: i + 2 };
  }).filter((x) => x.text.trim() && x.kind);
}

function readSwahili(text: string): EvalItem[] {
  return parseCsv(text).slice(1).map((r, i) => ({ text: r[1] ?? '', label: 0 as const, lang: 'sw', kind: r[0], line: i + 2 }));
}

const EMSCAD_TEXT = ['title', 'location', 'salary_range', 'company_profile', 'description', 'requirements', 'benefits'];

function readEmscad(text: string): EvalItem[] {
  const [header, ...rows] = parseCsv(text);
  const col = (name: string) => header.indexOf(name);
  const label = col('fraudulent');
  if (label < 0) throw new DatasetError('EMSCAD file without a "fraudulent" column');
  return rows.map((r, i) => ({
    text: EMSCAD_TEXT.map((c) => r[col(c)] ?? '').filter(Boolean).join('\n'),
    label: r[label] === '1' ? 1 : 0,
    lang: 'en',
    kind: r[label] === '1' ? 'fraudulent' : 'legitimate',
    line: i + 2,
  }));
}

export function detectFormat(file: string, text: string): DatasetFormat {
  const first = text.slice(0, text.indexOf('\n') >>> 0 || text.length).trim();
  if (first.startsWith('{')) return 'jsonl';
  if (/^label\tsms/i.test(first) || /^(ham|spam)\t/.test(first)) return 'sms';
  if (/^category,sms/i.test(first)) return 'swahili';
  if (/^job_id,title/i.test(first)) return 'emscad';
  if (/\.txt$/i.test(file)) return 'umputun';
  throw new DatasetError(`cannot tell the format of ${file}; pass --format`);
}

export function readDataset(file: string, format: DatasetFormat | 'auto' = 'auto'): { format: DatasetFormat; items: EvalItem[] } {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (err) { throw new DatasetError(`cannot read ${file}: ${(err as Error).message}`); }
  const f = format === 'auto' ? detectFormat(file, text) : format;
  const readers: Record<DatasetFormat, (t: string) => EvalItem[]> = {
    jsonl: readJsonl, umputun: (t) => readUmputun(t, file), sms: readSms, swahili: readSwahili, emscad: readEmscad,
  };
  return { format: f, items: readers[f](text) };
}
