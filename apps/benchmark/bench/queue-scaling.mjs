#!/usr/bin/env node
// Wall time of one 12-run sweep trained in-process (`gankit bench --parallel 1`), by a local parallel
// bench (one runner process per core), and through the queue with 1, 2 and 3 local workers (`gankit bench --queue` + `gankit worker`), and the queue's overhead per job.
// A measurement, not a test: figures go into issue notes and docs/queue.md.
//
//   node apps/benchmark/bench/queue-scaling.mjs [--steps 300] [--workers 1,2,3] [--repeat 1]
//
// Needs the built app (pnpm build) and Debian's redis-server on PATH; starts its own Redis on a free
// port in a temporary folder. Workers are started and waiting before the clock starts, so their start-up
// (backend, datasets) is not counted; the submitter's start-up is, as in the local bench.
//
// Overhead per job, from BullMQ's own timestamps of a 1-worker sweep of 1-step runs (so training is
// nothing): the gap between one job's end and the next one's start on the worker (taking a job), the
// part of a job's active time outside gankit's processor (returning the result), and gankit's
// processor time against the time a local bench spends on the same run.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '300' }, workers: { type: 'string', default: '1,2,3' }, repeat: { type: 'string', default: '1' } } });
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'gankit-queue-scaling-'));
const RUNS = 12;
const seeds = Array.from({ length: RUNS }, (_, i) => i + 1).join(',');
const sweep = (steps, extra = [], samples = 200, evaluations = 2) => ['--variants', 'vanilla', '--datasets', 'ring8', '--seeds', seeds, '--steps', String(steps), '--samples', String(samples), '--evaluations', String(evaluations), '--metrics', 'modes,hq', ...extra];
// Runs so short that training is nothing: what is left is the cost of a job.
const tinySweep = (extra) => sweep(1, extra, 10, 1);

const freePort = () =>
  new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
const listening = (port) => new Promise((ok) => connect(port, '127.0.0.1').once('connect', function () { this.destroy(); ok(true); }).once('error', () => ok(false)));

function run(args, { wait = true } = {}) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: work, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  // When each run of a local bench ended, for its time per run (start-up and report left out).
  const finishedAt = [];
  let partial = '';
  child.stdout.on('data', (d) => {
    out += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) if (/^vanilla--ring8--seed\d+ done at step/.test(line)) finishedAt.push(performance.now() / 1000);
  });
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise((ok) => child.on('close', (code) => ok({ code, out, finishedAt })));
  return wait ? done : { child, done, out: () => out };
}

async function timed(args) {
  const t0 = performance.now();
  const r = await run(args);
  const seconds = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`gankit ${args.join(' ')} exited with ${r.code}:\n${r.out}`);
  const t = r.finishedAt;
  return { seconds, out: r.out, perRun: t.length > 1 ? (t.at(-1) - t[0]) / (t.length - 1) : NaN };
}

const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
while (!(await listening(port))) await new Promise((r) => setTimeout(r, 50));
const queue = new Queue('bench-runs', { connection: { host: '127.0.0.1', port }, prefix: 'gankit' });

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
let n = 0;
async function queued(args, workers) {
  // Several workers on one machine run one wasm thread each, as a parallel local bench's runners do:
  // with the default (one thread per idle core) each would take every core, and their threads stall each other.
  const threads = workers > 1 ? ['--threads', '1'] : [];
  const ws = Array.from({ length: workers }, () => run([...threads, 'worker', '--queue', url], { wait: false }));
  for (const w of ws) while (!/waiting for runs/.test(w.out())) await new Promise((r) => setTimeout(r, 50));
  const r = await timed(['bench', ...args(['--out', join(work, `q${++n}`), '--queue', url])]);
  for (const w of ws) w.child.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.done));
  const id = /sweep (\w+):/.exec(r.out)[1];
  const jobs = (await queue.getJobs(['completed'])).filter((j) => j.name === id).sort((a, b) => a.processedOn - b.processedOn);
  await run(['sweeps', 'remove', id, '--queue', url]); // the next measurement queues the same sweep afresh
  const results = jobs.map((j) => j.returnvalue);
  // Per worker, in order: the gap between a job's end and the next one's start.
  const byWorker = new Map();
  for (const [i, j] of jobs.entries()) byWorker.set(results[i].worker, [...(byWorker.get(results[i].worker) ?? []), j]);
  const gaps = [...byWorker.values()].flatMap((js) => js.slice(1).map((j, i) => j.processedOn - js[i].finishedOn));
  return {
    seconds: r.seconds,
    inJob: mean(results.map((x) => x.seconds)),
    cpu: mean(results.map((x) => x.cpuSeconds ?? NaN)),
    takeMs: gaps.length ? mean(gaps) : NaN,
    returnMs: mean(jobs.map((j, i) => j.finishedOn - j.processedOn - results[i].seconds * 1000)),
  };
}

const f1 = (x) => x.toFixed(1).padStart(6);
const f2 = (x) => x.toFixed(2);
console.log(`cores ${cpus().length}, load before ${loadavg().map(f2).join(' ')}; ${RUNS} runs of vanilla on ring8 (200 samples, 2 evaluations of modes,hq)`);
const steps = Number(values.steps);
const workerCounts = values.workers.split(',').map(Number);
try {
  for (let rep = 0; rep < Number(values.repeat); rep++) {
    // The sequential local bench is the yardstick; the parallel one (one runner per core) beside it.
    const local = await timed(['bench', ...sweep(steps, ['--parallel', '1', '--out', join(work, `local${++n}`)])]);
    console.log(`${steps} steps a run, local bench:    ${f1(local.seconds)} s wall  (${f2(local.perRun)} s a run; one run at a time)`);
    const parallel = await timed(['bench', ...sweep(steps, ['--parallel', String(cpus().length), '--out', join(work, `local${++n}`)])]);
    console.log(`${steps} steps a run, local --parallel ${cpus().length}: ${f1(parallel.seconds)} s wall  (speed-up ${f2(local.seconds / parallel.seconds)}x)`);
    for (const w of workerCounts) {
      const q = await queued((extra) => sweep(steps, extra), w);
      console.log(
        `${steps} steps a run, ${w} worker${w > 1 ? 's' : ' '}:      ${f1(q.seconds)} s wall  (speed-up ${f2(local.seconds / q.seconds)}x; a job ${f2(q.inJob)} s wall, ${f2(q.cpu)} s CPU, ${f2(q.cpu / q.inJob)} cores)`,
      );
    }
    const tinyLocal = await timed(['bench', ...tinySweep(['--parallel', '1', '--out', join(work, `local${++n}`)])]);
    const tiny = await queued(tinySweep, 1);
    console.log(
      `queue overhead per job (1-step runs, 1 worker): taking a job ${tiny.takeMs.toFixed(0)} ms, returning its result ${tiny.returnMs.toFixed(0)} ms; ` +
        `gankit's processor ${(tiny.inJob * 1000).toFixed(0)} ms against ${(tinyLocal.perRun * 1000).toFixed(0)} ms a run in a local bench`,
    );
  }
  console.log(`load after ${loadavg().map(f2).join(' ')}`);
} finally {
  await queue.close();
  redis.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
