/**
 * The playground page: the form, the buttons and the views. Training runs in a Web Worker
 * (worker.ts), so the page answers clicks whatever trains: it sends the worker commands and draws
 * what the worker sends back (protocol.ts).
 * @module
 */
import type { RgbaImage } from '@gankit/core';
import type { PageBackendInfo } from './backend.js';
import type { Evaluation } from './evaluation.js';
import { pickedFolder } from './picked-files.js';
import { WorkerError, type CatalogueEntry, type Commands, type Frame, type OpenSource, type SessionInfo, type WorkerEvent, type WorkerState } from './protocol.js';
import type { HistoryRow } from './session.js';
import type { SettingsForm } from './settings.js';
import { drawImage } from './views/canvas.js';
import { drawChart } from './views/charts.js';
import { drawPoints } from './views/points.js';
import { drawPaintings } from './views/series.js';
import { TrainingWorker } from './worker-client.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id}`);
  return el as T;
};
const input = (id: string) => $<HTMLInputElement | HTMLSelectElement>(id);

/** A step slower than this (in seconds) gets the hint to use the `small` preset. */
const SLOW_STEP_SECONDS = 1;

/** Everything the page knows, readable by tests through `window.playground.snapshot()`. */
interface PageState {
  backend?: PageBackendInfo;
  /** The registered variants (in the worker) and their presets. */
  catalogue: CatalogueEntry[];
  /** The current session, as the worker described it. */
  info?: SessionInfo;
  /** Where the worker is (step, playing, evaluating, tensors), as of its last message. */
  worker: WorkerState;
  /** Bumped by every reset: an answer for an older one is dropped. */
  generation: number;
  /** Every step's numbers of the current session, in order. */
  history: HistoryRow[];
  /** The latest view of the session's data. */
  frame?: Frame;
  evaluation?: Evaluation;
  errors: string[];
  /** Steps per second of wall-clock time since Play (evaluations and drawing included). */
  rate?: number;
  /** When and at which step the current Play began (for the wall-clock rate); `running` once the worker said so. */
  playStart?: { time: number; step: number; running: boolean };
  /** Steps per second inside the training steps alone, over the worker's last report. */
  sliceRate?: number;
  /** Milliseconds the worker spent in training steps, in all. */
  trainMs: number;
  viewer?: { variant: string; step: number; where: string; kind: string };
}

const idle: WorkerState = { playing: false, evaluating: false, step: 0, numTensors: 0 };
const state: PageState = { catalogue: [], worker: idle, generation: 0, history: [], errors: [], trainMs: 0 };

const trainer = new TrainingWorker(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gankit training' }), onWorkerEvent);

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
  select.replaceChildren(...state.catalogue.map(({ name }) => new Option(name, name, false, name === current)));
  if (!select.value) select.value = 'vanilla';
  fillPresets();
}

function presetsOf(variant: string): string[] {
  return state.catalogue.find((v) => v.name === variant)?.presets ?? [];
}

function fillPresets(): void {
  const select = input('preset') as HTMLSelectElement;
  const current = select.value;
  select.replaceChildren(new Option('(none)', ''), ...presetsOf(input('variant').value).map((p) => new Option(p, p, false, p === current)));
}

/** The numbers of an evaluation, blank until this session's first one (a new run or dataset). */
function clearEvaluationNumbers(modes: number[][] | undefined): void {
  $('modes').textContent = '–';
  $('hq').textContent = '–';
  $('artist-error').textContent = '–';
  $('modes-total').textContent = modes ? String(modes.length) : '?';
  $('metrics').querySelector('tbody')!.replaceChildren();
}

/**
 * Drops the current session and has the worker build a new one from the form (paused at step 0).
 * Returns the error when the settings do not make a session; `quiet` leaves it out of the error box
 * (the caller tries something else first).
 */
function reset(options: { quiet?: boolean } = {}): Promise<unknown> {
  return replaceSession(async () => {
    const info = await trainer.call('configure', { form: formValues() });
    return { info, status: `ready: ${info.variant} on ${info.dataset}` };
  }, options);
}

/**
 * Continues training the opened checkpoint in a new session; the form shows the run's settings
 * (variant, preset, dataset and its options, seed, config overrides).
 */
function continueOpened(): Promise<unknown> {
  return replaceSession(async () => {
    const { info, form } = await trainer.call('resume', { form: formValues() });
    const fields: Array<[keyof SettingsForm, string]> = [
      ['dataset', 'dataset'], ['dataOptions', 'data-options'], ['loss', 'loss'], ['dSteps', 'd-steps'], ['lrG', 'lr-g'], ['lrD', 'lr-d'], ['seed', 'seed'], ['config', 'config'],
    ];
    fillVariants(form.variant);
    input('preset').value = form.preset;
    for (const [field, id] of fields) input(id).value = form[field];
    return { info, status: `ready: ${info.variant} on ${info.dataset}, continuing ${state.viewer?.where ?? 'the checkpoint'} from step ${info.step}` };
  }, { failed: 'checkpoint not continued (see the error)' });
}

/** Puts the session `build` gets from the worker in place of the current one, and shows it. */
async function replaceSession(build: () => Promise<{ info: SessionInfo; status: string }>, options: { quiet?: boolean; failed?: string } = {}): Promise<unknown> {
  state.generation++;
  const generation = state.generation;
  clearError();
  state.info = undefined;
  state.worker = { ...state.worker, playing: false, evaluating: false, step: 0 };
  state.history = [];
  state.frame = undefined;
  state.evaluation = undefined;
  state.rate = undefined;
  state.sliceRate = undefined;
  state.playStart = undefined;
  $('slow-step').hidden = true;
  setStatus('building…');
  try {
    const { info, status } = await build();
    if (generation !== state.generation) return;
    state.info = info;
    state.frame = info.frame;
    state.worker = { ...idle, step: info.step, numTensors: info.numTensors };
    ($('lr-g') as HTMLInputElement).placeholder = String(info.learningRates.generator ?? 'n/a');
    ($('lr-d') as HTMLInputElement).placeholder = String(info.learningRates.discriminator ?? 'n/a');
    ($('loss') as HTMLSelectElement).options[0]!.text = `the variant's (${info.loss})`;
    $('modes-line').hidden = info.kind !== 'points';
    showArrowsOption(info);
    $('artist-line').hidden = info.curve === undefined;
    clearEvaluationNumbers(info.modes);
    setStatus(status);
    render();
  } catch (error) {
    if (generation !== state.generation) return;
    setStatus(options.failed ?? 'settings need fixing');
    if (!options.quiet) showError(error);
    return error;
  }
  return undefined;
}

/** The gradient arrows' checkbox: shown for 2-D data, disabled with the reason when the run gets none. */
function showArrowsOption(info: SessionInfo): void {
  const arrows = info.kind === 'points' && info.frame?.kind === 'points';
  $('arrows-label').hidden = !arrows;
  (input('arrows') as HTMLInputElement).disabled = info.noArrows !== undefined;
  $('arrows-label').title =
    info.noArrows !== undefined
      ? `no arrows for this run: ${info.noArrows}`
      : "the push the generator's loss gives each generated point that carries an arrow: minus the loss's gradient with respect to the point; lengths relative to the frame's median";
}

/** Turns the gradient arrows on or off: the worker computes them only when asked, and sends a fresh frame at once. */
async function setArrows(): Promise<void> {
  const generation = state.generation;
  const frame = await trainer.call('view', { arrows: (input('arrows') as HTMLInputElement).checked });
  if (generation !== state.generation || !frame || !state.info) return;
  state.frame = frame;
  render();
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
  if ((error as Error).name === 'ConfigError') {
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

/** What the worker reports of its own accord; reports about an older session are dropped. */
function onWorkerEvent(event: WorkerEvent): void {
  if (event.session !== -1 && event.session !== state.info?.session) return;
  if (event.type === 'error') return showError(new WorkerError(event.error));
  if (event.type === 'evaluation') {
    state.evaluation = event.evaluation;
    showEvaluation(event.evaluation);
    return;
  }
  if (event.type === 'progress') {
    const first = state.history.length === 0;
    state.history.push(...event.rows);
    if (event.frame) state.frame = event.frame;
    if (event.sliceRate !== undefined) state.sliceRate = event.sliceRate;
    state.trainMs = event.trainMs;
    // The first step of a session includes setting up its kernels: not what a step costs.
    const slow = event.rows.slice(first ? 1 : 0).find((row) => row.seconds > SLOW_STEP_SECONDS);
    if (slow) showSlowStep(slow.seconds);
  }
  state.worker = event.state;
  if (state.playStart) {
    state.rate = liveRate();
    if (event.state.playing) state.playStart.running = true;
    else if (state.playStart.running) state.playStart = undefined; // the loop ended: the rate stays as it was
  }
  if (event.state.status) setStatus(event.state.status);
  if (event.type === 'progress') renderSoon();
}

/** The hint for slow steps: the `small` preset when the variant has one, a smaller network otherwise. */
function showSlowStep(seconds: number): void {
  const hint = $('slow-step');
  const small = presetsOf(input('variant').value).includes('small');
  $('slow-step-text').textContent =
    `A step took ${seconds.toFixed(1)} s: the page stays responsive (training runs in a worker), but these networks learn slowly here. ` +
    (small ? `The 'small' preset (Preset, above) trains many times faster.` : `Smaller networks (a preset, or the config overrides) train faster.`);
  $('use-small').hidden = !small || input('preset').value === 'small';
  hint.hidden = false;
}

/** Steps over wall-clock time since Play, as of now. */
function liveRate(): number | undefined {
  if (!state.playStart) return state.rate;
  return (state.worker.step - state.playStart.step) / ((performance.now() - state.playStart.time) / 1000);
}

async function play(): Promise<void> {
  if (state.worker.playing || !state.info) return;
  clearError(); // an error from before this Play is not this run's any more
  // Steps over wall-clock time since Play, evaluations and drawing included: what a user waits.
  state.playStart = { time: performance.now(), step: state.worker.step, running: false };
  await trainer.call('play', {});
}

async function singleStep(): Promise<void> {
  if (!state.info || state.worker.playing) return;
  await trainer.call('step', {});
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
    $('modes-total').textContent = state.info?.modes ? String(state.info.modes.length) : '?';
  }
  const hq = result.scores['hq'];
  if (hq) $('hq').textContent = hq.value.toFixed(3);
  if (result.artistError !== undefined) $('artist-error').textContent = result.artistError.toFixed(4);
}

let renderPending = false;

/**
 * Redraws at the next animation frame, once however many reports came since the last: the page keeps
 * up with the worker whatever a redraw costs (drawing every report let them queue up for seconds).
 */
function renderSoon(): void {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => {
    renderPending = false;
    render();
  });
}

/** Redraws the numbers, charts and the view for the data's kind, from what the worker sent. */
function render(): void {
  $('tensors').textContent = String(state.worker.numTensors);
  const info = state.info;
  if (!info) return;
  $('step-count').textContent = String(state.worker.step);
  $('steps-per-second').textContent = state.rate === undefined ? '–' : state.rate.toFixed(1);
  drawChart($<HTMLCanvasElement>('chart-loss'), state.history, [
    { field: 'dLoss', label: 'D loss', color: '#1f77b4' },
    { field: 'gLoss', label: 'G loss', color: '#d62728' },
  ], 'losses');
  drawChart($<HTMLCanvasElement>('chart-d'), state.history, [
    { field: 'dReal', label: 'D(x)', color: '#2ca02c' },
    { field: 'dFake', label: 'D(G(z))', color: '#9467bd' },
  ], 'discriminator outputs');
  const canvas = $<HTMLCanvasElement>('samples');
  const frame = state.frame;
  if (frame?.kind === 'points') {
    drawPoints(canvas, {
      real: info.realPoints ?? new Float32Array(0),
      generated: frame.generated,
      range: 1,
      ...(frame.heat ? { heat: frame.heat } : {}),
      ...(frame.push ? { push: frame.push } : {}),
      ...(info.modes ? { modes: info.modes } : {}),
    });
    $('samples-caption').textContent =
      `real (grey), generated (pink)${frame.push ? " with arrows where G's loss pushes them" : ''}, D(x) behind them${frame.heat ? '' : ' (not drawn: D takes labels)'}`;
  } else if (frame?.kind === 'series') {
    const x = info.x ?? [];
    drawPaintings(canvas, x, info.curve ?? x.map(() => 0), frame.paintings);
    $('samples-caption').textContent = 'generated paintings (pink) over a·sin(πx) (blue)';
  } else if (frame?.kind === 'image') {
    drawImage(canvas, frame.image);
    $('samples-caption').textContent = '64 samples from fixed noise';
  }
}

async function download(): Promise<void> {
  if (!state.info) return;
  const { name, bytes } = await trainer.call('save', {});
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Shows samples and interpolations of an opened checkpoint (read and drawn in the worker). */
async function view(source: OpenSource): Promise<void> {
  clearError();
  const opened = await trainer.call('open', { source });
  const image = (img: RgbaImage, id: string) => drawImage($<HTMLCanvasElement>(id), img);
  image(opened.samples, 'viewer-samples');
  image(opened.interpolation, 'viewer-interpolation');
  state.viewer = { variant: opened.variant, step: opened.step, where: opened.where, kind: opened.kind };
  $('viewer-info').textContent =
    `${opened.variant}${opened.dataset !== undefined ? ` on ${opened.dataset}` : ''}, step ${opened.step}, from ${opened.where}` +
    `${opened.averaged ? ' (moving-average weights)' : ''}`;
  $('viewer').hidden = false;
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
  const select = $('backend-select') as HTMLSelectElement;
  // A backend is chosen once per page (tensors cannot move between backends): a new choice reloads it.
  select.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('backend', select.value);
    location.assign(url.href);
  });
  const started = await trainer.call('start', { search: location.search });
  select.value = started.requested;
  state.backend = started.backend;
  state.catalogue = started.catalogue;
  const badge = $('backend');
  badge.textContent = `${state.backend.name}: ${state.backend.detail}${state.backend.fallback ? ` (${state.backend.fallback})` : ''}`;
  badge.title = [
    'TensorFlow.js backend of the training worker',
    ...(state.backend.skipped.length ? [`not used: ${state.backend.skipped.join('; ')}`] : []),
  ].join('; ');
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
  for (const id of ['eval-every', 'eval-samples']) on(id, 'change', () => trainer.call('evaluation', { form: formValues() }));
  on('arrows', 'change', setArrows);
  on('play', 'click', play);
  on('pause', 'click', () => trainer.call('pause', {}));
  on('step', 'click', singleStep);
  on('reset', 'click', () => reset());
  on('continue', 'click', continueOpened);
  on('use-small', 'click', () => {
    input('preset').value = 'small';
    return reset();
  });
  on('download', 'click', download);
  on('plugin-load', 'click', async () => {
    clearError();
    setStatus('loading plug-in…');
    let loaded: Commands['plugin']['reply'];
    try {
      loaded = await trainer.call('plugin', { url: input('plugin-url').value, base: document.baseURI });
    } catch (error) {
      setStatus('plug-in not loaded (see the error)');
      throw error;
    }
    const { added, catalogue } = loaded;
    state.catalogue = catalogue;
    fillVariants(added.variants[0]);
    if (added.variants.length) await reset();
    const what = Object.entries(added).filter(([, names]) => names.length).map(([kind, names]) => `${kind} ${names.join(', ')}`);
    setStatus(`plug-in loaded: ${what.join('; ')}`);
  });
  on('open-folder', 'change', async (e) => {
    const files = (e.target as HTMLInputElement).files;
    if (!files?.length) return;
    const picked = pickedFolder(files);
    (e.target as HTMLInputElement).value = ''; // choosing the same folder again opens it again
    await view(picked);
  });
  on('open-archive', 'change', async (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    (e.target as HTMLInputElement).value = '';
    await view({ tar: new Uint8Array(await file.arrayBuffer()), label: file.name });
  });
  await reset();
  if (params.get('play') === '1') void play().catch(showError);
}

/** Read-only view of the page for tests and the curious (`await playground.snapshot()` in the console). */
(window as unknown as { playground: unknown }).playground = {
  /** The page's state once the worker has done every command sent before (so a Step's result is in). */
  snapshot: async () => {
    await trainer.call('sync', {});
    const s = state.worker;
    return {
      backend: state.backend?.name,
      backendDetail: state.backend?.detail,
      variant: state.info?.variant,
      dataset: state.info?.dataset,
      step: s.step,
      playing: s.playing,
      evaluating: s.evaluating,
      evaluation: state.evaluation && {
        step: state.evaluation.step,
        scores: Object.fromEntries(Object.entries(state.evaluation.scores).map(([k, v]) => [k, v.value])),
        artistError: state.evaluation.artistError,
        skipped: state.evaluation.skipped,
        seconds: state.evaluation.seconds,
      },
      // While playing, the wall-clock rate up to this moment (the label shows it as of the last redraw).
      rate: s.playing ? liveRate() : state.rate,
      sliceRate: state.sliceRate,
      timing: { train: state.trainMs },
      numTensors: s.numTensors,
      errors: [...state.errors],
      variants: state.catalogue.map((v) => v.name),
      viewer: state.viewer,
    };
  },
  /** Every step's numbers of the current session. */
  history: () => state.history.map((row) => ({ ...row })),
  /**
   * The gradient arrows drawn now: the points that carry one, each one's push (x y pairs), the step
   * they show and the mixture's modes; undefined when none are drawn.
   */
  arrows: () => {
    const frame = state.frame;
    if (frame?.kind !== 'points' || !frame.push) return undefined;
    const pairs = (values: Float32Array, count: number) => Array.from({ length: count }, (_, i) => [values[2 * i]!, values[2 * i + 1]!]);
    const count = frame.push.length / 2;
    return { step: frame.step, points: pairs(frame.generated, count), push: pairs(frame.push, count), modes: state.info?.modes ?? [] };
  },
};

start().catch(showError);
