/*
 * The part of Thrift's compact protocol that Parquet's page headers and footer need: structs of i32, i64, bool, binary,
 * struct and list fields. Spec: https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
 */
import { ByteSink } from "./byte-sink";

/** Compact protocol type ids. */
export enum ThriftType {
  BoolTrue = 1,
  BoolFalse = 2,
  I32 = 5,
  I64 = 6,
  Binary = 8,
  List = 9,
  Struct = 12,
}

/** Writes one struct after another into a sink; fields must come in increasing id order within a struct. */
export class ThriftWriter {
  private lastFieldIds: number[] = [];
  private lastFieldId = 0;

  constructor(readonly sink: ByteSink) {}

  private fieldHeader(id: number, type: number): void {
    const delta = id - this.lastFieldId;
    if (delta <= 0) throw new Error(`Thrift field ${id} written after field ${this.lastFieldId}`);
    if (delta <= 15) this.sink.byte((delta << 4) | type);
    else {
      this.sink.byte(type);
      this.sink.zigzag(id);
    }
    this.lastFieldId = id;
  }

  i32(id: number, value: number): void {
    this.fieldHeader(id, ThriftType.I32);
    this.sink.zigzag(value);
  }

  i64(id: number, value: number): void {
    this.fieldHeader(id, ThriftType.I64);
    this.sink.zigzag(value);
  }

  bool(id: number, value: boolean): void {
    this.fieldHeader(id, value ? ThriftType.BoolTrue : ThriftType.BoolFalse);
  }

  binary(id: number, value: Uint8Array): void {
    this.fieldHeader(id, ThriftType.Binary);
    this.binaryValue(value);
  }

  string(id: number, value: string): void {
    this.binary(id, Buffer.from(value, "utf8"));
  }

  /** A struct field whose members `body` writes. */
  struct(id: number, body: () => void): void {
    this.fieldHeader(id, ThriftType.Struct);
    this.structBody(body);
  }

  /** A list field of `items.length` elements of `elementType`, each written by `write`. */
  list<T>(id: number, elementType: ThriftType, items: readonly T[], write: (item: T, index: number) => void): void {
    this.fieldHeader(id, ThriftType.List);
    if (items.length < 15) this.sink.byte((items.length << 4) | elementType);
    else {
      this.sink.byte(0xf0 | elementType);
      this.sink.varint(items.length);
    }
    items.forEach(write);
  }

  /** A list element that is a struct. */
  element(body: () => void): void {
    this.structBody(body);
  }

  /** A top-level struct (a page header, the file metadata). */
  message(body: () => void): void {
    this.structBody(body);
  }

  private structBody(body: () => void): void {
    this.lastFieldIds.push(this.lastFieldId);
    this.lastFieldId = 0;
    body();
    this.sink.byte(0); // stop
    this.lastFieldId = this.lastFieldIds.pop() as number;
  }

  /** A bare zigzag i32 list element. */
  i32Element(value: number): void {
    this.sink.zigzag(value);
  }

  /** A bare binary list element. */
  stringElement(value: string): void {
    this.binaryValue(Buffer.from(value, "utf8"));
  }

  /** A binary value: its length as a varint, then the bytes. */
  private binaryValue(value: Uint8Array): void {
    this.sink.varint(value.length);
    this.sink.append(value);
  }
}
