import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeVpcsCommand } from "@aws-sdk/client-ec2";
import { DescribeClusterCommand } from "@aws-sdk/client-eks";
import { GetRoleCommand, ListRolesCommand } from "@aws-sdk/client-iam";
import { GetServiceQuotaCommand } from "@aws-sdk/client-service-quotas";
import { expect } from "chai";
import * as path from "path";
import { Io } from "../../../tools/cli/main";
import { preflightCommand, PREFLIGHT_USAGE_TEXT } from "../../../tools/cli/preflight-command";
import { renderText } from "../../../tools/preflight/render";
import { cli } from "../../support/cli";
import { awsError, DEV_CI_CALLER, DEV_DEPLOYER, FakeAws, NETWORK_DEPLOYER, reachable } from "./fakes";

const FIXTURE = path.join(__dirname, "fixtures", "Pulumi.preflight-dev.yaml");
const INVALID = path.join(__dirname, "..", "..", "fixtures", "invalid-stacks");

/** The account of the fixture stack, ready for its first deploy. */
function readyAccount(): FakeAws {
    const aws = new FakeAws().identity(DEV_CI_CALLER, "333333333333", [DEV_DEPLOYER, NETWORK_DEPLOYER]);
    const iam = aws.stub("iam", DEV_DEPLOYER);
    iam.on(GetRoleCommand, { RoleName: "platform-admin" }).resolves({ Role: { Arn: "arn:aws:iam::333333333333:role/platform-admin", RoleName: "platform-admin", Path: "/", RoleId: "R", CreateDate: new Date(0) } });
    iam.on(ListRolesCommand, { PathPrefix: "/aws-service-role/autoscaling.amazonaws.com/" }).resolves({ Roles: [{ RoleName: "AWSServiceRoleForAutoScaling", Path: "/aws-service-role/autoscaling.amazonaws.com/", Arn: "arn:aws:iam::333333333333:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", RoleId: "R", CreateDate: new Date(0) }] });
    iam.on(ListRolesCommand, { PathPrefix: "/aws-service-role/spot.amazonaws.com/" }).resolves({ Roles: [] });
    aws.stub("serviceQuotas", DEV_DEPLOYER).on(GetServiceQuotaCommand).resolves({ Quota: { Value: 50 } });
    const ec2 = aws.stub("ec2", DEV_DEPLOYER);
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    ec2.on(DescribeAddressesCommand).resolves({ Addresses: [] });
    ec2.on(DescribeNatGatewaysCommand).resolves({ NatGateways: [] });
    aws.stub("eks", DEV_DEPLOYER).on(DescribeClusterCommand).rejects(awsError("ResourceNotFoundException", "No cluster found"));
    return aws;
}

async function run(aws: FakeAws, ...argv: string[]) {
    let out = "";
    let err = "";
    const io: Io = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) };
    const code = await preflightCommand(argv, io, { clients: aws.clients, probe: reachable });
    return { code, out, err };
}

describe("preflight command", () => {
    it("exits 0 when the stack is ready, with every check and the verdict", async () => {
        const r = await run(readyAccount(), "--stack-file", FIXTURE);
        expect(r.err).to.equal("");
        expect(r.code).to.equal(0);
        const lines = r.out.split("\n");
        expect(lines[0]).to.equal("Preflight of stack preflight-dev (workload, account 333333333333, eu-west-1)");
        expect(lines).to.include("  ok           deployment-role      arn:aws:sts::333333333333:assumed-role/platform-deployer/GitHubActions can assume arn:aws:iam::333333333333:role/platform-deployer (the stack's providers act as it)");
        expect(lines.filter((l) => l.startsWith("  ok "))).to.have.length(9);
        expect(r.out).to.contain("\nReady for the first deploy (0 problems, 0 not checked, 9 ok).\n");
    });

    it("exits 1 when not ready, each problem followed by its fix", async () => {
        const aws = readyAccount();
        aws.stub("iam", DEV_DEPLOYER).on(GetRoleCommand, { RoleName: "platform-admin" }).rejects(awsError("NoSuchEntityException", "The role with name platform-admin cannot be found."));
        const r = await run(aws, "--stack-file", FIXTURE);
        expect(r.code).to.equal(1);
        const lines = r.out.split("\n");
        const i = lines.indexOf("  PROBLEM      principal            arn:aws:iam::333333333333:role/platform-admin does not exist");
        expect(i).to.be.greaterThan(0);
        expect(lines[i + 1]).to.equal(
            "                                    fix: create the role in account 333333333333 before the first deploy (EKS and IAM refuse a principal that does not exist), or remove it from the settings that name it and from platform:prerequisites.principals",
        );
        expect(r.out).to.contain("\nNot ready (1 problem, 0 not checked, 8 ok): fix each problem above and run preflight again.\n");
    });

    it("prints the report as JSON with --json", async () => {
        const aws = readyAccount();
        aws.stub("ec2", DEV_DEPLOYER).on(DescribeVpcsCommand).resolves({ Vpcs: Array.from({ length: 50 }, (_, i) => ({ VpcId: `vpc-${i}` })) });
        const r = await run(aws, "--stack-file", FIXTURE, "--json");
        expect(r.code).to.equal(1);
        const report = JSON.parse(r.out);
        expect(report).to.include({ stack: "preflight-dev", role: "workload", accountId: "333333333333", region: "eu-west-1", ready: false });
        expect(report.caller).to.deep.equal({ arn: DEV_CI_CALLER, accountId: "333333333333" });
        expect(report.results.filter((x: { status: string }) => x.status === "problem")).to.deep.equal([
            {
                check: "quota",
                status: "problem",
                message: "VPCs per Region (vpc L-F678F1CE) in eu-west-1: 50 of 50 used, the stack adds 1",
                fix: "request an increase to at least 51: aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-F678F1CE --desired-value 51 --region eu-west-1; or delete VPCs no longer used",
            },
        ]);
        expect(report.errors).to.deep.equal([]);
    });

    it("exits 3 when a check stops on an error it cannot judge, naming the check", async () => {
        const aws = readyAccount();
        aws.stub("ec2", DEV_DEPLOYER).on(DescribeVpcsCommand).rejects(awsError("RequestLimitExceeded", "Request limit exceeded."));
        const r = await run(aws, "--stack-file", FIXTURE);
        expect(r.code).to.equal(3);
        expect(r.out).to.contain("  ERROR        quota                could not finish: RequestLimitExceeded: Request limit exceeded.\n");
        expect(r.out).to.contain("\nCould not finish: 1 check stopped on an unexpected error (0 problems, 0 not checked, 5 ok).\n");
    });

    it("prints its usage with --help and exits 0, also through the platform CLI", async () => {
        const r = await cli("preflight", "--help");
        expect(r.code).to.equal(0);
        expect(r.out).to.equal(`${PREFLIGHT_USAGE_TEXT}\n`);
        expect((await cli("preflight", "-h")).code).to.equal(0);
        expect((await cli("--help")).out).to.contain("  preflight --stack <name> | --stack-file <path> [--json]");
    });

    it("exits 2 on invalid settings with every problem and no stack trace, before any AWS call", async () => {
        const aws = new FakeAws();
        const r = await run(aws, "--stack-file", path.join(INVALID, "Pulumi.wrong-role.yaml"));
        expect(r.code).to.equal(2);
        expect(r.out).to.equal("");
        expect(r.err.split("\n").filter((l) => l.startsWith("  - "))).to.deep.equal([
            "  - platform:clusterr: is not a known setting; check its spelling and level",
            "  - platform:transitHub: is required for role network: the Transit Gateway settings",
            "  - platform:network: is not used by role network; remove it",
        ]);
        expect(r.err).to.not.match(/\n\s+at /);
        expect(aws.requested).to.deep.equal([]);
    });

    it("exits 2 on usage mistakes", async () => {
        expect(await cli("preflight")).to.deep.include({ code: 2 });
        expect((await cli("preflight")).err).to.match(/^error: preflight needs --stack <name> or --stack-file <path>\n/);
        expect((await cli("preflight", "--stak", "dev")).err).to.match(/^error: Unknown option '--stak'/);
        expect((await cli("preflight", "--stack", "qa")).err).to.match(/^error: no settings file for stack "qa" \(stacks\/Pulumi\.qa\.yaml\); known stacks: /);
        expect((await cli("preflight", "--stack-file", "nope.yaml")).err).to.equal("error: stack settings file not found: nope.yaml\n");
        expect((await cli("preflight", "--stack-file", path.join(INVALID, "Pulumi.not-yaml.yaml"))).code).to.equal(2);
    });

    it("renders an empty report with its verdict", () => {
        expect(renderText({ stack: "dev", role: "workload", accountId: "333333333333", region: "eu-west-1", results: [], errors: [] })).to.equal(
            "Preflight of stack dev (workload, account 333333333333, eu-west-1)\n\n\nReady for the first deploy (0 problems, 0 not checked, 0 ok).",
        );
    });
});
