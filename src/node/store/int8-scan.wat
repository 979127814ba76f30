;; The int8 scan of the vector prefilter: scores every row of an int8 matrix against an int8 query.
;; scripts/build-int8-scan.mjs compiles this file into int8-scan-wasm.ts (the bytes the app loads).
(module
  ;; Grown by the caller as the matrix grows; at most 4 GiB (65,536 pages of 64 KiB).
  (memory (export "memory") 1 65536)

  ;; out[i] = dot(row i, query) * scales[i] for i < count, where
  ;;   query:  stride bytes at $query,
  ;;   rows:   count rows of stride bytes at $rows (stride a non-zero multiple of 16, zero-padded),
  ;;   scales: count f32 at $scales (1 / the row's norm: the score is then the cosine, times |query|),
  ;;   out:    count f32 at $out.
  ;; Values must lie in -127..127. Sixteen bytes at a time: the products of each half as i16 lanes,
  ;; the two halves added (at most 2 × 127², which fits an i16), then summed in pairs into i32 lanes.
  ;; Four rows at a time, so that the query is loaded once for four and their sums leave together.
  (func (export "score")
    (param $query i32) (param $rows i32) (param $scales i32) (param $count i32) (param $stride i32) (param $out i32)
    (local $row i32) (local $end4 i32) (local $end i32) (local $b i32) (local $q v128)
    (local $v v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s01 v128) (local $s23 v128)
    (local.set $row (local.get $rows))
    (local.set $end (i32.add (local.get $rows) (i32.mul (local.get $count) (local.get $stride))))
    (local.set $end4 (i32.add (local.get $rows) (i32.mul (i32.and (local.get $count) (i32.const -4)) (local.get $stride))))
    (block $fours_done
      (loop $each_four
        (br_if $fours_done (i32.ge_u (local.get $row) (local.get $end4)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $b (i32.const 0))
        (loop $each_block
          (local.set $q (v128.load (i32.add (local.get $query) (local.get $b))))
          (local.set $v (v128.load (i32.add (local.get $row) (local.get $b))))
          (local.set $a0 (i32x4.add (local.get $a0) (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q)) (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $v (v128.load (i32.add (i32.add (local.get $row) (local.get $stride)) (local.get $b))))
          (local.set $a1 (i32x4.add (local.get $a1) (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q)) (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $v (v128.load (i32.add (i32.add (local.get $row) (i32.shl (local.get $stride) (i32.const 1))) (local.get $b))))
          (local.set $a2 (i32x4.add (local.get $a2) (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q)) (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $v (v128.load (i32.add (i32.add (local.get $row) (i32.mul (local.get $stride) (i32.const 3))) (local.get $b))))
          (local.set $a3 (i32x4.add (local.get $a3) (i32x4.extadd_pairwise_i16x8_s (i16x8.add
            (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q)) (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $each_block (i32.lt_u (local.get $b) (local.get $stride))))
        ;; [a0 lanes 0+2, 1+3, a1 lanes 0+2, 1+3], the same for a2 and a3, then the pairs added.
        (local.set $s01 (i32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $s23 (i32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
        (v128.store (local.get $out)
          (f32x4.mul
            (f32x4.convert_i32x4_s (i32x4.add
              (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $s01) (local.get $s23))
              (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $s01) (local.get $s23))))
            (v128.load (local.get $scales))))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 16)))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $stride) (i32.const 2))))
        (br $each_four)))
    ;; The last rows, one at a time.
    (block $done
      (loop $each_row
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (f32.store (local.get $out)
          (f32.mul (f32.convert_i32_s (call $row_dot (local.get $row) (local.get $query) (local.get $stride))) (f32.load (local.get $scales))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (br $each_row))))

  ;; out[k] = dot(row slots[k], query) * scales[slots[k]] for k < n: the rows a first pass kept.
  (func (export "score_slots")
    (param $query i32) (param $rows i32) (param $scales i32) (param $slots i32) (param $n i32) (param $stride i32) (param $out i32)
    (local $k i32) (local $slot i32)
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $slot (i32.load (i32.add (local.get $slots) (i32.shl (local.get $k) (i32.const 2)))))
        (f32.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 2)))
          (f32.mul
            (f32.convert_i32_s
              (call $row_dot (i32.add (local.get $rows) (i32.mul (local.get $slot) (local.get $stride))) (local.get $query) (local.get $stride)))
            (f32.load (i32.add (local.get $scales) (i32.shl (local.get $slot) (i32.const 2))))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $each))))

  ;; The dot product of one row with the query (stride bytes each).
  (func $row_dot (param $row i32) (param $query i32) (param $stride i32) (result i32)
    (local $b i32) (local $acc v128) (local $v v128) (local $q v128)
    (loop $each_block
      (local.set $v (v128.load (i32.add (local.get $row) (local.get $b))))
      (local.set $q (v128.load (i32.add (local.get $query) (local.get $b))))
      (local.set $acc (i32x4.add (local.get $acc) (i32x4.extadd_pairwise_i16x8_s (i16x8.add
        (i16x8.extmul_low_i8x16_s (local.get $v) (local.get $q)) (i16x8.extmul_high_i8x16_s (local.get $v) (local.get $q))))))
      (local.set $b (i32.add (local.get $b) (i32.const 16)))
      (br_if $each_block (i32.lt_u (local.get $b) (local.get $stride))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))

  ;; out[i] = -(the bits in which code i differs from the query's code), as f32, for i < count:
  ;; the first, coarse pass over codes of one sign bit per dimension (stride bytes each, a non-zero
  ;; multiple of 16), an eighth of the bytes of the rows.
  (func (export "hamming")
    (param $query i32) (param $codes i32) (param $count i32) (param $stride i32) (param $out i32)
    (local $code i32) (local $end i32) (local $b i32) (local $acc v128)
    (if (i32.eqz (local.get $count)) (then (return)))
    (local.set $code (local.get $codes))
    (local.set $end (i32.add (local.get $codes) (i32.mul (local.get $count) (local.get $stride))))
    (loop $each_row
      (local.set $acc (v128.const i32x4 0 0 0 0))
      (local.set $b (i32.const 0))
      (loop $each_block
        (local.set $acc (i32x4.add (local.get $acc)
          (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (i8x16.popcnt
            (v128.xor (v128.load (i32.add (local.get $code) (local.get $b))) (v128.load (i32.add (local.get $query) (local.get $b)))))))))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br_if $each_block (i32.lt_u (local.get $b) (local.get $stride))))
      (f32.store (local.get $out)
        (f32.neg (f32.convert_i32_u (i32.add
          (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
          (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))))
      (local.set $out (i32.add (local.get $out) (i32.const 4)))
      (local.set $code (i32.add (local.get $code) (local.get $stride)))
      (br_if $each_row (i32.lt_u (local.get $code) (local.get $end)))))

  ;; Writes to $slots (i32) the indexes i < count whose scores[i] (f32) >= threshold, in order, and
  ;; returns how many there are. Four scores at a time, looked at one by one only when one of the
  ;; four passes. Reads up to 12 bytes past the last score: the caller leaves memory there.
  (func (export "above")
    (param $scores i32) (param $count i32) (param $threshold f32) (param $slots i32) (result i32)
    (local $i i32) (local $j i32) (local $end i32) (local $n i32) (local $t v128)
    (local.set $t (f32x4.splat (local.get $threshold)))
    (block $done
      (loop $each_four
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (if (v128.any_true (f32x4.ge (v128.load (i32.add (local.get $scores) (i32.shl (local.get $i) (i32.const 2)))) (local.get $t)))
          (then
            (local.set $j (local.get $i))
            (local.set $end (select (i32.add (local.get $i) (i32.const 4)) (local.get $count)
              (i32.lt_u (i32.add (local.get $i) (i32.const 4)) (local.get $count))))
            (block $four_done
              (loop $each_one
                (br_if $four_done (i32.ge_u (local.get $j) (local.get $end)))
                (if (f32.ge (f32.load (i32.add (local.get $scores) (i32.shl (local.get $j) (i32.const 2)))) (local.get $threshold))
                  (then
                    (i32.store (i32.add (local.get $slots) (i32.shl (local.get $n) (i32.const 2))) (local.get $j))
                    (local.set $n (i32.add (local.get $n) (i32.const 1)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $each_one)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $each_four)))
    (local.get $n))
)
