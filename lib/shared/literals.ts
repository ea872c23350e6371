import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "./errors";

/**
 * Rejects a token where the construct needs the value at synth (to check a rule, derive a name or compare it with
 * another value): the message names `prop` and asks for a literal such as `example`.
 *
 * @param example a literal of the right kind, shown in the fix, e.g. `'ap-guangzhou'` or `180`
 * @param why what the literal is needed for, phrased to follow "so that", e.g. "the region rules can be checked"
 */
export function requireLiteral(scope: IConstruct | string, prop: string, value: unknown, example: string, why = "it can be checked at synth"): void {
  if (isToken(value)) {
    invalidProp(scope, prop, value, "must be a literal, but it is a token known only at plan time", `give ${prop} as a literal such as ${example}, so ${why}`);
  }
}

/** Whether `value` is (or contains) an unresolved cdktf token: a string, number or list token. */
export function isToken(value: unknown): boolean {
  return (typeof value === "string" || typeof value === "number" || Array.isArray(value)) && Token.isUnresolved(value);
}

/** Bounds of a whole-number property and where they come from. */
export interface WholeNumberRule {
  /** Smallest accepted value. */
  readonly min: number;
  /** Largest accepted value. */
  readonly max: number;
  /** Unit, plural, for the messages, e.g. `days`; empty for a plain count. */
  readonly unit: string;
  /** Why the bounds are what they are, e.g. "COS lifecycle rules accept 1 to 3650 days". */
  readonly source: string;
  /** A typical value, offered in the fix. @default - none */
  readonly example?: number;
}

/**
 * Checks a whole-number property: it must be a literal number (not a token), not NaN or infinite, a whole number, and
 * within `rule`. Each failure has its own message naming the property, the value as written and the fix.
 *
 * @returns the value, typed as a number
 */
export function requireWholeNumber(scope: IConstruct | string, prop: string, value: unknown, rule: WholeNumberRule): number {
  const range = rule.unit ? `${rule.min} to ${rule.max} ${rule.unit}` : `${rule.min} to ${rule.max}`;
  const fix = `give a whole number from ${range}${rule.example === undefined ? "" : `, e.g. ${rule.example}`}`;
  if (value === undefined || value === null) {
    invalidProp(scope, prop, value, "is required", `give a whole number from ${range}`);
  }
  if (typeof value !== "number") {
    invalidProp(scope, prop, value, `is a ${typeof value}, not a number`, `give a whole number from ${range}, without quotes`);
  }
  requireLiteral(scope, prop, value, String(rule.example ?? rule.min), `it can be checked against ${range}`);
  if (Number.isNaN(value)) {
    invalidProp(scope, prop, value, "is NaN (not a number)", fix);
  }
  if (!Number.isFinite(value)) {
    invalidProp(scope, prop, value, "is infinite", fix);
  }
  if (!Number.isInteger(value)) {
    invalidProp(scope, prop, value, `is not a whole number from ${range} (${rule.source})`, fix);
  }
  if (value < rule.min || value > rule.max) {
    invalidProp(scope, prop, value, `is not a whole number from ${range} (${rule.source})`, fix);
  }
  return value;
}

/** Rejects anything but a string (a literal or a string token) for `prop`, with `fix` as the remedy. */
export function requireString(scope: IConstruct | string, prop: string, value: unknown, fix: string): asserts value is string {
  if (typeof value !== "string") {
    invalidProp(scope, prop, value, value === undefined ? "is required" : `is ${value === null ? "null" : `a ${Array.isArray(value) ? "list" : typeof value}`}, not a string`, fix);
  }
}
