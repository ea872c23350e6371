/*
 * Parquet's enum values, as parquet.thrift numbers them
 * (https://github.com/apache/parquet-format/blob/master/src/main/thrift/parquet.thrift).
 */

export enum PhysicalType {
  Int32 = 1,
  Int64 = 2,
  ByteArray = 6,
}

export enum ConvertedType {
  Utf8 = 0,
  TimestampMillis = 9,
}

export enum Repetition {
  Optional = 1,
}

export enum Encoding {
  Plain = 0,
  Rle = 3,
  RleDictionary = 8,
}

export enum Codec {
  Uncompressed = 0,
  Gzip = 2,
}

export enum PageType {
  Data = 0,
  Dictionary = 2,
}

/** Fields of the LogicalType union. */
export enum LogicalTypeField {
  String = 1,
  Timestamp = 8,
}

/** Fields of the TimeUnit union. */
export enum TimeUnitField {
  Millis = 1,
}
