/**
 * Node's way to read the `mnist` package's digit files: `fs` plus `JSON.parse`, so the parsed arrays
 * can be garbage-collected once copied (a JSON module import would stay in the module cache).
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * The pixel values (0..1, 784 per image) of digit `digit` from the installed `mnist` package.
 * @internal used by `loadMnistEmbedded`.
 */
export async function readEmbeddedDigit(digit: number): Promise<number[]> {
  const path = require.resolve(`mnist/src/digits/${digit}.json`);
  return (JSON.parse(await readFile(path, 'utf8')) as { data: number[] }).data;
}
