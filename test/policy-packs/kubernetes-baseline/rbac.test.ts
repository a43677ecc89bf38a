import { expect } from "chai";
import { rbacLeastPrivilege, subjectId } from "../../../policy-packs/kubernetes-baseline/policies/rbac";
import type { ResourceSpec } from "../../support/policy";
import { run } from "./fixtures";

const GROUP = "kubernetes:rbac.authorization.k8s.io/v1";

function binding(kind: "ClusterRoleBinding" | "RoleBinding", role: string, subjects: unknown[], namespace?: string): ResourceSpec {
    return {
        type: `${GROUP}:${kind}`,
        inputs: { metadata: { name: "b", ...(namespace ? { namespace } : {}) }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role }, subjects },
    };
}

function role(rules: unknown[], kind = "Role"): ResourceSpec {
    return { type: `${GROUP}:${kind}`, inputs: { metadata: { name: "reader", namespace: "team-a" }, rules } };
}

const READ = { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] };
const ADMINS = { kind: "Group", name: "platform-admins", apiGroup: "rbac.authorization.k8s.io" };

describe("rbac-least-privilege", () => {
    it("passes a Role with explicit rules and a binding to it", async () => {
        expect((await run(rbacLeastPrivilege, role([READ]))).messages).to.deep.equal([]);
        expect((await run(rbacLeastPrivilege, binding("RoleBinding", "view", [ADMINS], "team-a"))).messages).to.deep.equal([]);
    });
    it("rejects cluster-admin for a subject not in clusterAdminSubjects", async () => {
        const r = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [ADMINS]));
        expect(r.reported).to.deep.equal(['ClusterRoleBinding b grants cluster-admin to Group:platform-admins; bind a narrower role, or list "Group:platform-admins" in clusterAdminSubjects.']);
        expect(r.findings[0].enforcementLevel).to.equal("mandatory");
        expect(r.findings[0].controls).to.deep.equal(["cis-eks:4.1.1", "cis-eks:4.1.3", "cis-eks:4.1.7", "cis-eks:4.1.8"]);
    });
    it("accepts cluster-admin for configured subjects only", async () => {
        const sa = { kind: "ServiceAccount", name: "argocd", namespace: "argocd" };
        const r = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [ADMINS, sa]), { clusterAdminSubjects: ["Group:platform-admins"] });
        expect(r.reported).to.deep.equal(['ClusterRoleBinding b grants cluster-admin to ServiceAccount:argocd/argocd; bind a narrower role, or list "ServiceAccount:argocd/argocd" in clusterAdminSubjects.']);
        const both = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [ADMINS, sa]), { clusterAdminSubjects: ["Group:platform-admins", "ServiceAccount:argocd/argocd"] });
        expect(both.messages).to.deep.equal([]);
    });
    it("rejects a RoleBinding of cluster-admin too", async () => {
        const r = await run(rbacLeastPrivilege, binding("RoleBinding", "cluster-admin", [{ kind: "User", name: "alice" }], "team-a"));
        expect(r.reported).to.deep.equal(['RoleBinding b grants cluster-admin to User:alice; bind a narrower role, or list "User:alice" in clusterAdminSubjects.']);
    });
    it("rejects binding the system:masters group", async () => {
        const r = await run(rbacLeastPrivilege, binding("RoleBinding", "view", [{ kind: "Group", name: "system:masters" }], "team-a"));
        expect(r.reported).to.deep.equal(["RoleBinding b must not bind the group system:masters; its members bypass RBAC authorization entirely, remove the subject."]);
    });
    it("rejects wildcards in verbs, resources or apiGroups, naming each", async () => {
        expect((await run(rbacLeastPrivilege, role([{ ...READ, verbs: ["*"] }]))).reported).to.deep.equal([
            'Role reader rules[0] must not use "*" in verbs; list exactly the verbs it needs.',
        ]);
        expect((await run(rbacLeastPrivilege, role([READ, { apiGroups: ["*"], resources: ["*"], verbs: ["get"] }], "ClusterRole"))).reported).to.deep.equal([
            'ClusterRole reader rules[1] must not use "*" in resources and apiGroups; list exactly the resources and apiGroups it needs.',
        ]);
    });
    it("rejects a ClusterRole with \"*\" in nonResourceURLs and passes one naming /metrics", async () => {
        const metrics = { nonResourceURLs: ["/metrics"], verbs: ["get"] };
        expect((await run(rbacLeastPrivilege, role([metrics], "ClusterRole"))).messages).to.deep.equal([]);
        expect((await run(rbacLeastPrivilege, role([{ ...metrics, nonResourceURLs: ["*"] }], "ClusterRole"))).reported).to.deep.equal([
            'ClusterRole reader rules[0] must not use "*" in nonResourceURLs; list exactly the nonResourceURLs it needs.',
        ]);
    });
    it("rejects bind, escalate and impersonate", async () => {
        const r = await run(rbacLeastPrivilege, role([{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles"], verbs: ["get", "escalate", "bind"] }]));
        expect(r.reported).to.deep.equal(["Role reader rules[0] must not grant bind and escalate; they let a subject raise its own privileges, remove them."]);
    });
    it("reports a cluster-admin subject known only after apply as advisory", async () => {
        const r = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [{ kind: "ServiceAccount", name: "<computed>", namespace: "ops" }]));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("rejects a ClusterRoleBinding whose roleRef names cluster-admin without a kind (a patch), and passes a namespaced Role of that name", async () => {
        const crb = binding("ClusterRoleBinding", "cluster-admin", [{ kind: "User", name: "alice" }]);
        const patch = { ...crb, type: `${GROUP}:ClusterRoleBindingPatch`, inputs: { ...crb.inputs, roleRef: { name: "cluster-admin" } } };
        const r = await run(rbacLeastPrivilege, patch);
        expect(r.reported).to.deep.equal(['ClusterRoleBinding b grants cluster-admin to User:alice; bind a narrower role, or list "User:alice" in clusterAdminSubjects.']);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
        const rb = binding("RoleBinding", "cluster-admin", [{ kind: "User", name: "alice" }], "team-a");
        const ownRole = { ...rb, inputs: { ...rb.inputs, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cluster-admin" } } };
        expect((await run(rbacLeastPrivilege, ownRole)).messages).to.deep.equal([]);
    });
    it("leaves a roleRef kind known only after apply to apply, and still reports system:masters beside it", async () => {
        const crb = binding("ClusterRoleBinding", "cluster-admin", [{ kind: "User", name: "alice" }]);
        const computed = { ...crb, inputs: { ...crb.inputs, roleRef: { name: "cluster-admin", kind: "<computed>" } } };
        expect((await run(rbacLeastPrivilege, computed)).findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        const masters = { ...computed, inputs: { ...computed.inputs, subjects: [{ kind: "Group", name: "system:masters" }] } };
        expect((await run(rbacLeastPrivilege, masters)).reported).to.deep.equal([
            "ClusterRoleBinding b must not bind the group system:masters; its members bypass RBAC authorization entirely, remove the subject.",
        ]);
    });
    it("rejects cluster-admin for a ServiceAccount whose namespace is known only after apply, unless a ServiceAccount of that name is listed", async () => {
        const sa = { kind: "ServiceAccount", name: "ci", namespace: "<computed>" };
        const r = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [sa]));
        expect(r.reported).to.deep.equal([
            "ClusterRoleBinding b grants cluster-admin to ServiceAccount ci in a namespace known only after apply, and no ServiceAccount:<namespace>/ci is listed in clusterAdminSubjects; bind a narrower role, or list the ServiceAccount with its namespace.",
        ]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
        const listed = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [sa]), { clusterAdminSubjects: ["ServiceAccount:tools/ci"] });
        expect(listed.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'rbac-least-privilege' from policy pack 'test-pack@v0.0.0' during preview: string value at .subjects.0.namespace can't be known during preview"],
        ]);
    });
    it("rejects cluster-admin for a ServiceAccount without a namespace, and reads a RoleBinding's unset namespace as default", async () => {
        const r = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", "cluster-admin", [{ kind: "ServiceAccount", name: "ci" }]));
        expect(r.reported).to.deep.equal([
            "ClusterRoleBinding b grants cluster-admin to ServiceAccount ci in no namespace, and no ServiceAccount:<namespace>/ci is listed in clusterAdminSubjects; bind a narrower role, or list the ServiceAccount with its namespace.",
        ]);
        const rb = await run(rbacLeastPrivilege, binding("RoleBinding", "cluster-admin", [{ kind: "ServiceAccount", name: "ci" }]));
        expect(rb.reported).to.deep.equal(['RoleBinding b grants cluster-admin to ServiceAccount:default/ci; bind a narrower role, or list "ServiceAccount:default/ci" in clusterAdminSubjects.']);
    });
    it("checks RBAC patches and other API versions", async () => {
        const r = await run(rbacLeastPrivilege, { ...role([{ ...READ, verbs: ["*"] }]), type: `${GROUP}:RolePatch` });
        expect(r.reported).to.have.length(1);
    });
    it("is not applicable to other kinds", async () => {
        expect((await run(rbacLeastPrivilege, { type: "kubernetes:core/v1:ServiceAccount", inputs: {} })).outcome).to.equal("notApplicable");
    });
    it("names subjects as clusterAdminSubjects lists them", () => {
        expect(subjectId({ kind: "ServiceAccount", name: "ci" }, "tools")).to.equal("ServiceAccount:tools/ci");
        expect(subjectId({ kind: "User", name: "alice" }, undefined)).to.equal("User:alice");
        expect(subjectId({ kind: "ServiceAccount", name: "ci" }, undefined)).to.equal(undefined);
    });
});
