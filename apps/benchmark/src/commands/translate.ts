/**
 * `gankit translate`: an image-to-image run (pix2pix, CycleGAN) applied to a folder of images or to a
 * dataset's held-out inputs; writes one PNG per translated image and a side-by-side grid.
 * @module
 */
import { isTranslationSource, type DataSource } from '@gankit/core';
import { loadSampler, writePng } from '@gankit/core/node';
import { checkOutputPath } from '../output-path.js';
import { loadRunSampler } from '../run-sampler.js';
import { imageGrid } from '@gankit/core';
import { loadImageFolder } from '@gankit/datasets/node';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { intOption, parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { OutputDirectoryError, UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { readRunRecord } from '../run-dir.js';
import { spread } from '../samples.js';
import { absoluteDatasetName, loadDataset } from '../setup.js';
import { exampleInput, translateImages, writeSideBySide, type Direction } from '../translation.js';

export const translateHelp = `Usage: gankit translate <run dir> --input <folder or dataset> --out <dir> [options]

Translates images with the newest checkpoint of an image-to-image run (pix2pix, CycleGAN). Writes one
PNG per image (named after the input file, or after the example's index in a dataset) and grid.png:
each input beside its translation (and its target, for a paired dataset).

Options:
  --input <folder|dataset>  a folder of PNG/JPEG images (resized to the run's image size), or a dataset
                            name such as digits-edges or images-paired:./pairs (its test split)
  --out <dir>               new or empty directory for the PNGs
  --direction AtoB|BtoA     AtoB (default): the run's generator; BtoA: CycleGAN's reverse generator
  --n <N>                   translate at most N images (default: all of a folder, 64 of a dataset)
  --columns <N>             examples per row of grid.png (default 8)`;

/** Image files directly in `dir`, sorted, for naming the outputs. */
function imageNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.') && ['.png', '.jpg', '.jpeg'].includes(extname(f).toLowerCase()))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function translateCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse('translate', argv, { input: { type: 'string' }, out: { type: 'string' }, direction: { type: 'string' }, n: { type: 'string' }, columns: { type: 'string' } }, 1);
  if (positionals.length !== 1) throw new UsageError("gankit translate: give the run directory, e.g. 'gankit translate runs/p2p --input digits-edges --out translated'");
  if (values.input === undefined) throw new UsageError('gankit translate: missing --input <folder or dataset>');
  if (values.out === undefined) throw new UsageError('gankit translate: missing --out <dir>');
  const direction = (values.direction ?? 'AtoB') as Direction;
  if (direction !== 'AtoB' && direction !== 'BtoA') throw new UsageError(`--direction: expected AtoB or BtoA, got '${values.direction}'`);
  const limit = intOption('n', values.n, 1);
  const columns = intOption('columns', values.columns, 1) ?? 8;
  const dir = resolve(ctx.cwd, positionals[0]!);
  const record = readRunRecord(dir);
  const target = resolve(ctx.cwd, values.out);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new OutputDirectoryError(`${target}: exists and is not an empty directory; nothing was written. Choose another --out.`);
  }
  checkOutputPath(target);
  await ctx.backend();
  const sampler = record ? await loadRunSampler(dir, record, 'translated') : await loadSampler(dir);
  try {
    const input = exampleInput(sampler.inputs);
    if (!input) throw new UsageError(`gankit translate: '${sampler.variant}' is not an image-to-image variant (its generator takes no input image)`);
    // A -> B reads images shaped like the generator's input; B -> A reads images shaped like the data.
    const shape = direction === 'AtoB' ? input.shape : sampler.spec.shape;
    const folder = resolve(ctx.cwd, values.input);
    let x: Float32Array;
    let n: number;
    let names: string[];
    let targets: { x: Float32Array; shape: number[] } | undefined;
    if (existsSync(folder) && statSync(folder).isDirectory()) {
      const images = await loadImageFolder(folder, { size: [shape[0]!, shape[1]!], channels: shape[2] as 1 | 3 });
      n = Math.min(images.spec.size, limit ?? Infinity);
      x = images.rows(Uint32Array.from({ length: n }, (_, i) => i)).x;
      const files = imageNames(folder);
      names = files.length === images.spec.size ? files.slice(0, n).map((f) => basename(f, extname(f))) : Array.from({ length: n }, (_, i) => String(i).padStart(5, '0'));
    } else {
      const sameData = record && absoluteDatasetName(values.input, ctx.cwd) === record.dataset;
      const data: DataSource = await loadDataset(absoluteDatasetName(values.input, ctx.cwd), 0, 'test', sameData ? record.dataOptions : {});
      // A -> B translates the dataset's inputs (its A images), B -> A its targets.
      const from = isTranslationSource(data) && direction === 'AtoB' ? data.translation.inputs : data;
      if (from.spec.shape.join() !== shape.join()) {
        throw new UsageError(`--input: '${values.input}' holds images of shape [${from.spec.shape.join(', ')}], but the run translates [${shape.join(', ')}]`);
      }
      n = Math.min(from.spec.size, limit ?? 64);
      // Spread over the dataset: built-in datasets are sorted by class.
      const ids = spread(n, from.spec.size);
      x = from.rows(ids).x;
      names = Array.from(ids, (i) => String(i).padStart(5, '0'));
      if (isTranslationSource(data) && data.translation.paired) {
        targets = direction === 'AtoB' ? { x: data.rows(ids).x, shape: data.spec.shape } : { x: data.translation.inputs.rows(ids).x, shape: data.translation.inputs.spec.shape };
      }
    }
    const translated = translateImages(sampler, x, n, shape, direction);
    await mkdir(target, { recursive: true });
    const row = translated.shape.reduce((a, b) => a * b, 1);
    for (let i = 0; i < n; i++) {
      await writePng(imageGrid({ values: translated.x.subarray(i * row, (i + 1) * row), shape: [1, ...translated.shape] }, { columns: 1, padding: 0 }), join(target, `${names[i]}.png`));
    }
    await writeSideBySide([{ x, shape }, translated, ...(targets ? [targets] : [])], n, join(target, 'grid.png'), columns);
    out.write(`translated ${n} images ${direction === 'AtoB' ? 'A -> B' : 'B -> A'} with '${sampler.variant}' (step ${sampler.model.step}) into ${target} (grid.png: input | translation${targets ? ' | target' : ''})\n`);
  } finally {
    sampler.dispose();
  }
  return 0;
}
