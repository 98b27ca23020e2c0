/**
 * CycleGAN (Zhu, Park, Isola & Efros 2017, "Unpaired Image-to-Image Translation using Cycle-Consistent
 * Adversarial Networks"): G: A -> B and F: B -> A learned from two unpaired domains, each against a
 * discriminator of its output domain (least-squares loss), with the cycle-consistency loss
 * `|F(G(a)) - a| + |G(F(b)) - b|` and the identity loss `|G(b) - b| + |F(a) - a|`; the discriminators
 * learn from a pool of 50 past fakes.
 *
 * Network names: `generator` (G, A -> B), `generatorBA` (F), `discriminator` (D_B), `discriminatorA`
 * (D_A). One optimizer updates both generators, one both discriminators (Adam is per weight, so this
 * equals the paper's separate updates). The fake histories `poolB` and `poolA` are variant state
 * (`GanVariant.state`): saved with checkpoints, never loaded by samplers.
 * @module
 */
import {
  CheckpointError,
  ConfigError,
  isTranslationSource,
  meanOutput,
  regularizersNotApplied,
  VARIANT_SPEC_VERSION,
  type Batch,
  type ConfigIssue,
  type DataSource,
  type DataSpec,
  type GanVariant,
  type GeneratorInput,
  type StepContext,
  type StepResult,
  type VariantConfig,
  type VariantPreset,
  type Checkpoint,
  type StateTensor,
} from '@gankit/core';
import * as tf from '@tensorflow/tfjs-core';
import { queryImagePool } from './image-pool.js';

/** Name of the domain-A source in a step's batch (its images are `a.x`). */
export const DOMAIN_A = 'a';

/** Config of `cyclegan`. */
export interface CycleganConfig extends VariantConfig {
  /** λ of the cycle-consistency loss. The paper's 10. */
  cycleWeight: number;
  /** Weight of the identity loss relative to λ (the paper's 0.5, so 5 in all); 0 turns it off. */
  identityWeight: number;
  /**
   * Weight of each generator's adversarial term. The least-squares pair's G loss is ½·mean((D - 1)²),
   * so the default 2 gives the paper's mean((D - 1)²).
   */
  adversarialWeight: number;
  /** Past fakes each discriminator draws from (0: the newest fakes only). The paper's 50. */
  poolSize: number;
}

function side(data: DataSpec): number {
  return Math.max(data.shape[0] ?? 0, data.shape[1] ?? 0);
}

/**
 * CycleGAN's defaults: ResNet generators and PatchGAN discriminators sized from the image (instance
 * norm), least-squares loss, λ = 10, identity 0.5, pool 50, Adam 2e-4 with β1 0.5; batch 1 for images
 * of 128 px or more (the paper's), 16 for small ones. `latentDim` is unused.
 */
export function cycleganDefaults(data: DataSpec): CycleganConfig {
  const generator = { model: 'resnet-generator', options: {} };
  const discriminator = { model: 'patchgan-discriminator', options: {} };
  return {
    latentDim: 1,
    batchSize: side(data) >= 128 ? 1 : 16,
    dSteps: 1,
    gSteps: 1,
    loss: 'least-squares',
    regularizers: [],
    cycleWeight: 10,
    identityWeight: 0.5,
    adversarialWeight: 2,
    poolSize: 50,
    networks: {
      generator,
      discriminator,
      generatorBA: generator,
      discriminatorA: discriminator,
    },
    optimizers: {
      generator: { type: 'adam', learningRate: 2e-4, beta1: 0.5, networks: ['generator', 'generatorBA'] },
      discriminator: { type: 'adam', learningRate: 2e-4, beta1: 0.5, networks: ['discriminator', 'discriminatorA'] },
    },
  };
}

/**
 * `small`: networks for quick CPU runs on small images: generators of 8 filters, one downsampling and
 * 2 residual blocks (about 7 MFLOP per 28×28 image instead of 200), discriminators of 16 filters.
 */
export const smallCycleganPreset: VariantPreset<CycleganConfig> = {
  description: 'narrow networks for CPU runs: 8-filter generators with one downsampling and 2 residual blocks, 16-filter discriminators',
  config: () => ({
    networks: {
      generator: { options: { filters: 8, blocks: 2, downsamplings: 1 } },
      generatorBA: { options: { filters: 8, blocks: 2, downsamplings: 1 } },
      discriminator: { options: { filters: 16 } },
      discriminatorA: { options: { filters: 16 } },
    },
  }),
};

/** The generator's input: an image of domain A (`a.x` of the batch). */
export function unpairedInputs(data: DataSpec): GeneratorInput[] {
  const t = data.meta?.['translation'] as { inputShape?: number[] } | undefined;
  return [{ kind: 'example', name: DOMAIN_A, from: `${DOMAIN_A}.x`, shape: t?.inputShape ?? [...data.shape] }];
}

function validate(config: CycleganConfig, data: DataSpec): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (data.kind !== 'image' || data.shape.length !== 3) issues.push({ path: 'data', expected: 'images [height, width, channels]', found: `${data.kind} of shape [${data.shape.join(', ')}]` });
  else if (data.meta?.['translation'] === undefined) {
    issues.push({ path: 'dataset', expected: 'two domains (digits-thickness, images-unpaired:<dir>, or an UnpairedDataSource)', found: 'images of one domain' });
  }
  for (const key of ['cycleWeight', 'identityWeight', 'adversarialWeight'] as const) {
    const v = config[key];
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) issues.push({ path: key, expected: 'a number >= 0', found: v });
  }
  issues.push(...regularizersNotApplied(config, 'CycleGAN'));
  if (!(Number.isInteger(config.poolSize) && config.poolSize >= 0)) issues.push({ path: 'poolSize', expected: 'an integer >= 0', found: config.poolSize });
  for (const pool of POOLS) {
    if (config.networks[pool] !== undefined) issues.push({ path: `networks.${pool}`, expected: 'no network: the pools are variant state, sized by poolSize', found: config.networks[pool] });
  }
  if (config.dSteps !== 1 || config.gSteps !== 1) issues.push({ path: config.dSteps !== 1 ? 'dSteps' : 'gSteps', expected: '1 (CycleGAN alternates one G update and one D update)', found: config.dSteps !== 1 ? config.dSteps : config.gSteps });
  const inputShape = (data.meta?.['translation'] as { inputShape?: number[] } | undefined)?.inputShape;
  if (config.identityWeight > 0 && inputShape && inputShape[2] !== data.shape[2]) {
    issues.push({ path: 'identityWeight', expected: `0: the identity loss needs domains with equal channels (A has ${inputShape[2]}, B ${data.shape[2]})`, found: config.identityWeight });
  }
  return issues;
}

/** Domain B as the default source and domain A as source `a`; unpaired translation data only. */
function unpairedSources(data: DataSource): Record<string, DataSource> {
  if (!isTranslationSource(data)) {
    throw new ConfigError("data of variant 'cyclegan'", [
      { path: 'dataset', expected: 'two domains (digits-thickness, images-unpaired:<dir>, or an UnpairedDataSource)', found: `plain ${data.spec.kind} data` },
    ]);
  }
  // Paired data works too: its inputs are domain A and its targets domain B; the pairing is ignored.
  return { data, [DOMAIN_A]: data.translation.inputs };
}

/** The two fake histories, by state name: D_B's pool of fakes in B, D_A's of fakes in A. */
const POOLS = ['poolB', 'poolA'] as const;

/** The pools as variant state: `poolSize` images of each output domain's shape (none when 0). */
function poolState(config: CycleganConfig, data: DataSpec): Record<string, StateTensor> {
  if (config.poolSize === 0) return {};
  const inputShape = (data.meta?.['translation'] as { inputShape?: number[] } | undefined)?.inputShape ?? data.shape;
  return { poolB: { shape: [config.poolSize, ...data.shape] }, poolA: { shape: [config.poolSize, ...inputShape] } };
}

/**
 * Checkpoints of @gankit/cyclegan 0.1 kept the pools in two `image-pool` networks (`poolB`, `poolA`,
 * one weight each, sometimes larger than `poolSize`). This moves their first `poolSize` images into
 * variant state and drops the networks, so such a run resumes (and samples) with the pools it had.
 */
export function poolsOutOfNetworks(checkpoint: Checkpoint, where: string): Checkpoint {
  const m = checkpoint.manifest;
  if (!POOLS.some((p) => m.networks.includes(p))) return checkpoint;
  const config = m.config as CycleganConfig;
  const size = config.poolSize;
  const weights: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const pool of POOLS) {
    const artifacts = checkpoint.networks[pool];
    const spec = artifacts?.weightSpecs?.[0];
    if (!artifacts || !spec || spec.dtype !== 'float32' || artifacts.weightSpecs!.length !== 1 || !(spec.shape[0]! >= size)) {
      throw new CheckpointError(`${where}/${pool}`, `is not an image pool of at least poolSize (${size}) images: expected one float32 weight [>= ${size}, ...], found ${JSON.stringify(artifacts?.weightSpecs?.map((w) => [w.name, w.dtype, w.shape]) ?? null)}`);
    }
    const perImage = spec.shape.slice(1).reduce((a, b) => a * b, 1) * 4;
    const data = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData ?? []));
    if (data.byteLength !== spec.shape[0]! * perImage) throw new CheckpointError(`${where}/${pool}/weights.bin`, `holds ${data.byteLength} bytes, expected ${spec.shape[0]! * perImage} for [${spec.shape.join(', ')}]`);
    if (size === 0) continue;
    weights.push({ name: pool, dtype: 'float32', shape: [size, ...spec.shape.slice(1)] });
    parts.push(data.slice(0, size * perImage));
  }
  const networks = { ...checkpoint.networks };
  const configNetworks = { ...config.networks };
  for (const pool of POOLS) {
    delete networks[pool];
    delete configNetworks[pool];
  }
  const stateData = new Uint8Array(parts.reduce((a, p) => a + p.byteLength, 0));
  parts.reduce((offset, p) => (stateData.set(p, offset), offset + p.byteLength), 0);
  const { state: _old, ...rest } = m;
  return {
    ...checkpoint,
    manifest: {
      ...rest,
      config: { ...config, networks: configNetworks },
      networks: m.networks.filter((n) => !(POOLS as readonly string[]).includes(n)),
      ...(weights.length ? { state: { weights } } : {}),
    },
    networks,
    ...(weights.length ? { stateData: stateData.buffer } : {}),
  };
}

const l1 = (a: tf.Tensor, b: tf.Tensor) => tf.mean(tf.abs(tf.sub(a, b))) as tf.Scalar;
const patches = (t: tf.Tensor) => tf.reshape(t, [-1, 1]);

/**
 * One CycleGAN step, as the paper's code orders it: one update of both generators (adversarial +
 * cycle + identity), then one update of both discriminators on real images against fakes drawn from
 * the pools. Reports `g.adversarial`, `g.cycle`, `g.identity`, and D_B's numbers as `dLoss`, `dReal`,
 * `dFake` (D_A's loss as `d.a`).
 */
export function cycleganStep(ctx: StepContext<CycleganConfig>, batch: Batch): StepResult {
  const { networks, config, loss } = ctx;
  const G = networks['generator']!;
  const F = networks['generatorBA']!;
  const DB = networks['discriminator']!;
  const DA = networks['discriminatorA']!;
  const a = batch[`${DOMAIN_A}.x`]!;
  const b = batch.x;
  const run = (net: typeof G, x: tf.Tensor) => net.apply(x, { training: true }) as tf.Tensor;
  let fakeB: tf.Tensor | undefined;
  let fakeA: tf.Tensor | undefined;
  let adversarial: tf.Scalar | undefined;
  let cycle: tf.Scalar | undefined;
  let identity: tf.Scalar | undefined;
  const gLoss = ctx.minimize('generator', () => {
    const fb = run(G, a);
    const fa = run(F, b);
    fakeB = tf.keep(tf.clone(fb));
    fakeA = tf.keep(tf.clone(fa));
    const adv = tf.add(loss.generatorLoss(patches(run(DB, fb))), loss.generatorLoss(patches(run(DA, fa))));
    const cyc = tf.add(l1(run(F, fb), a), l1(run(G, fa), b));
    const idt = config.identityWeight > 0 ? tf.add(l1(run(G, b), b), l1(run(F, a), a)) : tf.scalar(0);
    adversarial = tf.keep(tf.clone(adv)) as tf.Scalar;
    cycle = tf.keep(tf.clone(cyc)) as tf.Scalar;
    identity = tf.keep(tf.clone(idt)) as tf.Scalar;
    return tf.addN([tf.mul(adv, config.adversarialWeight), tf.mul(cyc, config.cycleWeight), tf.mul(idt, config.cycleWeight * config.identityWeight)]) as tf.Scalar;
  });
  // One query per step: the pools held min(step · n, size) images before it.
  const n = b.shape[0]!;
  const pooled = (pool: string, fakes: tf.Tensor) =>
    config.poolSize > 0 ? queryImagePool(ctx.state[pool]!, fakes, Math.min(ctx.step * n, config.poolSize), ctx.rng) : tf.clone(fakes);
  const pooledB = pooled('poolB', fakeB!);
  const pooledA = pooled('poolA', fakeA!);
  tf.dispose([fakeA!, fakeB!]);
  let dReal: tf.Scalar | undefined;
  let dFake: tf.Scalar | undefined;
  let dB: tf.Scalar | undefined;
  let dA: tf.Scalar | undefined;
  ctx.minimize('discriminator', () => {
    const realB = patches(run(DB, b));
    const fakeScoresB = patches(run(DB, pooledB));
    dReal = tf.keep(meanOutput(loss, realB));
    dFake = tf.keep(meanOutput(loss, fakeScoresB));
    const lb = loss.discriminatorLoss(realB, fakeScoresB);
    const la = loss.discriminatorLoss(patches(run(DA, a)), patches(run(DA, pooledA)));
    dB = tf.keep(tf.clone(lb));
    dA = tf.keep(tf.clone(la));
    return tf.add(lb, la) as tf.Scalar;
  }).dispose();
  tf.dispose([pooledA, pooledB]);
  return { gLoss, dLoss: dB!, dReal: dReal!, dFake: dFake!, 'd.a': dA!, 'g.adversarial': adversarial!, 'g.cycle': cycle!, 'g.identity': identity! };
}

/** The `cyclegan` variant. */
export const cyclegan: GanVariant<CycleganConfig> = {
  specVersion: VARIANT_SPEC_VERSION,
  name: 'cyclegan',
  description: 'CycleGAN: unpaired translation A <-> B, two ResNet generators, two PatchGAN Ds (least squares), cycle + identity losses, pool of 50 fakes',
  paper: 'Zhu, Park, Isola & Efros 2017, Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks, arXiv:1703.10593',
  defaultConfig: cycleganDefaults,
  presets: { small: smallCycleganPreset },
  validateConfig: validate,
  inputs: (_config, data) => unpairedInputs(data),
  sources: unpairedSources,
  step: cycleganStep,
  state: poolState,
  upgradeCheckpoint: poolsOutOfNetworks,
  sample: (networks, inputs, { training }) => networks['generator']!.apply(inputs[DOMAIN_A]!, { training }) as tf.Tensor,
};
