/** What every delivery check shares: the clients, the clock, retried and counted calls, and run-wide CAM facts. */
import type { LiveRole, VerifyServices } from "./api";
import { credentialFailureMessage, isCredentialFailure, isRetryable, VerifyApiError, VerifySetupError } from "./errors";
import { hasUnresolvedToken, needsAppId, withAppId } from "./plan";
import type { VerifyFinding } from "./result";
import { retrying, type VerifyRetryPolicy } from "./retry";

/** The CLS role as CAM reports it, read once per run. */
export interface ClsRoleState {
  readonly role?: LiveRole;
  readonly policies: readonly string[];
}

/** Run-wide settings of the checks. */
export interface CheckSettings {
  readonly now: Date;
  /** Max age of COS/BOS log objects, in seconds. */
  readonly logMaxAgeSeconds: number;
  /** Max age of the CDN backup's run status, in seconds. */
  readonly backupMaxAgeSeconds: number;
  readonly retry: VerifyRetryPolicy;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Calls through retries (throttling, 5xx, dropped connections), stopping the run on rejected credentials. */
export class CallCounter {
  /** Requests made, retries included. */
  count = 0;

  constructor(private readonly settings: CheckSettings) {}

  async call<T>(run: () => Promise<T>): Promise<T> {
    let attempts = 0;
    try {
      return await retrying(
        () => {
          this.count++;
          attempts++;
          return run();
        },
        // A request the SDK already repeated is retried once more, after a backoff, not the full policy over again.
        (error) => isRetryable(error) && !((error as VerifyApiError).sdkRetried && attempts >= 2),
        this.settings.retry,
        this.settings.sleep,
        this.settings.random,
      );
    } catch (error) {
      if (error instanceof VerifyApiError && isCredentialFailure(error))
        throw new VerifySetupError(credentialFailureMessage(error));
      throw error;
    }
  }
}

/** Everything a delivery check needs. */
export class VerifyContext {
  /** Calls shared by all deliveries. */
  readonly shared: CallCounter;
  private appIdPromise?: Promise<string>;
  private clsRolePromise?: Promise<ClsRoleState>;

  constructor(
    readonly services: VerifyServices,
    readonly settings: CheckSettings,
  ) {
    this.shared = new CallCounter(settings);
  }

  /** The account's APPID (CAM GetUserAppId), read once. */
  appId(): Promise<string> {
    this.appIdPromise ??= this.shared.call(() => this.services.cam().getAppId());
    return this.appIdPromise;
  }

  /** CLS_QcsRole and its attached policies (CAM GetRole, ListAttachedRolePolicies), read once. */
  clsRole(name: string): Promise<ClsRoleState> {
    this.clsRolePromise ??= (async () => {
      const role = await this.shared.call(() => this.services.cam().getRole(name));
      if (!role) return { policies: [] };
      const policies = await this.shared.call(() => this.services.cam().listAttachedRolePolicyNames(name));
      return { role, policies };
    })();
    return this.clsRolePromise;
  }

  /**
   * The synthesized `text` with the account's APPID put in; undefined (and a finding) when it holds another
   * reference, known only at plan time.
   */
  async resolve(text: string, attribute: string, findings: VerifyFinding[]): Promise<string | undefined> {
    if (hasUnresolvedToken(text)) {
      findings.push({
        verdict: "unverified",
        attribute,
        synthesized: text,
        detail: "known only at plan time; verify resolves only the account's APPID",
      });
      return undefined;
    }
    return needsAppId(text) ? withAppId(text, await this.appId()) : text;
  }

  /** A counter for one delivery's calls. */
  newCounter(): CallCounter {
    return new CallCounter(this.settings);
  }

  /** Seconds from `date` to now (never negative). */
  ageSeconds(date: Date): number {
    return Math.max(0, Math.round((this.settings.now.getTime() - date.getTime()) / 1000));
  }
}

/** The error of a call that failed for this delivery, as a finding (credential failures never get here). */
export function unverified(attribute: string, error: unknown): VerifyFinding {
  if (!(error instanceof VerifyApiError)) throw error;
  return { verdict: "unverified", attribute, detail: error.message };
}

/** Whether `error` says the bucket (or object) does not exist. */
export function isNotFound(error: unknown): boolean {
  return (
    error instanceof VerifyApiError &&
    (error.status === 404 || /^(NoSuchBucket|NoSuchKey|NoSuchObject)$/.test(error.code ?? ""))
  );
}
