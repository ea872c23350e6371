"use strict";
// Entry point `cdktf-access-logs/cdktn` (the library built against cdktn) for resolvers that ignore package.json
// "exports" (TypeScript's classic "moduleResolution": "node", older bundlers). scripts/build-cdktn.ts builds it from lib/.
module.exports = require("../dist/cdktn/lib/index.js");
