/**
 * SCF entry point (handler `index.main_handler`) for the CDN access-log backup, triggered by a
 * timer. See ../README.md for the behaviour and the destination key layout.
 */
import { ConfigError, parseConfig, type BackupConfig, type EnvSource } from "./config";
import { DEFAULTS, runBackup, type BackupOptions } from "./backup";
import { CosObjectStore } from "./cos-storage";
import { runStatusOf, writeRunStatus } from "./run-status";
import { assertBackupSucceeded, type BackupSummary } from "./summary";
import { createLogger } from "./logger";
import { remainingTimeFromContext, type ScfContext } from "./time-budget";
import { resolveTriggerTime } from "./time-window";

export { parseConfig, ConfigError, describeConfig, ENV } from "./config";
export type { Area, AreaSetting, BackupConfig, Credentials, EnvSource } from "./config";
export { runBackup, DEFAULTS } from "./backup";
export { assertBackupSucceeded, madeNoProgress } from "./summary";
export { FUNCTION_VERSION, RUN_STATUS_KEY_SUFFIX, runStatusOf } from "./run-status";
export type { RunStatus } from "./run-status";
export { planParts } from "./part-plan";
export type { PartPlan } from "./part-plan";
export type { BackupOptions } from "./backup";
export type { BackupSummary, BackupFailure } from "./summary";
export { computeWindow, formatBeijingTime, resolveTriggerTime } from "./time-window";
export type { TimeWindow } from "./time-window";
export { objectKeyFor } from "./key-layout";
export { remainingTimeFromContext } from "./time-budget";
export type { ScfContext } from "./time-budget";
export { createLogger } from "./logger";
export type { Logger, LogRecord, LogSink } from "./logger";

/** The SCF timer trigger event. */
export interface TimerEvent {
  Type?: string;
  TriggerName?: string;
  /** Trigger time, UTC ISO 8601, e.g. 2026-11-20T19:00:00Z. */
  Time?: string;
  Message?: string;
  [key: string]: unknown;
}

/** What {@link handle} takes beyond what SCF passes; used by tests. */
export interface HandlerOverrides {
  readonly env?: EnvSource;
  readonly options?: BackupOptions;
}

/**
 * One invocation: validates the environment (before any network call), resolves the trigger
 * time and the time budget from the event and context, runs the backup and throws if any package
 * failed. {@link main_handler} is this with the real process environment.
 */
export async function handle(
  event: TimerEvent | undefined,
  context: ScfContext | undefined,
  overrides: HandlerOverrides = {},
): Promise<BackupSummary> {
  const startedAt = Date.now();
  const log = overrides.options?.logger ?? createLogger();
  let config: BackupConfig;
  try {
    config = parseConfig(overrides.env ?? process.env);
  } catch (error) {
    if (error instanceof ConfigError) log.error("config_invalid", { problems: error.problems });
    throw error;
  }
  const trigger = resolveTriggerTime(event?.Time, new Date(startedAt));
  if (trigger.source === "clock") {
    log.warn("trigger_time_missing", {
      note: "event has no usable Time; using the current time",
      eventTime: event?.Time ?? null,
    });
  }
  const { remaining, source } = remainingTimeFromContext(context, startedAt);
  log.info("invocation", {
    requestId: typeof context?.request_id === "string" ? context.request_id : undefined,
    triggerTime: trigger.time.toISOString(),
    timeBudgetSource: source,
    remainingMs: remaining(),
  });
  let summary: BackupSummary | undefined;
  let failure: unknown;
  try {
    summary = await runBackup(config, {
      triggerTime: trigger.time,
      remainingTimeMs: remaining,
      logger: log,
      ...overrides.options,
    });
  } catch (error) {
    failure = error;
  }
  // The run status for `verify` (run-status.ts); best effort, it never changes the outcome below.
  await writeRunStatus(
    overrides.options?.store ?? new CosObjectStore(config, { timeoutMs: DEFAULTS.cosTimeoutMs }),
    config,
    runStatusOf(
      { summary, failure },
      { triggerTime: trigger.time, startedAt: new Date(startedAt), finishedAt: new Date() },
    ),
    log,
  );
  if (summary === undefined) throw failure;
  assertBackupSucceeded(summary);
  return summary;
}

/** SCF handler: reads the configuration from the environment and runs one backup. */
export async function main_handler(
  event: TimerEvent | undefined,
  context: ScfContext | undefined,
): Promise<BackupSummary> {
  return handle(event, context);
}
