// The PR review summary: reads `cdktf synth` output, builds a review model, renders Markdown or JSON, and compares two
// synth outputs (base branch and pull request).
export { diffReviews, grantAtoms } from "./diff";
export type {
  DeliveryChange,
  DeliveryRef,
  FindingRef,
  GrantAtom,
  ReviewDiff,
  RoleChange,
  ScheduleChange,
  StackRemoval,
} from "./diff";
export { renderDiffMarkdown } from "./diff-markdown";
export { jsonNestingDepth } from "../shared/json-depth";
export { DEFAULT_REVIEW_INPUT_LIMITS, loadSynthesizedStacks, ReviewInputError, SAME_RUN_MTIME_SLACK_MS } from "./load";
export type { ReviewInputLimits, SynthOutputRole } from "./load";
export { renderReviewMarkdown } from "./markdown";
export type { MarkdownOptions } from "./markdown";
export { buildReview, reviewStack } from "./model";
export type {
  AccessLogEntry,
  ProviderPin,
  ReviewReport,
  ReviewTotals,
  RoleEntry,
  RoleGrant,
  RoleGrantStatement,
  ScheduleEntry,
  StackReview,
  SynthesizedStackInput,
} from "./model";
