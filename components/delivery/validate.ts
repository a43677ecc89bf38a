import { checkPlatformRoleArgs, Problems } from "../common";
import { LOG_RETENTION_DAYS } from "../storage/log-group";
import { CODEBUILD_MAX_BUILD_TIMEOUT_MINUTES, CONNECTION_ARN, LONGEST_RUNNER_JOB_MINUTES, RUNNER_COMPUTE_TYPES, RUNNER_PROJECT_PREFIX, runnerProjectName } from "./defaults";
import type { GithubRunnersArgs } from "./github-runners";

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
/** CodeBuild project names: 2 to 150 characters, letters, digits, '-' and '_', starting with a letter or digit. */
const PROJECT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{1,149}$/;

/** Every problem with the args of GithubRunners at once; throws one ValidationError. */
export function validateGithubRunnersArgs(args: GithubRunnersArgs): void {
    const p = new Problems();
    const envs: unknown[] = Array.isArray(args.environments) ? args.environments : [];
    if (envs.length === 0) {
        p.add("environments", args.environments, "is empty; list the deploy environments whose jobs reach a cluster (one runner project each)");
    }
    const prefix = args.projectNamePrefix ?? RUNNER_PROJECT_PREFIX;
    envs.forEach((env, i) => {
        p.dnsLabel(`environments[${i}]`, env);
        if (envs.indexOf(env) !== i) {
            p.add(`environments[${i}]`, env, "is listed twice; one runner project per environment");
        }
        if (typeof env === "string" && !PROJECT_NAME.test(runnerProjectName(env, prefix))) {
            p.add(`environments[${i}]`, env, `makes the project name ${JSON.stringify(runnerProjectName(env, prefix))}, which CodeBuild refuses (2 to 150 letters, digits, '-' or '_')`);
        }
    });
    if (!GITHUB_OWNER.test(String(args.repository?.owner))) {
        p.add("repository.owner", args.repository?.owner, "is not a GitHub user or organization name");
    }
    if (!GITHUB_REPO.test(String(args.repository?.name))) {
        p.add("repository.name", args.repository?.name, "is not a GitHub repository name");
    }
    if (typeof args.connectionArn !== "string" || !CONNECTION_ARN.test(args.connectionArn)) {
        p.add("connectionArn", args.connectionArn, "is not a CodeConnections connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<uuid>)");
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!Array.isArray(args.subnetIds) || args.subnetIds.length === 0) {
        p.add("subnetIds", args.subnetIds, "is empty; the builds need at least one private subnet (two, in different zones, survive a zone outage)");
    }
    for (const key of ["kmsKeyArn", "logsKmsKeyArn"] as const) {
        if (args[key] === undefined || args[key] === "") {
            p.add(key, args[key], "is required: build output and build logs are encrypted with a KMS key");
        }
    }
    if (args.computeType !== undefined) {
        p.oneOf("computeType", args.computeType, RUNNER_COMPUTE_TYPES);
    }
    if (args.image !== undefined && (typeof args.image !== "string" || args.image.trim() === "")) {
        p.add("image", args.image, "is not an image name such as aws/codebuild/amazonlinux-x86_64-standard:5.0");
    }
    if (args.buildTimeoutMinutes !== undefined) {
        const t = args.buildTimeoutMinutes;
        if (typeof t !== "number" || !Number.isInteger(t) || t < LONGEST_RUNNER_JOB_MINUTES || t > CODEBUILD_MAX_BUILD_TIMEOUT_MINUTES) {
            p.add(
                "buildTimeoutMinutes",
                t,
                `is not in ${LONGEST_RUNNER_JOB_MINUTES}..${CODEBUILD_MAX_BUILD_TIMEOUT_MINUTES} (at least the longest runner job, ${LONGEST_RUNNER_JOB_MINUTES} minutes, so CodeBuild never stops a job GitHub still runs; at most CodeBuild's 36 hours)`,
            );
        }
    }
    if (args.workflowNames !== undefined && (!Array.isArray(args.workflowNames) || args.workflowNames.length === 0 || args.workflowNames.some((w) => typeof w !== "string" || w.trim() === ""))) {
        p.add("workflowNames", args.workflowNames, "is not a list of workflow names; without one, any workflow's job could start a runner build");
    }
    if (args.logRetentionDays !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
        p.add("logRetentionDays", args.logRetentionDays, `is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`);
    }
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("GithubRunners");
}
