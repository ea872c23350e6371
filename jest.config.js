/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }],
  },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  reporters: ["default", "<rootDir>/test/summary-reporter.js"],
  moduleFileExtensions: ["ts", "js", "json", "node"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
