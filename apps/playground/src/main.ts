/**
 * The playground page: wires the form, the training loop and the views together.
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
import { ConfigError, Sampler, imageGrid, linePlot, scatterPlot, variants } from '@gankit/core';
import { setMnistClassifier } from '@gankit/metrics';
import classifierModel from '@gankit/metrics/classifier/model.json?url';
import classifierWeights from '@gankit/metrics/classifier/weights.bin?url';
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, requestedBackend, type PageBackendInfo } from './backend.js';
import { artistCurve, evaluate, type Evaluation } from './evaluation.js';
import { loadPlugin } from './plugins.js';
import { openCheckpoint, runArchive, treeFromFileList, treeFromTar, type FileTree } from './run-files.js';
import { Session } from './session.js';
import { parseSettings, type SettingsForm } from './settings.js';
import { drawImage } from './views/canvas.js';
import { drawChart } from './views/charts.js';
import { drawPaintings } from './views/series.js';
import { drawPoints, heatGrid, heatValues } from './views/points.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id}`);
  return el as T;
};
const input = (id: string) => $<HTMLInputElement | HTMLSelectElement>(id);

/** Everything the page knows, readable by tests through `window.playground.snapshot()`. */
interface PageState {
  backend?: PageBackendInfo;
  session?: Session;
  playing: boolean;
  /** Bumped by every reset: a loop or evaluation of an older session stops. */
  generation: number;
  evaluation?: Evaluation;
  evaluating: boolean;
  errors: string[];
  /** Steps per second over the last play slice. */
  /** Steps per second of wall-clock time since Play (evaluations and drawing included). */
  rate?: number;
  /** When and at which step the current Play began (for the wall-clock rate). */
  playStart?: { time: number; step: number };
  /** Steps per second inside the last training slice alone (for the curious: `snapshot().sliceRate`). */
  sliceRate?: number;
  viewer?: { variant: string; step: number; where: string; kind: string };
  /** Fixed noise for the live sample views, and the heat-map grid. */
  viewSeed: number;
  grid?: tf.Tensor2D;
  realPoints?: Float32Array;
  /** Milliseconds spent training, rendering, evaluating and waiting for the browser since play. */
  timing: { train: number; render: number; evaluate: number; wait: number };
}

const state: PageState = { playing: false, generation: 0, evaluating: false, errors: [], viewSeed: 7, timing: { train: 0, render: 0, evaluate: 0, wait: 0 } };

// The metrics' MNIST classifier, served by this app (hashed file names, so weights are mapped by name).
setMnistClassifier(tf.io.http(classifierModel, { weightUrlConverter: async () => classifierWeights }));

function showError(error: unknown): void {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  state.errors.push(text);
  const box = $('error');
  box.textContent = text;
  box.hidden = false;
  console.error(error);
}

function clearError(): void {
  $('error').hidden = true;
}

function setStatus(text: string): void {
  $('status').textContent = text;
}

function formValues(): SettingsForm {
  return {
    variant: input('variant').value,
    preset: input('preset').value,
    dataset: input('dataset').value,
    dataOptions: input('data-options').value,
    loss: input('loss').value,
    dSteps: input('d-steps').value,
    lrG: input('lr-g').value,
    lrD: input('lr-d').value,
    seed: input('seed').value,
    config: input('config').value,
    evalEvery: input('eval-every').value,
    evalSamples: input('eval-samples').value,
  };
}

function fillVariants(selected?: string): void {
  const select = input('variant') as HTMLSelectElement;
  const current = selected ?? select.value ?? 'vanilla';
  select.replaceChildren(
    ...variants
      .list()
      .map((v) => v.name)
      .sort()
      .map((name) => new Option(name, name, false, name === current)),
  );
  if (!select.value) select.value = 'vanilla';
  fillPresets();
}

function fillPresets(): void {
  const select = input('preset') as HTMLSelectElement;
  const name = input('variant').value;
  const presets = name && variants.has(name) ? Object.keys(variants.get(name).presets ?? {}) : [];
  const current = select.value;
  select.replaceChildren(new Option('(none)', ''), ...presets.map((p) => new Option(p, p, false, p === current)));
}

/** The numbers of an evaluation, blank until this session's first one (a new run or dataset). */
function clearEvaluationNumbers(spec: { meta?: Record<string, unknown> }): void {
  $('modes').textContent = '–';
  $('hq').textContent = '–';
  $('artist-error').textContent = '–';
  const centres = (spec.meta as { modes?: unknown[] } | undefined)?.modes;
  $('modes-total').textContent = centres ? String(centres.length) : '?';
  $('metrics').querySelector('tbody')!.replaceChildren();
}

/**
 * Drops the current session and builds a new one from the form (paused at step 0). Returns the error
 * when the settings do not make a session; `quiet` leaves it out of the error box (the caller tries
 * something else first).
 */
async function reset(options: { quiet?: boolean } = {}): Promise<unknown> {
  state.playing = false;
  state.generation++;
  const generation = state.generation;
  clearError();
  state.session?.dispose();
  state.session = undefined;
  state.evaluation = undefined;
  state.grid?.dispose();
  state.grid = undefined;
  state.rate = undefined;
  state.sliceRate = undefined;
  state.playStart = undefined;
  setStatus('building…');
  try {
    const settings = parseSettings(formValues());
    const session = await Session.create(settings);
    if (generation !== state.generation) {
      session.dispose();
      return;
    }
    state.session = session;
    const spec = session.data.spec;
    if (spec.kind === 'points') {
      state.grid = heatGrid(1);
      const n = Math.min(1000, spec.size);
      state.realPoints = session.data.rows(Uint32Array.from({ length: n }, (_, i) => i)).x;
    }
    const config = session.trainer.config;
    ($('lr-g') as HTMLInputElement).placeholder = String(config.optimizers['generator']?.learningRate ?? 'n/a');
    ($('lr-d') as HTMLInputElement).placeholder = String(config.optimizers['discriminator']?.learningRate ?? 'n/a');
    ($('loss') as HTMLSelectElement).options[0]!.text = `the variant's (${config.loss})`;
    $('modes-line').hidden = spec.kind !== 'points';
    $('artist-line').hidden = artistCurve(session.data) === undefined;
    clearEvaluationNumbers(spec);
    setStatus(`ready: ${settings.variant} on ${settings.dataset}`);
    render();
  } catch (error) {
    setStatus('settings need fixing');
    if (!options.quiet) showError(error);
    return error;
  }
  return undefined;
}

/**
 * After a variant change: a variant that does not take the current dataset (dcgan on ring8) gets the
 * first dataset of the list it does take, and the status says so; only when none works is the error
 * shown (for the dataset the user had).
 */
async function resetForVariant(): Promise<void> {
  const error = await reset({ quiet: true });
  if (error === undefined) return;
  const select = input('dataset') as HTMLSelectElement;
  const had = select.value;
  const options = input('data-options').value;
  if (ConfigError.isInstance(error)) {
    for (const option of Array.from(select.options)) {
      if (option.value === had) continue;
      select.value = option.value;
      input('data-options').value = '{}';
      if ((await reset({ quiet: true })) === undefined) {
        setStatus(`ready: ${input('variant').value} on ${option.value} (it does not take ${had})`);
        return;
      }
    }
  }
  select.value = had;
  input('data-options').value = options;
  await reset();
}

/** Gives the browser a turn (a macrotask, without the 4 ms clamp of nested timers). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });
}

/** Training runs this long between turns of the browser (a frame or two at most). */
const SLICE_MS = 60;
/** The views are redrawn at most this often while training. */
const RENDER_EVERY_MS = 250;

/** Trains in slices of {@link SLICE_MS}, rendering now and then, until paused or reset. */
async function play(): Promise<void> {
  if (state.playing || !state.session) return;
  state.playing = true;
  const generation = state.generation;
  clearError(); // an error from before this Play is not this run's any more
  setStatus('training');
  // Steps over wall-clock time since Play, evaluations and drawing included: what a user waits.
  const wallStart = performance.now();
  const stepStart = state.session.step;
  state.playStart = { time: wallStart, step: stepStart };
  let lastRender = 0;
  try {
    while (state.playing && generation === state.generation && state.session) {
      const session = state.session;
      const sliceStart = performance.now();
      const firstStep = session.step;
      let due = false;
      while (performance.now() - sliceStart < SLICE_MS) {
        const stats = session.trainStep();
        const every = session.settings.evalEvery;
        if (every > 0 && stats.step % every === 0) {
          due = true;
          break;
        }
      }
      const trained = performance.now();
      state.timing.train += trained - sliceStart;
      state.sliceRate = (session.step - firstStep) / ((trained - sliceStart) / 1000);
      if (due) await runEvaluation(generation);
      const evaluated = performance.now();
      state.timing.evaluate += evaluated - trained;
      if (due || evaluated - lastRender > RENDER_EVERY_MS) {
        render();
        lastRender = performance.now();
      }
      const rendered = performance.now();
      state.timing.render += rendered - evaluated;
      state.rate = (session.step - stepStart) / ((rendered - wallStart) / 1000);
      await nextTask();
      state.timing.wait += performance.now() - rendered;
    }
  } catch (error) {
    // A reset during an evaluation disposes the networks it was reading: not an error of the new session.
    if (generation === state.generation) showError(error);
  } finally {
    if (generation === state.generation) {
      state.playing = false;
      setStatus(`paused at step ${state.session?.step ?? 0}`);
      render();
    }
  }
}

async function singleStep(): Promise<void> {
  if (!state.session || state.playing) return;
  try {
    const stats = state.session.trainStep();
    const every = state.session.settings.evalEvery;
    if (every > 0 && stats.step % every === 0) await runEvaluation(state.generation);
    render();
  } catch (error) {
    showError(error);
  }
}

async function runEvaluation(generation: number): Promise<void> {
  const session = state.session;
  if (!session) return;
  state.evaluating = true;
  setStatus(`evaluating at step ${session.step}…`);
  const sampler = Sampler.fromTrainer(session.trainer);
  try {
    const reference = await session.referenceData();
    const result = await evaluate(sampler, reference, session.step, session.settings.evalSamples);
    if (generation !== state.generation) return;
    state.evaluation = result;
    showEvaluation(result);
  } finally {
    sampler.dispose();
    state.evaluating = false;
    if (generation === state.generation) setStatus(state.playing ? 'training' : `paused at step ${session.step}`);
  }
}

function showEvaluation(result: Evaluation): void {
  const rows = Object.entries(result.scores).map(([name, v]) => {
    const tr = document.createElement('tr');
    tr.dataset['metric'] = name;
    tr.innerHTML = `<th>${name}</th><td>${v.value.toPrecision(4)}${v.stderr !== undefined ? ` ± ${v.stderr.toPrecision(2)}` : ''}</td>`;
    return tr;
  });
  const skipped = Object.entries(result.skipped).map(([name, why]) => {
    const tr = document.createElement('tr');
    tr.dataset['skipped'] = name;
    const th = document.createElement('th');
    th.textContent = name;
    const td = document.createElement('td');
    td.textContent = 'not computed here';
    td.title = why;
    tr.append(th, td);
    return tr;
  });
  const when = document.createElement('tr');
  when.innerHTML = `<td colspan="2">step ${result.step}, ${result.seconds.toFixed(2)} s</td>`;
  $('metrics').querySelector('tbody')!.replaceChildren(...rows, ...skipped, when);
  const modes = result.scores['modes'];
  if (modes) {
    $('modes').textContent = String(modes.value);
    const centres = (state.session?.data.spec.meta as { modes?: unknown[] } | undefined)?.modes;
    $('modes-total').textContent = centres ? String(centres.length) : '?';
  }
  const hq = result.scores['hq'];
  if (hq) $('hq').textContent = hq.value.toFixed(3);
  if (result.artistError !== undefined) $('artist-error').textContent = result.artistError.toFixed(4);
}

/** Redraws the numbers, charts and the view for the data's kind. */
function render(): void {
  const session = state.session;
  $('tensors').textContent = String(tf.memory().numTensors);
  if (!session) return;
  $('step-count').textContent = String(session.step);
  $('steps-per-second').textContent = state.rate === undefined ? '–' : state.rate.toFixed(1);
  drawChart($<HTMLCanvasElement>('chart-loss'), session.history, [
    { field: 'dLoss', label: 'D loss', color: '#1f77b4' },
    { field: 'gLoss', label: 'G loss', color: '#d62728' },
  ], 'losses');
  drawChart($<HTMLCanvasElement>('chart-d'), session.history, [
    { field: 'dReal', label: 'D(x)', color: '#2ca02c' },
    { field: 'dFake', label: 'D(G(z))', color: '#9467bd' },
  ], 'discriminator outputs');
  const canvas = $<HTMLCanvasElement>('samples');
  const spec = session.data.spec;
  const trainer = session.trainer;
  if (spec.kind === 'points' && spec.shape[0] === 2) {
    const generated = trainer.sample(500, { seed: state.viewSeed });
    const values = generated.dataSync() as Float32Array;
    generated.dispose();
    const loss = trainer.config.loss;
    const logits = !/wasserstein|hinge|least-squares/.test(loss);
    const heat = state.grid ? heatValues(trainer.networks['discriminator']!, state.grid, logits) : undefined;
    const modes = (spec.meta as { modes?: number[][] } | undefined)?.modes;
    drawPoints(canvas, { real: state.realPoints ?? new Float32Array(0), generated: values, range: 1, ...(heat ? { heat } : {}), ...(modes ? { modes } : {}) });
    $('samples-caption').textContent = `real (grey), generated (pink), D(x) behind them${heat ? '' : ' (not drawn: D takes labels)'}`;
  } else if (spec.kind === 'series') {
    const curve = artistCurve(session.data);
    const x = (spec.meta as { x?: number[] } | undefined)?.x ?? Array.from({ length: spec.shape[0]! }, (_, i) => -1 + (2 * i) / Math.max(1, spec.shape[0]! - 1));
    const generated = trainer.sample(24, { seed: state.viewSeed });
    drawPaintings(canvas, x, curve ?? x.map(() => 0), generated.dataSync() as Float32Array);
    generated.dispose();
    $('samples-caption').textContent = 'generated paintings (pink) over a·sin(πx) (blue)';
  } else if (spec.kind === 'image') {
    const generated = trainer.sample(64, { seed: state.viewSeed });
    drawImage(canvas, imageGrid(generated, { columns: 8 }));
    generated.dispose();
    $('samples-caption').textContent = '64 samples from fixed noise';
  }
  $('tensors').textContent = String(tf.memory().numTensors);
}

async function download(): Promise<void> {
  if (!state.session) return;
  const { name, bytes } = await runArchive(state.session);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Shows samples and interpolations of an opened checkpoint. */
async function view(tree: FileTree, label: string): Promise<void> {
  clearError();
  const opened = await openCheckpoint(tree, label);
  const sampler = await Sampler.fromCheckpoint(opened.checkpoint, { where: opened.where, seed: 1 });
  try {
    const spec = sampler.spec;
    const samples = sampler.generate(64, { seed: 1 });
    const rows = 6;
    const columns = 10;
    const paths = Array.from({ length: rows }, (_, r) => sampler.interpolate(columns, { seed: 100 + r }));
    const path = tf.concat(paths);
    tf.dispose(paths);
    try {
      if (spec.kind === 'image') {
        drawImage($<HTMLCanvasElement>('viewer-samples'), imageGrid(samples, { columns: 8 }));
        drawImage($<HTMLCanvasElement>('viewer-interpolation'), imageGrid(path, { columns }));
      } else if (spec.kind === 'points') {
        drawImage($<HTMLCanvasElement>('viewer-samples'), scatterPlot(samples, { size: 400 }));
        drawImage($<HTMLCanvasElement>('viewer-interpolation'), scatterPlot(path, { size: 400 }));
      } else {
        drawImage($<HTMLCanvasElement>('viewer-samples'), linePlot(samples, { size: 400 }));
        drawImage($<HTMLCanvasElement>('viewer-interpolation'), linePlot(path, { size: 400 }));
      }
    } finally {
      samples.dispose();
      path.dispose();
    }
    const dataset = opened.run?.['dataset'];
    state.viewer = { variant: sampler.variant, step: sampler.model.step, where: opened.where, kind: spec.kind };
    $('viewer-info').textContent =
      `${sampler.variant}${typeof dataset === 'string' ? ` on ${dataset}` : ''}, step ${sampler.model.step}, from ${opened.where}` +
      `${sampler.model.averaged ? ' (moving-average weights)' : ''}`;
    $('viewer').hidden = false;
  } finally {
    sampler.dispose();
  }
}

function on(id: string, event: string, handler: (e: Event) => unknown): void {
  $(id).addEventListener(event, (e) => {
    Promise.resolve()
      .then(() => handler(e))
      .catch(showError);
  });
}

async function start(): Promise<void> {
  window.addEventListener('error', (e) => showError(e.error ?? e.message));
  window.addEventListener('unhandledrejection', (e) => showError(e.reason));
  const requested = requestedBackend(location.search);
  const select = $('backend-select') as HTMLSelectElement;
  select.value = requested;
  // A backend is chosen once per page (tensors cannot move between backends): a new choice reloads it.
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('backend', select.value);
    location.assign(url.href);
  });
  state.backend = await chooseBackend(requested);
  $('backend').textContent = `${state.backend.name}: ${state.backend.detail}`;
  $('backend').title = state.backend.skipped.length ? `not used: ${state.backend.skipped.join('; ')}` : 'TensorFlow.js backend';
  const params = new URLSearchParams(location.search);
  for (const [param, id] of [['variant', 'variant'], ['dataset', 'dataset'], ['data', 'data-options'], ['seed', 'seed'], ['k', 'd-steps'], ['every', 'eval-every'], ['samples', 'eval-samples'], ['config', 'config'], ['loss', 'loss']] as const) {
    const value = params.get(param);
    if (value !== null && param !== 'variant') input(id).value = value;
  }
  fillVariants(params.get('variant') ?? 'vanilla');
  const preset = params.get('preset');
  if (preset !== null) input('preset').value = preset;
  on('variant', 'change', () => {
    fillPresets();
    return resetForVariant();
  });
  // Data options belong to the dataset they were written for (a mixture's sigma means nothing to digits).
  on('dataset', 'change', () => {
    input('data-options').value = '{}';
    return reset();
  });
  for (const id of ['preset', 'data-options', 'loss', 'd-steps', 'lr-g', 'lr-d', 'seed', 'config']) on(id, 'change', () => reset());
  for (const id of ['eval-every', 'eval-samples']) {
    on(id, 'change', () => {
      if (!state.session) return;
      const { evalEvery, evalSamples } = parseSettings(formValues());
      Object.assign(state.session.settings, { evalEvery, evalSamples });
    });
  }
  on('play', 'click', play);
  on('pause', 'click', () => (state.playing = false));
  on('step', 'click', singleStep);
  on('reset', 'click', () => reset());
  on('download', 'click', download);
  on('plugin-load', 'click', async () => {
    clearError();
    setStatus('loading plug-in…');
    let added: Awaited<ReturnType<typeof loadPlugin>>;
    try {
      added = await loadPlugin(input('plugin-url').value);
    } catch (error) {
      setStatus('plug-in not loaded (see the error)');
      throw error;
    }
    fillVariants(added.variants[0]);
    if (added.variants.length) await reset();
    const what = Object.entries(added).filter(([, names]) => names.length).map(([kind, names]) => `${kind} ${names.join(', ')}`);
    setStatus(`plug-in loaded: ${what.join('; ')}`);
  });
  on('open-folder', 'change', async (e) => {
    const files = (e.target as HTMLInputElement).files;
    if (!files?.length) return;
    const { tree, label } = treeFromFileList(files);
    (e.target as HTMLInputElement).value = ''; // choosing the same folder again opens it again
    await view(tree, label);
  });
  on('open-archive', 'change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    (e.target as HTMLInputElement).value = '';
    await view(treeFromTar(new Uint8Array(await file.arrayBuffer()), file.name), file.name);
  });
  await reset();
  if (params.get('play') === '1') void play();
}

/** Read-only view of the page for tests and the curious (`playground.snapshot()` in the console). */
(window as unknown as { playground: unknown }).playground = {
  snapshot: () => ({
    backend: state.backend?.name,
    backendDetail: state.backend?.detail,
    variant: state.session?.settings.variant,
    dataset: state.session?.settings.dataset,
    step: state.session?.step ?? 0,
    playing: state.playing,
    evaluating: state.evaluating,
    evaluation: state.evaluation && {
      step: state.evaluation.step,
      scores: Object.fromEntries(Object.entries(state.evaluation.scores).map(([k, v]) => [k, v.value])),
      artistError: state.evaluation.artistError,
      skipped: state.evaluation.skipped,
      seconds: state.evaluation.seconds,
    },
    // While playing, the wall-clock rate up to this moment (the label shows it as of the last redraw).
    rate: state.playing && state.playStart && state.session ? (state.session.step - state.playStart.step) / ((performance.now() - state.playStart.time) / 1000) : state.rate,
    sliceRate: state.sliceRate,
    timing: { ...state.timing },
    numTensors: tf.memory().numTensors,
    errors: [...state.errors],
    variants: variants.list().map((v) => v.name),
    viewer: state.viewer,
  }),
};

start().catch(showError);
