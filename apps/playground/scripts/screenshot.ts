/**
 * Re-takes the README's screenshot (docs/playground-ring8.png) from the built page in Debian's
 * chromium: the vanilla GAN on ring8 (`{"sigma": 0.05}`, seed 1) on wasm, with the gradient arrows on,
 * trained until the page reports at least `--modes` modes covered, then paused and shot at 1280x1000.
 *
 *   npx -y pnpm@10 --filter @gankit/playground build && npx -y pnpm@10 --filter @gankit/playground screenshot [--modes 6 --minutes 15 --out docs/playground-ring8.png]
 *
 * The picture is written under a temporary name and renamed, so a failed run keeps the old one.
 * Prints the step, the modes and the backend, for the README's caption.
 */
import { ConfigError, type ConfigIssue } from '@gankit/core';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/chromium.js';
import { snapshot, until } from '../test/page-state.js';
import { serveStatic } from '../test/static-server.js';
import { CROSS_ORIGIN_ISOLATION } from '../vite.config.js';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    modes: { type: 'string', default: '6' },
    minutes: { type: 'string', default: '15' },
    out: { type: 'string', default: join(app, 'docs/playground-ring8.png') },
  },
});

const modes = Number(values.modes);
const minutes = Number(values.minutes);
const out = resolve(values.out);
const issues: ConfigIssue[] = [];
if (!(Number.isInteger(modes) && modes >= 1 && modes <= 8)) issues.push({ path: '--modes', expected: 'an integer from 1 to 8 (ring8 has 8 modes)', found: values.modes });
if (!(Number.isFinite(minutes) && minutes > 0)) issues.push({ path: '--minutes', expected: 'a positive number of minutes', found: values.minutes });
if (!out.endsWith('.png')) issues.push({ path: '--out', expected: 'a .png file', found: values.out });
if (!existsSync(join(app, 'dist/index.html'))) issues.push({ path: 'dist/index.html', expected: "the built site: run 'npx -y pnpm@10 --filter @gankit/playground build' first", found: undefined });
if (issues.length) throw new ConfigError('screenshot options', issues);

// Served as `vite preview` serves it (cross-origin isolated: wasm on one thread per core).
const server = await serveStatic(join(app, 'dist'), {}, CROSS_ORIGIN_ISOLATION);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
  const data = encodeURIComponent(JSON.stringify({ sigma: 0.05 }));
  await page.goto(`${server.url}?backend=wasm&variant=vanilla&dataset=ring8&data=${data}&every=250&samples=1000&seed=1&play=1`);
  // The page reports its modes at each evaluation (every 250 steps): steps, not seconds, decide when.
  await until(page, (s) => (s.evaluation?.scores['modes'] ?? 0) >= modes, minutes * 60_000);
  await page.click('#pause');
  const paused = await until(page, (s) => !s.playing && !s.evaluating, 60_000);
  if (pageErrors.length) throw new Error(`the page reported: ${pageErrors.join('\n')}`);
  // The arrows' frame and the numbers of the paused step are drawn at the next animation frame.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  const partial = `${out}.partial.png`;
  try {
    await page.screenshot({ path: partial });
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
  }
  const last = await snapshot(page);
  console.log(
    `wrote ${out}: vanilla on ring8, ${last.backendDetail}, paused at step ${paused.step}, ` +
      `${last.evaluation?.scores['modes']} of 8 modes at the last evaluation (step ${last.evaluation?.step})`,
  );
} finally {
  await browser.close();
  await server.close();
}
