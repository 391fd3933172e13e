// Static analysis of a pattern's regex source: the literal prefixes it can start with (for the
// prefix index that dispatches patterns at word starts) and a refusal of shapes that can backtrack
// catastrophically. Covers the regex subset the pack uses; anything unknown counts as a wildcard.

export const PREFIX_LEN = 3;
// The prefix index goes deeper where a pattern's beginnings allow it (see indexPrefixes): the
// deeper a word start's node, the fewer patterns run there.
const INDEX_LEN = 6;
const MAX_PREFIXES = 400;
const MAX_BOUNDED_REPEAT = 120;
const MAX_GROUP_REPEAT = 4;

type Node =
  | { t: 'lit'; c: string }
  | { t: 'set'; chars: string[] | null } // null: too wide to enumerate
  | { t: 'empty' } // anchors and lookarounds: zero width
  | { t: 'group'; alts: Item[][] };
interface Item { node: Node; min: number; max: number }

export class RegexShapeError extends Error {}

class Parser {
  i = 0;
  constructor(readonly s: string) {}
  parseAlt(): Item[][] {
    const alts: Item[][] = [[]];
    while (this.i < this.s.length && this.s[this.i] !== ')') {
      if (this.s[this.i] === '|') { this.i++; alts.push([]); continue; }
      const node = this.atom();
      const [min, max] = this.quantifier();
      alts[alts.length - 1].push({ node, min, max });
    }
    return alts;
  }
  atom(): Node {
    const c = this.s[this.i++];
    if (c === '\\') return this.escape();
    if (c === '[') return this.charClass();
    if (c === '(') return this.group();
    if (c === '.') return { t: 'set', chars: null };
    if (c === '^' || c === '$') return { t: 'empty' };
    return { t: 'lit', c };
  }
  escape(): Node {
    const c = this.s[this.i++];
    if (c === 'p' || c === 'P') { this.i = this.s.indexOf('}', this.i) + 1; return { t: 'set', chars: null }; }
    if ('sSdDwW'.includes(c)) return { t: 'set', chars: null };
    if (c === 'b' || c === 'B') return { t: 'empty' };
    if (c === 'u' && this.s[this.i] === '{') {
      const end = this.s.indexOf('}', this.i);
      const cp = parseInt(this.s.slice(this.i + 1, end), 16);
      this.i = end + 1;
      return { t: 'lit', c: String.fromCodePoint(cp) };
    }
    if (c === 'u') { const cp = parseInt(this.s.slice(this.i, this.i + 4), 16); this.i += 4; return { t: 'lit', c: String.fromCharCode(cp) }; }
    if (c === 'x') { const cp = parseInt(this.s.slice(this.i, this.i + 2), 16); this.i += 2; return { t: 'lit', c: String.fromCharCode(cp) }; }
    if (c === 'c') { this.i++; return { t: 'set', chars: null }; } // \cX: a control character
    if ('ntrfv0'.includes(c)) return { t: 'set', chars: null };
    return { t: 'lit', c };
  }
  charClass(): Node {
    const negated = this.s[this.i] === '^';
    if (negated) this.i++;
    const chars: string[] = [];
    let wide = negated;
    while (this.i < this.s.length && this.s[this.i] !== ']') {
      let c = this.s[this.i++];
      if (c === '\\') {
        const e = this.s[this.i++];
        if (e === 'p' || e === 'P') { this.i = this.s.indexOf('}', this.i) + 1; wide = true; continue; }
        if ('sSdDwW'.includes(e)) { wide = true; continue; }
        c = e;
      }
      if (this.s[this.i] === '-' && this.s[this.i + 1] !== ']' && this.i + 1 < this.s.length) {
        const to = this.s[this.i + 1] === '\\' ? this.s[this.i + 2] : this.s[this.i + 1];
        this.i += this.s[this.i + 1] === '\\' ? 3 : 2;
        const a = c.codePointAt(0)!, b = to.codePointAt(0)!;
        if (b - a > 64) { wide = true; continue; }
        for (let cp = a; cp <= b; cp++) chars.push(String.fromCodePoint(cp));
        continue;
      }
      chars.push(c);
    }
    this.i++;
    return { t: 'set', chars: wide ? null : chars };
  }
  group(): Node {
    let lookaround = false;
    if (this.s[this.i] === '?') {
      const rest = this.s.slice(this.i, this.i + 4);
      if (rest.startsWith('?:')) this.i += 2;
      else if (rest.startsWith('?=') || rest.startsWith('?!')) { this.i += 2; lookaround = true; }
      else if (rest.startsWith('?<=') || rest.startsWith('?<!')) { this.i += 3; lookaround = true; }
      else if (rest.startsWith('?<')) this.i = this.s.indexOf('>', this.i) + 1;
    }
    const alts = this.parseAlt();
    if (this.s[this.i] !== ')') throw new RegexShapeError('unbalanced parenthesis');
    this.i++;
    checkSafety(alts, lookaround);
    return lookaround ? { t: 'empty' } : { t: 'group', alts };
  }
  quantifier(): [number, number] {
    const c = this.s[this.i];
    let q: [number, number] | null = null;
    if (c === '?') q = [0, 1];
    else if (c === '*') q = [0, Infinity];
    else if (c === '+') q = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.s.slice(this.i));
      if (m) {
        this.i += m[0].length - 1;
        q = [Number(m[1]), m[2] ? (m[3] ? Number(m[3]) : Infinity) : Number(m[1])];
      }
    }
    if (!q) return [1, 1];
    this.i++;
    if (this.s[this.i] === '?') this.i++;
    return q;
  }
}

function hasQuantifier(alts: Item[][]): boolean {
  return alts.some((seq) => seq.some((it) => it.max > 1 || (it.node.t === 'group' && hasQuantifier(it.node.alts))));
}

/** Refuses nested repetition — the shape behind catastrophic backtracking — and huge repeats. */
function checkSafety(alts: Item[][], _lookaround: boolean): void {
  for (const seq of alts) {
    for (const it of seq) {
      if (it.max !== Infinity && it.max > MAX_BOUNDED_REPEAT) throw new RegexShapeError(`repeat {${it.min},${it.max}} is above ${MAX_BOUNDED_REPEAT}`);
      if (it.node.t !== 'group' || it.max <= 1) continue;
      if (it.max > MAX_GROUP_REPEAT) throw new RegexShapeError(`a group may repeat at most ${MAX_GROUP_REPEAT} times (nested repetition backtracks)`);
      if (it.node.alts.some((s) => s.some((x) => x.node.t === 'group' && hasQuantifier(x.node.alts)))) {
        throw new RegexShapeError('repeated group contains a repeated group (nested repetition backtracks)');
      }
    }
  }
}

interface Frag { s: string; open: boolean }

function applyNode(frags: Frag[], node: Node, len: number): Frag[] {
  if (node.t === 'empty') return frags;
  const out: Frag[] = [];
  for (const f of frags) {
    if (!f.open) { out.push(f); continue; }
    if (node.t === 'lit') out.push(grow(f.s + node.c, len));
    else if (node.t === 'set') {
      if (!node.chars) out.push({ s: f.s, open: false });
      else for (const c of node.chars) out.push(grow(f.s + c, len));
    } else for (const seq of node.alts) out.push(...applySeq([f], seq, len));
    if (out.length > MAX_PREFIXES) throw new RegexShapeError('too many possible beginnings to index');
  }
  return dedupe(out);
}

function grow(s: string, len: number): Frag {
  return { s, open: s.length < len };
}

function applySeq(frags: Frag[], seq: Item[], len: number): Frag[] {
  let cur = frags;
  for (const it of seq) {
    for (let k = 0; k < it.min && k < len; k++) cur = applyNode(cur, it.node, len);
    const extra = Math.min(it.max - it.min, len);
    let acc = cur;
    for (let k = 0; k < extra; k++) { cur = applyNode(cur, it.node, len); acc = dedupe([...acc, ...cur]); }
    cur = acc;
  }
  return cur;
}

function dedupe(frags: Frag[]): Frag[] {
  const seen = new Map<string, Frag>();
  for (const f of frags) {
    const key = `${f.open ? 1 : 0}${f.s}`;
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}

/**
 * Parses a regex source, refuses unsafe shapes, and returns every literal beginning a match can
 * have, for the prefix index: as long as INDEX_LEN characters where they stay few enough to list,
 * else shorter, down to PREFIX_LEN. Throws RegexShapeError when a match could begin with something
 * that is not literal text, or with too many different things.
 */
export function indexPrefixes(source: string): string[] {
  const alts = parseSafe(source);
  for (let len = INDEX_LEN; len > PREFIX_LEN; len--) {
    try {
      return beginnings(alts, len);
    } catch (err) {
      if (!(err instanceof RegexShapeError)) throw err; // too many at this length: try shorter
    }
  }
  return beginnings(alts, PREFIX_LEN);
}

function parseSafe(source: string): Item[][] {
  const p = new Parser(source);
  const alts = p.parseAlt();
  if (p.i < source.length) throw new RegexShapeError('unbalanced parenthesis');
  checkSafety(alts, false);
  return alts;
}

function beginnings(alts: Item[][], len: number): string[] {
  const frags = dedupe(alts.flatMap((seq) => applySeq([{ s: '', open: true }], seq, len)));
  if (frags.some((f) => f.s === '')) throw new RegexShapeError('a match can begin with a wildcard; start the pattern with literal text');
  return [...new Set(frags.map((f) => f.s))];
}

/** A regex as zero-width `pre`, then one of `alts`, then `post`: matching it is matching pre(?:alt)post for the alts in order. */
export interface Branches { pre: string; alts: string[]; post: string }

// End of the group or class that opens at s[i] ('(' or '['), or -1.
function closing(s: string, i: number): number {
  let depth = 0;
  let inClass = false;
  for (let k = i; k < s.length; k++) {
    const c = s[k];
    if (c === '\\') { k++; continue; }
    if (inClass) { if (c === ']') { inClass = false; if (s[i] === '[' && depth === 0) return k; } continue; }
    if (c === '[') { inClass = true; continue; }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return k;
  }
  return -1;
}

// The pieces of s between its top-level `|`s.
function splitBars(s: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s[k];
    if (c === '\\') { k++; continue; }
    if (c === '(' || c === '[') { k = closing(s, k); if (k < 0) return [s]; continue; }
    if (c === '|') { out.push(s.slice(from, k)); from = k + 1; }
  }
  out.push(s.slice(from));
  return out;
}

/**
 * Splits a pattern's source into its top-level alternatives — `a|b`, or `(?:a|b)` after leading
 * lookarounds and before an unquantified rest — so the matcher can run, at a word start, only the
 * alternatives that can begin there. Null when the source has no such alternation.
 */
export function splitAlternatives(source: string): Branches | null {
  const top = splitBars(source);
  if (top.length > 1) return { pre: '', alts: top, post: '' };
  let i = 0;
  while (/^\(\?<?[=!]/.test(source.slice(i))) { const end = closing(source, i); if (end < 0) return null; i = end + 1; }
  if (!source.startsWith('(?:', i)) return null;
  const end = closing(source, i);
  if (end < 0 || /^[?*+{]/.test(source.slice(end + 1))) return null;
  const pre = source.slice(0, i);
  const post = source.slice(end + 1);
  const alts = splitBars(source.slice(i + 3, end));
  if (alts.length > 1) return { pre, alts, post };
  // one group inside another ("(?:(?:a|b))" of a whole-word term list): its alternatives, in the same frame
  const inner = splitAlternatives(alts[0]);
  return inner && { pre: pre + inner.pre, alts: inner.alts, post: inner.post + post };
}
