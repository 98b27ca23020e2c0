/**
 * The training worker: the page's session runs here (the Trainer, its data, evaluations, plug-ins
 * loaded by URL, checkpoints saved and opened), so a step of seconds never stops the page from
 * answering. The page sends commands (protocol.ts) and draws what comes back: every step's numbers,
 * a frame of the view at most every {@link PROGRESS_EVERY_MS}, evaluations, the state and errors.
 *
 * Commands run one after another in the order they came, except `pause`, which is acted on at once:
 * the training loop gives the worker's event loop a turn after every step, so a pause takes effect
 * when the step in flight ends.
 * @module
 */
import './expose.js';
import '@gankit/bigan';
import '@gankit/cgan';
import '@gankit/datasets';
import '@gankit/dcgan';
import '@gankit/infogan';
import '@gankit/losses';
import '@gankit/metrics';
import '@gankit/sgan';
import '@gankit/vanilla';
import '@gankit/wgan';
import { CheckpointError, Sampler, imageGrid, linePlot, losses, scatterPlot, variants } from '@gankit/core';
import { setMnistClassifier } from '@gankit/metrics';
import classifierModel from '@gankit/metrics/classifier/model.json?url';
import classifierWeights from '@gankit/metrics/classifier/weights.bin?url';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, requestedBackend, requestedThreads } from './backend.js';
import { ARROW_POINTS, arrowsUnavailable, generatorPush } from './arrows.js';
import { artistCurve, evaluate } from './evaluation.js';
import { heatGrid, heatValues } from './heat.js';
import { loadPlugin } from './plugins.js';
import type { CatalogueEntry, Commands, Frame, OpenSource, Request, SessionInfo, ViewerResult, WorkerMessage, WorkerState } from './protocol.js';
import { errorRecord } from './protocol.js';
import { openCheckpoint, runArchive, treeFromFiles, treeFromTar, type OpenedCheckpoint } from './run-files.js';
import { Session } from './session.js';
import { parseSettings, type Settings, type SettingsForm } from './settings.js';

/** A frame of the view goes to the page at most this often while training. */
const PROGRESS_EVERY_MS = 250;

const state: {
  session?: Session;
  playing: boolean;
  /** Bumped by every new session: a loop or evaluation of an older one stops and reports nothing. */
  generation: number;
  evaluating: boolean;
  /** Rows of the session's history already sent to the page. */
  sent: number;
  /** The heat map's grid, for 2-D data. */
  grid?: tf.Tensor2D;
  /** Whether the page wants the gradient arrows drawn (computed only then, once per frame). */
  arrows: boolean;
  /** Why the session's 2-D view gets no arrows; unset when it does. */
  noArrows?: string;
  /** Real points for the arrows of a relativistic loss (its generator loss compares with a real batch). */
  arrowsReal?: tf.Tensor2D;
  /** Milliseconds spent in training steps, in all (`trainMs`) and since the last progress. */
  trainMs: number;
  window: { steps: number; ms: number };
  /** The checkpoint opened last, which Continue trains on from. */
  opened?: OpenedCheckpoint;
} = { playing: false, generation: 0, evaluating: false, sent: 0, arrows: true, trainMs: 0, window: { steps: 0, ms: 0 } };

/** Fixed noise for the live views. */
const VIEW_SEED = 7;

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  (self as unknown as Worker).postMessage(message, transfer);
}

function current(status?: string): WorkerState {
  return { playing: state.playing, evaluating: state.evaluating, step: state.session?.step ?? 0, numTensors: tf.memory().numTensors, ...(status ? { status } : {}) };
}

function sendState(status?: string): void {
  post({ type: 'state', session: state.generation, state: current(status) });
}

/** The registered variants and their presets, for the page's selects. */
function catalogue(): CatalogueEntry[] {
  return variants
    .list()
    .map((v) => ({ name: v.name, presets: Object.keys(v.presets ?? {}) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What the view of the session's data shows now: generated points and D's heat map, paintings, or a grid of digits. */
function frame(session: Session): Frame | undefined {
  const spec = session.data.spec;
  const trainer = session.trainer;
  if (spec.kind === 'points' && spec.shape[0] === 2) {
    const generated = trainer.sample(500, { seed: VIEW_SEED }) as tf.Tensor2D;
    const values = generated.dataSync() as Float32Array;
    const push = state.arrows ? arrowsOf(session, generated) : undefined;
    generated.dispose();
    const logits = !/wasserstein|hinge|least-squares/.test(trainer.config.loss);
    const heat = state.grid ? heatValues(trainer.networks['discriminator']!, state.grid, logits) : undefined;
    return { kind: 'points', step: session.step, generated: values, ...(heat ? { heat } : {}), ...(push ? { push } : {}) };
  }
  if (spec.kind === 'series') {
    const generated = trainer.sample(24, { seed: VIEW_SEED });
    const paintings = generated.dataSync() as Float32Array;
    generated.dispose();
    return { kind: 'series', paintings };
  }
  if (spec.kind === 'image') {
    const generated = trainer.sample(64, { seed: VIEW_SEED });
    const image = imageGrid(generated, { columns: 8 });
    generated.dispose();
    return { kind: 'image', image };
  }
  return undefined;
}

/**
 * The gradient arrows on the first {@link ARROW_POINTS} of the `generated` points, when the session
 * gets them. A loss that cannot give them (a plug-in's, say) turns them off for the session, with the
 * error shown once: training goes on.
 */
function arrowsOf(session: Session, generated: tf.Tensor2D): Float32Array | undefined {
  if (state.noArrows !== undefined) return undefined;
  const n = Math.min(ARROW_POINTS, generated.shape[0], state.arrowsReal?.shape[0] ?? Infinity);
  const points = tf.slice(generated, [0, 0], [n, 2]);
  const real = state.arrowsReal && n < state.arrowsReal.shape[0] ? tf.slice(state.arrowsReal, [0, 0], [n, 2]) : state.arrowsReal;
  try {
    return generatorPush(session.trainer.networks['discriminator']!, losses.get(session.trainer.config.loss), points, real);
  } catch (error) {
    const record = errorRecord(error);
    state.noArrows = `computing them failed: ${record.name}: ${record.message}`;
    post({ type: 'error', session: state.generation, error: { name: record.name, message: `gradient arrows turned off for this run: ${record.message}` } });
    return undefined;
  } finally {
    points.dispose();
    if (real !== state.arrowsReal) real?.dispose();
  }
}

/** The buffers of a frame, moved to the page rather than copied. */
function buffers(f: Frame | undefined): Transferable[] {
  if (!f) return [];
  if (f.kind === 'points') return [f.generated.buffer, ...(f.heat ? [f.heat.buffer] : []), ...(f.push ? [f.push.buffer] : [])] as ArrayBuffer[];
  if (f.kind === 'series') return [f.paintings.buffer as ArrayBuffer];
  return [f.image.data.buffer as ArrayBuffer];
}

/** The steps the page has not seen, a fresh frame, and the rate inside the steps since the last progress. */
function sendProgress(status?: string): void {
  const session = state.session;
  if (!session) return;
  const rows = session.history.slice(state.sent);
  state.sent = session.history.length;
  const f = frame(session);
  const { steps, ms } = state.window;
  state.window = { steps: 0, ms: 0 };
  post(
    { type: 'progress', session: state.generation, rows, ...(f ? { frame: f } : {}), ...(steps > 0 && ms > 0 ? { sliceRate: steps / (ms / 1000) } : {}), trainMs: state.trainMs, state: current(status) },
    buffers(f),
  );
}

/** One step, timed. */
function trainStep(session: Session): number {
  const started = performance.now();
  const stats = session.trainStep();
  const ms = performance.now() - started;
  state.trainMs += ms;
  state.window.steps++;
  state.window.ms += ms;
  return stats.step;
}

function evaluationDue(session: Session, step: number): boolean {
  const every = session.settings.evalEvery;
  return every > 0 && step % every === 0;
}

/** Drops the session and puts the one `build` makes in its place (paused); describes it for the page. */
async function replaceSession(build: () => Promise<Session>): Promise<SessionInfo> {
  state.playing = false;
  state.generation++;
  state.session?.dispose();
  state.session = undefined;
  state.grid?.dispose();
  state.grid = undefined;
  state.arrowsReal?.dispose();
  state.arrowsReal = undefined;
  state.noArrows = undefined;
  state.sent = 0;
  state.window = { steps: 0, ms: 0 };
  const session = await build();
  state.session = session;
  const spec = session.data.spec;
  const optimizers = session.trainer.config.optimizers;
  const info: SessionInfo = {
    session: state.generation,
    variant: session.settings.variant,
    dataset: session.settings.dataset,
    kind: spec.kind,
    step: session.step,
    learningRates: {
      ...(optimizers['generator'] ? { generator: optimizers['generator'].learningRate } : {}),
      ...(optimizers['discriminator'] ? { discriminator: optimizers['discriminator'].learningRate } : {}),
    },
    loss: session.trainer.config.loss,
    numTensors: 0,
  };
  const modes = (spec.meta as { modes?: number[][] } | undefined)?.modes;
  if (modes) info.modes = modes;
  if (spec.kind === 'points') {
    state.grid = heatGrid(1);
    const n = Math.min(1000, spec.size);
    info.realPoints = session.data.rows(Uint32Array.from({ length: n }, (_, i) => i)).x;
    if (spec.shape[0] === 2) {
      state.noArrows = arrowsUnavailable(session.trainer);
      if (state.noArrows !== undefined) info.noArrows = state.noArrows;
      else if (losses.get(session.trainer.config.loss).generatorNeedsReal) {
        const m = Math.min(ARROW_POINTS, n);
        state.arrowsReal = tf.tensor2d(info.realPoints.subarray(0, 2 * m), [m, 2]);
      }
    }
  }
  const curve = artistCurve(session.data);
  if (spec.kind === 'series') {
    info.x = (spec.meta as { x?: number[] } | undefined)?.x ?? Array.from({ length: spec.shape[0]! }, (_, i) => -1 + (2 * i) / Math.max(1, spec.shape[0]! - 1));
    if (curve) info.curve = curve;
  }
  const f = frame(session);
  if (f) info.frame = f;
  info.numTensors = tf.memory().numTensors;
  return info;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Continues training the opened checkpoint: its variant, seed and config, on the dataset its run.json
 * names (or, for a checkpoint without one, the form's dataset, checked against the checkpoint's data
 * shape); the form gives the evaluation settings. Answers with the session and the form's fields
 * for it, so that what the page shows is what trains.
 */
async function resume(form: SettingsForm): Promise<{ info: SessionInfo; form: SettingsForm }> {
  const opened = state.opened;
  if (!opened) throw new CheckpointError('the page', 'no checkpoint is open: open a run or checkpoint folder (or a .tar of one) first');
  const current = parseSettings(form);
  const m = opened.checkpoint.manifest;
  const run = opened.run ?? {};
  const named = typeof run['dataset'] === 'string' ? run['dataset'] : undefined;
  const overrides = isRecord(run['config']) ? run['config'] : {};
  const settings: Settings = {
    ...current,
    variant: m.variant,
    preset: typeof run['preset'] === 'string' ? run['preset'] : '',
    dataset: named ?? current.dataset,
    dataOptions: named === undefined ? current.dataOptions : isRecord(run['dataOptions']) ? run['dataOptions'] : {},
    loss: 'default',
    dSteps: m.config.dSteps,
    learningRates: {},
    seed: m.seed,
    config: overrides,
  };
  const info = await replaceSession(() => Session.resume(opened.checkpoint, opened.where, settings, overrides));
  return {
    info,
    form: {
      ...form,
      variant: settings.variant,
      preset: settings.preset,
      dataset: settings.dataset,
      dataOptions: JSON.stringify(settings.dataOptions),
      loss: 'default',
      dSteps: String(settings.dSteps),
      lrG: '',
      lrD: '',
      seed: String(settings.seed),
      config: JSON.stringify(overrides),
    },
  };
}

/** Trains until paused or a new session, a step at a time with a turn of the event loop after each. */
async function play(): Promise<void> {
  if (state.playing || !state.session) return;
  state.playing = true;
  const generation = state.generation;
  sendState('training');
  let lastProgress = performance.now();
  try {
    while (state.playing && generation === state.generation && state.session) {
      const session = state.session;
      const step = trainStep(session);
      const due = evaluationDue(session, step);
      if (due) await runEvaluation(generation);
      if (generation !== state.generation) break;
      if (due || performance.now() - lastProgress > PROGRESS_EVERY_MS) {
        sendProgress();
        lastProgress = performance.now();
      }
      // A pause, a new session or a download get their turn between steps.
      await nextTask();
    }
  } catch (error) {
    // A new session during an evaluation disposes the networks it was reading: not an error of the new one.
    if (generation === state.generation) post({ type: 'error', session: generation, error: errorRecord(error) });
  } finally {
    if (generation === state.generation) {
      state.playing = false;
      sendProgress(`paused at step ${state.session?.step ?? 0}`);
    }
  }
}

async function singleStep(): Promise<void> {
  const session = state.session;
  if (!session || state.playing) return;
  const step = trainStep(session);
  if (evaluationDue(session, step)) await runEvaluation(state.generation);
  sendProgress();
}

async function runEvaluation(generation: number): Promise<void> {
  const session = state.session;
  if (!session) return;
  state.evaluating = true;
  sendState(`evaluating at step ${session.step}…`);
  const sampler = Sampler.fromTrainer(session.trainer);
  try {
    const reference = await session.referenceData();
    const result = await evaluate(sampler, reference, session.step, session.settings.evalSamples);
    if (generation === state.generation) post({ type: 'evaluation', session: generation, evaluation: result });
  } finally {
    sampler.dispose();
    state.evaluating = false;
    if (generation === state.generation) sendState(state.playing ? 'training' : `paused at step ${session.step}`);
  }
}

/** Reads a checkpoint and draws 64 samples and six slerp interpolations of its generator. */
async function open(source: OpenSource): Promise<ViewerResult> {
  const tree = 'tar' in source ? treeFromTar(source.tar, source.label) : treeFromFiles(source.files);
  const opened = await openCheckpoint(tree, source.label);
  state.opened = opened; // for Continue
  const sampler = await Sampler.fromCheckpoint(opened.checkpoint, { where: opened.where, seed: 1 });
  try {
    const spec = sampler.spec;
    const samples = sampler.generate(64, { seed: 1 });
    const columns = 10;
    const paths = Array.from({ length: 6 }, (_, r) => sampler.interpolate(columns, { seed: 100 + r }));
    const path = tf.concat(paths);
    tf.dispose(paths);
    try {
      const draw = (t: tf.Tensor, grid: number) =>
        spec.kind === 'image' ? imageGrid(t, { columns: grid }) : spec.kind === 'points' ? scatterPlot(t, { size: 400 }) : linePlot(t, { size: 400 });
      const dataset = opened.run?.['dataset'];
      return {
        variant: sampler.variant,
        ...(typeof dataset === 'string' ? { dataset } : {}),
        step: sampler.model.step,
        where: opened.where,
        kind: spec.kind,
        averaged: Boolean(sampler.model.averaged),
        samples: draw(samples, 8),
        interpolation: draw(path, columns),
      };
    } finally {
      samples.dispose();
      path.dispose();
    }
  } finally {
    sampler.dispose();
  }
}

/** The Prioritized Task Scheduling API, where the browser has it (Chromium does, in workers too). */
const scheduler = (globalThis as unknown as { scheduler?: { postTask(task: () => void): Promise<void> } }).scheduler;

/**
 * Gives the event loop a turn, so the page's messages (a pause) are read: a task of its own. Not a
 * MessageChannel message: Chromium delivers a port's messages in one task while more keep coming, so
 * a loop that yields through one never lets the page's messages in. Timers are the fallback (they
 * clamp to 4 ms once nested).
 */
function nextTask(): Promise<void> {
  if (scheduler) return scheduler.postTask(() => {});
  return new Promise((resolve) => setTimeout(resolve, 0));
}

type Handlers = { [K in keyof Commands]: (args: Extract<Request, { type: K }>) => Promise<Commands[K]['reply']> | Commands[K]['reply'] };

const handlers: Handlers = {
  async start({ search }) {
    const requested = requestedBackend(search);
    const info = await chooseBackend(requested, requestedThreads(search));
    // The metrics' MNIST classifier, served by this app (hashed file names, so weights are mapped by name).
    setMnistClassifier(tf.io.http(classifierModel, { weightUrlConverter: async () => classifierWeights }));
    return { requested, backend: info, catalogue: catalogue() };
  },
  configure: ({ form }) => replaceSession(async () => Session.create(parseSettings(form))),
  resume: ({ form }) => resume(form),
  play() {
    void play();
  },
  pause() {
    state.playing = false;
  },
  step: () => singleStep(),
  evaluation({ form }) {
    if (!state.session) return;
    const { evalEvery, evalSamples } = parseSettings(form);
    Object.assign(state.session.settings, { evalEvery, evalSamples });
  },
  async save() {
    if (!state.session) throw new Error('no session to save: the settings need fixing first');
    return runArchive(state.session);
  },
  open: ({ source }) => open(source),
  async plugin({ url, base }) {
    const added = await loadPlugin(url, base);
    return { added, catalogue: catalogue() };
  },
  view({ arrows }) {
    state.arrows = arrows;
    return state.session ? frame(state.session) : undefined;
  },
  sync() {},
};

/** The commands in the order they came; each starts when the one before has finished. */
let queue: Promise<void> = Promise.resolve();

async function handle(request: Request): Promise<void> {
  try {
    const value = await (handlers[request.type] as (r: Request) => unknown)(request);
    const transfer = request.type === 'save' ? [(value as { bytes: Uint8Array }).bytes.buffer as ArrayBuffer] : request.type === 'view' ? buffers(value as Frame | undefined) : [];
    post({ type: 'reply', id: request.id, ok: true, value }, transfer);
  } catch (error) {
    console.error(error);
    post({ type: 'reply', id: request.id, ok: false, error: errorRecord(error) });
  }
}

// A promise of the worker's that failed with nobody waiting for it: the page shows it, as it shows its own.
self.addEventListener('unhandledrejection', (event: PromiseRejectionEvent) => post({ type: 'error', session: -1, error: errorRecord(event.reason) }));

self.addEventListener('message', (event: MessageEvent<Request>) => {
  const request = event.data;
  // Pause cannot wait its turn: the loop it stops is what runs between the other commands.
  if (request.type === 'pause') void handle(request);
  else queue = queue.then(() => handle(request));
});
