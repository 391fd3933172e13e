import type { Country, Employer, PlausibilityTable } from './table.ts';

// What a text claims: where the job is, who hires, and where its readers come from. Read from the
// pack's categories and from the table's place names and employer terms, in one pass over
// the normalised text (run only for texts that already fit a scheme, so it costs nothing on the
// ordinary feed).

export interface Claims {
  destination: Country | null;
  employer: Employer | null;
  /** countries the text names other than the destination, in text order (where recruits come from) */
  named: Country[];
}

type Hit = { country: Country } | { employer: Employer };

export interface CompiledClaims {
  table: PlausibilityTable;
  read(normText: string, categories: ReadonlyMap<string, number>): Claims;
}

interface Term { text: string; hit: Hit }

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const isFlexible = (c: string) => c === ' ' || c === '\n' || c === '-';

/** End of `term` matched at `i`, or -1. A space in a term matches a space, a newline, a hyphen or nothing, as in pattern terms. */
function matchAt(text: string, i: number, term: string): number {
  let j = i;
  for (let k = 0; k < term.length; k++) {
    const c = term[k];
    if (c === ' ') {
      if (j < text.length && isFlexible(text[j])) j++;
      continue;
    }
    if (text[j] !== c) return -1;
    j++;
  }
  return j;
}

/**
 * `fold` is the pack's pattern fold, so a term matches the normalised text as a pattern term would.
 * Terms are indexed by their first character and tried only at word starts: a handful of string
 * comparisons per word, cheaper than one regex of a few hundred alternatives.
 */
export function compileClaims(table: PlausibilityTable, fold: (s: string) => string): CompiledClaims {
  const byFirst = new Map<string, Term[]>();
  const add = (words: string[], hit: Hit) => {
    for (const w of words) {
      const text = fold(w.toLowerCase()).trim();
      if (!text) continue;
      const list = byFirst.get(text[0]) ?? [];
      list.push({ text, hit });
      byFirst.set(text[0], list);
    }
  };
  for (const c of table.countries) add(c.names, { country: c });
  for (const e of table.employers) add(e.terms, { employer: e });
  for (const list of byFirst.values()) list.sort((a, b) => b.text.length - a.text.length); // longest first
  const byCategory = table.countries.filter((c) => c.destination && c.category);

  const read = (text: string, categories: ReadonlyMap<string, number>): Claims => {
    const named: Country[] = [];
    let employer: Employer | null = null;
    for (let i = 0; i < text.length; i++) {
      const list = byFirst.get(text[i]);
      if (!list || (i > 0 && WORD_CHAR.test(text[i - 1]))) continue;
      for (const t of list) {
        const end = matchAt(text, i, t.text);
        if (end < 0) continue;
        if ('employer' in t.hit) employer ??= t.hit.employer;
        else if (!named.includes(t.hit.country)) named.push(t.hit.country);
        i = end - 1;
        break;
      }
    }
    employer ??= table.employers.find((e) => e.categories.length > 0 && e.categories.every((c) => categories.has(c))) ?? null;
    const destination = pickDestination(named, byCategory, categories);
    return { destination, employer, named: named.filter((c) => c !== destination) };
  };
  return { table, read };
}

/**
 * A place the pack's category confirms (Russia, by DEST-RU) wins over places merely named, unless
 * a named destination lies in it (an occupied area shares Russia's phones); else the first named.
 */
function pickDestination(named: Country[], byCategory: Country[], categories: ReadonlyMap<string, number>): Country | null {
  const confirmed = byCategory.find((c) => categories.has(c.category!));
  const namedDest = named.filter((c) => c.destination);
  if (confirmed) return namedDest.find((c) => (c.phones ?? [c.code]).includes(confirmed.code)) ?? confirmed;
  return namedDest[0] ?? null;
}
