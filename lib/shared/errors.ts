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
    /** The rejected value, as given. */
    readonly value: unknown,
    /** What is wrong, phrased to follow the value, e.g. `is not a valid region`. */
    readonly problem: string,
    /** What to do instead. */
    readonly fix: string,
  ) {
    super(`${constructPath}: ${prop} ${showValue(value)} ${problem}. Fix: ${fix}`);
    this.name = "PropValidationError";
  }
}

/** Renders a user's value for an error message: strings quoted, long ones shortened, objects as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return "(not set)";
  let text: string;
  try {
    text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
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
