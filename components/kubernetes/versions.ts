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

export const CHARTS = {
    awsLoadBalancerController: AWS_LOAD_BALANCER_CONTROLLER,
    certManager: CERT_MANAGER,
    externalDns: EXTERNAL_DNS,
    metricsServer: METRICS_SERVER,
} as const;
