/**
 * Variant configs: merging a user's overrides into a variant's defaults, and checking the result in one
 * place, reporting every problem with its path.
 * @module
 */
import type { DataSpec } from './data.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { losses, models, regularizers } from './registries.js';
import type { GanVariant, OptimizerConfig, VariantConfig } from './variant.js';

/** A deep partial of a config, as users write overrides. Arrays are replaced whole. */
export type ConfigOverrides<C> = {
  [K in keyof C]?: C[K] extends readonly unknown[] ? C[K] : C[K] extends object ? ConfigOverrides<C[K]> : C[K];
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `overrides` into `base`: objects merge key by key, everything else (arrays too) replaces. */
export function mergeConfig<C extends object>(base: C, overrides: ConfigOverrides<C> | undefined): C {
  if (overrides === undefined) return structuredClone(base);
  const out: Record<string, unknown> = structuredClone(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : structuredClone(value);
  }
  return out as C;
}

const positiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;

function checkOptimizer(path: string, o: unknown, issues: ConfigIssue[]): void {
  if (!isPlainObject(o)) {
    issues.push({ path, expected: 'an optimizer object like { type: "adam", learningRate: 2e-4 }', found: o });
    return;
  }
  const opt = o as Partial<OptimizerConfig>;
  if (!['adam', 'rmsprop', 'sgd'].includes(opt.type as string)) {
    issues.push({ path: `${path}.type`, expected: "'adam', 'rmsprop' or 'sgd'", found: opt.type });
  }
  if (!positive(opt.learningRate)) issues.push({ path: `${path}.learningRate`, expected: 'a positive number', found: opt.learningRate });
  for (const k of ['beta1', 'beta2', 'decay', 'momentum'] as const) {
    const v = opt[k];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v < 1)) {
      issues.push({ path: `${path}.${k}`, expected: 'a number in [0, 1)', found: v });
    }
  }
  if (opt.epsilon !== undefined && !positive(opt.epsilon)) issues.push({ path: `${path}.epsilon`, expected: 'a positive number', found: opt.epsilon });
}

/**
 * Checks a complete config against the shared rules, the registries and the variant's own rules.
 * Throws one {@link ConfigError} listing every problem.
 */
export function validateConfig<C extends VariantConfig>(variant: GanVariant<C>, config: C, data: DataSpec): C {
  const issues: ConfigIssue[] = [];
  if (!positiveInt(config.latentDim)) issues.push({ path: 'latentDim', expected: 'a positive integer', found: config.latentDim });
  if (!positiveInt(config.batchSize)) issues.push({ path: 'batchSize', expected: 'a positive integer', found: config.batchSize });
  if (!positiveInt(config.dSteps)) issues.push({ path: 'dSteps', expected: 'a positive integer', found: config.dSteps });
  if (!positiveInt(config.gSteps)) issues.push({ path: 'gSteps', expected: 'a positive integer', found: config.gSteps });
  if (typeof config.loss !== 'string' || !losses.has(config.loss)) {
    issues.push({ path: 'loss', expected: `a registered loss (${losses.names().join(', ') || 'none registered'})`, found: config.loss });
  }
  for (const role of ['generator', 'discriminator'] as const) {
    const use = config[role];
    if (!isPlainObject(use) || typeof use.model !== 'string') {
      issues.push({ path: role, expected: "{ model: '<registered model>', options?: {...} }", found: use });
    } else if (!variant.build && !models.has(use.model)) {
      issues.push({ path: `${role}.model`, expected: `a registered model (${models.names().join(', ') || 'none registered'})`, found: use.model });
    }
  }
  if (!Array.isArray(config.regularizers)) {
    issues.push({ path: 'regularizers', expected: 'an array (possibly empty)', found: config.regularizers });
  } else {
    config.regularizers.forEach((r, i) => {
      if (!isPlainObject(r) || typeof r.name !== 'string' || !regularizers.has(r.name)) {
        issues.push({ path: `regularizers[${i}].name`, expected: `a registered regularizer (${regularizers.names().join(', ') || 'none registered'})`, found: isPlainObject(r) ? r.name : r });
      } else if (r.weight !== undefined && !(typeof r.weight === 'number' && Number.isFinite(r.weight) && r.weight >= 0)) {
        issues.push({ path: `regularizers[${i}].weight`, expected: 'a non-negative number', found: r.weight });
      }
    });
  }
  if (!isPlainObject(config.optimizers)) {
    issues.push({ path: 'optimizers', expected: '{ generator: {...}, discriminator: {...} }', found: config.optimizers });
  } else {
    checkOptimizer('optimizers.generator', config.optimizers.generator, issues);
    checkOptimizer('optimizers.discriminator', config.optimizers.discriminator, issues);
  }
  if (variant.conditional && !(data.numClasses !== undefined && data.numClasses >= 2)) {
    issues.push({ path: '(data)', expected: `labelled data for the conditional variant '${variant.name}'`, found: 'unlabelled data' });
  }
  if (issues.length === 0 && variant.validateConfig) issues.push(...variant.validateConfig(config, data));
  if (issues.length > 0) throw new ConfigError(`config of variant '${variant.name}'`, issues);
  return config;
}

/**
 * The variant's defaults for `data`, then the named `preset` (if any), then `overrides`, validated.
 * An unknown preset is a {@link ConfigError} listing the variant's presets.
 */
export function resolveConfig<C extends VariantConfig>(
  variant: GanVariant<C>,
  data: DataSpec,
  overrides?: ConfigOverrides<C>,
  preset?: string,
): C {
  if (overrides !== undefined && !isPlainObject(overrides)) {
    throw new ConfigError(`config of variant '${variant.name}'`, [{ path: '(root)', expected: 'an object', found: overrides }]);
  }
  let config = variant.defaultConfig(data);
  if (preset !== undefined) {
    const found = variant.presets?.[preset];
    if (!found) {
      const names = Object.keys(variant.presets ?? {});
      throw new ConfigError(`presets of variant '${variant.name}'`, [
        { path: 'preset', expected: names.length ? `one of ${names.map((n) => `'${n}'`).join(', ')}` : 'no preset (this variant has none)', found: preset },
      ]);
    }
    config = mergeConfig(config, found.config(data));
  }
  return validateConfig(variant, mergeConfig(config, overrides), data);
}
