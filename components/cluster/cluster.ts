import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, PlatformRoleArgs, platformRoleInputs, policyDocument, stateful, tagsFor } from "../common";
import { ClusterAccess, TeamAccess } from "./access";
import { renderKubeconfig } from "./kubeconfig";
import { ClusterLogType, CLUSTER_LOG_TYPES, parseCidr, validateEksClusterArgs } from "./validate-cluster";
import { DEFAULT_KUBERNETES_VERSION } from "./versions";

/**
 * An EKS control plane built from `@pulumi/aws` primitives, so that every resource is visible to
 * the offline plan and its policies (DESIGN.md). Secure by default: private endpoint only,
 * secrets encrypted with the given KMS key, all five control-plane log types into a pre-created,
 * encrypted log group with retention, access entries only (no `aws-auth`, no implicit admin for
 * whoever ran `pulumi up`), protected and retained.
 */
/** The cluster role lives under PLATFORM_IAM_PATH with the account's workload boundary (`rolePath`, `permissionsBoundaryArn`). */
export interface EksClusterArgs extends PlatformRoleArgs {
    /** EKS cluster name. @default the component name */
    clusterName?: string;
    /** Kubernetes minor, one of SUPPORTED_VERSIONS. @default DEFAULT_KUBERNETES_VERSION ("1.35") */
    kubernetesVersion?: string;
    /** Region of the cluster: for the kubeconfig and ARNs (components read no config). */
    region: string;
    /** Account of the cluster: the cluster role trusts EKS only on behalf of this account. */
    accountId: string;
    /** VPC of the subnets; the additional security group is created in it. */
    vpcId: pulumi.Input<string>;
    /** Subnets for the control-plane ENIs (the intra tier), in at least two AZs. */
    subnetIds: pulumi.Input<string>[];
    /** KMS key that envelope-encrypts Kubernetes Secrets. */
    secretsKeyArn: pulumi.Input<string>;
    /** KMS key of the control-plane log group. */
    logsKeyArn: pulumi.Input<string>;
    /** Control-plane log types. @default all five: api, audit, authenticator, controllerManager, scheduler */
    enabledLogTypes?: ClusterLogType[];
    /** Retention of the control-plane log group, a CloudWatch value. @default 365 */
    logRetentionDays?: number;
    /** Expose the API server on a public endpoint too (the private one is always on). @default false */
    endpointPublicAccess?: boolean;
    /** Networks allowed to reach the public endpoint; required and never 0.0.0.0/0 or ::/0 when public. @default [] */
    publicAccessCidrs?: string[];
    /** Private networks (VPN, CI runners, peered VPCs) allowed to reach the private endpoint on 443. @default [] */
    apiAccessCidrs?: string[];
    /** Security groups allowed to reach the private endpoint on 443. @default [] */
    apiAccessSecurityGroupIds?: pulumi.Input<string>[];
    /** Service CIDR, a /12–/24 inside RFC 1918. @default EKS picks 10.100.0.0/16 or 172.20.0.0/16 */
    serviceIpv4Cidr?: string;
    /** What EKS does when standard support ends: STANDARD upgrades, EXTENDED bills for more time. @default "STANDARD" */
    supportType?: "STANDARD" | "EXTENDED";
    /** Protect and retain the cluster and its log group, and turn on EKS deletion protection. @default true */
    protect?: boolean;
    /** Principals granted cluster-admin (must include the deployment role). @default [] */
    admins?: string[];
    /** Principals granted read-only access without Secrets. @default [] */
    viewers?: string[];
    /** Team roles mapped to `team:<name>`. @default [] */
    teams?: TeamAccess[];
    /** Read-only roles pull-request previews run with (AmazonEKSAdminViewPolicy, see ClusterAccess). @default [] */
    previewers?: string[];
    /** Role `aws eks get-token` assumes in the provider's kubeconfig; one of admins (deploy) or previewers (preview). @default the caller's credentials */
    kubeconfigRoleArn?: string;
    /** @default {} */
    tags?: Record<string, string>;
}

export const EKS_CLUSTER_DEFAULTS = {
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    enabledLogTypes: [...CLUSTER_LOG_TYPES] as ClusterLogType[],
    logRetentionDays: 365,
    endpointPublicAccess: false,
    supportType: "STANDARD" as const,
    protect: true,
};

/** Trust policy of the cluster role: only the EKS service, only on behalf of this account. */
export function clusterTrustPolicy(accountId: string): string {
    return JSON.stringify(
        policyDocument([
            {
                Sid: "EksControlPlane",
                Effect: "Allow",
                Principal: { Service: "eks.amazonaws.com" },
                // TagSession lets EKS pass session tags (required for Auto Mode and harmless without it).
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:SourceAccount": accountId } },
            },
        ]),
    );
}

export class EksCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthorityData: pulumi.Output<string>;
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The security group EKS creates and attaches to the control plane and managed nodes. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** The security group this component adds to the control-plane ENIs (API access rules). */
    readonly additionalSecurityGroupId: pulumi.Output<string>;
    readonly clusterRoleArn: pulumi.Output<string>;
    readonly logGroupName: pulumi.Output<string>;
    readonly kubernetesVersion: string;
    /** Exec-auth kubeconfig (no credentials in it). */
    readonly kubeconfig: pulumi.Output<string>;
    readonly provider: k8s.Provider;

    constructor(name: string, args: EksClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:EksCluster", name, {}, opts);
        validateEksClusterArgs(args, name);
        const clusterName = args.clusterName ?? name;
        const version = args.kubernetesVersion ?? EKS_CLUSTER_DEFAULTS.kubernetesVersion;
        const logTypes = args.enabledLogTypes ?? EKS_CLUSTER_DEFAULTS.enabledLogTypes;
        const retention = args.logRetentionDays ?? EKS_CLUSTER_DEFAULTS.logRetentionDays;
        const isPublic = args.endpointPublicAccess ?? EKS_CLUSTER_DEFAULTS.endpointPublicAccess;
        const supportType = args.supportType ?? EKS_CLUSTER_DEFAULTS.supportType;
        const protect = args.protect ?? EKS_CLUSTER_DEFAULTS.protect;
        const partition = partitionOf(args.region);

        const role = new aws.iam.Role(
            `${name}-role`,
            {
                ...platformRoleInputs(args, args.accountId, args.region),
                assumeRolePolicy: clusterTrustPolicy(args.accountId),
                description: `EKS control plane role of ${clusterName}`,
                tags: tagsFor(args.tags, `${clusterName}-cluster`),
            },
            { parent: this },
        );
        // The only policy the control plane needs; node, CNI and add-on permissions live on their own roles.
        const clusterPolicy = new aws.iam.RolePolicyAttachment(
            `${name}-cluster-policy`,
            { role: role.name, policyArn: `arn:${partition}:iam::aws:policy/AmazonEKSClusterPolicy` },
            { parent: this },
        );

        // No egress rules: the control plane's egress goes through the EKS-managed cluster security group.
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `Additional security group of the ${clusterName} EKS control plane: API access on 443`,
                revokeRulesOnDelete: true,
                tags: tagsFor(args.tags, `${clusterName}-control-plane`),
            },
            { parent: this },
        );
        (args.apiAccessCidrs ?? []).forEach((cidr, i) => {
            const v6 = parseCidr(cidr)?.family === 6;
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-cidr-${i}`,
                {
                    securityGroupId: sg.id,
                    description: `Kubernetes API from ${cidr}`,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    ...(v6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
                    tags: tagsFor(args.tags),
                },
                { parent: this },
            );
        });
        (args.apiAccessSecurityGroupIds ?? []).forEach((source, i) => {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-sg-${i}`,
                {
                    securityGroupId: sg.id,
                    description: "Kubernetes API from a listed security group",
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    referencedSecurityGroupId: source,
                    tags: tagsFor(args.tags),
                },
                { parent: this },
            );
        });

        // Pre-created so that retention and KMS apply from the first log line (EKS would create it bare).
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            {
                name: `/aws/eks/${clusterName}/cluster`,
                retentionInDays: retention,
                kmsKeyId: args.logsKeyArn,
                tags: tagsFor(args.tags, `/aws/eks/${clusterName}/cluster`),
            },
            stateful(this, protect),
        );

        const cluster = new aws.eks.Cluster(
            name,
            {
                name: clusterName,
                version,
                roleArn: role.arn,
                vpcConfig: {
                    subnetIds: args.subnetIds,
                    securityGroupIds: [sg.id],
                    endpointPrivateAccess: true,
                    endpointPublicAccess: isPublic,
                    ...(isPublic ? { publicAccessCidrs: args.publicAccessCidrs } : {}),
                },
                encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.secretsKeyArn } },
                enabledClusterLogTypes: logTypes,
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
                // vpc-cni, coredns and kube-proxy come as managed add-ons pinned in versions.ts; the
                // unmanaged copies EKS would otherwise install are never updated by anyone.
                bootstrapSelfManagedAddons: false,
                deletionProtection: protect,
                upgradePolicy: { supportType },
                kubernetesNetworkConfig: { ipFamily: "ipv4", ...(args.serviceIpv4Cidr ? { serviceIpv4Cidr: args.serviceIpv4Cidr } : {}) },
                tags: tagsFor(args.tags, clusterName),
            },
            // The role's policy must outlive the cluster on delete, and the log group must exist before EKS writes to it.
            stateful(this, protect, { dependsOn: [logGroup, clusterPolicy] }),
        );

        const hasAccess = (args.admins ?? []).length + (args.viewers ?? []).length + (args.teams ?? []).length + (args.previewers ?? []).length > 0;
        const access = hasAccess
            ? new ClusterAccess(
                  `${name}-access`,
                  { clusterName: cluster.name, admins: args.admins, viewers: args.viewers, teams: args.teams, previewers: args.previewers, tags: args.tags },
                  { parent: this },
              )
            : undefined;

        this.clusterName = cluster.name;
        this.clusterArn = cluster.arn;
        this.endpoint = cluster.endpoint;
        this.certificateAuthorityData = cluster.certificateAuthority.apply((ca) => ca.data);
        this.oidcIssuerUrl = cluster.identities.apply((ids) => ids[0].oidcs[0].issuer);
        this.clusterSecurityGroupId = cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId);
        this.additionalSecurityGroupId = sg.id;
        this.clusterRoleArn = role.arn;
        this.logGroupName = logGroup.name;
        this.kubernetesVersion = version;
        this.kubeconfig = pulumi
            .all([cluster.name, cluster.endpoint, this.certificateAuthorityData])
            .apply(([n, endpoint, ca]) => renderKubeconfig({ clusterName: n, endpoint, certificateAuthorityData: ca, region: args.region, roleArn: args.kubeconfigRoleArn }));
        // Waits for its own principal's entry and policy: with bootstrap admin off, the deployer has no
        // access before them. Only its own: another principal's entry that EKS refuses (a role not
        // created yet) must not hold up every Kubernetes object of the stack.
        const own = access && args.kubeconfigRoleArn !== undefined ? access.readiness[args.kubeconfigRoleArn] : undefined;
        const waitFor = own ?? (access ? [access] : []);
        this.provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: waitFor });

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterArn: this.clusterArn,
            endpoint: this.endpoint,
            certificateAuthorityData: this.certificateAuthorityData,
            oidcIssuerUrl: this.oidcIssuerUrl,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            additionalSecurityGroupId: this.additionalSecurityGroupId,
            clusterRoleArn: this.clusterRoleArn,
            logGroupName: this.logGroupName,
            kubernetesVersion: this.kubernetesVersion,
            kubeconfig: this.kubeconfig,
        });
    }
}
