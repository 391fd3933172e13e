import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Layout } from './preprocess.ts';
import { cleanText } from './result.ts';

const exec = promisify(execFile);

/** The native tesseract CLI's version line, or null when no `tesseract` is on PATH. */
export async function nativeTesseractVersion(): Promise<string | null> {
  try {
    const { stdout, stderr } = await exec('tesseract', ['--version'], { timeout: 10_000 });
    return (stdout || stderr).split('\n')[0].trim();
  } catch {
    return null;
  }
}

/**
 * Reads one image file with the native CLI for comparison, in the page mode the evaluation asks for
 * (psm 7 for single lines, 6 otherwise) and one thread, as the published baseline was measured.
 */
export async function nativeOcr(file: string, lang: string, layout: Layout): Promise<{ text: string; durationMs: number }> {
  const started = performance.now();
  const psm = layout === 'line' ? '7' : '6';
  const { stdout } = await exec('tesseract', [file, 'stdout', '-l', lang, '--psm', psm], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return { text: cleanText(stdout), durationMs: performance.now() - started };
}
