import { expect } from "chai";
import {
    iamNoDecryptAllKeys,
    kmsDeletionSafety,
    kmsKeyDescribedAndTagged,
    kmsKeyRotation,
    kmsNoLockoutBypass,
    kmsPolicies,
    kmsPolicyNoPublicPrincipal,
} from "../../../policy-packs/aws-baseline/policies/kms";
import { PolicyRun, runPolicy } from "../../support/policy";

const KEY = "aws:kms/key:Key";
const KEY_POLICY = "aws:kms/keyPolicy:KeyPolicy";
const IAM_POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";

function expectUnknownOnly(r: PolicyRun): void {
    expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.match(/can't run policy .* during preview/);
    expect(r.outcome).to.equal("unknown");
}

describe("kms-key-rotation", () => {
    it("passes a symmetric key with rotation on", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: { enableKeyRotation: true } });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects a symmetric key with rotation unset (provider default off)", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: {} });
        expect(r.reported).to.deep.equal(["KMS key rotation must be on for symmetric keys; set enableKeyRotation: true."]);
        expect(r.messages[0]).to.equal("Checks whether symmetric KMS keys rotate their key material every year.\nKMS key rotation must be on for symmetric keys; set enableKeyRotation: true.");
    });
    it("ignores asymmetric keys", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" } });
        expect(r.messages).to.deep.equal([]);
    });
    it("does not look at other types (no finding, no check recorded)", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: "aws:s3/bucket:Bucket", inputs: {} });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("");
    });
    it("reports an unknown rotation flag as advisory, not mandatory", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: { enableKeyRotation: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("remediates rotation when enforcement is remediate", async () => {
        const r = await runPolicy(kmsKeyRotation, { type: KEY, inputs: {} }, {}, "remediate");
        expect(r.messages).to.deep.equal([]);
    });
});

describe("kms policies", () => {
    it("exports every KMS policy once, kms-key-rotation first", () => {
        expect(kmsPolicies.map((p) => p.name)).to.deep.equal([
            "kms-key-rotation",
            "kms-policy-no-public-principal",
            "kms-no-lockout-bypass",
            "kms-deletion-safety",
            "kms-key-described-and-tagged",
            "iam-no-decrypt-all-keys",
        ]);
        for (const p of kmsPolicies) {
            expect(p.description, p.name).to.match(/^Checks whether /);
            expect(p.remediationSteps, p.name).to.be.a("string").and.not.equal("");
        }
    });
});

const ACCOUNT_ROOT = { Sid: "Root", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "kms:*", Resource: "*" };
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("kms-policy-no-public-principal", () => {
    const FIX = "add a Condition on aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount or aws:PrincipalOrgID, or name the principals.";
    const publicUse = { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: ["kms:Decrypt"], Resource: "*" };

    it("passes a key policy naming the account, and a key with the default policy (unset)", async () => {
        expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: doc(ACCOUNT_ROOT) } })).outcome).to.equal("pass");
        expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: {} })).outcome).to.equal("pass");
    });
    it('rejects Principal "*" without a condition', async () => {
        const r = await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: doc(ACCOUNT_ROOT, publicUse) } });
        expect(r.reported).to.deep.equal([`KMS key policy statement "Anyone" allows any principal ("*") without an account or organization condition; ${FIX}`]);
    });
    it('rejects {"AWS": ["*"]} in a KeyPolicy given as an object, with a condition that does not scope the account', async () => {
        const statement = { Effect: "Allow", Principal: { AWS: ["*"] }, Action: "kms:Encrypt", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "true" } } };
        const r = await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY_POLICY, inputs: { keyId: "k", policy: { Version: "2012-10-17", Statement: [statement] } } });
        expect(r.reported).to.deep.equal([`KMS key policy statement 0 allows any principal ("*") without an account or organization condition; ${FIX}`]);
    });
    it('passes "*" limited by kms:CallerAccount or aws:PrincipalOrgID (any operator or case)', async () => {
        const byAccount = { ...publicUse, Condition: { StringEquals: { "kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.eu-west-1.amazonaws.com" } } };
        const byOrg = { ...publicUse, Condition: { StringEquals: { "aws:principalorgid": ["o-abc123"] } } };
        expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: doc(byAccount, byOrg) } })).messages).to.deep.equal([]);
    });
    it("rejects an account condition that is itself a wildcard", async () => {
        const wild = { ...publicUse, Condition: { StringLike: { "aws:PrincipalAccount": "*" } } };
        expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: doc(wild) } })).reported).to.have.length(1);
    });
    it('passes a Deny to "*"', async () => {
        const deny = { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
        expect((await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: doc(ACCOUNT_ROOT, deny) } })).messages).to.deep.equal([]);
    });
    it("does not fail on a policy unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY, inputs: { policy: "<computed>" } }));
    });
    it('reports a known "*" statement beside a statement known only after apply, as mandatory', async () => {
        const r = await runPolicy(kmsPolicyNoPublicPrincipal, { type: KEY_POLICY, inputs: { keyId: "<computed>", policy: { Version: "2012-10-17", Statement: ["<computed>", publicUse] } } });
        expect(r.reported).to.deep.equal([`KMS key policy statement "Anyone" allows any principal ("*") without an account or organization condition; ${FIX}`]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

describe("kms-no-lockout-bypass", () => {
    const MSG = "KMS key policy lockout safety check must not be bypassed; remove bypassPolicyLockoutSafetyCheck or set it to false.";
    it("passes the check kept (unset or false)", async () => {
        expect((await runPolicy(kmsNoLockoutBypass, { type: KEY, inputs: {} })).outcome).to.equal("pass");
        expect((await runPolicy(kmsNoLockoutBypass, { type: KEY_POLICY, inputs: { keyId: "k", policy: doc(ACCOUNT_ROOT), bypassPolicyLockoutSafetyCheck: false } })).outcome).to.equal("pass");
    });
    it("rejects a bypass on a key and on a key policy", async () => {
        expect((await runPolicy(kmsNoLockoutBypass, { type: KEY, inputs: { bypassPolicyLockoutSafetyCheck: true } })).reported).to.deep.equal([MSG]);
        expect((await runPolicy(kmsNoLockoutBypass, { type: KEY_POLICY, inputs: { keyId: "k", bypassPolicyLockoutSafetyCheck: true } })).reported).to.deep.equal([MSG]);
    });
    it("does not fail on a value unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(kmsNoLockoutBypass, { type: KEY, inputs: { bypassPolicyLockoutSafetyCheck: "<computed>" } }));
    });
});

describe("kms-deletion-safety", () => {
    it("passes a 30-day window and the window unset (default 30)", async () => {
        expect((await runPolicy(kmsDeletionSafety, { type: KEY, inputs: { deletionWindowInDays: 30 } })).outcome).to.equal("pass");
        expect((await runPolicy(kmsDeletionSafety, { type: KEY, inputs: {} })).outcome).to.equal("pass");
    });
    it("flags a short window", async () => {
        const r = await runPolicy(kmsDeletionSafety, { type: KEY, inputs: { deletionWindowInDays: 7 } });
        expect(r.reported).to.deep.equal(["KMS key deletion window of 7 days is below 30; set deletionWindowInDays: 30 or leave it unset."]);
    });
    it("takes the minimum from config", async () => {
        expect((await runPolicy(kmsDeletionSafety, { type: KEY, inputs: { deletionWindowInDays: 14 } }, { minDeletionWindowDays: 14 })).messages).to.deep.equal([]);
    });
    it("requires the protect option when requireProtection is set", async () => {
        const r = await runPolicy(kmsDeletionSafety, { type: KEY, inputs: {} }, { requireProtection: true });
        expect(r.reported).to.deep.equal(["KMS key must be protected from deletion by Pulumi on this stack; set the resource option protect: true."]);
        expect((await runPolicy(kmsDeletionSafety, { type: KEY, inputs: {}, protect: true }, { requireProtection: true })).messages).to.deep.equal([]);
    });
    it("does not decide on a window unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(kmsDeletionSafety, { type: KEY, inputs: { deletionWindowInDays: "<computed>" } }));
    });
});

describe("kms-key-described-and-tagged", () => {
    const PROVIDER = "urn:pulumi:test::platform::pulumi:providers:aws::workload";
    const provider = { type: "pulumi:providers:aws", name: "workload", urn: PROVIDER, inputs: { defaultTags: { tags: { owner: "platform" } } } };

    it("passes a described key when no tags are required (default)", async () => {
        expect((await runPolicy(kmsKeyDescribedAndTagged, { type: KEY, inputs: { description: "EKS secrets for dev" } })).outcome).to.equal("pass");
    });
    it("flags a key without a description (unset or blank)", async () => {
        const MSG = "KMS key needs a description; set description to what the key protects.";
        expect((await runPolicy(kmsKeyDescribedAndTagged, { type: KEY, inputs: {} })).reported).to.deep.equal([MSG]);
        expect((await runPolicy(kmsKeyDescribedAndTagged, { type: KEY, inputs: { description: "  " } })).reported).to.deep.equal([MSG]);
    });
    it("flags required tags missing from the key and the provider's default tags", async () => {
        const r = await runPolicy(kmsKeyDescribedAndTagged, [provider, { type: KEY, provider: PROVIDER, inputs: { description: "logs", tags: { purpose: "logs" } } }], {
            requiredTags: ["owner", "purpose", "data-classification", "cost-center"],
        });
        expect(r.reported).to.deep.equal(["KMS key is missing required tags data-classification, cost-center; add them to tags or the provider's defaultTags."]);
    });
    it("does not decide on tags unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(kmsKeyDescribedAndTagged, { type: KEY, inputs: { description: "logs", tags: "<computed>" } }, { requiredTags: ["owner"] }));
    });
});

describe("iam-no-decrypt-all-keys", () => {
    const decryptAll = { Sid: "Read", Effect: "Allow", Action: ["kms:Decrypt", "s3:GetObject"], Resource: "*" };
    const FIX = "list the key ARNs in Resource, or add a kms:ViaService or kms:EncryptionContext condition.";

    it("passes decryption with named keys", async () => {
        const named = { ...decryptAll, Resource: ["arn:aws:kms:eu-west-1:111122223333:key/1234"] };
        expect((await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: doc(named) } })).outcome).to.equal("pass");
    });
    it("flags kms:Decrypt on Resource \"*\"", async () => {
        const r = await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: doc(decryptAll) } });
        expect(r.reported).to.deep.equal([`IAM policy allows kms:Decrypt on every KMS key (statement "Read"); ${FIX}`]);
        expect(iamNoDecryptAllKeys.enforcementLevel).to.equal("advisory");
    });
    it("flags kms:* on every key ARN in a role policy given as an object", async () => {
        const statement = { Effect: "Allow", Action: "kms:*", Resource: "arn:aws:kms:*:111122223333:key/*" };
        const r = await runPolicy(iamNoDecryptAllKeys, { type: ROLE_POLICY, inputs: { role: "r", policy: { Version: "2012-10-17", Statement: statement } } });
        expect(r.reported).to.deep.equal([`IAM policy allows kms:Decrypt, kms:ReEncryptFrom on every KMS key (statement 0); ${FIX}`]);
    });
    it("flags a role's inline policy", async () => {
        const r = await runPolicy(iamNoDecryptAllKeys, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "read", policy: doc({ ...decryptAll, Action: "kms:De*" }) }] } });
        expect(r.reported).to.deep.equal([`IAM inline policy "read" allows kms:Decrypt on every KMS key (statement "Read"); ${FIX}`]);
    });
    it("passes a statement scoped by kms:ViaService", async () => {
        const via = { ...decryptAll, Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } } };
        expect((await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: doc(via) } })).messages).to.deep.equal([]);
    });
    it("does not decide on a document unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: "<computed>" } }));
    });
    it("flags decryption with every key but a few (NotResource) and passes a NotResource that excludes every key", async () => {
        const allBut = { Effect: "Allow", Action: "kms:Decrypt", NotResource: "arn:aws:kms:eu-west-1:111122223333:key/1234" };
        expect((await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: doc(allBut) } })).reported).to.deep.equal([`IAM policy allows kms:Decrypt on every KMS key (statement 0); ${FIX}`]);
        const noKey = { ...allBut, NotResource: ["arn:aws:kms:*:*:key/*"] };
        expect((await runPolicy(iamNoDecryptAllKeys, { type: IAM_POLICY, inputs: { policy: doc(noKey) } })).outcome).to.equal("pass");
    });
    it("flags a role's known inline policy beside one known only after apply", async () => {
        const r = await runPolicy(iamNoDecryptAllKeys, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "later", policy: "<computed>" }, { name: "read", policy: doc(decryptAll) }] } }, {}, "mandatory");
        expect(r.reported).to.deep.equal([`IAM inline policy "read" allows kms:Decrypt on every KMS key (statement "Read"); ${FIX}`]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});
