import sharp, { type Sharp } from 'sharp';
import { sharpReadable } from './bmp.ts';

export type Layout = 'page' | 'line';

/** The knobs measured by `recruitwatch eval-ocr --preprocess NAME` (see PRESETS). */
export interface PreprocessRecipe {
  grayscale: boolean;
  normalise: boolean;
  /** Pages whose longer side is below this are enlarged 2×; lines whose height is below `lineMinHeight` are enlarged to it. */
  upscaleBelow: number;
  lineMinHeight: number;
  /** Enlarge (never shrink) so the longer side reaches this; 0 = off. */
  fitLongSide: number;
  /** Fixed-level binarisation; 0 = off. */
  threshold: number;
  /** Negate images whose mean grey is below this (dark-mode screenshots); 0 = off. */
  invertBelowMean: number;
}

const LIGHT: PreprocessRecipe = {
  grayscale: true, normalise: true, upscaleBelow: 800, lineMinHeight: 0, fitLongSide: 0, threshold: 0, invertBelowMean: 0,
};

export const PRESETS = {
  none: { ...LIGHT, grayscale: false, normalise: false, upscaleBelow: 0 },
  gray: { ...LIGHT, normalise: false, upscaleBelow: 0 },
  light: LIGHT,
  'light-invert': { ...LIGHT, invertBelowMean: 100 },
  'light-line48': { ...LIGHT, lineMinHeight: 48 },
  fit2000: { ...LIGHT, upscaleBelow: 0, fitLongSide: 2000 },
  threshold: { ...LIGHT, threshold: 128 },
} satisfies Record<string, PreprocessRecipe>;
export type PresetName = keyof typeof PRESETS;
export const DEFAULT_PRESET: PresetName = 'light';

export interface Prepared {
  png: Buffer;
  /** Size after EXIF rotation, before scaling: the frame word boxes are reported in. */
  width: number;
  height: number;
  /** prepared pixels per original pixel; word boxes are divided by it. */
  scale: number;
}

function scaleFor(r: PreprocessRecipe, layout: Layout, width: number, height: number): number {
  const long = Math.max(width, height);
  if (r.fitLongSide > 0) return Math.max(1, r.fitLongSide / long);
  if (layout === 'line' && r.lineMinHeight > 0) return Math.min(4, Math.max(1, r.lineMinHeight / height));
  return r.upscaleBelow > 0 && long < r.upscaleBelow ? 2 : 1;
}

/**
 * Turns an upload into the PNG tesseract reads: EXIF orientation applied, transparency on white,
 * first frame only, optionally grey/normalised/enlarged, and 300 dpi written in (sharp otherwise writes
 * a density tesseract reads as 70 dpi). `maxPixels` is enforced by libvips before any decoding.
 */
export async function preprocess(
  input: Buffer,
  opts: { maxPixels: number; layout?: Layout; recipe?: PreprocessRecipe },
): Promise<Prepared> {
  const r = opts.recipe ?? PRESETS[DEFAULT_PRESET];
  const readable = await sharpReadable(input, opts.maxPixels);
  const open = () => sharp(readable, { limitInputPixels: opts.maxPixels, pages: 1, failOn: 'error' });
  const meta = await open().metadata();
  const swap = (meta.orientation ?? 1) >= 5; // orientations 5-8 turn the image a quarter
  const width = swap ? meta.height! : meta.width!;
  const height = swap ? meta.width! : meta.height!;
  const scale = scaleFor(r, opts.layout ?? 'page', width, height);
  let img = open().rotate().flatten({ background: '#ffffff' });
  if (r.grayscale) img = img.grayscale();
  if (r.normalise) img = img.normalise();
  if (scale !== 1) img = img.resize({ width: Math.round(width * scale), kernel: 'lanczos3' });
  if (r.invertBelowMean > 0 && (await meanGrey(img.clone())) < r.invertBelowMean) img = img.negate({ alpha: false });
  if (r.threshold > 0) img = img.threshold(r.threshold);
  // Fast zlib: the PNG lives for milliseconds, tesseract decodes it straight away.
  const png = await img.withDensity(300).png({ compressionLevel: 1 }).toBuffer();
  return { png, width, height, scale };
}

async function meanGrey(img: Sharp): Promise<number> {
  const stats = await img.grayscale().stats();
  return stats.channels[0].mean;
}

/** A smaller copy for the script-detection probe: the script survives where small words do not. */
export async function shrinkForProbe(png: Buffer, maxLongSide: number): Promise<Buffer> {
  return sharp(png)
    .resize({ width: maxLongSide, height: maxLongSide, fit: 'inside', withoutEnlargement: true })
    .withDensity(300)
    .png({ compressionLevel: 1 })
    .toBuffer();
}
