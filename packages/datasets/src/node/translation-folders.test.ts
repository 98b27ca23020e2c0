import { isTranslationSource, Rng, datasets } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmptyDatasetError, PairingError } from '../errors.js';
import { png, put, tempDir } from '../fixtures.test-helpers.js';
import '../register.js';
import { loadPairedFolder, loadUnpairedFolder } from './translation-folders.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  await tf.setBackend('cpu');
});
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(async () => cleanup());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const grey = (v: number) => (): [number, number, number, number] => [v, v, v, 255];
/** Left half black, right half white: A = -1, B = 1 after scaling. */
const sideBySide = (x: number): [number, number, number, number] => (x < 2 ? [0, 0, 0, 255] : [255, 255, 255, 255]);

describe('images-paired', () => {
  it('cuts side-by-side files into A (input) and B (target), and batches carry both', async () => {
    for (const name of ['1.png', '2.png', '3.png']) await put(join(dir, name), png(4, 2, (x) => sideBySide(x)));
    const pairs = await loadPairedFolder(dir, { channels: 1 });
    expect(pairs.spec).toMatchObject({ shape: [2, 2, 1], size: 3, kind: 'image' });
    expect(pairs.spec.meta?.['translation']).toEqual({ paired: true, inputShape: [2, 2, 1], inputSize: 3 });
    const batch = pairs.gather([0, 2]);
    expect(Array.from(batch.x.dataSync())).toEqual(Array(8).fill(1));
    expect(Array.from(batch['condition']!.dataSync())).toEqual(Array(8).fill(-1));
    tf.dispose(Object.values(batch) as tf.Tensor[]);
    const swapped = await loadPairedFolder(dir, { channels: 1, direction: 'BtoA' });
    expect(Array.from(swapped.rows([0]).x)).toEqual(Array(4).fill(-1));
  });

  it('uses train/ and test/ (or val/) folders when present, and holds out a fraction otherwise', async () => {
    for (const name of ['a.png', 'b.png']) await put(join(dir, 'train', name), png(4, 2, (x) => sideBySide(x)));
    await put(join(dir, 'val', 'c.png'), png(4, 2, (x) => sideBySide(x)));
    expect((await loadPairedFolder(dir, { split: 'train' })).spec.size).toBe(2);
    expect((await loadPairedFolder(dir, { split: 'test' })).spec.size).toBe(1);
    const flat = join(dir, 'flat');
    for (let i = 0; i < 10; i++) await put(join(flat, `${i}.png`), png(4, 2, (x) => sideBySide(x)));
    const train = await datasets.get('images-paired').load({ split: 'train' }, { rng: new Rng(1), argument: flat });
    const test = await datasets.get('images-paired').load({ split: 'test' }, { rng: new Rng(1), argument: flat });
    expect([train.spec.size, test.spec.size]).toEqual([8, 2]);
    expect(isTranslationSource(train)).toBe(true);
  });

  it('pairs A/ and B/ by file name, and names a file without its partner', async () => {
    await put(join(dir, 'A', '0001.png'), png(3, 3, grey(0)));
    await put(join(dir, 'B', '0001.jpg.png'), png(3, 3, grey(255)));
    await put(join(dir, 'B', '0001.png'), png(3, 3, grey(255)));
    let error = await rejection(loadPairedFolder(dir));
    expect(PairingError.isInstance(error)).toBe(true);
    expect((error as PairingError).file).toBe(join(dir, 'B', '0001.jpg.png'));
    expect((error as Error).message).toContain('has no partner in');
    await put(join(dir, 'A', '0001.jpg.png'), png(3, 3, grey(0)));
    await put(join(dir, 'A', '0002.png'), png(3, 3, grey(0)));
    error = await rejection(loadPairedFolder(dir));
    expect((error as Error).message).toBe(`${join(dir, 'A', '0002.png')}: has no partner in ${join(dir, 'B')} (expected ${join(dir, 'B', '0002')}.png (or .jpg, .jpeg), found no such file)`);
    await put(join(dir, 'B', '0002.png'), png(4, 3, grey(255)));
    error = await rejection(loadPairedFolder(dir));
    expect(PairingError.isInstance(error) && (error as PairingError).found).toBe('3×4');
    const resized = await loadPairedFolder(dir, { size: 2, channels: 1 });
    expect(resized.spec).toMatchObject({ shape: [2, 2, 1], size: 3 });
  });

  it('refuses a side-by-side file of odd width and an empty folder', async () => {
    await put(join(dir, 'odd.png'), png(5, 2, grey(0)));
    const error = await rejection(loadPairedFolder(dir));
    expect(PairingError.isInstance(error) && (error as PairingError).expected).toContain('an even width');
    const empty = join(dir, 'empty', 'train');
    await put(join(empty, 'notes.txt'), 'no images');
    expect(EmptyDatasetError.isInstance(await rejection(loadPairedFolder(join(dir, 'empty'), { split: 'train' })))).toBe(true);
  });
});

describe('images-unpaired', () => {
  it('reads trainA/ trainB/ testA/ testB/ as two domains of their own sizes', async () => {
    for (let i = 0; i < 3; i++) await put(join(dir, 'trainA', `${i}.png`), png(2, 2, grey(0)));
    for (let i = 0; i < 2; i++) await put(join(dir, 'trainB', `${i}.png`), png(2, 2, grey(255)));
    await put(join(dir, 'testA', 'x.png'), png(2, 2, grey(0)));
    await put(join(dir, 'testB', 'y.png'), png(2, 2, grey(255)));
    const train = await datasets.get('images-unpaired').load({ split: 'train', channels: 1 }, { rng: new Rng(1), argument: dir });
    expect(train.spec.size).toBe(2);
    expect(isTranslationSource(train) && train.translation.inputs.spec.size).toBe(3);
    expect(isTranslationSource(train) && train.translation.paired).toBe(false);
    const test = await loadUnpairedFolder(dir, { split: 'test', channels: 1 });
    expect([test.spec.size, test.translation.inputs.spec.size]).toEqual([1, 1]);
    const back = await loadUnpairedFolder(dir, { channels: 1, direction: 'BtoA' });
    expect(back.spec.size).toBe(3);
  });

  it('names a missing domain, an empty domain, and domains of different sizes', async () => {
    await put(join(dir, 'trainA', '0.png'), png(2, 2, grey(0)));
    let error = await rejection(loadUnpairedFolder(dir));
    expect(PairingError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`${join(dir, 'trainB')}: is missing (expected the CycleGAN layout trainA/, trainB/, testA/, testB/, found trainA/)`);
    await put(join(dir, 'trainB', 'readme.txt'), 'nothing');
    error = await rejection(loadUnpairedFolder(dir));
    expect(EmptyDatasetError.isInstance(error) && (error as EmptyDatasetError).where).toBe(join(dir, 'trainB'));
    await put(join(dir, 'trainB', '0.png'), png(3, 3, grey(0)));
    error = await rejection(loadUnpairedFolder(dir));
    expect(PairingError.isInstance(error) && (error as PairingError).found).toBe('3×3');
    expect((await loadUnpairedFolder(dir, { size: 2 })).spec.shape).toEqual([2, 2, 3]);
  });
});
