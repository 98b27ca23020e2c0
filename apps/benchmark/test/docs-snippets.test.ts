/**
 * The TypeScript in docs/plugins.md and docs/tutorial.md is code that compiles and runs. Every ```ts block is type-checked on
 * its own with the repository's TypeScript and compiler settings (strict, NodeNext). The blocks are
 * written into a folder inside the repository, so `@gankit/*` resolve as they do for a plug-in. Then
 * they are compiled and loaded into the `gankit` command: every variant they register trains for 2
 * steps and every metric they register is evaluated. A block whose first line is a comment naming a
 * file (`// src/lsgan.ts`) is written to that path, so blocks can import each other as files of one
 * package do.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runGankit } from './run-cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const app = resolve(here, '..');
const repo = resolve(app, '../..');
const cli = join(app, 'dist/cli.js');
const guide = join(repo, 'docs/plugins.md');

/** One ```ts block of the guide. */
interface Snippet {
  /** Path inside the snippet folder, from its `// src/x.ts` first line, or `snippet-<i>.ts`. */
  file: string;
  /** Line of the guide where the code starts (1-based). */
  line: number;
  code: string;
}

/** The ```ts (or ```typescript) blocks of a markdown text. */
function extractSnippets(markdown: string): Snippet[] {
  const lines = markdown.split('\n');
  const snippets: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    if (end === lines.length) throw new Error(`docs/plugins.md:${i + 1}: a \`\`\`ts block is never closed`);
    const code = lines.slice(start, end).join('\n') + '\n';
    const named = /^\/\/ (src\/[\w./-]+\.ts)\s*$/.exec(lines[start] ?? '');
    snippets.push({ file: named ? named[1]! : `snippet-${snippets.length + 1}.ts`, line: start + 1, code });
    i = end;
  }
  return snippets;
}

/** The repository's compiler options (tsconfig.base.json), for type-checking only. */
function repoCompilerOptions(): ts.CompilerOptions {
  const read = ts.readConfigFile(join(repo, 'tsconfig.base.json'), ts.sys.readFile);
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, repo);
  return { ...parsed.options, noEmit: true, declaration: false, declarationMap: false, sourceMap: false };
}

/**
 * Type-checks each root file as its own program (so a block cannot lean on another block's
 * declarations unless it imports that file). Library and package declarations are parsed once and
 * shared between the programs. Returns the errors, located in the guide where they come from snippets.
 */
function typecheck(dir: string, snippets: Snippet[], roots: string[], guideName = 'docs/plugins.md'): string[] {
  const options = repoCompilerOptions();
  const host = ts.createCompilerHost(options, true);
  const parse = host.getSourceFile.bind(host);
  const shared = new Map<string, ts.SourceFile>();
  host.getSourceFile = (fileName, language, onError, fresh) => {
    if (fileName.startsWith(dir)) return parse(fileName, language, onError, fresh);
    let sf = shared.get(fileName);
    if (!sf) {
      sf = parse(fileName, language, onError, fresh);
      if (sf) shared.set(fileName, sf);
    }
    return sf;
  };
  const where = (d: ts.Diagnostic): string => {
    if (!d.file || d.start === undefined) return '(no file)';
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const file = relative(dir, d.file.fileName);
    const snippet = snippets.find((s) => s.file === file);
    return snippet ? `${guideName}:${snippet.line + line} (${file}:${line + 1}:${character + 1})` : `${d.file.fileName}:${line + 1}:${character + 1}`;
  };
  const errors = new Set<string>();
  for (const root of roots) {
    const program = ts.createProgram({ rootNames: [join(dir, root)], options, host });
    for (const d of ts.getPreEmitDiagnostics(program)) {
      if (d.category !== ts.DiagnosticCategory.Error) continue;
      errors.add(`${where(d)}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  return [...errors];
}

/** Compiles the snippets to JavaScript in `dir/dist`, keeping their paths. */
function emit(dir: string, files: string[]): void {
  const options: ts.CompilerOptions = { ...repoCompilerOptions(), noEmit: false, rootDir: dir, outDir: join(dir, 'dist') };
  const program = ts.createProgram({ rootNames: files.map((f) => join(dir, f)), options });
  const result = program.emit();
  const errors = ts.getPreEmitDiagnostics(program).concat(result.diagnostics).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (result.emitSkipped || errors.length) throw new Error(`emit failed: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
}

function gankit(args: string[], cwd: string) {
  return runGankit(args, cwd);
}

interface Listed {
  variants: Array<{ name: string; labels: Record<string, string> }>;
  metrics: Array<{ name: string }>;
}

const snippets = extractSnippets(readFileSync(guide, 'utf8'));
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build the app first (turbo does)`);
  // Inside the repository (apps/benchmark/.tmp is git-ignored), so `@gankit/*` and tfjs resolve from
  // apps/benchmark/node_modules, and apps/benchmark/package.json makes the files ES modules.
  mkdirSync(join(app, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(app, '.tmp', 'docs-snippets-'));
  for (const s of snippets) {
    mkdirSync(dirname(join(dir, s.file)), { recursive: true });
    writeFileSync(join(dir, s.file), s.code);
  }
});
afterAll(() => {
  if (!dir) return;
  rmSync(dir, { recursive: true, force: true });
  // The .tmp folder too, unless another run is using it.
  if (readdirSync(join(app, '.tmp')).length === 0) rmdirSync(join(app, '.tmp'));
});

describe('docs/plugins.md', () => {
  it('has TypeScript blocks, each in a file of its own', async () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
    const files = snippets.map((s) => s.file);
    expect(new Set(files).size).toBe(files.length);
  });

  it('type-checks every TypeScript block on its own (strict, NodeNext), and the check does fail on a bad block', async () => {
    const errors = typecheck(dir, snippets, snippets.map((s) => s.file));
    expect(errors, errors.join('\n')).toEqual([]);
    // The checker is not vacuous: a block with a wrong config type fails, with its place in the guide.
    const bad: Snippet = { file: 'bad-block.ts', line: 1000, code: "import { vanillaDefaults } from '@gankit/vanilla';\nexport const n: string = vanillaDefaults({ shape: [2], kind: 'points', size: 1 }).latentDim;\n" };
    writeFileSync(join(dir, bad.file), bad.code);
    const caught = typecheck(dir, [bad], [bad.file]);
    rmSync(join(dir, bad.file));
    expect(caught.join('\n')).toMatch(/docs\/plugins\.md:1001 \(bad-block\.ts:2:14\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it('loads the blocks into the gankit command, trains every variant they register for 2 steps, and evaluates every metric', async () => {
    emit(dir, snippets.map((s) => s.file));
    const plugins = snippets.flatMap((s) => ['--plugin', join(dir, 'dist', s.file.replace(/\.ts$/, '.js'))]);
    const before = JSON.parse((await gankit(['list', '--json'], dir)).out) as Listed;
    const listing = await gankit([...plugins, 'list', '--json'], dir);
    expect(listing.code, listing.err).toBe(0);
    const after = JSON.parse(listing.out) as Listed;
    const newVariants = after.variants.filter((v) => !before.variants.some((b) => b.name === v.name));
    const newMetrics = after.metrics.filter((m) => !before.metrics.some((b) => b.name === m.name)).map((m) => m.name);
    expect(newVariants.map((v) => v.name).sort()).toEqual(['my-conditional-lsgan', 'my-latent-regressor', 'my-lsgan', 'my-ra-hinge-gan', 'my-replay', 'my-unrolled']);
    expect(newMetrics).toEqual(['my-latent-error']);

    const runs: string[] = [];
    for (const v of newVariants) {
      // Conditional variants need labelled data: a few MNIST digits in small batches.
      const data = Object.keys(v.labels).length ? ['--dataset', 'mnist-embedded', '--batch-size', '8'] : ['--dataset', 'ring8'];
      const out = join(dir, 'runs', v.name);
      const r = await gankit([...plugins, 'train', '--variant', v.name, ...data, '--steps', '2', '--out', out], dir);
      expect(r.code, `${v.name}: ${r.err}`).toBe(0);
      const log = readFileSync(join(out, 'log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { step: number; dLoss: number; gLoss: number; extra: Record<string, number> });
      expect(log.map((s) => s.step)).toEqual([1, 2]);
      expect(log.every((s) => Number.isFinite(s.dLoss) && Number.isFinite(s.gLoss))).toBe(true);
      if (v.name === 'my-latent-regressor') expect(Object.keys(log[1]!.extra).sort()).toEqual(['e.code-spread', 'g.reconstruction']);
      runs.push(out);
    }

    for (const metric of newMetrics) {
      const values: number[] = [];
      for (const run of runs) {
        const r = await gankit([...plugins, 'eval', run, '--metrics', metric, '--samples', '50', '--json'], dir);
        if (r.code === 2 && /does not apply/.test(r.err)) continue;
        expect(r.code, `${metric} on ${run}: ${r.err}`).toBe(0);
        values.push((JSON.parse(r.out) as Record<string, { value: number }>)[metric]!.value);
      }
      expect(values.length, `${metric} applied to no run`).toBeGreaterThan(0);
      expect(values.every(Number.isFinite)).toBe(true);
    }
  });
});

describe('docs/tutorial.md', () => {
  const tutorial = extractSnippets(readFileSync(join(repo, 'docs/tutorial.md'), 'utf8'));
  let tdir: string;
  beforeAll(() => {
    tdir = mkdtempSync(join(app, '.tmp', 'docs-tutorial-'));
    for (const s of tutorial) {
      mkdirSync(dirname(join(tdir, s.file)), { recursive: true });
      writeFileSync(join(tdir, s.file), s.code);
    }
  });
  afterAll(() => {
    if (tdir) rmSync(tdir, { recursive: true, force: true });
    if (existsSync(join(app, '.tmp')) && readdirSync(join(app, '.tmp')).length === 0) rmdirSync(join(app, '.tmp'));
  });

  it("compiles, and the command trains its PacGAN with the pack size from the config: D's input widens with --config", async () => {
    expect(tutorial.map((s) => s.file)).toEqual(['src/pacgan.ts']);
    const errors = typecheck(tdir, tutorial, ['src/pacgan.ts'], 'docs/tutorial.md');
    expect(errors, errors.join('\n')).toEqual([]);
    emit(tdir, ['src/pacgan.ts']);
    const plugin = ['--plugin', join(tdir, 'dist', 'src', 'pacgan.js')];
    const width = async (out: string, config: string[]) => {
      const r = await gankit([...plugin, 'train', '--variant', 'pacgan', '--dataset', 'ring8', '--steps', '2', '--out', join(tdir, out), ...config], tdir);
      expect(r.code, r.err).toBe(0);
      const latest = JSON.parse(readFileSync(join(tdir, out, 'checkpoints', 'latest.json'), 'utf8')) as { path: string };
      const model = JSON.parse(readFileSync(join(tdir, out, 'checkpoints', latest.path, 'discriminator', 'model.json'), 'utf8')) as object;
      return /"batch_input_shape":\[null,(\d+)\]/.exec(JSON.stringify(model))?.[1];
    };
    expect(await width('pack2', [])).toBe('4');
    expect(await width('pack4', ['--config', '{"pack": 4}'])).toBe('8');
    const refused = await gankit([...plugin, 'train', '--variant', 'pacgan', '--dataset', 'ring8', '--steps', '2', '--config', '{"pack": 3}', '--out', join(tdir, 'pack3')], tdir);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/batchSize: expected a multiple of pack \(3\), found 64/);
  });
});
