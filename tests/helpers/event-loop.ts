/**
 * Runs fn while a 5 ms timer ticks, and returns the longest gap between ticks beyond the period:
 * how long the event loop was blocked at worst. (monitorEventLoopDelay misses a block that starts
 * before its first sample, which is exactly when a synchronous decoder runs.)
 */
export async function worstStall<T>(fn: () => Promise<T>): Promise<{ value: T; stallMs: number }> {
  const periodMs = 5;
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - periodMs);
    last = now;
  }, periodMs);
  try {
    await new Promise((r) => setTimeout(r, 20)); // let the ticker start before the work does
    const value = await fn();
    await new Promise((r) => setTimeout(r, 20));
    return { value, stallMs: worst };
  } finally {
    clearInterval(timer);
  }
}
