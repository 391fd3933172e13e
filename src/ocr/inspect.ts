import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { bmpSize, sharpReadable } from './bmp.ts';
import { pngCrcProblem } from './png-crc.ts';

/** The bytes are not one of the accepted raster types (-> 415). */
export class UnsupportedTypeError extends Error {
  constructor(readonly detected: string) {
    super(`unsupported file type ${detected}; accepted: JPEG, PNG, WebP, GIF, TIFF, BMP`);
  }
}
/** More bytes than the upload limit (-> 413). */
export class TooLargeError extends Error {}
/** Declares more pixels than the limit: refused from the header, never decoded (-> 422). */
export class TooManyPixelsError extends Error {
  constructor(readonly width: number, readonly height: number, limit: number) {
    super(`image is ${width}x${height} = ${width * height} pixels, over the limit of ${limit}`);
  }
}
/** Claims an accepted type but cannot be decoded (-> 422). */
export class CorruptImageError extends Error {}

const ACCEPTED: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/tiff': 'tif',
  'image/bmp': 'bmp',
};

/** file-type only knows binary signatures; name the text formats people rename to .jpg. */
function sniffText(buf: Buffer): string {
  const head = buf.subarray(0, 1024).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(head)) return 'image/svg+xml';
  if (/^(<\?xml[^>]*>\s*)?<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/.test(head)) return 'text/html';
  if (head.startsWith('<?xml')) return 'application/xml';
  return 'application/octet-stream';
}

/** Pixel size from the header only. limitInputPixels is off here because metadata() never decodes
 * pixels and we want the size for the error; every decoding call below keeps the limit. */
async function headerSize(buf: Buffer, ext: string): Promise<{ width: number; height: number }> {
  const fromBmp = ext === 'bmp' ? bmpSize(buf) : null;
  if (fromBmp && fromBmp.width > 0 && fromBmp.height > 0) return fromBmp;
  if (ext === 'bmp') throw new CorruptImageError('cannot read the bmp header');
  let meta: Metadata;
  try {
    meta = await sharp(buf, { limitInputPixels: false, pages: 1 }).metadata();
  } catch (err) {
    throw new CorruptImageError(`cannot read the ${ext} header: ${(err as Error).message}`);
  }
  const { width, height } = meta.autoOrient ?? meta;
  if (!width || !height) throw new CorruptImageError(`the ${ext} header declares no size`);
  return { width, height };
}

/**
 * Decides whether an upload may go further, cheaply and in this order: byte size, type from the
 * bytes, pixel count from the header, then one bounded decode that proves the pixels are readable.
 */
export interface ImageInfo {
  mime: string;
  ext: string;
  width: number;
  height: number;
}

export async function inspectImage(buf: Buffer, limits: { maxBytes: number; maxPixels: number }): Promise<ImageInfo> {
  if (buf.length > limits.maxBytes) throw new TooLargeError(`file is ${buf.length} bytes, over the limit of ${limits.maxBytes}`);
  const ft = await fileTypeFromBuffer(buf);
  // file-type calls an SVG with an XML prolog plain XML: look closer at text formats.
  const mime = ft && !ft.mime.endsWith('/xml') ? ft.mime : sniffText(buf);
  const ext = ACCEPTED[mime];
  if (!ext) throw new UnsupportedTypeError(mime);
  const { width, height } = await headerSize(buf, ext);
  if (width * height > limits.maxPixels) throw new TooManyPixelsError(width, height, limits.maxPixels);
  const damaged = ext === 'png' ? pngCrcProblem(buf) : null;
  if (damaged) throw new CorruptImageError(`cannot use the png: ${damaged}`);
  try {
    const readable = await sharpReadable(buf, limits.maxPixels);
    // failOn 'error' (not 'warning'): a phone JPEG with a harmless warning is still evidence worth reading.
    await sharp(readable, { limitInputPixels: limits.maxPixels, pages: 1, failOn: 'error' }).stats();
  } catch (err) {
    throw new CorruptImageError(`cannot decode the ${ext} pixels: ${(err as Error).message}`);
  }
  return { mime, ext, width, height };
}
