import type Tesseract from 'tesseract.js';
import { stripBidiMarks } from './cer.ts';

export interface OcrWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface OcrResult {
  text: string;
  confidence: number;
  lang: string;
  words: OcrWord[];
  durationMs: number;
}

/** Trims each line and drops blank ones; tesseract pads pages with empty lines. */
export function cleanText(raw: string): string {
  return stripBidiMarks(raw)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function wordsOf(page: Tesseract.Page, scale: number): OcrWord[] {
  const out: OcrWord[] = [];
  const px = (v: number) => Math.round(v / scale);
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        for (const w of line.words) {
          const text = stripBidiMarks(w.text).trim();
          if (!text) continue;
          out.push({
            text,
            confidence: Math.round(w.confidence * 10) / 10,
            bbox: { x0: px(w.bbox.x0), y0: px(w.bbox.y0), x1: px(w.bbox.x1), y1: px(w.bbox.y1) },
          });
        }
      }
    }
  }
  return out;
}

/**
 * The page's text rebuilt line by line from words at or above `minConfidence`: on photos tesseract
 * reads texture as runs of low-confidence junk words, which only add noise for the scorer.
 */
export function confidentText(page: Tesseract.Page, minConfidence: number): string {
  const lines: string[] = [];
  for (const block of page.blocks ?? []) {
    for (const para of block.paragraphs) {
      for (const line of para.lines) {
        const kept = line.words.filter((w) => w.confidence >= minConfidence).map((w) => w.text);
        if (kept.length) lines.push(kept.join(' '));
      }
    }
  }
  return cleanText(lines.join('\n'));
}

/**
 * Our result from tesseract's page: text in logical order (tesseract already emits RTL runs logically,
 * we only drop the LRM/RLM marks it adds around Latin runs), boxes mapped back to the original frame.
 */
export function toOcrResult(
  page: Tesseract.Page,
  opts: { scale: number; lang: string; durationMs: number; minWordConfidence: number },
): OcrResult {
  const text = opts.minWordConfidence > 0 ? confidentText(page, opts.minWordConfidence) : cleanText(page.text ?? '');
  return {
    text,
    confidence: text ? Math.round(page.confidence * 10) / 10 : 0,
    lang: opts.lang,
    words: wordsOf(page, opts.scale),
    durationMs: Math.round(opts.durationMs),
  };
}
