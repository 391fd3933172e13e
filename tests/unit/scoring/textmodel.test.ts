import { mkdtempSync, readFileSync, statSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultPatternDir, loadScorer, PackError } from '../../../src/scoring/index.ts';
import { Featurizer, DEFAULT_SPEC } from '../../../src/scoring/textmodel/features.ts';
import { MODEL_FILE, modelFromData, readModelFile, serializeModel, TextModelError } from '../../../src/scoring/textmodel/model.ts';
import { applyRule, DEFAULT_RULE } from '../../../src/scoring/textmodel/combine-rule.ts';
import { crossValidate, encode, fit, predict, type TrainRow } from '../../../src/scoring/textmodel/train.ts';

// The learned second signal: hashed n-gram features, an int8 model file, the combination rule,
// and a fit that learns from a handful of rows.

const small = { buckets: 1 << 12, charNgrams: [3, 4], wordNgrams: [1, 2] };

describe('features', () => {
  it('are deterministic, distinct, in range, and fold digits', () => {
    const f = new Featurizer(small);
    const a = [...f.indices('контракт для иностранцев 20000')];
    expect([...f.indices('контракт для иностранцев 20000')]).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
    expect(a.every((i) => i >= 0 && i < small.buckets)).toBe(true);
    expect([...f.indices('контракт для иностранцев 35000')].sort()).toEqual([...a].sort());
    expect(f.indices('').length).toBe(0);
  });

  it('refuses a bucket count that is not a power of two', () => {
    expect(() => new Featurizer({ ...small, buckets: 1000 })).toThrow(/power of two/);
  });
});

describe('fit and cross-validation', () => {
  const lure = (i: number) => `contract army foreigners bonus citizenship write whatsapp number ${i}`;
  const news = (i: number) => `the ministry said on tuesday that the decree was published report ${i}`;
  const rows: TrainRow[] = [];
  for (let i = 0; i < 40; i++) {
    rows.push({ text: lure(i), label: 1, set: 'a', group: `g${i % 8}`, guard: false });
    rows.push({ text: news(i), label: 0, set: 'a', group: `g${i % 8}`, guard: false });
  }
  rows.push({ text: 'guard fixture', label: 0, set: 'fixtures', group: 'fixtures', guard: true });
  const data = encode(rows, small);

  it('separates two styles it was shown', () => {
    const m = fit(data, rows.map((_, i) => i), small.buckets);
    expect(predict(m.weights, m.bias, data.idx[0])).toBeGreaterThan(0.8);
    expect(predict(m.weights, m.bias, data.idx[1])).toBeLessThan(0.2);
  });

  it('scores every measured row out of fold and leaves guard fixtures unscored', () => {
    const p = crossValidate(rows, data, 4, small.buckets);
    expect(Number.isNaN(p[rows.length - 1])).toBe(true);
    for (let i = 0; i < rows.length - 1; i++) expect(p[i]).toBeGreaterThanOrEqual(0);
    expect(p[0]).toBeGreaterThan(p[1]);
  });
});

describe('model file', () => {
  const dirs: string[] = [];
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

  it('round-trips through int8 weights and keeps its probabilities', () => {
    const w = new Float32Array(small.buckets).map((_, i) => Math.sin(i) * 0.5);
    const data = JSON.parse(JSON.stringify(serializeModel(small, w, 0.1, { enabled: true, ...DEFAULT_RULE }, {})));
    const { model, rule } = modelFromData(data);
    expect(rule).toEqual(DEFAULT_RULE);
    const f = new Featurizer(small);
    const idx = f.indices('contract for foreigners');
    expect(model.probability('contract for foreigners')).toBeCloseTo(predict(w, 0.1, idx), 2);
    expect(modelFromData({ ...data, combine: { ...data.combine, enabled: false } }).rule).toBeNull();
  });

  it('refuses a damaged file, and the pack with it, naming the file', () => {
    expect(() => modelFromData({ format: 'other' })).toThrow(TextModelError);
    const dir = mkdtempSync(path.join(tmpdir(), 'rw-model-'));
    dirs.push(dir);
    cpSync(defaultPatternDir, dir, { recursive: true });
    writeFileSync(path.join(dir, MODEL_FILE), '{"format":"recruitwatch-textmodel/1"}');
    let err: unknown;
    try { loadScorer({ dir }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PackError);
    expect((err as PackError).issues[0].file).toMatch(/text-model\.json$/);
  });

  it('ships small, with the combination off (it did not measurably help: tests/fixtures/README.md)', () => {
    const file = path.join(defaultPatternDir, MODEL_FILE);
    expect(statSync(file).size).toBeLessThan(300_000);
    const { model, rule } = readModelFile(file);
    expect(model.spec).toEqual(DEFAULT_SPEC);
    expect(rule).toBeNull();
    // the file is numbers, not text
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).not.toContain('examples');
  });
});

describe('combination rule', () => {
  const T = 60;
  it('raises only a text with rule evidence, below the threshold, in no reporting register, when the model is sure', () => {
    expect(applyRule(DEFAULT_RULE, 50, 0.9, T, { signals: 3, schemes: 1, framed: false })).toEqual({ score: 60, effect: 'raised' });
    expect(applyRule(DEFAULT_RULE, 50, 0.6, T, { signals: 3, schemes: 1, framed: false }).effect).toBe('none');
    expect(applyRule(DEFAULT_RULE, 50, 0.9, T, { signals: 4, schemes: 0, framed: false }).effect).toBe('none');
    expect(applyRule(DEFAULT_RULE, 50, 0.9, T, { signals: 3, schemes: 1, framed: true }).effect).toBe('none');
    expect(applyRule(DEFAULT_RULE, 20, 0.99, T, { signals: 3, schemes: 1, framed: false }).effect).toBe('none');
    expect(applyRule(DEFAULT_RULE, 75, 0.01, T, { signals: 3, schemes: 1, framed: true })).toEqual({ score: 75, effect: 'none' });
  });

  it('lowers a framed flagged text only when switched on', () => {
    const lower = { ...DEFAULT_RULE, lowerAt: 0.1 };
    expect(applyRule(lower, 75, 0.05, T, { signals: 3, schemes: 1, framed: true })).toEqual({ score: 59, effect: 'lowered' });
    expect(applyRule(lower, 75, 0.05, T, { signals: 3, schemes: 1, framed: false }).effect).toBe('none');
  });
});

describe('the scorer with the shipped model (combination off)', () => {
  const shipped = loadScorer();
  const rulesOnly = loadScorer({ model: 'off' });

  it('shows the model in the stored details and keeps the rules score and version', () => {
    expect(shipped.packVersion).toBe(rulesOnly.packVersion);
    const text = 'Contract with the Russian army for foreign citizens, $20,000 bonus. WhatsApp +374 55 123456';
    const r = shipped.score(text);
    expect(r.details.model).toMatchObject({ combined: false, effect: 'none' });
    expect(r.details.model!.probability).toBeGreaterThan(0.5);
    expect(r.score).toBe(rulesOnly.score(text).score);
  });

  it('is not asked about a text with no rule evidence', () => {
    expect(shipped.score('Our bakery opens at 8 tomorrow.').details.model).toMatchObject({ probability: null, effect: 'none' });
  });
});

describe('the scorer with the combination switched on', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rw-combine-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(defaultPatternDir, dir, { recursive: true });
  const data = JSON.parse(readFileSync(path.join(dir, MODEL_FILE), 'utf8'));
  writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify(serializeModel(DEFAULT_SPEC, modelWeights(data), data.bias, { enabled: true, ...DEFAULT_RULE }, {})));
  const on = loadScorer({ dir });
  const rulesOnly = loadScorer({ model: 'off' });

  it('names the model in the scorer version, so a new model re-scores like a new pack', () => {
    expect(on.packVersion).toMatch(new RegExp(`^${rulesOnly.packVersion}-m[0-9a-f]{12}$`));
  });

  it('moves no score except by raising a text that fits a scheme to the threshold', () => {
    const texts = [
      'Free webinar: study in Russia, scholarships and visas. Register on WhatsApp +7 843 200 11 22',
      'Monthly salary $3,000, free accommodation, no experience needed. Call +971 50 123 4567',
      'Contract with the Russian army for foreign citizens. Signing bonus $20,000 and Russian citizenship.',
      'According to Reuters, recruiters promised foreigners a $20,000 bonus to join the Russian army.',
    ];
    for (const t of texts) {
      const a = on.score(t);
      const b = rulesOnly.score(t);
      if (a.details.model?.effect === 'raised') {
        expect(a.score).toBe(on.threshold);
        expect(a.details.schemes.length).toBeGreaterThan(0);
        expect(a.explanation).toMatch(/text model .* raised/);
      } else expect(a.score).toBe(b.score);
    }
    expect(on.score(texts[1]).flagged).toBe(false);
  });
});

function modelWeights(data: { weights: string; scale: number }): Float32Array {
  const raw = Buffer.from(data.weights, 'base64');
  return Float32Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.length), (q) => q * data.scale);
}
