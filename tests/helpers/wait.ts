import type { Queue } from 'bullmq';

/** Polls `check` until it returns a truthy value (returned) or the time is up (throws, naming `what`). */
export async function waitFor<T>(what: string, check: () => Promise<T>, timeoutMs = 15_000): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Waits until a queue has nothing waiting, active, delayed or waiting for children. */
export async function drain(queue: Queue, timeoutMs = 15_000): Promise<void> {
  await waitFor(`queue ${queue.name} to drain`, async () => {
    const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(c).every((n) => n === 0);
  }, timeoutMs);
}
