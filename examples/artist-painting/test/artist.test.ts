/**
 * The example as a user runs it (`node dist/artist.js`): a real process, its printed table, and its own
 * verdict. 2,500 steps (~30 s alone, a few minutes on a busy machine): the artist's paintings come within
 * 0.1 of sin(pi x) on average with D(real) near 0.5.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const script = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/artist.js');

function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

it('paints sin(pi x): the distance from the curve falls row by row and the run ends converged', { timeout: 600_000 }, async () => {
  expect(existsSync(script), `${script}: build the example first (turbo does)`).toBe(true);
  const r = await run(['--steps', '2500', '--every', '500', '--seed', '1']);
  expect(r.code, r.err).toBe(0);
  const rows = r.out.split('\n').filter((l) => /^\s+\d+\s/.test(l)).map((l) => l.trim().split(/\s+/).map(Number));
  expect(rows.map((row) => row[0])).toEqual([500, 1000, 1500, 2000, 2500]);
  const distances = rows.map((row) => row[3]!);
  expect(distances[4]!).toBeLessThan(distances[0]!);
  expect(r.out).toMatch(/\nconverged after 2500 steps in [\d.]+ s: mean \|G\(z\) - sin\(pi x\)\| = 0\.0\d+ \(target < 0\.1\)/);
});
