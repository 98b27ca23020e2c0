/**
 * Loading a plug-in by URL, in the training worker: an ES module that registers variants (or models,
 * losses, datasets, metrics) in core's registries when imported, like the command line's `--plugin`.
 * Its bare imports of gankit and tfjs resolve to the worker's own copies (see shared-modules.ts).
 * Browsers do not apply import maps in workers, so the module is imported through es-module-shims,
 * which rewrites the bare names of the plug-in and of every module it imports to the shim files.
 * @module
 */
import { GankitError, datasets, losses, metrics, models, variants } from '@gankit/core';
import { PluginLoadError } from './errors.js';
import { SHARED_MODULES, shimFileName } from './shared-modules.js';

/** What a plug-in added to the registries, by kind. */
export type Registered = Record<'variants' | 'models' | 'losses' | 'datasets' | 'metrics', string[]>;

function snapshot(): Registered {
  const names = (r: { list(): Array<{ name: string }> }) => r.list().map((x) => x.name);
  return { variants: names(variants), models: names(models), losses: names(losses), datasets: names(datasets), metrics: names(metrics) };
}

let shimsReady: Promise<void> | undefined;

/** Loads es-module-shims once, with the import map of the shared packages' shims served beside `base`. */
function useSharedModules(base: string): Promise<void> {
  shimsReady ??= (async () => {
    // The wasm build of es-module-shims: the one that works without a DOM.
    await import('es-module-shims/wasm');
    importShim.addImportMap({ imports: Object.fromEntries(SHARED_MODULES.map((name) => [name, new URL(shimFileName(name), base).href])) });
  })();
  return shimsReady;
}

/**
 * Imports the module at `url` (relative to `base`, the page's address) and returns what it registered. Throws
 * {@link PluginLoadError} when the URL cannot be fetched, is not served as JavaScript, is not a valid
 * ES module, imports a package the page does not provide, or registers nothing; gankit's own errors (a
 * duplicate name, a spec version mismatch) pass through as they are.
 */
export async function loadPlugin(url: string, base: string): Promise<Registered> {
  const spec = url.trim();
  if (spec === '') throw new PluginLoadError(url, 'no URL given; expected the URL of an ES module, e.g. ./plugins/lsgan/index.js (the lsgan example this site ships)');
  let href: string;
  try {
    href = new URL(spec, base).href;
  } catch (cause) {
    throw new PluginLoadError(spec, `not a valid URL (relative to ${base})`, { cause });
  }
  let response: Response;
  try {
    response = await fetch(href);
  } catch (cause) {
    throw new PluginLoadError(spec, `cannot be fetched from ${href} (${(cause as Error).message}); is the server up, and does it allow this page (CORS)?`, { cause });
  }
  if (!response.ok) throw new PluginLoadError(spec, `${href} answered HTTP ${response.status} ${response.statusText}; expected the plug-in's JavaScript`);
  const type = response.headers.get('content-type') ?? '';
  if (!/javascript|ecmascript/i.test(type)) {
    throw new PluginLoadError(spec, `${href} is served as '${type || 'no content type'}', not JavaScript; browsers only import modules served as text/javascript`);
  }
  await useSharedModules(base);
  const before = snapshot();
  try {
    await importShim(href);
  } catch (cause) {
    if (GankitError.isInstance(cause)) throw cause;
    const message = (cause as Error).message.split('\n')[0] ?? String(cause);
    // The browser's words for a bare name it cannot resolve, and es-module-shims' words.
    const bare = /(?:Failed|Unable) to resolve (?:module )?specifier ["']([^"']+)["']/.exec(message);
    if (bare) {
      throw new PluginLoadError(spec, `imports '${bare[1]}', which this page does not provide; a plug-in may import ${SHARED_MODULES.join(', ')} (bundle anything else into it)`, { cause });
    }
    throw new PluginLoadError(spec, `is not a loadable ES module: ${(cause as Error).name}: ${message}`, { cause });
  }
  const after = snapshot();
  const added = Object.fromEntries(
    (Object.keys(after) as Array<keyof Registered>).map((kind) => [kind, after[kind].filter((n) => !before[kind].includes(n))]),
  ) as Registered;
  if (Object.values(added).every((names) => names.length === 0)) {
    throw new PluginLoadError(spec, 'loaded, but registered nothing new; a plug-in registers its variant when imported, e.g. variants.register(myVariant) (see docs/plugins.md). Already loaded?');
  }
  return added;
}
