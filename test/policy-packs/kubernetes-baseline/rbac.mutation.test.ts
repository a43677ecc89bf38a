import { expect } from "chai";
import { ESCALATION_VERBS, rbacLeastPrivilege, rbacSecretsAccess, roleId, SECRET_READ_VERBS, subjectId } from "../../../policy-packs/kubernetes-baseline/policies/rbac";
import type { PolicyRun, ResourceSpec } from "../../support/policy";
import { checkOf, run } from "./fixtures";

/**
 * RBAC rules one condition at a time (issue #15): each kind and API version the rules read, each
 * verb of the escalation and Secret-reading lists, each wildcard key, each part of a subject and a
 * roleRef, and each value unknown until apply, which must leave the rule undecided (advisory "can't
 * run during preview"), never a silent pass. rbac.test.ts and rbac-secrets.test.ts describe the rules.
 */

const GROUP = "kubernetes:rbac.authorization.k8s.io/v1";
const C = "<computed>";

const levels = (r: PolicyRun) => r.findings.map((f) => f.enforcementLevel);

/** The run ended undecided: one advisory "can't run during preview" naming the unknown value's path. */
function undecided(r: PolicyRun, path: string): void {
    expect(r.outcome).to.equal("unknown");
    expect(levels(r)).to.deep.equal(["advisory"]);
    expect(r.messages[0]).to.include(`value at ${path} can't be known during preview`);
}

function binding(kind: string, inputs: Record<string, unknown>, name = "b"): ResourceSpec {
    return { type: `${GROUP}:${kind}`, name, inputs };
}

const crb = (subjects: unknown, roleRef: unknown = { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }) =>
    binding("ClusterRoleBinding", { metadata: { name: "b" }, roleRef, subjects });
const rb = (subjects: unknown, namespace?: unknown, roleRef: unknown = { kind: "ClusterRole", name: "cluster-admin" }) =>
    binding("RoleBinding", { metadata: { name: "b", ...(namespace === undefined ? {} : { namespace }) }, roleRef, subjects });

const ALICE = { kind: "User", name: "alice" };
const grants = (what: string, id: string) => `${what} grants cluster-admin to ${id}; bind a narrower role, or list "${id}" in clusterAdminSubjects.`;
const noNs = (what: string, name: string, shown: string) =>
    `${what} grants cluster-admin to ServiceAccount ${name} in ${shown}, and no ServiceAccount:<namespace>/${name} is listed in clusterAdminSubjects; bind a narrower role, or list the ServiceAccount with its namespace.`;

describe("rbac-least-privilege, condition by condition", () => {
    describe("which resources", () => {
        it("checks each of the four kinds, their patches and any API version", async () => {
            const wildcard = { rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["*"] }], metadata: { name: "r" } };
            for (const type of [`${GROUP}:Role`, `${GROUP}:ClusterRole`, `${GROUP}:RolePatch`, `${GROUP}:ClusterRolePatch`, "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRole"]) {
                expect((await run(rbacLeastPrivilege, { type, inputs: wildcard })).reported, type).to.have.length(1);
            }
            for (const kind of ["ClusterRoleBinding", "RoleBinding", "ClusterRoleBindingPatch", "RoleBindingPatch"]) {
                expect((await run(rbacLeastPrivilege, binding(kind, { metadata: { name: "b", namespace: "x" }, roleRef: { name: "cluster-admin" }, subjects: [ALICE] }))).reported, kind).to.have.length(1);
            }
        });
        it("is not applicable to anything else, nor to look-alike tokens", async () => {
            for (const type of [
                `${GROUP}:RoleBindingList`,
                `${GROUP}:ClusterRoleList`,
                "kubernetes:rbac.authorization.k8s.io/:Role",
                "kubernetes:rbac.authorization.k8s.io/V1:Role",
                "kubernetes:rbacXauthorization.k8s.io/v1:Role",
                "xkubernetes:rbac.authorization.k8s.io/v1:Role",
                `${GROUP}:Role `,
                "kubernetes:core/v1:Role",
            ]) {
                expect((await run(rbacLeastPrivilege, { type, inputs: { rules: [{ verbs: ["*"] }] } })).outcome, type).to.equal("notApplicable");
            }
        });
        it("names the object by metadata.name, else by its resource name", async () => {
            const r = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", { roleRef: { name: "cluster-admin" }, subjects: [ALICE] }, "admins"));
            expect(r.reported).to.deep.equal([grants("ClusterRoleBinding admins", "User:alice")]);
            const computed = await run(rbacLeastPrivilege, binding("ClusterRoleBinding", { metadata: { name: C }, roleRef: { name: "cluster-admin" }, subjects: [ALICE] }, "admins"));
            expect(computed.reported).to.deep.equal([grants("ClusterRoleBinding admins", "User:alice")]);
        });
    });

    describe("roles", () => {
        const role = (rules: unknown) => ({ type: `${GROUP}:ClusterRole`, inputs: { metadata: { name: "r" }, rules } });
        it("rejects each escalation verb on its own", async () => {
            expect(ESCALATION_VERBS).to.deep.equal(["bind", "escalate", "impersonate"]);
            for (const verb of ESCALATION_VERBS) {
                expect((await run(rbacLeastPrivilege, role([{ apiGroups: [""], resources: ["users"], verbs: ["get", verb] }]))).reported, verb).to.deep.equal([
                    `ClusterRole r rules[0] must not grant ${verb}; they let a subject raise its own privileges, remove them.`,
                ]);
            }
        });
        it("names all three escalation verbs in order", async () => {
            expect((await run(rbacLeastPrivilege, role([{ apiGroups: [""], resources: ["users"], verbs: ["impersonate", "escalate", "bind"] }]))).reported).to.deep.equal([
                "ClusterRole r rules[0] must not grant bind, escalate and impersonate; they let a subject raise its own privileges, remove them.",
            ]);
        });
        it("rejects each wildcard key on its own, and all four together", async () => {
            const base = { apiGroups: [""], resources: ["pods"], verbs: ["get"], nonResourceURLs: ["/healthz"] };
            for (const key of ["verbs", "resources", "apiGroups", "nonResourceURLs"]) {
                expect((await run(rbacLeastPrivilege, role([{ ...base, [key]: ["get", "*"] }]))).reported, key).to.deep.equal([
                    `ClusterRole r rules[0] must not use "*" in ${key}; list exactly the ${key} it needs.`,
                ]);
            }
            expect((await run(rbacLeastPrivilege, role([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"], nonResourceURLs: ["*"] }]))).reported).to.deep.equal([
                'ClusterRole r rules[0] must not use "*" in verbs, resources, apiGroups and nonResourceURLs; list exactly the verbs, resources, apiGroups and nonResourceURLs it needs.',
            ]);
        });
        it("does not take a wildcard inside a name for \"*\"", async () => {
            expect((await run(rbacLeastPrivilege, role([{ apiGroups: ["*.example.com"], resources: ["pods/*"], verbs: ["get"] }]))).messages).to.deep.equal([]);
        });
        it("reports both a wildcard and an escalation verb in one rule, and each rule by its index", async () => {
            const r = await run(rbacLeastPrivilege, role([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }, { apiGroups: [""], resources: ["*"], verbs: ["bind"] }]));
            expect(r.reported).to.deep.equal([
                'ClusterRole r rules[1] must not use "*" in resources; list exactly the resources it needs.',
                "ClusterRole r rules[1] must not grant bind; they let a subject raise its own privileges, remove them.",
            ]);
        });
        it("can't decide before apply when the rules, or one rule, are unknown", async () => {
            undecided(await run(rbacLeastPrivilege, role(C)), ".rules");
            undecided(await run(rbacLeastPrivilege, role([{ apiGroups: [""], resources: ["pods"], verbs: ["get"] }, C])), ".rules.1");
        });
        it("still reports a decided rule beside an unknown one", async () => {
            const r = await run(rbacLeastPrivilege, role([C, { apiGroups: [""], resources: ["pods"], verbs: ["*"] }]));
            expect(r.reported).to.deep.equal(['ClusterRole r rules[1] must not use "*" in verbs; list exactly the verbs it needs.']);
            expect(levels(r)).to.deep.equal(["mandatory"]);
        });
        it("passes a rule whose lists are unknown as a whole without reading a wildcard into them, and skips rules that are not objects", async () => {
            expect((await run(rbacLeastPrivilege, role([{ apiGroups: [""], resources: ["pods"], verbs: C }]))).reported).to.deep.equal([]);
            expect((await run(rbacLeastPrivilege, role(["*", null]))).messages).to.deep.equal([]);
        });
        it("passes a role without rules", async () => {
            expect((await run(rbacLeastPrivilege, { type: `${GROUP}:Role`, inputs: { metadata: { name: "r", namespace: "a" } } })).outcome).to.equal("pass");
        });
    });

    describe("bindings", () => {
        it("rejects system:masters only as a Group, under any role", async () => {
            const masters = "ClusterRoleBinding b must not bind the group system:masters; its members bypass RBAC authorization entirely, remove the subject.";
            expect((await run(rbacLeastPrivilege, crb([{ kind: "Group", name: "system:masters" }], { kind: "ClusterRole", name: "view" }))).reported).to.deep.equal([masters]);
            expect((await run(rbacLeastPrivilege, crb([{ kind: "User", name: "system:masters" }], { kind: "ClusterRole", name: "view" }))).messages).to.deep.equal([]);
            expect((await run(rbacLeastPrivilege, crb([{ kind: "Group", name: "system:authenticated" }], { kind: "ClusterRole", name: "view" }))).messages).to.deep.equal([]);
        });
        it("reports system:masters bound to cluster-admin once for the group and once for the grant", async () => {
            expect((await run(rbacLeastPrivilege, crb([{ kind: "Group", name: "system:masters" }]))).reported).to.deep.equal([
                "ClusterRoleBinding b must not bind the group system:masters; its members bypass RBAC authorization entirely, remove the subject.",
                grants("ClusterRoleBinding b", "Group:system:masters"),
            ]);
        });
        it("reads cluster-admin by name with kind ClusterRole, unset or null, and nothing else", async () => {
            for (const roleRef of [{ name: "cluster-admin", kind: "ClusterRole" }, { name: "cluster-admin" }, { name: "cluster-admin", kind: null }]) {
                expect((await run(rbacLeastPrivilege, crb([ALICE], roleRef))).reported, JSON.stringify(roleRef)).to.deep.equal([grants("ClusterRoleBinding b", "User:alice")]);
            }
            for (const roleRef of [{ name: "cluster-admin", kind: "Role" }, { name: "admin", kind: "ClusterRole" }, { name: "Cluster-Admin" }, {}]) {
                expect((await run(rbacLeastPrivilege, crb([ALICE], roleRef))).messages, JSON.stringify(roleRef)).to.deep.equal([]);
            }
        });
        it("can't decide before apply when the roleRef, its name or (for cluster-admin) its kind is unknown", async () => {
            undecided(await run(rbacLeastPrivilege, crb([ALICE], C)), ".roleRef");
            undecided(await run(rbacLeastPrivilege, crb([ALICE], { kind: "ClusterRole", name: C })), ".roleRef.name");
            undecided(await run(rbacLeastPrivilege, crb([ALICE], { kind: C, name: "cluster-admin" })), ".roleRef.kind");
        });
        it("does not read a kind unknown until apply when the name is not cluster-admin", async () => {
            expect((await run(rbacLeastPrivilege, crb([ALICE], { kind: C, name: "view" }))).outcome).to.equal("pass");
        });
        it("can't decide before apply when the subjects, a subject, or a cluster-admin subject's kind or name is unknown", async () => {
            undecided(await run(rbacLeastPrivilege, crb(C)), ".subjects");
            undecided(await run(rbacLeastPrivilege, crb([ALICE, C], { kind: "ClusterRole", name: "view" })), ".subjects.1");
            undecided(await run(rbacLeastPrivilege, crb([{ kind: C, name: "alice" }])), ".subjects.0.kind");
            undecided(await run(rbacLeastPrivilege, crb([{ kind: "User", name: C }])), ".subjects.0.name");
        });
        it("does not read a subject unknown until apply under another role", async () => {
            expect((await run(rbacLeastPrivilege, crb([{ kind: C, name: C }], { kind: "ClusterRole", name: "view" }))).outcome).to.equal("pass");
        });
        it("takes clusterAdminSubjects as exact ids, none by default", async () => {
            expect((await run(rbacLeastPrivilege, crb([ALICE]), { clusterAdminSubjects: ["User:alice"] })).messages).to.deep.equal([]);
            for (const listed of [["User:bob"], ["Group:alice"], ["alice"], ["User:alice "]]) {
                expect((await run(rbacLeastPrivilege, crb([ALICE]), { clusterAdminSubjects: listed })).reported, listed[0]).to.deep.equal([grants("ClusterRoleBinding b", "User:alice")]);
            }
        });
        it("places a ServiceAccount in its own namespace first, then the binding's, then default for a RoleBinding", async () => {
            expect((await run(rbacLeastPrivilege, rb([{ kind: "ServiceAccount", name: "ci", namespace: "tools" }], "team-a"))).reported).to.deep.equal([grants("RoleBinding b", "ServiceAccount:tools/ci")]);
            expect((await run(rbacLeastPrivilege, rb([{ kind: "ServiceAccount", name: "ci" }], "team-a"))).reported).to.deep.equal([grants("RoleBinding b", "ServiceAccount:team-a/ci")]);
            expect((await run(rbacLeastPrivilege, rb([{ kind: "ServiceAccount", name: "ci" }]))).reported).to.deep.equal([grants("RoleBinding b", "ServiceAccount:default/ci")]);
            const crbNs = binding("ClusterRoleBinding", { metadata: { name: "b", namespace: "ignored" }, roleRef: { name: "cluster-admin" }, subjects: [{ kind: "ServiceAccount", name: "ci" }] });
            expect((await run(rbacLeastPrivilege, crbNs)).reported).to.deep.equal([grants("ClusterRoleBinding b", "ServiceAccount:ignored/ci")]);
        });
        it("skips subjects Kubernetes would refuse (no kind, no name), under cluster-admin", async () => {
            expect((await run(rbacLeastPrivilege, crb([{ name: "alice" }, { kind: "User" }, { kind: "ServiceAccount" }, "x"]))).messages).to.deep.equal([]);
        });
        it("rejects a ServiceAccount in a namespace known only after apply unless one of that name is listed as a ServiceAccount", async () => {
            const sa = [{ kind: "ServiceAccount", name: "ci", namespace: C }];
            const fail = [noNs("ClusterRoleBinding b", "ci", "a namespace known only after apply")];
            for (const listed of [[], ["Group:tools/ci"], ["User:ci"], ["ServiceAccount:tools/xci"], ["ServiceAccount:tools/ci/x"]]) {
                const r = await run(rbacLeastPrivilege, crb(sa), { clusterAdminSubjects: listed });
                expect(r.reported, JSON.stringify(listed)).to.deep.equal(fail);
                expect(levels(r)).to.deep.equal(["mandatory"]);
            }
            undecided(await run(rbacLeastPrivilege, crb(sa), { clusterAdminSubjects: ["User:x", "ServiceAccount:tools/ci"] }), ".subjects.0.namespace");
        });
        it("reads a RoleBinding's namespace unknown until apply the same way, at metadata.namespace", async () => {
            const sa = [{ kind: "ServiceAccount", name: "ci" }];
            expect((await run(rbacLeastPrivilege, rb(sa, C))).reported).to.deep.equal([noNs("RoleBinding b", "ci", "a namespace known only after apply")]);
            undecided(await run(rbacLeastPrivilege, rb(sa, C), { clusterAdminSubjects: ["ServiceAccount:tools/ci"] }), ".metadata.namespace");
        });
        it("rejects a ServiceAccount with no namespace at all even when one of that name is listed", async () => {
            const r = await run(rbacLeastPrivilege, crb([{ kind: "ServiceAccount", name: "ci" }]), { clusterAdminSubjects: ["ServiceAccount:tools/ci"] });
            expect(r.reported).to.deep.equal([noNs("ClusterRoleBinding b", "ci", "no namespace")]);
            expect(levels(r)).to.deep.equal(["mandatory"]);
        });
        it("reports each subject by its own id", async () => {
            const r = await run(rbacLeastPrivilege, crb([ALICE, { kind: "Group", name: "ops" }]), { clusterAdminSubjects: ["Group:ops"] });
            expect(r.reported).to.deep.equal([grants("ClusterRoleBinding b", "User:alice")]);
        });
        it("passes a binding without subjects", async () => {
            expect((await run(rbacLeastPrivilege, crb(undefined))).outcome).to.equal("pass");
        });
    });

    it("names subjects from their parts only when each is known", () => {
        expect(subjectId({ kind: "ServiceAccount", name: "ci", namespace: "own" }, "binding")).to.equal("ServiceAccount:own/ci");
        expect(subjectId({ kind: "ServiceAccount", name: "ci", namespace: 3 }, "binding")).to.equal(undefined);
        expect(subjectId({ kind: "Group", name: "g", namespace: "ignored" }, "binding")).to.equal("Group:g");
        expect(subjectId({ kind: "User", name: 1 }, "x")).to.equal(undefined);
        expect(subjectId({ kind: 1, name: "n" }, "x")).to.equal(undefined);
        expect(subjectId({ name: "n" }, "x")).to.equal(undefined);
    });
});

describe("rbac-secrets-access, condition by condition", () => {
    const role = (rules: unknown, metadata: Record<string, unknown> = { name: "reader", namespace: "team-a" }, kind = "Role"): ResourceSpec => ({ type: `${GROUP}:${kind}`, name: "res", inputs: { metadata, rules } });
    const rule = (over: Record<string, unknown>) => ({ apiGroups: [""], resources: ["secrets"], verbs: ["get"], ...over });
    const flagged = (verbs: string, id = "Role:team-a/reader", what = `Role ${id}`, i = 0) =>
        `${what} rules[${i}] grants ${verbs} on Secrets; remove it, limit get to resourceNames, or list "${id}" in secretReaders.`;

    it("reads get, list and watch, each on its own", async () => {
        expect(SECRET_READ_VERBS).to.deep.equal(["get", "list", "watch"]);
        for (const verb of SECRET_READ_VERBS) {
            expect((await run(rbacSecretsAccess, role([rule({ verbs: ["create", verb] })]))).reported, verb).to.deep.equal([flagged(verb)]);
        }
    });
    it("reads the core group by \"\" or \"*\", and Secrets by name or \"*\"", async () => {
        expect((await run(rbacSecretsAccess, role([rule({ apiGroups: ["apps", "*"] })]))).reported).to.deep.equal([flagged("get")]);
        expect((await run(rbacSecretsAccess, role([rule({ apiGroups: ["apps", ""] })]))).reported).to.deep.equal([flagged("get")]);
        expect((await run(rbacSecretsAccess, role([rule({ resources: ["pods", "*"] })]))).reported).to.deep.equal([flagged("get")]);
        expect((await run(rbacSecretsAccess, role([rule({ apiGroups: ["apps"] })]))).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role([rule({ resources: ["pods", "secrets/status"] })]))).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role([rule({ apiGroups: undefined })]))).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role([rule({ verbs: [] })]))).messages).to.deep.equal([]);
    });
    it("limits get to named Secrets only without list or watch, and only when names are given", async () => {
        expect((await run(rbacSecretsAccess, role([rule({ resourceNames: ["tls"] })]))).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role([rule({ resourceNames: [] })]))).reported).to.deep.equal([flagged("get")]);
        expect((await run(rbacSecretsAccess, role([rule({ verbs: ["list"], resourceNames: ["tls"] })]))).reported).to.deep.equal([flagged("list")]);
        expect((await run(rbacSecretsAccess, role([rule({ verbs: ["watch"], resourceNames: ["tls"] })]))).reported).to.deep.equal([flagged("watch")]);
        expect((await run(rbacSecretsAccess, role([rule({ verbs: ["*"], resourceNames: ["tls"] })]))).reported).to.deep.equal([flagged("get, list and watch")]);
        expect((await run(rbacSecretsAccess, role([rule({ verbs: ["get", "list"], resourceNames: C })]))).reported).to.deep.equal([flagged("get and list")]);
        expect((await run(rbacSecretsAccess, role([rule({ verbs: ["*"], resourceNames: C })]))).reported).to.deep.equal([flagged("get, list and watch")]);
    });
    it("can't decide get on Secret names known only after apply (none means every Secret)", async () => {
        undecided(await run(rbacSecretsAccess, role([rule({ resourceNames: C })])), ".rules.0.resourceNames");
        expect((await run(rbacSecretsAccess, role([rule({ resourceNames: C, resources: ["pods"] })]))).outcome).to.equal("pass");
        expect((await run(rbacSecretsAccess, role([rule({ resourceNames: C, apiGroups: ["apps"] })]))).outcome).to.equal("pass");
        expect((await run(rbacSecretsAccess, role([rule({ resourceNames: C, verbs: ["create"] })]))).outcome).to.equal("pass");
    });
    it("exempts the listed role only, and a ClusterRole by ClusterRole:<name>", async () => {
        const secretsRule = [rule({ verbs: ["list"] })];
        expect((await run(rbacSecretsAccess, role(secretsRule, { name: "reader" }, "ClusterRole"), { secretReaders: ["ClusterRole:reader"] })).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role(secretsRule, { name: "reader" }, "ClusterRole"), { secretReaders: ["Role:default/reader"] })).reported).to.deep.equal([
            flagged("list", "ClusterRole:reader", "ClusterRole ClusterRole:reader"),
        ]);
        expect((await run(rbacSecretsAccess, role(secretsRule, { name: "reader" }), { secretReaders: ["Role:default/reader"] })).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role(C), { secretReaders: ["Role:team-a/reader"] })).outcome).to.equal("pass");
    });
    it("names a role whose name or namespace is known only after apply by its resource name", async () => {
        const r = await run(rbacSecretsAccess, role([rule({})], { name: C, namespace: "team-a" }));
        expect(r.reported).to.deep.equal(['Role res rules[0] grants get on Secrets; remove it, limit get to resourceNames, or list "Role:<name>" in secretReaders.']);
        expect((await run(rbacSecretsAccess, role([rule({})], { name: "reader", namespace: C }))).reported).to.deep.equal([
            'Role res rules[0] grants get on Secrets; remove it, limit get to resourceNames, or list "Role:<name>" in secretReaders.',
        ]);
    });
    it("can't decide before apply when the rules, a rule, or a rule's groups, resources or verbs are unknown", async () => {
        undecided(await run(rbacSecretsAccess, role(C)), ".rules");
        undecided(await run(rbacSecretsAccess, role([C])), ".rules.0");
        for (const key of ["apiGroups", "resources", "verbs"]) {
            const r = await run(rbacSecretsAccess, role([rule({}), rule({ [key]: C })]));
            expect(r.reported, key).to.deep.equal([flagged("get")]);
            undecided(await run(rbacSecretsAccess, role([rule({ verbs: ["create"] }), rule({ [key]: C })])), `.rules.1.${key}`);
        }
    });
    it("reports each rule by its index and skips rules that are not objects", async () => {
        const r = await run(rbacSecretsAccess, role(["x", rule({ verbs: ["watch", "get"] }), null]));
        expect(r.reported).to.deep.equal([flagged("get and watch", "Role:team-a/reader", "Role Role:team-a/reader", 1)]);
    });
    it("is not applicable to bindings, patches of bindings or other groups, and checks role patches", async () => {
        for (const type of [`${GROUP}:RoleBinding`, `${GROUP}:ClusterRoleBinding`, `${GROUP}:RoleBindingPatch`, "kubernetes:core/v1:Secret", `x${GROUP}:Role`, `${GROUP}:RoleX`]) {
            expect((await run(rbacSecretsAccess, { type, inputs: { rules: [rule({})] } })).outcome, type).to.equal("notApplicable");
        }
        expect((await run(rbacSecretsAccess, { ...role([rule({})]), type: `${GROUP}:RolePatch` })).reported).to.deep.equal([flagged("get")]);
        expect((await run(rbacSecretsAccess, { ...role([rule({})], { name: "reader" }, "ClusterRole"), type: "kubernetes:rbac.authorization.k8s.io/v1beta1:ClusterRolePatch" })).reported).to.have.length(1);
    });
    it("says why it does not apply", async () => {
        expect(await checkOf(rbacSecretsAccess, { type: `${GROUP}:RoleBinding`, inputs: {} })).to.deep.equal({ outcome: "notApplicable", reason: "applies to Kubernetes Roles and ClusterRoles" });
        expect(await checkOf(rbacLeastPrivilege, { type: "kubernetes:core/v1:Secret", inputs: {} })).to.deep.equal({ outcome: "notApplicable", reason: "applies to Kubernetes Roles, ClusterRoles and their bindings" });
    });
    it("names roles as secretReaders lists them", () => {
        expect(roleId("ClusterRole", { metadata: { name: "x", namespace: "ignored" } })).to.equal("ClusterRole:x");
        expect(roleId("Role", { metadata: { name: "x", namespace: "ns" } })).to.equal("Role:ns/x");
        expect(roleId("Role", { metadata: { name: 1 } })).to.equal(undefined);
        expect(roleId("Role", { metadata: { name: "x", namespace: 1 } })).to.equal(undefined);
        expect(roleId("Role", {})).to.equal(undefined);
    });
});
