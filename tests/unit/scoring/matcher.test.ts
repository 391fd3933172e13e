import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePatterns, type CompiledPack, type RawMatch } from '../../../src/scoring/pack/compile.ts';
import { readPack, type PatternSource, type RawPack } from '../../../src/scoring/pack/pack.ts';
import { defaultPatternDir } from '../../../src/scoring/index.ts';
import { foldPattern, normalize } from '../../../src/scoring/normalise/normalise.ts';
import { splitAlternatives } from '../../../src/scoring/pack/regex-shape.ts';

// The matcher's fast paths (prefix trie, one capturing alternation per candidate list) must find
// exactly what trying every pattern, sticky, at every word start finds.

const folds = { normalize, foldPattern };
const WORD = /[\p{L}\p{N}\p{M}]/u;

function reference(pack: CompiledPack, text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!WORD.test(text[i]) || (i > 0 && WORD.test(text[i - 1]))) continue;
    pack.patterns.forEach((p, idx) => {
      p.re.lastIndex = i;
      if (p.re.test(text) && p.re.lastIndex > i) out.push(`${idx}:${i}-${p.re.lastIndex}`);
    });
  }
  return out.sort();
}

const key = (ms: RawMatch[]) => ms.map((m) => `${m.p}:${m.start}-${m.end}`).sort();

function pattern(id: string, def: Partial<PatternSource>): PatternSource {
  return { id, category: 'MIL-ROLE', weight: 1, lang: ['en'], wholeWord: false, examples: { match: [], nomatch: [] }, file: 'p.yaml', line: 1, ...def };
}

describe('pattern matcher', () => {
  const raw = readPack(defaultPatternDir);

  it('finds the same matches as trying every pattern at every word start (dev set texts)', () => {
    const pack = compilePatterns(raw, folds);
    const lines = readFileSync(path.join(import.meta.dirname, '../../fixtures/devset.jsonl'), 'utf8').split('\n').filter(Boolean);
    let total = 0;
    for (const line of lines) {
      const text = normalize(JSON.parse(line).text as string).text;
      const got = key(pack.match(text));
      total += got.length;
      expect(got).toEqual(reference(pack, text));
    }
    expect(total).toBeGreaterThan(100);
  });

  it('reports a later candidate when an earlier one with capture groups fails, and both when both match', () => {
    const small: RawPack = {
      ...raw,
      patterns: [
        pattern('t.first', { regex: '(arm)(y|ed) (base|camp)' }),
        pattern('t.second', { regex: 'army (?:jobs?|work)' }),
        pattern('t.third', { terms: ['army'] }),
      ],
    };
    const pack = compilePatterns(small, folds);
    const ids = (t: string) => pack.match(normalize(t).text).map((m) => pack.patterns[m.p].id);
    expect(ids('army jobs now')).toEqual(['t.second', 't.third']);
    expect(ids('army camp jobs')).toEqual(['t.first', 't.third']);
    expect(ids('armed base')).toEqual(['t.first']);
    expect(ids('navy jobs')).toEqual([]);
    for (const t of ['army jobs now', 'army camp army work', 'xarmy base']) {
      expect(key(pack.match(normalize(t).text))).toEqual(reference(pack, normalize(t).text));
    }
  });

  it('runs only the alternatives that can begin at a word start, and still ends each match where the whole pattern would', () => {
    const small: RawPack = {
      ...raw,
      patterns: [
        pattern('t.order', { regex: 'arm|army base|navy' }), // the first alternative that matches wins, as in the whole regex
        pattern('t.look', { regex: '(?<!not )(?:write (to )?us|wr(i)te now|call (us|me))' }),
        pattern('t.tail', { regex: '(?:army|arms|navy) (?:base|camp)' }),
        pattern('t.terms', { terms: ['drone operator', 'driver', 'drone', 'dr ivers'], wholeWord: true }),
        pattern('t.empty', { regex: '(?:|a)rmy' }), // an empty alternative: run whole
      ],
    };
    const pack = compilePatterns(small, folds);
    const spans = (t: string) => pack.match(normalize(t).text).map((m) => `${pack.patterns[m.p].id}:${m.start}-${m.end}`);
    expect(spans('army base')).toEqual(['t.order:0-3', 't.tail:0-9', 't.empty:0-4']);
    expect(spans('please write to us or call me')).toEqual(['t.look:7-18', 't.look:22-29']);
    expect(spans('do not write to us')).toEqual([]);
    expect(spans('drone operator and driver')).toEqual(['t.terms:0-14', 't.terms:19-25']);
    for (const t of ['army base', 'navy camp write now', 'arms camp call us', 'drivers drone rmy', 'not call me, write us']) {
      const n = normalize(t).text;
      expect(key(pack.match(n))).toEqual(reference(pack, n));
    }
  });

  it('splits a source into its top-level alternatives only where that keeps its meaning', () => {
    expect(splitAlternatives('a|b(c|d)|[|]')).toEqual({ pre: '', alts: ['a', 'b(c|d)', '[|]'], post: '' });
    expect(splitAlternatives('(?<!not )(?=w)(?:write|call\\|)x\\b')).toEqual({ pre: '(?<!not )(?=w)', alts: ['write', 'call\\|'], post: 'x\\b' });
    expect(splitAlternatives('(?:a|b)+c')).toBeNull(); // a repeated group is not a choice made once
    expect(splitAlternatives('(?:a|b)c|d')).toEqual({ pre: '', alts: ['(?:a|b)c', 'd'], post: '' });
    expect(splitAlternatives('ab(?:c|d)')).toBeNull();
    expect(splitAlternatives('(?:ab)')).toBeNull();
    // a whole-word term list is a group in a group, followed by the word end
    expect(splitAlternatives('(?:(?:ab|cd))(?!x)')).toEqual({ pre: '', alts: ['ab', 'cd'], post: '(?!x)' });
  });

  it('reads \\x escapes as the letters they are, so a cut keeps the alternative they begin', () => {
    const small: RawPack = { ...raw, patterns: [pattern('t.hex', { regex: '\\x61cd|a\\w' }), pattern('t.other', { regex: 'acx' })] };
    const pack = compilePatterns(small, folds);
    for (const t of ['acd', 'ab acd acx']) {
      const n = normalize(t).text;
      expect(key(pack.match(n))).toEqual(reference(pack, n));
    }
  });
});
