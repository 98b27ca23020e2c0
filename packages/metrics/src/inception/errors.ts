/**
 * Typed errors of the feature networks (Inception-v3): each names the file or URL, what was expected
 * and what was found, and says what to do.
 * @module
 */
import { GankitError } from '@gankit/core';

const featureNetworkErrorMarker = Symbol.for('gankit.error.FeatureNetworkError');

/**
 * A feature network cannot be had: not downloadable (offline, HTTP error), not in the cache, or its
 * files are not a TF.js model. The message says what to download and where to put it.
 */
export class FeatureNetworkError extends GankitError {
  private readonly [featureNetworkErrorMarker] = true;
  override readonly name: string = 'FeatureNetworkError';
  static override isInstance(error: unknown): error is FeatureNetworkError {
    return GankitError.hasMarker(error, featureNetworkErrorMarker);
  }
}

const featureNetworkChecksumErrorMarker = Symbol.for('gankit.error.FeatureNetworkChecksumError');

/**
 * A feature network's file does not have the SHA-256 it should: the published one, or the one
 * recorded when it was first downloaded. Nothing is deleted: the message says how to start over.
 */
export class FeatureNetworkChecksumError extends FeatureNetworkError {
  private readonly [featureNetworkChecksumErrorMarker] = true;
  override readonly name: string = 'FeatureNetworkChecksumError';
  constructor(
    /** The file (a path in the cache, or a URL for a download). */
    readonly file: string,
    /** The SHA-256 it should have, lower-case hex. */
    readonly expected: string,
    /** The SHA-256 of what was read. */
    readonly found: string,
    advice: string,
  ) {
    super(`${file}: SHA-256 is ${found}, expected ${expected}. ${advice}`);
  }
  static override isInstance(error: unknown): error is FeatureNetworkChecksumError {
    return GankitError.hasMarker(error, featureNetworkChecksumErrorMarker);
  }
}
