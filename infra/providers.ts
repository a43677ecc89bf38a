import * as aws from "@pulumi/aws";
import { partitionOf } from "../components/common/aws";
import { PlatformConfig } from "../config/schema";

/**
 * One AWS provider per account a stack touches. Each assumes the deployment role of its account
 * (named in config; the preview role for a pull-request preview), refuses to act in any other account (`allowedAccountIds`), and stamps the
 * default tags every resource carries. Tag precedence: these < component tags < a child's Name.
 */
export function defaultTags(c: PlatformConfig, stack: string): Record<string, string> {
    return {
        environment: c.environment,
        owner: c.tags.owner,
        "cost-center": c.tags.costCenter,
        "managed-by": "pulumi",
        stack,
    };
}

export function deploymentRoleArn(c: PlatformConfig, accountId: string): string {
    return `arn:${partitionOf(c.region)}:iam::${accountId}:role/${c.deploymentRoleName}`;
}

export function previewRoleArn(c: PlatformConfig, accountId: string): string {
    return `arn:${partitionOf(c.region)}:iam::${accountId}:role/${c.previewRoleName}`;
}

/**
 * The role this run's providers act as in an account: the deployer, or for a pull-request
 * preview (`platform:credentials: preview`) the read-only preview role. Only providers and the
 * kubeconfig change with it; every resource is declared the same (test/stacks/preview.test.ts).
 */
export function actingRoleArn(c: PlatformConfig, accountId: string): string {
    return c.credentials === "preview" ? previewRoleArn(c, accountId) : deploymentRoleArn(c, accountId);
}

export function accountProvider(name: string, c: PlatformConfig, stack: string, accountId: string, region: string = c.region): aws.Provider {
    return new aws.Provider(name, {
        region,
        allowedAccountIds: [accountId],
        // The bootstrap stack creates the deployment roles, so it runs with the operator's own
        // (administrator) credentials; allowedAccountIds still pins the account.
        assumeRoles: c.role === "bootstrap" ? undefined : [{ roleArn: actingRoleArn(c, accountId), sessionName: `pulumi-${stack}`.slice(0, 64) }],
        defaultTags: { tags: defaultTags(c, stack) },
    });
}
