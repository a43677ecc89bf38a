import { expect } from "chai";
import {
    s3AccessLogging,
    s3DefaultEncryption,
    s3DenyInsecureTransport,
    s3Lifecycle,
    s3NoPublicAcl,
    s3ObjectLockForAudit,
    s3Policies,
    s3PublicAccessBlock,
    s3Versioning,
} from "../../../policy-packs/aws-baseline/policies/s3";
import { ResourceSpec, runPolicy } from "../../support/policy";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ACCOUNT_PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const SSE_V2 = "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const VERSIONING = "aws:s3/bucketVersioning:BucketVersioning";
const VERSIONING_V2 = "aws:s3/bucketVersioningV2:BucketVersioningV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const ACL = "aws:s3/bucketAcl:BucketAcl";
const ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

/** A bucket with a known name. */
function bucket(name: string, inputs: Record<string, unknown> = {}, type = BUCKET): ResourceSpec {
    return { type, name, urn: urnOf(type, name), inputs: { bucket: name, ...inputs } };
}

/** A bucket whose name is auto-generated, so sub-resources can only point at it by dependency. */
function autoNamedBucket(name: string): ResourceSpec {
    return { type: BUCKET, name, urn: urnOf(BUCKET, name), inputs: {} };
}

/** A sub-resource pointing at the bucket by its name (value). */
function byValue(type: string, name: string, bucketName: string, inputs: Record<string, unknown>): ResourceSpec {
    return { type, name, urn: urnOf(type, name), inputs: { bucket: bucketName, ...inputs } };
}

/** A sub-resource pointing at the bucket through `bucket: b.id` known only after apply. */
function byDependency(type: string, name: string, target: ResourceSpec, inputs: Record<string, unknown>): ResourceSpec {
    return { type, name, urn: urnOf(type, name), inputs: { bucket: "<computed>", ...inputs }, dependencies: [target.urn!], propertyDependencies: { bucket: [target.urn!] } };
}

const ALL_FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const KMS_RULES = { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "<computed>" }, bucketKeyEnabled: true }] };
const TLS_POLICY = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ],
};

describe("s3 pack module", () => {
    it("exports the eight S3 policies with catalog names and levels", () => {
        expect(s3Policies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal([
            ["s3-public-access-block", "mandatory", "high"],
            ["s3-no-public-acl", "mandatory", "critical"],
            ["s3-default-encryption", "mandatory", "high"],
            ["s3-deny-insecure-transport", "mandatory", "medium"],
            ["s3-versioning", "advisory", "medium"],
            ["s3-access-logging", "advisory", "medium"],
            ["s3-lifecycle", "advisory", "low"],
            ["s3-object-lock-for-audit", "advisory", "medium"],
        ]);
        for (const p of s3Policies) {
            expect(p.description).to.match(/^Checks whether /);
            expect(p.remediationSteps).to.be.a("string");
        }
    });
});

describe("s3-public-access-block", () => {
    const data = bucket("data");
    it("passes a bucket with a full block linked by name and one linked by dependency", async () => {
        const logs = autoNamedBucket("logs");
        const r = await runPolicy(s3PublicAccessBlock, [data, byValue(PAB, "data-pab", "data", ALL_FLAGS), logs, byDependency(PAB, "logs-pab", logs, ALL_FLAGS)]);
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("passes BucketV2 buckets covered by an account-level block with all four flags", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [bucket("v2", {}, BUCKET_V2), { type: ACCOUNT_PAB, inputs: ALL_FLAGS }]);
        expect(r.messages).to.deep.equal([]);
    });
    it("does not let an account block of another account (provider) cover the bucket", async () => {
        const other = { type: "pulumi:providers:aws", name: "other", urn: "urn:pulumi:test::platform::pulumi:providers:aws::other", inputs: {} };
        const r = await runPolicy(s3PublicAccessBlock, [other, data, { type: ACCOUNT_PAB, inputs: ALL_FLAGS, provider: other.urn }]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([data.urn]);
    });
    it("rejects a bucket without any block, reported on the bucket", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [data]);
        expect(r.reported).to.deep.equal([
            'S3 bucket "data" must block public access; add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (or an account-level block).',
        ]);
        expect(r.findings[0].urn).to.equal(data.urn);
    });
    it("rejects a block with a flag unset (provider default false), reported on the block", async () => {
        const { restrictPublicBuckets: _omit, ...three } = ALL_FLAGS;
        const r = await runPolicy(s3PublicAccessBlock, [data, byValue(PAB, "data-pab", "data", three)]);
        expect(r.reported).to.deep.equal(['S3 public access block of bucket "data" must set all four flags; set restrictPublicBuckets: true.']);
        expect(r.findings[0].urn).to.equal(urnOf(PAB, "data-pab"));
    });
    it("rejects a block with a flag false, and an incomplete account block does not cover", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [data, byValue(PAB, "data-pab", "data", { ...ALL_FLAGS, blockPublicPolicy: false }), { type: ACCOUNT_PAB, inputs: { ...ALL_FLAGS, ignorePublicAcls: false } }]);
        expect(r.reported).to.deep.equal(['S3 public access block of bucket "data" must set all four flags; set blockPublicPolicy: true.']);
    });
    it("does not match a block for another bucket", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [data, byValue(PAB, "other-pab", "other", ALL_FLAGS)]);
        expect(r.reported).to.have.length(1);
    });
    it("does not link a block whose bucket is computed but depends on another resource", async () => {
        const logs = autoNamedBucket("logs");
        const other = autoNamedBucket("other");
        const r = await runPolicy(s3PublicAccessBlock, [logs, other, byDependency(PAB, "other-pab", other, ALL_FLAGS)]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([logs.urn]);
    });
    it("counts a flag known only after apply as set (never a mandatory failure)", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [data, byValue(PAB, "data-pab", "data", { ...ALL_FLAGS, blockPublicAcls: "<computed>" })]);
        expect(r.findings.filter((f) => f.enforcementLevel === "mandatory")).to.deep.equal([]);
    });
});

describe("s3-no-public-acl", () => {
    it("passes a private ACL and BucketOwnerEnforced ownership", async () => {
        const r = await runPolicy(s3NoPublicAcl, [
            { type: ACL, inputs: { bucket: "data", acl: "private" } },
            { type: OWNERSHIP, inputs: { bucket: "data", rule: { objectOwnership: "BucketOwnerEnforced" } } },
        ]);
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects public canned ACLs on BucketAcl, BucketAclV2 and an inline bucket acl", async () => {
        for (const acl of ["public-read", "public-read-write", "authenticated-read"]) {
            const r = await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", acl } });
            expect(r.reported).to.deep.equal([`S3 bucket ACL must not be public; remove acl "${acl}" and keep ACLs disabled (BucketOwnerEnforced).`]);
        }
        expect((await runPolicy(s3NoPublicAcl, { type: ACL_V2, inputs: { bucket: "data", acl: "public-read" } })).reported).to.have.length(1);
        expect((await runPolicy(s3NoPublicAcl, bucket("data", { acl: "public-read" }))).reported).to.have.length(1);
    });
    it("rejects grants to AllUsers and AuthenticatedUsers", async () => {
        const grant = (group: string, permission: string) => ({ grantee: { type: "Group", uri: `http://acs.amazonaws.com/groups/global/${group}` }, permission });
        const r = await runPolicy(s3NoPublicAcl, {
            type: ACL,
            inputs: { bucket: "data", accessControlPolicy: { owner: { id: "abc" }, grants: [grant("AllUsers", "READ"), grant("AuthenticatedUsers", "WRITE"), { grantee: { type: "CanonicalUser", id: "abc" }, permission: "FULL_CONTROL" }] } },
        });
        expect(r.reported).to.deep.equal([
            "S3 bucket ACL must not grant READ to AllUsers; remove the grant and use a bucket policy for access.",
            "S3 bucket ACL must not grant WRITE to AuthenticatedUsers; remove the grant and use a bucket policy for access.",
        ]);
    });
    it("rejects an inline bucket grant to AllUsers", async () => {
        const r = await runPolicy(s3NoPublicAcl, bucket("data", { grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }] }));
        expect(r.reported).to.deep.equal(["S3 bucket ACL must not grant READ to AllUsers; remove the grant and use a bucket policy for access."]);
    });
    it("rejects ownership other than BucketOwnerEnforced", async () => {
        const r = await runPolicy(s3NoPublicAcl, { type: OWNERSHIP, inputs: { bucket: "data", rule: { objectOwnership: "ObjectWriter" } } });
        expect(r.reported).to.deep.equal(['S3 object ownership must be BucketOwnerEnforced (ACLs disabled); set rule: { objectOwnership: "BucketOwnerEnforced" } (was "ObjectWriter").']);
    });
    it("passes a bucket with no acl set (S3 default: ACLs disabled)", async () => {
        const r = await runPolicy(s3NoPublicAcl, bucket("data"));
        expect(r.messages).to.deep.equal([]);
    });
    it("reports an acl known only after apply as advisory", async () => {
        const r = await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", acl: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a known public grant beside an acl known only after apply, as mandatory", async () => {
        const allUsers = { grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" };
        const r = await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", acl: "<computed>", accessControlPolicy: { owner: { id: "abc" }, grants: ["<computed>", allUsers] } } });
        expect(r.reported).to.deep.equal(["S3 bucket ACL must not grant READ to AllUsers; remove the grant and use a bucket policy for access."]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("leaves grants known only after apply to apply (advisory, never mandatory)", async () => {
        for (const accessControlPolicy of ["<computed>", { owner: { id: "abc" }, grants: "<computed>" }, { owner: { id: "abc" }, grants: [{ grantee: "<computed>", permission: "READ" }] }]) {
            const r = await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", accessControlPolicy } });
            expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        }
    });
    it("leaves an ownership rule known only after apply to apply, instead of failing it", async () => {
        const r = await runPolicy(s3NoPublicAcl, { type: OWNERSHIP, inputs: { bucket: "data", rule: "<computed>" } });
        expect(r.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 's3-no-public-acl' from policy pack 'test-pack@v0.0.0' during preview: string value at .rule can't be known during preview"],
        ]);
    });
});

describe("s3-default-encryption", () => {
    const data = bucket("data");
    it("passes SSE-KMS with a bucket key, linked by name (V1) and by dependency (V2)", async () => {
        const logs = autoNamedBucket("logs");
        const r = await runPolicy(s3DefaultEncryption, [data, byValue(SSE, "data-sse", "data", KMS_RULES), logs, byDependency(SSE_V2, "logs-sse", logs, KMS_RULES)]);
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("passes DSSE-KMS (bucket keys do not apply)", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, byValue(SSE, "data-sse", "data", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms:dsse" } }] })]);
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects a bucket without a configuration (S3 default SSE-S3)", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data]);
        expect(r.reported).to.deep.equal([
            'S3 bucket "data" must have default encryption with SSE-KMS and a bucket key; add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and bucketKeyEnabled: true.',
        ]);
    });
    it("rejects SSE-KMS with bucketKeyEnabled unset, reported on the configuration", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, byValue(SSE, "data-sse", "data", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }] })]);
        expect(r.reported).to.deep.equal(["S3 SSE-KMS must use a bucket key; set bucketKeyEnabled: true."]);
        expect(r.findings[0].urn).to.equal(urnOf(SSE, "data-sse"));
    });
    it("rejects AES256 on an ordinary bucket", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, byValue(SSE, "data-sse", "data", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] })]);
        expect(r.reported).to.deep.equal([
            'S3 bucket must use SSE-KMS (SSE-S3 only for load-balancer log buckets tagged platform:purpose=lb-logs); set sseAlgorithm: "aws:kms" and bucketKeyEnabled: true.',
        ]);
    });
    it("accepts AES256 (or no configuration) on a bucket tagged as load-balancer logs", async () => {
        const lb = bucket("alb-logs", { tags: { "platform:purpose": "lb-logs" } });
        const r = await runPolicy(s3DefaultEncryption, [lb, byValue(SSE, "lb-sse", "alb-logs", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] })]);
        expect(r.messages).to.deep.equal([]);
        expect((await runPolicy(s3DefaultEncryption, [lb])).messages).to.deep.equal([]);
    });
    it("reads the load-balancer tag from config", async () => {
        const lb = bucket("alb-logs", { tags: { purpose: "elb" } });
        const r = await runPolicy(s3DefaultEncryption, [lb], { loadBalancerLogTag: "purpose", loadBalancerLogTagValue: "elb" });
        expect(r.messages).to.deep.equal([]);
        expect((await runPolicy(s3DefaultEncryption, [lb])).reported).to.have.length(1);
    });
    it("checks an inline serverSideEncryptionConfiguration on the bucket", async () => {
        const r = await runPolicy(s3DefaultEncryption, [bucket("inline", { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true } } })]);
        expect(r.messages).to.deep.equal([]);
    });
    it("never fails on an algorithm known only after apply", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, byValue(SSE, "data-sse", "data", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "<computed>" } }] })]);
        expect(r.findings.filter((f) => f.enforcementLevel === "mandatory")).to.deep.equal([]);
    });
});

describe("s3-deny-insecure-transport", () => {
    const data = bucket("data");
    it("passes a TLS-only policy given as JSON (by name) and as an object (by dependency)", async () => {
        const logs = autoNamedBucket("logs");
        const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: JSON.stringify(TLS_POLICY) }), logs, byDependency(POLICY, "logs-policy", logs, { policy: TLS_POLICY })]);
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects a bucket without a policy", async () => {
        const r = await runPolicy(s3DenyInsecureTransport, [data]);
        expect(r.reported).to.deep.equal([
            'S3 bucket "data" must have a bucket policy that denies requests without TLS; add an aws.s3.BucketPolicy with a Deny on s3:* when aws:SecureTransport is "false".',
        ]);
    });
    it("rejects a policy whose Deny does not test aws:SecureTransport false, reported on the policy", async () => {
        const weak = { ...TLS_POLICY, Statement: [{ ...TLS_POLICY.Statement[0], Condition: { Bool: { "aws:SecureTransport": "true" } } }] };
        const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: weak })]);
        expect(r.reported).to.deep.equal([
            'S3 bucket policy of "data" must deny requests without TLS; add a statement Deny, Principal "*", Action "s3:*", Condition { Bool: { "aws:SecureTransport": "false" } }.',
        ]);
        expect(r.findings[0].urn).to.equal(urnOf(POLICY, "data-policy"));
    });
    it("rejects a Deny that covers only s3:GetObject", async () => {
        const narrow = { ...TLS_POLICY, Statement: [{ ...TLS_POLICY.Statement[0], Action: "s3:GetObject" }] };
        const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: narrow })]);
        expect(r.reported).to.have.length(1);
    });
    it('accepts the Deny to {"AWS": ["*"]} and rejects one that names a single account', async () => {
        const listed = { ...TLS_POLICY, Statement: [{ ...TLS_POLICY.Statement[0], Principal: { AWS: ["*"] } }] };
        expect((await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: listed })])).messages).to.deep.equal([]);
        const oneAccount = { ...TLS_POLICY, Statement: [{ ...TLS_POLICY.Statement[0], Principal: { AWS: ["arn:aws:iam::111122223333:root"] } }] };
        expect((await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: oneAccount })])).reported).to.deep.equal([
            'S3 bucket policy of "data" must deny requests without TLS; add a statement Deny, Principal "*", Action "s3:*", Condition { Bool: { "aws:SecureTransport": "false" } }.',
        ]);
    });
    it("accepts Action * and {AWS: *} with a boolean false", async () => {
        const alt = { Statement: { Effect: "Deny", Principal: { AWS: "*" }, Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": false } } } };
        const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: alt })]);
        expect(r.messages).to.deep.equal([]);
    });
    it("does not fail a Deny statement whose condition is known only after apply", async () => {
        const computed = { Statement: [{ ...TLS_POLICY.Statement[0], Condition: "<computed>" }] };
        const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: computed })]);
        expect(r.messages).to.deep.equal([]);
    });
    it("does not fail a policy whose statements are known only after apply", async () => {
        for (const policy of [{ Version: "2012-10-17", Statement: "<computed>" }, { Version: "2012-10-17", Statement: ["<computed>"] }]) {
            const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy })]);
            expect(r.messages).to.deep.equal([]);
        }
    });
    it("does not fail a policy document known only after apply", async () => {
        const r = await runPolicy(s3DenyInsecureTransport, [data, byValue(POLICY, "data-policy", "data", { policy: "<computed>" })]);
        expect(r.messages).to.deep.equal([]);
    });
});

describe("s3-versioning", () => {
    const data = bucket("data");
    it("passes enabled versioning linked by name (V1) and by dependency (V2)", async () => {
        const logs = autoNamedBucket("logs");
        const r = await runPolicy(
            s3Versioning,
            [data, byValue(VERSIONING, "data-v", "data", { versioningConfiguration: { status: "Enabled" } }), logs, byDependency(VERSIONING_V2, "logs-v", logs, { versioningConfiguration: { status: "Enabled" } })],
            {},
            "advisory",
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a bucket without versioning (S3 default off)", async () => {
        const r = await runPolicy(s3Versioning, [data], {}, "advisory");
        expect(r.reported).to.deep.equal(['S3 bucket "data" must have versioning enabled; add an aws.s3.BucketVersioning with versioningConfiguration: { status: "Enabled" }.']);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("flags suspended versioning", async () => {
        const r = await runPolicy(s3Versioning, [data, byValue(VERSIONING, "data-v", "data", { versioningConfiguration: { status: "Suspended" } })], {}, "advisory");
        expect(r.reported).to.deep.equal(['S3 bucket versioning must be enabled; set versioningConfiguration: { status: "Enabled" } (was "Suspended").']);
    });
    it("accepts inline versioning on the bucket", async () => {
        const r = await runPolicy(s3Versioning, [bucket("inline", { versioning: { enabled: true } })], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
});

describe("s3-access-logging", () => {
    const data = bucket("data");
    const archive = bucket("log-archive");
    const accessLogs = bucket("log-archive-access-logs");
    const toAccessLogs = (name: string, from: string) => byValue(LOGGING, name, from, { targetBucket: "log-archive-access-logs", targetPrefix: `${from}/` });
    it("passes every bucket, the archive included, logging to the configured access-log bucket (by name and by dependency); the access-log bucket is exempt", async () => {
        const logs = autoNamedBucket("logs");
        const r = await runPolicy(
            s3AccessLogging,
            [
                archive,
                accessLogs,
                data,
                toAccessLogs("archive-log", "log-archive"),
                toAccessLogs("data-log", "data"),
                logs,
                { ...byDependency(LOGGING, "logs-log", logs, { targetPrefix: "logs/" }), inputs: { bucket: "<computed>", targetBucket: "<computed>", targetPrefix: "logs/" } },
            ],
            { accessLogBucket: "log-archive-access-logs" },
            "advisory",
        );
        expect(r.messages).to.deep.equal([]);
        expect(r.findings).to.deep.equal([]);
        expect(r.outcome).to.equal("pass,exempt");
    });
    it("flags the archive when it does not log: only the access-log bucket ends the chain", async () => {
        const r = await runPolicy(s3AccessLogging, [archive, accessLogs, toAccessLogs("data-log", "data"), data], { accessLogBucket: "log-archive-access-logs" }, "advisory");
        expect(r.reported).to.deep.equal(['S3 bucket "log-archive" must log server access; add an aws.s3.BucketLogging with targetBucket set to the access-log bucket "log-archive-access-logs".']);
    });
    it("recognises an auto-named access-log bucket by its resource name, and a target by dependency", async () => {
        const auto = autoNamedBucket("log-archive-access-logs");
        const r = await runPolicy(
            s3AccessLogging,
            [auto, data, { ...byValue(LOGGING, "data-log", "data", { targetPrefix: "data/" }), inputs: { bucket: "data", targetBucket: "<computed>", targetPrefix: "data/" }, propertyDependencies: { targetBucket: [auto.urn!] } }],
            { accessLogBucket: "log-archive-access-logs" },
            "advisory",
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a bucket logging into itself, by name and by dependency", async () => {
        const byName = await runPolicy(s3AccessLogging, [archive, byValue(LOGGING, "archive-log", "log-archive", { targetBucket: "log-archive", targetPrefix: "" })], {}, "advisory");
        expect(byName.reported).to.deep.equal(['S3 bucket "log-archive" must not log server access into itself; set targetBucket to a separate access-log bucket.']);
        const auto = autoNamedBucket("auto");
        const byDep = await runPolicy(
            s3AccessLogging,
            [auto, { ...byDependency(LOGGING, "auto-log", auto, { targetPrefix: "" }), inputs: { bucket: "<computed>", targetBucket: "<computed>" }, propertyDependencies: { bucket: [auto.urn!], targetBucket: [auto.urn!] } }],
            { accessLogBucket: "elsewhere" },
            "advisory",
        );
        expect(byDep.reported).to.deep.equal(['S3 bucket "auto" must not log server access into itself; set targetBucket to the access-log bucket "elsewhere".']);
    });
    it("without configuration, treats a bucket other buckets log into as the end of the chain", async () => {
        const r = await runPolicy(s3AccessLogging, [archive, accessLogs, toAccessLogs("archive-log", "log-archive")], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass,exempt");
    });
    it("flags a bucket without access logging", async () => {
        const r = await runPolicy(s3AccessLogging, [data], {}, "advisory");
        expect(r.reported).to.deep.equal(['S3 bucket "data" must log server access; add an aws.s3.BucketLogging with targetBucket set to a separate access-log bucket.']);
    });
    it("flags logs going elsewhere than the configured access-log bucket", async () => {
        const r = await runPolicy(s3AccessLogging, [data, byValue(LOGGING, "data-log", "data", { targetBucket: "random", targetPrefix: "" })], { accessLogBucket: "log-archive-access-logs" }, "advisory");
        expect(r.reported).to.deep.equal(['S3 access logs must go to the access-log bucket "log-archive-access-logs"; set targetBucket: "log-archive-access-logs" (was "random").']);
    });
    it("still reads the deprecated archiveBucket setting as the access-log bucket", async () => {
        const r = await runPolicy(s3AccessLogging, [data, byValue(LOGGING, "data-log", "data", { targetBucket: "random", targetPrefix: "" })], { archiveBucket: "log-archive" }, "advisory");
        expect(r.reported).to.deep.equal(['S3 access logs must go to the access-log bucket "log-archive"; set targetBucket: "log-archive" (was "random").']);
    });
});

describe("s3-lifecycle", () => {
    const data = bucket("data");
    const rules = [{ id: "expire", status: "Enabled", expiration: { days: 365 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }];
    it("passes expiration plus abort of incomplete uploads (by name and by dependency)", async () => {
        const logs = autoNamedBucket("logs");
        const r = await runPolicy(s3Lifecycle, [data, byValue(LIFECYCLE, "data-lc", "data", { rules }), logs, byDependency(LIFECYCLE, "logs-lc", logs, { rules })], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a bucket without lifecycle", async () => {
        const r = await runPolicy(s3Lifecycle, [data], {}, "advisory");
        expect(r.reported).to.deep.equal([
            'S3 bucket "data" must have a lifecycle configuration; add an aws.s3.BucketLifecycleConfiguration with an expiration rule and abortIncompleteMultipartUpload.',
        ]);
    });
    it("flags a lifecycle without expiration, and one without abort", async () => {
        const noExpiry = await runPolicy(s3Lifecycle, [data, byValue(LIFECYCLE, "data-lc", "data", { rules: [{ ...rules[0], expiration: undefined }] })], {}, "advisory");
        expect(noExpiry.reported).to.deep.equal(["S3 lifecycle configuration must expire objects; add an enabled rule with expiration or noncurrentVersionExpiration."]);
        const noAbort = await runPolicy(s3Lifecycle, [data, byValue(LIFECYCLE, "data-lc", "data", { rules: [{ ...rules[0], abortIncompleteMultipartUpload: undefined }] })], {}, "advisory");
        expect(noAbort.reported).to.deep.equal([
            "S3 lifecycle configuration must abort incomplete multipart uploads; add an enabled rule with abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.",
        ]);
    });
    it("ignores disabled rules", async () => {
        const r = await runPolicy(s3Lifecycle, [data, byValue(LIFECYCLE, "data-lc", "data", { rules: [{ ...rules[0], status: "Disabled" }] })], {}, "advisory");
        expect(r.reported).to.have.length(2);
    });
});

describe("s3-object-lock-for-audit", () => {
    const audit = { "platform:purpose": "audit" };
    it("passes an audit bucket with object lock and ignores untagged buckets", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, [bucket("audit", { tags: audit, objectLockEnabled: true }), bucket("data")], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("flags an audit bucket without object lock (default off)", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, bucket("audit", { tags: audit }, BUCKET_V2), {}, "advisory");
        expect(r.reported).to.deep.equal([
            "Audit S3 buckets (platform:purpose=audit) must have object lock; set objectLockEnabled: true when the bucket is created and add a BucketObjectLockConfiguration with a default retention.",
        ]);
    });
    it("accepts an inline objectLockConfiguration with Enabled", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, bucket("audit", { tags: audit, objectLockConfiguration: { objectLockEnabled: "Enabled" } }), {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("reports tags known only after apply as advisory (cannot tell an audit bucket)", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, bucket("audit", { tags: "<computed>" }), {}, "mandatory");
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a known audit bucket without object lock although other inputs are known only after apply", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, bucket("audit", { bucket: "<computed>", tags: audit, policy: "<computed>" }), {}, "mandatory");
        expect(r.reported).to.deep.equal([
            "Audit S3 buckets (platform:purpose=audit) must have object lock; set objectLockEnabled: true when the bucket is created and add a BucketObjectLockConfiguration with a default retention.",
        ]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("reports the audit tag value known only after apply as advisory", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, bucket("audit", { tags: { "platform:purpose": "<computed>" } }), {}, "mandatory");
        expect(r.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 's3-object-lock-for-audit' from policy pack 'test-pack@v0.0.0' during preview: string value at .tags.platform:purpose can't be known during preview"],
        ]);
    });
    it("reads the audit tag from config", async () => {
        const r = await runPolicy(s3ObjectLockForAudit, bucket("audit", { tags: { class: "evidence" } }), { auditTag: "class", auditTagValue: "evidence" }, "advisory");
        expect(r.reported).to.have.length(1);
    });
});

describe("s3 stack policies with every input known only after apply", () => {
    it("never yield a mandatory finding or end the stack check", async () => {
        const computed = autoNamedBucket("computed");
        computed.inputs = { bucket: "<computed>", tags: "<computed>", policy: "<computed>" };
        const subs = [
            byDependency(PAB, "c-pab", computed, { blockPublicAcls: "<computed>", blockPublicPolicy: "<computed>", ignorePublicAcls: "<computed>", restrictPublicBuckets: "<computed>" }),
            byDependency(SSE, "c-sse", computed, { rules: "<computed>" }),
            byDependency(POLICY, "c-policy", computed, { policy: "<computed>" }),
            byDependency(VERSIONING, "c-v", computed, { versioningConfiguration: "<computed>" }),
            byDependency(LOGGING, "c-log", computed, { targetBucket: "<computed>" }),
            byDependency(LIFECYCLE, "c-lc", computed, { rules: "<computed>" }),
        ];
        for (const policy of [s3PublicAccessBlock, s3DefaultEncryption, s3DenyInsecureTransport, s3Versioning, s3AccessLogging, s3Lifecycle]) {
            const r = await runPolicy(policy, [computed, ...subs], policy === s3AccessLogging ? { archiveBucket: "log-archive" } : {});
            expect(r.findings, policy.name).to.deep.equal([]);
            expect(r.outcome, policy.name).to.equal("pass");
        }
    });
});
