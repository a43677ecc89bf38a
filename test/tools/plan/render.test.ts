import { expect } from "chai";
import { Plan } from "../../../tools/plan/model";
import { renderOutputs, renderSummary, renderTree, shortType } from "../../../tools/plan/render";
import { summarize } from "../../../tools/plan/runner";
import { planResource } from "../../support/policy";

const STACK = "urn:pulumi:dev::platform::pulumi:pulumi:Stack::platform-dev";

function plan(): Plan {
    const vpcComponent = planResource({ type: "platform:network:SpokeVpc", name: "dev", urn: "urn:c", parent: STACK, inputs: {} });
    const vpc = { ...planResource({ type: "aws:ec2/vpc:Vpc", name: "dev", urn: "urn:v", parent: "urn:c", inputs: {} }), protect: true, retainOnDelete: true };
    const subnet = planResource({ type: "aws:ec2/subnet:Subnet", name: "dev-private-eu-west-1a", urn: "urn:s", parent: "urn:c", inputs: {} });
    const key = planResource({ type: "aws:kms/key:Key", name: "dev-logs", urn: "urn:k", parent: STACK, inputs: {} });
    const resources = [vpcComponent, vpc, subnet, key];
    return { formatVersion: 1, project: "platform", stack: "dev", stackFile: "stacks/Pulumi.dev.yaml", config: {}, resources, outputs: { vpcId: "vpc-1" }, summary: summarize(resources) };
}

describe("plan rendering", () => {
    it("prints types the way the Pulumi CLI does", () => {
        expect(shortType("aws:ec2/vpc:Vpc")).to.equal("aws:ec2:Vpc");
        expect(shortType("kubernetes:apps/v1:Deployment")).to.equal("kubernetes:apps:Deployment");
        expect(shortType("pulumi:providers:aws")).to.equal("pulumi:providers:aws");
    });

    it("renders the resource tree by parent, with protection flags", () => {
        expect(renderTree(plan()).split("\n")).to.deep.equal([
            "     Type                          Name                    Plan",
            " +   pulumi:pulumi:Stack           platform-dev            create",
            " +   ├─ platform:network:SpokeVpc  dev                     create",
            " +   │  ├─ aws:ec2:Vpc             dev                     create  [protected, retained]",
            " +   │  └─ aws:ec2:Subnet          dev-private-eu-west-1a  create",
            " +   └─ aws:kms:Key                dev-logs                create",
        ]);
    });

    it("summarizes counts by type and protection", () => {
        expect(renderSummary(plan()).split("\n")).to.deep.equal([
            "Resources:",
            "    + 5 to create (3 cloud resources, 1 components, 1 stack)",
            "",
            "By type:",
            "    aws:ec2:Subnet             1",
            "    aws:ec2:Vpc                1",
            "    aws:kms:Key                1",
            "    platform:network:SpokeVpc  1",
            "",
            "Protected: 1  Retained on delete: 1",
        ]);
        expect(renderOutputs(plan())).to.equal('Outputs:\n    vpcId: "vpc-1"');
    });
});
