import { datasets, type Dataset, type DatasetRegistry } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { GridOptions, ImageFolderOptions, MnistEmbeddedOptions, MnistOptions, RingOptions, SineOptions, SyntheticSplitOptions, TranslationFolderOptions } from './index.js';
import './index.js';

describe('dataset registry keys', () => {
  it('maps every name to its option type', () => {
    expectTypeOf<DatasetRegistry['mnist']>().toEqualTypeOf<MnistOptions>();
    expectTypeOf<DatasetRegistry['fashion-mnist']>().toEqualTypeOf<MnistOptions>();
    expectTypeOf<DatasetRegistry['mnist-embedded']>().toEqualTypeOf<MnistEmbeddedOptions>();
    expectTypeOf<DatasetRegistry['images']>().toEqualTypeOf<ImageFolderOptions>();
    expectTypeOf<DatasetRegistry['ring8']>().toEqualTypeOf<RingOptions & SyntheticSplitOptions>();
    expectTypeOf<DatasetRegistry['grid25']>().toEqualTypeOf<GridOptions & SyntheticSplitOptions>();
    expectTypeOf<DatasetRegistry['sine']>().toEqualTypeOf<SineOptions & SyntheticSplitOptions>();
    expectTypeOf<DatasetRegistry['images-paired']>().toEqualTypeOf<TranslationFolderOptions>();
    expectTypeOf<DatasetRegistry['images-unpaired']>().toEqualTypeOf<TranslationFolderOptions>();
    expectTypeOf<DatasetRegistry['digits-edges']>().toEqualTypeOf<MnistEmbeddedOptions>();
    expectTypeOf<DatasetRegistry['digits-thickness']>().toEqualTypeOf<MnistEmbeddedOptions>();
  });

  it('types the options at the call site', () => {
    expectTypeOf(datasets.get('ring8')).toEqualTypeOf<Dataset<RingOptions & SyntheticSplitOptions>>();
    expectTypeOf(datasets.get('mnist-embedded').load).parameter(0).toEqualTypeOf<Partial<MnistEmbeddedOptions>>();
    expectTypeOf(datasets.get('images').load).parameter(0).toHaveProperty('size').toEqualTypeOf<number | [number, number] | undefined>();
    // @ts-expect-error -- 'split' of mnist is 'train' | 'test' | 'all'
    void datasets.get('mnist').load({ split: 'validation' }, { rng: undefined! });
    // @ts-expect-error -- ring8 has no 'modes' option (its count is 'count')
    void datasets.get('ring8').load({ modes: 8 }, { rng: undefined! });
    // names nobody declared still work, with the base option type
    expectTypeOf(datasets.get('my-own-data')).toEqualTypeOf<Dataset<Record<string, unknown>>>();
  });
});
