// verify as a user runs it: the packed tarball installed with the SDKs it loads (optional peers), run as the
// `cdktf-access-logs` command in its own process, from outside this repository, against the local stand-ins of COS,
// BOS, CAM and SCF, on the synth output of the example app. A fresh deploy says `no logs yet`; logging switched off
// behind Terraform's back is `drift`.
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { createConsumerProject, packedTarball, removePackedTarball, type ConsumerProject } from "./consumer-project";
import { synthesizeExamples, World, APP_ID, NOW } from "../verify/world";

const SDKS = ["cos-nodejs-sdk-v5", "tencentcloud-sdk-nodejs-common", "tencentcloud-sdk-nodejs-scf", "@baiducloud/sdk"];

/** Loaded with --require in the command's process: names under .verify.test resolve to 127.0.0.1, as in the tests. */
const RESOLVE_FAKE_HOSTS = `
const dns = require("dns");
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  const cb = typeof options === "function" ? options : callback;
  const all = typeof options === "object" && options !== null && options.all;
  if (hostname === "verify.test" || hostname.endsWith(".verify.test"))
    return process.nextTick(() => (all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)));
  return lookup.call(dns, hostname, options, callback);
};
`;

let project: ConsumerProject;
let world: World;

beforeAll(async () => {
  project = createConsumerProject("access-logs-verify-app", packedTarball(), ["cdktf", "constructs", ...SDKS]);
  project.write("resolve-fake-hosts.js", RESOLVE_FAKE_HOSTS);
  world = await new World(synthesizeExamples()).start();
}, 600_000);

afterAll(async () => {
  await world?.close();
  if (world) fs.rmSync(world.outdir, { recursive: true, force: true });
  project?.remove();
  removePackedTarball();
});

beforeEach(() => world.healthy());

// Each test starts a Node.js process that loads the SDKs: allow for a busy machine.
jest.setTimeout(120_000);

/** Runs the command in its own process; asynchronously, so the fakes in this process can answer it. */
function verify(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const bin = path.join(project.dir, "node_modules", "cdktf-access-logs", "bin", "cdktf-access-logs.js");
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, "verify", world.outdir, "--bos-endpoint", world.bos.endpoint, "--now", NOW.toISOString(), ...args],
      {
        cwd: project.dir,
        encoding: "utf8",
        timeout: 120_000,
        env: {
          PATH: process.env.PATH,
          ...world.env(),
          NODE_OPTIONS: `--require ${path.join(project.dir, "resolve-fake-hosts.js")}`,
        },
      },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}

describe("cdktf-access-logs verify from the packed tarball", () => {
  test("the SDKs it loads are installed next to it", () => {
    for (const sdk of SDKS) expect(project.has(sdk)).toBe(true);
  });

  test("a fresh deploy: every delivery `no logs yet`, exit 0", async () => {
    for (const bucket of [...world.cos.buckets.values(), ...world.bos.buckets.values()]) bucket.objects.clear();
    const { status, stdout, stderr } = await verify("--json");
    expect(stderr).toBe("");
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as { deliveries: { kind: string; verdict: string }[] };
    expect(report.deliveries.map((d) => [d.kind, d.verdict])).toEqual([
      ["bos", "no logs yet"],
      ["bos", "no logs yet"],
      ["cdn-backup", "no logs yet"],
      ["cos", "no logs yet"],
      ["cos", "no logs yet"],
    ]);
  });

  test("logging switched off behind Terraform's back: drift, exit 1, in Markdown", async () => {
    world.cos.buckets.get(`website-${APP_ID}`)!.logging = undefined;
    const { status, stdout } = await verify();
    expect(status).toBe(1);
    expect(stdout).toContain("5 deliveries: 1 drift, 4 ok.");
    expect(stdout).toContain("drift `log_enable`: synthesized `true`, live `false`");
  });
});
