/**
 * Reads the one Terraform expression cdktf writes for `Fn.jsonencode(value)`: `${jsonencode(<value>)}`, where the value
 * is an HCL object or tuple of literals and references. cdktf 0.21 and cdktn 0.24 write it the same way, in JSON and in
 * HCL output: objects as `{"key" = value, ...}`, tuples as `[a, b]`, strings as HCL quoted templates (references
 * inside them as `${...}`), numbers, `true`, `false`, `null`, and a value that is one token as a bare reference such
 * as `data.tencentcloud_user_info.account.app_id`.
 *
 * Exactly that subset is read, into the value the JSON text of the same document would hold: strings keep their
 * `${...}` references as text, and a bare reference becomes the string `${reference}`. Anything else Terraform would
 * have to evaluate (a function call, an operator, a `for` expression, a template directive) is refused with the reason,
 * never guessed.
 */

/** What reading gave: the value, or why the expression cannot be read. */
export type JsonencodeReading =
  { readonly value: unknown; readonly problem?: undefined } | { readonly problem: string };

const OPENING = "${jsonencode(";
const CLOSING = ")}";

/** Whether `text` is one `${jsonencode(...)}` expression (which {@link readJsonencodeExpression} then reads). */
export function isJsonencodeExpression(text: string): boolean {
  return text.startsWith(OPENING) && text.endsWith(CLOSING);
}

class Unreadable extends Error {}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\r\n]*/y;

/**
 * Reads `${jsonencode(<value>)}` into the value. Nesting deeper than `maxDepth` is refused before anything recursive
 * could overflow the stack.
 */
export function readJsonencodeExpression(text: string, maxDepth: number): JsonencodeReading {
  if (!isJsonencodeExpression(text)) return { problem: "is not one ${jsonencode(...)} expression" };
  const reader = new ExpressionReader(text.slice(0, -CLOSING.length), OPENING.length, maxDepth);
  try {
    const value = reader.value(1);
    reader.skipWhitespace();
    if (!reader.atEnd()) reader.fail("holds more than one value");
    return { value };
  } catch (error) {
    if (error instanceof Unreadable) return { problem: error.message };
    throw error;
  }
}

class ExpressionReader {
  constructor(
    private readonly text: string,
    private at: number,
    private readonly maxDepth: number,
  ) {}

  atEnd(): boolean {
    return this.at >= this.text.length;
  }

  fail(what: string): never {
    const shown = this.text.slice(this.at, this.at + 40);
    throw new Unreadable(
      `jsonencode(...) ${what} at character ${this.at + 1} (${JSON.stringify(shown)}); ` +
        "the review reads only literal values and references inside jsonencode(...)",
    );
  }

  skipWhitespace(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  private take(literal: string): boolean {
    if (!this.text.startsWith(literal, this.at)) return false;
    this.at += literal.length;
    return true;
  }

  private expect(literal: string, what: string): void {
    this.skipWhitespace();
    if (!this.take(literal)) this.fail(`has something other than ${what}`);
  }

  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at;
    const found = pattern.exec(this.text);
    if (!found) return undefined;
    this.at = pattern.lastIndex;
    return found[0];
  }

  value(depth: number): unknown {
    if (depth > this.maxDepth) this.fail(`nests more than ${this.maxDepth} levels deep`);
    this.skipWhitespace();
    const next = this.text.charAt(this.at);
    if (next === "{") return this.object(depth);
    if (next === "[") return this.tuple(depth);
    if (next === '"') {
      const text = this.string();
      this.expectEndOfValue();
      return text;
    }
    const number = this.match(NUMBER);
    if (number !== undefined) {
      this.expectEndOfValue();
      return Number(number);
    }
    const start = this.at;
    const word = this.match(IDENTIFIER);
    if (word === undefined) this.fail("has an expression");
    if (word === "true" || word === "false" || word === "null") {
      this.expectEndOfValue();
      return word === "null" ? null : word === "true";
    }
    return `\${${this.reference(start)}}`;
  }

  /** After a value: only a separator or a closing bracket may follow (no operator, no call). */
  private expectEndOfValue(): void {
    const save = this.at;
    this.skipWhitespace();
    const next = this.text.charAt(this.at);
    if (!this.atEnd() && next !== "," && next !== "]" && next !== "}") this.fail("has an expression");
    this.at = save;
  }

  /** The rest of a traversal that began with an identifier: `.name`, `[0]` and `["key"]` steps. */
  private reference(start: number): string {
    for (;;) {
      if (this.text.charAt(this.at) === "(") {
        this.at = start;
        this.fail("calls a function");
      }
      if (this.take(".")) {
        if (this.match(IDENTIFIER) === undefined && this.match(/[0-9]+/y) === undefined) this.fail("has an expression");
      } else if (this.text.charAt(this.at) === "[") {
        this.at++;
        if (this.match(/[0-9]+/y) === undefined) {
          if (this.text.charAt(this.at) !== '"') this.fail("has an expression");
          this.rawString();
        }
        if (!this.take("]")) this.fail("has an expression");
      } else break;
    }
    const reference = this.text.slice(start, this.at);
    this.expectEndOfValue();
    return reference;
  }

  private object(depth: number): { [key: string]: unknown } {
    this.at++;
    const out: { [key: string]: unknown } = {};
    this.skipWhitespace();
    if (this.take("}")) return out;
    for (;;) {
      this.skipWhitespace();
      if (this.text.charAt(this.at) !== '"') this.fail("has a key that is not a quoted string");
      const keyStart = this.at;
      const key = this.string();
      if (key.includes("${")) {
        this.at = keyStart;
        this.fail("has a key with a reference");
      }
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.at = keyStart;
        this.fail(`has the key ${JSON.stringify(key)} twice`);
      }
      this.expect("=", '"="');
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true });
      this.skipWhitespace();
      if (this.take("}")) return out;
      this.expect(",", '"," or "}"');
      this.skipWhitespace();
      if (this.take("}")) return out;
    }
  }

  private tuple(depth: number): unknown[] {
    this.at++;
    const out: unknown[] = [];
    this.skipWhitespace();
    if (this.take("]")) return out;
    for (;;) {
      out.push(this.value(depth + 1));
      this.skipWhitespace();
      if (this.take("]")) return out;
      this.expect(",", '"," or "]"');
      this.skipWhitespace();
      if (this.take("]")) return out;
    }
  }

  /** A quoted template, decoded: escapes resolved, `${...}` references and `$${`/`%%{` escapes kept as written. */
  private string(): string {
    this.at++;
    let out = "";
    for (;;) {
      if (this.atEnd()) this.fail("has a string without its closing quote");
      const c = this.text.charAt(this.at);
      if (c === '"') {
        this.at++;
        return out;
      }
      if (c === "\\") out += this.escape();
      else if (this.text.startsWith("$${", this.at) || this.text.startsWith("%%{", this.at)) {
        out += this.text.slice(this.at, this.at + 3);
        this.at += 3;
      } else if (this.text.startsWith("${", this.at)) {
        const start = this.at;
        this.at += 2;
        this.skipInterpolation();
        out += this.text.slice(start, this.at);
      } else if (this.text.startsWith("%{", this.at)) {
        this.fail("has a template directive");
      } else if (c === "\n" || c === "\r") {
        this.fail("has a line break inside a string");
      } else {
        out += c;
        this.at++;
      }
    }
  }

  /** A quoted string inside a reference's `["key"]` step, taken as written. */
  private rawString(): void {
    this.at++;
    while (!this.atEnd() && this.text.charAt(this.at) !== '"') this.at += this.text.charAt(this.at) === "\\" ? 2 : 1;
    if (!this.take('"')) this.fail("has a string without its closing quote");
  }

  private escape(): string {
    const c = this.text.charAt(this.at + 1);
    const simple: { [c: string]: string } = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
    if (c in simple) {
      this.at += 2;
      return simple[c];
    }
    const hex = c === "u" ? 4 : c === "U" ? 8 : 0;
    const digits = this.text.slice(this.at + 2, this.at + 2 + hex);
    if (hex === 0 || !new RegExp(`^[0-9A-Fa-f]{${hex}}$`).test(digits)) this.fail("has an unknown escape in a string");
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) this.fail("has an unknown escape in a string");
    this.at += 2 + hex;
    return String.fromCodePoint(code);
  }

  /** Past the `}` that closes an interpolation, over nested braces and the strings inside it. */
  private skipInterpolation(): void {
    let open = 1;
    while (open > 0) {
      if (this.atEnd()) this.fail("has a reference without its closing brace");
      const c = this.text.charAt(this.at);
      if (c === '"') {
        this.rawString();
        continue;
      }
      if (c === "{") open++;
      else if (c === "}") open--;
      this.at++;
    }
  }
}
