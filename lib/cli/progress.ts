import { promises as fs } from "node:fs";
import { join } from "node:path";
import { CliOutput } from "./output";

/** What decides whether and how often progress is shown (the `logs` command's environment). */
export interface ProgressEnvironment {
  /** Whether standard error is a terminal (progress is only shown on one). @default process.stderr.isTTY */
  readonly stderrIsTTY?: boolean;
  /** Inputs at least this large (bytes, on disk) get a progress line. @default 268435456 (256 MiB) */
  readonly progressThresholdBytes?: number;
  /** Least time between progress updates, in milliseconds. @default 1000 */
  readonly progressIntervalMs?: number;
}

/** A progress line: how much was read, how many records, how many malformed lines. */
export interface Progress {
  update(bytesRead: number, records: number, malformed: number): void;
  clear(): void;
}

/** A progress line on standard error, for large inputs read from a terminal session only. */
export async function progressReporter(
  paths: string[],
  out: CliOutput,
  env: ProgressEnvironment,
): Promise<Progress | undefined> {
  if (!(env.stderrIsTTY ?? process.stderr.isTTY === true)) return undefined;
  const total = await sizeOnDisk(paths.filter((p) => p !== "-"));
  if (total < (env.progressThresholdBytes ?? 256 * 1024 * 1024)) return undefined;
  const interval = env.progressIntervalMs ?? 1000;
  let last = 0;
  let shown = false;
  const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;
  return {
    update(bytesRead, records, malformed) {
      const now = Date.now();
      if (now - last < interval) return;
      last = now;
      shown = true;
      const percent = total > 0 ? ` (${Math.min(100, (100 * bytesRead) / total).toFixed(0)}%)` : "";
      out.stderr(
        `\r\x1b[Kreading ${mib(bytesRead)} of ${mib(total)}${percent}: ${records.toLocaleString("en-US")} requests, ${malformed} malformed`,
      );
    },
    clear() {
      if (shown) out.stderr("\r\x1b[K");
      shown = false;
    },
  };
}

async function sizeOnDisk(paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) {
    const stat = await fs.stat(path).catch(() => undefined);
    if (stat?.isFile()) total += stat.size;
    else if (stat?.isDirectory()) {
      const entries = await fs.readdir(path, { withFileTypes: true });
      total += await sizeOnDisk(entries.filter((e) => e.isFile() || e.isDirectory()).map((e) => join(path, e.name)));
    }
  }
  return total;
}
