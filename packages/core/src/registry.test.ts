import { describe, expect, it } from 'vitest';
import { DuplicateRegistrationError, NotRegisteredError, SpecVersionError } from './errors.js';
import { pluginSource, registeringFrom, Registry, type PluginSource } from './registry.js';

const item = (name: string, specVersion = 1) => ({ specVersion, name, description: `the ${name}` });

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

const losses010: PluginSource = { package: '@gankit/losses', version: '0.1.0', path: '/app/node_modules/@gankit/losses/dist/register.js' };
const losses010Copy: PluginSource = { ...losses010, path: '/app/node_modules/my-plugin/node_modules/@gankit/losses/dist/register.js' };
const losses020Copy: PluginSource = { ...losses010Copy, version: '0.2.0' };

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
    expect((err as Error).message).toMatch(/^A different widget is already registered as 'alpha'/);
    expect((err as Error).message).toMatch(/override: true/);
    const b = item('alpha');
    r.register(b, { override: true });
    expect(r.get('alpha')).toBe(b);
  });

  it('ignores the identical plug-in registered again from a second copy of the same package version', () => {
    const r = new Registry<ReturnType<typeof item>>('loss', 1, 'gankit.test.widgets.f');
    const first = r.register(item('least-squares'), { source: losses010 });
    const second = item('least-squares');
    expect(() => r.register(second, { source: losses010Copy })).not.toThrow();
    expect(r.get('least-squares')).toBe(first);
    expect(r.source('least-squares')).toEqual(losses010);
  });

  it('names both sides of a real conflict (another version) and says how to fix it', () => {
    const r = new Registry<ReturnType<typeof item>>('loss', 1, 'gankit.test.widgets.g');
    const first = r.register(item('least-squares'), { source: losses010 });
    const err = thrown(() => r.register(item('least-squares'), { source: losses020Copy }));
    expect(DuplicateRegistrationError.isInstance(err)).toBe(true);
    expect(err.message).toBe(
      [
        "A different loss is already registered as 'least-squares'. The first registration is kept; this second one was refused.",
        '  first:  @gankit/losses 0.1.0 (/app/node_modules/@gankit/losses/dist/register.js)',
        '  second: @gankit/losses 0.2.0 (/app/node_modules/my-plugin/node_modules/@gankit/losses/dist/register.js)',
        'Two versions of @gankit/losses are installed. Make @gankit/losses a peer dependency (not a dependency) of the package ' +
          'that brought the second copy, or run `npm dedupe`, so that one copy is left; ' +
          'to replace the first on purpose, pass { override: true }.',
      ].join('\n'),
    );
    expect(err).toMatchObject({ kind: 'loss', key: 'least-squares', first: losses010, second: losses020Copy });
    expect(r.get('least-squares')).toBe(first);
  });

  it('names both packages when two packages use the same name', () => {
    const r = new Registry<ReturnType<typeof item>>('variant', 1, 'gankit.test.widgets.h');
    r.register(item('lsgan'), { source: { package: 'gankit-lsgan', version: '1.0.0', path: '/app/node_modules/gankit-lsgan/index.js' } });
    const err = thrown(() => r.register({ ...item('lsgan'), source: { package: 'my-lsgan', version: '2.1.0' } }));
    expect(err.message).toContain('  first:  gankit-lsgan 1.0.0 (/app/node_modules/gankit-lsgan/index.js)\n  second: my-lsgan 2.1.0\n');
    expect(err.message).toMatch(/Two packages register a variant named 'lsgan'\. Rename one of them.*or pass \{ override: true \}/);
  });

  it('without sources, says which registration came first and which second', () => {
    const r = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.i');
    r.register(item('alpha'), { source: losses010 });
    const err = thrown(() => r.register(item('alpha')));
    expect(err.message).toContain(
      '  first:  @gankit/losses 0.1.0 (/app/node_modules/@gankit/losses/dist/register.js)\n  second: unknown package (registered without a source)\n',
    );
    const bare = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.j');
    bare.register(item('beta'));
    const unknown = thrown(() => bare.register(item('beta'), { source: losses010 }));
    expect(unknown.message).toContain('  first:  unknown package (registered without a source)\n  second: @gankit/losses 0.1.0');
    expect(unknown.message).toContain('{ override: true }');
  });

  it('takes the source from the object or the options, replaces it with override, forgets it with unregister', () => {
    const r = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.k');
    r.register({ ...item('gamma'), source: losses010 });
    expect(r.source('gamma')).toEqual(losses010);
    r.register({ ...item('gamma'), source: losses010Copy }); // same package and version: no-op
    expect(r.source('gamma')).toEqual(losses010);
    const replacement = r.register(item('gamma'), { override: true, source: losses020Copy });
    expect(r.get('gamma')).toBe(replacement);
    expect(r.source('gamma')).toEqual(losses020Copy);
    r.unregister('gamma');
    expect(r.source('gamma')).toBeUndefined();
  });

  it('pluginSource reads name and version from a package.json and the path from a module URL', () => {
    const manifest = { name: '@gankit/losses', version: '0.1.0', description: 'ignored' };
    expect(pluginSource(manifest, 'file:///app/node_modules/%40gankit/losses/dist/register.js')).toEqual({
      package: '@gankit/losses',
      version: '0.1.0',
      path: '/app/node_modules/@gankit/losses/dist/register.js',
    });
    expect(pluginSource(manifest, 'file:///C:/app/node_modules/x/index.js').path).toBe('C:\\app\\node_modules\\x\\index.js');
    expect(pluginSource(manifest, 'https://cdn.example/gankit/losses/register.js').path).toBe('https://cdn.example/gankit/losses/register.js');
    expect(pluginSource(manifest)).toEqual({ package: '@gankit/losses', version: '0.1.0' });
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

  it('takes the source of the plug-in being loaded for registrations without one, and names it in a conflict', async () => {
    const r = new Registry<ReturnType<typeof item>>('widget', 1, 'gankit.test.widgets.loading');
    const first: PluginSource = { package: 'gankit-plugin-a', version: '1.0.0', path: '/app/node_modules/gankit-plugin-a/index.js' };
    const second: PluginSource = { package: '/work/my-gans/dist/index.js', version: 'unversioned', path: '/work/my-gans/dist/index.js' };
    await registeringFrom(first, async () => r.register(item('alpha')));
    expect(r.source('alpha')).toEqual(first);
    const error = await registeringFrom(second, async () => thrown(() => r.register(item('alpha'))));
    expect(DuplicateRegistrationError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/first: +gankit-plugin-a 1\.0\.0 \(\/app\/node_modules\/gankit-plugin-a\/index\.js\)\n +second: +\/work\/my-gans\/dist\/index\.js \(a plug-in file\)/);
    // An explicit source wins; outside a load, nothing is assumed.
    await registeringFrom(second, async () => r.register(item('beta'), { source: losses010 }));
    expect(r.source('beta')).toEqual(losses010);
    r.register(item('gamma'));
    expect(r.source('gamma')).toBeUndefined();
  });
});
