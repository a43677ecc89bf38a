import { expect } from "chai";
import {
    assumeRolesStatement,
    defaultDeploymentStatements,
    DEPLOYMENT_SESSION_SECONDS,
    DeploymentRole,
    DeploymentRoleArgs,
    deploymentGuardStatements,
    deploymentTrustPolicy,
    EKS_OIDC_PROVIDER_ACTIONS,
    OIDC_PROVIDER_WRITE_ACTIONS,
    PLATFORM_IAM_ACTIONS,
    PLATFORM_POLICY_ACTIONS,
    ROLE_WRITE_ACTIONS,
    stateAccessStatements,
    USER_AND_KEY_ACTIONS,
    validateDeploymentRoleArgs,
} from "../../../components/bootstrap";
import { declare, doc } from "../../support/harness";

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const ARGS: DeploymentRoleArgs = { accountId: "111111111111", region: "eu-west-1", githubOrg: "acme", githubRepo: "platform", environments: ["dev", "dev-infra"] };
const GITHUB = {
    Sid: "GitHubActions",
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
        StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": [
                "repo:acme/platform:environment:dev:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/deploy.yml@refs/heads/main",
                "repo:acme/platform:environment:dev-infra:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/deploy.yml@refs/heads/main",
            ],
        },
    },
};

const DEV_DEPLOYER = "arn:aws:iam::111111111111:role/platform-deployer";
const NETWORK_DEPLOYER = "arn:aws:iam::222222222222:role/platform-deployer";
const PROD_DEPLOYER = "arn:aws:iam::333333333333:role/platform-deployer";
const STATE = { bucketArn: "arn:aws:s3:::acme-pulumi-state", keyArn: "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab" };

describe("deployment role documents", () => {
    it("trusts the chained roles by exact ARN through aws:PrincipalArn, within the organization, never a wildcard", () => {
        const trust = deploymentTrustPolicy(PROVIDER, { ...ARGS, chainedRoleArns: [NETWORK_DEPLOYER, DEV_DEPLOYER, PROD_DEPLOYER], principalOrgId: "o-abcdefghij" });
        expect(trust.Statement).to.deep.equal([
            GITHUB,
            {
                Sid: "ChainedRoles",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::222222222222:root", "arn:aws:iam::111111111111:root", "arn:aws:iam::333333333333:root"] },
                Action: "sts:AssumeRole",
                Condition: {
                    ArnEquals: { "aws:PrincipalArn": [NETWORK_DEPLOYER, DEV_DEPLOYER, PROD_DEPLOYER] },
                    StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" },
                },
            },
        ]);
        expect(JSON.stringify(trust)).not.to.match(/"\*"|:\*"/);
    });

    it("trusts the role itself for a provider that assumes the role the job holds, after the management role", () => {
        const trust = deploymentTrustPolicy(PROVIDER, { ...ARGS, managementRoleArn: "arn:aws:iam::999999999999:role/platform-admin", chainedRoleArns: [DEV_DEPLOYER] });
        expect(trust.Statement.map((s) => s.Sid)).to.deep.equal(["GitHubActions", "ManagementRole", "ChainedRoles"]);
        expect(trust.Statement[2]).to.deep.equal({
            Sid: "ChainedRoles",
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::111111111111:root"] },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": [DEV_DEPLOYER] } },
        });
    });

    it("adds no chained statement when no role is chained", () => {
        expect(deploymentTrustPolicy(PROVIDER, { ...ARGS, chainedRoleArns: [], principalOrgId: "o-abcdefghij" }).Statement).to.deep.equal([GITHUB]);
    });

    it("allows sts:AssumeRole on exactly the listed roles", () => {
        expect(assumeRolesStatement([DEV_DEPLOYER, NETWORK_DEPLOYER])).to.deep.equal({ Sid: "AssumeChainedRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [DEV_DEPLOYER, NETWORK_DEPLOYER] });
    });

    it("lets a deployment role list the state bucket, read meta.yaml and use the bucket key through S3 (its stacks' objects come from StateAccessPolicy)", () => {
        expect(stateAccessStatements(STATE, "read-write")).to.deep.equal([
            { Sid: "StateBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: "arn:aws:s3:::acme-pulumi-state" },
            { Sid: "StateMeta", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-pulumi-state/.pulumi/meta.yaml" },
            {
                Sid: "StateBucketKey",
                Effect: "Allow",
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Resource: STATE.keyArn,
                Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
            },
        ]);
    });

    it("trusts only the repository's listed environments through GitHub OIDC, audience and subject pinned", () => {
        expect(deploymentTrustPolicy(PROVIDER, ARGS)).to.deep.equal({ Version: "2012-10-17", Statement: [GITHUB] });
    });

    it("adds the named management role by exact ARN in aws:PrincipalArn, never as a role principal IAM would refuse or pin to a unique ID", () => {
        const trust = deploymentTrustPolicy(PROVIDER, { ...ARGS, managementRoleArn: "arn:aws:iam::999999999999:role/platform-admin" });
        expect(trust.Statement).to.deep.equal([
            GITHUB,
            {
                Sid: "ManagementRole",
                Effect: "Allow",
                Principal: { AWS: ["arn:aws:iam::999999999999:root"] },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::999999999999:role/platform-admin"] } },
            },
        ]);
    });

    it("requires the management role to be of the organization when one is given", () => {
        const trust = deploymentTrustPolicy(PROVIDER, { ...ARGS, managementRoleArn: "arn:aws:iam::999999999999:role/platform-admin", principalOrgId: "o-abcdefghij" });
        expect(trust.Statement[1]).to.deep.equal({
            Sid: "ManagementRole",
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::999999999999:root"] },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::999999999999:role/platform-admin"] }, StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
        });
        // No statement names a role as the principal: IAM refuses one that does not exist yet.
        for (const statement of trust.Statement) {
            expect(JSON.stringify(statement.Principal), statement.Sid).not.to.include(":role/");
        }
    });

    it("creates and changes roles only under /platform/ with the workload boundary, and passes only those roles to platform services", () => {
        const roles = "arn:aws:iam::111111111111:role/platform/*";
        expect(defaultDeploymentStatements("111111111111", "eu-west-1")).to.deep.equal([
            { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
            {
                Sid: "BoundedPlatformRoles",
                Effect: "Allow",
                Action: ["iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"],
                Resource: roles,
                Condition: { StringEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" } },
            },
            { Sid: "ManagePlatformRoles", Effect: "Allow", Action: ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"], Resource: roles },
            { Sid: "ManagePlatformPolicies", Effect: "Allow", Action: PLATFORM_POLICY_ACTIONS, Resource: ["arn:aws:iam::111111111111:policy/platform/*", "arn:aws:iam::111111111111:instance-profile/platform/*"] },
            { Sid: "ManageEksOidcProviders", Effect: "Allow", Action: EKS_OIDC_PROVIDER_ACTIONS, Resource: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.*" },
            {
                Sid: "PassRolesToPlatformServices",
                Effect: "Allow",
                Action: "iam:PassRole",
                Resource: roles,
                Condition: { StringEquals: { "iam:PassedToService": ["eks.amazonaws.com", "ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com", "pods.eks.amazonaws.com", "codebuild.amazonaws.com", "config.amazonaws.com", "cloudtrail.amazonaws.com", "ecr.amazonaws.com", "s3.amazonaws.com", "backup.amazonaws.com"] } },
            },
            { Sid: "CreateServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: "arn:aws:iam::111111111111:role/aws-service-role/*" },
        ]);
        expect(PLATFORM_IAM_ACTIONS.filter((a) => a.includes("*") || a === "iam:PassRole" || a.startsWith("iam:CreateUser") || a.startsWith("iam:CreateAccessKey"))).to.deep.equal([]);
        // Every allow on IAM writes names a fence: no statement but the reads is on "*".
        const writes = defaultDeploymentStatements("111111111111", "eu-west-1").filter((st) => st.Sid !== "ReadIam");
        expect(writes.filter((st) => ([] as string[]).concat(st.Resource ?? []).includes("*"))).to.deep.equal([]);
    });

    it("passes roles to CodeBuild (the shared stack's runner projects)", () => {
        const pass = defaultDeploymentStatements("111111111111", "eu-west-1").find((s) => s.Sid === "PassRolesToPlatformServices")!;
        expect(pass.Condition!.StringEquals["iam:PassedToService"]).to.include("codebuild.amazonaws.com");
    });

    it("may create the Auto Scaling and Spot service-linked roles the stacks create", () => {
        const slr = defaultDeploymentStatements("111111111111", "eu-west-1").find((s) => s.Action === "iam:CreateServiceLinkedRole")!;
        // The Resource is one trailing wildcard: it covers every role under aws-service-role/, and no condition narrows it.
        const resource = slr.Resource as string;
        expect(resource).to.equal("arn:aws:iam::111111111111:role/aws-service-role/*");
        const matches = (arn: string) => arn.startsWith(resource.slice(0, -1));
        for (const arn of [
            "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
            "arn:aws:iam::111111111111:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
        ]) {
            expect([slr.Effect, matches(arn)], arn).to.deep.equal(["Allow", true]);
        }
        expect(slr.Condition).to.equal(undefined);
    });

    it("denies administrator policies, users and keys, unbounded roles, boundary changes, the protected roles, the GitHub provider and the account-access role", () => {
        expect(deploymentGuardStatements("111111111111", "eu-west-1", "deploy", ["platform-preview"])).to.deep.equal([
            {
                Sid: "DenyAdministratorPolicies",
                Effect: "Deny",
                Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
                Resource: "*",
                Condition: { ArnEquals: { "iam:PolicyARN": ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/IAMFullAccess"] } },
            },
            { Sid: "DenyUsersGroupsAndKeys", Effect: "Deny", Action: USER_AND_KEY_ACTIONS, Resource: "*" },
            {
                Sid: "DenyRolesWithoutWorkloadBoundary",
                Effect: "Deny",
                Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
                Resource: "*",
                Condition: { StringNotEquals: { "iam:PermissionsBoundary": "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" } },
            },
            {
                Sid: "DenyPassRoleToOtherServices",
                Effect: "Deny",
                Action: "iam:PassRole",
                Resource: "*",
                Condition: { StringNotEquals: { "iam:PassedToService": ["eks.amazonaws.com", "ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com", "pods.eks.amazonaws.com", "codebuild.amazonaws.com", "config.amazonaws.com", "cloudtrail.amazonaws.com", "ecr.amazonaws.com", "s3.amazonaws.com", "backup.amazonaws.com"] } },
            },
            { Sid: "DenyBoundaryRemoval", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
            {
                Sid: "DenyBoundaryPolicyChanges",
                Effect: "Deny",
                Action: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
                Resource: ["arn:aws:iam::111111111111:policy/platform/platform-workload-boundary", "arn:aws:iam::111111111111:policy/platform/platform-deployer-boundary"],
            },
            {
                Sid: "DenyProtectedRoleChanges",
                Effect: "Deny",
                Action: ROLE_WRITE_ACTIONS,
                Resource: ["arn:aws:iam::111111111111:role/deploy", "arn:aws:iam::111111111111:role/platform-preview", "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole"],
            },
            {
                Sid: "DenyGitHubOidcProviderChanges",
                Effect: "Deny",
                Action: OIDC_PROVIDER_WRITE_ACTIONS,
                Resource: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
            },
            { Sid: "DenyAssumeAccountAccessRole", Effect: "Deny", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/OrganizationAccountAccessRole" },
        ]);
        expect(ROLE_WRITE_ACTIONS).to.include.members(["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:DeleteRolePermissionsBoundary", "iam:PutRolePermissionsBoundary"]);
        expect(USER_AND_KEY_ACTIONS).to.include.members(["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:CreateGroup"]);
    });
});

describe("DeploymentRole", () => {
    it("creates the GitHub OIDC provider, the role, its inline policy and PowerUserAccess", async () => {
        const plan = await declare(() => new DeploymentRole("deploy", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:iam/openIdConnectProvider:OpenIdConnectProvider::deploy-github-oidc",
            "aws:iam/role:Role::deploy",
            "aws:iam/rolePolicy:RolePolicy::deploy-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::deploy-managed-0",
            "platform:bootstrap:DeploymentRole::deploy",
        ]);
        expect(plan.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "deploy-github-oidc").inputs).to.deep.equal({
            url: "https://token.actions.githubusercontent.com",
            clientIdLists: ["sts.amazonaws.com"],
            tags: { Name: "token.actions.githubusercontent.com" },
        });
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "deploy-managed-0").inputs).to.deep.equal({ role: "deploy", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" });
    });

    it("trusts the created provider with pinned audience and subjects, for four-hour sessions (a deploy that upgrades a cluster runs 3+ hours)", async () => {
        const plan = await declare(() => new DeploymentRole("deploy", ARGS));
        const role = plan.one("aws:iam/role:Role", "deploy");
        expect(DEPLOYMENT_SESSION_SECONDS).to.equal(14_400);
        expect(role.inputs).to.deep.include({ name: "deploy", maxSessionDuration: DEPLOYMENT_SESSION_SECONDS });
        // The ARN AWS gives the provider, known before it exists.
        expect(doc(role.inputs.assumeRolePolicy).Statement).to.deep.equal([GITHUB]);
        const provider = plan.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "deploy-github-oidc");
        expect(role.dependencies).to.include(provider.urn);
    });

    it("uses an existing provider and a management role when given, with no provider of its own", async () => {
        const plan = await declare(() => new DeploymentRole("deploy", { ...ARGS, oidcProviderArn: PROVIDER, managementRoleArn: "arn:aws:iam::999999999999:role/platform-admin", roleName: "platform-deploy" }));
        expect(plan.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.deep.equal([]);
        const role = plan.one("aws:iam/role:Role", "deploy");
        expect(role.inputs.name).to.equal("platform-deploy");
        expect(doc(role.inputs.assumeRolePolicy)).to.deep.equal(deploymentTrustPolicy(PROVIDER, { ...ARGS, managementRoleArn: "arn:aws:iam::999999999999:role/platform-admin" }));
        const guard = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "deploy-policy").inputs.policy).Statement.find((st: { Sid?: string }) => st.Sid === "DenyProtectedRoleChanges");
        expect(guard.Resource).to.deep.equal(["arn:aws:iam::111111111111:role/platform-deploy", "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole"]);
    });

    it("carries the deployer boundary when given and protects the listed roles", async () => {
        const boundary = "arn:aws:iam::111111111111:policy/platform/platform-deployer-boundary";
        const plan = await declare(() => new DeploymentRole("deploy", { ...ARGS, permissionsBoundaryArn: boundary, protectedRoleNames: ["platform-preview"], accessRoleName: "AccountAccess" }));
        expect(plan.one("aws:iam/role:Role", "deploy").inputs.permissionsBoundary).to.equal(boundary);
        const policy = doc(plan.one("aws:iam/rolePolicy:RolePolicy", "deploy-policy").inputs.policy);
        expect(policy.Statement.slice(-9)).to.deep.equal(deploymentGuardStatements("111111111111", "eu-west-1", "deploy", ["platform-preview"], "AccountAccess"));
        // Without one the role has no boundary (the bootstrap always passes PermissionBoundaries').
        const bare = await declare(() => new DeploymentRole("deploy", ARGS));
        expect(bare.one("aws:iam/role:Role", "deploy").inputs.permissionsBoundary).to.equal(undefined);
    });

    it("grants the default statements plus the guards, and never AdministratorAccess", async () => {
        const plan = await declare(() => new DeploymentRole("deploy", ARGS));
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "deploy-policy").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [...defaultDeploymentStatements("111111111111", "eu-west-1"), ...deploymentGuardStatements("111111111111", "eu-west-1", "deploy")],
        });
        const attached = plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn);
        expect(attached).not.to.include("arn:aws:iam::aws:policy/AdministratorAccess");
    });

    it("replaces the default permissions with the caller's, keeping the guards", async () => {
        const statements = [{ Sid: "Eks", Effect: "Allow" as const, Action: ["eks:DescribeCluster"], Resource: "arn:aws:eks:eu-west-1:111111111111:cluster/dev" }];
        const plan = await declare(() => new DeploymentRole("deploy", { ...ARGS, statements, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111111111111:policy/deploy-extra"] }));
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "deploy-policy").inputs.policy).Statement).to.deep.equal([...statements, ...deploymentGuardStatements("111111111111", "eu-west-1", "deploy")]);
        expect(plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => [a.name, a.inputs.policyArn])).to.deep.equal([
            ["deploy-managed-0", "arn:aws:iam::aws:policy/ReadOnlyAccess"],
            ["deploy-managed-1", "arn:aws:iam::111111111111:policy/deploy-extra"],
        ]);
    });

    it("chains and reaches the state: trust, AssumeRole on the listed roles and state access before the guards", async () => {
        const plan = await declare(() =>
            new DeploymentRole("deploy", {
                ...ARGS,
                chainedRoleArns: [DEV_DEPLOYER],
                assumableRoleArns: [DEV_DEPLOYER, NETWORK_DEPLOYER],
                principalOrgId: "o-abcdefghij",
                stateBucketArn: STATE.bucketArn,
                stateKeyArn: STATE.keyArn,
            }),
        );
        expect(doc(plan.one("aws:iam/role:Role", "deploy").inputs.assumeRolePolicy)).to.deep.equal(
            deploymentTrustPolicy(PROVIDER, { ...ARGS, chainedRoleArns: [DEV_DEPLOYER], principalOrgId: "o-abcdefghij" }),
        );
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "deploy-policy").inputs.policy).Statement).to.deep.equal([
            ...defaultDeploymentStatements("111111111111", "eu-west-1"),
            { Sid: "AssumeChainedRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [DEV_DEPLOYER, NETWORK_DEPLOYER] },
            ...stateAccessStatements(STATE, "read-write"),
            ...deploymentGuardStatements("111111111111", "eu-west-1", "deploy"),
        ]);
    });

    it("protects and retains the role and provider by default, and neither when protect is false", async () => {
        const on = await declare(() => new DeploymentRole("deploy", ARGS));
        const off = await declare(() => new DeploymentRole("deploy", { ...ARGS, protect: false }));
        for (const [plan, expected] of [[on, true], [off, false]] as const) {
            for (const r of [plan.one("aws:iam/role:Role", "deploy"), plan.one("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "deploy-github-oidc")]) {
                expect([r.protect, r.retainOnDelete], `${r.name} protect=${expected}`).to.deep.equal([expected, expected]);
            }
        }
    });

    const cases: [string, Partial<DeploymentRoleArgs>, string[]][] = [
        ["rejects a role no environment may assume", { environments: [] }, ["environments: [] is empty; list the GitHub environments that deploy (a role trusted by every job of the repository is not allowed)"]],
        ["rejects a wildcard environment", { environments: ["*"] }, ['environments[0]: "*" is not a GitHub environment name without wildcards (letters, digits, \'.\', \'_\' and \'-\')']],
        ["rejects an environment listed twice", { environments: ["dev", "dev"] }, ['environments[1]: "dev" is listed twice']],
        ["rejects a wildcard repository", { githubRepo: "*" }, ['githubRepo: "*" is not a GitHub repository name (letters, digits, \'.\', \'_\' and \'-\')']],
        ["rejects an invalid organization", { githubOrg: "acme/platform" }, ['githubOrg: "acme/platform" is not a GitHub organization name (letters, digits and \'-\', at most 39 characters)']],
        [
            "rejects trusting a management account root",
            { managementRoleArn: "arn:aws:iam::999999999999:root" },
            ['managementRoleArn: "arn:aws:iam::999999999999:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not trusted'],
        ],
        [
            "rejects a provider that is not GitHub's",
            { oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/gitlab.com" },
            ['oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/gitlab.com" is not the ARN of a token.actions.githubusercontent.com OIDC provider'],
        ],
        ["rejects a role name longer than 64 characters", { roleName: "r".repeat(65) }, [`roleName: "${"r".repeat(65)}" is not an IAM role name (at most 64 letters, digits and +=,.@_-)`]],
        ["rejects a managed policy that is not an ARN", { managedPolicyArns: ["AdministratorAccess"] }, ['managedPolicyArns[0]: "AdministratorAccess" is not an IAM policy ARN']],
        [
            "rejects a boundary that is not a policy ARN",
            { permissionsBoundaryArn: "platform-deployer-boundary" },
            ['permissionsBoundaryArn: "platform-deployer-boundary" is not an IAM managed policy ARN (PermissionBoundaries\' deployerBoundaryArn)'],
        ],
        ["rejects a protected role that is an ARN", { protectedRoleNames: ["arn:aws:iam::111111111111:role/x"] }, ['protectedRoleNames[0]: "arn:aws:iam::111111111111:role/x" is not an IAM role name (at most 64 letters, digits and +=,.@_-)']],
        ["rejects Action *", { statements: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, ['statements[0].Action: "*" grants every action; attach a managed policy or list the services\' actions']],
        [
            "rejects PassRole on every role",
            { statements: [{ Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" }] },
            ['statements[0]: {"Action":["iam:PassRole"],"Resource":"*"} grants iam:* or iam:PassRole on every role; scope it to the roles and services the stacks use'],
        ],
        [
            "rejects a chained account root",
            { chainedRoleArns: ["arn:aws:iam::222222222222:root"] },
            ['chainedRoleArns[0]: "arn:aws:iam::222222222222:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not trusted'],
        ],
        ["rejects a chained wildcard", { chainedRoleArns: ["*"] }, ['chainedRoleArns[0]: "*" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not trusted']],
        [
            "rejects a chained role pattern",
            { chainedRoleArns: ["arn:aws:iam::222222222222:role/*"] },
            ['chainedRoleArns[0]: "arn:aws:iam::222222222222:role/*" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not trusted'],
        ],
        ["rejects a chained role listed twice", { chainedRoleArns: [DEV_DEPLOYER, DEV_DEPLOYER] }, [`chainedRoleArns[1]: "${DEV_DEPLOYER}" is listed twice`]],
        [
            "rejects assuming a user instead of a role",
            { assumableRoleArns: ["arn:aws:iam::222222222222:user/deployer"] },
            ['assumableRoleArns[0]: "arn:aws:iam::222222222222:user/deployer" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); name each role this one may assume'],
        ],
        ["rejects an invalid organization ID", { principalOrgId: "org-1" }, ['principalOrgId: "org-1" is not an AWS Organizations ID (o-xxxxxxxxxx)']],
        ["rejects the state bucket without its key", { stateBucketArn: STATE.bucketArn }, ["stateBucketArn and stateKeyArn: set both (the state bucket and its key) or neither"]],
        [
            "rejects the state key by alias",
            { stateBucketArn: STATE.bucketArn, stateKeyArn: "arn:aws:kms:eu-west-1:999999999999:alias/platform/state" },
            ['stateKeyArn: "arn:aws:kms:eu-west-1:999999999999:alias/platform/state" is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM authorizes keys by key ARN, not alias'],
        ],
        [
            "rejects a state bucket that is not a bucket ARN",
            { stateBucketArn: "acme-pulumi-state", stateKeyArn: STATE.keyArn },
            ['stateBucketArn: "acme-pulumi-state" is not an S3 bucket ARN (arn:aws:s3:::<bucket>)'],
        ],
        ["reports every problem at once", { accountId: "1", region: "moon-1" }, ['accountId: "1" is not a 12-digit AWS account ID', 'region: "moon-1" is not an AWS region name such as "eu-west-1"']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateDeploymentRoleArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
