#!/usr/bin/env node
// The `platform` CLI: offline plan, policy evaluation, plan diff, benchmark.
// TypeScript sources run through ts-node (transpile only: `npm test` typechecks).
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
// ts-node's source-map-support maps every stack-trace capture through source maps, and the
// Pulumi SDK captures one per tracked promise: that mapping cost more than the plan itself.
// Transpiled TypeScript keeps its line numbers, so plain V8 traces still point at the source.
Error.prepareStackTrace = undefined;
require("../tools/cli/main")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    });
