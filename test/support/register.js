// Mocha's TypeScript loader: ts-node in transpile-only mode (`npm test` typechecks separately).
// ts-node installs source-map-support, which makes every stack-trace capture map positions
// through source maps; the Pulumi SDK captures a stack trace per promise it tracks, so that
// mapping dominated the suite's time. Transpiled TypeScript keeps its line numbers, so plain
// V8 stack traces still point at the right lines.
require("ts-node").register({ transpileOnly: true });
Error.prepareStackTrace = undefined;
