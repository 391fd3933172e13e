import type { Model } from './pack-schema.ts';
import { PackError, type PackIssue } from './pack-error.ts';
import type { RawPack } from './pack.ts';
import { analyseRegex, RegexShapeError } from './regex-shape.ts';

// The whole pack compiles once into a prefix index: at each word start of the normalised text,
// the next 1–3 characters select the few patterns that can begin there, and only those run
// (sticky, anchored at that position). A post costs one pass plus a handful of regex attempts.

export interface TextFolds {
  normalize(text: string): { text: string };
  /** folds a pattern's non-ASCII letters like normalize() folds text, leaving regex syntax alone */
  foldPattern(source: string): string;
}

export interface CompiledPattern {
  id: string;
  category: string;
  weight: number;
  lang: string[];
  re: RegExp;
  file: string;
  line: number;
}

export interface RawMatch { p: number; start: number; end: number }

export interface CompiledPack {
  version: string;
  model: Model;
  patterns: CompiledPattern[];
  /** every pattern match in a normalised text, in text order */
  match(normalized: string): RawMatch[];
}

const WORD_END = '(?![\\p{L}\\p{N}\\p{M}])';
// `\w` in a pattern means a letter of any script (JavaScript's own \w is ASCII only)
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const MAX_MATCHES_PER_PATTERN = 20;
const MAX_MATCHES = 400;

// One byte per BMP code unit: 1 when it is part of a word (letter, digit, mark).
const WORD = (() => {
  const t = new Uint8Array(65536);
  const re = /[\p{L}\p{N}\p{M}]/u;
  for (let c = 0; c < 0xd800; c++) if (re.test(String.fromCharCode(c))) t[c] = 1;
  for (let c = 0xe000; c < 65536; c++) if (re.test(String.fromCharCode(c))) t[c] = 1;
  return t;
})();

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sourceOf(p: RawPack['patterns'][number], folds: TextFolds): string {
  let src: string;
  if (p.terms) {
    const terms = [...new Set(p.terms.map((t) => folds.foldPattern(t.toLowerCase()).trim()).filter(Boolean))];
    terms.sort((a, b) => b.length - a.length);
    src = `(?:${terms.map((t) => escapeRe(t).replace(/ /g, '[ \\n-]?')).join('|')})`;
  } else {
    src = folds.foldPattern(p.regex!).replace(/(?<!\\)\\b/g, WORD_END).replace(/(?<!\\)\\w/g, WORD_CHAR);
  }
  return p.wholeWord ? `(?:${src})${WORD_END}` : src;
}


function compileOne(p: RawPack['patterns'][number], folds: TextFolds, issues: PackIssue[]) {
  const src = sourceOf(p, folds);
  try {
    const re = new RegExp(src, 'uy');
    const prefixes = analyseRegex(src);
    const bad = prefixes.find((x) => !WORD[x.charCodeAt(0)]);
    if (bad !== undefined) throw new RegexShapeError(`a match must begin with a letter or digit, not "${bad[0]}"`);
    return { re, prefixes };
  } catch (err) {
    const why = err instanceof SyntaxError ? `invalid regex: ${err.message}` : (err as Error).message;
    issues.push({ file: p.file, line: p.line, reason: `${p.id}: ${why}` });
    return null;
  }
}

interface Node2 { here: number[]; next: Map<number, number[]> }

function buildMatcher(patterns: CompiledPattern[], prefixes: string[][]) {
  // A three-level index on the first code units (1, 2, 3); the sticky regex verifies the rest.
  const first = new Uint8Array(65536);
  const one = new Map<number, number[]>();
  const two = new Map<number, Node2>();
  const add = (arr: number[], p: number) => { if (!arr.includes(p)) arr.push(p); };
  prefixes.forEach((list, p) => {
    for (const pre of list) {
      const c0 = pre.charCodeAt(0);
      first[c0] = 1;
      if (pre.length === 1) { if (!one.has(c0)) one.set(c0, []); add(one.get(c0)!, p); continue; }
      const k = c0 * 65536 + pre.charCodeAt(1);
      if (!two.has(k)) two.set(k, { here: [], next: new Map() });
      const node = two.get(k)!;
      if (pre.length === 2) { add(node.here, p); continue; }
      const c2 = pre.charCodeAt(2);
      if (!node.next.has(c2)) node.next.set(c2, []);
      add(node.next.get(c2)!, p);
    }
  });
  return function match(text: string): RawMatch[] {
    const out: RawMatch[] = [];
    const counts = new Uint16Array(patterns.length);
    const stamp = new Int32Array(patterns.length).fill(-1);
    const n = text.length;
    let prevWord = false;
    for (let i = 0; i < n && out.length < MAX_MATCHES; i++) {
      const c = text.charCodeAt(i);
      const w = WORD[c] === 1;
      if (w && !prevWord && first[c] === 1) {
        const a = one.get(c);
        if (a) tryAll(a, i);
        const node = i + 1 < n ? two.get(c * 65536 + text.charCodeAt(i + 1)) : undefined;
        if (node) {
          if (node.here.length) tryAll(node.here, i);
          const b = i + 2 < n ? node.next.get(text.charCodeAt(i + 2)) : undefined;
          if (b) tryAll(b, i);
        }
      }
      prevWord = w;
    }
    return out;

    function tryAll(cands: number[], i: number): void {
      for (const p of cands) {
        if (stamp[p] === i || counts[p] >= MAX_MATCHES_PER_PATTERN) continue;
        stamp[p] = i;
        const re = patterns[p].re;
        re.lastIndex = i;
        if (re.test(text) && re.lastIndex > i) { out.push({ p, start: i, end: re.lastIndex }); counts[p]++; }
      }
    }
  };
}

function checkExamples(pack: CompiledPack, { normalize }: TextFolds, defs: RawPack['patterns'], issues: PackIssue[]) {
  pack.patterns.forEach((p, idx) => {
    const def = defs[idx];
    const hits = (ex: string) => pack.match(normalize(ex).text).some((m) => m.p === idx);
    for (const ex of def.examples.match) {
      if (!hits(ex)) issues.push({ file: p.file, line: p.line, reason: `${p.id}: example should match but does not: ${JSON.stringify(ex)}` });
    }
    for (const ex of def.examples.nomatch) {
      if (hits(ex)) issues.push({ file: p.file, line: p.line, reason: `${p.id}: example should not match but does: ${JSON.stringify(ex)}` });
    }
  });
}

/** Compiles validated pattern definitions; refuses the pack on any bad regex or failing example. */
export function compilePatterns(raw: RawPack, folds: TextFolds): CompiledPack {
  const issues: PackIssue[] = [];
  const patterns: CompiledPattern[] = [];
  const prefixes: string[][] = [];
  const defs: RawPack['patterns'] = [];
  for (const p of raw.patterns) {
    const c = compileOne(p, folds, issues);
    if (!c) continue;
    patterns.push({ id: p.id, category: p.category, weight: p.weight, lang: p.lang, re: c.re, file: p.file, line: p.line });
    prefixes.push(c.prefixes);
    defs.push(p);
  }
  const pack: CompiledPack = { version: raw.version, model: raw.model, patterns, match: buildMatcher(patterns, prefixes) };
  checkExamples(pack, folds, defs, issues);
  if (issues.length) throw new PackError(issues);
  return pack;
}
