import * as aws from "@pulumi/aws";
import { DeploymentRole, GitHubConnection, githubOidcProviderArn, PreviewRole, RamOrganizationSharing, StateBackend } from "../../components/bootstrap";
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
 * read-only and trust each other. Every deployment role reads and writes the state, every preview
 * role reads it, by their exact ARNs, in the bucket and key policies and in their own policies.
 *
 * Also, when set: RAM sharing with AWS Organizations (this must be the management account), and
 * the CodeConnections connection to GitHub in the account of the CodeBuild-hosted runners.
 */
export function bootstrapRole(c: PlatformConfig, stack: string, provider: aws.Provider): Record<string, unknown> {
    const b = c.bootstrap!;
    const orgId = c.organization.id;
    const roleArn = (accountId: string, roleName: string) => `arn:${partitionOf(c.region)}:iam::${accountId}:role/${roleName}`;
    const deployers = b.accounts.map((a) => roleArn(a.accountId, c.deploymentRoleName));
    const previews = b.preview ? b.accounts.map((a) => roleArn(a.accountId, b.preview!.roleName)) : [];
    const hub = b.networkAccountId !== undefined ? roleArn(b.networkAccountId, c.deploymentRoleName) : undefined;

    const state = new StateBackend(
        "state",
        { accountId: c.accountId, region: c.region, aliasPrefix: "platform", stateAccessRoleArns: deployers, stateReadRoleArns: previews, principalOrgId: orgId, protect: c.protect },
        { providers: [provider] },
    );
    if (b.ramSharingWithOrganization) {
        new RamOrganizationSharing("ram-sharing-with-organization", { protect: c.protect }, { providers: [provider] });
    }
    const roles: Record<string, unknown> = {};
    const previewRoles: Record<string, unknown> = {};
    const outputs: Record<string, unknown> = {};
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
        const self = roleArn(account.accountId, c.deploymentRoleName);
        const role = new DeploymentRole(
            `deployer-${account.accountId}`,
            {
                accountId: account.accountId,
                region: c.region,
                githubOrg: b.github.owner,
                githubRepo: b.github.repository,
                environments: account.environments,
                oidcProviderArn: account.githubOidcProvider === "existing" ? githubOidcProviderArn(account.accountId, c.region) : undefined,
                managementRoleArn: b.breakGlassRoleArn,
                roleName: c.deploymentRoleName,
                chainedRoleArns: self === hub ? deployers : [self],
                assumableRoleArns: hub === undefined || hub === self ? [self] : [self, hub],
                principalOrgId: orgId,
                stateBucketArn: state.bucketArn,
                stateKeyArn: state.keyArn,
                protect: c.protect,
            },
            { providers: [member] },
        );
        roles[account.accountId] = role.roleArn;
        if (b.preview) {
            const preview = new PreviewRole(
                `preview-${account.accountId}`,
                {
                    accountId: account.accountId,
                    region: c.region,
                    githubOrg: b.github.owner,
                    githubRepo: b.github.repository,
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
        }
        if (b.githubConnection?.accountId === account.accountId) {
            outputs.githubConnectionArn = new GitHubConnection("platform-github", { protect: c.protect }, { providers: [member] }).connectionArn;
        }
    }
    return { stateBucket: state.bucketName, backendUrl: state.backendUrl, secretsProvider: state.secretsProvider, deploymentRoleArns: roles, previewRoleArns: previewRoles, ...outputs };
}
