import { describe, expect, it } from 'vitest';
import { DuplicateRegistrationError, NotRegisteredError, SpecVersionError } from './errors.js';
import { Registry } from './registry.js';

const item = (name: string, specVersion = 1) => ({ specVersion, name, description: `the ${name}` });

describe('Registry', () => {
  it('registers, looks up and lists by name', () => {
    const r = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.a');
    const a = r.register(item('alpha'));
    r.register(item('beta'));
    expect(r.get('alpha')).toBe(a);
    expect(r.names()).toEqual(['alpha', 'beta']);
    expect(r.list().map((x) => x.name)).toEqual(['alpha', 'beta']);
    expect(r.has('gamma')).toBe(false);
  });

  it('treats the same object twice as a no-op and another object under a taken name as an error', () => {
    const r = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.b');
    const a = item('alpha');
    r.register(a);
    expect(() => r.register(a)).not.toThrow();
    const err = (() => {
      try {
        r.register(item('alpha'));
      } catch (e) {
        return e;
      }
    })();
    expect(DuplicateRegistrationError.isInstance(err)).toBe(true);
    expect((err as Error).message).toMatch(/A different widget is already registered as 'alpha'.*override: true/);
    const b = item('alpha');
    r.register(b, { override: true });
    expect(r.get('alpha')).toBe(b);
  });

  it('lists what is registered when a name is missing, with a suggestion', () => {
    const r = new Registry<ReturnType<typeof item>>('variant', 1, 'gankit.test.widgets.c');
    for (const n of ['dcgan', 'vanilla', 'wgan', 'wgan-gp', 'cgan']) r.register(item(n));
    let err: unknown;
    try {
      r.get('dcgna');
    } catch (e) {
      err = e;
    }
    expect(NotRegisteredError.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe(
      "No variant named 'dcgna'. Registered: cgan, dcgan, vanilla, wgan, wgan-gp. Did you mean 'dcgan'?",
    );
  });

  it('checks the plug-in interface version and says how to fix a mismatch', () => {
    const r = new Registry<ReturnType<typeof item>>('loss', 1, 'gankit.test.widgets.d');
    expect(() => r.register(item('old', 0))).toThrowError(SpecVersionError);
    expect(() => r.register(item('old', 0))).toThrowError(/implements specVersion 0, but this @gankit\/core expects specVersion 1\. Upgrade/);
    expect(() => r.register({ specVersion: 1, name: '', description: '' })).toThrowError(/non-empty string 'name'/);
  });

  it('shares its contents with every registry on the same global key (two copies of core)', () => {
    const a = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.e');
    const b = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.e');
    a.register(item('shared'));
    expect(b.has('shared')).toBe(true);
  });
});
