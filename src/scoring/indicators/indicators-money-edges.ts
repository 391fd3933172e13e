// Cheap necessary conditions for the currency regexes: the first (or last) one or two characters of
// every currency alternative, read from the alternation source itself, so an amount like "10am" or
// "age 18" is dismissed with two table lookups instead of two regex runs on slices.

interface Atom {
  chars: string[];
  optional: boolean;
}

/** Top-level alternatives of a regex source made of literals, escapes, [sets], groups and ? or *. */
function alternatives(source: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      out.push(source.slice(from, i));
      from = i + 1;
    }
  }
  out.push(source.slice(from));
  return out;
}

/** The atoms of one alternative up to the first group or class escape (null stands for "anything"). */
function atoms(alt: string): (Atom | null)[] {
  const out: (Atom | null)[] = [];
  for (let i = 0; i < alt.length; ) {
    let chars: string[] | null;
    if (alt[i] === '\\') {
      chars = alt[i + 1] === 'p' ? null : [alt[i + 1]];
      i += alt[i + 1] === 'p' ? alt.indexOf('}', i) + 1 - i : 2;
    } else if (alt[i] === '[') {
      const close = alt.indexOf(']', i);
      chars = [...alt.slice(i + 1, close)];
      i = close + 1;
    } else if (alt[i] === '(') {
      chars = null;
      i = alt.length;
    } else chars = [alt[i++]];
    const optional = alt[i] === '?' || alt[i] === '*';
    if (optional) i++;
    out.push(chars ? { chars, optional } : null);
  }
  return out;
}

const SPACE = /\s/;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(String.fromCharCode(c)));

const pair = (a: string, b: string): number => a.charCodeAt(0) * 0x10000 + b.charCodeAt(0);

/** Which characters may stand at one edge of a currency: alone, or as the two outermost. */
export class CurrencyEdge {
  private singles = new Set<number>();
  private pairs = new Set<number>();
  private any = false;

  /** `atEnd`: the edge is the currency's last characters (it stands before an amount). */
  constructor(source: string, private atEnd: boolean) {
    for (const alt of alternatives(source)) {
      const list = atoms(alt);
      if (atEnd) list.reverse();
      const outer = list[0];
      if (atEnd && outer?.optional) {
        this.add([{ chars: outer.chars, optional: false }, ...list.slice(1)]); // "rs." and "rs"
        this.add(list.slice(1));
      } else this.add(list);
    }
  }

  private add(list: (Atom | null)[]): void {
    const [outer, inner] = list;
    if (!outer || outer.optional) {
      this.any = true;
      return;
    }
    for (const a of outer.chars) {
      if (!inner || inner.optional) this.singles.add(a.charCodeAt(0));
      else for (const b of inner.chars) this.pairs.add(this.atEnd ? pair(b, a) : pair(a, b));
    }
  }

  /**
   * False when no currency can end just before `at` (atEnd) or start at `at`, with one optional
   * whitespace character between, as the regexes allow.
   */
  mayTouch(text: string, at: number): boolean {
    if (this.any) return true;
    const i = this.atEnd ? at - 1 : at;
    const step = this.atEnd ? -1 : 1;
    return this.mayEdgeAt(text, i) || (isSpace(text.charCodeAt(i)) && this.mayEdgeAt(text, i + step));
  }

  private mayEdgeAt(text: string, i: number): boolean {
    if (i < 0 || i >= text.length) return false;
    const c = text.charCodeAt(i);
    if (this.singles.has(c)) return true;
    const j = this.atEnd ? i - 1 : i + 1;
    if (j < 0 || j >= text.length) return false;
    return this.pairs.has(this.atEnd ? text.charCodeAt(j) * 0x10000 + c : c * 0x10000 + text.charCodeAt(j));
  }
}
