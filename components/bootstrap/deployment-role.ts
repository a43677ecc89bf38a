import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { IAM_ROLE_NAME, partitionOf, PolicyStatement, policyDocument, Problems, stateful, tagsFor } from "../common";
import { DEPLOYMENT_SESSION_SECONDS } from "./session";
import { stateAccessStatements } from "./state-access";
import { assumeRolesStatement, defaultDeploymentStatements, deploymentGuardStatements, deploymentTrustPolicy, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "./trust";
import { checkSubjectTrust, DEPLOY_REF, DEPLOY_WORKFLOW, GitHubRepositoryIds } from "./github-subject";
import { ACCOUNT_ACCESS_ROLE_NAME } from "./boundary";
import { checkBootstrapRoleSettings, POLICY_ARN } from "./validate";

/**
 * The role stacks assume in one account: trusted only by GitHub Actions jobs of the listed
 * environments of one repository (through GitHub OIDC), optionally by one named
 * management-account role for a local `pulumi up`, and by the listed chained roles (the
 * deployment roles whose stacks' providers assume this one). Sessions last at most
 * DEPLOYMENT_SESSION_SECONDS (four hours: a cluster upgrade rolls every node group).
 */
export interface DeploymentRoleArgs {
    /** Account the role lives in. */
    accountId: string;
    /** Region of the stacks (decides the ARN partition). */
    region: string;
    /** GitHub organization (or user) that owns the repository. */
    githubOrg: string;
    /** Repository whose workflows deploy. */
    githubRepo: string;
    /** GitHub environments whose jobs may assume the role (protect them with required reviewers). */
    environments: string[];
    /** The repository's immutable IDs, when its OIDC subjects carry them. @default subjects name the repository only */
    githubIds?: GitHubRepositoryIds;
    /**
     * The workflow file whose jobs may assume the role; the repository's subject claim template
     * must include `job_workflow_ref` (GitHubRepositorySettings). @default DEPLOY_WORKFLOW (.github/workflows/deploy.yml)
     */
    workflow?: string;
    /** The branch those runs must be for (`ref` in the subject), exact. @default DEPLOY_REF (refs/heads/main) */
    ref?: string;
    /**
     * The account's GitHub OIDC provider. An account has one per URL: pass its ARN when it exists.
     * @default a new provider for token.actions.githubusercontent.com
     */
    oidcProviderArn?: pulumi.Input<string>;
    /** A management-account role trusted for local `pulumi up`. @default none */
    managementRoleArn?: string;
    /** Physical role name (stacks assume `arn:aws:iam::<account>:role/<roleName>`). @default the component name */
    roleName?: string;
    /** Managed policies to attach. @default ["arn:<partition>:iam::aws:policy/PowerUserAccess"] */
    managedPolicyArns?: string[];
    /** Inline Allow statements. @default defaultDeploymentStatements(): IAM for the objects components create */
    statements?: PolicyStatement[];
    /**
     * Roles allowed to assume this one with `sts:AssumeRole`: exact role ARNs (this role's own
     * ARN for a provider that assumes the role the job already holds). @default none
     */
    chainedRoleArns?: string[];
    /** Roles this one may assume (the identity side of the chain), exact ARNs. @default none */
    assumableRoleArns?: string[];
    /** Organization the chained roles must belong to (`aws:PrincipalOrgID` in the trust). @default no condition */
    principalOrgId?: string;
    /** The Pulumi state bucket (possibly in another account): read and write under `.pulumi/`. Set with stateKeyArn. @default none */
    stateBucketArn?: pulumi.Input<string>;
    /** The state bucket's KMS key: objects through S3 and the `awskms://` secrets provider. Set with stateBucketArn. @default none */
    stateKeyArn?: pulumi.Input<string>;
    /**
     * The role's own permissions boundary: PermissionBoundaries' `deployerBoundaryArn` (the most
     * any deployment role may do, in a policy it cannot change). @default none
     */
    permissionsBoundaryArn?: pulumi.Input<string>;
    /** Other roles of the account that this role may never change (the preview role). @default [] */
    protectedRoleNames?: string[];
    /** The role Organizations creates in member accounts: never changed, never assumed. @default "OrganizationAccountAccessRole" */
    accessRoleName?: string;
    /** Protect the role and the OIDC provider and retain them when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const DEPLOYMENT_ROLE_DEFAULTS = { maxSessionDuration: DEPLOYMENT_SESSION_SECONDS, protect: true, workflow: DEPLOY_WORKFLOW, ref: DEPLOY_REF } as const;

/** The ARN AWS gives the account's GitHub OIDC provider. */
export function githubOidcProviderArn(accountId: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** The default managed policy: every service but IAM, Organizations and Account. */
export function powerUserAccessArn(region: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/PowerUserAccess`;
}

export function validateDeploymentRoleArgs(args: DeploymentRoleArgs, name = "deployment"): void {
    const p = new Problems();
    checkBootstrapRoleSettings(p, args, name);
    checkSubjectTrust(p, args, false);
    if (typeof args.permissionsBoundaryArn === "string" && !POLICY_ARN.test(args.permissionsBoundaryArn)) {
        p.add("permissionsBoundaryArn", args.permissionsBoundaryArn, "is not an IAM managed policy ARN (PermissionBoundaries' deployerBoundaryArn)");
    }
    (args.protectedRoleNames ?? []).forEach((n, i) => {
        if (!IAM_ROLE_NAME.test(n)) {
            p.add(`protectedRoleNames[${i}]`, n, "is not an IAM role name (at most 64 letters, digits and +=,.@_-)");
        }
    });
    if (args.accessRoleName !== undefined && !IAM_ROLE_NAME.test(args.accessRoleName)) {
        p.add("accessRoleName", args.accessRoleName, "is not an IAM role name (at most 64 letters, digits and +=,.@_-)");
    }
    (args.statements ?? []).forEach((s, i) => {
        const actions = ([] as string[]).concat(s.Action ?? []);
        const resources = ([] as string[]).concat(s.Resource ?? []);
        if (s.Effect === "Allow" && actions.includes("*")) {
            p.add(`statements[${i}].Action`, s.Action, "grants every action; attach a managed policy or list the services' actions");
        }
        if (s.Effect === "Allow" && (actions.includes("iam:*") || (actions.includes("iam:PassRole") && resources.includes("*")))) {
            p.add(`statements[${i}]`, { Action: s.Action, Resource: s.Resource }, "grants iam:* or iam:PassRole on every role; scope it to the roles and services the stacks use");
        }
    });
    p.throwIfAny("DeploymentRole");
}

export class DeploymentRole extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;

    constructor(name: string, args: DeploymentRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:DeploymentRole", name, {}, opts);
        validateDeploymentRoleArgs(args, name);
        const protect = args.protect ?? DEPLOYMENT_ROLE_DEFAULTS.protect;
        const roleName = args.roleName ?? name;
        const tags = tagsFor(args.tags, roleName);

        // The provider's ARN is fixed by AWS (one per URL per account), so the trust policy is
        // known at preview and names the real ARN; dependsOn keeps the creation order.
        const provider =
            args.oidcProviderArn === undefined
                ? new aws.iam.OpenIdConnectProvider(
                      `${name}-github-oidc`,
                      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags: tagsFor(args.tags, GITHUB_OIDC_HOST) },
                      stateful(this, protect),
                  )
                : undefined;
        const providerArn = pulumi.output(args.oidcProviderArn ?? githubOidcProviderArn(args.accountId, args.region));
        const trust = {
            githubOrg: args.githubOrg,
            githubRepo: args.githubRepo,
            githubIds: args.githubIds,
            environments: args.environments,
            workflow: args.workflow ?? DEPLOYMENT_ROLE_DEFAULTS.workflow,
            ref: args.ref ?? DEPLOYMENT_ROLE_DEFAULTS.ref,
            managementRoleArn: args.managementRoleArn,
            chainedRoleArns: args.chainedRoleArns,
            principalOrgId: args.principalOrgId,
        };
        const role = new aws.iam.Role(
            name,
            {
                name: roleName,
                description: `Pulumi deployments from ${args.githubOrg}/${args.githubRepo} (${args.environments.join(", ")})`,
                assumeRolePolicy: providerArn.apply((arn) => JSON.stringify(deploymentTrustPolicy(arn, trust))),
                maxSessionDuration: DEPLOYMENT_ROLE_DEFAULTS.maxSessionDuration,
                permissionsBoundary: args.permissionsBoundaryArn,
                tags,
            },
            stateful(this, protect, { dependsOn: provider ? [provider] : [] }),
        );
        const base = args.statements ?? defaultDeploymentStatements(args.accountId, args.region);
        const assumable = args.assumableRoleArns ?? [];
        const chain = assumable.length > 0 ? [assumeRolesStatement(assumable)] : [];
        const guards = deploymentGuardStatements(args.accountId, args.region, roleName, args.protectedRoleNames ?? [], args.accessRoleName ?? ACCOUNT_ACCESS_ROLE_NAME);
        const policy =
            args.stateBucketArn !== undefined && args.stateKeyArn !== undefined
                ? pulumi
                      .all([args.stateBucketArn, args.stateKeyArn])
                      .apply(([bucketArn, keyArn]) => JSON.stringify(policyDocument([...base, ...chain, ...stateAccessStatements({ bucketArn, keyArn }, "read-write"), ...guards])))
                : JSON.stringify(policyDocument([...base, ...chain, ...guards]));
        new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy }, { parent: this });
        (args.managedPolicyArns ?? [powerUserAccessArn(args.region)]).forEach((arn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-managed-${i}`, { role: role.name, policyArn: arn }, { parent: this });
        });

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.oidcProviderArn = provider ? provider.arn : providerArn;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, oidcProviderArn: this.oidcProviderArn });
    }
}
