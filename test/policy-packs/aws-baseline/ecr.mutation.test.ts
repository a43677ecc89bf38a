import { expect } from "chai";
import { ecrImmutableTags, ecrKmsEncryption, ecrLifecyclePolicy, ecrPolicyNotPublic, ecrScanOnPush } from "../../../policy-packs/aws-baseline/policies/ecr";
import { PolicyRun, ResourceSpec, runPolicy } from "../../support/policy";

/**
 * The ECR rules, one condition at a time (issue #15): each case fails if the rule stops catching
 * it, starts refusing what it must allow, or turns a value unknown until apply into a pass.
 * ecr.test.ts describes the rules; this file pins the edges a weakened rule would slip through.
 */

const REPO = "aws:ecr/repository:Repository";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const LIFECYCLE = "aws:ecr/lifecyclePolicy:LifecyclePolicy";
const REPO_POLICY = "aws:ecr/repositoryPolicy:RepositoryPolicy";
const REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

const repo = (inputs: Record<string, unknown>, name = "api"): ResourceSpec => ({ type: REPO, name, urn: urnOf(REPO, name), inputs });
const preview = (policy: string, at: string, kind = "string") => `can't run policy '${policy}' from policy pack 'test-pack@v0.0.0' during preview: ${kind} value at ${at} can't be known during preview`;
const undecided = (r: PolicyRun) => r.findings.map((f) => [f.enforcementLevel, f.message]);

describe("ecr-immutable-tags, condition by condition", () => {
    const MUTABLE = 'ECR repository tags must be immutable; set imageTagMutability: "IMMUTABLE".';
    const STAR = 'ECR tag-mutability exclusion filter "*" makes every tag mutable; list specific tag prefixes or set imageTagMutability: "IMMUTABLE".';
    const excl = (filters: unknown) => repo({ imageTagMutability: "IMMUTABLE_WITH_EXCLUSION", imageTagMutabilityExclusionFilters: filters });
    const allowed = { allowImmutableWithExclusion: true };

    it("passes IMMUTABLE and fails every other known value, with the mutable message", async () => {
        expect((await runPolicy(ecrImmutableTags, repo({ imageTagMutability: "IMMUTABLE" }))).outcome).to.equal("pass");
        for (const value of ["MUTABLE", "immutable", ""]) {
            expect((await runPolicy(ecrImmutableTags, repo({ imageTagMutability: value }), allowed)).reported, value).to.deep.equal([MUTABLE]);
        }
    });
    it("cannot decide imageTagMutability unknown until apply (advisory, never a pass)", async () => {
        const r = await runPolicy(ecrImmutableTags, repo({ imageTagMutability: "<computed>" }));
        expect(undecided(r)).to.deep.equal([["advisory", preview("ecr-immutable-tags", ".imageTagMutability")]]);
        expect(r.outcome).to.equal("unknown");
    });
    it("accepts exclusions that name tags, with or without a wildcard, when allowed", async () => {
        for (const filters of [[{ filter: "latest", filterType: "WILDCARD" }], [{ filter: "dev-*", filterType: "WILDCARD" }, { filter: "latest*" }], [], undefined]) {
            const r = await runPolicy(ecrImmutableTags, excl(filters), allowed);
            expect(r.findings, JSON.stringify(filters)).to.deep.equal([]);
            expect(r.outcome).to.equal("pass");
        }
    });
    it('refuses "*" anywhere in the exclusion list, once', async () => {
        const r = await runPolicy(ecrImmutableTags, excl([{ filter: "dev-*", filterType: "WILDCARD" }, { filter: "*", filterType: "WILDCARD" }, { filter: "*" }]), allowed);
        expect(r.reported).to.deep.equal([STAR]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("cannot decide an exclusion list unknown until apply", async () => {
        const r = await runPolicy(ecrImmutableTags, excl("<computed>"), allowed);
        expect(undecided(r)).to.deep.equal([["advisory", preview("ecr-immutable-tags", ".imageTagMutabilityExclusionFilters")]]);
    });
    it("cannot decide an exclusion entry unknown until apply", async () => {
        const r = await runPolicy(ecrImmutableTags, excl([{ filter: "latest" }, "<computed>"]), allowed);
        expect(undecided(r)).to.deep.equal([["advisory", preview("ecr-immutable-tags", ".imageTagMutabilityExclusionFilters.1")]]);
    });
    it("skips an empty (null) exclusion entry and still judges the others", async () => {
        expect((await runPolicy(ecrImmutableTags, excl([null, { filter: "latest" }]), allowed)).outcome).to.equal("pass");
        expect((await runPolicy(ecrImmutableTags, excl([null, { filter: "*" }]), allowed)).reported).to.deep.equal([STAR]);
    });
    it("refuses IMMUTABLE_WITH_EXCLUSION without the config even when its filters are unknown", async () => {
        const r = await runPolicy(ecrImmutableTags, excl("<computed>"));
        expect(r.reported).to.deep.equal(['ECR repository tags must be immutable without exclusions; set imageTagMutability: "IMMUTABLE" (or allow IMMUTABLE_WITH_EXCLUSION in the policy config).']);
    });
});

describe("ecr-scan-on-push, condition by condition", () => {
    const MSG = (name: string) =>
        `ECR repository "${name}" must scan images on push; set imageScanningConfiguration: { scanOnPush: true } or add a RegistryScanningConfiguration rule (SCAN_ON_PUSH or CONTINUOUS_SCAN) whose filter covers it.`;
    const named = repo({ name: "team/api" });
    const unnamed = repo({}, "auto");
    const registry = (rules: unknown, name = "scan", provider?: string): ResourceSpec => ({ type: SCANNING, name, urn: urnOf(SCANNING, name), inputs: { scanType: "ENHANCED", rules }, provider });
    const rule = (filter: unknown, filterType: unknown = "WILDCARD", scanFrequency: unknown = "SCAN_ON_PUSH") => ({ scanFrequency, repositoryFilters: [{ filter, filterType }] });
    const scan = async (...resources: ResourceSpec[]) => (await runPolicy(ecrScanOnPush, resources)).reported;

    it("does not take scanOnPush false, unset or a truthy non-boolean for on", async () => {
        for (const imageScanningConfiguration of [{ scanOnPush: false }, {}, { scanOnPush: "yes" }]) {
            expect(await scan(repo({ name: "team/api", imageScanningConfiguration })), JSON.stringify(imageScanningConfiguration)).to.deep.equal([MSG("team/api")]);
        }
    });
    it("does not fail a scanning configuration unknown until apply", async () => {
        expect(await scan(repo({ name: "team/api", imageScanningConfiguration: "<computed>" }))).to.deep.equal([]);
    });
    it('lets "*" cover a repository whose name is known only after apply, and no narrower filter', async () => {
        expect(await scan(unnamed, registry([rule("*")]))).to.deep.equal([]);
        expect(await scan(unnamed, registry([rule("auto*")]))).to.deep.equal([MSG("auto")]);
    });
    it("matches filters as case-sensitive wildcards over the whole name", async () => {
        expect(await scan(named, registry([rule("team/*")]))).to.deep.equal([]);
        expect(await scan(named, registry([rule("*/api")]))).to.deep.equal([]);
        expect(await scan(named, registry([rule("team/api")]))).to.deep.equal([]);
        for (const filter of ["Team/*", "team", "eam/*", "team/a", "team/ap?"]) {
            expect(await scan(named, registry([rule(filter)])), filter).to.deep.equal([MSG("team/api")]);
        }
    });
    it("takes only WILDCARD filters (or a type unknown until apply)", async () => {
        expect(await scan(named, registry([rule("*", "PREFIX_MATCH")]))).to.deep.equal([MSG("team/api")]);
        expect(await scan(named, registry([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*" }] }]))).to.deep.equal([MSG("team/api")]);
        expect(await scan(named, registry([rule("*", "<computed>")]))).to.deep.equal([]);
    });
    it("takes only SCAN_ON_PUSH and CONTINUOUS_SCAN rules (or a frequency unknown until apply)", async () => {
        for (const frequency of ["MANUAL", "scan_on_push", ""]) {
            expect(await scan(named, registry([rule("*", "WILDCARD", frequency)])), String(frequency)).to.deep.equal([MSG("team/api")]);
        }
        expect(await scan(named, registry([rule("*", "WILDCARD", "<computed>")]))).to.deep.equal([]);
        expect(await scan(named, registry([rule("other/*", "WILDCARD", "<computed>")]))).to.deep.equal([MSG("team/api")]);
    });
    it("does not fail a registry whose rules, a rule, its filters, a filter or its value is unknown until apply", async () => {
        const cases: unknown[] = [
            "<computed>",
            ["<computed>"],
            [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: "<computed>" }],
            [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: ["<computed>"] }],
            [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "<computed>", filterType: "WILDCARD" }] }],
        ];
        for (const rules of cases) {
            expect(await scan(named, registry(rules)), JSON.stringify(rules)).to.deep.equal([]);
        }
    });
    it("fails a registry without rules, a rule without filters, and a filter that is not a string", async () => {
        for (const rules of [[], [{ scanFrequency: "SCAN_ON_PUSH" }], [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [] }], [rule(7)], [rule(undefined)]]) {
            expect(await scan(named, registry(rules)), JSON.stringify(rules)).to.deep.equal([MSG("team/api")]);
        }
    });
    it("is covered by any rule of any registry of its provider (the second rule, the second registry)", async () => {
        expect(await scan(named, registry([rule("*", "WILDCARD", "MANUAL"), rule("team/*")]))).to.deep.equal([]);
        expect(await scan(named, registry([rule("other/*")], "a"), registry([rule("*")], "b"))).to.deep.equal([]);
        expect(await scan(named, registry([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "other/*", filterType: "WILDCARD" }, { filter: "team/*", filterType: "WILDCARD" }] }]))).to.deep.equal([]);
    });
    it("does not match a narrower filter against a repository without a known name (not even the text \"undefined\")", async () => {
        expect(await scan(unnamed, registry([rule("u*")]))).to.deep.equal([MSG("auto")]);
        expect(await scan(unnamed, registry([rule("*d")]))).to.deep.equal([MSG("auto")]);
    });
    it("labels a repository whose name is known only after apply by its resource name", async () => {
        expect(await scan(repo({ name: "<computed>" }, "later"), registry([rule("team/*")]))).to.deep.equal([MSG("later")]);
        expect(await scan(repo({ name: "<computed>" }, "later"), registry([rule("*")]))).to.deep.equal([]);
    });
    it("skips empty (null) rules and filters, and still judges the others", async () => {
        expect(await scan(named, registry([null, rule("team/*")]))).to.deep.equal([]);
        expect(await scan(named, registry([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [null, { filter: "team/*", filterType: "WILDCARD" }] }]))).to.deep.equal([]);
        expect(await scan(named, registry([null]))).to.deep.equal([MSG("team/api")]);
        expect(await scan(named, registry([{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [null] }]))).to.deep.equal([MSG("team/api")]);
    });
    it("takes rules only from registry scanning configurations", async () => {
        const other: ResourceSpec = { type: LIFECYCLE, name: "lc", urn: urnOf(LIFECYCLE, "lc"), inputs: { repository: "team/api", rules: [rule("*")] } };
        expect(await scan(named, other)).to.deep.equal([MSG("team/api")]);
    });
    it("judges each repository on its own and reports each on its own URN", async () => {
        const web = repo({ name: "team/web", imageScanningConfiguration: { scanOnPush: true } }, "web");
        const batch = repo({ name: "batch/job" }, "batch");
        const r = await runPolicy(ecrScanOnPush, [named, web, batch, registry([rule("team/*")])]);
        expect(r.reported).to.deep.equal([MSG("batch/job")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(REPO, "batch")]);
    });
});

describe("ecr-kms-encryption, condition by condition", () => {
    const KMS = 'ECR repository must be encrypted with KMS; set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <key ARN> }].';
    const CMK = "ECR repository must use a customer managed KMS key; set kmsKey to the ECR key ARN.";
    const enc = (encryptionConfigurations: unknown) => repo({ name: "team/api", encryptionConfigurations });
    const cmk = { requireCustomerManagedKey: true };

    it("fails an empty list, an unset type and any type but KMS or KMS_DSSE", async () => {
        for (const configs of [[], [{}], [{ encryptionType: "kms" }], [{ encryptionType: "AES256", kmsKey: "arn:aws:kms:eu-west-1:1:key/x" }]]) {
            expect((await runPolicy(ecrKmsEncryption, enc(configs))).reported, JSON.stringify(configs)).to.deep.equal([KMS]);
        }
    });
    it("reports only the encryption type when a customer managed key is also required", async () => {
        expect((await runPolicy(ecrKmsEncryption, enc([{ encryptionType: "AES256" }]), cmk)).reported).to.deep.equal([KMS]);
    });
    it("passes KMS and KMS_DSSE with a key when a customer managed key is required, and a key known only after apply", async () => {
        for (const encryptionType of ["KMS", "KMS_DSSE"]) {
            const r = await runPolicy(ecrKmsEncryption, enc([{ encryptionType, kmsKey: "arn:aws:kms:eu-west-1:111122223333:key/ecr" }]), cmk);
            expect(r.outcome, encryptionType).to.equal("pass");
        }
        expect((await runPolicy(ecrKmsEncryption, enc([{ encryptionType: "KMS", kmsKey: "<computed>" }]), cmk)).outcome).to.equal("pass");
    });
    it("requires the key for KMS_DSSE too, and refuses an empty key", async () => {
        for (const configs of [[{ encryptionType: "KMS_DSSE" }], [{ encryptionType: "KMS", kmsKey: "" }], [{ encryptionType: "KMS", kmsKey: null }]]) {
            expect((await runPolicy(ecrKmsEncryption, enc(configs), cmk)).reported, JSON.stringify(configs)).to.deep.equal([CMK]);
        }
    });
    it("cannot decide an encryption list or entry unknown until apply (advisory only, also with a key required)", async () => {
        for (const config of [{}, cmk]) {
            expect(undecided(await runPolicy(ecrKmsEncryption, enc("<computed>"), config))).to.deep.equal([["advisory", preview("ecr-kms-encryption", ".encryptionConfigurations")]]);
            expect(undecided(await runPolicy(ecrKmsEncryption, enc(["<computed>"]), config))).to.deep.equal([["advisory", preview("ecr-kms-encryption", ".encryptionConfigurations.0")]]);
        }
        expect(undecided(await runPolicy(ecrKmsEncryption, enc([{ encryptionType: "<computed>", kmsKey: "k" }]), cmk))).to.deep.equal([
            ["advisory", preview("ecr-kms-encryption", ".encryptionConfigurations.0.encryptionType")],
        ]);
    });
});

describe("ecr-lifecycle-policy, condition by condition", () => {
    const MSG = (name: string) => `ECR repository "${name}" must have a lifecycle policy; add an aws.ecr.LifecyclePolicy whose repository is this repository's name.`;
    const lifecycle = (repository: unknown, name = "lc"): ResourceSpec => ({ type: LIFECYCLE, name, urn: urnOf(LIFECYCLE, name), inputs: { repository, policy: "{}" } });

    it("does not link a repository whose name is known only after apply by its resource name", async () => {
        const r = await runPolicy(ecrLifecyclePolicy, [repo({}, "auto"), lifecycle("auto")]);
        expect(r.reported).to.deep.equal([MSG("auto")]);
    });
    it("judges each repository on its own and reports each on its own URN", async () => {
        const r = await runPolicy(ecrLifecyclePolicy, [repo({ name: "team/api" }), repo({ name: "team/web" }, "web"), lifecycle("team/api")]);
        expect(r.reported).to.deep.equal([MSG("team/web")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf(REPO, "web")]);
    });
    it("links through any of several lifecycle policies, not only the first", async () => {
        expect((await runPolicy(ecrLifecyclePolicy, [repo({ name: "team/api" }), lifecycle("team/web", "a"), lifecycle("team/api", "b")])).outcome).to.equal("pass");
    });
    it("does not take other resources' repository input for a lifecycle policy", async () => {
        const notLifecycle: ResourceSpec = { type: REPO_POLICY, name: "p", urn: urnOf(REPO_POLICY, "p"), inputs: { repository: "team/api", policy: "{}" } };
        expect((await runPolicy(ecrLifecyclePolicy, [repo({ name: "team/api" }), notLifecycle])).reported).to.deep.equal([MSG("team/api")]);
    });
});

describe("ecr-policy-not-public, condition by condition", () => {
    const MSG = (kind: string, label: string) =>
        `ECR ${kind} policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement ${label}); add one or name the principals.`;
    const policy = (type: string, ...Statement: unknown[]): ResourceSpec => ({ type, inputs: { repository: "x", policy: JSON.stringify({ Version: "2012-10-17", Statement }) } });
    const open = (Sid: string) => ({ Sid, Effect: "Allow", Principal: "*", Action: "ecr:BatchGetImage" });

    it("reports every open statement, not only the first", async () => {
        const r = await runPolicy(ecrPolicyNotPublic, policy(REGISTRY_POLICY, open("A"), { ...open("Scoped"), Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }, open("B")));
        expect(r.reported).to.deep.equal([MSG("registry", '"A"'), MSG("registry", '"B"')]);
    });
    it("does not take a Deny to * for a grant", async () => {
        expect((await runPolicy(ecrPolicyNotPublic, policy(REPO_POLICY, { ...open("D"), Effect: "Deny" }))).outcome).to.equal("pass");
    });
    it("cannot decide a statement whose Effect is unknown until apply", async () => {
        const r = await runPolicy(ecrPolicyNotPublic, { type: REPO_POLICY, inputs: { repository: "x", policy: { Version: "2012-10-17", Statement: [{ ...open("U"), Effect: "<computed>" }] } } });
        expect(undecided(r)).to.deep.equal([["advisory", preview("ecr-policy-not-public", ".policy.Statement.0.Effect")]]);
    });
});
