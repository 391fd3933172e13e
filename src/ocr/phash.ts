import sharp from 'sharp';
import { sharpReadable } from './bmp.ts';

const HASH_PIXELS_LIMIT = 50_000_000;

const N = 32;
// DCT-II basis, cos((2x+1)uπ / 2N) for the 8 lowest frequencies u, computed once.
const COS = Array.from({ length: 8 }, (_, u) => Array.from({ length: N }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N))));

/**
 * 64-bit pHash as 16 hex digits: the image, EXIF-rotated, flattened and grey, squeezed to 32×32; the 8×8
 * lowest DCT frequencies each give one bit (above or below their median). Only coarse structure survives,
 * so recompression, resizing and small crops move few bits, while different layouts differ in many.
 */
export async function perceptualHash(buf: Buffer): Promise<string> {
  const input = await sharpReadable(buf, HASH_PIXELS_LIMIT);
  const px = await sharp(input, { limitInputPixels: HASH_PIXELS_LIMIT, pages: 1 })
    .rotate()
    .flatten({ background: '#ffffff' })
    .grayscale()
    .resize(N, N, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer();
  const coeffs: number[] = [];
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let sum = 0;
      for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) sum += px[y * N + x] * COS[u][y] * COS[v][x];
      coeffs.push(sum);
    }
  }
  const median = [...coeffs.slice(1)].sort((a, b) => a - b)[31]; // DC (overall brightness) left out
  let bits = 0n;
  for (const c of coeffs) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits.toString(16).padStart(16, '0');
}

/** Differing bits between two 16-hex-digit hashes (0 = same picture, ~32 = unrelated). */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/i.test(a) || !/^[0-9a-f]{16}$/i.test(b)) throw new Error('hashes must be 16 hex digits');
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}
