/**
 * Training progress on the terminal: a redrawn bar when stdout is a TTY, plain lines otherwise
 * (CI logs, pipes).
 * @module
 */
import type { StepStats } from '@gankit/core';

/** Where output goes; tests and pipes get plain lines. */
export interface Output {
  write(text: string): void;
  isTTY: boolean;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3)) : String(x);
}

/** Shows progress toward a step or time budget. */
export class Progress {
  private lastPrinted = 0;
  private readonly started = performance.now();

  constructor(
    private readonly out: Output,
    private readonly label: string,
    private readonly budget: { steps?: number; seconds?: number },
    private readonly batchSize: number,
    /** Plain mode prints a line at most this often. */
    private readonly plainEvery = 5,
  ) {}

  /** Fraction of the budget used, from steps or seconds (whichever is further along). */
  private fraction(s: StepStats, elapsed: number): number {
    const f = Math.max(this.budget.steps ? s.step / this.budget.steps : 0, this.budget.seconds ? elapsed / this.budget.seconds : 0);
    return Math.min(1, f);
  }

  update(s: StepStats, trainSeconds: number): void {
    const elapsed = (performance.now() - this.started) / 1000;
    const imagesPerSecond = this.batchSize / s.seconds;
    const text =
      `step ${s.step}${this.budget.steps ? `/${this.budget.steps}` : ''}  D ${fmt(s.dLoss)}  G ${fmt(s.gLoss)}  ` +
      `D(x) ${fmt(s.dReal)}  D(G(z)) ${fmt(s.dFake)}  ${fmt(imagesPerSecond)} samples/s  ${trainSeconds.toFixed(1)}s`;
    if (this.out.isTTY) {
      const f = this.fraction(s, trainSeconds);
      const width = 20;
      const bar = '#'.repeat(Math.round(f * width)).padEnd(width, '-');
      this.out.write(`\r\x1b[2K${this.label} [${bar}] ${(f * 100).toFixed(0)}%  ${text}`);
    } else if (elapsed - this.lastPrinted >= this.plainEvery || s.step === this.budget.steps) {
      this.lastPrinted = elapsed;
      this.out.write(`${this.label} ${text}\n`);
    }
  }

  done(message: string): void {
    this.out.write(this.out.isTTY ? `\r\x1b[2K${this.label} ${message}\n` : `${this.label} ${message}\n`);
  }
}
