import * as fs from "fs";
import * as path from "path";
import { makeTempDir, removeLater, removeSynthOutputs, runCli } from "./synth-output";
import { MAX_CAM_DOCUMENT_DEPTH, parseCamDocument } from "../../lib/checks/cam-rules";
import { jsonNestingDepth } from "../../lib/shared/json-depth";
import { DEFAULT_REVIEW_INPUT_LIMITS, loadSynthesizedStacks, ReviewInputError, SAME_RUN_MTIME_SLACK_MS } from "../../lib/review/load";

const tempDir = makeTempDir;
const run = runCli;

afterAll(removeSynthOutputs);

/** A stack as cdktf writes it: its `//` metadata and one bucket. */
function stackJson(name: string, extra: { [key: string]: unknown } = {}): { [key: string]: unknown } {
  return {
    "//": { metadata: { backend: "local", stackName: name, version: "0.21.0" }, outputs: {} },
    resource: { tencentcloud_cos_bucket: { b: { bucket: `${name}-1250000000`, "//": { metadata: { path: `${name}/b` } } } } },
    ...extra,
  };
}

/** Writes a synth output like cdktf: stacks first, the manifest last (so it is the newest file). */
function writeSynth(stacks: { [name: string]: unknown }, manifestOverride?: (manifest: { version: string; stacks: { [name: string]: { [key: string]: unknown } } }) => void): string {
  const dir = tempDir();
  const manifest = { version: "0.21.0", stacks: {} as { [name: string]: { [key: string]: unknown } } };
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), typeof json === "string" ? json : JSON.stringify(json));
    manifest.stacks[name] = { name, synthesizedStackPath: path.join("stacks", name, "cdk.tf.json"), workingDirectory: path.join("stacks", name) };
  }
  manifestOverride?.(manifest);
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

function loadError(dir: string, limits = DEFAULT_REVIEW_INPUT_LIMITS): string {
  try {
    loadSynthesizedStacks(dir, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewInputError);
    return (error as Error).message;
  }
  throw new Error("expected the output to be refused");
}

/** JSON text nesting `depth` objects deep in total (the stack object is level 1). */
function nested(depth: number): string {
  // stackJson is 1 level; "locals" adds one per object.
  let inner = '"x"';
  for (let i = 0; i < depth - 1; i++) inner = `{"a":${inner}}`;
  const base = JSON.stringify(stackJson("deep"));
  return `${base.slice(0, -1)},"locals":${inner}}`;
}

describe("loadSynthesizedStacks: reading only inside the synth output", () => {
  test("a synthesizedStackPath leading out of the directory is refused without reading it", async () => {
    const dir = writeSynth({ app: stackJson("app") });
    // The file the manifest points at exists, next to the synth output.
    fs.writeFileSync(path.join(dir, "..", `${path.basename(dir)}-outside.env`), "TENCENTCLOUD_SECRET_KEY=do-not-echo-me\n");
    removeLater(path.join(dir, "..", `${path.basename(dir)}-outside.env`));
    const relativeOut = `../${path.basename(dir)}-outside.env`;
    for (const relative of [relativeOut, `stacks/../../${path.basename(dir)}-outside.env`, path.resolve(dir, relativeOut)]) {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
      manifest.stacks.app.synthesizedStackPath = relative;
      fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
      const { code, stdout, stderr } = await run("review", dir);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toContain(`stack "app": synthesizedStackPath ${JSON.stringify(relative)} points outside the synth output directory`);
      expect(stderr).not.toContain("do-not-echo-me");
    }
  });

  test("a symbolic link inside the directory pointing outside is refused", async () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, "cdk.tf.json"), JSON.stringify(stackJson("app")));
    const dir = writeSynth({ app: stackJson("app") });
    fs.rmSync(path.join(dir, "stacks", "app", "cdk.tf.json"));
    fs.symlinkSync(path.join(outside, "cdk.tf.json"), path.join(dir, "stacks", "app", "cdk.tf.json"));
    const { code, stderr } = await run("review", dir);
    expect(code).toBe(2);
    expect(stderr).toContain('stack "app": "stacks/app/cdk.tf.json" resolves through a symbolic link to a file outside the synth output directory');
  });

  test("a manifest.json that links outside is refused", () => {
    const dir = writeSynth({ app: stackJson("app") });
    const elsewhere = writeSynth({ app: stackJson("app") });
    fs.rmSync(path.join(dir, "manifest.json"));
    fs.symlinkSync(path.join(elsewhere, "manifest.json"), path.join(dir, "manifest.json"));
    expect(loadError(dir)).toContain('manifest.json: "manifest.json" resolves through a symbolic link to a file outside');
  });

  test("links that stay inside, and a linked output directory, are followed", () => {
    const dir = writeSynth({ app: stackJson("app") });
    fs.renameSync(path.join(dir, "stacks", "app", "cdk.tf.json"), path.join(dir, "stacks", "app", "real.json"));
    fs.symlinkSync("real.json", path.join(dir, "stacks", "app", "cdk.tf.json"));
    const link = path.join(tempDir(), "out-link");
    fs.symlinkSync(dir, link);
    const now = new Date();
    fs.utimesSync(path.join(dir, "manifest.json"), now, now);
    expect(loadSynthesizedStacks(link).map((s) => s.name)).toEqual(["app"]);
  });
});

describe("loadSynthesizedStacks: refusing stale or incomplete output", () => {
  test("a stack the manifest lists but that is missing", () => {
    const dir = writeSynth({ app: stackJson("app"), web: stackJson("web") });
    fs.rmSync(path.join(dir, "stacks", "web"), { recursive: true });
    expect(loadError(dir)).toBe(
      'stack "web" is listed in manifest.json but "stacks/web/cdk.tf.json" does not exist: the synth output is incomplete. ' +
        "Fix: delete the directory and run `cdktf synth` again; review only after synth succeeds.",
    );
  });

  test(`a stack written more than ${SAME_RUN_MTIME_SLACK_MS} ms after the manifest comes from a later, failed synth`, () => {
    const dir = writeSynth({ app: stackJson("app"), web: stackJson("web") });
    const manifestTime = new Date("2025-01-01T00:00:00Z");
    fs.utimesSync(path.join(dir, "manifest.json"), manifestTime, manifestTime);
    const stackFile = path.join(dir, "stacks", "web", "cdk.tf.json");
    fs.utimesSync(path.join(dir, "stacks", "app", "cdk.tf.json"), manifestTime, new Date(manifestTime.getTime() - 60_000));
    fs.utimesSync(stackFile, manifestTime, new Date(manifestTime.getTime() + SAME_RUN_MTIME_SLACK_MS));
    expect(loadSynthesizedStacks(dir).map((s) => s.name)).toEqual(["app", "web"]);
    fs.utimesSync(stackFile, manifestTime, new Date(manifestTime.getTime() + SAME_RUN_MTIME_SLACK_MS + 1));
    expect(loadError(dir)).toContain('stack "web" was written after manifest.json: a later synth rewrote it and then failed, so the output mixes two runs.');
  });

  test("a stack from another cdktf version than the manifest", () => {
    const other = stackJson("app");
    (other["//"] as { metadata: { version: string } }).metadata.version = "0.20.0";
    expect(loadError(writeSynth({ app: other }))).toContain('stack "app" was written by cdktf "0.20.0" but manifest.json by cdktf "0.21.0": they come from different synth runs.');
  });

  test("a file holding another stack than the manifest says", () => {
    expect(loadError(writeSynth({ app: stackJson("web") }))).toContain('stack "app": the file holds stack "web", not the one manifest.json lists there.');
  });

  test("a stack without cdktf's metadata", () => {
    expect(loadError(writeSynth({ app: { resource: {} } }))).toContain('stack "app" has no //.metadata block, so it was not written by `cdktf synth`.');
  });

  test("a manifest that is not a cdktf manifest", () => {
    const dir = writeSynth({ app: stackJson("app") }, (m) => {
      (m as { version?: string }).version = undefined;
    });
    expect(loadError(dir)).toContain('manifest.json is not a cdktf manifest (it needs "version" and "stacks").');
  });

  test("a manifest entry without a stack path", () => {
    const dir = writeSynth({ app: stackJson("app") }, (m) => {
      delete m.stacks.app.synthesizedStackPath;
    });
    expect(loadError(dir)).toContain('stack "app" has no usable synthesizedStackPath in manifest.json.');
  });

  test("invalid JSON is reported by position, never by content", () => {
    const dir = writeSynth({ app: '{"//": "SECRET=do-not-echo-me' });
    const message = loadError(dir);
    expect(message).toMatch(/^stack "app" is not valid JSON( \(syntax error at character \d+\))?\. Fix:/);
    expect(message).not.toContain("do-not-echo-me");
  });

  test("names with control characters are quoted and escaped in errors", () => {
    const name = "evil\u001b[31m\nname";
    const dir = writeSynth({ [name]: stackJson("other") });
    expect(loadError(dir)).toContain(`stack ${JSON.stringify(name)}: the file holds stack "other"`);
  });
});

describe("loadSynthesizedStacks: bounded size and nesting", () => {
  test(`nesting of exactly ${DEFAULT_REVIEW_INPUT_LIMITS.maxDepth} levels is read; one more is refused`, () => {
    const limit = DEFAULT_REVIEW_INPUT_LIMITS.maxDepth;
    expect(jsonNestingDepth(nested(limit))).toBe(limit);
    expect(loadSynthesizedStacks(writeSynth({ deep: nested(limit) })).map((s) => s.name)).toEqual(["deep"]);
    expect(loadError(writeSynth({ deep: nested(limit + 1) }))).toContain(`stack "deep" nests objects and arrays more than ${limit} levels deep`);
  });

  test("20,000 levels of nesting end in a clear error and exit 2, not a stack overflow", async () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const { code, stderr } = await run("review", writeSynth({ deep }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^cdktf-access-logs: stack "deep" nests objects and arrays more than 64 levels deep/);
    expect(stderr).not.toMatch(/RangeError|    at /);
  });

  test("a CAM document nested 20,000 levels deep inside a stack string is reported as unreadable, not a stack overflow", async () => {
    const condition = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    const document = `{"version":"2.0","statement":[{"effect":"allow","action":["name/cos:GetObject"],"resource":["*"],"condition":{"string_equal":${condition}}}]}`;
    const stack = stackJson("app", {
      resource: { tencentcloud_cam_policy: { deep: { name: "deep", document, "//": { metadata: { path: "app/Deep" } } } } },
    });
    const { code, stdout, stderr } = await run("review", writeSynth({ app: stack }), "--json");
    expect(stderr).toBe("");
    expect(code).toBe(1);
    const details = (JSON.parse(stdout) as { stacks: { findings: { detail: string }[] }[] }).stacks[0].findings.map((f) => f.detail);
    expect(details.join("\n")).toContain(`document nests more than ${MAX_CAM_DOCUMENT_DEPTH} levels deep`);
  });

  test(`CAM documents nesting exactly ${MAX_CAM_DOCUMENT_DEPTH} levels are read; one more is refused`, () => {
    const wrap = (depth: number): string => {
      // {"statement":[{..., "condition":{"k": <nested arrays>}}]} is 4 levels before the arrays.
      const arrays = depth - 4;
      return `{"statement":[{"effect":"allow","action":"a","resource":"r","condition":{"k":${"[".repeat(arrays)}${"]".repeat(arrays)}}}]}`;
    };
    expect(jsonNestingDepth(wrap(MAX_CAM_DOCUMENT_DEPTH))).toBe(MAX_CAM_DOCUMENT_DEPTH);
    expect(parseCamDocument(wrap(MAX_CAM_DOCUMENT_DEPTH))?.problem).toBeUndefined();
    expect(parseCamDocument(wrap(MAX_CAM_DOCUMENT_DEPTH + 1))?.problem).toBe(`document nests more than ${MAX_CAM_DOCUMENT_DEPTH} levels deep`);
  });

  test("jsonNestingDepth ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonNestingDepth('{"a":"[[{{\\"]]","b":[1,{"c":[]}]}')).toBe(4);
    expect(jsonNestingDepth('"[[["')).toBe(0);
  });

  test("a stack at the size limit is read; one byte more is refused", () => {
    const dir = writeSynth({ app: stackJson("app") });
    const size = fs.statSync(path.join(dir, "stacks", "app", "cdk.tf.json")).size;
    expect(loadSynthesizedStacks(dir, { ...DEFAULT_REVIEW_INPUT_LIMITS, maxStackBytes: size })).toHaveLength(1);
    expect(loadError(dir, { ...DEFAULT_REVIEW_INPUT_LIMITS, maxStackBytes: size - 1 })).toBe(
      `stack "app" is ${size} bytes, more than the limit of ${size - 1}: split the app into smaller stacks`,
    );
  });

  test("the stacks together at the total limit are read; one byte more is refused", () => {
    const dir = writeSynth({ app: stackJson("app"), web: stackJson("web") });
    const total = ["app", "web"].reduce((sum, name) => sum + fs.statSync(path.join(dir, "stacks", name, "cdk.tf.json")).size, 0);
    expect(loadSynthesizedStacks(dir, { ...DEFAULT_REVIEW_INPUT_LIMITS, maxTotalBytes: total })).toHaveLength(2);
    expect(loadError(dir, { ...DEFAULT_REVIEW_INPUT_LIMITS, maxTotalBytes: total - 1 })).toContain(`the stacks add up to more than the limit of ${total - 1} bytes`);
  });

  test("a manifest at the size limit is read; one byte more is refused", () => {
    const dir = writeSynth({ app: stackJson("app") });
    const size = fs.statSync(path.join(dir, "manifest.json")).size;
    expect(loadSynthesizedStacks(dir, { ...DEFAULT_REVIEW_INPUT_LIMITS, maxManifestBytes: size })).toHaveLength(1);
    expect(loadError(dir, { ...DEFAULT_REVIEW_INPUT_LIMITS, maxManifestBytes: size - 1 })).toContain(`manifest.json is ${size} bytes, more than the limit of ${size - 1}`);
  });
});
