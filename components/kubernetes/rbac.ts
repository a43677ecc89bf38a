/**
 * RBAC for team namespaces, as pure data. Rules name every API group, resource and verb: no
 * wildcards, no `bind`, `escalate` or `impersonate`, no Secrets unless asked for (policy-catalog
 * `rbac-least-privilege`).
 */

import { teamGroup } from "../cluster/access";

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete";

export interface PolicyRule {
    apiGroups: string[];
    resources: string[];
    verbs: Verb[];
}

export const READ: Verb[] = ["get", "list", "watch"];
export const WRITE: Verb[] = ["get", "list", "watch", "create", "update", "patch", "delete"];

/**
 * The Kubernetes group a team's IAM role maps to through its EKS access entry: the access entry
 * (components/cluster/access.ts) owns the string and the RoleBindings here bind it.
 */
export { teamGroup };

/** The group of a team's read-only members. */
export function teamViewerGroup(team: string): string {
    return `team:${team}:viewers`;
}

/**
 * What a team may do in its own namespace: run and change its workloads and their configuration.
 * Left out on purpose: ServiceAccounts and tokens (workloads use `<team>-workload`), Roles and
 * RoleBindings, NetworkPolicies and quotas (read-only: they are the platform's guardrails), and
 * `pods/exec` and `pods/attach` (a shell in a pod reads whatever the pod mounts).
 */
export function developerRules(opts: { secrets: boolean }): PolicyRule[] {
    const rules: PolicyRule[] = [
        { apiGroups: [""], resources: ["configmaps", "services", "persistentvolumeclaims"], verbs: WRITE },
        { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "delete"] },
        { apiGroups: [""], resources: ["pods/log", "events", "endpoints", "serviceaccounts", "resourcequotas", "limitranges"], verbs: READ },
        { apiGroups: [""], resources: ["pods/portforward"], verbs: ["create"] },
        { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: WRITE },
        { apiGroups: ["apps"], resources: ["deployments/scale", "statefulsets/scale"], verbs: ["get", "update", "patch"] },
        { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: WRITE },
        { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: WRITE },
        { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: WRITE },
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: WRITE },
        { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: READ },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    ];
    if (opts.secrets) {
        rules.push({ apiGroups: [""], resources: ["secrets"], verbs: WRITE });
    }
    return rules;
}

/** Read-only view of the namespace, never Secrets. */
export function viewerRules(): PolicyRule[] {
    return [
        { apiGroups: [""], resources: ["pods", "pods/log", "services", "endpoints", "configmaps", "persistentvolumeclaims", "events", "serviceaccounts", "resourcequotas", "limitranges"], verbs: READ },
        { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets", "replicasets"], verbs: READ },
        { apiGroups: ["batch"], resources: ["jobs", "cronjobs"], verbs: READ },
        { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: READ },
        { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: READ },
        { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: READ },
        { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: READ },
    ];
}
