/**
 * `gankit eval`: metrics for a trained run, against held-out data of its dataset.
 * @module
 */
import { writeFileAtomic } from '@gankit/core/node';
import { join, resolve } from 'node:path';
import { intOption, listOption, parse } from '../args.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { evaluate, metricsForSampleSize, resolveMetrics, samplerInfo } from '../evaluate.js';
import type { Output } from '../progress.js';
import { readRunRecord, withRunPlugins, type RunRecord } from '../run-dir.js';
import { loadDataset } from '../setup.js';
import { metrics, SIZE_LIMITS } from '@gankit/core';
import { loadRunSampler } from '../run-sampler.js';

export const evalHelp = `Usage: gankit eval <run dir> [--metrics fid,kid,...] [--samples N] [--seed S] [--json]

Computes metrics for the newest checkpoint of a run: N generated samples against N held-out examples
of the run's dataset. Writes <run dir>/eval-final.json and prints a table (or JSON with --json).

Options:
  --metrics <m1,m2,...>   metrics (default: every metric that applies to the dataset)
  --samples <N>           samples (default 1000, at most 50000)
  --seed <S>              seed of the samples and the reference subset (default 1)
  --json                  print JSON`;

export async function evalCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values, positionals } = parse('eval', argv, { metrics: { type: 'string' }, samples: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (positionals.length !== 1) throw new UsageError("gankit eval: give the run directory, e.g. 'gankit eval runs/mnist --metrics fid'");
  const dir = resolve(ctx.cwd, positionals[0]!);
  const record = readRunRecord(dir);
  if (!record) throw new UsageError(`gankit eval: '${dir}' holds no gankit run (no run.json)`);
  const n = intOption('samples', values.samples, 10, SIZE_LIMITS.samples) ?? 1000;
  const seed = intOption('seed', values.seed, 0) ?? 1;
  const names = listOption('metrics', values.metrics);
  await ctx.backend();
  return withRunPlugins('eval', dir, record, ctx.plugins, () => evaluateRun(dir, record, names, n, seed, values.json === true, out, ctx));
}

async function evaluateRun(dir: string, record: RunRecord, names: string[] | undefined, n: number, seed: number, json: boolean, out: Output, ctx: CommandContext): Promise<number> {
  const reference = await loadDataset(record.dataset, 0, 'test', record.dataOptions);
  const sampler = await loadRunSampler(dir, record, 'evaluated');
  try {
    const applicable = resolveMetrics(names, reference, samplerInfo(sampler), record.dataset);
    const { usable: chosen, skipped } = metricsForSampleSize(applicable, n, Math.min(n, reference.spec.size), names !== undefined, record.dataset);
    for (const [name, why] of Object.entries(skipped)) out.write(`${record.dataset}: '${name}' not computed (${why})\n`);
    if (chosen.length === 0) throw new UsageError(`gankit eval: no metric applies to dataset '${record.dataset}'`);
    const scores = await evaluate(sampler, reference.spec, reference, chosen, n, seed, ctx.signal);
    await writeFileAtomic(join(dir, 'eval-final.json'), JSON.stringify({ step: sampler.model.step, samples: n, seed, scores }, null, 2) + '\n');
    if (json) out.write(JSON.stringify(scores, null, 2) + '\n');
    else {
      out.write(`${record.variant} on ${record.dataset}, step ${sampler.model.step} (its newest checkpoint), ${n} samples\n`);
      for (const [name, v] of Object.entries(scores)) {
        const dir = metrics.get(name).direction === 'lower' ? 'lower is better' : 'higher is better';
        out.write(`  ${name.padEnd(18)} ${v.value.toPrecision(4)}${v.stderr !== undefined ? ` ± ${v.stderr.toPrecision(2)}` : ''}  (${dir})\n`);
        if (v.note) out.write(`  ${''.padEnd(18)} ${v.note}\n`);
      }
    }
  } finally {
    sampler.dispose();
  }
  return 0;
}
