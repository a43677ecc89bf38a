import { expect } from "chai";
import { SecureBucket, SecureBucketArgs, validateSecureBucketArgs } from "../../../components/storage";
import { declare, doc } from "../../support/harness";

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/abc";
const ARGS: SecureBucketArgs = { kmsKeyArn: KEY };
const BASE = [
    "aws:s3/bucket:Bucket::data",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::data-lifecycle",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls::data-ownership-controls",
    "aws:s3/bucketPolicy:BucketPolicy::data-policy",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::data-public-access-block",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::data-encryption",
    "aws:s3/bucketVersioning:BucketVersioning::data-versioning",
    "platform:storage:SecureBucket::data",
];

describe("SecureBucket", () => {
    it("creates the bucket and its seven guards, all children of the component", async () => {
        const plan = await declare(() => new SecureBucket("data", ARGS));
        expect(plan.inventory()).to.deep.equal(BASE);
        const component = plan.one("platform:storage:SecureBucket", "data");
        expect(plan.childrenOf(component)).to.have.length(7);
        for (const r of plan.childrenOf(component).filter((c) => c.type !== "aws:s3/bucket:Bucket")) {
            expect(r.inputs.bucket, r.name).to.equal("data-id");
        }
    });

    it("never force-destroys, has no object lock by default and is tagged with its name", async () => {
        const plan = await declare(() => new SecureBucket("data", { ...ARGS, tags: { team: "platform" } }));
        expect(plan.one("aws:s3/bucket:Bucket", "data").inputs).to.deep.equal({ forceDestroy: false, objectLockEnabled: false, tags: { team: "platform", Name: "data" } });
    });

    it("blocks all public access and disables ACLs", async () => {
        const plan = await declare(() => new SecureBucket("data", ARGS));
        expect(plan.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-public-access-block").inputs).to.deep.equal({
            bucket: "data-id",
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(plan.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "data-ownership-controls").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
    });

    it("encrypts with the KMS key and a bucket key", async () => {
        const plan = await declare(() => new SecureBucket("data", ARGS));
        expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-encryption").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true },
        ]);
    });

    it("uses SSE-S3 only for a load balancer log bucket", async () => {
        const plan = await declare(() => new SecureBucket("data", { sseS3ForLoadBalancerLogs: true }));
        expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "data-encryption").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        // The tag the baseline's s3-default-encryption policy requires on SSE-S3 buckets.
        expect(plan.one("aws:s3/bucket:Bucket", "data").inputs.tags).to.deep.equal({ "platform:purpose": "lb-logs", Name: "data" });
    });

    it("enables versioning and the default lifecycle after it", async () => {
        const plan = await declare(() => new SecureBucket("data", ARGS));
        const versioning = plan.one("aws:s3/bucketVersioning:BucketVersioning", "data-versioning");
        expect(versioning.inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        const lifecycle = plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lifecycle");
        expect(lifecycle.inputs.rules).to.deep.equal([
            {
                id: "platform-default",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                noncurrentVersionExpiration: { noncurrentDays: 90 },
                transitions: [{ days: 90, storageClass: "STANDARD_IA" }],
                expiration: { days: 365 },
            },
        ]);
        expect(lifecycle.dependencies).to.include(versioning.urn);
    });

    it("renders the lifecycle from its arguments", async () => {
        const plan = await declare(() =>
            new SecureBucket("data", { ...ARGS, transitionDays: "never", expirationDays: 30, noncurrentExpirationDays: 10, abortIncompleteUploadDays: 2 }),
        );
        expect(plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lifecycle").inputs.rules).to.deep.equal([
            {
                id: "platform-default",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 2 },
                noncurrentVersionExpiration: { noncurrentDays: 10 },
                expiration: { days: 30 },
            },
        ]);
    });

    it("allows only TLS, adds the grants, and is applied after the public access block", async () => {
        const plan = await declare(() =>
            new SecureBucket("data", { ...ARGS, bucketName: "acme-data", grants: [{ sid: "Writer", principal: { AWS: "arn:aws:iam::111111111111:role/w" }, actions: ["s3:PutObject"], objectKeys: ["in/*"] }] }),
        );
        const policy = plan.one("aws:s3/bucketPolicy:BucketPolicy", "data-policy");
        expect(doc(policy.inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: ["arn:aws:s3:::acme-data", "arn:aws:s3:::acme-data/*"],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                { Sid: "Writer", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:role/w" }, Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::acme-data/in/*"] },
            ],
        });
        expect(plan.one("aws:s3/bucket:Bucket", "data").inputs.bucket).to.equal("acme-data");
        const pab = plan.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "data-public-access-block");
        expect(policy.dependencies).to.include(pab.urn);
    });

    it("turns on object lock with its default retention", async () => {
        const plan = await declare(() => new SecureBucket("data", { ...ARGS, objectLockMode: "COMPLIANCE", objectLockDays: 365 }));
        expect(plan.inventory()).to.deep.equal([...BASE, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::data-object-lock"].sort());
        expect(plan.one("aws:s3/bucket:Bucket", "data").inputs.objectLockEnabled).to.equal(true);
        expect(plan.one("aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "data-object-lock").inputs).to.deep.equal({
            bucket: "data-id",
            objectLockEnabled: "Enabled",
            rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
        });
    });

    it("logs access to the access-log bucket under the component's prefix", async () => {
        const plan = await declare(() => new SecureBucket("data", { ...ARGS, accessLogBucket: "acme-access-logs" }));
        expect(plan.inventory()).to.deep.equal([...BASE, "aws:s3/bucketLogging:BucketLogging::data-access-logging"].sort());
        expect(plan.one("aws:s3/bucketLogging:BucketLogging", "data-access-logging").inputs).to.deep.equal({
            bucket: "data-id",
            targetBucket: "acme-access-logs",
            targetPrefix: "data/",
            targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
        });
    });

    const FULL: SecureBucketArgs = { ...ARGS, objectLockMode: "GOVERNANCE", objectLockDays: 30, accessLogBucket: "acme-access-logs" };

    it("protects and retains the bucket by default, and retains its guards with it", async () => {
        const plan = await declare(() => new SecureBucket("data", FULL));
        const bucket = plan.one("aws:s3/bucket:Bucket", "data");
        expect([bucket.protect, bucket.retainOnDelete]).to.deep.equal([true, true]);
        const guards = plan.resources.filter((r) => r.type.startsWith("aws:s3/") && r !== bucket);
        expect(guards).to.have.length(8);
        for (const r of guards) {
            expect([r.protect, r.retainOnDelete], r.name).to.deep.equal([false, true]);
        }
    });

    it("neither protects nor retains the bucket or its guards when protect is false", async () => {
        const plan = await declare(() => new SecureBucket("data", { ...FULL, protect: false }));
        const children = plan.resources.filter((r) => r.type.startsWith("aws:s3/"));
        expect(children).to.have.length(9);
        for (const r of children) {
            expect([r.protect, r.retainOnDelete], r.name).to.deep.equal([false, false]);
        }
    });

    it("exposes the bucket name and ARN", async () => {
        const plan = await declare(() => {
            const b = new SecureBucket("data", { ...ARGS, bucketName: "acme-data" });
            return { bucketName: b.bucketName, bucketArn: b.bucketArn };
        });
        expect(plan.outputs).to.deep.equal({ bucketName: "acme-data", bucketArn: "arn:aws:s3:::acme-data" });
    });

    const cases: [string, Partial<SecureBucketArgs>, string[]][] = [
        [
            "rejects a bucket without a KMS key",
            { kmsKeyArn: undefined },
            ["kmsKeyArn: unset is required: buckets are encrypted with a KMS key (sseS3ForLoadBalancerLogs: true only for load balancer or access log buckets)"],
        ],
        ["rejects a KMS key together with SSE-S3", { sseS3ForLoadBalancerLogs: true }, ["kmsKeyArn and sseS3ForLoadBalancerLogs: both set; a load balancer log bucket uses SSE-S3 and no key"]],
        ["rejects a key that is not a KMS ARN", { kmsKeyArn: "abc" }, ['kmsKeyArn: "abc" is not a KMS key or alias ARN']],
        ["rejects an invalid bucket name", { bucketName: "Acme_Data" }, ['bucketName: "Acme_Data" is not an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit)']],
        ["rejects a bucket name shaped like an IP address", { bucketName: "10.0.0.1" }, ['bucketName: "10.0.0.1" is not an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit)']],
        ["rejects a transition to STANDARD_IA before 30 days", { transitionDays: 10 }, ["transitionDays: 10 is below 30; S3 moves objects to STANDARD_IA after 30 days at the earliest"]],
        ["rejects an expiration before the transition", { transitionDays: 90, expirationDays: 60 }, ["expirationDays: 60 is not after transitionDays 90; objects would expire before they move"]],
        ["rejects an unknown storage class", { transitionStorageClass: "COLD" as never }, ['transitionStorageClass: "COLD" is not one of "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"']],
        ["rejects a fractional expiration", { expirationDays: 400.5 }, ['expirationDays: 400.5 is not a whole number of days in 1..36500 or "never"']],
        ["rejects a zero noncurrent expiration", { noncurrentExpirationDays: 0 }, ["noncurrentExpirationDays: 0 is not a whole number of days in 1..36500"]],
        ["rejects an abort window of 0 days", { abortIncompleteUploadDays: 0 }, ["abortIncompleteUploadDays: 0 is not in 1..30"]],
        ["rejects object lock without days", { objectLockMode: "GOVERNANCE" }, ["objectLockDays: unset is not a whole number of days in 1..36500"]],
        ["rejects object lock days without a mode", { objectLockDays: 30 }, ["objectLockDays: 30 is set without objectLockMode; set objectLockMode to GOVERNANCE or COMPLIANCE"]],
        ["rejects an access log prefix without a bucket", { accessLogPrefix: "x/" }, ['accessLogPrefix: "x/" is set without accessLogBucket']],
        [
            "rejects a grant to * with every action",
            { grants: [{ sid: "Open", principal: { AWS: "*" }, actions: ["s3:*"] }] },
            ['grants[0].principal: {"AWS":"*"} names *; grant to a service with source conditions or to roles', 'grants[0].actions: ["s3:*"] is empty or grants every action; list the S3 actions needed'],
        ],
        [
            "rejects a grant that reuses the TLS statement ID",
            { grants: [{ sid: "DenyInsecureTransport", principal: { Service: "logging.s3.amazonaws.com" }, actions: ["s3:PutObject"] }] },
            ['grants[0].sid: "DenyInsecureTransport" is not a unique statement ID of letters and digits'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateSecureBucketArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
