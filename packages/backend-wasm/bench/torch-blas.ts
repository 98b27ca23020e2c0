/**
 * Which BLAS PyTorch really runs on, so that no speed ratio is reported against the reference
 * (netlib) BLAS. Debian's torch is built with `BLAS_INFO=generic` and calls whatever `libblas.so.3`
 * the system's alternative points at: netlib's unoptimised build unless an optimised one
 * (`libopenblas0-pthread`) is installed, and then PyTorch is several times slower than any user's.
 * `torch.__config__.show()` prints the build setting, not the library, so the check imports torch and
 * reads the libraries actually mapped into that process (`/proc/self/maps`).
 *
 * Shared by every bench script that runs a PyTorch reference (backend-wasm's `bench:dcgan`,
 * dcgan's `bench:quality`, pix2pix's `bench:speed`, the `pnpm bench:speed` table).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The Python the reference scripts run on (Debian: `apt-get install -y python3-torch`). */
export const TORCH_PYTHON = '/usr/bin/python3';

/** What to install so that torch loads an optimised BLAS (Debian; the alternative switches itself). */
export const OPTIMISED_BLAS_FIX = 'apt-get install -y libopenblas0-pthread';

/** BLAS implementations told apart by the file they are loaded from. */
export type BlasKind = 'openblas' | 'mkl' | 'blis' | 'atlas' | 'reference';

/** One BLAS library mapped into a process. */
export interface MappedBlas {
  kind: BlasKind;
  /** The file as the process mapped it (symbolic links already resolved by the loader). */
  path: string;
}

/**
 * What a process's BLAS is: `optimised` (OpenBLAS, MKL, BLIS, ATLAS mapped, and no reference BLAS),
 * `reference` (the netlib `libblas` is mapped), or `unknown` (no BLAS library mapped, e.g. a wheel
 * that links MKL statically, or no `/proc`).
 */
export type BlasVerdict =
  | { status: 'optimised'; kind: Exclude<BlasKind, 'reference'>; path: string }
  | { status: 'reference'; path: string }
  | { status: 'unknown'; reason: string };

/** The path of one `/proc/<pid>/maps` line (its sixth field onwards), or undefined for anonymous maps. */
function mappedPath(line: string): string | undefined {
  const m = /^\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(\/.*?)(?: \(deleted\))?\s*$/.exec(line);
  return m?.[1];
}

/** The BLAS kind of a library file, or undefined when it is no BLAS (oneDNN's `libmkldnn` is not MKL). */
export function blasKindOf(path: string): BlasKind | undefined {
  const file = path.slice(path.lastIndexOf('/') + 1);
  if (/openblas/i.test(path)) return 'openblas';
  if (/^libmkl_/i.test(file) || /\/mkl\//i.test(path)) return 'mkl';
  if (/blis/i.test(path)) return 'blis';
  if (/atlas/i.test(path)) return 'atlas';
  if (/^lib(c|ref)?blas(64)?\.so/i.test(file)) return 'reference';
  return undefined;
}

/**
 * The BLAS libraries listed in the text of `/proc/<pid>/maps`, each path once, in order.
 *
 * @example
 * ```ts
 * mappedBlasLibraries('7f..-7f.. r-xp 00000000 08:01 42  /usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0');
 * // [{ kind: 'reference', path: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0' }]
 * ```
 */
export function mappedBlasLibraries(maps: string): MappedBlas[] {
  const seen = new Set<string>();
  const out: MappedBlas[] = [];
  for (const line of maps.split('\n')) {
    const path = mappedPath(line);
    if (path === undefined || seen.has(path)) continue;
    seen.add(path);
    const kind = blasKindOf(path);
    if (kind !== undefined) out.push({ kind, path });
  }
  return out;
}

/**
 * Judges the BLAS of a process from its `/proc/<pid>/maps` text. A reference BLAS mapped beside an
 * optimised one counts as reference: which of the two answers torch's calls cannot be told from the
 * maps, and the fix (installing OpenBLAS as the system BLAS) removes the doubt.
 */
export function judgeBlas(maps: string): BlasVerdict {
  const libs = mappedBlasLibraries(maps);
  const reference = libs.find((l) => l.kind === 'reference');
  if (reference !== undefined) return { status: 'reference', path: reference.path };
  const optimised = libs[0];
  if (optimised !== undefined && optimised.kind !== 'reference') return { status: 'optimised', kind: optimised.kind, path: optimised.path };
  return { status: 'unknown', reason: maps.trim() === '' ? 'no /proc/self/maps to read' : 'no BLAS library mapped' };
}

/**
 * Whether the PyTorch reference may be run and compared with: `usable` with its version and BLAS, or
 * not, with `note` saying why (`skipped: ...` without python or torch, `refused: ...` on the
 * reference BLAS). A usable anchor may carry a `note` too (its BLAS could not be identified).
 */
export type TorchAnchor =
  | { usable: true; torch: string; blas: BlasVerdict; note?: string }
  | { usable: false; note: string; blas?: BlasVerdict };

/** The row note for a reference BLAS, with the path torch mapped and what to install. */
export function referenceBlasNote(path: string): string {
  return `refused: PyTorch would run on the reference BLAS (${path}); ${OPTIMISED_BLAS_FIX}`;
}

/**
 * Reads a probe's output (torch's version, its `BLAS_INFO` build setting, then the maps text) into an
 * anchor: refused on the reference BLAS, usable otherwise (with a note when the BLAS is unknown).
 */
export function anchorFromProbe(output: string): TorchAnchor {
  const [version = '', blasInfo = '', ...maps] = output.split('\n');
  const blas = judgeBlas(maps.join('\n'));
  if (blas.status === 'reference') return { usable: false, note: referenceBlasNote(blas.path), blas };
  if (blas.status === 'optimised') return { usable: true, torch: version.trim(), blas };
  return {
    usable: true,
    torch: version.trim(),
    blas,
    note: `PyTorch's BLAS not identified (${blas.reason}; torch's build says BLAS_INFO=${blasInfo.trim() || '?'}): check it is not the reference BLAS`,
  };
}

const PROBE = [
  'import re, sys, torch',
  'm = re.search(r"BLAS_INFO=([^,\\s]+)", torch.__config__.show())',
  'sys.stdout.write(torch.__version__ + "\\n" + (m.group(1) if m else "") + "\\n")',
  'try:',
  '    sys.stdout.write(open("/proc/self/maps").read())',
  'except OSError:',
  '    pass',
].join('\n');

let cached: TorchAnchor | undefined;

/**
 * Imports torch in `python` (default {@link TORCH_PYTHON}) and judges the BLAS it maps. Runs once per
 * process; later calls return the first answer.
 *
 * @example
 * ```ts
 * const anchor = checkTorchBlas();
 * if (!anchor.usable) console.log(anchor.note); // refused: PyTorch would run on the reference BLAS (...); apt-get install -y libopenblas0-pthread
 * ```
 */
export function checkTorchBlas(python = TORCH_PYTHON): TorchAnchor {
  if (cached !== undefined) return cached;
  if (!existsSync(python)) return (cached = { usable: false, note: `skipped: '${python}' not found (Debian: apt-get install -y python3-torch)` });
  const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    const why = /No module named 'torch'/.test(r.stderr ?? '')
      ? `torch is not installed for ${python} (Debian: apt-get install -y python3-torch)`
      : `${python} failed to import torch (exit ${String(r.status)}): ${(r.stderr ?? '').trim().split('\n').pop() ?? ''}`;
    return (cached = { usable: false, note: `skipped: ${why}` });
  }
  return (cached = anchorFromProbe(r.stdout));
}

/**
 * The environment for a PyTorch run on `threads` threads: `torch.set_num_threads` sizes OpenMP, but
 * a torch built with `BLAS_INFO=generic` never sizes the BLAS, whose own pool (OpenBLAS, BLIS, MKL)
 * would use every core in a "1 thread" run. These variables fix the BLAS to the same count.
 */
export function torchThreadEnv(threads: number, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const n = String(threads);
  return { ...base, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, BLIS_NUM_THREADS: n };
}
