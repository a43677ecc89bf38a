import { expect } from "chai";
import { codebuildLogging, codebuildNoPlaintextSecrets, codebuildSourceNoCredentials } from "../../../policy-packs/aws-baseline/policies/codebuild";
import { PolicyRun, runPolicy } from "../../support/policy";

/**
 * CodeBuild rules, one condition at a time (issue #15): each case fails if the rule stops catching
 * it, or starts refusing what it must allow. codebuild-backup-s3.test.ts describes the rules
 * (FSBP CodeBuild.1-4, https://docs.aws.amazon.com/securityhub/latest/userguide/codebuild-controls.html, read 2026-12-03).
 */

const PROJECT = "aws:codebuild/project:Project";
const run = (policy: Parameters<typeof runPolicy>[0], inputs: Record<string, unknown>) => runPolicy(policy, { type: PROJECT, inputs });

/** Undecided before apply, at exactly this input path: neither a pass nor a failure. */
function expectUndecidedAt(r: PolicyRun, path: string): void {
    expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(r.messages).to.have.length(1);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.messages[0]).to.contain(` at ${path} can't be known during preview`);
    expect(r.outcome).to.equal("unknown");
}

describe("codebuild-source-no-credentials, condition by condition", () => {
    const msg = (where: string) => `CodeBuild ${where}.location carries credentials in its URL; remove them and authenticate with ${where}.auth.`;
    const source = (location: unknown) => run(codebuildSourceNoCredentials, { source: { type: "GITHUB", location } });

    for (const location of [
        "https://x-token-auth:secret@bitbucket.org/acme/app.git",
        "https://ghp_abc123@github.com/acme/app.git",
        "HTTPS://user:pw@bitbucket.org/acme/app.git",
        "git+https://user:pw@example.com/acme/app.git",
    ]) {
        it(`flags user information in ${location}`, async () => {
            expect((await source(location)).reported).to.deep.equal([msg("source")]);
        });
    }
    for (const location of [
        "https://github.com/acme/app.git",
        "https://github.com/acme/app@v1",
        "https://github.com/acme/app.git#refs/heads/main@{1}",
        "bucket/key@v1.zip",
    ]) {
        it(`passes ${location} (no user information before the host)`, async () => {
            expect((await source(location)).outcome).to.equal("pass");
        });
    }
    it("passes a project without source location (CODEPIPELINE, NO_SOURCE) and a source that is not an object", async () => {
        expect((await run(codebuildSourceNoCredentials, { source: { type: "NO_SOURCE" } })).outcome).to.equal("pass");
        expect((await run(codebuildSourceNoCredentials, { source: { type: "GITHUB", location: 42 }, secondarySources: ["x", null] })).outcome).to.equal("pass");
    });
    it("checks every secondary source, not only the first", async () => {
        const r = await run(codebuildSourceNoCredentials, {
            source: { type: "GITHUB", location: "https://github.com/acme/app.git" },
            secondarySources: [
                { type: "GITHUB", location: "https://github.com/acme/lib.git" },
                { type: "BITBUCKET", location: "https://u:p@bitbucket.org/acme/lib.git" },
            ],
        });
        expect(r.reported).to.deep.equal([msg("secondarySources[1]")]);
    });
    it("can't decide before apply on a source, a secondary source list, a secondary source or a location unknown until apply", async () => {
        expectUndecidedAt(await run(codebuildSourceNoCredentials, { source: "<computed>" }), ".source");
        expectUndecidedAt(await source("<computed>"), ".source.location");
        expectUndecidedAt(await run(codebuildSourceNoCredentials, { secondarySources: "<computed>" }), ".secondarySources");
        expectUndecidedAt(await run(codebuildSourceNoCredentials, { secondarySources: [{ location: "https://github.com/a/b" }, "<computed>"] }), ".secondarySources.1");
        expectUndecidedAt(await run(codebuildSourceNoCredentials, { secondarySources: [{ location: "https://github.com/a/b" }, { location: "<computed>" }] }), ".secondarySources.1.location");
    });
    it("still fails a known credential beside an unknown source (mandatory, not advisory)", async () => {
        const r = await run(codebuildSourceNoCredentials, { source: "<computed>", secondarySources: [{ location: "https://u:p@bitbucket.org/a/b" }] });
        expect(r.reported).to.deep.equal([msg("secondarySources[0]")]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

describe("codebuild-no-plaintext-secrets, condition by condition", () => {
    const msg = (name: string, type = "unset, PLAINTEXT") => `CodeBuild environment variable ${name} is a credential in plain text (type ${type}); use type SECRETS_MANAGER or PARAMETER_STORE.`;
    const env = (environmentVariables: unknown) => run(codebuildNoPlaintextSecrets, { environment: { type: "LINUX_CONTAINER", environmentVariables } });

    for (const name of [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "TOKEN",
        "NPM_TOKEN",
        "SECRET",
        "CLIENT_SECRET_VALUE",
        "PASSWORD",
        "DB_PASSWORD",
        "PASSWD",
        "PRIVATE_KEY",
        "SSH_PRIVATE_KEY",
        "API_KEY",
        "STRIPE_API_KEY",
        "ACCESS_KEY",
        "db_password",
        "Github_Token",
    ]) {
        it(`flags ${name} in plain text`, async () => {
            expect((await env([{ name, value: "x" }])).reported).to.deep.equal([msg(name)]);
        });
    }
    for (const name of ["TOKENIZER_MODE", "SECRETARY", "MY_SECRETS", "PASSWORDLESS", "XTOKEN", "APIKEY", "PRIVATE", "KEY", "ACCESS", "NODE_ENV"]) {
        it(`passes ${name} (not a credential name)`, async () => {
            expect((await env([{ name, value: "x" }])).outcome).to.equal("pass");
        });
    }
    it("flags the PLAINTEXT type as well as an unset one, and passes the secret store types", async () => {
        expect((await env([{ name: "NPM_TOKEN", value: "x", type: "PLAINTEXT" }])).reported).to.deep.equal([msg("NPM_TOKEN", "PLAINTEXT")]);
        expect((await env([{ name: "NPM_TOKEN", value: "npm", type: "SECRETS_MANAGER" }, { name: "DB_PASSWORD", value: "/db", type: "PARAMETER_STORE" }])).outcome).to.equal("pass");
    });
    it("reports every plain-text credential, not only the first", async () => {
        expect((await env([{ name: "A_TOKEN", value: "x" }, { name: "NODE_ENV", value: "ci" }, { name: "B_SECRET", value: "y" }])).reported).to.deep.equal([msg("A_TOKEN"), msg("B_SECRET")]);
    });
    it("passes entries that are not variables, and a project without variables", async () => {
        expect((await env([null, "NPM_TOKEN", ["NPM_TOKEN"]])).outcome).to.equal("pass");
        expect((await run(codebuildNoPlaintextSecrets, { environment: { type: "LINUX_CONTAINER" } })).outcome).to.equal("pass");
    });
    it("can't decide before apply on an environment, variable list, variable, name or type unknown until apply", async () => {
        expectUndecidedAt(await run(codebuildNoPlaintextSecrets, { environment: "<computed>" }), ".environment");
        expectUndecidedAt(await env("<computed>"), ".environment.environmentVariables");
        expectUndecidedAt(await env([{ name: "NODE_ENV", value: "ci" }, "<computed>"]), ".environment.environmentVariables.1");
        expectUndecidedAt(await env([{ name: "<computed>", value: "x", type: "PLAINTEXT" }]), ".environment.environmentVariables.0.name");
        expectUndecidedAt(await env([{ name: "NPM_TOKEN", value: "x", type: "<computed>" }]), ".environment.environmentVariables.0.type");
    });
    it("still fails a known plain-text credential beside an unknown variable (mandatory)", async () => {
        const r = await env(["<computed>", { name: "NPM_TOKEN", value: "x" }]);
        expect(r.reported).to.deep.equal([msg("NPM_TOKEN")]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

describe("codebuild-logging, condition by condition", () => {
    const NOTHING = 'CodeBuild project logs nothing: logsConfig.cloudwatchLogs.status is DISABLED and S3 logs are off; keep CloudWatch Logs "ENABLED" or enable S3 logs.';
    const UNENCRYPTED = "CodeBuild S3 logs must be encrypted; remove logsConfig.s3Logs.encryptionDisabled: true.";
    const logs = (logsConfig: unknown) => run(codebuildLogging, { logsConfig });

    it("counts CloudWatch Logs on unless DISABLED (unset block, unset status, ENABLED)", async () => {
        for (const cloudwatchLogs of [undefined, {}, { status: "ENABLED" }]) {
            expect((await logs({ cloudwatchLogs, s3Logs: { status: "DISABLED" } })).outcome, JSON.stringify(cloudwatchLogs)).to.equal("pass");
        }
    });
    it("counts S3 logs on only when ENABLED (unset block, unset status, DISABLED are off)", async () => {
        for (const s3Logs of [undefined, {}, { status: "DISABLED" }]) {
            expect((await logs({ cloudwatchLogs: { status: "DISABLED" }, s3Logs })).reported, JSON.stringify(s3Logs)).to.deep.equal([NOTHING]);
        }
        expect((await logs({ cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "ENABLED" } })).outcome).to.equal("pass");
    });
    it("flags encryptionDisabled true or \"true\", with no logging reported beside it", async () => {
        expect((await logs({ s3Logs: { status: "ENABLED", encryptionDisabled: "true" } })).reported).to.deep.equal([UNENCRYPTED]);
        expect((await logs({ cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED", encryptionDisabled: true } })).reported).to.deep.equal([NOTHING, UNENCRYPTED]);
        expect((await logs({ s3Logs: { status: "ENABLED", encryptionDisabled: false } })).outcome).to.equal("pass");
    });
    it("can't decide before apply on each part of logsConfig unknown until apply", async () => {
        expectUndecidedAt(await logs("<computed>"), ".logsConfig");
        expectUndecidedAt(await logs({ cloudwatchLogs: "<computed>" }), ".logsConfig.cloudwatchLogs");
        expectUndecidedAt(await logs({ s3Logs: "<computed>" }), ".logsConfig.s3Logs");
        expectUndecidedAt(await logs({ cloudwatchLogs: { status: "<computed>" } }), ".logsConfig.cloudwatchLogs.status");
        expectUndecidedAt(await logs({ s3Logs: { status: "<computed>" } }), ".logsConfig.s3Logs.status");
        expectUndecidedAt(await logs({ s3Logs: { status: "ENABLED", encryptionDisabled: "<computed>" } }), ".logsConfig.s3Logs.encryptionDisabled");
    });
    it("can't decide before apply whether anything logs when CloudWatch Logs is DISABLED and S3 logs are unknown until apply", async () => {
        expectUndecidedAt(await logs({ cloudwatchLogs: { status: "DISABLED" }, s3Logs: "<computed>" }), ".logsConfig.s3Logs");
        expectUndecidedAt(await logs({ cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "<computed>" } }), ".logsConfig.s3Logs.status");
    });
});
