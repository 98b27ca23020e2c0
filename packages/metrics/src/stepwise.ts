/**
 * Long computations written once as generators that `yield` between pieces of work, run either to
 * the end in one go (`finish`, for small inputs and synchronous callers) or letting the event loop run
 * between pieces (`finishYielding`, for evaluations: seconds of work on a busy core must not stall
 * timers, I/O and a test runner's messages).
 * @module
 */
import { periodicYield } from '@gankit/core';

/** Runs `steps` to its end without yielding; returns its result. */
export function finish<T>(steps: Generator<void, T>): T {
  let next = steps.next();
  while (!next.done) next = steps.next();
  return next.value;
}

/** Runs `steps` to its end, yielding to the event loop every ~50 ms between its pieces. */
export async function finishYielding<T>(steps: Generator<void, T>): Promise<T> {
  const breathe = periodicYield();
  let next = steps.next();
  while (!next.done) {
    await breathe();
    next = steps.next();
  }
  return next.value;
}
