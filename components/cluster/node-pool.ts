import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../common";
import { AmiType, CapacityType, NodeTaint, validateNodePoolArgs } from "./validate-nodes";

/**
 * An EKS managed node group with its own launch template:
 *
 * - IMDSv2 only (`httpTokens: required`), hop limit 2 by default so that host-network agents
 *   in containers still reach IMDS; 1 keeps every container off it.
 * - Root volume gp3, encrypted with the EBS key (Bottlerocket: the OS volume and the data volume).
 * - No SSH key and no `remoteAccess`: Session Manager through the node role instead.
 * - No public IP: the launch template sets no `networkInterfaces`. A managed node group places
 *   instances in the node group's subnets, which are private (subnets with
 *   `mapPublicIpOnLaunch` off, enforced by `subnet-no-auto-public-ip`); an interface block would
 *   have to repeat the security groups and EKS rejects subnet settings in it. Policies treat
 *   the unset block as compliant.
 * - `scalingConfig.desiredSize` is ignored after creation: the cluster autoscaler (or Karpenter
 *   next to it) owns it, and a deploy must not scale the pool back.
 */
export interface NodePoolArgs {
    clusterName: pulumi.Input<string>;
    /** The cluster's minor ("1.34"): node groups run the control plane's version. */
    kubernetesVersion: string;
    /** Node role ARN (`NodeRole.roleArn`, which resolves once the role can join the cluster). */
    nodeRoleArn: pulumi.Input<string>;
    /** Private subnets for the nodes. */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** KMS key that encrypts the node volumes. */
    ebsKmsKeyArn: pulumi.Input<string>;
    /** @default "AL2023_x86_64_STANDARD" */
    amiType?: AmiType;
    /** @default "ON_DEMAND" */
    capacityType?: CapacityType;
    /** EC2 instance types, all of the AMI type's architecture; SPOT pools need at least 2. */
    instanceTypes: string[];
    minSize: number;
    /** Initial size only (ignored afterwards). @default minSize */
    desiredSize?: number;
    maxSize: number;
    /** Share of nodes replaced at once during an update (1..100). @default 33 */
    maxUnavailablePercentage?: number;
    /** IMDS PUT response hop limit, 1..2. @default 2 */
    metadataHopLimit?: number;
    /** Root (Bottlerocket: data) volume size in GiB, 20..16384. @default 50 */
    diskSizeGiB?: number;
    /** gp3 IOPS, 3000..16000. @default 3000 */
    diskIops?: number;
    /** gp3 throughput in MiB/s, 125..1000. @default 125 */
    diskThroughputMiBps?: number;
    /** Security groups for the nodes. When unset EKS attaches the cluster security group; when set, include it yourself. @default unset */
    securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
    /** Kubernetes labels for the nodes. @default {} */
    labels?: Record<string, string>;
    /** Kubernetes taints for the nodes. @default [] */
    taints?: NodeTaint[];
    /** The pool for cluster-critical add-ons: taint CriticalAddonsOnly=true:NoSchedule and label platform/pool=system. @default false */
    system?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

/** Label every system pool carries; add-ons select it (`nodeSelector`). */
export const SYSTEM_POOL_LABEL = { key: "platform/pool", value: "system" } as const;
/** Taint every system pool carries; add-ons that belong there tolerate it. */
export const SYSTEM_POOL_TAINT: NodeTaint = { key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" };

export const NODE_POOL_DEFAULTS = {
    amiType: "AL2023_x86_64_STANDARD" as AmiType,
    capacityType: "ON_DEMAND" as CapacityType,
    maxUnavailablePercentage: 33,
    metadataHopLimit: 2,
    diskSizeGiB: 50,
    diskIops: 3000,
    diskThroughputMiBps: 125,
};

/** Labels and taints of a pool, with the system pool's added. */
export function poolLabelsAndTaints(args: Pick<NodePoolArgs, "labels" | "taints" | "system">): { labels: Record<string, string>; taints: NodeTaint[] } {
    const labels = { ...(args.labels ?? {}), ...(args.system ? { [SYSTEM_POOL_LABEL.key]: SYSTEM_POOL_LABEL.value } : {}) };
    const taints = [...(args.taints ?? [])];
    if (args.system && !taints.some((t) => t.key === SYSTEM_POOL_TAINT.key && t.effect === SYSTEM_POOL_TAINT.effect)) {
        taints.push(SYSTEM_POOL_TAINT);
    }
    return { labels, taints };
}

interface Volume {
    deviceName: string;
    ebs: { volumeType: string; encrypted: string; kmsKeyId: pulumi.Input<string>; deleteOnTermination: string; volumeSize?: number; iops?: number; throughput?: number };
}

/**
 * Block device mappings. AL2023 boots from /dev/xvda. Bottlerocket has a small OS volume on
 * /dev/xvda (left at its snapshot size, but encrypted with our key) and keeps images and pod data
 * on /dev/xvdb, which takes the size and performance settings.
 */
export function nodeVolumes(amiType: AmiType, kmsKeyId: pulumi.Input<string>, size: number, iops: number, throughput: number): Volume[] {
    const base = { volumeType: "gp3", encrypted: "true", kmsKeyId, deleteOnTermination: "true" };
    const data = { ...base, volumeSize: size, iops, throughput };
    if (amiType.startsWith("BOTTLEROCKET")) {
        return [
            { deviceName: "/dev/xvda", ebs: base },
            { deviceName: "/dev/xvdb", ebs: data },
        ];
    }
    return [{ deviceName: "/dev/xvda", ebs: data }];
}

export class NodePool extends pulumi.ComponentResource {
    readonly nodeGroupName: pulumi.Output<string>;
    readonly nodeGroupArn: pulumi.Output<string>;
    readonly launchTemplateId: pulumi.Output<string>;

    constructor(name: string, args: NodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:NodePool", name, {}, opts);
        validateNodePoolArgs(args);
        const d = NODE_POOL_DEFAULTS;
        const amiType = args.amiType ?? d.amiType;
        const capacityType = args.capacityType ?? d.capacityType;
        const hopLimit = args.metadataHopLimit ?? d.metadataHopLimit;
        const { labels, taints } = poolLabelsAndTaints(args);
        const tags = tagsFor(args.tags, name);

        const launchTemplate = new aws.ec2.LaunchTemplate(
            `${name}-launch-template`,
            {
                description: `Nodes of ${name}: IMDSv2, encrypted gp3, no SSH key, no public IP`,
                updateDefaultVersion: true,
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: hopLimit },
                blockDeviceMappings: nodeVolumes(amiType, args.ebsKmsKeyArn, args.diskSizeGiB ?? d.diskSizeGiB, args.diskIops ?? d.diskIops, args.diskThroughputMiBps ?? d.diskThroughputMiBps),
                vpcSecurityGroupIds: args.securityGroupIds,
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags })),
                tags,
            },
            { parent: this },
        );

        const nodeGroup = new aws.eks.NodeGroup(
            name,
            {
                clusterName: args.clusterName,
                version: args.kubernetesVersion,
                nodeRoleArn: args.nodeRoleArn,
                subnetIds: args.subnetIds,
                amiType,
                capacityType,
                instanceTypes: args.instanceTypes,
                launchTemplate: { id: launchTemplate.id, version: launchTemplate.latestVersion.apply((v) => String(v)) },
                scalingConfig: { minSize: args.minSize, desiredSize: args.desiredSize ?? args.minSize, maxSize: args.maxSize },
                updateConfig: { maxUnavailablePercentage: args.maxUnavailablePercentage ?? d.maxUnavailablePercentage },
                labels,
                taints,
                tags,
            },
            { parent: this, ignoreChanges: ["scalingConfig.desiredSize"] },
        );

        this.nodeGroupName = nodeGroup.nodeGroupName;
        this.nodeGroupArn = nodeGroup.arn;
        this.launchTemplateId = launchTemplate.id;
        this.registerOutputs({ nodeGroupName: this.nodeGroupName, nodeGroupArn: this.nodeGroupArn, launchTemplateId: this.launchTemplateId });
    }
}
