/**
 * What a training session is made of, as chosen in the form, checked in one place: every bad field is
 * reported at once as a `ConfigError` naming the field, what it expects and what it found.
 * @module
 */
import { ConfigError, mergeConfig, type ConfigIssue, type VariantConfig } from '@gankit/core';

/** Datasets the playground offers. */
export const PLAYGROUND_DATASETS = ['ring8', 'grid25', 'sine', 'mnist-embedded'] as const;

/** Generator losses the form offers; `'default'` keeps the variant's own. */
export type LossChoice = 'default' | 'non-saturating' | 'minimax';

/** Everything a session is built from. */
export interface Settings {
  variant: string;
  /** A preset of the variant, or `''` for none. */
  preset: string;
  dataset: string;
  /** The dataset's own options (`sigma` of a mixture, say), as `gankit train --data-options`. */
  dataOptions: Record<string, unknown>;
  loss: LossChoice;
  /** Discriminator updates per generator update. */
  dSteps: number;
  /** Learning rates of the generator's and discriminator's optimizers (`undefined`: the variant's). */
  learningRates: { generator?: number; discriminator?: number };
  seed: number;
  /** Further overrides merged into the config (as `gankit train --config`). */
  config: Record<string, unknown>;
  /** Evaluate the metrics every this many steps (0: never). */
  evalEvery: number;
  /** Generated samples per evaluation. */
  evalSamples: number;
}

/** Raw form values, all strings. */
export type SettingsForm = Record<'variant' | 'preset' | 'dataset' | 'dataOptions' | 'loss' | 'dSteps' | 'lrG' | 'lrD' | 'seed' | 'config' | 'evalEvery' | 'evalSamples', string>;

function jsonObject(field: string, text: string, issues: ConfigIssue[]): Record<string, unknown> {
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    issues.push({ path: field, expected: 'a JSON object, e.g. {"sigma": 0.05}', found: value });
  } catch (error) {
    issues.push({ path: field, expected: `valid JSON (${(error as Error).message})`, found: text });
  }
  return {};
}

function integer(field: string, text: string, min: number, issues: ConfigIssue[]): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) issues.push({ path: field, expected: `a whole number >= ${min}`, found: text });
  return value;
}

function rate(field: string, text: string, issues: ConfigIssue[]): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0 && value < 1)) issues.push({ path: field, expected: 'a learning rate in (0, 1), e.g. 2e-4, or empty for the default', found: text });
  return value;
}

/** Checks the form; throws one `ConfigError` listing every bad field. */
export function parseSettings(form: SettingsForm): Settings {
  const issues: ConfigIssue[] = [];
  if (form.variant === '') issues.push({ path: 'variant', expected: 'a registered variant', found: form.variant });
  if (form.dataset === '') issues.push({ path: 'dataset', expected: PLAYGROUND_DATASETS.join(', '), found: form.dataset });
  if (!['default', 'non-saturating', 'minimax'].includes(form.loss)) issues.push({ path: 'loss', expected: "'default', 'non-saturating' or 'minimax'", found: form.loss });
  const settings: Settings = {
    variant: form.variant,
    preset: form.preset,
    dataset: form.dataset,
    dataOptions: jsonObject('data options', form.dataOptions, issues),
    loss: form.loss as LossChoice,
    dSteps: integer('k (D steps per G step)', form.dSteps, 1, issues),
    learningRates: {},
    seed: integer('seed', form.seed, 0, issues),
    config: jsonObject('config overrides', form.config, issues),
    evalEvery: integer('evaluate every', form.evalEvery, 0, issues),
    evalSamples: integer('samples per evaluation', form.evalSamples, 10, issues),
  };
  const g = rate('generator learning rate', form.lrG, issues);
  const d = rate('discriminator learning rate', form.lrD, issues);
  if (g !== undefined) settings.learningRates.generator = g;
  if (d !== undefined) settings.learningRates.discriminator = d;
  if (issues.length) throw new ConfigError('playground settings', issues);
  return settings;
}

/**
 * The config overrides of a session: the JSON overrides, then the form's fields on top (k, loss,
 * learning rates of the optimizers named `generator` and `discriminator` when the variant has them).
 */
export function configOverrides(settings: Settings, defaults: VariantConfig): Record<string, unknown> {
  const fields: Record<string, unknown> = { dSteps: settings.dSteps };
  if (settings.loss !== 'default') fields['loss'] = settings.loss;
  const optimizers: Record<string, unknown> = {};
  for (const name of ['generator', 'discriminator'] as const) {
    const lr = settings.learningRates[name];
    if (lr !== undefined && defaults.optimizers[name]) optimizers[name] = { learningRate: lr };
  }
  if (Object.keys(optimizers).length) fields['optimizers'] = optimizers;
  return mergeConfig(settings.config, fields);
}
