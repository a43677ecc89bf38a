import { expect } from "chai";
import { CLUSTER_SCOPED_KINDS, DEFAULT_CLUSTER_SCOPED_CUSTOM_KINDS, DEFAULT_SYSTEM_NAMESPACES, isDefaultDeny, kubernetesKind, namespaceGuardrails, noDefaultNamespace } from "../../../policy-packs/kubernetes-baseline/policies/namespaces";
import { UNKNOWN } from "../../../policy-packs/kubernetes-baseline/policies/workloads";
import type { ResourceSpec } from "../../support/policy";
import { checkOf, run } from "./fixtures";

/**
 * The namespace rules one condition at a time (issue #15): each cluster-scoped kind exempt, each
 * component token skipped, each way a namespace can be unset or default, each Pod Security level
 * against each minimum, and each part of a default-deny NetworkPolicy. namespaces.test.ts
 * describes the rules.
 */

const NS = "kubernetes:core/v1:Namespace";
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const C = "<computed>";
const ENFORCE = "pod-security.kubernetes.io/enforce";

describe("no-default-namespace, condition by condition", () => {
    const obj = (type: string, metadata: Record<string, unknown> | undefined, name = "res"): ResourceSpec => ({ type, name, inputs: metadata === undefined ? {} : { metadata } });

    it("lists exactly the built-in cluster-scoped kinds (Kubernetes 1.33 API reference)", () => {
        expect(CLUSTER_SCOPED_KINDS).to.deep.equal([
            "APIService", "CSIDriver", "CSINode", "CertificateSigningRequest", "ClusterRole", "ClusterRoleBinding", "ClusterTrustBundle", "ComponentStatus",
            "CustomResourceDefinition", "DeviceClass", "FlowSchema", "IPAddress", "IngressClass", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
            "MutatingWebhookConfiguration", "Namespace", "Node", "PersistentVolume", "PodSecurityPolicy", "PriorityClass", "PriorityLevelConfiguration", "ResourceSlice",
            "RuntimeClass", "SelfSubjectAccessReview", "SelfSubjectReview", "SelfSubjectRulesReview", "ServiceCIDR", "StorageClass", "StorageVersion",
            "StorageVersionMigration", "SubjectAccessReview", "TokenReview", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
            "ValidatingWebhookConfiguration", "VolumeAttachment", "VolumeAttributesClass",
        ]);
        expect(DEFAULT_CLUSTER_SCOPED_CUSTOM_KINDS).to.deep.equal(["ClusterIssuer", "ClusterPolicy", "NodePool", "NodeClaim", "EC2NodeClass", "ClusterSecretStore", "ClusterExternalSecret", "CNINode", "IngressClassParams"]);
    });
    it("exempts each built-in cluster-scoped kind, and its patch, naming it", async () => {
        for (const kind of CLUSTER_SCOPED_KINDS) {
            const r = await run(noDefaultNamespace, obj(`kubernetes:example.k8s.io/v1:${kind}`, { name: "x" }));
            expect(r.outcome, kind).to.equal("notApplicable");
            expect(r.findings, kind).to.deep.equal([]);
        }
        expect((await run(noDefaultNamespace, obj("kubernetes:rbac.authorization.k8s.io/v1:ClusterRolePatch", { name: "x", namespace: "default" }))).outcome).to.equal("notApplicable");
    });
    it("exempts each default cluster-scoped custom kind, and none once the list is configured", async () => {
        for (const kind of DEFAULT_CLUSTER_SCOPED_CUSTOM_KINDS) {
            const spec = obj(`kubernetes:example.com/v1:${kind}`, { name: "x" });
            expect((await run(noDefaultNamespace, spec)).outcome, kind).to.equal("notApplicable");
            expect((await run(noDefaultNamespace, spec, { clusterScopedKinds: ["Widget"] })).reported, kind).to.deep.equal([`${kind} x must set metadata.namespace (unset means default); use the team's namespace.`]);
        }
    });
    it("skips yaml and kustomize components and Helm charts, but checks a Helm release and lists of nothing else", async () => {
        for (const type of ["kubernetes:yaml/v2:ConfigFile", "kubernetes:kustomize/v2:Directory", "kubernetes:helm.sh/v4:Chart", "kubernetes:core/v1:ConfigMapList", "kubernetes:apps/v1:DeploymentList"]) {
            expect((await run(noDefaultNamespace, obj(type, { name: "x" }))).outcome, type).to.equal("notApplicable");
        }
        expect((await run(noDefaultNamespace, { type: "kubernetes:helm.sh/v4:Release", name: "res", inputs: { name: "x", namespace: "default" } })).reported).to.deep.equal([
            "Helm release x must not be created in the default namespace; set namespace to the team's namespace.",
        ]);
        expect((await run(noDefaultNamespace, obj("kubernetes:yamlx/v1:Thing", { name: "x" }))).reported).to.have.length(1);
    });
    it("is not applicable to tokens that are not Kubernetes objects", async () => {
        for (const type of ["aws:s3/bucket:Bucket", "kubernetes:yaml:ConfigFile", "kubernetes:core/v1:Config-Map", "xkubernetes:core/v1:ConfigMap", "kubernetes:Core/v1:ConfigMap", "kubernetes:core/V1:ConfigMap", "kubernetes:core/v1:ConfigMap "]) {
            expect((await run(noDefaultNamespace, obj(type, { name: "x" }))).outcome, type).to.equal("notApplicable");
        }
    });
    it("reads a token's group, kind and patch", () => {
        expect(kubernetesKind("kubernetes:networking.k8s.io/v1:NetworkPolicyPatch")).to.deep.equal({ group: "networking.k8s.io", kind: "NetworkPolicy", patch: true });
        expect(kubernetesKind("kubernetes:cert-manager.io/v1:Certificate")).to.deep.equal({ group: "cert-manager.io", kind: "Certificate", patch: false });
        expect(kubernetesKind("kubernetes:ec2.services.k8s.aws/v1alpha1:Patch")).to.deep.equal({ group: "ec2.services.k8s.aws", kind: "", patch: true });
        expect(kubernetesKind("kubernetes:core/v1:ConfigMap2")).to.deep.equal({ group: "core", kind: "ConfigMap2", patch: false });
    });
    it("rejects default and unset (empty) namespaces, on objects and Helm releases, with the setting to fix", async () => {
        const cm = "kubernetes:core/v1:ConfigMap";
        expect((await run(noDefaultNamespace, obj(cm, { name: "x", namespace: "" }))).reported).to.deep.equal(["ConfigMap x must set metadata.namespace (unset means default); use the team's namespace."]);
        expect((await run(noDefaultNamespace, obj(cm, undefined))).reported).to.deep.equal(["ConfigMap res must set metadata.namespace (unset means default); use the team's namespace."]);
        expect((await run(noDefaultNamespace, obj(cm, { name: C, namespace: "default" }))).reported).to.deep.equal(["ConfigMap res must not be created in the default namespace; set metadata.namespace to the team's namespace."]);
        const release = (inputs: Record<string, unknown>) => ({ type: "kubernetes:helm.sh/v3:Release", name: "res", inputs });
        expect((await run(noDefaultNamespace, release({ namespace: "" }))).reported).to.deep.equal(["Helm release res must set namespace (unset means default); use the team's namespace."]);
        expect((await run(noDefaultNamespace, release({ name: "x", namespace: "team-a", metadata: { namespace: "default" } }))).messages).to.deep.equal([]);
        expect((await run(noDefaultNamespace, release({ name: "x", metadata: { namespace: "team-a" } }))).reported).to.have.length(1);
        expect((await run(noDefaultNamespace, obj(cm, { name: "x", namespace: "Default" }))).messages).to.deep.equal([]);
    });
    it("rejects a patch that moves an object into default, and not one that leaves the namespace unset or empty", async () => {
        const patch = "kubernetes:core/v1:ConfigMapPatch";
        expect((await run(noDefaultNamespace, obj(patch, { name: "x", namespace: "default" }))).reported).to.deep.equal(["ConfigMap x must not be created in the default namespace; set metadata.namespace to the team's namespace."]);
        expect((await run(noDefaultNamespace, obj(patch, { name: "x", namespace: "" }))).messages).to.deep.equal([]);
        expect((await run(noDefaultNamespace, obj(patch, { name: "x" }))).outcome).to.equal("pass");
    });
    it("is mandatory on a Helm release without a namespace", async () => {
        const r = await run(noDefaultNamespace, { type: "kubernetes:helm.sh/v3:Release", name: "r", inputs: { name: "x" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

/** `labels: null` leaves metadata.labels unset. */
function namespace(name: string | undefined, labels: unknown = { [ENFORCE]: "restricted" }, resourceName = name ?? "team"): ResourceSpec {
    return { type: NS, name: resourceName, inputs: { metadata: { ...(name === undefined ? {} : { name }), ...(labels === null ? {} : { labels }) } } };
}

function denyAll(ns: unknown, spec: unknown = { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, extra: Partial<ResourceSpec> = {}): ResourceSpec {
    return { type: NP, name: `np-${String(ns)}`, inputs: { metadata: { name: "default-deny", namespace: ns }, spec }, ...extra };
}

const urnOf = (name: string) => `urn:pulumi:test::platform::${NS}::${name}`;
const DENY = (ns: string) => `namespace ${ns} must have a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no ingress or egress rules).`;
const UNLABELLED = (ns: string, level = "restricted") => `namespace ${ns} must set the label ${ENFORCE}: ${level}.`;
const BELOW = (ns: string, level: string, minimum = "restricted") => `namespace ${ns} enforces Pod Security level ${level}; set the label ${ENFORCE}: ${minimum}.`;

describe("namespace-guardrails, condition by condition", () => {
    it("exempts each system namespace by default", async () => {
        expect(DEFAULT_SYSTEM_NAMESPACES).to.deep.equal(["kube-system", "kube-public", "kube-node-lease", "default"]);
        for (const name of DEFAULT_SYSTEM_NAMESPACES) {
            expect((await run(namespaceGuardrails, [namespace(name, {})])).messages, name).to.deep.equal([]);
        }
        expect((await run(namespaceGuardrails, [namespace("kube-systemx", {})])).reported).to.have.length(2);
    });
    it("judges each level against each minimum", async () => {
        const cases: [string, string, boolean][] = [
            ["restricted", "restricted", true],
            ["baseline", "restricted", false],
            ["privileged", "restricted", false],
            ["restricted", "baseline", true],
            ["baseline", "baseline", true],
            ["privileged", "baseline", false],
        ];
        for (const [level, minimum, ok] of cases) {
            const r = await run(namespaceGuardrails, [namespace("team-a", { [ENFORCE]: level }), denyAll("team-a")], { minimumLevel: minimum });
            expect(r.reported, `${level} vs ${minimum}`).to.deep.equal(ok ? [] : [BELOW("team-a", level, minimum)]);
        }
    });
    it("takes a level it does not know for one below the minimum", async () => {
        expect((await run(namespaceGuardrails, [namespace("team-a", { [ENFORCE]: "Restricted" }), denyAll("team-a")])).reported).to.deep.equal([BELOW("team-a", "Restricted")]);
    });
    it("asks for the label when it is empty or the labels are unset, naming the configured minimum, on the Namespace", async () => {
        for (const labels of [{ [ENFORCE]: "" }, null, { "pod-security.kubernetes.io/warn": "restricted" }]) {
            const r = await run(namespaceGuardrails, [namespace("team-a", labels), denyAll("team-a")], { minimumLevel: "baseline" });
            expect(r.reported, JSON.stringify(labels)).to.deep.equal([UNLABELLED("team-a", "baseline")]);
            expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf("team-a")]);
        }
    });
    it("names an auto-named Namespace by its resource name, and does not exempt it by that name", async () => {
        const r = await run(namespaceGuardrails, [namespace(undefined, {}, "kube-system")]);
        expect(r.reported).to.deep.equal([UNLABELLED("kube-system"), DENY("kube-system")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf("kube-system"), urnOf("kube-system")]);
    });
    it("reads only Namespaces and NetworkPolicies of those exact types", async () => {
        const other = { ...denyAll("team-a"), type: "kubernetes:networking.k8s.io/v1:NetworkPolicyPatch" };
        expect((await run(namespaceGuardrails, [namespace("team-a"), other])).reported).to.deep.equal([DENY("team-a")]);
        expect((await run(namespaceGuardrails, [{ ...namespace("team-a", {}), type: "kubernetes:core/v1:NamespacePatch" }])).outcome).to.equal("notApplicable");
    });
    it("checks every namespace, each against its own policies", async () => {
        const r = await run(namespaceGuardrails, [namespace("team-a"), namespace("team-b"), denyAll("team-b")]);
        expect(r.reported).to.deep.equal([DENY("team-a")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([urnOf("team-a")]);
    });
    it("matches a policy whose namespace is known only after apply only when it refers to the Namespace", async () => {
        const linked = denyAll(C, undefined, { propertyDependencies: { metadata: [urnOf("team-a")] } });
        expect((await run(namespaceGuardrails, [namespace("team-a"), linked])).messages).to.deep.equal([]);
        const other = denyAll(C, undefined, { propertyDependencies: { metadata: [urnOf("team-b")] } });
        expect((await run(namespaceGuardrails, [namespace("team-a"), other])).reported).to.deep.equal([DENY("team-a")]);
        const known = denyAll("team-b", undefined, { propertyDependencies: { metadata: [urnOf("team-a")] } });
        expect((await run(namespaceGuardrails, [namespace("team-a"), known])).reported).to.deep.equal([DENY("team-a")]);
        const notDeny = denyAll(C, { podSelector: {}, policyTypes: ["Ingress"] }, { propertyDependencies: { metadata: [urnOf("team-a")] } });
        expect((await run(namespaceGuardrails, [namespace("team-a"), notDeny])).reported).to.deep.equal([DENY("team-a")]);
    });
    it("can't decide the Pod Security label before apply when the labels or the label are unknown (never a pass)", async () => {
        for (const [labels, path] of [[C, ".metadata.labels"], [{ [ENFORCE]: C }, `.metadata.labels.${ENFORCE}`]] as const) {
            const r = await run(namespaceGuardrails, [namespace("team-a", labels), denyAll("team-a")]);
            expect(r.outcome, path).to.equal("unknown");
            expect(r.findings.map((f) => f.enforcementLevel), path).to.deep.equal(["advisory"]);
            expect(r.messages[0], path).to.include(`value at ${path} can't be known during preview`);
        }
    });
    it("still reports a missing NetworkPolicy beside an unknown label", async () => {
        expect((await run(namespaceGuardrails, [namespace("team-a", { [ENFORCE]: C })])).reported).to.deep.equal([DENY("team-a")]);
    });
    it("names a Namespace by metadata.name over its resource name", async () => {
        expect((await run(namespaceGuardrails, [namespace("team-a", null, "ns-resource"), denyAll("team-a")])).reported).to.deep.equal([UNLABELLED("team-a")]);
    });
    it("does not count a policy without a namespace for an auto-named Namespace", async () => {
        const np = { type: NP, name: "np", inputs: { metadata: { name: "deny" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } } };
        expect((await run(namespaceGuardrails, [namespace(undefined, undefined, "team-c"), np])).reported).to.deep.equal([DENY("team-c")]);
    });
    it("says why it does not apply", async () => {
        expect(await checkOf(namespaceGuardrails, [denyAll("team-a")])).to.deep.equal({ outcome: "notApplicable", reason: "no Namespace in the stack" });
        expect(await checkOf(noDefaultNamespace, { type: "kubernetes:yaml/v2:ConfigGroup", inputs: {} })).to.deep.equal({ outcome: "notApplicable", reason: "applies to namespaced Kubernetes objects" });
        expect(await checkOf(noDefaultNamespace, { type: NS, inputs: {} })).to.deep.equal({ outcome: "notApplicable", reason: "Namespace is cluster-scoped" });
    });
    it("does not match an auto-named Namespace to a policy with a namespace of that resource name", async () => {
        expect((await run(namespaceGuardrails, [namespace(undefined, null, "team-c"), denyAll("team-c")])).reported).to.deep.equal([UNLABELLED("team-c"), DENY("team-c")]);
    });
});

describe("isDefaultDeny, condition by condition", () => {
    const base = () => ({ podSelector: {}, policyTypes: ["Ingress", "Egress"] }) as Record<string, unknown>;
    it("needs a pod selector that is an object selecting every pod", () => {
        expect(isDefaultDeny(base())).to.equal(true);
        expect(isDefaultDeny({ ...base(), podSelector: undefined })).to.equal(false);
        expect(isDefaultDeny({ ...base(), podSelector: "all" })).to.equal(false);
        expect(isDefaultDeny({ ...base(), podSelector: { matchLabels: { a: "b" } } })).to.equal(false);
        expect(isDefaultDeny({ ...base(), podSelector: { matchExpressions: [{ key: "a", operator: "Exists" }] } })).to.equal(false);
        expect(isDefaultDeny({ ...base(), podSelector: { matchExpressions: [], matchLabels: {} } })).to.equal(true);
        expect(isDefaultDeny({ ...base(), podSelector: { matchLabels: "a" } })).to.equal(true);
        expect(isDefaultDeny({ ...base(), podSelector: { matchExpressions: "a" } })).to.equal(true);
    });
    it("needs both policy types, known", () => {
        expect(isDefaultDeny({ ...base(), policyTypes: ["Egress"] })).to.equal(false);
        expect(isDefaultDeny({ ...base(), policyTypes: ["Ingress"] })).to.equal(false);
        expect(isDefaultDeny({ ...base(), policyTypes: UNKNOWN })).to.equal(false);
    });
    it("needs both rule lists empty or unset, known", () => {
        expect(isDefaultDeny({ ...base(), ingress: [], egress: [] })).to.equal(true);
        expect(isDefaultDeny({ ...base(), ingress: [{}] })).to.equal(false);
        expect(isDefaultDeny({ ...base(), egress: [{}] })).to.equal(false);
        expect(isDefaultDeny({ ...base(), ingress: UNKNOWN })).to.equal(false);
        expect(isDefaultDeny({ ...base(), egress: UNKNOWN })).to.equal(false);
    });
    it("needs an object", () => {
        expect(isDefaultDeny([base()])).to.equal(false);
        expect(isDefaultDeny(null)).to.equal(false);
    });
});
