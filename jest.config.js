// Two projects over one test tree:
// - cdktf: the whole suite, against cdktf 0.21 and the bindings in .gen (what `cdktf-access-logs` ships);
// - cdktn: every test file that snapshots synthesized stacks (the examples' stacks among them), run again with `cdktf`
//   resolved to cdktn 0.24 and the bindings @cdktn/provider-generator made in .gen-cdktn (what
//   `cdktf-access-logs/cdktn` ships). Both projects compare against the same __snapshots__, so every such stack must
//   synthesize identically under both CDKs (Testing.synth leaves out the metadata block with the CDK version).
const fs = require("fs");
const path = require("path");

/** Test files with a snapshot file that synthesize stacks (they import the CDK). */
function stackSnapshotTests() {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "__snapshots__" && entry.name !== "fixtures") walk(file);
      } else if (entry.name.endsWith(".test.ts")) {
        const snapshot = path.join(dir, "__snapshots__", `${entry.name}.snap`);
        const importsCdk = /from "cdktf(?:\/[^"]*)?"/.test(fs.readFileSync(file, "utf8"));
        if (importsCdk && fs.existsSync(snapshot)) found.push(file);
      }
    }
  };
  walk(path.join(__dirname, "test"));
  return found.sort();
}

const shared = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  moduleFileExtensions: ["ts", "js", "json", "node"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  projects: [
    { ...shared, displayName: "cdktf", testMatch: ["**/*.test.ts"] },
    {
      ...shared,
      displayName: "cdktn",
      // Also the HCL check: the README promises `cdktf synth --hcl` output that parses under both CDKs.
      testMatch: [...stackSnapshotTests(), path.join(__dirname, "test", "readme", "synth-hcl.test.ts")],
      setupFilesAfterEnv: ["<rootDir>/test/setup-cdktn.ts", ...shared.setupFilesAfterEnv],
      moduleNameMapper: {
        // Exactly the specifiers "cdktf" and "cdktf/...", as scripts/build-cdktn.ts rewrites them.
        "^cdktf$": "cdktn",
        "^cdktf/(.*)$": "cdktn/$1",
        "^(?:\\.\\./)+\\.gen/providers/(.*)$": "<rootDir>/.gen-cdktn/providers/$1",
      },
    },
  ],
};
