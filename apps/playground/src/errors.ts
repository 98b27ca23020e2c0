/**
 * The playground's own errors, in core's style: a stable `name`, a `Symbol.for` marker and a static
 * `isInstance`; each message says what, where, what was expected and what was found.
 * @module
 */
import { GankitError } from '@gankit/core';

const pluginLoadErrorMarker = Symbol.for('gankit.playground.error.PluginLoadError');

/** A plug-in could not be loaded from a URL: not reachable, not JavaScript, not a module, or it registered nothing. */
export class PluginLoadError extends GankitError {
  private readonly [pluginLoadErrorMarker] = true;
  override readonly name: string = 'PluginLoadError';
  constructor(
    readonly url: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(`Plug-in '${url}': ${problem}`, options);
  }
  static override isInstance(error: unknown): error is PluginLoadError {
    return GankitError.hasMarker(error, pluginLoadErrorMarker);
  }
}

const archiveErrorMarker = Symbol.for('gankit.playground.error.ArchiveError');

/** A file given as a tar archive is not one (or is cut short). */
export class ArchiveError extends GankitError {
  private readonly [archiveErrorMarker] = true;
  override readonly name: string = 'ArchiveError';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
  static override isInstance(error: unknown): error is ArchiveError {
    return GankitError.hasMarker(error, archiveErrorMarker);
  }
}
