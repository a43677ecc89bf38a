// Mutation testing of the policy packs (README "Mutation testing"; options:
// https://stryker-mutator.io/docs/stryker-js/configuration/ and
// https://stryker-mutator.io/docs/stryker-js/mocha-runner/, read 2026-12-03).
//
// - The spec is the policy-pack tests only (test/policy-packs/**); the project's own mocha setup
//   (.mocharc.json, so test/support/register.js loads the TypeScript) runs them.
// - perTest coverage: each mutant runs only the tests that reach it.
// - Incremental: results are kept in reports/mutation/ (git-ignored) so a local rerun tests only
//   the mutants whose code or tests changed; the weekly workflow starts from none and runs all.
// - No typescript-checker: on 2 cores a type check per mutant costs more than running the few
//   type-invalid mutants, which the tests then kill or not like any other.
// - `npm run test:mutation -- --mutate policy-packs/aws-baseline/policies/iam.ts` scopes a run.
// - MUTATION_REPORT=<name> writes reports/mutation/<name>.{json,html} and its own incremental file,
//   so that scoped runs side by side do not overwrite each other's results.
// - MUTATION_SPEC=<glob>[,<glob>] narrows the spec (static mutants rerun the whole spec; the
//   weekly run keeps the default, all of test/policy-packs).

const report = process.env.MUTATION_REPORT || "mutation";
const spec = process.env.MUTATION_SPEC ? process.env.MUTATION_SPEC.split(",") : ["test/policy-packs/**/*.test.ts"];

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
    packageManager: "npm",
    testRunner: "mocha",
    mochaOptions: {
        config: ".mocharc.json",
        spec,
    },
    coverageAnalysis: "perTest",
    mutate: [
        "policy-packs/**/*.ts",
        // Only `new PolicyPack(...)`, which starts a gRPC server and is never loaded by a test (STYLE.md).
        "!policy-packs/aws-baseline/index.ts",
        "!policy-packs/kubernetes-baseline/index.ts",
    ],
    ignorePatterns: ["dist", ".plan", "reports", "docs", ".stryker-tmp"],
    incremental: true,
    incrementalFile: `reports/mutation/${report === "mutation" ? "stryker-incremental" : `${report}-incremental`}.json`,
    concurrency: 2,
    timeoutMS: 20000,
    reporters: ["clear-text", "progress", "html", "json"],
    htmlReporter: { fileName: `reports/mutation/${report}.html` },
    jsonReporter: { fileName: `reports/mutation/${report}.json` },
    // The issue's bar (#15): every file at least 85%; the four core rule files at least 90%.
    thresholds: { high: 90, low: 85, break: null },
    // One temp directory per report, so that a finishing run does not clean a running one.
    tempDirName: report === "mutation" ? ".stryker-tmp" : `.stryker-tmp/${report}`,
    cleanTempDir: true,
};

export default config;
