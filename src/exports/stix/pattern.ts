/**
 * A parser for the STIX 2.1 Patterning language (STIX 2.1 §9; the grammar OASIS publishes as
 * STIXPattern.g4). No maintained JavaScript parser of it is on the npm registry, so this one follows
 * the grammar: observation expressions in [ ] joined by AND, OR and FOLLOWEDBY, with WITHIN, REPEATS
 * and START/STOP qualifiers; comparisons of an object path (`type:prop.sub[0]`) with =, !=, <, <=, >,
 * >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET (each may be NOT-ed) or EXISTS; string, integer, float,
 * boolean, t'timestamp', h'hex' and b'base64' literals. A string literal escapes only \' and \\.
 * It also checks §9.5's rule that comparisons joined by AND inside one [ ] name one object type.
 *
 * It answers every comparison it read, so a test (or a partner) can turn a pattern back into values.
 */

export type Literal = string | number | boolean | { kind: 'timestamp' | 'hex' | 'binary'; value: string } | Literal[];

export interface Comparison {
  objectType: string;
  /** the property path after the colon: `user-account:account_login` is ['account_login'] */
  path: Array<string | number | '*'>;
  operator: '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET' | 'EXISTS';
  negated: boolean;
  value?: Literal;
}

export class PatternError extends Error {}

type Token = { kind: 'word' | 'string' | 'number' | 'typed' | 'punct'; text: string; value?: Literal; at: number };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'FOLLOWEDBY', 'LIKE', 'MATCHES', 'ISSUPERSET', 'ISSUBSET', 'EXISTS', 'IN', 'START', 'STOP', 'SECONDS', 'WITHIN', 'REPEATS', 'TIMES']);
const TIMESTAMP = /^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?Z$/;
const OBJECT_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PROPERTY = /^[a-z_][a-z0-9_]*$/i;

function readString(src: string, start: number): { value: string; end: number } {
  let out = '';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const next = src[i + 1];
      if (next !== "'" && next !== '\\') throw new PatternError(`at ${i}: only \\' and \\\\ may be escaped in a string`);
      out += next;
      i++;
    } else if (c === "'") return { value: out, end: i + 1 };
    else out += c;
  }
  throw new PatternError(`at ${start}: the string is not closed`);
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const typed = /^([thb])'/.exec(src.slice(i, i + 2));
    if (typed) {
      const { value, end } = readString(src, i + 1);
      const kind = typed[1] === 't' ? 'timestamp' : typed[1] === 'h' ? 'hex' : 'binary';
      if (kind === 'timestamp' && !TIMESTAMP.test(value)) throw new PatternError(`at ${i}: t'${value}' is not an RFC 3339 UTC timestamp`);
      if (kind === 'hex' && !/^([0-9a-fA-F]{2})*$/.test(value)) throw new PatternError(`at ${i}: h'${value}' is not hex octets`);
      if (kind === 'binary' && !/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) throw new PatternError(`at ${i}: b'${value}' is not base64`);
      tokens.push({ kind: 'typed', text: src.slice(i, end), value: { kind, value }, at: i });
      i = end;
    } else if (c === "'") {
      const { value, end } = readString(src, i);
      tokens.push({ kind: 'string', text: src.slice(i, end), value, at: i });
      i = end;
    } else if (/[-+0-9]/.test(c)) {
      const m = /^[-+]?(\d+\.\d+|\.\d+|\d+)/.exec(src.slice(i));
      if (!m) throw new PatternError(`at ${i}: unexpected ${c}`);
      tokens.push({ kind: 'number', text: m[0], value: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[a-zA-Z_]/.test(c)) {
      const m = /^[a-zA-Z_][a-zA-Z0-9_-]*/.exec(src.slice(i))!;
      tokens.push({ kind: 'word', text: m[0], at: i });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      const punct = ['!=', '<=', '>=', '<>'].includes(two) ? two : c;
      if (!['[', ']', '(', ')', ':', '.', ',', '=', '!=', '<', '<=', '>', '>=', '<>', '*'].includes(punct)) throw new PatternError(`at ${i}: unexpected ${c}`);
      tokens.push({ kind: 'punct', text: punct, at: i });
      i += punct.length;
    }
  }
  return tokens;
}

/** Parses a STIX 2.1 pattern; throws PatternError with the position of the first mistake. */
export function parsePattern(pattern: string): Comparison[] {
  const tokens = tokenize(pattern);
  let pos = 0;
  const comparisons: Comparison[] = [];
  const peek = () => tokens[pos];
  const where = () => (peek() ? `at ${peek()!.at}` : 'at the end');
  const isWord = (w: string) => peek()?.kind === 'word' && peek()!.text === w;
  const isPunct = (p: string) => peek()?.kind === 'punct' && peek()!.text === p;
  const expectPunct = (p: string) => {
    if (!isPunct(p)) throw new PatternError(`${where()}: expected ${p}`);
    pos++;
  };
  const expectWord = (w: string) => {
    if (!isWord(w)) throw new PatternError(`${where()}: expected ${w}`);
    pos++;
  };

  function literal(): Literal {
    const t = peek();
    if (!t) throw new PatternError('at the end: expected a value');
    if (t.kind === 'string' || t.kind === 'number' || t.kind === 'typed') { pos++; return t.value!; }
    if (t.kind === 'word' && (t.text === 'true' || t.text === 'false')) { pos++; return t.text === 'true'; }
    throw new PatternError(`at ${t.at}: expected a value, found ${t.text}`);
  }

  function objectPath(): Pick<Comparison, 'objectType' | 'path'> {
    const t = peek();
    if (t?.kind !== 'word' || !OBJECT_TYPE.test(t.text) || t.text.length < 3 || t.text.length > 250) throw new PatternError(`${where()}: expected an object type (lower-case letters, digits and hyphens)`);
    pos++;
    expectPunct(':');
    const path: Comparison['path'] = [];
    const property = () => {
      const p = peek();
      if (p?.kind === 'word' && PROPERTY.test(p.text) && !KEYWORDS.has(p.text)) { pos++; return p.text; }
      if (p?.kind === 'string') { pos++; return p.value as string; }
      throw new PatternError(`${where()}: expected a property name`);
    };
    path.push(property());
    for (;;) {
      if (isPunct('.')) { pos++; path.push(property()); continue; }
      if (isPunct('[')) {
        pos++;
        const p = peek();
        if (p?.kind === 'punct' && p.text === '*') { pos++; path.push('*'); }
        else if (p?.kind === 'number' && Number.isInteger(p.value)) { pos++; path.push(p.value as number); }
        else throw new PatternError(`${where()}: expected a list index or *`);
        expectPunct(']');
        continue;
      }
      return { objectType: t.text, path };
    }
  }

  // one comparison; returns the object types it names (one, or several inside parentheses)
  function propTest(): Set<string> {
    if (isPunct('(')) {
      pos++;
      const types = comparisonOr();
      expectPunct(')');
      return types;
    }
    if (isWord('EXISTS')) {
      pos++;
      const path = objectPath();
      comparisons.push({ ...path, operator: 'EXISTS', negated: false });
      return new Set([path.objectType]);
    }
    const path = objectPath();
    let negated = false;
    if (isWord('NOT')) { pos++; negated = true; }
    const t = peek();
    if (t?.kind === 'punct' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      pos++;
      const operator = (t.text === '<>' ? '!=' : t.text) as Comparison['operator'];
      comparisons.push({ ...path, operator, negated, value: literal() });
    } else if (t?.kind === 'word' && t.text === 'IN') {
      pos++;
      expectPunct('(');
      const set: Literal[] = [literal()];
      while (isPunct(',')) { pos++; set.push(literal()); }
      expectPunct(')');
      comparisons.push({ ...path, operator: 'IN', negated, value: set });
    } else if (t?.kind === 'word' && ['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'].includes(t.text)) {
      pos++;
      const s = peek();
      if (s?.kind !== 'string') throw new PatternError(`${where()}: ${t.text} needs a string`);
      pos++;
      comparisons.push({ ...path, operator: t.text as Comparison['operator'], negated, value: s.value });
    } else throw new PatternError(`${where()}: expected a comparison operator`);
    return new Set([path.objectType]);
  }

  function comparisonAnd(): Set<string> {
    const types = propTest();
    while (isWord('AND')) {
      pos++;
      for (const t of propTest()) types.add(t);
    }
    if (types.size > 1) throw new PatternError(`comparisons joined by AND in one observation must name one object type, not ${[...types].join(' and ')}`);
    return types;
  }

  function comparisonOr(): Set<string> {
    const types = comparisonAnd();
    while (isWord('OR')) {
      pos++;
      for (const t of comparisonAnd()) types.add(t);
    }
    return types;
  }

  function qualifiers() {
    for (;;) {
      if (isWord('START')) {
        pos++;
        if (peek()?.kind !== 'typed' || (peek()!.value as { kind: string }).kind !== 'timestamp') throw new PatternError(`${where()}: START needs t'...'`);
        pos++;
        expectWord('STOP');
        if (peek()?.kind !== 'typed' || (peek()!.value as { kind: string }).kind !== 'timestamp') throw new PatternError(`${where()}: STOP needs t'...'`);
        pos++;
      } else if (isWord('WITHIN')) {
        pos++;
        if (peek()?.kind !== 'number' || (peek()!.value as number) <= 0) throw new PatternError(`${where()}: WITHIN needs a positive number`);
        pos++;
        expectWord('SECONDS');
      } else if (isWord('REPEATS')) {
        pos++;
        const n = peek();
        if (n?.kind !== 'number' || !Number.isInteger(n.value) || (n.value as number) <= 0) throw new PatternError(`${where()}: REPEATS needs a positive integer`);
        pos++;
        expectWord('TIMES');
      } else return;
    }
  }

  function observation() {
    if (isPunct('[')) {
      pos++;
      comparisonOr();
      expectPunct(']');
    } else if (isPunct('(')) {
      pos++;
      observationsFollowed();
      expectPunct(')');
    } else throw new PatternError(`${where()}: expected [ or (`);
    qualifiers();
  }

  function observationsAnd() {
    observation();
    while (isWord('AND')) { pos++; observation(); }
  }
  function observationsOr() {
    observationsAnd();
    while (isWord('OR')) { pos++; observationsAnd(); }
  }
  function observationsFollowed() {
    observationsOr();
    while (isWord('FOLLOWEDBY')) { pos++; observationsOr(); }
  }

  if (tokens.length === 0) throw new PatternError('the pattern is empty');
  observationsFollowed();
  if (pos < tokens.length) throw new PatternError(`${where()}: unexpected ${peek()!.text}`);
  return comparisons;
}

/** A value as a STIX pattern string literal: quotes and backslashes escaped, nothing else (§9.4). */
export const patternString = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
