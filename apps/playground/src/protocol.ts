/**
 * The messages between the page and its training worker (worker.ts). The page sends commands, each
 * with an id the worker's reply carries; the worker also sends events of its own accord while it
 * trains (progress, state, evaluations, errors). Everything here is plain data (structured clone):
 * tensors stay in the worker, the page gets numbers and pixels.
 * @module
 */
import type { RgbaImage } from '@gankit/core';
import type { PageBackend, PageBackendInfo } from './backend.js';
import type { Evaluation } from './evaluation.js';
import type { Registered } from './plugins.js';
import type { HistoryRow } from './session.js';
import type { SettingsForm } from './settings.js';

/** A variant the worker's registry holds, with its presets, for the form's selects. */
export interface CatalogueEntry {
  name: string;
  presets: string[];
}

/** What the page needs to know about a new session to draw it. */
export interface SessionInfo {
  /** The worker's number for this session; its events carry it (the page drops those of older ones). */
  session: number;
  variant: string;
  dataset: string;
  /** The data's kind: `points`, `series` or `image` (the view drawn), or another a plug-in's dataset declares. */
  kind: string;
  /** Completed steps (0, or the step of the checkpoint it continues). */
  step: number;
  /** Mode centres of a mixture. */
  modes?: number[][];
  /** Up to 1000 real points of 2-D data, x y interleaved. */
  realPoints?: Float32Array;
  /** The artist's x grid and the curve a·sin(πx) on it, for sine data. */
  x?: number[];
  curve?: number[];
  /** The config's learning rates and loss, shown as the form's placeholders. */
  learningRates: { generator?: number; discriminator?: number };
  loss: string;
  /**
   * For 2-D data, why the view draws no gradient arrows for this run (a conditional generator, a
   * discriminator that is not one score per point); unset when it draws them.
   */
  noArrows?: string;
  /** The view at step 0. */
  frame?: Frame;
  numTensors: number;
}

/**
 * What the 2-D, series or image view draws, made in the worker. A 2-D frame holds the generated
 * points (x y interleaved), D's heat map, and, when the page asked for them, the gradient arrows:
 * `push` is the push of the generator's loss on each of the first `push.length / 2` points
 * (arrows.ts); `step` is the step the frame shows.
 */
export type Frame =
  | { kind: 'points'; step: number; generated: Float32Array; heat?: Float32Array; push?: Float32Array }
  | { kind: 'series'; paintings: Float32Array }
  | { kind: 'image'; image: RgbaImage };

/** An opened checkpoint, drawn. */
export interface ViewerResult {
  variant: string;
  dataset?: string;
  step: number;
  where: string;
  kind: string;
  averaged: boolean;
  samples: RgbaImage;
  interpolation: RgbaImage;
}

/** Files of a picked folder (paths without the folder's own name) or a tar archive. */
export type OpenSource = { files: Array<{ path: string; file: Blob }>; label: string } | { tar: Uint8Array; label: string };

/** Commands of the page, with what the worker answers to each. */
export interface Commands {
  /** Chooses the backend the page's query asks for (`?backend=`) and reports it with the registered variants. */
  start: { args: { search: string }; reply: { requested: PageBackend | 'auto'; backend: PageBackendInfo; catalogue: CatalogueEntry[] } };
  /** Drops the session and builds one from the form (paused at step 0). */
  configure: { args: { form: SettingsForm }; reply: SessionInfo };
  /** Drops the session and continues training the checkpoint opened last; answers with the form's fields for it. */
  resume: { args: { form: SettingsForm }; reply: { info: SessionInfo; form: SettingsForm } };
  /** Starts training; the worker answers at once and reports progress as events. */
  play: { args: Record<never, never>; reply: void };
  /** Stops training after the step in flight (answered out of turn, between steps). */
  pause: { args: Record<never, never>; reply: void };
  /** One training step (and the evaluation when one is due). */
  step: { args: Record<never, never>; reply: void };
  /** New evaluation settings for the current session. */
  evaluation: { args: { form: SettingsForm }; reply: void };
  /** The session as a `gankit train` run directory in a tar archive. */
  save: { args: Record<never, never>; reply: { name: string; bytes: Uint8Array } };
  /** Opens a checkpoint and draws its samples and interpolations. */
  open: { args: { source: OpenSource }; reply: ViewerResult };
  /** Imports a plug-in module (relative URLs against `base`, the page's address). */
  plugin: { args: { url: string; base: string }; reply: { added: Registered; catalogue: CatalogueEntry[] } };
  /** What the view draws (the gradient arrows on or off); answers with a fresh frame of the session's view. */
  view: { args: { arrows: boolean }; reply: Frame | undefined };
  /** Answers once every command sent before it is done: what the page shows is then up to date. */
  sync: { args: Record<never, never>; reply: void };
}

/** The name of a command. */
export type CommandName = keyof Commands;

/** A command as posted to the worker. */
export type Request = { [K in CommandName]: { id: number; type: K } & Commands[K]['args'] }[CommandName];

/** An error as it crosses to the page: its class name and message (the page shows `name: message`). */
export interface ErrorRecord {
  name: string;
  message: string;
}

/** Where the worker is, sent with every change. */
export interface WorkerState {
  playing: boolean;
  evaluating: boolean;
  step: number;
  numTensors: number;
  /** The status line, when the worker changed it (training, evaluating, paused). */
  status?: string;
}

/** Messages of the worker. */
export type WorkerMessage =
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorRecord }
  | WorkerEvent;

/** What the worker sends of its own accord, each about the session numbered `session`. */
export type WorkerEvent =
  | { type: 'state'; session: number; state: WorkerState }
  /**
   * The steps since the last progress, the view's frame, the rate inside those steps alone and the
   * milliseconds spent in steps in all.
   */
  | { type: 'progress'; session: number; rows: HistoryRow[]; frame?: Frame; sliceRate?: number; trainMs: number; state: WorkerState }
  | { type: 'evaluation'; session: number; evaluation: Evaluation }
  /** An error of the training loop or an evaluation (not the answer to a command). */
  | { type: 'error'; session: number; error: ErrorRecord };

/** An error as plain data; anything thrown that is not an Error keeps its text. */
export function errorRecord(error: unknown): ErrorRecord {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/**
 * An error of the worker, on the page: same `name` and message as the original (a `ConfigError`
 * thrown in the worker reads `ConfigError: ...` here too).
 */
export class WorkerError extends Error {
  constructor(record: ErrorRecord) {
    super(record.message);
    this.name = record.name;
  }
}
