/**
 * A run's `log.jsonl`: one JSON line of numbers per completed step, appended in batches. An append that
 * fails (a full disk) is cut back to where it started, so it leaves no half line; a half last line left
 * anyway (a process killed mid-write, an older gankit) is dropped when the run resumes.
 * @module
 */
import type { StepStats } from '@gankit/core';
import { asDiskFull, writeFileAtomic } from '@gankit/core/node';
import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { OutputDirectoryError } from './errors.js';

/** What a log holds: every complete step line, and a last line cut short, when there is one. */
export interface RunLogContents {
  steps: StepStats[];
  /** The last line when it is not a whole step line (a write that did not finish). */
  torn?: string;
}

function parseStep(line: string): StepStats | undefined {
  try {
    const parsed = JSON.parse(line) as StepStats;
    return typeof parsed === 'object' && parsed !== null && Number.isSafeInteger(parsed.step) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a log's text. A bad line other than the last is an {@link OutputDirectoryError} naming it. */
export function parseRunLog(text: string, path: string): RunLogContents {
  const lines = text.split('\n');
  // Text ending in a newline splits into a last empty string; one that does not ends in a cut line.
  const last = lines.pop()!;
  const steps: StepStats[] = [];
  let torn = last === '' ? undefined : last;
  lines.forEach((line, i) => {
    if (line === '') return;
    const step = parseStep(line);
    if (step) steps.push(step);
    else if (i === lines.length - 1 && torn === undefined) torn = line;
    else {
      throw new OutputDirectoryError(
        `${path}: line ${i + 1} is not a step's numbers (expected a JSON object with an integer "step", found '${line.slice(0, 60)}${line.length > 60 ? '...' : ''}'); nothing was changed. Remove that line to continue the run.`,
      );
    }
  });
  return { steps, ...(torn !== undefined ? { torn } : {}) };
}

/** Reads a run's log; an absent log holds no steps. */
export async function readRunLog(path: string): Promise<RunLogContents> {
  if (!existsSync(path)) return { steps: [] };
  return parseRunLog(await readFile(path, 'utf8'), path);
}

/**
 * Keeps the lines up to `step` (a resumed run repeats the steps after its checkpoint) and drops a torn
 * last line. Returns the dropped torn line, to be reported once.
 */
export async function truncateRunLog(path: string, step: number): Promise<string | undefined> {
  if (!existsSync(path)) return undefined;
  const { steps, torn } = await readRunLog(path);
  await writeFileAtomic(path, steps.filter((s) => s.step <= step).map((s) => JSON.stringify(s) + '\n').join(''));
  return torn;
}

/** The line reporting a dropped torn line, e.g. `note: <path>: dropped its last line (23 bytes, '{"step":41,'): ...`. */
export function tornLineNote(path: string, torn: string): string {
  const shown = torn.length > 60 ? `${torn.slice(0, 60)}...` : torn;
  return `note: ${path}: dropped its last line (${Buffer.byteLength(torn)} bytes, '${shown}'): a write that did not finish (a full disk or a killed process); those steps are trained again.\n`;
}

/**
 * Appends `text` (whole lines) to the log. If the write fails, the file is cut back to its length before
 * it, so a full disk leaves no half line; a full disk is a `DiskFullError` naming the log.
 */
export async function appendRunLog(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a').catch(async (error) => {
    throw await asDiskFull(error, path);
  });
  let size: number | undefined;
  try {
    size = (await handle.stat()).size;
    await handle.appendFile(text);
  } catch (error) {
    if (size !== undefined) await handle.truncate(size).catch(() => {});
    throw await asDiskFull(error, path);
  } finally {
    await handle.close();
  }
}
