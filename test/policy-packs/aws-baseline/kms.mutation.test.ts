import { expect } from "chai";
import { iamNoDecryptAllKeys, kmsDeletionSafety, kmsKeyDescribedAndTagged, kmsKeyRotation, kmsPolicyNoPublicPrincipal } from "../../../policy-packs/aws-baseline/policies/kms";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource, PolicyRun, ResourceSpec, runPolicy } from "../../support/policy";

/**
 * KMS rules, one condition at a time (issue #15): each case fails if the rule stops catching it,
 * or starts refusing what it must allow. kms.test.ts describes the rules. Key specs and usages:
 * https://docs.aws.amazon.com/kms/latest/developerguide/symm-asymm-choose-key-spec.html; automatic
 * rotation only for symmetric encryption keys: https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html;
 * deletion window 7-30 days: https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html (read 2026-12-03).
 */

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const IAM_POLICY = "aws:iam/policy:Policy";
const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);

function expectUndecided(r: PolicyRun): void {
    expect(levels(r)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.outcome).to.equal("unknown");
}

describe("kms-key-rotation, condition by condition", () => {
    const MSG = "KMS key rotation must be on for symmetric keys; set enableKeyRotation: true.";
    const key = (inputs: Record<string, unknown>) => runPolicy(kmsKeyRotation, { type: KEY, inputs });

    it("flags a key declared SYMMETRIC_DEFAULT and ENCRYPT_DECRYPT explicitly, with rotation unset or false", async () => {
        expect((await key({ customerMasterKeySpec: "SYMMETRIC_DEFAULT", keyUsage: "ENCRYPT_DECRYPT" })).reported).to.deep.equal([MSG]);
        expect((await key({ enableKeyRotation: false })).reported).to.deep.equal([MSG]);
    });
    it("leaves keys without automatic rotation alone: asymmetric specs (any usage) and HMAC keys", async () => {
        expect((await key({ customerMasterKeySpec: "RSA_2048", keyUsage: "ENCRYPT_DECRYPT" })).outcome).to.equal("pass");
        expect((await key({ customerMasterKeySpec: "ECC_NIST_P256" })).outcome).to.equal("pass");
        expect((await key({ customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" })).outcome).to.equal("pass");
        expect((await key({ keyUsage: "GENERATE_VERIFY_MAC" })).outcome).to.equal("pass");
    });
    it("remediates a symmetric key without rotation, and leaves rotating and asymmetric keys unchanged", async () => {
        const remediate = (inputs: Record<string, unknown>) => kmsKeyRotation.remediateResource!(resourceArgs(planResource({ type: KEY, inputs }), new Map(), {}));
        expect(await remediate({ description: "logs" })).to.deep.equal({ description: "logs", enableKeyRotation: true });
        expect(await remediate({ customerMasterKeySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: false })).to.deep.equal({ customerMasterKeySpec: "SYMMETRIC_DEFAULT", enableKeyRotation: true });
        expect(await remediate({ enableKeyRotation: true })).to.equal(undefined);
        expect(await remediate({ customerMasterKeySpec: "RSA_4096" })).to.equal(undefined);
    });
});

describe("kms-policy-no-public-principal, condition by condition", () => {
    const publicUse = { Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*" };
    it("reads a KeyPolicy's document given as a JSON string", async () => {
        const r = await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY_POLICY, inputs: { keyId: "k", policy: JSON.stringify({ Statement: [publicUse] }) } });
        expect(r.reported).to.have.length(1);
        expect(r.reported[0]).to.match(/^KMS key policy statement "Anyone" allows any principal/);
    });
    it("can't decide before apply on a KeyPolicy document unknown until apply, or a statement's effect", async () => {
        expectUndecided(await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY_POLICY, inputs: { keyId: "k", policy: "<computed>" } }));
        expectUndecided(await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: { Statement: [{ ...publicUse, Effect: "<computed>" }] } } }));
    });
    it("does not look at other types", async () => {
        expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: IAM_POLICY, inputs: { policy: JSON.stringify({ Statement: [publicUse] }) } })).outcome).to.equal("");
    });
});

describe("kms-deletion-safety, condition by condition", () => {
    const key = (inputs: Record<string, unknown>, config: Record<string, unknown> = {}, extra: Partial<ResourceSpec> = {}) => runPolicy(kmsDeletionSafety, { type: KEY, inputs, ...extra }, config);

    it("takes the minimum as inclusive: 30 passes, 29 fails", async () => {
        expect((await key({ deletionWindowInDays: 29 })).reported).to.deep.equal(["KMS key deletion window of 29 days is below 30; set deletionWindowInDays: 30 or leave it unset."]);
        expect((await key({ deletionWindowInDays: 14 }, { minDeletionWindowDays: 14 })).outcome).to.equal("pass");
    });
    it("still advises the 30-day window when the configured minimum is lower", async () => {
        expect((await key({ deletionWindowInDays: 7 }, { minDeletionWindowDays: 14 })).reported).to.deep.equal(["KMS key deletion window of 7 days is below 14; set deletionWindowInDays: 30 or leave it unset."]);
    });
    it("reads a window given as a string", async () => {
        expect((await key({ deletionWindowInDays: "7" })).reported).to.have.length(1);
    });
    it("requires protect only when requireProtection is true", async () => {
        expect((await key({}, { requireProtection: false })).outcome).to.equal("pass");
        expect((await key({}, {}, { protect: true })).outcome).to.equal("pass");
        expect((await key({}, { requireProtection: true }, { protect: false })).reported).to.deep.equal(["KMS key must be protected from deletion by Pulumi on this stack; set the resource option protect: true."]);
    });
    it("reports both a short window and a missing protect", async () => {
        expect((await key({ deletionWindowInDays: 7 }, { requireProtection: true })).reported).to.have.length(2);
    });
    it("still fails a missing protect when the window is unknown until apply (mandatory)", async () => {
        const r = await key({ deletionWindowInDays: "<computed>" }, { requireProtection: true });
        expect(r.reported).to.deep.equal(["KMS key must be protected from deletion by Pulumi on this stack; set the resource option protect: true."]);
        expect(levels(r)).to.deep.equal(["mandatory"]);
    });
});

describe("kms-key-described-and-tagged, condition by condition", () => {
    const PROVIDER = "urn:pulumi:test::platform::pulumi:providers:aws::workload";
    const provider = (defaultTags: unknown) => ({ type: "pulumi:providers:aws", name: "workload", urn: PROVIDER, inputs: defaultTags === undefined ? {} : { defaultTags } });
    const key = (inputs: Record<string, unknown>) => ({ type: KEY, provider: PROVIDER, inputs: { description: "logs", ...inputs } });
    const missing = (tags: string) => `KMS key is missing required tags ${tags}; add them to tags or the provider's defaultTags.`;
    const run = (defaultTags: unknown, inputs: Record<string, unknown>, requiredTags = ["owner"]) => runPolicy(kmsKeyDescribedAndTagged, [provider(defaultTags), key(inputs)], { requiredTags });

    it("flags a description that is not a string", async () => {
        expect((await runPolicy(kmsKeyDescribedAndTagged, { type: KEY, inputs: { description: 42 } })).reported).to.deep.equal(["KMS key needs a description; set description to what the key protects."]);
    });
    it("accepts a required tag on the key alone, or in the provider's default tags alone", async () => {
        expect((await run(undefined, { tags: { owner: "platform" } })).outcome).to.equal("pass");
        expect((await run({ tags: { owner: "platform" } }, {})).outcome).to.equal("pass");
    });
    it("counts an empty value as missing, in either map", async () => {
        expect((await run({ tags: { owner: "" } }, { tags: { owner: "" } })).reported).to.deep.equal([missing("owner")]);
        expect((await run({}, { tags: {} })).reported).to.deep.equal([missing("owner")]);
    });
    it("can't decide before apply when the tag is missing from the known map and the other map, or the value, is unknown", async () => {
        expectUndecided(await run("<computed>", { tags: {} }));
        expectUndecided(await run({ tags: "<computed>" }, { tags: {} }));
        expectUndecided(await run({ tags: {} }, { tags: { owner: "<computed>" } }));
    });
    it("passes a tag known on the key although the default tags are unknown", async () => {
        expect((await run("<computed>", { tags: { owner: "platform" } })).outcome).to.equal("pass");
    });
    it("lists only the tags known to be missing, and fails although another is undecided", async () => {
        const r = await run({ tags: {} }, { tags: { owner: "<computed>" } }, ["owner", "cost-center"]);
        expect(r.reported).to.deep.equal([missing("cost-center")]);
        expect(levels(r)).to.deep.equal(["mandatory"]);
    });
});

describe("iam-no-decrypt-all-keys, condition by condition", () => {
    const FIX = "list the key ARNs in Resource, or add a kms:ViaService or kms:EncryptionContext condition.";
    const policy = (...statements: unknown[]) => runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } });
    const allow = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}) => ({ Effect: "Allow", Action, Resource, ...extra });
    const msg = (actions: string) => `IAM policy allows ${actions} on every KMS key (statement 0); ${FIX}`;

    for (const resource of [
        "*",
        "arn:aws:kms:*:*:key/*",
        "arn:aws:kms:eu-west-1:111122223333:key/*",
        "arn:aws:kms:eu-west-1:111122223333:*",
        "arn:aws-cn:kms:::key/*",
        "arn:aws:kms:*:*:key*",
        "arn:aws:kms:eu-west-1:111122223333:k?y/*",
        "arn:*:kms:*:*:key/*",
    ]) {
        it(`flags kms:Decrypt on ${resource}`, async () => {
            expect((await policy(allow("kms:Decrypt", resource))).reported).to.deep.equal([msg("kms:Decrypt")]);
        });
    }
    for (const resource of [
        "arn:aws:kms:eu-west-1:111122223333:key/1234",
        "arn:aws:kms:eu-west-1:111122223333:key/ab*",
        "arn:aws:kms:eu-west-1:111122223333:key/mrk-*",
        "arn:aws:kms:eu-west-1:111122223333:KEY/*",
        "arn:aws:kms:*:*:alias/*",
        "arn:aws:s3:::*",
        "xarn:aws:kms:*:*:key/*",
        "arn:aws:kms:eu-west-1:key/*",
    ]) {
        it(`passes kms:Decrypt on ${resource} (not every key)`, async () => {
            expect((await policy(allow("kms:Decrypt", resource))).outcome).to.equal("pass");
        });
    }
    it("finds each decrypt action: kms:ReEncryptFrom alone, through kms:ReEncrypt*, and both through *", async () => {
        expect((await policy(allow("kms:ReEncryptFrom", "*"))).reported).to.deep.equal([msg("kms:ReEncryptFrom")]);
        expect((await policy(allow("kms:ReEncrypt*", "*"))).reported).to.deep.equal([msg("kms:ReEncryptFrom")]);
        expect((await policy(allow("*", "*"))).reported).to.deep.equal([msg("kms:Decrypt, kms:ReEncryptFrom")]);
        expect((await policy(allow(["kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncryptTo"], "*"))).outcome).to.equal("pass");
    });
    it("reads NotAction: what it leaves out is allowed", async () => {
        expect((await policy({ Effect: "Allow", NotAction: "kms:Decrypt", Resource: "*" })).reported).to.deep.equal([msg("kms:ReEncryptFrom")]);
        expect((await policy({ Effect: "Allow", NotAction: ["kms:*"], Resource: "*" })).outcome).to.equal("pass");
        expect((await policy({ Effect: "Allow", NotAction: ["kms:Decrypt", "s3:*"], Resource: "*" })).reported).to.deep.equal([msg("kms:ReEncryptFrom")]);
    });
    it("passes conditions that choose keys or uses (kms:*, aws:ResourceTag/*) and flags others", async () => {
        for (const Condition of [{ StringEquals: { "kms:EncryptionContext:app": "api" } }, { StringEquals: { "aws:ResourceTag/team": "data" } }, { StringLike: { "KMS:ViaService": "s3.*.amazonaws.com" } }]) {
            expect((await policy(allow("kms:Decrypt", "*", { Condition }))).outcome, JSON.stringify(Condition)).to.equal("pass");
        }
        for (const Condition of [{ IpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, { StringEquals: { "aws:RequestTag/team": "data" } }]) {
            expect((await policy(allow("kms:Decrypt", "*", { Condition }))).reported, JSON.stringify(Condition)).to.deep.equal([msg("kms:Decrypt")]);
        }
    });
    it("reads NotResource: every key unless it excludes every key", async () => {
        expect((await policy({ Effect: "Allow", Action: "kms:Decrypt", NotResource: ["arn:aws:s3:::b", "*"] })).outcome).to.equal("pass");
        expect((await policy({ Effect: "Allow", Action: "kms:Decrypt", NotResource: ["arn:aws:s3:::b"] })).reported).to.deep.equal([msg("kms:Decrypt")]);
    });
    it("passes a Resource known only after apply (a computed ARN names one key)", async () => {
        const r = await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: { Version: "2012-10-17", Statement: [allow("kms:Decrypt", ["<computed>"])] } } });
        expect(r.outcome).to.equal("pass");
    });
    it("ignores Deny statements", async () => {
        expect((await policy({ Effect: "Deny", Action: "kms:Decrypt", Resource: "*" })).outcome).to.equal("pass");
    });
});
