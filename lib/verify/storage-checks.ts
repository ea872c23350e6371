/**
 * COS and BOS bucket logging: at most three requests per delivery — the source's logging setting, the target's
 * existence and region, and one listing for the newest log object. The CLS role is read once per run (context.ts).
 */
import type { LiveBucketLogging, ObjectListing } from "./api";
import { CallCounter, isNotFound, unverified, VerifyContext } from "./context";
import { CLS_LIBRARY_POLICY_PREFIX, CLS_PRESET_POLICY, CLS_ROLE_NAME, CLS_SERVICE, type PlannedDelivery } from "./plan";
import { verdictOf, type DeliveryVerdict, type NewestLogObject, type VerifyFinding } from "./result";

/** Most keys one listing returns (COS and BOS both cap a page at 1,000). */
export const LIST_PAGE_KEYS = 1000;

const pad = (n: number): string => String(n).padStart(2, "0");

/**
 * The listing marker for COS log objects newer than `cutoff`. COS writes `<prefix>YYYY/MM/DD/<time>_<random>_<index>`
 * (COS "Logging Overview"; lib/logs/cos-log-object-key.ts), so keys sort by time. The zone of the date path is not
 * documented (Beijing time is assumed elsewhere): the marker uses the cutoff's UTC day, which sorts at or before the
 * same instant's Beijing day, so no newer object is skipped whichever zone COS uses. Ages come from `LastModified`.
 */
export function cosLogMarker(prefix: string, cutoff: Date): string {
  return `${prefix}${cutoff.getUTCFullYear()}/${pad(cutoff.getUTCMonth() + 1)}/${pad(cutoff.getUTCDate())}`;
}

/**
 * The listing prefix and marker for BOS log objects of `source` newer than `cutoff`: BOS writes
 * `<prefix><source>-YYYY-mm-DD-HH-MM-SS-<unique>` (lib/baiducloud/bos-log-object-key.ts), hourly; the marker is the
 * cutoff's UTC hour, at or before the same instant in Beijing time (the assumed zone).
 */
export function bosLogListing(prefix: string, source: string, cutoff: Date): { prefix: string; marker: string } {
  const keyPrefix = `${prefix}${source}-`;
  const hour = `${cutoff.getUTCFullYear()}-${pad(cutoff.getUTCMonth() + 1)}-${pad(cutoff.getUTCDate())}-${pad(cutoff.getUTCHours())}`;
  return { prefix: keyPrefix, marker: `${keyPrefix}${hour}` };
}

const COS_LOG_KEY = /^\d{4}\/\d{2}\/\d{2}\/[^/]+$/;
const BOS_LOG_KEY = /^\d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}-[^/]+$/;

/** The newest object of `listing` whose key (after `prefix`) follows the service's log key layout. */
export function newestLogObject(
  listing: ObjectListing,
  prefix: string,
  layout: RegExp,
  context: VerifyContext,
): NewestLogObject | undefined {
  let newest: { key: string; lastModified: Date } | undefined;
  for (const object of listing.objects) {
    if (!object.key.startsWith(prefix) || !layout.test(object.key.slice(prefix.length))) continue;
    if (!newest || object.lastModified.getTime() > newest.lastModified.getTime()) newest = object;
  }
  if (!newest) return undefined;
  return {
    key: newest.key,
    lastModified: newest.lastModified.toISOString(),
    ageSeconds: context.ageSeconds(newest.lastModified),
    ...(listing.truncated ? { moreAfter: true } : {}),
  };
}

/** COS names the target with or without `-<appid>`: compare both forms. */
function sameBucket(live: string, synthesized: string): boolean {
  const short = (name: string): string => name.replace(/-\d{10}$/, "");
  return live === synthesized || short(live) === short(synthesized);
}

function verdict(
  delivery: PlannedDelivery,
  findings: VerifyFinding[],
  maxAgeSeconds: number,
  calls: number,
  newestLog: NewestLogObject | undefined,
  names: { source: string; target: string; prefix: string },
): DeliveryVerdict {
  const recent = newestLog !== undefined && newestLog.ageSeconds <= maxAgeSeconds;
  return {
    stack: delivery.stack,
    kind: delivery.kind,
    sourceAddress: delivery.sourceAddress,
    ...names,
    ...(delivery.region ? { region: delivery.region } : {}),
    verdict: verdictOf(findings, recent),
    findings,
    maxAgeSeconds,
    ...(newestLog ? { newestLog } : {}),
    apiCalls: calls,
  };
}

/** Whether the CLS role exists, trusts CLS and has the synthesized policy (or the preset / the library's) attached. */
async function checkClsRole(delivery: PlannedDelivery, context: VerifyContext, findings: VerifyFinding[]) {
  let state;
  try {
    state = await context.clsRole(CLS_ROLE_NAME);
  } catch (error) {
    findings.push(unverified(CLS_ROLE_NAME, error));
    return;
  }
  if (!state.role) {
    findings.push({ verdict: "missing", attribute: `${CLS_ROLE_NAME} role`, synthesized: CLS_ROLE_NAME });
    return;
  }
  const services = trustedServices(state.role.trust);
  if (!services.includes(CLS_SERVICE))
    findings.push({
      verdict: "drift",
      attribute: `${CLS_ROLE_NAME} trust`,
      synthesized: CLS_SERVICE,
      live: services.length > 0 ? services.join(", ") : "(no service trusted)",
    });
  const expected = delivery.clsPolicies ?? [];
  const attached = state.policies;
  const ok =
    expected.length > 0
      ? expected.every((name) => attached.includes(name))
      : attached.some((name) => name === CLS_PRESET_POLICY || name.startsWith(CLS_LIBRARY_POLICY_PREFIX));
  if (!ok)
    findings.push({
      verdict: "drift",
      attribute: `${CLS_ROLE_NAME} policies`,
      synthesized: expected.length > 0 ? expected.join(", ") : `${CLS_PRESET_POLICY} or ${CLS_LIBRARY_POLICY_PREFIX}*`,
      live: attached.length > 0 ? attached.join(", ") : "(none attached)",
    });
}

/** The services an allow statement of a CAM trust document names as principal. */
export function trustedServices(document: unknown): string[] {
  const statements = (document as { statement?: unknown } | undefined)?.statement;
  const out: string[] = [];
  for (const statement of Array.isArray(statements) ? statements : []) {
    const s = statement as { effect?: unknown; principal?: { service?: unknown } };
    if (String(s.effect).toLowerCase() !== "allow") continue;
    const service = s.principal?.service;
    for (const name of Array.isArray(service) ? service : [service]) if (typeof name === "string") out.push(name);
  }
  return [...new Set(out)].sort();
}

/** What differs between COS and BOS bucket logging; the checks are the same. */
interface BucketLoggingCheck {
  readonly source: string;
  readonly target: string;
  readonly prefix: string;
  readonly region: string;
  /** How the provider names the attributes, and the enabled / disabled values shown. */
  readonly attributes: {
    readonly enabled: string;
    readonly enabledValues: readonly [string, string];
    readonly target: string;
    readonly prefix: string;
  };
  readonly sameTarget: (live: string, synthesized: string) => boolean;
  /** Call 1: the source's logging setting. */
  readonly getLogging: () => Promise<LiveBucketLogging>;
  /** Call 2: the target's region (throws not-found when the target does not exist). */
  readonly targetRegion: () => Promise<string | undefined>;
  /** Run after the target check (COS: the CLS role, read once per run). */
  readonly afterTarget?: () => Promise<void>;
  /** Call 3, only when the target exists: the one listing for the newest log object. */
  readonly listNewest: () => Promise<NewestLogObject | undefined>;
}

/** The three calls of a bucket-logging delivery, each failure turned into a finding. @returns the newest log */
async function checkBucketLogging(
  check: BucketLoggingCheck,
  calls: CallCounter,
  findings: VerifyFinding[],
): Promise<NewestLogObject | undefined> {
  const { attributes, target, prefix, region } = check;
  try {
    const logging = await calls.call(check.getLogging);
    if (!logging.enabled)
      findings.push({
        verdict: "drift",
        attribute: attributes.enabled,
        synthesized: attributes.enabledValues[0],
        live: attributes.enabledValues[1],
      });
    else {
      if (!check.sameTarget(logging.targetBucket ?? "", target))
        findings.push({
          verdict: "drift",
          attribute: attributes.target,
          synthesized: target,
          live: logging.targetBucket ?? "",
        });
      if ((logging.targetPrefix ?? "") !== prefix)
        findings.push({
          verdict: "drift",
          attribute: attributes.prefix,
          synthesized: prefix,
          live: logging.targetPrefix ?? "",
        });
    }
  } catch (error) {
    findings.push(
      isNotFound(error)
        ? { verdict: "missing", attribute: "source bucket", synthesized: check.source }
        : unverified(attributes.enabled, error),
    );
  }
  let targetExists = false;
  try {
    const live = await calls.call(check.targetRegion);
    targetExists = true;
    if (live !== undefined && live !== region)
      findings.push({ verdict: "drift", attribute: "target region", synthesized: region, live });
  } catch (error) {
    findings.push(
      isNotFound(error)
        ? { verdict: "missing", attribute: "target bucket", synthesized: target }
        : unverified("target bucket", error),
    );
  }
  await check.afterTarget?.();
  if (!targetExists) return undefined;
  try {
    return await check.listNewest();
  } catch (error) {
    findings.push(unverified("newest log object", error));
    return undefined;
  }
}

/** Verifies one COS bucket-logging delivery. */
export async function verifyCosDelivery(delivery: PlannedDelivery, context: VerifyContext): Promise<DeliveryVerdict> {
  const findings: VerifyFinding[] = [];
  const calls = context.newCounter();
  const maxAge = context.settings.logMaxAgeSeconds;
  const source = await context.resolve(delivery.source, "source bucket", findings);
  const target = await context.resolve(delivery.target, "log_target_bucket", findings);
  const prefix = await context.resolve(delivery.prefix, "log_prefix", findings);
  const names = { source: source ?? delivery.source, target: target ?? delivery.target, prefix: delivery.prefix };
  const region = delivery.region;
  if (region === undefined)
    findings.push({
      verdict: "unverified",
      attribute: "region",
      detail: "the stack's tencentcloud provider has no literal region",
    });
  if (source === undefined || target === undefined || prefix === undefined || region === undefined)
    return verdict(delivery, findings, maxAge, calls.count, undefined, names);
  const cos = context.services.cos();
  const cutoff = new Date(context.settings.now.getTime() - maxAge * 1000);
  const newest = await checkBucketLogging(
    {
      source,
      target,
      prefix,
      region,
      attributes: {
        enabled: "log_enable",
        enabledValues: ["true", "false"],
        target: "log_target_bucket",
        prefix: "log_prefix",
      },
      sameTarget: sameBucket,
      getLogging: () => cos.getBucketLogging(source, region),
      targetRegion: async () => (await cos.headBucket(target, region)).region,
      afterTarget: () => checkClsRole(delivery, context, findings),
      listNewest: async () =>
        newestLogObject(
          await calls.call(() =>
            cos.listObjects(target, region, { prefix, marker: cosLogMarker(prefix, cutoff), maxKeys: LIST_PAGE_KEYS }),
          ),
          prefix,
          COS_LOG_KEY,
          context,
        ),
    },
    calls,
    findings,
  );
  return verdict(delivery, findings, maxAge, calls.count, newest, names);
}

/** Verifies one BOS bucket-logging delivery. */
export async function verifyBosDelivery(delivery: PlannedDelivery, context: VerifyContext): Promise<DeliveryVerdict> {
  const findings: VerifyFinding[] = [];
  const calls = context.newCounter();
  const maxAge = context.settings.logMaxAgeSeconds;
  const { source, target, prefix, region } = delivery;
  const names = { source, target, prefix };
  for (const [attribute, value] of [
    ["source bucket", source],
    ["logging.target_bucket", target],
    ["logging.target_prefix", prefix],
  ] as const)
    if (value.includes("${"))
      findings.push({ verdict: "unverified", attribute, synthesized: value, detail: "known only at plan time" });
  if (region === undefined)
    findings.push({
      verdict: "unverified",
      attribute: "region",
      detail: "the stack's baiducloud provider has no literal region",
    });
  if (findings.length > 0 || region === undefined) return verdict(delivery, findings, maxAge, 0, undefined, names);
  const bos = context.services.bos(region);
  const listing = bosLogListing(prefix, source, new Date(context.settings.now.getTime() - maxAge * 1000));
  const newest = await checkBucketLogging(
    {
      source,
      target,
      prefix,
      region,
      attributes: {
        enabled: "logging",
        enabledValues: ["enabled", "disabled"],
        target: "logging.target_bucket",
        prefix: "logging.target_prefix",
      },
      sameTarget: (live, synthesized) => live === synthesized,
      getLogging: () => bos.getBucketLogging(source),
      targetRegion: () => bos.getBucketLocation(target),
      listNewest: async () =>
        newestLogObject(
          await calls.call(() => bos.listObjects(target, { ...listing, maxKeys: LIST_PAGE_KEYS })),
          listing.prefix,
          BOS_LOG_KEY,
          context,
        ),
    },
    calls,
    findings,
  );
  return verdict(delivery, findings, maxAge, calls.count, newest, names);
}
