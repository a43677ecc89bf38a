import { expect } from "chai";
import { NodeRole, NodeRoleArgs, validateNodeRoleArgs } from "../../../components/cluster/node-role";
import { declare, doc } from "../../support/harness";

const ARGS: NodeRoleArgs = { clusterName: "dev", region: "eu-west-1", accountId: "111111111111", tags: { team: "platform" } };

describe("NodeRole", () => {
    it("creates the role, three policy attachments and the EC2_LINUX access entry", async () => {
        const plan = await declare(() => new NodeRole("nodes", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:eks/accessEntry:AccessEntry::nodes-access",
            "aws:iam/role:Role::nodes",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-0",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-1",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-2",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::nodes-3",
            "platform:cluster:NodeRole::nodes",
        ]);
        const component = plan.one("platform:cluster:NodeRole", "nodes");
        expect(plan.childrenOf(component)).to.have.length(6);
    });

    it("attaches exactly the worker, ECR pull-only, SSM and (for CreateNodegroup's check) ECR read-only policies, and not the CNI policy", async () => {
        const plan = await declare(() => new NodeRole("nodes", ARGS));
        const arns = plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn);
        expect(arns).to.deep.equal([
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
        ]);
        expect(arns.some((a) => String(a).includes("CNI"))).to.equal(false);
    });

    it("uses the China partition for cn- regions", async () => {
        const plan = await declare(() => new NodeRole("nodes", { ...ARGS, region: "cn-north-1" }));
        const arns = plan.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn);
        expect(arns[0]).to.equal("arn:aws-cn:iam::aws:policy/AmazonEKSWorkerNodePolicy");
        const trust = doc(plan.one("aws:iam/role:Role", "nodes").inputs.assumeRolePolicy);
        expect(trust.Statement[0].Principal).to.deep.equal({ Service: "ec2.amazonaws.com.cn" });
    });

    it("trusts only EC2", async () => {
        const plan = await declare(() => new NodeRole("nodes", ARGS));
        const role = plan.one("aws:iam/role:Role", "nodes");
        expect(doc(role.inputs.assumeRolePolicy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "Ec2Nodes", Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        expect(role.inputs.tags).to.deep.equal({ team: "platform", Name: "nodes" });
        expect(role.inputs.name).to.equal(undefined);
        expect(role.inputs).to.include({ path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
    });

    it("takes a path below /platform/ and another boundary when given", async () => {
        const boundary = "arn:aws:iam::111111111111:policy/platform/nodes-boundary";
        const plan = await declare(() => new NodeRole("nodes", { ...ARGS, rolePath: "/platform/nodes/", permissionsBoundaryArn: boundary }));
        expect(plan.one("aws:iam/role:Role", "nodes").inputs).to.include({ path: "/platform/nodes/", permissionsBoundary: boundary });
        expect(plan.one("aws:eks/accessEntry:AccessEntry", "nodes-access").inputs.principalArn).to.equal("arn:aws:iam::000000000000:role/platform/nodes/nodes");
    });

    it("registers the role as an EC2_LINUX access entry with no Kubernetes groups", async () => {
        const plan = await declare(() => new NodeRole("nodes", ARGS));
        const entry = plan.one("aws:eks/accessEntry:AccessEntry", "nodes-access");
        expect(entry.inputs).to.include({ clusterName: "dev", type: "EC2_LINUX", principalArn: "arn:aws:iam::000000000000:role/platform/nodes" });
        expect(entry.inputs.kubernetesGroups).to.equal(undefined);
    });

    it("names the role when roleName is set", async () => {
        const plan = await declare(() => new NodeRole("nodes", { ...ARGS, roleName: "dev-karpenter-node" }));
        expect(plan.one("aws:iam/role:Role", "nodes").inputs.name).to.equal("dev-karpenter-node");
    });

    it("resolves roleArn only after the attachments and the access entry", async () => {
        const plan = await declare(() => {
            const role = new NodeRole("nodes", ARGS);
            return { roleArn: role.roleArn, roleName: role.roleName };
        });
        expect(plan.outputs).to.deep.equal({ roleArn: "arn:aws:iam::000000000000:role/platform/nodes", roleName: "nodes" });
    });

    const cases: [string, Partial<NodeRoleArgs>, string[]][] = [
        ["rejects a malformed region", { region: "europe" }, ['region: "europe" is not an AWS region (for example "eu-west-1")']],
        ["rejects a malformed account", { accountId: "1111" }, ['accountId: "1111" is not a 12-digit AWS account ID']],
        ["rejects a role path at the root", { rolePath: "/" }, ['rolePath: "/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)']],
        ["rejects a role path without its closing slash", { rolePath: "/platform" }, ['rolePath: "/platform" is not an IAM path (starts and ends with "/", at most 512 printable ASCII characters)']],
        ["rejects a role name longer than 64 characters", { roleName: "r".repeat(65) }, [`roleName: "${"r".repeat(65)}" is not an IAM role name (1 to 64 of [A-Za-z0-9+=,.@_-])`]],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateNodeRoleArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
