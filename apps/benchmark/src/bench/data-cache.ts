/**
 * Datasets loaded once per process and shared by every run that trains on them: a queue worker and a
 * local bench's runner processes each train many runs of a few datasets.
 * @module
 */
import { loadBenchDataset, type LoadedDataset } from './plan.js';

/** Loads a dataset's two splits by name and options, as {@link loadBenchDataset} does. */
export type DatasetLoader = (dataset: string, dataOptions?: Record<string, unknown>) => Promise<LoadedDataset>;

/**
 * A {@link DatasetLoader} that keeps what it loaded: the second run of a dataset gets the same splits
 * without reading them again. A load that fails is forgotten, so the next run tries again.
 */
export function datasetCache(): DatasetLoader {
  const loaded = new Map<string, Promise<LoadedDataset>>();
  return (dataset, dataOptions) => {
    const key = JSON.stringify([dataset, dataOptions ?? null]);
    let splits = loaded.get(key);
    if (!splits) {
      splits = loadBenchDataset(dataset, dataOptions);
      splits.catch(() => loaded.delete(key));
      loaded.set(key, splits);
    }
    return splits;
  };
}
