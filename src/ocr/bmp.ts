import { decode } from 'bmp-ts';
import sharp from 'sharp';

// sharp's prebuilt libvips has no BMP loader, so BMP uploads are decoded by bmp-ts and re-encoded as PNG.

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

/** A lossless PNG of a BMP's pixels; refuses before decoding when the header declares too many pixels. */
export async function bmpToPng(buf: Buffer, maxPixels: number): Promise<Buffer> {
  const size = bmpSize(buf);
  if (!size || size.width === 0 || size.height === 0) throw new Error('unreadable BMP header');
  if (size.width * size.height > maxPixels) throw new Error(`BMP of ${size.width}x${size.height} exceeds pixel limit`);
  const img = decode(buf, { toRGBA: true });
  if (img.data.length < img.width * img.height * 4) throw new Error('BMP pixel data is truncated');
  // bmp-ts leaves alpha 0 for most bit depths: use the colour channels only.
  return sharp(img.data, { raw: { width: img.width, height: img.height, channels: 4 } }).removeAlpha().png().toBuffer();
}

/** The bytes sharp can open: BMP converted, everything else unchanged. */
export async function sharpReadable(buf: Buffer, maxPixels: number): Promise<Buffer> {
  return isBmp(buf) ? bmpToPng(buf, maxPixels) : buf;
}
