import { expect } from "chai";
import { Plan } from "../../tools/plan/model";
import { canReach, describeBlocked, describeHops, NetworkModel, TYPES } from "../../tools/review/reachability";
import { plansOfAllStacks, settingOfStacks } from "../tools/review/stack-plans";

/**
 * Reachability over the plans of every stack in stacks/: the CI runners' subnets in the shared
 * VPC reach every workload cluster's control plane and hear back, 443 is admitted by the cluster's
 * security group, and the prod and nonprod segments never reach each other. The stacks and their
 * roles and segments come from the settings files, so a new stack is checked without a test change.
 */

const roles = settingOfStacks("platform:role") as Record<string, string>;
const segments = Object.fromEntries(Object.entries(settingOfStacks("platform:network")).map(([s, n]) => [s, (n as { segment?: string } | undefined)?.segment]));
const workloads = Object.keys(roles).filter((s) => roles[s] === "workload");
const shared = Object.keys(roles).find((s) => roles[s] === "shared-services")!;
const network = Object.keys(roles).find((s) => roles[s] === "network")!;
const prodStacks = workloads.filter((s) => segments[s] === "prod");
const nonprodStacks = workloads.filter((s) => segments[s] === "nonprod");
const CLUSTER = { type: "aws:eks/cluster:Cluster" };

describe("reachability over the plans of all stacks", function () {
    this.timeout(300_000);
    let plans: Record<string, Plan>;
    let model: NetworkModel;

    before(async () => {
        plans = await plansOfAllStacks();
        model = new NetworkModel(plans);
    });

    it("derives its stacks from stacks/: a shared stack, a network stack, workloads in both segments", () => {
        expect(shared, "shared-services stack").to.be.a("string");
        expect(network, "network stack").to.be.a("string");
        expect(prodStacks.length, "prod-segment workloads").to.be.greaterThan(0);
        expect(nonprodStacks.length, "nonprod-segment workloads").to.be.greaterThan(0);
    });

    for (const w of workloads) {
        it(`${shared} private subnets reach the ${w} cluster's control-plane subnets and back, at the route level`, () => {
            const r = canReach(model, { stack: shared, tier: "private" }, { stack: w, tier: "intra", target: CLUSTER });
            expect(describeBlocked(r)).to.equal(undefined);
            expect(r.reachable).to.equal(true);
            const sources = [...model.subnets.values()].filter((s) => s.node.stack === shared && s.tier === "private").length;
            const clusterSubnets = (plans[w].resources.find((x) => x.type === CLUSTER.type)!.inputs.vpcConfig as { subnetIds: string[] }).subnetIds.length;
            expect(r.forward).to.have.length(sources * clusterSubnets);
            expect(r.returns).to.have.length(sources * clusterSubnets);
            // The path really crosses the hub: shared's attachment, the shared segment's table, the workload's attachment.
            const types = r.forward[0].hops.map((h) => h.type);
            expect(types).to.deep.equal([TYPES.subnet, TYPES.routeTable, TYPES.tgwAttachment, TYPES.tgwRouteTable, TYPES.tgwAttachment, TYPES.routeTable, TYPES.subnet]);
            const table = r.forward[0].hops[3];
            expect([table.stack, table.name]).to.deep.equal([network, "hub-shared"]);
            const back = r.returns[0].hops[3];
            expect([back.stack, back.name]).to.deep.equal([network, `hub-${segments[w]}`]);

            const reverse = canReach(model, { stack: w, tier: "intra", target: CLUSTER }, { stack: shared, tier: "private" });
            expect(describeBlocked(reverse)).to.equal(undefined);
        });

        it(`port 443 from the ${shared} runner subnets to the ${w} cluster is admitted by its security group (platform:cluster.apiAccessCidrs)`, () => {
            const r = canReach(model, { stack: shared, tier: "private" }, { stack: w, tier: "intra", target: CLUSTER }, 443);
            expect(describeBlocked(r)).to.equal(undefined);
            for (const leg of r.forward) {
                const last = leg.hops[leg.hops.length - 1];
                expect([last.type, last.name], leg.from).to.deep.equal([TYPES.securityGroup, `platform-${w}-sg`]);
                expect(last.note).to.match(new RegExp(`^ingress allowed by platform-${w}-api-cidr-\\d+$`));
            }
            expect(r.notEvaluated).to.deep.equal([
                "the source's security group egress (no source security group or target selected)",
                `the EKS-managed cluster security group of platform-${w} is created by EKS and not in the plan; only platform-${w}-sg is judged`,
            ]);
        });
    }

    it("every CI runner project in the shared VPC reaches every workload cluster on 443, its own security group's egress included", () => {
        const projects = plans[shared].resources.filter((r) => r.type === "aws:codebuild/project:Project" && (r.inputs.vpcConfig as object | undefined));
        expect(projects.length, "runner projects with a VPC config").to.be.greaterThan(0);
        for (const p of projects) {
            for (const w of workloads) {
                const r = canReach(model, { stack: shared, target: { type: p.type, name: p.name } }, { stack: w, tier: "intra", target: CLUSTER }, 443);
                expect(describeBlocked(r), `${p.name} -> ${w}`).to.equal(undefined);
                expect(r.notEvaluated.some((n) => n.includes("source's security group")), p.name).to.equal(false);
            }
        }
    });

    const pairs = prodStacks.flatMap((p) => nonprodStacks.flatMap((n) => [[p, n] as const, [n, p] as const]));
    for (const [a, b] of pairs) {
        it(`${a} cannot reach ${b} from any subnet on any port: the transit gateway route table drops it (public subnets: no route to the hub)`, () => {
            const r = canReach(model, { stack: a }, { stack: b });
            expect(r.reachable).to.equal(false);
            expect(r.forward.length).to.be.greaterThan(0);
            for (const leg of [...r.forward, ...r.returns]) {
                expect(leg.blocked, `${leg.from} -> ${leg.to}`).to.not.equal(undefined);
                const source = model.subnets.get(leg.hops[0].urn!)!;
                if (source.tier === "public") {
                    // Public subnets send only to the internet gateway: the packet never reaches the hub.
                    expect([leg.blocked!.hop.stack, leg.blocked!.hop.type], leg.from).to.deep.equal([source.node.stack, TYPES.routeTable]);
                    expect(leg.blocked!.reason).to.contain("to internet gateway");
                    continue;
                }
                expect([leg.blocked!.hop.stack, leg.blocked!.hop.type], leg.from).to.deep.equal([network, TYPES.tgwRouteTable]);
                expect(leg.blocked!.reason).to.match(/blackhole route|has no route to/);
                expect(leg.blocked!.reason).to.contain("no propagation from attachment");
            }
            expect(describeHops(r.forward[0].hops)[0]).to.match(new RegExp(`^${a}:`));
        });
    }

    it("names the failing hop exactly: dev's traffic to prod dies in the nonprod table's blackhole", function () {
        if (!plans.dev || !plans.prod) {
            this.skip();
        }
        const r = canReach(model, { stack: "dev", subnets: ["dev-private-eu-west-1a"] }, { stack: "prod", subnets: ["prod-intra-eu-west-1a"] });
        expect(describeBlocked(r)).to.equal(
            "forward dev:dev-private-eu-west-1a 10.20.0.0/19 -> prod:prod-intra-eu-west-1a 10.40.198.0/24 blocked at network:hub-nonprod (aws:ec2transitgateway/routeTable:RouteTable): " +
                "transit gateway route table hub-nonprod drops 10.40.198.0/24: blackhole route hub-nonprod-blackhole-10-0-0-0-8 (10.0.0.0/8); " +
                "no propagation from attachment prod:prod (VPC prod 10.40.0.0/16) into hub-nonprod",
        );
    });
});
