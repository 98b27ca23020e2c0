import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { describeProjection, principalPlane, projectPoints } from './projection.js';
import { scatterPlot } from './sample-images.js';

describe('principalPlane and projectPoints', () => {
  it('finds the two directions of largest spread of 3-D points, worked out by hand', () => {
    // Points spread 2 along (1, 1, 0)/sqrt2, 1 along z, nothing along (1, -1, 0): the plane is those two axes.
    const s = Math.SQRT1_2;
    const rows = [
      [2 * s, 2 * s, 0],
      [-2 * s, -2 * s, 0],
      [0, 0, 1],
      [0, 0, -1],
    ].map(([x, y, z]) => [x! + 1, y! + 2, z! + 3]); // shifted: the mean is removed
    const plane = principalPlane(rows.flat(), 4, 3);
    expect(plane.method).toBe('pca');
    expect(plane.mean.map((v) => Number(v.toFixed(12)))).toEqual([1, 2, 3]);
    expect(plane.axes[0].map((v) => Number(v.toFixed(6)))).toEqual([Number(s.toFixed(6)), Number(s.toFixed(6)), 0]);
    expect(plane.axes[1].map((v) => Math.abs(Number(v.toFixed(6))))).toEqual([0, 0, 1]);
    // variances 8/3 and 2/3 of a total 10/3
    expect(plane.explained[0]).toBeCloseTo(0.8, 6);
    expect(plane.explained[1]).toBeCloseTo(0.2, 6);
    const flat = projectPoints(rows.flat(), 4, plane);
    expect(flat[0]).toBeCloseTo(2, 5);
    expect(flat[1]).toBeCloseTo(0, 5);
    expect(Math.abs(flat[5]!)).toBeCloseTo(1, 5);
    expect(describeProjection(plane, 'the real data')).toBe('3-D points on the first two principal components of the real data (80% and 20% of its variance)');
  });

  it('keeps 2-D points as they are and draws 1-D points on the x axis', () => {
    expect(principalPlane([0, 1, 2, 3], 2, 2).method).toBe('identity');
    const pad = principalPlane([0.5, -0.5], 2, 1);
    expect(Array.from(projectPoints([0.5, -0.5], 2, pad))).toEqual([0.5, 0, -0.5, 0]);
    expect(describeProjection(pad)).toBe('1-D points along the x axis (y = 0)');
  });

  it('refuses values that are not n x d', () => {
    expect(() => principalPlane([1, 2, 3], 2, 2)).toThrow(DataError);
    expect(() => projectPoints([1, 2], 1, principalPlane([1, 2, 3, 4, 5, 6], 2, 3))).toThrow(/n x d = 1 x 3/);
  });
});

describe('scatterPlot of points that are not 2-D', () => {
  it('draws 3-D points on their principal plane, and refuses shapes that are not [n, d]', () => {
    const values = new Float32Array([0.5, 0.5, 0, -0.5, -0.5, 0, 0, 0, 0.1, 0, 0, -0.1]);
    const image = scatterPlot({ values, shape: [4, 3] }, { size: 64 });
    expect(image.width).toBe(64);
    const coloured = Array.from({ length: 64 * 64 }, (_, p) => image.data[4 * p]! !== 255).filter(Boolean).length;
    expect(coloured).toBeGreaterThan(4 * 4); // four dots plus the axes
    expect(() => scatterPlot({ values: new Float32Array(8), shape: [2, 2, 2] })).toThrow(/needs points \[n, d\], got shape \[2, 2, 2\]/);
  });
});
