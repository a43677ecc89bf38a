import * as aws from "@pulumi/aws";
import { DeploymentRole, StateBackend } from "../../components/bootstrap";
import { partitionOf } from "../../components/common/aws";
import { PlatformConfig } from "../../config/schema";
import { defaultTags } from "../providers";

/**
 * Run once, before any other stack, with an administrator's credentials in the account that
 * holds the state: the S3 state backend (with its own KMS key) and, in every account the stacks
 * deploy to, the deployment role they assume, trusted only by GitHub OIDC for this repository and
 * the account's environments. Member accounts are reached through the role Organizations creates.
 */
export function bootstrapRole(c: PlatformConfig, stack: string, provider: aws.Provider): Record<string, unknown> {
    const b = c.bootstrap!;
    const state = new StateBackend("state", { accountId: c.accountId, region: c.region, aliasPrefix: "platform", protect: c.protect }, { providers: [provider] });
    const roles: Record<string, unknown> = {};
    for (const account of b.accounts) {
        const member =
            account.accountId === c.accountId
                ? provider
                : new aws.Provider(`account-${account.accountId}`, {
                      region: c.region,
                      allowedAccountIds: [account.accountId],
                      assumeRoles: [{ roleArn: `arn:${partitionOf(c.region)}:iam::${account.accountId}:role/${b.accessRoleName}`, sessionName: `pulumi-${stack}`.slice(0, 64) }],
                      defaultTags: { tags: defaultTags(c, stack) },
                  });
        const role = new DeploymentRole(
            `deployer-${account.accountId}`,
            {
                accountId: account.accountId,
                region: c.region,
                githubOrg: b.github.owner,
                githubRepo: b.github.repository,
                environments: account.environments,
                managementRoleArn: b.breakGlassRoleArn,
                roleName: c.deploymentRoleName,
                protect: c.protect,
            },
            { providers: [member] },
        );
        roles[account.accountId] = role.roleArn;
    }
    return { stateBucket: state.bucketName, backendUrl: state.backendUrl, secretsProvider: state.secretsProvider, deploymentRoleArns: roles };
}
