/**
 * Threads for the wasm backend: `vite preview` (and `vite dev`, same headers) serve the playground
 * cross-origin isolated; a page served that way trains on one wasm thread by default (measured faster
 * on this 2-core machine) and on the threads `?threads=N` asks for, saying so in the backend badge.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_ORIGIN_ISOLATION } from '../vite.config.js';
import { launchChromium } from './chromium.js';
import { until, type Snapshot } from './page-state.js';
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

  it('trains ring8 on the wasm threads ?threads=2 asks for when served cross-origin isolated, on one by default, and says which in the badge', async () => {
    const trainUntilStep50 = async (query: string): Promise<Snapshot> => {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(`${e.name}: ${e.message}`));
      await page.goto(`${server.url}?backend=wasm&variant=vanilla&dataset=ring8&every=0&seed=1&play=1${query}`);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.waitForFunction(() => (window as unknown as { playground?: unknown }).playground !== undefined, null, { timeout: 120_000 });
      // Steps, not seconds: the wait holds on a busy machine.
      const s = await until(page, (state) => state.step >= 50, 300_000);
      expect(await page.textContent('#backend')).toContain(s.backendDetail!);
      expect(pageErrors).toEqual([]);
      await page.close();
      return s;
    };
    expect((await trainUntilStep50('&threads=2')).backendDetail).toBe('WebAssembly SIMD, 2 threads, @gankit/backend-wasm kernels');
    expect((await trainUntilStep50('')).backendDetail).toBe('WebAssembly SIMD, 1 thread (?threads=N asks for more), @gankit/backend-wasm kernels');
  }, 600_000);

  it('refuses ?threads outside 1-8 with a typed error on the page', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}?backend=wasm&variant=vanilla&dataset=ring8&every=0&threads=9`);
    await page.waitForFunction(() => /threads=9/.test(document.body.textContent ?? ''), null, { timeout: 120_000 });
    expect(await page.textContent('body')).toContain('?threads=9: expected a whole number from 1 to 8');
    await page.close();
  });
});
