import { expect } from "chai";
import { backupRecoveryPointsEncrypted } from "../../../policy-packs/aws-baseline/policies/backup";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn } from "../../support/policy";

/**
 * backup-recovery-points-encrypted, one condition at a time (issue #15): each case fails if the
 * rule stops catching it, or starts refusing what it must allow. FSBP Backup.1
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/backup-controls.html#backup-1, read 2026-12-03).
 */

const VAULT = "aws:backup/vault:Vault";
const SELECTION = "aws:backup/selection:Selection";
const EBS = "aws:ebs/encryptionByDefault:EncryptionByDefault";
const r = (type: string, name: string, inputs: Record<string, unknown>): ResourceSpec => ({ type, name, urn: urn(type, name), inputs });

const VAULT_MSG = "AWS Backup vault must encrypt with a KMS key of the platform; set kmsKeyArn (unset means AWS Backup's default key).";
const NO_EBS = "Backup selections pick up EBS volumes, whose snapshots keep the volume's encryption, but this stack does not turn EBS encryption by default on; keep platform:accountBaseline.ebsEncryptionByDefault true.";
const EBS_OFF = "EBS encryption by default must be on where backups are taken; set enabled: true.";
const KEY = "arn:aws:kms:eu-west-1:333333333333:key/backup";

const vault = (name: string, kmsKeyArn: unknown) => r(VAULT, name, kmsKeyArn === undefined ? {} : { kmsKeyArn });
const selection = (name = "sel") => r(SELECTION, name, { name });
const ebs = (enabled: unknown, name = "ebs") => r(EBS, name, enabled === undefined ? {} : { enabled });

function expectUndecided(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

describe("backup-recovery-points-encrypted, condition by condition", () => {
    it("applies to a stack with a vault only, and to one with a selection only", async () => {
        expect((await runPolicy(backupRecoveryPointsEncrypted, [vault("v", KEY)])).outcome).to.equal("pass");
        expect((await runPolicy(backupRecoveryPointsEncrypted, [selection(), ebs(true)])).outcome).to.equal("pass");
        expect((await runPolicy(backupRecoveryPointsEncrypted, [selection()])).reported).to.deep.equal([NO_EBS]);
    });
    it("flags a vault whose key is unset, empty, blank or not a string, on the vault", async () => {
        for (const kmsKeyArn of [undefined, "", "  ", 42]) {
            const run = await runPolicy(backupRecoveryPointsEncrypted, [vault("v", kmsKeyArn)]);
            expect(run.reported, String(kmsKeyArn)).to.deep.equal([VAULT_MSG]);
            expect(run.findings[0].urn).to.equal(urn(VAULT, "v"));
        }
    });
    it("checks every vault and reports each at its own URN", async () => {
        const run = await runPolicy(backupRecoveryPointsEncrypted, [vault("a", KEY), vault("b", undefined), vault("c", "")]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([urn(VAULT, "b"), urn(VAULT, "c")]);
    });
    it("flags EBS encryption by default off (false or \"false\") only where selections exist, on the setting", async () => {
        for (const enabled of [false, "false"]) {
            const run = await runPolicy(backupRecoveryPointsEncrypted, [vault("v", KEY), selection(), ebs(enabled)]);
            expect(run.reported).to.deep.equal([EBS_OFF]);
            expect(run.findings[0].urn).to.equal(urn(EBS, "ebs"));
        }
        expect((await runPolicy(backupRecoveryPointsEncrypted, [vault("v", KEY), ebs(false)])).outcome).to.equal("pass");
    });
    it("passes the setting with enabled true or unset (the provider's default is true)", async () => {
        expect((await runPolicy(backupRecoveryPointsEncrypted, [selection(), ebs(undefined)])).outcome).to.equal("pass");
        expect((await runPolicy(backupRecoveryPointsEncrypted, [selection(), ebs("true")])).outcome).to.equal("pass");
    });
    it("checks every EBS setting, and reports a missing one on the first selection", async () => {
        const run = await runPolicy(backupRecoveryPointsEncrypted, [selection(), ebs(true, "a"), ebs(false, "b")]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([urn(EBS, "b")]);
        const missing = await runPolicy(backupRecoveryPointsEncrypted, [selection("first"), selection("second")]);
        expect(missing.findings.map((f) => f.urn)).to.deep.equal([urn(SELECTION, "first")]);
    });
    it("can't decide before apply on a key or an EBS setting unknown until apply", async () => {
        expectUndecided(await runPolicy(backupRecoveryPointsEncrypted, [vault("v", "<computed>")]));
        expectUndecided(await runPolicy(backupRecoveryPointsEncrypted, [selection(), ebs("<computed>")]));
    });
    it("still fails a known vault without a key beside an unknown one", async () => {
        const run = await runPolicy(backupRecoveryPointsEncrypted, [vault("a", "<computed>"), vault("b", undefined)]);
        expect(run.reported).to.deep.equal([VAULT_MSG]);
        expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});
