#!/usr/bin/env node
/**
 * Checks the packages the way users get them, not through workspace links:
 *   0. the pending changesets make a release plan (`changeset status`, which `changeset version` needs:
 *      it refuses, for one, a changeset naming both an ignored package and a published one);
 *   1. every file a public package lists in "files" exists; publint and are-the-types-wrong;
 *   2. `pnpm pack` every public package and the gankit command (workspace ranges become real versions;
 *      @gankit packages that others build on are peer dependencies; no test files);
 *   3. a third-party plug-in package, as docs/plugins.md describes it: @gankit/core, @gankit/losses,
 *      @gankit/dcgan and tfjs as peer dependencies, packed with npm;
 *   4. install all the tarballs with plain npm into a fresh temporary project; `npm ls` must show one
 *      copy of @gankit/core, @gankit/losses, @gankit/dcgan, @tensorflow/tfjs-core and -layers;
 *   5. there: import @gankit/core, @gankit/dcgan and @gankit/datasets as ESM and with require(),
 *      register a custom variant, train a few steps, sample; type-check the project with tsc;
 *   6. the installed `gankit` command loads the plug-in (`--plugin <path>` and by package name), lists
 *      it and trains its variant 2 steps; the plug-in's network, built with its own import of
 *      tfjs-layers and core's seeded initializers, runs; none of this prints a duplicate registration,
 *      'Improper config format' (two tfjs-layers) or 'already registered' (two backends);
 *   7. a second copy of @gankit/losses under the plug-in (what npm does when it cannot share one) is
 *      harmless at the same version and, at another version, stops the command with both copies named.
 *
 * Usage: node scripts/check-packages.mjs [--keep]   (run after `pnpm build`)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const started = Date.now();
const log = (line) => console.log(`[check-packages ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);

function run(cmd, args, cwd, quiet = true) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  } catch (error) {
    console.error(`\n${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    process.exit(1);
  }
}

/** Runs a command that may fail; returns its exit code and output. */
function attempt(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr, all: `${r.stdout}${r.stderr}` };
}

/** What two copies of a package print: gankit's duplicate error, tfjs-layers' and tfjs-core's complaints. */
const TWO_COPIES = /DuplicateRegistrationError|already registered|Improper config format/i;

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private);
const tfjsVersion = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8')).devDependencies['@tensorflow/tfjs-core'];

const bin = join(root, 'node_modules/.bin');

// 0. Changesets.
const planDir = mkdtempSync(join(tmpdir(), 'gankit-changesets-'));
run(join(bin, 'changeset'), ['status', '--output', join(planDir, 'plan.json')], root);
const plan = JSON.parse(readFileSync(join(planDir, 'plan.json'), 'utf8'));
rmSync(planDir, { recursive: true, force: true });
log(`changesets: ${plan.changesets.length} pending, a release plan for ${plan.releases.length} packages`);

// 1. Package hygiene.
for (const p of packages) {
  // npm pack leaves out a listed file that does not exist without a word; publint does not look.
  const missing = (p.json.files ?? []).filter((f) => !f.startsWith('!') && !/[*?]/.test(f) && !existsSync(join(p.dir, f)));
  if (missing.length) throw new Error(`${p.json.name}: "files" lists ${missing.join(', ')}, which does not exist`);
  run(join(bin, 'publint'), ['--strict', '--pack', 'npm'], p.dir);
  // Data files exported for URL resolution (the classifier's weights.bin) are not modules: attw skips them.
  const dataExports = Object.entries(p.json.exports ?? {})
    .filter(([, target]) => typeof target === 'string' && !/\.(js|json)$/.test(target))
    .map(([key]) => key);
  const exclude = dataExports.length ? ['--exclude-entrypoints', ...dataExports] : [];
  run(join(bin, 'attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped', ...exclude], p.dir);
}
log(`publint and attw: ${packages.length} packages clean`);

// 2. Tarballs.
const work = mkdtempSync(join(tmpdir(), 'gankit-packages-'));
const tarballs = {};
function pack(dir, json) {
  const out = run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', work], dir).trim().split('\n').pop().trim();
  tarballs[json.name] = resolve(dir, out);
  const manifest = JSON.parse(run('tar', ['-xOzf', tarballs[json.name], 'package/package.json'], work));
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (String(range).startsWith('workspace:')) throw new Error(`${json.name}: tarball still has ${name}@${range}`);
  }
  const files = run('tar', ['-tzf', tarballs[json.name]], work).split('\n');
  const tests = files.filter((f) => /\.test(-d)?\.(js|d\.ts)$|test-support|fixtures\.test|^package\/test\//.test(f));
  if (tests.length) throw new Error(`${json.name}: tarball ships test files: ${tests.slice(0, 3).join(', ')}`);
  return { manifest, files };
}
for (const p of packages) {
  const { manifest } = pack(p.dir, p.json);
  // Plug-in packaging (as ESLint, Vite and Babel plug-ins do): every @gankit package another one builds
  // on is a peer dependency, so an application holds one copy of each whatever a plug-in imports.
  const internal = Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@gankit/'));
  if (internal.length) throw new Error(`${p.json.name}: ${internal.join(', ')} must be peer dependencies, not dependencies`);
  for (const name of Object.keys(manifest.peerDependencies ?? {}).filter((n) => n.startsWith('@gankit/'))) {
    if (!p.json.devDependencies?.[name]?.startsWith('workspace:')) throw new Error(`${p.json.name}: peer ${name} needs a workspace:^ devDependency too`);
  }
}
// The gankit command: private, so never published, but `pnpm pack` packs it like the others.
const appDir = join(root, 'apps/benchmark');
const app = pack(appDir, JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')));
if (!app.files.includes('package/dist/cli.js') || app.manifest.bin?.gankit !== './dist/cli.js') throw new Error('@gankit/benchmark: tarball has no gankit bin');
log(`packed ${Object.keys(tarballs).length} tarballs (${packages.length} packages and the gankit command) into ${work}`);

// 3. A third-party plug-in in its own folder, packaged the way docs/plugins.md says.
const pluginDir = join(work, 'gankit-plugin-lsgan');
mkdirSync(pluginDir);
const gankitRange = (name) => `^${JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8')).version}`;
writeFileSync(
  join(pluginDir, 'package.json'),
  JSON.stringify(
    {
      name: 'gankit-plugin-lsgan',
      version: '1.0.0',
      type: 'module',
      exports: './index.js',
      sideEffects: ['./index.js'],
      peerDependencies: {
        '@gankit/core': gankitRange('core'),
        '@gankit/losses': gankitRange('losses'),
        '@gankit/dcgan': gankitRange('dcgan'),
        '@tensorflow/tfjs-core': `^${tfjsVersion}`,
        '@tensorflow/tfjs-layers': `^${tfjsVersion}`,
      },
    },
    null,
    2,
  ),
);
writeFileSync(
  join(pluginDir, 'index.js'),
  `import { MODEL_SPEC_VERSION, VARIANT_SPEC_VERSION, models, pluginSource, variants } from '@gankit/core';
import '@gankit/losses'; // registers 'least-squares'
import { dcganDefaults, smallNetworksPreset } from '@gankit/dcgan';
import * as tfl from '@tensorflow/tfjs-layers';
import manifest from './package.json' with { type: 'json' };

const source = pluginSource(manifest, import.meta.url);
// A network built with this package's import of tfjs-layers and core's seeded initializers: with two
// copies of tfjs-layers, the initializer would fail its instanceof check ('Improper config format').
models.register(
  {
    specVersion: MODEL_SPEC_VERSION,
    name: 'plugin-critic',
    description: 'a linear critic (third-party plug-in)',
    role: 'discriminator',
    create: (context) =>
      tfl.sequential({
        layers: [
          tfl.layers.reshape({ inputShape: context.data.shape, targetShape: [context.data.shape.reduce((a, b) => a * b, 1)] }),
          tfl.layers.dense({ units: 1, kernelInitializer: context.init.glorotUniform() }),
        ],
      }),
  },
  { source },
);
// Public API only: the DCGAN defaults with another loss, whatever shape the config has.
variants.register(
  {
    specVersion: VARIANT_SPEC_VERSION,
    name: 'plugin-lsgan',
    description: 'least-squares DCGAN (third-party plug-in)',
    defaultConfig: (data) => ({ ...dcganDefaults(data), loss: 'least-squares' }),
    presets: { small: smallNetworksPreset },
  },
  { source },
);
`,
);
const pluginTarball = join(work, run('npm', ['pack', '--pack-destination', work], pluginDir).trim().split('\n').pop().trim());

// 4. A fresh project with plain npm. Overrides point every @gankit/* range at its tarball.
const project = join(work, 'project');
run('mkdir', ['-p', project], work);
const local = Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
writeFileSync(
  join(project, 'package.json'),
  JSON.stringify(
    {
      name: 'gankit-user-project',
      private: true,
      type: 'module',
      dependencies: {
        '@gankit/core': local['@gankit/core'],
        '@gankit/dcgan': local['@gankit/dcgan'],
        '@gankit/datasets': local['@gankit/datasets'],
        '@gankit/backend-wasm': local['@gankit/backend-wasm'],
        '@gankit/benchmark': local['@gankit/benchmark'],
        'gankit-plugin-lsgan': `file:${pluginTarball}`,
        '@tensorflow/tfjs-core': tfjsVersion,
        '@tensorflow/tfjs-layers': tfjsVersion,
        '@tensorflow/tfjs-backend-cpu': tfjsVersion,
        '@tensorflow/tfjs-backend-wasm': tfjsVersion,
      },
      devDependencies: { typescript: '~5.9.2', '@types/node': '^20.19.0' },
      overrides: local,
    },
    null,
    2,
  ),
);
run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], project);
const single = ['@gankit/core', '@gankit/losses', '@gankit/dcgan', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];
const copies = run('npm', ['ls', '--all', '--parseable', ...single], project).trim().split('\n');
for (const name of single) {
  const paths = copies.filter((path) => path.replaceAll('\\', '/').endsWith(`/node_modules/${name}`));
  if (paths.length !== 1) throw new Error(`npm ls: expected one copy of ${name}, found ${paths.length}:\n${paths.join('\n')}`);
}
log(`installed the tarballs and the plug-in with npm; npm ls: one copy each of ${single.join(', ')}`);

// 5. Use them as a user would.
const userCode = `
import { datasets, Rng, selectBackend, Trainer, Sampler, variants, VARIANT_SPEC_VERSION, type VariantConfig } from '@gankit/core';
import '@gankit/backend-wasm';
import '@gankit/datasets';
import { dcganDefaults, smallNetworksPreset } from '@gankit/dcgan';
import * as tf from '@tensorflow/tfjs-core';

// A custom variant: DCGAN networks with the least-squares loss... from a loss registered here.
import { losses, LOSS_SPEC_VERSION } from '@gankit/core';
losses.register({
  specVersion: LOSS_SPEC_VERSION,
  name: 'user-least-squares',
  description: 'least squares, written by the user',
  output: 'identity',
  discriminatorLoss: (real, fake) => tf.tidy(() => tf.mul(tf.add(tf.mean(tf.square(tf.sub(real, 1))), tf.mean(tf.square(fake))), 0.5)) as tf.Scalar,
  generatorLoss: (fake) => tf.tidy(() => tf.mul(tf.mean(tf.square(tf.sub(fake, 1))), 0.5)) as tf.Scalar,
});
variants.register({
  specVersion: VARIANT_SPEC_VERSION,
  name: 'user-lsgan',
  description: 'a user variant',
  defaultConfig: (data): VariantConfig => ({ ...dcganDefaults(data), loss: 'user-least-squares', batchSize: 16 }),
  presets: { small: smallNetworksPreset },
});

const backend = await selectBackend();
const data = await datasets.get('mnist-embedded').load({ split: 'train' }, { rng: new Rng(1) });
const trainer = Trainer.create({ variant: 'user-lsgan', data, seed: 1, preset: 'small' });
const first = await trainer.run({ steps: 1 });
const tensors = tf.memory().numTensors;
const last = await trainer.run({ steps: 3 });
if (tf.memory().numTensors !== tensors) throw new Error('tensor count grew across steps');
const sampler = Sampler.fromTrainer(trainer);
const images = sampler.generate(4, { seed: 1 });
if (images.shape.join('x') !== '4x28x28x1') throw new Error('unexpected sample shape ' + images.shape.join('x'));
images.dispose();
console.log(JSON.stringify({ backend: backend.name, steps: trainer.step, first: first?.dLoss, last: last?.dLoss }));
`;
writeFileSync(join(project, 'user.ts'), userCode);
writeFileSync(
  join(project, 'tsconfig.json'),
  JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, outDir: 'out', skipLibCheck: true, types: ['node'] }, include: ['user.ts'] }),
);
run(join(project, 'node_modules/.bin/tsc'), ['-p', '.'], project);
log('tsc type-checked and compiled the user project against the packed .d.ts files');
const result = JSON.parse(run('node', ['out/user.js'], project).trim().split('\n').pop());
if (result.steps !== 4 || !Number.isFinite(result.last)) throw new Error(`unexpected training result ${JSON.stringify(result)}`);
log(`ESM: trained a custom variant 4 steps on ${result.backend} (D loss ${result.first.toFixed(3)} -> ${result.last.toFixed(3)}) and sampled`);

writeFileSync(
  join(project, 'require.cjs'),
  `const core = require('@gankit/core'); require('@gankit/dcgan'); require('@gankit/datasets');
   if (!core.variants.has('dcgan') || !core.datasets.has('mnist-embedded')) throw new Error('plug-ins did not register through require()');
   console.log('require ok');`,
);
run('node', ['require.cjs'], project);
log('CommonJS: require() of the ESM packages works (Node >= 20.19)');

// 6. The installed gankit command with the plug-in.
const gankit = join(project, 'node_modules/.bin/gankit');
const installedPlugin = './node_modules/gankit-plugin-lsgan/index.js';
const listed = attempt(gankit, ['--plugin', installedPlugin, 'list', '--json'], project);
if (listed.code !== 0 || TWO_COPIES.test(listed.err)) throw new Error(`gankit --plugin ${installedPlugin} list failed (${listed.code}):\n${listed.all}`);
const registered = JSON.parse(listed.out);
if (!registered.variants.some((v) => v.name === 'plugin-lsgan') || !registered.models.some((m) => m.name === 'plugin-critic')) {
  throw new Error(`gankit list does not show the plug-in's variant and model:\n${listed.out}`);
}
const trained = attempt(gankit, ['--plugin', 'gankit-plugin-lsgan', 'train', '--variant', 'plugin-lsgan', '--dataset', 'mnist-embedded', '--preset', 'small', '--steps', '2', '--out', 'plugin-run'], project);
const record = trained.code === 0 ? JSON.parse(readFileSync(join(project, 'plugin-run/run.json'), 'utf8')) : undefined;
if (trained.code !== 0 || TWO_COPIES.test(trained.all) || record?.status !== 'done' || record.step !== 2) {
  throw new Error(`gankit train of the plug-in's variant failed (${trained.code}):\n${trained.all}`);
}
writeFileSync(
  join(project, 'plugin-network.mjs'),
  `import { datasets, models, Rng, seededInitializers, selectBackend } from '@gankit/core';
   import '@gankit/datasets';
   import 'gankit-plugin-lsgan';
   import * as tf from '@tensorflow/tfjs-core';
   await selectBackend({ prefer: 'cpu' });
   const data = await datasets.get('ring8').load({ size: 16 }, { rng: new Rng(1) });
   const rng = new Rng(2);
   const critic = models.get('plugin-critic').create({ data: data.spec, latentDim: 2, rng, init: seededInitializers(rng) }, {});
   const scores = critic.predict(tf.zeros([3, ...data.spec.shape]));
   console.log(scores.shape.join('x'));`,
);
const network = attempt('node', ['plugin-network.mjs'], project);
if (network.code !== 0 || !/^3x1$/m.test(network.out) || TWO_COPIES.test(network.all)) throw new Error(`the plug-in's network did not build and run:\n${network.all}`);
log(`installed gankit: --plugin by path and by name lists the plug-in, trains its variant 2 steps; its tfjs-layers network runs`);

// 7. A second copy of @gankit/losses inside the plug-in, as npm leaves one when versions disagree.
const nested = join(project, 'node_modules/gankit-plugin-lsgan/node_modules/@gankit/losses');
cpSync(join(project, 'node_modules/@gankit/losses'), nested, { recursive: true, dereference: true });
const sameVersion = attempt(gankit, ['--plugin', 'gankit-plugin-lsgan', 'list'], project);
if (sameVersion.code !== 0 || TWO_COPIES.test(sameVersion.all)) throw new Error(`a second copy of the same @gankit/losses version broke gankit list:\n${sameVersion.all}`);
const nestedManifest = JSON.parse(readFileSync(join(nested, 'package.json'), 'utf8'));
writeFileSync(join(nested, 'package.json'), JSON.stringify({ ...nestedManifest, version: '0.0.1-other' }));
const otherVersion = attempt(gankit, ['--plugin', 'gankit-plugin-lsgan', 'list'], project);
const expected = [
  /DuplicateRegistrationError: A different loss is already registered as '[a-z-]+'/,
  new RegExp(`first: +@gankit/losses ${nestedManifest.version.replaceAll('.', '\\.')} \\(${project.replaceAll('\\', '/')}/node_modules/@gankit/losses/dist/register\\.js\\)`),
  /second: +@gankit\/losses 0\.0\.1-other \(.*\/gankit-plugin-lsgan\/node_modules\/@gankit\/losses\/dist\/register\.js\)/,
  /peer dependency/,
];
if (otherVersion.code !== 1 || !expected.every((re) => re.test(otherVersion.err.replaceAll('\\', '/')))) {
  throw new Error(`two versions of @gankit/losses: expected a DuplicateRegistrationError naming both, got (${otherVersion.code}):\n${otherVersion.all}`);
}
rmSync(join(project, 'node_modules/gankit-plugin-lsgan/node_modules'), { recursive: true, force: true });
log('a second copy of @gankit/losses: same version ignored; another version stopped with both copies named');

if (keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`package check passed: ${packages.length} packages`);
