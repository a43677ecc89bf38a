import { expect } from "chai";
import { isDefaultDeny, namespaceGuardrails, noDefaultNamespace } from "../../../policy-packs/kubernetes-baseline/policies/namespaces";
import type { ResourceSpec } from "../../support/policy";
import { deployment, run } from "./fixtures";

const NS = "kubernetes:core/v1:Namespace";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const CM = "kubernetes:core/v1:ConfigMap";

describe("no-default-namespace", () => {
    it("passes an object in a team namespace", async () => {
        expect((await run(noDefaultNamespace, { type: CM, inputs: { metadata: { name: "api", namespace: "team-a" } } })).messages).to.deep.equal([]);
        expect((await run(noDefaultNamespace, deployment())).messages).to.deep.equal([]);
    });
    it("rejects metadata.namespace unset (the default namespace)", async () => {
        const r = await run(noDefaultNamespace, { type: CM, inputs: { metadata: { name: "api" } } });
        expect(r.reported).to.deep.equal(["ConfigMap api must set metadata.namespace (unset means default); use the team's namespace."]);
        expect(r.findings[0].enforcementLevel).to.equal("mandatory");
    });
    it("rejects the default namespace named explicitly", async () => {
        const r = await run(noDefaultNamespace, deployment((d) => (d.metadata.namespace = "default")));
        expect(r.reported).to.deep.equal(["Deployment api must not be created in the default namespace; set metadata.namespace to the team's namespace."]);
    });
    it("names an auto-named object by its resource name", async () => {
        const r = await run(noDefaultNamespace, { type: CM, name: "settings", inputs: { data: {} } });
        expect(r.reported).to.deep.equal(["ConfigMap settings must set metadata.namespace (unset means default); use the team's namespace."]);
    });
    it("passes a namespace known only after apply (it comes from a Namespace resource)", async () => {
        const r = await run(noDefaultNamespace, { type: CM, inputs: { metadata: { name: "api", namespace: "<computed>" } } });
        expect(r.outcome).to.equal("pass");
    });
    it("checks a Helm release's namespace input", async () => {
        const r = await run(noDefaultNamespace, { type: "kubernetes:helm.sh/v3:Release", inputs: { name: "cert-manager", chart: "cert-manager" } });
        expect(r.reported).to.deep.equal(["Helm release cert-manager must set namespace (unset means default); use the team's namespace."]);
    });
    for (const type of [
        NS,
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
        "kubernetes:storage.k8s.io/v1:StorageClass",
        "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
        "kubernetes:karpenter.sh/v1:NodePool",
        "kubernetes:yaml:ConfigFile",
        "kubernetes:yaml/v2:ConfigGroup",
        "kubernetes:kustomize/v2:Directory",
        "kubernetes:helm.sh/v3:Chart",
    ]) {
        it(`does not apply to ${type}`, async () => {
            expect((await run(noDefaultNamespace, { type, inputs: { metadata: { name: "x" } } })).outcome).to.equal("notApplicable");
        });
    }
    it("takes cluster-scoped custom kinds from config", async () => {
        const widget = { type: "kubernetes:example.com/v1:Widget", inputs: { metadata: { name: "w" } } };
        expect((await run(noDefaultNamespace, widget)).reported).to.deep.equal(["Widget w must set metadata.namespace (unset means default); use the team's namespace."]);
        expect((await run(noDefaultNamespace, widget, { clusterScopedKinds: ["Widget"] })).outcome).to.equal("notApplicable");
    });
    it("does not require a namespace on a patch that does not set one", async () => {
        expect((await run(noDefaultNamespace, { type: "kubernetes:core/v1:ConfigMapPatch", inputs: { data: { a: "b" } } })).messages).to.deep.equal([]);
    });
});

function namespace(name: string | undefined, labels: Record<string, string> | undefined = { "pod-security.kubernetes.io/enforce": "restricted" }, resourceName = name ?? "team"): ResourceSpec {
    return { type: NS, name: resourceName, inputs: { metadata: { ...(name ? { name } : {}), ...(labels ? { labels } : {}) } } };
}

function denyAll(ns: string, change?: (spec: any) => void, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    const spec = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
    change?.(spec);
    return { type: NP, name: `${ns}-default-deny`, inputs: { metadata: { name: "default-deny", namespace: ns }, spec }, ...extra };
}

const urnOf = (name: string) => `urn:pulumi:test::platform::${NS}::${name}`;
const DENY = (ns: string) => `namespace ${ns} must have a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no ingress or egress rules).`;

describe("namespace-guardrails", () => {
    it("passes a namespace with the restricted label and a default-deny policy", async () => {
        const r = await run(namespaceGuardrails, [namespace("team-a"), denyAll("team-a")]);
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("flags a missing Pod Security enforce label, on the Namespace, as advisory", async () => {
        const r = await run(namespaceGuardrails, [namespace("team-a", {}), denyAll("team-a")]);
        expect(r.reported).to.deep.equal(["namespace team-a must set the label pod-security.kubernetes.io/enforce: restricted."]);
        expect(r.findings[0].urn).to.equal(urnOf("team-a"));
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("flags a level below the minimum, and takes the minimum from config", async () => {
        const resources = [namespace("team-a", { "pod-security.kubernetes.io/enforce": "baseline" }), denyAll("team-a")];
        expect((await run(namespaceGuardrails, resources)).reported).to.deep.equal([
            "namespace team-a enforces Pod Security level baseline; set the label pod-security.kubernetes.io/enforce: restricted.",
        ]);
        expect((await run(namespaceGuardrails, resources, { minimumLevel: "baseline" })).messages).to.deep.equal([]);
        const privileged = [namespace("team-a", { "pod-security.kubernetes.io/enforce": "privileged" }), denyAll("team-a")];
        expect((await run(namespaceGuardrails, privileged, { minimumLevel: "baseline" })).reported).to.have.length(1);
    });
    it("flags a namespace without a NetworkPolicy", async () => {
        expect((await run(namespaceGuardrails, [namespace("team-a")])).reported).to.deep.equal([DENY("team-a")]);
    });
    it("does not count a default-deny policy in another namespace", async () => {
        expect((await run(namespaceGuardrails, [namespace("team-a"), denyAll("team-b")])).reported).to.deep.equal([DENY("team-a")]);
    });
    const notDenyAll: [string, (spec: any) => void][] = [
        ["with an ingress rule", (s) => (s.ingress = [{ from: [{ podSelector: {} }] }])],
        ["with an egress rule", (s) => (s.egress = [{ to: [{ namespaceSelector: {} }] }])],
        ["covering ingress only", (s) => (s.policyTypes = ["Ingress"])],
        ["without policyTypes", (s) => delete s.policyTypes],
        ["selecting some pods", (s) => (s.podSelector = { matchLabels: { app: "api" } })],
    ];
    for (const [what, change] of notDenyAll) {
        it(`does not count a policy ${what}`, async () => {
            expect((await run(namespaceGuardrails, [namespace("team-a"), denyAll("team-a", change)])).reported).to.deep.equal([DENY("team-a")]);
        });
    }
    it("counts empty rule lists as no rules", async () => {
        const r = await run(namespaceGuardrails, [namespace("team-a"), denyAll("team-a", (s) => ((s.ingress = []), (s.egress = [])))]);
        expect(r.messages).to.deep.equal([]);
    });
    it("matches an auto-named namespace to a policy that depends on it", async () => {
        const ns = namespace(undefined, undefined, "team-c");
        (ns.inputs.metadata as any).labels = { "pod-security.kubernetes.io/enforce": "restricted" };
        const linked = denyAll("<computed>", undefined, { dependencies: [urnOf("team-c")] });
        expect((await run(namespaceGuardrails, [ns, linked])).messages).to.deep.equal([]);
        const unlinked = denyAll("<computed>");
        expect((await run(namespaceGuardrails, [ns, unlinked])).reported).to.deep.equal([DENY("team-c")]);
    });
    it("matches through property dependencies too", async () => {
        const linked = denyAll("<computed>", undefined, { propertyDependencies: { metadata: [urnOf("team-a")] } });
        expect((await run(namespaceGuardrails, [namespace("team-a"), linked])).messages).to.deep.equal([]);
    });
    it("skips system namespaces, and exactly the configured ones otherwise", async () => {
        expect((await run(namespaceGuardrails, [namespace("kube-system", {})])).messages).to.deep.equal([]);
        expect((await run(namespaceGuardrails, [namespace("sandbox", {})], { excludedNamespaces: ["sandbox"] })).messages).to.deep.equal([]);
        expect((await run(namespaceGuardrails, [namespace("kube-system", {})], { excludedNamespaces: ["sandbox"] })).reported).to.have.length(2);
    });
    it("is not applicable to a stack without namespaces", async () => {
        expect((await run(namespaceGuardrails, [denyAll("team-a")])).outcome).to.equal("notApplicable");
    });
    it("recognizes a default-deny spec", () => {
        expect(isDefaultDeny({ podSelector: {}, policyTypes: ["Egress", "Ingress"] })).to.equal(true);
        expect(isDefaultDeny({ podSelector: { matchLabels: {} }, policyTypes: ["Ingress", "Egress"], ingress: [] })).to.equal(true);
        expect(isDefaultDeny({ policyTypes: ["Ingress", "Egress"] })).to.equal(false);
        expect(isDefaultDeny(undefined)).to.equal(false);
    });
});
