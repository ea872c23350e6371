/**
 * A growable byte buffer written front to back: the pages, page headers and footer of a Parquet file are built in
 * these and handed to the file whole.
 */
export class ByteSink {
  /** The bytes; valid up to {@link length}. */
  bytes: Buffer;
  /** Bytes written. */
  length = 0;

  constructor(initialCapacity = 1024) {
    this.bytes = Buffer.allocUnsafe(Math.max(16, initialCapacity));
  }

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    const needed = this.length + count;
    if (needed <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2));
    this.bytes.copy(grown, 0, 0, this.length);
    this.bytes = grown;
  }

  /** The bytes written so far (a view, not a copy). */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }

  /** Forgets what was written, keeping the memory. */
  clear(): void {
    this.length = 0;
  }

  byte(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  /** An unsigned LEB128 varint of a number up to 2^53. */
  varint(value: number): void {
    this.reserve(8);
    const bytes = this.bytes;
    let n = value;
    while (n >= 0x80) {
      bytes[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    bytes[this.length++] = n;
  }

  /** A zigzag varint (Thrift's compact i16/i32/i64) of a whole number within ±2^52. */
  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  uint32(value: number): void {
    this.reserve(4);
    this.bytes.writeUInt32LE(value, this.length);
    this.length += 4;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  /**
   * A Parquet PLAIN BYTE_ARRAY value: its UTF-8 byte length (4 bytes, little endian), then the bytes. Returns the
   * byte length.
   */
  lengthPrefixedUtf8(text: string): number {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.reserve(4 + 3 * text.length);
    const at = this.length;
    const bytes = this.bytes;
    // Log fields are mostly short ASCII: copying code units is cheaper than a call into the UTF-8 encoder.
    let size = 0;
    const length = text.length;
    if (length <= 24) {
      let to = at + 4;
      for (; size < length; size++) {
        const code = text.charCodeAt(size);
        if (code >= 0x80) break;
        bytes[to++] = code;
      }
    }
    if (size < length) size = bytes.write(text, at + 4);
    bytes[at] = size & 0xff;
    bytes[at + 1] = (size >>> 8) & 0xff;
    bytes[at + 2] = (size >>> 16) & 0xff;
    bytes[at + 3] = size >>> 24;
    this.length = at + 4 + size;
    return size;
  }
}
