/**
 * Retries with capped exponential backoff and jitter. The attempt callback receives the attempt
 * number so callers can re-open whatever they consume (e.g. a download stream) on every attempt.
 */

import { backoffDelay } from "../../../lib/shared/backoff";

export interface RetryPolicy {
  /** Total attempts including the first one (>= 1). */
  readonly maxAttempts: number;
  /** Delay before the 2nd attempt; doubles for each further attempt. */
  readonly baseDelayMs: number;
  /** Upper bound for a single delay. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 20_000 };

export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryHooks {
  readonly sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1). */
  readonly random?: () => number;
  readonly onRetry?: (info: RetryInfo) => void;
  /**
   * Consulted before waiting for another attempt; throwing (e.g. a DeadlineReachedError when the attempt could not
   * finish before the deadline) ends the retries with that error.
   */
  readonly beforeRetry?: (info: RetryInfo) => void;
}

/** The final error of a retried operation plus how many attempts were made. */
export class AttemptsExhaustedError extends Error {
  readonly attempts: number;
  readonly lastError: unknown;
  /** False when the operation gave up early because the error was not retryable. */
  readonly retryable: boolean;

  constructor(lastError: unknown, attempts: number, retryable: boolean) {
    super(errorMessage(lastError));
    this.name = "AttemptsExhaustedError";
    this.attempts = attempts;
    this.lastError = lastError;
    this.retryable = retryable;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The delay before the next attempt; one formula for the function and `verify` (lib/shared/backoff.ts). */
export { backoffDelay } from "../../../lib/shared/backoff";

export interface RetryResult<T> {
  readonly value: T;
  readonly attempts: number;
}

/**
 * Runs `operation` until it succeeds, fails with an error `isRetryable` rejects, or
 * `policy.maxAttempts` is reached. Failures are thrown as {@link AttemptsExhaustedError}.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<RetryResult<T>> {
  const maxAttempts = Math.max(1, Math.floor(policy.maxAttempts));
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { value: await operation(attempt), attempts: attempt };
    } catch (error) {
      const retryable = isRetryable(error);
      if (!retryable || attempt >= maxAttempts) throw new AttemptsExhaustedError(error, attempt, retryable);
      const delayMs = backoffDelay(attempt, policy, hooks.random);
      hooks.beforeRetry?.({ attempt, delayMs, error });
      hooks.onRetry?.({ attempt, delayMs, error });
      await wait(delayMs);
    }
  }
}

/** The error underneath any (nested) AttemptsExhaustedError wrappers. */
export function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof AttemptsExhaustedError) cause = cause.lastError;
  return cause;
}

/** A one-line description of any thrown value, without stack traces. */
export function errorMessage(error: unknown): string {
  if (error instanceof AttemptsExhaustedError) return errorMessage(rootCause(error));
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === "object" && error !== null) {
    // The COS SDK sometimes rejects with plain objects ({ code, message, statusCode }).
    const record = error as Record<string, unknown>;
    if (typeof record.message === "string" && record.message !== "") return record.message;
    if (typeof record.code === "string") return record.code;
  }
  return String(error);
}
