import type { Db } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import type { MediaStore } from '../media/store.ts';
import type { OcrPool } from '../ocr/engine.ts';
import { survivedFailures } from '../observability/failures.ts';
import { hammingDistance, perceptualHash } from '../ocr/phash.ts';
import { findMedia, markOcrFailed, otherHashes, saveOcrResult } from '../repos/media.repo.ts';
import { PermanentError } from './errors.ts';

export interface OcrDeps {
  db: Db;
  store: MediaStore;
  ocr: OcrPool;
  log: Logger;
  config: { OCR_TIMEOUT_MS: number; PHASH_MAX_DISTANCE: number };
}

/** Reads one stored image (once per distinct bytes) and puts it in its near-duplicate cluster. */
// lang, confidence and seconds ride in the job's return value: /metrics reads them from Redis, whichever process did the OCR.
export async function ocrImage(deps: OcrDeps, input: { sha256: string }): Promise<{ skipped: boolean; chars: number; lang?: string; confidence?: number; seconds?: number }> {
  const row = await findMedia(deps.db, input.sha256);
  if (!row) throw new PermanentError(`image ${input.sha256} is not in the media store`);
  if (row.ocrStatus === 'done') return { skipped: true, chars: row.ocrText?.length ?? 0 };
  const bytes = await deps.store.read(row.path);
  const started = performance.now();
  const result = await deps.ocr.recognize(bytes, { timeoutMs: deps.config.OCR_TIMEOUT_MS });
  const seconds = (performance.now() - started) / 1000;
  // Without a hash the image is its own cluster: near-duplicates are missed, nothing is lost. Say so.
  const phash = await perceptualHash(bytes).catch((err: Error) => {
    survivedFailures.inc({ stage: 'ocr:phash' });
    deps.log.warn({ sha256: input.sha256, err: err.message }, 'perceptual hash failed; the image gets a cluster of its own');
    return null;
  });
  const cluster = phash ? await clusterFor(deps, input.sha256, phash) : input.sha256;
  await saveOcrResult(deps.db, input.sha256, { text: result.text, confidence: result.confidence, lang: result.lang, words: result.words, phash, cluster });
  return { skipped: false, chars: result.text.length, lang: result.lang, confidence: result.confidence, seconds };
}

/** The cluster of the closest earlier image within the distance limit, or a new one named after this image. */
async function clusterFor(deps: OcrDeps, sha256: string, phash: string): Promise<string> {
  let best: { distance: number; cluster: string } | null = null;
  for (const other of await otherHashes(deps.db, sha256)) {
    const distance = hammingDistance(phash, other.phash!);
    if (distance <= deps.config.PHASH_MAX_DISTANCE && (!best || distance < best.distance)) {
      best = { distance, cluster: other.cluster ?? other.sha256 };
    }
  }
  return best?.cluster ?? sha256;
}

export async function markImageFailed(deps: { db: Db }, sha256: string, reason: string): Promise<void> {
  await markOcrFailed(deps.db, sha256, reason);
}
