/**
 * The Trainer: runs a variant's alternating game on a data source, reports each step as plain numbers,
 * and saves or restores everything needed to resume exactly.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  type Checkpoint,
  type CheckpointManifest,
  modelFromArtifacts,
  modelToArtifacts,
  weightBuffer,
} from './checkpoint.js';
import { resolveConfig, validateConfig, type ConfigOverrides } from './config.js';
import { BatchStream, type DataSource } from './data.js';
import { CheckpointError, ConfigError, NonFiniteLossError } from './errors.js';
import { AsyncEmitter } from './events.js';
import { periodicYield } from './scheduling.js';
import { seededInitializers, type ModelContext } from './model.js';
import { createOptimizer, disposeOptimizerStateCopies, getOptimizerState, setOptimizerState } from './optimizers.js';
import { losses, models, regularizers, variants } from './registries.js';
import { Rng } from './rng.js';
import { standardDiscriminatorUpdate, standardGeneratorUpdate } from './standard-updates.js';
import type { GanNetworks, GanVariant, ResolvedRegularizer, UpdateContext, UpdateResult, VariantConfig } from './variant.js';

/** Numbers reported after every step. */
export interface StepStats {
  /** Steps completed, counting this one (1 after the first step). */
  step: number;
  /** Discriminator loss of the last discriminator update of the step. */
  dLoss: number;
  /** Generator loss of the last generator update of the step. */
  gLoss: number;
  /** Mean D(x) on real examples (probability for logit losses, raw value for critics). */
  dReal: number;
  /** Mean D(G(z)) on generated examples, measured in the discriminator update. */
  dFake: number;
  /** Wall-clock seconds the step took. */
  seconds: number;
  /** Epochs of the data completed. */
  epoch: number;
  /** Further scalars from the updates (penalties, auxiliary losses), prefixed `d.` or `g.`. */
  extra: Record<string, number>;
}

/** Events a {@link Trainer} emits. Listeners may be async; the trainer awaits them. */
export interface TrainerEvents {
  start: { step: number; backend: string; variant: string; config: VariantConfig };
  step: StepStats;
  end: { step: number; reason: 'steps' | 'seconds' | 'aborted'; seconds: number };
}

/** Options of {@link Trainer.create}. */
export interface TrainerOptions<C extends VariantConfig = VariantConfig> {
  /** A registered variant's name, or a variant object. */
  variant: string | GanVariant<C>;
  /** The training data. */
  data: DataSource;
  /** Overrides merged into the variant's defaults for this data. */
  config?: ConfigOverrides<C>;
  /** Drives initial weights, noise, labels and shuffling. Default 0. */
  seed?: number;
  /** A named preset of the variant (e.g. `'small'`), applied before `config`. */
  preset?: string;
}

/** Budget of one {@link Trainer.run} call: it stops at whichever limit comes first. */
export interface RunOptions {
  /** Steps to run in this call. */
  steps?: number;
  /** Wall-clock seconds to run in this call. */
  seconds?: number;
  /** Stops after the current step when aborted. */
  signal?: AbortSignal;
}

/** Options of {@link Trainer.sample}. */
export interface SampleOptions {
  /** Class per sample, for conditional variants (default: drawn uniformly). */
  labels?: ArrayLike<number>;
  /** Seed of the noise; default: the next draws of the run's noise stream. */
  seed?: number;
}

function isFiniteNumber(x: number): boolean {
  return Number.isFinite(x);
}

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
  private stepCount: number;
  private readonly stream: BatchStream;
  private readonly rng: Rng;
  /** Noise for `sample()` without a seed, kept apart so sampling never changes the training stream. */
  private readonly sampleRng: Rng;
  private readonly context: UpdateContext<C>;
  private disposed = false;

  private constructor(
    readonly variant: GanVariant<C>,
    readonly config: C,
    readonly data: DataSource,
    readonly seed: number,
    readonly networks: GanNetworks,
    state?: { checkpoint: CheckpointManifest },
  ) {
    super();
    const rootRng = new Rng(seed);
    rootRng.fork(); // the initialization stream, used by build()
    this.rng = rootRng.fork();
    this.stream = new BatchStream(data, config.batchSize, rootRng.fork());
    this.sampleRng = rootRng.fork();
    this.stepCount = 0;
    if (state) {
      this.rng.setState(state.checkpoint.rng.noise);
      this.stream.setState(state.checkpoint.data.stream);
      this.stepCount = state.checkpoint.step;
    }
    const resolvedRegularizers: ResolvedRegularizer[] = config.regularizers.map((use) => ({
      regularizer: regularizers.get(use.name),
      weight: use.weight ?? 1,
      options: use.options ?? {},
    }));
    const conditional = variant.conditional === true;
    const numClasses = data.spec.numClasses ?? 0;
    const rng = this.rng;
    const variables = {
      generator: networks.generator.trainableWeights.map((w) => w.read() as tf.Variable),
      discriminator: networks.discriminator.trainableWeights.map((w) => w.read() as tf.Variable),
    };
    this.context = {
      config,
      data: data.spec,
      networks,
      optimizers: { generator: createOptimizer(config.optimizers.generator), discriminator: createOptimizer(config.optimizers.discriminator) },
      variables,
      loss: losses.get(config.loss),
      regularizers: resolvedRegularizers,
      batch: { x: tf.zeros([0]) },
      step: this.stepCount,
      rng,
      sampleLatent: (n) => tf.randomNormal([n, config.latentDim], 0, 1, 'float32', rng.seed()),
      sampleLabels: (n) => {
        if (!conditional) return undefined;
        const labels = new Int32Array(n);
        for (let i = 0; i < n; i++) labels[i] = rng.int(numClasses);
        return tf.tensor1d(labels, 'int32');
      },
      generate: (z, labels, training) =>
        networks.generator.apply(conditional ? [z, labels!] : z, { training }) as tf.Tensor,
      discriminate: (x, labels, training) =>
        networks.discriminator.apply(conditional ? [x, labels!] : x, { training }) as tf.Tensor,
    };
    this.context.batch.x.dispose();
  }

  /** Builds fresh networks for a variant (by name or object) on `options.data`. */
  static create<C extends VariantConfig = VariantConfig>(options: TrainerOptions<C>): Trainer<C> {
    const variant = (typeof options.variant === 'string' ? variants.get(options.variant) : options.variant) as GanVariant<C>;
    const seed = options.seed ?? 0;
    if (!Number.isSafeInteger(seed)) throw new ConfigError('trainer options', [{ path: 'seed', expected: 'an integer', found: seed }]);
    const config = resolveConfig(variant, options.data.spec, options.config, options.preset);
    const initRng = new Rng(seed).fork();
    const context: ModelContext = {
      data: options.data.spec,
      latentDim: config.latentDim,
      rng: initRng,
      init: seededInitializers(initRng),
      ...(variant.conditional ? { numClasses: options.data.spec.numClasses! } : {}),
    };
    const networks = variant.build
      ? variant.build(context, config)
      : {
          generator: models.get(config.generator.model).create(context, config.generator.options ?? {}),
          discriminator: models.get(config.discriminator.model).create(context, config.discriminator.options ?? {}),
        };
    return new Trainer(variant, config, options.data, seed, networks);
  }

  /**
   * Restores a run from a checkpoint, on the same data (checked by shape and size). Continuing it gives
   * the same weights as a run that was never interrupted, on the same backend.
   */
  static async restore<C extends VariantConfig = VariantConfig>(
    checkpoint: Checkpoint,
    data: DataSource,
    where = 'checkpoint',
  ): Promise<Trainer<C>> {
    const m = checkpoint.manifest;
    const variant = variants.get(m.variant) as GanVariant<C>;
    const spec = data.spec;
    if (JSON.stringify(m.data.spec.shape) !== JSON.stringify(spec.shape) || m.data.spec.size !== spec.size) {
      throw new CheckpointError(
        where,
        `was trained on data of shape [${m.data.spec.shape.join(', ')}] x ${m.data.spec.size}, ` +
          `but the data given has shape [${spec.shape.join(', ')}] x ${spec.size}`,
      );
    }
    const config = validateConfig(variant, m.config as C, spec);
    const networks = {
      generator: await modelFromArtifacts(checkpoint.generator, `${where}/generator`),
      discriminator: await modelFromArtifacts(checkpoint.discriminator, `${where}/discriminator`),
    };
    const trainer = new Trainer(variant, config, data, m.seed, networks, { checkpoint: m });
    await trainer.restoreOptimizers(checkpoint, where);
    return trainer;
  }

  /** Completed steps. */
  get step(): number {
    return this.stepCount;
  }

  /** The optimizers, built once from the config. */
  get optimizers(): { generator: tf.Optimizer; discriminator: tf.Optimizer } {
    return this.context.optimizers;
  }

  /** Runs steps until a budget limit is reached or the signal aborts. Returns the last step's numbers. */
  async run(options: RunOptions = {}): Promise<StepStats | undefined> {
    this.assertUsable();
    const { steps, seconds, signal } = options;
    if (steps === undefined && seconds === undefined) {
      throw new ConfigError('run options', [{ path: 'steps/seconds', expected: 'a step or time budget', found: options }]);
    }
    if (steps !== undefined && !(Number.isInteger(steps) && steps >= 0)) {
      throw new ConfigError('run options', [{ path: 'steps', expected: 'a non-negative integer', found: steps }]);
    }
    if (seconds !== undefined && !(typeof seconds === 'number' && seconds >= 0)) {
      throw new ConfigError('run options', [{ path: 'seconds', expected: 'a non-negative number', found: seconds }]);
    }
    const started = performance.now();
    await this.emit('start', { step: this.stepCount, backend: tf.getBackend(), variant: this.variant.name, config: this.config });
    let last: StepStats | undefined;
    let done = 0;
    // Steps are synchronous: give timers, I/O and signal handlers (an abort, Ctrl-C) a turn now and then.
    const breathe = periodicYield();
    let reason: TrainerEvents['end']['reason'] = 'steps';
    for (;;) {
      if (signal?.aborted) {
        reason = 'aborted';
        break;
      }
      if (steps !== undefined && done >= steps) break;
      if (seconds !== undefined && (performance.now() - started) / 1000 >= seconds) {
        reason = 'seconds';
        break;
      }
      last = this.trainStep();
      done += 1;
      await this.emit('step', last);
      await breathe();
    }
    await this.emit('end', { step: this.stepCount, reason, seconds: (performance.now() - started) / 1000 });
    return last;
  }

  /**
   * One step: `dSteps` discriminator updates, each on a fresh real batch, then `gSteps` generator updates.
   * Throws {@link NonFiniteLossError} if any reported number is NaN or infinite.
   */
  trainStep(): StepStats {
    this.assertUsable();
    const t0 = performance.now();
    const ctx = this.context;
    ctx.step = this.stepCount;
    const dUpdate = this.variant.discriminatorUpdate ?? standardDiscriminatorUpdate;
    const gUpdate = this.variant.generatorUpdate ?? standardGeneratorUpdate;
    const constraints = ctx.regularizers.filter((r) => r.regularizer.constrain !== undefined);
    let dResult: UpdateResult | undefined;
    let gResult: UpdateResult | undefined;
    const pending: tf.Tensor[] = [];
    try {
      for (let i = 0; i < this.config.dSteps; i++) {
        if (dResult) disposeResult(dResult);
        const batch = this.stream.next();
        ctx.batch = batch;
        try {
          dResult = dUpdate(ctx as UpdateContext<C>);
        } finally {
          batch.x.dispose();
          batch.labels?.dispose();
        }
        for (const { regularizer, options } of constraints) regularizer.constrain!(ctx.networks.discriminator, options);
      }
      for (let i = 0; i < this.config.gSteps; i++) {
        if (gResult) disposeResult(gResult);
        gResult = gUpdate(ctx as UpdateContext<C>);
      }
      const names: string[] = [];
      const add = (name: string, t: tf.Scalar | undefined) => {
        if (t) {
          names.push(name);
          pending.push(t);
        }
      };
      add('dLoss', dResult!.loss);
      add('gLoss', gResult!.loss);
      add('dReal', dResult!.real);
      add('dFake', dResult!.fake);
      for (const [k, v] of Object.entries(dResult!.extra ?? {})) add(`d.${k}`, v);
      for (const [k, v] of Object.entries(gResult!.extra ?? {})) add(`g.${k}`, v);
      // One download for all the step's numbers: each dataSync is a sync point.
      const stacked = tf.tidy(() => tf.stack(pending.map((t) => tf.reshape(t, []))));
      const values = stacked.dataSync() as Float32Array;
      stacked.dispose();
      const got: Record<string, number> = {};
      names.forEach((n, i) => (got[n] = values[i]!));
      for (const [name, value] of Object.entries(got)) {
        if (!isFiniteNumber(value)) throw new NonFiniteLossError(this.stepCount + 1, name, value);
      }
      this.stepCount += 1;
      const extra: Record<string, number> = {};
      for (const n of names) if (n.includes('.')) extra[n] = got[n]!;
      return {
        step: this.stepCount,
        dLoss: got['dLoss']!,
        gLoss: got['gLoss']!,
        dReal: got['dReal'] ?? NaN,
        dFake: got['dFake'] ?? NaN,
        seconds: (performance.now() - t0) / 1000,
        epoch: this.stream.epochs,
        extra,
      };
    } finally {
      if (dResult) disposeResult(dResult);
      if (gResult) disposeResult(gResult);
    }
  }

  /**
   * Generates `n` samples with the generator in inference mode, shape `[n, ...data.shape]`.
   * The caller disposes the result.
   */
  sample(n: number, options: SampleOptions = {}): tf.Tensor {
    this.assertUsable();
    if (!(Number.isInteger(n) && n > 0)) throw new ConfigError('sample options', [{ path: 'n', expected: 'a positive integer', found: n }]);
    const rng = options.seed === undefined ? this.sampleRng : new Rng(options.seed);
    const conditional = this.variant.conditional === true;
    if (options.labels !== undefined) {
      if (!conditional) throw new ConfigError('sample options', [{ path: 'labels', expected: `no labels (variant '${this.variant.name}' is not conditional)`, found: 'labels' }]);
      const k = this.data.spec.numClasses!;
      const bad = Array.from(options.labels).findIndex((l) => !(Number.isInteger(l) && l >= 0 && l < k));
      if (options.labels.length !== n || bad >= 0) {
        throw new ConfigError('sample options', [{ path: 'labels', expected: `${n} integers in [0, ${k})`, found: Array.from(options.labels) }]);
      }
    }
    return tf.tidy(() => {
      const z = tf.randomNormal([n, this.config.latentDim], 0, 1, 'float32', rng.seed());
      let labels: tf.Tensor1D | undefined;
      if (conditional) {
        const values = options.labels ? Int32Array.from(options.labels) : Int32Array.from({ length: n }, () => rng.int(this.data.spec.numClasses!));
        labels = tf.tensor1d(values, 'int32');
      }
      return this.context.generate(z, labels, false);
    });
  }

  /** Captures the whole run state. Cheap enough to call every few hundred steps. */
  async checkpoint(): Promise<Checkpoint> {
    this.assertUsable();
    const [generator, discriminator] = await Promise.all([
      modelToArtifacts(this.networks.generator),
      modelToArtifacts(this.networks.discriminator),
    ]);
    const gState = await getOptimizerState(this.context.optimizers.generator);
    const dState = await getOptimizerState(this.context.optimizers.discriminator);
    const all = [...gState, ...dState];
    // Names get an index prefix: tfjs names slots after variables, which may repeat across networks.
    const encoded = await tf.io.encodeWeights(all.map((w, i) => ({ name: `${i}:${w.name}`, tensor: w.tensor })));
    disposeOptimizerStateCopies(all);
    const specs = encoded.specs;
    const manifest: CheckpointManifest = {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      variant: this.variant.name,
      config: this.config,
      step: this.stepCount,
      seed: this.seed,
      rng: { noise: this.rng.getState() },
      data: {
        stream: this.stream.getState(),
        spec: { shape: this.data.spec.shape, size: this.data.spec.size, kind: this.data.spec.kind, ...(this.data.spec.numClasses ? { numClasses: this.data.spec.numClasses } : {}) },
      },
      optimizers: {
        generator: { type: this.config.optimizers.generator.type, weights: specs.slice(0, gState.length) },
        discriminator: { type: this.config.optimizers.discriminator.type, weights: specs.slice(gState.length) },
      },
      backend: tf.getBackend(),
      createdAt: new Date().toISOString(),
    };
    return { manifest, generator, discriminator, optimizerData: weightBuffer(encoded.data) };
  }

  private async restoreOptimizers(checkpoint: Checkpoint, where: string): Promise<void> {
    const { generator, discriminator } = checkpoint.manifest.optimizers;
    let tensors: tf.NamedTensorMap;
    try {
      tensors = tf.io.decodeWeights(checkpoint.optimizerData, [...generator.weights, ...discriminator.weights]);
    } catch (cause) {
      throw new CheckpointError(`${where}/optimizers`, `optimizer state does not match its manifest (${(cause as Error).message})`, { cause });
    }
    const named = (specs: tf.io.WeightsManifestEntry[]) => specs.map((s) => ({ name: s.name.replace(/^\d+:/, ''), tensor: tensors[s.name]! }));
    try {
      if (generator.weights.length) await setOptimizerState(this.context.optimizers.generator, named(generator.weights));
      if (discriminator.weights.length) await setOptimizerState(this.context.optimizers.discriminator, named(discriminator.weights));
    } finally {
      // setWeights copies what it keeps (into variables), so the decoded tensors can go.
      tf.dispose(Object.values(tensors));
    }
  }

  /** Frees the networks and optimizer state. The trainer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.networks.generator.dispose();
    this.networks.discriminator.dispose();
    this.context.optimizers.generator.dispose();
    this.context.optimizers.discriminator.dispose();
  }

  private assertUsable(): void {
    if (this.disposed) throw new Error('This Trainer was disposed.');
  }
}

function disposeResult(result: UpdateResult): void {
  result.loss.dispose();
  result.real?.dispose();
  result.fake?.dispose();
  for (const t of Object.values(result.extra ?? {})) t.dispose();
}

