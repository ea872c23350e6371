/**
 * What to verify, read from the synth output: the deliveries the check pack finds (lib/checks/log-deliveries.ts)
 * that verify can read back live — COS bucket logging, BOS bucket logging and the CDN log backup function — with the
 * settings each was synthesized with. CLS shippers and declared log buckets are listed as not checked.
 */
import { cosLogDeliveries, bosLogDeliveries, LogDelivery } from "../checks/log-deliveries";
import { timerTriggers } from "../checks/scf-rules";
import { isObject, parseReference, StackView, stringAttr, TfElement } from "../checks/stack-view";
import { reviewStack, type SynthesizedStackInput } from "../review/model";

/** The role COS log delivery goes through (see lib/tencentcloud/cls/delivery-authorization.ts). */
export const CLS_ROLE_NAME = "CLS_QcsRole";
/** The service that must be trusted by {@link CLS_ROLE_NAME}. */
export const CLS_SERVICE = "cls.cloud.tencent.com";
/** Tencent's preset policy for the CLS role. */
export const CLS_PRESET_POLICY = "QcloudCOSAccessForCLSRole";
/** The name prefix of the library's least-privilege CLS policy (`CosAccessLogDelivery-<stack>` by default). */
export const CLS_LIBRARY_POLICY_PREFIX = "CosAccessLogDelivery-";

/** The one reference verify resolves itself: the account's APPID, read live with CAM GetUserAppId. */
const APP_ID_TOKEN = /\$\{data\.tencentcloud_user_info\.[A-Za-z0-9_-]+\.app_id\}/g;

/** Whether `text` still holds a reference after the APPID is put in. */
export function hasUnresolvedToken(text: string): boolean {
  return text.replace(APP_ID_TOKEN, "").includes("${");
}

/** Whether `text` needs the account's APPID. */
export function needsAppId(text: string): boolean {
  return new RegExp(APP_ID_TOKEN.source).test(text);
}

/** `text` with the APPID reference replaced by `appId`. */
export function withAppId(text: string, appId: string): string {
  return text.replace(APP_ID_TOKEN, appId);
}

/** A timer trigger as synthesized. */
export interface PlannedTrigger {
  readonly name: string;
  /** The bare 7-field cron. */
  readonly cron: string;
}

/** The CDN log backup function as synthesized. */
export interface PlannedFunction {
  readonly name: string;
  readonly namespace: string;
  readonly runtime?: string;
  /** The execution role's name. */
  readonly role?: string;
  readonly environment: { readonly [name: string]: string };
  readonly triggers: readonly PlannedTrigger[];
}

/** One delivery to verify. */
export interface PlannedDelivery {
  readonly stack: string;
  /** `cos`: COS bucket logging; `bos`: BOS bucket logging; `cdn-backup`: the CDN log backup function. */
  readonly kind: "cos" | "bos" | "cdn-backup";
  /** Terraform address of the source (bucket or function). */
  readonly sourceAddress: string;
  /** The source bucket (for the CDN backup: the function) as synthesized. */
  readonly source: string;
  /** The target bucket as synthesized. */
  readonly target: string;
  readonly prefix: string;
  /** The source's provider region. */
  readonly region?: string;
  /** The target's provider region, when the target is in the stack. */
  readonly targetRegion?: string;
  /** COS: the policies the stack attaches to `CLS_QcsRole` (empty when another stack or the console does). */
  readonly clsPolicies?: readonly string[];
  /** CDN backup: the function. */
  readonly function?: PlannedFunction;
}

/** What the synth output holds for verify. */
export interface VerifyPlan {
  readonly deliveries: PlannedDelivery[];
  /** Deliveries verify cannot read back (CLS shippers, declared log buckets): `<stack>: <source> -> <target>`. */
  readonly notChecked: string[];
}

function bucketNameOf(delivery: LogDelivery): string {
  return (delivery.target && stringAttr(delivery.target.config, "bucket")) || delivery.targetName;
}

function nameOf(stack: StackView, value: string | undefined, attribute = "name"): string | undefined {
  if (value === undefined) return undefined;
  const referenced = stack.resolve(parseReference(value));
  return referenced ? (stringAttr(referenced.config, attribute) ?? value) : value;
}

function clsPoliciesOf(input: SynthesizedStackInput): string[] {
  const role = reviewStack(input, new Date(0)).roles.find((r) => r.name === CLS_ROLE_NAME);
  return role ? role.grants.map((g) => g.policy) : [];
}

function plannedFunction(stack: StackView, fn: TfElement): PlannedFunction {
  const environment: { [name: string]: string } = {};
  const variables = isObject(fn.config.environment) ? fn.config.environment : {};
  for (const [key, value] of Object.entries(variables))
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
      environment[key] = String(value);
  const runtime = stringAttr(fn.config, "runtime");
  const role = nameOf(stack, stringAttr(fn.config, "role"));
  return {
    name: stringAttr(fn.config, "name") ?? fn.name,
    namespace: nameOf(stack, stringAttr(fn.config, "namespace"), "namespace") ?? "default",
    ...(runtime ? { runtime } : {}),
    ...(role ? { role } : {}),
    environment,
    triggers: timerTriggers(stack)
      .filter((t) => t.fn === fn)
      .map((t) => ({ name: t.triggerName, cron: t.cron })),
  };
}

/** The deliveries of every stack (or of `stackName` only), in stack order. */
export function planVerify(inputs: readonly SynthesizedStackInput[], stackName?: string): VerifyPlan {
  const deliveries: PlannedDelivery[] = [];
  const notChecked: string[] = [];
  for (const input of inputs) {
    if (stackName !== undefined && input.name !== stackName) continue;
    const stack = new StackView(input.json, input.name);
    let clsPolicies: string[] | undefined;
    for (const delivery of [...cosLogDeliveries(stack), ...bosLogDeliveries(stack)]) {
      const base = {
        stack: input.name,
        sourceAddress: delivery.source.address,
        target: bucketNameOf(delivery),
        prefix: delivery.prefix,
        ...(delivery.sourceRegion ? { region: delivery.sourceRegion } : {}),
        ...(delivery.targetRegion ? { targetRegion: delivery.targetRegion } : {}),
      };
      if (delivery.via === "bucket-logging" && delivery.cloud === "tencentcloud") {
        clsPolicies ??= clsPoliciesOf(input);
        deliveries.push({ ...base, kind: "cos", source: delivery.sourceName, clsPolicies });
      } else if (delivery.via === "bucket-logging") {
        deliveries.push({ ...base, kind: "bos", source: delivery.sourceName });
      } else if (delivery.via === "cdn-log-backup") {
        const fn = plannedFunction(stack, delivery.source);
        deliveries.push({ ...base, kind: "cdn-backup", source: fn.name, function: fn });
      } else {
        notChecked.push(`${input.name}: ${delivery.sourceName} -> ${delivery.targetName} (${delivery.via})`);
      }
    }
  }
  return { deliveries, notChecked };
}
