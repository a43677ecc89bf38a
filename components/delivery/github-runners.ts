import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformRoleArgs, platformRoleInputs, tagsFor } from "../common";
import { secureLogGroup } from "../storage/log-group";
import { RUNNER_BUILD_TIMEOUT_MINUTES, RUNNER_IMAGE, RUNNER_PROJECT_PREFIX, RUNNER_WORKFLOWS, RunnerComputeType, runnerProjectName } from "./defaults";
import { runnerServicePolicy, runnerTrustPolicy } from "./policies";
import { validateGithubRunnersArgs } from "./validate";

/** The service roles live under PLATFORM_IAM_PATH with the account's workload boundary (`rolePath`, `permissionsBoundaryArn`). */
export interface GithubRunnersArgs extends PlatformRoleArgs {
    /** Deploy environments whose jobs reach a cluster (DNS labels): one runner project each. */
    environments: string[];
    /** The GitHub repository whose workflow jobs the runners take. */
    repository: { owner: string; name: string };
    /** CodeConnections (or CodeStar Connections) connection to GitHub, status AVAILABLE. */
    connectionArn: string;
    /** Region of the projects. */
    region: string;
    /** Account of the projects: the service roles trust CodeBuild for this account's projects only. */
    accountId: string;
    /** VPC the builds run in. */
    vpcId: pulumi.Input<string>;
    /** Private subnets of the builds (a route to the internet through NAT and to the clusters through the Transit Gateway). */
    subnetIds: pulumi.Input<string>[];
    /** KMS key CodeBuild encrypts build output with (`encryptionKey`; a runner build has none today). */
    kmsKeyArn: pulumi.Input<string>;
    /** KMS key of the build log groups; its policy must allow `logs.<region>.amazonaws.com`. */
    logsKmsKeyArn: pulumi.Input<string>;
    /** @default "BUILD_GENERAL1_MEDIUM" (4 GiB, 2 vCPUs) */
    computeType?: RunnerComputeType;
    /** Build image. @default RUNNER_IMAGE ("aws/codebuild/amazonlinux-x86_64-standard:5.0") */
    image?: string;
    /** Minutes before CodeBuild stops a build; at least the longest job. @default RUNNER_BUILD_TIMEOUT_MINUTES (240) */
    buildTimeoutMinutes?: number;
    /** Workflow names (`name:`) whose queued jobs start a build. @default RUNNER_WORKFLOWS (deploy, pull-request) */
    workflowNames?: string[];
    /** Project names are `<prefix>-<environment>`. @default RUNNER_PROJECT_PREFIX ("platform-runner") */
    projectNamePrefix?: string;
    /** Days the build logs are kept. @default 365 */
    logRetentionDays?: number;
    /** Protect and retain the build log groups. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const GITHUB_RUNNERS_DEFAULTS = {
    computeType: "BUILD_GENERAL1_MEDIUM" as RunnerComputeType,
    image: RUNNER_IMAGE,
    buildTimeoutMinutes: RUNNER_BUILD_TIMEOUT_MINUTES,
    workflowNames: [...RUNNER_WORKFLOWS] as string[],
    projectNamePrefix: RUNNER_PROJECT_PREFIX,
    logRetentionDays: 365,
    protect: true,
};

/** Anchored regular expression matching exactly the given workflow names (the webhook's WORKFLOW_NAME pattern). */
export function workflowNamePattern(names: string[]): string {
    return `^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})$`;
}

/**
 * CodeBuild-hosted GitHub Actions runners inside a VPC, one project per deploy environment, so
 * that jobs talking to a private EKS endpoint run where they can reach it. Each project: a GitHub
 * source authenticated by a CodeConnections connection, a webhook that starts a build for each
 * queued workflow job of the listed workflows, the builds in the given subnets behind a security
 * group that only lets HTTPS out, an encrypted log group with retention, and a service role that
 * can write that log group, place the build's network interface and use the connection, nothing
 * more. Jobs take their AWS credentials from GitHub OIDC, not from the build. See README.md.
 */
export class GithubRunners extends pulumi.ComponentResource {
    /** Runner project name by environment (the `codebuild-<project>-…` label of `runs-on`). */
    readonly projectNames: Record<string, pulumi.Output<string>>;
    /** Runner project ARN by environment. */
    readonly projectArns: Record<string, pulumi.Output<string>>;
    /** Service role ARN by environment. */
    readonly roleArns: Record<string, pulumi.Output<string>>;
    /** Build log group name by environment. */
    readonly logGroupNames: Record<string, pulumi.Output<string>>;
    /** Security group of every runner build: the source the clusters admit. */
    readonly securityGroupId: pulumi.Output<string>;

    constructor(name: string, args: GithubRunnersArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:delivery:GithubRunners", name, {}, opts);
        validateGithubRunnersArgs(args);
        const computeType = args.computeType ?? GITHUB_RUNNERS_DEFAULTS.computeType;
        const image = args.image ?? GITHUB_RUNNERS_DEFAULTS.image;
        const buildTimeout = args.buildTimeoutMinutes ?? GITHUB_RUNNERS_DEFAULTS.buildTimeoutMinutes;
        const workflowNames = args.workflowNames ?? GITHUB_RUNNERS_DEFAULTS.workflowNames;
        const prefix = args.projectNamePrefix ?? GITHUB_RUNNERS_DEFAULTS.projectNamePrefix;
        const retention = args.logRetentionDays ?? GITHUB_RUNNERS_DEFAULTS.logRetentionDays;
        const protect = args.protect ?? GITHUB_RUNNERS_DEFAULTS.protect;
        const repo = `${args.repository.owner}/${args.repository.name}`;

        // Egress only, and only HTTPS: GitHub (job, actions, checkout), package registries, AWS
        // APIs and the clusters' private endpoints over the Transit Gateway all listen on 443.
        // DNS needs no rule: security groups do not filter traffic to the Amazon-provided resolver.
        const sg = new aws.ec2.SecurityGroup(
            `${name}-sg`,
            {
                vpcId: args.vpcId,
                description: `GitHub Actions runner builds of ${repo}: HTTPS out, nothing in`,
                ingress: [],
                egress: [{ description: "HTTPS to GitHub, registries, AWS APIs and the cluster endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
                revokeRulesOnDelete: true,
                tags: tagsFor(args.tags, `${name}-sg`),
            },
            { parent: this },
        );

        this.projectNames = {};
        this.projectArns = {};
        this.roleArns = {};
        this.logGroupNames = {};
        for (const env of args.environments) {
            const child = `${name}-${env}`;
            const projectName = runnerProjectName(env, prefix);
            const logGroup = secureLogGroup(
                child,
                { logGroupName: `/platform/ci/${projectName}`, retentionInDays: retention, kmsKeyArn: args.logsKmsKeyArn, protect, tags: tagsFor(args.tags, `/platform/ci/${projectName}`) },
                this,
            );
            const role = new aws.iam.Role(
                child,
                {
                    ...platformRoleInputs(args, args.accountId, args.region),
                    assumeRolePolicy: JSON.stringify(runnerTrustPolicy(args.region, args.accountId, projectName)),
                    description: `CodeBuild service role of the ${env} GitHub Actions runner: build logs, VPC network interface, GitHub connection`,
                    maxSessionDuration: 3600,
                    tags: tagsFor(args.tags, child),
                },
                { parent: this },
            );
            const rolePolicy = new aws.iam.RolePolicy(
                child,
                {
                    role: role.name,
                    policy: pulumi
                        .all([logGroup.arn, pulumi.all(args.subnetIds)])
                        .apply(([logGroupArn, subnetIds]) =>
                            JSON.stringify(runnerServicePolicy({ region: args.region, accountId: args.accountId, logGroupArn, subnetIds, connectionArn: args.connectionArn })),
                        ),
                },
                { parent: this },
            );
            const project = new aws.codebuild.Project(
                child,
                {
                    name: projectName,
                    description: `GitHub Actions runner for ${repo} jobs of environment ${env}`,
                    serviceRole: role.arn,
                    artifacts: { type: "NO_ARTIFACTS" },
                    environment: { type: "LINUX_CONTAINER", computeType, image, imagePullCredentialsType: "CODEBUILD", privilegedMode: false },
                    source: {
                        type: "GITHUB",
                        location: `https://github.com/${repo}.git`,
                        gitCloneDepth: 1,
                        auth: { type: "CODECONNECTIONS", resource: args.connectionArn },
                    },
                    buildTimeout,
                    encryptionKey: args.kmsKeyArn,
                    vpcConfig: { vpcId: args.vpcId, subnets: args.subnetIds, securityGroupIds: [sg.id] },
                    logsConfig: { cloudwatchLogs: { status: "ENABLED", groupName: logGroup.name }, s3Logs: { status: "DISABLED" } },
                    projectVisibility: "PRIVATE",
                    tags: tagsFor(args.tags, projectName),
                },
                // CodeBuild checks the role's VPC permissions when the project is created.
                { parent: this, dependsOn: [rolePolicy] },
            );
            new aws.codebuild.Webhook(
                child,
                {
                    projectName: project.name,
                    buildType: "BUILD",
                    filterGroups: [
                        {
                            filters: [
                                { type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" },
                                { type: "WORKFLOW_NAME", pattern: workflowNamePattern(workflowNames) },
                            ],
                        },
                    ],
                },
                { parent: this },
            );
            this.projectNames[env] = project.name;
            this.projectArns[env] = project.arn;
            this.roleArns[env] = role.arn;
            this.logGroupNames[env] = logGroup.name;
        }
        this.securityGroupId = sg.id;
        this.registerOutputs({
            projectNames: this.projectNames,
            projectArns: this.projectArns,
            roleArns: this.roleArns,
            logGroupNames: this.logGroupNames,
            securityGroupId: this.securityGroupId,
        });
    }
}
