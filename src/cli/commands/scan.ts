import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import type { Indicator, Match } from '../../scoring/types.ts';
import { collectTargets, type ScanTarget } from '../file-walk.ts';
import { progressBar } from '../progress.ts';
import { UsageError } from '../usage-error.ts';

interface FileResult {
  file: string;
  text: string;
  confidence: number | null;
  lang: string | null;
  score: number;
  flagged: boolean;
  explanation: string;
  matches: Match[];
  indicators: Indicator[];
  error?: string;
}

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('OCR and score images and text files (folders recursively): a table, or --json lines')
    .argument('<paths...>', 'files or folders')
    .option('--json', 'one JSON object per file: file, text, confidence, lang, score, flagged, matches, indicators')
    .option('--lang <langs>', 'OCR languages, e.g. fas+eng (default: chosen per image)')
    .action(async (paths: string[], opts: { json?: boolean; lang?: string }) => {
      const { targets, problems } = await collectTargets(paths);
      for (const p of problems) process.stderr.write(`recruitwatch scan: ${p}\n`);
      if (targets.length === 0) throw new UsageError('no images or text files found in the given paths');
      const results = await scanAll(targets, opts.lang, opts.json ? (r) => process.stdout.write(JSON.stringify(r) + '\n') : undefined);
      if (!opts.json) process.stdout.write(formatTable(results));
      if (problems.length || results.some((r) => r.error)) process.exitCode = 1;
    });
}

/** Scores every target, OCR-ing images on a pool sized to the cores; one bad file never stops the rest. */
async function scanAll(targets: ScanTarget[], langs: string | undefined, onResult?: (r: FileResult) => void): Promise<FileResult[]> {
  const config = loadConfig();
  const [{ loadScorer }, { inspectImage }, { loggerFor }] = await Promise.all([
    import('../../scoring/index.ts'),
    import('../../ocr/inspect.ts'),
    import('../../logger.ts'),
  ]);
  const scorer = loadScorer({ threshold: config.FLAG_THRESHOLD });
  const images = targets.filter((t) => t.kind === 'image').length;
  const log = loggerFor({ ...config, LOG_LEVEL: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }); // results on stdout: only warnings by default
  const pool = images
    ? await (await import('../../ocr/engine.ts')).createOcrPool({ size: Math.min(images, config.OCR_POOL_SIZE), langs: config.OCR_LANGS, dataDir: config.DATA_DIR, log, maxPixels: config.MAX_IMAGE_PIXELS })
    : null;
  const bar = progressBar(targets.length);
  const results: FileResult[] = new Array(targets.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < targets.length; i = next++) {
      const t = targets[i];
      results[i] = await scanOne(t).catch((err: Error) => failed(t.file, err.message));
      onResult?.(results[i]);
      bar.tick(t.file);
    }
  };
  const scanOne = async (t: ScanTarget): Promise<FileResult> => {
    const bytes = await readFile(t.file);
    if (t.kind === 'text') return scored(t.file, bytes.toString('utf8'), null, null);
    await inspectImage(bytes, { maxBytes: config.MAX_UPLOAD_BYTES, maxPixels: config.MAX_IMAGE_PIXELS });
    const ocr = await pool!.recognize(bytes, { langs, timeoutMs: config.OCR_TIMEOUT_MS });
    return scored(t.file, ocr.text, ocr.confidence, ocr.lang);
  };
  const scored = (file: string, text: string, confidence: number | null, lang: string | null): FileResult => {
    const r = scorer.score(text);
    return { file, text, confidence, lang, score: r.score, flagged: r.flagged, explanation: r.explanation, matches: r.matches, indicators: r.indicators };
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, config.OCR_POOL_SIZE) }, lane));
  } finally {
    bar.finish();
    await pool?.terminate();
  }
  return results;
}

function failed(file: string, error: string): FileResult {
  return { file, text: '', confidence: null, lang: null, score: 0, flagged: false, explanation: '', matches: [], indicators: [], error };
}

function formatTable(results: FileResult[]): string {
  const rows = results.map((r) => [
    r.file,
    r.lang ?? (r.error ? '-' : 'text'),
    r.error ? 'error' : String(Math.round(r.score)),
    r.error ? '-' : r.flagged ? 'FLAGGED' : 'no',
    r.error ?? (r.explanation || topRules(r.matches)),
  ]);
  const head = ['file', 'lang', 'score', 'flagged', 'reasons'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

function topRules(matches: Match[]): string {
  return [...new Set(matches.map((m) => m.category))].slice(0, 4).join(', ');
}
