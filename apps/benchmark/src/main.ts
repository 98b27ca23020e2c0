/**
 * The `gankit` command: dispatch, global flags (--plugin, --backend), errors and exit codes.
 * @module
 */
import { GankitError, type BackendChoice } from '@gankit/core';
import { benchCommand, benchHelp } from './commands/bench.js';
import { benchRunnerCommand, benchRunnerHelp } from './commands/bench-runner.js';
import { evalCommand, evalHelp } from './commands/eval.js';
import { listCommand, listHelp } from './commands/list.js';
import { sampleCommand, sampleHelp } from './commands/sample.js';
import { sweepsCommand, sweepsHelp } from './commands/sweeps.js';
import { trainCommand, trainHelp } from './commands/train.js';
import { translateCommand, translateHelp } from './commands/translate.js';
import { workerCommand, workerHelp } from './commands/worker.js';
import type { CommandContext } from './context.js';
import { EXIT, InterruptedError, UsageError } from './errors.js';
import type { Output } from './progress.js';
import { loadPlugins, readCliConfig, setupBackend } from './setup.js';

export const mainHelp = `gankit: train and compare GAN variants on TensorFlow.js

Usage: gankit <command> [options]

Commands:
  list       registered variants, models, losses, datasets and metrics
  train      train one variant on one dataset
  sample     write a PNG grid of samples from a trained run
  eval       compute metrics for a trained run
  bench      train and evaluate variants side by side and write a report (--queue: on workers anywhere)
  worker     train the runs of benches queued on Redis (gankit bench --queue)
  sweeps     list, cancel or remove the benches queued on Redis
  translate  translate images with an image-to-image run (pix2pix, CycleGAN)

Global options:
  --plugin <package or path>   load a plug-in that registers variants, datasets, ... (repeatable;
                               also "plugins" in ./gankit.config.json)
  --backend <name>             auto (default: tfjs-node if installed, else wasm), tensorflow, wasm, cpu
  --threads <n>                threads of the wasm backend (default: one per core, at most 8)
  --help                       help for a command: gankit <command> --help`;

const commands: Record<string, { run: (argv: string[], out: Output, ctx: CommandContext) => Promise<number>; help: string }> = {
  list: { run: (a, o) => listCommand(a, o), help: listHelp },
  train: { run: trainCommand, help: trainHelp },
  sample: { run: sampleCommand, help: sampleHelp },
  eval: { run: evalCommand, help: evalHelp },
  bench: { run: benchCommand, help: benchHelp },
  worker: { run: workerCommand, help: workerHelp },
  sweeps: { run: sweepsCommand, help: sweepsHelp },
  translate: { run: translateCommand, help: translateHelp },
};

/** Commands gankit starts itself (a parallel bench's runners); not listed in help or error messages. */
const internalCommands: typeof commands = {
  'bench-runner': { run: benchRunnerCommand, help: benchRunnerHelp },
};

/** Removes global flags from argv. */
function extractGlobals(argv: string[]): { rest: string[]; plugins: string[]; backend?: string; threads?: number } {
  const rest: string[] = [];
  const plugins: string[] = [];
  let backend: string | undefined;
  let threads: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--plugin' || flag === '--backend' || flag === '--threads') {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag}: expected a value`);
      if (flag === '--plugin') plugins.push(value);
      else if (flag === '--threads') {
        if (!/^[1-9][0-9]*$/.test(value)) throw new UsageError(`--threads: expected a whole number >= 1, got '${value}'`);
        threads = Number(value);
      } else backend = value;
    } else rest.push(arg);
  }
  return { rest, plugins, ...(backend !== undefined ? { backend } : {}), ...(threads !== undefined ? { threads } : {}) };
}

/** Runs the command line `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: { out: Output; err: Output; cwd: string; signal: AbortSignal }): Promise<number> {
  try {
    const { rest, plugins, backend, threads } = extractGlobals(argv);
    const [name, ...args] = rest;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.out.write(mainHelp + '\n');
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    const command = commands[name] ?? internalCommands[name];
    if (!command) throw new UsageError(`Unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}.`);
    if (args.includes('--help') || args.includes('-h')) {
      io.out.write(command.help + '\n');
      return EXIT.ok;
    }
    const config = readCliConfig(io.cwd);
    const loaded = await loadPlugins([...(config.plugins ?? []), ...plugins], io.cwd);
    let chosen: Promise<BackendChoice> | undefined;
    const ctx: CommandContext = {
      cwd: io.cwd,
      signal: io.signal,
      err: io.err,
      globals: { plugins, ...(backend !== undefined ? { backend } : {}), ...(threads !== undefined ? { threads } : {}) },
      plugins: loaded,
      backend: () => (chosen ??= setupBackend(backend, (line) => io.err.write(line + '\n'), threads)),
    };
    return await command.run(args, io.out, ctx);
  } catch (error) {
    if (InterruptedError.isInstance(error)) {
      io.err.write(`stopped: ${error.message}\n`);
      return EXIT.interrupted;
    }
    if (UsageError.isInstance(error)) {
      io.err.write(`error: ${error.message}\n`);
      return EXIT.usage;
    }
    if (GankitError.isInstance(error)) {
      io.err.write(`error: ${error.name}: ${error.message}\n`);
      return EXIT.failure;
    }
    io.err.write(`error: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}
