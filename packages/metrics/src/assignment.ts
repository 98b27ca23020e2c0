/**
 * The best one-to-one assignment of rows to columns of a square score matrix (the Hungarian method,
 * Kuhn 1955 / Munkres 1957, in its O(n^3) shortest-augmenting-path form).
 * @module
 */

/**
 * For an `n x n` matrix of scores, the column assigned to each row so that the total score is as large
 * as possible, each column used once.
 *
 * @example
 * ```ts
 * bestAssignment([[1, 9], [8, 2]]); // [1, 0]: row 0 takes column 1, row 1 column 0 (9 + 8)
 * ```
 */
export function bestAssignment(scores: readonly (readonly number[])[]): number[] {
  const n = scores.length;
  if (!scores.every((row) => row.length === n)) throw new RangeError(`bestAssignment: needs a square matrix, got ${n} rows of lengths ${scores.map((r) => r.length).join(', ')}`);
  // Minimize cost = -score with potentials u (rows) and v (columns), 1-based with a virtual column 0.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOf = new Int32Array(n + 1); // rowOf[column] = row assigned to it (1-based; 0: none)
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOf[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = rowOf[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = -scores[i0 - 1]![j - 1]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOf[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      }
      j0 = j1;
    } while (rowOf[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOf[j0] = rowOf[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const columnOf = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) if (rowOf[j]! > 0) columnOf[rowOf[j]! - 1] = j - 1;
  return columnOf;
}
