import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, tagsFor } from "../common";

/**
 * Who may reach the Kubernetes API of a cluster, through EKS access entries (authentication mode
 * `API`; no `aws-auth` ConfigMap). Three kinds of principal:
 *
 * - platform admins: cluster-admin through `AmazonEKSClusterAdminPolicy`, cluster scope;
 * - viewers: read-only through `AmazonEKSViewPolicy`, cluster scope. Not `AmazonEKSAdminViewPolicy`:
 *   that one also reads Secrets, and a read-only role must not see credentials (CIS EKS 4.1.2);
 * - teams: an entry that only puts the role in the Kubernetes group `team:<name>` and grants
 *   nothing by itself; the team's namespaces bind that group with RBAC (see `teamGroup`);
 * - previewers: the read-only role `pulumi preview` runs with on a pull request, through
 *   `AmazonEKSAdminViewPolicy`, cluster scope: a refresh reads every object the program declares,
 *   cluster-scoped ones (CRDs, ClusterRoles, Karpenter NodePools) and Secrets (Helm keeps each
 *   release in a Secret of its namespace) included, which `AmazonEKSViewPolicy` cannot. It writes
 *   nothing: with server-side apply on, the Kubernetes provider's preview falls back to a
 *   client-side diff when the dry-run patch is forbidden (pulumi/pulumi-kubernetes#2419, read
 *   2026-12-02). Reading Secrets is the price; who may assume that role is the fence (docs/ci-cd.md).
 *
 * A separate component so that it works for any cluster: one made by `EksCluster` (which creates
 * it as `<name>-access`) or one adopted through a `ClusterSource`.
 */
export interface TeamAccess {
    /** Team name (a DNS label): the group is `team:<name>`. */
    name: string;
    /** IAM role the team's people assume. */
    roleArn: string;
}

export interface ClusterAccessArgs {
    /** Cluster the entries belong to. */
    clusterName: pulumi.Input<string>;
    /** Principal ARNs (IAM roles or users) granted cluster-admin. @default [] */
    admins?: string[];
    /** Principal ARNs granted read-only access, without Secrets. @default [] */
    viewers?: string[];
    /** Team roles, each mapped to the group `team:<name>` and nothing else. @default [] */
    teams?: TeamAccess[];
    /** Preview roles: read everything, Secrets included, write nothing. @default [] */
    previewers?: string[];
    /** @default {} */
    tags?: Record<string, string>;
}

/** The Kubernetes group a team's role is put in; tenancy code binds Roles in the team's namespaces to it. */
export function teamGroup(team: string): string {
    return `team:${team}`;
}

/** IAM role or user ARN, with an optional path; never an STS assumed-role session. */
const PRINCIPAL_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|user)\/([\w+=,.@-]+\/)*([\w+=,.@-]{1,128})$/;

export type AccessPolicyName = "AmazonEKSClusterAdminPolicy" | "AmazonEKSAdminViewPolicy" | "AmazonEKSViewPolicy";

export function accessPolicyArn(partition: string, policy: AccessPolicyName): string {
    return `arn:${partition}:eks::aws:cluster-access-policy/${policy}`;
}

/**
 * The stable part of a child's name for a principal: `<account>-<role name>` in kebab-case, so
 * that adding or removing one principal never renames (and replaces) the others' entries.
 */
export function principalKey(arn: string): string {
    const m = PRINCIPAL_ARN.exec(arn);
    const raw = m ? `${m[2]}-${m[5]}` : arn;
    return raw
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** Collects every problem with the access arguments into `p` (used by validateEksClusterArgs too). */
export function accessProblems(args: Pick<ClusterAccessArgs, "admins" | "viewers" | "teams" | "previewers">, p: Problems): void {
    const seen = new Map<string, string>();
    const principal = (path: string, arn: unknown) => {
        if (typeof arn !== "string" || !PRINCIPAL_ARN.test(arn)) {
            p.add(path, arn, "is not an IAM role or user ARN (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>)");
            return;
        }
        const first = seen.get(arn);
        if (first) {
            p.add(path, arn, `is already listed as ${first}; EKS allows one access entry per principal`);
            return;
        }
        seen.set(arn, path);
    };
    (args.admins ?? []).forEach((arn, i) => principal(`admins[${i}]`, arn));
    (args.viewers ?? []).forEach((arn, i) => principal(`viewers[${i}]`, arn));
    (args.previewers ?? []).forEach((arn, i) => principal(`previewers[${i}]`, arn));
    const teams = new Set<string>();
    (args.teams ?? []).forEach((t, i) => {
        p.dnsLabel(`teams[${i}].name`, t.name);
        if (teams.has(t.name)) {
            p.add(`teams[${i}].name`, t.name, "is listed twice; team names are unique");
        }
        teams.add(t.name);
        principal(`teams[${i}].roleArn`, t.roleArn);
    });
}

export function validateClusterAccessArgs(args: ClusterAccessArgs): void {
    const p = new Problems();
    accessProblems(args, p);
    p.throwIfAny("ClusterAccess");
}

export class ClusterAccess extends pulumi.ComponentResource {
    /** Access entry ARNs by principal ARN. */
    readonly accessEntryArns: Record<string, pulumi.Output<string>> = {};
    /**
     * By principal ARN, the entry and its policy association: what must exist before that
     * principal can reach the API (a Kubernetes provider waits on its own principal's only, so that
     * one failing entry of someone else does not hold up every Kubernetes object).
     */
    readonly readiness: Record<string, pulumi.Resource[]> = {};

    constructor(name: string, args: ClusterAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:cluster:ClusterAccess", name, {}, opts);
        validateClusterAccessArgs(args);

        const entry = (childName: string, principalArn: string, kubernetesGroups?: string[]) => {
            const e = new aws.eks.AccessEntry(
                childName,
                { clusterName: args.clusterName, principalArn, type: "STANDARD", ...(kubernetesGroups ? { kubernetesGroups } : {}), tags: tagsFor(args.tags) },
                { parent: this },
            );
            this.accessEntryArns[principalArn] = e.accessEntryArn;
            this.readiness[principalArn] = [e];
            return e;
        };
        const grant = (childName: string, e: aws.eks.AccessEntry, arn: string, policy: AccessPolicyName) => {
            const association = new aws.eks.AccessPolicyAssociation(
                childName,
                {
                    clusterName: args.clusterName,
                    // From the entry, so that the association waits for it.
                    principalArn: e.principalArn,
                    // The policy lives in the principal's partition, which is the cluster's.
                    policyArn: accessPolicyArn(arn.split(":")[1], policy),
                    accessScope: { type: "cluster" },
                },
                { parent: this },
            );
            this.readiness[arn].push(association);
        };

        for (const arn of args.admins ?? []) {
            const key = `${name}-admin-${principalKey(arn)}`;
            grant(key, entry(key, arn), arn, "AmazonEKSClusterAdminPolicy");
        }
        for (const arn of args.viewers ?? []) {
            const key = `${name}-viewer-${principalKey(arn)}`;
            grant(key, entry(key, arn), arn, "AmazonEKSViewPolicy");
        }
        for (const arn of args.previewers ?? []) {
            const key = `${name}-preview-${principalKey(arn)}`;
            grant(key, entry(key, arn), arn, "AmazonEKSAdminViewPolicy");
        }
        for (const team of args.teams ?? []) {
            entry(`${name}-team-${team.name}`, team.roleArn, [teamGroup(team.name)]);
        }

        this.registerOutputs({ accessEntryArns: this.accessEntryArns });
    }
}
