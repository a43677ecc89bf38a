import { expect } from "chai";
import { ec2ManagedBySsm, ssmPolicies } from "../../../policy-packs/aws-baseline/policies/ssm";
import { naclInUse } from "../../../policy-packs/aws-baseline/policies/account";
import { ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";

const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const INSTANCE = "aws:ec2/instance:Instance";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";
const NACL = "aws:ec2/networkAcl:NetworkAcl";
const NACL_ASSOC = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
const SUBNET = "aws:ec2/subnet:Subnet";

const on = (type: string, name: string, inputs: Record<string, unknown>, prop: string, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { [prop]: [target.urn!] }, dependencies: [target.urn!] });

const SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";

describe("ec2-managed-by-ssm", () => {
    const nodes = r(ROLE, "nodes", { name: "platform-dev-nodes", path: "/platform/" });
    const core = on(ATTACHMENT, "nodes-2", { role: "platform-dev-nodes", policyArn: SSM_CORE }, "role", nodes);
    const other = on(ATTACHMENT, "nodes-0", { role: "platform-dev-nodes", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" }, "role", nodes);
    const group = r(NODE_GROUP, "system", { nodeRoleArn: "arn:aws:iam::333333333333:role/platform/platform-dev-nodes" });
    const nodeClass = r(NODE_CLASS, "default", { spec: { role: "platform-dev-nodes" } });

    it("is the only SSM resource policy, mandatory, claiming SSM.1", () => {
        expect(ssmPolicies.map((p) => [p.name, p.enforcementLevel, `${p.framework!.name}:${p.framework!.reference}`])).to.deep.equal([["ec2-managed-by-ssm", "mandatory", "fsbp:SSM.1"]]);
    });
    it("passes node groups and EC2NodeClasses whose role has AmazonSSMManagedInstanceCore (attached or in managedPolicyArns); not applicable without nodes", async () => {
        expect((await runPolicy(ec2ManagedBySsm, [nodes, core, other, group, nodeClass])).outcome).to.equal("pass");
        const inline = r(ROLE, "nodes", { name: "platform-dev-nodes", managedPolicyArns: [SSM_CORE] });
        expect((await runPolicy(ec2ManagedBySsm, [inline, group])).outcome).to.equal("pass");
        expect((await runPolicy(ec2ManagedBySsm, [nodes, core])).outcome).to.equal("notApplicable");
    });
    it("flags a node role without the policy, and a role the stack does not declare", async () => {
        const run = await runPolicy(ec2ManagedBySsm, [nodes, other, group, nodeClass]);
        expect(run.reported).to.deep.equal([
            "Node group's role platform-dev-nodes lacks AmazonSSMManagedInstanceCore, so Systems Manager cannot manage its instances; attach it.",
            "EC2NodeClass's role platform-dev-nodes lacks AmazonSSMManagedInstanceCore, so Systems Manager cannot manage its instances; attach it.",
        ]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([group.urn, nodeClass.urn]);
        const foreign = await runPolicy(ec2ManagedBySsm, [nodes, core, r(NODE_GROUP, "g", { nodeRoleArn: "arn:aws:iam::333333333333:role/elsewhere" })]);
        expect(foreign.reported).to.deep.equal(["Node group names a role this stack does not declare, so Systems Manager access cannot be confirmed; declare the role here with AmazonSSMManagedInstanceCore attached."]);
    });
    it("follows an instance's profile to its role; flags an instance without a profile", async () => {
        const profile = on(PROFILE, "profile", { name: "bastion", role: "platform-dev-nodes" }, "role", nodes);
        const instance = on(INSTANCE, "i", { iamInstanceProfile: "bastion" }, "iamInstanceProfile", profile);
        expect((await runPolicy(ec2ManagedBySsm, [nodes, core, profile, instance])).outcome).to.equal("pass");
        expect((await runPolicy(ec2ManagedBySsm, [nodes, other, profile, instance])).reported).to.deep.equal([
            "EC2 instance's role platform-dev-nodes lacks AmazonSSMManagedInstanceCore, so Systems Manager cannot manage its instances; attach it.",
        ]);
        expect((await runPolicy(ec2ManagedBySsm, [nodes, core, r(INSTANCE, "bare", {})])).reported).to.deep.equal([
            "EC2 instance has no instance profile declared in this stack, so Systems Manager cannot manage it; give it an aws.iam.InstanceProfile whose role has AmazonSSMManagedInstanceCore.",
        ]);
    });
});

describe("nacl-in-use", () => {
    const subnet = r(SUBNET, "a", {});
    it("passes ACLs that list subnets or have an association; not applicable without ACLs", async () => {
        const listed = on(NACL, "listed", { subnetIds: ["subnet-1"] }, "subnetIds", subnet);
        const viaAssoc = r(NACL, "assoc", {});
        const assoc = on(NACL_ASSOC, "assoc", { networkAclId: "acl-1", subnetId: "subnet-1" }, "networkAclId", viaAssoc);
        expect((await runPolicy(naclInUse, [subnet, listed, viaAssoc, assoc])).outcome).to.equal("pass");
        expect((await runPolicy(naclInUse, [subnet])).outcome).to.equal("notApplicable");
    });
    it("flags an ACL no subnet uses (no subnetIds, or an empty list)", async () => {
        for (const inputs of [{}, { subnetIds: [] }]) {
            const run = await runPolicy(naclInUse, [r(NACL, "unused", inputs)]);
            expect(run.reported).to.deep.equal(["Network ACL is associated with no subnet; list subnets in subnetIds, add an aws.ec2.NetworkAclAssociation, or remove it."]);
        }
    });
    it("leaves a subnet list known only after apply to pulumi up", async () => {
        const run = await runPolicy(naclInUse, [r(NACL, "later", { subnetIds: "<computed>" })], {}, "mandatory");
        expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    });
});
