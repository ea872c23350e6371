/**
 * Which download links the function may fetch. A log package link comes from the CDN API, but the function must not
 * become a way to fetch (and store in the log bucket) anything else: an instance metadata endpoint, a private
 * service, or a host a redirect points to. So:
 *
 * - the host must be on the allowlist: {@link DEFAULT_LOG_DOWNLOAD_HOSTS} plus the hosts the construct adds
 *   (`BACKUP_EXTRA_LOG_HOSTS`), matched exactly (no suffix or wildcard matching), on the default port;
 * - the scheme is https; an `http:` link to an allowed host is fetched over https instead (never over http), and a
 *   redirect must stay on https and on the allowlist;
 * - every address the host resolves to is checked when the connection is made (a custom DNS lookup, so a host that
 *   re-resolves to another address between check and connect - DNS rebinding - is caught too): loopback, private,
 *   link-local (which includes cloud metadata endpoints such as 169.254.0.23 and 169.254.169.254), carrier-grade NAT,
 *   multicast and reserved ranges are refused.
 *
 * A refusal is a {@link TransferError} `DownloadRefused`, never retried, naming the link's host and the reason.
 *
 * Test seam: with both endpoint overrides pointing at loopback (see config.ts), `BACKUP_EXTRA_LOG_HOSTS` may also
 * name loopback `host:port` pairs; exactly those are fetched over plain http and may resolve to loopback. Nothing
 * else changes: another port, another loopback address or a private address is still refused.
 */
import * as dns from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { TransferError } from "./errors";

/**
 * Hosts Tencent Cloud serves CDN access-log packages from. The `LogPath` links returned by DescribeCdnDomainLogs
 * point at `log-download.cdn.qcloud.com`, e.g.
 * `https://log-download.cdn.qcloud.com/20240328/19/2024032819-<domain>.gz?st=…&e=…` (WeChat mini-program "getcdnlogs"
 * reference, which relays Tencent CDN's link as is; Tencent's own CDN API 2016 reference shows the same host with
 * `http://log-download.cdn.qcloud.com/<YYYYMMDD>/<HH>/<YYYYMMDDHH>-<domain>.gz?st=…&e=…`). Tencent's current
 * DescribeCdnDomainLogs reference (cloud.tencent.com/document/api/228/39232) only shows a placeholder host. No public
 * source shows a different host for overseas packages; if yours come from another host, the failure names it and the
 * construct's `additionalLogDownloadHosts` adds it.
 */
export const DEFAULT_LOG_DOWNLOAD_HOSTS: readonly string[] = ["log-download.cdn.qcloud.com"];

/** Addresses a log package is never fetched from. */
const BLOCKED_ADDRESSES = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT (also used for cloud-internal services)
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata endpoints
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  BLOCKED_ADDRESSES.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
] as const) {
  BLOCKED_ADDRESSES.addSubnet(network, prefix, "ipv6");
}

const LOOPBACK_ADDRESSES = new BlockList();
LOOPBACK_ADDRESSES.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK_ADDRESSES.addAddress("::1", "ipv6");

/** Why `address` may not be connected to, or undefined when it may. IPv4-mapped IPv6 addresses are checked as IPv4. */
export function blockedAddressReason(address: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const plain = mapped?.[1] ?? address;
  const family = isIP(plain);
  if (family === 0) return `${address} is not an IP address`;
  return BLOCKED_ADDRESSES.check(plain, family === 4 ? "ipv4" : "ipv6")
    ? `${address} is a loopback, private, link-local, metadata or reserved address`
    : undefined;
}

/** Whether `address` is in 127.0.0.0/8 or ::1. */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && LOOPBACK_ADDRESSES.check(address, family === 4 ? "ipv4" : "ipv6");
}

/** Settings of {@link DownloadPolicy}. */
export interface DownloadPolicySettings {
  /** Host names added to {@link DEFAULT_LOG_DOWNLOAD_HOSTS} (lower case, no port). */
  readonly extraHosts?: readonly string[];
  /** Test seam: loopback `host:port` pairs fetched over http (see the module comment). */
  readonly loopbackHosts?: readonly string[];
}

/** A link that passed the allowlist: what to request and which addresses the connection may use. */
export interface PermittedTarget {
  readonly url: URL;
  /** Resolves the host and refuses blocked addresses at connect time. */
  readonly lookup: LookupFunction;
}

/** Decides which download links (and redirect targets) may be fetched; see the module comment. */
export class DownloadPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly loopbackHosts: ReadonlySet<string>;

  constructor(settings: DownloadPolicySettings = {}) {
    this.hosts = new Set(
      [...DEFAULT_LOG_DOWNLOAD_HOSTS, ...(settings.extraHosts ?? [])].map((host) => host.toLowerCase()),
    );
    this.loopbackHosts = new Set((settings.loopbackHosts ?? []).map((host) => host.toLowerCase()));
  }

  /**
   * The URL to request for `link` (an `http:` link to an allowed host becomes `https:`), or a `DownloadRefused`
   * error. `redirectedFrom` marks a redirect target, which may not downgrade from https to http.
   */
  permit(link: URL, redirectedFrom?: URL): PermittedTarget {
    const where = `${link.protocol}//${link.host}`;
    if (link.username !== "" || link.password !== "") throw refused(where, "the link carries credentials");
    if (this.loopbackHosts.has(link.host.toLowerCase())) {
      // Test seam only: exact host:port, plain http, loopback addresses only.
      if (link.protocol !== "http:" && link.protocol !== "https:")
        throw refused(where, `the scheme ${link.protocol} is not http(s)`);
      return {
        url: link,
        lookup: resolveChecked(where, (address) =>
          isLoopbackAddress(address) ? undefined : `${address} is not loopback`,
        ),
      };
    }
    const host = link.hostname.toLowerCase();
    if (!this.hosts.has(host)) {
      throw refused(
        where,
        `${host} is not a CDN log download host (allowed: ${[...this.hosts].join(", ")}); if Tencent serves your packages from it, add it with the construct's additionalLogDownloadHosts`,
      );
    }
    if (link.port !== "" && !(link.protocol === "https:" && link.port === "443"))
      throw refused(where, `port ${link.port} is not the https port`);
    if (link.protocol === "http:") {
      if (redirectedFrom?.protocol === "https:") throw refused(where, "a redirect from https to http is a downgrade");
    } else if (link.protocol !== "https:") {
      throw refused(where, `the scheme ${link.protocol} is not https`);
    }
    const url = new URL(link.toString());
    url.protocol = "https:";
    url.port = "";
    return { url, lookup: resolveChecked(where, blockedAddressReason) };
  }
}

function refused(where: string, reason: string): TransferError {
  return new TransferError("DownloadRefused", `download from ${where} refused: ${reason}`, { retryable: false });
}

/**
 * A DNS lookup for one connection that fails when any resolved address is refused by `reason`. All addresses are
 * checked, not just the one used, so that a host which mixes public and internal addresses is refused as a whole.
 */
function resolveChecked(where: string, reason: (address: string) => string | undefined): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, "", 0);
        return;
      }
      const list = addresses as dns.LookupAddress[];
      for (const { address } of list) {
        const problem = reason(address);
        if (problem !== undefined) {
          callback(
            refused(where, `${hostname} resolves to ${address}: ${problem}`) as unknown as NodeJS.ErrnoException,
            "",
            0,
          );
          return;
        }
      }
      const first = list[0];
      if (first === undefined) {
        callback(Object.assign(new Error(`${hostname} has no addresses`), { code: "ENOTFOUND" }), "", 0);
        return;
      }
      if (options.all) (callback as unknown as (error: null, addresses: dns.LookupAddress[]) => void)(null, list);
      else callback(null, first.address, first.family);
    });
  };
}
