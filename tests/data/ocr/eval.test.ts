import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrPool, type OcrPool } from '../../../src/ocr/engine.ts';
import { evaluate, readManifest, type EvalRow } from '../../../src/ocr/eval.ts';
import { summarise } from '../../../src/ocr/eval-summary.ts';
import { sharedDir } from '../../helpers/shared.ts';

// Measured today (best_int models, manifest languages, default preset): all 0.123, ara 0.148, eng 0.193,
// fas 0.097, rus 0.006. The bounds guard that; the target (0.10 overall) is not reached yet.
const BOUNDS = { all: 0.125, ara: 0.155, eng: 0.2, fas: 0.11, rus: 0.01 };

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-ocr-eval-'));
let pool: OcrPool;
let rows: EvalRow[];

beforeAll(async () => {
  pool = await createOcrPool({ size: 1, langs: 'eng+rus+fas+ara', dataDir });
  const entries = await readManifest(sharedDir('datasets', 'ocr', 'manifest.jsonl'));
  ({ rows } = await evaluate(entries, { pool, native: false, langMode: 'manifest' }));
}, 300_000);
afterAll(async () => {
  await pool?.terminate();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OCR on the shared evaluation set', () => {
  it('reads every image', () => {
    expect(rows.length).toBe(59);
  });

  it.each(Object.entries(BOUNDS))('mean CER for %s stays within its bound', (group, bound) => {
    const g = summarise(rows).find((x) => x.group === group)!;
    expect(g.js.cer).toBeLessThanOrEqual(bound);
  });

  it('reads the clean Russian lines exactly', () => {
    const rus = rows.filter((r) => r.lang === 'rus' && r.kind === 'synthetic');
    expect(rus.filter((r) => r.js.cer === 0).length).toBeGreaterThanOrEqual(10);
  });
});
