/**
 * The size limits gankit applies to everything it reads from a file, a command line or a queue job
 * before it allocates memory for it: one definition shared by checkpoints, datasets, `gankit train`,
 * `gankit bench` and queue workers, so that an input refused in one place is refused everywhere.
 * Each limit is far above what any gankit run uses, and far below what would exhaust a machine.
 * @module
 */

/** The size limits; see each field. */
export const SIZE_LIMITS = {
  /** Bytes of a checkpoint's `checkpoint.json` (a manifest is a few KiB). */
  manifestBytes: 16 * 1024 * 1024,
  /** Bytes of any other file of a checkpoint (a network's weights, optimizer state): 1 GiB. */
  checkpointFileBytes: 1024 * 1024 * 1024,
  /**
   * A layer size stored in a file: a layer's units, filters, kernel size or a dimension of its shapes,
   * a generator input's dimension or classes, a dimension of a data shape (DCGAN's largest is 12544).
   */
  layerSize: 65_536,
  /** Numbers in one example (height x width x channels, or a point's dimensions): 2^24. */
  exampleElements: 2 ** 24,
  /** Examples a dataset may generate (`size` of ring8, grid25, sine, ...). */
  datasetExamples: 10_000_000,
  /** Numbers a generated dataset may hold in all (examples x numbers per example): 2^28, 1 GiB of float32. */
  datasetElements: 2 ** 28,
  /** Modes of a mixture (`count` of ring8, `side` x `side` of grid25). */
  mixtureModes: 10_000,
  /** Pixels of one image a folder dataset decodes (width x height, as its header declares): 2^26. */
  imagePixels: 2 ** 26,
  /** Examples in one training batch (`batchSize` of a config). */
  batchSize: 65_536,
  /** Generated samples per evaluation (`--samples`, a queue job's `samples`): FID's customary 50 000. */
  samples: 50_000,
  /** Evaluations of one bench run (`--evaluations`). */
  evaluations: 100,
} as const;
