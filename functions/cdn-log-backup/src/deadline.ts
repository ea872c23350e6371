/**
 * The invocation's deadline as the copy steps see it. SCF kills an invocation at its timeout; anything still running
 * then is cut off without cleanup (an open multipart upload, a half-sent PUT, no summary). So:
 *
 * - the last {@link DeadlineSettings.cleanupReserveMs} milliseconds are kept for cleanup: when they begin (the hard
 *   stop), every copy still moving bytes is stopped, its multipart upload aborted, and it is reported as deferred;
 * - a step (a copy, a retry, a part upload, the completion of a multipart upload) only starts when it could finish
 *   before the hard stop: a stalled connection is noticed only after the idle timeout, so every step needs at least
 *   that long, plus the time its bytes take at an assumed throughput; a completion cannot be interrupted and needs
 *   the worst case of the COS SDK's tries;
 * - a step that may not start fails its copy with {@link DeadlineReachedError}, which the run counts as deferred:
 *   logged, not a failure, picked up by the next run.
 */
import { TransferError } from "./errors";
import type { RemainingTime } from "./time-budget";

const MAX_TIMER_MS = 2 ** 31 - 1;

/** A step that could not start or finish before the invocation's deadline; the package is deferred, not failed. */
export class DeadlineReachedError extends TransferError {
  constructor(message: string) {
    super("DeadlineReached", message, { retryable: false });
    this.name = "DeadlineReachedError";
  }
}

/** See {@link Deadline}. */
export interface DeadlineSettings {
  /** Milliseconds left in the invocation. */
  readonly remaining: RemainingTime;
  /** Kept free at the end for aborting uploads and writing the summary. */
  readonly cleanupReserveMs: number;
  /** How long a stalled connection takes to be noticed (the download idle timeout). */
  readonly idleTimeoutMs: number;
  /** Throughput assumed when estimating how long moving a number of bytes takes. */
  readonly assumedBytesPerSecond: number;
  /** The least time a new copy needs, whatever its size (BackupOptions.safetyMarginMs). */
  readonly minimumStartMs: number;
}

/** Decides which steps may still start, and stops running copies at the hard stop. See the module comment. */
export class Deadline {
  constructor(private readonly settings: DeadlineSettings) {}

  /** The milliseconds kept for cleanup at the end. */
  get cleanupReserveMs(): number {
    return this.settings.cleanupReserveMs;
  }

  /** Milliseconds a step moving `bytes` needs before the hard stop. */
  private needs(bytes: number): number {
    return this.settings.idleTimeoutMs + (Math.max(0, bytes) / this.settings.assumedBytesPerSecond) * 1000;
  }

  /** Milliseconds until the hard stop. */
  untilHardStop(): number {
    return this.settings.remaining() - this.settings.cleanupReserveMs;
  }

  /** Whether a copy of `bytes` (0 when unknown) may start now. */
  mayStartCopy(bytes: number | undefined): boolean {
    return (
      this.settings.remaining() >=
      Math.max(this.settings.minimumStartMs, this.settings.cleanupReserveMs + this.needs(bytes ?? 0))
    );
  }

  /** Whether a step moving `bytes` may start after waiting `delayMs` (a retry's backoff). */
  mayStartStep(bytes: number, delayMs = 0): boolean {
    return this.untilHardStop() - delayMs >= this.needs(bytes);
  }

  /** Throws {@link DeadlineReachedError} naming `step` unless a step needing `neededMs` could finish in time. */
  requireTime(step: string, neededMs: number): void {
    const left = this.untilHardStop();
    if (left < neededMs) {
      throw new DeadlineReachedError(
        `${step} not started: it may take ${Math.round(neededMs)} ms and only ${Math.max(0, Math.round(left))} ms are left before the deadline`,
      );
    }
  }

  /** Throws {@link DeadlineReachedError} unless a step moving `bytes` could finish in time. */
  requireStep(step: string, bytes: number): void {
    this.requireTime(step, this.needs(bytes));
  }

  /**
   * Calls `stop` once the hard stop is reached (or at once when it has passed). Returns the function that cancels
   * this; call it when the copy ends.
   */
  atHardStop(stop: () => void): () => void {
    // setTimeout takes at most 2^31 - 1 ms (~24.8 days); a longer budget (a test's "unlimited") would fire at once.
    const timer = setTimeout(stop, Math.min(MAX_TIMER_MS, Math.max(0, this.untilHardStop())));
    // The timer alone must not keep an otherwise finished process alive.
    timer.unref();
    return () => clearTimeout(timer);
  }
}
