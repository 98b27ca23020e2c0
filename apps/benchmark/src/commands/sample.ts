/**
 * `gankit sample`: a PNG of samples from a trained run, without its training data.
 * @module
 */
import { loadSampler, writeSampleGrid, writeSamplePlot } from '@gankit/core/node';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { intListOption, intOption, parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { OutputDirectoryError, UsageError } from '../errors.js';
import type { Output } from '../progress.js';

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
  let n = intOption('n', values.n, 1, 10_000) ?? 64;
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const steps = intOption('interpolate', values.interpolate, 2, 1000);
  const traverse = intOption('traverse', values.traverse, 2, 100);
  const dimension = intOption('dimension', values.dimension, 0);
  if (steps !== undefined && traverse !== undefined) throw new UsageError('gankit sample: give --interpolate or --traverse, not both');
  if (dimension !== undefined && traverse === undefined) throw new UsageError('--dimension: only with --traverse');
  const columns = intOption('columns', values.columns, 1);
  let labels = intListOption('labels', values.labels);

  const dir = resolve(ctx.cwd, positionals[0]!);
  const source = existsSync(join(dir, 'run.json')) ? join(dir, 'checkpoints') : dir;
  await ctx.backend();
  const sampler = await loadSampler(source, { seed });
  try {
    if (sampler.inputs.some((i) => i.kind === 'example')) {
      throw new UsageError(`gankit sample: '${sampler.variant}' translates images (its generator takes an input image); use 'gankit translate ${positionals[0]} --input <folder or dataset> --out <dir>'`);
    }
    if (labels && sampler.numClasses === undefined) throw new UsageError(`--labels: the '${sampler.variant}' generator is not conditional`);
    if (labels && labels.length === 1) labels = Array(n).fill(labels[0]);
    if (labels && values.n === undefined) n = labels.length;
    if (labels && labels.length !== n) throw new UsageError(`--labels: expected 1 or ${n} labels (--n), got ${labels.length}`);
    const samples =
      traverse !== undefined
        ? sampler.traverse(traverse, { seed, ...(dimension !== undefined ? { dimension } : {}) })
        : steps !== undefined
          ? sampler.interpolate(steps, { seed, ...(labels ? { label: labels[0]! } : {}) })
          : sampler.generate(n, { seed, ...(labels ? { labels } : {}) });
    try {
      const perRow = columns ?? traverse ?? steps;
      if (sampler.spec.kind === 'image') await writeSampleGrid(samples, target, { ...(perRow ? { columns: perRow } : {}) });
      else await writeSamplePlot(samples, target, { kind: sampler.spec.kind, ...(labels ? { labels } : {}) });
    } finally {
      samples.dispose();
    }
    out.write(`wrote ${samples.shape[0]} samples of '${sampler.variant}' to ${target}\n`);
  } finally {
    sampler.dispose();
  }
  return 0;
}
