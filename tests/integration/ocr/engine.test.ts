import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOcrPool, MissingLanguageError, OcrTimeoutError, type OcrPool } from '../../../src/ocr/engine.ts';

const exec = promisify(execFile);
const fixtures = path.resolve(import.meta.dirname, '../../fixtures/images');
const image = (name: string) => readFileSync(path.join(fixtures, name));
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-ocr-'));
let pool: OcrPool;

beforeAll(async () => {
  pool = await createOcrPool({ size: 2, langs: 'eng+rus+fas', dataDir, initTimeoutMs: 30_000 });
});
afterAll(async () => {
  await pool?.terminate();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('tesseract.js pool (real models, offline)', () => {
  it('reads the English flyer with words, boxes and confidences', async () => {
    const r = await pool.recognize(image('eng-flyer.png'), { langs: 'eng' });
    expect(r.text).toBe('WORK IN RUSSIA\nSalary 3000 USD per month\nFree flight and visa');
    expect(r.lang).toBe('eng');
    expect(r.confidence).toBeGreaterThan(80);
    const work = r.words.find((w) => w.text === 'WORK')!;
    expect(work.bbox.x0).toBeGreaterThanOrEqual(30);
    expect(work.bbox.x1).toBeGreaterThan(work.bbox.x0);
    expect(work.bbox.y1).toBeLessThan(90);
  });

  it('reads Russian with the shipped model', async () => {
    const r = await pool.recognize(image('rus-flyer.png'), { langs: 'rus' });
    expect(r.text).toBe('Работа в России\nЗарплата 200 000 рублей\nБесплатный перелёт');
  });

  it('reads Persian in logical order without directional marks', async () => {
    const r = await pool.recognize(image('fas-flyer.png'), { langs: 'fas' });
    expect(r.text).toBe('کار در روسیه\nحقوق ماهانه عالی\nبلیط و ویزا رایگان');
    expect(r.text).not.toMatch(/[\u200E\u200F\u202A-\u202E]/);
  });

  it('chooses the model from the script when no language is given', async () => {
    const [fas, rus] = await Promise.all([pool.recognize(image('fas-flyer.png')), pool.recognize(image('rus-flyer.png'))]);
    expect(fas.lang).toMatch(/^fas/);
    expect(fas.text).toContain('روسیه');
    expect(rus.lang).toMatch(/^rus/);
  });

  it('gathered the models into DATA_DIR/tessdata and wrote none into the working directory', () => {
    expect(readdirSync(path.join(dataDir, 'tessdata')).sort()).toEqual(['eng.traineddata.gz', 'fas.traineddata.gz', 'rus.traineddata.gz']);
    expect(readdirSync(process.cwd()).filter((f) => f.endsWith('.traineddata'))).toEqual([]);
  });

  it('times out an overrunning image, replaces the worker and keeps working', async () => {
    await expect(pool.recognize(image('eng-flyer.png'), { langs: 'eng', timeoutMs: 1 })).rejects.toBeInstanceOf(OcrTimeoutError);
    const r = await pool.recognize(image('eng-flyer.png'), { langs: 'eng' });
    expect(r.text).toContain('WORK IN RUSSIA');
  });

  it('names the missing model file instead of hanging', async () => {
    await expect(createOcrPool({ size: 1, langs: 'eng+xyz', dataDir, initTimeoutMs: 5000 })).rejects.toBeInstanceOf(MissingLanguageError);
    await expect(createOcrPool({ size: 1, langs: 'eng+xyz', dataDir })).rejects.toThrow(/xyz/);
  });

  it('recognises with no network at all (network namespace down)', async () => {
    const fresh = mkdtempSync(path.join(os.tmpdir(), 'rw-ocr-offline-'));
    try {
      const { stdout } = await exec('unshare', ['-n', process.execPath, '--import', 'tsx',
        path.join(import.meta.dirname, 'offline-child.ts'), fresh, path.join(fixtures, 'rus-flyer.png')], { timeout: 60_000 });
      expect(JSON.parse(stdout).text).toContain('Работа в России');
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
