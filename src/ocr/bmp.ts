import { Worker } from 'node:worker_threads';
import sharp from 'sharp';

// sharp's prebuilt libvips has no BMP loader, so BMP uploads are decoded by bmp-ts and re-encoded as PNG.
// bmp-ts is synchronous JavaScript (a 7000x7000 1-bit BMP takes ~3 s here), so it runs in a worker
// thread with a time budget, and at most two run at once (each may hold ~200 MB of RGBA pixels).

/** Longer than the largest BMP the pixel and byte limits admit needs here (~3.5 s), short enough
 * that a crafted file cannot hold a request or an OCR job for long. */
export const BMP_DECODE_BUDGET_MS = 8_000;
const MAX_PARALLEL_DECODES = 2;

export function isBmp(buf: Buffer): boolean {
  return buf.length >= 26 && buf[0] === 0x42 && buf[1] === 0x4d;
}

/** Width and height from the BMP header, without decoding (negative height = top-down rows). */
export function bmpSize(buf: Buffer): { width: number; height: number } | null {
  if (!isBmp(buf)) return null;
  const dib = buf.readUInt32LE(14);
  if (dib === 12) return { width: buf.readUInt16LE(18), height: buf.readUInt16LE(20) }; // OS/2 BITMAPCOREHEADER
  if (dib < 40) return null;
  return { width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)) };
}

let running = 0;
const waiting: Array<() => void> = [];

async function withDecodeSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL_DECODES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

interface Rgba { width: number; height: number; data: Uint8Array }

function decodeInThread(buf: Buffer, budgetMs: number): Promise<Rgba> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./bmp-decode-thread.js', import.meta.url), { workerData: { bytes: buf } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new Error(`decoding took over ${budgetMs} ms`)));
      // terminate() only fails if the thread is already gone, which is what we want anyway.
      void worker.terminate().catch((err: Error) => reject(err));
    }, budgetMs);
    worker.once('message', (img: Rgba) => settle(() => resolve(img)));
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the decoding thread exited with code ${code}`))));
  });
}

/** A lossless PNG of a BMP's pixels; refuses before decoding when the header declares too many pixels. */
export async function bmpToPng(buf: Buffer, maxPixels: number, budgetMs = BMP_DECODE_BUDGET_MS): Promise<Buffer> {
  const size = bmpSize(buf);
  if (!size || size.width === 0 || size.height === 0) throw new Error('unreadable BMP header');
  if (size.width * size.height > maxPixels) throw new Error(`BMP of ${size.width}x${size.height} exceeds pixel limit`);
  const img = await withDecodeSlot(() => decodeInThread(buf, budgetMs));
  if (img.data.length < img.width * img.height * 4) throw new Error('BMP pixel data is truncated');
  // bmp-ts leaves alpha 0 for most bit depths: use the colour channels only.
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).removeAlpha().png().toBuffer();
}

/** The bytes sharp can open: BMP converted, everything else unchanged. */
export async function sharpReadable(buf: Buffer, maxPixels: number): Promise<Buffer> {
  return isBmp(buf) ? bmpToPng(buf, maxPixels) : buf;
}
