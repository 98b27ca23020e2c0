/**
 * The gankit side of one table cell, run in a child process of its own (the wasm backend's thread count
 * is fixed when it starts): warm-up steps, timed steps, then profiled steps.
 * @module
 */
import { kernelShare, profileCpu, type KernelShare } from './profile.js';
import type { Pix2pixSize, Workload } from './workloads.js';

/** What a child measured. */
export interface GankitResult {
  workload: string;
  /** Wasm threads the backend really started. */
  threads: number;
  warmup: number;
  steps: number;
  msPerStep: number;
  stepsPerSecond: number;
  flopsPerStep: number;
  parameters: number;
  /** Tensors left over by the timed steps (0: nothing leaks). */
  tensorsGrew: number;
  /** Steps run under the CPU profiler, after the timed ones; 0 when not profiled. */
  profileSteps: number;
  profile?: KernelShare;
}

/** Options of one measurement. */
export interface GankitRunOptions {
  threads: number;
  warmup: number;
  steps: number;
  profileSteps: number;
  pix2pix: Pix2pixSize;
}

/**
 * Measures `workload` on the wasm backend with @gankit/backend-wasm on `threads` threads: `warmup`
 * untimed steps, `steps` timed ones, then `profileSteps` more under the V8 CPU profiler, whose share of
 * samples outside wasm is the share of step time spent outside kernels. The profiled steps are apart
 * from the timed ones, so the profiler's own cost never reaches the steps/s.
 */
export async function measureGankit(workload: Workload, o: GankitRunOptions): Promise<GankitResult> {
  const tf = await import('@tensorflow/tfjs-core');
  const { initWasmBackend } = await import('@gankit/backend-wasm');
  const { threads } = await initWasmBackend({ threads: o.threads });
  const stepper = await workload.build({ pix2pix: o.pix2pix });
  try {
    for (let i = 0; i < o.warmup; i++) stepper.step();
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    for (let i = 0; i < o.steps; i++) stepper.step();
    const msPerStep = (performance.now() - t0) / o.steps;
    const tensorsGrew = tf.memory().numTensors - before;
    let profile: KernelShare | undefined;
    if (o.profileSteps > 0) {
      profile = kernelShare(
        await profileCpu(() => {
          for (let i = 0; i < o.profileSteps; i++) stepper.step();
        }),
      );
    }
    return {
      workload: workload.id,
      threads,
      warmup: o.warmup,
      steps: o.steps,
      msPerStep,
      stepsPerSecond: 1000 / msPerStep,
      flopsPerStep: stepper.flopsPerStep,
      parameters: stepper.parameters,
      tensorsGrew,
      profileSteps: o.profileSteps,
      ...(profile === undefined ? {} : { profile }),
    };
  } finally {
    stepper.dispose();
  }
}
