#!/usr/bin/env node
/**
 * Entry point of the `gankit` binary.
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { main } from './main.js';

// Production mode: no debug checks, and no "install tfjs-node" banner (gankit reports its backend itself).
tf.env().set('PROD', true);

const controller = new AbortController();
let interrupts = 0;
const onSignal = () => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130); // a second Ctrl-C does not wait for the checkpoint
  process.stderr.write('\nstopping after the current step or metric (a training run saves a checkpoint first); press Ctrl-C again to quit at once\n');
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await main(process.argv.slice(2), {
  out: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
  err: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
  cwd: process.cwd(),
  signal: controller.signal,
});
process.exitCode = code;
