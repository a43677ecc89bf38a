/**
 * Constants of the CI executor (docs/decisions/0013-ci-executor.md): the CodeBuild-hosted GitHub
 * Actions runners that run every job that talks to a Kubernetes API. The workflows and their test
 * (test/ci/workflows.test.ts) read the same values, so a job timeout, a build timeout and a
 * session length cannot drift apart.
 */

/**
 * Curated CodeBuild image of the runners: Amazon Linux 2023, x86_64, with git, Node and Docker
 * clients. Pinned to a major version; AWS patches the image within it.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-yaml.images.html
 */
export const RUNNER_IMAGE = "aws/codebuild/amazonlinux-x86_64-standard:5.0";

/** On-demand compute types of a LINUX_CONTAINER project (the ones a runner may use). */
export const RUNNER_COMPUTE_TYPES = ["BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"] as const;
export type RunnerComputeType = (typeof RUNNER_COMPUTE_TYPES)[number];

/** Longest `timeout-minutes` of a job that runs on a runner (the deploy jobs of dev, staging, prod). */
export const LONGEST_RUNNER_JOB_MINUTES = 200;

/**
 * Build timeout of every runner project, in minutes: at least the longest job, plus room for the
 * runner to start, register with GitHub and report. CodeBuild stops a build at this limit, so a
 * shorter one would kill a `pulumi up` the job still had time for.
 */
export const RUNNER_BUILD_TIMEOUT_MINUTES = 240;

/** Longest build timeout CodeBuild accepts (36 hours). */
export const CODEBUILD_MAX_BUILD_TIMEOUT_MINUTES = 2160;

/** Names (`name:`) of the workflows whose jobs may start a runner build; other workflows' jobs never do. */
export const RUNNER_WORKFLOWS = ["deploy", "pull-request"] as const;

/** Prefix of the runner project names: `<prefix>-<environment>`. */
export const RUNNER_PROJECT_PREFIX = "platform-runner";

/** Name of the runner project of a deploy environment (`platform-runner-dev`). */
export function runnerProjectName(environment: string, prefix: string = RUNNER_PROJECT_PREFIX): string {
    return `${prefix}-${environment}`;
}

/**
 * The `runs-on` label that sends a job to a runner project: `codebuild-<project>-<run id>-<run
 * attempt>`, unique per job run so that GitHub hands the job to the runner its webhook started.
 * https://docs.aws.amazon.com/codebuild/latest/userguide/sample-github-action-runners-update-labels.html
 */
export function runnerLabel(projectName: string): string {
    return `codebuild-${projectName}-\${{ github.run_id }}-\${{ github.run_attempt }}`;
}

/** The project a `runs-on` label sends its job to, or undefined for any other label. */
export function projectOfRunnerLabel(label: string): string | undefined {
    return /^codebuild-(.+)-\$\{\{ github\.run_id \}\}-\$\{\{ github\.run_attempt \}\}$/.exec(label)?.[1];
}

/** A CodeConnections (or older CodeStar Connections) connection ARN; group 1 is the IAM service prefix. */
export const CONNECTION_ARN = /^arn:aws(?:-[a-z]+)*:(codeconnections|codestar-connections):[a-z]{2}(?:-[a-z]+)+-\d:\d{12}:connection\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
