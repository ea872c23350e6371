import { StringDecoder } from "node:string_decoder";

/** What the splitter found in one chunk. */
export interface LineSink {
  /** A complete line, without its `\n` or `\r\n`. `lineNumber` is 1-based within the source. */
  line(text: string, lineNumber: number): void;
  /** A line longer than the limit: its text was dropped to keep memory bounded. */
  overlong(lineNumber: number, length: number): void;
}

/**
 * Splits decoded bytes into lines, `\n` or `\r\n` terminated, holding at most one partial line (capped at
 * `maxLineLength` characters) between chunks, so memory stays bounded whatever the input size. A UTF-8 byte-order mark
 * at the start is dropped; UTF-8 sequences split across chunks are decoded correctly.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private carry = "";
  private skipping = false;
  private skippedLength = 0;
  private lineNumber = 0;
  private started = false;

  constructor(
    private readonly sink: LineSink,
    private readonly maxLineLength: number,
  ) {}

  /** Number of lines completed so far. */
  get lines(): number {
    return this.lineNumber;
  }

  /** Feeds the next chunk of bytes. */
  push(chunk: Buffer): void {
    let text = this.decoder.write(chunk);
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    this.consume(text);
  }

  /** Ends the input: a last line without a line break still counts as a line. */
  end(): void {
    this.consume(this.decoder.end());
    if (this.skipping) {
      this.sink.overlong(++this.lineNumber, this.skippedLength);
    } else if (this.carry.length > 0) {
      this.emit(this.carry);
    }
    this.carry = "";
    this.skipping = false;
  }

  /** Drops a partial last line (e.g. when the input turned out truncated) and returns its length. */
  discardPartial(): number {
    const length = this.skipping ? this.skippedLength : this.carry.length;
    this.carry = "";
    this.skipping = false;
    this.skippedLength = 0;
    return length;
  }

  private consume(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf("\n", start);
      if (newline === -1) break;
      if (this.skipping) {
        this.sink.overlong(++this.lineNumber, this.skippedLength + newline - start);
        this.skipping = false;
        this.skippedLength = 0;
      } else if (this.carry.length > 0) {
        const line = this.carry + text.slice(start, newline);
        this.carry = "";
        this.emit(line);
      } else {
        this.emit(text.slice(start, newline));
      }
      start = newline + 1;
    }
    if (start < text.length) {
      if (this.skipping) {
        this.skippedLength += text.length - start;
      } else {
        this.carry += text.slice(start);
        if (this.carry.length > this.maxLineLength) {
          this.skipping = true;
          this.skippedLength = this.carry.length;
          this.carry = "";
        }
      }
    }
  }

  private emit(line: string): void {
    const text = line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line;
    const number = ++this.lineNumber;
    if (text.length > this.maxLineLength) this.sink.overlong(number, text.length);
    else this.sink.line(text, number);
  }
}
