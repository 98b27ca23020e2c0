/**
 * The report's reading aids on results built by hand: the winner of a dataset and what decided it,
 * every variant's share of the way from noise to the floor, and a table that fits the page (the
 * secondary metrics in a second Markdown table, hidden behind checkboxes in the HTML).
 */
import '@gankit/metrics';
import { describe, expect, it } from 'vitest';
import { htmlReport, markdownReport, verdict, splitColumns, winner, type BenchResults, type RunSummary } from '../src/report.js';

const MNIST_METRICS = ['fid', 'fid-logits', 'kid', 'classifier-score', 'precision', 'recall', 'coverage', 'density', 'label-accuracy', 'class-accuracy'];

function run(variant: string, dataset: string, scores: Record<string, number>, status: RunSummary['status'] = 'done', note?: string): RunSummary {
  return {
    id: `${variant}--${dataset}--seed1`,
    variant,
    dataset,
    seed: 1,
    status,
    steps: 100,
    trainSeconds: 10,
    samplesPerSecond: 640,
    scores: Object.fromEntries(Object.entries(scores).map(([k, value]) => [k, { value }])),
    evaluations: [],
    curve: [],
    ...(note ? { note } : {}),
  };
}

function results(): BenchResults {
  const bounds = (floor: Record<string, number>, ceiling: Record<string, number>) => ({
    samples: 500,
    floor: Object.fromEntries(Object.entries(floor).map(([k, value]) => [k, { value }])),
    ceiling: Object.fromEntries(Object.entries(ceiling).map(([k, value]) => [k, { value }])),
  });
  const mnist = (fid: number) => Object.fromEntries(MNIST_METRICS.map((m) => [m, m === 'fid' ? fid : 0.5]));
  return {
    format: 'gankit-bench-results',
    version: 1,
    createdAt: '2026-12-06T00:00:00Z',
    backend: 'wasm',
    budget: {},
    datasetBudgets: { 'mnist-embedded': { seconds: 100 }, ring8: { seconds: 18 } },
    seeds: [1],
    datasets: [
      { name: 'mnist-embedded', metrics: MNIST_METRICS, bounds: bounds({ fid: 16 }, { fid: 640 }) },
      { name: 'ring8', metrics: ['modes', 'hq'], bounds: bounds({ modes: 8, hq: 1 }, { modes: 0, hq: 0 }) },
    ],
    runs: [
      run('dcgan', 'mnist-embedded', mnist(328)),
      run('acgan', 'mnist-embedded', mnist(172)),
      run('wgan', 'mnist-embedded', {}, 'skipped', 'not in the quick bench'),
      run('bigan', 'mnist-embedded', {}, 'skipped', 'not in the quick bench'),
      run('dcgan', 'ring8', {}, 'skipped', 'expected images'),
      // ring8: two variants tie on modes, so hq decides
      run('vanilla', 'ring8', { modes: 8, hq: 0.8 }),
      run('cgan', 'ring8', { modes: 8, hq: 0.9 }),
      run('sgan', 'ring8', { modes: 5, hq: 0.95 }),
    ],
  };
}

describe('the verdict', () => {
  it('names the winner by the first headline metric, and the next ones only when it ties', () => {
    expect(winner(results(), 'mnist-embedded')).toEqual({ variant: 'acgan', by: ['fid'] });
    expect(winner(results(), 'ring8')).toEqual({ variant: 'cgan', by: ['modes', 'hq'] });
  });

  it("says each variant's share of the way from noise to the floor on the deciding metric", () => {
    const markdown = markdownReport(results());
    // (172 - 640) / (16 - 640) = 75%, (328 - 640) / (16 - 640) = 50%
    expect(markdown).toContain("Verdict on mnist-embedded: acgan wins (by fid); best fid: acgan 172 (floor 16, ceiling 640; 75% of the way from noise to the floor)");
    expect(markdown).toContain("Each variant's fid, as the share of the way from noise (0%) to the floor (100%): acgan 75%, dcgan 50%.");
    expect(markdown).toContain("Verdict on ring8: cgan wins (by modes, then hq);");
    expect(markdown).toContain("Each variant's hq, as the share of the way from noise (0%) to the floor (100%): sgan 95%, cgan 90%, vanilla 80%.");
    expect(markdown).toContain('Budget per run: 100 s of training on mnist-embedded, 18 s of training on ring8;');
  });
});

describe('variants that were not trained', () => {
  it('stay out of the tables and are named once per reason under the verdict', () => {
    const markdown = markdownReport(results());
    expect(markdown).not.toMatch(/\| (wgan|bigan) \(skipped\)/);
    expect(markdown).not.toMatch(/\| dcgan \(skipped\)/);
    expect(markdown).toContain('Not trained on mnist-embedded: wgan, bigan (not in the quick bench).');
    expect(markdown).toContain('Not trained on ring8: dcgan (expected images).');
    expect(markdown).not.toContain('- wgan (skipped)');
    const html = htmlReport(results(), '/nonexistent');
    expect(html).toContain('Not trained on ring8: dcgan (expected images).');
    expect(html).not.toMatch(/<td>wgan <small/);
  });

  it('make a verdict that says so when none was trained on a dataset', () => {
    const r = results();
    r.datasets.push({ name: 'grid25', metrics: [] });
    r.runs.push(run('vanilla', 'grid25', {}, 'skipped', "loss: expected 'minimax' or 'non-saturating'"));
    expect(verdict(r, 'grid25')).toBe('Verdict on grid25: no variant finished training here, so there is nothing to compare.');
  });
});

describe('a table that fits the page', () => {
  it('moves the secondary metrics to a second table when a dataset has more than nine', () => {
    expect(splitColumns(['modes', 'hq'])).toEqual({ main: ['modes', 'hq'], more: [] });
    expect(splitColumns(MNIST_METRICS)).toEqual({
      main: ['fid', 'classifier-score', 'precision', 'recall', 'label-accuracy', 'class-accuracy'],
      more: ['fid-logits', 'kid', 'coverage', 'density'],
    });
    const markdown = markdownReport(results());
    const header = (line: string) => line.split('|').length - 2;
    const lines = markdown.split('\n');
    const first = lines.find((l) => l.startsWith('| variant | steps |') && l.includes('fid ↓'))!;
    expect(header(first)).toBe(3 + 6);
    expect(first).not.toMatch(/kid|density/);
    const moreAt = lines.indexOf('More metrics on mnist-embedded:');
    expect(moreAt).toBeGreaterThan(0);
    expect(lines[moreAt + 2]).toBe('| variant | fid-logits ↓ | kid ↓ | coverage ↑ | density ↑ |');
    expect(markdown).not.toContain('More metrics on ring8');
  });

  it('gives the HTML table a checkbox per metric, the secondary ones unticked and their cells hidden', () => {
    const html = htmlReport(results(), '/nonexistent');
    for (const m of MNIST_METRICS) {
      const secondary = ['fid-logits', 'kid', 'coverage', 'density'].includes(m);
      expect(html).toContain(`<input type="checkbox" data-pick="${m}"${secondary ? '' : ' checked'}>`);
      expect(html).toContain(`<th data-col="${m}"${secondary ? ' hidden' : ''}>`);
    }
    expect(html).toMatch(/querySelectorAll\('input\[data-pick\]'\)/);
  });
});
