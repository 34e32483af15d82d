;; The QA layer's per-pixel loops as WebAssembly (128-bit SIMD where it pays): the grey
;; thumbnail (grey.ts), the review gallery's colour block means (downsample.ts) and the offline
;; aesthetic score's sums (aesthetic.ts), all over one copy of the decode (measure.ts copies it
;; into this memory once).
;; Built into kernel.generated.ts by scripts/build-wasm.mjs (`npm run build:wasm`); loaded by
;; kernel.ts.
;;
;; Why by hand: these loops run over every decoded image on the main thread. In JavaScript the
;; thumbnail cost about half of sharp's PNG decode of the same image on a 2-core runner, and the
;; aesthetic sums a third of it; no npm package computes these sums on interleaved 8-bit pixels
;; without copying through its own formats. The JavaScript loops stay as the reference and the
;; fallback, and tests hold both to the same output.
(module
  (memory (export "memory") 1)

  ;; The column sums of `rows` rows of `rowBytes` bytes starting at `src` (a stride of `rowBytes`):
  ;; one unsigned 16-bit sum per byte position of a row, written to `acc`. rows ≤ 257 keeps every
  ;; sum within 16 bits. Sixteen columns at a time, summed down the rows in registers and stored
  ;; once (adding into memory row by row cost twice the loads and stores); the rest of a row one
  ;; column at a time.
  (func $columnSums (param $src i32) (param $rowBytes i32) (param $rows i32) (param $acc i32)
    (local $r i32) (local $i i32) (local $p i32) (local $a i32) (local $s i32) (local $wide i32)
    (local $v v128) (local $lo v128) (local $hi v128)
    (local.set $wide (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $wideDone
      (loop $eachSixteen
        (br_if $wideDone (i32.ge_u (local.get $i) (local.get $wide)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $lo (v128.const i64x2 0 0))
        (local.set $hi (v128.const i64x2 0 0))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $eachRow
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
            (local.set $v (v128.load align=1 (local.get $p)))
            (local.set $lo (i16x8.add (local.get $lo) (i16x8.extend_low_i8x16_u (local.get $v))))
            (local.set $hi (i16x8.add (local.get $hi) (i16x8.extend_high_i8x16_u (local.get $v))))
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $eachRow)))
        (local.set $a (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 1))))
        (v128.store align=2 (local.get $a) (local.get $lo))
        (v128.store offset=16 align=2 (local.get $a) (local.get $hi))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $eachSixteen)))
    (block $tailDone
      (loop $eachColumn
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $s (i32.const 0))
        (local.set $r (i32.const 0))
        (block $columnDone
          (loop $eachByte
            (br_if $columnDone (i32.ge_u (local.get $r) (local.get $rows)))
            (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $rowBytes)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $eachByte)))
        (i32.store16 (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 1))) (local.get $s))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $eachColumn))))

  ;; The whole grey thumbnail (grey.ts) of the `pixels` × `rows` image of `channels` (3 or 4) bytes
  ;; a pixel at `src`, in bands of `factor` rows (the last band and each band's last block may be
  ;; narrower): a band's rows are summed column by column into the 16-bit sums at `acc` (room for
  ;; 2 bytes a row byte, rounded up to 16), then over each block per channel. Each
  ;; block's mean luma, (299 ΣR + 587 ΣG + 114 ΣB) / (1000 n) rounded half up, is one byte at
  ;; `out`, row after row. With 4 channels the byte at `flags` + band is 1 when a pixel of the band
  ;; is not opaque (its means are then made again with compositing), else 0. factor ≤ 64 keeps
  ;; every column sum within a signed 16-bit lane (the dot products' input), every block sum below
  ;; 2³¹ and twice it below 2³². A block's last load may read up to 16 bytes past `acc`'s sums
  ;; (weighted 0): the caller leaves them inside the memory.
  (func (export "thumbnail")
    (param $src i32) (param $pixels i32) (param $rows i32) (param $channels i32) (param $factor i32)
    (param $acc i32) (param $out i32) (param $flags i32)
    (local $rowBytes i32) (local $accEnd i32) (local $y0 i32) (local $n i32) (local $px i32) (local $bw i32)
    (local $p i32) (local $k i32) (local $stride i32) (local $count i32) (local $d i32) (local $flag i32)
    (local $v v128) (local $sum v128) (local $w1 v128) (local $w2 v128)
    (local.set $rowBytes (i32.mul (local.get $pixels) (local.get $channels)))
    (local.set $stride (i32.shl (local.get $channels) (i32.const 1)))
    (local.set $w1 (v128.const i16x8 299 587 114 0 0 0 0 0))
    (if (i32.eq (local.get $channels) (i32.const 4))
      (then (local.set $w2 (v128.const i16x8 299 587 114 0 299 587 114 0)))
      (else (local.set $w2 (v128.const i16x8 299 587 114 299 587 114 0 0))))
    (block $bandsDone
      (loop $eachBand
        (br_if $bandsDone (i32.ge_u (local.get $y0) (local.get $rows)))
        (local.set $n (select (local.get $factor) (i32.sub (local.get $rows) (local.get $y0))
          (i32.le_u (local.get $factor) (i32.sub (local.get $rows) (local.get $y0)))))
        (call $columnSums (i32.add (local.get $src) (i32.mul (local.get $y0) (local.get $rowBytes)))
          (local.get $rowBytes) (local.get $n) (local.get $acc))
        (local.set $p (local.get $acc))
        (local.set $px (i32.const 0))
        (block $blocksDone
          (loop $eachBlock
            (br_if $blocksDone (i32.ge_u (local.get $px) (local.get $pixels)))
            (local.set $bw (select (local.get $factor) (i32.sub (local.get $pixels) (local.get $px))
              (i32.le_u (local.get $factor) (i32.sub (local.get $pixels) (local.get $px)))))
            (local.set $sum (v128.const i32x4 0 0 0 0))
            (local.set $k (i32.const 0))
            ;; Two pixels a load: the weights pick each channel's column sums, summed in 32 bits.
            (block $pairsDone
              (loop $eachPair
                (br_if $pairsDone (i32.gt_u (i32.add (local.get $k) (i32.const 2)) (local.get $bw)))
                (local.set $v (v128.load align=2 (local.get $p)))
                (local.set $sum (i32x4.add (local.get $sum) (i32x4.dot_i16x8_s (local.get $v) (local.get $w2))))
                (local.set $p (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 1))))
                (local.set $k (i32.add (local.get $k) (i32.const 2)))
                (br $eachPair)))
            (if (i32.lt_u (local.get $k) (local.get $bw))
              (then
                (local.set $v (v128.load align=2 (local.get $p)))
                (local.set $sum (i32x4.add (local.get $sum) (i32x4.dot_i16x8_s (local.get $v) (local.get $w1))))
                (local.set $p (i32.add (local.get $p) (local.get $stride)))))
            (local.set $count (i32.mul (local.get $n) (local.get $bw)))
            (local.set $d (i32.mul (local.get $count) (i32.const 1000)))
            ;; round(s / d) = floor((2 s + d) / 2 d), all unsigned
            (i32.store8 (local.get $out)
              (i32.div_u
                (i32.add (i32.shl (call $laneSum (local.get $sum)) (i32.const 1)) (local.get $d))
                (i32.shl (local.get $d) (i32.const 1))))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))
            (local.set $px (i32.add (local.get $px) (local.get $bw)))
            (br $eachBlock)))
        ;; With alpha: the band is opaque when its alpha column sums add up to 255 each.
        (if (i32.eq (local.get $channels) (i32.const 4))
          (then
            (local.set $flag (i32.const 0))
            (local.set $p (i32.add (local.get $acc) (i32.const 6)))
            (local.set $px (i32.const 0))
            (block $alphaDone
              (loop $eachAlpha
                (br_if $alphaDone (i32.ge_u (local.get $px) (local.get $pixels)))
                (local.set $flag (i32.add (local.get $flag) (i32.load16_u (local.get $p))))
                (local.set $p (i32.add (local.get $p) (i32.const 8)))
                (local.set $px (i32.add (local.get $px) (i32.const 1)))
                (br $eachAlpha)))
            (i32.store8 (i32.add (local.get $flags) (i32.div_u (local.get $y0) (local.get $factor)))
              (i32.ne (local.get $flag) (i32.mul (i32.mul (local.get $n) (local.get $pixels)) (i32.const 255))))))
        (local.set $y0 (i32.add (local.get $y0) (local.get $factor)))
        (br $eachBand))))

  ;; The review picture (downsample.ts) of the `pixels` × `rows` image of `channels` (3 or 4) bytes
  ;; a pixel at `src`: each `factor` × `factor` block's mean per channel (blocks on the right and
  ;; bottom edges may be narrower), rounded half up, as `channels` bytes per block at `out`, row
  ;; after row (one byte more may be written past the end: the caller leaves room). Per band of
  ;; `factor` rows the column sums go to `acc` (room for 2 bytes a row byte and 16 more), then each
  ;; block's channel sums add up in 32-bit lanes, one pixel's sums a load. The division is a
  ;; multiply by ceil(2^32 / area) keeping the high 32 bits, exact for sums below 2^20 and areas up
  ;; to 2^12 (factor ≤ 64), so it equals JavaScript's Math.floor((sum + (area >> 1)) / area).
  (func (export "boxMeans")
    (param $src i32) (param $pixels i32) (param $rows i32) (param $channels i32) (param $factor i32)
    (param $acc i32) (param $out i32)
    (local $rowBytes i32) (local $y0 i32) (local $n i32) (local $px i32) (local $bw i32) (local $k i32)
    (local $p i32) (local $stride i32) (local $area i32) (local $last i32) (local $sum v128) (local $m v128)
    (local.set $rowBytes (i32.mul (local.get $pixels) (local.get $channels)))
    (local.set $stride (i32.shl (local.get $channels) (i32.const 1)))
    (block $bandsDone
      (loop $eachBand
        (br_if $bandsDone (i32.ge_u (local.get $y0) (local.get $rows)))
        (local.set $n (select (local.get $factor) (i32.sub (local.get $rows) (local.get $y0))
          (i32.le_u (local.get $factor) (i32.sub (local.get $rows) (local.get $y0)))))
        (call $columnSums (i32.add (local.get $src) (i32.mul (local.get $y0) (local.get $rowBytes)))
          (local.get $rowBytes) (local.get $n) (local.get $acc))
        (local.set $p (local.get $acc))
        (local.set $px (i32.const 0))
        (local.set $last (i32.const 0))
        (block $blocksDone
          (loop $eachBlock
            (br_if $blocksDone (i32.ge_u (local.get $px) (local.get $pixels)))
            (local.set $bw (select (local.get $factor) (i32.sub (local.get $pixels) (local.get $px))
              (i32.le_u (local.get $factor) (i32.sub (local.get $pixels) (local.get $px)))))
            ;; The reciprocal once per block size: every block but maybe the last has the same.
            (if (i32.ne (local.get $bw) (local.get $last))
              (then
                (local.set $last (local.get $bw))
                (local.set $area (i32.mul (local.get $bw) (local.get $n)))
                (local.set $m (i32x4.splat (i32.wrap_i64 (i64.div_u
                  (i64.add (i64.const 0x100000000) (i64.extend_i32_u (i32.sub (local.get $area) (i32.const 1))))
                  (i64.extend_i32_u (local.get $area))))))))
            (local.set $sum (i32x4.splat (i32.shr_u (local.get $area) (i32.const 1))))
            (local.set $k (i32.const 0))
            (block $pixelsDone
              (loop $eachPixel
                (br_if $pixelsDone (i32.ge_u (local.get $k) (local.get $bw)))
                (local.set $sum (i32x4.add (local.get $sum)
                  (i32x4.extend_low_i16x8_u (v128.load64_zero align=2 (local.get $p)))))
                (local.set $p (i32.add (local.get $p) (local.get $stride)))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $eachPixel)))
            ;; A block of one pixel is its own mean (its reciprocal, 2^32, needs 33 bits).
            (if (i32.gt_u (local.get $area) (i32.const 1))
              (then (local.set $sum (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31
                (i64x2.extmul_low_i32x4_u (local.get $sum) (local.get $m))
                (i64x2.extmul_high_i32x4_u (local.get $sum) (local.get $m))))))
            (v128.store32_lane align=1 0 (local.get $out)
              (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_u (local.get $sum) (local.get $sum))
                (i16x8.narrow_i32x4_u (local.get $sum) (local.get $sum))))
            (local.set $out (i32.add (local.get $out) (local.get $channels)))
            (local.set $px (i32.add (local.get $px) (local.get $bw)))
            (br $eachBlock)))
        (local.set $y0 (i32.add (local.get $y0) (local.get $factor)))
        (br $eachBand))))

  ;; The sums behind the aesthetic score, over a grid of samples: `rows` rows of `rowBytes` bytes
  ;; packed at `src` (the decode's every step-th row), `samples` pixels per row taken every
  ;; `pixelStride` bytes, `channels` 3 or 4. Writes each sample's luma (77 R + 150 G + 29 B) >> 8
  ;; to `lumaOut` and 15 float64 sums to `sumsOut`: L, L², clipped (L < 6 or L > 249), R, R², G,
  ;; G², B, B², A, A², rg, rg², yb2, yb2², with rg = R − G and yb2 = R + G − 2 B. Four samples at
  ;; a time in 32-bit lanes (the sums were a third of a 1024² image's kernel time one at a time).
  (func (export "sampleSums")
    (param $src i32) (param $rowBytes i32) (param $rows i32) (param $samples i32) (param $pixelStride i32)
    (param $channels i32) (param $lumaOut i32) (param $sumsOut i32)
    (local $y i32) (local $x i32) (local $p i32) (local $o i32)
    (local $r i32) (local $g i32) (local $b i32) (local $a i32) (local $l i32) (local $rg i32) (local $yb i32)
    (local $sumL i32) (local $sumL2 i64) (local $clipped i32)
    (local $sumR i32) (local $sumR2 i64) (local $sumG i32) (local $sumG2 i64) (local $sumB i32) (local $sumB2 i64)
    (local $sumA i32) (local $sumA2 i64) (local $sumRg i32) (local $sumRg2 i64) (local $sumYb i32) (local $sumYb2 i64)
    (local $end i32) (local $cr v128) (local $cg v128) (local $cb v128) (local $ca v128) (local $cl v128)
    (local $vL v128) (local $vL2 v128) (local $vC v128) (local $vR v128) (local $vR2 v128) (local $vG v128)
    (local $vG2 v128) (local $vB v128) (local $vB2 v128) (local $vA v128) (local $vA2 v128)
    (local $vRg v128) (local $vRg2 v128) (local $vYb v128) (local $vYb2 v128)
    (local.set $o (local.get $lumaOut))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $rowBytes))))
        (local.set $x (i32.const 0))
        ;; Four samples at a time, gathered into 32-bit lanes, in chunks of at most 4 096 samples
        ;; whose lane sums are added to the totals below (each chunk's squares stay within 32 bits).
        (block $chunksDone
          (loop $eachChunk
            (local.set $end (i32.and (local.get $samples) (i32.const -4)))
            (local.set $end (select (local.get $end) (i32.add (local.get $x) (i32.const 4096))
              (i32.le_u (local.get $end) (i32.add (local.get $x) (i32.const 4096)))))
            (br_if $chunksDone (i32.ge_u (local.get $x) (local.get $end)))
            (local.set $vL (v128.const i64x2 0 0)) (local.set $vL2 (v128.const i64x2 0 0))
            (local.set $vC (v128.const i64x2 0 0))
            (local.set $vR (v128.const i64x2 0 0)) (local.set $vR2 (v128.const i64x2 0 0))
            (local.set $vG (v128.const i64x2 0 0)) (local.set $vG2 (v128.const i64x2 0 0))
            (local.set $vB (v128.const i64x2 0 0)) (local.set $vB2 (v128.const i64x2 0 0))
            (local.set $vA (v128.const i64x2 0 0)) (local.set $vA2 (v128.const i64x2 0 0))
            (local.set $vRg (v128.const i64x2 0 0)) (local.set $vRg2 (v128.const i64x2 0 0))
            (local.set $vYb (v128.const i64x2 0 0)) (local.set $vYb2 (v128.const i64x2 0 0))
            (block $groupsDone
              (loop $eachGroup
                (br_if $groupsDone (i32.ge_u (local.get $x) (local.get $end)))
                (local.set $cr (call $gather (local.get $p) (local.get $pixelStride)))
                (local.set $cg (call $gather (i32.add (local.get $p) (i32.const 1)) (local.get $pixelStride)))
                (local.set $cb (call $gather (i32.add (local.get $p) (i32.const 2)) (local.get $pixelStride)))
                (local.set $cl (i32x4.shr_u
                  (i32x4.add (i32x4.mul (i32x4.splat (i32.const 77)) (local.get $cr))
                    (i32x4.add (i32x4.mul (i32x4.splat (i32.const 150)) (local.get $cg))
                      (i32x4.mul (i32x4.splat (i32.const 29)) (local.get $cb))))
                  (i32.const 8)))
                (v128.store32_lane align=1 0 (local.get $o)
                  (i8x16.narrow_i16x8_u (i16x8.narrow_i32x4_u (local.get $cl) (local.get $cl))
                    (i16x8.narrow_i32x4_u (local.get $cl) (local.get $cl))))
                (local.set $vL (i32x4.add (local.get $vL) (local.get $cl)))
                (local.set $vL2 (i32x4.add (local.get $vL2) (i32x4.mul (local.get $cl) (local.get $cl))))
                ;; A lane's mask is −1 where the sample is clipped: subtracting it counts.
                (local.set $vC (i32x4.sub (local.get $vC)
                  (v128.or (i32x4.lt_u (local.get $cl) (i32x4.splat (i32.const 6)))
                    (i32x4.gt_u (local.get $cl) (i32x4.splat (i32.const 249))))))
                (local.set $vR (i32x4.add (local.get $vR) (local.get $cr)))
                (local.set $vR2 (i32x4.add (local.get $vR2) (i32x4.mul (local.get $cr) (local.get $cr))))
                (local.set $vG (i32x4.add (local.get $vG) (local.get $cg)))
                (local.set $vG2 (i32x4.add (local.get $vG2) (i32x4.mul (local.get $cg) (local.get $cg))))
                (local.set $vB (i32x4.add (local.get $vB) (local.get $cb)))
                (local.set $vB2 (i32x4.add (local.get $vB2) (i32x4.mul (local.get $cb) (local.get $cb))))
                (if (i32.eq (local.get $channels) (i32.const 4))
                  (then
                    (local.set $ca (call $gather (i32.add (local.get $p) (i32.const 3)) (local.get $pixelStride)))
                    (local.set $vA (i32x4.add (local.get $vA) (local.get $ca)))
                    (local.set $vA2 (i32x4.add (local.get $vA2) (i32x4.mul (local.get $ca) (local.get $ca))))))
                (local.set $ca (i32x4.sub (local.get $cr) (local.get $cg)))
                (local.set $vRg (i32x4.add (local.get $vRg) (local.get $ca)))
                (local.set $vRg2 (i32x4.add (local.get $vRg2) (i32x4.mul (local.get $ca) (local.get $ca))))
                (local.set $ca (i32x4.sub (i32x4.add (local.get $cr) (local.get $cg)) (i32x4.shl (local.get $cb) (i32.const 1))))
                (local.set $vYb (i32x4.add (local.get $vYb) (local.get $ca)))
                (local.set $vYb2 (i32x4.add (local.get $vYb2) (i32x4.mul (local.get $ca) (local.get $ca))))
                (local.set $p (i32.add (local.get $p) (i32.shl (local.get $pixelStride) (i32.const 2))))
                (local.set $o (i32.add (local.get $o) (i32.const 4)))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $eachGroup)))
            (local.set $sumL (i32.add (local.get $sumL) (call $laneSum (local.get $vL))))
            (local.set $sumL2 (i64.add (local.get $sumL2) (call $laneSum64 (local.get $vL2))))
            (local.set $clipped (i32.add (local.get $clipped) (call $laneSum (local.get $vC))))
            (local.set $sumR (i32.add (local.get $sumR) (call $laneSum (local.get $vR))))
            (local.set $sumR2 (i64.add (local.get $sumR2) (call $laneSum64 (local.get $vR2))))
            (local.set $sumG (i32.add (local.get $sumG) (call $laneSum (local.get $vG))))
            (local.set $sumG2 (i64.add (local.get $sumG2) (call $laneSum64 (local.get $vG2))))
            (local.set $sumB (i32.add (local.get $sumB) (call $laneSum (local.get $vB))))
            (local.set $sumB2 (i64.add (local.get $sumB2) (call $laneSum64 (local.get $vB2))))
            (local.set $sumA (i32.add (local.get $sumA) (call $laneSum (local.get $vA))))
            (local.set $sumA2 (i64.add (local.get $sumA2) (call $laneSum64 (local.get $vA2))))
            (local.set $sumRg (i32.add (local.get $sumRg) (call $laneSum (local.get $vRg))))
            (local.set $sumRg2 (i64.add (local.get $sumRg2) (call $laneSum64 (local.get $vRg2))))
            (local.set $sumYb (i32.add (local.get $sumYb) (call $laneSum (local.get $vYb))))
            (local.set $sumYb2 (i64.add (local.get $sumYb2) (call $laneSum64 (local.get $vYb2))))
            (br $eachChunk)))
        ;; The rest of the row one sample at a time.
        (block $samplesDone
          (loop $eachSample
            (br_if $samplesDone (i32.ge_u (local.get $x) (local.get $samples)))
            (local.set $r (i32.load8_u (local.get $p)))
            (local.set $g (i32.load8_u offset=1 (local.get $p)))
            (local.set $b (i32.load8_u offset=2 (local.get $p)))
            (local.set $l (i32.shr_u
              (i32.add (i32.mul (i32.const 77) (local.get $r))
                (i32.add (i32.mul (i32.const 150) (local.get $g)) (i32.mul (i32.const 29) (local.get $b))))
              (i32.const 8)))
            (i32.store8 (local.get $o) (local.get $l))
            (local.set $sumL (i32.add (local.get $sumL) (local.get $l)))
            (local.set $sumL2 (i64.add (local.get $sumL2) (i64.extend_i32_u (i32.mul (local.get $l) (local.get $l)))))
            (if (i32.or (i32.lt_u (local.get $l) (i32.const 6)) (i32.gt_u (local.get $l) (i32.const 249)))
              (then (local.set $clipped (i32.add (local.get $clipped) (i32.const 1)))))
            (local.set $sumR (i32.add (local.get $sumR) (local.get $r)))
            (local.set $sumR2 (i64.add (local.get $sumR2) (i64.extend_i32_u (i32.mul (local.get $r) (local.get $r)))))
            (local.set $sumG (i32.add (local.get $sumG) (local.get $g)))
            (local.set $sumG2 (i64.add (local.get $sumG2) (i64.extend_i32_u (i32.mul (local.get $g) (local.get $g)))))
            (local.set $sumB (i32.add (local.get $sumB) (local.get $b)))
            (local.set $sumB2 (i64.add (local.get $sumB2) (i64.extend_i32_u (i32.mul (local.get $b) (local.get $b)))))
            (if (i32.eq (local.get $channels) (i32.const 4))
              (then
                (local.set $a (i32.load8_u offset=3 (local.get $p)))
                (local.set $sumA (i32.add (local.get $sumA) (local.get $a)))
                (local.set $sumA2 (i64.add (local.get $sumA2) (i64.extend_i32_u (i32.mul (local.get $a) (local.get $a)))))))
            (local.set $rg (i32.sub (local.get $r) (local.get $g)))
            (local.set $yb (i32.sub (i32.add (local.get $r) (local.get $g)) (i32.shl (local.get $b) (i32.const 1))))
            (local.set $sumRg (i32.add (local.get $sumRg) (local.get $rg)))
            (local.set $sumRg2 (i64.add (local.get $sumRg2) (i64.extend_i32_u (i32.mul (local.get $rg) (local.get $rg)))))
            (local.set $sumYb (i32.add (local.get $sumYb) (local.get $yb)))
            (local.set $sumYb2 (i64.add (local.get $sumYb2) (i64.extend_i32_u (i32.mul (local.get $yb) (local.get $yb)))))
            (local.set $p (i32.add (local.get $p) (local.get $pixelStride)))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachSample)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow)))
    (f64.store offset=0 (local.get $sumsOut) (f64.convert_i32_u (local.get $sumL)))
    (f64.store offset=8 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumL2)))
    (f64.store offset=16 (local.get $sumsOut) (f64.convert_i32_u (local.get $clipped)))
    (f64.store offset=24 (local.get $sumsOut) (f64.convert_i32_u (local.get $sumR)))
    (f64.store offset=32 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumR2)))
    (f64.store offset=40 (local.get $sumsOut) (f64.convert_i32_u (local.get $sumG)))
    (f64.store offset=48 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumG2)))
    (f64.store offset=56 (local.get $sumsOut) (f64.convert_i32_u (local.get $sumB)))
    (f64.store offset=64 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumB2)))
    (f64.store offset=72 (local.get $sumsOut) (f64.convert_i32_u (local.get $sumA)))
    (f64.store offset=80 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumA2)))
    (f64.store offset=88 (local.get $sumsOut) (f64.convert_i32_s (local.get $sumRg)))
    (f64.store offset=96 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumRg2)))
    (f64.store offset=104 (local.get $sumsOut) (f64.convert_i32_s (local.get $sumYb)))
    (f64.store offset=112 (local.get $sumsOut) (f64.convert_i64_u (local.get $sumYb2))))

  ;; Over the interior of the W×H luma samples at `luma`: the sum of |4c − u − d − l − r| (the
  ;; 4-neighbour Laplacian) and of |corners − 2 (u + d + l + r) + 4c| (Immerkær's noise mask), as
  ;; two float64 at `out`. Eight positions at a time in 16-bit lanes (both fit: ≤ 1020 and ≤ 3060),
  ;; widened to 32-bit sums; the rest of a row one position at a time.
  (func (export "laplacianNoise") (param $luma i32) (param $w i32) (param $h i32) (param $out i32)
    (local $y i32) (local $x i32) (local $i i32) (local $end i32) (local $wideEnd i32)
    (local $c v128) (local $u v128) (local $d v128) (local $l v128) (local $r v128) (local $cross v128) (local $corners v128)
    (local $lapAcc v128) (local $noiseAcc v128)
    (local $cs i32) (local $crossS i32) (local $lap i32) (local $noise i32)
    (local.set $y (i32.const 1))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (i32.sub (local.get $h) (i32.const 1))))
        (local.set $x (i32.const 1))
        (local.set $end (i32.sub (local.get $w) (i32.const 1)))
        (local.set $wideEnd (i32.sub (local.get $end) (i32.const 8)))
        (block $wideDone
          (loop $eachEight
            (br_if $wideDone (i32.gt_s (local.get $x) (local.get $wideEnd)))
            (local.set $i (i32.add (local.get $luma) (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x))))
            (local.set $c (v128.load64_zero align=1 (local.get $i)))
            (local.set $c (i16x8.extend_low_i8x16_u (local.get $c)))
            (local.set $u (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.sub (local.get $i) (local.get $w)))))
            (local.set $d (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.add (local.get $i) (local.get $w)))))
            (local.set $l (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.sub (local.get $i) (i32.const 1)))))
            (local.set $r (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.add (local.get $i) (i32.const 1)))))
            (local.set $cross (i16x8.add (i16x8.add (local.get $u) (local.get $d)) (i16x8.add (local.get $l) (local.get $r))))
            (local.set $corners (i16x8.add
              (i16x8.add
                (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.sub (local.get $i) (i32.add (local.get $w) (i32.const 1)))))
                (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.sub (i32.add (local.get $i) (i32.const 1)) (local.get $w)))))
              (i16x8.add
                (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.sub (i32.add (local.get $i) (local.get $w)) (i32.const 1))))
                (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.add (local.get $i) (i32.add (local.get $w) (i32.const 1))))))))
            (local.set $c (i16x8.shl (local.get $c) (i32.const 2)))
            (local.set $lapAcc (i32x4.add (local.get $lapAcc)
              (i32x4.extadd_pairwise_i16x8_u (i16x8.abs (i16x8.sub (local.get $c) (local.get $cross))))))
            (local.set $noiseAcc (i32x4.add (local.get $noiseAcc)
              (i32x4.extadd_pairwise_i16x8_u (i16x8.abs
                (i16x8.add (i16x8.sub (local.get $corners) (i16x8.shl (local.get $cross) (i32.const 1))) (local.get $c))))))
            (local.set $x (i32.add (local.get $x) (i32.const 8)))
            (br $eachEight)))
        (block $tailDone
          (loop $eachPosition
            (br_if $tailDone (i32.ge_s (local.get $x) (local.get $end)))
            (local.set $i (i32.add (local.get $luma) (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x))))
            (local.set $cs (i32.shl (i32.load8_u (local.get $i)) (i32.const 2)))
            (local.set $crossS (i32.add
              (i32.add (i32.load8_u (i32.sub (local.get $i) (local.get $w))) (i32.load8_u (i32.add (local.get $i) (local.get $w))))
              (i32.add (i32.load8_u (i32.sub (local.get $i) (i32.const 1))) (i32.load8_u (i32.add (local.get $i) (i32.const 1))))))
            (local.set $lap (i32.add (local.get $lap) (call $abs (i32.sub (local.get $cs) (local.get $crossS)))))
            (local.set $noise (i32.add (local.get $noise) (call $abs
              (i32.add
                (i32.sub
                  (i32.add
                    (i32.add (i32.load8_u (i32.sub (local.get $i) (i32.add (local.get $w) (i32.const 1))))
                      (i32.load8_u (i32.sub (i32.add (local.get $i) (i32.const 1)) (local.get $w))))
                    (i32.add (i32.load8_u (i32.sub (i32.add (local.get $i) (local.get $w)) (i32.const 1)))
                      (i32.load8_u (i32.add (local.get $i) (i32.add (local.get $w) (i32.const 1))))))
                  (i32.shl (local.get $crossS) (i32.const 1)))
                (local.get $cs)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachPosition)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow)))
    (local.set $lap (i32.add (local.get $lap) (call $laneSum (local.get $lapAcc))))
    (local.set $noise (i32.add (local.get $noise) (call $laneSum (local.get $noiseAcc))))
    (f64.store offset=0 (local.get $out) (f64.convert_i32_u (local.get $lap)))
    (f64.store offset=8 (local.get $out) (f64.convert_i32_u (local.get $noise))))

  ;; The SSIM map (change.ts) of two `w`×`h` grey images of whole levels, one byte a pixel, at `a`
  ;; and `b`, with an `n`×`n` uniform window: one float64 per position where the window fits, row
  ;; after row at `out` (up to 3 more may be written past the last: the caller leaves room). The
  ;; window's sums of x, y, x², y² and xy are exact integers (n ≤ 7: all below 2³¹), so are
  ;; AB = Σx·Σy, N·Σxy − AB, N·Σx² − A² and N·Σy² − B² (N = n²); with `c1` = C1·N² and `c2` =
  ;; C2·N·max(N − 1, 1) the position's SSIM is
  ;;   (2 AB + c1) (2 (N Σxy − AB) + c2) / ((A² + B² + c1) ((N Σx² − A²) + (N Σy² − B²) + c2)),
  ;; Wang's formula with sample covariance multiplied through by N² and N (N − 1), in float64 in
  ;; the same order as change.ts's JavaScript, which gives the same bits. `cols` holds five rows of
  ;; `stride` int32 column sums (cleared here; stride ≥ w + 4, a multiple of 4). Four columns and
  ;; four positions at a time: lanes past a row's end read the next bytes into the rows' padding,
  ;; and the positions they make are overwritten or left past the map.
  (func (export "ssimMap")
    (param $a i32) (param $b i32) (param $w i32) (param $h i32) (param $n i32)
    (param $cols i32) (param $stride i32) (param $out i32) (param $c1 f64) (param $c2 f64)
    (local $y i32) (local $x i32) (local $ow i32) (local $nn i32) (local $p i32) (local $q i32)
    (local $rowBytes i32) (local $o i32)
    (local $vx v128) (local $vy v128) (local $vxx v128) (local $vyy v128) (local $vxy v128)
    (local $ab v128) (local $t1 v128) (local $t2 v128) (local $t3 v128) (local $t4 v128) (local $vn v128)
    (local $c1v v128) (local $c2v v128)
    (local.set $ow (i32.add (i32.sub (local.get $w) (local.get $n)) (i32.const 1)))
    (local.set $nn (i32.mul (local.get $n) (local.get $n)))
    (local.set $vn (i32x4.splat (local.get $nn)))
    (local.set $c1v (f64x2.splat (local.get $c1)))
    (local.set $c2v (f64x2.splat (local.get $c2)))
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (memory.fill (local.get $cols) (i32.const 0) (i32.mul (local.get $rowBytes) (i32.const 5)))
    (local.set $o (local.get $out))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        ;; The row entering the window, less the one leaving it.
        (local.set $x (i32.const 0))
        (block $addDone
          (loop $eachAdd
            (br_if $addDone (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $p (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)))
            (local.set $vx (call $fourPixels (i32.add (local.get $a) (local.get $p))))
            (local.set $vy (call $fourPixels (i32.add (local.get $b) (local.get $p))))
            (local.set $vxx (i32x4.mul (local.get $vx) (local.get $vx)))
            (local.set $vyy (i32x4.mul (local.get $vy) (local.get $vy)))
            (local.set $vxy (i32x4.mul (local.get $vx) (local.get $vy)))
            (if (i32.ge_u (local.get $y) (local.get $n))
              (then
                (local.set $p (i32.sub (local.get $p) (i32.mul (local.get $n) (local.get $w))))
                (local.set $t1 (call $fourPixels (i32.add (local.get $a) (local.get $p))))
                (local.set $t2 (call $fourPixels (i32.add (local.get $b) (local.get $p))))
                (local.set $vx (i32x4.sub (local.get $vx) (local.get $t1)))
                (local.set $vy (i32x4.sub (local.get $vy) (local.get $t2)))
                (local.set $vxx (i32x4.sub (local.get $vxx) (i32x4.mul (local.get $t1) (local.get $t1))))
                (local.set $vyy (i32x4.sub (local.get $vyy) (i32x4.mul (local.get $t2) (local.get $t2))))
                (local.set $vxy (i32x4.sub (local.get $vxy) (i32x4.mul (local.get $t1) (local.get $t2))))))
            (local.set $q (i32.add (local.get $cols) (i32.shl (local.get $x) (i32.const 2))))
            (call $addTo (local.get $q) (local.get $vx))
            (call $addTo (i32.add (local.get $q) (local.get $rowBytes)) (local.get $vy))
            (call $addTo (i32.add (local.get $q) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $vxx))
            (call $addTo (i32.add (local.get $q) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $vyy))
            (call $addTo (i32.add (local.get $q) (i32.shl (local.get $rowBytes) (i32.const 2))) (local.get $vxy))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (br $eachAdd)))
        (if (i32.ge_u (local.get $y) (i32.sub (local.get $n) (i32.const 1)))
          (then
            ;; Four positions at a time.
            (local.set $x (i32.const 0))
            (block $positionsDone
              (loop $eachFour
                (br_if $positionsDone (i32.ge_u (local.get $x) (local.get $ow)))
                (local.set $p (i32.add (local.get $cols) (i32.shl (local.get $x) (i32.const 2))))
                (local.set $vx (call $window (local.get $p) (local.get $n)))
                (local.set $vy (call $window (i32.add (local.get $p) (local.get $rowBytes)) (local.get $n)))
                (local.set $vxx (call $window (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 1))) (local.get $n)))
                (local.set $vyy (call $window (i32.add (local.get $p) (i32.mul (local.get $rowBytes) (i32.const 3))) (local.get $n)))
                (local.set $vxy (call $window (i32.add (local.get $p) (i32.shl (local.get $rowBytes) (i32.const 2))) (local.get $n)))
                (local.set $ab (i32x4.mul (local.get $vx) (local.get $vy)))
                (local.set $t1 (i32x4.shl (local.get $ab) (i32.const 1)))
                (local.set $t2 (i32x4.shl (i32x4.sub (i32x4.mul (local.get $vn) (local.get $vxy)) (local.get $ab)) (i32.const 1)))
                (local.set $t3 (i32x4.add (i32x4.mul (local.get $vx) (local.get $vx)) (i32x4.mul (local.get $vy) (local.get $vy))))
                (local.set $t4 (i32x4.add
                  (i32x4.sub (i32x4.mul (local.get $vn) (local.get $vxx)) (i32x4.mul (local.get $vx) (local.get $vx)))
                  (i32x4.sub (i32x4.mul (local.get $vn) (local.get $vyy)) (i32x4.mul (local.get $vy) (local.get $vy)))))
                (v128.store (local.get $o) (call $ssimOf
                  (f64x2.convert_low_i32x4_s (local.get $t1)) (f64x2.convert_low_i32x4_s (local.get $t2))
                  (f64x2.convert_low_i32x4_s (local.get $t3)) (f64x2.convert_low_i32x4_s (local.get $t4))
                  (local.get $c1v) (local.get $c2v)))
                (v128.store offset=16 (local.get $o) (call $ssimOf
                  (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t1) (local.get $t1)))
                  (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t2) (local.get $t2)))
                  (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t3) (local.get $t3)))
                  (f64x2.convert_low_i32x4_s (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $t4) (local.get $t4)))
                  (local.get $c1v) (local.get $c2v)))
                (local.set $o (i32.add (local.get $o) (i32.const 32)))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $eachFour)))
            ;; The last group's extra positions are overwritten by the next row's first.
            (local.set $o (i32.sub (local.get $o) (i32.shl (i32.sub (local.get $x) (local.get $ow)) (i32.const 3))))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow))))

  ;; Four bytes at `p` as four int32 lanes.
  (func $fourPixels (param $p i32) (result v128)
    (i32x4.extend_low_i16x8_u (i16x8.extend_low_i8x16_u (v128.load32_zero align=1 (local.get $p)))))

  ;; Adds four int32 lanes into memory at `q`.
  (func $addTo (param $q i32) (param $v v128)
    (v128.store align=4 (local.get $q) (i32x4.add (v128.load align=4 (local.get $q)) (local.get $v))))

  ;; Four windows' sums of one moment: the `n` column sums from `p` on, and from each of the next three.
  (func $window (param $p i32) (param $n i32) (result v128)
    (local $sum v128) (local $end i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $eachColumn
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $sum (i32x4.add (local.get $sum) (v128.load align=4 (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $eachColumn)))
    (local.get $sum))

  ;; Two positions' SSIM from their integer terms (see ssimMap).
  (func $ssimOf (param $t1 v128) (param $t2 v128) (param $t3 v128) (param $t4 v128) (param $c1 v128) (param $c2 v128) (result v128)
    (f64x2.div
      (f64x2.mul (f64x2.add (local.get $t1) (local.get $c1)) (f64x2.add (local.get $t2) (local.get $c2)))
      (f64x2.mul (f64x2.add (local.get $t3) (local.get $c1)) (f64x2.add (local.get $t4) (local.get $c2)))))

  (func $abs (param $v i32) (result i32)
    (select (local.get $v) (i32.sub (i32.const 0) (local.get $v)) (i32.ge_s (local.get $v) (i32.const 0))))

;; The mean of the `w`×`h` float64 SSIM map at `map`, and the lowest mean over its square blocks
  ;; of `block` positions (at most the shorter side; starting every half block, plus one block
  ;; flush with the far edge when the steps miss it), as two float64 at `out`: change.ts's ssimMean
  ;; and minBlockSsim in the same order of operations, so the same bits. The block sums come from
  ;; an integral image of (w + 1) × (h + 1) float64 at `integral`.
  (func (export "ssimSummary")
    (param $map i32) (param $w i32) (param $h i32) (param $block i32) (param $integral i32) (param $out i32)
    (local $i i32) (local $n i32) (local $total f64) (local $x i32) (local $y i32) (local $row i32)
    (local $size i32) (local $stride i32) (local $last i32) (local $min f64) (local $rowBytes i32) (local $p i32)
    (local.set $n (i32.mul (local.get $w) (local.get $h)))
    (block $sumDone
      (loop $eachValue
        (br_if $sumDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $total (f64.add (local.get $total) (f64.load (i32.add (local.get $map) (i32.shl (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $eachValue)))
    (f64.store (local.get $out) (f64.div (local.get $total) (f64.convert_i32_u (local.get $n))))
    ;; The integral image: row 0 and column 0 are zero.
    (local.set $rowBytes (i32.shl (i32.add (local.get $w) (i32.const 1)) (i32.const 3)))
    (memory.fill (local.get $integral) (i32.const 0) (local.get $rowBytes))
    (local.set $y (i32.const 0))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        ;; p: the entry (y + 1, 0); its upper neighbour is p − rowBytes.
        (local.set $p (i32.add (local.get $integral) (i32.mul (i32.add (local.get $y) (i32.const 1)) (local.get $rowBytes))))
        (f64.store (local.get $p) (f64.const 0))
        (local.set $row (i32.add (local.get $map) (i32.shl (i32.mul (local.get $y) (local.get $w)) (i32.const 3))))
        (local.set $x (i32.const 0))
        (block $columnsDone
          (loop $eachColumn
            (br_if $columnsDone (i32.ge_u (local.get $x) (local.get $w)))
            (f64.store offset=8 (local.get $p)
              (f64.sub
                (f64.add
                  (f64.add (f64.load (i32.add (local.get $row) (i32.shl (local.get $x) (i32.const 3))))
                    (f64.load offset=8 (i32.sub (local.get $p) (local.get $rowBytes))))
                  (f64.load (local.get $p)))
                (f64.load (i32.sub (local.get $p) (local.get $rowBytes)))))
            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachColumn)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow)))
    (local.set $size (select (local.get $block) (local.get $w) (i32.lt_u (local.get $block) (local.get $w))))
    (local.set $size (select (local.get $size) (local.get $h) (i32.lt_u (local.get $size) (local.get $h))))
    (local.set $stride (select (i32.shr_u (local.get $size) (i32.const 1)) (i32.const 1)
      (i32.gt_u (i32.shr_u (local.get $size) (i32.const 1)) (i32.const 1))))
    (local.set $min (f64.const inf))
    (local.set $y (i32.const 0))
    (block $startsDone
      (loop $eachStart
        (br_if $startsDone (i32.gt_u (i32.add (local.get $y) (local.get $size)) (local.get $h)))
        (local.set $min (f64.min (local.get $min)
          (call $rowOfBlocks (local.get $integral) (local.get $rowBytes) (local.get $y) (local.get $w) (local.get $size) (local.get $stride))))
        (local.set $last (local.get $y))
        (local.set $y (i32.add (local.get $y) (local.get $stride)))
        (br $eachStart)))
    (if (i32.lt_u (i32.add (local.get $last) (local.get $size)) (local.get $h))
      (then (local.set $min (f64.min (local.get $min)
        (call $rowOfBlocks (local.get $integral) (local.get $rowBytes) (i32.sub (local.get $h) (local.get $size))
          (local.get $w) (local.get $size) (local.get $stride))))))
    (f64.store offset=8 (local.get $out) (local.get $min)))

  ;; The lowest block mean along one row of block starts `y` (ssimSummary).
  (func $rowOfBlocks
    (param $integral i32) (param $rowBytes i32) (param $y i32) (param $w i32) (param $size i32) (param $stride i32)
    (result f64)
    (local $x i32) (local $last i32) (local $min f64)
    (local.set $min (f64.const inf))
    (block $startsDone
      (loop $eachStart
        (br_if $startsDone (i32.gt_u (i32.add (local.get $x) (local.get $size)) (local.get $w)))
        (local.set $min (f64.min (local.get $min)
          (call $blockMean (local.get $integral) (local.get $rowBytes) (local.get $y) (local.get $x) (local.get $size))))
        (local.set $last (local.get $x))
        (local.set $x (i32.add (local.get $x) (local.get $stride)))
        (br $eachStart)))
    (if (i32.lt_u (i32.add (local.get $last) (local.get $size)) (local.get $w))
      (then (local.set $min (f64.min (local.get $min)
        (call $blockMean (local.get $integral) (local.get $rowBytes) (local.get $y)
          (i32.sub (local.get $w) (local.get $size)) (local.get $size))))))
    (local.get $min))

  ;; One block's mean from the integral image: (I[y+s][x+s] − I[y][x+s] − I[y+s][x] + I[y][x]) / s².
  (func $blockMean (param $integral i32) (param $rowBytes i32) (param $y i32) (param $x i32) (param $size i32) (result f64)
    (local $top i32) (local $bottom i32)
    (local.set $top (i32.add (local.get $integral)
      (i32.add (i32.mul (local.get $y) (local.get $rowBytes)) (i32.shl (local.get $x) (i32.const 3)))))
    (local.set $bottom (i32.add (local.get $top) (i32.mul (local.get $size) (local.get $rowBytes))))
    (f64.div
      (f64.add
        (f64.sub
          (f64.sub
            (f64.load (i32.add (local.get $bottom) (i32.shl (local.get $size) (i32.const 3))))
            (f64.load (i32.add (local.get $top) (i32.shl (local.get $size) (i32.const 3)))))
          (f64.load (local.get $bottom)))
        (f64.load (local.get $top)))
      (f64.convert_i32_u (i32.mul (local.get $size) (local.get $size)))))

  ;; The diff picture (change.ts) of two `w`×`h` grey images of whole levels at `a` (now) and `b`
  ;; (before), as RGB bytes at `out`: where |a − b| > `tolerance` the pixel is red (255, 0, 0), else
  ;; a's level washed out to round(160 + 95 a / 255) = floor((95 a + 40 927) / 255) in every channel (the
  ;; division as (x + 1 + (x >> 8)) >> 8, exact below 65 535). Writes five int32 at `box`: the count
  ;; of red pixels and the left, top, right and bottom of their bounding box (right and bottom −1
  ;; when none). Eight pixels at a time in 16-bit lanes; the rest of a row one pixel at a time.
  (func (export "diffPixels")
    (param $a i32) (param $b i32) (param $w i32) (param $h i32) (param $tolerance i32) (param $out i32) (param $box i32)
    (local $y i32) (local $x i32) (local $i i32) (local $o i32) (local $wide i32) (local $bits i32)
    (local $c i32) (local $moved i32) (local $v i32)
    (local $changed i32) (local $left i32) (local $top i32) (local $right i32) (local $bottom i32)
    (local $rowLeft i32) (local $rowRight i32)
    (local $va v128) (local $mask v128) (local $wash v128) (local $bytes v128) (local $tol v128)
    (local.set $tol (i16x8.splat (local.get $tolerance)))
    (local.set $wide (i32.and (local.get $w) (i32.const -8)))
    (local.set $left (local.get $w))
    (local.set $top (local.get $h))
    (local.set $right (i32.const -1))
    (local.set $bottom (i32.const -1))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $y) (local.get $h)))
        (local.set $rowLeft (i32.const -1))
        (local.set $rowRight (i32.const -1))
        (local.set $x (i32.const 0))
        (block $eightsDone
          (loop $eachEight
            (br_if $eightsDone (i32.ge_u (local.get $x) (local.get $wide)))
            (local.set $i (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)))
            (local.set $va (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.add (local.get $a) (local.get $i)))))
            (local.set $mask (i16x8.gt_s
              (i16x8.abs (i16x8.sub (local.get $va)
                (i16x8.extend_low_i8x16_u (v128.load64_zero align=1 (i32.add (local.get $b) (local.get $i))))))
              (local.get $tol)))
            (local.set $wash (i16x8.add (i16x8.mul (local.get $va) (i16x8.splat (i32.const 95))) (i16x8.splat (i32.const 40927))))
            (local.set $wash (i16x8.shr_u
              (i16x8.add (i16x8.add (local.get $wash) (i16x8.splat (i32.const 1))) (i16x8.shr_u (local.get $wash) (i32.const 8)))
              (i32.const 8)))
            ;; Bytes 0–7 red, 8–15 green (= blue): 255 / 0 where moved, else the washed level.
            (local.set $bytes (i8x16.narrow_i16x8_u
              (v128.bitselect (i16x8.splat (i32.const 255)) (local.get $wash) (local.get $mask))
              (v128.andnot (local.get $wash) (local.get $mask))))
            (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 3))))
            (v128.store align=1 (local.get $o)
              (i8x16.shuffle 0 8 8 1 9 9 2 10 10 3 11 11 4 12 12 5 (local.get $bytes) (local.get $bytes)))
            (v128.store64_lane offset=16 align=1 0 (local.get $o)
              (i8x16.shuffle 13 13 6 14 14 7 15 15 0 0 0 0 0 0 0 0 (local.get $bytes) (local.get $bytes)))
            (local.set $bits (i16x8.bitmask (local.get $mask)))
            (if (local.get $bits)
              (then
                (local.set $changed (i32.add (local.get $changed) (i32.popcnt (local.get $bits))))
                (if (i32.lt_s (local.get $rowLeft) (i32.const 0))
                  (then (local.set $rowLeft (i32.add (local.get $x) (i32.ctz (local.get $bits))))))
                (local.set $rowRight (i32.sub (i32.add (local.get $x) (i32.const 31)) (i32.clz (local.get $bits))))))
            (local.set $x (i32.add (local.get $x) (i32.const 8)))
            (br $eachEight)))
        (block $tailDone
          (loop $eachPixel
            (br_if $tailDone (i32.ge_u (local.get $x) (local.get $w)))
            (local.set $i (i32.add (i32.mul (local.get $y) (local.get $w)) (local.get $x)))
            (local.set $c (i32.load8_u (i32.add (local.get $a) (local.get $i))))
            (local.set $moved (call $abs (i32.sub (local.get $c) (i32.load8_u (i32.add (local.get $b) (local.get $i))))))
            (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 3))))
            (if (i32.gt_s (local.get $moved) (local.get $tolerance))
              (then
                (i32.store8 (local.get $o) (i32.const 255))
                (i32.store16 offset=1 align=1 (local.get $o) (i32.const 0))
                (local.set $changed (i32.add (local.get $changed) (i32.const 1)))
                (if (i32.lt_s (local.get $rowLeft) (i32.const 0)) (then (local.set $rowLeft (local.get $x))))
                (local.set $rowRight (local.get $x)))
              (else
                (local.set $v (i32.add (i32.mul (local.get $c) (i32.const 95)) (i32.const 40927)))
                (local.set $v (i32.shr_u (i32.add (i32.add (local.get $v) (i32.const 1)) (i32.shr_u (local.get $v) (i32.const 8))) (i32.const 8)))
                (i32.store8 (local.get $o) (local.get $v))
                (i32.store8 offset=1 (local.get $o) (local.get $v))
                (i32.store8 offset=2 (local.get $o) (local.get $v))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $eachPixel)))
        (if (i32.ge_s (local.get $rowLeft) (i32.const 0))
          (then
            (if (i32.lt_s (local.get $rowLeft) (local.get $left)) (then (local.set $left (local.get $rowLeft))))
            (if (i32.gt_s (local.get $rowRight) (local.get $right)) (then (local.set $right (local.get $rowRight))))
            (if (i32.lt_s (local.get $bottom) (i32.const 0)) (then (local.set $top (local.get $y))))
            (local.set $bottom (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $eachRow)))
    (i32.store offset=0 (local.get $box) (local.get $changed))
    (i32.store offset=4 (local.get $box) (local.get $left))
    (i32.store offset=8 (local.get $box) (local.get $top))
    (i32.store offset=12 (local.get $box) (local.get $right))
    (i32.store offset=16 (local.get $box) (local.get $bottom)))

  ;; The byte at `p` and at each of the next three strides, as four 32-bit lanes.
  (func $gather (param $p i32) (param $stride i32) (result v128)
    (i32x4.replace_lane 3
      (i32x4.replace_lane 2
        (i32x4.replace_lane 1 (i32x4.splat (i32.load8_u (local.get $p)))
          (i32.load8_u (i32.add (local.get $p) (local.get $stride))))
        (i32.load8_u (i32.add (local.get $p) (i32.shl (local.get $stride) (i32.const 1)))))
      (i32.load8_u (i32.add (local.get $p) (i32.mul (local.get $stride) (i32.const 3))))))

  ;; The four unsigned 32-bit lanes' sum, in 64 bits.
  (func $laneSum64 (param $v v128) (result i64)
    (i64.add
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $v))) (i64.extend_i32_u (i32x4.extract_lane 1 (local.get $v))))
      (i64.add (i64.extend_i32_u (i32x4.extract_lane 2 (local.get $v))) (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $v))))))

    (func $laneSum (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))
)
