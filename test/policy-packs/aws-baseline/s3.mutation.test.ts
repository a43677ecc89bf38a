import { expect } from "chai";
import {
    s3AccessLogging,
    s3DefaultEncryption,
    s3DenyInsecureTransport,
    s3Lifecycle,
    s3NoPublicAcl,
    s3ObjectLockForAudit,
    s3PublicAccessBlock,
    s3Versioning,
} from "../../../policy-packs/aws-baseline/policies/s3";
import { PolicyRun, ResourceSpec, runPolicy } from "../../support/policy";

/**
 * S3 rules, one condition at a time (issue #15): each flag, each canned ACL and grantee group,
 * each algorithm, each way a document denies plain HTTP, each way a lifecycle rule expires or
 * aborts, and the values unknown until apply. s3.test.ts describes the rules. References (read
 * 2026-12-03): https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html (canned ACLs, the AllUsers and
 * AuthenticatedUsers groups), https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html (aws:SecureTransport).
 */

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
const LOGGING_V2 = "aws:s3/bucketLoggingV2:BucketLoggingV2";
const LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration";
const LIFECYCLE_V2 = "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2";
const ACL = "aws:s3/bucketAcl:BucketAcl";
const ACL_V2 = "aws:s3/bucketAclV2:BucketAclV2";
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;
const bucket = (name: string, inputs: Record<string, unknown> = {}, type = BUCKET): ResourceSpec => ({ type, name, urn: urnOf(type, name), inputs: { bucket: name, ...inputs } });
const autoNamed = (name: string, inputs: Record<string, unknown> = {}): ResourceSpec => ({ type: BUCKET, name, urn: urnOf(BUCKET, name), inputs });
const sub = (type: string, name: string, bucketName: string, inputs: Record<string, unknown>): ResourceSpec => ({ type, name, urn: urnOf(type, name), inputs: { bucket: bucketName, ...inputs } });
const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);

function expectUndecided(r: PolicyRun): void {
    expect(levels(r)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.outcome).to.equal("unknown");
}

const ALL_FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };

describe("s3-public-access-block, condition by condition", () => {
    const data = bucket("data");
    const block = (name: string, flags: Record<string, unknown>) => sub(PAB, name, "data", flags);

    for (const flag of Object.keys(ALL_FLAGS)) {
        it(`names ${flag} when it alone is false, on the block`, async () => {
            const r = await runPolicy(s3PublicAccessBlock, [data, block("pab", { ...ALL_FLAGS, [flag]: false })]);
            expect(r.reported).to.deep.equal([`S3 public access block of bucket "data" must set all four flags; set ${flag}: true.`]);
            expect(r.findings[0].urn).to.equal(urnOf(PAB, "pab"));
        });
        it(`does not let an account block without ${flag} cover the bucket`, async () => {
            const r = await runPolicy(s3PublicAccessBlock, [data, { type: ACCOUNT_PAB, inputs: { ...ALL_FLAGS, [flag]: false } }]);
            expect(r.findings.map((f) => f.urn)).to.deep.equal([data.urn]);
        });
    }
    it("names every missing flag, in order", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [data, block("pab", { blockPublicPolicy: true })]);
        expect(r.reported).to.deep.equal(['S3 public access block of bucket "data" must set all four flags; set blockPublicAcls: true, ignorePublicAcls: true, restrictPublicBuckets: true.']);
    });
    it("passes when one of two blocks is complete, and reports the first when none is", async () => {
        expect((await runPolicy(s3PublicAccessBlock, [data, block("a", {}), block("b", ALL_FLAGS)])).outcome).to.equal("pass");
        const r = await runPolicy(s3PublicAccessBlock, [data, block("a", { ...ALL_FLAGS, blockPublicAcls: false }), block("b", { ...ALL_FLAGS, ignorePublicAcls: false })]);
        expect(r.reported).to.deep.equal(['S3 public access block of bucket "data" must set all four flags; set blockPublicAcls: true.']);
        expect(r.findings[0].urn).to.equal(urnOf(PAB, "a"));
    });
    it("counts an account block's flag known only after apply as set", async () => {
        expect((await runPolicy(s3PublicAccessBlock, [data, { type: ACCOUNT_PAB, inputs: { ...ALL_FLAGS, restrictPublicBuckets: "<computed>" } }])).outcome).to.equal("pass");
    });
    it("labels a bucket whose name is known only after apply by its resource name", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [{ ...bucket("data"), inputs: { bucket: "<computed>" } }]);
        expect(r.reported[0]).to.match(/^S3 bucket "data" must block public access;/);
    });
    it("labels an auto-named bucket by its resource name, and checks every bucket", async () => {
        const r = await runPolicy(s3PublicAccessBlock, [autoNamed("logs"), bucket("v2", {}, BUCKET_V2), data, block("pab", ALL_FLAGS)]);
        expect(r.reported).to.deep.equal([
            'S3 bucket "logs" must block public access; add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (or an account-level block).',
            'S3 bucket "v2" must block public access; add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (or an account-level block).',
        ]);
    });
});

describe("s3-no-public-acl, condition by condition", () => {
    const grant = (uri: unknown, permission: unknown = "READ") => ({ grantee: { type: "Group", uri }, permission });
    const acl = (grants: unknown, type = ACL) => runPolicy(s3NoPublicAcl, { type, inputs: { bucket: "data", accessControlPolicy: { owner: { id: "abc" }, grants } } });
    const msg = (permission: string, group: string) => `S3 bucket ACL must not grant ${permission} to ${group}; remove the grant and use a bucket policy for access.`;

    for (const cannedAcl of ["private", "log-delivery-write", "bucket-owner-read", "bucket-owner-full-control", "aws-exec-read"]) {
        it(`passes the canned ACL ${cannedAcl}`, async () => {
            expect((await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", acl: cannedAcl } })).outcome).to.equal("pass");
        });
    }
    it("rejects a public canned ACL on a BucketV2", async () => {
        expect((await runPolicy(s3NoPublicAcl, bucket("data", { acl: "public-read-write" }, BUCKET_V2))).reported).to.deep.equal([
            'S3 bucket ACL must not be public; remove acl "public-read-write" and keep ACLs disabled (BucketOwnerEnforced).',
        ]);
    });
    it("rejects each public group on a BucketAclV2, and passes the log delivery group and a canonical user", async () => {
        const r = await acl([grant("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "FULL_CONTROL"), grant("http://acs.amazonaws.com/groups/s3/LogDelivery", "WRITE"), { grantee: { type: "CanonicalUser", id: "abc" }, permission: "READ" }], ACL_V2);
        expect(r.reported).to.deep.equal([msg("FULL_CONTROL", "AuthenticatedUsers")]);
    });
    it("does not take a group that only ends alike, or a URI that is not a string, for a public group", async () => {
        expect((await acl([grant("http://acs.amazonaws.com/groups/global/NotAllUsers"), grant("http://acs.amazonaws.com/groups/AllUsers"), grant(42)])).outcome).to.equal("pass");
    });
    it('says "access" for a grant without a permission, and joins an inline grant\'s permissions', async () => {
        expect((await acl([grant("http://acs.amazonaws.com/groups/global/AllUsers", "")])).reported).to.deep.equal([msg("access", "AllUsers")]);
        expect((await acl([{ grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" } }])).reported).to.deep.equal([msg("access", "AllUsers")]);
        const inline = await runPolicy(s3NoPublicAcl, bucket("data", { grants: [{ type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ", "WRITE"] }] }, BUCKET_V2));
        expect(inline.reported).to.deep.equal([msg("READ+WRITE", "AllUsers")]);
    });
    it("skips grants that are null or have no grantee", async () => {
        expect((await acl([null, { grantee: null, permission: "READ" }, grant("http://acs.amazonaws.com/groups/global/AllUsers")])).reported).to.deep.equal([msg("READ", "AllUsers")]);
        expect((await runPolicy(s3NoPublicAcl, bucket("data", { grants: [null] }))).outcome).to.equal("pass");
    });
    it("passes a BucketAcl without an access control policy, or without grants", async () => {
        expect((await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", acl: "private" } })).outcome).to.equal("pass");
        expect((await runPolicy(s3NoPublicAcl, { type: ACL, inputs: { bucket: "data", accessControlPolicy: { owner: { id: "abc" } } } })).outcome).to.equal("pass");
    });
    it("can't decide before apply on an inline grant list, grant or grantee URI unknown until apply", async () => {
        expectUndecided(await runPolicy(s3NoPublicAcl, bucket("data", { grants: "<computed>" })));
        expectUndecided(await runPolicy(s3NoPublicAcl, bucket("data", { grants: ["<computed>"] })));
        expectUndecided(await runPolicy(s3NoPublicAcl, bucket("data", { grants: [{ type: "Group", uri: "<computed>", permissions: ["READ"] }] })));
        expectUndecided(await acl([{ grantee: { type: "Group", uri: "<computed>" }, permission: "READ" }]));
        expectUndecided(await acl(["<computed>"]));
    });
    it("still rejects a known public grant beside an unknown one", async () => {
        const r = await runPolicy(s3NoPublicAcl, bucket("data", { grants: ["<computed>", { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers", permissions: ["READ"] }] }));
        expect(r.reported).to.deep.equal([msg("READ", "AllUsers")]);
        expect(levels(r)).to.deep.equal(["mandatory"]);
    });
    it("rejects ownership BucketOwnerPreferred and an unset one (null), passes only BucketOwnerEnforced", async () => {
        const own = (rule: unknown) => runPolicy(s3NoPublicAcl, { type: OWNERSHIP, inputs: { bucket: "data", rule } });
        expect((await own({ objectOwnership: "BucketOwnerPreferred" })).reported).to.deep.equal([
            'S3 object ownership must be BucketOwnerEnforced (ACLs disabled); set rule: { objectOwnership: "BucketOwnerEnforced" } (was "BucketOwnerPreferred").',
        ]);
        expect((await own({})).reported).to.deep.equal(['S3 object ownership must be BucketOwnerEnforced (ACLs disabled); set rule: { objectOwnership: "BucketOwnerEnforced" } (was null).']);
        expect((await own(undefined)).reported).to.have.length(1);
        expect((await own({ objectOwnership: "BucketOwnerEnforced" })).outcome).to.equal("pass");
        expectUndecided(await own({ objectOwnership: "<computed>" }));
    });
    it("does not read a canned ACL or grants on ownership controls", async () => {
        expect((await runPolicy(s3NoPublicAcl, { type: OWNERSHIP, inputs: { bucket: "data", rule: { objectOwnership: "BucketOwnerEnforced" }, acl: "public-read" } })).outcome).to.equal("pass");
    });
});

describe("s3-default-encryption, condition by condition", () => {
    const data = bucket("data");
    const KMS_REQUIRED = 'S3 bucket must use SSE-KMS (SSE-S3 only for load-balancer log buckets tagged platform:purpose=lb-logs); set sseAlgorithm: "aws:kms" and bucketKeyEnabled: true.';
    const BUCKET_KEY = "S3 SSE-KMS must use a bucket key; set bucketKeyEnabled: true.";
    const sse = (rules: unknown, type = SSE, name = "data-sse") => sub(type, name, "data", { rules });
    const rule = (sseAlgorithm: unknown, bucketKeyEnabled?: unknown) => ({ applyServerSideEncryptionByDefault: { sseAlgorithm }, bucketKeyEnabled });

    it("treats a rule without an algorithm as SSE-S3 (AES256)", async () => {
        expect((await runPolicy(s3DefaultEncryption, [data, sse([{ bucketKeyEnabled: true }])])).reported).to.deep.equal([KMS_REQUIRED]);
        expect((await runPolicy(s3DefaultEncryption, [data, sse([{ applyServerSideEncryptionByDefault: {} }])])).reported).to.deep.equal([KMS_REQUIRED]);
    });
    it("rejects bucketKeyEnabled false on SSE-KMS, on a V2 configuration, at its URN", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, sse([rule("aws:kms", false)], SSE_V2, "v2")]);
        expect(r.reported).to.deep.equal([BUCKET_KEY]);
        expect(r.findings[0].urn).to.equal(urnOf(SSE_V2, "v2"));
    });
    it("checks every rule of every configuration", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, sse([rule("aws:kms", true), rule("AES256")]), sse([rule("aws:kms")], SSE, "second")]);
        expect(r.reported).to.deep.equal([KMS_REQUIRED, BUCKET_KEY]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(SSE, "data-sse"), urnOf(SSE, "second")]);
    });
    it("does not fail a rule list, a default block or a bucket key known only after apply", async () => {
        for (const rules of ["<computed>", [{ applyServerSideEncryptionByDefault: "<computed>", bucketKeyEnabled: true }], [rule("aws:kms", "<computed>")]]) {
            expect((await runPolicy(s3DefaultEncryption, [data, sse(rules)])).findings, JSON.stringify(rules)).to.deep.equal([]);
        }
    });
    it("reads the inline configuration: flags a missing bucket key and AES256 at the bucket, and leaves unknown parts alone", async () => {
        const inline = (serverSideEncryptionConfiguration: unknown, tags?: unknown) => runPolicy(s3DefaultEncryption, [bucket("data", { serverSideEncryptionConfiguration, tags })]);
        const r = await inline({ rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } });
        expect(r.reported).to.deep.equal([BUCKET_KEY]);
        expect(r.findings[0].urn).to.equal(data.urn);
        expect((await inline({ rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } })).reported).to.deep.equal([KMS_REQUIRED]);
        expect((await inline({ rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } }, { "platform:purpose": "lb-logs" })).outcome).to.equal("pass");
        for (const c of ["<computed>", { rule: "<computed>" }, { rule: { applyServerSideEncryptionByDefault: "<computed>" } }, { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: "<computed>" } }]) {
            expect((await inline(c)).findings, JSON.stringify(c)).to.deep.equal([]);
        }
        expect((await inline(null)).reported).to.have.length(1);
    });
    it("reads an inline configuration that is null beside a configuration resource, and one whose rule or default block is missing", async () => {
        expect((await runPolicy(s3DefaultEncryption, [bucket("data", { serverSideEncryptionConfiguration: null }), sse([rule("aws:kms", true)])])).outcome).to.equal("pass");
        for (const c of [{ rule: null }, { rule: {} }]) {
            expect((await runPolicy(s3DefaultEncryption, [bucket("data", { serverSideEncryptionConfiguration: c })])).reported, JSON.stringify(c)).to.deep.equal([KMS_REQUIRED]);
        }
    });
    it("holds a bucket whose tag is another value, or another tag, to SSE-KMS", async () => {
        expect((await runPolicy(s3DefaultEncryption, [bucket("data", { tags: { "platform:purpose": "logs" } }), sse([rule("AES256")])])).reported).to.deep.equal([KMS_REQUIRED]);
        expect((await runPolicy(s3DefaultEncryption, [bucket("data", { tags: { purpose: "lb-logs" } })])).reported).to.have.length(1);
    });
    it("reads a null rule as one without an algorithm (SSE-S3), and holds a bucket with tags null to SSE-KMS", async () => {
        expect((await runPolicy(s3DefaultEncryption, [data, sse([null, rule("aws:kms", true)])])).reported).to.deep.equal([KMS_REQUIRED]);
        expect((await runPolicy(s3DefaultEncryption, [bucket("data", { tags: null })])).reported).to.have.length(1);
    });
    it("names the configured tag in the message", async () => {
        const r = await runPolicy(s3DefaultEncryption, [data, sse([rule("AES256")])], { loadBalancerLogTag: "purpose", loadBalancerLogTagValue: "elb" });
        expect(r.reported).to.deep.equal(['S3 bucket must use SSE-KMS (SSE-S3 only for load-balancer log buckets tagged purpose=elb); set sseAlgorithm: "aws:kms" and bucketKeyEnabled: true.']);
    });
    it("does not fail AES256, or no configuration, on a bucket whose tags are known only after apply", async () => {
        const tagsLater = bucket("data", { tags: "<computed>" });
        expect((await runPolicy(s3DefaultEncryption, [tagsLater])).findings).to.deep.equal([]);
        expect((await runPolicy(s3DefaultEncryption, [tagsLater, sse([rule("AES256")])])).findings).to.deep.equal([]);
        expect((await runPolicy(s3DefaultEncryption, [tagsLater, sse([rule("aws:kms")])])).reported).to.deep.equal([BUCKET_KEY]);
    });
});

describe("s3-deny-insecure-transport, condition by condition", () => {
    const data = bucket("data");
    const deny = (over: Record<string, unknown> = {}) => ({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["arn:aws:s3:::data", "arn:aws:s3:::data/*"], Condition: { Bool: { "aws:SecureTransport": "false" } }, ...over });
    const withPolicy = (...statements: unknown[]) => runPolicy(s3DenyInsecureTransport, [data, sub(POLICY, "data-policy", "data", { policy: { Version: "2012-10-17", Statement: statements } })]);
    const WEAK = 'S3 bucket policy of "data" must deny requests without TLS; add a statement Deny, Principal "*", Action "s3:*", Condition { Bool: { "aws:SecureTransport": "false" } }.';

    it("accepts BoolIfExists, a value list holding false, an action list holding s3:*, and S3:* in upper case", async () => {
        for (const over of [
            { Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } },
            { Condition: { Bool: { "aws:securetransport": ["true", "false"] } } },
            { Action: ["s3:GetObject", "s3:*"] },
            { Action: "S3:*" },
        ]) {
            expect((await withPolicy(deny(over))).outcome, JSON.stringify(over)).to.equal("pass");
        }
    });
    it("rejects other operators, keys, values and actions, and an Allow", async () => {
        for (const over of [
            { Condition: { StringEquals: { "aws:SecureTransport": "false" } } },
            { Condition: { Bool: { "aws:ViaAWSService": "false" } } },
            { Condition: { Bool: { "aws:SecureTransport": ["true"] } } },
            { Action: ["s3:Get*", "s3:Put*"] },
            { Effect: "Allow" },
        ]) {
            expect((await withPolicy(deny(over))).reported, JSON.stringify(over)).to.deep.equal([WEAK]);
        }
    });
    it("finds the TLS Deny among other statements, and the TLS condition among other conditions", async () => {
        expect((await withPolicy({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: "*" }, deny())).outcome).to.equal("pass");
        expect((await withPolicy(deny({ Condition: { StringNotEquals: { "aws:PrincipalAccount": "111122223333" }, Bool: { "aws:SecureTransport": "false" } } }))).outcome).to.equal("pass");
    });
    it("reads the bucket's inline policy, and a TLS Deny in either document passes", async () => {
        const inline = bucket("data", { policy: JSON.stringify({ Statement: [deny()] }) });
        expect((await runPolicy(s3DenyInsecureTransport, [inline])).outcome).to.equal("pass");
        expect((await runPolicy(s3DenyInsecureTransport, [inline, sub(POLICY, "p", "data", { policy: { Statement: [deny({ Action: "s3:GetObject" })] } })])).outcome).to.equal("pass");
        const weakInline = await runPolicy(s3DenyInsecureTransport, [bucket("data", { policy: { Statement: [deny({ Effect: "Allow" })] } })]);
        expect(weakInline.reported).to.deep.equal([WEAK]);
        expect(weakInline.findings[0].urn).to.equal(data.urn);
    });
    it("reads an inline policy that is null as no policy", async () => {
        expect((await runPolicy(s3DenyInsecureTransport, [bucket("data", { policy: null })])).reported).to.deep.equal([
            'S3 bucket "data" must have a bucket policy that denies requests without TLS; add an aws.s3.BucketPolicy with a Deny on s3:* when aws:SecureTransport is "false".',
        ]);
    });
    it("does not fail a statement whose effect is known only after apply, nor an inline policy known only after apply", async () => {
        expect((await withPolicy(deny({ Effect: "<computed>", Action: "s3:GetObject" }))).findings).to.deep.equal([]);
        expect((await runPolicy(s3DenyInsecureTransport, [bucket("data", { policy: "<computed>" })])).findings).to.deep.equal([]);
    });
    it("rejects an Allow with parts known only after apply (only a Deny can be the TLS statement)", async () => {
        expect((await withPolicy(deny({ Effect: "Allow", Condition: "<computed>" }))).reported).to.deep.equal([WEAK]);
    });
});

describe("s3-versioning, condition by condition", () => {
    const data = bucket("data");
    const ver = (versioningConfiguration: unknown, type = VERSIONING) => sub(type, "data-v", "data", { versioningConfiguration });

    it("passes a status known only after apply, and a configuration known only after apply", async () => {
        expect((await runPolicy(s3Versioning, [data, ver({ status: "<computed>" })])).outcome).to.equal("pass");
        expect((await runPolicy(s3Versioning, [data, ver("<computed>")])).outcome).to.equal("pass");
    });
    it("passes when one of two configurations is Enabled, and reports a V2 configuration without a status at its URN", async () => {
        expect((await runPolicy(s3Versioning, [data, ver({ status: "Suspended" }), { ...ver({ status: "Enabled" }, VERSIONING_V2), name: "v2", urn: urnOf(VERSIONING_V2, "v2") }])).outcome).to.equal("pass");
        const r = await runPolicy(s3Versioning, [data, ver({}, VERSIONING_V2)]);
        expect(r.reported).to.deep.equal(['S3 bucket versioning must be enabled; set versioningConfiguration: { status: "Enabled" } (was null).']);
        expect(r.findings[0].urn).to.equal(urnOf(VERSIONING_V2, "data-v"));
    });
    it("reports a configuration without versioningConfiguration", async () => {
        expect((await runPolicy(s3Versioning, [data, sub(VERSIONING, "data-v", "data", {})])).reported).to.deep.equal(['S3 bucket versioning must be enabled; set versioningConfiguration: { status: "Enabled" } (was null).']);
    });
    it("reads inline versioning: disabled is Suspended at the bucket, unknown passes", async () => {
        const r = await runPolicy(s3Versioning, [bucket("data", { versioning: { enabled: false } })]);
        expect(r.reported).to.deep.equal(['S3 bucket versioning must be enabled; set versioningConfiguration: { status: "Enabled" } (was "Suspended").']);
        expect(r.findings[0].urn).to.equal(data.urn);
        expect((await runPolicy(s3Versioning, [bucket("data", { versioning: "<computed>" })])).outcome).to.equal("pass");
        expect((await runPolicy(s3Versioning, [bucket("data", { versioning: { enabled: "<computed>" } })])).outcome).to.equal("pass");
        expect((await runPolicy(s3Versioning, [bucket("data", { versioning: null })])).reported).to.have.length(1);
    });
});

describe("s3-access-logging, condition by condition", () => {
    const log = (name: string, from: string, targetBucket: unknown, type = LOGGING) => sub(type, name, from, { targetBucket, targetPrefix: `${from}/` });
    const must = (name: string, to = "a separate access-log bucket") => `S3 bucket "${name}" must log server access; add an aws.s3.BucketLogging with targetBucket set to ${to}.`;
    const run = (resources: ResourceSpec[], config: Record<string, unknown> = {}) => runPolicy(s3AccessLogging, resources, config, "advisory");

    it("passes logs that go to the configured bucket by its name, through a V2 logging resource", async () => {
        const r = await run([bucket("data"), bucket("access"), log("l", "data", "access", LOGGING_V2)], { accessLogBucket: "access" });
        expect(r.findings).to.deep.equal([]);
    });
    it("passes logs that go to the configured bucket known by its resource name only (auto-named)", async () => {
        const access = autoNamed("access");
        const r = await run([bucket("data"), access, { ...log("l", "data", "<computed>"), propertyDependencies: { bucket: [], targetBucket: [access.urn!] } }], { accessLogBucket: "access" });
        expect(r.findings).to.deep.equal([]);
    });
    it("flags logs that go to a bucket other than the configured one, naming the first target", async () => {
        const r = await run([bucket("data"), bucket("other"), log("l", "data", "other")], { accessLogBucket: "access" });
        expect(r.reported).to.deep.equal(['S3 access logs must go to the access-log bucket "access"; set targetBucket: "access" (was "other").', must("other", 'the access-log bucket "access"')]);
    });
    it("passes a target known only after apply when the access-log bucket is configured", async () => {
        expect((await run([bucket("data"), log("l", "data", "<computed>")], { accessLogBucket: "access" })).findings).to.deep.equal([]);
    });
    it("reads inline logging on the bucket: a separate target passes, itself is flagged at the bucket", async () => {
        expect((await run([bucket("data", { logging: { targetBucket: "logs" } }), bucket("logs")])).findings).to.deep.equal([]);
        const r = await run([bucket("data", { logging: { targetBucket: "data" } })]);
        expect(r.reported).to.deep.equal(['S3 bucket "data" must not log server access into itself; set targetBucket to a separate access-log bucket.']);
        expect(r.findings[0].urn).to.equal(urnOf(BUCKET, "data"));
        expect((await run([bucket("data", { logging: "<computed>" })], { accessLogBucket: "access" })).findings).to.deep.equal([]);
        expect((await run([bucket("data", { logging: null })])).reported).to.deep.equal([must("data")]);
    });
    it("flags the configured access-log bucket logging into itself without naming itself as the target to use", async () => {
        const r = await run([bucket("access"), log("l", "access", "access")], { accessLogBucket: "access" });
        expect(r.reported).to.deep.equal(['S3 bucket "access" must not log server access into itself; set targetBucket to a separate access-log bucket.']);
    });
    it("lets the configured access-log bucket log elsewhere", async () => {
        expect((await run([bucket("access"), bucket("meta"), log("l", "access", "meta")], { accessLogBucket: "access" })).reported).to.deep.equal([must("meta", 'the access-log bucket "access"')]);
    });
    it("prefers accessLogBucket to the deprecated archiveBucket", async () => {
        const r = await run([bucket("data"), log("l", "data", "access")], { accessLogBucket: "access", archiveBucket: "archive" });
        expect(r.findings).to.deep.equal([]);
    });
    it("without configuration, does not exempt a bucket nobody logs into, nor one that only logs into another", async () => {
        const r = await run([bucket("a"), bucket("b"), log("l", "a", "c")]);
        expect(r.reported).to.deep.equal([must("b")]);
    });
    it("without configuration, reports two buckets that log nowhere (neither is an end)", async () => {
        expect((await run([bucket("a"), bucket("b")])).reported).to.deep.equal([must("a"), must("b")]);
    });
    it("without configuration, exempts a bucket logged into by its resource name, or by its bucket name", async () => {
        expect((await run([bucket("data"), autoNamed("sink"), log("l", "data", "sink")])).outcome).to.equal("pass,exempt");
        const named = { ...bucket("sink-res"), inputs: { bucket: "sink-bucket" } };
        expect((await run([bucket("data"), named, log("l", "data", "sink-bucket")])).outcome).to.equal("pass,exempt");
        expect((await run([bucket("data", { logging: { targetBucket: "sink-bucket" } }), named])).outcome).to.equal("pass,exempt");
    });
    it("exempts the configured access-log bucket known by its bucket name only", async () => {
        const access = { ...bucket("access-res"), inputs: { bucket: "access" } };
        expect((await run([access, bucket("data"), log("l", "data", "access")], { accessLogBucket: "access" })).outcome).to.equal("pass,exempt");
    });
    it("passes a bucket with one of two logging targets on the configured bucket", async () => {
        expect((await run([bucket("access"), bucket("data"), log("l", "data", "other"), log("m", "data", "access")], { accessLogBucket: "access" })).findings).to.deep.equal([]);
    });
    it("passes a known target that is the configured bucket by dependency (its physical name differs)", async () => {
        const access = autoNamed("access");
        const l = { ...log("l", "data", "access-1a2b3c"), propertyDependencies: { bucket: [], targetBucket: [access.urn!] } };
        expect((await run([bucket("data"), access, l], { accessLogBucket: "access" })).findings).to.deep.equal([]);
    });
    it("flags logs to another bucket although the configured bucket is in the stack", async () => {
        const r = await run([bucket("access"), bucket("data"), bucket("other", { logging: { targetBucket: "access" } }), log("l", "data", "other")], { accessLogBucket: "access" });
        expect(r.reported).to.deep.equal(['S3 access logs must go to the access-log bucket "access"; set targetBucket: "access" (was "other").']);
    });
    it("without configuration, does not count an empty target as pointing at a bucket", async () => {
        const r = await run([bucket("a"), autoNamed(""), log("l", "a", "")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(BUCKET, "")]);
    });
});

describe("s3-lifecycle, condition by condition", () => {
    const data = bucket("data");
    const EXPIRE = "S3 lifecycle configuration must expire objects; add an enabled rule with expiration or noncurrentVersionExpiration.";
    const ABORT = "S3 lifecycle configuration must abort incomplete multipart uploads; add an enabled rule with abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.";
    const abort = { abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } };
    const lc = (rules: unknown, type = LIFECYCLE) => runPolicy(s3Lifecycle, [data, sub(type, "data-lc", "data", { rules })]);

    for (const [what, expiry] of [
        ["expiration days", { expiration: { days: 30 } }],
        ["an expiration date", { expiration: { date: "2027-01-01T00:00:00Z" } }],
        ["an expiration known only after apply", { expiration: "<computed>" }],
        ["noncurrentVersionExpiration", { noncurrentVersionExpiration: { noncurrentDays: 30 } }],
    ] as [string, Record<string, unknown>][]) {
        it(`counts ${what} as expiring`, async () => {
            expect((await lc([{ status: "Enabled", ...expiry, ...abort }])).findings).to.deep.equal([]);
        });
    }
    it("does not count an expiration without days or date (expiredObjectDeleteMarker only)", async () => {
        expect((await lc([{ status: "Enabled", expiration: { expiredObjectDeleteMarker: true }, ...abort }])).reported).to.deep.equal([EXPIRE]);
    });
    it("counts an abort known only after apply, and not an abort block without days", async () => {
        expect((await lc([{ status: "Enabled", expiration: { days: 30 }, abortIncompleteMultipartUpload: "<computed>" }])).findings).to.deep.equal([]);
        expect((await lc([{ status: "Enabled", expiration: { days: 30 }, abortIncompleteMultipartUpload: {} }])).reported).to.deep.equal([ABORT]);
    });
    it("accepts the two duties in two enabled rules of a V2 configuration, and a status known only after apply", async () => {
        expect((await lc([{ status: "Enabled", expiration: { days: 30 } }, { status: "<computed>", ...abort }], LIFECYCLE_V2)).findings).to.deep.equal([]);
    });
    it("skips null rules and does not count null days or dates", async () => {
        expect((await lc([null, { status: "Enabled", expiration: { days: 30 }, ...abort }])).findings).to.deep.equal([]);
        expect((await lc([{ status: "Enabled", expiration: { days: null, date: null }, abortIncompleteMultipartUpload: { daysAfterInitiation: null } }])).reported).to.deep.equal([EXPIRE, ABORT]);
    });
    it("passes a BucketV2 with a configuration (no inline rules)", async () => {
        const v2 = bucket("data", {}, BUCKET_V2);
        expect((await runPolicy(s3Lifecycle, [v2, sub(LIFECYCLE, "data-lc", "data", { rules: [{ status: "Enabled", expiration: { days: 30 }, ...abort }] })])).findings).to.deep.equal([]);
    });
    it("does not fail a rule list known only after apply", async () => {
        expect((await lc("<computed>")).findings).to.deep.equal([]);
    });
    it("reports both duties on an empty rule list, at the configuration", async () => {
        const r = await lc([]);
        expect(r.reported).to.deep.equal([EXPIRE, ABORT]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(LIFECYCLE, "data-lc"), urnOf(LIFECYCLE, "data-lc")]);
    });
    it("reads inline lifecycle rules on the bucket, reported at the bucket", async () => {
        const inline = (lifecycleRules: unknown) => runPolicy(s3Lifecycle, [bucket("data", { lifecycleRules })]);
        expect((await inline([{ enabled: true, expiration: { days: 30 }, abortIncompleteMultipartUploadDays: 7 }])).findings).to.deep.equal([]);
        expect((await inline([{ enabled: "<computed>", expiration: { date: "2027-01-01" }, abortIncompleteMultipartUploadDays: 7 }])).findings).to.deep.equal([]);
        expect((await inline([{ enabled: true, noncurrentVersionExpiration: { days: 30 }, abortIncompleteMultipartUploadDays: 7 }])).findings).to.deep.equal([]);
        expect((await inline([{ enabled: true, expiration: "<computed>", abortIncompleteMultipartUploadDays: 7 }])).findings).to.deep.equal([]);
        expect((await inline("<computed>")).findings).to.deep.equal([]);
        const off = await inline([{ enabled: false, expiration: { days: 30 }, abortIncompleteMultipartUploadDays: 7 }]);
        expect(off.reported).to.deep.equal([EXPIRE, ABORT]);
        expect(off.findings[0].urn).to.equal(data.urn);
        expect((await inline([{ enabled: true, expiration: { days: 30 } }])).reported).to.deep.equal([ABORT]);
        expect((await inline([{ enabled: true, expiration: {}, abortIncompleteMultipartUploadDays: 7 }])).reported).to.deep.equal([EXPIRE]);
        expect((await inline([null, { enabled: true, expiration: { days: 30 }, abortIncompleteMultipartUploadDays: 7 }])).findings).to.deep.equal([]);
        expect((await inline(null)).reported).to.have.length(1);
    });
});

describe("s3-object-lock-for-audit, condition by condition", () => {
    const audit = { "platform:purpose": "audit" };
    const MSG = "Audit S3 buckets (platform:purpose=audit) must have object lock; set objectLockEnabled: true when the bucket is created and add a BucketObjectLockConfiguration with a default retention.";
    const run = (inputs: Record<string, unknown>, config: Record<string, unknown> = {}) => runPolicy(s3ObjectLockForAudit, bucket("audit", inputs), config);

    it("counts a lock flag or configuration known only after apply as set", async () => {
        for (const inputs of [{ objectLockEnabled: "<computed>" }, { objectLockConfiguration: "<computed>" }, { objectLockConfiguration: { objectLockEnabled: "<computed>" } }]) {
            expect((await run({ tags: audit, ...inputs })).outcome, JSON.stringify(inputs)).to.equal("pass");
        }
    });
    it("rejects objectLockEnabled false and a configuration that is not Enabled", async () => {
        expect((await run({ tags: audit, objectLockEnabled: false })).reported).to.deep.equal([MSG]);
        expect((await run({ tags: audit, objectLockConfiguration: { objectLockEnabled: "Disabled" } })).reported).to.deep.equal([MSG]);
    });
    it("leaves buckets with another purpose, or no tags, alone", async () => {
        expect((await run({ tags: { "platform:purpose": "logs" } })).outcome).to.equal("pass");
        expect((await run({})).outcome).to.equal("pass");
    });
    it("needs both the configured tag and its value", async () => {
        expect((await run({ tags: { class: "audit" } }, { auditTag: "class" })).reported).to.deep.equal([
            "Audit S3 buckets (class=audit) must have object lock; set objectLockEnabled: true when the bucket is created and add a BucketObjectLockConfiguration with a default retention.",
        ]);
        expect((await run({ tags: audit }, { auditTagValue: "evidence" })).outcome).to.equal("pass");
    });
});
