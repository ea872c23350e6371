/*
 * The Parquet writer's byte-level pieces: the byte sink (varints, zigzag, PLAIN byte arrays), Thrift's compact
 * protocol, and the RLE / bit-packing hybrid, checked against bytes worked out by hand from the specs and, for the
 * hybrid, against a decoder written here from the spec.
 */
import { ByteSink } from "../../../lib/logs/parquet/byte-sink";
import { bitWidth, MAX_HYBRID_WIDTH, writeHybrid, writeRleRun } from "../../../lib/logs/parquet/hybrid-encoding";
import { ThriftType, ThriftWriter } from "../../../lib/logs/parquet/thrift-compact";

const bytesOf = (write: (sink: ByteSink) => void): number[] => {
  const sink = new ByteSink(1);
  write(sink);
  return [...sink.view()];
};

describe("ByteSink", () => {
  test.each([
    [0, [0x00]],
    [1, [0x01]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [2 ** 32, [0x80, 0x80, 0x80, 0x80, 0x10]],
    [2 ** 53 - 1, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])("varint %d", (value, expected) => {
    expect(bytesOf((s) => s.varint(value))).toEqual(expected);
  });

  test.each([
    [0, [0x00]],
    [-1, [0x01]],
    [1, [0x02]],
    [-2, [0x03]],
    [63, [0x7e]],
    [-64, [0x7f]],
    [64, [0x80, 0x01]],
    [2 ** 31 - 1, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
    [-(2 ** 31), [0xff, 0xff, 0xff, 0xff, 0x0f]],
    [-1767225600000, [0xff, 0x9f, 0xd5, 0xed, 0xee, 0x66]],
  ])("zigzag %d", (value, expected) => {
    expect(bytesOf((s) => s.zigzag(value))).toEqual(expected);
  });

  test("uint32 is little endian", () => {
    expect(bytesOf((s) => s.uint32(0x01020304))).toEqual([4, 3, 2, 1]);
    expect(bytesOf((s) => s.uint32(0xffffffff))).toEqual([255, 255, 255, 255]);
  });

  const utf8 = (text: string) => [...Buffer.from(text, "utf8")];
  const prefixed = (text: string) => {
    const n = Buffer.byteLength(text, "utf8");
    return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24, ...utf8(text)];
  };
  test.each([
    ["empty", ""],
    ["ASCII", "GetObject"],
    ["24 ASCII characters (copied one by one)", "a".repeat(24)],
    ["25 ASCII characters (the UTF-8 encoder)", "b".repeat(25)],
    ["non-ASCII first", "élan"],
    ["non-ASCII as the 24th character", `${"x".repeat(23)}é`],
    ["non-ASCII past 24", `${"x".repeat(30)}ü`],
    ["CJK", "日志存储桶"],
    ["a surrogate pair", "🙂 ok"],
    ["DEL and NUL stay one byte", "\u007f\u0000"],
    ["U+0080 takes two bytes", "\u0080"],
    ["300 bytes (two-byte length)", "z".repeat(300)],
    ["70,000 bytes (three-byte length)", "q".repeat(70_000)],
  ])("PLAIN byte array: %s", (_, text) => {
    const sink = new ByteSink(1);
    sink.byte(0xaa); // the value goes after what is already there
    expect(sink.lengthPrefixedUtf8(text)).toBe(Buffer.byteLength(text, "utf8"));
    expect([...sink.view()]).toEqual([0xaa, ...prefixed(text)]);
  });

  test("a lone surrogate is written as U+FFFD (what UTF-8 can hold of it)", () => {
    const sink = new ByteSink();
    expect(sink.lengthPrefixedUtf8("a\ud800")).toBe(4);
    expect([...sink.view()]).toEqual([4, 0, 0, 0, 0x61, 0xef, 0xbf, 0xbd]);
  });

  test("grows as needed and keeps what it holds; clear keeps nothing", () => {
    const sink = new ByteSink(16);
    for (let i = 0; i < 10_000; i++) sink.byte(i & 0xff);
    sink.append(Uint8Array.of(1, 2, 3));
    expect(sink.length).toBe(10_003);
    expect(sink.view()[9_999]).toBe(9_999 & 0xff);
    expect([...sink.view().subarray(10_000)]).toEqual([1, 2, 3]);
    sink.clear();
    expect(sink.length).toBe(0);
    expect(sink.view().length).toBe(0);
  });
});

describe("ThriftWriter (compact protocol)", () => {
  const message = (body: (thrift: ThriftWriter) => void): number[] =>
    bytesOf((sink) => {
      const thrift = new ThriftWriter(sink);
      thrift.message(() => body(thrift));
    });

  test("short field headers, every type used, nested struct and list", () => {
    expect(
      message((t) => {
        t.i32(1, 5);
        t.i64(3, -1);
        t.bool(4, true);
        t.bool(5, false);
        t.string(6, "ab");
        t.struct(20, () => t.i32(1, 300));
        t.list(21, ThriftType.I32, [1, 2], (v) => t.i32Element(v));
      }),
    ).toEqual([
      0x15,
      0x0a, // field 1 (delta 1) i32, zigzag 5
      0x26,
      0x01, // field 3 (delta 2) i64, zigzag -1
      0x11, // field 4 bool true
      0x12, // field 5 bool false
      0x18,
      0x02,
      0x61,
      0x62, // field 6 binary "ab"
      0xec,
      0x15,
      0xd8,
      0x04,
      0x00, // field 20 (delta 14) struct { field 1 i32 300 }, stop
      0x19,
      0x25,
      0x02,
      0x04, // field 21 list of 2 i32: 1, 2
      0x00, // stop
    ]);
  });

  test("a field id more than 15 past the last is written in full; delta 15 still fits the header", () => {
    expect(message((t) => t.i32(16, 1))).toEqual([0x05, 0x20, 0x02, 0x00]);
    expect(message((t) => t.i32(15, 1))).toEqual([0xf5, 0x02, 0x00]);
  });

  test("field ids restart in a nested struct and resume after it", () => {
    expect(
      message((t) => {
        t.struct(2, () => t.i32(1, 0));
        t.i32(3, 0);
      }),
    ).toEqual([0x2c, 0x15, 0x00, 0x00, 0x15, 0x00, 0x00]);
  });

  test("lists of 14 elements have a short header, of 15 a long one", () => {
    const list = (n: number) =>
      message((t) => t.list(1, ThriftType.Binary, Array(n).fill("x"), (v: string) => t.stringElement(v)));
    expect(list(14).slice(0, 2)).toEqual([0x19, 0xe8]);
    expect(list(15).slice(0, 3)).toEqual([0x19, 0xf8, 0x0f]);
    expect(list(15).length).toBe(3 + 15 * 2 + 1);
  });

  test("a list of structs", () => {
    expect(message((t) => t.list(1, ThriftType.Struct, [7], (v) => t.element(() => t.i32(1, v))))).toEqual([
      0x19, 0x1c, 0x15, 0x0e, 0x00, 0x00,
    ]);
  });

  test("fields out of order are refused", () => {
    expect(() =>
      message((t) => {
        t.i32(2, 0);
        t.i32(2, 0);
      }),
    ).toThrow("Thrift field 2 written after field 2");
    expect(() =>
      message((t) => {
        t.i32(3, 0);
        t.i32(1, 0);
      }),
    ).toThrow("Thrift field 1 written after field 3");
  });
});

/** Decodes RLE / bit-packed hybrid data, written from the Parquet spec; fails on anything left over or missing. */
function decodeHybrid(bytes: Uint8Array, width: number, count: number): number[] {
  const values: number[] = [];
  let at = 0;
  const varint = () => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
  };
  while (at < bytes.length) {
    const header = varint();
    if (header % 2 === 1) {
      const groups = (header - 1) / 2;
      let bit = at * 8;
      for (let i = 0; i < groups * 8; i++) {
        let value = 0;
        for (let b = 0; b < width; b++, bit++) value |= ((bytes[bit >> 3] >> (bit & 7)) & 1) << b;
        values.push(value);
      }
      at += groups * width;
    } else {
      let value = 0;
      for (let b = 0; b < Math.ceil(width / 8); b++) value |= bytes[at++] << (8 * b);
      for (let i = 0; i < header / 2; i++) values.push(value);
    }
  }
  if (at !== bytes.length) throw new Error(`read ${at} of ${bytes.length} bytes`);
  if (values.length < count) throw new Error(`decoded ${values.length} values, expected ${count}`);
  // Past `count` only the zero padding of the last bit-packed group may follow.
  expect(values.slice(count).every((v) => v === 0)).toBe(true);
  expect(values.length - count).toBeLessThan(8);
  return values.slice(0, count);
}

const hybrid = (values: number[], width: number) => bytesOf((s) => writeHybrid(s, values, values.length, width));

describe("RLE / bit-packing hybrid", () => {
  test.each([
    [0, 0],
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
    [255, 8],
    [256, 9],
    [8191, 13],
    [8192, 14],
  ])("bitWidth(%d) = %d", (max, width) => {
    expect(bitWidth(max)).toBe(width);
  });

  test("8 equal values are one RLE run; 7 are bit-packed", () => {
    expect(hybrid(Array(8).fill(5), 3)).toEqual([0x10, 0x05]);
    // 1 group: header 0b11; seven 5s (101) and a zero pad, 3 bits each, least significant bit first.
    expect(hybrid(Array(7).fill(5), 3)).toEqual([0x03, 0x6d, 0xdb, 0x16]);
  });

  test("bit-packed values, least significant bit first, the last group padded", () => {
    expect(hybrid([1, 2, 3], 2)).toEqual([0x03, 0x39, 0x00]);
    expect(hybrid([1, 0, 1, 1, 0, 0, 0, 1, 1], 1)).toEqual([0x05, 0x8d, 0x01]);
  });

  test("an RLE value takes ceil(width / 8) bytes", () => {
    expect(hybrid(Array(8).fill(300), 9)).toEqual([0x10, 0x2c, 0x01]);
    expect(hybrid(Array(8).fill(1), 1)).toEqual([0x10, 0x01]);
    expect(hybrid(Array(200).fill(0x123456), 24)).toEqual([0x90, 0x03, 0x56, 0x34, 0x12]);
    expect(bytesOf((s) => writeRleRun(s, 0, 3, 0))).toEqual([0x06]);
  });

  test("a run after values that do not fill a group lends them its first values, and stays RLE if 8 remain", () => {
    const values = [1, 2, 3, ...Array(13).fill(7)];
    const bytes = hybrid(values, 3);
    expect(bytes[0]).toBe(0x03); // one bit-packed group: 1, 2, 3 and five 7s
    expect(bytes.slice(4)).toEqual([0x10, 0x07]); // then 8 × 7
    expect(decodeHybrid(Uint8Array.from(bytes), 3, values.length)).toEqual(values);
    // Twelve 7s: after lending five, seven remain: all bit-packed.
    const shorter = [1, 2, 3, ...Array(12).fill(7)];
    expect(hybrid(shorter, 3)[0]).toBe(0x05);
    expect(decodeHybrid(Uint8Array.from(hybrid(shorter, 3)), 3, shorter.length)).toEqual(shorter);
  });

  test("a run right after whole groups borrows nothing", () => {
    const values = [...Array(8).keys(), ...Array(8).fill(2)];
    expect(hybrid(values, 3)).toEqual([0x03, 0x88, 0xc6, 0xfa, 0x10, 0x02]);
  });

  test("no values, no bytes", () => {
    expect(hybrid([], 5)).toEqual([]);
  });

  test(`widths up to ${MAX_HYBRID_WIDTH} bits; wider is refused`, () => {
    const values = [0, 2 ** MAX_HYBRID_WIDTH - 1, 1, 2 ** 23];
    expect(decodeHybrid(Uint8Array.from(hybrid(values, MAX_HYBRID_WIDTH)), MAX_HYBRID_WIDTH, 4)).toEqual(values);
    expect(() => hybrid([1], MAX_HYBRID_WIDTH + 1)).toThrow(`hybrid encoding of ${MAX_HYBRID_WIDTH + 1}-bit values`);
  });

  test("random mixes of runs and noise decode to what was written, for every width", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let width = 1; width <= MAX_HYBRID_WIDTH; width++) {
      for (let trial = 0; trial < 20; trial++) {
        const values: number[] = [];
        const length = Math.floor(random() * 300);
        while (values.length < length) {
          const value = Math.floor(random() * 2 ** width);
          const repeat = random() < 0.3 ? 1 + Math.floor(random() * 40) : 1;
          for (let r = 0; r < repeat; r++) values.push(value);
        }
        const sink = new ByteSink(1);
        writeHybrid(sink, Int32Array.from(values), values.length, width);
        expect(decodeHybrid(sink.view(), width, values.length)).toEqual(values);
      }
    }
  });

  test("only `count` values are read from a longer array: a run does not go on past it, nor does a group", () => {
    const write = (values: number[], count: number) => {
      const sink = new ByteSink();
      writeHybrid(sink, Uint8Array.from(values), count, 1);
      return [...sink.view()];
    };
    expect(write([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], 3)).toEqual([0x03, 0x07]);
    expect(write(Array(12).fill(1), 3)).toEqual([0x03, 0x07]); // not an RLE run of 12
    expect(write([1, 0, 1, 1, 1, 1, 1, 1, 1], 3)).toEqual([0x03, 0x05]); // the 4th value is not packed
    expect(write(Array(20).fill(1), 8)).toEqual([0x10, 0x01]);
  });
});
