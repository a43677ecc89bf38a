import { expect } from "chai";
import {
    ecrImmutableTags,
    ecrKmsEncryption,
    ecrLifecyclePolicy,
    ecrPolicies,
    ecrPolicyNotPublic,
    ecrScanOnPush,
} from "../../../policy-packs/aws-baseline/policies/ecr";
import { ResourceSpec, runPolicy } from "../../support/policy";

const REPO = "aws:ecr/repository:Repository";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const REPO_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy";

const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

const COMPLIANT = {
    name: "team/api",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: "<computed>" }],
};
const repo = (inputs: Record<string, unknown> = COMPLIANT, name = "api"): ResourceSpec => ({ type: REPO, name, urn: urnOf(REPO, name), inputs });
const without = (key: string) => Object.fromEntries(Object.entries(COMPLIANT).filter(([k]) => k !== key));

describe("ecr pack module", () => {
    it("exports the five ECR policies with catalog names and levels", () => {
        expect(ecrPolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal([
            ["ecr-immutable-tags", "mandatory", "high"],
            ["ecr-scan-on-push", "mandatory", "high"],
            ["ecr-kms-encryption", "advisory", "medium"],
            ["ecr-lifecycle-policy", "advisory", "medium"],
            ["ecr-policy-not-public", "mandatory", "high"],
        ]);
    });
});

describe("ecr-immutable-tags", () => {
    const MSG = 'ECR repository tags must be immutable; set imageTagMutability: "IMMUTABLE".';
    it("passes an IMMUTABLE repository", async () => {
        const r = await runPolicy(ecrImmutableTags, repo());
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects MUTABLE with the description line", async () => {
        const r = await runPolicy(ecrImmutableTags, repo({ ...COMPLIANT, imageTagMutability: "MUTABLE" }));
        expect(r.reported).to.deep.equal([MSG]);
        expect(r.messages).to.deep.equal([`Checks whether ECR repositories make image tags immutable.\n${MSG}`]);
    });
    it("rejects an unset imageTagMutability (provider default MUTABLE)", async () => {
        expect((await runPolicy(ecrImmutableTags, repo(without("imageTagMutability")))).reported).to.deep.equal([MSG]);
    });
    it("rejects MUTABLE_WITH_EXCLUSION", async () => {
        expect((await runPolicy(ecrImmutableTags, repo({ ...COMPLIANT, imageTagMutability: "MUTABLE_WITH_EXCLUSION" }))).reported).to.deep.equal([MSG]);
    });
    it("rejects IMMUTABLE_WITH_EXCLUSION by default and accepts it when allowed in config", async () => {
        const spec = repo({ ...COMPLIANT, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }] });
        expect((await runPolicy(ecrImmutableTags, spec)).reported).to.deep.equal([
            'ECR repository tags must be immutable without exclusions; set imageTagMutability: "IMMUTABLE" (or allow IMMUTABLE_WITH_EXCLUSION in the policy config).',
        ]);
        expect((await runPolicy(ecrImmutableTags, spec, { allowImmutableWithExclusion: true })).messages).to.deep.equal([]);
    });
    it("rejects an exclusion filter of * even when exclusions are allowed", async () => {
        const spec = repo({ ...COMPLIANT, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "*", filterType: "WILDCARD" }] });
        expect((await runPolicy(ecrImmutableTags, spec, { allowImmutableWithExclusion: true })).reported).to.deep.equal([
            'ECR tag-mutability exclusion filter "*" makes every tag mutable; list specific tag prefixes or set imageTagMutability: "IMMUTABLE".',
        ]);
    });
    it("reports a value known only after apply as advisory", async () => {
        const r = await runPolicy(ecrImmutableTags, repo({ ...COMPLIANT, imageTagMutability: "<computed>" }));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a known * exclusion filter beside a filter known only after apply, as mandatory", async () => {
        const spec = repo({ ...COMPLIANT, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: ["<computed>", { filter: "*", filterType: "WILDCARD" }] });
        const r = await runPolicy(ecrImmutableTags, spec, { allowImmutableWithExclusion: true });
        expect(r.reported).to.deep.equal(['ECR tag-mutability exclusion filter "*" makes every tag mutable; list specific tag prefixes or set imageTagMutability: "IMMUTABLE".']);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("leaves an exclusion filter known only after apply to apply (advisory), when the known filters pass", async () => {
        const spec = repo({ ...COMPLIANT, imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: [{ filter: "dev-", filterType: "WILDCARD" }, { filter: "<computed>", filterType: "WILDCARD" }] });
        const r = await runPolicy(ecrImmutableTags, spec, { allowImmutableWithExclusion: true });
        expect(r.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'ecr-immutable-tags' from policy pack 'test-pack@v0.0.0' during preview: string value at .imageTagMutabilityExclusionFilters.1.filter can't be known during preview"],
        ]);
    });
});

describe("ecr-scan-on-push", () => {
    const MSG = (name: string) =>
        `ECR repository "${name}" must scan images on push; set imageScanningConfiguration: { scanOnPush: true } or add a RegistryScanningConfiguration rule (SCAN_ON_PUSH or CONTINUOUS_SCAN) whose filter covers it.`;
    const registry = (scanFrequency: string, filter: string) => ({ type: SCANNING, inputs: { scanType: "ENHANCED", rules: [{ scanFrequency, repositoryFilters: [{ filter, filterType: "WILDCARD" }] }] } });

    it("passes a repository with scanOnPush", async () => {
        const r = await runPolicy(ecrScanOnPush, [repo()]);
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects scanOnPush false, reported on the repository", async () => {
        const r = await runPolicy(ecrScanOnPush, [repo({ ...COMPLIANT, imageScanningConfiguration: { scanOnPush: false } })]);
        expect(r.reported).to.deep.equal([MSG("team/api")]);
        expect(r.findings[0].urn).to.equal(urnOf(REPO, "api"));
    });
    it("rejects an unset scanning configuration (provider default off)", async () => {
        expect((await runPolicy(ecrScanOnPush, [repo(without("imageScanningConfiguration"))])).reported).to.deep.equal([MSG("team/api")]);
    });
    it("accepts a registry rule with filter * and SCAN_ON_PUSH or CONTINUOUS_SCAN", async () => {
        for (const frequency of ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"]) {
            const r = await runPolicy(ecrScanOnPush, [repo(without("imageScanningConfiguration")), registry(frequency, "*")]);
            expect(r.messages).to.deep.equal([]);
        }
    });
    it("does not accept a MANUAL registry rule", async () => {
        const r = await runPolicy(ecrScanOnPush, [repo(without("imageScanningConfiguration")), registry("MANUAL", "*")]);
        expect(r.reported).to.deep.equal([MSG("team/api")]);
    });
    it("accepts a prefix filter that matches the repository name, not one that does not", async () => {
        const spec = repo(without("imageScanningConfiguration"));
        expect((await runPolicy(ecrScanOnPush, [spec, registry("SCAN_ON_PUSH", "team/*")])).messages).to.deep.equal([]);
        expect((await runPolicy(ecrScanOnPush, [spec, registry("SCAN_ON_PUSH", "other/*")])).reported).to.deep.equal([MSG("team/api")]);
    });
    it("does not let a registry rule in another account (provider) cover the repository", async () => {
        const other = { type: "pulumi:providers:aws", name: "other", urn: "urn:pulumi:test::platform::pulumi:providers:aws::other", inputs: { region: "eu-west-1" } };
        const r = await runPolicy(ecrScanOnPush, [other, repo(without("imageScanningConfiguration")), { ...registry("SCAN_ON_PUSH", "*"), provider: other.urn }]);
        expect(r.reported).to.have.length(1);
    });
    it("never fails on a flag known only after apply", async () => {
        const r = await runPolicy(ecrScanOnPush, [repo({ ...COMPLIANT, imageScanningConfiguration: { scanOnPush: "<computed>" } })]);
        expect(r.findings.filter((f) => f.enforcementLevel === "mandatory")).to.deep.equal([]);
    });
});

describe("ecr-kms-encryption", () => {
    const MSG = 'ECR repository must be encrypted with KMS; set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <key ARN> }].';
    it("passes KMS with a key", async () => {
        expect((await runPolicy(ecrKmsEncryption, repo(), {}, "advisory")).messages).to.deep.equal([]);
    });
    it("flags AES256 and the unset default (AES256)", async () => {
        expect((await runPolicy(ecrKmsEncryption, repo({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "AES256" }] }), {}, "advisory")).reported).to.deep.equal([MSG]);
        const r = await runPolicy(ecrKmsEncryption, repo(without("encryptionConfigurations")), {}, "advisory");
        expect(r.reported).to.deep.equal([MSG]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("accepts KMS_DSSE", async () => {
        expect((await runPolicy(ecrKmsEncryption, repo({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "KMS_DSSE" }] }), {}, "advisory")).messages).to.deep.equal([]);
    });
    it("reports an encryption type known only after apply as advisory, never mandatory", async () => {
        const r = await runPolicy(ecrKmsEncryption, repo({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "<computed>" }] }));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a missing customer managed key although the encryption type is known only after apply", async () => {
        const r = await runPolicy(ecrKmsEncryption, repo({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "<computed>" }] }), { requireCustomerManagedKey: true });
        expect(r.reported).to.deep.equal(["ECR repository must use a customer managed KMS key; set kmsKey to the ECR key ARN."]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("requires a customer managed key when configured", async () => {
        const spec = repo({ ...COMPLIANT, encryptionConfigurations: [{ encryptionType: "KMS" }] });
        expect((await runPolicy(ecrKmsEncryption, spec, {}, "advisory")).messages).to.deep.equal([]);
        expect((await runPolicy(ecrKmsEncryption, spec, { requireCustomerManagedKey: true }, "advisory")).reported).to.deep.equal([
            "ECR repository must use a customer managed KMS key; set kmsKey to the ECR key ARN.",
        ]);
    });
});

describe("ecr-lifecycle-policy", () => {
    const MSG = 'ECR repository "team/api" must have a lifecycle policy; add an aws.ecr.LifecyclePolicy whose repository is this repository\'s name.';
    it("passes a repository with a lifecycle policy linked by name", async () => {
        const r = await runPolicy(ecrLifecyclePolicy, [repo(), { type: LIFECYCLE, inputs: { repository: "team/api", policy: "{}" } }], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("passes a repository with a lifecycle policy linked by property dependency", async () => {
        const auto = repo({ ...without("name") }, "auto");
        const r = await runPolicy(
            ecrLifecyclePolicy,
            [auto, { type: LIFECYCLE, inputs: { repository: "<computed>", policy: "{}" }, propertyDependencies: { repository: [auto.urn!] }, dependencies: [auto.urn!] }],
            {},
            "advisory",
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a repository without a lifecycle policy, and one whose policy is for another repository", async () => {
        expect((await runPolicy(ecrLifecyclePolicy, [repo()], {}, "advisory")).reported).to.deep.equal([MSG]);
        const r = await runPolicy(ecrLifecyclePolicy, [repo(), { type: LIFECYCLE, inputs: { repository: "team/web", policy: "{}" } }], {}, "advisory");
        expect(r.reported).to.deep.equal([MSG]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
});

describe("ecr-policy-not-public", () => {
    const pull = { Sid: "OrgPull", Effect: "Allow", Principal: "*", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } };
    const MSG = (kind: string, label: string) =>
        `ECR ${kind} policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement ${label}); add one or name the principals.`;
    const policy = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement });

    it("passes an org-scoped pull policy and a policy naming an account", async () => {
        const named = { ...pull, Principal: { AWS: "arn:aws:iam::111122223333:root" }, Condition: undefined };
        const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "team/api", policy: policy(pull, named) } });
        expect(r.messages).to.deep.equal([]);
    });
    it("accepts aws:PrincipalAccount and aws:SourceAccount conditions", async () => {
        for (const key of ["aws:PrincipalAccount", "aws:SourceAccount"]) {
            const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: policy({ ...pull, Condition: { StringEquals: { [key]: "111122223333" } } }) } });
            expect(r.messages).to.deep.equal([]);
        }
    });
    it("rejects * without a condition, in a repository and a registry policy", async () => {
        const open = { ...pull, Condition: undefined };
        expect((await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: policy(open) } })).reported).to.deep.equal([MSG("repository", '"OrgPull"')]);
        expect((await runPolicy(ecrPolicyNotPublic, { type: REGISTRY_POLICY, inputs: { policy: policy({ ...open, Sid: undefined, Principal: { AWS: "*" } }) } })).reported).to.deep.equal([MSG("registry", "0")]);
    });
    it("rejects * with an unrelated or negated condition", async () => {
        for (const Condition of [{ StringEquals: { "aws:SourceIp": "10.0.0.0/8" } }, { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } }, { StringLike: { "aws:PrincipalOrgID": "*" } }]) {
            const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: policy({ ...pull, Condition }) } });
            expect(r.reported).to.deep.equal([MSG("repository", '"OrgPull"')]);
        }
    });
    it("does not fail * with a condition known only after apply", async () => {
        const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: { Version: "2012-10-17", Statement: [{ ...pull, Condition: "<computed>" }] } } });
        expect(r.findings.filter((f) => f.enforcementLevel === "mandatory")).to.deep.equal([]);
    });
    it("reports a policy known only after apply as advisory", async () => {
        const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a known * statement beside a statement known only after apply, as mandatory", async () => {
        const open = { ...pull, Principal: { AWS: ["*"] }, Condition: undefined };
        const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: { Version: "2012-10-17", Statement: ["<computed>", open] } } });
        expect(r.reported).to.deep.equal([MSG("repository", '"OrgPull"')]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});
