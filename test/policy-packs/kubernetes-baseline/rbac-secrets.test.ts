import { expect } from "chai";
import { rbacPolicies, rbacSecretsAccess, roleId } from "../../../policy-packs/kubernetes-baseline/policies/rbac";
import type { ResourceSpec } from "../../support/policy";
import { run } from "./fixtures";

const GROUP = "kubernetes:rbac.authorization.k8s.io/v1";

function role(rules: unknown[], kind: "Role" | "ClusterRole" = "Role"): ResourceSpec {
    return { type: `${GROUP}:${kind}`, inputs: { metadata: { name: "reader", ...(kind === "Role" ? { namespace: "team-a" } : {}) }, rules } };
}

describe("rbac-secrets-access", () => {
    it("is registered with the RBAC policies, mandatory, claiming CIS EKS 4.1.2", () => {
        expect(rbacPolicies.map((p) => p.name)).to.include("rbac-secrets-access");
        expect([rbacSecretsAccess.enforcementLevel, `${rbacSecretsAccess.framework!.name}:${rbacSecretsAccess.framework!.reference}`]).to.deep.equal(["mandatory", "cis-eks:4.1.2"]);
    });
    it("passes rules on other resources, other API groups, writes only, and get of named Secrets", async () => {
        for (const rule of [
            { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
            { apiGroups: ["external-secrets.io"], resources: ["secrets"], verbs: ["get", "list"] },
            { apiGroups: [""], resources: ["secrets"], verbs: ["create", "update"] },
            { apiGroups: [""], resources: ["secrets"], resourceNames: ["webhook-tls"], verbs: ["get"] },
        ]) {
            expect((await run(rbacSecretsAccess, role([rule]))).messages, JSON.stringify(rule)).to.deep.equal([]);
        }
    });
    it("flags get, list or watch on Secrets (verbs or resources by wildcard too), and list even of named Secrets", async () => {
        const cases: [unknown, string, "Role" | "ClusterRole"][] = [
            [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }, 'Role Role:team-a/reader rules[0] grants get, list and watch on Secrets; remove it, limit get to resourceNames, or list "Role:team-a/reader" in secretReaders.', "Role"],
            [{ apiGroups: [""], resources: ["secrets"], verbs: ["*"] }, 'ClusterRole ClusterRole:reader rules[0] grants get, list and watch on Secrets; remove it, limit get to resourceNames, or list "ClusterRole:reader" in secretReaders.', "ClusterRole"],
            [{ apiGroups: ["*"], resources: ["*"], verbs: ["list"] }, 'Role Role:team-a/reader rules[0] grants list on Secrets; remove it, limit get to resourceNames, or list "Role:team-a/reader" in secretReaders.', "Role"],
            [{ apiGroups: [""], resources: ["secrets"], resourceNames: ["a"], verbs: ["get", "watch"] }, 'Role Role:team-a/reader rules[0] grants get and watch on Secrets; remove it, limit get to resourceNames, or list "Role:team-a/reader" in secretReaders.', "Role"],
        ];
        for (const [rule, message, kind] of cases) {
            expect((await run(rbacSecretsAccess, role([rule], kind))).reported, JSON.stringify(rule)).to.deep.equal([message]);
        }
    });
    it("exempts the roles listed in secretReaders, by kind, namespace and name", async () => {
        const rule = { apiGroups: [""], resources: ["secrets"], verbs: ["list"] };
        expect((await run(rbacSecretsAccess, role([rule]), { secretReaders: ["Role:team-a/reader"] })).messages).to.deep.equal([]);
        expect((await run(rbacSecretsAccess, role([rule]), { secretReaders: ["Role:team-b/reader", "ClusterRole:reader"] })).reported).to.have.length(1);
        expect(roleId("Role", { metadata: { name: "x" } })).to.equal("Role:default/x");
    });
});
