// OCR throughput and memory: a 2-worker pool reads generated flyer-sized images (eng, rus, fas) and prints
// images/s and peak RSS. `npx tsx tests/bench/ocr.bench.ts` (BENCH_IMAGES=N, BENCH_POOL=N, BENCH_LANGS=auto).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { createOcrPool } from '../../src/ocr/engine.ts';

const LINES = {
  eng: ['WORK IN RUSSIA', 'Salary 3000 USD per month', 'Free flight, visa and housing', 'Call or write on WhatsApp', 'Drivers, cooks, guards needed'],
  rus: ['Работа в России', 'Зарплата 200 000 рублей', 'Бесплатный перелёт и жильё', 'Пишите в Телеграм', 'Нужны водители и охранники'],
  fas: ['کار در روسیه', 'حقوق ماهانه عالی', 'بلیط و ویزا رایگان', 'تماس در تلگرام', 'استخدام راننده و نگهبان'],
} as const;
type Lang = keyof typeof LINES;

/** A ~900x600 flyer: four of the five lines, in a rotating order so no two images are identical. */
async function flyer(lang: Lang, i: number): Promise<Buffer> {
  const lines = LINES[lang].map((_, k) => LINES[lang][(k + i) % 5]).slice(0, 4).join('\n');
  const font = lang === 'fas' ? 'Noto Naskh Arabic' : 'DejaVu Sans';
  const text = await sharp({ text: { text: lines, font: `${font} 40`, dpi: 72, rgba: true, spacing: 24 } }).png().toBuffer();
  const m = await sharp(text).metadata();
  return sharp({ create: { width: 900, height: 600, channels: 3, background: '#f4efe2' } })
    .composite([{ input: text, left: Math.max(0, 450 - Math.round(m.width! / 2)), top: Math.max(0, 300 - Math.round(m.height! / 2)) }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

export async function runOcrBench(): Promise<void> {
  const total = Number(process.env.BENCH_IMAGES ?? 120);
  const size = Number(process.env.BENCH_POOL ?? 2);
  const auto = process.env.BENCH_LANGS === 'auto';
  const langs: Lang[] = ['eng', 'rus', 'fas'];
  const images = await Promise.all(Array.from({ length: 30 }, (_, i) => flyer(langs[i % 3], i)));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'rw-ocr-bench-'));
  const pool = await createOcrPool({ size, langs: 'eng+rus+fas', dataDir });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  const started = performance.now();
  let next = 0;
  let chars = 0;
  // Keep size+1 images in flight: the pool always has work queued, as under a busy BullMQ worker.
  await Promise.all(Array.from({ length: size + 1 }, async () => {
    while (next < total) {
      const i = next++;
      const r = await pool.recognize(images[i % images.length], { langs: auto ? undefined : langs[i % 3] });
      chars += r.text.length;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await pool.terminate();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`ocr: ${total} flyer images (900x600, eng/rus/fas${auto ? ', languages chosen per image' : ''}) on ${size} workers: ` +
    `${(total / seconds).toFixed(2)} images/s, peak RSS ${Math.round(peakRss / 1e6)} MB, ${chars} characters read\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runOcrBench();
