// Where the CDN log backup's function code comes from: a folder the user names, or this package's built bundle.
import { existsSync, statSync } from "fs";
import * as path from "path";
import { IConstruct } from "constructs";
import { invalidProp } from "../../shared/errors";
import { CDN_LOG_BACKUP_HANDLER } from "./log-backup-props";

const BUNDLE_RELATIVE_DIR = path.join("functions", "cdn-log-backup", "dist");
const BUNDLE_ENTRY_FILE = "index.js";

/** The folder with the bundled function: `codePath`, or this package's built bundle. */
export function locateFunctionCode(scope: IConstruct, codePath: string | undefined): string {
  if (codePath !== undefined) {
    const dir = path.resolve(codePath);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      invalidProp(
        scope,
        "codePath",
        codePath,
        "is not a folder",
        "point it at the folder holding the bundled index.js",
      );
    }
    if (!existsSync(path.join(dir, BUNDLE_ENTRY_FILE))) {
      invalidProp(
        scope,
        "codePath",
        codePath,
        `has no ${BUNDLE_ENTRY_FILE}`,
        `the handler is ${CDN_LOG_BACKUP_HANDLER}: put the bundle's ${BUNDLE_ENTRY_FILE} at the top of the folder`,
      );
    }
    return dir;
  }
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, BUNDLE_RELATIVE_DIR);
    if (existsSync(path.join(candidate, BUNDLE_ENTRY_FILE))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return invalidProp(
    scope,
    "codePath",
    codePath,
    `is not set and the bundled function (${path.join(BUNDLE_RELATIVE_DIR, BUNDLE_ENTRY_FILE)}) was not found above ${__dirname}`,
    "run `npm run build:function` (node functions/cdn-log-backup/build.mjs) in the cdktf-access-logs package, or set codePath to a folder holding the bundle",
  );
}
