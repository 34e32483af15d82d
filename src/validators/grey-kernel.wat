;; The inner loops of the grey thumbnail (grey.ts), as WebAssembly with 128-bit SIMD.
;; Built into grey-kernel.generated.ts by scripts/build-wasm.mjs (`npm run build:wasm`).
;;
;; Why by hand: the thumbnail averages every byte of a full decode (3 MB at 1024² RGB). In
;; JavaScript that loop cost about half of sharp's PNG decode on a 2-core runner; no npm package
;; does a box average of interleaved 8-bit RGB into luma without copying through its own formats.
;; The JavaScript loop in grey.ts stays as the reference and the fallback, and a test holds both to
;; the same output.
(module
  (memory (export "memory") 1)

  ;; Adds `rows` rows of `rowBytes` bytes, starting at `src` with a stride of `rowBytes`, into the
  ;; unsigned 16-bit sums at `acc` (one per byte position of a row). rows ≤ 257 keeps every sum
  ;; within 16 bits. Sixteen bytes at a time, the rest of a row one byte at a time.
  (func (export "accumulate") (param $src i32) (param $rowBytes i32) (param $rows i32) (param $acc i32)
    (local $r i32) (local $i i32) (local $p i32) (local $a i32) (local $v v128) (local $wide i32)
    (local.set $wide (i32.and (local.get $rowBytes) (i32.const -16)))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rowBytes))))
        (local.set $i (i32.const 0))
        (block $wideDone
          (loop $eachSixteen
            (br_if $wideDone (i32.ge_u (local.get $i) (local.get $wide)))
            (local.set $v (v128.load align=1 (i32.add (local.get $p) (local.get $i))))
            (local.set $a (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 1))))
            (v128.store align=2 (local.get $a)
              (i16x8.add (v128.load align=2 (local.get $a)) (i16x8.extend_low_i8x16_u (local.get $v))))
            (v128.store offset=16 align=2 (local.get $a)
              (i16x8.add (v128.load offset=16 align=2 (local.get $a)) (i16x8.extend_high_i8x16_u (local.get $v))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $eachSixteen)))
        (block $tailDone
          (loop $eachByte
            (br_if $tailDone (i32.ge_u (local.get $i) (local.get $rowBytes)))
            (local.set $a (i32.add (local.get $acc) (i32.shl (local.get $i) (i32.const 1))))
            (i32.store16 (local.get $a)
              (i32.add (i32.load16_u (local.get $a)) (i32.load8_u (i32.add (local.get $p) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $eachByte)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $eachRow))))

  ;; From the column sums at `acc` (`pixels` pixels of `channels` 16-bit sums each), the sum of
  ;; 299 R + 587 G + 114 B over each block of `factor` pixels (the last block may be narrower), as
  ;; 32-bit integers at `out`; with 4 channels, each block's alpha sum at `alphaOut`. factor ≤ 64
  ;; and rows ≤ 64 keep the sums below 2³¹.
  (func (export "blockSums")
    (param $acc i32) (param $pixels i32) (param $channels i32) (param $factor i32) (param $out i32) (param $alphaOut i32)
    (local $px i32) (local $n i32) (local $k i32) (local $p i32) (local $s i32) (local $alpha i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $channels) (i32.const 1)))
    (local.set $p (local.get $acc))
    (block $blocksDone
      (loop $eachBlock
        (br_if $blocksDone (i32.ge_u (local.get $px) (local.get $pixels)))
        (local.set $n (select (local.get $factor) (i32.sub (local.get $pixels) (local.get $px))
          (i32.le_u (local.get $factor) (i32.sub (local.get $pixels) (local.get $px)))))
        (local.set $s (i32.const 0))
        (local.set $alpha (i32.const 0))
        (local.set $k (i32.const 0))
        (block $pixelsDone
          (loop $eachPixel
            (br_if $pixelsDone (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $s (i32.add (local.get $s)
              (i32.add
                (i32.mul (i32.const 299) (i32.load16_u (local.get $p)))
                (i32.add
                  (i32.mul (i32.const 587) (i32.load16_u offset=2 (local.get $p)))
                  (i32.mul (i32.const 114) (i32.load16_u offset=4 (local.get $p)))))))
            (if (i32.eq (local.get $channels) (i32.const 4))
              (then (local.set $alpha (i32.add (local.get $alpha) (i32.load16_u offset=6 (local.get $p))))))
            (local.set $p (i32.add (local.get $p) (local.get $stride)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $eachPixel)))
        (i32.store (local.get $out) (local.get $s))
        (i32.store (local.get $alphaOut) (local.get $alpha))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $alphaOut (i32.add (local.get $alphaOut) (i32.const 4)))
        (local.set $px (i32.add (local.get $px) (local.get $n)))
        (br $eachBlock))))
)
