/**
 * A log line that does not have the shape its format documents. The message names the format, the field (by its
 * 1-based position and name) and the 1-based character column where the problem starts, so a reader can find it with
 * an editor's "go to column".
 */
export class AccessLogParseError extends Error {
  constructor(
    /** The format the line was read as: `bos`, `cos` or `cdn`. */
    readonly format: string,
    /** Name of the offending field, e.g. `status`. */
    readonly field: string,
    /** 1-based position of the field in the line. */
    readonly fieldNumber: number,
    /** 1-based character column where the field (or the problem) starts. */
    readonly column: number,
    /** What is wrong, phrased to follow the field, e.g. `is not a whole number: "12x"`. */
    readonly problem: string,
  ) {
    super(`${format} access log: field ${fieldNumber} (${field}) at column ${column} ${problem}`);
    this.name = "AccessLogParseError";
  }
}
