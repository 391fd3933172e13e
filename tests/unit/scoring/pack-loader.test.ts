import { describe, expect, it } from 'vitest';
import { loadScorer } from '../../../src/scoring/index.ts';
import { packWith, refusal } from '../../helpers/small-pack.ts';

const good = (id: string, line = '') => `  - id: ${id}
    lang: en
    terms: [russian army]${line}
    examples: { match: [join the russian army], nomatch: [join the navy] }
`;

describe('pack loader', () => {
  it('accepts a small valid pack and gives a stable content-hash version', () => {
    const dir = packWith(`category: MIL-ROLE\npatterns:\n${good('a.one')}`);
    const a = loadScorer({ dir });
    expect(a.packVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(loadScorer({ dir }).packVersion).toBe(a.packVersion);
    expect(loadScorer().packVersion).not.toBe(a.packVersion);
  });

  it('reads a regex given as a list of alternatives as one alternation', () => {
    const dir = packWith(`category: MIL-ROLE\npatterns:\n  - id: a.list\n    lang: en\n    regex:\n    - 'russian (?:army|military)'\n    - 'drone operators?'\n    examples: { match: [join the russian army, drone operator wanted], nomatch: [join the navy] }\n`);
    const matched = (text: string) => loadScorer({ dir }).score(text).matches.filter((m) => m.rule === 'a.list').map((m) => m.text);
    expect(matched('Drone operators for the Russian military')).toEqual(['Drone operators', 'Russian military']);
    expect(matched('operators of drones')).toEqual([]);
  });

  it('refuses a duplicate id with file and line', () => {
    const err = refusal(packWith(`category: MIL-ROLE\npatterns:\n${good('a.one')}${good('a.one')}`));
    expect(err.issues[0].reason).toMatch(/duplicate id a\.one/);
    expect(err.issues[0].file).toMatch(/p\.yaml$/);
    expect(err.issues[0].line).toBe(7);
  });

  it('refuses an invalid regex', () => {
    const err = refusal(packWith(`category: MIL-ROLE\npatterns:\n  - id: bad.re\n    lang: en\n    regex: 'army(('\n    examples: { match: [army], nomatch: [navy] }\n`));
    expect(err.issues[0]).toMatchObject({ line: 3 });
    expect(err.issues[0].reason).toMatch(/bad\.re/);
  });

  it('refuses nested repetition that could backtrack catastrophically', () => {
    const err = refusal(packWith(`category: MIL-ROLE\npatterns:\n  - id: bad.nested\n    lang: en\n    regex: 'a(?:b+)+c'\n    examples: { match: [abc], nomatch: [x] }\n`));
    expect(err.issues[0].reason).toMatch(/nested repetition|repeat/);
  });

  it('refuses a pattern whose own example fails, naming the example', () => {
    const err = refusal(packWith(`category: MIL-ROLE\npatterns:\n  - id: a.fail\n    lang: en\n    terms: [army]\n    examples: { match: [navy], nomatch: [air force] }\n`));
    expect(err.issues[0].reason).toMatch(/should match but does not: "navy"/);
  });

  it('refuses a schema error and an unknown category at the right line', () => {
    const err = refusal(packWith(`patterns:\n${good('a.ok')}  - id: a.nocat\n    category: NOPE\n    lang: en\n    terms: [x]\n    examples: { match: [x], nomatch: [y] }\n  - id: a.noexamples\n    category: MIL-ROLE\n    lang: en\n    terms: [x]\n`));
    const reasons = err.issues.map((i) => `${i.line}: ${i.reason}`).join('\n');
    expect(reasons).toMatch(/examples/);
    expect(reasons).toMatch(/unknown category NOPE/);
  });

  it('refuses YAML that does not parse, with its line', () => {
    const err = refusal(packWith('patterns:\n  - id: [unclosed\n'));
    expect(err.issues[0].line).toBeGreaterThan(0);
  });
});
