/** Limits of SCF event functions that the provider (1.83.25) or SCF itself enforce at deploy time. */

/** Valid memory sizes in MB: 128 to 3072 in steps of 128 (the provider rejects any size not a multiple of 128). */
export const SCF_MEMORY_SIZES: readonly number[] = Array.from({ length: 24 }, (_, i) => (i + 1) * 128);

/** Run time limit of an event function, in seconds. */
export const SCF_TIMEOUT_SECONDS: {
  /** Shortest limit. */
  readonly min: 1;
  /** Longest limit: 15 minutes. */
  readonly max: 900;
} = { min: 1, max: 900 };

/** Whether `mb` is a memory size SCF and the provider accept. */
export function isValidScfMemorySize(mb: number): boolean {
  return SCF_MEMORY_SIZES.includes(mb);
}

/** Whether `seconds` is a run time limit SCF accepts for an event function. */
export function isValidScfTimeout(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= SCF_TIMEOUT_SECONDS.min && seconds <= SCF_TIMEOUT_SECONDS.max;
}

/** SCF function names: 2-60 characters, a letter first, letters/digits/`-`/`_`, not ending in `-` or `_`. */
export const SCF_FUNCTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
/** SCF namespace names (console rule): 2-30 characters, a letter first, letters/digits/`-`/`_`, not ending in `-`/`_`. */
export const SCF_NAMESPACE_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,28}[A-Za-z0-9]$/;

/** Longest SCF function description (SCF CreateFunction `Description`). */
export const SCF_DESCRIPTION_MAX_LENGTH = 1000;
/**
 * Characters SCF accepts in a function description (SCF CreateFunction `Description`: "English letters, digits,
 * spaces, commas, newlines and periods, and Chinese"); anything else fails at apply.
 */
export const SCF_DESCRIPTION_PATTERN = /^[A-Za-z0-9 ,.\n\p{Script=Han}\u3001\u3002\uff0c]*$/u;
