import { describe, expect, it } from 'vitest';
import { JobPayloadError, QueueMessageError, QueueUrlError, UsageError } from '../errors.js';
import { parseQueueUrl } from './connection.js';
import { parseRunJob, parseRunResult, parseSweepInfo } from './messages.js';

const run = { id: 'vanilla--ring8--seed1', variant: 'vanilla', dataset: 'ring8', seed: 1, config: {}, budget: { steps: 10 }, metrics: ['modes'], samples: 100, evaluations: 2, batchSize: 64 };
const job = { format: 'gankit-bench-job', version: 1, sweep: 'abc', run };

describe('queue URLs', () => {
  it('reads host, port, database and credentials, and never shows the password', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6380/2')).toEqual({ display: 'redis://127.0.0.1:6380/2', options: { host: '127.0.0.1', port: 6380, db: 2 } });
    expect(parseQueueUrl('redis://box')).toMatchObject({ options: { host: 'box', port: 6379, db: 0 } });
    const secret = parseQueueUrl('rediss://me:s%40cret@box:7000');
    expect(secret.options).toMatchObject({ username: 'me', password: 's@cret', tls: {} });
    expect(secret.display).toBe('rediss://me:***@box:7000');
  });

  it.each([
    ['127.0.0.1:6379', "--queue '127.0.0.1:6379': not a URL; expected redis://host:port, e.g. redis://127.0.0.1:6379"],
    ['redis:/', "--queue 'redis:/': no host; expected redis://host:port"],
    ['not a url', "--queue 'not a url': not a URL; expected redis://host:port, e.g. redis://127.0.0.1:6379"],
    ['redis://h:6379/queue', "--queue 'redis://h:6379/queue': path '/queue' is not a database number; expected /0, /1, ... or nothing"],
    ['redis://h:6379/0?x=1', "--queue 'redis://h:6379/0?x=1': '?x=1' is not understood; expected nothing after the database number"],
  ])('refuses %s, saying what is wrong', (url, message) => {
    const error = (() => {
      try {
        parseQueueUrl(url);
      } catch (e) {
        return e;
      }
    })();
    expect(QueueUrlError.isInstance(error)).toBe(true);
    expect(UsageError.isInstance(error)).toBe(true); // exit code 2
    expect((error as Error).message).toBe(message);
  });
});

describe('job payloads', () => {
  it('accepts a planned run', () => {
    expect(parseRunJob(job, 'j1')).toEqual(job);
  });

  it.each([
    [null, "job 'j1': (the whole value): expected an object with format 'gankit-bench-job', found null"],
    [{ ...job, format: 'bull' }, `job 'j1': format: expected 'gankit-bench-job', found "bull"`],
    [{ ...job, version: 2 }, "job 'j1': version: expected 1 (written by another gankit version?), found 2"],
    [{ ...job, sweep: '../..' }, `job 'j1': sweep: expected a sweep id (letters, digits, '-', '_'), found "../.."`],
    [{ ...job, run: { ...run, id: '..' } }, `job 'j1': run.id: expected a folder name (letters, digits, '.', '-', '_'; not '.' or '..'), found ".."`],
    [{ ...job, run: { ...run, id: 'a/b' } }, `job 'j1': run.id: expected a folder name (letters, digits, '.', '-', '_'; not '.' or '..'), found "a/b"`],
    [{ ...job, run: { ...run, seed: -1 } }, "job 'j1': run.seed: expected an integer >= 0, found -1"],
    [{ ...job, run: { ...run, budget: {} } }, "job 'j1': run.budget: expected steps or seconds, found {}"],
    [{ ...job, run: { ...run, budget: { seconds: 0 } } }, "job 'j1': run.budget.seconds: expected a number > 0, found 0"],
    [{ ...job, run: { ...run, metrics: 'fid' } }, `job 'j1': run.metrics: expected an array of strings, found "fid"`],
    [{ ...job, run: { ...run, config: [] } }, "job 'j1': run.config: expected an object, found []"],
    [{ ...job, run: { ...run, skip: 'no' } }, `job 'j1': run.skip: expected nothing (a skipped run is never queued), found "no"`],
    // The command line's limits (SIZE_LIMITS), so that a job cannot keep a worker busy for hours (issue 31, item 7).
    [{ ...job, run: { ...run, samples: 1e8 } }, "job 'j1': run.samples: expected an integer from 1 to 50000, found 100000000"],
    [{ ...job, run: { ...run, evaluations: 1e6 } }, "job 'j1': run.evaluations: expected an integer from 1 to 100, found 1000000"],
    [{ ...job, run: { ...run, batchSize: 1e9 } }, "job 'j1': run.batchSize: expected an integer from 1 to 65536, found 1000000000"],
  ])('refuses bad job %#, naming the job and the field', (data, message) => {
    expect(() => parseRunJob(data, 'j1')).toThrow(message);
    try {
      parseRunJob(data, 'j1');
    } catch (error) {
      expect(JobPayloadError.isInstance(error)).toBe(true);
    }
  });
});

describe('results and sweep descriptions read back from Redis', () => {
  const summary = { id: 'r', variant: 'vanilla', dataset: 'ring8', seed: 1, status: 'done', steps: 10, trainSeconds: 1, samplesPerSecond: 640, scores: {}, evaluations: [], curve: [] };
  const result = { format: 'gankit-bench-result', version: 1, summary, worker: 'h:1', backend: 'wasm', seconds: 2, grid: 'iVBORw0KGgo=' };

  it('accepts what a worker returns and refuses anything else', () => {
    expect(parseRunResult(result, 'j')).toEqual(result);
    expect(() => parseRunResult({ ...result, summary: { ...summary, status: 'great' } }, 'j')).toThrow(
      `result of job 'j': summary.status: expected one of done, failed, stopped, skipped, running, found "great"`,
    );
    expect(() => parseRunResult({ ...result, grid: 'not base64!' }, 'j')).toThrow(`result of job 'j': grid: expected PNG bytes in base64, found "not base64!"`);
    expect(() => parseRunResult(undefined, 'j')).toThrow(QueueMessageError);
  });

  it('refuses a sweep description that is not JSON or not gankit', () => {
    expect(() => parseSweepInfo('{', 'gankit:sweeps abc')).toThrow(/^Redis gankit:sweeps abc: not valid JSON \(.*\); expected a gankit sweep description$/);
    expect(() => parseSweepInfo('{"format":"gankit-sweep","version":1,"id":"a","status":"paused"}', 'k')).toThrow(`Redis k: status: expected 'open' or 'cancelled', found "paused"`);
  });
});
