import Tesseract from 'tesseract.js';
import path from 'node:path';
import type { Logger } from '../logger.ts';
import { MissingLanguageError, parseLangs } from './langdata.ts';
import { access } from 'node:fs/promises';

const { createWorker, OEM } = Tesseract;

export class OcrInitError extends Error {}

/** Fails fast, naming the file, when a model is absent: tesseract.js would otherwise wait forever. */
async function assertModels(langPath: string, langs: string): Promise<void> {
  for (const lang of parseLangs(langs)) {
    const file = path.join(langPath, `${lang}.traineddata.gz`);
    try {
      await access(file);
    } catch {
      throw new MissingLanguageError(lang, file);
    }
  }
}

/**
 * One tesseract.js worker thread with `langs` loaded from the local folder only. cacheMethod 'none'
 * keeps it from writing or preferring `./<lang>.traineddata` in the working directory; the race turns
 * the silent hang of a failed language load into an error that names the folder.
 */
export async function spawnWorker(opts: {
  langs: string;
  langPath: string;
  timeoutMs: number;
  log?: Logger;
  onCrash?: (err: Error) => void;
}): Promise<Tesseract.Worker> {
  await assertModels(opts.langPath, opts.langs);
  const pending = createWorker(opts.langs, OEM.LSTM_ONLY, {
    langPath: opts.langPath,
    gzip: true,
    cacheMethod: 'none',
    // Without a handler tesseract.js re-throws a failed job inside its message listener: an uncaught exception.
    errorHandler: (err: unknown) => opts.log?.warn({ err: String(err) }, 'tesseract job failed'),
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new OcrInitError(`tesseract worker for "${opts.langs}" did not start within ${opts.timeoutMs} ms ` +
        `(models read from ${opts.langPath}; is a ${opts.langs.split('+').join('/')}.traineddata.gz missing or corrupt?)`));
    }, opts.timeoutMs);
  });
  try {
    const worker = await Promise.race([pending, timeout]);
    const thread = (worker as unknown as { worker?: NodeJS.EventEmitter }).worker;
    thread?.on('error', (err: Error) => opts.onCrash?.(err));
    return worker;
  } catch (err) {
    pending.then((w) => w.terminate()).catch(() => {}); // a late start must not leak a thread
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
