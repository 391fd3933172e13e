import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/jobs/batcher.ts';

describe('Batcher', () => {
  it('hands a full batch over at once, and a partial one after the wait', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      return xs.map((x) => x * 2);
    }, { maxSize: 3, maxWaitMs: 20 });
    const full = await Promise.all([b.add(1), b.add(2), b.add(3)]);
    expect(full).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
    const started = Date.now();
    expect(await b.add(4)).toBe(8);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('fails only the input its answer is an Error for, and all of them when the batch throws', async () => {
    const picky = new Batcher<number, number>(async (xs) => xs.map((x) => (x === 2 ? new Error('two is refused') : x)), { maxSize: 3, maxWaitMs: 5 });
    const settled = await Promise.allSettled([picky.add(1), picky.add(2), picky.add(3)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason.message).toBe('two is refused');

    const broken = new Batcher<number, number>(async () => {
      throw new Error('database gone');
    }, { maxSize: 2, maxWaitMs: 5 });
    const both = await Promise.allSettled([broken.add(1), broken.add(2)]);
    expect(both.map((s) => (s as PromiseRejectedResult).reason.message)).toEqual(['database gone', 'database gone']);
  });
});

describe('Batcher under load', () => {
  it('keeps one batch in flight, and what arrives meanwhile goes together in the next', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const b = new Batcher<number, number>(async (xs) => {
      batches.push(xs);
      if (batches.length === 1) await first;
      return xs;
    }, { maxSize: 2, maxWaitMs: 1 });
    const all = [b.add(1), b.add(2)]; // fills the first batch, which now waits
    all.push(b.add(3), b.add(4), b.add(5)); // arrive while it is in flight
    await new Promise((r) => setTimeout(r, 20));
    expect(batches).toEqual([[1, 2]]);
    release();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });
});
