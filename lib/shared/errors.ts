import { Token } from "cdktf";
import { IConstruct } from "constructs";

/**
 * A construct was given a property it cannot work with. Thrown while the app runs (that is, at synth), with a message
 * that names the construct path, the property, the bad value and the fix.
 */
export class PropValidationError extends Error {
  constructor(
    /** Construct path, e.g. `stack/AccessLogs`. */
    readonly constructPath: string,
    /** Property name as the user wrote it, e.g. `retentionDays`. */
    readonly prop: string,
    readonly value: unknown,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${constructPath}: ${prop} ${showValue(value)} ${problem}. Fix: ${fix}`);
    this.name = "PropValidationError";
  }
}

/**
 * Renders a user's value for an error message: strings quoted, long ones shortened, objects as JSON. Unresolved
 * tokens (`${TfToken[...]}` strings, the huge negative numbers cdktf encodes number tokens as, token lists) are shown
 * as `(token)`, NaN and infinities by name, never as `null`.
 */
export function showValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  if (value === null) return "null";
  let text: string;
  try {
    if (typeof value === "number") text = showNumber(value);
    else if (typeof value === "string") text = Token.isUnresolved(value) ? showTokenString(value) : JSON.stringify(value);
    else if (typeof value === "object" || typeof value === "function") text = JSON.stringify(value, readableReplacer) ?? String(value);
    else text = String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A number as users wrote it: NaN and infinities by name, number tokens as `(token)`. */
function showNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "Infinity";
  if (value === -Infinity) return "-Infinity";
  if (Token.isUnresolved(value)) return "(token)";
  return String(value);
}

/** A string holding tokens: the literal parts kept, each token shown as `(token)`. */
function showTokenString(value: string): string {
  return JSON.stringify(value.replace(/\$\{TfToken\[[^\]]*\]\}/g, "(token)"));
}

function readableReplacer(_key: string, value: unknown): unknown {
  if (typeof value === "number") {
    if (Number.isFinite(value) && !Token.isUnresolved(value)) return value;
    return showNumber(value);
  }
  if (typeof value === "string" && Token.isUnresolved(value)) return value.replace(/\$\{TfToken\[[^\]]*\]\}/g, "(token)");
  if (Array.isArray(value) && Token.isUnresolved(value)) return "(token list)";
  return value;
}

/**
 * Throws a {@link PropValidationError} for `scope`.
 *
 * @param scope the construct being configured (its path goes into the message), or the path itself
 * @param prop the property name
 * @param value the rejected value
 * @param problem what is wrong, phrased to follow the value: "is not a valid region"
 * @param fix what to do instead
 */
export function invalidProp(scope: IConstruct | string, prop: string, value: unknown, problem: string, fix: string): never {
  const where = typeof scope === "string" ? scope : scope.node.path;
  throw new PropValidationError(where, prop, value, problem, fix);
}
