/**
 * Registers every dataset of this package in core's `datasets` registry, and declares their names and
 * option types so `datasets.get('ring8').load({ size: 1000 }, ctx)` type-checks. Imported by the main
 * entry (and by `/node`); listed in `sideEffects`.
 *
 * All twelve are registered here, in the browser-safe entry. The six that read files (`mnist`,
 * `fashion-mnist`, `cifar10`, `images`, `images-paired`, `images-unpaired`) import the Node code only
 * inside `load()`, through a specifier bundlers do
 * not follow: one import registers every name in Node, and a browser build stays free of `node:`
 * modules (calling those six there throws `UnsupportedEnvironmentError`).
 * @module
 */
import { datasets, pluginSource } from '@gankit/core';
import manifest from '../package.json' with { type: 'json' };
import { mnistEmbedded, type MnistEmbeddedOptions } from './embedded.js';
import type { CifarOptions } from './cifar.js';
import type { MnistOptions } from './mnist.js';
import { grid25, ring8, type GridOptions, type RingOptions, type SyntheticSplitOptions } from './mixtures.js';
import { digitsEdges, digitsThickness } from './digit-translation.js';
import { cifar10, fashionMnist, images, imagesPaired, imagesUnpaired, mnist, type ImageFolderOptions, type TranslationFolderOptions } from './node-datasets.js';
import { sine, type SineOptions } from './sine.js';

declare module '@gankit/core' {
  interface DatasetRegistry {
    mnist: MnistOptions;
    'fashion-mnist': MnistOptions;
    cifar10: CifarOptions;
    'mnist-embedded': MnistEmbeddedOptions;
    images: ImageFolderOptions;
    ring8: RingOptions & SyntheticSplitOptions;
    grid25: GridOptions & SyntheticSplitOptions;
    sine: SineOptions & SyntheticSplitOptions;
    'images-paired': TranslationFolderOptions;
    'images-unpaired': TranslationFolderOptions;
    'digits-edges': MnistEmbeddedOptions;
    'digits-thickness': MnistEmbeddedOptions;
  }
}

const source = pluginSource(manifest, import.meta.url);
for (const dataset of [mnist, fashionMnist, cifar10, mnistEmbedded, images, ring8, grid25, sine, imagesPaired, imagesUnpaired, digitsEdges, digitsThickness]) datasets.register(dataset, { source });
