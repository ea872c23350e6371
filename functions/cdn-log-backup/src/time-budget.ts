/**
 * Remaining execution time, read from whatever the SCF runtime provides. Newer Node.js runtimes
 * expose context.getRemainingTimeInMillis(); older ones only pass time_limit_in_ms (the
 * configured timeout). Without either, a fixed budget from the invocation start is assumed.
 */

/** The parts of the SCF context object this function reads. */
export interface ScfContext {
  getRemainingTimeInMillis?: () => number;
  /** Function timeout in ms; some runtimes pass it as a string. */
  time_limit_in_ms?: number | string;
  request_id?: string;
  [key: string]: unknown;
}

/** Used when the context reveals nothing about the timeout (5 minutes). */
export const DEFAULT_TIME_BUDGET_MS = 5 * 60 * 1000;

export type RemainingTime = () => number;

export function remainingTimeFromContext(
  context: ScfContext | undefined,
  startedAtMs: number,
  defaultBudgetMs: number = DEFAULT_TIME_BUDGET_MS,
  clock: () => number = Date.now,
): { remaining: RemainingTime; source: "getRemainingTimeInMillis" | "time_limit_in_ms" | "default" } {
  const getRemaining = context?.getRemainingTimeInMillis;
  if (typeof getRemaining === "function") {
    // Called as a method: runtimes implement it with `this`.
    return { remaining: () => Number(getRemaining.call(context)), source: "getRemainingTimeInMillis" };
  }
  const limit = Number(context?.time_limit_in_ms);
  if (Number.isFinite(limit) && limit > 0) {
    return { remaining: () => startedAtMs + limit - clock(), source: "time_limit_in_ms" };
  }
  return { remaining: () => startedAtMs + defaultBudgetMs - clock(), source: "default" };
}
