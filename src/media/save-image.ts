import type { Db } from '../db/client.ts';
import { inspectImage, type ImageInfo } from '../ocr/inspect.ts';
import { insertMediaIfNew } from '../repos/media.repo.ts';
import type { MediaStore } from './store.ts';

type SaveDeps = { db: Db; store: MediaStore };

/** Stores checked image bytes content-addressed and records their row; the same bytes are stored once. */
export async function saveImage(deps: SaveDeps, bytes: Buffer, info: ImageInfo): Promise<{ sha256: string; created: boolean }> {
  const stored = await deps.store.put(bytes, info.ext);
  await insertMediaIfNew(deps.db, { sha256: stored.sha256, mime: info.mime, size: bytes.length, width: info.width, height: info.height, path: stored.relPath });
  return { sha256: stored.sha256, created: stored.created };
}

/** The checks every upload gets (type from the bytes, size, pixels), then saveImage; returns the sha256. */
export async function checkAndSaveImage(
  deps: SaveDeps & { config: { MAX_UPLOAD_BYTES: number; MAX_IMAGE_PIXELS: number } },
  bytes: Buffer,
): Promise<string> {
  const info = await inspectImage(bytes, { maxBytes: deps.config.MAX_UPLOAD_BYTES, maxPixels: deps.config.MAX_IMAGE_PIXELS });
  return (await saveImage(deps, bytes, info)).sha256;
}
