import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { cer, cerNormalised } from './cer.ts';
import type { OcrPool } from './engine.ts';
import { nativeOcr } from './native.ts';

const Entry = z.object({
  image: z.string().min(1),
  text: z.string(),
  lang: z.string().regex(/^[a-z_]{3,}(\+[a-z_]{3,})*$/),
  kind: z.string().min(1).default('unspecified'), // what sort of image (flyer, screenshot, scan): figures are grouped by it
  source: z.string().optional(),
  layout: z.enum(['page', 'line']).default('page'),
  gt: z.string().optional(),
});
export type ManifestEntry = z.infer<typeof Entry> & { file: string };

/** Reads a manifest.jsonl (one object per image; a relative `image` is relative to the manifest's folder, an absolute one is used as is). */
export async function readManifest(manifestPath: string): Promise<ManifestEntry[]> {
  const dir = path.dirname(path.resolve(manifestPath));
  const lines = (await readFile(manifestPath, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((line, i) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new Error(`${manifestPath}:${i + 1}: not JSON`);
    }
    const r = Entry.safeParse(json);
    if (!r.success) throw new Error(`${manifestPath}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
    return { ...r.data, file: path.resolve(dir, r.data.image) };
  });
}

export interface Score {
  cer: number;
  cerNorm: number;
  ms: number;
  text: string;
}

export interface EvalRow {
  image: string;
  lang: string;
  kind: string;
  layout: 'page' | 'line';
  /** The model set tesseract.js used (differs from `lang` when languages are chosen per image). */
  usedLangs: string;
  js: Score;
  native?: Score;
}

export type LangMode = 'manifest' | 'auto';

function score(text: string, ref: string, ms: number): Score {
  return { cer: cer(text, ref), cerNorm: cerNormalised(text, ref), ms, text };
}

/**
 * Runs every entry through the pool and, when asked, the native CLI, one image at a time so that
 * per-image times compare like for like with single-threaded native tesseract.
 */
export async function evaluate(
  entries: ManifestEntry[],
  deps: { pool: OcrPool; native: boolean; langMode: LangMode; onRow?: (row: EvalRow) => void },
): Promise<{ rows: EvalRow[]; jsWallMs: number; nativeWallMs: number }> {
  const rows: EvalRow[] = [];
  let jsWallMs = 0;
  let nativeWallMs = 0;
  for (const e of entries) {
    const buf = await readFile(e.file);
    const t0 = performance.now();
    const r = await deps.pool.recognize(buf, { layout: e.layout, langs: deps.langMode === 'manifest' ? e.lang : undefined });
    jsWallMs += performance.now() - t0;
    const row: EvalRow = {
      image: e.image, lang: e.lang, kind: e.kind, layout: e.layout, usedLangs: r.lang,
      js: score(r.text, e.text, r.durationMs),
    };
    if (deps.native) {
      const n = await nativeOcr(e.file, e.lang, e.layout);
      nativeWallMs += n.durationMs;
      row.native = score(n.text, e.text, n.durationMs);
    }
    rows.push(row);
    deps.onRow?.(row);
  }
  return { rows, jsWallMs, nativeWallMs };
}
