/**
 * `floors.json` (shipped, see `floorsPath()`) against the metrics as they are now: the rows that are cheap
 * to compute are recomputed here exactly as `scripts/floors.ts` computes them, so a change to a metric,
 * the classifier or a dataset that moves a floor fails until `pnpm --filter @gankit/metrics floors` is run
 * again; and the README's floor tables are checked to show the file's numbers.
 */
import { datasets, metrics, Rng, type DataSpec, type SampleSet } from '@gankit/core';
import '@gankit/datasets';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { embeddedDigits } from '../scripts/data.js';
import './index.js';
import { floorsPath } from './node/index.js';

interface Row {
  what: string;
  generated: number;
  [metric: string]: unknown;
}
const floors = JSON.parse(readFileSync(floorsPath(), 'utf8')) as { seed: number; digits: Row[]; ceilings: Row[]; digitsSingle: Row[]; mixtures: Row[] };
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const valueOf = (row: Row, metric: string) => (row[metric] as { value: number }).value;

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('floors.json', () => {
  it('has the rows the README describes, each metric a finite value', () => {
    expect(floors.digits).toHaveLength(2);
    expect(floors.ceilings).toHaveLength(1);
    expect(floors.digitsSingle.map((r) => r.generated)).toEqual([2000, 10000]);
    expect(floors.mixtures.map((r) => r.what.split(':')[0])).toEqual(['ring8', 'grid25']);
    for (const row of [...floors.digits, ...floors.ceilings, ...floors.digitsSingle, ...floors.mixtures]) {
      for (const [key, v] of Object.entries(row)) if (typeof v === 'object') expect(Number.isFinite((v as { value: number }).value), `${row.what}: ${key}`).toBe(true);
    }
  });

  it("is what the README's tables show", () => {
    const shown = (x: number, digits: number) => x.toFixed(digits);
    const [halves, bench] = floors.digits as [Row, Row];
    expect(readme).toContain(`| embedded digits, two random halves (5,000 vs 5,000) | ${shown(valueOf(halves, 'fid'), 2)} | ${shown(valueOf(halves, 'fid-logits'), 2)} |`);
    expect(readme).toContain(`| benchmark setting: 2,000 training digits vs the 2,000 held-out test digits | ${shown(valueOf(bench, 'fid'), 2)} | ${shown(valueOf(bench, 'fid-logits'), 2)} |`);
    const ceiling = floors.ceilings[0]!;
    expect(readme).toContain(`| noise ceiling: 2,000 uniform-noise images vs the 2,000 held-out digits | ${Math.round(valueOf(ceiling, 'fid'))} | ${Math.round(valueOf(ceiling, 'fid-logits'))} |`);
    const [heldOut, all] = floors.digitsSingle as [Row, Row];
    expect(readme).toContain(`| held-out test digits (2,000) with their true labels | ${shown(valueOf(heldOut, 'classifier-score'), 2)} ± `);
    expect(readme).toContain(`| all 10,000 embedded digits (80% seen in training) | ${shown(valueOf(all, 'classifier-score'), 2)} ± `);
  });

  it('holds the held-out digits\' classifier score and label accuracy, and the mixtures\' rows, as the metrics compute them now', async () => {
    const seed = floors.seed;
    const rounded = (x: number) => Number(x.toPrecision(4));
    const test = await embeddedDigits('test');
    const mnist: DataSpec = { shape: [28, 28, 1], kind: 'image', size: 0, numClasses: 10, classNames: [...'0123456789'] };
    const digits: SampleSet = { x: test.x, n: test.n, labels: test.labels };
    const heldOut = floors.digitsSingle[0]!;
    for (const name of ['classifier-score', 'label-accuracy']) {
      const v = await metrics.get(name).compute({ spec: mnist, generated: digits, reference: digits, seed });
      expect(rounded(v.value), name).toBeCloseTo(valueOf(heldOut, name), 3);
    }
    for (const row of floors.mixtures) {
      const name = row.what.split(':')[0]!;
      const source = await datasets.get(name).load({ size: 2500 }, { rng: new Rng(seed) });
      const reference = await datasets.get(name).load({ size: 2500, split: 'test' }, { rng: new Rng(seed) });
      const rows = (s: typeof source): SampleSet => ({ x: s.rows(Uint32Array.from({ length: 2500 }, (_, i) => i)).x, n: 2500 });
      for (const metric of ['modes', 'hq', 'precision', 'recall', 'density', 'coverage']) {
        const v = await metrics.get(metric).compute({ spec: source.spec, generated: rows(source), reference: rows(reference), seed });
        expect(rounded(v.value), `${name}: ${metric}`).toBeCloseTo(valueOf(row, metric), 3);
      }
    }
  }, 120_000);
});
