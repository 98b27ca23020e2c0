/**
 * `gankit sample`: a PNG of samples from a trained run, without its training data.
 * @module
 */
import { loadSampler, writeSampleGrid, writeSamplePlot } from '@gankit/core/node';
import { Rng } from '@gankit/core';
import { checkOutputPath } from '../output-path.js';
import { loadRunSampler } from '../run-sampler.js';
import * as tf from '@tensorflow/tfjs-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { intListOption, intOption, parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { OutputDirectoryError, UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { readRunRecord } from '../run-dir.js';
import { loadDataset } from '../setup.js';

export const sampleHelp = `Usage: gankit sample <run or checkpoint dir> --out <file.png> [options]

Writes a PNG grid of samples (images) or a plot (points, series) from the newest checkpoint of a run.

Options:
  --n <N>                  number of samples (default 64)
  --labels <0,1,...>       class of each sample, conditional variants only (one label repeats)
  --seed <S>               noise seed (default 1)
  --interpolate <steps>    instead: a row of <steps> samples along a slerp path in latent space
  --traverse <columns>     instead: InfoGAN's grid, one row per value of the categorical code and
                           <columns> values of a continuous code from -2 to 2 along each row
  --dimension <i>          which dimension of the continuous code --traverse sweeps (default 0)
  --reconstruct            instead: held-out examples x (odd rows) above their reconstructions
                           G(E(x)) (even rows), for variants with an encoder (bigan)
  --dataset <name>         the examples --reconstruct encodes (default: the run's dataset, test split)
  --columns <N>            images per row
  --out <file.png>         where to write (an existing file is not overwritten)`;

export async function sampleCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse(
    'sample',
    argv,
    {
      n: { type: 'string' },
      labels: { type: 'string' },
      seed: { type: 'string' },
      interpolate: { type: 'string' },
      traverse: { type: 'string' },
      dimension: { type: 'string' },
      reconstruct: { type: 'boolean' },
      dataset: { type: 'string' },
      columns: { type: 'string' },
      out: { type: 'string' },
    },
    1,
  );
  if (positionals.length !== 1) throw new UsageError("gankit sample: give the run directory, e.g. 'gankit sample runs/mnist --out grid.png'");
  if (values.out === undefined) throw new UsageError('gankit sample: missing --out <file.png>');
  const target = resolve(ctx.cwd, values.out);
  if (!target.endsWith('.png')) throw new UsageError(`--out: expected a .png file name, got '${values.out}'`);
  if (existsSync(target)) throw new OutputDirectoryError(`${target}: already exists; nothing was overwritten. Choose another --out.`);
  checkOutputPath(target);
  let n = intOption('n', values.n, 1, 10_000) ?? 64;
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const steps = intOption('interpolate', values.interpolate, 2, 1000);
  const traverse = intOption('traverse', values.traverse, 2, 100);
  const dimension = intOption('dimension', values.dimension, 0);
  if (steps !== undefined && traverse !== undefined) throw new UsageError('gankit sample: give --interpolate or --traverse, not both');
  if (dimension !== undefined && traverse === undefined) throw new UsageError('--dimension: only with --traverse');
  const reconstruct = values.reconstruct === true;
  if (reconstruct && (steps !== undefined || traverse !== undefined || values.labels !== undefined)) {
    throw new UsageError('gankit sample: --reconstruct takes no --interpolate, --traverse or --labels');
  }
  if (values.dataset !== undefined && !reconstruct) throw new UsageError('--dataset: only with --reconstruct');
  const columns = intOption('columns', values.columns, 1);
  let labels = intListOption('labels', values.labels);

  const dir = resolve(ctx.cwd, positionals[0]!);
  const record = readRunRecord(dir);
  await ctx.backend();
  const sampler = record ? await loadRunSampler(dir, record, 'sampled', { seed }) : await loadSampler(dir, { seed });
  try {
    if (sampler.inputs.some((i) => i.kind === 'example')) {
      throw new UsageError(`gankit sample: '${sampler.variant}' translates images (its generator takes an input image); use 'gankit translate ${positionals[0]} --input <folder or dataset> --out <dir>'`);
    }
    if (labels && sampler.numClasses === undefined) throw new UsageError(`--labels: the '${sampler.variant}' generator is not conditional`);
    if (labels && labels.length === 1) labels = Array(n).fill(labels[0]);
    if (labels && values.n === undefined) n = labels.length;
    if (labels && labels.length !== n) throw new UsageError(`--labels: expected 1 or ${n} labels (--n), got ${labels.length}`);
    const samples = reconstruct
      ? await reconstructionGrid(sampler, dir, values.dataset, n, columns ?? 8, seed)
      : traverse !== undefined
        ? sampler.traverse(traverse, { seed, ...(dimension !== undefined ? { dimension } : {}) })
        : steps !== undefined
          ? sampler.interpolate(steps, { seed, ...(labels ? { label: labels[0]! } : {}) })
          : sampler.generate(n, { seed, ...(labels ? { labels } : {}) });
    try {
      const perRow = columns ?? traverse ?? steps ?? (reconstruct ? 8 : undefined);
      if (sampler.spec.kind === 'image') await writeSampleGrid(samples, target, { ...(perRow ? { columns: perRow } : {}) });
      else await writeSamplePlot(samples, target, { kind: sampler.spec.kind, ...(labels ? { labels } : {}) });
    } finally {
      samples.dispose();
    }
    out.write(
      reconstruct
        ? `wrote ${samples.shape[0]! / 2} held-out examples and their reconstructions by '${sampler.variant}' to ${target}\n`
        : `wrote ${samples.shape[0]} samples of '${sampler.variant}' to ${target}\n`,
    );
  } finally {
    sampler.dispose();
  }
  return 0;
}

/**
 * Rows of `columns` held-out examples, each followed by the row of their reconstructions G(E(x)).
 * The examples are `n` picked with `seed` from the test split of `dataset` (default: the run's own dataset).
 */
async function reconstructionGrid(
  sampler: Awaited<ReturnType<typeof loadSampler>>,
  runDir: string,
  dataset: string | undefined,
  n: number,
  columns: number,
  seed: number,
): Promise<tf.Tensor> {
  if (sampler.spec.kind !== 'image') throw new UsageError(`--reconstruct: draws image grids; '${sampler.variant}' was trained on ${sampler.spec.kind}`);
  const record = readRunRecord(runDir);
  const name = dataset ?? record?.dataset;
  if (name === undefined) throw new UsageError(`--reconstruct: ${runDir} holds no run.json naming its dataset; give --dataset <name>`);
  const data = await loadDataset(name, seed, 'test', dataset === undefined ? (record?.dataOptions ?? {}) : {});
  const count = Math.min(n, data.spec.size);
  // A seeded pick across the split (test splits are often ordered by class).
  const order = Array.from({ length: data.spec.size }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(order.length - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const batch = data.gather(order.slice(0, count));
  try {
    const recon = sampler.reconstruct(batch.x);
    return tf.tidy(() => {
      const rows: tf.Tensor[] = [];
      for (let start = 0; start < count; start += columns) {
        const size = Math.min(columns, count - start);
        rows.push(tf.slice(batch.x, start, size), tf.slice(recon, start, size));
      }
      recon.dispose();
      return tf.concat(rows);
    });
  } finally {
    tf.dispose(Object.values(batch).filter((t): t is tf.Tensor => t !== undefined));
  }
}
