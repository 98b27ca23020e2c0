/**
 * The Trainer: runs a variant's alternating game on a data source, reports each step as plain numbers,
 * and saves or restores everything needed to resume exactly.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadNetworks, type Checkpoint } from './checkpoint.js';
import { resolveConfig, validateConfig, type ConfigOverrides } from './config.js';
import { DEFAULT_SOURCE, SourceStreams, type DataSource, type DataSpec } from './data.js';
import { WeightAverages } from './ema.js';
import { CheckpointError, ConfigError, DisposedError, NonFiniteLossError, type ConfigIssue } from './errors.js';
import { AsyncEmitter } from './events.js';
import { checkInputs, defaultInputs, drawInputs, runGenerator, type GeneratorInput } from './inputs.js';
import { seededInitializers } from './model.js';
import { createOptimizer, decayFactor, setLearningRate, snapshotOptimizer } from './optimizers.js';
import { losses, models, regularizers, variants, type ConfigOf } from './registries.js';
import { Rng } from './rng.js';
import { captureCheckpoint, createState, declaredState, optimizerNetworks, restoreRunState, upgradeCheckpoint, type RunState } from './run-state.js';
import { Sampler, type GenerateOptions, type SamplingModel } from './sampling.js';
import { periodicYield } from './scheduling.js';
import { alternatingStep } from './standard-updates.js';
import type { GanVariant, LabelUse, Networks, ResolvedRegularizer, StepContext, VariantConfig } from './variant.js';
import { adaptVariantV1, type GanVariantV1 } from './variant-v1.js';

/** Numbers reported after every step. */
export interface StepStats {
  /** Steps completed, counting this one (1 after the first step). */
  step: number;
  /** Discriminator loss of the last discriminator update of the step (NaN if the step reports none). */
  dLoss: number;
  /** Generator loss of the last generator update of the step (NaN if the step reports none). */
  gLoss: number;
  /** Mean D(x) on real examples (probability for logit losses, raw value for critics). */
  dReal: number;
  /** Mean D(G(z)) on generated examples, measured in the discriminator update. */
  dFake: number;
  /** Wall-clock seconds the step took. */
  seconds: number;
  /** Training seconds of the run so far, across resumes (the sum of the steps' seconds). */
  trainSeconds: number;
  /** Epochs of the (default) data source completed. */
  epoch: number;
  /** Every other number the step reported (penalties, auxiliary losses), e.g. `d.gradient-penalty`. */
  extra: Record<string, number>;
}

/** Why a run stopped. */
export type EndReason = 'steps' | 'seconds' | 'aborted';

/** Events a {@link Trainer} emits. Listeners may be async; the trainer awaits them. */
export interface TrainerEvents {
  start: { step: number; trainSeconds: number; backend: string; variant: string; config: VariantConfig };
  step: StepStats;
  end: { step: number; trainSeconds: number; reason: EndReason; seconds: number };
}

/** The config type of a variant given by name or as an object. */
export type ConfigFor<V> = V extends string ? ConfigOf<V> : V extends GanVariant<infer C> ? C : VariantConfig;

/** Options of {@link Trainer.create}, with `config` typed by the variant. */
export type CreateOptions<V> = Omit<TrainerOptions<ConfigFor<V>>, 'variant'> & { variant: V };

/** Options of {@link Trainer.create}. */
export interface TrainerOptions<C extends VariantConfig = VariantConfig> {
  /** A registered variant's name, or a variant object (version 2, or version 1 through the adapter). */
  variant: string | GanVariant<C> | GanVariantV1;
  /** The training data. */
  data: DataSource;
  /** Overrides merged into the variant's defaults for this data. */
  config?: ConfigOverrides<C>;
  /** Drives initial weights, noise, labels and shuffling. Default 0. */
  seed?: number;
  /** A named preset of the variant (e.g. `'small'`), applied before `config`. */
  preset?: string;
}

/**
 * Budget of one {@link Trainer.run} call: it stops at whichever limit comes first. `steps` and
 * `seconds` count from the start of the call; `until` counts the whole run, across resumes.
 */
export interface RunOptions {
  /** Steps to run in this call. */
  steps?: number;
  /** Wall-clock seconds to run in this call. */
  seconds?: number;
  /** Totals of the whole run: stop once `trainer.step` reaches `step` or its training seconds reach `trainSeconds`. */
  until?: { step?: number; trainSeconds?: number };
  /** Stops after the current step when aborted. */
  signal?: AbortSignal;
}

/** Options of {@link Trainer.sample}. */
export type SampleOptions = GenerateOptions;

const STAT_FIELDS = ['dLoss', 'gLoss', 'dReal', 'dFake'] as const;

/**
 * Trains one variant on one data source.
 *
 * @example
 * ```ts
 * import '@gankit/vanilla';
 * const trainer = Trainer.create({ variant: 'vanilla', data, seed: 1, config: { batchSize: 64 } });
 * trainer.on('step', (s) => console.log(s.step, s.dLoss, s.gLoss));
 * await trainer.run({ steps: 1000 });
 * ```
 */
export class Trainer<C extends VariantConfig = VariantConfig> extends AsyncEmitter<TrainerEvents> {
  /** Completed steps. */
  private stepCount = 0;
  private trainedSeconds = 0;
  private readonly streams: SourceStreams;
  private readonly rng: Rng;
  /** Noise for `sample()` without a seed, kept apart so sampling never changes the training stream. */
  private readonly sampleRng: Rng;
  private readonly context: StepContext<C>;
  private readonly averages: WeightAverages | undefined;
  /** Totals of the current {@link run} call's budget (its `until`, else its own limits), for `learningRateDecay`; unset outside it. */
  private budget: { step?: number; trainSeconds?: number } | undefined;
  private disposed = false;
  /** The generator's inputs, as the variant declared them. */
  readonly inputs: readonly GeneratorInput[];
  /** Which networks take or predict class labels. */
  readonly labels: Readonly<Record<string, LabelUse>>;

  private constructor(
    readonly variant: GanVariant<C>,
    readonly config: C,
    readonly data: DataSource,
    readonly seed: number,
    readonly networks: Networks,
  ) {
    super();
    const rootRng = new Rng(seed);
    rootRng.fork(); // the initialization stream, used by build()
    this.rng = rootRng.fork();
    const streamRng = rootRng.fork();
    this.sampleRng = rootRng.fork();
    const sourceRng = rootRng.fork();
    const sources = variant.sources ? variant.sources(data, { config, rng: sourceRng }) : { [DEFAULT_SOURCE]: data };
    this.streams = new SourceStreams(sources, config.batchSize, (_name, i) => (i === 0 ? streamRng : rootRng.fork()));
    this.labels = variant.labels ?? {};
    this.inputs = declaredInputs(variant, config, data.spec);
    const declared = declaredState(variant, config, data.spec);
    const resolvedRegularizers: ResolvedRegularizer[] = config.regularizers.map((use) => ({
      regularizer: regularizers.get(use.name),
      weight: use.weight ?? 1,
      options: use.options ?? {},
      network: use.network ?? 'discriminator',
    }));
    const optimizers: Record<string, tf.Optimizer> = {};
    const variables: Record<string, tf.Variable[]> = {};
    for (const [name, o] of Object.entries(config.optimizers)) {
      optimizers[name] = createOptimizer(o);
      variables[name] = optimizerNetworks(name, o).flatMap((n) => networks[n]!.trainableWeights.map((w) => w.read() as tf.Variable));
    }
    const rng = this.rng;
    const state = createState(declared);
    const labels = this.labels;
    const inputs = this.inputs;
    const constraints = resolvedRegularizers.filter((r) => r.regularizer.constrain !== undefined);
    const discriminateAll = (x: tf.Tensor, y: tf.Tensor1D | undefined, training: boolean): tf.Tensor[] => {
      if (labels['discriminator'] === 'input' && y === undefined) {
        throw new ConfigError('discriminate', [{ path: 'labels', expected: 'class labels (the discriminator takes them)', found: undefined }]);
      }
      const out = networks['discriminator']!.apply(labels['discriminator'] === 'input' ? [x, y!] : x, { training }) as tf.Tensor | tf.Tensor[];
      return Array.isArray(out) ? out : [out];
    };
    this.context = {
      config,
      data: data.spec,
      networks,
      optimizers,
      variables,
      loss: losses.get(config.loss),
      regularizers: resolvedRegularizers,
      inputs,
      labels,
      step: this.stepCount,
      rng,
      state,
      nextBatch: () => this.streams.next(),
      drawInputs: (n, given) => drawInputs(inputs, n, rng, given),
      generate: (values, training) => runGenerator(variant, networks, inputs, values, training),
      discriminate: (x, y, training) => {
        const out = discriminateAll(x, y, training);
        if (out.length !== 1) {
          throw new ConfigError('discriminate', [
            { path: 'networks.discriminator', expected: 'one output (a discriminator with several, such as a class head, is read with ctx.discriminateAll)', found: `${out.length} outputs` },
          ]);
        }
        return out[0]!;
      },
      discriminateAll,
      minimize: (name, f) => {
        const optimizer = optimizers[name];
        if (!optimizer) throw new ConfigError(`step of variant '${variant.name}'`, [{ path: `optimizers.${name}`, expected: `a configured optimizer (${Object.keys(optimizers).join(', ')})`, found: undefined }]);
        return optimizer.minimize(f, true, variables[name])!;
      },
      constrain: (network) => {
        for (const { regularizer, options, network: target } of constraints) if (target === network) regularizer.constrain!(networks[network]!, options);
      },
      lookAhead: (name, f) => {
        const optimizer = optimizers[name];
        if (!optimizer) throw new ConfigError(`step of variant '${variant.name}'`, [{ path: `optimizers.${name}`, expected: `a configured optimizer (${Object.keys(optimizers).join(', ')})`, found: undefined }]);
        const weights = optimizerNetworks(name, config.optimizers[name]!).flatMap((n) => networks[n]!.weights);
        const copies = weights.map((w) => tf.clone(w.read()));
        const state = snapshotOptimizer(optimizer);
        try {
          return f();
        } finally {
          weights.forEach((w, i) => w.write(copies[i]!));
          state.restore();
          tf.dispose(copies);
          state.dispose();
        }
      },
    };
    this.averages = config.ema ? new WeightAverages(config.ema, networks) : undefined;
  }

  /**
   * Builds fresh networks for a variant (by name or object) on `options.data`. The config overrides are
   * typed by the variant: a name declared in {@link VariantRegistry} gives that variant's config, a
   * variant object its own.
   */
  static create<V extends string | GanVariant<any> | GanVariantV1>(options: CreateOptions<V>): Trainer<ConfigFor<V>> {
    type C = ConfigFor<V>;
    const variant = resolveVariant<C>(options.variant);
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new ConfigError('trainer options', [{ path: 'seed', expected: 'an integer', found: seed }]);
    const config = resolveConfig(variant, options.data.spec, options.config, options.preset);
    const spec = options.data.spec;
    const initRng = new Rng(seed).fork();
    const labels = variant.labels ?? {};
    const inputs = declaredInputs(variant, config, spec);
    const base = { data: spec, latentDim: config.latentDim, rng: initRng, init: seededInitializers(initRng), inputs, config };
    const numClasses = spec.numClasses;
    let networks: Networks;
    if (variant.build) {
      const anyLabels = Object.keys(labels).length > 0;
      networks = variant.build({ ...base, ...(anyLabels && numClasses ? { numClasses } : {}) }, config);
    } else {
      networks = {};
      for (const name of buildOrder(Object.keys(config.networks))) {
        const use = config.networks[name]!;
        const uses = labels[name];
        networks[name] = models.get(use.model).create({ ...base, network: name, ...(uses && numClasses ? { numClasses, labels: uses } : {}) }, use.options ?? {});
      }
    }
    return Trainer.adopt(variant, config, options.data, seed, networks);
  }

  /** A Trainer owning `networks`, which are freed when it cannot be built (a bad state declaration, say). */
  private static adopt<C extends VariantConfig>(variant: GanVariant<C>, config: C, data: DataSource, seed: number, networks: Networks): Trainer<C> {
    try {
      return new Trainer(variant, config, data, seed, networks);
    } catch (error) {
      for (const net of Object.values(networks)) net.dispose();
      throw error;
    }
  }

  /**
   * Restores a run from a checkpoint, on the same data (checked by shape and size). Continuing it gives
   * the same weights as a run that was never interrupted, on the same backend.
   */
  static async restore<C extends VariantConfig = VariantConfig>(checkpoint: Checkpoint, data: DataSource, where = 'checkpoint'): Promise<Trainer<C>> {
    const variant = variants.get(checkpoint.manifest.variant) as GanVariant<C>;
    checkpoint = upgradeCheckpoint(variant, checkpoint, where);
    const m = checkpoint.manifest;
    const spec = data.spec;
    if (JSON.stringify(m.data.spec.shape) !== JSON.stringify(spec.shape) || m.data.spec.size !== spec.size) {
      throw new CheckpointError(
        where,
        `was trained on data of shape [${m.data.spec.shape.join(', ')}] x ${m.data.spec.size}, ` +
          `but the data given has shape [${spec.shape.join(', ')}] x ${spec.size}`,
      );
    }
    const config = validateConfig(variant, m.config as C, spec);
    const networks = await loadNetworks(checkpoint, where);
    const trainer = Trainer.adopt(variant, config, data, m.seed, networks);
    try {
      const at = await restoreRunState(trainer.runState(), checkpoint, where);
      trainer.stepCount = at.step;
      trainer.trainedSeconds = at.trainSeconds;
    } catch (error) {
      trainer.dispose();
      throw error;
    }
    return trainer;
  }

  /** Completed steps. */
  get step(): number {
    return this.stepCount;
  }

  /** Training seconds of the run so far, across resumes. */
  get trainSeconds(): number {
    return this.trainedSeconds;
  }

  /** The optimizers by name, built once from the config. */
  get optimizers(): Record<string, tf.Optimizer> {
    return this.context.optimizers;
  }

  /** The variant's persistent state ({@link GanVariant.state}) by name; empty when it keeps none. */
  get state(): Readonly<Record<string, tf.Variable>> {
    return this.context.state;
  }

  /** Whether sampling uses moving averages of the weights (`config.ema`). */
  get averaged(): boolean {
    return this.averages !== undefined;
  }

  /** The data sources the steps draw from, by name. */
  get sources(): Record<string, DataSource> {
    return this.streams.sources;
  }

  /**
   * Runs steps until a budget limit is reached or the signal aborts. Returns the last step's numbers.
   * A run already at its `until` totals returns at once (after `start` and `end`).
   */
  async run(options: RunOptions = {}): Promise<StepStats | undefined> {
    this.assertUsable();
    const { steps, seconds, until } = options;
    if (steps === undefined && seconds === undefined && until?.step === undefined && until?.trainSeconds === undefined) {
      throw new ConfigError('run options', [{ path: 'steps/seconds/until', expected: 'a step or time budget', found: options }]);
    }
    const issues: ConfigIssue[] = [];
    const count = (path: string, v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0) || issues.push({ path, expected: 'a non-negative integer', found: v });
    const time = (path: string, v: unknown) => v === undefined || (typeof v === 'number' && v >= 0) || issues.push({ path, expected: 'a non-negative number', found: v });
    count('steps', steps);
    time('seconds', seconds);
    count('until.step', until?.step);
    time('until.trainSeconds', until?.trainSeconds);
    if (issues.length) throw new ConfigError('run options', issues);
    const started = performance.now();
    // The budget learningRateDecay spreads over: the whole run's totals when given, else this call's.
    this.budget =
      until?.step !== undefined || until?.trainSeconds !== undefined
        ? { ...until }
        : {
            ...(steps !== undefined ? { step: this.stepCount + steps } : {}),
            ...(seconds !== undefined ? { trainSeconds: this.trainedSeconds + seconds } : {}),
          };
    try {
      return await this.runWithin(started, options);
    } finally {
      this.budget = undefined;
    }
  }

  private async runWithin(started: number, { steps, seconds, until, signal }: RunOptions): Promise<StepStats | undefined> {
    await this.emit('start', { step: this.stepCount, trainSeconds: this.trainedSeconds, backend: tf.getBackend(), variant: this.variant.name, config: this.config });
    let last: StepStats | undefined;
    let done = 0;
    // Steps are synchronous: give timers, I/O and signal handlers (an abort, Ctrl-C) a turn now and then.
    const breathe = periodicYield();
    let reason: EndReason = 'steps';
    for (;;) {
      if (signal?.aborted) {
        reason = 'aborted';
        break;
      }
      if ((steps !== undefined && done >= steps) || (until?.step !== undefined && this.stepCount >= until.step)) break;
      if (
        (seconds !== undefined && (performance.now() - started) / 1000 >= seconds) ||
        (until?.trainSeconds !== undefined && this.trainedSeconds >= until.trainSeconds)
      ) {
        reason = 'seconds';
        break;
      }
      last = this.trainStep();
      done += 1;
      await this.emit('step', last);
      await breathe();
    }
    await this.emit('end', { step: this.stepCount, trainSeconds: this.trainedSeconds, reason, seconds: (performance.now() - started) / 1000 });
    return last;
  }

  /**
   * One step: the variant's `step` (by default Algorithm 1) on a fresh batch from every source, inside
   * `tf.tidy`, so nothing the step makes outlives it but the numbers it reports. Throws
   * {@link NonFiniteLossError} if any reported number is NaN or infinite.
   */
  trainStep(): StepStats {
    this.assertUsable();
    const t0 = performance.now();
    const ctx = this.context;
    ctx.step = this.stepCount;
    this.scheduleLearningRates();
    const step = this.variant.step ?? alternatingStep;
    const result = tf.tidy(() => step(ctx, this.streams.next()));
    const names = Object.keys(result);
    let values: Float32Array;
    try {
      // One download for all the step's numbers: each dataSync is a sync point.
      const stacked = tf.tidy(() => tf.stack(names.map((n) => tf.reshape(result[n]!, []))));
      values = stacked.dataSync() as Float32Array;
      stacked.dispose();
    } finally {
      tf.dispose(Object.values(result));
    }
    const got: Record<string, number> = {};
    names.forEach((n, i) => (got[n] = values[i]!));
    for (const [name, value] of Object.entries(got)) {
      if (!Number.isFinite(value)) throw new NonFiniteLossError(this.stepCount + 1, name, value);
    }
    this.stepCount += 1;
    this.averages?.update(this.stepCount);
    const seconds = (performance.now() - t0) / 1000;
    this.trainedSeconds += seconds;
    const extra: Record<string, number> = {};
    for (const n of names) if (!(STAT_FIELDS as readonly string[]).includes(n)) extra[n] = got[n]!;
    return {
      step: this.stepCount,
      dLoss: got['dLoss'] ?? NaN,
      gLoss: got['gLoss'] ?? NaN,
      dReal: got['dReal'] ?? NaN,
      dFake: got['dFake'] ?? NaN,
      seconds,
      trainSeconds: this.trainedSeconds,
      epoch: this.streams.epochs,
      extra,
    };
  }

  /** The fraction of the current run's budget done (0 outside {@link run}), the larger of steps and seconds. */
  get progress(): number {
    const b = this.budget;
    if (!b) return 0;
    return Math.max(b.step ? this.stepCount / b.step : 0, b.trainSeconds ? this.trainedSeconds / b.trainSeconds : 0);
  }

  /** Applies `learningRateDecay` for the step about to run; configured rates when it is off or outside `run`. */
  private scheduleLearningRates(): void {
    const decay = this.config.learningRateDecay;
    if (!decay) return;
    const factor = decayFactor(decay, this.progress);
    for (const [name, o] of Object.entries(this.config.optimizers)) setLearningRate(this.context.optimizers[name]!, o.learningRate * factor);
  }

  /**
   * What sampling, evaluation and metrics see of this run: the networks, the declared inputs, and a
   * generator run in inference mode (with the moving averages of the weights when the run keeps them).
   */
  samplingModel(): SamplingModel {
    const s = this.data.spec;
    // The object's getters read the trainer's live state; they have their own `this`.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const trainer = this;
    return {
      get step() {
        return trainer.step;
      },
      variant: this.variant.name,
      config: this.config,
      spec: { shape: [...s.shape], size: s.size, kind: s.kind, ...(s.numClasses ? { numClasses: s.numClasses } : {}) },
      inputs: this.inputs,
      labels: this.labels,
      networks: this.networks,
      averaged: this.averaged,
      generate: (values) => {
        const run = () => runGenerator(this.variant, this.networks, this.inputs, values, false);
        return this.averages ? this.averages.withAverages(run) : run();
      },
    };
  }

  /**
   * Generates `n` samples with the generator in inference mode, shape `[n, ...data.shape]` (from the
   * moving averages of its weights when the run keeps them). The caller disposes the result.
   */
  sample(n: number, options: SampleOptions = {}): tf.Tensor {
    this.assertUsable();
    return Sampler.fromModel(this.samplingModel(), this.sampleRng).generate(n, options);
  }

  /**
   * Captures the whole run state (see `run-state.ts`). Cheap enough to call every few hundred steps.
   * Throws {@link NonFiniteStateError} if any weight, optimizer state, average or variant state is NaN
   * or infinite, so a checkpoint is only ever written from a healthy state (and the last good one stays
   * the newest).
   */
  async checkpoint(): Promise<Checkpoint> {
    this.assertUsable();
    return captureCheckpoint(this.runState());
  }

  /** The parts of this run a checkpoint holds. */
  private runState(): RunState {
    return {
      variant: this.variant,
      config: this.config,
      seed: this.seed,
      spec: this.data.spec,
      step: this.stepCount,
      trainSeconds: this.trainedSeconds,
      rng: this.rng,
      streams: this.streams,
      networks: this.networks,
      optimizers: this.context.optimizers,
      averages: this.averages,
      state: this.context.state,
      inputs: this.inputs,
      labels: this.labels,
    };
  }

  /** Frees the networks, optimizer state, moving averages and variant state. The trainer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const model of Object.values(this.networks)) model.dispose();
    for (const optimizer of Object.values(this.context.optimizers)) optimizer.dispose();
    this.averages?.dispose();
    tf.dispose(Object.values(this.context.state));
  }

  private assertUsable(): void {
    if (this.disposed) throw new DisposedError('Trainer');
  }
}

/** A variant by name or object; version-1 objects go through the adapter. */
function resolveVariant<C extends VariantConfig>(variant: string | GanVariant<C> | GanVariantV1): GanVariant<C> {
  if (typeof variant === 'string') return variants.get(variant) as GanVariant<C>;
  return (variant.specVersion === 1 ? adaptVariantV1(variant as GanVariantV1) : variant) as GanVariant<C>;
}

/** `generator` first, then `discriminator`, then the rest in config order: the order weights are drawn in. */
function buildOrder(names: string[]): string[] {
  const first = ['generator', 'discriminator'].filter((n) => names.includes(n));
  return [...first, ...names.filter((n) => !first.includes(n))];
}

/** The generator's inputs: the variant's declaration, or noise (and labels when G takes them). */
export function declaredInputs<C extends VariantConfig>(variant: GanVariant<C>, config: C, spec: DataSpec): GeneratorInput[] {
  const inputs = variant.inputs ? variant.inputs(config, spec) : defaultInputs(config.latentDim, spec, variant.labels?.['generator'] === 'input');
  checkInputs(inputs, `inputs of variant '${variant.name}'`);
  return inputs;
}
