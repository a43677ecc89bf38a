import { PlanResource } from "../plan/model";

/**
 * Kubernetes API versions removed (no longer served) or deprecated per minor, kept by hand from
 * the Deprecated API Migration Guide. An upgrade that crosses `removedIn` breaks every manifest
 * that still uses the API: `pulumi up` fails to create or update it, Helm fails to upgrade a
 * release holding it. Read the guide again when a minor is added to components/cluster/versions.ts.
 */

export const API_REMOVALS_SOURCE = {
    url: "https://kubernetes.io/docs/reference/using-api/deprecation-guide/",
    read: "2026-12-02",
    /** Minors the table covers: a minor with no row removed nothing the guide lists. */
    covers: { from: "1.25", to: "1.36" },
} as const;

export interface ApiChange {
    /** `group/version` as a manifest's apiVersion (`v1` for the core group). */
    apiVersion: string;
    kind: string;
    /** First minor that no longer serves it. */
    removedIn?: string;
    /** Minor that deprecated it (warnings on every request). */
    deprecatedIn?: string;
    /** What to use instead; undefined when nothing replaces it. */
    replacement?: string;
    note?: string;
}

const FLOWCONTROL_V1 = "flowcontrol.apiserver.k8s.io/v1";

export const API_CHANGES: readonly ApiChange[] = [
    // 1.25
    { apiVersion: "batch/v1beta1", kind: "CronJob", removedIn: "1.25", replacement: "batch/v1" },
    { apiVersion: "discovery.k8s.io/v1beta1", kind: "EndpointSlice", removedIn: "1.25", replacement: "discovery.k8s.io/v1", note: "per-endpoint nodeName and zone replace topology" },
    { apiVersion: "events.k8s.io/v1beta1", kind: "Event", removedIn: "1.25", replacement: "events.k8s.io/v1" },
    { apiVersion: "autoscaling/v2beta1", kind: "HorizontalPodAutoscaler", removedIn: "1.25", replacement: "autoscaling/v2" },
    { apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", removedIn: "1.25", replacement: "policy/v1", note: "an empty selector selects every pod in policy/v1" },
    { apiVersion: "policy/v1beta1", kind: "PodSecurityPolicy", removedIn: "1.25", note: "no replacement API: use Pod Security Admission labels on the namespace" },
    { apiVersion: "node.k8s.io/v1beta1", kind: "RuntimeClass", removedIn: "1.25", replacement: "node.k8s.io/v1" },
    // 1.26
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "FlowSchema", removedIn: "1.26", replacement: FLOWCONTROL_V1 },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta1", kind: "PriorityLevelConfiguration", removedIn: "1.26", replacement: FLOWCONTROL_V1 },
    { apiVersion: "autoscaling/v2beta2", kind: "HorizontalPodAutoscaler", removedIn: "1.26", replacement: "autoscaling/v2" },
    // 1.27
    { apiVersion: "storage.k8s.io/v1beta1", kind: "CSIStorageCapacity", removedIn: "1.27", replacement: "storage.k8s.io/v1" },
    // 1.29
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "FlowSchema", removedIn: "1.29", replacement: FLOWCONTROL_V1 },
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta2", kind: "PriorityLevelConfiguration", removedIn: "1.29", replacement: FLOWCONTROL_V1 },
    // 1.32
    { apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "FlowSchema", removedIn: "1.32", replacement: FLOWCONTROL_V1 },
    {
        apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3",
        kind: "PriorityLevelConfiguration",
        removedIn: "1.32",
        replacement: FLOWCONTROL_V1,
        note: "spec.limited.nominalConcurrencyShares defaults to 30 only when unset; an explicit 0 stays 0",
    },
    // 1.33 to 1.36: the guide lists no removed API versions. Deprecations still served:
    { apiVersion: "v1", kind: "Endpoints", deprecatedIn: "1.33", replacement: "discovery.k8s.io/v1", note: "deprecated, not removed: read EndpointSlices instead" },
];

/** `1.29` → 29 (majors other than 1 do not exist yet). */
export function minorOf(version: string): number {
    const m = /^1\.(\d+)$/.exec(version);
    if (!m) {
        throw new Error(`${JSON.stringify(version)} is not a Kubernetes minor such as 1.35`);
    }
    return Number(m[1]);
}

/** apiVersion and kind of a Kubernetes resource in a plan: from its inputs, else from its type token. */
export function apiOf(r: Pick<PlanResource, "type" | "inputs">): { apiVersion: string; kind: string } | undefined {
    const m = /^kubernetes:([^:]+)\/([^/:]+):(\w+)$/.exec(r.type);
    if (!m) {
        return undefined;
    }
    const fromType = { apiVersion: m[1] === "core" ? m[2] : `${m[1]}/${m[2]}`, kind: m[3] };
    const apiVersion = typeof r.inputs.apiVersion === "string" ? r.inputs.apiVersion : fromType.apiVersion;
    const kind = typeof r.inputs.kind === "string" ? r.inputs.kind : fromType.kind;
    return { apiVersion, kind };
}

export interface ApiUse {
    change: ApiChange;
    /** Resource names (the Pulumi names) that use it. */
    resources: string[];
}

/**
 * The APIs a plan's manifests use that the target minor no longer serves (removed in or before
 * it), and those deprecated by it but still served.
 */
export function apiChangesUsed(resources: Pick<PlanResource, "type" | "inputs" | "name">[], target: string): { removed: ApiUse[]; deprecated: ApiUse[] } {
    const t = minorOf(target);
    const uses = new Map<ApiChange, string[]>();
    for (const r of resources) {
        const api = apiOf(r);
        if (!api) {
            continue;
        }
        const change = API_CHANGES.find((c) => c.apiVersion === api.apiVersion && c.kind === api.kind);
        if (change) {
            uses.set(change, [...(uses.get(change) ?? []), r.name]);
        }
    }
    const removed: ApiUse[] = [];
    const deprecated: ApiUse[] = [];
    for (const [change, names] of uses) {
        if (change.removedIn !== undefined && minorOf(change.removedIn) <= t) {
            removed.push({ change, resources: names.sort() });
        } else if (change.deprecatedIn !== undefined && minorOf(change.deprecatedIn) <= t) {
            deprecated.push({ change, resources: names.sort() });
        }
    }
    return { removed, deprecated };
}
