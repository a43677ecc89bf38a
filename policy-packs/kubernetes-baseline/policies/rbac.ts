import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { Verdicts } from "../../lib/verdicts";
import { plain } from "../../lib/values";
import { listText, stringList } from "./support";
import { field, isObj, isUnknown, listOf, Obj } from "./workloads";

/** RBAC least privilege: cluster-admin for named subjects only, no wildcards, no escalation verbs. */

const RBAC = /^kubernetes:rbac\.authorization\.k8s\.io\/[a-z0-9]+:(ClusterRoleBinding|RoleBinding|ClusterRole|Role)(Patch)?$/;

/** Verbs that let a subject grant itself more than it has. */
export const ESCALATION_VERBS = ["bind", "escalate", "impersonate"];

/**
 * A subject as `clusterAdminSubjects` names it: `User:alice`, `Group:platform-admins`,
 * `ServiceAccount:<namespace>/<name>`; undefined when part of it is known only after apply.
 */
export function subjectId(subject: unknown, bindingNamespace: unknown): string | undefined {
    const kind = field(subject, "kind");
    const name = field(subject, "name");
    if (typeof kind !== "string" || typeof name !== "string") {
        return undefined;
    }
    if (kind === "ServiceAccount") {
        const ns = field(subject, "namespace") ?? bindingNamespace;
        return typeof ns === "string" ? `ServiceAccount:${ns}/${name}` : undefined;
    }
    return `${kind}:${name}`;
}

export interface RbacConfig {
    clusterAdminSubjects?: string[];
}

/**
 * Whether a roleRef names the cluster-admin ClusterRole: by name, with kind ClusterRole or unset
 * (a ClusterRoleBinding can only refer to a ClusterRole, and a `...Patch` may leave kind out). A
 * namespaced Role that happens to be called cluster-admin is not it. Undefined while unknown.
 */
function refersToClusterAdmin(roleRef: unknown, out: Verdicts): boolean | undefined {
    if (out.isUnknown(roleRef, ["roleRef"])) {
        return undefined;
    }
    const name = field(roleRef, "name");
    const kind = field(roleRef, "kind");
    if (out.isUnknown(name, ["roleRef", "name"])) {
        return undefined;
    }
    if (name !== "cluster-admin") {
        return false;
    }
    if (out.isUnknown(kind, ["roleRef", "kind"])) {
        return undefined;
    }
    return kind === undefined || kind === null || kind === "ClusterRole";
}

function checkBinding(kind: string, what: string, inputs: Obj, allowed: string[], out: Verdicts): void {
    const subjects = listOf(inputs.subjects);
    if (out.isUnknown(subjects, ["subjects"])) {
        return;
    }
    const namespace = field(inputs.metadata, "namespace");
    // A RoleBinding without a namespace lands in "default"; a ClusterRoleBinding has none.
    const bindingNamespace = namespace === undefined && kind === "RoleBinding" ? "default" : namespace;
    const clusterAdmin = refersToClusterAdmin(inputs.roleRef, out);
    subjects.forEach((s, i) => {
        if (out.isUnknown(s, ["subjects", i])) {
            return;
        }
        const subjectKind = field(s, "kind");
        const name = field(s, "name");
        if (subjectKind === "Group" && name === "system:masters") {
            out.fail(`${what} must not bind the group system:masters; its members bypass RBAC authorization entirely, remove the subject.`);
        }
        if (clusterAdmin !== true || out.isUnknown(subjectKind, ["subjects", i, "kind"]) || out.isUnknown(name, ["subjects", i, "name"])) {
            return;
        }
        const id = subjectId(s, bindingNamespace);
        if (id !== undefined) {
            if (!allowed.includes(id)) {
                out.fail(`${what} grants cluster-admin to ${id}; bind a narrower role, or list "${id}" in clusterAdminSubjects.`);
            }
            return;
        }
        if (subjectKind !== "ServiceAccount" || typeof name !== "string") {
            return; // Not a subject Kubernetes accepts.
        }
        // A ServiceAccount whose namespace is known only after apply (or missing): only a listed
        // ServiceAccount of that name in some namespace can turn out to be allowed.
        const ns = field(s, "namespace") ?? namespace;
        const unknownAt = field(s, "namespace") !== undefined ? ["subjects", i, "namespace"] : ["metadata", "namespace"];
        if (allowed.some((a) => a.startsWith("ServiceAccount:") && a.endsWith(`/${name}`)) && out.isUnknown(ns, unknownAt)) {
            return;
        }
        const shown = out.isUnknown(ns, unknownAt) ? "a namespace known only after apply" : "no namespace";
        out.fail(`${what} grants cluster-admin to ServiceAccount ${name} in ${shown}, and no ServiceAccount:<namespace>/${name} is listed in clusterAdminSubjects; bind a narrower role, or list the ServiceAccount with its namespace.`);
    });
}

function checkRules(what: string, inputs: Obj, out: Verdicts): void {
    const rules = listOf(inputs.rules);
    if (out.isUnknown(rules, ["rules"])) {
        return;
    }
    rules.forEach((rule, i) => {
        if (out.isUnknown(rule, ["rules", i]) || !isObj(rule)) {
            return;
        }
        const wildcards = ["verbs", "resources", "apiGroups", "nonResourceURLs"].filter((k) => {
            const list = listOf(rule[k]);
            return !isUnknown(list) && list.includes("*");
        });
        if (wildcards.length > 0) {
            out.fail(`${what} rules[${i}] must not use "*" in ${listText(wildcards)}; list exactly the ${listText(wildcards)} it needs.`);
        }
        const verbs = listOf(rule.verbs);
        const escalation = isUnknown(verbs) ? [] : ESCALATION_VERBS.filter((v) => verbs.includes(v));
        if (escalation.length > 0) {
            out.fail(`${what} rules[${i}] must not grant ${listText(escalation)}; they let a subject raise its own privileges, remove them.`);
        }
    });
}

export const rbacLeastPrivilege: ResourceValidationPolicy = {
    name: "rbac-least-privilege",
    description: "Checks whether RBAC grants cluster-admin only to listed subjects and avoids system:masters, wildcards and escalation verbs.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.1.1", "Ensure that the cluster-admin role is only used where required"),
    tags: ["cis-eks:4.1.3", "cis-eks:4.1.7", "cis-eks:4.1.8"],
    remediationSteps:
        "Bind namespaced Roles listing explicit apiGroups, resources and verbs; keep cluster-admin for the break-glass subjects in clusterAdminSubjects (better: EKS access entries); never bind system:masters or grant bind, escalate or impersonate.",
    configSchema: {
        properties: {
            clusterAdminSubjects: stringList([], "Subjects allowed to hold cluster-admin: User:<name>, Group:<name> or ServiceAccount:<namespace>/<name>."),
        },
    },
    validateResource: (args, report) => {
        const m = RBAC.exec(args.type);
        if (!m) {
            args.notApplicable("applies to Kubernetes Roles, ClusterRoles and their bindings");
            return;
        }
        const inputs = plain(args.props) as Obj;
        const name = field(inputs.metadata, "name");
        const what = `${m[1]} ${typeof name === "string" ? name : args.name}`;
        const out = new Verdicts(report, args.props);
        if (m[1].endsWith("Binding")) {
            checkBinding(m[1], what, inputs, args.getConfig<RbacConfig>().clusterAdminSubjects ?? [], out);
        } else {
            checkRules(what, inputs, out);
        }
        out.settle();
    },
};

// --- rbac-secrets-access (CIS EKS 4.1.2) ---------------------------------------------------------

/** Verbs that read Secrets (CIS EKS 4.1.2: get, list, watch). */
export const SECRET_READ_VERBS = ["get", "list", "watch"];

export interface SecretsConfig {
    secretReaders?: string[];
}

/**
 * The role as `secretReaders` names it: `ClusterRole:<name>` or `Role:<namespace>/<name>`
 * (a Role without a namespace is in "default"); undefined while part of it is unknown.
 */
export function roleId(kind: string, inputs: Obj): string | undefined {
    const name = field(inputs.metadata, "name");
    const namespace = field(inputs.metadata, "namespace") ?? "default";
    if (typeof name !== "string" || typeof namespace !== "string") {
        return undefined;
    }
    return kind === "ClusterRole" ? `ClusterRole:${name}` : `Role:${namespace}/${name}`;
}

/*
 * CIS EKS 4.1.2 "Minimize access to secrets": Roles and ClusterRoles should not grant get, list or
 * watch on Secrets (https://www.cisecurity.org/benchmark/kubernetes, CIS Amazon EKS Benchmark 1.4.0
 * section 4.1.2; the Kubernetes RBAC good practices explain that list and watch return the values:
 * https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets, read 2026-12-03).
 * A rule grants it when its apiGroups include the core group ("") and its resources "secrets" (or
 * the wildcards rbac-least-privilege reports anyway), with one of those verbs or "*". Roles that
 * must read Secrets (a controller's own) are listed by name in secretReaders.
 */
export const rbacSecretsAccess: ResourceValidationPolicy = {
    name: "rbac-secrets-access",
    description: "Checks whether Roles and ClusterRoles grant get, list or watch on Secrets, outside the roles listed in secretReaders.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "4.1.2", "Minimize access to secrets"),
    tags: [],
    remediationSteps:
        'Remove get, list and watch on "secrets" from the role (reference a single Secret with resourceNames where a workload needs one), or list the role as ClusterRole:<name> or Role:<namespace>/<name> in secretReaders.',
    configSchema: {
        properties: {
            secretReaders: stringList([], "Roles allowed to read Secrets: ClusterRole:<name> or Role:<namespace>/<name>."),
        },
    },
    validateResource: (args, report) => {
        const m = /^kubernetes:rbac\.authorization\.k8s\.io\/[a-z0-9]+:(ClusterRole|Role)(Patch)?$/.exec(args.type);
        if (!m) {
            args.notApplicable("applies to Kubernetes Roles and ClusterRoles");
            return;
        }
        const inputs = plain(args.props) as Obj;
        const out = new Verdicts(report, args.props);
        const id = roleId(m[1], inputs);
        const allowed = args.getConfig<SecretsConfig>().secretReaders ?? [];
        if (id !== undefined && allowed.includes(id)) {
            return;
        }
        const rules = listOf(inputs.rules);
        if (out.isUnknown(rules, ["rules"])) {
            out.settle();
            return;
        }
        rules.forEach((rule, i) => {
            if (out.isUnknown(rule, ["rules", i]) || !isObj(rule)) {
                return;
            }
            const groups = listOf(rule.apiGroups);
            const resources = listOf(rule.resources);
            const verbs = listOf(rule.verbs);
            // Remembered at the unknown list itself: the rule around it is known, and reading a known
            // value through the engine's proxy would end the run as a pass instead of undecided.
            if (out.isUnknown(groups, ["rules", i, "apiGroups"]) || out.isUnknown(resources, ["rules", i, "resources"]) || out.isUnknown(verbs, ["rules", i, "verbs"])) {
                return;
            }
            const core = groups.includes("") || groups.includes("*");
            const secrets = resources.includes("secrets") || resources.includes("*");
            const reads = verbs.includes("*") ? SECRET_READ_VERBS : SECRET_READ_VERBS.filter((v) => verbs.includes(v));
            const named = listOf(rule.resourceNames);
            const listsAll = reads.some((v) => v === "list" || v === "watch");
            if (core && secrets && reads.length > 0 && !listsAll && out.isUnknown(named, ["rules", i, "resourceNames"])) {
                return; // get only, on names known only after apply: none (every Secret) or some.
            }
            // A rule limited to named Secrets cannot list or watch them all; get of a named Secret is what a workload needs.
            const scoped = !isUnknown(named) && named.length > 0 && !listsAll;
            if (core && secrets && reads.length > 0 && !scoped) {
                out.fail(`${m[1]} ${id ?? args.name} rules[${i}] grants ${listText(reads)} on Secrets; remove it, limit get to resourceNames, or list "${id ?? `${m[1]}:<name>`}" in secretReaders.`);
            }
        });
        out.settle();
    },
};

export const rbacPolicies: Policies = [rbacLeastPrivilege, rbacSecretsAccess];
