import { losses, regularizers, type LossPair, type LossRegistry, type Regularizer, type RegularizerRegistry } from '@gankit/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { GradientPenaltyOptions, R1Options, WeightClippingOptions } from './index.js';

describe('registry names declared by @gankit/losses', () => {
  it('declares every loss pair', () => {
    expectTypeOf<
      'minimax' | 'non-saturating' | 'least-squares' | 'hinge' | 'wasserstein' | 'relativistic' | 'relativistic-average'
    >().toExtend<keyof LossRegistry>();
    expectTypeOf(losses.get('relativistic-average')).toEqualTypeOf<LossPair>();
    expectTypeOf(losses.get('hinge')).toEqualTypeOf<LossPair>();
  });

  it('types each regularizer with its options', () => {
    expectTypeOf<RegularizerRegistry['gradient-penalty']>().toEqualTypeOf<GradientPenaltyOptions>();
    expectTypeOf<RegularizerRegistry['r1']>().toEqualTypeOf<R1Options>();
    expectTypeOf<RegularizerRegistry['weight-clipping']>().toEqualTypeOf<WeightClippingOptions>();
    expectTypeOf(regularizers.get('gradient-penalty')).toEqualTypeOf<Regularizer<GradientPenaltyOptions>>();
    expectTypeOf(regularizers.get('weight-clipping')).toEqualTypeOf<Regularizer<WeightClippingOptions>>();
    expectTypeOf(regularizers.get('weight-clipping').constrain).parameter(1).toEqualTypeOf<Partial<WeightClippingOptions>>();
  });

  it('rejects options of the wrong type for a declared name', () => {
    const gp = regularizers.get('gradient-penalty');
    // @ts-expect-error target is a number
    gp.penalty?.({} as never, { target: 'one' });
  });

  it('still accepts names nobody declared, with the base types', () => {
    expectTypeOf(regularizers.get('spectral-norm')).toEqualTypeOf<Regularizer<Record<string, unknown>>>();
  });
});
