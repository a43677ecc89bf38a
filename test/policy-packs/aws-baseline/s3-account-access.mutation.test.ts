import { expect } from "chai";
import { S3_BLOCKED_ACTIONS, s3PolicyNoAccountAdministration } from "../../../policy-packs/aws-baseline/policies/s3-account-access";
import { PolicyRun, runPolicy } from "../../support/policy";

/**
 * s3-policy-no-account-administration, one condition at a time (issue #15): each blocked action,
 * each kind of AWS principal, NotAction and NotPrincipal, and the undecided cases. FSBP S3.6
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6, read 2026-12-03).
 */

const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const ACCOUNT = { AWS: "arn:aws:iam::222222222222:root" };
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (principal: unknown, action: unknown, extra: Record<string, unknown> = {}) => ({ Sid: "Grant", Effect: "Allow", Principal: principal, Action: action, Resource: "arn:aws:s3:::b", ...extra });
const check = (...statements: unknown[]) => runPolicy(s3PolicyNoAccountAdministration, { type: BUCKET_POLICY, inputs: { bucket: "b", policy: doc(...statements) } });
/** The document as an object, so that a part of it can be unknown until apply (a JSON string is known or not as a whole). */
const checkObject = (...statements: unknown[]) => runPolicy(s3PolicyNoAccountAdministration, { type: BUCKET_POLICY, inputs: { bucket: "b", policy: { Version: "2012-10-17", Statement: statements } } });
const msg = (actions: string, label = '"Grant"') => `Bucket policy allows ${actions} to an AWS principal (statement ${label}); remove them: only the owning account's IAM policies may administer the bucket.`;

function expectUndecided(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

describe("s3-policy-no-account-administration, condition by condition", () => {
    it("blocks the five actions FSBP S3.6 names, in this order", () => {
        expect([...S3_BLOCKED_ACTIONS]).to.deep.equal(["s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration", "s3:PutObjectAcl"]);
    });
    for (const action of S3_BLOCKED_ACTIONS) {
        it(`flags ${action} alone to another account, and ${action.toLowerCase()} written in lower case`, async () => {
            expect((await check(allow(ACCOUNT, action))).reported).to.deep.equal([msg(action)]);
            expect((await check(allow(ACCOUNT, [action.toLowerCase()]))).reported).to.deep.equal([msg(action)]);
        });
        it(`flags everything but ${action} left out by NotAction`, async () => {
            const others = S3_BLOCKED_ACTIONS.filter((a) => a !== action);
            expect((await check({ Sid: "Grant", Effect: "Allow", Principal: ACCOUNT, NotAction: others, Resource: "*" })).reported).to.deep.equal([msg(action)]);
        });
    }
    it("passes a NotAction that leaves out every blocked action (s3:*)", async () => {
        expect((await check({ Sid: "Grant", Effect: "Allow", Principal: ACCOUNT, NotAction: "s3:*", Resource: "*" })).outcome).to.equal("pass");
    });
    it("passes object reads and writes, and actions that only look alike", async () => {
        expect((await check(allow(ACCOUNT, ["s3:GetObject", "s3:PutObject", "s3:GetBucketPolicy", "s3:PutBucketTagging", "s3:GetObjectAcl"]))).outcome).to.equal("pass");
    });
    for (const [what, principal] of [
        ['"*"', "*"],
        ["an AWS account", ACCOUNT],
        ["a list of AWS principals", { AWS: ["arn:aws:iam::222222222222:role/a", "arn:aws:iam::333333333333:root"] }],
        ["a canonical user", { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" }],
        ["a federated principal", { Federated: "cognito-identity.amazonaws.com" }],
        ["a service and an account together", { Service: "logs.amazonaws.com", AWS: "arn:aws:iam::222222222222:root" }],
    ] as [string, unknown][]) {
        it(`flags ${what} as an AWS principal`, async () => {
            expect((await check(allow(principal, "s3:PutBucketPolicy"))).reported).to.deep.equal([msg("s3:PutBucketPolicy")]);
        });
    }
    it("flags everyone but a few (NotPrincipal) as AWS principals", async () => {
        const statement = { Sid: "Grant", Effect: "Allow", NotPrincipal: ACCOUNT, Action: "s3:PutObjectAcl", Resource: "*" };
        expect((await check(statement)).reported).to.deep.equal([msg("s3:PutObjectAcl")]);
    });
    it("passes a service principal, an empty AWS list, and a statement without a principal", async () => {
        expect((await check(allow({ Service: ["config.amazonaws.com", "cloudtrail.amazonaws.com"] }, "s3:*"))).outcome).to.equal("pass");
        expect((await check(allow({ AWS: [] }, "s3:*"))).outcome).to.equal("pass");
        expect((await check({ Sid: "Grant", Effect: "Allow", Action: "s3:*", Resource: "*" })).outcome).to.equal("pass");
    });
    it("reports each offending statement by its Sid or position", async () => {
        const r = await check(allow(ACCOUNT, "s3:GetObject"), { ...allow(ACCOUNT, "s3:PutBucketAcl"), Sid: undefined });
        expect(r.reported).to.deep.equal([msg("s3:PutBucketAcl", "1")]);
    });
    it("reads a BucketV2's inline policy, and passes a bucket without one", async () => {
        const r = await runPolicy(s3PolicyNoAccountAdministration, { type: BUCKET_V2, inputs: { policy: doc(allow(ACCOUNT, "s3:DeleteBucketPolicy")) } });
        expect(r.reported).to.deep.equal([msg("s3:DeleteBucketPolicy")]);
        expect((await runPolicy(s3PolicyNoAccountAdministration, { type: BUCKET_V2, inputs: {} })).outcome).to.equal("pass");
    });
    it("can't decide before apply on an action, a principal or a statement unknown until apply", async () => {
        expectUndecided(await checkObject(allow(ACCOUNT, "<computed>")));
        expectUndecided(await checkObject(allow("<computed>", "s3:PutBucketPolicy")));
        expectUndecided(await checkObject({ Sid: "Grant", Effect: "Allow", NotPrincipal: "<computed>", Action: "s3:GetObject", Resource: "*" }));
        expectUndecided(await checkObject("<computed>"));
        expectUndecided(await runPolicy(s3PolicyNoAccountAdministration, { type: BUCKET_POLICY, inputs: { bucket: "b", policy: "<computed>" } }));
    });
    it("finds the unknown part past null fields, and reads a null principal as none", async () => {
        expectUndecided(await checkObject({ Sid: null, Effect: "Allow", Principal: ACCOUNT, Action: "<computed>", Resource: "*" }));
        expect((await check(allow(null, "s3:PutBucketPolicy"))).outcome).to.equal("pass");
    });
    it("fails a known blocked grant although another part of the statement is unknown (mandatory)", async () => {
        const r = await checkObject(allow(ACCOUNT, ["s3:PutBucketPolicy", "<computed>"]));
        expect(r.reported).to.deep.equal([msg("s3:PutBucketPolicy")]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("passes a Deny of everything to everyone", async () => {
        expect((await check({ ...allow("*", "s3:*"), Effect: "Deny" })).outcome).to.equal("pass");
    });
});
