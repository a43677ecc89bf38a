import { expect } from "chai";
import { imageProvenanceEnforced, verifyImagesProblems } from "../../../policy-packs/kubernetes-baseline/policies/provenance";
import { UNKNOWN } from "../../../policy-packs/kubernetes-baseline/policies/workloads";
import { runPolicy, type PolicyRun, type ResourceSpec } from "../../support/policy";
import { checkOf } from "./fixtures";

/**
 * image-provenance-enforced one condition at a time (issue #15): each setting of a verifyImages
 * entry, each way an attestor pins the signer, each level a failure action is read from, each
 * configured name, and the resources the stack policy must and must not count. provenance.test.ts
 * describes the rule with the component's own ClusterPolicy.
 */

const STACK_URN = "urn:pulumi:test::platform::pulumi:pulumi:Stack::platform-test";
const STACK: ResourceSpec = { type: "pulumi:pulumi:Stack", name: "platform-test", urn: STACK_URN, inputs: {} };
const CLUSTER: ResourceSpec = { type: "aws:eks/cluster:Cluster", name: "cluster", inputs: { version: "1.35" } };
const RELEASE: ResourceSpec = { type: "kubernetes:helm.sh/v3:Release", name: "kyverno", inputs: { chart: "kyverno", namespace: "kyverno" } };
const POLICY_URN = "urn:pulumi:test::platform::kubernetes:kyverno.io/v1:ClusterPolicy::policy";
const KEYLESS = { keyless: { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/o/r/.github/workflows/b.yml@refs/heads/main" } };

const entry = (over: Record<string, unknown> = {}) => ({ required: true, verifyDigest: true, mutateDigest: false, failureAction: "Enforce", attestors: [{ entries: [KEYLESS] }], ...over });
const byDigest = (over: Record<string, unknown> = {}) => ({ name: "by-digest", validate: { failureAction: "Enforce", pattern: {} }, ...over });

function clusterPolicy(spec: unknown, name: unknown = "platform-image-provenance"): ResourceSpec {
    return { type: "kubernetes:kyverno.io/v1:ClusterPolicy", name: "policy", urn: POLICY_URN, inputs: { metadata: { name }, spec } };
}
const spec = (over: Record<string, unknown> = {}, verify: unknown[] = [entry()]) => ({ failurePolicy: "Fail", rules: [byDigest(), { name: "signature", verifyImages: verify }], ...over });
const check = (resources: ResourceSpec[], config: Record<string, unknown> = {}) => runPolicy(imageProvenanceEnforced, [STACK, CLUSTER, RELEASE, ...resources], config);
const P = (problem: string) => `ClusterPolicy "platform-image-provenance": ${problem}.`;
const urns = (r: PolicyRun) => r.findings.map((f) => f.urn);

describe("image-provenance-enforced, condition by condition", () => {
    describe("a verifyImages entry", () => {
        it("has no problem when it verifies and enforces", () => {
            expect(verifyImagesProblems(entry(), true, undefined)).to.deep.equal([]);
        });
        it("needs required, verifyDigest exactly true and mutateDigest exactly false", () => {
            expect(verifyImagesProblems(entry({ required: "true" }), true, undefined)).to.deep.equal(["required must be true (an image without a verified signature is refused)"]);
            expect(verifyImagesProblems(entry({ verifyDigest: undefined }), true, undefined)).to.deep.equal(["verifyDigest must be true (images by digest only)"]);
            expect(verifyImagesProblems(entry({ mutateDigest: true }), true, undefined)).to.deep.equal(["mutateDigest must be false (true, the default, turns a tag into a digest and admits it)"]);
            expect(verifyImagesProblems(entry({ mutateDigest: "false" }), true, undefined)).to.have.length(1);
        });
        it("takes keys or certificates as a pinned signer, and a keyless entry only with issuer and subject", () => {
            const pin = "an attestor must pin the signing identity (keyless issuer and subject, or keys)";
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{ keys: { publicKeys: "k" } }] }] }), true, undefined)).to.deep.equal([]);
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{ certificates: { cert: "c" } }] }] }), true, undefined)).to.deep.equal([]);
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{ keyless: { issuer: "i" } }] }] }), true, undefined)).to.deep.equal([pin]);
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{ keyless: { subject: "s" } }] }] }), true, undefined)).to.deep.equal([pin]);
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{ keyless: { issuer: 1, subject: "s" } }] }] }), true, undefined)).to.deep.equal([pin]);
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{}] }] }), true, undefined)).to.deep.equal([pin]);
            expect(verifyImagesProblems(entry({ attestors: undefined }), true, undefined)).to.deep.equal([pin]);
        });
        it("finds the pinned signer in any attestor, and none in attestors whose entries are unknown", () => {
            expect(verifyImagesProblems(entry({ attestors: [{ entries: [{}] }, { entries: [{}, KEYLESS] }] }), true, undefined)).to.deep.equal([]);
            expect(verifyImagesProblems(entry({ attestors: [{ entries: UNKNOWN }] }), true, undefined)).to.deep.equal(["an attestor must pin the signing identity (keyless issuer and subject, or keys)"]);
        });
        it("does not judge attestors unknown as a whole", () => {
            expect(verifyImagesProblems(entry({ attestors: UNKNOWN }), true, undefined)).to.deep.equal([]);
        });
        it("reads the failure action from the entry, else the spec, else Kyverno's Audit; only when enforcement is required", () => {
            expect(verifyImagesProblems(entry({ failureAction: undefined }), true, "Enforce")).to.deep.equal([]);
            expect(verifyImagesProblems(entry({ failureAction: "Enforce" }), true, "Audit")).to.deep.equal([]);
            expect(verifyImagesProblems(entry({ failureAction: "Audit" }), true, "Enforce")).to.deep.equal(['failureAction is "Audit"; set "Enforce"']);
            expect(verifyImagesProblems(entry({ failureAction: undefined }), true, undefined)).to.deep.equal(['failureAction is "Audit"; set "Enforce"']);
            expect(verifyImagesProblems(entry({ failureAction: "enforce" }), true, undefined)).to.deep.equal(['failureAction is "enforce"; set "Enforce"']);
            expect(verifyImagesProblems(entry({ failureAction: "Audit" }), false, undefined)).to.deep.equal([]);
        });
        it("lists every problem in order", () => {
            expect(verifyImagesProblems({}, true, undefined)).to.deep.equal([
                "required must be true (an image without a verified signature is refused)",
                "verifyDigest must be true (images by digest only)",
                "mutateDigest must be false (true, the default, turns a tag into a digest and admits it)",
                "an attestor must pin the signing identity (keyless issuer and subject, or keys)",
                'failureAction is "Audit"; set "Enforce"',
            ]);
        });
    });

    describe("the stack", () => {
        it("passes a verifying, enforcing ClusterPolicy", async () => {
            const r = await check([clusterPolicy(spec())]);
            expect([r.reported, r.outcome]).to.deep.equal([[], "pass"]);
        });
        it("applies to stacks with either cluster type", async () => {
            const eks = { type: "eks:index:Cluster", name: "c", inputs: {} };
            expect((await runPolicy(imageProvenanceEnforced, [eks, RELEASE])).reported).to.have.length(1);
            expect((await runPolicy(imageProvenanceEnforced, [RELEASE, clusterPolicy(spec())])).outcome).to.equal("notApplicable");
        });
        it("reports a missing release or policy on the stack, and stops at a missing policy", async () => {
            const r = await runPolicy(imageProvenanceEnforced, [STACK, CLUSTER]);
            expect(r.reported).to.deep.equal([
                'No Helm release of the "kyverno" chart: nothing verifies images at admission. Install it with the ImageProvenance component.',
                'No Kyverno ClusterPolicy "platform-image-provenance": images of the platform\'s registry are admitted without a signature check.',
            ]);
            expect(urns(r)).to.deep.equal([STACK_URN, STACK_URN]);
        });
        it("reports on the stack resource wherever it sits in the plan, and says why it does not apply", async () => {
            const r = await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, STACK]);
            expect(urns(r)).to.deep.equal([STACK_URN]);
            expect(await checkOf(imageProvenanceEnforced, [RELEASE])).to.deep.equal({ outcome: "notApplicable", reason: "no EKS cluster in the stack" });
        });
        it("names the rule's own action, not the spec's, when both are unknown", async () => {
            const r = await check([clusterPolicy(spec({ validationFailureAction: "<computed>", rules: [byDigest({ validate: { failureAction: "<computed>" } }), { name: "s", verifyImages: [entry()] }] }))]);
            expect(r.messages[0]).to.include("value at .spec.rules.0.validate.failureAction can't be known during preview");
        });
        it("counts only a release of the configured chart, of the Helm release type", async () => {
            const policy = clusterPolicy(spec());
            const other = { ...RELEASE, inputs: { chart: "kyverno-policies" } };
            expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, other, policy])).reported).to.have.length(1);
            expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, other, policy], { chart: "kyverno-policies" })).reported).to.deep.equal([]);
            expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, RELEASE, policy], { chart: "kyverno-policies" })).reported).to.deep.equal([
                'No Helm release of the "kyverno-policies" chart: nothing verifies images at admission. Install it with the ImageProvenance component.',
            ]);
            const chart = { ...RELEASE, type: "kubernetes:helm.sh/v3:Chart" };
            expect((await runPolicy(imageProvenanceEnforced, [CLUSTER, chart, policy])).reported).to.have.length(1);
        });
        it("counts only a ClusterPolicy of the configured name, or one named only after apply", async () => {
            expect((await check([clusterPolicy(spec(), "other")])).reported).to.have.length(1);
            expect((await check([clusterPolicy(spec(), "<computed>")])).reported).to.deep.equal([]);
            expect((await check([clusterPolicy(spec({}, [entry({ required: false })]), "<computed>")])).reported).to.deep.equal([P("required must be true (an image without a verified signature is refused)")]);
            const namespaced = { ...clusterPolicy(spec()), type: "kubernetes:kyverno.io/v1:Policy" };
            expect((await check([namespaced])).reported).to.have.length(1);
        });
        it("reports each problem of each entry on the ClusterPolicy", async () => {
            const r = await check([clusterPolicy(spec({}, [entry({ required: false }), entry({ verifyDigest: false })]))]);
            expect(r.reported).to.deep.equal([P("required must be true (an image without a verified signature is refused)"), P("verifyDigest must be true (images by digest only)")]);
            expect(urns(r)).to.deep.equal([POLICY_URN, POLICY_URN]);
        });
        it("finds verifyImages in any rule, and none in rules without it", async () => {
            const none = 'ClusterPolicy "platform-image-provenance" has no verifyImages rule: signatures are not checked.';
            expect((await check([clusterPolicy({ rules: [{ name: "a", verifyImages: [entry()] }, byDigest()] })])).reported).to.deep.equal([]);
            expect((await check([clusterPolicy({ rules: [byDigest(), { name: "s", verifyImages: [] }] })])).reported).to.deep.equal([none]);
            expect((await check([clusterPolicy({ rules: [byDigest()] })])).reported).to.deep.equal([none]);
            expect((await check([clusterPolicy({})])).reported).to.deep.equal([none]);
            expect(urns(await check([clusterPolicy({})]))).to.deep.equal([POLICY_URN]);
        });
        it("reads the spec-level action for the entries and the validate rules", async () => {
            const audit = (await check([clusterPolicy({ validationFailureAction: "Audit", failurePolicy: "Fail", rules: [byDigest({ validate: { pattern: {} } }), { name: "s", verifyImages: [entry({ failureAction: undefined })] }] })])).reported;
            expect(audit).to.deep.equal([P('failureAction is "Audit"; set "Enforce"'), 'ClusterPolicy "platform-image-provenance" rule "by-digest": failureAction is "Audit"; set "Enforce".']);
            const enforce = await check([clusterPolicy({ validationFailureAction: "Enforce", rules: [byDigest({ validate: { pattern: {} } }), { name: "s", verifyImages: [entry({ failureAction: undefined })] }] })]);
            expect(enforce.reported).to.deep.equal([]);
        });
        it("reports a validate rule's own Audit over an enforcing spec, and Audit by default, naming the rule", async () => {
            const own = await check([clusterPolicy(spec({ validationFailureAction: "Enforce", rules: [byDigest({ validate: { failureAction: "Audit" } }), { name: "s", verifyImages: [entry()] }] }))]);
            expect(own.reported).to.deep.equal(['ClusterPolicy "platform-image-provenance" rule "by-digest": failureAction is "Audit"; set "Enforce".']);
            expect(urns(own)).to.deep.equal([POLICY_URN]);
            const unnamed = await check([clusterPolicy(spec({ rules: [{ validate: {} }, { name: "s", verifyImages: [entry()] }] }))]);
            expect(unnamed.reported).to.deep.equal(['ClusterPolicy "platform-image-provenance" rule undefined: failureAction is "Audit"; set "Enforce".']);
        });
        it("reports failurePolicy Ignore only, on the ClusterPolicy, and none of it with requireEnforce false", async () => {
            const ignore = await check([clusterPolicy(spec({ failurePolicy: "Ignore" }))]);
            expect(ignore.reported).to.deep.equal([P('failurePolicy "Ignore" admits every pod while Kyverno is unavailable; set "Fail"')]);
            expect(urns(ignore)).to.deep.equal([POLICY_URN]);
            expect((await check([clusterPolicy(spec({ failurePolicy: undefined }))])).reported).to.deep.equal([]);
            const dev = await check([clusterPolicy(spec({ failurePolicy: "Ignore", rules: [byDigest({ validate: { failureAction: "Audit" } }), { name: "s", verifyImages: [entry({ failureAction: "Audit" })] }] }))], { requireEnforce: false });
            expect(dev.reported).to.deep.equal([]);
        });
        it("still checks signatures with requireEnforce false", async () => {
            expect((await check([clusterPolicy(spec({}, [entry({ mutateDigest: true })]))], { requireEnforce: false })).reported).to.deep.equal([
                P("mutateDigest must be false (true, the default, turns a tag into a digest and admits it)"),
            ]);
        });
        it("can't decide before apply when the spec, the rules, a verifyImages list or a validate action is unknown (never a pass)", async () => {
            const cases: [unknown, string][] = [
                ["<computed>", ".spec"],
                [{ rules: "<computed>" }, ".spec.rules"],
                [{ rules: [byDigest(), { name: "s", verifyImages: "<computed>" }] }, ".spec.rules.1.verifyImages"],
                [spec({ rules: [byDigest({ validate: "<computed>" }), { name: "s", verifyImages: [entry()] }] }), ".spec.rules.0.validate"],
                [spec({ rules: [byDigest({ validate: { failureAction: "<computed>" } }), { name: "s", verifyImages: [entry()] }] }), ".spec.rules.0.validate.failureAction"],
                [spec({ validationFailureAction: "<computed>", rules: [byDigest({ validate: {} }), { name: "s", verifyImages: [entry()] }] }), ".spec.validationFailureAction"],
            ];
            for (const [s, path] of cases) {
                const r = await check([clusterPolicy(s)]);
                expect(r.outcome, path).to.equal("unknown");
                expect(r.findings.map((f) => f.enforcementLevel), path).to.deep.equal(["advisory"]);
                expect(r.messages[0], path).to.include(`value at ${path} can't be known during preview`);
            }
        });
        it("reports what it can decide beside an unknown verifyImages list, and no missing rule", async () => {
            const r = await check([clusterPolicy({ rules: [{ name: "a", verifyImages: [entry({ required: false })] }, { name: "b", verifyImages: "<computed>" }] })]);
            expect(r.reported).to.deep.equal([P("required must be true (an image without a verified signature is refused)")]);
            expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
        });
        it("checks every ClusterPolicy of that name", async () => {
            const second = { ...clusterPolicy(spec({}, [entry({ required: false })])), name: "policy2", urn: `${POLICY_URN}2` };
            const r = await check([clusterPolicy(spec()), second]);
            expect(r.reported).to.deep.equal([P("required must be true (an image without a verified signature is refused)")]);
            expect(urns(r)).to.deep.equal([`${POLICY_URN}2`]);
        });
    });
});
