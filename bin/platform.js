#!/usr/bin/env node
// The `platform` CLI: offline plan, policy evaluation, plan diff, benchmark.
// TypeScript sources load through bin/register.js: types stripped by Sucrase, cached by content
// (docs/decisions/0016-startup.md); `npm test` typechecks.
require("./register");
require("./lazy-modules");
// A failure outside main's own promise chain (an SDK callback rejecting after the program
// returned) still ends as an internal error, exit 3, never as Node's raw stack trace.
const debug = process.argv.includes("--debug");
// Without --debug no stack trace is ever printed, and capturing them is pure cost: the Pulumi SDK
// captures one per tracked promise (several per resource) and the policy evaluator's
// not-applicable signal is an Error. With --debug they are captured as usual.
if (!debug) {
    Error.stackTraceLimit = 0;
}
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
