import { expect } from "chai";
import { privateSubnetCidrsOf, validateAllStacks } from "../../config/cross-stack";
import { listStacks, readStackFile, stackFilePath } from "../../tools/plan/stack-file";

function stacks(): { stack: string; config: Record<string, unknown> }[] {
    return listStacks().map((s) => ({ stack: s, config: structuredClone(readStackFile(stackFilePath(s)).config) }));
}

function problems(list: { stack: string; config: Record<string, any> }[]): string[] {
    try {
        validateAllStacks(list);
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
    return [];
}

const get = (list: { stack: string; config: Record<string, any> }[], name: string) => list.find((s) => s.stack === name)!.config;

describe("cross-stack checks over stacks/", () => {
    it("finds every stack of stacks/ and no problem across them", () => {
        expect(stacks().map((s) => s.stack)).to.deep.equal(listStacks());
        expect(listStacks()).to.include.members(["bootstrap", "network", "shared", "dev", "staging", "prod"]);
        expect(problems(stacks())).to.deep.equal([]);
    });

    it("rejects overlapping VPC CIDRs between stacks", () => {
        const list = stacks();
        get(list, "staging")["platform:network"].cidr = "10.20.128.0/17";
        expect(problems(list)).to.deep.equal([
            'staging: platform:network.cidr: "10.20.128.0/17" overlaps dev: platform:network.cidr ("10.20.0.0/16"); VPCs attached to one Transit Gateway need distinct ranges',
        ]);
    });

    it("rejects a spoke overlapping the central egress VPC", () => {
        const list = stacks();
        get(list, "prod")["platform:network"].cidr = "10.0.0.0/16";
        expect(problems(list)).to.deep.equal([
            'prod: platform:network.cidr: "10.0.0.0/16" overlaps network: platform:transitHub.egressVpc.cidr ("10.0.0.0/20"); VPCs attached to one Transit Gateway need distinct ranges',
        ]);
    });

    it("rejects a workload naming a network stack that does not exist", () => {
        const list = stacks();
        get(list, "dev")["platform:stacks"].network = "hub";
        expect(problems(list)).to.deep.equal([`dev: platform:stacks.network: "hub" is not a stack in stacks/ (known: ${listStacks().join(", ")})`]);
    });

    it("rejects a network stack that is not of role network", () => {
        const list = stacks();
        get(list, "dev")["platform:stacks"].network = "shared";
        expect(problems(list)).to.deep.equal(['dev: platform:stacks.network: "shared" has role shared-services, not network']);
    });

    it("rejects a network account ID that differs from the network stack's", () => {
        const list = stacks();
        get(list, "prod")["platform:networkAccountId"] = "121212121212";
        expect(problems(list)).to.deep.equal(['prod: platform:networkAccountId: "121212121212" is not the account of stack network ("111111111111")']);
    });

    it("rejects two workload environments in one account", () => {
        const list = stacks();
        get(list, "staging")["platform:accountId"] = "333333333333";
        expect(problems(list)).to.deep.equal(['staging: platform:accountId: "333333333333" is also the account of stack dev; each workload environment has an account of its own']);
    });

    it("rejects a workload pulling from a registry that is not the shared stack's", () => {
        const list = stacks();
        get(list, "staging")["platform:containerRegistry"] = "121212121212.dkr.ecr.eu-west-1.amazonaws.com";
        expect(problems(list)).to.deep.equal(['staging: platform:containerRegistry: "121212121212.dkr.ecr.eu-west-1.amazonaws.com" is not the registry of stack shared ("222222222222.dkr.ecr.eu-west-1.amazonaws.com")']);
    });

    it("rejects a network stack sharing with the organization when the bootstrap stack does not enable RAM sharing with AWS Organizations", () => {
        const list = stacks();
        get(list, "bootstrap")["platform:bootstrap"].ramSharingWithOrganization = false;
        expect(problems(list)).to.deep.equal([
            "network: platform:transitHub.shareWithOrganization: true needs RAM sharing with AWS Organizations, but stack bootstrap has platform:bootstrap.ramSharingWithOrganization: false; set platform:bootstrap.ramSharingWithOrganization: true in the bootstrap stack (run in the management account), declare it enabled outside with platform:prerequisites.ramSharingWithOrganization: true, or share with accounts (platform:transitHub.shareWithOrganization: false and shareWithAccounts)",
        ]);
    });

    it("rejects a network stack sharing with the organization when no bootstrap stack exists", () => {
        const list = stacks().filter((s) => s.stack !== "bootstrap");
        expect(problems(list)).to.deep.equal([
            "network: platform:transitHub.shareWithOrganization: true needs RAM sharing with AWS Organizations, but no bootstrap stack in stacks/ enables it; set platform:bootstrap.ramSharingWithOrganization: true in the bootstrap stack (run in the management account), declare it enabled outside with platform:prerequisites.ramSharingWithOrganization: true, or share with accounts (platform:transitHub.shareWithOrganization: false and shareWithAccounts)",
        ]);
    });

    it("accepts RAM sharing enabled outside the project when the network stack declares it (preflight checks it)", () => {
        const list = stacks();
        get(list, "bootstrap")["platform:bootstrap"].ramSharingWithOrganization = false;
        get(list, "network")["platform:prerequisites"] = { ramSharingWithOrganization: true };
        expect(problems(list)).to.deep.equal([]);
    });

    it("accepts RAM sharing off when the network stack shares with listed accounts", () => {
        const list = stacks();
        get(list, "bootstrap")["platform:bootstrap"].ramSharingWithOrganization = false;
        Object.assign(get(list, "network")["platform:transitHub"], { shareWithOrganization: false, shareWithAccounts: ["222222222222", "333333333333", "444444444444", "555555555555"] });
        expect(problems(list)).to.deep.equal([]);
    });

    it("prefixes per-stack problems with the stack name", () => {
        const list = stacks();
        get(list, "dev")["platform:network"].azCount = 7;
        expect(problems(list)).to.deep.equal(["dev: platform:network.azCount: 7 is not in 2..6"]);
    });
});

describe("cross-stack: CI runners reach the clusters of their environments", () => {
    it("admits the shared VPC's private subnets on every cluster a runner serves, in the example stacks", () => {
        expect(privateSubnetCidrsOf(validateAllStacks(stacks()).find((s) => s.stack === "shared")!.config)).to.deep.equal(["10.10.0.0/19", "10.10.32.0/19"]);
        for (const env of ["dev", "staging", "prod"]) {
            expect(get(stacks(), env)["platform:cluster"].apiAccessCidrs, env).to.deep.equal(["10.10.0.0/19", "10.10.32.0/19"]);
        }
    });

    it("names the setting, the missing runner subnets and the fix when a cluster does not admit them", () => {
        const list = stacks();
        get(list, "staging")["platform:cluster"].apiAccessCidrs = ["10.10.0.0/19"];
        delete get(list, "prod")["platform:cluster"].apiAccessCidrs;
        expect(problems(list)).to.deep.equal([
            `staging: platform:cluster.apiAccessCidrs: does not admit the CI runner subnets of stack shared (missing 10.10.32.0/19); add them so that staging's deploy jobs reach the cluster, or remove "staging" from shared's platform:runners.environments`,
            `prod: platform:cluster.apiAccessCidrs: does not admit the CI runner subnets of stack shared (missing 10.10.0.0/19, 10.10.32.0/19); add them so that prod's deploy jobs reach the cluster, or remove "prod" from shared's platform:runners.environments`,
        ]);
    });

    it("accepts a wider private range that contains the runner subnets", () => {
        const list = stacks();
        get(list, "dev")["platform:cluster"].apiAccessCidrs = ["10.10.0.0/16"];
        expect(problems(list)).to.deep.equal([]);
    });

    it("follows the shared VPC's range: moving it leaves every cluster without the new subnets", () => {
        const list = stacks();
        get(list, "shared")["platform:network"].cidr = "10.11.0.0/16";
        get(list, "shared")["platform:runners"].environments = ["dev"];
        expect(problems(list)).to.deep.equal([
            `dev: platform:cluster.apiAccessCidrs: does not admit the CI runner subnets of stack shared (missing 10.11.0.0/19, 10.11.32.0/19); add them so that dev's deploy jobs reach the cluster, or remove "dev" from shared's platform:runners.environments`,
        ]);
    });

    it("rejects a runner for an environment no workload stack has", () => {
        const list = stacks();
        get(list, "shared")["platform:runners"].environments = ["dev", "qa"];
        expect(problems(list)).to.deep.equal(['shared: platform:runners.environments[1]: "qa" is not the environment of a workload stack (known: dev, prod, staging); remove it or add the stack']);
    });

    it("asks nothing of a cluster no runner serves", () => {
        const list = stacks();
        get(list, "shared")["platform:runners"].environments = ["dev"];
        delete get(list, "prod")["platform:cluster"].apiAccessCidrs;
        expect(problems(list)).to.deep.equal([]);
    });
});
