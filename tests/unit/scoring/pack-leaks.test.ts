import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPatternDir } from '../../../src/scoring/index.ts';
import { readPack } from '../../../src/scoring/pack/pack.ts';

// The pack must describe schemes, not remember the texts that measure it: no pack example and no
// pattern alternative may repeat a 30+ character run of any line of an evaluation file. Compared
// after lower-casing and collapsing white space, so re-spacing a copied line does not hide it.
const RUN = 30;
const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

function evaluationLines(): Array<{ file: string; text: string }> {
  const files: string[] = [];
  const fixtures = 'tests/fixtures';
  for (const f of readdirSync(fixtures)) if (f.endsWith('.jsonl')) files.push(path.join(fixtures, f));
  const realWorld = path.resolve('../shared/datasets/real-world');
  if (existsSync(realWorld)) for (const f of readdirSync(realWorld)) if (f.endsWith('.jsonl')) files.push(path.join(realWorld, f));
  return files.flatMap((file) => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => {
    const o = JSON.parse(l) as { text?: unknown };
    if (typeof o.text !== 'string') throw new Error(`${file}: a line without "text"`);
    return { file, text: fold(o.text) };
  }));
}

function runIndex(lines: Array<{ file: string; text: string }>, length = RUN): Map<string, string> {
  const index = new Map<string, string>();
  for (const { file, text } of lines) {
    for (let i = 0; i + length <= text.length; i++) {
      const run = text.slice(i, i + length);
      if (!index.has(run)) index.set(run, path.basename(file));
    }
  }
  return index;
}

/** The first `length`-character run of `s` found in an evaluation line, with the file it came from. */
function leak(index: Map<string, string>, s: string, length = RUN): string | null {
  const t = fold(s);
  for (let i = 0; i + length <= t.length; i++) {
    const file = index.get(t.slice(i, i + length));
    if (file) return `${file}: "${t.slice(i, i + length)}"`;
  }
  return null;
}

// A regex's literal stretches (between its operators) are the alternatives it can repeat verbatim.
const literals = (re: string) => re.replace(/\\[a-zA-Z]/g, '\u0000').split(/[\u0000()[\]|?*+{}\\^$.]/);

describe('pack holds no evaluation text', () => {
  const index = runIndex(evaluationLines());
  const raw = readPack(defaultPatternDir);

  it('reads the evaluation files', () => {
    expect(index.size).toBeGreaterThan(10_000);
  });

  it('no pack example repeats a 30-character run of an evaluation line', () => {
    const found = raw.patterns.flatMap((p) => [...p.examples.match, ...p.examples.nomatch]
      .map((ex) => ({ ex, hit: leak(index, ex) }))
      .filter((x) => x.hit)
      .map((x) => `${path.basename(p.file)}:${p.line} ${p.id}: ${JSON.stringify(x.ex)} ← ${x.hit}`));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('no pattern alternative repeats a 30-character run of an evaluation line', () => {
    const found = raw.patterns.flatMap((p) => (p.terms ?? literals(p.regex ?? ''))
      .map((alt) => ({ alt, hit: leak(index, alt) }))
      .filter((x) => x.hit)
      .map((x) => `${path.basename(p.file)}:${p.line} ${p.id}: ${JSON.stringify(x.alt)} ← ${x.hit}`));
    expect(found, found.join('\n')).toEqual([]);
  });

  it('the lure-plausibility table and its tests repeat no 30-character run of an evaluation line', () => {
    const t = raw.plausibility!;
    const table = [
      ...t.countries.flatMap((c) => [c.name, c.source, ...c.names]),
      ...t.employers.flatMap((e) => [e.label, ...e.terms]),
      ...t.notes.map((n) => n.note),
    ];
    // the tests' texts are written fresh too: every string literal of the plausibility test file
    const tests = [...readFileSync('tests/unit/scoring/plausibility.test.ts', 'utf8').matchAll(/(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1/g)].map((m) => m[2]);
    expect(tests.length).toBeGreaterThan(20);
    const found = [...table, ...tests].map((s) => ({ s, hit: leak(index, s) })).filter((x) => x.hit).map((x) => `${JSON.stringify(x.s)} ← ${x.hit}`);
    expect(found, found.join('\n')).toEqual([]);
  });
});

// The fixture sets are written here, but the real-world set is real text: a fixture that runs 40
// characters along a real line has copied it (shorter runs are names and set phrases, such as "the
// special military operation"). Two helpers writing blind once reproduced a decree's legal formula.
describe('fixtures hold no real-world text', () => {
  const realWorld = path.resolve('../shared/datasets/real-world');
  const REAL_RUN = 40;

  it.runIf(existsSync(realWorld))('no fixture line repeats a 40-character run of a real-world line', () => {
    const real = runIndex(evaluationLines().filter((l) => l.file.startsWith(realWorld)), REAL_RUN);
    const found = readdirSync('tests/fixtures').filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
      readFileSync(path.join('tests/fixtures', f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string })
        .map((o) => ({ o, hit: leak(real, o.text, REAL_RUN) }))
        .filter((x) => x.hit)
        .map((x) => `${f} ${x.o.id} ← ${x.hit}`));
    expect(found, found.join('\n')).toEqual([]);
  });
});
