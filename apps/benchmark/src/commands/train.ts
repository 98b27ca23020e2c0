/**
 * `gankit train`: one variant on one dataset into a run directory.
 * @module
 */
import { resolve } from 'node:path';
import { configOverrides, intOption, jsonObject, numberOption, parse } from '../args.js';
import { OutputDirectoryError, UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { readRunRecord, runPaths, withRunPlugins } from '../run-dir.js';
import { absoluteDatasetName } from '../setup.js';
import { trainRun } from '../training.js';
import type { CommandContext } from '../context.js';

export const trainHelp = `Usage: gankit train --variant <name> --dataset <name> (--steps N | --seconds S) --out <dir> [options]
       gankit train --resume <dir> [--restart] [--steps N | --seconds S] [--checkpoint-every N]

Trains one variant on one dataset. The run directory gets run.json, log.jsonl (every step's numbers),
checkpoints/ and samples/. Ctrl-C saves a checkpoint and stops; --resume continues from it.

Options:
  --variant <name>        a registered variant (gankit list)
  --dataset <name>        a registered dataset, e.g. mnist-embedded, ring8, images:./photos
  --steps <N>             total steps to reach
  --seconds <S>           training seconds to spend (total, across resumes)
  --seed <S>              seed of weights, noise and shuffling (default 1)
  --out <dir>             new or empty directory for the run
  --resume <dir>          continue the run in <dir> (budget flags may extend it)
  --restart               with --resume: train that run again from step 0 with its settings (its
                          log starts afresh; its checkpoints are moved aside, not deleted)
  --preset <name>         a preset of the variant, e.g. small (smaller networks for CPU runs)
  --config <json|file>    config overrides, e.g. '{"batchSize": 32, "dSteps": 2}'
  --batch-size <N>        shorthand for --config '{"batchSize": N}'
  --data-options <json>   the dataset's own options, e.g. '{"size": 28}' to resize an images: folder
  --checkpoint-every <N>  steps between checkpoints (default 200; kept in run.json for --resume)
  --backend <name>        auto (default), tensorflow, wasm or cpu`;

export const trainOptions = {
  variant: { type: 'string' },
  dataset: { type: 'string' },
  steps: { type: 'string' },
  seconds: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'string' },
  restart: { type: 'boolean' },
  config: { type: 'string' },
  preset: { type: 'string' },
  'batch-size': { type: 'string' },
  'data-options': { type: 'string' },
  'checkpoint-every': { type: 'string' },
} as const;

/** Steps between checkpoints of a new run without --checkpoint-every. */
const DEFAULT_CHECKPOINT_EVERY = 200;

/** How a user continues, or starts over, the run in `dir` (for messages). */
function runCommands(dir: string): { resume: string; restart: string } {
  return { resume: `gankit train --resume ${dir}`, restart: `gankit train --resume ${dir} --restart` };
}

export async function trainCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values } = parse('train', argv, trainOptions);
  const steps = intOption('steps', values.steps, 1);
  const seconds = numberOption('seconds', values.seconds);
  const checkpointEvery = intOption('checkpoint-every', values['checkpoint-every'], 1);
  if (values.restart && values.resume === undefined) throw new UsageError('--restart goes with --resume <dir>: it trains that run again from step 0');
  if (values.resume !== undefined) {
    for (const flag of ['variant', 'dataset', 'seed', 'out', 'config', 'preset', 'batch-size', 'data-options'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} cannot be combined with --resume: a resumed run keeps its settings`);
    }
    const dir = resolve(ctx.cwd, values.resume);
    const record = readRunRecord(dir);
    if (!record) throw new UsageError(`--resume: '${dir}' holds no gankit run (no run.json)`);
    const budget = steps !== undefined || seconds !== undefined ? { ...(steps ? { steps } : {}), ...(seconds ? { seconds } : {}) } : record.budget;
    const recorded = record.checkpointEvery;
    if (recorded !== undefined && !(Number.isSafeInteger(recorded) && recorded >= 1)) {
      throw new OutputDirectoryError(`${runPaths(dir).record}: checkpointEvery is ${JSON.stringify(recorded)}, expected an integer >= 1; nothing was changed. Pass --checkpoint-every N to replace it.`);
    }
    const backend = await ctx.backend();
    const result = await withRunPlugins('train --resume', dir, record, ctx.plugins, () =>
      trainRun({
        dir,
        settings: { ...record, budget },
        resume: 'required',
        ...(values.restart ? { restart: true } : {}),
        commands: runCommands(dir),
        checkpointEvery: checkpointEvery ?? recorded ?? DEFAULT_CHECKPOINT_EVERY,
        signal: ctx.signal,
        out,
        label: record.variant,
        backend: backend.name,
      }),
    );
    result.trainer.dispose();
    return result.record.status === 'failed' ? 1 : ctx.signal.aborted ? 130 : 0;
  }
  const missing = (['variant', 'dataset', 'out'] as const).filter((f) => values[f] === undefined);
  if (missing.length) throw new UsageError(`gankit train: missing ${missing.map((m) => `--${m}`).join(', ')}. Run 'gankit train --help' for usage.`);
  if (steps === undefined && seconds === undefined) throw new UsageError('gankit train: give a budget with --steps N or --seconds S');
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const config = configOverrides(values.config, intOption('batch-size', values['batch-size'], 1), ctx.cwd);
  const backend = await ctx.backend();
  const result = await trainRun({
    dir: resolve(ctx.cwd, values.out!),
    settings: {
      variant: values.variant!,
      dataset: absoluteDatasetName(values.dataset!, ctx.cwd),
      seed,
      ...(values.preset !== undefined ? { preset: values.preset } : {}),
      config,
      ...(values['data-options'] !== undefined ? { dataOptions: jsonObject('data-options', values['data-options']) } : {}),
      budget: { ...(steps !== undefined ? { steps } : {}), ...(seconds !== undefined ? { seconds } : {}) },
    },
    resume: 'never',
    commands: runCommands(resolve(ctx.cwd, values.out!)),
    checkpointEvery: checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY,
    signal: ctx.signal,
    out,
    label: values.variant!,
    backend: backend.name,
    plugins: ctx.plugins,
  });
  result.trainer.dispose();
  if (result.record.status === 'failed') {
    process.stderr.write(`error: ${result.record.error}\n`);
    return 1;
  }
  return ctx.signal.aborted ? 130 : 0;
}
