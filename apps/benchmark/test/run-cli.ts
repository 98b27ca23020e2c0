/**
 * Runs the built `gankit` command as a child process without blocking the test worker: spawnSync would
 * stop the worker's event loop for the whole run, and on a busy machine vitest's RPC then times out
 * ("Timeout calling onTaskUpdate").
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built command. */
export const cli = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');

/** What a finished command left. */
export interface CliResult {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `gankit ...args` in `cwd` to completion (killed after `timeoutMs`), with `env` added to this process's environment. */
export function runGankit(args: string[], cwd: string, timeoutMs = 240_000, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, CI: 'true', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out, err });
    });
  });
}

/** Starts `gankit ...args` in `cwd` and returns the child at once (to be stopped or waited on by the test). */
export function startGankit(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Polls `check` until it holds; throws naming `what` after `ms`. */
export async function waitFor(check: () => boolean, what: string, ms = 120_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The steps of a run folder's log.jsonl, in order. */
export function logSteps(dir: string): number[] {
  return readFileSync(join(dir, 'log.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { step: number }).step);
}
