/*
 * Parquet's RLE / bit-packing hybrid encoding, used for definition levels and dictionary indices
 * (https://parquet.apache.org/docs/file-format/data-pages/encodings/#run-length-encoding--bit-packing-hybrid-rle--3):
 * a run of 8 or more equal values is one RLE run (varint `count << 1`, then the value in ceil(width / 8) bytes); other
 * values go out in bit-packed groups of 8 (varint `groups << 1 | 1`, then 8 values per group, `width` bits each, least
 * significant bit first), the last group padded with zeros.
 */
import { ByteSink } from "./byte-sink";

/** Bits needed for values 0..`max`. */
export function bitWidth(max: number): number {
  let width = 0;
  while (max >= 2 ** width) width++;
  return width;
}

/** Shortest run that is written as an RLE run rather than bit-packed. */
const MIN_RLE_RUN = 8;

/** Widest values written (a 32-bit accumulator packs them): dictionary indexes stay far below. */
export const MAX_HYBRID_WIDTH = 24;

/**
 * Encodes `values[0..count)` (each below 2^width) into `out`, in one pass: each run of equal values is measured once;
 * one of 8 or more becomes an RLE run, after the values before it are bit-packed (a bit-packed run holds whole groups
 * of 8, so it borrows the first values of the RLE run to fill its last group).
 */
export function writeHybrid(out: ByteSink, values: ArrayLike<number>, count: number, width: number): void {
  if (width > MAX_HYBRID_WIDTH) throw new RangeError(`hybrid encoding of ${width}-bit values`);
  let literalStart = 0;
  let i = 0;
  while (i < count) {
    const value = values[i];
    let end = i + 1;
    while (end < count && values[end] === value) end++;
    if (end - i >= MIN_RLE_RUN) {
      const pending = (i - literalStart) % 8;
      const borrowed = pending === 0 ? 0 : 8 - pending;
      if (end - i - borrowed >= MIN_RLE_RUN) {
        if (i + borrowed > literalStart) writeBitPacked(out, values, literalStart, i + borrowed, width);
        writeRleRun(out, value, end - i - borrowed, width);
        literalStart = end;
      }
    }
    i = end;
  }
  if (literalStart < count) writeBitPacked(out, values, literalStart, count, width);
}

/** One RLE run of `count` copies of `value`. */
export function writeRleRun(out: ByteSink, value: number, count: number, width: number): void {
  out.varint(count * 2);
  for (let b = 0; b < width; b += 8) out.byte((value >>> b) & 0xff);
}

/** Values `start..end` as one bit-packed run, the last group padded with zeros. */
function writeBitPacked(out: ByteSink, values: ArrayLike<number>, start: number, end: number, width: number): void {
  const groups = Math.ceil((end - start) / 8);
  out.varint(groups * 2 + 1);
  const size = groups * width;
  out.reserve(size);
  const bytes = out.bytes;
  const first = out.length;
  let at = first;
  let bits = 0;
  let pending = 0;
  for (let i = start; i < end; i++) {
    pending |= values[i] << bits;
    bits += width;
    while (bits >= 8) {
      bytes[at++] = pending & 0xff;
      pending >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) bytes[at++] = pending & 0xff;
  bytes.fill(0, at, first + size);
  out.length = first + size;
}
