/**
 * README command 1, the main job (`gankit bench --quick`), end to end on a budget of a few steps: the same
 * code path (datasets, the variants each dataset takes, parallel runs, evaluations, floors and ceilings,
 * report, verdicts), so a broken bench or report cannot pass CI. Whether the GANs learn in the real budget
 * is measured by the main job itself and recorded in docs/metrics.md, not here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

let work: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-main-job-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  variant: string;
  dataset: string;
  status: string;
  steps: number;
  grid?: string;
  note?: string;
  scores: Record<string, { value: number }>;
}

it('the main job (bench --quick) on 3 steps a run: every dataset, its variants, a verdict each, the report', { timeout: 900_000 }, async () => {
  const out = join(work, 'bench-report');
  const r = await runGankit(['bench', '--quick', '--steps', '3', '--samples', '50', '--evaluations', '1', '--out', out], work, 900_000);
  expect(r.code, r.err).toBe(0);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { runs: Run[]; datasets: { name: string }[] };
  expect(results.datasets.map((d) => d.name)).toEqual(['mnist-embedded', 'ring8', 'grid25']);
  const trained = (dataset: string) => results.runs.filter((x) => x.dataset === dataset && x.status !== 'skipped').map((x) => x.variant).sort();
  // The four the project started with on MNIST, and every variant that takes points on both mixtures.
  expect(trained('mnist-embedded')).toEqual(['acgan', 'cgan', 'dcgan', 'infogan', 'vanilla', 'wgan-gp']);
  for (const mixture of ['ring8', 'grid25']) expect(trained(mixture)).toEqual(['acgan', 'bigan', 'cgan', 'sgan', 'vanilla', 'wgan', 'wgan-gp']);
  for (const run of results.runs.filter((x) => x.status !== 'skipped')) {
    expect(run.status, `${run.variant} on ${run.dataset}`).toBe('done');
    expect(run.steps).toBe(3);
    expect(existsSync(join(out, run.grid!)), `${run.variant} on ${run.dataset}: ${run.grid}`).toBe(true);
    const values = Object.values(run.scores).map((s) => s.value);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(Number.isFinite(v), `${run.variant} on ${run.dataset}: ${JSON.stringify(run.scores)}`).toBe(true);
  }
  const markdown = readFileSync(join(out, 'results.md'), 'utf8');
  for (const dataset of ['mnist-embedded', 'ring8', 'grid25']) {
    expect(markdown).toContain(`## ${dataset}\n`);
    expect(markdown).toMatch(new RegExp(`\\nVerdict on ${dataset}: \\S+ wins \\(by [a-z-]+`));
  }
  // Variants a dataset leaves out are named once with the reason, not listed as empty rows.
  expect(markdown).toMatch(/Not trained on mnist-embedded: bigan, sgan, wgan/);
  expect(markdown).not.toMatch(/\| bigan \(skipped\)/);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const dataset of ['mnist-embedded', 'ring8', 'grid25']) expect(html).toContain(dataset);
});
