import { ConfigError, type VariantConfig } from '@gankit/core';
import { describe, expect, it } from 'vitest';
import { configOverrides, parseSettings, type SettingsForm } from './settings.js';

const form: SettingsForm = {
  variant: 'vanilla', preset: '', dataset: 'ring8', dataOptions: '{"sigma": 0.05}', loss: 'minimax', dSteps: '2',
  lrG: '2e-4', lrD: '', seed: '3', config: '{"batchSize": 128}', evalEvery: '250', evalSamples: '1000',
};

describe('playground settings', () => {
  it('turns the form into config overrides, as gankit train --config would take them', () => {
    const settings = parseSettings(form);
    const defaults = { optimizers: { generator: { type: 'adam', learningRate: 1e-3 }, discriminator: { type: 'adam', learningRate: 1e-3 } } } as unknown as VariantConfig;
    expect(configOverrides(settings, defaults)).toEqual({ batchSize: 128, dSteps: 2, loss: 'minimax', optimizers: { generator: { learningRate: 2e-4 } } });
    expect(settings.dataOptions).toEqual({ sigma: 0.05 });
  });

  it('reports every bad field at once', () => {
    let error: unknown;
    try {
      parseSettings({ ...form, dSteps: '0', lrG: '3', seed: '-1', dataOptions: '{sigma', config: '[1]' });
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    const paths = (error as ConfigError).issues.map((i) => i.path);
    expect(paths).toEqual(['data options', 'k (D steps per G step)', 'seed', 'config overrides', 'generator learning rate']);
    expect((error as Error).message).toMatch(/generator learning rate: expected a learning rate in \(0, 1\)/);
  });
});
