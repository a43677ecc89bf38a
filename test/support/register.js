// Mocha's TypeScript loader: the CLI's (bin/register.js): types stripped by Sucrase with line
// numbers kept, output cached by content (docs/decisions/0016-startup.md). `npm test` typechecks
// separately with tsc.
require("../../bin/register");
