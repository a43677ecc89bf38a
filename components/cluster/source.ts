import * as aws from "@pulumi/aws";
import type * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import type { EksCluster } from "./cluster";
import { renderKubeconfig } from "./kubeconfig";
import { isSupportedVersion, unsupportedVersionMessage } from "./versions";

/**
 * The seam between the control plane and everything that runs on it (node pools, add-ons,
 * Karpenter, Kubernetes add-ons, tenancy, services): exactly what they need to know about a
 * cluster, whoever made it. `fromEksCluster` is the default; `adoptExistingCluster` and
 * `fromPulumiEksCluster` let the rest of the platform run on a cluster this blueprint does not
 * manage, at the costs the README lists.
 */
export interface ClusterSource {
    readonly clusterName: pulumi.Output<string>;
    readonly endpoint: pulumi.Output<string>;
    readonly certificateAuthorityData: pulumi.Output<string>;
    /** `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
    readonly oidcIssuerUrl: pulumi.Output<string>;
    /** The EKS-managed cluster security group (control plane and managed nodes). */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /**
     * Kubernetes minor, plain: node pools and add-ons pick pinned versions from it while the
     * program runs, before any output is known.
     */
    readonly kubernetesVersion: string;
    /** Kubernetes provider for the cluster (exec auth, server-side apply). */
    readonly provider: k8s.Provider;
}

/** The default source: a cluster made by EksCluster. */
export function fromEksCluster(c: EksCluster): ClusterSource {
    return {
        clusterName: c.clusterName,
        endpoint: c.endpoint,
        certificateAuthorityData: c.certificateAuthorityData,
        oidcIssuerUrl: c.oidcIssuerUrl,
        clusterSecurityGroupId: c.clusterSecurityGroupId,
        kubernetesVersion: c.kubernetesVersion,
        provider: c.provider,
    };
}

/** How the platform reaches a cluster it does not create. */
export interface ExternalClusterArgs {
    /** Kubernetes minor the cluster runs; must be supported and must match the cluster (it cannot be read at plan time). */
    kubernetesVersion: string;
    /** Region of the cluster, for `aws eks get-token`. */
    region: string;
    /** Role `aws eks get-token` assumes; it needs a cluster-admin access entry on that cluster. @default the caller's credentials */
    kubeconfigRoleArn?: string;
}

export interface AdoptedClusterArgs extends ExternalClusterArgs {
    /** Name of the existing EKS cluster. */
    clusterName: string;
}

function externalProblems(args: ExternalClusterArgs, p: Problems): void {
    if (!isSupportedVersion(args.kubernetesVersion)) {
        p.addMessage(unsupportedVersionMessage("kubernetesVersion", args.kubernetesVersion));
    }
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(args.region)) {
        p.add("region", args.region, "is not an AWS region (e.g. eu-west-1)");
    }
    if (args.kubeconfigRoleArn !== undefined && !/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/.+$/.test(args.kubeconfigRoleArn)) {
        p.add("kubeconfigRoleArn", args.kubeconfigRoleArn, "is not an IAM role ARN");
    }
}

export function validateAdoptedClusterArgs(args: AdoptedClusterArgs): void {
    const p = new Problems();
    if (!/^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/.test(args.clusterName)) {
        p.add("clusterName", args.clusterName, "is not an EKS cluster name (1-100 letters, digits, '-' or '_', starting with a letter or digit)");
    }
    externalProblems(args, p);
    p.throwIfAny("adopted cluster");
}

function kubeconfigFor(clusterName: pulumi.Input<string>, endpoint: pulumi.Input<string>, ca: pulumi.Input<string>, args: ExternalClusterArgs): pulumi.Output<string> {
    return pulumi
        .all([clusterName, endpoint, ca])
        .apply(([n, e, c]) => renderKubeconfig({ clusterName: n, endpoint: e, certificateAuthorityData: c, region: args.region, roleArn: args.kubeconfigRoleArn }));
}

/**
 * An existing cluster, read (never managed) with `aws.eks.Cluster.get`: `name` names the read and
 * is the prefix of the provider, `${name}-k8s`. Options carry the AWS provider of the cluster's
 * account and the parent.
 */
export function adoptExistingCluster(name: string, args: AdoptedClusterArgs, opts: pulumi.CustomResourceOptions = {}): ClusterSource {
    validateAdoptedClusterArgs(args);
    const cluster = aws.eks.Cluster.get(name, args.clusterName, undefined, opts);
    const ca = cluster.certificateAuthority.apply((a) => a.data);
    // The ID of an EKS cluster is its name: the plain name keeps the kubeconfig known at plan time.
    const clusterName = pulumi.output(args.clusterName);
    const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: kubeconfigFor(clusterName, cluster.endpoint, ca, args), enableServerSideApply: true }, { parent: opts.parent });
    return {
        clusterName,
        endpoint: cluster.endpoint,
        certificateAuthorityData: ca,
        oidcIssuerUrl: cluster.identities.apply((ids) => ids[0].oidcs[0].issuer),
        clusterSecurityGroupId: cluster.vpcConfig.apply((v) => v.clusterSecurityGroupId),
        kubernetesVersion: args.kubernetesVersion,
        provider,
    };
}

export function validateExternalClusterArgs(args: ExternalClusterArgs): void {
    const p = new Problems();
    externalProblems(args, p);
    p.throwIfAny("@pulumi/eks cluster");
}

/**
 * A cluster made by `@pulumi/eks` v4 (a remote component): its `eksCluster` output gives the
 * same facts as our own. The component's own `core.provider` is an output and cannot be used as
 * a resource option, so this builds `${name}-k8s` from the same exec-auth kubeconfig as EksCluster.
 */
export function fromPulumiEksCluster(name: string, cluster: eks.Cluster, args: ExternalClusterArgs, opts: { parent?: pulumi.Resource } = {}): ClusterSource {
    validateExternalClusterArgs(args);
    const c = cluster.eksCluster;
    const clusterName = c.apply((x) => x.name);
    const endpoint = c.apply((x) => x.endpoint);
    const ca = c.apply((x) => x.certificateAuthority.data);
    const provider = new k8s.Provider(`${name}-k8s`, { kubeconfig: kubeconfigFor(clusterName, endpoint, ca, args), enableServerSideApply: true }, { parent: opts.parent, dependsOn: [cluster] });
    return {
        clusterName,
        endpoint,
        certificateAuthorityData: ca,
        oidcIssuerUrl: c.apply((x) => x.identities.apply((ids) => ids[0].oidcs[0].issuer)),
        clusterSecurityGroupId: c.apply((x) => x.vpcConfig.clusterSecurityGroupId),
        kubernetesVersion: args.kubernetesVersion,
        provider,
    };
}
