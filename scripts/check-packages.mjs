#!/usr/bin/env node
/**
 * Checks the packages the way users get them: published to a real npm registry, installed from it with
 * plain npm, never through workspace links or hand-packed tarballs.
 *   0. the pending changesets make a release plan (`changeset status`), and `changeset version` on a
 *      throw-away copy of the workspace's manifests writes what the plan says: no package is bumped
 *      further than its changesets ask, every @gankit range (peer or not) still admits the new versions,
 *      every released package gets its changelog;
 *   1. every file a public package lists in "files" exists; publint and are-the-types-wrong;
 *   2. a local Verdaccio (scripts/local-registry.mjs) on 127.0.0.1; `changeset publish --no-git-tag`
 *      publishes every public package to it as a release would (pnpm turns workspace ranges into
 *      versions); each published tarball: no workspace: ranges, no test files, and every @gankit package
 *      that another builds on is a peer dependency;
 *   3. a third-party plug-in package written as docs/plugins.md says (@gankit/core, @gankit/losses,
 *      @gankit/dcgan and tfjs as peer dependencies) is published there with `npm publish`;
 *   4. in a fresh folder whose .npmrc sends @gankit and the plug-in's scope to the local registry (all
 *      else to npm's usual one): `npm install @gankit/dcgan @gankit/datasets @gankit/backend-wasm` and
 *      README.md's first code example runs (its 1,000 steps cut to 2); `npm install @gankit/cli` and the
 *      command runs (`gankit list`, a short `train`, `eval` of it with the shipped classifier, a `bench` of
 *      two variants, and 2 steps of a built-in variant of every variant package); the plug-in installs
 *      beside it, and `npm ls` shows one copy of every @gankit and @tensorflow package;
 *   5. there: import @gankit/core, @gankit/dcgan and @gankit/datasets as ESM and with require(),
 *      register a custom variant, train a few steps, sample; type-check the project with tsc; import
 *      every variant package together: the shared models are registered once, by @gankit/networks;
 *   6. the installed `gankit` command loads the plug-in (`--plugin <path>` and by package name), lists
 *      it and trains its variant 2 steps; the plug-in's network, built with its own import of
 *      tfjs-layers and core's seeded initializers, runs; none of this prints a duplicate registration,
 *      'Improper config format' (two tfjs-layers) or 'already registered' (two backends);
 *   7. a second copy of @gankit/losses under the plug-in (what npm does when it cannot share one) is
 *      harmless at the same version and, at another version, stops the command with both copies named.
 *
 * Usage: node scripts/check-packages.mjs [--keep]   (run after `pnpm build`; `pnpm test` runs it)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { startRegistry } from './local-registry.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const started = Date.now();
const log = (line) => console.log(`[check-packages ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${line}`);
const QUIET_NPM = { npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

function run(cmd, args, cwd, env = {}) {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...QUIET_NPM, ...env } });
  } catch (error) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/** Runs a command that may fail; returns its exit code and output. */
function attempt(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...QUIET_NPM, CI: 'true' } });
  return { code: r.status, out: r.stdout, err: r.stderr, all: `${r.stdout}${r.stderr}` };
}

/** What two copies of a package print: gankit's duplicate error, tfjs-layers' and tfjs-core's complaints. */
const TWO_COPIES = /DuplicateRegistrationError|already registered|Improper config format/i;

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/**
 * fetch from the local registry, tried again when the socket closes under it: Node's fetch reuses an
 * idle keep-alive connection that Verdaccio may be closing at that moment ("other side closed"), which a
 * busy machine makes likely (it stopped a CI run beside two training jobs). Any other error is thrown.
 */
async function fetchRegistry(url, attempts = 3) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url);
    } catch (error) {
      const code = error?.cause?.code;
      if (attempt >= attempts || !['UND_ERR_SOCKET', 'ECONNRESET', 'UND_ERR_CLOSED'].includes(code)) throw error;
      log(`GET ${url}: ${code}, trying again (${attempt} of ${attempts - 1})`);
    }
  }
}
const workspaceDirs = ['packages', 'apps', 'examples'].flatMap((group) => readdirSync(join(root, group)).map((dir) => join(root, group, dir)));
const packages = workspaceDirs
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, json: readJson(join(dir, 'package.json')) }))
  .filter((p) => !p.json.private);
if (!packages.some((p) => p.json.name === '@gankit/cli')) throw new Error('@gankit/cli (apps/benchmark) is not a public package');
const versionOf = Object.fromEntries(packages.map((p) => [p.json.name, p.json.version]));
const tfjsVersion = readJson(join(root, 'packages/core/package.json')).devDependencies['@tensorflow/tfjs-core'];
const bin = join(root, 'node_modules/.bin');
const work = mkdtempSync(join(tmpdir(), 'gankit-packages-'));
let registry;

try {
  await check();
} finally {
  await registry?.stop();
  if (keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

async function check() {
  // 0. Changesets: the plan, then the release it makes, on a throw-away copy.
  run(join(bin, 'changeset'), ['status', '--output', join(work, 'plan.json')], root);
  const plan = readJson(join(work, 'plan.json'));
  log(`changesets: ${plan.changesets.length} pending, a release plan for ${plan.releases.length} packages`);
  const copy = join(work, 'release');
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(root, file), join(copy, file));
  cpSync(join(root, '.changeset'), join(copy, '.changeset'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  for (const dir of workspaceDirs.filter((d) => existsSync(join(d, 'package.json')))) {
    const to = join(copy, dir.slice(root.length + 1));
    mkdirSync(to, { recursive: true });
    for (const file of ['package.json', 'CHANGELOG.md']) if (existsSync(join(dir, file))) cpSync(join(dir, file), join(to, file));
  }
  run(join(bin, 'changeset'), ['version'], copy);
  const RANK = { none: 0, patch: 1, minor: 2, major: 3 };
  const asked = {};
  for (const changeset of plan.changesets) for (const r of changeset.releases) asked[r.name] = Math.max(asked[r.name] ?? 0, RANK[r.type]);
  const released = {};
  for (const r of plan.releases) {
    const p = packages.find((q) => q.json.name === r.name);
    if (!p) continue; // private (playground, examples): never versioned nor published (privatePackages in .changeset/config.json)
    const written = readJson(join(copy, p.dir.slice(root.length + 1), 'package.json'));
    if (written.version !== r.newVersion) throw new Error(`changeset version wrote ${r.name}@${written.version}, its plan says ${r.newVersion}`);
    if (RANK[r.type] > Math.max(asked[r.name] ?? 0, RANK.patch)) {
      throw new Error(`changeset version bumps ${r.name} ${r.type} (${r.oldVersion} -> ${r.newVersion}) though its changesets ask for ${Object.keys(RANK)[asked[r.name] ?? 0]}: a dependent's range no longer admits a new version`);
    }
    if (!existsSync(join(copy, p.dir.slice(root.length + 1), 'CHANGELOG.md'))) throw new Error(`changeset version wrote no CHANGELOG.md for ${r.name}`);
    released[r.name] = r.newVersion;
  }
  const after = { ...versionOf, ...released };
  for (const p of packages) {
    const written = readJson(join(copy, p.dir.slice(root.length + 1), 'package.json'));
    for (const [name, range] of Object.entries({ ...written.dependencies, ...written.peerDependencies })) {
      if (!name.startsWith('@gankit/')) continue;
      const bare = String(range).replace(/^workspace:/, '');
      if (bare !== '*' && bare !== '^' && bare !== '~' && !semver.satisfies(after[name], bare)) {
        throw new Error(`after changeset version, ${p.json.name} asks for ${name}@${bare}, which the release's ${name}@${after[name]} does not satisfy`);
      }
    }
  }
  // The release the peer ranges are chosen for: core alone, one minor version up. Nothing built on it may
  // go to 1.0.0 (a peer leaving its range is a major change for the dependents).
  const coreOnly = join(work, 'release-core-minor');
  cpSync(copy, coreOnly, { recursive: true, verbatimSymlinks: true });
  for (const p of packages) cpSync(join(p.dir, 'package.json'), join(coreOnly, p.dir.slice(root.length + 1), 'package.json'));
  for (const file of readdirSync(join(coreOnly, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')) rmSync(join(coreOnly, '.changeset', file));
  writeFileSync(join(coreOnly, '.changeset/core-minor.md'), "---\n'@gankit/core': minor\n---\n\nA minor release of core alone.\n");
  run(join(bin, 'changeset'), ['version'], coreOnly);
  const bumped = packages
    .map((p) => ({ name: p.json.name, from: p.json.version, to: readJson(join(coreOnly, p.dir.slice(root.length + 1), 'package.json')).version }))
    .filter((b) => b.to !== b.from);
  const core = bumped.find((b) => b.name === '@gankit/core');
  if (core?.to !== semver.inc(versionOf['@gankit/core'], 'minor')) throw new Error(`a minor changeset of @gankit/core alone released it as ${core?.to ?? 'nothing'}`);
  const forced = bumped.filter((b) => b.name !== '@gankit/core' && semver.diff(b.from, b.to) !== 'patch');
  if (forced.length) throw new Error(`a minor release of @gankit/core alone forces ${forced.map((b) => `${b.name} ${b.from} -> ${b.to}`).join(', ')}: check the peer ranges and onlyUpdatePeerDependentsWhenOutOfRange`);
  log(`a minor release of core alone: ${bumped.map((b) => `${b.name} ${b.from} -> ${b.to}`).join(', ')}; nothing else moves past a patch`);
  log(`changeset version on a copy: ${Object.entries(released).map(([n, v]) => `${n} ${versionOf[n]} -> ${v}`).join(', ')}; every @gankit range admits the new versions`);
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


  // 2. A release to a real registry: Verdaccio on 127.0.0.1, `changeset publish` pointed at it.
  registry = await startRegistry({ dir: join(work, 'registry'), scopes: ['@gankit', '@acme'], bin: join(root, 'node_modules/verdaccio/bin/verdaccio') });
  const releaseRc = join(work, 'release.npmrc');
  writeFileSync(releaseRc, `registry=${registry.url}\n${registry.npmrc}`);
  // Every npm and pnpm call of the release reads this file and this registry, never the public one.
  const releaseEnv = { npm_config_registry: registry.url, npm_config_userconfig: releaseRc, NPM_CONFIG_USERCONFIG: releaseRc, PATH: pathWithPnpm() };
  run(join(bin, 'changeset'), ['publish', '--no-git-tag'], root, releaseEnv);
  for (const p of packages) {
    const meta = await (await fetchRegistry(new URL(p.json.name.replace('/', '%2f'), registry.url))).json();
    const published = meta.versions?.[p.json.version];
    if (!published) throw new Error(`${p.json.name}@${p.json.version} is not on the local registry after changeset publish (has: ${Object.keys(meta.versions ?? {}).join(', ') || 'nothing'})`);
    const tarball = join(work, `${p.json.name.replace('/', '-')}.tgz`);
    writeFileSync(tarball, Buffer.from(await (await fetchRegistry(published.dist.tarball)).arrayBuffer()));
    const manifest = JSON.parse(run('tar', ['-xOzf', tarball, 'package/package.json'], work));
    for (const [name, range] of Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.devDependencies })) {
      if (String(range).startsWith('workspace:')) throw new Error(`${p.json.name}: the published package.json still has ${name}@${range}`);
    }
    const files = run('tar', ['-tzf', tarball], work).split('\n');
    const tests = files.filter((f) => /\.test(-d)?\.(js|d\.ts)$|test-support|fixtures\.test|^package\/test\//.test(f));
    if (tests.length) throw new Error(`${p.json.name}: the published tarball ships test files: ${tests.slice(0, 3).join(', ')}`);
    if (p.json.name === '@gankit/cli') {
      if (!files.includes('package/dist/cli.js') || manifest.bin?.gankit !== './dist/cli.js') throw new Error('@gankit/cli: the published tarball has no gankit bin');
      continue; // an application: the packages it bundles are its dependencies
    }
    // Plug-in packaging (as ESLint, Vite and Babel plug-ins do): every @gankit package another one builds
    // on is a peer dependency, so an application holds one copy of each whatever a plug-in imports.
    const internal = Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@gankit/'));
    if (internal.length) throw new Error(`${p.json.name}: ${internal.join(', ')} must be peer dependencies, not dependencies`);
    for (const name of Object.keys(manifest.peerDependencies ?? {}).filter((n) => n.startsWith('@gankit/'))) {
      if (!p.json.devDependencies?.[name]?.startsWith('workspace:')) throw new Error(`${p.json.name}: peer ${name} needs a workspace:^ devDependency too`);
    }
  }
  log(`changeset publish: ${packages.length} packages on the local registry ${registry.url} (${packages.map((p) => p.json.name.slice(8)).join(', ')})`);

  // 3. A third-party plug-in in its own folder, packaged the way docs/plugins.md says, published by its author.
  const pluginDir = join(work, 'gankit-plugin-lsgan');
  mkdirSync(pluginDir);
  const plugin = '@acme/gankit-plugin-lsgan';
  const peerRange = readJson(join(root, 'examples/lsgan/package.json')).peerDependencies['@gankit/core'].replace(/^workspace:/, '');
  writeFileSync(
    join(pluginDir, 'package.json'),
    JSON.stringify(
      {
        name: plugin,
        version: '1.0.0',
        type: 'module',
        exports: './index.js',
        sideEffects: ['./index.js'],
        peerDependencies: {
          '@gankit/core': peerRange,
          '@gankit/losses': peerRange,
          '@gankit/dcgan': peerRange,
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
  run('npm', ['publish'], pluginDir, releaseEnv);
  log(`published ${plugin}@1.0.0, peer ranges as docs/plugins.md shows them (@gankit ${peerRange})`);

  // 4. A fresh project with plain npm; only the .npmrc lines a user of a private registry would write.
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, '.npmrc'), registry.npmrc.split('\n').filter((line) => line.includes(':registry=')).join('\n') + '\n');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'gankit-user-project', private: true, type: 'module' }, null, 2));
  const npmInstall = (...names) => run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...names], project);

  npmInstall('@gankit/dcgan', '@gankit/datasets', '@gankit/backend-wasm');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example || !example.includes('trainer.run({ steps: 1000 })')) throw new Error("README.md's first ts example changed: update this check (it cuts the example's 'steps: 1000' to 2)");
  writeFileSync(join(project, 'readme-example.mjs'), example.replace('trainer.run({ steps: 1000 })', 'trainer.run({ steps: 2 })'));
  const ran = attempt('node', ['readme-example.mjs'], project);
  if (ran.code !== 0 || !/^2 -?\d/m.test(ran.out)) throw new Error(`README.md's example did not train 2 steps after npm install @gankit/dcgan @gankit/datasets @gankit/backend-wasm (${ran.code}):\n${ran.all}`);
  log("npm install @gankit/dcgan @gankit/datasets @gankit/backend-wasm: README.md's example trained (2 steps)");

  npmInstall('@gankit/cli');
  const gankit = join(project, 'node_modules/.bin/gankit');
  const list = run('npx', ['gankit', 'list'], project);
  for (const name of ['vanilla', 'dcgan', 'wgan-gp', 'cgan', 'infogan', 'sgan', 'bigan', 'pix2pix', 'cyclegan']) {
    if (!new RegExp(`\\b${name}\\b`).test(list)) throw new Error(`npx gankit list does not list ${name}:\n${list}`);
  }
  run('npx', ['gankit', 'train', '--variant', 'dcgan', '--dataset', 'mnist-embedded', '--preset', 'small', '--steps', '3', '--out', 'cli-run'], project);
  if (readJson(join(project, 'cli-run/run.json')).status !== 'done') throw new Error('npx gankit train: run.json does not say done');
  run('npx', ['gankit', 'bench', '--variants', 'vanilla,wgan', '--datasets', 'ring8', '--steps', '30', '--evaluations', '1', '--samples', '200', '--preset', 'small', '--parallel', '1', '--out', 'cli-bench'], project);
  const benched = readJson(join(project, 'cli-bench/results.json'));
  if (benched.runs?.length !== 2 || !existsSync(join(project, 'cli-bench/results.md'))) throw new Error(`npx gankit bench: expected 2 runs and results.md, got ${benched.runs?.length} runs`);
  log('npm install @gankit/cli: npx gankit list, train (3 steps), bench of vanilla and wgan on ring8 (results.json, results.md)');
  // eval from the installed packages: the shipped MNIST classifier loads and scores the run.
  const scores = JSON.parse(run('npx', ['gankit', 'eval', 'cli-run', '--metrics', 'fid,classifier-score,precision', '--samples', '100', '--json'], project));
  for (const name of ['fid', 'classifier-score', 'precision']) {
    if (!Number.isFinite(scores[name]?.value)) throw new Error(`npx gankit eval: ${name} is not a number: ${JSON.stringify(scores)}`);
  }
  // One built-in variant of every variant package (dcgan trained above), 2 steps each, on a dataset it takes.
  const builtIn = [
    ['vanilla', 'ring8', ['--preset', 'small']],
    ['wgan-gp', 'ring8', ['--preset', 'small']],
    ['cgan', 'ring8', ['--preset', 'small']],
    ['infogan', 'mnist-embedded', ['--preset', 'small']],
    ['sgan', 'ring8', ['--preset', 'small']],
    ['bigan', 'ring8', []],
    ['pix2pix', 'digits-edges', ['--batch-size', '4', '--config', '{"networks":{"generator":{"options":{"filters":8}},"discriminator":{"options":{"filters":8}}}}']],
    ['cyclegan', 'digits-thickness', ['--preset', 'small']],
  ];
  for (const [variant, dataset, options] of builtIn) {
    run('npx', ['gankit', 'train', '--variant', variant, '--dataset', dataset, ...options, '--steps', '2', '--out', `built-in-${variant}`], project);
    const record = readJson(join(project, `built-in-${variant}/run.json`));
    if (record.status !== 'done' || record.step !== 2) throw new Error(`npx gankit train --variant ${variant}: run.json says ${record.status} at step ${record.step}`);
  }
  log(`installed gankit: eval (fid ${scores.fid.value.toFixed(0)}, classifier-score ${scores['classifier-score'].value.toFixed(2)}); ${builtIn.map(([v]) => v).join(', ')} trained 2 steps each`);

  npmInstall(plugin, `@tensorflow/tfjs-core@${tfjsVersion}`, `@tensorflow/tfjs-layers@${tfjsVersion}`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--save-dev', 'typescript@~5.9.2', '@types/node@^20.19.0'], project);
  const tree = run('npm', ['ls', '--all', '--parseable'], project).trim().split('\n').map((path) => path.replaceAll('\\', '/'));
  const copiesOf = {};
  for (const path of tree) {
    const name = /\/node_modules\/((?:@gankit|@tensorflow|@acme)\/[^/]+)$/.exec(path)?.[1];
    if (name) (copiesOf[name] ??= []).push(path);
  }
  const duplicated = Object.entries(copiesOf).filter(([, paths]) => paths.length > 1);
  if (duplicated.length) throw new Error(`npm ls: more than one copy of ${duplicated.map(([name, paths]) => `${name}:\n  ${paths.join('\n  ')}`).join('\n')}`);
  for (const name of ['@gankit/core', '@gankit/losses', '@gankit/networks', '@gankit/dcgan', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', plugin]) {
    if (!copiesOf[name]) throw new Error(`npm ls: ${name} is not installed`);
  }
  log(`${plugin} installed beside the command; npm ls: one copy each of ${Object.keys(copiesOf).length} @gankit, @tensorflow and @acme packages`);

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
  log('tsc type-checked and compiled the user project against the published .d.ts files');
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

  // The shared networks have one owner: every variant package imports @gankit/networks, none registers them itself.
  const sharedModels = ['mlp-generator', 'mlp-discriminator', 'dcgan-generator', 'dcgan-discriminator', 'unet-generator', 'resnet-generator', 'patchgan-discriminator'];
  const variantPackages = ['vanilla', 'dcgan', 'wgan', 'cgan', 'infogan', 'sgan', 'bigan', 'pix2pix', 'cyclegan'].map((v) => `@gankit/${v}`);
  writeFileSync(
    join(project, 'networks.mjs'),
    `import { models } from '@gankit/core';
     ${variantPackages.map((name) => `import '${name}';`).join('\n     ')}
     const names = ${JSON.stringify(sharedModels)};
     console.log(JSON.stringify(names.map((name) => [name, models.has(name) ? models.source(name)?.package : 'missing'])));`,
  );
  const owners = JSON.parse(run('node', ['networks.mjs'], project).trim().split('\n').pop());
  const misplaced = owners.filter(([, owner]) => owner !== '@gankit/networks');
  if (misplaced.length) throw new Error(`after importing every variant package, these models are not registered by @gankit/networks: ${misplaced.map(([n, o]) => `${n} (${o})`).join(', ')}`);
  log(`every variant package imported together: ${sharedModels.length} shared models, each registered once, by @gankit/networks`);

  // 6. The installed gankit command with the plug-in.
  const installedPlugin = `./node_modules/${plugin}/index.js`;
  const listed = attempt(gankit, ['--plugin', installedPlugin, 'list', '--json'], project);
  if (listed.code !== 0 || TWO_COPIES.test(listed.err)) throw new Error(`gankit --plugin ${installedPlugin} list failed (${listed.code}):\n${listed.all}`);
  const registered = JSON.parse(listed.out);
  if (!registered.variants.some((v) => v.name === 'plugin-lsgan') || !registered.models.some((m) => m.name === 'plugin-critic')) {
    throw new Error(`gankit list does not show the plug-in's variant and model:\n${listed.out}`);
  }
  const trained = attempt(gankit, ['--plugin', plugin, 'train', '--variant', 'plugin-lsgan', '--dataset', 'mnist-embedded', '--preset', 'small', '--steps', '2', '--out', 'plugin-run'], project);
  const record = trained.code === 0 ? JSON.parse(readFileSync(join(project, 'plugin-run/run.json'), 'utf8')) : undefined;
  if (trained.code !== 0 || TWO_COPIES.test(trained.all) || record?.status !== 'done' || record.step !== 2) {
    throw new Error(`gankit train of the plug-in's variant failed (${trained.code}):\n${trained.all}`);
  }
  writeFileSync(
    join(project, 'plugin-network.mjs'),
    `import { datasets, models, Rng, seededInitializers, selectBackend } from '@gankit/core';
     import '@gankit/datasets';
     import '${plugin}';
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
  const nested = join(project, 'node_modules', plugin, 'node_modules/@gankit/losses');
  cpSync(join(project, 'node_modules/@gankit/losses'), nested, { recursive: true, dereference: true });
  const sameVersion = attempt(gankit, ['--plugin', plugin, 'list'], project);
  if (sameVersion.code !== 0 || TWO_COPIES.test(sameVersion.all)) throw new Error(`a second copy of the same @gankit/losses version broke gankit list:\n${sameVersion.all}`);
  const nestedManifest = JSON.parse(readFileSync(join(nested, 'package.json'), 'utf8'));
  writeFileSync(join(nested, 'package.json'), JSON.stringify({ ...nestedManifest, version: '0.0.1-other' }));
  const otherVersion = attempt(gankit, ['--plugin', plugin, 'list'], project);
  const expected = [
    /DuplicateRegistrationError: A different loss is already registered as '[a-z-]+'/,
    new RegExp(`first: +@gankit/losses ${nestedManifest.version.replaceAll('.', '\\.')} \\(${project.replaceAll('\\', '/')}/node_modules/@gankit/losses/dist/register\\.js\\)`),
    /second: +@gankit\/losses 0\.0\.1-other \(.*\/@acme\/gankit-plugin-lsgan\/node_modules\/@gankit\/losses\/dist\/register\.js\)/,
    /peer dependency/,
  ];
  if (otherVersion.code !== 1 || !expected.every((re) => re.test(otherVersion.err.replaceAll('\\', '/')))) {
    throw new Error(`two versions of @gankit/losses: expected a DuplicateRegistrationError naming both, got (${otherVersion.code}):\n${otherVersion.all}`);
  }
  rmSync(join(project, 'node_modules', plugin, 'node_modules'), { recursive: true, force: true });
  log('a second copy of @gankit/losses: same version ignored; another version stopped with both copies named');

  console.log(`package check passed: ${packages.length} packages published to a local registry and installed from it`);
}

/** PATH with a `pnpm` on it: changeset publish runs `pnpm publish`; outside `pnpm test`, a shim runs pnpm 10 through npx. */
function pathWithPnpm() {
  if (spawnSync('pnpm', ['--version'], { encoding: 'utf8' }).status === 0) return process.env.PATH;
  const shim = join(work, 'bin');
  mkdirSync(shim, { recursive: true });
  writeFileSync(join(shim, 'pnpm'), '#!/bin/sh\nexec npx -y pnpm@10 "$@"\n');
  chmodSync(join(shim, 'pnpm'), 0o755);
  return `${shim}:${process.env.PATH}`;
}
