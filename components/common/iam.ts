import * as pulumi from "@pulumi/pulumi";
import { partitionOf } from "./aws";
import { Problems } from "./validation";

/**
 * The fence around the IAM roles the platform's components create. The deployment roles may
 * create, change and pass roles only under this path, and only with the account's workload
 * permissions boundary attached (components/bootstrap/boundary.ts); every component that creates
 * a role puts it here through `platformRoleInputs`. A path, not a name prefix: the bootstrap's own
 * roles (`platform-deployer`, `platform-preview`) and `OrganizationAccountAccessRole` live at `/`,
 * so no name they could be given falls inside the fence.
 */
export const PLATFORM_IAM_PATH = "/platform/";

/** The boundary every role under PLATFORM_IAM_PATH carries (a customer managed policy under that path). */
export const WORKLOAD_BOUNDARY_NAME = "platform-workload-boundary";

/** The boundary of the deployment roles themselves. */
export const DEPLOYER_BOUNDARY_NAME = "platform-deployer-boundary";

/** ARN of a customer managed policy under PLATFORM_IAM_PATH. */
export function platformPolicyArn(accountId: string, region: string, policyName: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:policy${PLATFORM_IAM_PATH}${policyName}`;
}

/** The workload boundary's ARN; deterministic, so a component knows it before the policy exists. */
export function workloadBoundaryArn(accountId: string, region: string): string {
    return platformPolicyArn(accountId, region, WORKLOAD_BOUNDARY_NAME);
}

/** A role's ARN: the path is part of it (`arn:aws:iam::<account>:role/platform/<name>`). */
export function roleArnOf(accountId: string, region: string, roleName: string, path = "/"): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:role${path}${roleName}`;
}

/** The two args every role-creating component takes. */
export interface PlatformRoleArgs {
    /**
     * IAM path of the roles the component creates: PLATFORM_IAM_PATH or a path below it (the
     * deployment roles create roles nowhere else). @default PLATFORM_IAM_PATH ("/platform/")
     */
    rolePath?: string;
    /**
     * Permissions boundary of those roles (the deployment roles create roles only with the
     * workload boundary). @default the account's workload boundary, `arn:<p>:iam::<account>:policy/platform/platform-workload-boundary`
     */
    permissionsBoundaryArn?: pulumi.Input<string>;
}

export const PLATFORM_ROLE_DEFAULTS = { rolePath: PLATFORM_IAM_PATH } as const;

/** The `path` and `permissionsBoundary` inputs of an `aws.iam.Role`, defaults resolved. */
export function platformRoleInputs(args: PlatformRoleArgs, accountId: string, region: string): { path: string; permissionsBoundary: pulumi.Input<string> } {
    return { path: args.rolePath ?? PLATFORM_ROLE_DEFAULTS.rolePath, permissionsBoundary: args.permissionsBoundaryArn ?? workloadBoundaryArn(accountId, region) };
}

/** An IAM role name: 1 to 64 of letters, digits and `+=,.@_-`. */
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

const IAM_PATH = /^\/([\x21-\x7e]+\/)?$/;
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;

/** Checks `rolePath` and `permissionsBoundaryArn` (collects, does not throw). */
export function checkPlatformRoleArgs(p: Problems, args: PlatformRoleArgs): void {
    if (args.rolePath !== undefined) {
        if (typeof args.rolePath !== "string" || args.rolePath.length > 512 || !IAM_PATH.test(args.rolePath)) {
            p.add("rolePath", args.rolePath, 'is not an IAM path (starts and ends with "/", at most 512 printable ASCII characters)');
        } else if (!args.rolePath.startsWith(PLATFORM_IAM_PATH)) {
            p.add("rolePath", args.rolePath, `is outside ${PLATFORM_IAM_PATH}; the deployment roles create roles only under it (use "${PLATFORM_IAM_PATH}" or a path below it)`);
        }
    }
    if (typeof args.permissionsBoundaryArn === "string" && !POLICY_ARN.test(args.permissionsBoundaryArn)) {
        p.add("permissionsBoundaryArn", args.permissionsBoundaryArn, "is not an IAM managed policy ARN (arn:aws:iam::<account>:policy/<path><name>)");
    }
}
