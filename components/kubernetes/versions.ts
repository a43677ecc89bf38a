/**
 * Every Helm chart the platform installs, pinned in one place (STYLE rule 11). Bump a chart here,
 * read its upgrade notes, and re-run the tests: the rendered values are asserted as documents, so a
 * renamed or removed value shows up in review.
 */

export interface ChartPin {
    /** Helm repository URL (`helm repo add`). */
    readonly repo: string;
    /** Chart name within the repository. */
    readonly chart: string;
    /** Exact chart version; never a range. */
    readonly version: string;
}

/**
 * AWS Load Balancer Controller. Chart 3.5.0 ships controller v3.5.0; chart 3.x follows 1.17.x and the Ingress and Service
 * values this blueprint sets are unchanged. 3.5.0 needs Gateway API CRDs v1.6 only when the Gateway
 * API feature gates are on, which they are not here. IAM policy: `LB_CONTROLLER_POLICY` in iam.ts.
 */
export const AWS_LOAD_BALANCER_CONTROLLER: ChartPin = {
    repo: "https://aws.github.io/eks-charts",
    chart: "aws-load-balancer-controller",
    version: "3.5.0",
};

/** cert-manager. The jetstack repository tags charts with a leading `v`. */
export const CERT_MANAGER: ChartPin = {
    repo: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.2",
};

/** ExternalDNS from kubernetes-sigs (not the Bitnami chart: different values layout). */
export const EXTERNAL_DNS: ChartPin = {
    repo: "https://kubernetes-sigs.github.io/external-dns/",
    chart: "external-dns",
    version: "1.21.1",
};

/** Metrics Server from kubernetes-sigs (chart 3.13.1 ships metrics-server 0.8.1). */
export const METRICS_SERVER: ChartPin = {
    repo: "https://kubernetes-sigs.github.io/metrics-server/",
    chart: "metrics-server",
    version: "3.13.1",
};

/**
 * Kyverno, the admission controller that verifies image provenance (docs/decisions/0017). Chart
 * 3.9.0 ships Kyverno v1.19.0 (tag kyverno-chart-3.9.0 of github.com/kyverno/kyverno, read
 * 2026-12-03); the ClusterPolicy `verifyImages` fields the platform sets (rule-level
 * `failureAction`, `imageReferences`, `mutateDigest`, `verifyDigest`, `required`, keyless
 * attestors) are in its api/kyverno/v1/image_verification_types.go.
 */
export const KYVERNO: ChartPin = {
    repo: "https://kyverno.github.io/kyverno/",
    chart: "kyverno",
    version: "3.9.0",
};

export const CHARTS = {
    awsLoadBalancerController: AWS_LOAD_BALANCER_CONTROLLER,
    certManager: CERT_MANAGER,
    externalDns: EXTERNAL_DNS,
    metricsServer: METRICS_SERVER,
    kyverno: KYVERNO,
} as const;

/**
 * Which Kubernetes minors each pinned chart supports, as its project states it: read by
 * `npm run upgrade` (tools/upgrade) to say whether a chart must move before or with a cluster
 * upgrade. One row per chart the platform pins (here, in components/observability/versions.ts and
 * components/cluster/karpenter.ts); test/tools/upgrade proves every row names the pinned version,
 * so bumping a chart without re-reading its compatibility fails the tests.
 *
 * `minKubernetes` / `maxKubernetes` are inclusive; unset means the source states no bound for the
 * version (the tool then says "check the release notes" instead of "compatible").
 */
export interface ChartCompatibility {
    /** Chart name, as in its ChartPin (or the Karpenter chart's OCI name). */
    readonly chart: string;
    /** The pinned chart version this row is about. */
    readonly version: string;
    readonly minKubernetes?: string;
    readonly maxKubernetes?: string;
    /** Where the range was read. */
    readonly source: string;
    /** ISO date the source was read. */
    readonly read: string;
    readonly note?: string;
}

export const CHART_KUBERNETES_COMPATIBILITY: readonly ChartCompatibility[] = [
    {
        chart: "cert-manager",
        version: "v1.21.2",
        minKubernetes: "1.33",
        maxKubernetes: "1.36",
        source: "https://cert-manager.io/docs/releases/ (supported releases table: 1.21 supports Kubernetes 1.33 to 1.36; 1.19 1.31 to 1.35, 1.20 1.32 to 1.35)",
        read: "2026-12-02",
        note: "clusters on 1.31 or 1.32 run cert-manager 1.21 outside its supported range",
    },
    {
        chart: "karpenter",
        version: "1.9.0",
        minKubernetes: "1.29",
        maxKubernetes: "1.35",
        source: "https://karpenter.sh/docs/upgrading/compatibility/ (matrix: 1.31 >= 1.0.5, 1.32 >= 1.2, 1.33 >= 1.5) and KARPENTER_MAX_KUBERNETES_VERSION (components/cluster/karpenter.ts)",
        read: "2026-12-02",
        note: "a newer minor needs a newer Karpenter first (the compatibility matrix names the minimum per minor)",
    },
    {
        chart: "aws-load-balancer-controller",
        version: "3.5.0",
        source: "https://github.com/kubernetes-sigs/aws-load-balancer-controller/releases (release notes name no upper Kubernetes bound)",
        read: "2026-12-02",
        note: "no stated range: read the release notes of the chart for the target minor",
    },
    {
        chart: "kyverno",
        version: "3.9.0",
        source: "https://github.com/kyverno/kyverno/blob/kyverno-chart-3.9.0/charts/kyverno/Chart.yaml (kubeVersion >=1.25.0-0: a lower bound only; https://kyverno.io/docs/installation/#compatibility-matrix per Kyverno minor)",
        read: "2026-12-03",
        note: "read the compatibility matrix for the target minor before a cluster upgrade: Kyverno's webhooks admit every pod of the team namespaces",
    },
    {
        chart: "external-dns",
        version: "1.21.1",
        source: "https://github.com/kubernetes-sigs/external-dns/releases (no Kubernetes range per release)",
        read: "2026-12-02",
    },
    {
        chart: "metrics-server",
        version: "3.13.1",
        source: "https://github.com/kubernetes-sigs/metrics-server#compatibility-matrix (lower bound per metrics-server minor only)",
        read: "2026-12-02",
    },
    {
        chart: "kube-prometheus-stack",
        version: "88.4.0",
        source: "https://github.com/prometheus-community/helm-charts/tree/main/charts/kube-prometheus-stack (Chart.yaml kubeVersion: a lower bound only)",
        read: "2026-12-02",
        note: "the chart's CRDs move with its majors: apply them before a chart major bump, not with a cluster upgrade",
    },
    {
        chart: "fluent-bit",
        version: "0.52.0",
        source: "https://github.com/fluent/helm-charts/releases (no Kubernetes range per release)",
        read: "2026-12-02",
    },
    {
        chart: "opentelemetry-collector",
        version: "0.182.0",
        source: "https://github.com/open-telemetry/opentelemetry-helm-charts (Chart.yaml kubeVersion: a lower bound only)",
        read: "2026-12-02",
    },
];
