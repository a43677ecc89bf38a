import { expect } from "chai";
import { Plan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/runner";
import { renderDiagram } from "../../../tools/review/diagram";
import { planOf, res } from "./fixtures";

function twoStacks(): Plan[] {
    const hub = res("platform:network:TransitHub", "hub", { stack: "net" });
    const tgw = res("aws:ec2transitgateway/transitGateway:TransitGateway", "hub", { parentRes: hub, stack: "net" });
    const net = { ...planOf([hub, tgw], { "platform:role": "network", "platform:accountId": "111111111111", "platform:region": "eu-west-1" }, "net"), outputs: { transitGatewayId: "hub-id" } };

    const s = { stack: "work" };
    const keys = res("platform:kms:PlatformKeys", "keys", s);
    const logsKey = res("platform:kms:KmsKey", "work-logs", { ...s, parentRes: keys });
    const key = res("aws:kms/key:Key", "work-logs", { ...s, parentRes: logsKey });
    const spoke = res("platform:network:SpokeVpc", "vpc", s);
    const vpc = res("aws:ec2/vpc:Vpc", "vpc", { ...s, parentRes: spoke });
    const att = res("platform:network:TgwAttachment", "att", s);
    const vpcAtt = res("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "att", { ...s, parentRes: att, inputs: { transitGatewayId: "hub-id", vpcId: "vpc-id" }, dependencies: [vpc.urn] });
    const eks = res("platform:cluster:EksCluster", "c", s);
    const cluster = res("aws:eks/cluster:Cluster", "c", { ...s, parentRes: eks, dependencies: [key.urn, vpc.urn] });
    const pool = res("platform:cluster:NodePool", "pool", s);
    const ng = res("aws:eks/nodeGroup:NodeGroup", "pool", { ...s, parentRes: pool, dependencies: [cluster.urn] });
    const identity = res("platform:cluster:PodIdentityRole", "cni-identity", s);
    const role = res("aws:iam/role:Role", "cni-identity", { ...s, parentRes: identity, dependencies: [cluster.urn] });
    const addons = res("platform:cluster:ClusterAddons", "addons", s);
    const addon = res("aws:eks/addon:Addon", "vpc-cni", { ...s, parentRes: addons, dependencies: [role.urn, ng.urn] });
    const work = planOf([keys, logsKey, key, spoke, vpc, att, vpcAtt, eks, cluster, pool, ng, identity, role, addons, addon], { "platform:role": "workload", "platform:accountId": "333333333333", "platform:region": "eu-west-1" }, "work");
    return [net, work];
}

describe("review: renderDiagram", () => {
    it("draws one subgraph per stack and one node per platform component, folding helpers", () => {
        const text = renderDiagram(twoStacks());
        const lines = text.split("\n");
        expect(lines[0]).to.equal("flowchart LR");
        expect(lines).to.include('  subgraph stack_net["net · network · account 111111111111 · eu-west-1"]');
        expect(lines).to.include('  subgraph stack_work["work · workload · account 333333333333 · eu-west-1"]');
        expect(lines.filter((l) => /^ {4}n\d+/.test(l)).map((l) => l.trim().replace(/^n\d+/, ""))).to.deep.equal([
            '{{"Transit gateway hub<br/>hub"}}',
            '[("KMS keys<br/>keys")]',
            '("VPC<br/>vpc")',
            '{{"TGW attachment<br/>att"}}',
            '[["EKS cluster<br/>c"]]',
            '["node pool<br/>pool"]',
            '["EKS add-ons<br/>addons"]',
        ]);
        expect(text).not.to.contain("cni-identity");
        expect(text).not.to.contain("work-logs");
    });

    it("draws edges from dependencies between components, through folded helpers and across stacks", () => {
        const text = renderDiagram(twoStacks());
        const id = (label: string) => new RegExp(`(n\\d+)\\W+"${label}`).exec(text)![1];
        const [hub, keys, vpc, att, cluster, pool, addons] = ["Transit gateway hub", "KMS keys", "VPC", "TGW attachment", "EKS cluster", "node pool", "EKS add-ons"].map(id);
        const edges = text.split("\n").filter((l) => l.includes("-->") || l.includes("==>")).map((l) => l.trim());
        expect(edges).to.have.members([`${keys} --> ${cluster}`, `${vpc} --> ${cluster}`, `${vpc} --> ${att}`, `${cluster} --> ${pool}`, `${cluster} --> ${addons}`, `${pool} --> ${addons}`, `${hub} ==> ${att}`]);
    });

    it("draws the real network, shared and dev stacks at component level", async function () {
        this.timeout(120_000);
        const plans = [await planStack({ stack: "network" }), await planStack({ stack: "shared" }), await planStack({ stack: "dev" })];
        const text = renderDiagram(plans);
        for (const s of ["stack_network", "stack_shared", "stack_dev"]) {
            expect(text).to.match(new RegExp(`subgraph ${s}\\["`));
        }
        for (const label of ['"Transit gateway hub<br/>hub"', '"EKS cluster<br/>platform-dev"', '"node pool<br/>platform-dev-system"', '"ECR registry<br/>registry"', '"log archive<br/>log-archive"', '"TGW attachment<br/>dev"']) {
            expect(text).to.contain(label);
        }
        // Component level: far fewer nodes than resources.
        const nodes = text.split("\n").filter((l) => /^ {4}n\d+/.test(l)).length;
        const resources = plans.reduce((n, p) => n + p.resources.length, 0);
        expect(nodes).to.be.lessThan(resources / 5);
        const hub = /(n\d+)\{\{"Transit gateway hub/.exec(text)![1];
        const devAtt = /(n\d+)\{\{"TGW attachment<br\/>dev"/.exec(text)![1];
        expect(text).to.contain(`${hub} ==> ${devAtt}`);
    });
});
