/** One verify run: plan from the synth output, check every delivery with bounded concurrency, sum up. */
import type { SynthesizedStackInput } from "../review/model";
import type { VerifyServices } from "./api";
import { verifyBackupDelivery } from "./backup-checks";
import { VerifyContext } from "./context";
import { planVerify, type PlannedDelivery } from "./plan";
import { exitCodeOf, VERDICT_ORDER, type DeliveryVerdict, type Verdict, type VerifyReport } from "./result";
import { DEFAULT_VERIFY_RETRY, mapWithConcurrency, type VerifyRetryPolicy } from "./retry";
import { verifyBosDelivery, verifyCosDelivery } from "./storage-checks";

/** Default max age of COS/BOS access logs: they arrive hourly (BOS up to 2–3 h late), so 3 hours. */
export const DEFAULT_LOG_MAX_AGE_SECONDS = 3 * 3600;
/** Default max age of the CDN backup's run status: it runs daily, so 26 hours. */
export const DEFAULT_BACKUP_MAX_AGE_SECONDS = 26 * 3600;
/** Deliveries checked at once (each makes its calls one after another). */
export const DEFAULT_VERIFY_CONCURRENCY = 8;

/** How a run is done. */
export interface VerifyOptions {
  /** Verify only this stack. @default - every stack */
  readonly stack?: string;
  /** Max age for every delivery, in seconds (`--max-age`). @default 3 h for COS/BOS, 26 h for the CDN backup */
  readonly maxAgeSeconds?: number;
  /** `no logs yet` fails the run (`--require-logs`). @default false */
  readonly requireLogs?: boolean;
  /** @default new Date() */
  readonly now?: Date;
  /** @default 8 */
  readonly concurrency?: number;
  readonly retry?: Partial<VerifyRetryPolicy>;
  /** Replaces the backoff wait (tests, bench). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

function verifyOne(delivery: PlannedDelivery, context: VerifyContext): Promise<DeliveryVerdict> {
  switch (delivery.kind) {
    case "cos":
      return verifyCosDelivery(delivery, context);
    case "bos":
      return verifyBosDelivery(delivery, context);
    case "cdn-backup":
      return verifyBackupDelivery(delivery, context);
  }
}

/**
 * Verifies every delivery of `inputs` against the live services.
 *
 * @throws VerifySetupError when credentials are missing or rejected, or an SDK is not installed (exit 2)
 */
export async function runVerify(
  inputs: readonly SynthesizedStackInput[],
  services: VerifyServices,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const now = options.now ?? new Date();
  const plan = planVerify(inputs, options.stack);
  const context = new VerifyContext(services, {
    now,
    logMaxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_LOG_MAX_AGE_SECONDS,
    backupMaxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_BACKUP_MAX_AGE_SECONDS,
    retry: { ...DEFAULT_VERIFY_RETRY, ...options.retry },
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    ...(options.random ? { random: options.random } : {}),
  });
  const deliveries = await mapWithConcurrency(
    plan.deliveries,
    options.concurrency ?? DEFAULT_VERIFY_CONCURRENCY,
    (delivery) => verifyOne(delivery, context),
  );
  const totals = Object.fromEntries(VERDICT_ORDER.map((v) => [v, 0])) as { [verdict in Verdict]: number };
  for (const d of deliveries) totals[d.verdict]++;
  return {
    now: now.toISOString(),
    deliveries,
    notChecked: plan.notChecked,
    totals,
    sharedApiCalls: context.shared.count,
    exitCode: exitCodeOf(deliveries, options.requireLogs ?? false),
  };
}
