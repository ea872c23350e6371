import { MIN_MAX_CHARS, PR_COMMENT_MAX_CHARS } from "../markdown/budget";
import { loadSynthesizedStacks, ReviewInputError } from "../review/load";
import type { VerifyServices } from "../verify/api";
import { baiduCloudAccess, isBosEndpoint, tencentCloudAccess, type VerifyEnv } from "../verify/environment";
import { VerifySetupError } from "../verify/errors";
import { renderVerifyMarkdown } from "../verify/markdown";
import { runVerify, type VerifyOptions } from "../verify/run";
import { sdkServices, type SdkClientOptions } from "../verify/sdk-clients";
import { isOption, optionValue, reportExpectedFailure, UsageError } from "./args";
import { CliOutput } from "./output";

/** The `verify` lines of the command's help text. */
export const VERIFY_USAGE = `verify  After \`cdktf deploy\`: reads the live state of every access-log delivery in the synth output (default
        ./cdktf.out) with read-only calls and gives each a verdict: ok, no logs yet, drift (attribute, synthesized
        vs live), missing, failing (the CDN backup's last run failed) or unverified (could not be read).
        Credentials and endpoints as the providers read them: TENCENTCLOUD_SECRET_ID, _SECRET_KEY,
        _SECURITY_TOKEN, _DOMAIN, _PROTOCOL, _COS_DOMAIN; BAIDUCLOUD_ACCESS_KEY, _SECRET_KEY, _SESSION_TOKEN.
        --stack <name>        verify one stack
        --max-age <duration>  newest evidence accepted, e.g. 90m, 3h, 1d12h (default 3h for COS/BOS logs,
                              26h for the daily CDN backup's run status)
        --require-logs        exit 1 on \`no logs yet\` too
        --bos-endpoint <host[:port]>  BOS endpoint (default <region>.bcebos.com; http:// for a local stand-in)
        --json                print the report as JSON
        --max-chars <n>       most characters of Markdown (default ${PR_COMMENT_MAX_CHARS})
        --now <time>          measure ages from this time (default: now), e.g. 2025-01-01T00:00:00Z
        Exit codes: 0 all ok or no logs yet; 1 drift, missing, failing or unverified (or no logs yet with
        --require-logs); 2 usage, credential or unreadable-input errors.
`;

/** What `verify` reads from its surroundings; tests pass their own. */
export interface VerifyCliEnvironment {
  /** @default process.env */
  readonly env?: VerifyEnv;
  /** Replaces the SDK-backed clients. */
  readonly services?: VerifyServices;
  /** Options of the SDK-backed clients (tests pass an HTTP agent that reaches local fakes). */
  readonly sdk?: SdkClientOptions;
  /** Options of the run beyond the command line (tests: the clock, the backoff wait). */
  readonly run?: Pick<VerifyOptions, "now" | "sleep" | "random" | "retry" | "concurrency">;
}

interface VerifyCliOptions {
  outdir: string;
  stack?: string;
  maxAgeSeconds?: number;
  requireLogs: boolean;
  json: boolean;
  maxChars: number;
  bosEndpoint?: string;
  now?: Date;
}

const UNIT_SECONDS: { readonly [unit: string]: number } = { d: 86400, h: 3600, m: 60, s: 1 };

/** `90m`, `3h`, `1d12h`, `45s`: whole numbers with units d, h, m, s, largest first. @returns seconds */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/.test(text) || text === "") return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([dhms])/g)) seconds += Number(amount) * UNIT_SECONDS[unit];
  return seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

function parseVerifyArgs(args: string[]): VerifyCliOptions {
  const options: VerifyCliOptions = { outdir: "", requireLogs: false, json: false, maxChars: PR_COMMENT_MAX_CHARS };
  let outdir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string;
    if (arg === "--json") options.json = true;
    else if (arg === "--require-logs") options.requireLogs = true;
    else if (isOption(arg, "--stack")) [options.stack, i] = optionValue(args, i, "--stack");
    else if (isOption(arg, "--max-age")) {
      [value, i] = optionValue(args, i, "--max-age");
      options.maxAgeSeconds = parseDuration(value);
      if (options.maxAgeSeconds === undefined)
        throw new UsageError(`--max-age needs a duration such as 90m, 3h or 1d12h, got ${JSON.stringify(value)}`);
    } else if (isOption(arg, "--bos-endpoint")) {
      [value, i] = optionValue(args, i, "--bos-endpoint");
      if (!isBosEndpoint(value))
        throw new UsageError(`--bos-endpoint needs host[:port], e.g. bj.bcebos.com, got ${JSON.stringify(value)}`);
      options.bosEndpoint = value;
    } else if (isOption(arg, "--now")) {
      [value, i] = optionValue(args, i, "--now");
      const parsed = Date.parse(value);
      if (Number.isNaN(parsed))
        throw new UsageError(`--now needs an ISO 8601 time such as 2025-01-01T00:00:00Z, got ${JSON.stringify(value)}`);
      options.now = new Date(parsed);
    } else if (isOption(arg, "--max-chars")) {
      [value, i] = optionValue(args, i, "--max-chars");
      if (!/^\d+$/.test(value) || Number(value) < MIN_MAX_CHARS || !Number.isSafeInteger(Number(value)))
        throw new UsageError(
          `--max-chars needs a whole number of at least ${MIN_MAX_CHARS}, got ${JSON.stringify(value)}`,
        );
      options.maxChars = Number(value);
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${JSON.stringify(arg)}`);
    else if (outdir === undefined) outdir = arg;
    else
      throw new UsageError(
        `only one synth output directory can be verified, got ${JSON.stringify(outdir)} and ${JSON.stringify(arg)}`,
      );
  }
  options.outdir = outdir ?? "cdktf.out";
  return options;
}

/**
 * `cdktf-access-logs verify [cdktf.out] …`: the verdict on every delivery. Returns 0, 1 or 2 (see
 * {@link VERIFY_USAGE}).
 */
export async function runVerifyCli(
  args: string[],
  out: CliOutput,
  environment: VerifyCliEnvironment = {},
): Promise<number> {
  try {
    const options = parseVerifyArgs(args);
    const stacks = loadSynthesizedStacks(options.outdir);
    if (options.stack !== undefined && !stacks.some((s) => s.name === options.stack))
      throw new UsageError(
        `no stack ${JSON.stringify(options.stack)} in the synth output; it has ${stacks.map((s) => JSON.stringify(s.name)).join(", ")}`,
      );
    const env = environment.env ?? process.env;
    const services =
      environment.services ??
      sdkServices(
        () => tencentCloudAccess(env),
        () => baiduCloudAccess(env, options.bosEndpoint),
        environment.sdk,
      );
    const report = await runVerify(stacks, services, {
      ...environment.run,
      ...(options.stack !== undefined ? { stack: options.stack } : {}),
      ...(options.maxAgeSeconds !== undefined ? { maxAgeSeconds: options.maxAgeSeconds } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      requireLogs: options.requireLogs,
    });
    out.stdout(
      options.json
        ? `${JSON.stringify(report, null, 2)}\n`
        : renderVerifyMarkdown(report, { maxChars: options.maxChars }),
    );
    return report.exitCode;
  } catch (error) {
    const code = reportExpectedFailure(error, out, {
      prefix: "cdktf-access-logs verify",
      usage: VERIFY_USAGE,
      inputErrors: [ReviewInputError, VerifySetupError],
    });
    if (code !== undefined) return code;
    throw error;
  }
}
