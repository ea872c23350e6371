/*
 * What the access-log benchmarks share: command-line options, timing, RSS, and realistic generated log lines: quoted user agents with spaces, ~100k distinct keys, ~50k
 * client IPs, a status mix, 1,000 requests a second from 2026-11-21 00:00 UTC.
 */
import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { createGzip } from "node:zlib";
import { AccessLogFormat } from "../lib";

const USER_AGENTS = [
  '"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"',
  '"bce-sdk-python/0.8.9/2.7.3 (default, Jun 24 2016, 15:08:42) [GCC 3.4.5 20051201 (Red Hat 3.4.5-2)]/linux2"',
  '"curl/8.4.0"',
  '"-"',
];

/** Line `i` of a generated log in `format`, at time `t` (ms since the epoch). */
export function logLine(format: AccessLogFormat, i: number, t: number): string {
  const key = `photos/${(i * 7919) % 100_000}.jpg`;
  const ip = `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i % 200}`;
  const status = i % 50 === 0 ? 404 : i % 97 === 0 ? 503 : 200;
  const ua = USER_AGENTS[i % USER_AGENTS.length];
  switch (format) {
    case "bos": {
      const time = new Date(t + 8 * 3600_000).toISOString().slice(0, 19) + "+08:00";
      return `${time} e13b12d0131b4c8bae959df4969387b8 bench-bucket ${key} - ${ip} e13b12d0131b4c8bae959df4969387b8 ${i.toString(16)}-2002-4950-899d-9347244c71da GetObject bj.bcebos.com "/${key}?x=1" ${status} ${status === 200 ? "success" : "NoSuchKey"} ${1000 + (i % 5000)} ${2000 + (i % 9000)} ${i % 90} ${i % 40} "https://example.com/page${i % 10}" ${ua} STANDARD - - - - - - -`;
    }
    case "cos": {
      const time = new Date(t).toISOString().slice(0, 19) + "Z";
      return `1.0 bench-1250000000 ap-beijing ${time} bench-1250000000.cos.ap-beijing.myqcloud.com GetObject ${ip} AKIDbench - 0 0 /${key} get ${ua} ${status} ${status === 200 ? "-" : "NoSuchKey"} ${status === 200 ? "-" : '"The specified key does not exist."'} ${1000 + (i % 5000)} ${i % 90} USER STANDARD 100000000001 ${i % 40} 100000000001:100000000001 NWQ${i} ${2000 + (i % 9000)} - - - "GET /${key} HTTP/1.1"`;
    }
    case "cdn": {
      const d = new Date(t + 8 * 3600_000).toISOString();
      const time = d.slice(0, 4) + d.slice(5, 7) + d.slice(8, 10) + d.slice(11, 13) + d.slice(14, 16) + d.slice(17, 19);
      return `${time} ${ip} www.example.com /${key} ${1000 + (i % 5000)} 22 2 ${status} - ${i % 90} ${ua} "-" GET HTTP/1.1 ${i % 3 === 0 ? "miss" : "hit"} ${40000 + (i % 20000)}`;
    }
  }
}

/** Writes `megabytes` MiB (uncompressed) of `format` log lines, gzip, to `path`; returns the line count. */
export async function generateLogs(path: string, format: AccessLogFormat, megabytes: number): Promise<number> {
  const gzip = createGzip({ level: 1 });
  const out = gzip.pipe(createWriteStream(path));
  const target = megabytes * 1024 * 1024;
  let written = 0;
  let i = 0;
  const start = Date.UTC(2026, 10, 21);
  while (written < target) {
    const batch: string[] = [];
    for (let n = 0; n < 2000; n++, i++) batch.push(logLine(format, i, start + Math.floor(i / 1000) * 1000));
    const text = `${batch.join("\n")}\n`;
    written += Buffer.byteLength(text);
    if (!gzip.write(text)) await once(gzip, "drain");
  }
  gzip.end();
  await once(out, "finish");
  return i;
}

/** The value of `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

/** Runs `fn`, returning its result, wall-clock seconds and CPU seconds of this process (all threads, zlib's too). */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const result = await fn();
  const used = process.cpuUsage(cpu);
  return [result, Number(process.hrtime.bigint() - start) / 1e9, (used.user + used.system) / 1e6];
}

/** A process's resident set size from /proc (Linux), or undefined. */
export function rssOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
