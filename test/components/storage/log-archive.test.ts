import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { logArchiveKeyPolicy, s3KeyPolicy } from "../../../components/kms";
import { LOG_RETENTION_DAYS, LogArchive, LogArchiveArgs, secureLogGroup, SecureLogGroupArgs, replicationRolePolicy, replicationTrustPolicy, validateLogArchiveArgs, validateSecureLogGroupArgs } from "../../../components/storage";
import { declare, doc } from "../../support/harness";

const ARGS: LogArchiveArgs = { accountId: "444444444444", region: "eu-west-1", aliasPrefix: "platform/shared", sourceAccountIds: ["222222222222", "333333333333"] };

describe("LogArchive", () => {
    it("creates its own key, a secure bucket, and a separate bucket for the archive's server access logs", async () => {
        const plan = await declare(() => new LogArchive("logs", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:kms/alias:Alias::logs-key-alias",
            "aws:kms/key:Key::logs-key",
            "aws:s3/bucket:Bucket::logs",
            "aws:s3/bucket:Bucket::logs-access-logs",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::logs-access-logs-lifecycle",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::logs-lifecycle",
            "aws:s3/bucketLogging:BucketLogging::logs-access-logging",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls::logs-access-logs-ownership-controls",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls::logs-ownership-controls",
            "aws:s3/bucketPolicy:BucketPolicy::logs-access-logs-policy",
            "aws:s3/bucketPolicy:BucketPolicy::logs-policy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::logs-access-logs-public-access-block",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::logs-public-access-block",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::logs-access-logs-encryption",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::logs-encryption",
            "aws:s3/bucketVersioning:BucketVersioning::logs-access-logs-versioning",
            "aws:s3/bucketVersioning:BucketVersioning::logs-versioning",
            "platform:kms:KmsKey::logs-key",
            "platform:storage:LogArchive::logs",
            "platform:storage:SecureBucket::logs",
            "platform:storage:SecureBucket::logs-access-logs",
        ]);
    });

    it("logs the archive's server access into its own access-log bucket: not itself, SSE-S3, no object lock, no logging of its own", async () => {
        const plan = await declare(() => new LogArchive("logs", { ...ARGS, objectLockMode: "COMPLIANCE", objectLockDays: 365 }));
        expect(plan.one("aws:s3/bucketLogging:BucketLogging", "logs-access-logging").inputs).to.deep.include({ bucket: "logs-id", targetBucket: "logs-access-logs-id", targetPrefix: "logs/" });
        expect(plan.ofType("aws:s3/bucketLogging:BucketLogging"), "the access-log bucket does not log itself").to.have.length(1);
        expect(plan.ofType("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration").map((r) => r.name)).to.deep.equal(["logs-object-lock"]);
        expect(plan.one("aws:s3/bucket:Bucket", "logs-access-logs").inputs).to.include({ objectLockEnabled: false });
        expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-access-logs-encryption").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        const policy = doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "logs-access-logs-policy").inputs.policy);
        expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "S3ServerAccessLogsPolicy"]);
        expect(policy.Statement[1]).to.deep.equal({
            Sid: "S3ServerAccessLogsPolicy",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: ["arn:aws:s3:::logs-access-logs-id/logs/*"],
            Condition: { StringEquals: { "aws:SourceAccount": "444444444444" } },
        });
        expect([plan.one("aws:s3/bucket:Bucket", "logs-access-logs").protect, plan.one("aws:s3/bucket:Bucket", "logs-access-logs").retainOnDelete]).to.deep.equal([true, true]);
    });

    it("logs into a given access-log bucket instead of making one", async () => {
        const plan = await declare(() => new LogArchive("logs", { ...ARGS, accessLogBucket: "central-access-logs" }));
        expect(plan.ofType("aws:s3/bucket:Bucket").map((b) => b.name)).to.deep.equal(["logs"]);
        expect(plan.one("aws:s3/bucketLogging:BucketLogging", "logs-access-logging").inputs.targetBucket).to.equal("central-access-logs");
    });

    it("encrypts with a key that lets log delivery of the source accounts write", async () => {
        const plan = await declare(() => new LogArchive("logs", ARGS));
        const key = plan.one("aws:kms/key:Key", "logs-key");
        expect(doc(key.inputs.policy)).to.deep.equal(logArchiveKeyPolicy({ accountId: "444444444444", region: "eu-west-1", logSourceAccountIds: ["222222222222", "333333333333"] }));
        expect(plan.one("aws:kms/alias:Alias", "logs-key-alias").inputs.name).to.equal("alias/platform/shared/log-archive");
        expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "logs-encryption").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-1:000000000000:key/logs-key-key-id" }, bucketKeyEnabled: true },
        ]);
    });

    it("lets log delivery write each source account's prefix, TLS only", async () => {
        const plan = await declare(() => new LogArchive("logs", ARGS));
        const policy = doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "logs-policy").inputs.policy);
        expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["DenyInsecureTransport", "AWSLogDeliveryAclCheck", "AWSLogDeliveryWrite"]);
        expect(policy.Statement[2]).to.deep.equal({
            Sid: "AWSLogDeliveryWrite",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: ["s3:PutObject"],
            Resource: [
                "arn:aws:s3:::logs-id/AWSLogs/222222222222/*",
                "arn:aws:s3:::logs-id/AWSLogs/aws-account-id=222222222222/*",
                "arn:aws:s3:::logs-id/AWSLogs/333333333333/*",
                "arn:aws:s3:::logs-id/AWSLogs/aws-account-id=333333333333/*",
            ],
            Condition: {
                StringEquals: { "aws:SourceAccount": ["222222222222", "333333333333"], "s3:x-amz-acl": "bucket-owner-full-control" },
                ArnLike: { "aws:SourceArn": ["arn:aws:logs:*:222222222222:*", "arn:aws:logs:*:333333333333:*"] },
            },
        });
    });

    it("pins delivery to the organization when an org ID is given", async () => {
        const plan = await declare(() => new LogArchive("logs", { ...ARGS, sourceAccountIds: undefined, sourceOrgId: "o-abcdefghij" }));
        const policy = doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "logs-policy").inputs.policy);
        expect(policy.Statement[2].Condition).to.deep.equal({ StringEquals: { "aws:SourceOrgID": "o-abcdefghij", "s3:x-amz-acl": "bucket-owner-full-control" } });
        expect(doc(plan.one("aws:kms/key:Key", "logs-key").inputs.policy).Statement[2].Condition).to.deep.equal({ StringEquals: { "aws:SourceOrgID": "o-abcdefghij" } });
    });

    it("moves logs to Glacier after 90 days and keeps them 7 years", async () => {
        const plan = await declare(() => new LogArchive("logs", ARGS));
        expect(plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "logs-lifecycle").inputs.rules).to.deep.equal([
            {
                id: "platform-default",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                transitions: [{ days: 90, storageClass: "GLACIER" }],
                expiration: { days: 2557 },
            },
        ]);
    });

    it("locks logs when object lock is asked for", async () => {
        const plan = await declare(() => new LogArchive("logs", { ...ARGS, objectLockMode: "COMPLIANCE", objectLockDays: 400 }));
        expect(plan.one("aws:s3/bucket:Bucket", "logs").inputs.objectLockEnabled).to.equal(true);
        expect((plan.one("aws:s3/bucket:Bucket", "logs").inputs.tags as Record<string, string>)["platform:purpose"]).to.equal("audit");
        expect(plan.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "logs-object-lock").inputs.rule).to.deep.equal({ defaultRetention: { mode: "COMPLIANCE", days: 400 } });
    });

    it("protects and retains the bucket and the key by default, and neither when protect is false", async () => {
        const on = await declare(() => new LogArchive("logs", ARGS));
        const off = await declare(() => new LogArchive("logs", { ...ARGS, protect: false }));
        for (const [plan, expected] of [[on, true], [off, false]] as const) {
            for (const r of [plan.one("aws:s3/bucket:Bucket", "logs"), plan.one("aws:kms/key:Key", "logs-key")]) {
                expect([r.protect, r.retainOnDelete], `${r.name} protect=${expected}`).to.deep.equal([expected, expected]);
            }
        }
    });

    it("replicates to its own bucket and key in replicaRegion, with a replication role under /platform/", async () => {
        const plan = await declare(() => {
            const replicaProvider = new aws.Provider("replica", { region: "eu-central-1" });
            return new LogArchive("logs", { ...ARGS, objectLockMode: "GOVERNANCE", objectLockDays: 365, replicaRegion: "eu-central-1", replicaProvider });
        });
        expect(plan.inventory((r) => r.name.startsWith("logs-replica") || r.name === "logs-replication")).to.deep.equal([
            "aws:iam/role:Role::logs-replication",
            "aws:iam/rolePolicy:RolePolicy::logs-replication",
            "aws:kms/alias:Alias::logs-replica-key-alias",
            "aws:kms/key:Key::logs-replica-key",
            "aws:s3/bucket:Bucket::logs-replica",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::logs-replica-lifecycle",
            "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::logs-replica-object-lock",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls::logs-replica-ownership-controls",
            "aws:s3/bucketPolicy:BucketPolicy::logs-replica-policy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::logs-replica-public-access-block",
            "aws:s3/bucketReplicationConfig:BucketReplicationConfig::logs-replication",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::logs-replica-encryption",
            "aws:s3/bucketVersioning:BucketVersioning::logs-replica-versioning",
            "platform:kms:KmsKey::logs-replica-key",
            "platform:storage:SecureBucket::logs-replica",
        ]);
        const key = plan.one("aws:kms/key:Key", "logs-replica-key");
        expect(doc(key.inputs.policy)).to.deep.equal(s3KeyPolicy({ accountId: "444444444444", region: "eu-central-1" }));
        expect(plan.one("aws:kms/alias:Alias", "logs-replica-key-alias").inputs.name).to.equal("alias/platform/shared/log-archive-replica/s3");
        expect(plan.one("aws:s3/bucketVersioning:BucketVersioning", "logs-replica-versioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        expect(plan.one("aws:s3/bucket:Bucket", "logs-replica").inputs.objectLockEnabled).to.equal(true);
        const role = plan.one("aws:iam/role:Role", "logs-replication");
        expect(role.inputs.path).to.equal("/platform/");
        expect(role.inputs.permissionsBoundary).to.equal("arn:aws:iam::444444444444:policy/platform/platform-workload-boundary");
        expect(doc(role.inputs.assumeRolePolicy)).to.deep.equal(replicationTrustPolicy("444444444444"));
        const replication = plan.one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "logs-replication");
        expect(replication.inputs.rules).to.deep.equal([
            {
                id: "replica",
                status: "Enabled",
                priority: 1,
                filter: {},
                deleteMarkerReplication: { status: "Disabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: { bucket: "arn:aws:s3:::logs-replica-id", encryptionConfiguration: { replicaKmsKeyId: "arn:aws:kms:eu-central-1:000000000000:key/logs-replica-key-key-id" } },
            },
        ]);
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "logs-replication").inputs.policy)).to.deep.equal(
            replicationRolePolicy({
                sourceBucketArn: "arn:aws:s3:::logs-id",
                sourceKeyArn: "arn:aws:kms:us-east-1:000000000000:key/logs-key-key-id",
                sourceRegion: "eu-west-1",
                replicaBucketArn: "arn:aws:s3:::logs-replica-id",
                replicaKeyArn: "arn:aws:kms:eu-central-1:000000000000:key/logs-replica-key-key-id",
                replicaRegion: "eu-central-1",
            }),
        );
    });

    it("creates no replica without replicaRegion", async () => {
        const plan = await declare(() => new LogArchive("logs", ARGS));
        expect(plan.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).to.have.length(0);
        expect(plan.ofType("aws:iam/role:Role")).to.have.length(0);
    });

    const cases: [string, Partial<LogArchiveArgs>, string[]][] = [
        ["rejects a replica in the archive's own region", { replicaRegion: "eu-west-1", replicaProvider: {} as never }, ["replicaRegion: \"eu-west-1\" is the archive's own region; a replica protects against losing the region, so choose another one"]],
        ["rejects a replica region without its provider", { replicaRegion: "eu-central-1" }, ["replicaProvider: unset is required with replicaRegion: an AWS provider of account 444444444444 in eu-central-1"]],
        ["rejects a replica provider without a region", { replicaProvider: {} as never }, ["replicaProvider: is set without replicaRegion; set replicaRegion to the provider's region"]],
        ["rejects an archive with no sources", { sourceAccountIds: [] }, ["sourceAccountIds and sourceOrgId: both unset; list the accounts whose flow logs the archive receives, or the organization"]],
        ["rejects accounts and an organization together", { sourceOrgId: "o-abcdefghij" }, ["sourceAccountIds and sourceOrgId: both set; set one of them"]],
        ["rejects a malformed source account", { sourceAccountIds: ["2222"] }, ['sourceAccountIds[0]: "2222" is not a 12-digit AWS account ID']],
        ["rejects a malformed organization", { sourceAccountIds: undefined, sourceOrgId: "acme" }, ['sourceOrgId: "acme" is not an AWS Organizations ID (o-xxxxxxxxxx)']],
        ["rejects a retention shorter than the Glacier transition", { glacierAfterDays: 180, retentionDays: 90 }, ["retentionDays: 90 is not after glacierAfterDays 180; logs would expire before they move"]],
        ["rejects a lock longer than the retention", { objectLockMode: "GOVERNANCE", objectLockDays: 3000 }, ["objectLockDays: 3000 is longer than retentionDays 2557; locked logs could not expire"]],
        [
            "reports key and bucket problems with the archive's own",
            { accountId: "4", bucketName: "Logs", sourceAccountIds: ["x"] },
            [
                'accountId: "4" is not a 12-digit AWS account ID',
                'sourceAccountIds[0]: "x" is not a 12-digit AWS account ID',
                'bucketName: "Logs" is not an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit)',
            ],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateLogArchiveArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});

class Owner extends pulumi.ComponentResource {
    constructor(name: string, args: SecureLogGroupArgs) {
        super("test:index:Owner", name, {});
        secureLogGroup(`${name}-logs`, args, this);
    }
}

const LG: SecureLogGroupArgs = { logGroupName: "/aws/eks/dev/cluster", kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k" };

describe("secureLogGroup", () => {
    it("creates a log group under its owner with retention and the key", async () => {
        const plan = await declare(() => new Owner("dev", LG));
        expect(plan.inventory()).to.deep.equal(["aws:cloudwatch/logGroup:LogGroup::dev-logs", "test:index:Owner::dev"]);
        const group = plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-logs");
        expect(group.parent).to.equal(plan.one("test:index:Owner", "dev").urn);
        expect(group.inputs).to.deep.equal({ name: "/aws/eks/dev/cluster", retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/k", tags: {} });
        expect([group.protect, group.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("takes another allowed retention and is neither protected nor retained when protect is false", async () => {
        const plan = await declare(() => new Owner("dev", { ...LG, retentionInDays: 30, protect: false }));
        const group = plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-logs");
        expect(group.inputs.retentionInDays).to.equal(30);
        expect([group.protect, group.retainOnDelete]).to.deep.equal([false, false]);
    });

    const cases: [string, Partial<SecureLogGroupArgs>, string[]][] = [
        ["rejects a retention CloudWatch does not offer", { retentionInDays: 100 }, [`retentionInDays: 100 is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`]],
        ["rejects never-expiring logs", { retentionInDays: 0 }, [`retentionInDays: 0 is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`]],
        ["rejects a log group without a key", { kmsKeyArn: undefined as never }, ["kmsKeyArn: unset is required: log groups are encrypted with a KMS key"]],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateSecureLogGroupArgs({ ...LG, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }

    it("lists CloudWatch's retention periods", () => {
        expect(LOG_RETENTION_DAYS).to.deep.equal([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);
    });
});
