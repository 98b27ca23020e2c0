/**
 * Pictures of a run's samples: a PNG grid for images, a PNG plot for points and series (plus the raw
 * points as JSON, for the report's scatter chart).
 * @module
 */
import { isTranslationSource, Sampler, type Trainer } from '@gankit/core';
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
 * Writes `final.png` (and `final.json` for points) for the trainer's current generator into `dir`. For a
 * translation run, `final.png` shows 16 training inputs side by side with their translations (and
 * their targets, for paired data).
 */
export async function writeSamples(trainer: Trainer<any>, dir: string): Promise<void> {
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
      if (spec.kind === 'image') {
        await writeSampleGrid(samples, join(dir, 'final.png'), { columns: classes ?? 8 });
      } else {
        await writeSamplePlot(samples, join(dir, 'final.png'), { kind: spec.kind, ...(labels ? { labels } : {}) });
        if (spec.kind === 'points') {
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
