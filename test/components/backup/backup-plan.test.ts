import { expect } from "chai";
import { BackupPlan, BackupPlanArgs, backupServicePolicyArns, backupTrustPolicy, validateBackupPlanArgs } from "../../../components/backup";
import { declare, doc } from "../../support/harness";

const ARGS: BackupPlanArgs = { accountId: "333333333333", region: "eu-west-1", kmsKeyArn: "arn:aws:kms:eu-west-1:333333333333:key/backup" };

describe("BackupPlan", () => {
    it("creates a vault, a daily plan, the AWS Backup role with its two managed policies and a tag selection", async () => {
        const plan = await declare(() => new BackupPlan("dev-backup", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:backup/plan:Plan::dev-backup-plan",
            "aws:backup/selection:Selection::dev-backup-selection",
            "aws:backup/vault:Vault::dev-backup",
            "aws:iam/role:Role::dev-backup-role",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::dev-backup-role-backup",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::dev-backup-role-restores",
            "platform:backup:BackupPlan::dev-backup",
        ]);
    });

    it("encrypts the vault with the given key, never force-destroys it, and protects it", async () => {
        const plan = await declare(() => new BackupPlan("dev-backup", ARGS));
        const vault = plan.one("aws:backup/vault:Vault", "dev-backup");
        expect(vault.inputs.kmsKeyArn).to.equal(ARGS.kmsKeyArn);
        expect(vault.inputs.forceDestroy).to.equal(false);
        expect(vault.protect).to.equal(true);
        expect(vault.retainOnDelete).to.equal(true);
    });

    it("backs up daily at 03:00 UTC and keeps each recovery point retentionDays", async () => {
        const plan = await declare(() => new BackupPlan("dev-backup", { ...ARGS, retentionDays: 90 }));
        const [rule] = plan.one("aws:backup/plan:Plan", "dev-backup-plan").inputs.rules as Record<string, unknown>[];
        expect(rule).to.include({ ruleName: "daily", schedule: "cron(0 3 * * ? *)", startWindow: 60, completionWindow: 480 });
        expect(rule.lifecycle).to.deep.equal({ deleteAfter: 90 });
        expect(rule.targetVaultName).to.be.a("string");
    });

    it("selects what is tagged platform:backup=true, with the role under /platform/ and the workload boundary", async () => {
        const plan = await declare(() => new BackupPlan("dev-backup", ARGS));
        const selection = plan.one("aws:backup/selection:Selection", "dev-backup-selection");
        expect(selection.inputs.selectionTags).to.deep.equal([{ type: "STRINGEQUALS", key: "platform:backup", value: "true" }]);
        expect(selection.inputs.name).to.equal("dev-backup-tagged");
        const role = plan.one("aws:iam/role:Role", "dev-backup-role");
        expect(role.inputs.path).to.equal("/platform/");
        expect(role.inputs.permissionsBoundary).to.equal("arn:aws:iam::333333333333:policy/platform/platform-workload-boundary");
        expect(doc(role.inputs.assumeRolePolicy)).to.deep.equal(backupTrustPolicy());
        expect(plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn)).to.deep.equal([
            "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
            "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        ]);
        expect(backupServicePolicyArns("cn-north-1")[0]).to.equal("arn:aws-cn:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup");
    });

    it("locks the vault only when vaultLock is set, changeable for 3 days by default", async () => {
        const locked = await declare(() => new BackupPlan("prod-backup", { ...ARGS, retentionDays: 90, vaultLock: { minRetentionDays: 35 } }));
        const lock = locked.one("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "prod-backup-lock");
        expect(lock.inputs).to.include({ minRetentionDays: 35, changeableForDays: 3 });
        expect(lock.protect).to.equal(true);
        const open = await declare(() => new BackupPlan("dev-backup", ARGS));
        expect(open.ofType("aws:backup/vaultLockConfiguration:VaultLockConfiguration")).to.have.length(0);
    });
});

describe("validateBackupPlanArgs", () => {
    const cases: [string, Partial<BackupPlanArgs>, string[]][] = [
        ["rejects a malformed account and region", { accountId: "123", region: "europe" }, ['accountId: "123" is not a 12-digit AWS account ID', 'region: "europe" is not an AWS region name such as "eu-west-1"']],
        ["rejects a missing key", { kmsKeyArn: "" }, ['kmsKeyArn: "" is required: the vault\'s recovery points are encrypted with a customer managed key']],
        ["rejects a retention of zero days", { retentionDays: 0 }, ["retentionDays: 0 is not in 1..36500"]],
        ["rejects a rate() schedule", { schedule: "rate(1 day)" }, ['schedule: "rate(1 day)" is not an AWS Backup cron expression with six fields, such as "cron(0 3 * * ? *)"']],
        ["rejects an aws: tag key", { selectionTagKey: "aws:backup" }, ['selectionTagKey: "aws:backup" is not a tag key (1 to 128 characters, not starting with "aws:")']],
        [
            "rejects a retention below the lock's minimum",
            { retentionDays: 30, vaultLock: { minRetentionDays: 35 } },
            ["retentionDays: 30 is below vaultLock.minRetentionDays 35; the vault would fail every backup job (raise retentionDays or lower the lock's minimum)"],
        ],
        ["rejects a cooling-off period under 3 days", { vaultLock: { minRetentionDays: 7, changeableForDays: 1 } }, ["vaultLock.changeableForDays: 1 is not in 3..36500"]],
        [
            "rejects a lock maximum below its minimum and below the retention",
            { retentionDays: 35, vaultLock: { minRetentionDays: 30, maxRetentionDays: 20 } },
            ["vaultLock.maxRetentionDays: 20 is below vaultLock.minRetentionDays 30", "retentionDays: 35 is above vaultLock.maxRetentionDays 20; the vault would fail every backup job"],
        ],
        ["rejects a role path outside /platform/", { rolePath: "/ops/" }, ['rolePath: "/ops/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)']],
    ];
    for (const [name, change, problems] of cases) {
        it(name, () => {
            expect(() => validateBackupPlanArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("accepts the defaults and a prod lock", () => {
        expect(() => validateBackupPlanArgs(ARGS)).not.to.throw();
        expect(() => validateBackupPlanArgs({ ...ARGS, retentionDays: 90, vaultLock: { minRetentionDays: 35, changeableForDays: 3 } })).not.to.throw();
    });
});
