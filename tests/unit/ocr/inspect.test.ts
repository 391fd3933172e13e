import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  CorruptImageError, inspectImage, TooLargeError, TooManyPixelsError, UnsupportedTypeError,
} from '../../../src/ocr/inspect.ts';

const limits = { maxBytes: 5_000_000, maxPixels: 50_000_000 };
const blank = (format: 'png' | 'jpeg' | 'webp' | 'gif' | 'tiff') =>
  sharp({ create: { width: 120, height: 80, channels: 3, background: '#ffffff' } }).toFormat(format).toBuffer();

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('inspectImage', () => {
  it.each(['png', 'jpeg', 'webp', 'gif', 'tiff'] as const)('accepts %s with its size', async (format) => {
    const r = await inspectImage(await blank(format), limits);
    expect(r).toMatchObject({ width: 120, height: 80 });
    expect(r.mime).toMatch(/^image\//);
  });

  it('refuses a PNG whose chunk CRC is broken, naming the chunk (sharp reads past it; Tesseract does not)', async () => {
    const png = await blank('png');
    // a tEXt chunk after IHDR (8-byte signature + 25-byte IHDR) with a CRC that does not match
    const data = Buffer.from('Comment\0made by hand', 'latin1');
    const chunk = Buffer.alloc(12 + data.length);
    chunk.writeUInt32BE(data.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    data.copy(chunk, 8);
    chunk.writeUInt32BE(0xdeadbeef, 8 + data.length);
    const damaged = Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
    await expect(sharp(damaged).stats()).resolves.toBeDefined(); // why the check is ours
    const err = await rejection(inspectImage(damaged, limits));
    expect(err).toBeInstanceOf(CorruptImageError);
    expect(err.message).toMatch(/tEXt chunk at byte 33 fails its CRC check/);
  });

  it('refuses a PNG cut off before its end', async () => {
    const png = await blank('png');
    const err = await rejection(inspectImage(png.subarray(0, png.length - 12), limits));
    expect(err).toBeInstanceOf(CorruptImageError);
  });

  it('accepts a BMP, which sharp itself cannot read', async () => {
    // A 2x1 24-bit BMP written by hand: 54-byte header + one padded row.
    const bmp = Buffer.alloc(62);
    bmp.write('BM', 0); bmp.writeUInt32LE(62, 2); bmp.writeUInt32LE(54, 10); bmp.writeUInt32LE(40, 14);
    bmp.writeInt32LE(2, 18); bmp.writeInt32LE(1, 22); bmp.writeUInt16LE(1, 26); bmp.writeUInt16LE(24, 28);
    bmp.writeUInt32LE(8, 34);
    expect(await inspectImage(bmp, limits)).toEqual({ mime: 'image/bmp', ext: 'bmp', width: 2, height: 1 });
  });

  it('refuses a 20000x20000 PNG bomb from its header in milliseconds', async () => {
    const bomb = await sharp({ create: { width: 20000, height: 20000, channels: 3, background: '#ffffff' }, limitInputPixels: false })
      .toColourspace('b-w').png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(1_000_000);
    const started = performance.now();
    const err = await rejection(inspectImage(bomb, limits));
    expect(performance.now() - started).toBeLessThan(200);
    expect(err).toBeInstanceOf(TooManyPixelsError);
    expect(err).toMatchObject({ width: 20000, height: 20000 });
  }, 60_000);

  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'application/pdf'],
    ['an SVG', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>'), 'image/svg+xml'],
    ['a bare SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>'), 'image/svg+xml'],
    ['an HTML page', Buffer.from('<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>'), 'text/html'],
    ['a zip', Buffer.from('504b0304140000000000', 'hex'), 'application/zip'],
  ])('refuses %s renamed .jpg, naming the detected type', async (_, bytes, detected) => {
    const err = await rejection(inspectImage(bytes, limits));
    expect(err).toBeInstanceOf(UnsupportedTypeError);
    expect((err as UnsupportedTypeError).detected).toBe(detected);
  });

  it('refuses files over the byte limit before looking inside', async () => {
    const err = await rejection(inspectImage(Buffer.alloc(2000), { maxBytes: 1000, maxPixels: 1e6 }));
    expect(err).toBeInstanceOf(TooLargeError);
  });

  it('calls a PNG signature followed by junk, and a truncated JPEG, corrupt', async () => {
    const png = await blank('png');
    const junk = Buffer.concat([png.subarray(0, 16), Buffer.alloc(300, 0x5a)]);
    expect(await rejection(inspectImage(junk, limits))).toBeInstanceOf(CorruptImageError);
    const jpeg = await blank('jpeg');
    expect(await rejection(inspectImage(jpeg.subarray(0, jpeg.length >> 1), limits))).toBeInstanceOf(CorruptImageError);
  });
});
