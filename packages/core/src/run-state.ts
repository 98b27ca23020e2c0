/**
 * Run state <-> checkpoint: what a {@link Trainer} is made of (networks, optimizer state, moving
 * averages, the variant's own state, step, training time, RNG and data-stream positions) captured as a
 * {@link Checkpoint}, and put back from one. The Trainer owns the loop, the budget and the events; this
 * module owns the checkpoint's contents.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { CHECKPOINT_FORMAT, CHECKPOINT_VERSION, modelToArtifacts, weightBuffer, type Checkpoint, type CheckpointManifest } from './checkpoint.js';
import type { DataSpec, SourceStreams } from './data.js';
import type { WeightAverages } from './ema.js';
import { CheckpointError, ConfigError, NonFiniteStateError, type ConfigIssue } from './errors.js';
import type { GeneratorInput } from './inputs.js';
import { disposeOptimizerStateCopies, getOptimizerState, setOptimizerState, type NamedTensor } from './optimizers.js';
import type { Rng } from './rng.js';
import type { GanVariant, LabelUse, Networks, OptimizerConfig, StateTensor, VariantConfig } from './variant.js';

/** Everything of a run that a checkpoint holds, as the Trainer keeps it. */
export interface RunState {
  variant: GanVariant<any>;
  config: VariantConfig;
  seed: number;
  spec: DataSpec;
  step: number;
  trainSeconds: number;
  /** The training noise stream. */
  rng: Rng;
  streams: SourceStreams;
  networks: Networks;
  optimizers: Record<string, tf.Optimizer>;
  averages: WeightAverages | undefined;
  /** The variant's persistent state ({@link GanVariant.state}). */
  state: Record<string, tf.Variable>;
  inputs: readonly GeneratorInput[];
  labels: Readonly<Record<string, LabelUse>>;
}

/** The networks an optimizer updates: its `networks`, or the network of its own name. */
export function optimizerNetworks(name: string, config: OptimizerConfig): string[] {
  return config.networks ?? [name];
}

const STATE_NAME = /^[A-Za-z][\w.-]*$/;

/** The variant's declared state, checked; throws {@link ConfigError} naming each bad entry. */
export function declaredState<C extends VariantConfig>(variant: GanVariant<C>, config: C, spec: DataSpec): Record<string, StateTensor> {
  const declared = variant.state ? variant.state(config, spec) : {};
  const issues: ConfigIssue[] = [];
  for (const [name, s] of Object.entries(declared)) {
    if (!STATE_NAME.test(name)) issues.push({ path: name, expected: 'a name of letters, digits, ., - and _ starting with a letter', found: name });
    if (!Array.isArray(s?.shape) || !s.shape.every((d) => Number.isInteger(d) && d >= 0)) issues.push({ path: `${name}.shape`, expected: 'a list of integers >= 0', found: s?.shape });
    if (s?.dtype !== undefined && s.dtype !== 'float32' && s.dtype !== 'int32') issues.push({ path: `${name}.dtype`, expected: "'float32' or 'int32'", found: s.dtype });
    if (s?.initial !== undefined && !Number.isFinite(s.initial)) issues.push({ path: `${name}.initial`, expected: 'a finite number', found: s.initial });
  }
  if (issues.length) throw new ConfigError(`state of variant '${variant.name}'`, issues);
  return declared;
}

/** Fresh variables for a declared state, each filled with its `initial` value. */
export function createState(declared: Record<string, StateTensor>): Record<string, tf.Variable> {
  const state: Record<string, tf.Variable> = {};
  for (const [name, s] of Object.entries(declared)) {
    state[name] = tf.tidy(() => tf.variable(tf.fill(s.shape, s.initial ?? 0, s.dtype ?? 'float32'), false, undefined, s.dtype ?? 'float32'));
  }
  return state;
}

/**
 * Captures `run` as a checkpoint. Throws {@link NonFiniteStateError} if any weight, optimizer state,
 * moving average or state tensor is NaN or infinite, so a checkpoint is only ever made from a healthy
 * state (and the last good one stays the newest).
 */
export async function captureCheckpoint(run: RunState): Promise<Checkpoint> {
  const states: Array<[string, NamedTensor[]]> = [];
  for (const [name, optimizer] of Object.entries(run.optimizers)) states.push([name, await getOptimizerState(optimizer)]);
  try {
    assertFiniteState(run, states);
  } catch (error) {
    for (const [, s] of states) disposeOptimizerStateCopies(s);
    throw error;
  }
  const networks: Record<string, tf.io.ModelArtifacts> = {};
  for (const [name, model] of Object.entries(run.networks)) networks[name] = await modelToArtifacts(model);
  const all = states.flatMap(([, s]) => s);
  // Names get an index prefix: tfjs names slots after variables, which may repeat across networks.
  const encoded = await tf.io.encodeWeights(all.map((w, i) => ({ name: `${i}:${w.name}`, tensor: w.tensor })));
  for (const [, s] of states) disposeOptimizerStateCopies(s);
  const optimizers: CheckpointManifest['optimizers'] = {};
  let offset = 0;
  for (const [name, s] of states) {
    const o = run.config.optimizers[name]!;
    optimizers[name] = { type: o.type, networks: optimizerNetworks(name, o), weights: encoded.specs.slice(offset, offset + s.length) };
    offset += s.length;
  }
  let ema: CheckpointManifest['ema'];
  let emaData: ArrayBuffer | undefined;
  if (run.averages) {
    const e = await tf.io.encodeWeights(run.averages.tensors());
    ema = { decay: run.averages.config.decay, start: run.averages.config.start ?? 0, networks: run.averages.names, weights: e.specs };
    emaData = weightBuffer(e.data);
  }
  let state: CheckpointManifest['state'];
  let stateData: ArrayBuffer | undefined;
  if (Object.keys(run.state).length > 0) {
    const e = await tf.io.encodeWeights(Object.entries(run.state).map(([name, tensor]) => ({ name, tensor })));
    state = { weights: e.specs };
    stateData = weightBuffer(e.data);
  }
  const s = run.spec;
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    variant: run.variant.name,
    config: run.config,
    step: run.step,
    trainSeconds: run.trainSeconds,
    seed: run.seed,
    rng: { noise: run.rng.getState() },
    data: { streams: run.streams.getState(), spec: { shape: s.shape, size: s.size, kind: s.kind, ...(s.numClasses ? { numClasses: s.numClasses } : {}) } },
    networks: Object.keys(run.networks),
    inputs: [...run.inputs],
    labels: { ...run.labels },
    optimizers,
    ...(ema ? { ema } : {}),
    ...(state ? { state } : {}),
    backend: tf.getBackend(),
    createdAt: new Date().toISOString(),
  };
  return { manifest, networks, optimizerData: weightBuffer(encoded.data), ...(emaData ? { emaData } : {}), ...(stateData ? { stateData } : {}) };
}

/**
 * Puts a checkpoint's state into `run`, whose networks were loaded from it: the RNG and data-stream
 * positions, the optimizers' state, the moving averages and the variant's state. Returns the step and
 * training seconds the checkpoint was taken at. Throws {@link CheckpointError} naming what does not
 * match (an optimizer, an average, a state tensor of another shape, ...).
 */
export async function restoreRunState(run: RunState, checkpoint: Checkpoint, where: string): Promise<{ step: number; trainSeconds: number }> {
  const m = checkpoint.manifest;
  run.rng.setState(m.rng.noise);
  run.streams.setState(m.data.streams, where);
  await restoreOptimizers(run, checkpoint, where);
  if (run.averages) {
    if (!m.ema || !checkpoint.emaData) throw new CheckpointError(where, 'the config keeps moving averages (ema) but the checkpoint holds none');
    const tensors = decodeOrThrow(checkpoint.emaData, m.ema.weights, `${where}/ema`);
    try {
      run.averages.restore(tensors, `${where}/ema`);
    } finally {
      tf.dispose(Object.values(tensors));
    }
  }
  restoreVariantState(run, checkpoint, where);
  return { step: m.step, trainSeconds: m.trainSeconds };
}

async function restoreOptimizers(run: RunState, checkpoint: Checkpoint, where: string): Promise<void> {
  const saved = checkpoint.manifest.optimizers;
  const mine = Object.keys(run.optimizers);
  const theirs = Object.keys(saved);
  if (mine.join(',') !== theirs.join(',')) {
    throw new CheckpointError(`${where}/optimizers`, `holds optimizers ${theirs.join(', ') || '(none)'}, but the config has ${mine.join(', ')}`);
  }
  const tensors = decodeOrThrow(checkpoint.optimizerData, theirs.flatMap((n) => saved[n]!.weights), `${where}/optimizers`);
  const named = (specs: tf.io.WeightsManifestEntry[]) => specs.map((s) => ({ name: s.name.replace(/^\d+:/, ''), tensor: tensors[s.name]! }));
  try {
    for (const name of theirs) {
      if (saved[name]!.weights.length) await setOptimizerState(run.optimizers[name]!, named(saved[name]!.weights));
    }
  } finally {
    // setWeights copies what it keeps (into variables), so the decoded tensors can go.
    tf.dispose(Object.values(tensors));
  }
}

function restoreVariantState(run: RunState, checkpoint: Checkpoint, where: string): void {
  const specs = checkpoint.manifest.state?.weights ?? [];
  const mine = Object.keys(run.state);
  const theirs = specs.map((s) => s.name);
  const place = `${where}/state`;
  const missing = mine.filter((n) => !theirs.includes(n));
  if (missing.length) throw new CheckpointError(place, `holds no state '${missing.join("', '")}', which variant '${run.variant.name}' keeps (it holds ${theirs.join(', ') || 'none'})`);
  const extra = theirs.filter((n) => !mine.includes(n));
  if (extra.length) throw new CheckpointError(place, `holds state '${extra.join("', '")}' that variant '${run.variant.name}' does not declare (it keeps ${mine.join(', ') || 'none'})`);
  if (mine.length === 0) return;
  if (!checkpoint.stateData) throw new CheckpointError(place, 'the manifest lists state tensors but the checkpoint holds no state data');
  for (const s of specs) {
    const v = run.state[s.name]!;
    if (JSON.stringify(s.shape) !== JSON.stringify(v.shape) || s.dtype !== v.dtype) {
      // The manifest's side is read as it is: a hand-edited one may hold anything there.
      throw new CheckpointError(place, `'${s.name}' is ${String(s.dtype)} ${JSON.stringify(s.shape ?? null)}, but the config makes it ${v.dtype} ${JSON.stringify(v.shape)}`);
    }
  }
  const tensors = decodeOrThrow(checkpoint.stateData, specs, place);
  try {
    for (const s of specs) run.state[s.name]!.assign(tensors[s.name]!);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Throws {@link NonFiniteStateError} naming the first weight, optimizer state, average or state tensor holding NaN or Inf. */
function assertFiniteState(run: RunState, states: Array<[string, NamedTensor[]]>): void {
  const named: Array<[string, tf.Tensor]> = [];
  for (const [name, model] of Object.entries(run.networks)) for (const w of model.weights) named.push([`network '${name}' weight '${w.originalName}'`, w.read()]);
  for (const [name, state] of states) for (const { name: slot, tensor } of state) named.push([`optimizer '${name}' state '${slot}'`, tensor]);
  for (const { name, tensor } of run.averages?.tensors() ?? []) named.push([`moving average '${name}'`, tensor]);
  for (const [name, tensor] of Object.entries(run.state)) named.push([`variant state '${name}'`, tensor]);
  const floats = named.filter(([, t]) => t.dtype === 'float32');
  if (floats.length === 0) return;
  // One download for the whole state: a count of non-finite values per tensor.
  const bad = tf.tidy(() => tf.stack(floats.map(([, t]) => tf.sum(tf.cast(tf.logicalNot(tf.isFinite(t)), 'float32')))));
  const counts = bad.dataSync();
  bad.dispose();
  const i = counts.findIndex((c) => c > 0);
  if (i >= 0) throw new NonFiniteStateError(run.step, `${floats[i]![0]} holds ${counts[i]} non-finite values`);
}

/** Decodes weights of a checkpoint part; a {@link CheckpointError} at `where` when they do not match their specs. */
export function decodeOrThrow(data: ArrayBuffer, specs: tf.io.WeightsManifestEntry[], where: string): tf.NamedTensorMap {
  try {
    return tf.io.decodeWeights(data, specs);
  } catch (cause) {
    throw new CheckpointError(where, `state does not match its manifest (${(cause as Error).message})`, { cause });
  }
}

/** The checkpoint in the layout `variant` writes now (its {@link GanVariant.upgradeCheckpoint}), or as it is. */
export function upgradeCheckpoint(variant: GanVariant<any> | undefined, checkpoint: Checkpoint, where: string): Checkpoint {
  return variant?.upgradeCheckpoint ? variant.upgradeCheckpoint(checkpoint, where) : checkpoint;
}
