/**
 * Refreshes security/npm-deprecations.json: asks the npm registry whether each package version
 * the dependency check covers (the function bundle and the library's runtime closure, see
 * scripts/dependency-check.ts) is deprecated, and records the answers so that the check itself
 * runs offline.
 *
 * Usage: `npx ts-node --transpile-only scripts/refresh-deprecations.ts [--registry URL]`
 * (default: the registry npm is configured with). Run it after every dependency change that the
 * check reports as unrecorded, and from time to time to pick up new deprecations; commit the file.
 *
 * Some registry mirrors drop deprecation notices. The script therefore also asks about a version
 * that is known to be deprecated (the canary) and records whether the registry reported it.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import {
  DEPRECATIONS_FILE,
  REPO_ROOT,
  bundleClosure,
  bundledPackageDirs,
  readLockfile,
  runtimeClosure,
  type DeprecationRecord,
} from "./dependency-check";

/** Deprecated on npm since 2020 ("request has been deprecated, see https://github.com/request/request/issues/3142"). */
export const CANARY = { name: "request", version: "2.88.2" } as const;

/** The deprecation notice of each version, as the registry's package document lists it. */
export type VersionDeprecations = ReadonlyMap<string, string | false>;

/** Fetches a package document and returns `version -> deprecation notice or false`. */
export async function fetchDeprecations(registry: string, name: string): Promise<VersionDeprecations> {
  const url = new URL(name.replace("/", "%2f"), registry.endsWith("/") ? registry : `${registry}/`);
  const response = await fetch(url, { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status}`);
  const document = (await response.json()) as { versions?: Record<string, { deprecated?: unknown }> };
  const result = new Map<string, string | false>();
  for (const [version, manifest] of Object.entries(document.versions ?? {})) {
    const notice = manifest.deprecated;
    result.set(version, typeof notice === "string" && notice !== "" ? notice : false);
  }
  return result;
}

/**
 * Builds the record for `packages` (`name@version`), asking the registry once per name, at most
 * `concurrency` names at a time. A version the registry does not list is an error.
 */
export async function buildRecord(
  packages: readonly string[],
  lookup: (name: string) => Promise<VersionDeprecations>,
  now: Date = new Date(),
  concurrency = 8,
): Promise<DeprecationRecord> {
  const canaryId = `${CANARY.name}@${CANARY.version}`;
  const byName = new Map<string, string[]>();
  for (const id of [...new Set([...packages, canaryId])]) {
    const at = id.lastIndexOf("@");
    const name = id.slice(0, at);
    byName.set(name, [...(byName.get(name) ?? []), id.slice(at + 1)]);
  }
  const answers = new Map<string, string | false>();
  const names = [...byName.keys()];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++] as string;
      const versions = await lookup(name);
      for (const version of byName.get(name) ?? []) {
        const answer = versions.get(version);
        if (answer === undefined) throw new Error(`the registry does not list ${name}@${version}`);
        answers.set(`${name}@${version}`, answer);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  const recorded: Record<string, string | false> = {};
  for (const id of [...new Set(packages)].sort()) recorded[id] = answers.get(id) ?? false;
  return {
    refreshedAt: now.toISOString(),
    registryReportsDeprecations: answers.get(canaryId) !== false,
    canary: canaryId,
    packages: recorded,
  };
}

function configuredRegistry(argv: readonly string[]): string {
  const index = argv.indexOf("--registry");
  if (index !== -1) {
    const value = argv[index + 1];
    if (value === undefined) throw new Error("--registry needs a URL");
    return value;
  }
  return execFileSync("npm", ["config", "get", "registry"], { cwd: REPO_ROOT, encoding: "utf8" }).trim();
}

async function main(): Promise<void> {
  const registry = configuredRegistry(process.argv.slice(2));
  const lock = readLockfile(path.join(REPO_ROOT, "package-lock.json"));
  const bundle = bundleClosure(lock, bundledPackageDirs());
  const runtime = runtimeClosure(lock);
  const unresolved = [...bundle.unresolved, ...runtime.unresolved];
  if (unresolved.length > 0) throw new Error(`package-lock.json does not match the installed packages:\n  ${unresolved.join("\n  ")}`);
  const ids = [...bundle.packages, ...runtime.packages].map((pkg) => `${pkg.name}@${pkg.version}`);
  const record = await buildRecord(ids, (name) => fetchDeprecations(registry, name));
  writeFileSync(DEPRECATIONS_FILE, JSON.stringify(record, null, 2) + "\n");
  const deprecated = Object.entries(record.packages).filter(([, notice]) => notice !== false);
  console.log(`wrote ${path.relative(REPO_ROOT, DEPRECATIONS_FILE)}: ${Object.keys(record.packages).length} package versions, ${deprecated.length} deprecated`);
  for (const [id, notice] of deprecated) console.log(`  ${id}: ${notice}`);
  if (!record.registryReportsDeprecations) {
    console.warn(
      `warning: the registry did not report ${record.canary} as deprecated, so it drops deprecation notices and every answer ` +
        "recorded here is 'not deprecated'. The file says so (registryReportsDeprecations: false); refresh it against a registry " +
        "that reports deprecations (--registry URL) before relying on it.",
    );
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
