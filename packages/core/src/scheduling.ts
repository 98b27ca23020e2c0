/**
 * Letting the event loop breathe during long computations: training loops and metrics run tensor ops
 * synchronously, and without a macrotask break a browser page freezes, and in Node timers, signal
 * handlers (Ctrl-C) and IPC wait until the whole run ends.
 * @module
 */

const schedule: (resolve: () => void) => void =
  typeof setImmediate === 'function' ? (resolve) => setImmediate(resolve) : (resolve) => setTimeout(resolve, 0);

/** Resolves after the event loop has run pending timers, I/O and signal handlers once. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}

/**
 * Returns a function that yields to the event loop when at least `intervalMs` have passed since it last
 * did, and otherwise returns at once; call it between units of work.
 *
 * @example
 * ```ts
 * const breathe = periodicYield();
 * for (const block of blocks) { work(block); await breathe(); }
 * ```
 */
export function periodicYield(intervalMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < intervalMs) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}
