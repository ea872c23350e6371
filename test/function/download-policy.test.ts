/**
 * The download allowlist and the loopback-only endpoint overrides (issue #11, points 3 and 4): what may be fetched,
 * what never is, and that every refusal is named, not retried and sends no request to the refused host.
 */
import { handle, parseConfig, runBackup } from "../../functions/cdn-log-backup/src";
import { createDownloadAgents, openDownload } from "../../functions/cdn-log-backup/src/download";
import {
  DEFAULT_LOG_DOWNLOAD_HOSTS,
  DownloadPolicy,
  blockedAddressReason,
} from "../../functions/cdn-log-backup/src/download-policy";
import { FakeLogHost } from "./fakes/log-host";
import {
  BUCKET,
  TRIGGER_TIME,
  captureLogs,
  fastOptions,
  listPackages,
  publishPackage,
  requestCount,
  useFakes,
  testConfig,
  testEnv,
  domainSequence,
} from "./helpers";

const fakes = useFakes();
/** A second loopback server playing an internal endpoint (e.g. instance metadata) that must never be fetched. */
let metadata: FakeLogHost;

beforeAll(async () => {
  metadata = await new FakeLogHost().start();
  metadata.put("/latest/meta-data/credentials", { size: 512 });
});

afterAll(async () => {
  await metadata.close();
});

const freshDomain = domainSequence("p");

describe("endpoint overrides are honoured for loopback only", () => {
  test.each([
    "10.0.0.5:8080",
    "cdn.tencentcloudapi.com",
    "127.0.0.1.nip.io:80",
    "[::2]:80",
    "127.0.0.256:80",
    "169.254.0.23",
    "http://127.0.0.1:80",
    "127.0.0.1:99999",
  ])("BACKUP_CDN_ENDPOINT / BACKUP_COS_ENDPOINT = %s fails at start and nothing is contacted", async (endpoint) => {
    for (const name of ["BACKUP_CDN_ENDPOINT", "BACKUP_COS_ENDPOINT"]) {
      const before = requestCount(fakes);
      const run = handle(
        { Type: "Timer", Time: TRIGGER_TIME },
        {},
        { env: testEnv(fakes, { [name]: endpoint }), options: { logger: captureLogs().logger } },
      );
      await expect(run).rejects.toThrow(`${name}=${JSON.stringify(endpoint)} is not a loopback host[:port]`);
      expect(requestCount(fakes)).toBe(before);
    }
  });

  test.each(["127.0.0.1:8080", "127.255.0.9:1", "localhost:9000", "LOCALHOST", "[::1]:8080"])(
    "%s is accepted",
    (endpoint) => {
      const config = parseConfig({ ...testEnv(fakes), BACKUP_CDN_ENDPOINT: endpoint, BACKUP_COS_ENDPOINT: endpoint });
      expect(config.cdnEndpoint).toBe(endpoint.toLowerCase());
      expect(config.cosEndpoint).toBe(endpoint.toLowerCase());
    },
  );
});

describe("BACKUP_EXTRA_LOG_HOSTS", () => {
  test("adds exact DNS names", () => {
    const config = parseConfig(testEnv(fakes, { BACKUP_EXTRA_LOG_HOSTS: "Logs.Example.com, cdnlog.example.net" }));
    expect(config.extraLogHosts).toEqual(["logs.example.com", "cdnlog.example.net"]);
    expect(config.loopbackLogHosts).toEqual([]);
  });

  test("a loopback host:port is the tests' log host, accepted only with both loopback endpoint overrides", () => {
    expect(parseConfig(testEnv(fakes)).loopbackLogHosts).toEqual([fakes.logs.endpoint]);
    for (const missing of ["BACKUP_CDN_ENDPOINT", "BACKUP_COS_ENDPOINT"]) {
      expect(() => parseConfig(testEnv(fakes, { [missing]: undefined }))).toThrow(
        `BACKUP_EXTRA_LOG_HOSTS entry ${JSON.stringify(fakes.logs.endpoint)} is a loopback address`,
      );
    }
  });

  test.each([
    ["127.0.0.1", "is a loopback address"], // no port: would open every loopback port
    ["*.qcloud.com", "wildcards are not allowed"],
    ["https://logs.example.com", "remove the scheme"],
    ["logs.example.com:8443", "a host name has no path, port"],
    ["10.1.2.3", "an IP address is not a CDN domain"],
    ["metadata.localhost", "localhost is not a download host"],
    ["a,,b.example.com", "empty entry"],
  ])("%s is refused (%s)", (entry, reason) => {
    expect(() => parseConfig(testEnv(fakes, { BACKUP_EXTRA_LOG_HOSTS: entry }))).toThrow(reason);
  });
});

describe("download allowlist", () => {
  test("the built-in allowlist is Tencent's CDN log download host", () => {
    expect(DEFAULT_LOG_DOWNLOAD_HOSTS).toEqual(["log-download.cdn.qcloud.com"]);
  });

  test("http links to an allowed host are fetched over https; ports, other hosts and downgrades are refused", () => {
    const policy = new DownloadPolicy({ extraHosts: ["logs.example.com"] });
    const link = "http://log-download.cdn.qcloud.com/20261121/01/2026112101-www.example.com.gz?st=abc&e=1";
    expect(policy.permit(new URL(link)).url.toString()).toBe(link.replace("http:", "https:"));
    expect(policy.permit(new URL("https://LOGS.example.com:443/x.gz")).url.toString()).toBe(
      "https://logs.example.com/x.gz",
    );
    const refusals: Array<[string, string, string | undefined]> = [
      ["https://log-download.cdn.qcloud.com.evil.example/x.gz", "is not a CDN log download host", undefined],
      ["https://evil.example/x.gz", "evil.example is not a CDN log download host", undefined],
      ["https://log-download.cdn.qcloud.com:8443/x.gz", "port 8443", undefined],
      ["https://user:pw@log-download.cdn.qcloud.com/x.gz", "credentials", undefined],
      ["ftp://log-download.cdn.qcloud.com/x.gz", "scheme ftp:", undefined],
      ["http://log-download.cdn.qcloud.com/x.gz", "downgrade", "https://log-download.cdn.qcloud.com/y.gz"],
      ["http://127.0.0.1:80/x.gz", "127.0.0.1 is not a CDN log download host", undefined],
    ];
    for (const [url, reason, from] of refusals) {
      expect(() => policy.permit(new URL(url), from === undefined ? undefined : new URL(from))).toThrow(
        expect.objectContaining({
          code: "DownloadRefused",
          retryable: false,
          message: expect.stringContaining(reason),
        }),
      );
    }
  });

  test.each([
    ["127.0.0.1"],
    ["127.8.9.10"],
    ["10.1.2.3"],
    ["172.16.0.1"],
    ["172.31.255.255"],
    ["192.168.1.1"],
    ["169.254.169.254"],
    ["169.254.0.23"],
    ["100.64.0.1"],
    ["0.0.0.0"],
    ["224.0.0.1"],
    ["255.255.255.255"],
    ["::1"],
    ["::"],
    ["fe80::1"],
    ["fd00::1"],
    ["::ffff:127.0.0.1"],
    ["::ffff:169.254.169.254"],
  ])("address %s is blocked", (address) => {
    expect(blockedAddressReason(address)).toContain("loopback, private, link-local, metadata or reserved");
  });

  test.each([
    ["8.8.8.8"],
    ["172.32.0.1"],
    ["100.128.0.1"],
    ["169.255.0.1"],
    ["2001:4860:4860::8888"],
    ["::ffff:8.8.8.8"],
  ])("address %s is allowed", (address) => {
    expect(blockedAddressReason(address)).toBeUndefined();
  });

  test("an allowed name that resolves to a blocked address is refused when connecting, before any request", async () => {
    const agents = createDownloadAgents();
    const servedBefore = metadata.totalRequests;
    try {
      // "localhost" stands in for an allowed host whose DNS answer was changed to an internal address.
      const policy = new DownloadPolicy({ extraHosts: ["localhost"] });
      const download = openDownload("https://localhost/latest/meta-data/credentials", {
        idleTimeoutMs: 2_000,
        maxRedirects: 5,
        policy,
        ...agents,
      });
      await expect(download).rejects.toMatchObject({
        code: "DownloadRefused",
        retryable: false,
        message: expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1)/),
      });
    } finally {
      agents.httpAgent.destroy();
      agents.httpsAgent.destroy();
    }
    expect(metadata.totalRequests).toBe(servedBefore);
  });

  test.each([
    ["listed directly", false],
    ["through a 302 from the log host", true],
  ])(
    "a link to an internal endpoint (%s) is refused, named, not retried and never fetched",
    async (_name, viaRedirect) => {
      const domain = freshDomain();
      const good = publishPackage(fakes, { domain, size: 100 });
      const bad = publishPackage(fakes, { domain, size: 100 });
      const internal = metadata.url("/latest/meta-data/credentials");
      if (viaRedirect) fakes.logs.failNext(bad.path, { kind: "redirect", location: internal }, 5);
      else bad.entry.LogPath = internal;
      listPackages(fakes, [good, bad]);
      const metadataBefore = metadata.totalRequests;
      const logs = captureLogs();

      const summary = await runBackup(
        testConfig(fakes, { BACKUP_DOMAINS: domain, BACKUP_AREA: "mainland" }),
        fastOptions(logs),
      );

      expect(summary).toMatchObject({ copied: 1, failed: 1 });
      expect(summary.failures).toEqual([
        {
          target: bad.key,
          error: expect.stringMatching(
            new RegExp(
              `download from http://${metadata.endpoint.replace(/\./g, "\\.")} refused: 127\\.0\\.0\\.1 is not a CDN log download host.*DownloadRefused, 1 attempt`,
            ),
          ),
        },
      ]);
      expect(logs.events("retry")).toEqual([]);
      expect(metadata.totalRequests).toBe(metadataBefore);
      expect(fakes.logs.requests(bad.path)).toBe(viaRedirect ? 1 : 0);
      expect(fakes.cos.get(BUCKET, bad.key)).toBeUndefined();
      fakes.logs.put(bad.path, { size: 100 });
    },
  );
});
