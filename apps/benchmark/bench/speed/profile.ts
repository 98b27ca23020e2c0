/**
 * Where a step's time goes, from a V8 CPU profile of the main thread: the share of samples whose leaf
 * frame is not WebAssembly (JS dispatch, tape bookkeeping, garbage collection, V8 itself). Kernels run
 * in wasm; with wasm threads the main thread computes its part of every kernel and waits for the others
 * inside wasm too, so a wasm leaf is kernel time and anything else is overhead around the kernels.
 * @module
 */
import { Session } from 'node:inspector/promises';

/** The parts of a `Profiler.Profile` the share reads. */
export interface CpuProfile {
  nodes: readonly { id: number; callFrame: { functionName: string; url: string } }[];
  samples?: readonly number[];
}

/** How a profile's samples split (idle samples are left out of every share). */
export interface KernelShare {
  /** Samples counted (not idle). */
  samples: number;
  /** Shares of `samples`: wasm leaves (kernels), JavaScript, garbage collection, V8 outside JS ("(program)"). */
  wasm: number;
  js: number;
  gc: number;
  program: number;
  /** 1 - wasm: the share of step time spent outside wasm kernels. */
  outside: number;
  /** JavaScript samples by where the code comes from (`@tensorflow/tfjs-core`, `@gankit/core`, `node`, ...), as shares of `samples`. */
  jsBySource: Record<string, number>;
  /** The ten leaf functions outside wasm with the most samples, as shares of `samples`. */
  top: { frame: string; share: number }[];
}

/** Whether a call frame is WebAssembly code (a kernel, or the wasm runtime's allocator and copies). */
export function isWasmFrame(frame: { functionName: string; url: string }): boolean {
  return frame.url.startsWith('wasm://') || /^wasm-function\[\d+\]$/.test(frame.functionName);
}

/** The package (or `node`, or the file) a script URL belongs to, for grouping JavaScript samples. */
export function sourceOf(url: string): string {
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(url);
  if (pkg) return pkg[1]!;
  const workspace = /\/(?:packages|apps)\/([^/]+)\//.exec(url);
  if (workspace) return `@gankit/${workspace[1]}`;
  return url.slice(url.lastIndexOf('/') + 1);
}

const share = (n: number, total: number) => (total === 0 ? 0 : n / total);

/** Splits a profile's samples by their leaf frame. */
export function kernelShare(profile: CpuProfile): KernelShare {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const counts = { wasm: 0, js: 0, gc: 0, program: 0 };
  const bySource = new Map<string, number>();
  const byFrame = new Map<string, number>();
  let total = 0;
  for (const id of profile.samples ?? []) {
    const frame = frames.get(id);
    if (frame === undefined || frame.functionName === '(idle)') continue;
    total += 1;
    if (isWasmFrame(frame)) {
      counts.wasm += 1;
      continue;
    }
    let name = frame.functionName || '(anonymous)';
    if (frame.functionName === '(garbage collector)') counts.gc += 1;
    else if (frame.functionName === '(program)' || frame.functionName === '(root)') counts.program += 1;
    else {
      counts.js += 1;
      const source = sourceOf(frame.url);
      bySource.set(source, (bySource.get(source) ?? 0) + 1);
      name = `${name} (${source})`;
    }
    byFrame.set(name, (byFrame.get(name) ?? 0) + 1);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    samples: total,
    wasm: share(counts.wasm, total),
    js: share(counts.js, total),
    gc: share(counts.gc, total),
    program: share(counts.program, total),
    outside: share(total - counts.wasm, total),
    jsBySource: Object.fromEntries(sorted(bySource).map(([k, v]) => [k, share(v, total)])),
    top: sorted(byFrame).slice(0, 10).map(([frame, n]) => ({ frame, share: share(n, total) })),
  };
}

/**
 * Runs `work` (synchronous steps) under the V8 CPU profiler of this process, sampling every
 * `intervalMicros`, and returns the profile. The profiler samples from its own thread, so the steps
 * need not yield.
 */
export async function profileCpu(work: () => void, intervalMicros = 200): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
    await session.post('Profiler.start');
    work();
    const { profile } = await session.post('Profiler.stop');
    return profile;
  } finally {
    session.disconnect();
  }
}
