import { expect } from "chai";
import { ADMISSION_PLATFORM_NAMESPACES, AdmissionPolicies, AdmissionPoliciesArgs, validateAdmissionPoliciesArgs } from "../../../components/kubernetes";
import { loadKubernetesBaselineConfig } from "../../../policy-packs/kubernetes-baseline/admission";
import { declare } from "../../support/harness";

/**
 * The AdmissionPolicies component under mocks: exactly one ValidatingAdmissionPolicy and one
 * binding per generated policy, named after the pack policy, each binding after its policy, with
 * the documents the generator gives (their CEL is proven in
 * test/policy-packs/kubernetes-baseline/admission-*.test.ts).
 */

const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
const ARGS: AdmissionPoliciesArgs = { kubernetesVersion: "1.33", packConfig: loadKubernetesBaselineConfig("prod") };

describe("AdmissionPolicies", () => {
    it("creates a policy and a binding per generated rule, and nothing else", async () => {
        const plan = await declare(() => new AdmissionPolicies("platform-prod", ARGS));
        const policies = plan.ofType(VAP);
        expect(policies.map((r) => r.name)).to.include.members(["platform-prod-no-privileged", "platform-prod-allowed-registries", "platform-prod-lb-services-internal"]);
        expect(policies.length).to.equal(20);
        expect(plan.ofType(BINDING).map((r) => r.name)).to.deep.equal(policies.map((r) => `${r.name}-binding`));
        expect(plan.inventory((r) => r.custom).filter((i) => !i.startsWith(VAP) && !i.startsWith(BINDING))).to.deep.equal([]);
    });

    it("creates each binding after its policy, with the pack's name and the environment's actions", async () => {
        const plan = await declare(() => new AdmissionPolicies("platform-prod", ARGS));
        const policy = plan.one(VAP, "platform-prod-no-privileged");
        const binding = plan.one(BINDING, "platform-prod-no-privileged-binding");
        expect(plan.dependenciesOf(binding).map((r) => r.urn)).to.include(policy.urn);
        expect((policy.inputs.metadata as any).name).to.equal("platform-no-privileged");
        expect((policy.inputs.spec as any).failurePolicy).to.equal("Fail");
        expect(binding.inputs.spec).to.deep.equal({
            policyName: "platform-no-privileged",
            validationActions: ["Deny"],
            matchResources: { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system", "node-agents"] }] } },
        });
        expect((plan.one(BINDING, "platform-prod-allowed-registries-binding").inputs.spec as any).matchResources.namespaceSelector.matchExpressions[0].values).to.deep.equal([...ADMISSION_PLATFORM_NAMESPACES].sort());
    });

    it("warns and audits in warn mode", async () => {
        const plan = await declare(() => new AdmissionPolicies("platform-dev", { ...ARGS, packConfig: loadKubernetesBaselineConfig("dev"), mode: "warn" }));
        expect(new Set(plan.ofType(BINDING).map((b) => JSON.stringify((b.inputs.spec as any).validationActions)))).to.deep.equal(new Set([JSON.stringify(["Warn", "Audit"])]));
    });

    const cases: [string, Partial<AdmissionPoliciesArgs>, string[]][] = [
        ["rejects a version without ValidatingAdmissionPolicy v1 and optional types", { kubernetesVersion: "1.28" }, ['kubernetesVersion: "1.28" is not a Kubernetes version 1.30 or newer (ValidatingAdmissionPolicy v1 with CEL optional types)']],
        ["rejects an unknown mode", { mode: "audit" as never }, ['mode: "audit" is not one of "deny", "warn"']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateAdmissionPoliciesArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
