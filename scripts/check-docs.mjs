#!/usr/bin/env node
/**
 * Every page that shows how to use gankit outside this repository shows how to install it there:
 *   - a page with a `gankit <command>` line in a code block has an `npm install` line naming @gankit/cli;
 *   - a page whose code imports `@gankit/<name>` has an `npm install` line naming that package, or one
 *     that brings it as a peer dependency (npm 7+ installs peers: `npm install @gankit/dcgan` brings
 *     @gankit/core and @gankit/losses).
 * `npx -y pnpm@10 gankit ...` lines are this repository's own use and need no install line.
 * Pages: README.md, docs/*.md and the README of every package, app and example.
 *
 * Usage: node scripts/check-docs.mjs   (no build needed; `pnpm test` runs it)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COMMANDS = 'list|train|sample|eval|bench|worker|sweeps|translate';

const manifests = new Map();
for (const group of ['packages', 'apps', 'examples']) {
  for (const dir of readdirSync(join(root, group))) {
    const file = join(root, group, dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8'));
      manifests.set(json.name, json);
    }
  }
}

/** The @gankit packages `npm install name` puts in node_modules: the package, its dependencies and peers, recursively. */
function installedWith(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const json = manifests.get(name);
  for (const dep of Object.keys({ ...json?.dependencies, ...json?.peerDependencies })) {
    const optional = json?.peerDependenciesMeta?.[dep]?.optional;
    if (dep.startsWith('@gankit/') && !optional) installedWith(dep, seen);
  }
  return seen;
}

const pages = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(root, 'docs', f)),
  ...['packages', 'apps', 'examples'].flatMap((group) => readdirSync(join(root, group)).map((dir) => join(root, group, dir, 'README.md'))),
].filter((file) => existsSync(file));

const problems = [];
for (const page of pages) {
  const text = readFileSync(page, 'utf8');
  const blocks = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], code: m[2] }));
  const lines = blocks.flatMap((b) => b.code.split('\n'));
  const installs = lines.filter((line) => /\bnpm (install|i)\b/.test(line));
  const installed = new Set(installs.flatMap((line) => [...line.matchAll(/@gankit\/[a-z0-9-]+/g)].flatMap((m) => [...installedWith(m[0])])));
  const where = relative(root, page);
  const commandLine = lines.find((line) => new RegExp(`(^|[\\s;&|(])(npx )?gankit (--[a-z-]+ \\S+ )*(${COMMANDS})\\b`).test(line) && !/pnpm(@10)? gankit/.test(line));
  if (commandLine && !installed.has('@gankit/cli')) problems.push(`${where}: shows '${commandLine.trim()}' but no 'npm install @gankit/cli' line`);
  const imported = new Set(
    blocks
      .filter((b) => /^(ts|js|mjs|tsx|typescript|javascript)$/.test(b.lang))
      .flatMap((b) => [...b.code.matchAll(/(?:from|import|require\()\s*['"](@gankit\/[a-z0-9-]+)/g)].map((m) => m[1])),
  );
  const missing = [...imported].filter((name) => manifests.has(name) && !installed.has(name));
  if (missing.length) problems.push(`${where}: imports ${missing.join(', ')} but no 'npm install' line on the page brings ${missing.length > 1 ? 'them' : 'it'}`);
}

if (problems.length) {
  console.error(`docs: ${problems.length} page(s) show gankit without the install line that makes it work outside this repository:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`docs check passed: ${pages.length} pages, every gankit command and @gankit import has its npm install line`);
