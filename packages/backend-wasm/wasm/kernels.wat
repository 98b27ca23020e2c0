;; gankit's own WebAssembly kernels, run on the tfjs wasm backend's memory (imported, so tensors are
;; read and written in place, with no copies). Assembled by scripts/build-wasm.mjs into
;; src/kernels/simd_binary.ts, twice: with the memory import as written (a shared memory, the
;; threaded build) and without `shared` (the single-threaded build). Every float operation is the
;; IEEE single-precision one tfjs's own kernels perform, in the same order, so results are bit for bit
;; those of the unfused ops. Pointers are byte offsets into the memory; counts are elements.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; One Adam update of n elements: the new variable, first and second moments written to x1, m1, v1.
  ;;   m1 = m*b1 + g*(1-b1);  v1 = v*b2 + (g*g)*(1-b2)
  ;;   x1 = ((m1/c1) / (sqrt(v1/c2) + eps)) * (-lr) + x      (c1 = 1 - beta1^t, c2 = 1 - beta2^t)
  (func (export "adam")
    (param $x i32) (param $g i32) (param $m i32) (param $v i32)
    (param $x1 i32) (param $m1 i32) (param $v1 i32) (param $n i32)
    (param $b1 f32) (param $b2 f32) (param $omb1 f32) (param $omb2 f32)
    (param $eps f32) (param $nlr f32) (param $c1 f32) (param $c2 f32)
    (local $o i32) (local $vend i32) (local $end i32)
    (local $G v128) (local $M v128) (local $V v128)
    (local $B1 v128) (local $B2 v128) (local $OMB1 v128) (local $OMB2 v128)
    (local $EPS v128) (local $NLR v128) (local $C1 v128) (local $C2 v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $OMB1 (f32x4.splat (local.get $omb1)))
    (local.set $OMB2 (f32x4.splat (local.get $omb2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $NLR (f32x4.splat (local.get $nlr)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $G (v128.load align=4 (i32.add (local.get $g) (local.get $o))))
        (local.set $M (f32x4.add
          (f32x4.mul (v128.load align=4 (i32.add (local.get $m) (local.get $o))) (local.get $B1))
          (f32x4.mul (local.get $G) (local.get $OMB1))))
        (local.set $V (f32x4.add
          (f32x4.mul (v128.load align=4 (i32.add (local.get $v) (local.get $o))) (local.get $B2))
          (f32x4.mul (f32x4.mul (local.get $G) (local.get $G)) (local.get $OMB2))))
        (v128.store align=4 (i32.add (local.get $m1) (local.get $o)) (local.get $M))
        (v128.store align=4 (i32.add (local.get $v1) (local.get $o)) (local.get $V))
        (v128.store align=4 (i32.add (local.get $x1) (local.get $o))
          (f32x4.add
            (f32x4.mul
              (f32x4.div
                (f32x4.div (local.get $M) (local.get $C1))
                (f32x4.add (f32x4.sqrt (f32x4.div (local.get $V) (local.get $C2))) (local.get $EPS)))
              (local.get $NLR))
            (v128.load align=4 (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $ms (f32.add
          (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
          (f32.mul (local.get $gs) (local.get $omb1))))
        (local.set $vs (f32.add
          (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omb2))))
        (f32.store (i32.add (local.get $m1) (local.get $o)) (local.get $ms))
        (f32.store (i32.add (local.get $v1) (local.get $o)) (local.get $vs))
        (f32.store (i32.add (local.get $x1) (local.get $o))
          (f32.add
            (f32.mul
              (f32.div
                (f32.div (local.get $ms) (local.get $c1))
                (f32.add (f32.sqrt (f32.div (local.get $vs) (local.get $c2))) (local.get $eps)))
              (local.get $nlr))
            (f32.load (i32.add (local.get $x) (local.get $o)))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

;; One RMSprop update (tfjs's, not centered) of n elements, written to x1, ms1, mom1:
  ;;   ms1 = ms*decay + (g*g)*(1-decay);  mom1 = mom*momentum + (g*lr) / sqrt(ms1 + eps);  x1 = x - mom1
  (func (export "rmsprop")
    (param $x i32) (param $g i32) (param $ms i32) (param $mom i32)
    (param $x1 i32) (param $ms1 i32) (param $mom1 i32) (param $n i32)
    (param $decay f32) (param $omd f32) (param $momentum f32) (param $lr f32) (param $eps f32)
    (local $o i32) (local $vend i32) (local $end i32)
    (local $G v128) (local $MS v128) (local $MOM v128)
    (local $DECAY v128) (local $OMD v128) (local $MOMENTUM v128) (local $LR v128) (local $EPS v128)
    (local $gs f32) (local $mss f32) (local $moms f32)
    (local.set $DECAY (f32x4.splat (local.get $decay)))
    (local.set $OMD (f32x4.splat (local.get $omd)))
    (local.set $MOMENTUM (f32x4.splat (local.get $momentum)))
    (local.set $LR (f32x4.splat (local.get $lr)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $vdone
      (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
        (local.set $G (v128.load align=4 (i32.add (local.get $g) (local.get $o))))
        (local.set $MS (f32x4.add
          (f32x4.mul (v128.load align=4 (i32.add (local.get $ms) (local.get $o))) (local.get $DECAY))
          (f32x4.mul (f32x4.mul (local.get $G) (local.get $G)) (local.get $OMD))))
        (local.set $MOM (f32x4.add
          (f32x4.mul (v128.load align=4 (i32.add (local.get $mom) (local.get $o))) (local.get $MOMENTUM))
          (f32x4.div
            (f32x4.mul (local.get $G) (local.get $LR))
            (f32x4.sqrt (f32x4.add (local.get $MS) (local.get $EPS))))))
        (v128.store align=4 (i32.add (local.get $ms1) (local.get $o)) (local.get $MS))
        (v128.store align=4 (i32.add (local.get $mom1) (local.get $o)) (local.get $MOM))
        (v128.store align=4 (i32.add (local.get $x1) (local.get $o))
          (f32x4.sub (v128.load align=4 (i32.add (local.get $x) (local.get $o))) (local.get $MOM)))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $vloop)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $mss (f32.add
          (f32.mul (f32.load (i32.add (local.get $ms) (local.get $o))) (local.get $decay))
          (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $omd))))
        (local.set $moms (f32.add
          (f32.mul (f32.load (i32.add (local.get $mom) (local.get $o))) (local.get $momentum))
          (f32.div
            (f32.mul (local.get $gs) (local.get $lr))
            (f32.sqrt (f32.add (local.get $mss) (local.get $eps))))))
        (f32.store (i32.add (local.get $ms1) (local.get $o)) (local.get $mss))
        (f32.store (i32.add (local.get $mom1) (local.get $o)) (local.get $moms))
        (f32.store (i32.add (local.get $x1) (local.get $o))
          (f32.sub (f32.load (i32.add (local.get $x) (local.get $o))) (local.get $moms)))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $loop))))

  ;; out[c][r] = in[r][c] for a rows x cols float32 matrix: 4x4 blocks moved with SIMD shuffles, the
  ;; ragged right and bottom edges element by element.
  (func (export "transpose2d") (param $in i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $r4 i32) (local $c4 i32)
    (local $a v128) (local $b v128) (local $cc v128) (local $d v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $src i32) (local $dst i32) (local $rowBytes i32) (local $colBytes i32)
    (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $rows) (i32.const 2)))
    (local.set $r4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    ;; full 4x4 blocks
    (local.set $r (i32.const 0))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $r4)))
      (local.set $c (i32.const 0))
      (block $cdone (loop $cloop
        (br_if $cdone (i32.ge_u (local.get $c) (local.get $c4)))
        (local.set $src (i32.add (local.get $in)
          (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2))))
        (local.set $a (v128.load align=4 (local.get $src)))
        (local.set $b (v128.load align=4 (i32.add (local.get $src) (local.get $rowBytes))))
        (local.set $cc (v128.load align=4 (i32.add (local.get $src) (i32.shl (local.get $rowBytes) (i32.const 1)))))
        (local.set $d (v128.load align=4 (i32.add (local.get $src) (i32.mul (local.get $rowBytes) (i32.const 3)))))
        ;; t0 = a0 b0 a1 b1, t1 = a2 b2 a3 b3, t2 = c0 d0 c1 d1, t3 = c2 d2 c3 d3
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $cc) (local.get $d)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $cc) (local.get $d)))
        (local.set $dst (i32.add (local.get $out)
          (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2))))
        ;; column 0 = a0 b0 c0 d0 = low halves of t0 and t2; column 1 = high halves; likewise t1, t3
        (v128.store align=4 (local.get $dst)
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (v128.store align=4 (i32.add (local.get $dst) (local.get $colBytes))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (v128.store align=4 (i32.add (local.get $dst) (i32.shl (local.get $colBytes) (i32.const 1)))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (v128.store align=4 (i32.add (local.get $dst) (i32.mul (local.get $colBytes) (i32.const 3)))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $cloop)))
      ;; the columns right of the last full block, for these 4 rows
      (local.set $c (local.get $c4))
      (block $edone (loop $eloop
        (br_if $edone (i32.ge_u (local.get $c) (local.get $cols)))
        (call $copyColumn (local.get $in) (local.get $out) (local.get $rows) (local.get $cols)
          (local.get $r) (i32.add (local.get $r) (i32.const 4)) (local.get $c))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $eloop)))
      (local.set $r (i32.add (local.get $r) (i32.const 4)))
      (br $rloop)))
    ;; the rows below the last full block, every column
    (local.set $c (i32.const 0))
    (block $bdone (loop $bloop
      (br_if $bdone (i32.ge_u (local.get $c) (local.get $cols)))
      (call $copyColumn (local.get $in) (local.get $out) (local.get $rows) (local.get $cols)
        (local.get $r4) (local.get $rows) (local.get $c))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $bloop))))

  ;; out[c][r] = in[r][c] for r in [from, to), one column c.
  (func $copyColumn (param $in i32) (param $out i32) (param $rows i32) (param $cols i32)
    (param $from i32) (param $to i32) (param $c i32)
    (local $r i32)
    (local.set $r (local.get $from))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $r) (local.get $to)))
      (f32.store
        (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
        (f32.load (i32.add (local.get $in) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $loop))))
)
