/**
 * Destination key layout: `<prefix><domain>/<area>/<YYYY>/<MM>/<DD>/<LogName>`.
 *
 * The layout lives in the library (lib/tencentcloud/cdn-log-backup-key.ts), next to the reader that parses these keys
 * back, so the function and the reader cannot drift apart; esbuild bundles it into the function.
 */
export {
  CdnLogBackupKeyError as UnusableLogEntryError,
  cdnLogBackupObjectKey as objectKeyFor,
  type CdnLogBackupKeyParts as KeyParts,
} from "../../../lib/tencentcloud/cdn/log-backup-key";
