import { TelegramError, type Telegram } from 'telegraf';
import type { Deps } from '../deps.ts';
import { saveImage } from '../media/save-image.ts';
import { inspectImage } from '../ocr/inspect.ts';

/** The cloud Bot API serves files up to 20 MB through getFile; larger ones cannot be fetched at all. */
export const BOT_API_FILE_LIMIT = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 60_000;

export type BotDeps = Pick<Deps, 'config' | 'log' | 'db' | 'redis' | 'queues' | 'store' | 'workerConnection'>;

export interface PhotoSizeLike {
  file_id: string;
  file_size?: number;
  width: number;
  height: number;
}

/** A file the bot could not take; the message is safe to show to a moderator and to log. */
export class FileRefused extends Error {}

/** The largest size Telegram offers that is known to be under the cap (sizes come smallest first). */
export function pickPhotoSize(sizes: readonly PhotoSizeLike[], cap: number): PhotoSizeLike | undefined {
  const fitting = sizes.filter((s) => s.file_size === undefined || s.file_size <= cap);
  return fitting.sort((a, b) => a.width * a.height - b.width * b.height).at(-1);
}

/** The bot token is a password and sits inside every file URL. */
export function redactToken(text: string, token: string): string {
  return text.split(token).join('<token>');
}

/** getFile, then the download from `${apiRoot}/file/bot<token>/<path>`, counting bytes against the cap.
 * A network hiccup is retried twice; a refusal is final. */
export async function downloadTelegramFile(telegram: Telegram, fileId: string, cap: number): Promise<Buffer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await downloadOnce(telegram, fileId, cap);
    } catch (err) {
      if (err instanceof FileRefused || attempt >= 3) throw err;
      await new Promise((r) => setTimeout(r, 500 * 3 ** (attempt - 1)));
    }
  }
}

async function downloadOnce(telegram: Telegram, fileId: string, cap: number): Promise<Buffer> {
  const info = await telegram.getFile(fileId).catch((err) => {
    // 400 is Telegram refusing this file ("file is too big"); anything else may pass.
    throw err instanceof TelegramError && err.code === 400 ? new FileRefused(err.description) : err;
  });
  if (info.file_size !== undefined && info.file_size > cap) throw new FileRefused(`the file is ${info.file_size} bytes, over the limit of ${cap}`);
  if (!info.file_path) throw new FileRefused('Telegram gave no path for the file (it may be over 20 MB)');
  const url = `${telegram.options.apiRoot}/file/bot${telegram.token}/${info.file_path}`;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!res.ok || !res.body) throw new Error(`download answered HTTP ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > cap) throw new FileRefused(`the file is ${declared} bytes, over the limit of ${cap}`);
    return await readCapped(res.body, cap);
  } catch (err) {
    const message = redactToken((err as Error).message, telegram.token);
    throw err instanceof FileRefused ? new FileRefused(message) : new Error(`download failed: ${message}`);
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, cap: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > cap) throw new FileRefused(`the file is over the limit of ${cap} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The same checks as an upload (type from the bytes, size, pixels), then the store and its row. */
export async function storeImage(deps: Pick<BotDeps, 'config' | 'db' | 'store'>, bytes: Buffer): Promise<string> {
  let info;
  try {
    info = await inspectImage(bytes, { maxBytes: deps.config.MAX_UPLOAD_BYTES, maxPixels: deps.config.MAX_IMAGE_PIXELS });
  } catch (err) {
    throw new FileRefused((err as Error).message);
  }
  return (await saveImage(deps, bytes, info)).sha256;
}

export function fileCap(config: BotDeps['config']): number {
  return Math.min(BOT_API_FILE_LIMIT, config.MAX_UPLOAD_BYTES);
}
