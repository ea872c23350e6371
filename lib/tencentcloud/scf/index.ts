// SCF: the 7-field timer cron, function limits, and least-privilege execution roles for scheduled functions.
export { ScfCron, ScfCronError } from "./cron";
export * from "./execution-role";
export { SCF_MEMORY_SIZES, SCF_TIMEOUT_SECONDS } from "./limits";
