import { GetConnectionCommand } from "@aws-sdk/client-codestar-connections";
import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { DescribeClusterCommand } from "@aws-sdk/client-eks";
import { GetOpenIDConnectProviderCommand, GetRoleCommand, GetUserCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { ListAWSServiceAccessForOrganizationCommand } from "@aws-sdk/client-organizations";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand } from "@aws-sdk/client-service-quotas";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { expect } from "chai";
import { PlatformConfig } from "../../../config/schema";
import type { CheckResult, PreflightReport } from "../../../tools/preflight/model";
import type { Probe } from "../../../tools/preflight/probe";
import { runPreflight } from "../../../tools/preflight/run";
import { awsError, bootstrapConfig, DEV_CI_CALLER, DEV_DEPLOYER, FakeAws, NETWORK_DEPLOYER, networkConfig, reachable, sharedConfig, unreachable, workloadConfig } from "./fakes";

const ADMIN = "arn:aws:iam::333333333333:role/platform-admin";

/** Everything a first deploy of the dev workload needs is in place; tests change one answer each. */
function healthyWorkload(): FakeAws {
    const aws = new FakeAws().identity(DEV_CI_CALLER, "333333333333", [DEV_DEPLOYER, NETWORK_DEPLOYER]);
    const iam = aws.stub("iam", DEV_DEPLOYER);
    iam.on(GetRoleCommand, { RoleName: "platform-admin" }).resolves({ Role: { Arn: ADMIN, RoleName: "platform-admin", Path: "/", RoleId: "AROA1", CreateDate: new Date(0) } });
    iam.on(ListRolesCommand, { PathPrefix: "/aws-service-role/autoscaling.amazonaws.com/" }).resolves({ Roles: [slr("AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com")], IsTruncated: false });
    iam.on(ListRolesCommand, { PathPrefix: "/aws-service-role/spot.amazonaws.com/" }).resolves({ Roles: [], IsTruncated: false });
    const sq = aws.stub("serviceQuotas", DEV_DEPLOYER);
    for (const [ServiceCode, QuotaCode, Value] of [["vpc", "L-F678F1CE", 5], ["ec2", "L-0263D0A3", 5], ["vpc", "L-FE5A380F", 5], ["vpc", "L-29B6F2EB", 50]] as const) {
        sq.on(GetServiceQuotaCommand, { ServiceCode, QuotaCode }).resolves({ Quota: { ServiceCode, QuotaCode, Value } });
    }
    const ec2 = aws.stub("ec2", DEV_DEPLOYER);
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: "vpc-default" }] });
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [{ AllocationId: "eipalloc-1" }] });
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    aws.stub("eks", DEV_DEPLOYER).on(DescribeClusterCommand, { name: "platform-dev" }).rejects(awsError("ResourceNotFoundException", "No cluster found for name: platform-dev."));
    return aws;
}

function slr(name: string, service: string) {
    return { RoleName: name, Path: `/aws-service-role/${service}/`, Arn: `arn:aws:iam::333333333333:role/aws-service-role/${service}/${name}`, RoleId: "AROA2", CreateDate: new Date(0) };
}

async function preflight(aws: FakeAws, config: PlatformConfig = workloadConfig(), probe: Probe = reachable): Promise<PreflightReport> {
    return runPreflight(config, config.environment, { clients: aws.clients, probe });
}

const only = (report: PreflightReport, check: string): CheckResult[] => report.results.filter((r) => r.check === check);

describe("preflight checks", () => {
    it("passes every check of a workload stack whose account is ready, reading it as the deployment role", async () => {
        const aws = healthyWorkload();
        const report = await preflight(aws);
        expect(report.errors).to.deep.equal([]);
        expect(report.caller).to.deep.equal({ arn: DEV_CI_CALLER, accountId: "333333333333" });
        expect(report.results).to.deep.equal([
            { check: "credentials", status: "info", message: `running as ${DEV_CI_CALLER} (account 333333333333)` },
            { check: "deployment-role", status: "ok", message: `${DEV_CI_CALLER} can assume ${DEV_DEPLOYER} (the stack's providers act as it)` },
            { check: "deployment-role", status: "ok", message: `${DEV_CI_CALLER} can assume ${NETWORK_DEPLOYER} (the stack associates its Transit Gateway attachment in the network account)` },
            { check: "principal", status: "ok", message: `${ADMIN} exists` },
            { check: "service-linked-role", status: "ok", message: "AWSServiceRoleForAutoScaling exists in account 333333333333 and is listed in platform:prerequisites.existingServiceLinkedRoles" },
            { check: "service-linked-role", status: "ok", message: "AWSServiceRoleForEC2Spot does not exist in account 333333333333 yet; the stack creates it" },
            { check: "quota", status: "ok", message: "VPCs per Region (vpc L-F678F1CE) in eu-west-1: 1 of 5 used, the stack adds 1" },
            { check: "quota", status: "ok", message: "EC2-VPC Elastic IPs (ec2 L-0263D0A3) in eu-west-1: 1 of 5 used, the stack adds 3 (one per NAT gateway)" },
            { check: "quota", status: "ok", message: "NAT gateways per Availability Zone (vpc L-FE5A380F) in eu-west-1, 5 each: eu-west-1a 0 used, eu-west-1b 0 used, eu-west-1c 0 used; the stack adds 1 in each" },
            { check: "quota", status: "ok", message: "Interface VPC endpoints per VPC (vpc L-29B6F2EB) in eu-west-1: 50; the stack creates 8 in its new VPC" },
            { check: "cluster-endpoint", status: "info", message: "cluster platform-dev is not created yet in eu-west-1; its API endpoint is checked once it exists" },
        ]);
        // Account reads go through the assumed deployment role, as `pulumi up` would; only STS uses the caller.
        expect([...new Set(aws.requested)].sort()).to.deep.equal(["ec2 arn:aws:iam::333333333333:role/platform-deployer eu-west-1", "eks arn:aws:iam::333333333333:role/platform-deployer eu-west-1", "iam arn:aws:iam::333333333333:role/platform-deployer eu-west-1", "serviceQuotas arn:aws:iam::333333333333:role/platform-deployer eu-west-1", "sts caller eu-west-1"]);
        expect(aws.stub("sts").commandCalls(GetCallerIdentityCommand)).to.have.length(1);
    });

    describe("credentials", () => {
        it("stops with one problem when the caller has no usable credentials", async () => {
            const aws = new FakeAws();
            aws.stub("sts").on(GetCallerIdentityCommand).rejects(awsError("CredentialsProviderError", "Could not load credentials from any providers"));
            const report = await preflight(aws);
            expect(report.results).to.deep.equal([
                {
                    check: "credentials",
                    status: "problem",
                    message: "no usable AWS credentials (CredentialsProviderError: Could not load credentials from any providers)",
                    fix: "sign in first (aws sso login, AWS_PROFILE, or the OIDC role in CI) and run preflight again",
                },
            ]);
            expect(report.errors).to.deep.equal([]);
        });
    });

    describe("deployment role", () => {
        it("reports a network deployer the caller cannot assume, with the bootstrap as the fix", async () => {
            const aws = healthyWorkload().identity(DEV_CI_CALLER, "333333333333", [DEV_DEPLOYER]);
            expect(only(await preflight(aws), "deployment-role")).to.deep.equal([
                { check: "deployment-role", status: "ok", message: `${DEV_CI_CALLER} can assume ${DEV_DEPLOYER} (the stack's providers act as it)` },
                {
                    check: "deployment-role",
                    status: "problem",
                    message: `${DEV_CI_CALLER} cannot assume ${NETWORK_DEPLOYER} (the stack associates its Transit Gateway attachment in the network account): AccessDenied: User is not authorized to perform: sts:AssumeRole`,
                    fix: 'run the bootstrap stack first with platform:bootstrap.networkAccountId: "111111111111" (the network account\'s platform-deployer then trusts account 333333333333\'s), and the network stack before this one',
                },
            ]);
        });

        it("reports the stack's own deployer missing and reads the caller's own account with the caller's credentials", async () => {
            const aws = healthyWorkload().identity(DEV_CI_CALLER, "333333333333", [NETWORK_DEPLOYER]);
            const caller = aws.stub("iam");
            caller.on(GetRoleCommand, { RoleName: "platform-admin" }).resolves({ Role: { Arn: ADMIN, RoleName: "platform-admin", Path: "/", RoleId: "AROA1", CreateDate: new Date(0) } });
            const report = await preflight(aws);
            expect(only(report, "deployment-role")[0]).to.deep.equal({
                check: "deployment-role",
                status: "problem",
                message: `${DEV_CI_CALLER} cannot assume ${DEV_DEPLOYER} (the stack's providers act as it): AccessDenied: User is not authorized to perform: sts:AssumeRole`,
                fix: "run the bootstrap stack first (it creates platform-deployer in account 333333333333 with its trust); if it has run, use credentials the role trusts: the GitHub environment's OIDC role in CI, or the break-glass role (platform:bootstrap.breakGlassRoleArn)",
            });
            expect(only(report, "principal")).to.deep.equal([{ check: "principal", status: "ok", message: `${ADMIN} exists` }]);
        });

        it("assumes the preview role for platform:credentials: preview, as the providers do", async () => {
            const preview = "arn:aws:iam::333333333333:role/platform-preview";
            const aws = new FakeAws().identity(DEV_CI_CALLER, "333333333333", [preview]);
            const report = await preflight(aws, workloadConfig({ credentials: "preview" }));
            expect(only(report, "deployment-role").map((r) => r.status)).to.deep.equal(["ok", "problem"]);
            expect(only(report, "deployment-role")[0].message).to.equal(`${DEV_CI_CALLER} can assume ${preview} (the stack's providers act as it)`);
        });

        it("checks a network stack's own deployer only", async () => {
            const aws = new FakeAws().identity("arn:aws:sts::111111111111:assumed-role/platform-deployer/ci", "111111111111", [NETWORK_DEPLOYER]);
            const report = await preflight(aws, networkConfig({ shareWithOrganization: false, shareWithAccounts: ["333333333333"] }));
            expect(only(report, "deployment-role")).to.deep.equal([{ check: "deployment-role", status: "ok", message: `arn:aws:sts::111111111111:assumed-role/platform-deployer/ci can assume ${NETWORK_DEPLOYER} (the stack's providers act as it)` }]);
        });
    });

    describe("bootstrap access role", () => {
        const ADMIN_CALLER = "arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin/alice";

        it("assumes the Organizations access role in every other account", async () => {
            const aws = new FakeAws().identity(ADMIN_CALLER, "999999999999", ["arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole"]);
            aws.stub("iam").on(GetRoleCommand, { RoleName: "platform-break-glass" }).resolves({ Role: { Arn: "arn:aws:iam::999999999999:role/platform-break-glass", RoleName: "platform-break-glass", Path: "/", RoleId: "R", CreateDate: new Date(0) } });
            const report = await preflight(aws, bootstrapConfig());
            expect(report.errors).to.deep.equal([]);
            expect(report.results.slice(1)).to.deep.equal([
                { check: "credentials", status: "ok", message: "the bootstrap runs with these credentials in account 999999999999 (platform:accountId)" },
                { check: "access-role", status: "ok", message: `${ADMIN_CALLER} can assume arn:aws:iam::111111111111:role/OrganizationAccountAccessRole (the bootstrap creates the deployment role in account 111111111111 through it)` },
                { check: "access-role", status: "ok", message: `${ADMIN_CALLER} can assume arn:aws:iam::333333333333:role/OrganizationAccountAccessRole (the bootstrap creates the deployment role in account 333333333333 through it)` },
                { check: "principal", status: "ok", message: "arn:aws:iam::999999999999:role/platform-break-glass exists" },
            ]);
        });

        it("reports a caller in another account and an access role it cannot assume", async () => {
            const aws = new FakeAws().identity("arn:aws:sts::333333333333:assumed-role/dev-admin/bob", "333333333333", []);
            const report = await preflight(aws, bootstrapConfig());
            expect(only(report, "credentials")[1]).to.deep.equal({
                check: "credentials",
                status: "problem",
                message: "the bootstrap runs with the caller's own credentials in account 999999999999 (platform:accountId), but the caller is in account 333333333333",
                fix: "use administrator credentials of account 999999999999",
            });
            expect(only(report, "access-role")[0]).to.deep.equal({
                check: "access-role",
                status: "problem",
                message:
                    "arn:aws:sts::333333333333:assumed-role/dev-admin/bob cannot assume arn:aws:iam::111111111111:role/OrganizationAccountAccessRole (the bootstrap creates the deployment role in account 111111111111 through it): AccessDenied: User is not authorized to perform: sts:AssumeRole",
                fix: "accounts Organizations creates have OrganizationAccountAccessRole; for an invited account create it (trusting account 999999999999) or set platform:bootstrap.accessRoleName to the role that account has, and run preflight with administrator credentials of account 999999999999",
            });
        });
    });

    describe("principals", () => {
        it("reports a principal that does not exist", async () => {
            const aws = healthyWorkload();
            aws.stub("iam", DEV_DEPLOYER).on(GetRoleCommand, { RoleName: "platform-admin" }).rejects(awsError("NoSuchEntityException", "The role with name platform-admin cannot be found."));
            expect(only(await preflight(aws), "principal")).to.deep.equal([
                {
                    check: "principal",
                    status: "problem",
                    message: `${ADMIN} does not exist`,
                    fix: "create the role in account 333333333333 before the first deploy (EKS and IAM refuse a principal that does not exist), or remove it from the settings that name it and from platform:prerequisites.principals",
                },
            ]);
        });

        it("reports a role found by its name under another path (the path is part of the ARN)", async () => {
            const aws = healthyWorkload();
            const real = "arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/platform-admin";
            aws.stub("iam", DEV_DEPLOYER).on(GetRoleCommand, { RoleName: "platform-admin" }).resolves({ Role: { Arn: real, RoleName: "platform-admin", Path: "/aws-reserved/sso.amazonaws.com/", RoleId: "R", CreateDate: new Date(0) } });
            expect(only(await preflight(aws), "principal")).to.deep.equal([
                { check: "principal", status: "problem", message: `${ADMIN} does not exist; the role platform-admin is ${real} (another path)`, fix: `name it by its ARN ${real} in the settings and in platform:prerequisites.principals` },
            ]);
        });

        it("reads a user with GetUser and a role with a path by its last segment, and leaves another account's principal not checked", async () => {
            const user = "arn:aws:iam::333333333333:user/ops/alice";
            const pathRole = "arn:aws:iam::333333333333:role/people/team-payments";
            const elsewhere = "arn:aws:iam::444444444444:role/auditor";
            const aws = healthyWorkload();
            const iam = aws.stub("iam", DEV_DEPLOYER);
            iam.on(GetUserCommand, { UserName: "alice" }).resolves({ User: { Arn: user, UserName: "alice", Path: "/ops/", UserId: "U", CreateDate: new Date(0) } });
            iam.on(GetRoleCommand, { RoleName: "team-payments" }).resolves({ Role: { Arn: pathRole, RoleName: "team-payments", Path: "/people/", RoleId: "R", CreateDate: new Date(0) } });
            const config = workloadConfig({ prerequisites: { principals: [ADMIN, user, pathRole, elsewhere], existingServiceLinkedRoles: ["autoscaling.amazonaws.com"] } });
            expect(only(await preflight(aws, config), "principal")).to.deep.equal([
                { check: "principal", status: "ok", message: `${ADMIN} exists` },
                { check: "principal", status: "ok", message: `${user} exists` },
                { check: "principal", status: "ok", message: `${pathRole} exists` },
                {
                    check: "principal",
                    status: "not-checked",
                    message: `${elsewhere}: preflight holds no credentials for account 444444444444`,
                    fix: "run `npm run preflight -- --stack dev` with credentials of account 444444444444, or there: aws iam get-role --role-name auditor",
                },
            ]);
        });

        it("reports a principal the session may not read as not checked", async () => {
            const aws = healthyWorkload();
            aws.stub("iam", DEV_DEPLOYER).on(GetRoleCommand).rejects(awsError("AccessDenied", "not authorized to perform: iam:GetRole"));
            expect(only(await preflight(aws), "principal")).to.deep.equal([
                {
                    check: "principal",
                    status: "not-checked",
                    message: `${ADMIN}: ${DEV_DEPLOYER} may not read it (AccessDenied: not authorized to perform: iam:GetRole)`,
                    fix: `allow iam:GetRole to ${DEV_DEPLOYER}, or run \`npm run preflight -- --stack dev\` with credentials of account 333333333333`,
                },
            ]);
        });
    });

    describe("RAM sharing with the organization", () => {
        const MGMT = "arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin/alice";
        function network(principals: string[]): FakeAws {
            const aws = new FakeAws().identity(MGMT, "999999999999", [NETWORK_DEPLOYER]);
            aws.stub("organizations").on(ListAWSServiceAccessForOrganizationCommand).resolves({ EnabledServicePrincipals: principals.map((p) => ({ ServicePrincipal: p })) });
            return aws;
        }

        it("passes when ram.amazonaws.com has trusted access", async () => {
            const report = await preflight(network(["sso.amazonaws.com", "ram.amazonaws.com"]), networkConfig({ shareWithOrganization: true }));
            expect(only(report, "ram-sharing")).to.deep.equal([{ check: "ram-sharing", status: "ok", message: "RAM sharing with AWS Organizations is on (ram.amazonaws.com has trusted access in organization o-exampleorg01)" }]);
        });

        it("reports sharing off, with the bootstrap as the fix", async () => {
            const report = await preflight(network(["sso.amazonaws.com"]), networkConfig({ shareWithOrganization: true }));
            expect(only(report, "ram-sharing")).to.deep.equal([
                {
                    check: "ram-sharing",
                    status: "problem",
                    message: "RAM sharing with AWS Organizations is off (ram.amazonaws.com has no trusted access in organization o-exampleorg01), so sharing the Transit Gateway with the organization (platform:transitHub.shareWithOrganization: true) fails",
                    fix: "the bootstrap stack enables it (aws.ram.SharingWithOrganization) in the management account: run it there first, or share with accounts instead (platform:transitHub.shareWithOrganization: false and shareWithAccounts)",
                },
            ]);
        });

        it("is not checked from a member account, naming where to run it", async () => {
            const aws = new FakeAws().identity("arn:aws:sts::111111111111:assumed-role/platform-deployer/ci", "111111111111", [NETWORK_DEPLOYER]);
            aws.stub("organizations").on(ListAWSServiceAccessForOrganizationCommand).rejects(awsError("AccessDeniedException", "You don't have permissions to access this resource."));
            const report = await preflight(aws, networkConfig({ shareWithOrganization: true }));
            expect(only(report, "ram-sharing")).to.deep.equal([
                {
                    check: "ram-sharing",
                    status: "not-checked",
                    message:
                        "RAM sharing with AWS Organizations (needed by platform:transitHub.shareWithOrganization: true): account 111111111111 may not list the organization's trusted services (AccessDeniedException: You don't have permissions to access this resource.)",
                    fix: "run `npm run preflight -- --stack network` with credentials of the management account 999999999999 (or a delegated administrator), or there: aws organizations list-aws-service-access-for-organization",
                },
            ]);
        });

        it("is not needed when the hub shares with listed accounts", async () => {
            const aws = new FakeAws().identity(MGMT, "999999999999", [NETWORK_DEPLOYER]);
            const report = await preflight(aws, networkConfig({ shareWithOrganization: false, shareWithAccounts: ["333333333333"] }));
            expect(only(report, "ram-sharing")).to.deep.equal([]);
            expect(report.errors).to.deep.equal([]);
        });
    });

    describe("service-linked roles", () => {
        it("reports a role that exists but is not listed", async () => {
            const aws = healthyWorkload();
            aws.stub("iam", DEV_DEPLOYER).on(ListRolesCommand, { PathPrefix: "/aws-service-role/spot.amazonaws.com/" }).resolves({ Roles: [slr("AWSServiceRoleForEC2Spot", "spot.amazonaws.com")], IsTruncated: false });
            expect(only(await preflight(aws), "service-linked-role")[1]).to.deep.equal({
                check: "service-linked-role",
                status: "problem",
                message: "AWSServiceRoleForEC2Spot already exists in account 333333333333",
                fix: "list it in platform:prerequisites.existingServiceLinkedRoles (\"spot.amazonaws.com\") or the first deploy fails with 'has been taken in this account'",
            });
        });

        it("reports a role listed as existing that is missing", async () => {
            const aws = healthyWorkload();
            aws.stub("iam", DEV_DEPLOYER).on(ListRolesCommand, { PathPrefix: "/aws-service-role/autoscaling.amazonaws.com/" }).resolves({ Roles: [slr("AWSServiceRoleForAutoScaling_custom", "autoscaling.amazonaws.com")], IsTruncated: false });
            expect(only(await preflight(aws), "service-linked-role")[0]).to.deep.equal({
                check: "service-linked-role",
                status: "problem",
                message: 'AWSServiceRoleForAutoScaling does not exist in account 333333333333, but platform:prerequisites.existingServiceLinkedRoles lists "autoscaling.amazonaws.com", so no stack creates it',
                fix: 'remove "autoscaling.amazonaws.com" from platform:prerequisites.existingServiceLinkedRoles so that the stack creates it, or create it: aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com',
            });
        });

        it("follows ListRoles pages", async () => {
            const aws = healthyWorkload();
            const iam = aws.stub("iam", DEV_DEPLOYER);
            iam.on(ListRolesCommand, { PathPrefix: "/aws-service-role/autoscaling.amazonaws.com/" }).resolves({ Roles: [slr("AWSServiceRoleForAutoScaling_a", "autoscaling.amazonaws.com")], IsTruncated: true, Marker: "m1" });
            iam.on(ListRolesCommand, { PathPrefix: "/aws-service-role/autoscaling.amazonaws.com/", Marker: "m1" }).resolves({ Roles: [slr("AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com")], IsTruncated: false });
            expect(only(await preflight(aws), "service-linked-role").map((r) => r.status)).to.deep.equal(["ok", "ok"]);
        });

        it("checks only Auto Scaling's role without Karpenter or Spot pools", async () => {
            const aws = healthyWorkload();
            const config = workloadConfig({
                cluster: { version: "1.35", admins: [ADMIN], nodePools: [{ name: "system", system: true, instanceTypes: ["m7i.large"], minSize: 2, desiredSize: 2, maxSize: 3 }], karpenter: { enabled: false } },
            });
            expect(only(await preflight(aws, config), "service-linked-role").map((r) => r.message)).to.deep.equal(["AWSServiceRoleForAutoScaling exists in account 333333333333 and is listed in platform:prerequisites.existingServiceLinkedRoles"]);
        });
    });

    describe("quotas", () => {
        it("reports a region with no room for another VPC", async () => {
            const aws = healthyWorkload();
            aws.stub("ec2", DEV_DEPLOYER).on(DescribeVpcsCommand).resolves({ Vpcs: [1, 2, 3, 4, 5].map((i) => ({ VpcId: `vpc-${i}` })) });
            expect(only(await preflight(aws), "quota")[0]).to.deep.equal({
                check: "quota",
                status: "problem",
                message: "VPCs per Region (vpc L-F678F1CE) in eu-west-1: 5 of 5 used, the stack adds 1",
                fix: "request an increase to at least 6: aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-F678F1CE --desired-value 6 --region eu-west-1; or delete VPCs no longer used",
            });
        });

        it("reports too few Elastic IPs for the NAT gateways, with the AWS default when the quota was never adjusted", async () => {
            const aws = healthyWorkload();
            const sq = aws.stub("serviceQuotas", DEV_DEPLOYER);
            sq.on(GetServiceQuotaCommand, { ServiceCode: "ec2", QuotaCode: "L-0263D0A3" }).rejects(awsError("NoSuchResourceException", "The request failed because the specified resource does not exist."));
            sq.on(GetAWSDefaultServiceQuotaCommand, { ServiceCode: "ec2", QuotaCode: "L-0263D0A3" }).resolves({ Quota: { Value: 5 } });
            aws.stub("ec2", DEV_DEPLOYER).on(DescribeAddressesCommand).resolves({ Addresses: [1, 2, 3].map((i) => ({ AllocationId: `eipalloc-${i}` })) });
            expect(only(await preflight(aws), "quota")[1]).to.deep.equal({
                check: "quota",
                status: "problem",
                message: "EC2-VPC Elastic IPs (ec2 L-0263D0A3) in eu-west-1: 3 of 5 used, the stack adds 3 (one per NAT gateway)",
                fix: "request an increase to at least 6: aws service-quotas request-service-quota-increase --service-code ec2 --quota-code L-0263D0A3 --desired-value 6 --region eu-west-1; or release Elastic IPs no longer used",
            });
        });

        it("reports a zone whose NAT gateways are at the quota, counting pending and available ones by their subnet's zone", async () => {
            const aws = healthyWorkload();
            const ec2 = aws.stub("ec2", DEV_DEPLOYER);
            ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [...[1, 2, 3, 4, 5].map((i) => ({ NatGatewayId: `nat-${i}`, SubnetId: "subnet-b", State: "available" as const })), { NatGatewayId: "nat-6", SubnetId: "subnet-a", State: "pending" as const }] });
            ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: "subnet-a", AvailabilityZone: "eu-west-1a" }, { SubnetId: "subnet-b", AvailabilityZone: "eu-west-1b" }] });
            const report = await preflight(aws);
            expect(only(report, "quota")[2]).to.deep.equal({
                check: "quota",
                status: "problem",
                message: "NAT gateways per Availability Zone (vpc L-FE5A380F) in eu-west-1, 5 each: eu-west-1a 1 used, eu-west-1b 5 used, eu-west-1c 0 used; the stack adds 1 in each; no room in eu-west-1b",
                fix: "request an increase to at least 6: aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-FE5A380F --desired-value 6 --region eu-west-1; or delete NAT gateways no longer used in those zones",
            });
            expect(ec2.commandCalls(DescribeNatGatewaysCommand)[0].args[0].input).to.deep.equal({ Filter: [{ Name: "state", Values: ["pending", "available"] }], NextToken: undefined });
        });

        it("reports more interface endpoints than one VPC may have", async () => {
            const aws = healthyWorkload();
            aws.stub("serviceQuotas", DEV_DEPLOYER).on(GetServiceQuotaCommand, { ServiceCode: "vpc", QuotaCode: "L-29B6F2EB" }).resolves({ Quota: { Value: 6 } });
            expect(only(await preflight(aws), "quota")[3]).to.deep.equal({
                check: "quota",
                status: "problem",
                message: "Interface VPC endpoints per VPC (vpc L-29B6F2EB) in eu-west-1: 6; the stack creates 8 in its new VPC",
                fix: "request an increase to at least 8: aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-29B6F2EB --desired-value 8 --region eu-west-1; or list fewer in platform:network.interfaceEndpoints",
            });
        });

        it("needs one Elastic IP and one NAT gateway in the first zone with natStrategy single", async () => {
            const aws = healthyWorkload();
            const config = workloadConfig({ network: { cidr: "10.20.0.0/16", azCount: 3, natStrategy: "single", segment: "nonprod" } });
            expect(only(await preflight(aws, config), "quota").map((r) => r.message)).to.deep.equal([
                "VPCs per Region (vpc L-F678F1CE) in eu-west-1: 1 of 5 used, the stack adds 1",
                "EC2-VPC Elastic IPs (ec2 L-0263D0A3) in eu-west-1: 1 of 5 used, the stack adds 1 (one per NAT gateway)",
                "NAT gateways per Availability Zone (vpc L-FE5A380F) in eu-west-1, 5 each: eu-west-1a 0 used; the stack adds 1 in each",
                "Interface VPC endpoints per VPC (vpc L-29B6F2EB) in eu-west-1: 50; the stack creates 8 in its new VPC",
            ]);
        });

        it("counts the network stack's egress VPC: one NAT gateway per egress zone, no endpoints", async () => {
            const aws = new FakeAws().identity("arn:aws:sts::111111111111:assumed-role/platform-deployer/ci", "111111111111", [NETWORK_DEPLOYER]);
            const sq = aws.stub("serviceQuotas", NETWORK_DEPLOYER);
            sq.on(GetServiceQuotaCommand).resolves({ Quota: { Value: 5 } });
            const ec2 = aws.stub("ec2", NETWORK_DEPLOYER);
            ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
            ec2.on(DescribeAddressesCommand).resolves({ Addresses: [] });
            ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
            const report = await preflight(aws, networkConfig({ shareWithOrganization: false, shareWithAccounts: ["333333333333"], egressVpc: { cidr: "10.0.0.0/20", azCount: 2 } }));
            expect(report.errors).to.deep.equal([]);
            expect(only(report, "quota").map((r) => r.message)).to.deep.equal([
                "VPCs per Region (vpc L-F678F1CE) in eu-west-1: 0 of 5 used, the stack adds 1",
                "EC2-VPC Elastic IPs (ec2 L-0263D0A3) in eu-west-1: 0 of 5 used, the stack adds 2 (one per NAT gateway)",
                "NAT gateways per Availability Zone (vpc L-FE5A380F) in eu-west-1, 5 each: eu-west-1a 0 used, eu-west-1b 0 used; the stack adds 1 in each",
            ]);
        });

        it("checks only the VPC quota of a shared stack without NAT or endpoints", async () => {
            const shared = "arn:aws:iam::222222222222:role/platform-deployer";
            const aws = new FakeAws().identity("arn:aws:sts::222222222222:assumed-role/platform-deployer/ci", "222222222222", [shared, NETWORK_DEPLOYER]);
            aws.stub("serviceQuotas", shared).on(GetServiceQuotaCommand, { ServiceCode: "vpc", QuotaCode: "L-F678F1CE" }).resolves({ Quota: { Value: 5 } });
            aws.stub("ec2", shared).on(DescribeVpcsCommand).resolves({ Vpcs: [], NextToken: "p2" });
            aws.stub("ec2", shared).on(DescribeVpcsCommand, { NextToken: "p2" }).resolves({ Vpcs: [{ VpcId: "vpc-1" }] });
            const report = await preflight(aws, sharedConfig());
            expect(report.errors).to.deep.equal([]);
            expect(only(report, "quota").map((r) => r.message)).to.deep.equal(["VPCs per Region (vpc L-F678F1CE) in eu-west-1: 1 of 5 used, the stack adds 1"]);
        });
    });

    describe("cluster endpoint", () => {
        function withCluster(): FakeAws {
            const aws = healthyWorkload();
            aws.stub("eks", DEV_DEPLOYER).on(DescribeClusterCommand, { name: "platform-dev" }).resolves({ cluster: { name: "platform-dev", endpoint: "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com", status: "ACTIVE" } });
            return aws;
        }

        it("passes when the endpoint answers on 443 from here", async () => {
            const probed: string[] = [];
            const probe: Probe = async (host, port) => (probed.push(`${host}:${port}`), { ok: true, address: "10.20.64.12" });
            expect(only(await preflight(withCluster(), workloadConfig(), probe), "cluster-endpoint")).to.deep.equal([
                { check: "cluster-endpoint", status: "ok", message: "the API endpoint of platform-dev (abcdef.gr7.eu-west-1.eks.amazonaws.com:443) answers from here (10.20.64.12)" },
            ]);
            expect(probed).to.deep.equal(["abcdef.gr7.eu-west-1.eks.amazonaws.com:443"]);
        });

        it("reports an endpoint this host cannot reach, with where to run instead", async () => {
            expect(only(await preflight(withCluster(), workloadConfig(), unreachable), "cluster-endpoint")).to.deep.equal([
                {
                    check: "cluster-endpoint",
                    status: "problem",
                    message: "the API endpoint of platform-dev (abcdef.gr7.eu-west-1.eks.amazonaws.com:443) is not reachable from here: no answer within 5 s",
                    fix: "run from a runner/host in the organization's network admitted by platform:cluster.apiAccessCidrs, or use SSM port forwarding (docs/ci-cd.md)",
                },
            ]);
        });
    });

    describe("runners' connection", () => {
        const ARN = "arn:aws:codeconnections:eu-west-1:222222222222:connection/0a1b2c3d-1111-2222-3333-444455556666";
        const SHARED = "arn:aws:iam::222222222222:role/platform-deployer";
        function shared(status: "AVAILABLE" | "PENDING"): { aws: FakeAws; config: PlatformConfig } {
            const aws = new FakeAws().identity("arn:aws:sts::222222222222:assumed-role/platform-deployer/ci", "222222222222", [SHARED, NETWORK_DEPLOYER]);
            aws.stub("serviceQuotas", SHARED).on(GetServiceQuotaCommand).resolves({ Quota: { Value: 5 } });
            aws.stub("ec2", SHARED).on(DescribeVpcsCommand).resolves({ Vpcs: [] });
            aws.stub("connections", SHARED).on(GetConnectionCommand, { ConnectionArn: ARN }).resolves({ Connection: { ConnectionArn: ARN, ConnectionName: "platform-github", ConnectionStatus: status, ProviderType: "GitHub" } });
            const config = sharedConfig();
            // platform:runners is being added to the schema; preflight reads it defensively.
            (config as unknown as Record<string, unknown>).runners = { connectionArn: ARN };
            return { aws, config };
        }

        it("passes an AVAILABLE connection", async () => {
            const { aws, config } = shared("AVAILABLE");
            expect(only(await preflight(aws, config), "connection")).to.deep.equal([{ check: "connection", status: "ok", message: "connection platform-github (platform:runners.connectionArn) is AVAILABLE" }]);
        });

        it("reports a PENDING connection: the console handshake is not done", async () => {
            const { aws, config } = shared("PENDING");
            expect(only(await preflight(aws, config), "connection")).to.deep.equal([
                {
                    check: "connection",
                    status: "problem",
                    message: "connection platform-github (platform:runners.connectionArn) is PENDING, not AVAILABLE",
                    fix: "complete the handshake in the console: Developer Tools > Settings > Connections > platform-github > Update pending connection (account 222222222222, eu-west-1)",
                },
            ]);
        });

        it("checks nothing when the setting is absent", async () => {
            const { aws } = shared("AVAILABLE");
            const report = await preflight(aws, sharedConfig());
            expect(only(report, "connection")).to.deep.equal([]);
            expect(aws.stub("connections", SHARED).calls()).to.have.length(0);
        });
    });

    describe("GitHub OIDC provider", () => {
        const ADMIN_CALLER = "arn:aws:sts::999999999999:assumed-role/AWSReservedSSO_Admin/alice";
        const provider = (account: string) => `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com`;
        function bootstrap(existing: string[]): FakeAws {
            const access = "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole";
            const aws = new FakeAws().identity(ADMIN_CALLER, "999999999999", [access]);
            aws.stub("iam").on(GetRoleCommand).resolves({ Role: { Arn: "arn:aws:iam::999999999999:role/platform-break-glass", RoleName: "platform-break-glass", Path: "/", RoleId: "R", CreateDate: new Date(0) } });
            for (const [who, account] of [["caller", "999999999999"], [access, "111111111111"]]) {
                const iam = aws.stub("iam", who);
                iam.on(GetOpenIDConnectProviderCommand, { OpenIDConnectProviderArn: provider(account) }).callsFake(() => {
                    if (existing.includes(account)) {
                        return { Url: "token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"] };
                    }
                    throw awsError("NoSuchEntityException", `OpenIDConnect Provider not found for arn ${provider(account)}`);
                });
            }
            return aws;
        }

        it("passes create where none exists and existing where one does", async () => {
            const report = await preflight(bootstrap(["111111111111"]), bootstrapConfig({ "999999999999": "create", "111111111111": "existing" }));
            expect(only(report, "github-oidc")).to.deep.equal([
                { check: "github-oidc", status: "ok", message: `${provider("999999999999")} does not exist yet; the bootstrap creates it (githubOidcProvider: create)` },
                { check: "github-oidc", status: "ok", message: `${provider("111111111111")} exists (githubOidcProvider: existing)` },
            ]);
        });

        it("reports create where one exists and existing where none does; an account without credentials is not checked", async () => {
            const report = await preflight(bootstrap(["999999999999"]), bootstrapConfig({ "999999999999": "create", "111111111111": "existing", "333333333333": "create" }));
            expect(only(report, "github-oidc")).to.deep.equal([
                {
                    check: "github-oidc",
                    status: "problem",
                    message: `${provider("999999999999")} already exists, but platform:bootstrap.accounts (account 999999999999) sets githubOidcProvider: create (IAM allows one provider per URL)`,
                    fix: "set githubOidcProvider: existing for account 999999999999 so that the bootstrap trusts the one there",
                },
                {
                    check: "github-oidc",
                    status: "problem",
                    message: `${provider("111111111111")} does not exist, but platform:bootstrap.accounts (account 111111111111) sets githubOidcProvider: existing`,
                    fix: "set githubOidcProvider: create for account 111111111111 so that the bootstrap creates it",
                },
                {
                    check: "github-oidc",
                    status: "not-checked",
                    message: `${provider("333333333333")} (githubOidcProvider: create): preflight holds no credentials for account 333333333333`,
                    fix: "run `npm run preflight -- --stack bootstrap` with credentials of account 333333333333",
                },
            ]);
        });
    });

    describe("errors it cannot judge", () => {
        it("records the check that stopped and still runs the others", async () => {
            const aws = healthyWorkload();
            aws.stub("ec2", DEV_DEPLOYER).on(DescribeVpcsCommand).rejects(awsError("RequestLimitExceeded", "Request limit exceeded."));
            const report = await preflight(aws);
            expect(report.errors).to.deep.equal([{ check: "quota", message: "RequestLimitExceeded: Request limit exceeded." }]);
            expect(only(report, "cluster-endpoint")).to.have.length(1);
        });
    });
});
