/**
 * Throwaway consumer projects for the packaging tests: the repository packed as users get it (`npm pack`, whose
 * prepack runs the build), installed with the user's own CDK into a fresh npm project under the system temp dir.
 *
 * Installs are offline: every package comes from npm's cache, which the repository's own `npm ci` filled, at the exact
 * version installed here (so a consumer gets the cdktf, cdktn and constructs the tests ran against).
 */
import { spawnSync, SpawnSyncReturns } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Runs a command, failing with its output when it exits non-zero. */
export function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", npm_config_update_notifier: "false", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) exited ${result.status}\n${result.stdout}\n${result.stderr}`.trim(),
    );
  }
  return result.stdout;
}

/** The version of a package installed in this repository's node_modules. */
export function installedVersion(name: string): string {
  const manifest = path.join(REPO_ROOT, "node_modules", name, "package.json");
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

let tarball: string | undefined;

/**
 * The package as `npm pack` makes it (prepack builds both flavours first), packed once per test process into a temp
 * folder. Returns the tarball's path.
 */
export function packedTarball(): string {
  if (tarball && fs.existsSync(tarball)) return tarball;
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), "cdktf-access-logs-pack-"));
  const output = whilePackingAlone(() =>
    run("npm", ["pack", "--silent", "--json", "--pack-destination", destination], REPO_ROOT),
  );
  // npm prints the lifecycle scripts' output before the JSON array.
  const packed = JSON.parse(output.slice(output.lastIndexOf("\n[") + 1)) as { filename: string }[];
  tarball = path.join(destination, packed[0].filename);
  return tarball;
}

/**
 * Runs `pack` while no other test process of this checkout packs. prepack builds dist/ (replaced in one rename) and
 * then dist/cdktn in a second step, so two packs at once (two Jest workers) could each replace the other's dist/ and
 * pack one without dist/cdktn. The lock is a folder (mkdir is atomic); one older than the longest pack is stale.
 */
export function whilePackingAlone<T>(pack: () => T): T {
  const lock = path.join(REPO_ROOT, ".pack-lock");
  const started = Date.now();
  while (!lockTaken(lock)) {
    const held = fs.statSync(lock, { throwIfNoEntry: false });
    if (held !== undefined && Date.now() - held.mtimeMs > PACK_LOCK_STALE_MS)
      fs.rmSync(lock, { recursive: true, force: true });
    else if (Date.now() - started > PACK_LOCK_STALE_MS)
      throw new Error(`${lock} was held for longer than ${PACK_LOCK_STALE_MS} ms`);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
  }
  try {
    return pack();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Makes the lock folder; false when another process holds it. */
function lockTaken(lock: string): boolean {
  try {
    fs.mkdirSync(lock);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

/** Longer than any `npm pack` here takes (~25 s with both builds). */
const PACK_LOCK_STALE_MS = 5 * 60_000;

/** Deletes the tarball {@link packedTarball} made, if any. */
export function removePackedTarball(): void {
  if (tarball) fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
  tarball = undefined;
}

/** A fresh npm project under the system temp dir. */
export interface ConsumerProject {
  readonly dir: string;
  /** Writes a file under the project. */
  write(file: string, content: string): void;
  /** Runs `node <script>` in the project. */
  node(script: string, env?: NodeJS.ProcessEnv): string;
  /** Whether a package is installed in the project's node_modules. */
  has(name: string): boolean;
  remove(): void;
}

interface LockEntry {
  readonly version?: string;
  readonly dependencies?: { readonly [name: string]: string };
  readonly optionalDependencies?: { readonly [name: string]: string };
  readonly [field: string]: unknown;
}

/** Where Node's resolution finds `name` from the package at lock path `from` (`""` is the root). */
function locate(packages: { readonly [path: string]: LockEntry }, name: string, from: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (dir === "") return undefined;
    const parent = dir.lastIndexOf("/node_modules/");
    dir = parent < 0 ? "" : dir.slice(0, parent);
  }
}

/**
 * The entries of this repository's package-lock.json that installing `names` needs: each package and everything it
 * depends on, at the paths and versions `npm ci` installed here (so their tarballs are in npm's cache).
 */
function lockClosure(names: readonly string[]): { [path: string]: LockEntry } {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: { [path: string]: LockEntry };
  };
  const closure: { [path: string]: LockEntry } = {};
  const queue: [string, string, boolean][] = names.map((name) => [name, "", false]);
  while (queue.length > 0) {
    const [name, from, optional] = queue.shift() as [string, string, boolean];
    const found = locate(lock.packages, name, from);
    if (!found) {
      if (optional) continue;
      throw new Error(`package-lock.json has no ${name} reachable from '${from || "the root"}'`);
    }
    if (closure[found]) continue;
    // In the consumer these are its own dependencies, not dev or peer-only ones.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[found];
    closure[found] = entry;
    for (const dependency of Object.keys(entry.dependencies ?? {})) queue.push([dependency, found, false]);
    for (const dependency of Object.keys(entry.optionalDependencies ?? {})) queue.push([dependency, found, true]);
  }
  return closure;
}

/**
 * Creates a project that depends on the tarball and on `packages` (names, at the versions installed here), installed
 * with `npm ci --offline` from a lock file made of this repository's entries: npm's cache holds their tarballs but not
 * the registry metadata a plain `npm install <name>@<version>` would ask for. An optional peer such as the other CDK
 * stays absent: the project gets exactly what it names.
 */
export function createConsumerProject(
  name: string,
  packedPackage: string,
  packages: readonly string[],
): ConsumerProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const tarballName = path.basename(packedPackage);
  fs.copyFileSync(packedPackage, path.join(dir, tarballName));
  const packed = JSON.parse(run("tar", ["-xzOf", tarballName, "package/package.json"], dir)) as LockEntry & {
    name: string;
    version: string;
  };
  const closure = lockClosure(packages);
  const dependencies: { [name: string]: string } = { [packed.name]: `file:${tarballName}` };
  for (const pkg of packages) dependencies[pkg] = closure[`node_modules/${pkg}`].version as string;
  const manifest = { name, version: "0.0.0", private: true, license: "UNLICENSED", dependencies };
  const integrity = `sha512-${createHash("sha512").update(fs.readFileSync(packedPackage)).digest("base64")}`;
  const lockfile = {
    name,
    version: "0.0.0",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name, version: "0.0.0", license: "UNLICENSED", dependencies },
      [`node_modules/${packed.name}`]: {
        version: packed.version,
        resolved: `file:${tarballName}`,
        integrity,
        license: packed.license,
        bin: packed.bin,
        engines: packed.engines,
        peerDependencies: packed.peerDependencies,
        peerDependenciesMeta: packed.peerDependenciesMeta,
      },
      ...closure,
    },
  };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lockfile, null, 2) + "\n");
  try {
    run("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"], dir);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    write(file, content) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    },
    node(script, env = {}) {
      return run(process.execPath, [script], dir, env);
    },
    has(pkg) {
      return fs.existsSync(path.join(dir, "node_modules", pkg, "package.json"));
    },
    remove() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
