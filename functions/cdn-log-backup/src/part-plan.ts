/**
 * How one copy spends its share of the memory budget on multipart parts: how large the parts are, how many may be
 * unsettled (held in memory, uploading in parallel) at once, and how far a streamed part's request may fall behind
 * the download. See multipart.ts for how the parts use it.
 */

const MiB = 1024 * 1024;

/** Smallest part buffer: two of them are the least a copy needs (config.ts MIN_COPY_BUFFER_MIB is 2 x this). */
export const MIN_PART_BYTES = 8 * MiB;
/** Largest part buffer; also the part size of a known-size download. */
export const MAX_PART_BYTES = 64 * MiB;
/** A copy reads one download stream; more parts in flight than this only hold memory. */
export const MAX_PARTS_IN_FLIGHT = 8;
/**
 * Parts in flight the buffered part size is chosen for: one receiving the download's bytes while two finish their
 * requests. Fewer, larger parts beat more, smaller ones: every part costs a request (which COS bills) and the wait
 * for its answer (bench/README.md: on the same share, larger parts copy a 1 GiB package faster).
 */
const PREFERRED_PARTS_IN_FLIGHT = 3;

export interface PartPlan {
  /**
   * Part size of a download of known size. Its parts are streamed into their requests, so the size costs no memory
   * (see streamedPartBufferBytes): the largest size, for the fewest requests; a failed part is re-read with a Range.
   */
  readonly streamedPartBytes: number;
  /** Part size of a download of unknown size: each part is collected in a buffer of this size before it is sent. */
  readonly bufferedPartBytes: number;
  /** At most this many parts of one copy are unsettled at once (2 to 8). */
  readonly partsInFlight: number;
  /**
   * Bytes of a streamed part its request has not taken yet, beyond which the download waits (plus at most one
   * download chunk); `partsInFlight` of them fit the share.
   */
  readonly streamedPartBufferBytes: number;
}

/**
 * Splits `memoryBudgetMiB` evenly between `concurrency` copies and plans each copy's parts within its share:
 * `partsInFlight x bufferedPartBytes` and `partsInFlight x streamedPartBufferBytes` never exceed the share, except
 * that a copy always has two parts (config.ts guarantees a share of two minimum parts; only an explicit
 * `partSizeBytes` larger than half the share goes over).
 * @param partSizeBytes one fixed size for both kinds of part (tests). By default buffered parts are a third of the
 *   share in whole MiB, from 8 to 64 MiB, and streamed parts 64 MiB.
 */
export function planParts(memoryBudgetMiB: number, concurrency: number, partSizeBytes?: number): PartPlan {
  const shareBytes = Math.floor((memoryBudgetMiB * MiB) / concurrency);
  const bufferedPartBytes =
    partSizeBytes ??
    Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, Math.floor(shareBytes / PREFERRED_PARTS_IN_FLIGHT / MiB) * MiB));
  const partsInFlight = Math.min(MAX_PARTS_IN_FLIGHT, Math.max(2, Math.floor(shareBytes / bufferedPartBytes)));
  return {
    streamedPartBytes: partSizeBytes ?? MAX_PART_BYTES,
    bufferedPartBytes,
    partsInFlight,
    streamedPartBufferBytes: Math.floor(shareBytes / partsInFlight),
  };
}
