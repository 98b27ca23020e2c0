/**
 * Data of any shape through the real `gankit` command: points of 3 dimensions (a dataset registered
 * through the public API by a plug-in file) never break a report.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, runGankit } from './run-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const dist = (pkg: string) => pathToFileURL(resolve(here, `../../../packages/${pkg}/dist/index.js`)).href;
let work: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  work = mkdtempSync(join(tmpdir(), 'gankit-any-shape-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('points of any dimension', () => {
  it('a 3-D mixture trains, is scored by the mode metrics, and is drawn on the real data\'s principal plane', async () => {
    const plugin = join(work, 'cube8.mjs');
    writeFileSync(
      plugin,
      `import { DATASET_SPEC_VERSION, datasets } from ${JSON.stringify(dist('core'))};
       import { gaussianMixture } from ${JSON.stringify(dist('datasets'))};
       const corners = [];
       for (const a of [-0.5, 0.5]) for (const b of [-0.5, 0.5]) for (const c of [-0.5, 0.5]) corners.push([a, b, c]);
       datasets.register({ specVersion: DATASET_SPEC_VERSION, name: 'cube8', description: '8 Gaussians on the corners of a cube',
         async load(options) { return gaussianMixture({ modes: corners, sigma: 0.05, size: 1000, seed: options.split === 'test' ? 2 : 1 }); } });`,
    );
    const out = join(work, 'cube-report');
    const r = await runGankit(['--plugin', plugin, 'bench', '--variants', 'vanilla', '--datasets', 'cube8', '--steps', '20', '--samples', '100', '--evaluations', '1', '--out', out], work);
    expect(r.err).not.toMatch(/scatter plot needs/);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const [ds] = results.datasets;
    expect(ds.metrics).toEqual(expect.arrayContaining(['modes', 'hq', 'precision', 'recall']));
    expect(ds.view).toMatch(/^The scatter charts show 3-D points on the first two principal components of the real data \(\d+% and \d+% of its variance\)\.$/);
    expect(ds.bounds.floor.modes.value).toBe(8); // real points cover all 8 corners of the cube
    expect(ds.reference[0]).toHaveLength(2);
    const [run] = results.runs;
    expect(run.status).toBe('done');
    expect(run.points.length).toBeGreaterThan(0);
    expect(run.points[0]).toHaveLength(2);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(ds.view);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('<p class="view">The scatter charts show 3-D points');
    expect(existsSync(join(out, 'runs', run.id, 'samples', 'final.png'))).toBe(true);
  });
});
