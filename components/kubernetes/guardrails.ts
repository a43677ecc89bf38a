/**
 * Namespace guardrails shared by team and add-on namespaces, as pure data: Pod Security Admission
 * labels and NetworkPolicy specs (policy-catalog `namespace-guardrails`: a default-deny policy and
 * a PSA enforce label in every namespace the platform creates).
 */

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** PSA enforce, audit and warn at one level, pinned to one policy version. */
export function podSecurityLabels(level: PodSecurityLevel, version: string): Record<string, string> {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/enforce-version": version,
        "pod-security.kubernetes.io/audit": level,
        "pod-security.kubernetes.io/audit-version": version,
        "pod-security.kubernetes.io/warn": level,
        "pod-security.kubernetes.io/warn-version": version,
    };
}

/** The label the API server sets on every namespace (immutable, so safe to select on). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

export interface NetworkPolicyPort {
    protocol: "TCP" | "UDP";
    port: number;
}

export interface NetworkPolicyPeer {
    podSelector?: { matchLabels?: Record<string, string> };
    namespaceSelector?: { matchLabels?: Record<string, string> };
    ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicySpec {
    podSelector: { matchLabels?: Record<string, string> };
    policyTypes: ("Ingress" | "Egress")[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
}

/** Every pod in the namespace: no ingress and no egress unless another policy allows it. */
export function defaultDenySpec(): NetworkPolicySpec {
    return { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
}

/** DNS to CoreDNS only (its pods keep the `k8s-app: kube-dns` label on EKS). */
export function allowDnsSpec(): NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
            {
                to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
                ports: [
                    { protocol: "UDP", port: 53 },
                    { protocol: "TCP", port: 53 },
                ],
            },
        ],
    };
}

/** Pods of the namespace may talk to each other, both ways. */
export function allowSameNamespaceSpec(): NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
    };
}

/** Ingress from every pod of another namespace (the ingress controller's, or monitoring's). */
export function allowFromNamespaceSpec(namespace: string): NetworkPolicySpec {
    return {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } } }] }],
    };
}

/**
 * Egress to anywhere on the listed ports: add-ons call the Kubernetes API (the EKS control plane's
 * ENIs, whose addresses are not known in advance) and AWS, ACME or DNS endpoints outside the VPC.
 */
export function allowEgressToAnywhereSpec(ports: NetworkPolicyPort[]): NetworkPolicySpec {
    return { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports }] };
}

/**
 * The EKS Pod Identity agent: a host-network DaemonSet listening on a link-local address (IPv4 and
 * IPv6) on port 80. The VPC CNI enforces NetworkPolicy on traffic to it like on any other egress,
 * so a namespace that denies egress by default must allow it for pods that use Pod Identity, or
 * the AWS SDK never gets credentials.
 */
export const POD_IDENTITY_AGENT_CIDRS = ["169.254.170.23/32", "fd00:ec2::23/128"];
export const POD_IDENTITY_AGENT_PORT = 80;

/** The egress rule that lets a pod fetch its Pod Identity credentials from the node's agent. */
export function podIdentityAgentEgressRule(): NonNullable<NetworkPolicySpec["egress"]>[number] {
    return { to: POD_IDENTITY_AGENT_CIDRS.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: POD_IDENTITY_AGENT_PORT }] };
}

/**
 * Egress to anywhere on the listed ports plus the Pod Identity agent: for namespaces whose pods
 * call AWS with Pod Identity credentials.
 */
export function allowEgressToAnywhereWithPodIdentitySpec(ports: NetworkPolicyPort[]): NetworkPolicySpec {
    const spec = allowEgressToAnywhereSpec(ports);
    return { ...spec, egress: [...spec.egress!, podIdentityAgentEgressRule()] };
}

/**
 * Ingress from anywhere to the listed ports: admission webhooks are called by the control plane,
 * whose addresses are not known in advance; kubelet probes and metrics scrapes use the same ports.
 */
export function allowIngressPortsSpec(ports: NetworkPolicyPort[]): NetworkPolicySpec {
    return { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ ports }] };
}
