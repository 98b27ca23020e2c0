/**
 * Data for image-to-image translation: a paired source (each target example has its input, as in
 * pix2pix) and an unpaired one (two domains of their own sizes, as in CycleGAN). Both are ordinary
 * {@link DataSource}s of the target domain, so metrics compare against targets as they compare against
 * any data, and both say where the inputs are (`translation.inputs`).
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Batch, DataSource, DataSpec } from './data.js';
import { DataError } from './errors.js';

/** Name of the input tensor a paired source adds to each batch (the A image of each (A, B) pair). */
export const CONDITION_TENSOR = 'condition';

/** What a translation source tells about its inputs. */
export interface TranslationInfo {
  /**
   * `true` when input `i` belongs to target `i` (pix2pix's pairs); `false` for two unpaired domains
   * (CycleGAN's), where the inputs have their own count and order.
   */
  readonly paired: boolean;
  /** The input domain (A), with its labels when known. */
  readonly inputs: DataSource;
}

/** A data source of targets (domain B) that knows its inputs (domain A). */
export interface TranslationSource extends DataSource {
  readonly translation: TranslationInfo;
}

/** Whether `data` is a {@link TranslationSource}. */
export function isTranslationSource(data: DataSource | undefined): data is TranslationSource {
  const t = (data as Partial<TranslationSource> | undefined)?.translation;
  return typeof t === 'object' && t !== null && typeof t.paired === 'boolean' && typeof t.inputs?.rows === 'function';
}

function translationMeta(spec: DataSpec, paired: boolean, inputs: DataSource): DataSpec['meta'] {
  return { ...spec.meta, translation: { paired, inputShape: [...inputs.spec.shape], inputSize: inputs.spec.size } };
}

function checkImages(name: string, a: DataSource, b: DataSource): void {
  const [ha, wa] = a.spec.shape;
  const [hb, wb] = b.spec.shape;
  if (a.spec.shape.length !== 3 || b.spec.shape.length !== 3 || ha !== hb || wa !== wb) {
    throw new DataError(
      `${name}: inputs (A) have shape [${a.spec.shape.join(', ')}] and targets (B) [${b.spec.shape.join(', ')}]; ` +
        'expected images of the same height and width ([height, width, channels]; the channels may differ)',
    );
  }
}

/**
 * Paired data (pix2pix): target `i` (`x`, domain B) was made from input `i` (`condition`, domain A).
 * A batch holds `x`, `condition` and, when the targets are labelled, `labels`.
 *
 * @example
 * ```ts
 * const pairs = new PairedDataSource(edges, digits, 'digits-edges'); // edges[i] -> digits[i]
 * const batch = pairs.gather([0, 1]); // { x: [2, 28, 28, 1], condition: [2, 28, 28, 1], labels: [2] }
 * ```
 */
export class PairedDataSource implements TranslationSource {
  readonly spec: DataSpec;
  readonly translation: TranslationInfo;

  constructor(
    inputs: DataSource,
    private readonly targets: DataSource,
    name = 'paired data',
  ) {
    if (inputs.spec.size !== targets.spec.size) {
      throw new DataError(`${name}: ${inputs.spec.size} inputs (A) but ${targets.spec.size} targets (B); expected one input per target`);
    }
    checkImages(name, inputs, targets);
    this.translation = { paired: true, inputs };
    this.spec = { ...targets.spec, meta: translationMeta(targets.spec, true, inputs) };
  }

  rows(indices: ArrayLike<number>): { x: Float32Array; labels?: Int32Array } {
    return this.targets.rows(indices);
  }

  gather(indices: ArrayLike<number>): Batch {
    const batch = this.targets.gather(indices);
    batch[CONDITION_TENSOR] = tf.tensor(this.translation.inputs.rows(indices).x, [indices.length, ...this.translation.inputs.spec.shape], 'float32');
    return batch;
  }
}

/**
 * Unpaired data (CycleGAN): two domains, each shuffled on its own. As a data source it is domain B
 * (the target of A -> B); `translation.inputs` is domain A, which a variant names as a second source
 * (`sources: (data) => ({ data, a: data.translation.inputs })`).
 */
export class UnpairedDataSource implements TranslationSource {
  readonly spec: DataSpec;
  readonly translation: TranslationInfo;

  constructor(
    a: DataSource,
    private readonly b: DataSource,
    name = 'unpaired data',
  ) {
    checkImages(name, a, b);
    this.translation = { paired: false, inputs: a };
    this.spec = { ...b.spec, meta: translationMeta(b.spec, false, a) };
  }

  rows(indices: ArrayLike<number>): { x: Float32Array; labels?: Int32Array } {
    return this.b.rows(indices);
  }

  gather(indices: ArrayLike<number>): Batch {
    return this.b.gather(indices);
  }
}
