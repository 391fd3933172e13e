import type { Db } from '../db/client.ts';
import type { MediaStore } from '../media/store.ts';
import { inspectImage } from '../ocr/inspect.ts';
import { insertMediaIfNew } from '../repos/media.repo.ts';
import { downloadPhoto } from './web-client.ts';

/** Downloads an image, checks it like an upload, and stores it content-addressed; returns its sha256. */
export async function storeRemoteImage(
  deps: { db: Db; store: MediaStore; config: { MAX_UPLOAD_BYTES: number; MAX_IMAGE_PIXELS: number } },
  url: string,
): Promise<string> {
  const bytes = await downloadPhoto(url, { maxBytes: deps.config.MAX_UPLOAD_BYTES });
  const info = await inspectImage(bytes, { maxBytes: deps.config.MAX_UPLOAD_BYTES, maxPixels: deps.config.MAX_IMAGE_PIXELS });
  const stored = await deps.store.put(bytes, info.ext);
  await insertMediaIfNew(deps.db, { sha256: stored.sha256, mime: info.mime, size: bytes.length, width: info.width, height: info.height, path: stored.relPath });
  return stored.sha256;
}
