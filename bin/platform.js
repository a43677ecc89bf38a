#!/usr/bin/env node
// The `platform` CLI: offline plan, policy evaluation, plan diff, benchmark.
// TypeScript sources run through ts-node (transpile only: `npm test` typechecks).
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
require("../tools/cli/main")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
