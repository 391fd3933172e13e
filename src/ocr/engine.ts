import Tesseract from 'tesseract.js';
import type { Logger } from '../logger.ts';
import { parseLangs, prepareLangFolder } from './langdata.ts';
import { preprocess, shrinkForProbe, type Layout, type PreprocessRecipe } from './preprocess.ts';
import { toOcrResult, type OcrResult } from './result.ts';
import { spawnWorker } from './worker.ts';
import { chooseLangs } from './script.ts';

export type { OcrResult, OcrWord } from './result.ts';
export { OcrInitError } from './worker.ts';
export { MissingLanguageError } from './langdata.ts';

const { OEM, PSM } = Tesseract;

const DEFAULT_PAGE_PSM = PSM.SINGLE_BLOCK;
// The probe runs several models; on a copy this size it costs about one normal pass.
const PROBE_LONG_SIDE = 800;
// Measured on the shared set (pages): 0 -> CER 0.179, 30 -> 0.154, 50 -> 0.168.
const DEFAULT_MIN_WORD_CONFIDENCE = 30;

export class OcrTimeoutError extends Error {}
export class OcrPoolClosedError extends Error {}

export interface RecognizeOptions {
  /** 'eng+fas' etc.; absent: chosen per image from the script a quick first pass sees. */
  langs?: string;
  layout?: Layout;
  timeoutMs?: number;
}

export interface OcrPool {
  recognize(image: Buffer, opts?: RecognizeOptions): Promise<OcrResult>;
  terminate(): Promise<void>;
}

export interface OcrPoolOptions {
  size: number;
  langs: string;
  dataDir: string;
  log?: Logger;
  initTimeoutMs?: number;
  /** Per-image default; a timed-out worker is terminated and replaced. */
  timeoutMs?: number;
  maxPixels?: number;
  recipe?: PreprocessRecipe;
  /** Page segmentation for 'page' images (tesseract PSM number); lines always use 7. */
  pagePsm?: string;
  /** On pages, words below this tesseract confidence (0-100) are left out of the text (kept in `words`). */
  minWordConfidence?: number;
}

interface Slot {
  worker: Tesseract.Worker;
  langs: string;
  psm: string;
  busy: boolean;
}

interface Task {
  png: Buffer;
  langs: string;
  psm: string;
  timeoutMs: number;
  resolve: (page: Tesseract.Page) => void;
  reject: (err: Error) => void;
}

/**
 * The process's tesseract.js pool: `size` worker threads made once. Our own queue instead of
 * tesseract's scheduler, because the scheduler cannot say which worker runs a job: we send a job to
 * an idle worker that already has its languages loaded (a reinitialize costs 50–650 ms), and we can
 * kill and replace the one worker that overran its time.
 */
export async function createOcrPool(opts: OcrPoolOptions): Promise<OcrPool> {
  const allowed = parseLangs(opts.langs);
  const langPath = await prepareLangFolder(opts.dataDir, allowed, opts.log);
  const initTimeoutMs = opts.initTimeoutMs ?? 90_000; // a loaded 2-core machine took over 30 s once
  const log = opts.log?.child({ component: 'ocr' });
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let closed = false;

  const newSlot = async (langs: string): Promise<Slot> => {
    const slot: Slot = { worker: undefined as unknown as Tesseract.Worker, langs, psm: PSM.SINGLE_BLOCK, busy: false };
    slot.worker = await spawnWorker({
      langs, langPath, timeoutMs: initTimeoutMs, log,
      onCrash: (err) => { log?.error({ err }, 'tesseract worker thread crashed'); void replace(slot); },
    });
    await slot.worker.setParameters({ tessedit_pageseg_mode: slot.psm as Tesseract.PSM });
    return slot;
  };

  const replace = async (dead: Slot): Promise<void> => {
    const i = slots.indexOf(dead);
    if (i < 0) return;
    slots.splice(i, 1);
    void dead.worker.terminate();
    if (closed) return;
    try {
      slots.push(await newSlot(dead.langs));
    } catch (err) {
      log?.error({ err }, 'could not replace a tesseract worker; the pool is smaller');
      if (slots.length === 0) for (const t of queue.splice(0)) t.reject(err as Error);
    }
    dispatch();
  };

  const run = async (slot: Slot, task: Task): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OcrTimeoutError(`OCR took longer than ${task.timeoutMs} ms`)), task.timeoutMs);
    });
    const work = (async () => {
      if (slot.langs !== task.langs) {
        await slot.worker.reinitialize(task.langs, OEM.LSTM_ONLY);
        slot.langs = task.langs;
        slot.psm = ''; // initialising resets tesseract's variables: the page mode must be set again
      }
      if (slot.psm !== task.psm) {
        await slot.worker.setParameters({ tessedit_pageseg_mode: task.psm as Tesseract.PSM });
        slot.psm = task.psm;
      }
      return (await slot.worker.recognize(task.png, {}, { text: true, blocks: true })).data;
    })();
    try {
      task.resolve(await Promise.race([work, timedOut]));
      slot.busy = false;
    } catch (err) {
      task.reject(err as Error);
      work.catch(() => {});
      // WASM cannot be interrupted: the only way to stop an overrunning recognition is to kill its thread.
      if (err instanceof OcrTimeoutError) await replace(slot);
      else slot.busy = false;
    } finally {
      clearTimeout(timer);
    }
    dispatch();
  };

  const dispatch = (): void => {
    while (queue.length > 0) {
      const idle = slots.filter((s) => !s.busy);
      if (idle.length === 0) return;
      const task = queue.shift()!;
      const slot = idle.find((s) => s.langs === task.langs) ?? idle[0];
      slot.busy = true;
      void run(slot, task);
    }
  };

  const submit = (png: Buffer, langs: string, layout: Layout, timeoutMs: number) =>
    new Promise<Tesseract.Page>((resolve, reject) => {
      if (closed) return reject(new OcrPoolClosedError('the OCR pool is shut down'));
      const psm = layout === 'line' ? PSM.SINGLE_LINE : (opts.pagePsm ?? DEFAULT_PAGE_PSM);
      queue.push({ png, langs, psm, timeoutMs, resolve, reject });
      dispatch();
    });

  const first = await newSlot(allowed[0]);
  slots.push(first);
  const rest = await Promise.all(Array.from({ length: opts.size - 1 }, () => newSlot(allowed[0])));
  slots.push(...rest);
  log?.info({ workers: slots.length, langs: opts.langs, langPath }, 'OCR pool ready');

  return {
    async recognize(image, ropts = {}) {
      const started = performance.now();
      const layout = ropts.layout ?? 'page';
      const timeoutMs = ropts.timeoutMs ?? opts.timeoutMs ?? 60_000;
      const prepared = await preprocess(image, { maxPixels: opts.maxPixels ?? 50_000_000, layout, recipe: opts.recipe });
      const run1 = (langs: string) => submit(prepared.png, langs, layout, timeoutMs);
      const probe = async (langs: string) => submit(await shrinkForProbe(prepared.png, PROBE_LONG_SIDE), langs, layout, timeoutMs);
      const { langs, page } = ropts.langs
        ? { langs: checkedSubset(ropts.langs, allowed), page: await run1(ropts.langs) }
        : await chooseLangs(probe, run1, allowed);
      return toOcrResult(page, { scale: prepared.scale, lang: langs, durationMs: performance.now() - started,
        // Lines are crops someone already judged to be text: filtering their words only lost letters.
        minWordConfidence: layout === 'page' ? (opts.minWordConfidence ?? DEFAULT_MIN_WORD_CONFIDENCE) : 0 });
    },
    async terminate() {
      closed = true;
      for (const t of queue.splice(0)) t.reject(new OcrPoolClosedError('the OCR pool is shut down'));
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()));
    },
  };
}

function checkedSubset(langs: string, allowed: string[]): string {
  const missing = parseLangs(langs).filter((l) => !allowed.includes(l));
  if (missing.length) throw new Error(`OCR language(s) ${missing.join(', ')} not in this pool (${allowed.join('+')})`);
  return langs;
}
