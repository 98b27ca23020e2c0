/**
 * Pictures of a run's samples: a PNG grid for images, a PNG plot for points and series (plus the raw
 * points as JSON, for the report's scatter chart). Samples of a shape no picture fits get none: a run
 * never fails for a view it cannot draw.
 * @module
 */
import { isTranslationSource, Sampler, type DataSpec, type Trainer } from '@gankit/core';
import { writeFileAtomic, writeSampleGrid, writeSamplePlot } from '@gankit/core/node';
import { join } from 'node:path';
import { exampleInput, translateImages, writeSideBySide } from './translation.js';

/** Fixed seed, so grids of successive checkpoints show the same latent points. */
const SAMPLE_SEED = 20141;

/** `n` indices spread evenly over `size` (datasets sorted by class show every class). */
export function spread(n: number, size: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => Math.floor((i * size) / n));
}

/**
 * The picture that fits samples like `spec`: a grid of images (`[h, w, 1 or 3]`), a scatter plot of
 * points (`[d]`, projected to 2-D when d is not 2), lines of series (`[length]` or `[length, 1]`), or
 * none.
 */
export function pictureOf(spec: DataSpec): 'grid' | 'scatter' | 'lines' | undefined {
  const s = spec.shape;
  if (spec.kind === 'image') return s.length === 3 && (s[2] === 1 || s[2] === 3) ? 'grid' : undefined;
  if (spec.kind === 'points') return s.length === 1 ? 'scatter' : undefined;
  return (s.length === 1 || (s.length === 2 && s[1] === 1)) && s[0]! >= 2 ? 'lines' : undefined;
}

/** What a report says about samples like `spec` that it draws no picture of (undefined when it does). */
export function noPictureNote(spec: DataSpec): string | undefined {
  return pictureOf(spec)
    ? undefined
    : `Samples of shape [${spec.shape.join(', ')}] (${spec.kind}) have no picture: grids need images [h, w, 1 or 3], scatter plots vectors [d], line plots series [length].`;
}

/**
 * Writes `final.png` (and `final.json` with the raw points, any dimension, for points) for the
 * trainer's current generator into `dir`; writes nothing for samples no picture fits ({@link pictureOf}).
 * For a translation run, `final.png` shows 16 training inputs side by side with their translations
 * (and their targets, for paired data).
 */
export async function writeSamples(trainer: Trainer<any>, dir: string): Promise<void> {
  const picture = pictureOf(trainer.data.spec);
  if (!picture) return;
  const sampler = Sampler.fromTrainer(trainer);
  try {
    if (exampleInput(sampler.inputs) && isTranslationSource(trainer.data)) {
      const data = trainer.data;
      const inputs = data.translation.inputs;
      const n = Math.min(16, inputs.spec.size, data.translation.paired ? data.spec.size : Infinity);
      const ids = spread(n, inputs.spec.size);
      const source = { x: inputs.rows(ids).x, shape: inputs.spec.shape };
      const groups = [source, translateImages(sampler, source.x, n, source.shape)];
      if (data.translation.paired) groups.push({ x: data.rows(ids).x, shape: data.spec.shape });
      await writeSideBySide(groups, n, join(dir, 'final.png'), 4);
      return;
    }
    const spec = sampler.spec;
    const classes = sampler.numClasses;
    const n = spec.kind === 'image' ? (classes ? classes * Math.max(1, Math.floor(64 / classes)) : 64) : 500;
    const labels = classes ? Array.from({ length: n }, (_, i) => i % classes) : undefined;
    const samples = sampler.generate(n, { seed: SAMPLE_SEED, ...(labels ? { labels } : {}) });
    try {
      if (picture === 'grid') {
        await writeSampleGrid(samples, join(dir, 'final.png'), { columns: classes ?? 8 });
      } else {
        await writeSamplePlot(samples, join(dir, 'final.png'), { kind: picture === 'scatter' ? 'points' : 'series', ...(labels ? { labels } : {}) });
        if (picture === 'scatter') {
          const values = samples.arraySync() as number[][];
          await writeFileAtomic(join(dir, 'final.json'), JSON.stringify(values.map((p) => p.map((v) => Math.round(v * 1e4) / 1e4))));
        }
      }
    } finally {
      samples.dispose();
    }
  } finally {
    sampler.dispose();
  }
}
