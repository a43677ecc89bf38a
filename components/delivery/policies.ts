import { partitionOf, policyDocument, PolicyDocument } from "../common";
import { CONNECTION_ARN } from "./defaults";

/**
 * The IAM documents of a runner project's service role, as pure functions. The role is what
 * CodeBuild acts with, and a build can read its credentials, so it holds only what CodeBuild
 * documents for a VPC build with a CodeConnections source: write its own log group, manage the
 * build's network interface in the runner subnets, use the GitHub connection. Jobs get their AWS
 * credentials from GitHub OIDC, never from this role.
 */

/** ARN of a CodeBuild project. */
export function projectArn(region: string, accountId: string, projectName: string): string {
    return `arn:${partitionOf(region)}:codebuild:${region}:${accountId}:project/${projectName}`;
}

/** ARN of a subnet. */
export function subnetArn(region: string, accountId: string, subnetId: string): string {
    return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:subnet/${subnetId}`;
}

/**
 * Trust policy of a runner project's service role: CodeBuild, only on behalf of this account and
 * only for this project (confused-deputy conditions).
 */
export function runnerTrustPolicy(region: string, accountId: string, projectName: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "CodeBuildProject",
            Effect: "Allow",
            Principal: { Service: "codebuild.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": projectArn(region, accountId, projectName) },
            },
        },
    ]);
}

export interface RunnerPolicyContext {
    region: string;
    accountId: string;
    /** The project's log group (ARN without `:*`). */
    logGroupArn: string;
    /** Subnets the builds run in (IDs). */
    subnetIds: string[];
    /** The CodeConnections connection to GitHub. */
    connectionArn: string;
}

/**
 * Permissions of a runner project's service role:
 * - logs: create streams and put events in its own log group (the build log);
 * - the VPC network interface, exactly as CodeBuild documents it: describe and create/delete the
 *   ENI, and CreateNetworkInterfacePermission only for CodeBuild and only in the runner subnets
 *   (https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface);
 * - the connection: GetConnection and GetConnectionToken on that one connection, which CodeBuild
 *   needs to register the runner with GitHub
 *   (https://docs.aws.amazon.com/codebuild/latest/userguide/connections-github-app.html).
 *   GetConnectionToken is a permission-only action, not an API a build can call.
 */
export function runnerServicePolicy(ctx: RunnerPolicyContext): PolicyDocument {
    const partition = partitionOf(ctx.region);
    // IAM's action prefix must match the ARN's service (codestar-connections ARNs predate the rename).
    const service = CONNECTION_ARN.exec(ctx.connectionArn)?.[1] ?? "codeconnections";
    return policyDocument([
        {
            Sid: "BuildLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: [ctx.logGroupArn, `${ctx.logGroupArn}:*`],
        },
        {
            Sid: "VpcNetworkInterface",
            Effect: "Allow",
            Action: [
                "ec2:CreateNetworkInterface",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DeleteNetworkInterface",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeVpcs",
            ],
            // These EC2 actions take no resource-level scope for CodeBuild's use; the permission
            // below is what ties the interface to CodeBuild and the runner subnets.
            Resource: "*",
        },
        {
            Sid: "VpcNetworkInterfacePermission",
            Effect: "Allow",
            Action: "ec2:CreateNetworkInterfacePermission",
            Resource: `arn:${partition}:ec2:${ctx.region}:${ctx.accountId}:network-interface/*`,
            Condition: {
                StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                ArnEquals: { "ec2:Subnet": ctx.subnetIds.map((id) => subnetArn(ctx.region, ctx.accountId, id)) },
            },
        },
        {
            Sid: "GitHubConnection",
            Effect: "Allow",
            Action: [`${service}:GetConnection`, `${service}:GetConnectionToken`],
            Resource: ctx.connectionArn,
        },
    ]);
}
