/**
 * Deterministic package bodies without holding them in memory: the byte at offset `i` of the body
 * named by `seed` is `block(seed)[i % BLOCK_BYTES]`. The block length is prime, so a body is not
 * periodic at any power-of-two part size and misplaced or repeated parts change the digest.
 */
import { createHash } from "node:crypto";

export const BLOCK_BYTES = 65_521;

const blocks = new Map<string, Buffer>();

/** The repeating block of one body, derived from `seed` with SHA-256 in counter mode. */
export function blockFor(seed: string): Buffer {
  let block = blocks.get(seed);
  if (block === undefined) {
    const pieces: Buffer[] = [];
    let length = 0;
    for (let counter = 0; length < BLOCK_BYTES; counter += 1) {
      const piece = createHash("sha256").update(`${seed}:${counter}`).digest();
      pieces.push(piece);
      length += piece.length;
    }
    block = Buffer.concat(pieces).subarray(0, BLOCK_BYTES);
    blocks.set(seed, block);
  }
  return block;
}

/**
 * Bytes [start, end) of the body as zero-copy views of the block, at most `maxChunk` bytes each.
 */
export function* bodyChunks(seed: string, start: number, end: number, maxChunk = BLOCK_BYTES): Generator<Buffer> {
  const block = blockFor(seed);
  let offset = start;
  while (offset < end) {
    const position = offset % BLOCK_BYTES;
    const length = Math.min(end - offset, BLOCK_BYTES - position, maxChunk);
    yield block.subarray(position, position + length);
    offset += length;
  }
}

/** The whole body as one buffer; only for the small bodies tests compare byte by byte. */
export function bodyBytes(seed: string, size: number): Buffer {
  return Buffer.concat([...bodyChunks(seed, 0, size)], size);
}

/** SHA-256 (hex) of the first `size` bytes of the body. */
export function bodySha256(seed: string, size: number): string {
  const hash = createHash("sha256");
  for (const chunk of bodyChunks(seed, 0, size)) hash.update(chunk);
  return hash.digest("hex");
}
