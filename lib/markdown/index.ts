// Markdown for PR comments and reports: inline code that survives any value, and the character budget sections are
// cut to. Shared by the review and the log summary; it imports neither.
export { MIN_MAX_CHARS, PR_COMMENT_MAX_CHARS } from "./budget";
export { decodeInlineCode, inlineCode, MAX_SHOWN_VALUE_LENGTH } from "./text";
export type { MarkdownContext } from "./text";
