import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import { ModelSchema, PatternFileSchema, PatternSchema, type Model, type PatternDef } from './pack-schema.ts';
import { compilePatterns, type CompiledPack, type TextFolds } from './compile.ts';
import { checkRoles } from './roles.ts';

import { PackError, type PackIssue } from './pack-error.ts';
import { plausibilityDirFor, readPlausibility, type PlausibilityTable } from '../plausibility/table.ts';
import { NORMALISER_REVISION } from '../normalise/revision.ts';

export { PackError, type PackIssue };

export interface PatternSource extends PatternDef { file: string; line: number }
/** `plausibility` is the lure-plausibility table (plausibility/table.ts), hashed into `version` */
export interface RawPack { version: string; model: Model; patterns: PatternSource[]; plausibility: PlausibilityTable | null }

export const MODEL_FILE = 'model.yaml';

function lineOf(node: unknown, lc: LineCounter): number {
  const range = (node as YamlNode | undefined)?.range;
  return range ? lc.linePos(range[0]).line : 1;
}

// A missing key has no node of its own: point at the nearest enclosing one (`roles:` for a missing role).
function nearestNode(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[]): unknown {
  for (let k = path.length; k > 0; k--) {
    const node = doc.getIn(path.slice(0, k) as unknown[], true);
    if (node !== undefined) return node;
  }
  return undefined;
}

function zodReason(err: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return err.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

function parseYaml(file: string, text: string, issues: PackIssue[]) {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  for (const e of doc.errors) issues.push({ file, line: e.linePos?.[0]?.line ?? 1, reason: e.message });
  return { doc, lc, ok: doc.errors.length === 0 };
}

function readModel(file: string, text: string, issues: PackIssue[]): Model | null {
  const { doc, lc, ok } = parseYaml(file, text, issues);
  if (!ok) return null;
  const r = ModelSchema.safeParse(doc.toJS());
  if (r.success) {
    issues.push(...checkRoles(r.data, file, (role) => lineOf(doc.getIn(['roles', role], true), lc)));
    return r.data;
  }
  const first = r.error.issues[0];
  issues.push({ file, line: lineOf(nearestNode(doc, first?.path ?? []), lc), reason: zodReason(r.error) });
  return null;
}

function readPatterns(file: string, text: string, issues: PackIssue[]): PatternSource[] {
  const { doc, lc, ok } = parseYaml(file, text, issues);
  if (!ok) return [];
  const top = PatternFileSchema.safeParse(doc.toJS());
  if (!top.success) { issues.push({ file, line: 1, reason: zodReason(top.error) }); return []; }
  const seq = doc.get('patterns', true);
  const out: PatternSource[] = [];
  top.data.patterns.forEach((raw, i) => {
    const node = isSeq(seq) ? seq.items[i] : undefined;
    const line = lineOf(node, lc);
    const withDefault = top.data.category && raw && typeof raw === 'object' && !('category' in raw)
      ? { ...raw, category: top.data.category } : raw;
    const r = PatternSchema.safeParse(withDefault);
    if (!r.success) {
      const sub = isMap(node) ? node.getIn(r.error.issues[0]?.path ?? [], true) : undefined;
      issues.push({ file, line: sub ? lineOf(sub, lc) : line, reason: zodReason(r.error) });
      return;
    }
    out.push({ ...r.data, file, line });
  });
  return out;
}

/** Reads and validates every YAML file of a pack directory (no compilation). */
export function readPack(dir: string): RawPack {
  const issues: PackIssue[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (err) {
    throw new PackError([{ file: dir, line: 0, reason: `cannot read pack directory: ${(err as Error).message}` }]);
  }
  const hash = createHash('sha256');
  hash.update(`normaliser ${NORMALISER_REVISION}\0`);
  let model: Model | null = null;
  const patterns: PatternSource[] = [];
  if (!files.includes(MODEL_FILE)) issues.push({ file: path.join(dir, MODEL_FILE), line: 0, reason: 'missing model file' });
  for (const name of files) {
    const file = path.join(dir, name);
    const text = readFileSync(file, 'utf8');
    hash.update(name).update('\0').update(text).update('\0');
    if (name === MODEL_FILE) model = readModel(file, text, issues);
    else patterns.push(...readPatterns(file, text, issues));
  }
  checkReferences(model, patterns, issues);
  // the table is data the scores depend on: its files go into the version like the pack's own
  const plausibility = readPlausibility(plausibilityDirFor(dir), new Set(Object.keys(model?.categories ?? {})), hash, issues);
  if (issues.length || !model) throw new PackError(issues);
  return { version: hash.digest('hex').slice(0, 12), model, patterns, plausibility };
}

function checkReferences(model: Model | null, patterns: PatternSource[], issues: PackIssue[]): void {
  const seen = new Map<string, PatternSource>();
  for (const p of patterns) {
    const prev = seen.get(p.id);
    if (prev) issues.push({ file: p.file, line: p.line, reason: `duplicate id ${p.id} (first at ${prev.file}:${prev.line})` });
    else seen.set(p.id, p);
    if (model && !model.categories[p.category]) issues.push({ file: p.file, line: p.line, reason: `unknown category ${p.category}` });
  }
  if (!model) return;
  for (const s of model.schemes) {
    for (const c of [...s.all, ...s.any, ...s.also]) {
      if (!model.categories[c]) issues.push({ file: MODEL_FILE, line: 0, reason: `scheme ${s.id} names unknown category ${c}` });
    }
  }
}

/** Reads, validates, compiles and self-tests a pack; throws PackError listing every problem. */
export function loadPack(dir: string, folds: TextFolds): CompiledPack {
  const raw = readPack(dir);
  return compilePatterns(raw, folds);
}
