#!/usr/bin/env node
// The `platform` CLI: offline plan, policy evaluation, plan diff, benchmark.
// TypeScript sources run through ts-node (transpile only: `npm test` typechecks).
const path = require("path");
require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
// ts-node's source-map-support maps every stack-trace capture through source maps, and the
// Pulumi SDK captures one per tracked promise: that mapping cost more than the plan itself.
// Transpiled TypeScript keeps its line numbers, so plain V8 traces still point at the source.
Error.prepareStackTrace = undefined;
// A failure outside main's own promise chain (an SDK callback rejecting after the program
// returned) still ends as an internal error, exit 3, never as Node's raw stack trace.
const debug = process.argv.includes("--debug");
function internal(e) {
    const message = String((e && e.message) || e).split("\n")[0];
    process.stderr.write(debug ? `error: internal error: ${message}\n${(e && e.stack) || e}\n` : `error: internal error: ${message}; rerun with --debug for the stack trace\n`);
    process.exit(3);
}
process.on("unhandledRejection", internal);
process.on("uncaughtException", internal);
require("../tools/cli/main")
    .main(process.argv.slice(2))
    .then((code) => {
        process.exitCode = code;
    }, internal);
