import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, policyDocument, Problems, stateful, tagsFor } from "../common";
import { githubOidcProviderArn } from "./deployment-role";
import { previewGuardStatements, stateAccessStatements } from "./state-access";
import { assumeRolesStatement, deploymentTrustPolicy } from "./trust";
import { checkSubjectTrust, DEPLOY_REF, DEPLOY_WORKFLOW, GitHubRepositoryIds, PULL_REQUEST_REFS, PULL_REQUEST_WORKFLOW } from "./github-subject";
import { checkBootstrapRoleSettings } from "./validate";

/**
 * The read-only role `pulumi preview` runs with on a pull request, in one account: trusted by
 * GitHub Actions jobs of the `preview` environment of one repository (through the account's GitHub
 * OIDC provider), optionally by the break-glass role, and by the listed chained roles (the preview
 * roles of the other accounts, so that a stack's providers can assume it the way deploys chain the
 * deployment roles). It reads everything a refresh reads (ReadOnlyAccess), reads the state and
 * decrypts stack secrets with the state key, and is denied data reads preview does not need.
 * It never writes, and no deployment role trusts it.
 */
export interface PreviewRoleArgs {
    /** Account the role lives in. */
    accountId: string;
    /** Region of the stacks (decides the ARN partition). */
    region: string;
    /** GitHub organization (or user) that owns the repository. */
    githubOrg: string;
    /** Repository whose pull requests are previewed. */
    githubRepo: string;
    /**
     * The account's GitHub OIDC provider: a DeploymentRole's `oidcProviderArn` (an account has one
     * per URL), or the ARN of an existing one.
     */
    oidcProviderArn: pulumi.Input<string>;
    /**
     * GitHub environments whose jobs may assume the role: sub `repo:<org>/<repo>:environment:<env>`.
     * Never list a deploy environment here. @default ["preview"]
     */
    environments?: string[];
    /** The repository's immutable IDs, when its OIDC subjects carry them. @default subjects name the repository only */
    githubIds?: GitHubRepositoryIds;
    /** The workflow file whose jobs may assume the role. @default PULL_REQUEST_WORKFLOW (.github/workflows/pull-request.yml) */
    workflow?: string;
    /**
     * The ref those runs are for. A `pull_request` run is for the PR's merge ref, so the default is
     * the one pattern allowed, whose wildcard is the PR number. @default PULL_REQUEST_REFS (refs/pull/<n>/merge for any n)
     */
    ref?: string;
    /**
     * Other (workflow, exact branch ref) pairs trusted in the same environments: deploy.yml's
     * `preview-<stack>` jobs on main, which show the approver of a gated deploy the real diff.
     * @default PREVIEW_ROLE_DEFAULTS.alsoTrusted (deploy.yml on refs/heads/main)
     */
    alsoTrusted?: { workflow: string; ref: string }[];
    /** A management-account role trusted for a local `pulumi preview`. @default none */
    managementRoleArn?: string;
    /** Physical role name. @default the component name */
    roleName?: string;
    /** Roles allowed to assume this one (the other accounts' preview roles), exact ARNs. @default none */
    chainedRoleArns?: string[];
    /** Roles this one may assume, exact ARNs. @default none */
    assumableRoleArns?: string[];
    /** Organization the chained roles must belong to. @default no condition */
    principalOrgId?: string;
    /** The Pulumi state bucket: read under `.pulumi/`. Set with stateKeyArn. @default none */
    stateBucketArn?: pulumi.Input<string>;
    /** The state key: Decrypt, for state objects and stack secrets. Set with stateBucketArn. @default none */
    stateKeyArn?: pulumi.Input<string>;
    /** Managed policies to attach. @default ["arn:<partition>:iam::aws:policy/ReadOnlyAccess"] */
    managedPolicyArns?: string[];
    /** Protect the role and retain it when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const PREVIEW_ROLE_DEFAULTS = {
    environments: ["preview"],
    maxSessionDuration: 3600,
    protect: true,
    workflow: PULL_REQUEST_WORKFLOW,
    ref: PULL_REQUEST_REFS,
    alsoTrusted: [{ workflow: DEPLOY_WORKFLOW, ref: DEPLOY_REF }],
} as const;

/** The default managed policy: read (Get, List, Describe) on every service. */
export function readOnlyAccessArn(region: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/ReadOnlyAccess`;
}

/** Managed policies a preview role must never hold. */
const WRITE_POLICIES = /:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

export function validatePreviewRoleArgs(args: PreviewRoleArgs, name = "preview"): void {
    const p = new Problems();
    checkBootstrapRoleSettings(p, { ...args, environments: args.environments ?? [...PREVIEW_ROLE_DEFAULTS.environments] }, name);
    checkSubjectTrust(p, args, true);
    (args.alsoTrusted ?? []).forEach((pair, i) => {
        const q = new Problems();
        checkSubjectTrust(q, pair, false);
        q.all.forEach((problem) => p.addMessage(`alsoTrusted[${i}].${problem}`));
    });
    (args.managedPolicyArns ?? []).forEach((arn, i) => {
        if (WRITE_POLICIES.test(arn)) {
            p.add(`managedPolicyArns[${i}]`, arn, "grants writes; a preview role is read-only (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit)");
        }
    });
    p.throwIfAny("PreviewRole");
}

export class PreviewRole extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;

    constructor(name: string, args: PreviewRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:PreviewRole", name, {}, opts);
        validatePreviewRoleArgs(args, name);
        const protect = args.protect ?? PREVIEW_ROLE_DEFAULTS.protect;
        const roleName = args.roleName ?? name;
        const environments = args.environments ?? [...PREVIEW_ROLE_DEFAULTS.environments];
        const trust = {
            githubOrg: args.githubOrg,
            githubRepo: args.githubRepo,
            githubIds: args.githubIds,
            environments,
            workflow: args.workflow ?? PREVIEW_ROLE_DEFAULTS.workflow,
            ref: args.ref ?? PREVIEW_ROLE_DEFAULTS.ref,
            alsoTrusted: args.alsoTrusted ?? PREVIEW_ROLE_DEFAULTS.alsoTrusted.map((pair) => ({ ...pair })),
            managementRoleArn: args.managementRoleArn,
            chainedRoleArns: args.chainedRoleArns,
            principalOrgId: args.principalOrgId,
        };
        const role = new aws.iam.Role(
            name,
            {
                name: roleName,
                description: `Read-only pulumi preview from ${args.githubOrg}/${args.githubRepo} (${environments.join(", ")})`,
                // AWS assigns the provider's ARN from its URL, so the trust names that ARN, known at
                // preview; an Output (a DeploymentRole's provider) only orders the creation.
                assumeRolePolicy: pulumi
                    .output(args.oidcProviderArn)
                    .apply((arn) => JSON.stringify(deploymentTrustPolicy(typeof args.oidcProviderArn === "string" ? arn : githubOidcProviderArn(args.accountId, args.region), trust))),
                maxSessionDuration: PREVIEW_ROLE_DEFAULTS.maxSessionDuration,
                tags: tagsFor(args.tags, roleName),
            },
            stateful(this, protect),
        );
        const assumable = args.assumableRoleArns ?? [];
        const chain = assumable.length > 0 ? [assumeRolesStatement(assumable)] : [];
        const policy =
            args.stateBucketArn !== undefined && args.stateKeyArn !== undefined
                ? pulumi.all([args.stateBucketArn, args.stateKeyArn]).apply(([bucketArn, keyArn]) => {
                      const state = { bucketArn, keyArn };
                      return JSON.stringify(policyDocument([...chain, ...stateAccessStatements(state, "read"), ...previewGuardStatements(args.accountId, args.region, state)]));
                  })
                : JSON.stringify(policyDocument([...chain, ...previewGuardStatements(args.accountId, args.region)]));
        new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy }, { parent: this });
        (args.managedPolicyArns ?? [readOnlyAccessArn(args.region)]).forEach((arn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-managed-${i}`, { role: role.name, policyArn: arn }, { parent: this });
        });

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
