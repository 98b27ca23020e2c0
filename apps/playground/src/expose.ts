/**
 * Puts the page's copies of the shared packages where the re-exporting modules of the import map find
 * them (see shared-modules.ts). Imported before any plug-in is loaded.
 * @module
 */
import * as bigan from '@gankit/bigan';
import * as cgan from '@gankit/cgan';
import * as core from '@gankit/core';
import * as datasets from '@gankit/datasets';
import * as dcgan from '@gankit/dcgan';
import * as infogan from '@gankit/infogan';
import * as losses from '@gankit/losses';
import * as metrics from '@gankit/metrics';
import * as networks from '@gankit/networks';
import * as sgan from '@gankit/sgan';
import * as vanilla from '@gankit/vanilla';
import * as wgan from '@gankit/wgan';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { SHARED_MODULES_KEY, type SharedModuleName } from './shared-modules.js';

const shared: Record<SharedModuleName, unknown> = {
  '@gankit/core': core,
  '@gankit/losses': losses,
  '@gankit/datasets': datasets,
  '@gankit/metrics': metrics,
  '@gankit/networks': networks,
  '@gankit/vanilla': vanilla,
  '@gankit/dcgan': dcgan,
  '@gankit/wgan': wgan,
  '@gankit/cgan': cgan,
  '@gankit/infogan': infogan,
  '@gankit/sgan': sgan,
  '@gankit/bigan': bigan,
  '@tensorflow/tfjs-core': tf,
  '@tensorflow/tfjs-layers': tfl,
};
(globalThis as unknown as Record<symbol, unknown>)[Symbol.for(SHARED_MODULES_KEY)] = shared;
