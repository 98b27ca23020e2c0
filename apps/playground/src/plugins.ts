/**
 * Loading a plug-in by URL: an ES module that registers variants (or models, losses, datasets,
 * metrics) in core's registries when imported, like the command line's `--plugin`. Its bare imports of
 * gankit and tfjs resolve to the page's own copies (see shared-modules.ts).
 * @module
 */
import { GankitError, datasets, losses, metrics, models, variants } from '@gankit/core';
import { PluginLoadError } from './errors.js';
import { SHARED_MODULES } from './shared-modules.js';

/** What a plug-in added to the registries, by kind. */
export type Registered = Record<'variants' | 'models' | 'losses' | 'datasets' | 'metrics', string[]>;

function snapshot(): Registered {
  const names = (r: { list(): Array<{ name: string }> }) => r.list().map((x) => x.name);
  return { variants: names(variants), models: names(models), losses: names(losses), datasets: names(datasets), metrics: names(metrics) };
}

/**
 * Imports the module at `url` (relative to the page) and returns what it registered. Throws
 * {@link PluginLoadError} when the URL cannot be fetched, is not served as JavaScript, is not a valid
 * ES module, imports a package the page does not provide, or registers nothing; gankit's own errors (a
 * duplicate name, a spec version mismatch) pass through as they are.
 */
export async function loadPlugin(url: string, base: string = document.baseURI): Promise<Registered> {
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
  const before = snapshot();
  try {
    await import(/* @vite-ignore */ href);
  } catch (cause) {
    if (GankitError.isInstance(cause)) throw cause;
    const message = (cause as Error).message.split('\n')[0] ?? String(cause);
    const bare = /Failed to resolve module specifier ["']([^"']+)["']/.exec(message);
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
