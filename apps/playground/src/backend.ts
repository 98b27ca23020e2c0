/**
 * Backend choice for training, made in the page's training worker (worker.ts): tfjs WebGL where the browser has a GPU behind it, else WebAssembly with
 * @gankit/backend-wasm's training kernels (its .wasm files served by this app, never fetched from a
 * CDN), else plain JS. WebGL on a software renderer (SwiftShader, llvmpipe: machines without a GPU)
 * is passed over for wasm, which trains many times faster there. `?backend=wasm` (or `webgl`, `cpu`)
 * in the page's URL, or the page's backend selector, asks for one. WebGL in a worker draws on an
 * OffscreenCanvas; where the browser has none (or its WebGL does not start there), an asked-for webgl
 * falls back to wasm and says why.
 * @module
 */
import { initWasmBackend } from '@gankit/backend-wasm';
import { BackendError } from '@gankit/core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import '@tensorflow/tfjs-backend-webgl';
import * as tf from '@tensorflow/tfjs-core';

/** Backends the page can run on. */
export type PageBackend = 'webgl' | 'wasm' | 'cpu';

/** What the page runs on, for the status line. */
export interface PageBackendInfo {
  name: PageBackend;
  /** One line for people: the renderer behind WebGL, the threads of wasm. */
  detail: string;
  /** Backends tried first, and why they were not used. */
  skipped: string[];
  /** Set when the backend asked for could not start and another runs instead: which, and why. */
  fallback?: string;
}

function webglRenderer(): string {
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  if (!gl) return 'WebGL';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
  return `WebGL ${tf.env().getNumber('WEBGL_VERSION')}, ${renderer}`;
}

/**
 * The name of a software WebGL renderer in `renderer` (Chrome's SwiftShader, Mesa's llvmpipe or
 * softpipe, Windows' basic render driver), or undefined for a GPU. On those, WebGL runs its shaders on
 * the CPU: the 2-D MLP GAN trained about 4 steps/s there against about 100 on wasm.
 */
export function softwareRenderer(renderer: string): string | undefined {
  return /SwiftShader|llvmpipe|softpipe|Microsoft Basic Render|software rasterizer/i.exec(renderer)?.[0];
}

/** Whether this page (or the page of this worker) is cross-origin isolated, so wasm may run threaded. */
function crossOriginIsolatedHere(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

async function tryBackend(name: PageBackend, auto: boolean, threads: number): Promise<string> {
  if (name === 'wasm') {
    setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlain,
      'tfjs-backend-wasm-simd.wasm': wasmSimd,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
    });
    // Threads need SharedArrayBuffer, which browsers give only to cross-origin-isolated pages (served
    // with COOP/COEP headers, as `vite dev` and `vite preview` serve this app). Even there one thread is
    // the default: measured in headless Chromium on 2 cores, two threads trained the 2-D MLP at 117
    // steps/s against 552 on one, and the small DCGAN at 16.5 against 23.3 (README, "Speed").
    const isolated = crossOriginIsolatedHere();
    const info = await initWasmBackend({ threads: isolated ? threads : 1 });
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const count = `${info.threads} thread${info.threads === 1 ? '' : 's'}`;
    const why = !isolated
      ? threads > 1
        ? ` (${threads} asked for: the page is not cross-origin isolated; served with COOP/COEP headers it can have them)`
        : ' (the page is not cross-origin isolated, so one thread)'
      : info.threads === 1
        ? ' (?threads=N asks for more)'
        : '';
    return `WebAssembly${simd ? ' SIMD' : ''}, ${count}${why}, @gankit/backend-wasm kernels`;
  }
  if (name === 'webgl' && typeof OffscreenCanvas === 'undefined' && typeof document === 'undefined') {
    throw new Error('WebGL in a worker needs OffscreenCanvas, which this browser does not have');
  }
  if (!(await tf.setBackend(name))) throw new Error(`the '${name}' backend did not initialize`);
  await tf.ready();
  if (name !== 'webgl') return 'plain JavaScript';
  const detail = webglRenderer();
  const software = softwareRenderer(detail);
  if (auto && software) {
    tf.removeBackend('webgl');
    throw new Error(`a software renderer (${software}), not a GPU: wasm trains faster here (choose webgl to use it anyway)`);
  }
  return software ? `${detail} (software: no GPU)` : detail;
}

/**
 * Activates `prefer`, or the first of WebGL, wasm, cpu that works; wasm on `threads` threads where the
 * page is cross-origin isolated (one elsewhere). An asked-for webgl that cannot start (no
 * OffscreenCanvas in the worker, no WebGL at all) falls back to wasm, with `fallback` saying so.
 * Throws {@link BackendError} when an explicitly requested wasm or cpu cannot start.
 */
export async function chooseBackend(prefer: PageBackend | 'auto' = 'auto', threads = 1): Promise<PageBackendInfo> {
  const order: PageBackend[] = prefer === 'auto' ? ['webgl', 'wasm', 'cpu'] : prefer === 'webgl' ? ['webgl', 'wasm'] : [prefer];
  const skipped: string[] = [];
  for (const name of order) {
    try {
      const detail = await tryBackend(name, prefer === 'auto', threads);
      const fallback = prefer !== 'auto' && name !== prefer ? `${prefer} is not available in the training worker (${skipped.join('; ')}); using ${name}` : undefined;
      return { name, detail, skipped, ...(fallback ? { fallback } : {}) };
    } catch (error) {
      skipped.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new BackendError(`No TensorFlow.js backend could start in this browser: ${skipped.join('; ')}.`);
}

/** The wasm threads asked for in the page's URL (`?threads=2`, 1 to 8), or 1. */
export function requestedThreads(search: string): number {
  const value = new URLSearchParams(search).get('threads');
  if (value === null || value === '') return 1;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 1 && n <= 8)) throw new BackendError(`?threads=${value}: expected a whole number from 1 to 8`);
  return n;
}

/** The backend asked for in the page's URL (`?backend=wasm`), or `'auto'`. */
export function requestedBackend(search: string): PageBackend | 'auto' {
  const value = new URLSearchParams(search).get('backend');
  if (value === null || value === '' || value === 'auto') return 'auto';
  if (value === 'webgl' || value === 'wasm' || value === 'cpu') return value;
  throw new BackendError(`?backend=${value}: expected one of auto, webgl, wasm, cpu`);
}
