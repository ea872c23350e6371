import * as fs from "fs";
import * as path from "path";
import { jsonNestingDepth } from "../shared/json-depth";
import type { SynthesizedStackInput } from "./model";

/**
 * The synthesized output cannot be reviewed (missing, stale, incomplete, too large, too deep, outside the directory,
 * HCL, unreadable): a usage error, exit code 2. The message says what is wrong and how to fix it; it never quotes file
 * contents.
 */
export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}

/** Bounds on what the review reads, so a hostile or broken synth output ends in a clear error, not a crash. */
export interface ReviewInputLimits {
  /** Largest `manifest.json`, in bytes. */
  readonly maxManifestBytes: number;
  /** Largest single `cdk.tf.json`, in bytes. */
  readonly maxStackBytes: number;
  /** Largest sum of all stack files, in bytes. */
  readonly maxTotalBytes: number;
  /** Deepest nesting of JSON objects and arrays (the top-level object is depth 1). */
  readonly maxDepth: number;
}

/**
 * The limits the CLI applies. A 10,000-bucket stack is about 10 MB and 8 levels deep; the limits leave ample room for
 * real apps while keeping memory bounded and every traversal shallow.
 */
export const DEFAULT_REVIEW_INPUT_LIMITS: ReviewInputLimits = {
  maxManifestBytes: 16 * 1024 * 1024,
  maxStackBytes: 256 * 1024 * 1024,
  maxTotalBytes: 512 * 1024 * 1024,
  maxDepth: 64,
};

/**
 * How much later than `manifest.json` a stack file may have been modified and still count as written by the same
 * synth run. cdktf writes every stack before the manifest, so a later stack file means a newer synth rewrote it and
 * then failed before writing its manifest. The slack absorbs file systems and copies (a git checkout, an unpacked CI
 * artifact) that write the manifest a moment before the stacks.
 */
export const SAME_RUN_MTIME_SLACK_MS = 2000;

const FIX_RERUN = "Fix: delete the directory and run `cdktf synth` again; review only after synth succeeds.";

/** A user-controlled string (a path, a stack name) as it may appear in an error: quoted, control characters escaped. */
function quoted(value: string): string {
  const short = value.length > 200 ? `${value.slice(0, 200)}…` : value;
  return JSON.stringify(short);
}

function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isWithin(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** Reads up to `maxBytes` of a regular file; more is an error. */
function readBounded(file: string, maxBytes: number, what: string): { text: string; bytes: number; mtimeMs: number } {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    throw new ReviewInputError(
      `cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? "error"}. ${FIX_RERUN}`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new ReviewInputError(`${what} is not a regular file. ${FIX_RERUN}`);
    if (stat.size > maxBytes) {
      throw new ReviewInputError(
        `${what} is ${stat.size} bytes, more than the limit of ${maxBytes}: split the app into smaller stacks`,
      );
    }
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let read = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
      if (read > maxBytes)
        throw new ReviewInputError(
          `${what} is more than the limit of ${maxBytes} bytes: split the app into smaller stacks`,
        );
    }
    return { text: buffer.toString("utf8", 0, read), bytes: read, mtimeMs: stat.mtimeMs };
  } finally {
    fs.closeSync(fd);
  }
}

/** Parses JSON after checking its depth; syntax errors name the position, never the content. CRLF line ends are JSON. */
function parseBounded(raw: string, maxDepth: number, what: string): unknown {
  // A byte order mark is what Windows editors and some copy tools put in front of JSON; it is not content.
  const text = raw.startsWith("\uFEFF") ? raw.slice(1) : raw;
  const depth = jsonNestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    throw new ReviewInputError(
      `${what} nests objects and arrays more than ${maxDepth} levels deep: this is not Terraform JSON written by cdktf. ${FIX_RERUN}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    throw new ReviewInputError(
      `${what} is not valid JSON${position ? ` (syntax error at character ${position[1]})` : ""}. ${FIX_RERUN}`,
    );
  }
}

/**
 * A path from `manifest.json` in POSIX form. cdktf builds these paths with Node's `path.join`, so a synth run on
 * Windows writes `stacks\app\cdk.tf.json` (JSON-escaped in the file); outputs made on Windows are reviewed on Linux CI,
 * so `\` is read as a separator. Undefined for what cannot be a relative path inside the directory: absolute POSIX
 * paths, drive paths (`C:\x`, `C:x`) and UNC paths (`\\server\share`).
 */
export function manifestRelativePath(value: string): string | undefined {
  const posix = value.replace(/\\/g, "/");
  if (posix.startsWith("/") || /^[A-Za-z]:/.test(posix)) return undefined;
  return posix;
}

/**
 * Resolves `relative` (as the manifest gives it, with `/` or `\` separators) inside `root`, following symbolic links,
 * and refuses anything that ends up outside: absolute paths, `..`, and links pointing elsewhere.
 */
function resolveInside(root: string, relative: unknown, what: string): string {
  if (typeof relative !== "string" || relative === "" || relative.includes("\0")) {
    throw new ReviewInputError(`${what} has no usable synthesizedStackPath in manifest.json. ${FIX_RERUN}`);
  }
  const posix = manifestRelativePath(relative);
  if (posix === undefined || !isWithin(root, path.resolve(root, posix))) {
    throw new ReviewInputError(
      `${what}: synthesizedStackPath ${quoted(relative)} points outside the synth output directory; the review reads only files inside it`,
    );
  }
  let real: string;
  try {
    real = fs.realpathSync(path.resolve(root, posix));
  } catch {
    throw new ReviewInputError(
      `${what} is listed in manifest.json but ${quoted(relative)} does not exist: the synth output is incomplete. ${FIX_RERUN}`,
    );
  }
  if (!isWithin(root, real)) {
    throw new ReviewInputError(
      `${what}: ${quoted(relative)} resolves through a symbolic link to a file outside the synth output directory; the review reads only files inside it`,
    );
  }
  return real;
}

const HCL_HINT =
  "was synthesized as HCL (cdktf synth --hcl); the review reads JSON: run `cdktf synth` (use --output <dir> to keep the HCL copy elsewhere)";

/**
 * Reads every stack of a `cdktf synth` output directory, refusing output that is stale or incomplete:
 *
 * - `manifest.json` must exist (cdktf writes it last, only when synth succeeds) and list at least one stack;
 * - every stack it lists must exist inside the directory (paths and symbolic links resolved) as JSON;
 * - every stack must come from the same synth run as the manifest. cdktf records no run id, so this is checked with
 *   what it does record: the stack's `//.metadata.stackName` and `//.metadata.version` must match the manifest entry
 *   and the manifest's cdktf version, and no stack file may be newer than the manifest (beyond
 *   {@link SAME_RUN_MTIME_SLACK_MS}), which is what a synth that rewrote some stacks and then failed leaves behind.
 *
 * Sizes and nesting are bounded by `limits`. Stacks are returned sorted by name. Manifests written on Windows (`\`
 * separators) are read as written on Linux.
 *
 * When `role` is given (`review --base` reads two outputs), every refusal starts by naming which output it is about
 * and its path, e.g. `base output "base.out" (--base): ...`.
 *
 * @throws ReviewInputError with what is wrong and how to fix it
 */
export function loadSynthesizedStacks(
  outdir: string,
  limits: ReviewInputLimits = DEFAULT_REVIEW_INPUT_LIMITS,
  role?: SynthOutputRole,
): SynthesizedStackInput[] {
  const where =
    role === undefined ? quoted(outdir) : `${role} output ${quoted(outdir)}${role === "base" ? " (--base)" : ""}`;
  try {
    return readSynthOutput(outdir, limits, where);
  } catch (error) {
    // Refusals about the directory itself already name it; the others get it in front when there are two outputs.
    if (role === undefined || !(error instanceof ReviewInputError) || error instanceof DirectoryRefusal) throw error;
    throw new ReviewInputError(`${where}: ${error.message}`);
  }
}

/** Which of the two outputs `review --base` reads: the pull request's (head) or the target branch's (base). */
export type SynthOutputRole = "head" | "base";

/** A refusal whose message already names the output directory. */
class DirectoryRefusal extends ReviewInputError {}

function readSynthOutput(outdir: string, limits: ReviewInputLimits, where: string): SynthesizedStackInput[] {
  let root: string;
  try {
    root = fs.realpathSync(outdir);
  } catch {
    root = "";
  }
  if (root === "" || !fs.statSync(root).isDirectory()) {
    throw new DirectoryRefusal(
      `${where} is not a directory: run \`cdktf synth\` first, or pass the synth output directory`,
    );
  }
  const manifestPath = path.join(root, "manifest.json");
  if (!fs.existsSync(manifestPath)) {
    throw new DirectoryRefusal(
      `no manifest.json in ${where}: cdktf writes it only when synth succeeds, so this output is missing, partial or not from cdktf. ` +
        "Fix: run `cdktf synth` and review only after it succeeds.",
    );
  }
  const manifestReal = resolveInside(root, "manifest.json", "manifest.json");
  const manifestFile = readBounded(manifestReal, limits.maxManifestBytes, "manifest.json");
  const manifest = parseBounded(manifestFile.text, limits.maxDepth, "manifest.json");
  if (!isObject(manifest) || !isObject(manifest.stacks) || typeof manifest.version !== "string") {
    throw new ReviewInputError(`manifest.json is not a cdktf manifest (it needs "version" and "stacks"). ${FIX_RERUN}`);
  }
  const names = Object.keys(manifest.stacks);
  if (names.length === 0)
    throw new DirectoryRefusal(
      `no synthesized stacks in ${where}: manifest.json lists none; run \`cdktf synth\` first`,
    );

  const stacks: SynthesizedStackInput[] = [];
  let totalBytes = 0;
  for (const name of names) {
    const what = `stack ${quoted(name)}`;
    const entry = manifest.stacks[name];
    if (!isObject(entry)) throw new ReviewInputError(`${what}: its manifest.json entry is not an object. ${FIX_RERUN}`);
    const relative = entry.synthesizedStackPath;
    if (typeof relative === "string" && /\.tf$/i.test(relative)) throw new ReviewInputError(`${what} ${HCL_HINT}`);
    const file = resolveInside(root, relative, what);
    const read = readBounded(file, limits.maxStackBytes, what);
    totalBytes += read.bytes;
    if (totalBytes > limits.maxTotalBytes) {
      throw new ReviewInputError(
        `the stacks add up to more than the limit of ${limits.maxTotalBytes} bytes: review the app in parts (cdktf synth per stack)`,
      );
    }
    if (read.mtimeMs > manifestFile.mtimeMs + SAME_RUN_MTIME_SLACK_MS) {
      throw new ReviewInputError(
        `${what} was written after manifest.json: a later synth rewrote it and then failed, so the output mixes two runs. ${FIX_RERUN}`,
      );
    }
    const json = parseBounded(read.text, limits.maxDepth, what);
    if (!isObject(json)) throw new ReviewInputError(`${what} is not a Terraform JSON object. ${FIX_RERUN}`);
    const metadata = isObject(json["//"]) && isObject(json["//"].metadata) ? json["//"].metadata : undefined;
    if (!metadata)
      throw new ReviewInputError(
        `${what} has no //.metadata block, so it was not written by \`cdktf synth\`. ${FIX_RERUN}`,
      );
    // Absent fields are accepted (hand-assembled or trimmed outputs); present ones must match.
    if (metadata.stackName !== undefined && metadata.stackName !== name) {
      throw new ReviewInputError(
        `${what}: the file holds stack ${quoted(String(metadata.stackName))}, not the one manifest.json lists there. ${FIX_RERUN}`,
      );
    }
    if (metadata.version !== undefined && metadata.version !== manifest.version) {
      throw new ReviewInputError(
        `${what} was written by cdktf ${quoted(String(metadata.version))} but manifest.json by cdktf ${quoted(manifest.version)}: they come from different synth runs. ${FIX_RERUN}`,
      );
    }
    stacks.push({ name, json });
  }
  return stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
