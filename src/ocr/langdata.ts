import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';

const require = createRequire(import.meta.url);
const SHIPPED_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tessdata');


export class MissingLanguageError extends Error {
  constructor(readonly lang: string, readonly file: string) {
    super(`OCR language "${lang}" has no model file: expected ${file}`);
  }
}

/** Splits 'eng+fas' into codes, refusing anything that is not a plain language code. */
export function parseLangs(langs: string): string[] {
  const codes = langs.split('+').map((s) => s.trim()).filter(Boolean);
  if (codes.length === 0 || codes.some((c) => !/^[a-z_]{3,}$/.test(c))) {
    throw new Error(`bad OCR language list "${langs}": use codes like eng+fas`);
  }
  return codes;
}

/**
 * Where the gzipped LSTM model for one language lives: a model committed under src/ocr/tessdata
 * (Russian, which has no npm package; eng, fas and ara, which read better as the fast models: see
 * tessdata/README.md) wins over the `@tesseract.js-data/<lang>` package's best_int one.
 */
export function modelSource(lang: string): string {
  const shipped = path.join(SHIPPED_DIR, `${lang}.traineddata.gz`);
  if (existsSync(shipped)) return shipped;
  let pkgDir: string;
  try {
    pkgDir = path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`));
  } catch {
    throw new MissingLanguageError(lang, `node_modules/@tesseract.js-data/${lang} (npm install @tesseract.js-data/${lang})`);
  }
  // best_int: LSTM only, a quarter of the size of the 4.0.0 legacy+LSTM files, and the only kind our LSTM core uses.
  return path.join(pkgDir, '4.0.0_best_int', `${lang}.traineddata.gz`);
}

async function sizeOf(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/**
 * Gathers every requested model into `<dataDir>/tessdata` (tesseract.js takes ONE langPath) and returns
 * that folder. DATA_DIR is the app's one writable place; node_modules may be read-only in a container.
 * A file already there with the source's size is kept, so later starts copy nothing.
 */
export async function prepareLangFolder(dataDir: string, langs: string[], log?: Logger): Promise<string> {
  const folder = path.resolve(dataDir, 'tessdata');
  await mkdir(folder, { recursive: true });
  for (const lang of langs) {
    const src = modelSource(lang);
    const srcSize = await sizeOf(src);
    if (srcSize === null) throw new MissingLanguageError(lang, src);
    const dest = path.join(folder, `${lang}.traineddata.gz`);
    if ((await sizeOf(dest)) === srcSize) continue;
    const tmp = `${dest}.${process.pid}.tmp`;
    await copyFile(src, tmp);
    await rename(tmp, dest); // atomic: a second process starting at once never reads a half-written model
    log?.info({ lang, from: src, to: dest, bytes: srcSize }, 'OCR language model installed');
  }
  return folder;
}
