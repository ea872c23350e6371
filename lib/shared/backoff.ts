// Retry delays for every caller of a cloud API in this package: the CDN log backup function (esbuild bundles this
// file into it, so it imports nothing) and `cdktf-access-logs verify`.

/** How long retries wait: the delay before the second attempt, doubled for each further one, up to a cap. */
export interface BackoffPolicy {
  /** Delay before the 2nd attempt; doubles for each further attempt. */
  readonly baseDelayMs: number;
  /** Upper bound for a single delay. */
  readonly maxDelayMs: number;
}

/**
 * Delay before the attempt following `failedAttempt` (1-based): half of the capped exponential step is fixed and half
 * is random ("equal jitter"), so delays always grow but workers that were throttled together do not retry in lockstep.
 */
export function backoffDelay(failedAttempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(capped / 2 + random() * (capped / 2));
}
