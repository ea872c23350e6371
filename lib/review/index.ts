// The PR review summary: reads `cdktf synth` output, builds a review model, renders Markdown or JSON.
export { main as runReviewCli, USAGE as REVIEW_CLI_USAGE } from "./cli";
export type { CliOutput } from "./cli";
export { loadSynthesizedStacks, ReviewInputError } from "./load";
export { renderReviewMarkdown } from "./markdown";
export { buildReview, reviewStack } from "./model";
export type { AccessLogEntry, ProviderPin, ReviewReport, RoleEntry, RoleGrant, ScheduleEntry, StackReview, SynthesizedStackInput } from "./model";
