import * as aws from "@pulumi/aws";
import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { AccountIdentity } from "../../components/account";
import { DeploymentRole, GitHubConnection, githubOidcProviderArn, GitHubRepositorySettings, PermissionBoundaries, PreviewRole, RamOrganizationSharing, SecurityDelegation, StateAccessPolicy, StateBackend, StateRoleAccess } from "../../components/bootstrap";
import { deployerStateAccess, previewStateAccess } from "../../components/bootstrap/state-access";
import { partitionOf } from "../../components/common/aws";
import { PlatformConfig } from "../../config/schema";
import { defaultTags } from "../providers";

/**
 * Run once, before any other stack, with an administrator's credentials in the account that
 * holds the state: the S3 state backend (with its own KMS key) and, in every account the stacks
 * deploy to, the deployment role they assume, trusted only by GitHub OIDC for this repository and
 * the account's environments, and optionally a read-only preview role. Member accounts are reached
 * through the role Organizations creates.
 *
 * The role chain (docs/ci-cd.md): a deploy job holds its account's deployment role; its stack's
 * providers assume that same role again and, for shared and workload stacks, the network
 * account's. So each deployment role trusts itself, and the network account's trusts every
 * account's; nothing else (the dev role can never become the prod role). Preview roles are
 * read-only and trust each other. Each deployment role writes the state of its account's stacks
 * (its environments) and reads the state of the stacks they reference (`stateReferences`); each
 * preview role reads both; every stack has its own secrets key. By exact ARNs, in the bucket and
 * key policies and in the roles' own policies (docs/ci-cd.md, "Threat model").
 *
 * Also, when set: RAM sharing with AWS Organizations (this must be the management account), and
 * the CodeConnections connection to GitHub in the account of the CodeBuild-hosted runners; and,
 * with `bootstrap.github.manage`, the repository's side (GitHubRepositorySettings: the OIDC subject
 * claim template the trusts are written for, environments, reviewers, protection of main) through
 * a GitHub provider whose token is the secret config `github:token` or, unset, GITHUB_TOKEN.
 */
export function bootstrapRole(c: PlatformConfig, stack: string, provider: aws.Provider): Record<string, unknown> {
    const b = c.bootstrap!;
    const orgId = c.organization.id;
    const roleArn = (accountId: string, roleName: string) => `arn:${partitionOf(c.region)}:iam::${accountId}:role/${roleName}`;
    const deployers = b.accounts.map((a) => roleArn(a.accountId, c.deploymentRoleName));
    const previews = b.preview ? b.accounts.map((a) => roleArn(a.accountId, b.preview!.roleName)) : [];
    const hub = b.networkAccountId !== undefined ? roleArn(b.networkAccountId, c.deploymentRoleName) : undefined;

    // Each stack's state and secrets key: its deployer writes them, the deployers of the stacks
    // that reference it and the preview roles of its account and of its consumers read them.
    const project = pulumi.getProject();
    const access = [
        ...b.accounts.map((a) => deployerStateAccess(roleArn(a.accountId, c.deploymentRoleName), a.environments, b.stateReferences)),
        ...(b.preview ? b.accounts.map((a) => previewStateAccess(roleArn(a.accountId, b.preview!.roleName), a.environments, b.stateReferences)) : []),
    ];
    const state = new StateBackend(
        "state",
        { accountId: c.accountId, region: c.region, aliasPrefix: "platform", project, stacks: [stack, ...b.accounts.flatMap((a) => a.environments)], access, principalOrgId: orgId, protect: c.protect },
        { providers: [provider] },
    );
    const stateAccessPolicy = (name: string, roleName: pulumi.Input<string>, a: StateRoleAccess, member: aws.Provider) =>
        new StateAccessPolicy(name, { roleName, bucketArn: state.bucketArn, project, secretsKeyArns: state.secretsKeyArns, writes: a.writes, reads: a.reads }, { providers: [member] });
    if (b.ramSharingWithOrganization) {
        new RamOrganizationSharing("ram-sharing-with-organization", { protect: c.protect }, { providers: [provider] });
    }
    if (b.securityAccountId !== undefined) {
        // The security account administers the organization's detection layer (docs/decisions/0014).
        new SecurityDelegation("security-delegation", { securityAccountId: b.securityAccountId, managementAccountId: c.organization.managementAccountId, protect: c.protect }, { providers: [provider] });
    }
    const roles: Record<string, unknown> = {};
    const previewRoles: Record<string, unknown> = {};
    const outputs: Record<string, unknown> = {};
    const trusts: pulumi.Resource[] = [];
    for (const account of b.accounts) {
        const member =
            account.accountId === c.accountId
                ? provider
                : new aws.Provider(`account-${account.accountId}`, {
                      region: c.region,
                      allowedAccountIds: [account.accountId],
                      assumeRoles: [{ roleArn: roleArn(account.accountId, b.accessRoleName), sessionName: `pulumi-${stack}`.slice(0, 64) }],
                      defaultTags: { tags: defaultTags(c, stack) },
                  });
        // The deployment role carries the deployer boundary and may create roles only with the
        // workload boundary; neither it nor anything it creates may change the roles named here.
        const protectedRoleNames = b.preview ? [b.preview.roleName] : [];
        const boundaries = new PermissionBoundaries(
            `boundaries-${account.accountId}`,
            { accountId: account.accountId, region: c.region, protectedRoleNames: [c.deploymentRoleName, ...protectedRoleNames], accessRoleName: b.accessRoleName, protect: c.protect },
            { providers: [member] },
        );
        // Password policy, security contact and support role: account-wide identity settings the
        // deployment roles may not change (their boundary), made with the account-access role.
        new AccountIdentity(`identity-${account.accountId}`, { accountId: account.accountId, region: c.region, securityContact: b.securityContact }, { providers: [member], dependsOn: [boundaries] });
        const self = roleArn(account.accountId, c.deploymentRoleName);
        const role = new DeploymentRole(
            `deployer-${account.accountId}`,
            {
                accountId: account.accountId,
                region: c.region,
                githubOrg: b.github.owner,
                githubRepo: b.github.repository,
                githubIds: b.github.ids,
                environments: account.environments,
                oidcProviderArn: account.githubOidcProvider === "existing" ? githubOidcProviderArn(account.accountId, c.region) : undefined,
                managementRoleArn: b.breakGlassRoleArn,
                roleName: c.deploymentRoleName,
                chainedRoleArns: self === hub ? deployers : [self],
                assumableRoleArns: hub === undefined || hub === self ? [self] : [self, hub],
                principalOrgId: orgId,
                stateBucketArn: state.bucketArn,
                stateKeyArn: state.keyArn,
                permissionsBoundaryArn: boundaries.deployerBoundaryArn,
                protectedRoleNames,
                accessRoleName: b.accessRoleName,
                protect: c.protect,
            },
            { providers: [member] },
        );
        roles[account.accountId] = role.roleArn;
        stateAccessPolicy(`deployer-${account.accountId}-state`, role.roleName, deployerStateAccess(self, account.environments, b.stateReferences), member);
        trusts.push(role);
        if (b.preview) {
            const preview = new PreviewRole(
                `preview-${account.accountId}`,
                {
                    accountId: account.accountId,
                    region: c.region,
                    githubOrg: b.github.owner,
                    githubRepo: b.github.repository,
                    githubIds: b.github.ids,
                    environments: [b.preview.environment],
                    oidcProviderArn: role.oidcProviderArn,
                    managementRoleArn: b.breakGlassRoleArn,
                    roleName: b.preview.roleName,
                    chainedRoleArns: previews,
                    assumableRoleArns: previews,
                    principalOrgId: orgId,
                    stateBucketArn: state.bucketArn,
                    stateKeyArn: state.keyArn,
                    protect: c.protect,
                },
                { providers: [member] },
            );
            previewRoles[account.accountId] = preview.roleArn;
            stateAccessPolicy(`preview-${account.accountId}-state`, preview.roleName, previewStateAccess(roleArn(account.accountId, b.preview.roleName), account.environments, b.stateReferences), member);
            trusts.push(preview);
        }
        if (b.githubConnection?.accountId === account.accountId) {
            outputs.githubConnectionArn = new GitHubConnection("platform-github", { protect: c.protect }, { providers: [member] }).connectionArn;
        }
    }
    if (b.github.manage) {
        const gh = new github.Provider("github", { owner: b.github.owner, token: new pulumi.Config("github").getSecret("token") });
        new GitHubRepositorySettings(
            "github-repository",
            {
                repository: b.github.repository,
                deployEnvironments: b.accounts.flatMap((a) => a.environments),
                reviewedEnvironments: b.github.reviewedEnvironments,
                reviewers: b.github.reviewers,
                preventSelfReview: b.github.preventSelfReview,
                previewEnvironment: b.preview?.environment,
                requiredStatusChecks: b.github.requiredStatusChecks,
                requiredApprovingReviews: b.github.requiredApprovingReviews,
                protect: c.protect,
            },
            // The roles trust the new subjects before GitHub issues them (GitHub's advice).
            { providers: [gh], dependsOn: trusts },
        );
    }
    return { stateBucket: state.bucketName, backendUrl: state.backendUrl, secretsProviders: state.secretsProviders, deploymentRoleArns: roles, previewRoleArns: previewRoles, ...outputs };
}
