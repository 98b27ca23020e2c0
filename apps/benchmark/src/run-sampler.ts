/**
 * The sampler of a run folder's newest checkpoint, for the commands that read a finished run.
 * @module
 */
import { CheckpointError, Sampler, type CheckpointSamplerOptions } from '@gankit/core';
import { loadCheckpoint, MANIFEST_FILE } from '@gankit/core/node';
import { join } from 'node:path';
import { runPaths, type RunRecord } from './run-dir.js';

/**
 * A sampler over the newest checkpoint in `dir`'s `checkpoints/`, refused with a {@link CheckpointError}
 * naming the checkpoint when it belongs to another run (its variant or seed is not `record`'s): metrics
 * or pictures of it would be filed under the wrong run. `what` ends the message: `nothing was <what>`.
 */
export async function loadRunSampler(dir: string, record: RunRecord, what: string, options: Omit<CheckpointSamplerOptions, 'where'> = {}): Promise<Sampler> {
  const { checkpoint, path } = await loadCheckpoint(join(dir, 'checkpoints'));
  const m = checkpoint.manifest;
  if (m.variant !== record.variant || m.seed !== record.seed) {
    throw new CheckpointError(
      join(path, MANIFEST_FILE),
      `is a checkpoint of variant '${m.variant}' with seed ${m.seed}, but ${runPaths(dir).record} describes variant '${record.variant}' with seed ${record.seed}; nothing was ${what}`,
    );
  }
  return Sampler.fromCheckpoint(checkpoint, { ...options, where: path });
}
