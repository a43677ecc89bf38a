import { expect } from "chai";
import { codebuildLogging, codebuildNoPlaintextSecrets, codebuildPolicies, codebuildSourceNoCredentials } from "../../../policy-packs/aws-baseline/policies/codebuild";
import { backupPolicies, backupRecoveryPointsEncrypted } from "../../../policy-packs/aws-baseline/policies/backup";
import { s3AccountAccessPolicies, s3PolicyNoAccountAdministration } from "../../../policy-packs/aws-baseline/policies/s3-account-access";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn } from "../../support/policy";

const PROJECT = "aws:codebuild/project:Project";
const VAULT = "aws:backup/vault:Vault";
const SELECTION = "aws:backup/selection:Selection";
const EBS = "aws:ebs/encryptionByDefault:EncryptionByDefault";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKET = "aws:s3/bucket:Bucket";

const r = (type: string, name: string, inputs: Record<string, unknown>): ResourceSpec => ({ type, name, urn: urn(type, name), inputs });

function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

/** What GitHubRunners declares (components/delivery/github-runners.ts). */
const RUNNER = {
    name: "runner-dev",
    serviceRole: "arn:aws:iam::222222222222:role/platform/runner-dev",
    artifacts: { type: "NO_ARTIFACTS" },
    environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_MEDIUM", image: "aws/codebuild/amazonlinux-x86_64-standard:5.0", imagePullCredentialsType: "CODEBUILD", privilegedMode: false },
    source: { type: "GITHUB", location: "https://github.com/acme/platform.git", gitCloneDepth: 1, auth: { type: "CODECONNECTIONS", resource: "arn:aws:codeconnections:eu-west-1:222222222222:connection/x" } },
    logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: "/platform/ci/dev" }, s3Logs: { status: "DISABLED" } },
};
const project = (change: Record<string, unknown>) => r(PROJECT, "runner", { ...RUNNER, ...change });

describe("codebuild policies", () => {
    it("exports the three CodeBuild policies, mandatory, claiming CodeBuild.1-4", () => {
        expect(codebuildPolicies.map((p) => [p.name, p.enforcementLevel, `${p.framework!.name}:${p.framework!.reference}`, p.tags])).to.deep.equal([
            ["codebuild-source-no-credentials", "mandatory", "fsbp:CodeBuild.1", []],
            ["codebuild-no-plaintext-secrets", "mandatory", "fsbp:CodeBuild.2", []],
            ["codebuild-logging", "mandatory", "fsbp:CodeBuild.4", ["fsbp:CodeBuild.3"]],
        ]);
    });
    it("pass the runner projects GitHubRunners declares", async () => {
        for (const policy of codebuildPolicies) {
            expect((await runPolicy(policy, project({}))).outcome, policy.name).to.equal("pass");
        }
    });
    it("codebuild-source-no-credentials: flags a token or user and password in a source or secondary source URL", async () => {
        const run = await runPolicy(codebuildSourceNoCredentials, project({ source: { type: "BITBUCKET", location: "https://user:app-password@bitbucket.org/acme/app.git" } }));
        expect(run.reported).to.deep.equal(["CodeBuild source.location carries credentials in its URL; remove them and authenticate with source.auth."]);
        const secondary = await runPolicy(codebuildSourceNoCredentials, project({ secondarySources: [{ type: "GITHUB", sourceIdentifier: "lib", location: "https://ghp_token@github.com/acme/lib.git" }] }));
        expect(secondary.reported).to.deep.equal(["CodeBuild secondarySources[0].location carries credentials in its URL; remove them and authenticate with secondarySources[0].auth."]);
        expect((await runPolicy(codebuildSourceNoCredentials, project({ source: { type: "S3", location: "bucket/key@v1.zip" } }))).outcome).to.equal("pass");
        expectUnknownOnly(await runPolicy(codebuildSourceNoCredentials, project({ source: { type: "GITHUB", location: "<computed>" } })));
    });
    it("codebuild-no-plaintext-secrets: flags credentials in PLAINTEXT (or untyped) variables, not references to secret stores", async () => {
        const env = (vars: unknown[]) => project({ environment: { ...RUNNER.environment, environmentVariables: vars } });
        const run = await runPolicy(codebuildNoPlaintextSecrets, env([
            { name: "AWS_SECRET_ACCESS_KEY", value: "x" },
            { name: "GITHUB_TOKEN", value: "x", type: "PLAINTEXT" },
            { name: "DB_PASSWORD", value: "/platform/db", type: "PARAMETER_STORE" },
            { name: "NPM_TOKEN", value: "platform/npm", type: "SECRETS_MANAGER" },
            { name: "TOKENIZER_MODE", value: "fast" },
        ]));
        expect(run.reported).to.deep.equal([
            "CodeBuild environment variable AWS_SECRET_ACCESS_KEY is a credential in plain text (type unset, PLAINTEXT); use type SECRETS_MANAGER or PARAMETER_STORE.",
            "CodeBuild environment variable GITHUB_TOKEN is a credential in plain text (type PLAINTEXT); use type SECRETS_MANAGER or PARAMETER_STORE.",
        ]);
        expectUnknownOnly(await runPolicy(codebuildNoPlaintextSecrets, env([{ name: "API_KEY", value: "x", type: "<computed>" }])));
    });
    it("codebuild-logging: passes CloudWatch Logs by default or S3 logs alone; flags no logging and unencrypted S3 logs", async () => {
        expect((await runPolicy(codebuildLogging, project({ logsConfig: undefined }))).outcome).to.equal("pass");
        expect((await runPolicy(codebuildLogging, project({ logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "ENABLED", location: "logs/ci" } } }))).outcome).to.equal("pass");
        const none = await runPolicy(codebuildLogging, project({ logsConfig: { cloudwatchLogs: { status: "DISABLED" }, s3Logs: { status: "DISABLED" } } }));
        expect(none.reported).to.deep.equal(['CodeBuild project logs nothing: logsConfig.cloudwatchLogs.status is DISABLED and S3 logs are off; keep CloudWatch Logs "ENABLED" or enable S3 logs.']);
        const plain = await runPolicy(codebuildLogging, project({ logsConfig: { s3Logs: { status: "ENABLED", location: "logs/ci", encryptionDisabled: true } } }));
        expect(plain.reported).to.deep.equal(["CodeBuild S3 logs must be encrypted; remove logsConfig.s3Logs.encryptionDisabled: true."]);
        expectUnknownOnly(await runPolicy(codebuildLogging, project({ logsConfig: { cloudwatchLogs: { status: "<computed>" } } })));
    });
});

describe("backup-recovery-points-encrypted", () => {
    const vault = r(VAULT, "backup", { kmsKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/backup" });
    const selection = r(SELECTION, "backup-selection", { name: "tagged" });
    const ebs = r(EBS, "account-ebs-encryption", { enabled: true });
    it("is the only backup policy, mandatory, claiming Backup.1", () => {
        expect(backupPolicies.map((p) => [p.name, p.enforcementLevel, `${p.framework!.name}:${p.framework!.reference}`])).to.deep.equal([["backup-recovery-points-encrypted", "mandatory", "fsbp:Backup.1"]]);
    });
    it("passes a vault with its own key where EBS encryption by default is on; does not apply without backups", async () => {
        expect((await runPolicy(backupRecoveryPointsEncrypted, [vault, selection, ebs])).outcome).to.equal("pass");
        expect((await runPolicy(backupRecoveryPointsEncrypted, [ebs])).outcome).to.equal("notApplicable");
    });
    it("flags a vault without a key, and a selection without EBS encryption by default (missing or off)", async () => {
        const run = await runPolicy(backupRecoveryPointsEncrypted, [r(VAULT, "backup", {}), selection, ebs]);
        expect(run.reported).to.deep.equal(["AWS Backup vault must encrypt with a KMS key of the platform; set kmsKeyArn (unset means AWS Backup's default key)."]);
        const missing = await runPolicy(backupRecoveryPointsEncrypted, [vault, selection]);
        expect(missing.reported).to.deep.equal([
            "Backup selections pick up EBS volumes, whose snapshots keep the volume's encryption, but this stack does not turn EBS encryption by default on; keep platform:accountBaseline.ebsEncryptionByDefault true.",
        ]);
        expect(missing.findings[0].urn).to.equal(selection.urn);
        const off = await runPolicy(backupRecoveryPointsEncrypted, [vault, selection, r(EBS, "ebs", { enabled: false })]);
        expect(off.reported).to.deep.equal(["EBS encryption by default must be on where backups are taken; set enabled: true."]);
    });
    it("leaves a key known only after apply to pulumi up", async () => {
        expectUnknownOnly(await runPolicy(backupRecoveryPointsEncrypted, [r(VAULT, "backup", { kmsKeyArn: "<computed>" }), ebs], {}, "mandatory"));
    });
});

describe("s3-policy-no-account-administration", () => {
    const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
    const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({ Sid: "Grant", Effect: "Allow", Principal: principal, Action: action, Resource: "arn:aws:s3:::b/*", ...extra });
    it("is the only policy of its file, mandatory, claiming S3.6", () => {
        expect(s3AccountAccessPolicies.map((p) => `${p.name}:${p.framework!.name}:${p.framework!.reference}`)).to.deep.equal(["s3-policy-no-account-administration:fsbp:S3.6"]);
    });
    it("passes reads and writes of objects to accounts, and administration granted to services or denied", async () => {
        for (const statement of [
            allow({ AWS: "arn:aws:iam::222222222222:root" }, ["s3:GetObject", "s3:PutObject"]),
            allow({ Service: "config.amazonaws.com" }, "s3:PutObjectAcl"),
            { ...allow("*", "s3:*"), Effect: "Deny" },
        ]) {
            expect((await runPolicy(s3PolicyNoAccountAdministration, r(BUCKET_POLICY, "p", { bucket: "b", policy: doc(statement) }))).outcome).to.equal("pass");
        }
    });
    it("flags an AWS principal allowed a blocked action, directly, by wildcard or through NotAction, on a BucketPolicy or a bucket's inline policy", async () => {
        const cases: [unknown, string][] = [
            [allow({ AWS: "arn:aws:iam::222222222222:root" }, "s3:PutBucketPolicy"), "s3:PutBucketPolicy"],
            [allow({ AWS: ["arn:aws:iam::222222222222:role/x"] }, "s3:Put*"), "s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl"],
            [allow("*", "s3:*"), "s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl"],
            [{ Sid: "Grant", Effect: "Allow", Principal: { AWS: "arn:aws:iam::222222222222:root" }, NotAction: ["s3:Delete*", "s3:PutBucket*", "s3:PutEncryptionConfiguration"], Resource: "*" }, "s3:PutObjectAcl"],
        ];
        for (const [statement, actions] of cases) {
            const message = `Bucket policy allows ${actions} to an AWS principal (statement "Grant"); remove them: only the owning account's IAM policies may administer the bucket.`;
            expect((await runPolicy(s3PolicyNoAccountAdministration, r(BUCKET_POLICY, "p", { bucket: "b", policy: doc(statement) }))).reported).to.deep.equal([message]);
            expect((await runPolicy(s3PolicyNoAccountAdministration, r(BUCKET, "b", { policy: doc(statement) }))).reported).to.deep.equal([message]);
        }
    });
    it("leaves a policy known only after apply to pulumi up", async () => {
        expectUnknownOnly(await runPolicy(s3PolicyNoAccountAdministration, r(BUCKET_POLICY, "p", { bucket: "b", policy: "<computed>" })));
    });
});
