/**
 * Threads for the wasm backend: `vite preview` (and `vite dev`, same headers) serve the playground
 * cross-origin isolated, and a page served that way trains on one wasm thread per core in its worker,
 * saying so in the backend badge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION } from '../vite.config.js';
import { launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './static-server.js';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

let server: StaticServer;
let browser: Browser;
beforeAll(async () => {
  server = await serveStatic(join(app, 'dist'), {}, CROSS_ORIGIN_ISOLATION);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('wasm threads in the playground', () => {
  it("'vite preview' serves the built site with the COOP/COEP headers", async () => {
    const port = await freePort();
    const vite = join(app, 'node_modules/vite/bin/vite.js');
    const preview: ChildProcess = spawn(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: app, stdio: 'ignore' });
    try {
      let response: Response | undefined;
      for (let i = 0; i < 120 && !response; i++) {
        response = await fetch(`http://127.0.0.1:${port}/`).catch(() => undefined);
        if (!response) await new Promise((r) => setTimeout(r, 500));
      }
      expect(response?.status).toBe(200);
      expect(response!.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(response!.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    } finally {
      preview.kill();
    }
  });

  it('trains ring8 on one wasm thread per core when served cross-origin isolated, and says how many in the badge', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
    await page.goto(`${server.url}?backend=wasm&variant=vanilla&dataset=ring8&every=0&seed=1&play=1`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const cores = Math.min(await page.evaluate(() => navigator.hardwareConcurrency), 8);
    // Steps, not seconds: the wait holds on a busy machine.
    type Snap = { step: number; backendDetail?: string; errors: string[] };
    const snap = () => page.evaluate(() => (window as unknown as { playground: { snapshot(): Promise<Snap> } }).playground.snapshot());
    await page.waitForFunction(() => (window as unknown as { playground?: unknown }).playground !== undefined, null, { timeout: 120_000 });
    let detail = await snap();
    for (const started = Date.now(); detail.step < 50 && detail.errors.length === 0 && Date.now() - started < 300_000; detail = await snap()) await page.waitForTimeout(250);
    expect(detail.step).toBeGreaterThanOrEqual(50);
    expect(detail.backendDetail).toBe(`WebAssembly SIMD, ${cores} thread${cores === 1 ? '' : 's'}, @gankit/backend-wasm kernels`);
    expect(await page.textContent('#backend')).toContain(`${cores} thread`);
    expect(detail.errors).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 400_000);
});
