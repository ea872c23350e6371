/**
 * The providers' endpoint settings name hosts (`<service>.<TENCENTCLOUD_DOMAIN>`, `<bucket>.<TENCENTCLOUD_COS_DOMAIN>`),
 * so a stand-in needs names that resolve to it. Tests use names under `.verify.test` (a reserved TLD) and send them to
 * 127.0.0.1 by wrapping `dns.lookup`, which Node's HTTP client (and so every SDK) resolves through; every other name
 * resolves as before. {@link restoreFakeHosts} undoes it.
 */
// The module object itself (not an import namespace, whose members are read-only), so lookup can be wrapped.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import dns = require("node:dns");

export const FAKE_TLD = "verify.test";

const original = dns.lookup;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

export function routeFakeHostsToLoopback(): void {
  const patched = function (hostname: string, options: unknown, callback?: LookupCallback): void {
    const cb = (typeof options === "function" ? options : callback) as LookupCallback;
    const opts = (typeof options === "object" && options !== null ? options : {}) as dns.LookupOptions;
    if (hostname === FAKE_TLD || hostname.endsWith(`.${FAKE_TLD}`)) {
      process.nextTick(() => (opts.all ? cb(null, [{ address: "127.0.0.1", family: 4 }]) : cb(null, "127.0.0.1", 4)));
      return;
    }
    (original as (...args: unknown[]) => void).call(dns, hostname, options, callback);
  };
  (dns as { lookup: unknown }).lookup = patched;
}

export function restoreFakeHosts(): void {
  (dns as { lookup: unknown }).lookup = original;
}
