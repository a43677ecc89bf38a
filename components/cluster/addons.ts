import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, PolicyStatement, policyDocument, tagsFor } from "../common";
import { SYSTEM_POOL_LABEL, SYSTEM_POOL_TAINT } from "./node-pool";
import { PodIdentityRole } from "./pod-identity";
import { validateClusterAddonsArgs } from "./validate-nodes";
import { AddonVersionOverrides, ManagedAddon, resolveAddonVersions } from "./versions";

/**
 * The EKS managed add-ons every cluster runs, at the versions pinned in versions.ts for the
 * cluster's minor: vpc-cni (network policy on), coredns, kube-proxy, aws-ebs-csi-driver and
 * eks-pod-identity-agent. The two that call AWS get their permissions through Pod Identity:
 *
 * - vpc-cni: `kube-system/aws-node` with AmazonEKS_CNI_Policy (so the node role does not carry it);
 * - aws-ebs-csi-driver: `kube-system/ebs-csi-controller-sa` with AmazonEBSCSIDriverPolicy plus
 *   the KMS permissions on the EBS key that encrypted volumes need.
 *
 * The associations come from `PodIdentityRole`, not from the add-on's own
 * `podIdentityAssociations`: both would associate the same service account and EKS accepts one.
 * Each such add-on depends on the pod identity agent and on its role, so its pods find
 * credentials when they first start.
 *
 * Ordering with nodes (EksCluster turns off EKS's self-managed bootstrap add-ons, so nodes are
 * NotReady until vpc-cni and kube-proxy run): vpc-cni, kube-proxy and the agent are DaemonSets,
 * ACTIVE with no nodes, and depend on nothing but their roles, so they install as soon as the
 * cluster exists, while node groups are still launching (about a minute against several; a
 * managed node group waits far longer than that for its nodes to turn Ready). coredns and the
 * EBS CSI controller are Deployments that only turn ACTIVE once they run somewhere: they wait
 * for `nodePools`. Create the node pools first and pass them in; there is no cycle.
 */
export interface ClusterAddonsArgs {
    clusterName: pulumi.Input<string>;
    /** The cluster's minor ("1.34"): picks the pinned add-on versions. */
    kubernetesVersion: string;
    /** Account of the cluster: the Pod Identity trust policies are limited to it. */
    accountId: string;
    region: string;
    /** KMS key that encrypts EBS volumes; the EBS CSI driver may use it and nothing else. */
    ebsKmsKeyArn: pulumi.Input<string>;
    /** The cluster has a system pool (NodePool `system: true`): coredns is pinned to it. @default false */
    systemPool?: boolean;
    /** Node pools coredns and the EBS CSI driver wait for (their pods need nodes). @default [] */
    nodePools?: pulumi.Resource[];
    /** Versions other than the pins, validated against the cluster's minor. @default {} */
    addonVersions?: AddonVersionOverrides;
    /** @default {} */
    tags?: Record<string, string>;
}

export const CLUSTER_ADDONS_DEFAULTS = { systemPool: false, nodePools: [] as pulumi.Resource[], addonVersions: {} as AddonVersionOverrides };

/** Conflicts on create and update: the managed configuration wins over drift made by hand. */
const RESOLVE = { resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" } as const;

/** The VPC CNI's configuration: enforce Kubernetes NetworkPolicy (the namespaces' default deny relies on it). */
export function vpcCniConfiguration(): string {
    return JSON.stringify({ enableNetworkPolicy: "true" });
}

/** coredns tolerates the system pool's taint everywhere and, when there is one, runs there. */
export function corednsConfiguration(systemPool: boolean): string {
    return JSON.stringify({
        tolerations: [{ key: SYSTEM_POOL_TAINT.key, operator: "Exists" }],
        ...(systemPool ? { nodeSelector: { [SYSTEM_POOL_LABEL.key]: SYSTEM_POOL_LABEL.value } } : {}),
    });
}

/**
 * What the EBS CSI controller needs on a customer managed key, per the driver's documentation:
 * grants only for AWS resources (EC2 attaching the volume) and the data-key operations.
 */
export function ebsCsiKmsStatements(keyArn: string): PolicyStatement[] {
    return [
        {
            Sid: "EbsKeyGrantsForAttachments",
            Effect: "Allow",
            Action: "kms:CreateGrant",
            Resource: keyArn,
            Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
        {
            Sid: "EbsKeyDataKeys",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            Resource: keyArn,
        },
    ];
}

export class ClusterAddons extends pulumi.ComponentResource {
    /** The version installed of each add-on. */
    readonly addonVersions: Record<ManagedAddon, string>;
    readonly vpcCniRoleArn: pulumi.Output<string>;
    readonly ebsCsiRoleArn: pulumi.Output<string>;

    constructor(name: string, args: ClusterAddonsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:ClusterAddons", name, {}, opts);
        validateClusterAddonsArgs(args);
        const d = CLUSTER_ADDONS_DEFAULTS;
        const systemPool = args.systemPool ?? d.systemPool;
        const nodePools = args.nodePools ?? d.nodePools;
        const versions = resolveAddonVersions(args.kubernetesVersion, args.addonVersions ?? d.addonVersions);
        const partition = partitionOf(args.region);
        const identity = { clusterName: args.clusterName, namespace: "kube-system", accountId: args.accountId, region: args.region, tags: args.tags };

        const addon = (addonName: ManagedAddon, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Input<pulumi.Resource>[] = []) =>
            new aws.eks.Addon(
                `${name}-${addonName}`,
                { clusterName: args.clusterName, addonName, addonVersion: versions[addonName], ...RESOLVE, ...extra, tags: tagsFor(args.tags, `${name}-${addonName}`) },
                { parent: this, dependsOn },
            );

        const agent = addon("eks-pod-identity-agent", {});

        const vpcCniRole = new PodIdentityRole(
            `${name}-vpc-cni-identity`,
            { ...identity, serviceAccount: "aws-node", managedPolicyArns: [`arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy`] },
            { parent: this },
        );
        addon("vpc-cni", { configurationValues: vpcCniConfiguration() }, [agent, vpcCniRole]);

        addon("kube-proxy", {});
        addon("coredns", { configurationValues: corednsConfiguration(systemPool) }, nodePools);

        const ebsCsiRole = new PodIdentityRole(
            `${name}-ebs-csi-identity`,
            { ...identity, serviceAccount: "ebs-csi-controller-sa", managedPolicyArns: [`arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`] },
            { parent: this },
        );
        // The key ARN is known only after the key exists, so these statements cannot go through
        // PodIdentityRole's plain `statements`; they are an inline policy on its role instead.
        const ebsKms = new aws.iam.RolePolicy(
            `${name}-ebs-csi-kms`,
            { role: ebsCsiRole.roleName, policy: pulumi.output(args.ebsKmsKeyArn).apply((arn) => JSON.stringify(policyDocument(ebsCsiKmsStatements(arn)))) },
            { parent: this },
        );
        addon("aws-ebs-csi-driver", {}, [agent, ebsCsiRole, ebsKms, ...nodePools]);

        this.addonVersions = versions;
        this.vpcCniRoleArn = vpcCniRole.roleArn;
        this.ebsCsiRoleArn = ebsCsiRole.roleArn;
        this.registerOutputs({ addonVersions: this.addonVersions, vpcCniRoleArn: this.vpcCniRoleArn, ebsCsiRoleArn: this.ebsCsiRoleArn });
    }
}
