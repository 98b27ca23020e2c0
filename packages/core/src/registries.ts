/**
 * The registries, one per plug-in kind, with names typed by declaration merging.
 *
 * A package adds its names to the maps below so that lookups type-check at the call site:
 * ```ts
 * declare module '@gankit/core' {
 *   interface VariantRegistry { lsgan: LsganConfig }
 * }
 * ```
 * Names nobody declared still work; they get the base types.
 * @module
 */
import { DATASET_SPEC_VERSION, type Dataset } from './data.js';
import { LOSS_SPEC_VERSION, type LossPair, type Regularizer } from './loss.js';
import { METRIC_SPEC_VERSION, type Metric } from './metric.js';
import { MODEL_SPEC_VERSION, type ModelFactory } from './model.js';
import { Registry, type RegisterOptions } from './registry.js';
import { adaptVariantV1, type GanVariantV1 } from './variant-v1.js';
import { VARIANT_SPEC_VERSION, type GanVariant, type VariantConfig } from './variant.js';

/** Variant names mapped to their config types. Extend by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface VariantRegistry {}
/** Model-factory names mapped to their option types. Extend by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ModelRegistry {}
/** Loss-pair names. Extend by declaration merging (the value type is unused; use `true`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LossRegistry {}
/** Regularizer names mapped to their option types. Extend by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RegularizerRegistry {}
/** Dataset names mapped to their option types. Extend by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DatasetRegistry {}
/** Metric names. Extend by declaration merging (the value type is unused; use `true`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MetricRegistry {}

/** A declared name, or any other string (autocompletes the declared ones). */
export type NameOf<M> = (keyof M & string) | (string & {});

/** The config type a variant name maps to (the base `VariantConfig` for undeclared names). */
export type ConfigOf<K> = K extends keyof VariantRegistry
  ? VariantRegistry[K] extends VariantConfig
    ? VariantRegistry[K]
    : VariantConfig
  : VariantConfig;
/** The options type a name maps to in registry map `M` (a plain record for undeclared names). */
export type OptionsOf<M, K> = K extends keyof M ? (M[K] extends object ? M[K] : Record<string, unknown>) : Record<string, unknown>;

/** The variant registry. */
export class VariantRegistryStore extends Registry<GanVariant<any>> {
  override get<K extends NameOf<VariantRegistry>>(name: K): GanVariant<ConfigOf<K>> {
    return super.get(name);
  }
  /**
   * Adds a variant. Version-1 plug-ins (`specVersion: 1`) are accepted and stored in their version-2
   * form ({@link adaptVariantV1}); the adapted variant is returned.
   */
  override register<U extends GanVariant<any>>(item: U | GanVariantV1<any>, options?: RegisterOptions): U {
    const v2 = (item as { specVersion?: unknown }).specVersion === 1 ? (adaptVariantV1(item as GanVariantV1<any>) as U) : (item as U);
    return super.register(v2, options);
  }
}
/** The model registry. */
export class ModelRegistryStore extends Registry<ModelFactory<any>> {
  override get<K extends NameOf<ModelRegistry>>(name: K): ModelFactory<OptionsOf<ModelRegistry, K>> {
    return super.get(name);
  }
}
/** The loss registry. */
export class LossRegistryStore extends Registry<LossPair> {
  override get(name: NameOf<LossRegistry>): LossPair {
    return super.get(name);
  }
}
/** The regularizer registry. */
export class RegularizerRegistryStore extends Registry<Regularizer<any>> {
  override get<K extends NameOf<RegularizerRegistry>>(name: K): Regularizer<OptionsOf<RegularizerRegistry, K>> {
    return super.get(name);
  }
}
/** The dataset registry. Names like `images:./photos` look up `images` and pass the rest as an argument. */
export class DatasetRegistryStore extends Registry<Dataset<any>> {
  override get<K extends NameOf<DatasetRegistry>>(name: K): Dataset<OptionsOf<DatasetRegistry, K>> {
    return super.get(name);
  }
  /** Splits `images:./photos` into the registered name and its argument. */
  parse(spec: string): { name: string; argument?: string } {
    if (this.has(spec)) return { name: spec };
    const i = spec.indexOf(':');
    return i > 0 ? { name: spec.slice(0, i), argument: spec.slice(i + 1) } : { name: spec };
  }
}
/** The metric registry. */
export class MetricRegistryStore extends Registry<Metric> {
  override get(name: NameOf<MetricRegistry>): Metric {
    return super.get(name);
  }
}

/** GAN variants: `variants.get('dcgan')`. */
export const variants = new VariantRegistryStore('variant', VARIANT_SPEC_VERSION);
/** Network factories: `models.get('mlp-generator')`. */
export const models = new ModelRegistryStore('model', MODEL_SPEC_VERSION);
/** Loss pairs: `losses.get('non-saturating')`. */
export const losses = new LossRegistryStore('loss', LOSS_SPEC_VERSION);
/** Penalties and constraints: `regularizers.get('gradient-penalty')`. */
export const regularizers = new RegularizerRegistryStore('regularizer', LOSS_SPEC_VERSION);
/** Datasets: `datasets.get('mnist-embedded')`. */
export const datasets = new DatasetRegistryStore('dataset', DATASET_SPEC_VERSION);
/** Metrics: `metrics.get('fid')`. */
export const metrics = new MetricRegistryStore('metric', METRIC_SPEC_VERSION);
