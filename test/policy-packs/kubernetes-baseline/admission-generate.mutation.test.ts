import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import {
    ADMISSION_MODES,
    ADMISSION_RULES,
    admissionPolicies,
    celList,
    celString,
    containerCheck,
    GeneratedAdmissionPolicy,
    loadKubernetesBaselineConfig,
    POD_VARIABLES,
    resourceRulesFor,
    SPEC_CHANGED,
} from "../../../policy-packs/kubernetes-baseline/admission";
import { admissionPoliciesEnforced } from "../../../policy-packs/kubernetes-baseline/admission/policy";
import type { PackConfigFile } from "../../../tools/policy/config";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { planResource, ResourceSpec } from "../../support/policy";
import { admit, asKind, compile, evaluatePodValidations, variablesOf } from "./admission-harness";
import { deployment, run } from "./fixtures";

/**
 * The generator and the admission-policies-enforced stack rule, one condition at a time (issue
 * #15): the exact structure the API server reads (match constraints per target, match conditions,
 * variables, failurePolicy, binding actions and namespace exemptions), the CEL building blocks
 * evaluated with cel-js, and each branch of the stack rule.
 */

const ALL_OPS = ["CREATE", "UPDATE"];
const POD_RULES = [
    { apiGroups: [""], apiVersions: ["v1"], operations: ALL_OPS, resources: ["pods", "pods/ephemeralcontainers", "replicationcontrollers"] },
    { apiGroups: ["apps"], apiVersions: ["v1"], operations: ALL_OPS, resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
    { apiGroups: ["batch"], apiVersions: ["v1"], operations: ALL_OPS, resources: ["jobs", "cronjobs"] },
];

function generate(packConfig: PackConfigFile = {}, mode: "deny" | "warn" = "deny", platformNamespaces?: string[], kubernetesVersion = "1.33"): GeneratedAdmissionPolicy[] {
    return admissionPolicies({ kubernetesVersion, packConfig, mode, ...(platformNamespaces ? { platformNamespaces } : {}) });
}
const byPolicy = (all: GeneratedAdmissionPolicy[], name: string): GeneratedAdmissionPolicy => {
    const g = all.find((x) => x.packPolicy === name);
    if (!g) {
        throw new Error(`no admission policy for ${name}`);
    }
    return g;
};

describe("admission generator: match constraints per target", () => {
    it("pod-carrying kinds: core pods (with the ephemeral-container subresource) and replication controllers, apps and batch workloads, on create and update", () => {
        expect(resourceRulesFor("workloads")).to.deep.equal(POD_RULES);
    });
    it("long-running: Deployments, StatefulSets and DaemonSets only", () => {
        expect(resourceRulesFor("long-running")).to.deep.equal([{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ALL_OPS, resources: ["deployments", "statefulsets", "daemonsets"] }]);
    });
    it("workloads and service accounts: ServiceAccounts join the core group's rule", () => {
        expect(resourceRulesFor("workloads-and-service-accounts")).to.deep.equal([{ ...POD_RULES[0], resources: [...POD_RULES[0].resources, "serviceaccounts"] }, POD_RULES[1], POD_RULES[2]]);
        // The shared table is not changed by it.
        expect(resourceRulesFor("workloads")[0].resources).to.deep.equal(["pods", "pods/ephemeralcontainers", "replicationcontrollers"]);
    });
    it("Services and Namespaces: the core group's kind alone", () => {
        expect(resourceRulesFor("services")).to.deep.equal([{ apiGroups: [""], apiVersions: ["v1"], operations: ALL_OPS, resources: ["services"] }]);
        expect(resourceRulesFor("namespaces")).to.deep.equal([{ apiGroups: [""], apiVersions: ["v1"], operations: ALL_OPS, resources: ["namespaces"] }]);
    });
    it("each generated policy matches its rule's target", () => {
        const all = generate();
        expect(byPolicy(all, "no-privileged").policy.spec.matchConstraints.resourceRules).to.deep.equal(POD_RULES);
        expect(byPolicy(all, "probes").policy.spec.matchConstraints.resourceRules).to.deep.equal(resourceRulesFor("long-running"));
        expect(byPolicy(all, "service-account-token").policy.spec.matchConstraints.resourceRules).to.deep.equal(resourceRulesFor("workloads-and-service-accounts"));
        expect(byPolicy(all, "lb-services-internal").policy.spec.matchConstraints.resourceRules).to.deep.equal(resourceRulesFor("services"));
        expect(byPolicy(all, "namespace-guardrails").policy.spec.matchConstraints.resourceRules).to.deep.equal(resourceRulesFor("namespaces"));
    });
});

describe("admission generator: the documents", () => {
    it("a pod policy: name, labels, annotations, failurePolicy Fail, the spec-changed condition, the pod variables, Forbidden validations", () => {
        const g = byPolicy(generate({}, "deny", [], "v1.33.4-eks-1234567"), "no-default-namespace");
        const labels = { "app.kubernetes.io/managed-by": "pulumi", "platform/policy-pack": "kubernetes-baseline", "platform/policy": "no-default-namespace" };
        expect(g.policy).to.deep.equal({
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicy",
            metadata: { name: "platform-no-default-namespace", labels, annotations: { "platform/kubernetes-version": "1.33", "platform/enforcement-level": "mandatory" } },
            spec: {
                failurePolicy: "Fail",
                matchConstraints: { resourceRules: POD_RULES },
                matchConditions: [{ name: "create-or-spec-changed", expression: SPEC_CHANGED.expression }],
                variables: POD_VARIABLES,
                validations: [{ expression: "request.namespace != 'default'", message: "no-default-namespace: workloads must not run in the default namespace; use the team's namespace.", reason: "Forbidden" }],
            },
        });
        expect(g.binding).to.deep.equal({
            apiVersion: "admissionregistration.k8s.io/v1",
            kind: "ValidatingAdmissionPolicyBinding",
            metadata: { name: "platform-no-default-namespace", labels },
            spec: { policyName: "platform-no-default-namespace", validationActions: ["Deny"] },
        });
        expect(g.packPolicy).to.equal("no-default-namespace");
        expect(g.enforcementLevel).to.equal("mandatory");
        expect(g.exemptNamespaces).to.deep.equal([]);
    });
    it("Services and Namespaces: no match condition and no variables (they carry no pod)", () => {
        const all = generate();
        for (const name of ["lb-services-internal", "namespace-guardrails"]) {
            expect(Object.keys(byPolicy(all, name).policy.spec), name).to.deep.equal(["failurePolicy", "matchConstraints", "validations"]);
        }
        for (const name of ["probes", "service-account-token", "no-privileged"]) {
            expect(Object.keys(byPolicy(all, name).policy.spec), name).to.deep.equal(["failurePolicy", "matchConstraints", "matchConditions", "variables", "validations"]);
        }
    });
    it("keeps a messageExpression where the validation has one, and none where it has not", () => {
        const all = generate();
        const [v] = byPolicy(all, "no-privileged").policy.spec.validations;
        expect(Object.keys(v)).to.deep.equal(["expression", "message", "messageExpression", "reason"]);
        expect(v.messageExpression).to.contain("failing containers: ");
        expect(byPolicy(all, "lb-services-internal").policy.spec.validations.map((x) => Object.keys(x))).to.deep.equal([
            ["expression", "message", "reason"],
            ["expression", "message", "reason"],
        ]);
    });
    it("binds mandatory rules with Deny and advisory ones with Warn and Audit in deny mode; everything with Warn and Audit in warn mode", () => {
        const config: PackConfigFile = { "no-privileged": "mandatory", probes: "advisory" };
        expect(byPolicy(generate(config, "deny"), "no-privileged").binding.spec.validationActions).to.deep.equal(["Deny"]);
        expect(byPolicy(generate(config, "deny"), "probes").binding.spec.validationActions).to.deep.equal(["Warn", "Audit"]);
        expect(byPolicy(generate(config, "warn"), "no-privileged").binding.spec.validationActions).to.deep.equal(["Warn", "Audit"]);
        expect(byPolicy(generate(config, "warn"), "no-privileged").validationActions).to.deep.equal(["Warn", "Audit"]);
        expect(byPolicy(generate(config, "warn"), "probes").binding.spec.validationActions).to.deep.equal(["Warn", "Audit"]);
    });
    it("accepts the modes deny and warn (platform:admissionPolicies.mode), and no other", () => {
        expect(ADMISSION_MODES).to.deep.equal(["deny", "warn"]);
    });
    it("leaves out a policy the configuration disables, and only it", () => {
        const names = generate({ "no-privileged": "disabled" }).map((g) => g.packPolicy);
        expect(names).to.not.include("no-privileged");
        expect(names).to.include("no-hostpath");
        expect(generate().map((g) => g.packPolicy)).to.include("no-privileged");
    });
    it("leaves out a rule with no validation at the version (proc-mount-restricted before 1.35)", () => {
        expect(generate({}, "deny", [], "1.34").map((g) => g.packPolicy)).to.not.include("proc-mount-restricted");
        expect(byPolicy(generate({}, "deny", [], "1.35"), "proc-mount-restricted").policy.spec.validations.length).to.equal(1);
    });
});

describe("admission generator: namespace exemptions", () => {
    const selector = (values: string[]) => ({ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values }] } });

    it("a Pod Security rule: the pack's default exclusion (kube-system) when the config names none", () => {
        const g = byPolicy(generate(), "no-privileged");
        expect(g.exemptNamespaces).to.deep.equal(["kube-system"]);
        expect(g.binding.spec.matchResources).to.deep.equal(selector(["kube-system"]));
    });
    it("the configured excludedNamespaces, sorted and without duplicates, and not the platform's namespaces", () => {
        const g = byPolicy(generate({ "no-privileged": { excludedNamespaces: ["zeta", "alpha", "zeta"] } }, "deny", ["monitoring"]), "no-privileged");
        expect(g.exemptNamespaces).to.deep.equal(["alpha", "zeta"]);
        expect(g.binding.spec.matchResources).to.deep.equal(selector(["alpha", "zeta"]));
    });
    it("an empty excludedNamespaces exempts nothing: no matchResources at all", () => {
        const g = byPolicy(generate({ "no-privileged": { excludedNamespaces: [] } }), "no-privileged");
        expect(g.exemptNamespaces).to.deep.equal([]);
        expect(Object.keys(g.binding.spec)).to.deep.equal(["policyName", "validationActions"]);
    });
    it("rules beyond Pod Security: the platform's namespaces, merged with the configured exclusions where the rule has them", () => {
        const all = generate({ "read-only-root-fs": { excludedNamespaces: ["team-x", "monitoring"] } }, "deny", ["monitoring", "kyverno", "monitoring"]);
        expect(byPolicy(all, "image-pinned").exemptNamespaces).to.deep.equal(["kyverno", "monitoring"]);
        expect(byPolicy(all, "read-only-root-fs").exemptNamespaces).to.deep.equal(["kyverno", "monitoring", "team-x"]);
        // Neither kind of exemption: judged everywhere.
        expect(byPolicy(all, "lb-services-internal").exemptNamespaces).to.deep.equal([]);
        expect(byPolicy(all, "no-default-namespace").exemptNamespaces).to.deep.equal([]);
    });
    it("no platform namespaces given: none exempt", () => {
        expect(byPolicy(generate(), "image-pinned").exemptNamespaces).to.deep.equal([]);
    });
});

describe("admission generator: an update that leaves the spec alone", () => {
    const g = () => byPolicy(generate(), "service-account-token");
    const bad = deployment((_d, p) => (p.serviceAccountName = "default")).inputs as Record<string, any>;

    it("judges a create", () => {
        expect(admit(g(), bad).failures.length).to.equal(1);
    });
    it("skips an update with the same spec, judges one that changes it", () => {
        expect(admit(g(), bad, { operation: "UPDATE", oldObject: bad }).applies).to.equal(false);
        const changed = { ...bad, spec: { ...bad.spec, replicas: 3 } };
        expect(admit(g(), changed, { operation: "UPDATE", oldObject: bad }).failures.length).to.equal(1);
    });
    it("judges every update of an object without a spec (a ServiceAccount), and an update from an object without one", () => {
        const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "api", namespace: "team-a" }, automountServiceAccountToken: true };
        expect(admit(g(), sa, { operation: "UPDATE", oldObject: sa }).failures.length).to.equal(1);
        expect(admit(g(), bad, { operation: "UPDATE", oldObject: { metadata: bad.metadata } }).failures.length).to.equal(1);
    });
    it("is the expression the API server reads", () => {
        expect(SPEC_CHANGED).to.deep.equal({ name: "create-or-spec-changed", expression: "request.operation != 'UPDATE' || !has(object.spec) || !has(oldObject.spec) || object.spec != oldObject.spec" });
    });
});

describe("admission generator: errors", () => {
    it("refuses a version it cannot read, and one before 1.30; accepts 1.30", () => {
        const msg = (v: string) => `kubernetesVersion: ${JSON.stringify(v)} is not a Kubernetes version ValidatingAdmissionPolicy v1 with CEL optional types serves; use 1.30 or newer`;
        expect(() => generate({}, "deny", [], "latest")).to.throw(msg("latest"));
        expect(() => generate({}, "deny", [], "1.29")).to.throw(msg("1.29"));
        expect(byPolicy(generate({}, "deny", [], "1.30"), "no-privileged").policy.metadata.annotations["platform/kubernetes-version"]).to.equal("1.30");
    });
    it("refuses an admission rule that names no pack policy", () => {
        ADMISSION_RULES.push({ policy: "no-such-rule", expressible: "yes", target: "workloads", validations: () => [] });
        try {
            expect(() => generate()).to.throw("admission rule no-such-rule names no policy of kubernetes-baseline");
        } finally {
            ADMISSION_RULES.pop();
        }
    });
    it("loads <root>/<profile>/kubernetes-baseline.json, and names the setting and the missing file otherwise", () => {
        const root = mkdtempSync(path.join(tmpdir(), "adm-config-"));
        try {
            mkdirSync(path.join(root, "qa"));
            writeFileSync(path.join(root, "qa", "kubernetes-baseline.json"), JSON.stringify({ probes: "mandatory" }));
            expect(loadKubernetesBaselineConfig("qa", root)).to.deep.equal({ probes: "mandatory" });
            expect(() => loadKubernetesBaselineConfig("uat", root)).to.throw(
                `platform:policyProfile: "uat" has no ${path.relative(process.cwd(), path.join(root, "uat", "kubernetes-baseline.json"))}; the admission policies are generated from it`,
            );
        } finally {
            rmSync(root, { recursive: true, force: true });
        }
    });
});

describe("admission CEL building blocks", () => {
    it("celString quotes a value CEL reads back unchanged, quotes and backslashes included", () => {
        for (const s of ["plain", "it's", "a\\b", "\\'", "two '' quotes \\\\ and slashes"]) {
            expect(compile(celString(s))({}), s).to.equal(s);
        }
        expect(celString("a'b\\c")).to.equal("'a\\'b\\\\c'");
    });
    it("celList is a CEL list of those strings", () => {
        expect(compile(celList(["a", "b'c"]))({})).to.deep.equal(["a", "b'c"]);
        expect(celList([])).to.equal("[]");
        expect(celList(["a", "b"])).to.equal("['a', 'b']");
    });
    it("containerCheck: every container must pass; the message names each failing container", () => {
        const v = containerCheck("x", "c.name.startsWith('ok')", "x: bad names");
        expect(v.message).to.equal("x: bad names.");
        const pod = { spec: { containers: [{ name: "ok-1" }, { name: "bad-1" }], initContainers: [{ name: "bad-2" }], ephemeralContainers: [{ name: "bad-3" }] } };
        expect(evaluatePodValidations([v], asKind("Pod", pod))).to.deep.equal([{ check: "x", message: "x: bad names; failing containers: bad-1, bad-2, bad-3" }]);
        expect(evaluatePodValidations([v], asKind("Pod", { spec: { containers: [{ name: "ok-1" }] } }))).to.deep.equal([]);
    });
    it("containerCheck over another container list", () => {
        const v = containerCheck("x", "c.name == 'ok'", "x", "variables.podSpec.containers");
        expect(evaluatePodValidations([v], asKind("Pod", { spec: { containers: [{ name: "ok" }], initContainers: [{ name: "bad" }] } }))).to.deep.equal([]);
    });

    describe("the pod variables", () => {
        const pod = { metadata: { annotations: { a: "b" } }, spec: { containers: [{ name: "c" }], initContainers: [{ name: "i" }], ephemeralContainers: [{ name: "e" }] } };
        for (const kind of ["Pod", "Deployment", "Job", "CronJob", "ReplicationController"]) {
            it(`${kind}: the pod spec and metadata where the kind keeps them, every container`, () => {
                const v = variablesOf(asKind(kind, pod));
                expect(v.podSpec).to.deep.equal(pod.spec);
                expect((v.podMeta as Record<string, unknown>).annotations).to.deep.equal({ a: "b" });
                expect((v.containers as { name: string }[]).map((c) => c.name)).to.deep.equal(["c", "i", "e"]);
            });
        }
        for (const kind of ["Deployment", "CronJob"]) {
            it(`${kind} without template metadata: empty metadata, not an error`, () => {
                const obj = asKind(kind, { spec: { containers: [{ name: "c" }] } });
                delete (kind === "CronJob" ? obj.spec.jobTemplate.spec.template : obj.spec.template).metadata;
                expect(variablesOf(obj).podMeta).to.deep.equal({});
            });
        }
        it("a pod with containers only: the containers", () => {
            expect((variablesOf(asKind("Pod", { spec: { containers: [{ name: "c" }] } })).containers as unknown[]).length).to.equal(1);
        });
    });
});

describe("admission-policies-enforced, condition by condition", () => {
    const VAP = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
    const BINDING = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";
    const CLUSTER: ResourceSpec = { type: "aws:eks/cluster:Cluster", name: "cluster", inputs: { name: "cluster" } };
    const NONE = "the stack has an EKS cluster but no ValidatingAdmissionPolicy generated from kubernetes-baseline; create the AdmissionPolicies component for the cluster.";
    const warnsOnly = (n: string) => `ValidatingAdmissionPolicy ${n} enforces a mandatory rule but its binding only warns and audits; set platform:admissionPolicies.mode: deny (the default).`;
    const unbound = (n: string) => `ValidatingAdmissionPolicy ${n} has no ValidatingAdmissionPolicyBinding; without one it judges nothing.`;

    const vap = (name: unknown, level = "mandatory", pack = "kubernetes-baseline"): ResourceSpec => ({
        type: VAP,
        name: typeof name === "string" ? name : "computed",
        inputs: { metadata: { name, labels: { "platform/policy-pack": pack }, annotations: { "platform/enforcement-level": level } }, spec: {} },
    });
    const binding = (policyName: string, validationActions: unknown, name = `${policyName}-binding`): ResourceSpec => ({ type: BINDING, name, inputs: { metadata: { name }, spec: { policyName, validationActions } } });

    it("applies to a stack with a pulumi/eks cluster too", async () => {
        const r = await run(admissionPoliciesEnforced, [{ type: "eks:index:Cluster", name: "c", inputs: {} }]);
        expect(r.reported).to.deep.equal([NONE]);
    });
    it("does not count policies of another pack, or without the pack label", async () => {
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-x", "mandatory", "other"), binding("platform-x", ["Deny"])])).reported).to.deep.equal([NONE]);
        const unlabelled: ResourceSpec = { type: VAP, name: "u", inputs: { metadata: { name: "u" }, spec: {} } };
        expect((await run(admissionPoliciesEnforced, [CLUSTER, unlabelled])).reported).to.deep.equal([NONE]);
    });
    it("passes a mandatory policy bound with Deny", async () => {
        const r = await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), binding("platform-a", ["Deny"])]);
        expect(r.reported).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("flags a mandatory policy bound with Warn and Audit, on the policy's URN", async () => {
        const p = vap("platform-a");
        const r = await run(admissionPoliciesEnforced, [CLUSTER, p, binding("platform-a", ["Warn", "Audit"])]);
        expect(r.reported).to.deep.equal([warnsOnly("platform-a")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([`urn:pulumi:test::platform::${VAP}::platform-a`]);
    });
    it("accepts Warn and Audit for an advisory policy, or with requireDeny: false; flags them with requireDeny: true", async () => {
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a", "advisory"), binding("platform-a", ["Warn", "Audit"])])).reported).to.deep.equal([]);
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), binding("platform-a", ["Warn"])], { requireDeny: false })).reported).to.deep.equal([]);
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), binding("platform-a", ["Warn"])], { requireDeny: true })).reported).to.deep.equal([warnsOnly("platform-a")]);
    });
    it("a policy with no annotation is not mandatory", async () => {
        const p: ResourceSpec = { type: VAP, name: "platform-a", inputs: { metadata: { name: "platform-a", labels: { "platform/policy-pack": "kubernetes-baseline" } }, spec: {} } };
        expect((await run(admissionPoliciesEnforced, [CLUSTER, p, binding("platform-a", ["Warn"])])).reported).to.deep.equal([]);
    });
    it("is satisfied when one of several bindings denies", async () => {
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), binding("platform-a", ["Warn"], "b1"), binding("platform-a", ["Deny"], "b2")])).reported).to.deep.equal([]);
    });
    it("takes actions unknown until apply as denying (the component sets them from the mode)", async () => {
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), binding("platform-a", "<computed>")])).reported).to.deep.equal([]);
    });
    it("a binding without actions does not deny", async () => {
        const b: ResourceSpec = { type: BINDING, name: "b", inputs: { spec: { policyName: "platform-a" } } };
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), b])).reported).to.deep.equal([warnsOnly("platform-a")]);
    });
    it("flags each policy without a binding, and does not count another policy's binding", async () => {
        const r = await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), vap("platform-b"), binding("platform-b", ["Deny"])]);
        expect(r.reported).to.deep.equal([unbound("platform-a")]);
        expect(r.findings.map((f) => f.urn)).to.deep.equal([`urn:pulumi:test::platform::${VAP}::platform-a`]);
    });
    it("does not take a binding for a policy, even with the pack's label", async () => {
        const labelled: ResourceSpec = { type: BINDING, name: "b", inputs: { metadata: { name: "platform-a-binding", labels: { "platform/policy-pack": "kubernetes-baseline" } }, spec: { policyName: "platform-a", validationActions: ["Deny"] } } };
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), labelled])).reported).to.deep.equal([]);
    });
    it("does not take another kind's policyName for a binding (a MutatingAdmissionPolicyBinding binds no validating policy)", async () => {
        const mutating: ResourceSpec = { type: "kubernetes:admissionregistration.k8s.io/v1beta1:MutatingAdmissionPolicyBinding", name: "m", inputs: { metadata: { name: "m" }, spec: { policyName: "platform-a", validationActions: ["Deny"] } } };
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("platform-a"), mutating])).reported).to.deep.equal([unbound("platform-a")]);
    });
    it("skips a policy whose name is unknown until apply (its binding names it the same way)", async () => {
        expect((await run(admissionPoliciesEnforced, [CLUSTER, vap("<computed>"), vap("platform-b"), binding("platform-b", ["Deny"])])).reported).to.deep.equal([]);
    });
    it("is not applicable without a cluster, whatever else the stack holds, and says why", async () => {
        const r = await run(admissionPoliciesEnforced, [vap("platform-a")]);
        expect(r.outcome).to.equal("notApplicable");
        const e = await evaluatePack({ name: "p", version: "0.0.0", enforcementLevel: "mandatory", policies: [admissionPoliciesEnforced] }, [planResource(vap("platform-a"))], {});
        expect(e.checks.map((x) => x.reason)).to.deep.equal(["no EKS cluster in the stack"]);
    });
});
