import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hammingDistance, perceptualHash } from '../../../src/ocr/phash.ts';

const fixture = (name: string) => readFileSync(path.resolve(import.meta.dirname, '../../fixtures/images', name));

describe('perceptual hash', () => {
  it('is 16 hex digits and stable', async () => {
    const h = await perceptualHash(fixture('eng-flyer.png'));
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    expect(await perceptualHash(fixture('eng-flyer.png'))).toBe(h);
  });

  it('stays near for a recompressed, resized and slightly cropped copy of the same flyer', async () => {
    const original = fixture('rus-flyer.png');
    const meta = await sharp(original).metadata();
    const copy = await sharp(original)
      .extract({ left: 4, top: 3, width: meta.width! - 9, height: meta.height! - 7 })
      .resize({ width: Math.round(meta.width! * 0.8) })
      .jpeg({ quality: 55 })
      .toBuffer();
    const d = hammingDistance(await perceptualHash(original), await perceptualHash(copy));
    expect(d).toBeLessThanOrEqual(8);
  });

  it('is far for different flyers', async () => {
    const [a, b, c] = await Promise.all(['eng-flyer.png', 'rus-flyer.png', 'fas-flyer.png'].map((n) => perceptualHash(fixture(n))));
    expect(hammingDistance(a, b)).toBeGreaterThan(12);
    expect(hammingDistance(a, c)).toBeGreaterThan(12);
    expect(hammingDistance(b, c)).toBeGreaterThan(12);
  });

  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('00000000000000f0', '0000000000000010')).toBe(3);
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(/16 hex/);
  });
});
