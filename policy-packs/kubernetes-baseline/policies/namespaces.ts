import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { refersTo } from "../../lib/links";
import { control } from "../../lib/metadata";
import { plain } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";
import { stringList, undecidedAt } from "./support";
import { field, isObj, isUnknown, listOf, Obj } from "./workloads";

/** Namespaces as the tenancy boundary: nothing in `default`, and every namespace fenced. */

/** Built-in kinds that are not namespaced. */
export const CLUSTER_SCOPED_KINDS = [
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ClusterTrustBundle",
    "ComponentStatus",
    "CustomResourceDefinition",
    "DeviceClass",
    "FlowSchema",
    "IPAddress",
    "IngressClass",
    "MutatingAdmissionPolicy",
    "MutatingAdmissionPolicyBinding",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "ResourceSlice",
    "RuntimeClass",
    "SelfSubjectAccessReview",
    "SelfSubjectReview",
    "SelfSubjectRulesReview",
    "ServiceCIDR",
    "StorageClass",
    "StorageVersion",
    "StorageVersionMigration",
    "SubjectAccessReview",
    "TokenReview",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
    "VolumeAttributesClass",
];

/** Cluster-scoped custom resources of the add-ons this platform installs. */
export const DEFAULT_CLUSTER_SCOPED_CUSTOM_KINDS = ["ClusterIssuer", "ClusterPolicy", "NodePool", "NodeClaim", "EC2NodeClass", "ClusterSecretStore", "ClusterExternalSecret", "CNINode", "IngressClassParams"];

/** `{ kind, patch }` for a Kubernetes object token; undefined for component tokens (yaml, kustomize, charts). */
export function kubernetesKind(type: string): { group: string; kind: string; patch: boolean } | undefined {
    const m = /^kubernetes:([a-z0-9.-]+)\/([a-z0-9]+):([A-Za-z0-9]+)$/.exec(type);
    if (!m) {
        return undefined;
    }
    const patch = m[3].endsWith("Patch");
    return { group: m[1], kind: patch ? m[3].slice(0, -"Patch".length) : m[3], patch };
}

const COMPONENT_GROUPS = ["yaml", "kustomize"];

export interface NoDefaultNamespaceConfig {
    clusterScopedKinds?: string[];
}

export const noDefaultNamespace: ResourceValidationPolicy = {
    name: "no-default-namespace",
    description: "Checks whether namespaced Kubernetes objects name a namespace other than default.",
    enforcementLevel: "mandatory",
    severity: "low",
    framework: control("cis-eks", "4.5.3", "The default namespace should not be used"),
    tags: [],
    remediationSteps: "Set metadata.namespace (namespace on a Helm release) to the team's namespace, created by TeamNamespace with its quota, network policies and Pod Security labels.",
    configSchema: {
        properties: {
            clusterScopedKinds: stringList(DEFAULT_CLUSTER_SCOPED_CUSTOM_KINDS, "Custom resource kinds that are cluster-scoped (built-in cluster-scoped kinds are always exempt)."),
        },
    },
    validateResource: (args, report) => {
        const k = kubernetesKind(args.type);
        // yaml, kustomize and helm chart tokens are components; their objects are checked one by one.
        const components = k && (COMPONENT_GROUPS.includes(k.group) || (k.group === "helm.sh" && k.kind !== "Release"));
        if (!k || components || k.kind.endsWith("List")) {
            args.notApplicable("applies to namespaced Kubernetes objects");
            return;
        }
        const custom = args.getConfig<NoDefaultNamespaceConfig>().clusterScopedKinds ?? DEFAULT_CLUSTER_SCOPED_CUSTOM_KINDS;
        if (CLUSTER_SCOPED_KINDS.includes(k.kind) || custom.includes(k.kind)) {
            args.notApplicable(`${k.kind} is cluster-scoped`);
        }
        const inputs = plain(args.props) as Obj;
        const release = k.kind === "Release";
        const path = release ? ["namespace"] : ["metadata", "namespace"];
        const namespace = release ? inputs.namespace : field(inputs.metadata, "namespace");
        const rawName = release ? inputs.name : field(inputs.metadata, "name");
        const what = `${release ? "Helm release" : k.kind} ${typeof rawName === "string" ? rawName : args.name}`;
        const setting = path.join(".");
        // A namespace known only after apply comes from a Namespace resource: set, and not default.
        if (namespace === "default") {
            report(`${what} must not be created in the default namespace; set ${setting} to the team's namespace.`);
        } else if ((namespace === undefined || namespace === "") && !k.patch) {
            report(`${what} must set ${setting} (unset means default); use the team's namespace.`);
        }
    },
};

const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";
const LEVELS = ["privileged", "baseline", "restricted"];

/** True when the NetworkPolicy selects every pod, covers both directions and allows nothing. */
export function isDefaultDeny(spec: unknown): boolean {
    if (!isObj(spec)) {
        return false;
    }
    const selector = spec.podSelector;
    const selectsAll =
        isObj(selector) &&
        !(isObj(selector.matchLabels) && Object.keys(selector.matchLabels).length > 0) &&
        !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length > 0);
    const types = listOf(spec.policyTypes);
    const both = !isUnknown(types) && types.includes("Ingress") && types.includes("Egress");
    const noRules = ["ingress", "egress"].every((k) => {
        const rules = listOf(spec[k]);
        return !isUnknown(rules) && rules.length === 0;
    });
    return selectsAll && both && noRules;
}

export interface NamespaceGuardrailsConfig {
    minimumLevel?: "baseline" | "restricted";
    excludedNamespaces?: string[];
}

export const DEFAULT_SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease", "default"];

export const namespaceGuardrails: StackValidationPolicy = {
    name: "namespace-guardrails",
    description: "Checks whether every Namespace has a default-deny NetworkPolicy and enforces a Pod Security level.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("cis-eks", "4.3.2", "Ensure that all Namespaces have Network Policies defined"),
    tags: [],
    remediationSteps:
        "Create namespaces with TeamNamespace: it labels pod-security.kubernetes.io/enforce and adds a NetworkPolicy with podSelector: {}, policyTypes [Ingress, Egress] and no rules, then allows flows one by one.",
    configSchema: {
        properties: {
            minimumLevel: { type: "string", enum: ["baseline", "restricted"], default: "restricted", description: "The lowest Pod Security level a namespace may enforce." },
            excludedNamespaces: stringList(DEFAULT_SYSTEM_NAMESPACES, "Namespaces exempt from the check (system namespaces)."),
        },
    },
    validateStack: (args, report) => {
        const v = new Verdicts(report);
        const config = args.getConfig<NamespaceGuardrailsConfig>();
        const minimum = config.minimumLevel ?? "restricted";
        const excluded = config.excludedNamespaces ?? DEFAULT_SYSTEM_NAMESPACES;
        const namespaces = args.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
        if (namespaces.length === 0) {
            args.notApplicable("no Namespace in the stack");
        }
        const policies = args.resources
            .filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy")
            .map((r) => ({ resource: r, inputs: plain(r.props) as Obj }));
        for (const ns of namespaces) {
            const inputs = plain(ns.props) as Obj;
            const name = field(inputs.metadata, "name");
            if (typeof name === "string" && excluded.includes(name)) {
                continue;
            }
            const label = `namespace ${typeof name === "string" ? name : ns.name}`;
            const labels = field(inputs.metadata, "labels");
            const level = isUnknown(labels) ? labels : field(labels, ENFORCE_LABEL);
            if (isUnknown(level)) {
                // Known only after apply: the check can't decide before apply, it does not pass.
                v.note(undecidedAt(ns.props, isUnknown(labels) ? ["metadata", "labels"] : ["metadata", "labels", ENFORCE_LABEL]));
            } else if (level === undefined || level === "") {
                v.fail(`${label} must set the label ${ENFORCE_LABEL}: ${minimum}.`, ns.urn);
            } else if (typeof level === "string" && LEVELS.indexOf(level) < LEVELS.indexOf(minimum)) {
                v.fail(`${label} enforces Pod Security level ${level}; set the label ${ENFORCE_LABEL}: ${minimum}.`, ns.urn);
            }
            const fenced = policies.some(({ resource, inputs: np }) => {
                const npNamespace = field(np.metadata, "namespace");
                const inNamespace = typeof name === "string" && npNamespace === name ? true : isUnknown(npNamespace) && refersTo(resource, "metadata", ns);
                return inNamespace && isDefaultDeny(np.spec);
            });
            if (!fenced) {
                v.fail(`${label} must have a default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no ingress or egress rules).`, ns.urn);
            }
        }
        v.settle();
    },
};

export const namespacePolicies: Policies = [noDefaultNamespace, namespaceGuardrails];
