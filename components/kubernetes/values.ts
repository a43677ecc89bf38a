import * as pulumi from "@pulumi/pulumi";

/**
 * Typed Helm values for each chart, rendered by pure functions. Only the keys the blueprint sets
 * are typed; a typo in a key is a compile error instead of a silently ignored value. Cluster facts
 * that come from other resources stay `pulumi.Input<string>`: the Release resolves them.
 */

export interface Toleration {
    key: string;
    operator: "Exists" | "Equal";
    value?: string;
    effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface PodSecurityContext {
    runAsNonRoot: true;
    seccompProfile: { type: "RuntimeDefault" };
    fsGroup?: number;
}

/** The restricted Pod Security Standard for a container, plus a read-only root filesystem. */
export interface ContainerSecurityContext {
    allowPrivilegeEscalation: false;
    readOnlyRootFilesystem: true;
    runAsNonRoot: true;
    capabilities: { drop: ["ALL"] };
    seccompProfile: { type: "RuntimeDefault" };
}

/**
 * System node pools are tainted `CriticalAddonsOnly` so that only platform add-ons land there;
 * every add-on tolerates the taint (whatever its value and effect) and still runs elsewhere.
 */
export const CRITICAL_ADDONS_TOLERATIONS: Toleration[] = [{ key: "CriticalAddonsOnly", operator: "Exists" }];

export const RESTRICTED_POD: PodSecurityContext = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

export const RESTRICTED_CONTAINER: ContainerSecurityContext = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

// ---------------------------------------------------------------- AWS Load Balancer Controller

export interface LbControllerValues {
    clusterName: pulumi.Input<string>;
    region: string;
    vpcId: pulumi.Input<string>;
    replicaCount: number;
    serviceAccount: { create: true; name: string };
    tolerations: Toleration[];
    podDisruptionBudget: { maxUnavailable: number };
    podSecurityContext: PodSecurityContext;
    securityContext: ContainerSecurityContext;
}

export interface LbControllerFacts {
    clusterName: pulumi.Input<string>;
    region: string;
    vpcId: pulumi.Input<string>;
    serviceAccount: string;
}

export function lbControllerValues(f: LbControllerFacts): LbControllerValues {
    return {
        clusterName: f.clusterName,
        region: f.region,
        // Set explicitly so that the controller never depends on the instance metadata service to find it.
        vpcId: f.vpcId,
        replicaCount: 2,
        // The chart creates the service account under the name the Pod Identity association names.
        serviceAccount: { create: true, name: f.serviceAccount },
        tolerations: CRITICAL_ADDONS_TOLERATIONS,
        podDisruptionBudget: { maxUnavailable: 1 },
        podSecurityContext: { ...RESTRICTED_POD, fsGroup: 65534 },
        securityContext: RESTRICTED_CONTAINER,
    };
}

// ---------------------------------------------------------------- cert-manager

interface CertManagerComponentValues {
    replicaCount: number;
    podDisruptionBudget: { enabled: true; minAvailable: number };
    securityContext: PodSecurityContext;
    containerSecurityContext: ContainerSecurityContext;
    tolerations: Toleration[];
}

export interface CertManagerValues extends CertManagerComponentValues {
    crds: { enabled: true; keep: true };
    global: { leaderElection: { namespace: string } };
    prometheus: { enabled: boolean; servicemonitor: { enabled: boolean } };
    webhook: CertManagerComponentValues;
    cainjector: CertManagerComponentValues;
    startupapicheck: Omit<CertManagerComponentValues, "replicaCount" | "podDisruptionBudget">;
}

export interface CertManagerFacts {
    namespace: string;
    replicas: number;
    serviceMonitor: boolean;
}

export function certManagerValues(f: CertManagerFacts): CertManagerValues {
    const component: CertManagerComponentValues = {
        replicaCount: f.replicas,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        securityContext: RESTRICTED_POD,
        containerSecurityContext: RESTRICTED_CONTAINER,
        tolerations: CRITICAL_ADDONS_TOLERATIONS,
    };
    return {
        // CRDs are part of the release and kept on uninstall: deleting them would delete every Certificate.
        crds: { enabled: true, keep: true },
        ...component,
        // The default lease namespace is kube-system; keep cert-manager's RBAC inside its own namespace.
        global: { leaderElection: { namespace: f.namespace } },
        prometheus: { enabled: true, servicemonitor: { enabled: f.serviceMonitor } },
        webhook: component,
        cainjector: component,
        startupapicheck: { securityContext: RESTRICTED_POD, containerSecurityContext: RESTRICTED_CONTAINER, tolerations: CRITICAL_ADDONS_TOLERATIONS },
    };
}

// ---------------------------------------------------------------- ExternalDNS

export type ExternalDnsPolicy = "upsert-only" | "sync";

export interface ExternalDnsValues {
    provider: { name: "aws" };
    env: { name: string; value: string }[];
    sources: string[];
    domainFilters: string[];
    policy: ExternalDnsPolicy;
    registry: "txt";
    txtOwnerId: pulumi.Input<string>;
    extraArgs: string[];
    serviceAccount: { create: true; name: string };
    tolerations: Toleration[];
    podSecurityContext: PodSecurityContext & { fsGroup: number };
    securityContext: ContainerSecurityContext & { runAsUser: number; runAsGroup: number; privileged: false };
}

export interface ExternalDnsFacts {
    clusterName: pulumi.Input<string>;
    region: string;
    hostedZoneIds: string[];
    domainFilters: string[];
    policy: ExternalDnsPolicy;
    serviceAccount: string;
}

export function externalDnsValues(f: ExternalDnsFacts): ExternalDnsValues {
    return {
        provider: { name: "aws" },
        env: [{ name: "AWS_DEFAULT_REGION", value: f.region }],
        sources: ["service", "ingress"],
        domainFilters: f.domainFilters,
        // upsert-only never deletes records; sync (opt-in) also removes records it no longer sees.
        policy: f.policy,
        registry: "txt",
        // The TXT owner marks the records this cluster manages, so two clusters never fight over one.
        txtOwnerId: f.clusterName,
        // Matches the IAM scoping: without it ExternalDNS would try every zone it can list.
        extraArgs: f.hostedZoneIds.map((id) => `--zone-id-filter=${id}`),
        serviceAccount: { create: true, name: f.serviceAccount },
        tolerations: CRITICAL_ADDONS_TOLERATIONS,
        podSecurityContext: { ...RESTRICTED_POD, fsGroup: 65534 },
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 65532, runAsGroup: 65532, privileged: false },
    };
}

// ---------------------------------------------------------------- metrics-server

export interface MetricsServerValues {
    replicas: number;
    podDisruptionBudget: { enabled: true; minAvailable: number };
    tolerations: Toleration[];
    securityContext: ContainerSecurityContext & { runAsUser: number };
}

export function metricsServerValues(): MetricsServerValues {
    return {
        replicas: 2,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        tolerations: CRITICAL_ADDONS_TOLERATIONS,
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 1000 },
    };
}
