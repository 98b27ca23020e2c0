/**
 * Version-1 variant plug-ins (two fixed networks at the top of the config, optional
 * `discriminatorUpdate`/`generatorUpdate`), accepted by the version-2 core through an adapter, so
 * plug-ins written before the game contract changed keep training unchanged.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ConfigOverrides } from './config.js';
import type { Batch, DataSpec } from './data.js';
import type { ConfigIssue } from './errors.js';
import type { LossPair } from './loss.js';
import type { ModelContext } from './model.js';
import type { Registrable } from './registry.js';
import type { Rng } from './rng.js';
import { alternate, discriminatorUpdate, generatorUpdate } from './standard-updates.js';
import {
  VARIANT_SPEC_VERSION,
  type GanVariant,
  type ModelUse,
  type OptimizerConfig,
  type RegularizerUse,
  type ResolvedRegularizer,
  type StepContext,
  type StepResult,
  type UpdateResult,
  type VariantConfig,
  type VariantPreset,
} from './variant.js';

/** A version-1 config: the two networks and their optimizers at the top level. */
export interface VariantConfigV1 {
  latentDim: number;
  batchSize: number;
  dSteps: number;
  gSteps: number;
  loss: string;
  regularizers: RegularizerUse[];
  generator: ModelUse;
  discriminator: ModelUse;
  optimizers: { generator: OptimizerConfig; discriminator: OptimizerConfig };
}

/** What a version-1 update received. */
export interface UpdateContextV1<C extends VariantConfigV1 = VariantConfigV1> {
  config: C;
  data: DataSpec;
  networks: { generator: tfl.LayersModel; discriminator: tfl.LayersModel };
  optimizers: { generator: tf.Optimizer; discriminator: tf.Optimizer };
  variables: { generator: tf.Variable[]; discriminator: tf.Variable[] };
  loss: LossPair;
  regularizers: ResolvedRegularizer[];
  batch: Batch;
  step: number;
  rng: Rng;
  sampleLatent(n: number): tf.Tensor2D;
  sampleLabels(n: number): tf.Tensor1D | undefined;
  generate(z: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): tf.Tensor;
  discriminate(x: tf.Tensor, labels: tf.Tensor1D | undefined, training: boolean): tf.Tensor;
}

/** A version-1 variant plug-in. */
export interface GanVariantV1<C extends VariantConfigV1 = VariantConfigV1> extends Registrable {
  readonly specVersion: 1;
  readonly conditional?: boolean;
  readonly paper?: string;
  defaultConfig(data: DataSpec): C;
  readonly presets?: Readonly<Record<string, { description: string; config(data: DataSpec): ConfigOverrides<C> }>>;
  validateConfig?(config: C, data: DataSpec): ConfigIssue[];
  build?(context: ModelContext, config: C): { generator: tfl.LayersModel; discriminator: tfl.LayersModel };
  discriminatorUpdate?(context: UpdateContextV1<C>): UpdateResult;
  generatorUpdate?(context: UpdateContextV1<C>): UpdateResult;
}

/** A version-1 config (or overrides) in the version-2 shape: `generator`/`discriminator` move under `networks`. */
export function configFromV1<T extends Record<string, unknown>>(config: T): Record<string, unknown> {
  const { generator, discriminator, ...rest } = config as Record<string, unknown>;
  const networks: Record<string, unknown> = { ...((rest['networks'] as object | undefined) ?? {}) };
  if (generator !== undefined) networks['generator'] = generator;
  if (discriminator !== undefined) networks['discriminator'] = discriminator;
  return Object.keys(networks).length ? { ...rest, networks } : rest;
}

/** A version-2 config in the version-1 shape, for a version-1 plug-in's own functions. */
export function configToV1(config: VariantConfig): VariantConfigV1 {
  const { networks, ...rest } = config;
  return { ...rest, generator: networks['generator']!, discriminator: networks['discriminator']! } as unknown as VariantConfigV1;
}

function issuesFromV1(issues: ConfigIssue[]): ConfigIssue[] {
  return issues.map((i) => (/^(generator|discriminator)\b/.test(i.path) ? { ...i, path: `networks.${i.path}` } : i));
}

const adapted = new WeakMap<GanVariantV1<any>, GanVariant<any>>();

/**
 * The version-2 form of a version-1 variant: the same name, defaults, presets and checks, its two
 * networks under `networks`, `conditional` as both networks taking labels, and its own updates (if
 * any) run as Algorithm 1 with the version-1 context. The same object always adapts to the same result,
 * so registering it twice stays a no-op.
 */
export function adaptVariantV1(v1: GanVariantV1<any>): GanVariant {
  const known = adapted.get(v1);
  if (known) return known;
  const v1Configs = new WeakMap<object, VariantConfigV1>();
  const asV1 = (config: VariantConfig): VariantConfigV1 => {
    let c = v1Configs.get(config);
    if (!c) v1Configs.set(config, (c = configToV1(config)));
    return c;
  };
  const presets = v1.presets
    ? Object.fromEntries(
        Object.entries(v1.presets).map(([name, p]): [string, VariantPreset] => [
          name,
          { description: p.description, config: (data) => configFromV1(p.config(data) as Record<string, unknown>) as ConfigOverrides<VariantConfig> },
        ]),
      )
    : undefined;
  const custom = v1.discriminatorUpdate !== undefined || v1.generatorUpdate !== undefined;
  const variant: GanVariant = {
    specVersion: VARIANT_SPEC_VERSION,
    name: v1.name,
    description: v1.description,
    ...(v1.paper ? { paper: v1.paper } : {}),
    ...(v1.conditional ? { labels: { generator: 'input', discriminator: 'input' } as const } : {}),
    defaultConfig: (data) => configFromV1(v1.defaultConfig(data) as unknown as Record<string, unknown>) as unknown as VariantConfig,
    ...(presets ? { presets } : {}),
    ...(v1.validateConfig ? { validateConfig: (config: VariantConfig, data: DataSpec) => issuesFromV1(v1.validateConfig!(asV1(config), data)) } : {}),
    ...(v1.build ? { build: (context: ModelContext, config: VariantConfig) => v1.build!(context, asV1(config)) } : {}),
    ...(custom ? { step: (ctx: StepContext, batch: Batch) => stepV1(v1, ctx, batch, asV1(ctx.config)) } : {}),
  };
  adapted.set(v1, variant);
  return variant;
}

/** Algorithm 1 with a version-1 plug-in's updates (the standard ones where it has none). */
function stepV1(v1: GanVariantV1<any>, ctx: StepContext, batch: Batch, config: VariantConfigV1): StepResult {
  const networks = ctx.networks as UpdateContextV1['networks'];
  const label = ctx.inputs.find((i) => i.kind === 'label');
  const conditional = v1.conditional === true;
  const context: UpdateContextV1 = {
    config,
    data: ctx.data,
    networks,
    optimizers: ctx.optimizers as UpdateContextV1['optimizers'],
    variables: ctx.variables as UpdateContextV1['variables'],
    loss: ctx.loss,
    regularizers: ctx.regularizers,
    batch,
    step: ctx.step,
    rng: ctx.rng,
    sampleLatent: (n) => tf.randomNormal([n, config.latentDim], 0, 1, 'float32', ctx.rng.seed()),
    sampleLabels: (n) => (label?.kind === 'label' ? tf.tensor1d(Int32Array.from({ length: n }, () => ctx.rng.int(label.classes)), 'int32') : undefined),
    generate: (z, labels, training) => networks.generator.apply(conditional ? [z, labels!] : z, { training }) as tf.Tensor,
    discriminate: (x, labels, training) => networks.discriminator.apply(conditional ? [x, labels!] : x, { training }) as tf.Tensor,
  };
  // A plug-in with one custom update gets the standard other one, as version 1 gave it.
  const dUpdate = (b: Batch): UpdateResult => {
    if (!v1.discriminatorUpdate) return discriminatorUpdate(ctx, b);
    const result = v1.discriminatorUpdate({ ...context, batch: b });
    ctx.constrain('discriminator');
    return result;
  };
  const gUpdate = (): UpdateResult => (v1.generatorUpdate ? v1.generatorUpdate(context) : generatorUpdate(ctx, batch));
  return alternate(ctx, batch, { discriminator: dUpdate, generator: gUpdate });
}
