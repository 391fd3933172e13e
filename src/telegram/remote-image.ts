import type { Db } from '../db/client.ts';
import { checkAndSaveImage } from '../media/save-image.ts';
import type { MediaStore } from '../media/store.ts';
import { downloadPhoto } from './web-client.ts';

/** Downloads an image, checks it like an upload, and stores it content-addressed; returns its sha256. */
export async function storeRemoteImage(
  deps: { db: Db; store: MediaStore; config: { MAX_UPLOAD_BYTES: number; MAX_IMAGE_PIXELS: number } },
  url: string,
): Promise<string> {
  return checkAndSaveImage(deps, await downloadPhoto(url, { maxBytes: deps.config.MAX_UPLOAD_BYTES }));
}
