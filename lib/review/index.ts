// The PR review summary: reads `cdktf synth` output, builds a review model, renders Markdown or JSON, and compares two
// synth outputs (base branch and pull request).
export { main as runReviewCli, USAGE as REVIEW_CLI_USAGE } from "./cli";
export type { CliOutput } from "./cli";
export { diffReviews, grantAtoms } from "./diff";
export type { DeliveryChange, DeliveryRef, FindingRef, GrantAtom, ReviewDiff, RoleChange, ScheduleChange } from "./diff";
export { renderDiffMarkdown } from "./diff-markdown";
export { jsonNestingDepth } from "../shared/json-depth";
export { DEFAULT_REVIEW_INPUT_LIMITS, loadSynthesizedStacks, ReviewInputError, SAME_RUN_MTIME_SLACK_MS } from "./load";
export type { ReviewInputLimits } from "./load";
export { renderReviewMarkdown } from "./markdown";
export type { MarkdownOptions } from "./markdown";
export { MIN_MAX_CHARS, PR_COMMENT_MAX_CHARS } from "./markdown-budget";
export { decodeInlineCode, inlineCode, MAX_SHOWN_VALUE_LENGTH } from "./markdown-text";
export { buildReview, formatBeijingTime, reviewStack } from "./model";
export type { AccessLogEntry, ProviderPin, ReviewReport, RoleEntry, RoleGrant, ScheduleEntry, StackReview, SynthesizedStackInput } from "./model";
