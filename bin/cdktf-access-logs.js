#!/usr/bin/env node
// Entry point of the `cdktf-access-logs` command. Runs the compiled CLI from dist/ when the package is built, else the
// TypeScript source through ts-node (transpile only), so it also works straight from a checkout.
"use strict";
const fs = require("fs");
const path = require("path");

const compiled = path.join(__dirname, "..", "dist", "lib", "cli", "index.js");
let cli;
if (fs.existsSync(compiled)) {
  cli = require(compiled);
} else {
  require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
  cli = require(path.join(__dirname, "..", "lib", "cli", "index.ts"));
}

cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`cdktf-access-logs: ${error && error.message ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
