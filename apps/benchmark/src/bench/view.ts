/**
 * How the report shows a dataset's samples, the same in a local bench, a queue worker and the merge:
 * points of any dimension on one plane fitted on the real data, a note when no picture fits.
 * @module
 */
import { describeProjection, principalPlane, projectPoints, type DataSource, type PointProjection } from '@gankit/core';
import { noPictureNote, pictureOf } from '../samples.js';

/**
 * For points, the plane every scatter chart of the dataset uses (fitted once on up to 2,000 reference
 * points, so generated and real points are on the same axes), and a sentence when the points are not
 * 2-D or when no picture fits the samples at all. Deterministic: every process gets the same plane.
 */
export function datasetView(reference: DataSource): { plane?: PointProjection; note?: string } {
  const spec = reference.spec;
  if (pictureOf(spec) === 'scatter') {
    const d = spec.shape[0]!;
    const n = Math.min(2000, spec.size);
    const plane = principalPlane(reference.rows(Uint32Array.from({ length: n }, (_, i) => i)).x, n, d);
    return d === 2 ? { plane } : { plane, note: `The scatter charts show ${describeProjection(plane, 'the real data')}.` };
  }
  const note = noPictureNote(spec);
  return note ? { note } : {};
}

/** Points (rows of any dimension) on `plane`, rounded to 4 decimals for results.json. */
export function flatPoints(rows: number[][], plane: PointProjection): number[][] {
  const flat = projectPoints(rows.flat(), rows.length, plane);
  return rows.map((_, i) => [Math.round(flat[2 * i]! * 1e4) / 1e4, Math.round(flat[2 * i + 1]! * 1e4) / 1e4]);
}
