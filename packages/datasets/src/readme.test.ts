import { Rng } from '@gankit/core';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { grid25, ring8 } from './mixtures.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('states the defaults of the mixtures\' `labelled` option that the code uses', async () => {
    const options = readme.slice(readme.indexOf('Options: `ring8`'));
    for (const [name, dataset] of [['ring8', ring8], ['grid25', grid25]] as const) {
      const documented = new RegExp(`\`${name}\`:[^]*?\`labelled\` \\((true|false)`).exec(options)?.[1];
      const source = await dataset.load({ size: 8 }, { rng: new Rng(1) });
      expect(documented, `README default of ${name}'s labelled`).toBe(String(source.spec.numClasses !== undefined));
    }
  });
});
