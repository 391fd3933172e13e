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

function runIndex(lines: Array<{ file: string; text: string }>): Map<string, string> {
  const index = new Map<string, string>();
  for (const { file, text } of lines) {
    for (let i = 0; i + RUN <= text.length; i++) {
      const run = text.slice(i, i + RUN);
      if (!index.has(run)) index.set(run, path.basename(file));
    }
  }
  return index;
}

/** The first 30-character run of `s` found in an evaluation line, with the file it came from. */
function leak(index: Map<string, string>, s: string): string | null {
  const t = fold(s);
  for (let i = 0; i + RUN <= t.length; i++) {
    const file = index.get(t.slice(i, i + RUN));
    if (file) return `${file}: "${t.slice(i, i + RUN)}"`;
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
