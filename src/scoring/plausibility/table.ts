import type { Hash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { PackIssue } from '../pack/pack-error.ts';

// The lure-plausibility table (wages.yaml, phone-fit.yaml, raise.yaml): data, versioned with the
// pack. Its files are hashed into the pack version, so correcting a wage re-scores stored items.

/** The table shipped with the code; a pack directory may carry its own in `<pack>/plausibility/`. */
export const defaultPlausibilityDir = path.dirname(fileURLToPath(import.meta.url));
export const PLAUSIBILITY_FILES = ['wages.yaml', 'phone-fit.yaml', 'raise.yaml'] as const;

const COUNTRY = /^[A-Z]{2}$/;
const PLACE = /^[A-Z]{2}(?:-[A-Z]{2,10})?$/;
const CATEGORY = /^[A-Z][A-Z0-9-]*$/;
const term = z.string().min(2).refine((t) => t === t.toLowerCase(), 'lower case');

export const CountrySchema = z.object({
  code: z.string().regex(PLACE),
  name: z.string().min(2),
  adjective: z.string().min(2),
  usdMonth: z.number().positive().max(20_000),
  year: z.number().int().min(2010).max(2030),
  source: z.string().min(10), // every figure names where it comes from
  cite: z.string().min(3), // the short form an explanation quotes ("Rosstat 2024")
  confidence: z.enum(['medium', 'low']).default('medium'),
  destination: z.boolean().default(false),
  category: z.string().regex(CATEGORY).optional(),
  names: z.array(term).default([]),
  phones: z.array(z.string().regex(COUNTRY)).min(1).optional(),
}).strict();

export const WagesSchema = z.object({ countries: z.array(CountrySchema).min(1) }).strict();

export const EmployerSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  label: z.string().min(3),
  phones: z.array(z.string().regex(COUNTRY)).min(1),
  categories: z.array(z.string().regex(CATEGORY)).default([]),
  terms: z.array(term).default([]),
}).strict().refine((e) => e.terms.length > 0 || e.categories.length > 0, 'give terms or categories');

export const NoteSchema = z.object({
  destinations: z.array(z.string().regex(PLACE)).min(1),
  phones: z.array(z.string().regex(COUNTRY)).min(1),
  note: z.string().min(5),
}).strict();

export const PhoneFitSchema = z.object({ employers: z.array(EmployerSchema), notes: z.array(NoteSchema).default([]) }).strict();

const points = z.number().min(0).max(20);
export const RaiseSchema = z.object({
  maxRaise: z.number().min(0).max(20), // the most plausibility can ever add to a score
  overpaid: z.object({ minRatio: z.number().gt(1), points, strongRatio: z.number().gt(1), strongPoints: points }).strict(),
  lumpSum: z.object({ minYears: z.number().positive(), points }).strict(),
  phone: z.object({ employer: points, destination: points, noted: points }).strict(),
  period: z.object({ daysPerMonth: z.number().min(1).max(31), hoursPerDay: z.number().min(1).max(24) }).strict(),
}).strict();

export type Country = z.infer<typeof CountrySchema>;
export type Employer = z.infer<typeof EmployerSchema>;
export type Note = z.infer<typeof NoteSchema>;
export type Raise = z.infer<typeof RaiseSchema>;
export interface PlausibilityTable { dir: string; countries: Country[]; employers: Employer[]; notes: Note[]; raise: Raise }

/** The table a pack uses: its own `plausibility/` directory when it has one, else the shipped one. */
export function plausibilityDirFor(packDir: string): string {
  const own = path.join(packDir, 'plausibility');
  return existsSync(own) ? own : defaultPlausibilityDir;
}

function parse<T>(file: string, text: string, schema: z.ZodType<T>, issues: PackIssue[]): T | null {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  for (const e of doc.errors) issues.push({ file, line: e.linePos?.[0]?.line ?? 1, reason: e.message });
  if (doc.errors.length) return null;
  const r = schema.safeParse(doc.toJS());
  if (r.success) return r.data;
  for (const i of r.error.issues) {
    // a missing field has no node: point at the nearest enclosing one (the row)
    let node: { range?: [number, number, number] } | undefined;
    for (let n = i.path.length; n >= 0 && !node?.range; n--) node = doc.getIn(i.path.slice(0, n), true) as typeof node;
    const line = node?.range ? lc.linePos(node.range[0]).line : 1;
    issues.push({ file, line, reason: `${i.path.join('.')}: ${i.message}` });
  }
  return null;
}

function checkTable(t: PlausibilityTable, categories: Set<string>, issues: PackIssue[]): void {
  const wages = path.join(t.dir, 'wages.yaml');
  const fit = path.join(t.dir, 'phone-fit.yaml');
  const codes = new Set<string>();
  const owner = new Map<string, string>(); // term → the row that claims it
  const claim = (file: string, who: string, words: string[]) => {
    for (const w of words) {
      const prev = owner.get(w);
      if (prev && prev !== who) issues.push({ file, line: 0, reason: `"${w}" names both ${prev} and ${who}` });
      owner.set(w, who);
    }
  };
  for (const c of t.countries) {
    if (codes.has(c.code)) issues.push({ file: wages, line: 0, reason: `duplicate country ${c.code}` });
    codes.add(c.code);
    if (c.category && !categories.has(c.category)) issues.push({ file: wages, line: 0, reason: `${c.code}: unknown category ${c.category}` });
    if (c.destination && !c.category && !c.names.length) issues.push({ file: wages, line: 0, reason: `${c.code}: a destination needs names or a category` });
    claim(wages, c.code, c.names);
  }
  for (const e of t.employers) {
    for (const cat of e.categories) if (!categories.has(cat)) issues.push({ file: fit, line: 0, reason: `${e.id}: unknown category ${cat}` });
    claim(fit, e.id, e.terms);
  }
  for (const n of t.notes) {
    for (const d of n.destinations) if (!t.countries.some((c) => c.code === d && c.destination)) issues.push({ file: fit, line: 0, reason: `note names ${d}, which is not a destination in wages.yaml` });
  }
  if (t.raise.overpaid.strongRatio < t.raise.overpaid.minRatio) issues.push({ file: path.join(t.dir, 'raise.yaml'), line: 0, reason: 'overpaid.strongRatio is below minRatio' });
}

/**
 * Reads and validates the table in `dir`, feeding each file into the pack's version hash; problems
 * go to `issues` (file:line), which refuse the pack like a bad pattern does.
 */
export function readPlausibility(dir: string, categories: Set<string>, hash: Hash, issues: PackIssue[]): PlausibilityTable | null {
  const texts: string[] = [];
  for (const name of PLAUSIBILITY_FILES) {
    const file = path.join(dir, name);
    try {
      texts.push(readFileSync(file, 'utf8'));
    } catch (err) {
      issues.push({ file, line: 0, reason: `cannot read the plausibility table: ${(err as Error).message}` });
      return null;
    }
    hash.update(`plausibility/${name}`).update('\0').update(texts[texts.length - 1]).update('\0');
  }
  const [w, f, r] = PLAUSIBILITY_FILES.map((n) => path.join(dir, n));
  const wages = parse(w, texts[0], WagesSchema, issues);
  const fit = parse(f, texts[1], PhoneFitSchema, issues);
  const raise = parse(r, texts[2], RaiseSchema, issues);
  if (!wages || !fit || !raise) return null;
  const table: PlausibilityTable = { dir, countries: wages.countries, employers: fit.employers, notes: fit.notes, raise };
  const before = issues.length;
  checkTable(table, categories, issues);
  return issues.length === before ? table : null;
}
