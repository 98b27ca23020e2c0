import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import {
  BackendError,
  CheckpointError,
  ConfigError,
  DataError,
  DuplicateRegistrationError,
  GankitError,
  NonFiniteLossError,
  NotRegisteredError,
  SpecVersionError,
} from './errors.js';

const here = dirname(fileURLToPath(import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'gankit-errors-copy-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** One of each class, built the way gankit builds them. */
function oneOfEach(e: typeof errors) {
  return {
    GankitError: new e.GankitError('base'),
    DuplicateRegistrationError: new e.DuplicateRegistrationError('loss', 'least-squares'),
    NotRegisteredError: new e.NotRegisteredError('variant', 'dcgna', ['dcgan']),
    SpecVersionError: new e.SpecVersionError('loss', 'old', 0, 1),
    ConfigError: new e.ConfigError('config', [{ path: 'batchSize', expected: 'a positive integer', found: 0 }]),
    CheckpointError: new e.CheckpointError('ckpt', 'corrupt'),
    NonFiniteLossError: new e.NonFiniteLossError(3, 'D loss', NaN),
    BackendError: new e.BackendError('no backend'),
    DataError: new e.DataError('bad data'),
  };
}
const classes = { GankitError, DuplicateRegistrationError, NotRegisteredError, SpecVersionError, ConfigError, CheckpointError, NonFiniteLossError, BackendError, DataError };
type ClassName = keyof typeof classes;

describe('error isInstance', () => {
  it('holds for each class and its base, and for no other class', () => {
    const made = oneOfEach(errors);
    for (const [madeName, error] of Object.entries(made) as [ClassName, Error][]) {
      for (const [className, cls] of Object.entries(classes) as [ClassName, typeof GankitError][]) {
        const expected = className === madeName || className === 'GankitError';
        expect(cls.isInstance(error), `${className}.isInstance(new ${madeName})`).toBe(expected);
      }
      expect(error.name).toBe(madeName);
    }
    expect(ConfigError.isInstance(new Error('plain'))).toBe(false);
    expect(ConfigError.isInstance({ name: 'ConfigError', message: 'duck' })).toBe(false);
    expect(GankitError.isInstance(null)).toBe(false);
  });

  it('holds for subclasses users define, whatever name they give them', () => {
    class PluginConfigError extends ConfigError {
      override readonly name = 'PluginConfigError';
    }
    const error = new PluginConfigError('options of my-plugin', [{ path: 'width', expected: 'a positive integer', found: -1 }]);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(GankitError.isInstance(error)).toBe(true);
    expect(CheckpointError.isInstance(error)).toBe(false);
    expect(error.issues[0]!.path).toBe('width');

    class ShapeError extends DataError {
      override readonly name = 'ShapeError';
    }
    expect(DataError.isInstance(new ShapeError('wrong shape'))).toBe(true);
    expect(ConfigError.isInstance(new ShapeError('wrong shape'))).toBe(false);
  });

  it('holds for errors thrown by a second copy of @gankit/core (another module URL)', async () => {
    // A second copy, as npm installs one when two versions of a package cannot share a folder: the
    // same source at another path, imported as a separate module with its own classes.
    copyFileSync(join(here, 'errors.ts'), join(temp, 'errors.ts'));
    const copy = (await import(pathToFileURL(join(temp, 'errors.ts')).href)) as typeof errors;
    expect(copy.ConfigError).not.toBe(ConfigError);
    const made = oneOfEach(copy);
    for (const [madeName, error] of Object.entries(made) as [ClassName, Error][]) {
      expect(error instanceof classes[madeName], 'instanceof cannot see across copies').toBe(false);
      for (const [className, cls] of Object.entries(classes) as [ClassName, typeof GankitError][]) {
        const expected = className === madeName || className === 'GankitError';
        expect(cls.isInstance(error), `${className}.isInstance(new copy.${madeName})`).toBe(expected);
      }
    }
    class FromTheOtherCopy extends copy.ConfigError {
      override readonly name = 'FromTheOtherCopy';
    }
    expect(ConfigError.isInstance(new FromTheOtherCopy('x', []))).toBe(true);
    // and the other way round
    expect(copy.NotRegisteredError.isInstance(new NotRegisteredError('variant', 'x', []))).toBe(true);
    expect(copy.NotRegisteredError.isInstance(new ConfigError('x', []))).toBe(false);
  });
});
