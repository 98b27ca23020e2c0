;; gankit's own WebAssembly kernels, run on the tfjs wasm backend's memory (imported, so tensors are
;; read and written in place, with no copies). Assembled by scripts/build-wasm.mjs into
;; src/kernels/simd_binary.ts, twice: with the memory import as written (a shared memory, the
;; threaded build) and without `shared` (the single-threaded build). In the element-wise kernels
;; (optimizer updates, LeakyReLU's gradient) every float operation is the IEEE single-precision one
;; tfjs's own kernels perform, in the same order, so results are bit for bit those of the unfused ops;
;; the sums and products (columnSums, matMulTransposedA, minibatch similarity) add in their own order,
;; as any blocked kernel does. Pointers are byte offsets into the memory; counts are elements.
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

  ;; exp(-s) in each lane, for s >= 0 (Cephes' expf: x = -s = k ln2 + r with k whole, |r| <= ln2/2, then
  ;; 2^k times a polynomial of r; relative error ~1e-7; x is clamped at -87, so exp(-s) >= ~1.6e-38).
  ;; At s = 0 it is exactly 1. Used by the minibatch-similarity kernels only (not a tfjs op).
  (func $expneg (param $s v128) (result v128)
    (local $x v128) (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (f32x4.neg (local.get $s)) (v128.const f32x4 -87 -87 -87 -87)))
    (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    (local.set $r (f32x4.sub
      (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375)))
      (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $r) (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
      (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
      (v128.const f32x4 1 1 1 1)))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; Sum of |m[c, i] - m[c, j]| over c < width, four partners j..j+3 at once; $col is m[0, 0]'s byte
  ;; offset for one row b, $plane the bytes between m[c] and m[c + 1] (n floats).
  (func $l1x4 (param $col i32) (param $plane i32) (param $width i32) (param $i i32) (param $j i32) (result v128)
    (local $c i32) (local $s v128)
    (local.set $s (v128.const f32x4 0 0 0 0))
    (local.set $c (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $c) (local.get $width)))
        (local.set $s (f32x4.add (local.get $s) (f32x4.abs (f32x4.sub
          (v128.load32_splat (i32.add (local.get $col) (i32.shl (local.get $i) (i32.const 2))))
          (v128.load align=4 (i32.add (local.get $col) (i32.shl (local.get $j) (i32.const 2))))))))
        (local.set $col (i32.add (local.get $col) (local.get $plane)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $loop)))
    (local.get $s))

  ;; The same for one partner j (lane 0 of the result; the other lanes hold the same value).
  (func $l1x1 (param $col i32) (param $plane i32) (param $width i32) (param $i i32) (param $j i32) (result v128)
    (local $c i32) (local $s f32)
    (local.set $c (i32.const 0))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $c) (local.get $width)))
        (local.set $s (f32.add (local.get $s) (f32.abs (f32.sub
          (f32.load (i32.add (local.get $col) (i32.shl (local.get $i) (i32.const 2))))
          (f32.load (i32.add (local.get $col) (i32.shl (local.get $j) (i32.const 2))))))))
        (local.set $col (i32.add (local.get $col) (local.get $plane)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $loop)))
    (f32x4.splat (local.get $s)))

  ;; The four lanes of v added.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; Minibatch similarity (minibatch discrimination, Salimans et al. 2016): for m [rows, width, n]
  ;; (each projection's values across the batch), o[b, i] = sum over j != i of
  ;; exp(-sum_c |m[b, c, i] - m[b, c, j]|), o [rows, n]. Each pair i < j once, its term added to both
  ;; ends; partners j four at a time.
  (func (export "minibatchSimilarity") (param $m i32) (param $o i32) (param $rows i32) (param $width i32) (param $n i32)
    (local $b i32) (local $i i32) (local $j i32) (local $col i32) (local $plane i32) (local $orow i32) (local $at i32)
    (local $e v128) (local $acc v128) (local $tail f32) (local $es f32)
    (local.set $plane (i32.shl (local.get $n) (i32.const 2)))
    (memory.fill (local.get $o) (i32.const 0) (i32.mul (local.get $rows) (local.get $plane)))
    (local.set $b (i32.const 0))
    (block $bdone
      (loop $bloop
        (br_if $bdone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $col (i32.add (local.get $m) (i32.mul (i32.mul (local.get $b) (local.get $width)) (local.get $plane))))
        (local.set $orow (i32.add (local.get $o) (i32.mul (local.get $b) (local.get $plane))))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $acc (v128.const f32x4 0 0 0 0))
            (local.set $tail (f32.const 0))
            (local.set $j (i32.add (local.get $i) (i32.const 1)))
            (block $vdone
              (loop $vloop
                (br_if $vdone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
                (local.set $e (call $expneg (call $l1x4 (local.get $col) (local.get $plane) (local.get $width) (local.get $i) (local.get $j))))
                (local.set $acc (f32x4.add (local.get $acc) (local.get $e)))
                (local.set $at (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 2))))
                (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $e)))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $vloop)))
            (block $tdone
              (loop $tloop
                (br_if $tdone (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $es (f32x4.extract_lane 0
                  (call $expneg (call $l1x1 (local.get $col) (local.get $plane) (local.get $width) (local.get $i) (local.get $j)))))
                (local.set $tail (f32.add (local.get $tail) (local.get $es)))
                (local.set $at (i32.add (local.get $orow) (i32.shl (local.get $j) (i32.const 2))))
                (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $es)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $tloop)))
            (local.set $at (i32.add (local.get $orow) (i32.shl (local.get $i) (i32.const 2))))
            (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.add (call $hsum (local.get $acc)) (local.get $tail))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iloop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bloop))))

  ;; Its gradient: dm[b, c, i] = -sum over j != i of (dy[b, i] + dy[b, j]) e_ij sign(m[b, c, i] - m[b, c, j]),
  ;; e_ij = exp(-sum_c |m[b, c, i] - m[b, c, j]|), for dy [rows, n]; dm [rows, width, n]. Each pair
  ;; i < j once: its weight w = (dy[b, i] + dy[b, j]) e_ij into $w (scratch space for n floats), then
  ;; for each c, w sign(m[b, c, i] - m[b, c, j]) taken from dm[b, c, i] and added to dm[b, c, j].
  (func (export "minibatchSimilarityGrad") (param $m i32) (param $dy i32) (param $dm i32) (param $w i32)
    (param $rows i32) (param $width i32) (param $n i32)
    (local $b i32) (local $i i32) (local $j i32) (local $c i32) (local $col i32) (local $plane i32)
    (local $dyrow i32) (local $p i32) (local $q i32) (local $at i32) (local $dyi v128) (local $mi v128) (local $d v128)
    (local $wv v128) (local $g v128) (local $acc v128) (local $tail f32) (local $ds f32) (local $gs f32)
    (local.set $plane (i32.shl (local.get $n) (i32.const 2)))
    (memory.fill (local.get $dm) (i32.const 0) (i32.mul (i32.mul (local.get $rows) (local.get $width)) (local.get $plane)))
    (local.set $b (i32.const 0))
    (block $bdone
      (loop $bloop
        (br_if $bdone (i32.ge_u (local.get $b) (local.get $rows)))
        (local.set $col (i32.add (local.get $m) (i32.mul (i32.mul (local.get $b) (local.get $width)) (local.get $plane))))
        (local.set $dyrow (i32.add (local.get $dy) (i32.mul (local.get $b) (local.get $plane))))
        (local.set $i (i32.const 0))
        (block $idone
          (loop $iloop
            (br_if $idone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $dyi (v128.load32_splat (i32.add (local.get $dyrow) (i32.shl (local.get $i) (i32.const 2)))))
            ;; the pair weights w[j] = (dy[b, i] + dy[b, j]) e_ij, j > i
            (local.set $j (i32.add (local.get $i) (i32.const 1)))
            (block $vdone
              (loop $vloop
                (br_if $vdone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
                (v128.store align=4 (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))
                  (f32x4.mul
                    (f32x4.add (local.get $dyi) (v128.load align=4 (i32.add (local.get $dyrow) (i32.shl (local.get $j) (i32.const 2)))))
                    (call $expneg (call $l1x4 (local.get $col) (local.get $plane) (local.get $width) (local.get $i) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))
                (br $vloop)))
            (block $tdone
              (loop $tloop
                (br_if $tdone (i32.ge_u (local.get $j) (local.get $n)))
                (f32.store (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))
                  (f32x4.extract_lane 0 (f32x4.mul
                    (f32x4.add (local.get $dyi) (v128.load32_splat (i32.add (local.get $dyrow) (i32.shl (local.get $j) (i32.const 2)))))
                    (call $expneg (call $l1x1 (local.get $col) (local.get $plane) (local.get $width) (local.get $i) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $tloop)))
            ;; for each c: g = w[j] sign(m[b, c, i] - m[b, c, j]); dm[b, c, i] -= g, dm[b, c, j] += g
            (local.set $c (i32.const 0))
            (local.set $p (local.get $col))
            (block $cdone
              (loop $cloop
                (br_if $cdone (i32.ge_u (local.get $c) (local.get $width)))
                (local.set $q (i32.add (local.get $dm) (i32.sub (local.get $p) (local.get $m))))
                (local.set $mi (v128.load32_splat (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))))
                (local.set $acc (v128.const f32x4 0 0 0 0))
                (local.set $tail (f32.const 0))
                (local.set $j (i32.add (local.get $i) (i32.const 1)))
                (block $v2done
                  (loop $v2loop
                    (br_if $v2done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
                    (local.set $d (f32x4.sub (local.get $mi) (v128.load align=4 (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2))))))
                    (local.set $wv (v128.load align=4 (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))))
                    (local.set $g (f32x4.sub
                      (v128.and (local.get $wv) (f32x4.gt (local.get $d) (v128.const f32x4 0 0 0 0)))
                      (v128.and (local.get $wv) (f32x4.lt (local.get $d) (v128.const f32x4 0 0 0 0)))))
                    (local.set $acc (f32x4.add (local.get $acc) (local.get $g)))
                    (local.set $at (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 2))))
                    (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at)) (local.get $g)))
                    (local.set $j (i32.add (local.get $j) (i32.const 4)))
                    (br $v2loop)))
                (block $t2done
                  (loop $t2loop
                    (br_if $t2done (i32.ge_u (local.get $j) (local.get $n)))
                    (local.set $ds (f32.sub (f32x4.extract_lane 0 (local.get $mi)) (f32.load (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 2))))))
                    (local.set $gs (f32.load (i32.add (local.get $w) (i32.shl (local.get $j) (i32.const 2)))))
                    (local.set $gs (select (local.get $gs) (select (f32.neg (local.get $gs)) (f32.const 0) (f32.lt (local.get $ds) (f32.const 0)))
                      (f32.gt (local.get $ds) (f32.const 0))))
                    (local.set $tail (f32.add (local.get $tail) (local.get $gs)))
                    (local.set $at (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 2))))
                    (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (local.get $gs)))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $t2loop)))
                (local.set $at (i32.add (local.get $q) (i32.shl (local.get $i) (i32.const 2))))
                (f32.store (local.get $at) (f32.sub (f32.load (local.get $at)) (f32.add (call $hsum (local.get $acc)) (local.get $tail))))
                (local.set $p (i32.add (local.get $p) (local.get $plane)))
                (local.set $c (i32.add (local.get $c) (i32.const 1)))
                (br $cloop)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iloop)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $bloop))))

  ;; out[c] = sum over r of x[r, c] for x [rows, cols] (the bias and batch-norm gradients: a sum over
  ;; the batch), rows added in order; four columns at a time, the ragged right edge one by one.
  (func (export "columnSums") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $c4 i32) (local $row i32) (local $at i32)
    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $c4 (i32.and (local.get $cols) (i32.const -4)))
    (local.set $row (local.get $x))
    (local.set $r (i32.const 0))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $c (i32.const 0))
      (block $vdone (loop $vloop
        (br_if $vdone (i32.ge_u (local.get $c) (local.get $c4)))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at))
          (v128.load align=4 (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $vloop)))
      (block $tdone (loop $tloop
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $at (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (f32.store (local.get $at) (f32.add (f32.load (local.get $at))
          (f32.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $tloop)))
      (local.set $row (i32.add (local.get $row) (i32.shl (local.get $cols) (i32.const 2))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; LeakyReLU's gradient, dx = x > 0 ? dy : dy * alpha, for n elements: tfjs's where(greater(x, 0),
  ;; dy, mul(dy, alpha)) in one pass instead of three kernels and two intermediate tensors.
  (func (export "leakyReluGrad") (param $x i32) (param $dy i32) (param $dx i32) (param $n i32) (param $alpha f32)
    (local $o i32) (local $vend i32) (local $end i32) (local $D v128) (local $A v128) (local $d f32)
    (local.set $A (f32x4.splat (local.get $alpha)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
      (local.set $D (v128.load align=4 (i32.add (local.get $dy) (local.get $o))))
      (v128.store align=4 (i32.add (local.get $dx) (local.get $o))
        (v128.bitselect (local.get $D) (f32x4.mul (local.get $D) (local.get $A))
          (f32x4.gt (v128.load align=4 (i32.add (local.get $x) (local.get $o))) (v128.const f32x4 0 0 0 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $vloop)))
    (block $tdone (loop $tloop
      (br_if $tdone (i32.ge_u (local.get $o) (local.get $end)))
      (local.set $d (f32.load (i32.add (local.get $dy) (local.get $o))))
      (f32.store (i32.add (local.get $dx) (local.get $o))
        (select (local.get $d) (f32.mul (local.get $d) (local.get $alpha))
          (f32.gt (f32.load (i32.add (local.get $x) (local.get $o))) (f32.const 0))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tloop))))

  ;; c = a^T b for a [k, m] and b [k, n] (c [m, n]), the weight gradient of a Dense layer with few
  ;; inputs or outputs: for each row of a and b, c[i, :] += a[r, i] * b[r, :], four columns of b at a
  ;; time. XNNPACK's fully-connected operator would pack b (k x n) on every call, which costs more
  ;; than the arithmetic when m is a handful.
  (func (export "matMulTransposedA") (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $m i32) (param $n i32)
    (local $r i32) (local $i i32) (local $j i32) (local $n4 i32) (local $arow i32) (local $brow i32) (local $crow i32)
    (local $at i32) (local $s f32) (local $S v128) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (memory.fill (local.get $c) (i32.const 0) (i32.mul (local.get $m) (local.get $rowBytes)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $arow (local.get $a))
    (local.set $brow (local.get $b))
    (local.set $r (i32.const 0))
    (block $rdone (loop $rloop
      (br_if $rdone (i32.ge_u (local.get $r) (local.get $k)))
      (local.set $crow (local.get $c))
      (local.set $i (i32.const 0))
      (block $idone (loop $iloop
        (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (f32.load (i32.add (local.get $arow) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $S (f32x4.splat (local.get $s)))
        (local.set $j (i32.const 0))
        (block $vdone (loop $vloop
          (br_if $vdone (i32.ge_u (local.get $j) (local.get $n4)))
          (local.set $at (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
          (v128.store align=4 (local.get $at) (f32x4.add (v128.load align=4 (local.get $at))
            (f32x4.mul (local.get $S) (v128.load align=4 (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $vloop)))
        (block $tdone (loop $tloop
          (br_if $tdone (i32.ge_u (local.get $j) (local.get $n)))
          (local.set $at (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
          (f32.store (local.get $at) (f32.add (f32.load (local.get $at))
            (f32.mul (local.get $s) (f32.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $tloop)))
        (local.set $crow (i32.add (local.get $crow) (local.get $rowBytes)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iloop)))
      (local.set $arow (i32.add (local.get $arow) (i32.shl (local.get $m) (i32.const 2))))
      (local.set $brow (i32.add (local.get $brow) (local.get $rowBytes)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rloop))))

  ;; A dropout mask of n floats: element i is scale when the i-th draw of sfc32 from the state (a, b,
  ;; c, d) is at least threshold (unsigned), else 0. The same draws as @gankit/core's Rng.nextUint32
  ;; from that state, so the mask is the one its JavaScript path makes, written straight into the heap.
  (func (export "dropoutMask") (param $out i32) (param $n i32) (param $a i32) (param $b i32) (param $c i32) (param $d i32)
    (param $threshold i32) (param $scale f32)
    (local $at i32) (local $end i32) (local $t i32)
    (local.set $at (local.get $out))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $loop
      (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
      (local.set $t (i32.add (i32.add (local.get $a) (local.get $b)) (local.get $d)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (local.set $a (i32.xor (local.get $b) (i32.shr_u (local.get $b) (i32.const 9))))
      (local.set $b (i32.add (local.get $c) (i32.shl (local.get $c) (i32.const 3))))
      (local.set $c (i32.add (i32.rotl (local.get $c) (i32.const 21)) (local.get $t)))
      (f32.store (local.get $at)
        (select (local.get $scale) (f32.const 0) (i32.ge_u (local.get $t) (local.get $threshold))))
      (local.set $at (i32.add (local.get $at) (i32.const 4)))
      (br $loop))))

  ;; y = tanh(x) for n elements, four at a time. |x| < 0.5: the odd Taylor series to x^17 (relative
  ;; error below 1e-8 there); beyond, (1 - e) / (1 + e) with e = exp(-2|x|) from $expneg (Cephes' expf,
  ;; a few ulp), the sign put back; NaN stays NaN, -0 stays -0, large |x| gives +-1. The wasm backend's
  ;; own Tanh calls libm's tanhf element by element, 13 ns each.
  (func (export "tanh") (param $x i32) (param $y i32) (param $n i32)
    (local $o i32) (local $vend i32) (local $end i32)
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vend (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    (block $vdone (loop $vloop
      (br_if $vdone (i32.ge_u (local.get $o) (local.get $vend)))
      (v128.store align=4 (i32.add (local.get $y) (local.get $o))
        (call $tanh4 (v128.load align=4 (i32.add (local.get $x) (local.get $o)))))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $vloop)))
    ;; the last n mod 4 elements, through lane 0
    (block $tdone (loop $tloop
      (br_if $tdone (i32.ge_u (local.get $o) (local.get $end)))
      (f32.store (i32.add (local.get $y) (local.get $o))
        (f32x4.extract_lane 0 (call $tanh4 (f32x4.splat (f32.load (i32.add (local.get $x) (local.get $o)))))))
      (local.set $o (i32.add (local.get $o) (i32.const 4)))
      (br $tloop))))

  (func $tanh4 (param $X v128) (result v128)
    (local $A v128) (local $X2 v128) (local $P v128) (local $E v128) (local $L v128)
    (local.set $A (f32x4.abs (local.get $X)))
    (local.set $X2 (f32x4.mul (local.get $X) (local.get $X)))
    (local.set $P (v128.const f32x4 5.90027440e-4 5.90027440e-4 5.90027440e-4 5.90027440e-4))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 -1.45583438e-3 -1.45583438e-3 -1.45583438e-3 -1.45583438e-3)))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 3.59212803e-3 3.59212803e-3 3.59212803e-3 3.59212803e-3)))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 -8.86323552e-3 -8.86323552e-3 -8.86323552e-3 -8.86323552e-3)))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 2.18694885e-2 2.18694885e-2 2.18694885e-2 2.18694885e-2)))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 -5.39682540e-2 -5.39682540e-2 -5.39682540e-2 -5.39682540e-2)))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 1.33333340e-1 1.33333340e-1 1.33333340e-1 1.33333340e-1)))
    (local.set $P (f32x4.add (f32x4.mul (local.get $P) (local.get $X2)) (v128.const f32x4 -3.33333343e-1 -3.33333343e-1 -3.33333343e-1 -3.33333343e-1)))
    ;; x (1 + x^2 p), not x + x^3 p: keeps -0
    (local.set $P (f32x4.mul (local.get $X) (f32x4.add (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $X2) (local.get $P)))))
    (local.set $E (call $expneg (f32x4.add (local.get $A) (local.get $A))))
    (local.set $L (f32x4.div (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $E)) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $E))))
    ;; the sign of x on the large branch (L >= 0, or NaN)
    (local.set $L (v128.or (local.get $L) (v128.and (local.get $X) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (v128.bitselect (local.get $P) (local.get $L) (f32x4.lt (local.get $A) (v128.const f32x4 0.5 0.5 0.5 0.5))))
)
