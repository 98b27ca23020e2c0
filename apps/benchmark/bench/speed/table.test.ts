import { describe, expect, it } from 'vitest';
import type { GankitResult } from './gankit-run.js';
import { formatRate, markdownTable, rowCells } from './table.js';

const gankit: GankitResult = {
  workload: 'dcgan-standard', threads: 2, warmup: 2, steps: 12, msPerStep: 1000, stepsPerSecond: 1,
  flopsPerStep: 38.4e9, parameters: 2_543_809, tensorsGrew: 0, profileSteps: 6,
  profile: { samples: 100, wasm: 0.9, js: 0.08, gc: 0.02, program: 0, outside: 0.1, jsBySource: {}, top: [] },
};

describe('rowCells', () => {
  it('gives ratios against PyTorch at the same threads and at its best, images/s beside steps/s', () => {
    const cells = rowCells({
      workload: 'dcgan-standard', title: 'standard DCGAN', threads: 2, imagesPerStep: 64, gankit,
      torch: { threads: 2, stepsPerSecond: 0.5 }, torchBest: { threads: 1, stepsPerSecond: 2 }, notes: [],
    });
    expect(cells.slice(1)).toEqual(['2', '1.00 (64.0 img/s)', '0.500 (32.0 img/s)', '2.00x', '2.00 (128.0 img/s) (1)', '0.50x', '38.40 / 19.20', '10%', '']);
  });

  it('prints no ratio without a PyTorch figure, and the reason', () => {
    const note = 'refused: PyTorch would run on the reference BLAS (/usr/lib/x86_64-linux-gnu/blas/libblas.so.3); apt-get install -y libopenblas0-pthread';
    const table = markdownTable([{ workload: 'mlp-points', title: '2-D MLP GAN', threads: 1, gankit, notes: [note] }]);
    const row = table.split('\n')[2]!;
    expect(row).toContain(note);
    expect(row).not.toMatch(/\dx \|/);
  });
});

describe('formatRate', () => {
  it('keeps three significant digits, one decimal from 100 up', () => {
    expect([formatRate(195.24), formatRate(13.84), formatRate(0.8523), formatRate(undefined)]).toEqual(['195.2', '13.8', '0.852', '-']);
  });
});
