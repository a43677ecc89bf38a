import { expect } from "chai";
import {
    ebsKeyPolicy,
    KmsKey,
    KmsKeyArgs,
    logArchiveKeyPolicy,
    PlatformKeys,
    PlatformKeysArgs,
    s3KeyPolicy,
    validateKmsKeyArgs,
    validatePlatformKeysArgs,
} from "../../../components/kms";
import { declare, doc } from "../../support/harness";

const ARGS: KmsKeyArgs = { purpose: "s3", accountId: "111111111111", region: "eu-west-1", aliasPrefix: "platform/dev" };

describe("KmsKey", () => {
    it("creates the key and its alias", async () => {
        const plan = await declare(() => new KmsKey("dev-s3", ARGS));
        expect(plan.inventory()).to.deep.equal(["aws:kms/alias:Alias::dev-s3-alias", "aws:kms/key:Key::dev-s3", "platform:kms:KmsKey::dev-s3"]);
        const alias = plan.one("aws:kms/alias:Alias", "dev-s3-alias");
        expect(alias.inputs).to.deep.include({ name: "alias/platform/dev/s3", targetKeyId: "dev-s3-key-id" });
        const component = plan.one("platform:kms:KmsKey", "dev-s3");
        expect(plan.childrenOf(component).map((r) => r.name).sort()).to.deep.equal(["dev-s3", "dev-s3-alias"]);
    });

    it("rotates, waits 30 days before deletion, never bypasses the lockout check and uses the purpose's policy", async () => {
        const plan = await declare(() => new KmsKey("dev-s3", ARGS));
        const key = plan.one("aws:kms/key:Key", "dev-s3");
        expect(key.inputs).to.deep.include({
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            bypassPolicyLockoutSafetyCheck: false,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            description: "S3 buckets (alias/platform/dev/s3)",
        });
        expect(doc(key.inputs.policy)).to.deep.equal(s3KeyPolicy({ accountId: "111111111111", region: "eu-west-1" }));
        expect(key.inputs.tags).to.deep.equal({ "platform:key-purpose": "s3", Name: "alias/platform/dev/s3" });
    });

    it("takes a shorter deletion window, a description and tags only when given", async () => {
        const plan = await declare(() => new KmsKey("dev-s3", { ...ARGS, deletionWindowInDays: 7, description: "scratch", tags: { team: "platform" } }));
        expect(plan.one("aws:kms/key:Key", "dev-s3").inputs).to.deep.include({ deletionWindowInDays: 7, description: "scratch" });
        expect(plan.one("aws:kms/key:Key", "dev-s3").inputs.tags).to.deep.equal({ team: "platform", "platform:key-purpose": "s3", Name: "alias/platform/dev/s3" });
    });

    it("protects and retains the key by default, and retains its alias with it", async () => {
        const plan = await declare(() => new KmsKey("dev-s3", ARGS));
        const key = plan.one("aws:kms/key:Key", "dev-s3");
        expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
        const alias = plan.one("aws:kms/alias:Alias", "dev-s3-alias");
        expect([alias.protect, alias.retainOnDelete]).to.deep.equal([false, true]);
    });

    it("neither protects nor retains the key or its alias when protect is false", async () => {
        const plan = await declare(() => new KmsKey("dev-s3", { ...ARGS, protect: false }));
        const key = plan.one("aws:kms/key:Key", "dev-s3");
        expect([key.protect, key.retainOnDelete]).to.deep.equal([false, false]);
        const alias = plan.one("aws:kms/alias:Alias", "dev-s3-alias");
        expect([alias.protect, alias.retainOnDelete]).to.deep.equal([false, false]);
    });

    it("exposes the key ARN and the alias", async () => {
        const plan = await declare(() => {
            const key = new KmsKey("dev-s3", ARGS);
            return { keyArn: key.keyArn, keyId: key.keyId, aliasArn: key.aliasArn, aliasName: key.aliasName };
        });
        expect(plan.outputs).to.deep.equal({
            keyArn: "arn:aws:kms:us-east-1:000000000000:key/dev-s3-key-id",
            keyId: "dev-s3-key-id",
            aliasArn: "arn:aws:kms:us-east-1:000000000000:alias/platform/dev/s3",
            aliasName: "alias/platform/dev/s3",
        });
    });

    const cases: [string, Partial<KmsKeyArgs>, string[]][] = [
        ["rejects an unknown purpose", { purpose: "rds" as never }, ['purpose: "rds" is not one of "cluster-secrets", "ebs", "logs", "ecr", "s3", "sns", "sqs", "state", "log-archive", "backup"']],
        ["rejects a deletion window above 30 days", { deletionWindowInDays: 31 }, ["deletionWindowInDays: 31 is not in 7..30"]],
        ["rejects a deletion window below 7 days", { deletionWindowInDays: 6 }, ["deletionWindowInDays: 6 is not in 7..30"]],
        ["rejects a malformed account", { accountId: "1234" }, ['accountId: "1234" is not a 12-digit AWS account ID']],
        ["rejects a malformed region", { region: "europe" }, ['region: "europe" is not an AWS region name such as "eu-west-1"']],
        ["rejects an alias prefix in the aws namespace", { aliasPrefix: "aws/dev" }, ['aliasPrefix: "aws/dev" is not an alias prefix (letters, digits, \'_\', \'-\' in \'/\'-separated parts, not starting with "aws")']],
        ["rejects an alias prefix with a trailing slash", { aliasPrefix: "platform/" }, ['aliasPrefix: "platform/" is not an alias prefix (letters, digits, \'_\', \'-\' in \'/\'-separated parts, not starting with "aws")']],
        ["rejects an administrator that is not a role", { administratorArns: ["arn:aws:iam::111111111111:root"] }, ['administratorArns[0]: "arn:aws:iam::111111111111:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)']],
        ["rejects the auto scaling option on a non-ebs key", { autoScalingServiceLinkedRole: false }, ['autoScalingServiceLinkedRole: false only applies to the "ebs" purpose']],
        ["rejects log sources on a non-archive key", { logSourceAccountIds: ["222222222222"] }, ['logSourceAccountIds and logSourceOrgId: only apply to the "log-archive" purpose']],
        [
            "rejects state roles on a non-state key",
            { stateAccessRoleArns: ["arn:aws:iam::222222222222:role/platform-deployer"] },
            ['stateAccessRoleArns, stateReadRoleArns and principalOrgId: only apply to the "state" purpose'],
        ],
        [
            "rejects a state role that is an account root",
            { purpose: "state", stateAccessRoleArns: ["arn:aws:iam::222222222222:root"] },
            ['stateAccessRoleArns[0]: "arn:aws:iam::222222222222:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted'],
        ],
        ["rejects a log-archive key without sources", { purpose: "log-archive" }, ["logSourceAccountIds and logSourceOrgId: both unset; a log-archive key needs the accounts or the organization whose logs it receives"]],
        [
            "rejects a log-archive key with both sources and malformed ones",
            { purpose: "log-archive", logSourceAccountIds: ["22"], logSourceOrgId: "org" },
            ['logSourceAccountIds[0]: "22" is not a 12-digit AWS account ID', 'logSourceOrgId: "org" is not an AWS Organizations ID (o-xxxxxxxxxx)', "logSourceAccountIds and logSourceOrgId: both set; set one of them"],
        ],
        [
            "reports every problem at once",
            { accountId: "x", deletionWindowInDays: 0 },
            ['accountId: "x" is not a 12-digit AWS account ID', "deletionWindowInDays: 0 is not in 7..30"],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateKmsKeyArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("accepts the 7 and 30 day bounds", () => {
        expect(() => validateKmsKeyArgs({ ...ARGS, deletionWindowInDays: 7 })).not.to.throw();
        expect(() => validateKmsKeyArgs({ ...ARGS, deletionWindowInDays: 30 })).not.to.throw();
    });
});

const KEYS: PlatformKeysArgs = { purposes: ["cluster-secrets", "ebs", "logs"], accountId: "111111111111", region: "eu-west-1", aliasPrefix: "platform/dev" };

describe("PlatformKeys", () => {
    it("creates one key and alias per purpose", async () => {
        const plan = await declare(() => new PlatformKeys("dev", KEYS));
        expect(plan.inventory()).to.deep.equal([
            "aws:kms/alias:Alias::dev-cluster-secrets-alias",
            "aws:kms/alias:Alias::dev-ebs-alias",
            "aws:kms/alias:Alias::dev-logs-alias",
            "aws:kms/key:Key::dev-cluster-secrets",
            "aws:kms/key:Key::dev-ebs",
            "aws:kms/key:Key::dev-logs",
            "platform:kms:KmsKey::dev-cluster-secrets",
            "platform:kms:KmsKey::dev-ebs",
            "platform:kms:KmsKey::dev-logs",
            "platform:kms:PlatformKeys::dev",
        ]);
        expect(plan.ofType("aws:kms/alias:Alias").map((a) => a.inputs.name)).to.deep.equal(["alias/platform/dev/cluster-secrets", "alias/platform/dev/ebs", "alias/platform/dev/logs"]);
        for (const key of plan.ofType("aws:kms/key:Key")) {
            expect([key.inputs.enableKeyRotation, key.inputs.deletionWindowInDays, key.protect, key.retainOnDelete], key.name).to.deep.equal([true, 30, true, true]);
        }
    });

    it("passes the shared settings to every key", async () => {
        const plan = await declare(() => new PlatformKeys("dev", { ...KEYS, deletionWindowInDays: 14, protect: false, administratorArns: ["arn:aws:iam::111111111111:role/key-admin"] }));
        for (const key of plan.ofType("aws:kms/key:Key")) {
            expect([key.inputs.deletionWindowInDays, key.protect, key.retainOnDelete], key.name).to.deep.equal([14, false, false]);
            expect(doc(key.inputs.policy).Statement[1].Principal, key.name).to.deep.equal({ AWS: ["arn:aws:iam::111111111111:role/key-admin"] });
        }
    });

    it("gives the log sources only to the log-archive key and the auto scaling option only to the ebs key", async () => {
        const plan = await declare(() =>
            new PlatformKeys("shared", { ...KEYS, purposes: ["ebs", "log-archive"], logSourceAccountIds: ["222222222222"], autoScalingServiceLinkedRole: false }),
        );
        const ctx = { accountId: "111111111111", region: "eu-west-1" };
        expect(doc(plan.one("aws:kms/key:Key", "shared-ebs").inputs.policy)).to.deep.equal(ebsKeyPolicy({ ...ctx, autoScalingServiceLinkedRole: false }));
        expect(doc(plan.one("aws:kms/key:Key", "shared-log-archive").inputs.policy)).to.deep.equal(logArchiveKeyPolicy({ ...ctx, logSourceAccountIds: ["222222222222"] }));
    });

    it("exposes key and alias ARNs by purpose", async () => {
        const plan = await declare(() => {
            const keys = new PlatformKeys("dev", KEYS);
            return { keyArns: keys.keyArns, aliasArns: keys.aliasArns };
        });
        expect(plan.outputs).to.deep.equal({
            keyArns: {
                "cluster-secrets": "arn:aws:kms:us-east-1:000000000000:key/dev-cluster-secrets-key-id",
                ebs: "arn:aws:kms:us-east-1:000000000000:key/dev-ebs-key-id",
                logs: "arn:aws:kms:us-east-1:000000000000:key/dev-logs-key-id",
            },
            aliasArns: {
                "cluster-secrets": "arn:aws:kms:us-east-1:000000000000:alias/platform/dev/cluster-secrets",
                ebs: "arn:aws:kms:us-east-1:000000000000:alias/platform/dev/ebs",
                logs: "arn:aws:kms:us-east-1:000000000000:alias/platform/dev/logs",
            },
        });
    });

    const cases: [string, Partial<PlatformKeysArgs>, string[]][] = [
        ["rejects an empty purpose list", { purposes: [] }, ["purposes: [] is empty; list at least one key purpose"]],
        ["rejects a purpose listed twice", { purposes: ["ebs", "ebs"] }, ['purposes[1]: "ebs" is listed twice; each purpose has one key']],
        ["rejects an unknown purpose", { purposes: ["ebs", "rds" as never] }, ['purposes[1]: "rds" is not one of "cluster-secrets", "ebs", "logs", "ecr", "s3", "sns", "sqs", "state", "log-archive", "backup"']],
        ["rejects the auto scaling option without an ebs key", { purposes: ["logs"], autoScalingServiceLinkedRole: true }, ['autoScalingServiceLinkedRole: true only applies when purposes include "ebs"']],
        ["rejects a deletion window of 45 days", { deletionWindowInDays: 45 }, ["deletionWindowInDays: 45 is not in 7..30"]],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validatePlatformKeysArgs({ ...KEYS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
