import { expect } from "chai";
import { requiredServiceLinkedRoles, serviceLinkedRolesToCreate } from "../../../config/prerequisites";
import { parsePrincipalArn } from "../../../tools/preflight/principals";
import { quotaNeeds, rolesToAssume } from "../../../tools/preflight/needs";
import { bootstrapConfig, networkConfig, sharedConfig, workloadConfig } from "./fakes";

const pools = (...capacityTypes: ("ON_DEMAND" | "SPOT")[]) =>
    capacityTypes.map((capacityType, i) => ({ name: i === 0 ? "system" : `pool-${i}`, system: i === 0, capacityType, instanceTypes: ["m7i.large", "m6i.large"], minSize: 1, desiredSize: 1, maxSize: 2 }));
const cluster = (karpenter: boolean, ...capacityTypes: ("ON_DEMAND" | "SPOT")[]) => ({ version: "1.35", admins: ["arn:aws:iam::333333333333:role/platform-admin"], nodePools: pools(...capacityTypes), karpenter: { enabled: karpenter } });

describe("preflight: what the settings require", () => {
    describe("requiredServiceLinkedRoles / serviceLinkedRolesToCreate", () => {
        const cases: [string, ReturnType<typeof workloadConfig>, string[], string[]][] = [
            ["Karpenter needs Spot's role beside Auto Scaling's", workloadConfig({ cluster: cluster(true, "ON_DEMAND") }), ["autoscaling.amazonaws.com", "spot.amazonaws.com"], ["spot.amazonaws.com"]],
            ["a SPOT node pool needs Spot's role without Karpenter", workloadConfig({ cluster: cluster(false, "ON_DEMAND", "SPOT") }), ["autoscaling.amazonaws.com", "spot.amazonaws.com"], ["spot.amazonaws.com"]],
            ["on-demand pools without Karpenter need Auto Scaling's only", workloadConfig({ cluster: cluster(false, "ON_DEMAND") }), ["autoscaling.amazonaws.com"], []],
            [
                "nothing listed: the stack creates both",
                workloadConfig({ cluster: cluster(true, "ON_DEMAND"), prerequisites: { principals: ["arn:aws:iam::333333333333:role/platform-admin"], existingServiceLinkedRoles: [] } }),
                ["autoscaling.amazonaws.com", "spot.amazonaws.com"],
                ["autoscaling.amazonaws.com", "spot.amazonaws.com"],
            ],
            ["a network stack needs none", networkConfig(), [], []],
            ["a shared stack needs none", sharedConfig(), [], []],
            ["the bootstrap needs none", bootstrapConfig(), [], []],
        ];
        for (const [name, config, required, toCreate] of cases) {
            it(name, () => {
                expect(requiredServiceLinkedRoles(config)).to.deep.equal(required);
                expect(serviceLinkedRolesToCreate(config)).to.deep.equal(toCreate);
            });
        }
    });

    describe("quotaNeeds", () => {
        const spoke = (natStrategy: string, azCount = 3, interfaceEndpoints?: string[]) => workloadConfig({ network: { cidr: "10.20.0.0/16", azCount, natStrategy, segment: "nonprod", ...(interfaceEndpoints ? { interfaceEndpoints } : {}) } });
        const cases: [string, ReturnType<typeof workloadConfig>, ReturnType<typeof quotaNeeds>][] = [
            ["one-per-az: a NAT gateway in every zone", spoke("one-per-az"), { vpcs: 1, natAzs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], interfaceEndpoints: 8 }],
            ["single: one NAT gateway in the first zone", spoke("single", 2, ["sts"]), { vpcs: 1, natAzs: ["eu-west-1a"], interfaceEndpoints: 1 }],
            ["none: no NAT gateway", spoke("none"), { vpcs: 1, natAzs: [], interfaceEndpoints: 8 }],
            ["central: egress through the hub, no NAT gateway", spoke("central"), { vpcs: 1, natAzs: [], interfaceEndpoints: 8 }],
            ["network with an egress VPC: one per egress zone", networkConfig({ egressVpc: { cidr: "10.0.0.0/20", azCount: 2 } }), { vpcs: 1, natAzs: ["eu-west-1a", "eu-west-1b"], interfaceEndpoints: 0 }],
            ["network without an egress VPC: nothing", networkConfig({}), { vpcs: 0, natAzs: [], interfaceEndpoints: 0 }],
            ["bootstrap: nothing", bootstrapConfig(), { vpcs: 0, natAzs: [], interfaceEndpoints: 0 }],
        ];
        for (const [name, config, needs] of cases) {
            it(name, () => expect(quotaNeeds(config)).to.deep.equal(needs));
        }
    });

    describe("rolesToAssume", () => {
        it("a workload assumes its deployer and the network account's", () => {
            expect(rolesToAssume(workloadConfig()).map((r) => r.roleArn)).to.deep.equal(["arn:aws:iam::333333333333:role/platform-deployer", "arn:aws:iam::111111111111:role/platform-deployer"]);
        });
        it("a stack in the network account assumes one role", () => {
            expect(rolesToAssume(workloadConfig({ accountId: "111111111111", prerequisites: { principals: ["arn:aws:iam::333333333333:role/platform-admin"] } })).map((r) => r.roleArn)).to.deep.equal(["arn:aws:iam::111111111111:role/platform-deployer"]);
        });
        it("a China-region stack uses the aws-cn partition", () => {
            expect(rolesToAssume(networkConfig({})).map((r) => r.roleArn)).to.deep.equal(["arn:aws:iam::111111111111:role/platform-deployer"]);
            const cn = workloadConfig({ region: "cn-north-1", prerequisites: { principals: ["arn:aws-cn:iam::333333333333:role/platform-admin"] }, cluster: { ...cluster(true, "ON_DEMAND"), admins: ["arn:aws-cn:iam::333333333333:role/platform-admin"] } });
            expect(rolesToAssume(cn)[0].roleArn).to.equal("arn:aws-cn:iam::333333333333:role/platform-deployer");
        });
        it("the bootstrap assumes the access role in every account but its own", () => {
            expect(rolesToAssume(bootstrapConfig()).map((r) => r.roleArn)).to.deep.equal(["arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole"]);
        });
    });

    describe("parsePrincipalArn", () => {
        const cases: [string, ReturnType<typeof parsePrincipalArn>][] = [
            ["arn:aws:iam::333333333333:role/platform-admin", { accountId: "333333333333", kind: "role", name: "platform-admin" }],
            ["arn:aws:iam::333333333333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123", { accountId: "333333333333", kind: "role", name: "AWSReservedSSO_Admin_0123" }],
            ["arn:aws:iam::333333333333:user/ops/alice", { accountId: "333333333333", kind: "user", name: "alice" }],
            ["arn:aws-us-gov:sts::333333333333:assumed-role/ci/session-1", { accountId: "333333333333", kind: "role", name: "ci" }],
            ["arn:aws:iam::333333333333:group/admins", undefined],
        ];
        for (const [arn, parsed] of cases) {
            it(`reads ${arn}`, () => expect(parsePrincipalArn(arn)).to.deep.equal(parsed));
        }
    });
});
