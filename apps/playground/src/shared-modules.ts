/**
 * The packages a plug-in loaded by URL may import by bare name. The page puts its own copies on
 * `globalThis` under {@link SHARED_MODULES_KEY}; the build writes one re-exporting module per package
 * and an import map pointing the bare names at them, so a plug-in compiled with `tsc` (imports left
 * as `@gankit/core`, `@tensorflow/tfjs-layers`, ...) shares the page's registries and tfjs.
 * @module
 */

/** Bare names a plug-in can import. */
export const SHARED_MODULES = [
  '@gankit/core',
  '@gankit/losses',
  '@gankit/datasets',
  '@gankit/metrics',
  '@gankit/networks',
  '@gankit/vanilla',
  '@gankit/dcgan',
  '@gankit/wgan',
  '@gankit/cgan',
  '@gankit/infogan',
  '@gankit/sgan',
  '@gankit/bigan',
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-layers',
] as const;

/** The name of a shared package. */
export type SharedModuleName = (typeof SHARED_MODULES)[number];

/** `Symbol.for` key of the record of shared modules on `globalThis`. */
export const SHARED_MODULES_KEY = 'gankit.playground.sharedModules';

/** Where the re-exporting module of `name` is served, relative to the page. */
export function shimFileName(name: string): string {
  return `shared/${name.replace(/^@/, '').replace(/\//g, '-')}.js`;
}
