/**
 * `gankit bench`: every selected variant on every selected dataset with the same budget, seeds and
 * metrics, then a report. Planned once ({@link planBench}); each run trained by {@link executeRun},
 * here in turn or by queue workers anywhere (`--queue`); the outcomes merged into one report
 * ({@link writeBenchReport}). Finished runs are reused and interrupted ones resumed, so a sweep can be
 * stopped and started again.
 * @module
 */
import { join } from 'node:path';
import { writeBenchReport, startReportDirectory } from '../bench/merge.js';
import { planBench, prepareMetrics, type BenchPlan } from '../bench/plan.js';
import { runInParallel } from '../bench/pool.js';
import { executeRun, skippedSummary, type RunOutcome } from '../bench/run.js';
import { intOption, parse } from '../args.js';
import { globalArgs, type CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { Output } from '../progress.js';
import { checkRedis, parseQueueUrl } from '../queue/connection.js';
import { collectSweep, submitSweep } from '../queue/submit.js';
import { SweepStore } from '../queue/sweeps.js';
import { idleCores } from '../setup.js';

export const benchHelp = `Usage: gankit bench [--quick] [options]

Trains every selected variant on every selected dataset with the same budget and seeds, evaluates them
with the same metrics, and writes a report directory: results.json, results.md, report.html (charts
and sample grids) and the PNG grids. Each dataset's table, charts and verdict show the floor (real
data against real data) and the ceiling (uniform noise against real data) of every metric, computed
as the evaluations are. Runs finished earlier are reused; interrupted ones continue.

With --queue, every run is queued as a job on Redis and trained by 'gankit worker' processes on any
machine; this command waits, printing progress, and writes the same report when every run is done.
Ctrl-C stops waiting and leaves the jobs queued: the same command later picks them up again.

Options:
  --quick                 the main job: mnist-embedded, ring8 and grid25, preset small, 1 seed, 500
                          samples, 5 evaluations; 100 s of training per run on mnist-embedded (vanilla,
                          dcgan, wgan-gp, cgan, acgan, infogan, and plug-ins) and 21 s per run on
                          each mixture (every variant that takes points)
  --variants <a,b,...>    variants to compare (default: every registered GAN; baselines and
                          image-to-image variants only when named)
  --datasets <x,y,...>    datasets (default: mnist-embedded,ring8,grid25); a folder (images:./photos)
                          is kept by its absolute path, and a finished run is reused only on the
                          data it was trained on
  --steps <N>             step budget per run; per dataset as dataset=N pairs, e.g.
                          --steps 3000,mnist-embedded=1500 (1500 there, 3000 on the others)
  --seconds <S>           training-seconds budget per run, per dataset the same way
  --seeds <1,2,...>       seeds (default 1)
  --metrics <m1,m2,...>   metrics (default: every metric that applies to the dataset)
  --samples <N>           samples per evaluation (default 1000; --quick 500; at most 50000)
  --evaluations <K>       evaluations per run, evenly spaced over the budget (default 6; --quick 5)
  --preset <name>         variant preset where a variant has it (default: none; --quick: small); one
                          that no selected variant has is refused
  --config <json|file>    config overrides applied to every variant
  --data-options <json>   options of every dataset, e.g. '{"size": 28}' to resize an images: folder
  --out <dir>             report directory (default ./bench-report)
  --parallel <N>          runs trained at once, each in its own process on one wasm thread (default:
                          one per idle core; 1 trains them one after another in this process, on
                          every idle core); the results do not depend on it
  --queue <redis://h:p>   queue the runs on this Redis (BullMQ) for 'gankit worker' processes to
                          train, instead of training them here; see also 'gankit sweeps'`;

/** Runs `gankit bench`; returns the exit code. */
export async function benchCommand(argv: string[], out: Output, ctx: CommandContext): Promise<number> {
  const { values } = parse('bench', argv, {
    quick: { type: 'boolean' },
    variants: { type: 'string' },
    datasets: { type: 'string' },
    steps: { type: 'string' },
    seconds: { type: 'string' },
    seeds: { type: 'string' },
    metrics: { type: 'string' },
    samples: { type: 'string' },
    evaluations: { type: 'string' },
    config: { type: 'string' },
    'data-options': { type: 'string' },
    preset: { type: 'string' },
    out: { type: 'string' },
    queue: { type: 'string' },
    parallel: { type: 'string' },
  });
  const parallel = intOption('parallel', values.parallel, 1, 64);
  if (parallel !== undefined && values.queue !== undefined) {
    throw new UsageError('gankit bench: --parallel is for a local bench; with --queue, start one \'gankit worker\' per core instead');
  }
  // A bad address is refused before the datasets load.
  const address = values.queue !== undefined ? parseQueueUrl(values.queue) : undefined;
  // The backend first: loading a dataset can run tensor ops (an image folder resized with --data-options).
  const backend = await ctx.backend();
  const plan = await planBench(values, ctx);
  if (address) return queuedBench(plan, address, out, ctx);
  // Feature networks (Inception-v3 downloads on first use) load now: offline, the error says what to
  // download and where to put it before anything is trained or written.
  await prepareMetrics(plan);
  await startReportDirectory(plan);
  for (const [dataset, skipped] of Object.entries(plan.skippedMetrics)) {
    for (const [name, why] of Object.entries(skipped)) out.write(`${dataset}: '${name}' not computed (${why})\n`);
  }
  const toTrain = plan.runs.filter((run) => run.skip === undefined);
  for (const run of plan.runs) if (run.skip !== undefined) out.write(`${run.id}: skipped (${run.skip})\n`);
  const processes = Math.min(toTrain.length, parallel ?? Math.max(1, Math.round(await idleCores())));
  const trained = new Map<string, RunOutcome>();
  let backends = [backend.name];
  const dirFor = (run: { id: string }) => join(plan.dir, 'runs', run.id);
  if (processes > 1) {
    // One wasm thread per runner unless --threads says otherwise: two one-thread runs use two cores
    // better than one two-thread run (docs/backends.md, "Threads").
    const globals = { ...ctx.globals, threads: ctx.globals.threads ?? 1 };
    out.write(`bench: ${toTrain.length} runs on ${processes} runner processes, ${globals.threads} wasm thread${globals.threads === 1 ? '' : 's'} each (--parallel sets how many)\n`);
    const result = await runInParallel(toTrain, { processes, globalArgs: globalArgs(globals), cwd: ctx.cwd, dirFor, signal: ctx.signal, out, err: ctx.err });
    result.outcomes.forEach((outcome, id) => trained.set(id, outcome));
    if (result.backends.length) backends = result.backends;
  } else {
    for (const run of toTrain) {
      if (ctx.signal.aborted) break;
      trained.set(run.id, await executeRun(run, { dir: dirFor(run), data: plan.data.get(run.dataset)!, backend: backend.name, signal: ctx.signal, out, plugins: ctx.plugins }));
    }
  }
  // Report order is plan order, whoever finished first; runs an interruption kept from starting are left out.
  const outcomes: RunOutcome[] = plan.runs.flatMap((run) => (run.skip !== undefined ? [{ summary: skippedSummary(run, run.skip) }] : trained.has(run.id) ? [trained.get(run.id)!] : []));
  const { markdown } = await writeBenchReport(plan, outcomes, { backend: backends.join(', '), signal: ctx.signal });
  out.write('\n' + markdown + `\nReport: ${join(plan.dir, 'report.html')}\n`);
  if (ctx.signal.aborted) {
    out.write('Interrupted: run the same command again to continue where it stopped.\n');
    return 130;
  }
  return 0;
}

/** `bench --queue`: the runs queued as one sweep, their outcomes collected, the same report written. */
async function queuedBench(plan: BenchPlan, address: ReturnType<typeof parseQueueUrl>, out: Output, ctx: CommandContext): Promise<number> {
  await checkRedis(address);
  const store = new SweepStore(address, ctx.err);
  try {
    const info = await submitSweep(plan, store, out);
    await startReportDirectory(plan);
    const collected = await collectSweep(plan, store, info, { signal: ctx.signal, out });
    if (!collected.finished) {
      out.write(
        `Stopped waiting with ${collected.done} of ${collected.total} runs finished. The sweep's jobs stay queued and workers go on: ` +
          `run the same command again to wait for them and write the report, or 'gankit sweeps cancel ${info.id} --queue ${address.display}' to stop them.\n`,
      );
      return 130;
    }
    // The floors and ceilings are computed here, as a local bench does, with this process's backend.
    const backend = await ctx.backend();
    const backends = collected.backends.length ? collected.backends.join(', ') : backend.name;
    const { markdown } = await writeBenchReport(plan, collected.outcomes, { backend: backends, signal: ctx.signal });
    out.write('\n' + markdown + `\nReport: ${join(plan.dir, 'report.html')}\n`);
    return ctx.signal.aborted ? 130 : 0;
  } finally {
    await store.close();
  }
}
