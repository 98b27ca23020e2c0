/**
 * Node-only parts of gankit core: checkpoints on disk, atomic file writes, and samples as PNG files.
 *
 * @example
 * ```ts
 * import { checkpointEvery, resumeTrainer } from '@gankit/core/node';
 * checkpointEvery(trainer, { dir: 'runs/mnist/checkpoints', every: 500 });
 * const resumed = await resumeTrainer('runs/mnist/checkpoints', data);
 * ```
 * @module
 */
export { asDiskFull, processAlive, removeStaleTemporaries, temporaryPath, writeDirectoryAtomic, writeFileAtomic, writeFileDurable } from './atomic.js';
export { MANIFEST_FILE, readCheckpoint, writeCheckpoint, type FileDigest, type StoredManifest } from './checkpoint-files.js';
export {
  LATEST_FILE,
  checkpointEvery,
  loadCheckpoint,
  loadNewestValidCheckpoint,
  resumeTrainer,
  setCheckpointAside,
  type SkippedCheckpoint,
  saveCheckpoint,
  stepDirectoryName,
  type CheckpointEveryOptions,
} from './checkpoint-series.js';
export {
  encodePng,
  loadSampler,
  writePng,
  writeSampleGrid,
  writeSamplePlot,
  type SamplePlotOptions,
} from './sample-files.js';
