import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { pngChunk } from '../helpers/images.ts';

// Hostile images made in code: nothing big is committed, and each one is built to hit one path.

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG with the given IHDR fields and one IDAT of `raw` (deflated). */
export function rawPng(width: number, height: number, raw: Buffer, colorType = 0): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  return Buffer.concat([PNG_SIGNATURE, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A small, readable flyer-sized image: real pixels, so it passes every check and goes to OCR. */
export async function plainImage(format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff', seed = 0): Promise<Buffer> {
  const img = sharp({ create: { width: 96 + seed, height: 64, channels: 3, background: { r: 255, g: 255 - seed, b: 255 } } });
  return img.toFormat(format).toBuffer();
}

/** Flips one byte inside the first IDAT's data: the CRC no longer matches. */
export function breakPngCrc(png: Buffer): Buffer {
  const out = Buffer.from(png);
  const at = out.indexOf('IDAT') + 6;
  out[at] ^= 0xff;
  return out;
}

/** A JPEG whose SOF header declares width x height, with no scan data after it. */
export function jpegHeaderOnly(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x0b, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]), sof, Buffer.from([0xff, 0xd9])]);
}

/** A GIF whose logical screen and first frame declare width x height with almost no data. */
export function gifHeaderOnly(width: number, height: number): Buffer {
  const b = Buffer.alloc(13 + 6 + 10 + 4 + 1);
  b.write('GIF89a', 0, 'ascii');
  b.writeUInt16LE(width, 6);
  b.writeUInt16LE(height, 8);
  b[10] = 0x80; // global colour table of 2
  let at = 13;
  b.set([0, 0, 0, 255, 255, 255], at);
  at += 6;
  b[at] = 0x2c;
  b.writeUInt16LE(0, at + 1);
  b.writeUInt16LE(0, at + 3);
  b.writeUInt16LE(width, at + 5);
  b.writeUInt16LE(height, at + 7);
  b[at + 9] = 0;
  at += 10;
  b.set([2, 1, 0x44, 0], at); // LZW min size 2, one sub-block, then a terminator; no trailer
  return b;
}

/** A little-endian TIFF whose one IFD declares width x height and points its strip past the end. */
export function tiffHeaderOnly(width: number, height: number): Buffer {
  const entries: Array<[number, number, number]> = [
    [256, 4, width], // ImageWidth LONG
    [257, 4, height], // ImageLength LONG
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression none
    [262, 3, 1], // BlackIsZero
    [273, 4, 4096], // StripOffsets, past the end
    [277, 3, 1], // SamplesPerPixel
    [278, 4, height], // RowsPerStrip
    [279, 4, width * height], // StripByteCounts
  ];
  const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4);
  b.write('II', 0, 'ascii');
  b.writeUInt16LE(42, 2);
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    b.writeUInt16LE(tag, at);
    b.writeUInt16LE(type, at + 2);
    b.writeUInt32LE(1, at + 4);
    if (type === 3) b.writeUInt16LE(value, at + 8);
    else b.writeUInt32LE(value >>> 0, at + 8);
  });
  return b;
}

/** A lossy WebP (VP8) header declaring the largest size the format allows, with no frame data. */
export function webpHeaderOnly(): Buffer {
  const vp8 = Buffer.from([0x30, 0x01, 0x00, 0x9d, 0x01, 0x2a, 0xff, 0x3f, 0xff, 0x3f]); // 16383x16383
  const chunk = Buffer.concat([Buffer.from('VP8 '), Buffer.from([vp8.length, 0, 0, 0]), vp8]);
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'ascii');
  riff.writeUInt32LE(4 + chunk.length, 4);
  riff.write('WEBP', 8, 'ascii');
  return Buffer.concat([riff, chunk]);
}

/** A BMP header with arbitrary fields and `pixels` bytes of data. */
export function bmpWith(opts: { width: number; height: number; bpp?: number; compression?: number; dib?: number; offset?: number; pixels?: number }): Buffer {
  const dib = opts.dib ?? 40;
  const offset = opts.offset ?? 14 + dib;
  const pixels = Buffer.alloc(opts.pixels ?? 16);
  const head = Buffer.alloc(14 + Math.max(dib, 40));
  head.write('BM', 0);
  head.writeUInt32LE(14 + head.length + pixels.length, 2);
  head.writeUInt32LE(offset, 10);
  head.writeUInt32LE(dib, 14);
  head.writeInt32LE(opts.width, 18);
  head.writeInt32LE(opts.height, 22);
  head.writeUInt16LE(1, 26);
  head.writeUInt16LE(opts.bpp ?? 24, 28);
  head.writeUInt32LE(opts.compression ?? 0, 30);
  return Buffer.concat([head.subarray(0, 14 + Math.max(dib, 40)), pixels]);
}
