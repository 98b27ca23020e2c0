/**
 * `gankit bench --queue` against a real Redis (Debian's redis-server, started here) with workers as
 * separate processes: a worker killed mid-job, a Redis restart, a bad job, a stopped submitter, and the
 * merged report checked against a local bench of the same sweep.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';
import { findRedisServer, TestRedis } from './redis-server.js';

const lsgan = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/lsgan/dist/index.js');
let work: string;
let redis: TestRedis;
const started: ChildProcess[] = [];

/** A gankit process running in the background, its output collected. */
interface Running {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
  /** Resolves when stdout + stderr match `pattern`. */
  waitFor(pattern: RegExp, what: string, ms?: number): Promise<RegExpMatchArray>;
}

function start(args: string[], env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [cli, ...args], { cwd: work, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let text = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (text += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (text += d));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    out: () => text,
    exit,
    waitFor: (pattern, what, ms = 90_000) => waitFor(() => text.match(pattern) ?? undefined, `${what}; output so far:\n${text}`, ms),
  };
}

async function waitFor<T>(check: () => T | undefined, what: string, ms = 90_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function results(dir: string) {
  return JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
    backend: string;
    runs: Array<{ id: string; status: string; steps: number; note?: string; scores: unknown; evaluations: Array<{ step: number; scores: unknown }>; curve: unknown; points?: unknown; grid?: string }>;
    datasets: unknown;
  };
}

/** Everything of a report that training and evaluation decide (timings and dates left out). */
function metricsOf(dir: string) {
  const r = results(dir);
  return {
    runs: r.runs.map((x) => ({ id: x.id, status: x.status, steps: x.steps, scores: x.scores, evaluations: x.evaluations.map((e) => [e.step, e.scores]), curve: x.curve, points: x.points, grid: x.grid })),
    datasets: r.datasets,
  };
}

const steps = (dir: string) => readFileSync(join(dir, 'log.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { step: number }).step);

beforeAll(async () => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  const binary = findRedisServer();
  if (!binary) throw new Error('redis-server is not installed: apt-get install redis-server (.ci/run does it)');
  work = mkdtempSync(join(tmpdir(), 'gankit-queue-'));
  mkdirSync(join(work, 'redis'));
  redis = await TestRedis.start(binary, join(work, 'redis'));
});

afterAll(async () => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await redis?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

// A killed worker's job is taken over after this long without a sign of life. A live worker signs between
// steps (the trainer yields after each); 10 s leaves a busy machine's slowest step, evaluation or
// checkpoint far inside it, where 4 s did not (a takeover of a live worker's job breaks the attempt counts).
const STALL_SECONDS = '10';

const sweep = ['--variants', 'vanilla', '--datasets', 'ring8', '--seeds', '1,2,3', '--steps', '200', '--samples', '100', '--evaluations', '2', '--metrics', 'modes,hq'];

describe('gankit bench --queue', () => {
  it('two workers, one killed mid-job: the job is taken over and continues from its checkpoint in --store, and the merged report equals a local bench', async () => {
    const local = await runGankit(['bench', ...sweep, '--out', join(work, 'local')], work);
    expect(local.code, local.err).toBe(0);

    const store = join(work, 'store');
    const worker = () => start(['worker', '--queue', redis.url, '--store', store, '--checkpoint-every', '40', '--stall-seconds', STALL_SECONDS]);
    const w1 = worker();
    const w2 = worker();
    const submitter = start(['bench', ...sweep, '--out', join(work, 'queued'), '--queue', redis.url]);
    // Kill w1 once its first run has a checkpoint.
    const [, run, id] = await w1.waitFor(/(vanilla--ring8--seed\d) \(sweep (\w+)\): taken by/, 'w1 to take a run');
    const checkpoints = join(store, id!, run!, 'checkpoints');
    await waitFor(() => existsSync(checkpoints) && readdirSync(checkpoints).some((n) => /^step-\d+$/.test(n)), `a checkpoint in ${checkpoints}`);
    w1.child.kill('SIGKILL');

    expect(await submitter.exit, submitter.out()).toBe(0);
    const out = submitter.out();
    expect(out).toMatch(new RegExp(`\\[\\d/3\\] ${run}: done at step 200 on \\S+ in [\\d.]+ s \\(resumed from step \\d+\\)`));
    expect(out).toMatch(new RegExp(`${run}: active \\(attempt 2, taken over after 1 lost worker\\)`));
    expect(w2.out()).toMatch(new RegExp(`${run} \\(sweep ${id}\\): taken by \\S+, attempt 2, continuing from step \\d+`));
    // Nothing counted twice: one row per run, and the resumed run's log holds every step once.
    expect(results(join(work, 'queued')).runs.map((r) => r.id)).toEqual(['vanilla--ring8--seed1', 'vanilla--ring8--seed2', 'vanilla--ring8--seed3']);
    expect(steps(join(store, id!, run!))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // Same seeds, same backend: the same metrics, curves, points and grids as the local bench.
    expect(metricsOf(join(work, 'queued'))).toEqual(metricsOf(join(work, 'local')));
    for (const r of results(join(work, 'local')).runs) {
      expect(readFileSync(join(work, 'queued', r.grid!)).equals(readFileSync(join(work, 'local', r.grid!)))).toBe(true);
    }
    w2.child.kill('SIGTERM');
    expect(await w2.exit).toBe(130);
  }, 300_000);

  it('without a store a retried job starts over; a bad job fails once; Redis restarts; a stopped submitter leaves its jobs queued', async () => {
    const args = ['--plugin', lsgan, 'bench', '--variants', 'vanilla,lsgan', '--datasets', 'ring8', '--steps', '300', '--samples', '100', '--evaluations', '1', '--metrics', 'modes', '--out', join(work, 'q2'), '--queue', redis.url];
    // Ctrl-C while waiting: the jobs stay queued.
    const first = start(args);
    const [, id] = await first.waitFor(/sweep (\w+): 2 runs on \S+ queued/, 'the runs to be queued');
    first.child.kill('SIGINT');
    expect(await first.exit).toBe(130);
    expect(first.out()).toMatch(/Stopped waiting with 0 of 2 runs finished\. The sweep's jobs stay queued/);
    const listed = await runGankit(['sweeps', 'list', '--queue', redis.url], work);
    expect(listed.out).toMatch(new RegExp(`${id}  open .* vanilla,lsgan on ring8, seeds 1: 2 runs \\(2 waiting\\)`));

    // A job another program put on the queue fails once, naming what is wrong.
    const queue = new Queue('bench-runs', { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'gankit' });
    await queue.add('foreign', { format: 'gankit-bench-job', version: 1, sweep: 'x', run: { id: 'r', variant: 'vanilla', dataset: 'ring8', seed: 'one' } }, { jobId: 'foreign-1', attempts: 3 });

    // A worker without --store (and without the lsgan plug-in) is killed mid-run.
    const tmp = join(work, 'tmp-w3');
    mkdirSync(tmp);
    const w3 = start(['worker', '--queue', redis.url, '--checkpoint-every', '40', '--stall-seconds', STALL_SECONDS], { TMPDIR: tmp });
    await w3.waitFor(/vanilla--ring8--seed1 \(sweep \w+\): taken by \S+, attempt 1, starting/, 'w3 to take the vanilla run');
    await waitFor(() => readdirSync(tmp).some((d) => existsSync(join(tmp, d, 'checkpoints', 'step-00000040'))), 'a checkpoint of w3');
    w3.child.kill('SIGKILL');

    // The same bench command finds its sweep, another worker takes the run over, and Redis restarts
    // while both work (the bench command connects first: on a busy machine it loads for a while).
    const second = start(args);
    await second.waitFor(/sweep \w+: 2 runs on \S+ \(0 queued now/, 'the bench command to find its sweep');
    const w4 = start(['worker', '--queue', redis.url, '--checkpoint-every', '40', '--stall-seconds', STALL_SECONDS]);
    await w4.waitFor(/vanilla--ring8--seed1 \(sweep \w+\): taken by \S+, attempt 2, starting over \(no --store to continue from\)/, 'w4 to take the run over');
    await redis.restart();
    expect(await second.exit, second.out()).toBe(0);
    const out = second.out();
    expect(out).toContain('(0 queued now, 2 queued or finished earlier)');
    expect(out).toMatch(/\[\d\/2\] vanilla--ring8--seed1: done at step 300 on \S+ in [\d.]+ s\n/); // started over: not "resumed"
    expect(out).toMatch(/\[\d\/2\] lsgan--ring8--seed1: failed after 1 attempt: NotRegisteredError: No variant named 'lsgan'\. Registered: .*vanilla/);
    expect(out).toMatch(/lost the connection to Redis[\s\S]*reconnected to Redis/);
    expect(w4.out()).toMatch(/lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+ .*reconnecting[\s\S]*reconnected to Redis/);
    const byId = Object.fromEntries(results(join(work, 'q2')).runs.map((r) => [r.id, r]));
    expect(byId['vanilla--ring8--seed1']).toMatchObject({ status: 'done', steps: 300 });
    expect(byId['lsgan--ring8--seed1']).toMatchObject({ status: 'failed', steps: 0, note: expect.stringMatching(/^NotRegisteredError: No variant named 'lsgan'/) });
    expect(readFileSync(join(work, 'q2', 'results.md'), 'utf8')).toMatch(/lsgan/);
    const foreign = await queue.getJob('foreign-1');
    expect(await foreign!.getState()).toBe('failed');
    expect(foreign!.attemptsMade).toBe(1);
    expect(foreign!.failedReason).toBe(`JobPayloadError: job 'foreign-1': run.seed: expected an integer >= 0, found "one"`);
    await queue.close();
    w4.child.kill('SIGTERM');
    await w4.exit;

    // Cancel a sweep nobody works on: its waiting runs leave the queue.
    const third = start([...args.slice(0, -4), '--seeds', '7', '--out', join(work, 'q3'), '--queue', redis.url]);
    const [, id3] = await third.waitFor(/sweep (\w+): 2 runs on \S+ queued/, 'the third sweep to be queued');
    third.child.kill('SIGINT');
    await third.exit;
    const cancel = await runGankit(['sweeps', 'cancel', id3!, '--queue', redis.url], work);
    expect(cancel.out).toBe(`sweep ${id3} cancelled: 2 waiting runs removed; running ones stop within seconds\n`);
    const after = await runGankit(['sweeps', 'list', '--queue', redis.url], work);
    expect(after.out).toMatch(new RegExp(`${id3}  cancelled .*: 2 runs \\(2 missing\\)`));
    expect(after.out).toMatch(new RegExp(`${id}  open .*: 2 runs \\(1 completed, 1 failed\\)`));
    const unknown = await runGankit(['sweeps', 'cancel', 'nope', '--queue', redis.url], work);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(new RegExp(`no sweep 'nope' on redis://127\\.0\\.0\\.1:\\d+\\. Sweeps: .*${id3}`));
  }, 300_000);

  it('refuses a bad queue address before loading anything, and says when Redis is not there', async () => {
    const bad = await runGankit(['bench', '--steps', '2', '--queue', 'http://127.0.0.1:6379'], work);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("error: --queue 'http://127.0.0.1:6379': scheme 'http' is not supported; expected redis:// (or rediss:// for TLS)\n");
    const down = await runGankit(['worker', '--queue', 'redis://127.0.0.1:1'], work);
    expect(down.code).toBe(1);
    expect(down.err).toMatch(/QueueConnectionError: redis:\/\/127\.0\.0\.1:1: cannot reach Redis \(ECONNREFUSED\)/);
  });
});
