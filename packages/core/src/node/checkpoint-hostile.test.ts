/**
 * Crafted checkpoints (issue 31, items 5, 9, 10 and 14): files that are not what their manifest says,
 * with every digest recomputed so that only the new checks can catch them. Each is refused with a
 * CheckpointError naming the file, before anything is allocated from what it claims.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError } from '../errors.js';
import { SIZE_LIMITS } from '../limits.js';
import { sha256Hex } from '../sha256.js';
import { pointData, registerFixtures, useBackend } from '../test-support/fixtures.js';
import { Trainer } from '../trainer.js';
import { readCheckpoint } from './checkpoint-files.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint-series.js';

let root: string;
/** A good checkpoint folder, copied for each case. */
let good: string;
let copies = 0;

beforeAll(async () => {
  await useBackend();
  registerFixtures();
  root = await mkdtemp(join(tmpdir(), 'gankit-hostile-'));
  const t = Trainer.create({ variant: 'test-gan', seed: 5, data: pointData() });
  await t.run({ steps: 2 });
  good = await saveCheckpoint(t, join(root, 'good'));
  t.dispose();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function copy(): string {
  const dir = join(root, `case-${++copies}`);
  cpSync(good, dir, { recursive: true });
  return dir;
}

function manifestOf(dir: string): Record<string, any> {
  return JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8'));
}

/** Replaces a file of the checkpoint and records its new size and digest, as a crafted one would. */
async function craft(dir: string, name: string, data: Uint8Array): Promise<void> {
  writeFileSync(join(dir, name), data);
  const manifest = manifestOf(dir);
  manifest.files[name] = { bytes: data.byteLength, sha256: await sha256Hex(data) };
  writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(manifest));
}

async function refusal(dir: string): Promise<CheckpointError> {
  const error = await readCheckpoint(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(CheckpointError.isInstance(error), `expected a CheckpointError, got ${String(error)}`).toBe(true);
  return error as CheckpointError;
}

/** Settles `promise`, or says it is still pending after `ms` (a read that never ends). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<'pending' | { value?: T; error?: unknown }> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => (timer = setTimeout(() => resolve('pending'), ms)));
  const settled = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  try {
    return await Promise.race([settled, pending]);
  } finally {
    clearTimeout(timer);
  }
}

describe('checkpoint files are checked against the manifest before they are read (item 5)', () => {
  it('refuses a weights file that is a FIFO or a symlink to /dev/zero, as not a regular file', async () => {
    const dir = copy();
    const weights = join(dir, 'generator', 'weights.bin');
    rmSync(weights);
    execFileSync('mkfifo', [weights]);
    // Reading a FIFO without a writer never ends: only a check before reading can refuse it.
    const outcome = await settledWithin(readCheckpoint(dir), 20_000);
    expect(outcome).not.toBe('pending');
    const error = (outcome as { error?: unknown }).error as Error;
    expect(CheckpointError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/generator\/weights\.bin: is not a regular file \(a FIFO\); refused without reading it/);

    rmSync(weights);
    symlinkSync('/dev/zero', weights);
    expect((await refusal(dir)).message).toMatch(/generator\/weights\.bin: is not a regular file \(a character device\); refused without reading it/);
  });

  it("refuses a file larger than its manifest says, a manifest past the size limit, and a latest.json that is a FIFO, by their size and kind on disk", async () => {
    const dir = copy();
    const weights = join(dir, 'discriminator', 'weights.bin');
    truncateSync(weights, 64 * 1024 * 1024); // sparse: 64 MiB that a reader would have to allocate
    expect((await refusal(dir)).message).toMatch(/discriminator\/weights\.bin: has 67108864 bytes, expected \d+ \(its size in checkpoint\.json\); refused without reading it/);

    const other = copy();
    truncateSync(join(other, 'checkpoint.json'), SIZE_LIMITS.manifestBytes + 1);
    expect((await refusal(other)).message).toMatch(
      new RegExp(`checkpoint\\.json: has ${SIZE_LIMITS.manifestBytes + 1} bytes, more than a manifest may hold \\(${SIZE_LIMITS.manifestBytes}\\)`),
    );

    const series = join(root, 'series-zero');
    cpSync(join(root, 'good'), series, { recursive: true });
    rmSync(join(series, 'latest.json'));
    execFileSync('mkfifo', [join(series, 'latest.json')]);
    const pointer = await settledWithin(loadCheckpoint(series), 20_000);
    expect(pointer).not.toBe('pending');
    expect(String((pointer as { error?: unknown }).error)).toMatch(/latest\.json: is not a regular file \(a FIFO\); refused without reading it/);

    const third = copy();
    rmSync(join(third, 'checkpoint.json'));
    symlinkSync('/dev/zero', join(third, 'checkpoint.json'));
    expect((await refusal(third)).message).toMatch(/checkpoint\.json: is not a regular file \(a character device\)/);
  });
});

describe('crafted checkpoints with valid digests (item 14)', () => {
  it('refuses NaN weights, naming the file and the weight', async () => {
    const dir = copy();
    const bytes = new Uint8Array(readFileSync(join(dir, 'generator', 'weights.bin')));
    new Float32Array(bytes.buffer)[3] = NaN;
    await craft(dir, 'generator/weights.bin', bytes);
    expect((await refusal(dir)).message).toMatch(/generator\/weights\.bin: weight '.+' holds 1 non-finite value \(NaN or Infinity\)/);
  });

  it('refuses non-finite optimizer state', async () => {
    const dir = copy();
    const bytes = new Uint8Array(readFileSync(join(dir, 'optimizers.bin')));
    new Float32Array(bytes.buffer)[bytes.byteLength / 4 - 1] = Infinity;
    await craft(dir, 'optimizers.bin', bytes);
    expect((await refusal(dir)).message).toMatch(/optimizers\.bin: weight '.+' holds 1 non-finite value/);
  });

  it('refuses extra trailing bytes in weights.bin and optimizers.bin', async () => {
    const dir = copy();
    const bytes = readFileSync(join(dir, 'generator', 'weights.bin'));
    await craft(dir, 'generator/weights.bin', new Uint8Array([...bytes, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect((await refusal(dir)).message).toMatch(new RegExp(`generator/weights\\.bin: holds ${bytes.byteLength + 8} bytes, but generator/model\\.json describes ${bytes.byteLength}`));

    const other = copy();
    const opt = readFileSync(join(other, 'optimizers.bin'));
    await craft(other, 'optimizers.bin', new Uint8Array([...opt, 0, 0, 0, 0]));
    expect((await refusal(other)).message).toMatch(new RegExp(`optimizers\\.bin: holds ${opt.byteLength + 4} bytes, but checkpoint\\.json describes ${opt.byteLength}`));
  });

  it('refuses a step that is not a safe integer (1e300)', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ ...manifestOf(dir), step: 1e300 }));
    expect((await refusal(dir)).message).toMatch(/checkpoint\.json: missing or invalid field\(s\): step \(a non-negative integer up to 2\^53\)/);
  });
});

describe('sizes read from a checkpoint are bounded (items 9 and 10)', () => {
  it('refuses a Dense layer with units 1e8 in model.json before building it', async () => {
    const dir = copy();
    const model = JSON.parse(readFileSync(join(dir, 'generator', 'model.json'), 'utf8'));
    const dense = model.modelTopology.config.layers.find((l: { class_name: string }) => l.class_name === 'Dense');
    dense.config.units = 1e8;
    await craft(dir, 'generator/model.json', new TextEncoder().encode(JSON.stringify(model)));
    expect((await refusal(dir)).message).toMatch(
      new RegExp(`generator/model\\.json: layer '${dense.config.name}' \\(Dense\\): units is 100000000, more than the limit of ${SIZE_LIMITS.layerSize}`),
    );
  });

  it("refuses a generator input of dim 1e9 and a data shape [-2] in the manifest", async () => {
    const dir = copy();
    const m = manifestOf(dir);
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ ...m, inputs: [{ kind: 'noise', name: 'z', dim: 1e9 }] }));
    expect((await refusal(dir)).message).toMatch(new RegExp(`checkpoint\\.json: .*inputs\\[0\\]\\.dim \\(an integer from 1 to ${SIZE_LIMITS.layerSize}; found 1000000000\\)`));
    writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify({ ...m, data: { ...m.data, spec: { ...m.data.spec, shape: [-2] } } }));
    expect((await refusal(dir)).message).toMatch(/checkpoint\.json: .*data\.spec\.shape \(positive integers/);
  });
});
