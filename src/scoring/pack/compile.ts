import type { Model } from './pack-schema.ts';
import { PackError, type PackIssue } from './pack-error.ts';
import type { RawPack } from './pack.ts';
import { indexPrefixes, RegexShapeError, splitAlternatives } from './regex-shape.ts';
import { compileClaims, type CompiledClaims } from '../plausibility/claims.ts';
import { stemTerm } from './stem.ts';
import { vocabularyOf, type Vocabulary } from './unmask.ts';
import { WORD_CHARS } from '../word-chars.ts';

// The whole pack compiles once into a prefix index: at each word start of the normalised text,
// the next 1–6 characters select the few patterns that can begin there, and only those run
// (sticky, anchored at that position, first as one alternation that rejects most starts at once).
// A post costs one pass plus a few dozen regex calls.

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
  /** the lure-plausibility table, ready to read a text's claims (null: the pack has none) */
  plausibility: CompiledClaims | null;
  /** the pack's words, to fill letters masked by '*' (unmask.ts) */
  vocabulary: Vocabulary;
}

const WORD_END = '(?![\\p{L}\\p{N}\\p{M}])';
// `\w` in a pattern means a letter of any script (JavaScript's own \w is ASCII only)
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const MAX_MATCHES_PER_PATTERN = 20;
const MAX_MATCHES = 400;

// One byte per BMP code unit: 1 when it is part of a word (letter, digit, mark); 2 for a letter of
// a script written without spaces between words (Thai, Lao, Khmer, Chinese, Japanese kana), where
// every letter may begin a word, so patterns are tried there too and not only after a space.
const WORD = (() => {
  const t = Uint8Array.from(WORD_CHARS);
  const letter = /\p{L}/u;
  for (const [a, b] of [[0x0e00, 0x0eff], [0x1780, 0x17ff], [0x3040, 0x30ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff]]) {
    for (let c = a; c <= b; c++) if (letter.test(String.fromCharCode(c))) t[c] = 2;
  }
  return t;
})();

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function sourceOf(p: RawPack['patterns'][number], folds: TextFolds): string {
  let src: string;
  if (p.terms && p.stem) {
    // one alternative per distinct stemmed term; the longest (most specific) first
    const literal = (s: string) => escapeRe(folds.foldPattern(s));
    const terms = [...new Set(p.terms.map((t) => stemTerm(t.toLowerCase().trim(), p.lang[0], literal).join('[ \\n-]?')))];
    terms.sort((a, b) => b.length - a.length);
    src = `(?:${terms.join('|')})`;
  } else if (p.terms) {
    const terms = [...new Set(p.terms.map((t) => folds.foldPattern(t.toLowerCase()).trim()).filter(Boolean))];
    terms.sort((a, b) => b.length - a.length);
    src = `(?:${terms.map((t) => escapeRe(t).replace(/ /g, '[ \\n-]?')).join('|')})`;
  } else {
    src = folds.foldPattern(p.regex!).replace(/(?<!\\)\\b/g, WORD_END).replace(/(?<!\\)\\w/g, WORD_CHAR);
  }
  return p.wholeWord ? `(?:${src})${WORD_END}` : src;
}

// A pattern's top-level alternatives with the beginnings each can have, for running only those that
// can begin at a word start. Null (run it whole) when it has none, or one whose beginning is not
// plain text on its own (say an empty alternative that leaves it to what follows).
interface PatternBranches { pre: string; post: string; alts: { src: string; prefixes: string[] }[] }

function branchesOf(src: string): PatternBranches | null {
  const b = splitAlternatives(src);
  if (!b || !canJoin(src)) return null;
  try {
    return { pre: b.pre, post: b.post, alts: b.alts.map((a) => ({ src: a, prefixes: indexPrefixes(a) })) };
  } catch (err) {
    if (err instanceof RegexShapeError) return null;
    throw err;
  }
}

// Numbered groups in a regex source (counted, not compiled: every compile adds to V8's regex code).
function captureGroups(src: string): number {
  let n = 0;
  for (let k = 0, inClass = false; k < src.length; k++) {
    const c = src[k];
    if (c === '\\') k++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(' && src[k + 1] !== '?') n++;
  }
  return n;
}

// Alternations join patterns in numbered groups: a backreference or named group would not survive
const canJoin = (src: string) => !/\\[1-9]|\\k<|\(\?<[^=!]/.test(src);

function compileOne(p: RawPack['patterns'][number], folds: TextFolds, issues: PackIssue[]) {
  const src = sourceOf(p, folds);
  try {
    const re = new RegExp(src, 'uy');
    const prefixes = indexPrefixes(src);
    const bad = prefixes.find((x) => WORD[x.charCodeAt(0)] === 0);
    if (bad !== undefined) throw new RegexShapeError(`a match must begin with a letter or digit, not "${bad[0]}"`);
    return { re, prefixes, branches: branchesOf(src) };
  } catch (err) {
    const why = err instanceof SyntaxError ? `invalid regex: ${err.message}` : (err as Error).message;
    issues.push({ file: p.file, line: p.line, reason: `${p.id}: ${why}` });
    return null;
  }
}

// A trie over the first 1–6 code units of every pattern's possible beginnings. Each node keeps the
// merged, deduplicated list of patterns whose prefix is that node or one of its ancestors (in the
// pattern order), so a word start costs ≤ 6 lookups and one list walk. Deeper nodes hold fewer
// candidates: going from 3 to 6 characters cut the regex calls at a word start and made scoring
// ~13 % faster on real posts, with byte-identical results.
interface Trie { first: Int32Array; cands: Int32Array[]; edges: Edges; paths: string[] }

// The trie's edges below the first character, in one open-addressed hash table of typed arrays:
// a word start walks up to five of them, and a Map lookup per step cost more than the walk's use.
class Edges {
  private readonly parents: Int32Array;
  private readonly chars: Uint16Array;
  private readonly children: Int32Array;
  private readonly mask: number;
  /** 1 for a node with children: a leaf ends the walk without a lookup */
  readonly hasKids: Uint8Array;

  constructor(kids: (Map<number, number> | null)[]) {
    let count = 0;
    for (const m of kids) count += m?.size ?? 0;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.mask = size - 1;
    this.parents = new Int32Array(size).fill(-1);
    this.chars = new Uint16Array(size);
    this.children = new Int32Array(size);
    this.hasKids = new Uint8Array(kids.length);
    kids.forEach((m, parent) => {
      if (!m) return;
      this.hasKids[parent] = 1;
      for (const [c, child] of m) {
        let h = Edges.hash(parent, c) & this.mask;
        while (this.parents[h] !== -1) h = (h + 1) & this.mask;
        this.parents[h] = parent;
        this.chars[h] = c;
        this.children[h] = child;
      }
    });
  }

  private static hash(parent: number, c: number): number {
    return (Math.imul(parent, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b)) >>> 0;
  }

  /** The child of `parent` along code unit c, or -1. */
  child(parent: number, c: number): number {
    for (let h = Edges.hash(parent, c) & this.mask; ; h = (h + 1) & this.mask) {
      const p = this.parents[h];
      if (p === -1) return -1;
      if (p === parent && this.chars[h] === c) return this.children[h];
    }
  }
}

function buildTrie(prefixes: string[][]): Trie {
  const first = new Int32Array(65536).fill(-1);
  const lists: number[][] = [];
  const kids: (Map<number, number> | null)[] = [];
  const paths: string[] = [];
  const node = (parent: number, c: number): number => {
    if (parent < 0 && first[c] >= 0) return first[c];
    const m = parent >= 0 ? kids[parent] : null;
    if (m?.has(c)) return m.get(c)!;
    const id = lists.length;
    lists.push([]);
    kids.push(null);
    paths.push((parent >= 0 ? paths[parent] : '') + String.fromCharCode(c));
    if (parent < 0) first[c] = id;
    else (kids[parent] ??= new Map()).set(c, id);
    return id;
  };
  // lists[n]: patterns whose prefix ends exactly at node n, in the order they were indexed
  prefixes.forEach((list, p) => {
    for (const pre of list) {
      let n = -1;
      for (let k = 0; k < pre.length; k++) n = node(n, pre.charCodeAt(k));
      if (!lists[n].includes(p)) lists[n].push(p);
    }
  });
  const cands: Int32Array[] = new Array(lists.length);
  const merge = (n: number, inherited: number[]) => {
    const all = [...inherited];
    for (const p of lists[n]) if (!all.includes(p)) all.push(p);
    cands[n] = Int32Array.from(all).sort(); // pack order, however deep each pattern is indexed
    kids[n]?.forEach((child) => merge(child, all));
  };
  for (let c = 0; c < 65536; c++) if (first[c] >= 0) merge(first[c], []);
  return { first, cands, edges: new Edges(kids), paths };
}

// Most word starts match none of their candidates. One sticky alternation of a node's candidates,
// each in its own capture group, rejects such a start in a single regex call. When it matches, the
// first group that took part names the first candidate that matches (every branch before it failed
// at i, and nothing follows the alternation, so the branch's match is that pattern's own match);
// the candidates after it get their own alternation, built on first need.
// Each candidate runs as its "cut": only its top-level alternatives that can begin with the node's
// characters, in their order. The others cannot match there, so the cut's match at i is the whole
// pattern's; a term list of 300 words tries the two that begin "при", not all 300.
// Measured: with two compiled copies of the pack alive in one process, matching ran ~3× slower:
// V8 stops optimising new regex code after ~1 MB of it (see hits() below), so a process should hold one pack.
interface Filter { re: RegExp; groups: Int32Array }
/** What a trie node runs, built on the first word start that reaches it. */
interface NodeRun { list: Int32Array; cuts: RegExp[]; filter: Filter | null; tail: (Filter | null | undefined)[] }

function cutMaker(patterns: CompiledPattern[], branches: (PatternBranches | null)[]): (p: number, path: string) => RegExp {
  const bySource = new Map<string, RegExp>();
  return (p, path) => {
    const b = branches[p];
    // an alternative's beginning may be longer than the node's path: it can match where it agrees with it
    const kept = b?.alts.filter((a) => a.prefixes.some((q) => path.startsWith(q) || q.startsWith(path))).map((a) => a.src);
    const src = b && kept && kept.length < b.alts.length ? `${b.pre}(?:${kept.join('|')})${b.post}` : patterns[p].re.source;
    let re = bySource.get(src);
    if (!re) bySource.set(src, (re = new RegExp(src, 'uy')));
    return re;
  };
}

function filterMaker(): (cuts: RegExp[]) => Filter | null {
  const byList = new Map<string, Filter | null>();
  const ids = new Map<RegExp, number>();
  return (cuts) => {
    if (cuts.length < 2 || !cuts.every((re) => canJoin(re.source))) return null;
    const key = cuts.map((re) => ids.get(re) ?? ids.set(re, ids.size).get(re)).join(',');
    if (byList.has(key)) return byList.get(key)!;
    const groups = new Int32Array(cuts.length);
    let g = 1;
    cuts.forEach((re, k) => { groups[k] = g; g += 1 + captureGroups(re.source); });
    const re = new RegExp(cuts.map((c) => `(${c.source})`).join('|'), 'uy');
    byList.set(key, { re, groups });
    return byList.get(key)!;
  };
}

interface Matcher {
  match(text: string): RawMatch[];
  /** whether match(text) would hold a match of pattern p, running p's own regex only */
  hits(text: string, p: number): boolean;
}

function buildMatcher(patterns: CompiledPattern[], prefixes: string[][], branches: (PatternBranches | null)[]): Matcher {
  const { first, cands, edges, paths } = buildTrie(prefixes);
  const hasKids = edges.hasKids;
  const cutOf = cutMaker(patterns, branches);
  const makeFilter = filterMaker();
  const runs: (NodeRun | undefined)[] = new Array(cands.length);
  const runAt = (node: number): NodeRun => {
    const list = cands[node];
    const cuts = Array.from(list, (p) => cutOf(p, paths[node]));
    return (runs[node] = { list, cuts, filter: makeFilter(cuts), tail: new Array(list.length).fill(undefined) });
  };
  const res = patterns.map((p) => p.re);
  const counts = new Uint16Array(patterns.length); // reset after each call: match() never re-enters
  // the deepest trie node for the characters at word start i (-1: no pattern starts so)
  const nodeAt = (text: string, i: number): number => {
    const n = text.length;
    let node = first[text.charCodeAt(i)];
    if (node < 0) return node;
    for (let j = i + 1; j < n && hasKids[node] === 1; j++) {
      const next = edges.child(node, text.charCodeAt(j));
      if (next < 0) return node;
      node = next;
    }
    return node;
  };
  const wordStarts = (text: string): number[] => {
    const at: number[] = [];
    for (let i = 0, prevWord = false; i < text.length; i++) {
      const k = WORD[text.charCodeAt(i)];
      const w = k !== 0;
      if (w && (!prevWord || k === 2)) at.push(i);
      prevWord = w;
    }
    return at;
  };
  // The pack's examples are checked with hits(), not match(): V8 stops optimising regexes once a
  // process has generated about 1 MB of regex code, and the example check used to compile every
  // candidate alternation first, leaving the ones that score posts unoptimised (~1.7× slower).
  const hits = (text: string, p: number): boolean => {
    const starts = wordStarts(text);
    let most = 0; // match() stops at MAX_MATCHES: when that can bind, ask it
    for (const i of starts) { const node = nodeAt(text, i); if (node >= 0) most += cands[node].length; }
    if (most >= MAX_MATCHES) return match(text).some((m) => m.p === p);
    const re = res[p];
    for (const i of starts) {
      const node = nodeAt(text, i);
      if (node < 0 || !cands[node].includes(p)) continue;
      re.lastIndex = i;
      if (re.test(text) && re.lastIndex > i) return true;
    }
    return false;
  };
  // The call's text and results, shared with tryFiltered and tryAll: under tsx (esbuild keepNames)
  // a function declared inside match() costs a closure and a defineProperty on every post.
  let text = '';
  let out: RawMatch[] = [];

  return { match, hits };

  function match(normalized: string): RawMatch[] {
    text = normalized;
    out = [];
    const n = text.length;
    let prevWord = false;
    for (let i = 0; i < n && out.length < MAX_MATCHES; i++) {
      const c = text.charCodeAt(i);
      const k = WORD[c];
      const w = k !== 0;
      if (w && (!prevWord || k === 2)) {
        const node = nodeAt(text, i);
        if (node >= 0) {
          const run = runs[node] ?? runAt(node);
          if (run.filter === null) tryAll(run, i, 0);
          else tryFiltered(run, i);
        }
      }
      prevWord = w;
    }
    for (const m of out) counts[m.p] = 0;
    const found = out;
    text = '';
    out = [];
    return found;
  }

  function tryFiltered(run: NodeRun, i: number): void {
    let from = 0;
    for (let f: Filter | null = run.filter; f !== null;) {
      f.re.lastIndex = i;
      const m = f.re.exec(text);
      if (m === null) return;
      let k = 0;
      while (m[f.groups[k]] === undefined) k++;
      const at = from + k;
      const p = run.list[at];
      if (f.re.lastIndex > i && counts[p] < MAX_MATCHES_PER_PATTERN) { out.push({ p, start: i, end: f.re.lastIndex }); counts[p]++; }
      from = at + 1;
      if (from === run.list.length) return;
      let next: Filter | null | undefined = run.tail[from];
      if (next === undefined) next = run.tail[from] = makeFilter(run.cuts.slice(from));
      if (next === null) { tryAll(run, i, from); return; }
      f = next;
    }
  }

  function tryAll(run: NodeRun, i: number, from: number): void {
    for (let k = from; k < run.list.length; k++) {
      const p = run.list[k];
      if (counts[p] >= MAX_MATCHES_PER_PATTERN) continue;
      const re = run.cuts[k];
      re.lastIndex = i;
      if (re.test(text) && re.lastIndex > i) { out.push({ p, start: i, end: re.lastIndex }); counts[p]++; }
    }
  }
}

function checkExamples(pack: CompiledPack, matcher: Matcher, { normalize }: TextFolds, defs: RawPack['patterns'], issues: PackIssue[]) {
  pack.patterns.forEach((p, idx) => {
    const def = defs[idx];
    const hits = (ex: string) => matcher.hits(normalize(ex).text, idx);
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
  const branches: (PatternBranches | null)[] = [];
  const defs: RawPack['patterns'] = [];
  for (const p of raw.patterns) {
    const c = compileOne(p, folds, issues);
    if (!c) continue;
    patterns.push({ id: p.id, category: p.category, weight: p.weight, lang: p.lang, re: c.re, file: p.file, line: p.line });
    prefixes.push(c.prefixes);
    branches.push(c.branches);
    defs.push(p);
  }
  const plausibility = raw.plausibility ? compileClaims(raw.plausibility, folds.foldPattern) : null;
  const matcher = buildMatcher(patterns, prefixes, branches);
  const vocabulary = vocabularyOf(patterns.map((p) => p.re.source));
  const pack: CompiledPack = { version: raw.version, model: raw.model, patterns, match: matcher.match, plausibility, vocabulary };
  checkExamples(pack, matcher, folds, defs, issues);
  if (issues.length) throw new PackError(issues);
  return pack;
}
