/**
 * Variant configs: merging a user's overrides into a variant's defaults, and checking the result in one
 * place, reporting every problem with its path.
 * @module
 */
import { SIZE_LIMITS } from './limits.js';
import type { DataSpec } from './data.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { losses, models, regularizers } from './registries.js';
import { closestName } from './suggest.js';
import type { EmaConfig, GanVariant, LearningRateDecay, OptimizerConfig, VariantConfig } from './variant.js';

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

const NETWORK_NAME = /^[A-Za-z][\w-]*$/;

/**
 * Checks a complete config against the shared rules, the registries and the variant's own rules.
 * Throws one {@link ConfigError} listing every problem.
 */
export function validateConfig<C extends VariantConfig>(variant: GanVariant<C>, config: C, data: DataSpec): C {
  const issues: ConfigIssue[] = [];
  if (!isPlainObject(config)) throw new ConfigError(`config of variant '${variant.name}'`, [{ path: '(root)', expected: 'an object', found: config }]);
  // Upper bounds keep absurd values (1e99) from reaching tensor allocation as raw RangeErrors.
  const bounded = (path: keyof VariantConfig, max: number) => {
    const v = config[path];
    if (!(positiveInt(v) && (v as number) <= max)) issues.push({ path, expected: `an integer from 1 to ${max}`, found: v });
  };
  bounded('latentDim', SIZE_LIMITS.layerSize);
  bounded('batchSize', SIZE_LIMITS.batchSize);
  bounded('dSteps', 1_000);
  bounded('gSteps', 1_000);
  if (typeof config.loss !== 'string' || !losses.has(config.loss)) {
    issues.push({ path: 'loss', expected: `a registered loss (${losses.names().join(', ') || 'none registered'})`, found: config.loss });
  }
  // Version-1 configs held the two networks at the top level.
  for (const old of ['generator', 'discriminator'] as const) {
    if (old in config) issues.push({ path: old, expected: `nothing here: networks live under networks.${old} since the version-2 contract`, found: (config as Record<string, unknown>)[old] });
  }
  const networks = isPlainObject(config.networks) ? config.networks : undefined;
  if (!networks) {
    issues.push({ path: 'networks', expected: "{ generator: { model: '<registered model>' }, discriminator: {...}, ... }", found: config.networks });
  } else {
    const required = [...(variant.sample ? [] : ['generator']), ...(variant.step ? [] : ['discriminator'])];
    for (const name of required) if (!(name in networks)) issues.push({ path: `networks.${name}`, expected: "{ model: '<registered model>', options?: {...} }", found: undefined });
    for (const [name, use] of Object.entries(networks)) {
      if (!NETWORK_NAME.test(name)) issues.push({ path: `networks.${name}`, expected: 'a network name of letters, digits, - and _', found: name });
      if (!isPlainObject(use) || typeof use.model !== 'string') {
        issues.push({ path: `networks.${name}`, expected: "{ model: '<registered model>', options?: {...} }", found: use });
      } else if (!variant.build && !models.has(use.model)) {
        issues.push({ path: `networks.${name}.model`, expected: `a registered model (${models.names().join(', ') || 'none registered'})`, found: use.model });
      }
    }
  }
  const has = (network: string) => networks !== undefined && network in networks;
  if (!Array.isArray(config.regularizers)) {
    issues.push({ path: 'regularizers', expected: 'an array (possibly empty)', found: config.regularizers });
  } else {
    config.regularizers.forEach((r, i) => {
      if (!isPlainObject(r) || typeof r.name !== 'string' || !regularizers.has(r.name)) {
        issues.push({ path: `regularizers[${i}].name`, expected: `a registered regularizer (${regularizers.names().join(', ') || 'none registered'})`, found: isPlainObject(r) ? r.name : r });
        return;
      }
      if (r.weight !== undefined && !(typeof r.weight === 'number' && Number.isFinite(r.weight) && r.weight >= 0)) {
        issues.push({ path: `regularizers[${i}].weight`, expected: 'a non-negative number', found: r.weight });
      }
      const target = r.network ?? 'discriminator';
      if (networks && !has(target)) issues.push({ path: `regularizers[${i}].network`, expected: `a network of the config (${Object.keys(networks).join(', ')})`, found: target });
      // The standard updates apply penalties and constraints to the discriminator only; a variant with its
      // own step reads ctx.regularizers and applies the others itself.
      else if (!variant.step && target !== 'discriminator') {
        issues.push({ path: `regularizers[${i}].network`, expected: "'discriminator' (the standard step regularizes only the discriminator; a variant with its own step can regularize other networks)", found: target });
      }
    });
  }
  if (!isPlainObject(config.optimizers)) {
    issues.push({ path: 'optimizers', expected: '{ generator: {...}, discriminator: {...} }', found: config.optimizers });
  } else {
    if (!variant.step) for (const name of ['generator', 'discriminator']) if (!(name in config.optimizers)) issues.push({ path: `optimizers.${name}`, expected: 'an optimizer object like { type: "adam", learningRate: 2e-4 }', found: undefined });
    for (const [name, o] of Object.entries(config.optimizers)) {
      checkOptimizer(`optimizers.${name}`, o, issues);
      if (!isPlainObject(o) || !networks) continue;
      const bound = o.networks ?? [name];
      if (!Array.isArray(bound) || bound.length === 0 || !bound.every((n) => typeof n === 'string' && has(n))) {
        issues.push({
          path: `optimizers.${name}.networks`,
          expected: `names of networks of the config (${Object.keys(networks).join(', ')})${o.networks === undefined ? `: without 'networks' an optimizer updates the network of its own name` : ''}`,
          found: o.networks ?? name,
        });
      }
    }
  }
  if (config.ema !== undefined) {
    const e = config.ema as Partial<EmaConfig>;
    if (!isPlainObject(e)) issues.push({ path: 'ema', expected: '{ decay: 0.999, start?: 0, rampUp?: 0.05, networks?: ["generator"] }', found: e });
    else {
      if (!(typeof e.decay === 'number' && e.decay >= 0 && e.decay < 1)) issues.push({ path: 'ema.decay', expected: 'a number in [0, 1)', found: e.decay });
      if (e.start !== undefined && !(Number.isInteger(e.start) && e.start >= 0)) issues.push({ path: 'ema.start', expected: 'a non-negative integer (a step)', found: e.start });
      if (e.rampUp !== undefined && !(typeof e.rampUp === 'number' && e.rampUp > 0 && Number.isFinite(e.rampUp))) issues.push({ path: 'ema.rampUp', expected: 'a number > 0 (the half-life\'s cap per step done; StyleGAN2: 0.05)', found: e.rampUp });
      if (e.networks !== undefined && !(Array.isArray(e.networks) && e.networks.every((n) => typeof n === 'string' && has(n)))) {
        issues.push({ path: 'ema.networks', expected: 'names of networks of the config', found: e.networks });
      }
    }
  }
  if (config.learningRateDecay !== undefined) {
    const d = config.learningRateDecay as Partial<LearningRateDecay>;
    if (!isPlainObject(d)) issues.push({ path: 'learningRateDecay', expected: '{ start?: 0, final?: 0 } (fractions)', found: d });
    else {
      if (d.start !== undefined && !(typeof d.start === 'number' && d.start >= 0 && d.start < 1)) issues.push({ path: 'learningRateDecay.start', expected: 'a fraction of the budget in [0, 1)', found: d.start });
      if (d.final !== undefined && !(typeof d.final === 'number' && d.final >= 0 && d.final <= 1)) issues.push({ path: 'learningRateDecay.final', expected: 'a multiple of the learning rate in [0, 1]', found: d.final });
    }
  }
  const labelled = Object.entries(variant.labels ?? {});
  if (labelled.length > 0 && !(data.numClasses !== undefined && data.numClasses >= 2)) {
    issues.push({ path: '(data)', expected: `labelled data for the variant '${variant.name}' (its ${labelled.map(([n, u]) => `${n} ${u === 'input' ? 'takes' : 'predicts'} labels`).join(', ')})`, found: 'unlabelled data' });
  }
  if (issues.length === 0 && variant.validateConfig) issues.push(...variant.validateConfig(config, data));
  if (issues.length > 0) throw new ConfigError(`config of variant '${variant.name}'`, issues);
  return config;
}

/**
 * {@link mergeConfig} for variant configs, with one rule more: a network whose override names a
 * different `model` starts from that model's own defaults, not the options of the model it replaces
 * (the old model's options mean nothing to the new one).
 */
function mergeVariantConfig<C extends VariantConfig>(base: C, overrides: ConfigOverrides<C> | undefined): C {
  const networks = (overrides as { networks?: unknown } | undefined)?.networks;
  if (!isPlainObject(networks) || !isPlainObject(base.networks)) return mergeConfig(base, overrides);
  const trimmed = structuredClone(base);
  for (const [name, use] of Object.entries(networks)) {
    const current = (trimmed.networks as Record<string, unknown>)[name];
    if (isPlainObject(use) && isPlainObject(current) && typeof use['model'] === 'string' && use['model'] !== current['model']) delete current['options'];
  }
  return mergeConfig(trimmed, overrides);
}

/**
 * The variant's defaults for `data`, then the named `preset` (if any), then `overrides`, validated. A
 * preset or override that swaps a network's `model` drops the options of the model it replaces.
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
    config = mergeVariantConfig(config, found.config(data));
  }
  if (overrides !== undefined) {
    const unknown = unknownKeys(overrides as Record<string, unknown>, config as unknown as Record<string, unknown>);
    if (unknown.length) throw new ConfigError(`config of variant '${variant.name}'`, unknown);
  }
  return validateConfig(variant, mergeVariantConfig(config, overrides), data);
}

const OPTIMIZER_KEYS = ['type', 'learningRate', 'beta1', 'beta2', 'epsilon', 'decay', 'momentum', 'networks'];
const MODEL_USE_KEYS = ['model', 'options'];
const REGULARIZER_KEYS = ['name', 'weight', 'options', 'network'];
const EMA_KEYS = ['decay', 'start', 'rampUp', 'networks'];
const DECAY_KEYS = ['start', 'final'];
/** Keys every variant accepts even when its defaults leave them out. */
export const OPTIONAL_KEYS: readonly string[] = ['ema', 'learningRateDecay'];

function keyIssue(path: string, key: string, allowed: readonly string[]): ConfigIssue {
  const near = closestName(key, allowed);
  return {
    path: path ? `${path}.${key}` : key,
    expected: `one of the known keys ${allowed.join(', ')}${near ? ` (did you mean '${near}'?)` : ''}`,
    found: 'an unknown key',
  };
}

/**
 * For the `validateConfig` of a variant whose own step applies no regularizers: an issue when the config
 * asks for any, so that `regularizers: [{ name: 'r1' }]` on such a variant is a {@link ConfigError}
 * rather than a penalty silently left out. `variant` names the step in the message.
 */
export function regularizersNotApplied(config: VariantConfig, variant: string): ConfigIssue[] {
  const asked = config.regularizers;
  if (!Array.isArray(asked) || asked.length === 0) return [];
  const names = asked.map((r) => (isPlainObject(r) && typeof r.name === 'string' ? r.name : r));
  return [{ path: 'regularizers', expected: `[] (the ${variant} step applies no penalties or constraints)`, found: names }];
}

/**
 * Keys of a user's overrides that the config does not have, so a typo (`batchsize`) is an error rather
 * than a setting silently ignored. Network and optimizer names must be the variant's; model options
 * are checked by the model factories.
 */
export function unknownKeys(overrides: Record<string, unknown>, base: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const check = (path: string, value: unknown, allowed: readonly string[]) => {
    if (!isPlainObject(value)) return;
    for (const key of Object.keys(value)) {
      // Version-1 keys get their own message from validateConfig (where they moved).
      if (path === '' && (key === 'generator' || key === 'discriminator')) continue;
      if (!allowed.includes(key)) issues.push(keyIssue(path, key, allowed));
    }
  };
  check('', overrides, [...Object.keys(base), ...OPTIONAL_KEYS.filter((k) => !(k in base))]);
  const networks = overrides['networks'];
  if (isPlainObject(networks)) {
    check('networks', networks, Object.keys((base['networks'] as object | undefined) ?? {}));
    for (const [name, use] of Object.entries(networks)) check(`networks.${name}`, use, MODEL_USE_KEYS);
  }
  const optimizers = overrides['optimizers'];
  if (isPlainObject(optimizers)) {
    check('optimizers', optimizers, Object.keys((base['optimizers'] as object | undefined) ?? {}));
    for (const [name, o] of Object.entries(optimizers)) check(`optimizers.${name}`, o, OPTIMIZER_KEYS);
  }
  const regs = overrides['regularizers'];
  if (Array.isArray(regs)) regs.forEach((r, i) => check(`regularizers[${i}]`, r, REGULARIZER_KEYS));
  check('ema', overrides['ema'], EMA_KEYS);
  check('learningRateDecay', overrides['learningRateDecay'], DECAY_KEYS);
  return issues;
}
