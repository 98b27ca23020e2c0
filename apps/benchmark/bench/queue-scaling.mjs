#!/usr/bin/env node
// Wall time of one 12-run sweep trained in-process (`gankit bench`) and through the queue with 1, 2
// and 3 local workers (`gankit bench --queue` + `gankit worker`), and the queue's overhead per job.
// A measurement, not a test: figures go into issue notes and docs/queue.md.
//
//   node apps/benchmark/bench/queue-scaling.mjs [--steps 300] [--workers 1,2,3] [--repeat 1]
//
// Needs the built app (pnpm build) and Debian's redis-server on PATH; starts its own Redis on a free
// port in a temporary folder. Workers are started and waiting before the clock starts, so their start-up
// (backend, datasets) is not counted; the submitter's start-up is counted, as in the local bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '300' }, workers: { type: 'string', default: '1,2,3' }, repeat: { type: 'string', default: '1' } } });
const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'gankit-queue-scaling-'));
const seeds = Array.from({ length: 12 }, (_, i) => i + 1).join(',');
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
  // When each run's result line arrived, for the steady-state time per run.
  const finishedAt = [];
  let partial = '';
  child.stdout.on('data', (d) => {
    out += d;
    const lines = (partial + d).split('\n');
    partial = lines.pop();
    for (const line of lines) if (/^(\[\d+\/\d+\] \S+: done|vanilla--ring8--seed\d+ done at step)/.test(line)) finishedAt.push(performance.now() / 1000);
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
  // Seconds per run between the first and the last run's end: start-up and the report left out.
  const t = r.finishedAt;
  const perRun = t.length > 1 ? (t.at(-1) - t[0]) / (t.length - 1) : NaN;
  return { seconds, out: r.out, perRun };
}

const port = await freePort();
const url = `redis://127.0.0.1:${port}`;
const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', work, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
while (!(await listening(port))) await new Promise((r) => setTimeout(r, 50));

let n = 0;
async function queued(args, workers) {
  const ws = Array.from({ length: workers }, () => run(['worker', '--queue', url], { wait: false }));
  for (const w of ws) while (!/waiting for runs/.test(w.out())) await new Promise((r) => setTimeout(r, 50));
  const out = join(work, `q${++n}`);
  const r = await timed(['bench', ...args(['--out', out, '--queue', url])]);
  for (const w of ws) w.child.kill('SIGTERM');
  await Promise.all(ws.map((w) => w.done));
  const id = /sweep (\w+):/.exec(r.out)[1];
  await run(['sweeps', 'remove', id, '--queue', url]); // the next measurement queues the same sweep afresh
  // What the workers spent inside jobs (training, evaluation, reading the run folder).
  const inJobs = [...r.out.matchAll(/ in ([\d.]+) s/g)].reduce((a, m) => a + Number(m[1]), 0);
  return { seconds: r.seconds, inJobs, perRun: r.perRun };
}

const fmt = (x) => x.toFixed(1).padStart(6);
console.log(`cores ${cpus().length}, load before ${loadavg().map((x) => x.toFixed(2)).join(' ')}; 12 runs of vanilla on ring8 (200 samples, 2 evaluations of modes,hq)`);
const steps = Number(values.steps);
const workerCounts = values.workers.split(',').map(Number);
try {
  for (let rep = 0; rep < Number(values.repeat); rep++) {
    const local = await timed(['bench', ...sweep(steps, ['--out', join(work, `local${++n}`)])]);
    console.log(`${steps} steps a run: local bench            ${fmt(local.seconds)} s  (${local.perRun.toFixed(2)} s a run)`);
    for (const w of workerCounts) {
      const q = await queued((extra) => sweep(steps, extra), w);
      console.log(`${steps} steps a run: queue, ${w} worker${w > 1 ? 's' : ' '}       ${fmt(q.seconds)} s  (speed-up ${(local.seconds / q.seconds).toFixed(2)}x; ${(q.perRun).toFixed(2)} s between results; ${(q.inJobs / 12).toFixed(2)} s inside each job)`);
    }
    // Overhead per job: runs so short that training is nothing, one worker, against the local bench.
    const tinyLocal = await timed(['bench', ...tinySweep(['--out', join(work, `local${++n}`)])]);
    const tiny = await queued(tinySweep, 1);
    const ms = (x) => `${(x * 1000).toFixed(0)} ms`;
    console.log(`1-step runs: local ${tinyLocal.seconds.toFixed(2)} s in all, ${ms(tinyLocal.perRun)} a run; queue with 1 worker ${tiny.seconds.toFixed(2)} s in all, ${ms(tiny.perRun)} a run, ${ms(tiny.inJobs / 12)} of it inside the job`);
    console.log(`queue overhead per job: ${ms(tiny.perRun - tinyLocal.perRun)} against a local run; ${ms(tiny.perRun - tiny.inJobs / 12)} outside the job's own work (taking it, returning the result)`);
  }
  console.log(`load after ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
} finally {
  redis.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
