/**
 * gankit core: the plug-in interfaces (variant, model, loss, regularizer, dataset, metric), their
 * registries, the {@link Trainer}, seeded randomness, checkpoints as data and backend choice.
 * Browser-safe; file IO lives in `@gankit/core/node`.
 * @packageDocumentation
 */
export { selectBackend, type BackendChoice, type BackendPreference, type SelectBackendOptions } from './backend.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  modelFromArtifacts,
  modelToArtifacts,
  type Checkpoint,
  type CheckpointManifest,
  type OptimizerStateInfo,
} from './checkpoint.js';
export {
  MANIFEST_FILE,
  checkpointFromFiles,
  checkpointToFiles,
  type CheckpointFileReader,
  type FileDigest,
  type StoredManifest,
} from './checkpoint-files.js';
export { mergeConfig, OPTIONAL_KEYS, regularizersNotApplied, resolveConfig, validateConfig, type ConfigOverrides } from './config.js';
export {
  ArrayDataSource,
  BatchStream,
  DATASET_SPEC_VERSION,
  DEFAULT_SOURCE,
  type ArrayData,
  type Batch,
  type BatchStreamState,
  type DataSource,
  type DataSpec,
  type Dataset,
  type DatasetLoadContext,
} from './data.js';
export {
  CONDITION_TENSOR,
  isTranslationSource,
  PairedDataSource,
  UnpairedDataSource,
  type TranslationInfo,
  type TranslationSource,
} from './translation-data.js';
export {
  BackendError,
  CheckpointError,
  ConfigError,
  DataError,
  DiskFullError,
  DisposedError,
  DuplicateRegistrationError,
  GankitError,
  NonFiniteLossError,
  NonFiniteStateError,
  NotRegisteredError,
  SpecVersionError,
  type ConfigIssue,
} from './errors.js';
export { AsyncEmitter, type Unsubscribe } from './events.js';
export { LOSS_SPEC_VERSION, type LossPair, type PenaltyContext, type Regularizer } from './loss.js';
export { METRIC_SPEC_VERSION, type Metric, type MetricInput, type MetricSupportInfo, type MetricValue, type SampleSet, type TranslationSamples } from './metric.js';
export {
  defaultInputs,
  drawInputs,
  noiseInput,
  type CategoricalInput,
  type ContinuousInput,
  type ExampleInput,
  type GeneratorInput,
  type InputTensors,
  type LabelInput,
  type NoiseInput,
} from './inputs.js';
export {
  MODEL_SPEC_VERSION,
  SeededDropout,
  SeededGaussianNoise,
  SeededTrainingLayer,
  seededGaussianNoise,
  countParameters,
  seededDropout,
  seededInitializers,
  type Initializer,
  type ModelContext,
  type ModelFactory,
  type SeededDropoutArgs,
  type SeededGaussianNoiseArgs,
  type SeededInitializers,
} from './model.js';
export { boolean, checkOptions, finiteNumber, integer, numberIn, oneOf, widths, withDefaults, type OptionCheck } from './options.js';
export { createOptimizer } from './optimizers.js';
export { ADAM_UPDATE_KERNEL } from './fused-adam.js';
export { RMSPROP_UPDATE_KERNEL } from './fused-rmsprop.js';
export {
  DatasetRegistryStore,
  LossRegistryStore,
  MetricRegistryStore,
  ModelRegistryStore,
  RegularizerRegistryStore,
  VariantRegistryStore,
  datasets,
  losses,
  metrics,
  models,
  regularizers,
  variants,
  type ConfigOf,
  type DatasetRegistry,
  type LossRegistry,
  type MetricRegistry,
  type ModelRegistry,
  type NameOf,
  type OptionsOf,
  type RegularizerRegistry,
  type VariantRegistry,
} from './registries.js';
export { pluginSource, registeringFrom, Registry, type PluginSource, type RegisterOptions, type Registrable } from './registry.js';
export { fillNormal } from './normal.js';
export { Rng, type RngState } from './rng.js';
export { closestName } from './suggest.js';
export { periodicYield, yieldToEventLoop } from './scheduling.js';
export { SIZE_LIMITS } from './limits.js';
export {
  imageGrid,
  linePlot,
  scatterPlot,
  type GridOptions,
  type PlotOptions,
  type RgbaImage,
  type SampleArray,
} from './sample-images.js';
export { describeProjection, principalPlane, projectPoints, type PointProjection } from './projection.js';
export {
  Sampler,
  interpolateLatents,
  type CheckpointSamplerOptions,
  type GenerateOptions,
  type SamplingModel,
  type TraverseOptions,
  type InterpolateOptions,
  type InterpolationMode,
  type SamplerDataSpec,
  type SamplerOptions,
} from './sampling.js';
export {
  alternate,
  alternatingStep,
  batchInputs,
  discriminatorUpdate,
  disposeUpdate,
  generatorUpdate,
  meanOutput,
  updateNumbers,
  type AdversarialTerms,
  type AlternatingStepOptions,
  type AlternatingUpdates,
  type DiscriminatorOutputs,
  type DiscriminatorTermArgs,
  type GeneratorTermArgs,
  type Report,
} from './standard-updates.js';
export { optimizerNetworks } from './run-state.js';
export { Trainer, declaredInputs, type ConfigFor, type CreateOptions, type EndReason, type RunOptions, type SampleOptions, type StepStats, type TrainerEvents, type TrainerOptions } from './trainer.js';
export {
  VARIANT_SPEC_VERSION,
  type EmaConfig,
  type GanNetworks,
  type GanVariant,
  type LabelUse,
  type LearningRateDecay,
  type ModelUse,
  type Networks,
  type OptimizerConfig,
  type RegularizerUse,
  type ResolvedRegularizer,
  type SampleCallOptions,
  type SourceContext,
  type StateTensor,
  type StepContext,
  type StepResult,
  type UpdateResult,
  type VariantConfig,
  type VariantPreset,
} from './variant.js';
export {
  adaptVariantV1,
  configFromV1,
  configToV1,
  type GanVariantV1,
  type UpdateContextV1,
  type VariantConfigV1,
} from './variant-v1.js';
