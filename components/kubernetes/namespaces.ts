/** Namespaces the add-ons run in; team namespaces may not take these names. */
export const SYSTEM_NAMESPACE = "kube-system";
export const CERT_MANAGER_NAMESPACE = "cert-manager";
export const EXTERNAL_DNS_NAMESPACE = "external-dns";
/** Kyverno, the image provenance admission controller (components/kubernetes/provenance.ts). */
export const KYVERNO_NAMESPACE = "kyverno";

/** Names no team namespace may use: Kubernetes' own and the platform add-ons'. */
/** Namespaces the platform itself owns (observability's are named here to avoid an import cycle). */
export const RESERVED_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease", CERT_MANAGER_NAMESPACE, EXTERNAL_DNS_NAMESPACE, KYVERNO_NAMESPACE, "monitoring", "node-agents"];

/** Pod Security Standards policy version the namespaces pin (`latest` follows the cluster). */
export const POD_SECURITY_VERSION = "latest";
