/**
 * The dataset plug-in interface, and the in-memory source and batch stream every dataset uses.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { DataError } from './errors.js';
import type { Registrable } from './registry.js';
import { Rng, type RngState } from './rng.js';

/** Version of the {@link Dataset} interface. */
export const DATASET_SPEC_VERSION = 1;

/** What a model needs to know about the data it will see. */
export interface DataSpec {
  /** Shape of one example without the batch axis: `[28, 28, 1]` for MNIST, `[2]` for 2-D points. */
  shape: number[];
  /** What the examples are; models and reports use it to pick layouts and plots. */
  kind: 'image' | 'points' | 'series';
  /** Number of examples. */
  size: number;
  /** Number of classes, when the examples are labelled with integers in `[0, numClasses)`. */
  numClasses?: number;
  /** Human-readable class names, indexed by label. */
  classNames?: string[];
  /** Extra facts metrics can use, e.g. the modes and sigma of a Gaussian mixture. */
  meta?: Record<string, unknown>;
}

/**
 * One batch: named tensors. Every source gives `x` (examples scaled to [-1, 1]) and `labels` when the
 * data is labelled; paired data adds its partner (`condition`), and a step drawing from several
 * sources sees the others' tensors as `<source>.x`, `<source>.labels` (see `GanVariant.sources`).
 */
export interface Batch {
  /** Shape `[batch, ...spec.shape]`, float32 in [-1, 1]. */
  x: tf.Tensor;
  /** Shape `[batch]`, int32 class indices. */
  labels?: tf.Tensor1D;
  /** Further named tensors. */
  [name: string]: tf.Tensor | undefined;
}

/** Data held by a dataset, from which batches are gathered by index. */
export interface DataSource {
  readonly spec: DataSpec;
  /** The examples at `indices`, as new tensors the caller disposes. */
  gather(indices: ArrayLike<number>): Batch;
  /** Raw values of the examples at `indices` (row-major), for metrics that work on arrays. */
  rows(indices: ArrayLike<number>): { x: Float32Array; labels?: Int32Array };
}

/** Context a dataset plug-in receives when it loads. */
export interface DatasetLoadContext {
  /** Seeded randomness, for synthetic data. */
  rng: Rng;
  /** The part after the first ':' in names such as `images:./my-photos`. */
  argument?: string;
}

/** A registered way to load data (MNIST files, an image folder, a synthetic mixture...). */
export interface Dataset<O extends object = Record<string, unknown>> extends Registrable {
  /** Loads (or generates) the data. `options` are the dataset's own (cache directory, size...). */
  load(options: Partial<O>, context: DatasetLoadContext): Promise<DataSource>;
}

/** Arrays backing an {@link ArrayDataSource}. */
export interface ArrayData {
  /** All examples, row-major, `size * prod(shape)` values in [-1, 1]. */
  x: Float32Array;
  /** One integer label per example, when labelled. */
  labels?: Int32Array;
}

/**
 * A data source over one Float32Array (60,000 MNIST images are 188 MB as float32: one allocation,
 * memory proportional to the data). Batches are copied out by index.
 */
export class ArrayDataSource implements DataSource {
  readonly spec: DataSpec;
  private readonly rowSize: number;

  constructor(
    spec: Omit<DataSpec, 'size'>,
    private readonly data: ArrayData,
    name = 'array data',
  ) {
    this.rowSize = spec.shape.reduce((a, b) => a * b, 1);
    if (!spec.shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new DataError(`${name}: shape must be positive integers, got [${spec.shape.join(', ')}]`);
    }
    if (data.x.length % this.rowSize !== 0) {
      throw new DataError(
        `${name}: ${data.x.length} values is not a whole number of examples of shape [${spec.shape.join(', ')}]`,
      );
    }
    const size = data.x.length / this.rowSize;
    if (data.labels && data.labels.length !== size) {
      throw new DataError(`${name}: ${size} examples but ${data.labels.length} labels (expected one label per example)`);
    }
    if (data.labels && spec.numClasses !== undefined) {
      for (let i = 0; i < data.labels.length; i++) {
        const l = data.labels[i]!;
        if (!(l >= 0 && l < spec.numClasses)) {
          throw new DataError(`${name}: label ${l} at example ${i} is outside [0, ${spec.numClasses})`);
        }
      }
    }
    this.spec = { ...spec, size };
  }

  rows(indices: ArrayLike<number>): { x: Float32Array; labels?: Int32Array } {
    const n = indices.length;
    const x = new Float32Array(n * this.rowSize);
    const labels = this.data.labels ? new Int32Array(n) : undefined;
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      if (!(j >= 0 && j < this.spec.size)) throw new RangeError(`index ${j} outside [0, ${this.spec.size})`);
      x.set(this.data.x.subarray(j * this.rowSize, (j + 1) * this.rowSize), i * this.rowSize);
      if (labels) labels[i] = this.data.labels![j]!;
    }
    return labels ? { x, labels } : { x };
  }

  gather(indices: ArrayLike<number>): Batch {
    const { x, labels } = this.rows(indices);
    const batch: Batch = { x: tf.tensor(x, [indices.length, ...this.spec.shape], 'float32') };
    if (labels) batch.labels = tf.tensor1d(labels, 'int32');
    return batch;
  }
}

/** Saved position of a {@link BatchStream}. */
export interface BatchStreamState {
  epoch: number;
  cursor: number;
  /** Rng state at the start of the current epoch: the epoch's order is re-drawn from it on resume. */
  epochRng: RngState;
}

/**
 * Endless seeded batches: each epoch visits every example once in a fresh shuffled order; a batch that
 * would run past the end starts the next epoch, so every batch is full. Its state is three numbers and
 * an Rng state, so a checkpoint resumes mid-epoch exactly.
 */
export class BatchStream {
  private rng: Rng;
  private epochStart: RngState;
  private order: Uint32Array;
  private epoch = 0;
  private cursor = 0;

  constructor(
    readonly source: DataSource,
    readonly batchSize: number,
    seed: number | Rng,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    if (source.spec.size < 1) throw new DataError('The dataset is empty: it has no examples to draw batches from');
    this.rng = typeof seed === 'number' ? new Rng(seed) : seed;
    this.epochStart = this.rng.getState();
    this.order = this.shuffled();
  }

  private shuffled(): Uint32Array {
    const order = new Uint32Array(this.source.spec.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    return this.rng.shuffle(order);
  }

  /** Indices of the next batch. */
  nextIndices(): Uint32Array {
    const out = new Uint32Array(this.batchSize);
    for (let i = 0; i < this.batchSize; i++) {
      if (this.cursor >= this.order.length) {
        this.epoch += 1;
        this.cursor = 0;
        this.epochStart = this.rng.getState();
        this.order = this.shuffled();
      }
      out[i] = this.order[this.cursor++]!;
    }
    return out;
  }

  /** The next batch as tensors; the caller disposes them. */
  next(): Batch {
    return this.source.gather(this.nextIndices());
  }

  /** Completed epochs so far. */
  get epochs(): number {
    return this.epoch + (this.cursor >= this.order.length ? 1 : 0);
  }

  getState(): BatchStreamState {
    return { epoch: this.epoch, cursor: this.cursor, epochRng: this.epochStart };
  }

  setState(state: BatchStreamState): void {
    this.rng = Rng.fromState(state.epochRng);
    this.epochStart = state.epochRng;
    this.order = this.shuffled();
    this.epoch = state.epoch;
    this.cursor = state.cursor;
  }
}

/** Name of the default data source: its tensors keep their own names in a step's batch. */
export const DEFAULT_SOURCE = 'data';

/**
 * One {@link BatchStream} per named source, each shuffled by its own seeded stream and resumed on its
 * own; `next()` joins one batch of each into a record (see {@link Batch}).
 */
export class SourceStreams {
  private readonly streams: Array<[string, BatchStream]>;

  /** `rngFor(name, i)` gives the stream of the i-th source: the run's data stream for the first. */
  constructor(sources: Record<string, DataSource>, batchSize: number, rngFor: (name: string, index: number) => Rng) {
    const names = Object.keys(sources);
    if (names.length === 0) throw new DataError('A variant declared no data sources');
    this.streams = names.map((name, i) => [name, new BatchStream(sources[name]!, batchSize, rngFor(name, i))]);
  }

  /** Source names, in declaration order. */
  get names(): string[] {
    return this.streams.map(([n]) => n);
  }

  /** The sources, by name. */
  get sources(): Record<string, DataSource> {
    return Object.fromEntries(this.streams.map(([n, s]) => [n, s.source]));
  }

  /** One batch from every source; the caller disposes the tensors. */
  next(): Batch {
    if (this.streams.length === 1 && this.streams[0]![0] === DEFAULT_SOURCE) return this.streams[0]![1].next();
    const out: Record<string, tf.Tensor> = {};
    for (const [name, stream] of this.streams) {
      for (const [key, t] of Object.entries(stream.next())) {
        if (t) out[name === DEFAULT_SOURCE ? key : `${name}.${key}`] = t;
      }
    }
    return out as Batch;
  }

  /** Completed epochs of the first source. */
  get epochs(): number {
    return this.streams[0]![1].epochs;
  }

  getState(): Record<string, BatchStreamState> {
    return Object.fromEntries(this.streams.map(([n, s]) => [n, s.getState()]));
  }

  /** Restores every source; a source missing from `state` is a {@link DataError} naming it. */
  setState(state: Record<string, BatchStreamState>, where = 'checkpoint'): void {
    for (const [name, stream] of this.streams) {
      const s = state[name];
      if (!s) throw new DataError(`${where}: holds no stream position for the data source '${name}' (it has ${Object.keys(state).join(', ') || 'none'})`);
      stream.setState(s);
    }
  }
}
