import { Annotations, Aspects, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../shared/errors";
import { ACCESS_LOG_RULES, findAccessLogRule, runAccessLogChecks } from "./engine";
import { CheckFinding } from "./rule";
import { CheckSuppression, DeclaredLogBucket, JsonObject, SUPPRESSIONS_METADATA_KEY } from "./stack-view";

/** Shortest suppression reason accepted: long enough to say why, not just "ok". */
export const MIN_SUPPRESSION_REASON_LENGTH = 10;

/** Construct metadata type recording a suppression on the construct itself (for tools that walk the tree). */
export const SUPPRESSION_METADATA_TYPE = "cdktf-access-logs/suppression";

/** Per stack: the construct paths the check pack's aspects visited, and what was already annotated. */
interface StackRegistration {
  readonly visited: Set<string>;
  readonly annotated: Set<string>;
}

const registrations = new WeakMap<TerraformStack, StackRegistration>();
/** What the check pack records per stack in its top-level `//` block. */
interface StackRecord {
  suppressions: CheckSuppression[];
  logBuckets: DeclaredLogBucket[];
}

const records = new WeakMap<TerraformStack, StackRecord>();

function recordOf(stack: TerraformStack): StackRecord {
  let record = records.get(stack);
  if (!record) {
    record = { suppressions: [], logBuckets: [] };
    records.set(stack, record);
  }
  return record;
}

function byPathThen(key: (x: { path: string }) => string) {
  return (a: { path: string }, b: { path: string }): number =>
    `${a.path}\u0000${key(a)}` < `${b.path}\u0000${key(b)}` ? -1 : 1;
}

/** Writes the record into the stack's `//` block, so it survives into cdk.tf.json for the review CLI. */
function writeRecord(stack: TerraformStack, record: StackRecord): void {
  const out: { [key: string]: unknown } = { suppressions: record.suppressions.map((s) => ({ ...s })) };
  if (record.logBuckets.length > 0) out.logBuckets = record.logBuckets.map((b) => ({ ...b }));
  stack.addOverride(`//.${SUPPRESSIONS_METADATA_KEY}`, out);
}

/** Options of {@link AccessLogChecks.declareLogBucket}. */
export interface DeclareLogBucketOptions {
  /** Where the logs come from, one line for reviewers, e.g. `CDN log backup of www.example.com`. */
  readonly purpose: string;
  /**
   * Key prefix the logs are written under; the retention rule must cover it.
   * @default "" (the whole bucket)
   */
  readonly prefix?: string;
}

function stackOf(scope: IConstruct): TerraformStack | undefined {
  try {
    return TerraformStack.of(scope);
  } catch {
    return undefined;
  }
}

/** The stack `scope` is in; a construct outside any stack is rejected with `fix` as the way out. */
function enclosingStack(scope: IConstruct, fix: string): TerraformStack {
  const stack = stackOf(scope);
  if (!stack) {
    invalidProp(scope, "scope", scope.node.path || "(app)", "is not inside a TerraformStack", fix);
  }
  return stack;
}

/**
 * The access-log check pack as a cdktf Aspect, in the style of cdk-nag: at synth it runs every rule of
 * {@link ACCESS_LOG_RULES} over the resolved Terraform of each stack it is applied to and reports findings on the
 * offending constructs. Error findings fail synth (as a stack validation, so `cdktf synth`, `app.synth()` and
 * `Testing.synth(stack, true)` all fail); warnings become warning annotations, which `cdktf synth` prints.
 *
 * Rules inspect Terraform resources, not this library's classes, so they check any stack. Findings are limited to the
 * constructs the aspect visits: apply it to a stack (or to every stack with {@link AccessLogChecks.applyTo}) to check
 * everything. Validations must be on (the default; `skipValidation` turns the check pack off with them).
 *
 * @example
 * AccessLogChecks.applyTo(app); // after the stacks are created; or Aspects.of(stack).add(new AccessLogChecks())
 * AccessLogChecks.suppress(publicSiteBucket, "TC-COS-1", "static marketing site, access logged by the CDN instead");
 */
export class AccessLogChecks implements IAspect {
  /**
   * Adds the check pack to `scope`: a stack or a construct inside one, or an app (then to every stack it holds, so call
   * it after creating the stacks). cdktf 0.21 never runs aspects added to the App itself, only those of stacks and
   * their children, which is why this helper exists.
   */
  static applyTo(scope: IConstruct): AccessLogChecks {
    const checks = new AccessLogChecks();
    if (stackOf(scope)) {
      Aspects.of(scope).add(checks);
      return checks;
    }
    const stacks = scope.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    if (stacks.length === 0) {
      invalidProp(
        scope,
        "scope",
        scope.node.path || "(app)",
        "contains no TerraformStack yet",
        "call AccessLogChecks.applyTo(app) after creating the stacks",
      );
    }
    for (const stack of stacks) Aspects.of(stack).add(checks);
    return checks;
  }

  /**
   * Switches rule `ruleId` off for `scope` and every construct below it. The reason is kept in the synthesized stack
   * (its top-level `//` block), so the review CLI honours the suppression and shows the reason to reviewers.
   *
   * @param scope a construct inside a stack (the stack itself suppresses the rule for the whole stack)
   * @param ruleId a rule id of {@link ACCESS_LOG_RULES}, e.g. `TC-COS-1`
   * @param reason why the rule does not apply here, at least {@link MIN_SUPPRESSION_REASON_LENGTH} characters
   */
  static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    if (!findAccessLogRule(ruleId)) {
      invalidProp(
        scope,
        "ruleId",
        ruleId,
        "is not a rule of the access-log check pack",
        `use one of ${ACCESS_LOG_RULES.map((r) => r.id).join(", ")}`,
      );
    }
    if (typeof reason !== "string" || reason.trim().length < MIN_SUPPRESSION_REASON_LENGTH) {
      invalidProp(
        scope,
        "reason",
        reason,
        `is too short to tell a reviewer why ${ruleId} does not apply`,
        `explain in at least ${MIN_SUPPRESSION_REASON_LENGTH} characters why the rule does not apply to this construct`,
      );
    }
    const stack = enclosingStack(scope, "suppress on a stack or on a construct inside one");
    const path = scope.node.path;
    const suppression: CheckSuppression = { path, ruleId, reason: reason.trim() };
    const record = recordOf(stack);
    record.suppressions = record.suppressions.filter((s) => !(s.path === path && s.ruleId === ruleId));
    record.suppressions.push(suppression);
    record.suppressions.sort(byPathThen((s) => (s as CheckSuppression).ruleId));
    scope.node.addMetadata(SUPPRESSION_METADATA_TYPE, suppression);
    writeRecord(stack, record);
  }

  /**
   * Declares the COS/BOS buckets at or below `scope` log buckets that receive logs other than through bucket logging,
   * e.g. the destination of a CDN log backup function. They need no access logging of their own (TC-COS-1, BD-BOS-1),
   * and the log-bucket rules apply to them: private, encrypted, and a retention rule covering `prefix`.
   */
  static declareLogBucket(scope: IConstruct, options: DeclareLogBucketOptions): void {
    const purpose = typeof options?.purpose === "string" ? options.purpose.trim() : "";
    if (purpose === "" || /[\r\n]/.test(purpose)) {
      invalidProp(
        scope,
        "purpose",
        options?.purpose,
        "must be one non-empty line",
        'say where the logs come from, e.g. "CDN log backup"',
      );
    }
    const prefix = options.prefix ?? "";
    if (typeof prefix !== "string" || prefix.startsWith("/")) {
      invalidProp(
        scope,
        "prefix",
        prefix,
        "is not a key prefix",
        'give the prefix the logs are written under without a leading "/", e.g. "cdn-logs/"',
      );
    }
    const stack = enclosingStack(scope, "declare a construct inside a stack");
    const path = scope.node.path;
    const record = recordOf(stack);
    record.logBuckets = record.logBuckets.filter((b) => b.path !== path);
    record.logBuckets.push({ path, purpose, prefix });
    record.logBuckets.sort(byPathThen(() => ""));
    writeRecord(stack, record);
  }

  /** The suppressions recorded for a stack, sorted by path and rule id. */
  static suppressionsOf(stack: TerraformStack): readonly CheckSuppression[] {
    return [...(records.get(stack)?.suppressions ?? [])];
  }

  visit(node: IConstruct): void {
    const stack = stackOf(node);
    if (!stack) return;
    let registration = registrations.get(stack);
    if (!registration) {
      const created: StackRegistration = { visited: new Set(), annotated: new Set() };
      registrations.set(stack, created);
      stack.node.addValidation({ validate: () => report(stack, created) });
      registration = created;
    }
    registration.visited.add(node.node.path);
  }
}

/** Runs the rules on the stack's resolved Terraform; annotates each unsuppressed finding and returns the errors. */
function report(stack: TerraformStack, registration: StackRegistration): string[] {
  const findings = runAccessLogChecks(stack.toTerraform() as JsonObject);
  const constructs = new Map<string, IConstruct>(stack.node.findAll().map((c) => [c.node.path, c]));
  const errors: string[] = [];
  for (const finding of findings) {
    if (finding.suppressedBecause !== undefined || !registration.visited.has(finding.constructPath)) continue;
    const target = constructs.get(finding.constructPath) ?? stack;
    annotateOnce(target, finding, registration);
    if (finding.level === "error") errors.push(`${finding.constructPath}: ${finding.message}`);
  }
  return errors;
}

function annotateOnce(target: IConstruct, finding: CheckFinding, registration: StackRegistration): void {
  const key = `${finding.constructPath}\u0000${finding.message}`;
  if (registration.annotated.has(key)) return;
  registration.annotated.add(key);
  if (finding.level === "error") Annotations.of(target).addError(finding.message);
  else Annotations.of(target).addWarning(finding.message);
}
