#!/usr/bin/env node
/**
 * Checks the packages the way users get them, not through workspace links:
 *   1. publint and are-the-types-wrong on every public package;
 *   2. `pnpm pack` every public package (workspace ranges become real versions);
 *   3. install the tarballs with plain npm into a fresh temporary project;
 *   4. there: import @gankit/core, @gankit/dcgan and @gankit/datasets as ESM and with require(),
 *      register a custom variant, train a few steps, sample; type-check the project with tsc.
 *
 * Usage: node scripts/check-packages.mjs [--keep]   (run after `pnpm build`)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({ dir: join(root, 'packages', dir), json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.json.private);
const tfjsVersion = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8')).devDependencies['@tensorflow/tfjs-core'];

// 1. Package hygiene.
const bin = join(root, 'node_modules/.bin');
for (const p of packages) {
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
for (const p of packages) {
  const out = run('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', work], p.dir).trim().split('\n').pop().trim();
  tarballs[p.json.name] = resolve(p.dir, out);
  const manifest = JSON.parse(run('tar', ['-xOzf', tarballs[p.json.name], 'package/package.json'], work));
  for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })) {
    if (String(range).startsWith('workspace:')) throw new Error(`${p.json.name}: tarball still has ${name}@${range}`);
  }
  // Plug-in packaging (as ESLint, Vite and Babel plug-ins do): every @gankit package another one builds
  // on is a peer dependency, so an application holds one copy of each whatever a plug-in imports.
  const internal = Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@gankit/'));
  if (internal.length) throw new Error(`${p.json.name}: ${internal.join(', ')} must be peer dependencies, not dependencies`);
  for (const name of Object.keys(manifest.peerDependencies ?? {}).filter((n) => n.startsWith('@gankit/'))) {
    if (!p.json.devDependencies?.[name]?.startsWith('workspace:')) throw new Error(`${p.json.name}: peer ${name} needs a workspace:^ devDependency too`);
  }
  const files = run('tar', ['-tzf', tarballs[p.json.name]], work).split('\n');
  const tests = files.filter((f) => /\.test(-d)?\.(js|d\.ts)$|test-support|fixtures\.test/.test(f));
  if (tests.length) throw new Error(`${p.json.name}: tarball ships test files: ${tests.slice(0, 3).join(', ')}`);
}
log(`packed ${Object.keys(tarballs).length} tarballs into ${work}`);

// 3. A fresh project with plain npm. Overrides point every @gankit/* range at its tarball.
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
log('installed the tarballs with npm');

// 4. Use them as a user would.
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

if (keep) log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`package check passed: ${packages.length} packages`);
