import { expect } from "chai";
import { ec2ManagedBySsm } from "../../../policy-packs/aws-baseline/policies/ssm";
import { ResourceSpec, runPolicy, testUrn as urn, resourceSpec as r } from "../../support/policy";

/**
 * ec2-managed-by-ssm, one condition at a time (issue #15): how a node finds its role (dependency,
 * name, ARN with or without a path), how a role carries AmazonSSMManagedInstanceCore (in each AWS
 * partition, inline or attached), and each kind of node. FSBP SSM.1
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html#ssm-1, read 2026-12-03);
 * ARN partitions aws, aws-cn, aws-us-gov (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html, read 2026-12-03).
 */

const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const NODE_CLASS = "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass";
const INSTANCE = "aws:ec2/instance:Instance";
const PROFILE = "aws:iam/instanceProfile:InstanceProfile";

const on = (type: string, name: string, inputs: Record<string, unknown>, prop: string, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { [prop]: [target.urn!] }, dependencies: [target.urn!] });

const SSM_CORE = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore";
const lacks = (where: string, role: string) => `${where}'s role ${role} lacks AmazonSSMManagedInstanceCore, so Systems Manager cannot manage its instances; attach it.`;
const undeclared = (where: string) => `${where} names a role this stack does not declare, so Systems Manager access cannot be confirmed; declare the role here with AmazonSSMManagedInstanceCore attached.`;

const role = (name: string, inputs: Record<string, unknown> = {}) => r(ROLE, `${name}-role`, { name, ...inputs });
const attach = (to: ResourceSpec, policyArn: string, byName = false) =>
    byName ? r(ATTACHMENT, `${to.name}-${policyArn.length}`, { role: to.inputs.name, policyArn }) : on(ATTACHMENT, `${to.name}-${policyArn.length}`, { role: "<computed>", policyArn }, "role", to);
const group = (nodeRoleArn: unknown, name = "system") => r(NODE_GROUP, name, { nodeRoleArn });

describe("ec2-managed-by-ssm, condition by condition", () => {
    it("accepts AmazonSSMManagedInstanceCore in each AWS partition, inline and attached", async () => {
        for (const arn of [SSM_CORE, "arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore", "arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore"]) {
            const inline = role("nodes", { managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy", arn] });
            expect((await runPolicy(ec2ManagedBySsm, [inline, group("nodes")])).outcome, arn).to.equal("pass");
            const plainRole = role("nodes");
            expect((await runPolicy(ec2ManagedBySsm, [plainRole, attach(plainRole, arn), group("nodes")])).outcome, arn).to.equal("pass");
        }
    });
    it("reads past an inline policy ARN known only after apply", async () => {
        expect((await runPolicy(ec2ManagedBySsm, [role("nodes", { managedPolicyArns: ["<computed>", SSM_CORE] }), group("nodes")])).outcome).to.equal("pass");
    });
    it("applies to a stack with as many instances as node groups", async () => {
        const nodes = role("nodes", { managedPolicyArns: [SSM_CORE] });
        const run = await runPolicy(ec2ManagedBySsm, [nodes, group("nodes"), r(INSTANCE, "i", {})]);
        expect(run.outcome).to.equal("fail");
    });
    it("finds an EC2NodeClass's role and an instance profile's role by dependency", async () => {
        const nodes = role("nodes", { managedPolicyArns: [SSM_CORE] });
        expect((await runPolicy(ec2ManagedBySsm, [nodes, on(NODE_CLASS, "nc", { spec: { role: "renamed" } }, "spec", nodes)])).outcome).to.equal("pass");
        const profile = on(PROFILE, "p", { name: "bastion", role: "renamed" }, "role", nodes);
        expect((await runPolicy(ec2ManagedBySsm, [nodes, profile, r(INSTANCE, "i", { iamInstanceProfile: "bastion" })])).outcome).to.equal("pass");
    });
    it("refuses look-alikes: a customer managed policy of that name, a longer name, another partition, a prefix", async () => {
        for (const arn of [
            "arn:aws:iam::111122223333:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCoreReadOnly",
            "arn:aws-iso:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "xarn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/service-role/AmazonSSMManagedInstanceCore",
        ]) {
            const inline = role("nodes", { managedPolicyArns: [arn] });
            expect((await runPolicy(ec2ManagedBySsm, [inline, group("nodes")])).reported, arn).to.deep.equal([lacks("Node group", "nodes")]);
            const plainRole = role("nodes");
            expect((await runPolicy(ec2ManagedBySsm, [plainRole, attach(plainRole, arn), group("nodes")])).reported, arn).to.deep.equal([lacks("Node group", "nodes")]);
        }
    });
    it("reads an attachment that names the role, and ignores one for another role", async () => {
        const nodes = role("nodes");
        const other = role("other");
        expect((await runPolicy(ec2ManagedBySsm, [nodes, attach(nodes, SSM_CORE, true), group("nodes")])).outcome).to.equal("pass");
        expect((await runPolicy(ec2ManagedBySsm, [nodes, other, attach(other, SSM_CORE), attach(other, SSM_CORE, true), group("nodes")])).reported).to.deep.equal([lacks("Node group", "nodes")]);
    });
    it("ignores a managedPolicyArns that is not a list, or holds no string", async () => {
        expect((await runPolicy(ec2ManagedBySsm, [role("nodes", { managedPolicyArns: SSM_CORE }), group("nodes")])).reported).to.deep.equal([lacks("Node group", "nodes")]);
        expect((await runPolicy(ec2ManagedBySsm, [role("nodes", { managedPolicyArns: [42] }), group("nodes")])).reported).to.deep.equal([lacks("Node group", "nodes")]);
    });
    it("finds a node group's role by dependency, by name, by ARN, and by ARN with a path", async () => {
        const nodes = role("platform.dev-nodes", { managedPolicyArns: [SSM_CORE] });
        for (const arn of ["platform.dev-nodes", "arn:aws:iam::333333333333:role/platform.dev-nodes", "arn:aws:iam::333333333333:role/platform/ci/platform.dev-nodes"]) {
            expect((await runPolicy(ec2ManagedBySsm, [nodes, group(arn)])).outcome, arn).to.equal("pass");
        }
        // By dependency: the ARN names another role, but the input depends on this one.
        expect((await runPolicy(ec2ManagedBySsm, [nodes, on(NODE_GROUP, "g", { nodeRoleArn: "arn:aws:iam::333333333333:role/renamed" }, "nodeRoleArn", nodes)])).outcome).to.equal("pass");
        expect((await runPolicy(ec2ManagedBySsm, [nodes, group("arn:aws:iam::333333333333:role/renamed")])).reported).to.deep.equal([undeclared("Node group")]);
    });
    it("does not take another role for the node's: a name that only ends alike, a dot or plus read as a pattern", async () => {
        for (const [name, arn] of [
            ["dev-nodes", "arn:aws:iam::333333333333:role/platform/platform-dev-nodes"],
            ["dev-nodes", "arn:aws:iam::333333333333:role/platform-dev-nodes"],
            ["a.b", "arn:aws:iam::333333333333:role/p/aXb"],
            ["nodes", "arn:aws:iam::333333333333:user/nodes"],
            ["nodes", "arn:aws:iam::333333333333:role/nodes-2"],
        ]) {
            const run = await runPolicy(ec2ManagedBySsm, [role(name, { managedPolicyArns: [SSM_CORE] }), group(arn)]);
            expect(run.reported, `${name} ${arn}`).to.deep.equal([undeclared("Node group")]);
        }
    });
    it("matches a role name with a plus sign in a path ARN literally", async () => {
        expect((await runPolicy(ec2ManagedBySsm, [role("a+b", { managedPolicyArns: [SSM_CORE] }), group("arn:aws:iam::333333333333:role/p/a+b")])).outcome).to.equal("pass");
    });
    it("reports an undeclared role when the node's role is not a string, or the role has no known name", async () => {
        expect((await runPolicy(ec2ManagedBySsm, [role("nodes", { managedPolicyArns: [SSM_CORE] }), group(undefined)])).reported).to.deep.equal([undeclared("Node group")]);
        const unnamed = r(ROLE, "nodes-role", { managedPolicyArns: [] });
        const run = await runPolicy(ec2ManagedBySsm, [unnamed, on(NODE_GROUP, "g", { nodeRoleArn: "arn:aws:iam::333333333333:role/nodes-role-1a2b" }, "nodeRoleArn", unnamed)]);
        expect(run.reported).to.deep.equal([lacks("Node group", "nodes-role")]);
    });
    it("checks every node group, EC2NodeClass and instance, each at its own URN", async () => {
        const good = role("good", { managedPolicyArns: [SSM_CORE] });
        const bad = role("bad");
        const badProfile = on(PROFILE, "bad-profile", { name: "bad-profile", role: "bad" }, "role", bad);
        const run = await runPolicy(ec2ManagedBySsm, [
            good,
            bad,
            badProfile,
            group("good", "a"),
            group("bad", "b"),
            r(NODE_CLASS, "ok", { spec: { role: "good" } }),
            r(NODE_CLASS, "nok", { spec: { role: "bad" } }),
            on(INSTANCE, "i", { iamInstanceProfile: "bad-profile-1a2b" }, "iamInstanceProfile", badProfile),
        ]);
        expect(run.findings.map((f) => [f.urn, f.message.split("\n")[1]])).to.deep.equal([
            [urn(NODE_GROUP, "b"), lacks("Node group", "bad")],
            [urn(NODE_CLASS, "nok"), lacks("EC2NodeClass", "bad")],
            [urn(INSTANCE, "i"), lacks("EC2 instance", "bad")],
        ]);
    });
    it("applies to an EC2NodeClass alone or an instance alone, and reports a node class without a role", async () => {
        expect((await runPolicy(ec2ManagedBySsm, [r(NODE_CLASS, "nc", { spec: {} })])).reported).to.deep.equal([undeclared("EC2NodeClass")]);
        expect((await runPolicy(ec2ManagedBySsm, [r(NODE_CLASS, "nc", {})])).reported).to.deep.equal([undeclared("EC2NodeClass")]);
        expect((await runPolicy(ec2ManagedBySsm, [r(INSTANCE, "i", {})])).outcome).to.equal("fail");
    });
    it("leaves a role ARN unknown until apply to pulumi up (the engine's undecided run)", async () => {
        const run = await runPolicy(ec2ManagedBySsm, [role("nodes", { managedPolicyArns: [SSM_CORE] }), group("<computed>")]);
        expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(run.outcome).to.equal("unknown");
    });
    it("finds an instance's profile by name, and not another profile", async () => {
        const nodes = role("nodes", { managedPolicyArns: [SSM_CORE] });
        const profile = r(PROFILE, "p", { name: "bastion", role: "nodes" });
        const other = r(PROFILE, "q", { name: "other", role: "nodes" });
        expect((await runPolicy(ec2ManagedBySsm, [nodes, profile, r(INSTANCE, "i", { iamInstanceProfile: "bastion" })])).outcome).to.equal("pass");
        expect((await runPolicy(ec2ManagedBySsm, [nodes, other, r(INSTANCE, "i", { iamInstanceProfile: "bastion" })])).reported).to.deep.equal([
            "EC2 instance has no instance profile declared in this stack, so Systems Manager cannot manage it; give it an aws.iam.InstanceProfile whose role has AmazonSSMManagedInstanceCore.",
        ]);
        const profileToNowhere = r(PROFILE, "p", { name: "bastion", role: "elsewhere" });
        expect((await runPolicy(ec2ManagedBySsm, [nodes, profileToNowhere, r(INSTANCE, "i", { iamInstanceProfile: "bastion" })])).reported).to.deep.equal([undeclared("EC2 instance")]);
    });
});
