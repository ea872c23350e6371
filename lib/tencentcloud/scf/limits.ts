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
