import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs, partitionOf, PlatformRoleArgs, platformRoleInputs, PolicyStatement, policyDocument, Problems, tagsFor } from "../common";

/**
 * An IAM role for one Kubernetes service account through EKS Pod Identity: the role trusts only
 * `pods.eks.amazonaws.com`, scoped to this account and this cluster, and the association binds it
 * to `<namespace>/<serviceAccount>`. Every add-on and workload that calls AWS gets one of these:
 * no node-role permissions, no IRSA trust policies with wildcards, no static keys.
 */
/** The role lives under PLATFORM_IAM_PATH with the account's workload boundary (`rolePath`, `permissionsBoundaryArn`). */
export interface PodIdentityRoleArgs extends PlatformRoleArgs {
    /** Cluster the association belongs to. */
    clusterName: pulumi.Input<string>;
    /** Namespace of the service account (a DNS label). */
    namespace: string;
    /** Service account name (a DNS label). */
    serviceAccount: string;
    /** Account that owns the cluster: the trust policy is limited to it. */
    accountId: string;
    /** Region of the cluster: the trust policy is limited to its clusters. */
    region: string;
    /**
     * Inline least-privilege statements for the role. `Resource` may hold outputs (the ARN of a
     * workspace or queue created in the same program); actions must be plain. @default none
     */
    statements?: PodIdentityStatement[];
    /** AWS managed policies to attach, as ARNs. @default none */
    managedPolicyArns?: string[];
    /** @default {} */
    tags?: Record<string, string>;
}

/** A policy statement whose resources may be outputs of other resources. */
export type PodIdentityStatement = Omit<PolicyStatement, "Resource"> & { Resource?: pulumi.Input<string> | pulumi.Input<string>[] };

export function validatePodIdentityRoleArgs(args: PodIdentityRoleArgs): void {
    const p = new Problems();
    p.dnsLabel("namespace", args.namespace);
    p.dnsLabel("serviceAccount", args.serviceAccount, 253);
    if (!/^\d{12}$/.test(args.accountId)) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    checkPlatformRoleArgs(p, args);
    if ((args.statements ?? []).length === 0 && (args.managedPolicyArns ?? []).length === 0) {
        p.addMessage("statements and managedPolicyArns: both empty; a pod identity role needs at least one permission");
    }
    (args.statements ?? []).forEach((s, i) => {
        const actions = ([] as string[]).concat(s.Action ?? []);
        // Outputs are ARNs of single resources the program creates; only plain values can be "*".
        const resources = ([] as unknown[]).concat(s.Resource ?? []).filter((r): r is string => typeof r === "string");
        if (s.Effect === "Allow" && actions.includes("*")) {
            p.add(`statements[${i}].Action`, s.Action, "grants every action; list the actions the workload needs");
        }
        if (s.Effect === "Allow" && actions.some((a) => a.endsWith(":*")) && resources.includes("*")) {
            p.add(`statements[${i}]`, { Action: s.Action, Resource: s.Resource }, "grants a whole service on every resource; scope the actions or the resources");
        }
    });
    p.throwIfAny("PodIdentityRole");
}

/** Trust policy for EKS Pod Identity, limited to the account and its clusters in the region. */
export function podIdentityTrustPolicy(accountId: string, region: string): string {
    const partition = partitionOf(region);
    return JSON.stringify(
        policyDocument([
            {
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:eks:${region}:${accountId}:cluster/*` },
                },
            },
        ]),
    );
}

export class PodIdentityRole extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly associationArn: pulumi.Output<string>;

    constructor(name: string, args: PodIdentityRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:PodIdentityRole", name, {}, opts);
        validatePodIdentityRoleArgs(args);
        const tags = tagsFor(args.tags, undefined, { "platform:service-account": `${args.namespace}/${args.serviceAccount}` });

        const role = new aws.iam.Role(
            name,
            {
                ...platformRoleInputs(args, args.accountId, args.region),
                assumeRolePolicy: podIdentityTrustPolicy(args.accountId, args.region),
                description: `Pod Identity role for ${args.namespace}/${args.serviceAccount}`,
                maxSessionDuration: 3600,
                tags,
            },
            { parent: this },
        );
        if ((args.statements ?? []).length > 0) {
            new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: args.statements! }) }, { parent: this });
        }
        (args.managedPolicyArns ?? []).forEach((arn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-${i}`, { role: role.name, policyArn: arn }, { parent: this });
        });
        const association = new aws.eks.PodIdentityAssociation(
            name,
            { clusterName: args.clusterName, namespace: args.namespace, serviceAccount: args.serviceAccount, roleArn: role.arn, tags },
            { parent: this },
        );

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.associationArn = association.associationArn;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, associationArn: this.associationArn });
    }
}
