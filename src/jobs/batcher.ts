/**
 * Gathers single calls into batches: each `add` waits for the batch it joined, and a batch is
 * handed to `flush` when it holds `maxSize` inputs or `maxWaitMs` after its first input arrived.
 * Workers use it to turn BullMQ's one-job-at-a-time processors into one database transaction for
 * many jobs, while each job still succeeds, fails and is retried on its own.
 *
 * `flush` answers per input (a value or an Error for that input alone); if it throws, every input
 * of the batch fails with that error.
 */
export class Batcher<I, O> {
  private pending: Array<{ input: I; resolve: (o: O) => void; reject: (e: Error) => void }> = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    private readonly flush: (inputs: I[]) => Promise<Array<O | Error>>,
    private readonly opts: { maxSize: number; maxWaitMs: number; maxInFlight?: number },
  ) {}

  add(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      if (this.inFlight >= (this.opts.maxInFlight ?? 1)) return; // a batch in flight takes the next one along when it ends
      if (this.pending.length >= this.opts.maxSize) this.run();
      else this.timer ??= setTimeout(() => this.run(), this.opts.maxWaitMs);
    });
  }

  /**
   * At most maxInFlight batches (default 1) at a time: while they are written, the next one grows
   * (group commit), so a busy process writes few, large batches instead of many small ones.
   */
  private run(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight >= (this.opts.maxInFlight ?? 1)) return;
    const batch = this.pending.splice(0, this.opts.maxSize);
    if (batch.length === 0) return;
    this.inFlight++;
    const done = () => {
      this.inFlight--;
      if (this.pending.length >= this.opts.maxSize) this.run();
      else if (this.pending.length > 0) this.timer ??= setTimeout(() => this.run(), this.opts.maxWaitMs);
    };
    this.flush(batch.map((b) => b.input)).finally(done).then(
      (outputs) => {
        batch.forEach((b, i) => {
          const out = outputs[i];
          if (out instanceof Error) b.reject(out);
          else if (out === undefined) b.reject(new Error('the batch gave no answer for this input'));
          else b.resolve(out);
        });
      },
      (err: unknown) => {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const b of batch) b.reject(error);
      },
    );
  }
}
