import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { bmpToPng } from '../../../src/ocr/bmp.ts';
import { inspectImage } from '../../../src/ocr/inspect.ts';
import { worstStall } from '../../helpers/event-loop.ts';
import { bmp1Bit, bmpRle8 } from '../../helpers/images.ts';

const limits = { maxBytes: 20_000_000, maxPixels: 50_000_000 };

describe('BMP decoding', () => {
  it('decodes a 7000x7000 1-bit BMP without blocking the event loop (it used to stall it ~3 s)', async () => {
    const { value, stallMs } = await worstStall(() => inspectImage(bmp1Bit(7000, 7000), limits));
    expect(value).toMatchObject({ ext: 'bmp', width: 7000, height: 7000 });
    expect(stallMs).toBeLessThan(200);
  }, 30_000);

  it('keeps the event loop free for a tiny RLE8 file that declares 7000x7000', async () => {
    const bomb = bmpRle8(7000, 7000);
    expect(bomb.length).toBeLessThan(16_000);
    const { stallMs } = await worstStall(() => inspectImage(bomb, limits));
    expect(stallMs).toBeLessThan(200);
  }, 30_000);

  it('gives up on a decode that exceeds its time budget, with a reason', async () => {
    await expect(bmpToPng(bmp1Bit(7000, 7000), limits.maxPixels, 50)).rejects.toThrow(/decoding took over 50 ms/);
  });

  it('keeps the pixels: a small BMP becomes a PNG of the same size and colours', async () => {
    const png = await bmpToPng(bmp1Bit(40, 10), limits.maxPixels);
    const { width, height, channels } = await sharp(png).metadata();
    expect({ width, height, channels }).toEqual({ width: 40, height: 10, channels: 3 });
    const stats = await sharp(png).stats();
    expect(stats.channels[0]!.max).toBe(0); // all black, as written
  });

  it('refuses a truncated BMP with a reason instead of hanging or crashing', async () => {
    const cut = bmp1Bit(400, 400).subarray(0, 200);
    await expect(bmpToPng(cut, limits.maxPixels)).rejects.toThrow(/./);
  });
});
