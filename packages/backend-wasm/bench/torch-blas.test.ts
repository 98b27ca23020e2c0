import { describe, expect, it } from 'vitest';
import { anchorFromProbe, blasKindOf, judgeBlas, mappedBlasLibraries, torchThreadEnv } from './torch-blas.js';

const line = (path: string, perms = 'r-xp') => `7f3a1c000000-7f3a1c200000 ${perms} 00001000 08:01 1234567                    ${path}`;

/** Lines of a Debian torch process's maps, around the BLAS. */
const common = [
  '55d0c7a00000-55d0c7a2b000 r--p 00000000 08:01 393345                     /usr/bin/python3.11',
  '7f3a1b000000-7f3a1b021000 rw-p 00000000 00:00 0 ',
  line('/usr/lib/x86_64-linux-gnu/libgomp.so.1.0.0'),
  line('/usr/lib/python3/dist-packages/torch/lib/libtorch_cpu.so'),
  line('/usr/lib/x86_64-linux-gnu/libdnnl.so.2.7'),
  '7ffc2d9e0000-7ffc2da01000 rw-p 00000000 00:00 0                          [stack]',
];

describe('mappedBlasLibraries', () => {
  it('finds OpenBLAS behind the libblas.so.3 alternative, each path once', () => {
    const maps = [
      ...common,
      line('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', 'r--p'),
      line('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3'),
      line('/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so'),
    ].join('\n');
    expect(mappedBlasLibraries(maps)).toEqual([
      { kind: 'openblas', path: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3' },
      { kind: 'openblas', path: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so' },
    ]);
  });

  it('ignores anonymous maps, the stack and libraries that are no BLAS', () => {
    expect(mappedBlasLibraries(common.join('\n'))).toEqual([]);
  });
});

describe('blasKindOf', () => {
  it.each([
    ['/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0', 'reference'],
    ['/usr/lib/x86_64-linux-gnu/blas64/libblas64.so.3', 'reference'],
    ['/usr/lib64/libcblas.so.3', 'reference'],
    ['/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3', 'openblas'],
    ['/opt/conda/lib/libopenblas.so.0', 'openblas'],
    ['/opt/intel/oneapi/mkl/latest/lib/intel64/libmkl_core.so.2', 'mkl'],
    ['/usr/lib/x86_64-linux-gnu/blis-openmp/libblas.so.3', 'blis'],
    ['/usr/lib/x86_64-linux-gnu/atlas/libblas.so.3', 'atlas'],
    ['/usr/lib/x86_64-linux-gnu/libmkldnn.so.1', undefined],
    ['/usr/lib/x86_64-linux-gnu/liblapack.so.3', undefined],
  ])('%s is %s', (path, kind) => {
    expect(blasKindOf(path)).toBe(kind);
  });
});

describe('judgeBlas', () => {
  it('calls the netlib libblas the reference BLAS', () => {
    const maps = [...common, line('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0')].join('\n');
    expect(judgeBlas(maps)).toEqual({ status: 'reference', path: '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0' });
  });

  it('counts a reference BLAS beside an optimised one as reference', () => {
    const maps = [...common, line('/opt/venv/numpy.libs/libopenblas64_p-r0.so'), line('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3')].join('\n');
    expect(judgeBlas(maps).status).toBe('reference');
  });

  it('accepts OpenBLAS and says it does not know when no BLAS is mapped', () => {
    expect(judgeBlas([...common, line('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3')].join('\n'))).toEqual({
      status: 'optimised',
      kind: 'openblas',
      path: '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3',
    });
    expect(judgeBlas(common.join('\n'))).toEqual({ status: 'unknown', reason: 'no BLAS library mapped' });
    expect(judgeBlas('')).toEqual({ status: 'unknown', reason: 'no /proc/self/maps to read' });
  });
});

describe('anchorFromProbe', () => {
  it('refuses the reference BLAS, naming the file and what to install', () => {
    const anchor = anchorFromProbe(['1.13.1', 'generic', ...common, line('/usr/lib/x86_64-linux-gnu/blas/libblas.so.3')].join('\n'));
    expect(anchor).toMatchObject({ usable: false });
    expect(anchor.note).toBe(
      'refused: PyTorch would run on the reference BLAS (/usr/lib/x86_64-linux-gnu/blas/libblas.so.3); apt-get install -y libopenblas0-pthread',
    );
  });

  it('accepts OpenBLAS whatever BLAS_INFO says, and flags an unidentified BLAS', () => {
    const ok = anchorFromProbe(['1.13.0a0', 'generic', line('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3')].join('\n'));
    expect(ok).toMatchObject({ usable: true, torch: '1.13.0a0', blas: { status: 'optimised', kind: 'openblas' } });
    expect(ok.note).toBeUndefined();
    const unknown = anchorFromProbe(['2.4.0', 'mkl', ...common].join('\n'));
    expect(unknown).toMatchObject({ usable: true, torch: '2.4.0' });
    expect(unknown.note).toMatch(/not identified \(no BLAS library mapped; torch's build says BLAS_INFO=mkl\)/);
  });
});

describe('torchThreadEnv', () => {
  it('sizes the BLAS pools as torch sizes OpenMP', () => {
    expect(torchThreadEnv(1, { PATH: '/usr/bin', OPENBLAS_NUM_THREADS: '8' })).toEqual({
      PATH: '/usr/bin',
      OMP_NUM_THREADS: '1',
      OPENBLAS_NUM_THREADS: '1',
      MKL_NUM_THREADS: '1',
      BLIS_NUM_THREADS: '1',
    });
  });
});
