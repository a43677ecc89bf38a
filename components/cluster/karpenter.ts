import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { dnsSuffixOf, partitionOf, PLATFORM_IAM_PATH, roleArnOf, PolicyStatement, policyDocument, tagsFor } from "../common";
import { SYSTEM_POOL_LABEL, SYSTEM_POOL_TAINT } from "./node-pool";
import { pinnedRelease } from "../kubernetes/helm";
import { NodeRole } from "./node-role";
import { PodIdentityRole } from "./pod-identity";
import { KarpenterCapacityType, validateKarpenterArgs } from "./validate-nodes";

/**
 * Karpenter on an EKS cluster, the way its own getting-started CloudFormation sets it up, with
 * Pod Identity instead of IRSA:
 *
 * - the controller's role (kube-system/karpenter) with the statements of Karpenter's controller
 *   policies: instance, fleet and launch-template actions only on resources tagged for this
 *   cluster, `iam:PassRole` only on the node role, instance profiles only with this cluster's tags;
 * - a node role (`NodeRole`: no CNI policy, EC2_LINUX access entry) for the nodes it launches;
 * - an SQS interruption queue (SSE-SQS, 5-minute retention, TLS only, writable only by
 *   EventBridge and SQS for this account) fed by EventBridge rules for Spot interruption
 *   warnings, rebalance recommendations, instance state changes and AWS Health events;
 * - the CRD chart and the controller chart, pinned below;
 * - a default EC2NodeClass and NodePool.
 *
 * The Kubernetes resources use the provider passed in `opts.providers`.
 */

/** The Karpenter chart pin (controller and CRD charts ship together, same version). */
export const KARPENTER_CHART_VERSION = "1.9.0";
export const KARPENTER_CHART = "oci://public.ecr.aws/karpenter/karpenter";
export const KARPENTER_CRD_CHART = "oci://public.ecr.aws/karpenter/karpenter-crd";
/** Newest Kubernetes minor KARPENTER_CHART_VERSION supports (Karpenter's compatibility matrix). */
export const KARPENTER_MAX_KUBERNETES_VERSION = "1.35";
/**
 * AMI of the default EC2NodeClass. `latest` follows each EKS AMI release, and Karpenter drifts
 * nodes onto it within the NodePool's disruption budget; pin `al2023@vYYYYMMDD` per stack
 * (`amiAlias`) where node replacement must be a reviewed change.
 */
export const KARPENTER_AMI_ALIAS = "al2023@latest";

export const KARPENTER_NAMESPACE = "kube-system";
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";

export interface KarpenterArgs {
    /**
     * Cluster name, as a plain string: it is part of IAM condition keys
     * (`aws:RequestTag/kubernetes.io/cluster/<name>`), of the node role and queue names and of the
     * discovery tag, all of which must be known when the program runs.
     */
    clusterName: string;
    /**
     * The cluster security group (EKS creates it): tagged `karpenter.sh/discovery` so the default
     * EC2NodeClass attaches it to the nodes it launches. @default not tagged (tag it yourself)
     */
    clusterSecurityGroupId?: pulumi.Input<string>;
    /** The cluster's minor: must be one the pinned chart supports. */
    kubernetesVersion: string;
    accountId: string;
    region: string;
    /** KMS key for the nodes' volumes. */
    ebsKmsKeyArn: pulumi.Input<string>;
    /** Most vCPUs the default NodePool may run. */
    cpuLimit: number;
    /** Most memory (GiB) the default NodePool may run. */
    memoryLimitGiB: number;
    /** @default ["on-demand"] */
    capacityTypes?: KarpenterCapacityType[];
    /** @default ["amd64", "arm64"] */
    architectures?: ("amd64" | "arm64")[];
    /** @default ["c", "m", "r"] */
    instanceCategories?: string[];
    /** IMDS hop limit of Karpenter nodes, 1..2. @default 1 */
    metadataHopLimit?: number;
    /** Root volume size in GiB. @default 50 */
    diskSizeGiB?: number;
    /** @default KARPENTER_AMI_ALIAS */
    amiAlias?: string;
    /** The cluster has a system pool: the controller runs there (never on nodes it manages). @default false */
    systemPool?: boolean;
    /** Labels of the nodes the default NodePool launches. @default {} */
    nodeLabels?: Record<string, string>;
    /** Controller CPU request. @default "1" */
    controllerCpu?: string;
    /** Controller memory request and limit. @default "1Gi" */
    controllerMemory?: string;
    /** @default {} */
    tags?: Record<string, string>;
}

export const KARPENTER_DEFAULTS = {
    capacityTypes: ["on-demand"] as KarpenterCapacityType[],
    architectures: ["amd64", "arm64"] as ("amd64" | "arm64")[],
    instanceCategories: ["c", "m", "r"],
    metadataHopLimit: 1,
    diskSizeGiB: 50,
    amiAlias: KARPENTER_AMI_ALIAS,
    systemPool: false,
    controllerCpu: "1",
    controllerMemory: "1Gi",
};

/** Physical names Karpenter derives from the cluster name. */
export function karpenterNames(clusterName: string): { nodeRoleName: string; queueName: string } {
    return { nodeRoleName: `${clusterName}-karpenter-node`, queueName: `${clusterName}-karpenter` };
}

export interface KarpenterPolicyContext {
    clusterName: string;
    accountId: string;
    region: string;
    nodeRoleArn: string;
    queueArn: string;
}

/**
 * The controller's permissions: the statements of Karpenter's controller policies
 * (NodeLifecycle, IAMIntegration, EKSIntegration, Interruption, ResourceDiscovery) from its
 * getting-started cloudformation.yaml, in one document.
 */
export function karpenterControllerStatements(c: KarpenterPolicyContext): PolicyStatement[] {
    const ec2 = (type: string, account = "*") => `arn:${partitionOf(c.region)}:ec2:${c.region}:${account}:${type}/*`;
    const instanceProfiles = `arn:${partitionOf(c.region)}:iam::${c.accountId}:instance-profile/*`;
    const owned = `kubernetes.io/cluster/${c.clusterName}`;
    const tagged = [ec2("fleet"), ec2("instance"), ec2("volume"), ec2("network-interface"), ec2("launch-template"), ec2("spot-instances-request")];
    return [
        {
            Sid: "AllowScopedEC2InstanceAccessActions",
            Effect: "Allow",
            Resource: [ec2("image", ""), ec2("snapshot", ""), ec2("security-group"), ec2("subnet"), ec2("capacity-reservation")],
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
        },
        {
            Sid: "AllowScopedEC2LaunchTemplateAccessActions",
            Effect: "Allow",
            Resource: ec2("launch-template"),
            Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            Condition: { StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" }, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowScopedEC2InstanceActionsWithTags",
            Effect: "Allow",
            Resource: tagged,
            Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
            Condition: {
                StringEquals: { [`aws:RequestTag/${owned}`]: "owned", "aws:RequestTag/eks:eks-cluster-name": c.clusterName },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            },
        },
        {
            Sid: "AllowScopedResourceCreationTagging",
            Effect: "Allow",
            Resource: tagged,
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: {
                    [`aws:RequestTag/${owned}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": c.clusterName,
                    "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                },
                StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
            },
        },
        {
            Sid: "AllowScopedResourceTagging",
            Effect: "Allow",
            Resource: ec2("instance"),
            Action: "ec2:CreateTags",
            Condition: {
                StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" },
                StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": c.clusterName },
                "ForAllValues:StringEquals": { "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"] },
            },
        },
        {
            Sid: "AllowScopedDeletion",
            Effect: "Allow",
            Resource: [ec2("instance"), ec2("launch-template")],
            Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
            Condition: { StringEquals: { [`aws:ResourceTag/${owned}`]: "owned" }, StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" } },
        },
        {
            Sid: "AllowPassingInstanceRole",
            Effect: "Allow",
            Resource: c.nodeRoleArn,
            Action: "iam:PassRole",
            Condition: { StringEquals: { "iam:PassedToService": `ec2.${dnsSuffixOf(c.region)}` } },
        },
        {
            Sid: "AllowScopedInstanceProfileCreationActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: "iam:CreateInstanceProfile",
            Condition: {
                StringEquals: {
                    [`aws:RequestTag/${owned}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": c.clusterName,
                    "aws:RequestTag/topology.kubernetes.io/region": c.region,
                },
                StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileTagActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: "iam:TagInstanceProfile",
            Condition: {
                StringEquals: {
                    [`aws:ResourceTag/${owned}`]: "owned",
                    "aws:ResourceTag/topology.kubernetes.io/region": c.region,
                    [`aws:RequestTag/${owned}`]: "owned",
                    "aws:RequestTag/eks:eks-cluster-name": c.clusterName,
                    "aws:RequestTag/topology.kubernetes.io/region": c.region,
                },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*", "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowScopedInstanceProfileActions",
            Effect: "Allow",
            Resource: instanceProfiles,
            Action: ["iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:DeleteInstanceProfile"],
            Condition: {
                StringEquals: { [`aws:ResourceTag/${owned}`]: "owned", "aws:ResourceTag/topology.kubernetes.io/region": c.region },
                StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
            },
        },
        {
            Sid: "AllowAPIServerEndpointDiscovery",
            Effect: "Allow",
            Resource: `arn:${partitionOf(c.region)}:eks:${c.region}:${c.accountId}:cluster/${c.clusterName}`,
            Action: "eks:DescribeCluster",
        },
        {
            Sid: "AllowInterruptionQueueActions",
            Effect: "Allow",
            Resource: c.queueArn,
            Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
        },
        {
            Sid: "AllowRegionalReadActions",
            Effect: "Allow",
            Resource: "*",
            Action: [
                "ec2:DescribeCapacityReservations",
                "ec2:DescribeImages",
                "ec2:DescribeInstances",
                "ec2:DescribeInstanceTypeOfferings",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplates",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSpotPriceHistory",
                "ec2:DescribeSubnets",
            ],
            Condition: { StringEquals: { "aws:RequestedRegion": c.region } },
        },
        {
            Sid: "AllowSSMReadActions",
            Effect: "Allow",
            Resource: `arn:${partitionOf(c.region)}:ssm:${c.region}::parameter/aws/service/*`,
            Action: "ssm:GetParameter",
        },
        { Sid: "AllowPricingReadActions", Effect: "Allow", Resource: "*", Action: "pricing:GetProducts" },
        { Sid: "AllowUnscopedInstanceProfileListAction", Effect: "Allow", Resource: "*", Action: "iam:ListInstanceProfiles" },
        { Sid: "AllowInstanceProfileReadActions", Effect: "Allow", Resource: instanceProfiles, Action: "iam:GetInstanceProfile" },
    ];
}

/** Queue policy: EventBridge (and SQS, for its own deliveries) may send, for this account only; nothing over plain HTTP. */
export function interruptionQueuePolicy(queueArn: string, accountId: string): string {
    return JSON.stringify({
        Id: "EC2InterruptionPolicy",
        ...policyDocument([
            {
                Sid: "EventBridgeDelivery",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
            { Sid: "DenyHTTP", Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queueArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ]),
    });
}

/** The EventBridge events Karpenter handles, by child role name. */
export const INTERRUPTION_EVENTS: Record<string, { source: string; detailType: string }> = {
    "scheduled-change": { source: "aws.health", detailType: "AWS Health Event" },
    "spot-interruption": { source: "aws.ec2", detailType: "EC2 Spot Instance Interruption Warning" },
    rebalance: { source: "aws.ec2", detailType: "EC2 Instance Rebalance Recommendation" },
    "state-change": { source: "aws.ec2", detailType: "EC2 Instance State-change Notification" },
};

/** The chart values this component sets (the karpenter chart's `values.yaml` keys). */
export interface KarpenterValues {
    serviceAccount: { create: boolean; name: string };
    replicas: number;
    settings: { clusterName: string; interruptionQueue: string };
    controller: { resources: { requests: { cpu: string; memory: string }; limits: { memory: string } } };
    tolerations: { key: string; operator: "Exists" | "Equal"; value?: string; effect?: string }[];
    nodeSelector?: Record<string, string>;
}

export function karpenterValues(c: { clusterName: string; queueName: string; cpu: string; memory: string; systemPool: boolean }): KarpenterValues {
    return {
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
        replicas: 2,
        settings: { clusterName: c.clusterName, interruptionQueue: c.queueName },
        // Memory request equals the limit: the controller is not evicted for memory pressure it did not cause.
        controller: { resources: { requests: { cpu: c.cpu, memory: c.memory }, limits: { memory: c.memory } } },
        tolerations: [{ key: SYSTEM_POOL_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
        ...(c.systemPool ? { nodeSelector: { [SYSTEM_POOL_LABEL.key]: SYSTEM_POOL_LABEL.value } } : {}),
    };
}

export function ec2NodeClassSpec(c: {
    nodeRoleName: string;
    clusterName: string;
    amiAlias: string;
    ebsKmsKeyArn: pulumi.Input<string>;
    diskSizeGiB: number;
    hopLimit: number;
    tags: Record<string, string>;
}): Record<string, unknown> {
    const discovery = [{ tags: { "karpenter.sh/discovery": c.clusterName } }];
    return {
        role: c.nodeRoleName,
        amiSelectorTerms: [{ alias: c.amiAlias }],
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        blockDeviceMappings: [
            {
                deviceName: "/dev/xvda",
                ebs: { volumeSize: `${c.diskSizeGiB}Gi`, volumeType: "gp3", iops: 3000, throughput: 125, encrypted: true, kmsKeyID: c.ebsKmsKeyArn, deleteOnTermination: true },
            },
        ],
        metadataOptions: { httpEndpoint: "enabled", httpProtocolIPv6: "disabled", httpPutResponseHopLimit: c.hopLimit, httpTokens: "required" },
        tags: c.tags,
    };
}

export function nodePoolSpec(c: {
    capacityTypes: string[];
    architectures: string[];
    instanceCategories: string[];
    cpuLimit: number;
    memoryLimitGiB: number;
    labels: Record<string, string>;
}): Record<string, unknown> {
    return {
        template: {
            metadata: { labels: c.labels },
            spec: {
                nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
                requirements: [
                    { key: "kubernetes.io/arch", operator: "In", values: c.architectures },
                    { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                    { key: "karpenter.sh/capacity-type", operator: "In", values: c.capacityTypes },
                    { key: "karpenter.k8s.aws/instance-category", operator: "In", values: c.instanceCategories },
                    { key: "karpenter.k8s.aws/instance-generation", operator: "Gt", values: ["2"] },
                ],
                // Nodes are replaced at least monthly, so they pick up new AMIs and do not age.
                expireAfter: "720h",
            },
        },
        limits: { cpu: String(c.cpuLimit), memory: `${c.memoryLimitGiB}Gi` },
        disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: "1m", budgets: [{ nodes: "10%" }] },
    };
}

export class Karpenter extends pulumi.ComponentResource {
    readonly controllerRoleArn: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;
    readonly nodeRoleName: pulumi.Output<string>;
    readonly queueUrl: pulumi.Output<string>;
    readonly queueName: string;

    constructor(name: string, args: KarpenterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:Karpenter", name, {}, opts);
        const names = karpenterNames(args.clusterName);
        validateKarpenterArgs(args, { ...names, chartVersion: KARPENTER_CHART_VERSION, maxKubernetesVersion: KARPENTER_MAX_KUBERNETES_VERSION });
        const d = KARPENTER_DEFAULTS;
        const partition = partitionOf(args.region);
        // Known before anything exists, so the controller's statements stay plain documents. The
        // path is part of the ARN (NodeRole's default PLATFORM_IAM_PATH); EC2NodeClass names the
        // role by name, which IAM keeps unique whatever the path.
        const nodeRoleArn = roleArnOf(args.accountId, args.region, names.nodeRoleName, PLATFORM_IAM_PATH);
        const queueArn = `arn:${partition}:sqs:${args.region}:${args.accountId}:${names.queueName}`;

        const nodeRole = new NodeRole(
            `${name}-node`,
            { clusterName: args.clusterName, region: args.region, accountId: args.accountId, roleName: names.nodeRoleName, rolePath: PLATFORM_IAM_PATH, tags: args.tags },
            { parent: this },
        );

        if (args.clusterSecurityGroupId !== undefined) {
            new aws.ec2.Tag(`${name}-sg-discovery`, { resourceId: args.clusterSecurityGroupId, key: "karpenter.sh/discovery", value: args.clusterName }, { parent: this });
        }
        const queue = new aws.sqs.Queue(
            `${name}-interruption`,
            { name: names.queueName, messageRetentionSeconds: 300, sqsManagedSseEnabled: true, tags: tagsFor(args.tags, names.queueName) },
            { parent: this },
        );
        const queuePolicy = new aws.sqs.QueuePolicy(`${name}-interruption-policy`, { queueUrl: queue.url, policy: interruptionQueuePolicy(queueArn, args.accountId) }, { parent: this });
        const targets = Object.entries(INTERRUPTION_EVENTS).map(([role, e]) => {
            const rule = new aws.cloudwatch.EventRule(
                `${name}-${role}`,
                { description: `Karpenter interruption handling for ${args.clusterName}: ${e.detailType}`, eventPattern: JSON.stringify({ source: [e.source], "detail-type": [e.detailType] }), tags: tagsFor(args.tags) },
                { parent: this },
            );
            return new aws.cloudwatch.EventTarget(`${name}-${role}-target`, { rule: rule.name, arn: queue.arn, targetId: "KarpenterInterruptionQueueTarget" }, { parent: this, dependsOn: [rule, queuePolicy] });
        });

        const controller = new PodIdentityRole(
            `${name}-controller`,
            {
                clusterName: args.clusterName,
                namespace: KARPENTER_NAMESPACE,
                serviceAccount: KARPENTER_SERVICE_ACCOUNT,
                accountId: args.accountId,
                region: args.region,
                statements: karpenterControllerStatements({ clusterName: args.clusterName, accountId: args.accountId, region: args.region, nodeRoleArn, queueArn }),
                tags: args.tags,
            },
            { parent: this },
        );

        // CRDs from their own chart: Helm installs a chart's crds/ once and never upgrades them.
        const crds = pinnedRelease(`${name}-crd`, { pin: { chart: KARPENTER_CRD_CHART, version: KARPENTER_CHART_VERSION }, releaseName: "karpenter-crd", namespace: KARPENTER_NAMESPACE }, { parent: this });
        const release = pinnedRelease(
            name,
            {
                pin: { chart: KARPENTER_CHART, version: KARPENTER_CHART_VERSION },
                // A fixed release name keeps the service account and webhook names stable.
                releaseName: "karpenter",
                namespace: KARPENTER_NAMESPACE,
                skipCrds: true,
                values: karpenterValues({
                    clusterName: args.clusterName,
                    queueName: names.queueName,
                    cpu: args.controllerCpu ?? d.controllerCpu,
                    memory: args.controllerMemory ?? d.controllerMemory,
                    systemPool: args.systemPool ?? d.systemPool,
                }),
            },
            // The controller needs its credentials, its queue and its CRDs when it first starts.
            { parent: this, dependsOn: [crds, controller, queue, queuePolicy, ...targets] },
        );

        const nodeClass = new k8s.apiextensions.CustomResource(
            `${name}-node-class`,
            {
                apiVersion: "karpenter.k8s.aws/v1",
                kind: "EC2NodeClass",
                metadata: { name: "default" },
                spec: ec2NodeClassSpec({
                    nodeRoleName: names.nodeRoleName,
                    clusterName: args.clusterName,
                    amiAlias: args.amiAlias ?? d.amiAlias,
                    ebsKmsKeyArn: args.ebsKmsKeyArn,
                    diskSizeGiB: args.diskSizeGiB ?? d.diskSizeGiB,
                    hopLimit: args.metadataHopLimit ?? d.metadataHopLimit,
                    tags: tagsFor(args.tags),
                }),
            },
            { parent: this, dependsOn: [crds, release, nodeRole] },
        );
        new k8s.apiextensions.CustomResource(
            `${name}-node-pool`,
            {
                apiVersion: "karpenter.sh/v1",
                kind: "NodePool",
                metadata: { name: "default" },
                spec: nodePoolSpec({
                    capacityTypes: args.capacityTypes ?? d.capacityTypes,
                    architectures: args.architectures ?? d.architectures,
                    instanceCategories: args.instanceCategories ?? d.instanceCategories,
                    cpuLimit: args.cpuLimit,
                    memoryLimitGiB: args.memoryLimitGiB,
                    labels: args.nodeLabels ?? {},
                }),
            },
            { parent: this, dependsOn: [crds, release, nodeClass] },
        );

        this.controllerRoleArn = controller.roleArn;
        this.nodeRoleArn = nodeRole.roleArn;
        this.nodeRoleName = nodeRole.roleName;
        this.queueUrl = queue.url;
        this.queueName = names.queueName;
        this.registerOutputs({
            controllerRoleArn: this.controllerRoleArn,
            nodeRoleArn: this.nodeRoleArn,
            nodeRoleName: this.nodeRoleName,
            queueUrl: this.queueUrl,
            queueName: this.queueName,
        });
    }
}
