import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs, partitionOf, PlatformRoleArgs, platformRoleInputs, policyDocument, Problems, tagsFor } from "../common";

/**
 * The IAM role EC2 worker nodes run as, and the EKS access entry that lets them join a cluster
 * in authenticationMode API. The role holds only what the kubelet and the node itself need:
 *
 * - AmazonEKSWorkerNodePolicy: describe the cluster and its nodes, register with it.
 * - AmazonEC2ContainerRegistryPullOnly: pull images (GetAuthorizationToken, BatchGetImage,
 *   GetDownloadUrlForLayer, and BatchImportUpstreamImage for the pull-through cache). ReadOnly
 *   would add Describe*, List* and repository/lifecycle policy reads that a kubelet never makes.
 * - AmazonSSMManagedInstanceCore: Session Manager instead of SSH (node groups have no SSH key).
 * - AmazonEC2ContainerRegistryReadOnly, last: EKS's CreateNodegroup has checked for this exact
 *   policy ARN on the node role and refused the node group without it ("The provided role doesn't
 *   have the Amazon EKS Managed Policies associated with it ... AmazonEKSWorkerNodePolicy,
 *   AmazonEC2ContainerRegistryReadOnly", aws/containers-roadmap#1610, eksctl#2675). The node-role
 *   page (https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html, read 2026-12-02)
 *   now names PullOnly, but says nothing of the check being gone, so a first deploy must not bet on
 *   it; the extra Describe/List reads on ECR metadata are the price. PullOnly stays: ReadOnly lacks
 *   BatchImportUpstreamImage, which pull-through cache needs. Appended so that `-0..2` keep their names.
 *
 * Not AmazonEKS_CNI_Policy: the VPC CNI gets it through its own Pod Identity role (ClusterAddons),
 * so no pod on the node can borrow ENI permissions through the instance profile.
 */
export interface NodeRoleArgs extends PlatformRoleArgs {
    /** Cluster the nodes join (the access entry belongs to it). */
    clusterName: pulumi.Input<string>;
    /** Region of the cluster: picks the ARN partition of the managed policies. */
    region: string;
    /** Account of the cluster: names the default permissions boundary. */
    accountId: string;
    /**
     * Physical role name. Set it when something must know the ARN before the role exists
     * (Karpenter's PassRole statement); otherwise Pulumi names it. @default auto-named from `name`
     */
    roleName?: string;
    /** @default {} */
    tags?: Record<string, string>;
}

/** The managed policies a node role carries, in attachment order (child `${name}-<i>`). */
export const NODE_MANAGED_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore", "AmazonEC2ContainerRegistryReadOnly"] as const;

/** ARNs of the node role's managed policies in the region's partition. */
export function nodeManagedPolicyArns(region: string): string[] {
    return NODE_MANAGED_POLICIES.map((p) => `arn:${partitionOf(region)}:iam::aws:policy/${p}`);
}

/** Trust policy: EC2 instances only (`ec2.amazonaws.com`, `ec2.amazonaws.com.cn` in the China regions). */
export function nodeTrustPolicy(region: string): string {
    const service = region.startsWith("cn-") ? "ec2.amazonaws.com.cn" : "ec2.amazonaws.com";
    return JSON.stringify(policyDocument([{ Sid: "Ec2Nodes", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }]));
}

export function validateNodeRoleArgs(args: NodeRoleArgs): void {
    const p = new Problems();
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(args.region)) {
        p.add("region", args.region, "is not an AWS region (for example \"eu-west-1\")");
    }
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    checkPlatformRoleArgs(p, args);
    if (args.roleName !== undefined && !/^[\w+=,.@-]{1,64}$/.test(args.roleName)) {
        p.add("roleName", args.roleName, "is not an IAM role name (1 to 64 of [A-Za-z0-9+=,.@_-])");
    }
    p.throwIfAny("NodeRole");
}

export class NodeRole extends pulumi.ComponentResource {
    /** ARN of the role; resolves once the policies are attached and the access entry exists, so a node group that takes it waits for both. */
    readonly roleArn: pulumi.Output<string>;
    /** Name of the role (for Karpenter's EC2NodeClass `role`); resolves after the same children as `roleArn`. */
    readonly roleName: pulumi.Output<string>;
    readonly accessEntryArn: pulumi.Output<string>;

    constructor(name: string, args: NodeRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:NodeRole", name, {}, opts);
        validateNodeRoleArgs(args);
        const tags = tagsFor(args.tags, name);

        const role = new aws.iam.Role(
            name,
            {
                name: args.roleName,
                // A path is fine for nodes here: access entries take role ARNs with a path (the
                // aws-auth ConfigMap, which does not, is never used).
                ...platformRoleInputs(args, args.accountId, args.region),
                assumeRolePolicy: nodeTrustPolicy(args.region),
                description: "EKS worker nodes: join the cluster, pull images, Session Manager",
                tags,
            },
            { parent: this },
        );
        const attachments = nodeManagedPolicyArns(args.region).map(
            (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-${i}`, { role: role.name, policyArn }, { parent: this }),
        );
        // EC2_LINUX entries get the node's Kubernetes groups from EKS; none may be given here.
        const entry = new aws.eks.AccessEntry(`${name}-access`, { clusterName: args.clusterName, principalArn: role.arn, type: "EC2_LINUX", tags }, { parent: this });

        const ready = [...attachments.map((a) => a.id), entry.id];
        this.roleArn = pulumi.all([role.arn, ...ready]).apply(([arn]) => arn);
        this.roleName = pulumi.all([role.name, ...ready]).apply(([n]) => n);
        this.accessEntryArn = entry.accessEntryArn;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, accessEntryArn: this.accessEntryArn });
    }
}
