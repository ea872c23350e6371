// Readers for the access logs the constructs deliver: typed line parsers and formatters, a streaming reader, log
// object key parsers and the summary the `logs summarize` command prints.
export * from "./parse-error";
export type { FieldKind, FieldSpec, RecordLayout } from "./record-layout";
export * from "./bos-access-log";
export * from "./cos-access-log";
export * from "./cdn-access-log";
export * from "./formats";
export * from "./cos-log-object-key";
export { AccessLogSourceError } from "./log-sources";
export type { AccessLogSource } from "./log-sources";
export * from "./read-access-logs";
export * from "./top-counter";
export * from "./access-log-summary";
export * from "./summary-markdown";
