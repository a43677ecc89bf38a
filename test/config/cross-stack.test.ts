import { expect } from "chai";
import { validateAllStacks } from "../../config/cross-stack";
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
    it("finds the six example stacks and no problem across them", () => {
        expect(listStacks()).to.deep.equal(["bootstrap", "dev", "network", "prod", "shared", "staging"]);
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
        expect(problems(list)).to.deep.equal(['dev: platform:stacks.network: "hub" is not a stack in stacks/ (known: bootstrap, dev, network, prod, shared, staging)']);
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
            "network: platform:transitHub.shareWithOrganization: true needs RAM sharing with AWS Organizations, but stack bootstrap has platform:bootstrap.ramSharingWithOrganization: false; set platform:bootstrap.ramSharingWithOrganization: true in the bootstrap stack (run in the management account), or share with accounts (platform:transitHub.shareWithOrganization: false and shareWithAccounts)",
        ]);
    });

    it("rejects a network stack sharing with the organization when no bootstrap stack exists", () => {
        const list = stacks().filter((s) => s.stack !== "bootstrap");
        expect(problems(list)).to.deep.equal([
            "network: platform:transitHub.shareWithOrganization: true needs RAM sharing with AWS Organizations, but no bootstrap stack in stacks/ enables it; set platform:bootstrap.ramSharingWithOrganization: true in the bootstrap stack (run in the management account), or share with accounts (platform:transitHub.shareWithOrganization: false and shareWithAccounts)",
        ]);
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
