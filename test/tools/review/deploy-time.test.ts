import { expect } from "chai";
import { criticalPath } from "../../../tools/review/deploy-time";
import { planOf, res } from "./fixtures";

/**
 * VPC → subnet → cluster → node group → add-on, a Helm release inside a component that waits for
 * the add-on, and a namespace that depends on the whole component; a KMS key and a NAT gateway
 * off the path.
 */
function graph() {
    const vpc = res("aws:ec2/vpc:Vpc", "vpc");
    const subnet = res("aws:ec2/subnet:Subnet", "subnet", { dependencies: [vpc.urn] });
    const key = res("aws:kms/key:Key", "key");
    const nat = res("aws:ec2/natGateway:NatGateway", "nat", { dependencies: [subnet.urn] });
    const cluster = res("aws:eks/cluster:Cluster", "cluster", { dependencies: [subnet.urn, key.urn] });
    const nodes = res("aws:eks/nodeGroup:NodeGroup", "nodes", { dependencies: [cluster.urn, subnet.urn] });
    const addon = res("aws:eks/addon:Addon", "coredns", { dependencies: [cluster.urn, nodes.urn] });
    const k8s = res("pulumi:providers:kubernetes", "k8s", { dependencies: [cluster.urn] });
    const addons = res("platform:kubernetes:PlatformAddons", "addons");
    const release = res("kubernetes:helm.sh/v3:Release", "lb", { parentRes: addons, provider: k8s.urn, dependencies: [addon.urn] });
    const ns = res("kubernetes:core/v1:Namespace", "team", { provider: k8s.urn, dependencies: [addons.urn] });
    return { vpc, subnet, key, nat, cluster, nodes, addon, k8s, addons, release, ns };
}

describe("review: criticalPath", () => {
    it("finds the critical path and its minutes on a known graph", () => {
        const g = graph();
        const t = criticalPath(planOf(Object.values(g)));
        // 0.2 vpc + 0.2 subnet + 10 cluster + 5 nodes + 1.5 add-on + 2 release + 0.05 namespace
        expect(t.totalMinutes).to.equal(18.95);
        expect(t.path.map((p) => [p.name, p.minutes, p.startsAt, p.finishesAt])).to.deep.equal([
            ["vpc", 0.2, 0, 0.2],
            ["subnet", 0.2, 0.2, 0.4],
            ["cluster", 10, 0.4, 10.4],
            ["nodes", 5, 10.4, 15.4],
            ["coredns", 1.5, 15.4, 16.9],
            ["lb", 2, 16.9, 18.9],
            ["team", 0.05, 18.9, 18.95],
        ]);
        expect(t.unavoidableChain).to.deep.equal([
            { type: "aws:ec2/vpc:Vpc", minutes: 0.2 },
            { type: "aws:ec2/subnet:Subnet", minutes: 0.2 },
            { type: "aws:eks/cluster:Cluster", minutes: 10 },
            { type: "aws:eks/nodeGroup:NodeGroup", minutes: 5 },
            { type: "aws:eks/addon:Addon", minutes: 1.5 },
        ]);
        expect([t.unavoidableMinutes, t.avoidableMinutes]).to.deep.equal([16.9, 2.05]);
        // every custom resource one after the other: 0.2 + 0.2 + 0.1 + 2 + 10 + 5 + 1.5 + 2 + 0.05 (the provider takes no time)
        expect(t.serialMinutes).to.equal(21.05);
    });

    it("makes a resource wait for its provider (a Kubernetes provider waits for the cluster)", () => {
        const cluster = res("aws:eks/cluster:Cluster", "cluster");
        const k8s = res("pulumi:providers:kubernetes", "k8s", { dependencies: [cluster.urn] });
        const crd = res("kubernetes:helm.sh/v3:Release", "crd", { provider: k8s.urn });
        const t = criticalPath(planOf([cluster, k8s, crd]));
        expect(t.totalMinutes).to.equal(12);
        expect(t.path.map((p) => p.name)).to.deep.equal(["cluster", "k8s", "crd"]);
    });

    it("shows needless serialization as avoidable minutes, and takes custom times", () => {
        const g = graph();
        // The NAT gateway (2 min) put in front of the cluster for no reason.
        const cluster = { ...g.cluster, dependencies: [...g.cluster.dependencies, g.nat.urn] };
        const t = criticalPath(planOf(Object.values({ ...g, cluster })), { times: { "aws:eks/cluster:Cluster": 12 } });
        expect(t.totalMinutes).to.equal(22.95);
        expect(t.path.slice(0, 4).map((p) => p.name)).to.deep.equal(["vpc", "subnet", "nat", "cluster"]);
        expect(t.avoidableMinutes).to.equal(4.05);
    });

    it("makes a Helm release wait for the node groups its pods need, and says so", () => {
        const cluster = res("aws:eks/cluster:Cluster", "cluster");
        const nodes = res("aws:eks/nodeGroup:NodeGroup", "nodes", { dependencies: [cluster.urn] });
        const k8s = res("pulumi:providers:kubernetes", "k8s", { dependencies: [cluster.urn] });
        const lb = res("kubernetes:helm.sh/v3:Release", "lb", { provider: k8s.urn, inputs: { chart: "aws-load-balancer-controller" } });
        const crd = res("kubernetes:helm.sh/v3:Release", "crd", { provider: k8s.urn, inputs: { chart: "karpenter-crd" } });
        const noWait = res("kubernetes:helm.sh/v3:Release", "fire-and-forget", { provider: k8s.urn, inputs: { chart: "x", skipAwait: true } });
        const t = criticalPath(planOf([cluster, nodes, k8s, lb, crd, noWait]));
        expect(t.totalMinutes).to.equal(17);
        expect(t.path.map((p) => p.name)).to.deep.equal(["cluster", "nodes", "lb"]);
        expect(t.notes).to.deep.equal(["lb (Helm release) does not depend on node group nodes, but its pods need nodes: it can start at 10 min and waits 5 min of its Helm timeout for them"]);
        const off = criticalPath(planOf([cluster, nodes, k8s, lb, crd, noWait]), { helmWaitsForNodes: false });
        expect([off.totalMinutes, off.notes]).to.deep.equal([15, []]);
    });

    it("survives a dependency cycle instead of recursing forever", () => {
        const a = res("aws:iam/role:Role", "a");
        const b = res("aws:iam/role:Role", "b", { dependencies: [a.urn] });
        a.dependencies = [b.urn];
        const t = criticalPath(planOf([a, b]));
        expect(t.totalMinutes).to.equal(0.2);
    });
});
