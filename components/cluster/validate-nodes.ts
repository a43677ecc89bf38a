import type { KarpenterArgs } from "./karpenter";
import type { NodePoolArgs } from "./node-pool";
import { Problems, show } from "../common";
import type { AddonVersionOverrides } from "./versions";
import { addonVersionProblems, isSupportedVersion, unsupportedVersionMessage } from "./versions";

/**
 * Pure validation for the node side of a cluster: managed node pools, the managed add-ons and
 * Karpenter. Each validator collects every problem and throws one ValidationError; each message
 * names the property, shows the value received and says what is accepted.
 */

export const AMI_TYPES = ["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const;
export type AmiType = (typeof AMI_TYPES)[number];

export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** Taint effects as the EKS node group API spells them. */
export const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

export interface NodeTaint {
    key: string;
    /** @default "" */
    value?: string;
    effect: TaintEffect;
}

export type Architecture = "x86_64" | "arm64";

/** The CPU architecture an AMI type boots on. */
export function amiArchitecture(amiType: AmiType): Architecture {
    return amiType.includes("ARM_64") ? "arm64" : "x86_64";
}

/** `m7i.large`, `c6gn.16xlarge`, `m7i-flex.xlarge`, `u7i-12tb.224xlarge`, `u-6tb1.metal`, `c5.metal`. */
const INSTANCE_TYPE = /^(?=[a-z-]*[0-9])[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * The architecture of an instance type from its family name: Graviton families carry a `g`
 * right after the generation digit (m7g, c6gn, r8gd, im4gn, is4gen, x2gd, g5g, hpc7g) and a1 is
 * the first Graviton; every other family is x86_64 (g5, g4dn, m7i, c7a, gr6, trn1).
 */
export function instanceArchitecture(instanceType: string): Architecture {
    const family = instanceType.split(".")[0].split("-")[0];
    return family === "a1" || /^[a-z]+\d+g[a-z]*$/.test(family) ? "arm64" : "x86_64";
}

/** Kubernetes qualified name: optional DNS-subdomain prefix, then a name of at most 63 characters. */
function isQualifiedName(key: string): boolean {
    const parts = key.split("/");
    if (parts.length > 2) {
        return false;
    }
    const name = parts[parts.length - 1];
    const prefix = parts.length === 2 ? parts[0] : undefined;
    const nameOk = name.length >= 1 && name.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name);
    const prefixOk = prefix === undefined || (prefix.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix));
    return nameOk && prefixOk;
}

/** Kubernetes label value: empty, or at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric. */
function isLabelValue(value: string): boolean {
    return value === "" || (value.length <= 63 && /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value));
}

/** Label prefixes kubelet refuses to set on itself (`--node-labels`), except the ones it allows. */
function isReservedLabel(key: string): boolean {
    const prefix = key.includes("/") ? key.split("/")[0] : "";
    const reserved = prefix === "kubernetes.io" || prefix.endsWith(".kubernetes.io") || prefix === "k8s.io" || prefix.endsWith(".k8s.io");
    const allowed = prefix === "node-restriction.kubernetes.io" || prefix === "node.kubernetes.io";
    return reserved && !allowed;
}

/** Checks labels and taints (shared by node pools and the Karpenter node pool). */
export function checkLabels(p: Problems, path: string, labels: Record<string, string> | undefined): void {
    for (const [key, value] of Object.entries(labels ?? {})) {
        if (!isQualifiedName(key)) {
            p.add(`${path}`, key, "is not a Kubernetes label key (an optional DNS-subdomain prefix and '/', then at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)");
        } else if (isReservedLabel(key)) {
            p.add(`${path}`, key, "uses a kubernetes.io or k8s.io prefix that kubelet may not set; use node-restriction.kubernetes.io/ or your own prefix");
        }
        if (typeof value !== "string" || !isLabelValue(value)) {
            p.add(`${path}.${key}`, value, "is not a Kubernetes label value (empty, or at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)");
        }
    }
}

export function checkTaints(p: Problems, path: string, taints: NodeTaint[] | undefined): void {
    const seen = new Set<string>();
    (taints ?? []).forEach((t, i) => {
        if (!isQualifiedName(t.key ?? "")) {
            p.add(`${path}[${i}].key`, t.key, "is not a Kubernetes taint key (an optional DNS-subdomain prefix and '/', then at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)");
        }
        if (t.value !== undefined && !isLabelValue(t.value)) {
            p.add(`${path}[${i}].value`, t.value, "is not a Kubernetes taint value (empty, or at most 63 of [A-Za-z0-9-_.] starting and ending alphanumeric)");
        }
        if (!TAINT_EFFECTS.includes(t.effect)) {
            p.add(`${path}[${i}].effect`, t.effect, `is not one of ${TAINT_EFFECTS.map((e) => show(e)).join(", ")}`);
        }
        const id = `${t.key}:${t.effect}`;
        if (seen.has(id)) {
            p.add(`${path}[${i}]`, id, "repeats a key and effect already listed; a node takes one value per key and effect");
        }
        seen.add(id);
    });
    if ((taints ?? []).length > 50) {
        p.add(path, (taints ?? []).length, "taints are more than the 50 EKS allows per node group");
    }
}

function isInt(v: unknown): v is number {
    return typeof v === "number" && Number.isInteger(v);
}

/** What `validateNodePoolArgs` reads: the plain (non-Input) arguments of a NodePool. */
export type NodePoolShape = Omit<NodePoolArgs, "clusterName" | "nodeRoleArn" | "subnetIds" | "ebsKmsKeyArn" | "securityGroupIds" | "tags">;

/** gp3 limits (GiB, IOPS, MiB/s); the 20 GiB floor is the size of the EKS AMIs' root snapshot. */
export const GP3 = { minSize: 20, maxSize: 16384, minIops: 3000, maxIops: 16000, minThroughput: 125, maxThroughput: 1000, iopsPerGiB: 500, mibpsPerIops: 0.25 };

/** Throws one ValidationError listing every problem with a node pool's arguments. */
export function validateNodePoolArgs(args: NodePoolShape): void {
    const p = new Problems();
    if (!isSupportedVersion(args.kubernetesVersion)) {
        p.addMessage(unsupportedVersionMessage("kubernetesVersion", args.kubernetesVersion));
    }
    const amiType = args.amiType ?? "AL2023_x86_64_STANDARD";
    p.oneOf("amiType", amiType, AMI_TYPES);
    const capacityType = args.capacityType ?? "ON_DEMAND";
    p.oneOf("capacityType", capacityType, CAPACITY_TYPES);

    const types = Array.isArray(args.instanceTypes) ? args.instanceTypes : [];
    if (types.length === 0) {
        p.add("instanceTypes", args.instanceTypes, "is empty; list at least one instance type (for example \"m7i.large\")");
    }
    const malformed = types.filter((t) => typeof t !== "string" || !INSTANCE_TYPE.test(t));
    for (const t of malformed) {
        p.add("instanceTypes", t, "is not an EC2 instance type (family.size, for example \"m7i.large\" or \"c7g.2xlarge\")");
    }
    const duplicates = types.filter((t, i) => types.indexOf(t) !== i);
    if (duplicates.length > 0) {
        p.add("instanceTypes", [...new Set(duplicates)], "are listed more than once");
    }
    if (capacityType === "SPOT" && types.length === 1) {
        p.add("instanceTypes", types, "has a single type for a SPOT pool; list at least 2 types of similar size so that one reclaimed Spot pool does not empty the node group");
    }
    if (AMI_TYPES.includes(amiType)) {
        const arch = amiArchitecture(amiType);
        const mismatched = types.filter((t) => !malformed.includes(t) && instanceArchitecture(t) !== arch);
        if (mismatched.length > 0) {
            const other = arch === "arm64" ? "x86_64" : "arm64";
            p.add("instanceTypes", mismatched, `are ${other} types but amiType ${show(amiType)} boots ${arch}; use ${arch} types or an ${other} AMI type`);
        }
    }

    p.intRange("minSize", args.minSize, 0, 1000);
    p.intRange("maxSize", args.maxSize, 1, 1000);
    const desired = args.desiredSize ?? args.minSize;
    if (args.desiredSize !== undefined) {
        p.intRange("desiredSize", args.desiredSize, 0, 1000);
    }
    if (isInt(args.minSize) && isInt(args.maxSize) && isInt(desired) && !(args.minSize <= desired && desired <= args.maxSize)) {
        p.addMessage(`minSize ${args.minSize}, desiredSize ${desired}, maxSize ${args.maxSize}: need minSize <= desiredSize <= maxSize`);
    }
    if (args.maxUnavailablePercentage !== undefined) {
        p.intRange("maxUnavailablePercentage", args.maxUnavailablePercentage, 1, 100);
    }
    if (args.metadataHopLimit !== undefined) {
        p.intRange("metadataHopLimit", args.metadataHopLimit, 1, 2);
    }

    const size = args.diskSizeGiB ?? 50;
    const iops = args.diskIops ?? GP3.minIops;
    const throughput = args.diskThroughputMiBps ?? GP3.minThroughput;
    p.intRange("diskSizeGiB", size, GP3.minSize, GP3.maxSize);
    p.intRange("diskIops", iops, GP3.minIops, GP3.maxIops);
    p.intRange("diskThroughputMiBps", throughput, GP3.minThroughput, GP3.maxThroughput);
    if (isInt(size) && isInt(iops) && iops > size * GP3.iopsPerGiB) {
        p.add("diskIops", iops, `is more than gp3 allows for ${size} GiB (${GP3.iopsPerGiB} per GiB: at most ${size * GP3.iopsPerGiB}); raise diskSizeGiB or lower diskIops`);
    }
    if (isInt(iops) && isInt(throughput) && throughput > iops * GP3.mibpsPerIops) {
        p.add("diskThroughputMiBps", throughput, `is more than gp3 allows for ${iops} IOPS (0.25 MiB/s per IOPS: at most ${Math.floor(iops * GP3.mibpsPerIops)}); raise diskIops or lower diskThroughputMiBps`);
    }

    checkLabels(p, "labels", args.labels);
    checkTaints(p, "taints", args.taints);
    if (args.system && args.labels?.["platform/pool"] !== undefined && args.labels["platform/pool"] !== "system") {
        p.add("labels.platform/pool", args.labels["platform/pool"], "conflicts with system: true, which labels the pool platform/pool=system");
    }
    p.throwIfAny("NodePool");
}

/** What `validateClusterAddonsArgs` reads. */
export interface ClusterAddonsShape {
    kubernetesVersion: string;
    accountId: string;
    addonVersions?: AddonVersionOverrides;
}

export function validateClusterAddonsArgs(args: ClusterAddonsShape): void {
    const p = new Problems();
    if (!/^\d{12}$/.test(args.accountId)) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    for (const problem of addonVersionProblems(args.kubernetesVersion, args.addonVersions ?? {})) {
        p.addMessage(problem);
    }
    p.throwIfAny("ClusterAddons");
}

/** Karpenter capacity types, as its NodePool requirements spell them. */
export const KARPENTER_CAPACITY_TYPES = ["on-demand", "spot"] as const;
export type KarpenterCapacityType = (typeof KARPENTER_CAPACITY_TYPES)[number];

/** What `validateKarpenterArgs` reads. */
export type KarpenterShape = Omit<KarpenterArgs, "clusterSecurityGroupId" | "ebsKmsKeyArn" | "region" | "systemPool" | "tags">;

/** What Karpenter derives from its arguments and the chart pin, checked with them. */
export interface KarpenterFacts {
    nodeRoleName: string;
    queueName: string;
    chartVersion: string;
    /** Newest Kubernetes minor the pinned chart supports. */
    maxKubernetesVersion: string;
}

/** IAM role names are at most 64 characters; SQS queue names at most 80. */
export const NAME_LIMITS = { role: 64, queue: 80 };

function minorOf(version: string): number {
    return Number(version.split(".")[1]);
}

export function validateKarpenterArgs(args: KarpenterShape, facts: KarpenterFacts): void {
    const p = new Problems();
    if (typeof args.clusterName !== "string" || !/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/.test(args.clusterName)) {
        p.add("clusterName", args.clusterName, "is not an EKS cluster name (1 to 100 of [A-Za-z0-9-_], starting alphanumeric)");
    } else {
        if (facts.nodeRoleName.length > NAME_LIMITS.role) {
            p.add("clusterName", args.clusterName, `makes the node role name ${show(facts.nodeRoleName)} longer than ${NAME_LIMITS.role} characters; use a shorter cluster name`);
        }
        if (facts.queueName.length > NAME_LIMITS.queue) {
            p.add("clusterName", args.clusterName, `makes the queue name ${show(facts.queueName)} longer than ${NAME_LIMITS.queue} characters; use a shorter cluster name`);
        }
    }
    if (!isSupportedVersion(args.kubernetesVersion)) {
        p.addMessage(unsupportedVersionMessage("kubernetesVersion", args.kubernetesVersion));
    } else if (minorOf(args.kubernetesVersion) > minorOf(facts.maxKubernetesVersion)) {
        p.add("kubernetesVersion", args.kubernetesVersion, `is newer than Karpenter ${facts.chartVersion} supports (up to ${facts.maxKubernetesVersion}); raise KARPENTER_CHART_VERSION first`);
    }
    if (!/^\d{12}$/.test(args.accountId)) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    p.intRange("cpuLimit", args.cpuLimit, 1, 100000);
    p.intRange("memoryLimitGiB", args.memoryLimitGiB, 1, 1000000);
    const capacity = args.capacityTypes ?? ["on-demand"];
    if (capacity.length === 0) {
        p.add("capacityTypes", capacity, `is empty; list one or more of ${KARPENTER_CAPACITY_TYPES.map((c) => show(c)).join(", ")}`);
    }
    capacity.forEach((c, i) => p.oneOf(`capacityTypes[${i}]`, c, KARPENTER_CAPACITY_TYPES));
    const arches = args.architectures ?? ["amd64", "arm64"];
    if (arches.length === 0) {
        p.add("architectures", arches, 'is empty; list "amd64", "arm64" or both');
    }
    arches.forEach((a, i) => p.oneOf(`architectures[${i}]`, a, ["amd64", "arm64"]));
    const categories = args.instanceCategories ?? ["c", "m", "r"];
    if (categories.length === 0) {
        p.add("instanceCategories", categories, 'is empty; list one or more EC2 instance categories (for example "m")');
    }
    categories.forEach((c, i) => {
        if (typeof c !== "string" || !/^[a-z]{1,3}$/.test(c)) {
            p.add(`instanceCategories[${i}]`, c, 'is not an EC2 instance category (1 to 3 lowercase letters, for example "m")');
        }
    });
    if (args.metadataHopLimit !== undefined) {
        p.intRange("metadataHopLimit", args.metadataHopLimit, 1, 2);
    }
    if (args.diskSizeGiB !== undefined) {
        p.intRange("diskSizeGiB", args.diskSizeGiB, GP3.minSize, GP3.maxSize);
    }
    if (args.amiAlias !== undefined && !/^al2023@(latest|v\d{8})$/.test(args.amiAlias)) {
        p.add("amiAlias", args.amiAlias, 'is not an AL2023 alias ("al2023@vYYYYMMDD" or "al2023@latest")');
    }
    if (args.controllerCpu !== undefined && !/^(\d+m|\d+(\.\d+)?)$/.test(args.controllerCpu)) {
        p.add("controllerCpu", args.controllerCpu, 'is not a CPU quantity (for example "1" or "500m")');
    }
    if (args.controllerMemory !== undefined && !/^\d+(Mi|Gi)$/.test(args.controllerMemory)) {
        p.add("controllerMemory", args.controllerMemory, 'is not a memory quantity in Mi or Gi (for example "1Gi")');
    }
    checkLabels(p, "nodeLabels", args.nodeLabels);
    p.throwIfAny("Karpenter");
}
