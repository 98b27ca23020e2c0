/**
 * Runs a PyTorch reference script on a number of threads and reads the JSON line it prints.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { torchThreadEnv } from '../../../../packages/backend-wasm/bench/torch-blas.js';
import type { RunReference } from './workloads.js';

/**
 * A {@link RunReference} for `script` on `python` with `--threads threads`, torch's BLAS pool fixed to
 * the same count (torchThreadEnv). Throws an error naming the command and the end of its stderr when
 * the script is missing, fails or prints no JSON.
 */
export function referenceRunner(python: string, script: string, threads: number): RunReference {
  return (args) => {
    if (!existsSync(script)) throw new Error(`PyTorch reference '${script}' not found`);
    const argv = [script, ...args, '--threads', String(threads)];
    const r = spawnSync(python, argv, { encoding: 'utf8', env: torchThreadEnv(threads), maxBuffer: 1 << 26 });
    const line = (r.stdout ?? '').split('\n').reverse().find((l) => l.startsWith('{'));
    if (r.status !== 0 || line === undefined) {
      const tail = (r.stderr ?? r.error?.message ?? '').trim().split('\n').slice(-3).join(' | ');
      throw new Error(`${python} ${argv.join(' ')} failed (exit ${String(r.status)}): ${tail || 'no JSON line printed'}`);
    }
    return JSON.parse(line) as Record<string, unknown>;
  };
}
