/**
 * One training session of the playground, held by its training worker (worker.ts): the data, the
 * Trainer built from the settings, and the history of every step's numbers. Every step runs inside
 * the Trainer's `tf.tidy`.
 * @module
 */
import {
  Rng,
  Trainer,
  datasets,
  resolveConfig,
  variants,
  type Checkpoint,
  type ConfigOverrides,
  type DataSource,
  type StepStats,
  type VariantConfig,
} from '@gankit/core';
import { configOverrides, type Settings } from './settings.js';

/** One row of the history: the step's numbers. */
export type HistoryRow = Pick<StepStats, 'step' | 'dLoss' | 'gLoss' | 'dReal' | 'dFake' | 'seconds'>;

/** Loads a dataset of the registry, as `gankit train` does (seeded, `split` train or test). */
export async function loadData(name: string, seed: number, split: 'train' | 'test', options: Record<string, unknown>): Promise<DataSource> {
  return datasets.get(name).load({ ...options, split } as never, { rng: new Rng(seed) });
}

/** A live training session. */
export class Session {
  /** Every step's numbers, in order. */
  readonly history: HistoryRow[] = [];
  /** Every step as the Trainer reported it, for the run's log.jsonl. */
  readonly log: StepStats[] = [];
  private reference: Promise<DataSource> | undefined;
  readonly startedAt = new Date().toISOString();

  private constructor(
    readonly settings: Settings,
    readonly data: DataSource,
    readonly trainer: Trainer<VariantConfig>,
    /** The overrides merged into the variant's defaults, as run.json records them. */
    readonly overrides: Record<string, unknown>,
  ) {}

  /** Loads the data and builds fresh networks. */
  static async create(settings: Settings): Promise<Session> {
    const data = await loadData(settings.dataset, settings.seed, 'train', settings.dataOptions);
    const variant = variants.get(settings.variant);
    const preset = settings.preset === '' ? undefined : settings.preset;
    const defaults = resolveConfig(variant, data.spec, undefined, preset);
    const overrides = configOverrides(settings, defaults);
    const trainer = Trainer.create({
      variant: settings.variant,
      data,
      seed: settings.seed,
      config: overrides as ConfigOverrides<VariantConfig>,
      ...(preset ? { preset } : {}),
    });
    return new Session(settings, data, trainer, overrides);
  }

  /**
   * Continues the run of `checkpoint` (networks, optimizer state, step, random streams, as
   * `gankit train --resume` does) on the data `settings` name, loaded with the run's seed. Throws
   * `CheckpointError` when that data is not the shape and size the run was trained on.
   */
  static async resume(checkpoint: Checkpoint, where: string, settings: Settings, overrides: Record<string, unknown>): Promise<Session> {
    const data = await loadData(settings.dataset, settings.seed, 'train', settings.dataOptions);
    const trainer = await Trainer.restore(checkpoint, data, where);
    return new Session(settings, data, trainer, overrides);
  }

  /** Completed steps. */
  get step(): number {
    return this.trainer.step;
  }

  /** One training step; returns its numbers. */
  trainStep(): StepStats {
    const stats = this.trainer.trainStep();
    this.log.push(stats);
    this.history.push({ step: stats.step, dLoss: stats.dLoss, gLoss: stats.gLoss, dReal: stats.dReal, dFake: stats.dFake, seconds: stats.seconds });
    return stats;
  }

  /** The held-out split the metrics compare against, loaded once (as `gankit eval` does, seed 0). */
  referenceData(): Promise<DataSource> {
    this.reference ??= loadData(this.settings.dataset, 0, 'test', this.settings.dataOptions);
    return this.reference;
  }

  /** Frees the networks and optimizer state. */
  dispose(): void {
    this.trainer.dispose();
  }
}
