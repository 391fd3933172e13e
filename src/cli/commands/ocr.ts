import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { OcrPool } from '../../ocr/engine.ts';
import type { EvalRow, LangMode } from '../../ocr/eval.ts';
import { PRESETS, type PresetName } from '../../ocr/preprocess.ts';
import { UsageError } from '../usage-error.ts';

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive whole number, got "${v}"`);
    return n;
  };
}

function recipeOf(name: string | undefined) {
  if (name === undefined) return undefined;
  if (!(name in PRESETS)) throw new UsageError(`unknown --preprocess "${name}"; one of ${Object.keys(PRESETS).join(', ')}`);
  return PRESETS[name as PresetName];
}

async function withPool<T>(opts: { size?: number; preprocess?: string; pagePsm?: string; minConf?: number }, fn: (pool: OcrPool) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const [{ loggerFor }, { createOcrPool }] = await Promise.all([import('../../logger.ts'), import('../../ocr/engine.ts')]); // tesseract.js loads only when used
  const log = loggerFor({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }); // results on stdout: only warnings by default
  const pool = await createOcrPool({
    size: opts.size ?? config.OCR_POOL_SIZE, langs: config.OCR_LANGS, dataDir: config.DATA_DIR, log,
    maxPixels: config.MAX_IMAGE_PIXELS, recipe: recipeOf(opts.preprocess), pagePsm: opts.pagePsm, minWordConfidence: opts.minConf,
  });
  try {
    return await fn(pool);
  } finally {
    await pool.terminate();
  }
}

async function ocrFiles(files: string[], opts: { json?: boolean; lang?: string; line?: boolean; preprocess?: string }) {
  const config = loadConfig();
  const { inspectImage } = await import('../../ocr/inspect.ts');
  const inputs = await Promise.all(files.map(async (file) => {
    const buf = await readFile(file).catch((err: Error) => { throw new UsageError(`cannot read ${file}: ${err.message}`); });
    await inspectImage(buf, { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS })
      .catch((err: Error) => { throw new UsageError(`${file}: ${err.message}`); });
    return { file, buf };
  }));
  await withPool({ size: Math.min(files.length, config.OCR_POOL_SIZE), preprocess: opts.preprocess }, async (pool) => {
    const results = await Promise.all(inputs.map(async ({ file, buf }) => ({
      file, ...(await pool.recognize(buf, { langs: opts.lang, layout: opts.line ? 'line' : 'page' })),
    })));
    for (const r of results) {
      if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
      else process.stdout.write(`== ${r.file} (${r.lang}, confidence ${r.confidence}, ${r.durationMs} ms)\n${r.text}\n`);
    }
  });
}

async function evalOcr(opts: { manifest: string; json?: boolean; limit?: number; native: boolean; langs: string; preprocess?: string; pagePsm?: string; minConf?: number }) {
  if (opts.langs !== 'manifest' && opts.langs !== 'auto') throw new UsageError('--langs is manifest or auto');
  const [{ evaluate, readManifest }, { formatSummary, summarise }, { nativeTesseractVersion }] = await Promise.all([
    import('../../ocr/eval.ts'),
    import('../../ocr/eval-summary.ts'),
    import('../../ocr/native.ts'),
  ]);
  const entries = (await readManifest(opts.manifest)).slice(0, opts.limit);
  const nativeVersion = opts.native ? await nativeTesseractVersion() : null;
  process.stderr.write(`eval-ocr: ${entries.length} images; native: ${nativeVersion ?? 'not on PATH'}\n`);
  const onRow = (r: EvalRow) => process.stderr.write(
    `  ${r.image}  js ${r.js.cer.toFixed(3)} ${r.js.ms}ms${r.native ? `  native ${r.native.cer.toFixed(3)} ${Math.round(r.native.ms)}ms` : ''}\n`);
  const { rows, jsWallMs, nativeWallMs } = await withPool({ size: 1, preprocess: opts.preprocess, pagePsm: opts.pagePsm, minConf: opts.minConf }, (pool) =>
    evaluate(entries, { pool, native: nativeVersion !== null, langMode: opts.langs as LangMode, onRow }));
  const groups = summarise(rows);
  const rate = (ms: number) => Math.round((rows.length / (ms / 1000)) * 100) / 100;
  const speed = { jsImagesPerSecond: rate(jsWallMs), nativeImagesPerSecond: nativeVersion ? rate(nativeWallMs) : null };
  if (opts.json) {
    process.stdout.write(JSON.stringify({ native: nativeVersion, langs: opts.langs, preprocess: opts.preprocess ?? 'light', ...speed, groups, rows }) + '\n');
    return;
  }
  process.stdout.write(formatSummary(groups) + '\n');
  process.stdout.write(`images/s (one at a time): tesseract.js ${speed.jsImagesPerSecond}` +
    (nativeVersion ? `, native ${speed.nativeImagesPerSecond} (${nativeVersion})` : '') + '\n');
}

export function registerOcr(program: Command): void {
  program
    .command('ocr')
    .description('read the text in images (offline tesseract.js)')
    .argument('<images...>', 'image files')
    .option('--json', 'one JSON object per image: text, confidence, lang, words with boxes')
    .option('--lang <langs>', 'models to use, e.g. fas+eng (default: chosen per image from its script)')
    .option('--line', 'each image is a single text line')
    .option('--preprocess <name>', `preprocessing preset: ${Object.keys(PRESETS).join(', ')}`)
    .action((images: string[], opts) => ocrFiles(images, opts));
  program
    .command('eval-ocr')
    .description('character error rate of the OCR on a manifest.jsonl, beside native tesseract when installed')
    .requiredOption('--manifest <file>', 'manifest.jsonl (image, text, lang, kind, layout per line)')
    .option('--json', 'figures and per-image rows as one JSON object')
    .option('--limit <n>', 'only the first n images', positiveInt('--limit'))
    .option('--langs <mode>', 'manifest: the language each entry names; auto: chosen per image', 'manifest')
    .option('--preprocess <name>', `preprocessing preset: ${Object.keys(PRESETS).join(', ')}`)
    .option('--page-psm <n>', 'tesseract page segmentation mode for page images (lines use 7)')
    .option('--min-conf <n>', 'leave words below this confidence (0-100) out of the text', Number)
    .option('--no-native', 'skip the native tesseract comparison')
    .action((opts) => evalOcr(opts));
}
