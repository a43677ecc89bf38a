import { expect } from "chai";
import {
    GithubRunners,
    GithubRunnersArgs,
    LONGEST_RUNNER_JOB_MINUTES,
    projectOfRunnerLabel,
    RUNNER_BUILD_TIMEOUT_MINUTES,
    RUNNER_IMAGE,
    runnerLabel,
    runnerServicePolicy,
    runnerTrustPolicy,
    validateGithubRunnersArgs,
    workflowNamePattern,
} from "../../../components/delivery";
import { declare, doc } from "../../support/harness";

const CONNECTION = "arn:aws:codeconnections:eu-west-1:222222222222:connection/5f3c2a1e-8b7d-4c6e-9a0f-1d2e3f4a5b6c";
const ARGS: GithubRunnersArgs = {
    environments: ["dev", "prod"],
    repository: { owner: "example-org", name: "platform" },
    connectionArn: CONNECTION,
    region: "eu-west-1",
    accountId: "222222222222",
    vpcId: "vpc-0123",
    subnetIds: ["subnet-a", "subnet-b"],
    kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/build",
    logsKmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/logs",
};

const runners = (args: GithubRunnersArgs = ARGS) =>
    declare(() => {
        const r = new GithubRunners("runners", args);
        return { projectNames: r.projectNames, securityGroupId: r.securityGroupId, roleArns: r.roleArns, logGroupNames: r.logGroupNames };
    });

describe("GithubRunners", () => {
    it("creates a project, webhook, service role, role policy and log group per environment, and one security group", async () => {
        const plan = await runners();
        const perEnv = (env: string) => [
            `aws:cloudwatch/logGroup:LogGroup::runners-${env}`,
            `aws:codebuild/project:Project::runners-${env}`,
            `aws:codebuild/webhook:Webhook::runners-${env}`,
            `aws:iam/role:Role::runners-${env}`,
            `aws:iam/rolePolicy:RolePolicy::runners-${env}`,
        ];
        expect(plan.inventory()).to.deep.equal(
            [...perEnv("dev"), ...perEnv("prod"), "aws:ec2/securityGroup:SecurityGroup::runners-sg", "platform:delivery:GithubRunners::runners"].sort(),
        );
        const component = plan.one("platform:delivery:GithubRunners", "runners");
        expect(plan.childrenOf(component)).to.have.length(11);
        expect(plan.outputs.projectNames).to.deep.equal({ dev: "platform-runner-dev", prod: "platform-runner-prod" });
    });

    it("configures each project as a GitHub Actions runner in the VPC: CodeConnections source, no privileged mode, pinned image, build timeout above the longest job", async () => {
        const plan = await runners();
        const project = plan.one("aws:codebuild/project:Project", "runners-dev");
        expect(project.inputs).to.deep.include({
            name: "platform-runner-dev",
            artifacts: { type: "NO_ARTIFACTS" },
            environment: { type: "LINUX_CONTAINER", computeType: "BUILD_GENERAL1_MEDIUM", image: RUNNER_IMAGE, imagePullCredentialsType: "CODEBUILD", privilegedMode: false },
            source: { type: "GITHUB", location: "https://github.com/example-org/platform.git", gitCloneDepth: 1, auth: { type: "CODECONNECTIONS", resource: CONNECTION } },
            buildTimeout: RUNNER_BUILD_TIMEOUT_MINUTES,
            encryptionKey: ARGS.kmsKeyArn,
            projectVisibility: "PRIVATE",
        });
        expect(project.inputs.vpcConfig).to.deep.equal({ vpcId: "vpc-0123", subnets: ["subnet-a", "subnet-b"], securityGroupIds: ["runners-sg-id"] });
        expect(project.inputs.logsConfig).to.deep.equal({ cloudwatchLogs: { status: "ENABLED", groupName: "/platform/ci/platform-runner-dev" }, s3Logs: { status: "DISABLED" } });
        expect(project.inputs.serviceRole).to.equal("arn:aws:iam::000000000000:role/platform/runners-dev");
        expect(RUNNER_BUILD_TIMEOUT_MINUTES).to.be.at.least(LONGEST_RUNNER_JOB_MINUTES);
        // CodeBuild checks the role's VPC permissions when it creates the project.
        expect(plan.dependenciesOf(project).map((r) => r.name)).to.include("runners-dev");
        expect(plan.dependenciesOf(project).some((r) => r.type === "aws:iam/rolePolicy:RolePolicy")).to.equal(true);
    });

    it("starts a build only for queued jobs of the deploy and pull-request workflows", async () => {
        const plan = await runners();
        const hook = plan.one("aws:codebuild/webhook:Webhook", "runners-prod");
        expect(hook.inputs).to.deep.include({ projectName: "platform-runner-prod", buildType: "BUILD" });
        expect(hook.inputs.filterGroups).to.deep.equal([
            {
                filters: [
                    { type: "EVENT", pattern: "WORKFLOW_JOB_QUEUED" },
                    { type: "WORKFLOW_NAME", pattern: "^(deploy|pull-request)$" },
                ],
            },
        ]);
        expect(workflowNamePattern(["a.b", "c"])).to.equal("^(a\\.b|c)$");
    });

    it("lets only HTTPS out of the runner security group and nothing in", async () => {
        const plan = await runners();
        const sg = plan.one("aws:ec2/securityGroup:SecurityGroup", "runners-sg");
        expect(sg.inputs.ingress).to.deep.equal([]);
        expect(sg.inputs.egress).to.deep.equal([{ description: "HTTPS to GitHub, registries, AWS APIs and the cluster endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }]);
        expect(sg.inputs).to.deep.include({ vpcId: "vpc-0123", revokeRulesOnDelete: true });
    });

    it("keeps build logs encrypted with retention, protected by default", async () => {
        const plan = await runners();
        const group = plan.one("aws:cloudwatch/logGroup:LogGroup", "runners-dev");
        expect(group.inputs).to.deep.include({ name: "/platform/ci/platform-runner-dev", retentionInDays: 365, kmsKeyId: ARGS.logsKmsKeyArn });
        expect(group).to.deep.include({ protect: true, retainOnDelete: true });
        const unprotected = await runners({ ...ARGS, protect: false, logRetentionDays: 90 });
        expect(unprotected.one("aws:cloudwatch/logGroup:LogGroup", "runners-dev").inputs.retentionInDays).to.equal(90);
        expect(unprotected.one("aws:cloudwatch/logGroup:LogGroup", "runners-dev")).to.deep.include({ protect: false, retainOnDelete: false });
    });

    it("gives the service role only CodeBuild's trust for its own project and the logs, ENI and connection permissions", async () => {
        const plan = await runners();
        const role = plan.one("aws:iam/role:Role", "runners-prod");
        expect(doc(role.inputs.assumeRolePolicy)).to.deep.equal(runnerTrustPolicy("eu-west-1", "222222222222", "platform-runner-prod"));
        expect(role.inputs.maxSessionDuration).to.equal(3600);
        expect(role.inputs).to.include({ path: "/platform/", permissionsBoundary: "arn:aws:iam::222222222222:policy/platform/platform-workload-boundary" });
        const policy = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "runners-prod").inputs.policy);
        // The mocks give the log group this ARN.
        const logGroupArn = "arn:aws:logs:us-east-1:000000000000:log-group:/platform/ci/platform-runner-prod";
        expect(policy).to.deep.equal(runnerServicePolicy({ region: "eu-west-1", accountId: "222222222222", logGroupArn, subnetIds: ["subnet-a", "subnet-b"], connectionArn: CONNECTION }));
    });

    it("rejects invalid args before declaring anything", () => {
        expect(() => new GithubRunners("bad", { ...ARGS, environments: [] })).to.throw("environments: [] is empty");
    });
});

describe("runner IAM documents", () => {
    it("trusts CodeBuild only for the one project of this account", () => {
        expect(runnerTrustPolicy("eu-west-1", "222222222222", "platform-runner-dev")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "CodeBuildProject",
                    Effect: "Allow",
                    Principal: { Service: "codebuild.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "222222222222" },
                        ArnLike: { "aws:SourceArn": "arn:aws:codebuild:eu-west-1:222222222222:project/platform-runner-dev" },
                    },
                },
            ],
        });
    });

    it("allows its log group, the documented VPC ENI actions (the permission only for CodeBuild in the runner subnets) and the connection", () => {
        const policy = runnerServicePolicy({ region: "eu-west-1", accountId: "222222222222", logGroupArn: "arn:aws:logs:eu-west-1:222222222222:log-group:/platform/ci/x", subnetIds: ["subnet-a"], connectionArn: CONNECTION });
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "BuildLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: ["arn:aws:logs:eu-west-1:222222222222:log-group:/platform/ci/x", "arn:aws:logs:eu-west-1:222222222222:log-group:/platform/ci/x:*"],
            },
            {
                Sid: "VpcNetworkInterface",
                Effect: "Allow",
                Action: ["ec2:CreateNetworkInterface", "ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface", "ec2:DescribeSubnets", "ec2:DescribeSecurityGroups", "ec2:DescribeVpcs"],
                Resource: "*",
            },
            {
                Sid: "VpcNetworkInterfacePermission",
                Effect: "Allow",
                Action: "ec2:CreateNetworkInterfacePermission",
                Resource: "arn:aws:ec2:eu-west-1:222222222222:network-interface/*",
                Condition: {
                    StringEquals: { "ec2:AuthorizedService": "codebuild.amazonaws.com" },
                    ArnEquals: { "ec2:Subnet": ["arn:aws:ec2:eu-west-1:222222222222:subnet/subnet-a"] },
                },
            },
            { Sid: "GitHubConnection", Effect: "Allow", Action: ["codeconnections:GetConnection", "codeconnections:GetConnectionToken"], Resource: CONNECTION },
        ]);
        const actions = policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
        expect(actions.filter((a) => /^(iam|sts|kms|s3|ssm|secretsmanager|eks):/.test(String(a)))).to.deep.equal([]);
    });

    it("names the connection actions by the ARN's service: codestar-connections ARNs predate the rename", () => {
        const old = "arn:aws:codestar-connections:eu-west-1:222222222222:connection/5f3c2a1e-8b7d-4c6e-9a0f-1d2e3f4a5b6c";
        const policy = runnerServicePolicy({ region: "eu-west-1", accountId: "222222222222", logGroupArn: "arn:x", subnetIds: [], connectionArn: old });
        expect(policy.Statement[3].Action).to.deep.equal(["codestar-connections:GetConnection", "codestar-connections:GetConnectionToken"]);
    });
});

describe("runner labels", () => {
    it("builds the runs-on label CodeBuild matches to its project, and reads it back", () => {
        expect(runnerLabel("platform-runner-dev")).to.equal("codebuild-platform-runner-dev-${{ github.run_id }}-${{ github.run_attempt }}");
        expect(projectOfRunnerLabel(runnerLabel("platform-runner-dev"))).to.equal("platform-runner-dev");
        expect(projectOfRunnerLabel("ubuntu-latest")).to.equal(undefined);
    });
});

describe("validateGithubRunnersArgs", () => {
    const cases: [string, Partial<GithubRunnersArgs>, string[]][] = [
        ["rejects no environments", { environments: [] }, ["environments: [] is empty; list the deploy environments whose jobs reach a cluster (one runner project each)"]],
        [
            "rejects an environment twice and one that is not a DNS label",
            { environments: ["dev", "Dev_1", "dev"] },
            [
                "environments[1]: \"Dev_1\" is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)",
                'environments[2]: "dev" is listed twice; one runner project per environment',
            ],
        ],
        ["rejects a repository owner GitHub would not accept", { repository: { owner: "-org", name: "platform" } }, ['repository.owner: "-org" is not a GitHub user or organization name']],
        [
            "rejects a connection ARN of another service",
            { connectionArn: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:github" },
            ['connectionArn: "arn:aws:secretsmanager:eu-west-1:222222222222:secret:github" is not a CodeConnections connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<uuid>)'],
        ],
        ["rejects builds without a subnet", { subnetIds: [] }, ["subnetIds: [] is empty; the builds need at least one private subnet (two, in different zones, survive a zone outage)"]],
        ["rejects a missing build key", { kmsKeyArn: "" }, ['kmsKeyArn: "" is required: build output and build logs are encrypted with a KMS key']],
        ["rejects an unknown compute type", { computeType: "BUILD_LAMBDA_1GB" as never }, ['computeType: "BUILD_LAMBDA_1GB" is not one of "BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM", "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE"']],
        [
            "rejects a build timeout shorter than the longest job",
            { buildTimeoutMinutes: 60 },
            ["buildTimeoutMinutes: 60 is not in 200..2160 (at least the longest runner job, 200 minutes, so CodeBuild never stops a job GitHub still runs; at most CodeBuild's 36 hours)"],
        ],
        [
            "rejects a build timeout over CodeBuild's 36 hours",
            { buildTimeoutMinutes: 2161 },
            ["buildTimeoutMinutes: 2161 is not in 200..2160 (at least the longest runner job, 200 minutes, so CodeBuild never stops a job GitHub still runs; at most CodeBuild's 36 hours)"],
        ],
        ["rejects an empty workflow filter", { workflowNames: [] }, ["workflowNames: [] is not a list of workflow names; without one, any workflow's job could start a runner build"]],
        ["rejects a retention CloudWatch does not offer", { logRetentionDays: 100 }, ["logRetentionDays: 100 is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"]],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => {
            let problems: string[] = [];
            try {
                validateGithubRunnersArgs({ ...ARGS, ...change });
            } catch (e) {
                problems = (e as { problems: string[] }).problems;
            }
            expect(problems).to.deep.equal(expected);
        });
    }

    it("accepts the example args and lists every problem at once", () => {
        expect(() => validateGithubRunnersArgs(ARGS)).to.not.throw();
        try {
            validateGithubRunnersArgs({ ...ARGS, environments: [], region: "mars", accountId: "1", subnetIds: [] });
            expect.fail("did not throw");
        } catch (e) {
            expect((e as { problems: string[] }).problems).to.have.length(4);
        }
    });
});
