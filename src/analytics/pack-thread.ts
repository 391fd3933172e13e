import { Worker } from 'node:worker_threads';
import type { PackThreadInput, PackThreadReady, ScoredText, ScoreReply } from './pack-scoring.ts';

/** A candidate (or current) pack the backtest was given that does not load: not there, or refused by the loader. */
export class PackLoadError extends Error {
  constructor(readonly dir: string, readonly issues: string[]) {
    super(`the pack in ${dir} does not load: ${issues.slice(0, 5).join('; ')}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`);
  }
}

interface Pending { resolve(results: ScoredText[]): void; reject(err: Error): void }

/**
 * One pattern pack loaded in a worker thread of its own (backtest-thread.js). It never touches the
 * process's live scorer or its reload state: it is a separate isolate with its own copy, ended by close().
 */
export class PackThread {
  readonly packVersion: string;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(private readonly worker: Worker, packVersion: string) {
    this.packVersion = packVersion;
    worker.on('message', ({ id, results }: ScoreReply) => {
      const p = this.pending.get(id);
      if (!p) return;
      this.pending.delete(id);
      p.resolve(results);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the backtest's scoring thread exited with code ${code}`)));
  }

  /** Starts the thread and waits until its pack has loaded (compiled, examples run); PackLoadError if it is refused. */
  static start(input: PackThreadInput): Promise<PackThread> {
    const worker = new Worker(new URL('./backtest-thread.js', import.meta.url), { workerData: input });
    return new Promise((resolve, reject) => {
      const early = (err: Error) => reject(err);
      const exit = (code: number) => reject(new Error(`the backtest's scoring thread exited with code ${code} before its pack loaded`));
      worker.once('error', early);
      worker.once('exit', exit);
      worker.once('message', (ready: PackThreadReady) => {
        worker.off('error', early);
        worker.off('exit', exit);
        if (ready.ready) return resolve(new PackThread(worker, ready.packVersion));
        void worker.terminate();
        reject(new PackLoadError(input.dir, ready.issues));
      });
    });
  }

  score(texts: string[]): Promise<ScoredText[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (texts.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts });
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the backtest was stopped');
    await this.worker.terminate();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }
}

/**
 * The same pack in `size` threads: a batch is cut into contiguous slices scored in parallel, so a
 * backtest uses every core the machine gives it (the 100,000-item budget is a minute).
 */
export class PackPool {
  private growing: Promise<void> | undefined;
  private closed = false;

  private constructor(private readonly threads: PackThread[], private readonly input: PackThreadInput) {}

  get packVersion(): string {
    return this.threads[0].packVersion;
  }

  /** Loads the pack in `size` threads at once; if one refuses it, all are closed and its PackLoadError is thrown. */
  static async start(input: PackThreadInput, size: number): Promise<PackPool> {
    const settled = await Promise.allSettled(Array.from({ length: Math.max(1, size) }, () => PackThread.start(input)));
    const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((t) => t.close()));
      throw failed.reason;
    }
    return new PackPool(started, input);
  }

  async score(texts: string[]): Promise<ScoredText[]> {
    const per = Math.ceil(texts.length / this.threads.length);
    const parts = await Promise.all(this.threads.map((t, i) => t.score(texts.slice(i * per, (i + 1) * per))));
    return parts.flat();
  }

  /**
   * Adds threads up to `size` in the background; each scores from the first batch after it has loaded.
   * (The active pack starts with one thread: its stored scores usually need none.) A thread that fails
   * to start only means fewer threads: the pack already loaded in this pool.
   */
  grow(size: number, onError: (err: Error) => void): void {
    if (this.growing || this.threads.length >= size) return;
    this.growing = (async () => {
      for (let i = this.threads.length; i < size; i++) {
        try {
          const t = await PackThread.start(this.input);
          if (this.closed) return void (await t.close());
          this.threads.push(t);
        } catch (err) {
          return onError(err as Error);
        }
      }
    })();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.growing;
    await Promise.all(this.threads.map((t) => t.close()));
  }
}
