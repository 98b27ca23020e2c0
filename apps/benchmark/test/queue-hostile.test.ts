/**
 * Hostile queue content against a real Redis (Debian's redis-server, started here) and a real worker
 * process (issue 31, items 7 and 13): jobs whose sizes would exhaust any worker fail once, with the
 * reason, and the worker lives on; a damaged entry in the sweeps index hides none of the others and
 * can be deleted.
 */
import { spawn } from 'node:child_process';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueTestBed } from './redis-server.js';
import { cli, runGankit } from './run-cli.js';

const bed = queueTestBed('gankit-queue-hostile-');
beforeAll(() => bed.setUp(cli));
afterAll(() => bed.tearDown());

const run = { id: 'vanilla--ring8--seed1', variant: 'vanilla', dataset: 'ring8', seed: 1, config: {}, budget: { steps: 10 }, metrics: ['modes'], samples: 100, evaluations: 1, batchSize: 64 };

async function until<T>(check: () => Promise<T | undefined>, what: string, ms = 180_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('jobs past the size limits (item 7)', () => {
  it('fail once each, naming the field and the limit, and the worker that took them lives on', async () => {
    const queue = new Queue('bench-runs', { connection: { host: '127.0.0.1', port: bed.redis.port }, prefix: 'gankit' });
    try {
      const data = (extra: Record<string, unknown>) => ({ format: 'gankit-bench-job', version: 1, sweep: 'hostile', run: { ...run, ...extra } });
      await queue.add('hostile', data({ dataOptions: { count: 1e9 } }), { jobId: 'hostile.count', attempts: 3 });
      await queue.add('hostile', data({ samples: 1e8 }), { jobId: 'hostile.samples', attempts: 3 });
      const child = spawn(process.execPath, [cli, 'worker', '--queue', bed.redis.url, '--stall-seconds', '4'], { cwd: bed.work, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
      bed.started.push(child);
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
      const failed = async (id: string) => {
        const job = await queue.getJob(id);
        return job && (await job.getState()) === 'failed' ? job : undefined;
      };
      const count = await until(() => failed('hostile.count'), `hostile.count to fail; worker output:\n${output}`);
      const samples = await until(() => failed('hostile.samples'), `hostile.samples to fail; worker output:\n${output}`);
      expect(count.attemptsMade).toBe(1);
      expect(count.failedReason).toMatch(/^ConfigError: Invalid options of dataset 'ring8':\n {2}- count: expected an integer from 1 to 10000, found 1000000000/);
      expect(samples.attemptsMade).toBe(1);
      expect(samples.failedReason).toBe("JobPayloadError: job 'hostile.samples': run.samples: expected an integer from 1 to 50000, found 100000000");
      expect(child.exitCode).toBeNull(); // alive, waiting for the next job
      expect(output).toMatch(/vanilla--ring8--seed1: failed, not retried: ConfigError/);
      child.kill('SIGTERM');
      expect(await new Promise((resolve) => child.on('close', resolve))).toBe(130);
    } finally {
      await queue.close();
    }
  }, 300_000);
});

describe('a damaged sweeps index (item 13)', () => {
  it('lists the readable sweeps, names the bad entries, and lets remove and cancel delete them', async () => {
    const client = new Redis({ host: '127.0.0.1', port: bed.redis.port, lazyConnect: true });
    await client.connect();
    try {
      const good = {
        format: 'gankit-sweep',
        version: 1,
        id: 'goodsweep',
        status: 'open',
        createdAt: '2026-01-01T00:00:00.000Z',
        submittedBy: 'host:1',
        manifest: { variants: ['vanilla'], datasets: ['ring8'], seeds: [1] },
        jobs: [],
      };
      await client.hset('gankit:sweeps', 'goodsweep', JSON.stringify(good), 'torn', '{"format":"gankit-sweep","vers', 'foreign', JSON.stringify({ ...good, format: 'other' }));
      const listed = await runGankit(['sweeps', 'list', '--queue', bed.redis.url], bed.work);
      expect(listed.code, listed.err).toBe(0);
      expect(listed.out).toMatch(/goodsweep {2}open .* vanilla on ring8, seeds 1: 0 runs \(no runs\)/);
      expect(listed.err).toMatch(/warning: sweep 'torn' cannot be read and is not listed: Redis gankit:sweeps torn: not valid JSON .*'gankit sweeps remove torn' deletes it/);
      expect(listed.err).toMatch(/warning: sweep 'foreign' cannot be read and is not listed: Redis gankit:sweeps foreign: format: expected 'gankit-sweep', found "other"/);

      const removed = await runGankit(['sweeps', 'remove', 'torn', '--queue', bed.redis.url], bed.work);
      expect(removed.code, removed.err).toBe(0);
      expect(removed.out).toMatch(/^sweep torn: its description cannot be read \(Redis gankit:sweeps torn: not valid JSON .*\); deleted it\n$/);
      const cancelled = await runGankit(['sweeps', 'cancel', 'foreign', '--queue', bed.redis.url], bed.work);
      expect(cancelled.code, cancelled.err).toBe(0);
      expect(await client.hkeys('gankit:sweeps')).toEqual(['goodsweep']);
      const after = await runGankit(['sweeps', 'list', '--queue', bed.redis.url], bed.work);
      expect(after.err).not.toMatch(/warning/);
      expect(after.out).toMatch(/goodsweep/);
    } finally {
      client.disconnect();
    }
  }, 120_000);
});
