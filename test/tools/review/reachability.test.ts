import { expect } from "chai";
import { SUBNET_TIER_TAG as COMPONENT_TIER_TAG } from "../../../components/network/spoke-vpc";
import { Plan, PlanResource } from "../../../tools/plan/model";
import { canReach, describeBlocked, describeHops, SUBNET_TIER_TAG, TYPES } from "../../../tools/review/reachability";

/**
 * The analyzer on hand-built plans: two spokes (a 10.1.0.0/16, b 10.2.0.0/16) attached to one
 * transit gateway whose route table both are associated with and propagate into. The baseline
 * reaches; each case removes or adds one resource and must name the hop that now blocks, so that
 * the stack-level invariants cannot pass vacuously.
 */

const urn = (stack: string, type: string, name: string) => `urn:pulumi:${stack}::platform::${type}::${name}`;

function res(stack: string, type: string, name: string, inputs: Record<string, unknown>, refs: Record<string, string[]> = {}): PlanResource {
    const propertyDependencies = { ...refs };
    return {
        urn: urn(stack, type, name),
        type,
        name,
        custom: true,
        parent: `urn:pulumi:${stack}::platform::pulumi:pulumi:Stack::platform-${stack}`,
        provider: `urn:pulumi:${stack}::platform::pulumi:providers:aws::${stack}`,
        inputs,
        dependencies: [...new Set(Object.values(propertyDependencies).flat())].sort(),
        propertyDependencies,
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        deleteBeforeReplace: false,
        replaceOnChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
    };
}

function plan(stack: string, resources: PlanResource[], outputs: Record<string, unknown> = {}): Plan {
    const provider = res(stack, "pulumi:providers:aws", stack, { allowedAccountIds: '["111111111111"]' });
    return {
        formatVersion: 1,
        project: "platform",
        stack,
        stackFile: `stacks/Pulumi.${stack}.yaml`,
        config: { "platform:accountId": "111111111111" },
        resources: [provider, ...resources],
        outputs,
        summary: { resourceCount: 0, customResourceCount: 0, componentCount: 0, byType: {} },
    };
}

const S = "t";
const u = (type: string, name: string) => urn(S, type, name);

/** A spoke: VPC, one subnet per tier given, a route table sending 10.0.0.0/8 to the TGW, the attachment. */
function spoke(name: string, cidr: string, subnetCidr: string, opts: { tgwRoute?: boolean } = {}): PlanResource[] {
    const vpc = res(S, TYPES.vpc, name, { cidrBlock: cidr });
    const subnet = res(S, TYPES.subnet, `${name}-private-a`, { vpcId: `${name}-id`, cidrBlock: subnetCidr, availabilityZone: "eu-west-1a", tags: { [SUBNET_TIER_TAG]: "private" } }, { vpcId: [vpc.urn] });
    const rt = res(S, TYPES.routeTable, `${name}-private`, { vpcId: `${name}-id` }, { vpcId: [vpc.urn] });
    const assoc = res(S, TYPES.routeTableAssociation, `${name}-private-a`, { routeTableId: `${name}-private-id`, subnetId: `${name}-private-a-id` }, { routeTableId: [rt.urn], subnetId: [subnet.urn] });
    const att = res(S, TYPES.tgwAttachment, `${name}-att`, { transitGatewayId: "hub-id", vpcId: `${name}-id`, subnetIds: [`${name}-private-a-id`] }, { transitGatewayId: [u(TYPES.transitGateway, "hub")], vpcId: [vpc.urn], subnetIds: [subnet.urn] });
    const route = res(S, TYPES.route, `${name}-to-tgw`, { routeTableId: `${name}-private-id`, destinationCidrBlock: "10.0.0.0/8", transitGatewayId: "hub-id" }, { routeTableId: [rt.urn], transitGatewayId: [att.urn] });
    return [vpc, subnet, rt, assoc, att, ...(opts.tgwRoute === false ? [] : [route])];
}

function hub(extra: { propagateB?: boolean } = {}): PlanResource[] {
    const tgw = res(S, TYPES.transitGateway, "hub", { defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "disable" });
    const table = res(S, TYPES.tgwRouteTable, "hub-rt", { transitGatewayId: "hub-id" }, { transitGatewayId: [tgw.urn] });
    const link = (kind: "association" | "propagation", side: string) =>
        res(S, kind === "association" ? TYPES.tgwAssociation : TYPES.tgwPropagation, `${side}-${kind}`, { transitGatewayAttachmentId: `${side}-att-id`, transitGatewayRouteTableId: "hub-rt-id" }, { transitGatewayAttachmentId: [u(TYPES.tgwAttachment, `${side}-att`)], transitGatewayRouteTableId: [table.urn] });
    return [tgw, table, link("association", "a"), link("association", "b"), link("propagation", "a"), ...(extra.propagateB === false ? [] : [link("propagation", "b")])];
}

const baseline = (): PlanResource[] => [...hub(), ...spoke("a", "10.1.0.0/16", "10.1.0.0/24"), ...spoke("b", "10.2.0.0/16", "10.2.0.0/24")];
const without = (list: PlanResource[], name: string) => list.filter((r) => r.name !== name);
const B = { stack: S, subnets: ["b-private-a"] };

describe("reachability analyzer on hand-built plans", () => {
    it("uses the tier tag SpokeVpc writes", () => {
        expect(SUBNET_TIER_TAG).to.equal(COMPONENT_TIER_TAG);
    });

    it("baseline: a reaches b through the transit gateway and hears back", () => {
        const r = canReach([plan(S, baseline())], { stack: S, subnets: ["a-private-a"] }, B);
        expect(describeBlocked(r)).to.equal(undefined);
        expect(describeHops(r.forward[0].hops)).to.deep.equal([
            "t:a-private-a leaves (10.1.0.0/24)",
            "t:a-private 10.0.0.0/8 -> transit gateway hub (a-to-tgw)",
            "t:a-att attachment of VPC a enters transit gateway hub",
            "t:hub-rt 10.2.0.0/16 -> attachment b-att (propagated)",
            "t:b-att delivers into VPC b through b-private-a",
            "t:b-private 10.2.0.0/16 -> local",
            "t:b-private-a arrives (10.2.0.0/24)",
        ]);
        expect(describeHops(r.returns[0].hops)[3]).to.equal("t:hub-rt 10.1.0.0/16 -> attachment a-att (propagated)");
    });

    it("throws when a selector matches no subnet rather than passing on nothing", () => {
        expect(() => canReach([plan(S, baseline())], { stack: S, tier: "intra" }, B)).to.throw("reachability: no subnet of stack t matches");
    });

    it("a missing route: b's route table has no way back to a", () => {
        const r = canReach([plan(S, without(baseline(), "b-to-tgw"))], { stack: S, subnets: ["a-private-a"] }, B);
        expect(r.reachable).to.equal(false);
        expect(r.forward[0].blocked).to.equal(undefined);
        expect(describeBlocked(r)).to.equal("return t:b-private-a 10.2.0.0/24 -> t:a-private-a 10.1.0.0/24 blocked at t:b-private (aws:ec2/routeTable:RouteTable): b-private has no route to 10.1.0.0/24");
    });

    it("a missing propagation: the transit gateway route table has no route to b and says whose propagation is missing", () => {
        const list = [...hub({ propagateB: false }), ...spoke("a", "10.1.0.0/16", "10.1.0.0/24"), ...spoke("b", "10.2.0.0/16", "10.2.0.0/24")];
        const r = canReach([plan(S, list)], { stack: S, subnets: ["a-private-a"] }, B);
        expect(describeBlocked(r)).to.equal(
            "forward t:a-private-a 10.1.0.0/24 -> t:b-private-a 10.2.0.0/24 blocked at t:hub-rt (aws:ec2transitgateway/routeTable:RouteTable): " +
                "transit gateway route table hub-rt has no route to 10.2.0.0/24; no propagation from attachment t:b-att (VPC b 10.2.0.0/16) into hub-rt",
        );
    });

    it("a blackhole: a static blackhole of the same prefix wins over the propagated route", () => {
        const blackhole = res(S, TYPES.tgwRoute, "hub-rt-drop-b", { transitGatewayRouteTableId: "hub-rt-id", destinationCidrBlock: "10.2.0.0/16", blackhole: true }, { transitGatewayRouteTableId: [u(TYPES.tgwRouteTable, "hub-rt")] });
        const r = canReach([plan(S, [...baseline(), blackhole])], { stack: S, subnets: ["a-private-a"] }, B);
        expect(describeBlocked(r)).to.equal(
            "forward t:a-private-a 10.1.0.0/24 -> t:b-private-a 10.2.0.0/24 blocked at t:hub-rt (aws:ec2transitgateway/routeTable:RouteTable): " +
                "transit gateway route table hub-rt drops 10.2.0.0/24: blackhole route hub-rt-drop-b (10.2.0.0/16)",
        );
    });

    it("a more specific blackhole splits the destination: the covered half is dropped", () => {
        const blackhole = res(S, TYPES.tgwRoute, "hub-rt-drop-half", { transitGatewayRouteTableId: "hub-rt-id", destinationCidrBlock: "10.2.0.128/25", blackhole: true }, { transitGatewayRouteTableId: [u(TYPES.tgwRouteTable, "hub-rt")] });
        const r = canReach([plan(S, [...baseline(), blackhole])], { stack: S, subnets: ["a-private-a"] }, B);
        expect(r.blocked?.reason).to.equal("transit gateway route table hub-rt drops 10.2.0.128/25: blackhole route hub-rt-drop-half (10.2.0.128/25)");
    });

    describe("security groups on a port", () => {
        const sg = (ingress: Record<string, unknown>[]) => res(S, TYPES.securityGroup, "b-sg", { vpcId: "b-id", ingress, egress: [] }, { vpcId: [u(TYPES.vpc, "b")] });
        const to = { ...B, securityGroups: ["b-sg"] };

        it("an SG without the port blocks and lists what it does admit", () => {
            const r = canReach([plan(S, [...baseline(), sg([{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.1.0.0/16"] }])])], { stack: S, subnets: ["a-private-a"] }, to, 443);
            expect(describeBlocked(r)).to.equal(
                "forward t:a-private-a 10.1.0.0/24 -> t:b-private-a 10.2.0.0/24 blocked at t:b-sg (aws:ec2/securityGroup:SecurityGroup): " +
                    "no ingress rule of security group b-sg admits tcp/443 from 10.1.0.0/24 (a-private-a); rules: b-sg ingress[0] (tcp/22-22 10.1.0.0/16)",
            );
        });

        it("an SG admitting 443 from another range blocks", () => {
            const r = canReach([plan(S, [...baseline(), sg([{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.9.0.0/16"] }])])], { stack: S, subnets: ["a-private-a"] }, to, 443);
            expect(r.blocked?.hop.name).to.equal("b-sg");
        });

        it("a standalone aws:vpc ingress rule for 443 from the source admits it; the SG is stateful, so the way back needs routes only", () => {
            const rule = res(S, TYPES.ingressRule, "b-sg-https", { securityGroupId: "b-sg-id", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "10.1.0.0/16" }, { securityGroupId: [u(TYPES.securityGroup, "b-sg")] });
            const r = canReach([plan(S, [...baseline(), sg([]), rule])], { stack: S, subnets: ["a-private-a"] }, to, 443);
            expect(describeBlocked(r)).to.equal(undefined);
            expect(r.forward[0].hops[r.forward[0].hops.length - 1].note).to.equal("ingress allowed by b-sg-https");
        });

        it("an aws:ec2/securityGroupRule referencing the source's security group admits it", () => {
            const src = res(S, TYPES.securityGroup, "a-sg", { vpcId: "a-id", ingress: [], egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }] }, { vpcId: [u(TYPES.vpc, "a")] });
            const rule = res(S, TYPES.securityGroupRule, "b-sg-from-a", { type: "ingress", securityGroupId: "b-sg-id", protocol: "tcp", fromPort: 443, toPort: 443, sourceSecurityGroupId: "a-sg-id" }, { securityGroupId: [u(TYPES.securityGroup, "b-sg")], sourceSecurityGroupId: [src.urn] });
            const ok = canReach([plan(S, [...baseline(), sg([]), src, rule])], { stack: S, subnets: ["a-private-a"], securityGroups: ["a-sg"] }, to, 443);
            expect(describeBlocked(ok)).to.equal(undefined);
            const noEgress = { ...src, inputs: { ...src.inputs, egress: [] } };
            const r = canReach([plan(S, [...baseline(), sg([]), noEgress, rule])], { stack: S, subnets: ["a-private-a"], securityGroups: ["a-sg"] }, to, 443);
            expect(r.blocked?.reason).to.equal("no egress rule of a-sg allows tcp/443 to 10.2.0.0/24; rules: none");
        });
    });

    it("a declared network ACL without an allow rule blocks on a port (the default ACL would allow)", () => {
        const acl = res(S, TYPES.networkAcl, "b-acl", { vpcId: "b-id", subnetIds: ["b-private-a-id"], ingress: [{ ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "10.0.0.0/8", fromPort: 22, toPort: 22 }], egress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }] }, { vpcId: [u(TYPES.vpc, "b")], subnetIds: [u(TYPES.subnet, "b-private-a")] });
        const r = canReach([plan(S, [...baseline(), acl])], { stack: S, subnets: ["a-private-a"] }, B, 443);
        expect(r.blocked?.reason).to.equal("network ACL b-acl of b-private-a has no rule allowing inbound tcp/443 from 10.1.0.0/24");
        expect(canReach([plan(S, baseline())], { stack: S, subnets: ["a-private-a"] }, B, 443).reachable).to.equal(true);
    });

    it("an attachment with no subnet in the source's zone blocks traffic from that zone", () => {
        const list = baseline().map((r) => (r.name === "a-private-a" && r.type === TYPES.subnet ? { ...r, inputs: { ...r.inputs, availabilityZone: "eu-west-1b" } } : r));
        const extra = res(S, TYPES.subnet, "a-private-c", { vpcId: "a-id", cidrBlock: "10.1.1.0/24", availabilityZone: "eu-west-1c", tags: { [SUBNET_TIER_TAG]: "private" } }, { vpcId: [u(TYPES.vpc, "a")] });
        const assoc = res(S, TYPES.routeTableAssociation, "a-private-c", { routeTableId: "a-private-id", subnetId: "a-private-c-id" }, { routeTableId: [u(TYPES.routeTable, "a-private")], subnetId: [extra.urn] });
        const r = canReach([plan(S, [...list, extra, assoc])], { stack: S, subnets: ["a-private-c"] }, B);
        expect(r.blocked?.reason).to.equal("attachment a-att has no subnet in eu-west-1c, so traffic from that zone cannot enter the transit gateway");
    });

    it("an attachment associated with no route table blocks at the attachment", () => {
        const r = canReach([plan(S, without(baseline(), "a-association"))], { stack: S, subnets: ["a-private-a"] }, B);
        expect(r.blocked?.reason).to.equal("attachment a-att is associated with no transit gateway route table");
    });

    it("follows a NAT gateway: without the blackhole, a default route through an egress VPC hairpins back in", () => {
        // b is not propagated; the table's default route goes to an egress VPC whose NAT subnet routes 10.0.0.0/8 back.
        const e = spoke("e", "10.0.0.0/20", "10.0.0.0/28");
        const pub = res(S, TYPES.subnet, "e-public-a", { vpcId: "e-id", cidrBlock: "10.0.1.0/28", availabilityZone: "eu-west-1a" }, { vpcId: [u(TYPES.vpc, "e")] });
        const pubRt = res(S, TYPES.routeTable, "e-public", { vpcId: "e-id" }, { vpcId: [u(TYPES.vpc, "e")] });
        const pubAssoc = res(S, TYPES.routeTableAssociation, "e-public-a", { routeTableId: "e-public-id", subnetId: "e-public-a-id" }, { routeTableId: [pubRt.urn], subnetId: [pub.urn] });
        const back = res(S, TYPES.route, "e-public-back", { routeTableId: "e-public-id", destinationCidrBlock: "10.0.0.0/8", transitGatewayId: "hub-id" }, { routeTableId: [pubRt.urn], transitGatewayId: [u(TYPES.tgwAttachment, "e-att")] });
        const nat = res(S, TYPES.natGateway, "e-nat", { subnetId: "e-public-a-id" }, { subnetId: [pub.urn] });
        const toNat = res(S, TYPES.route, "e-private-default", { routeTableId: "e-private-id", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "e-nat-id" }, { routeTableId: [u(TYPES.routeTable, "e-private")], natGatewayId: [nat.urn] });
        const eSide = [...e.filter((r) => r.name !== "e-to-tgw"), pub, pubRt, pubAssoc, back, nat, toNat];
        // a and b sit in separate tables: a's has only the default route to e; e's (shared) table knows b.
        const tgw = res(S, TYPES.transitGateway, "hub", {});
        const seg = res(S, TYPES.tgwRouteTable, "seg-a", { transitGatewayId: "hub-id" }, { transitGatewayId: [tgw.urn] });
        const shared = res(S, TYPES.tgwRouteTable, "seg-shared", { transitGatewayId: "hub-id" }, { transitGatewayId: [tgw.urn] });
        const link = (type: string, name: string, att: string, table: PlanResource) =>
            res(S, type, name, { transitGatewayAttachmentId: `${att}-id`, transitGatewayRouteTableId: `${table.name}-id` }, { transitGatewayAttachmentId: [u(TYPES.tgwAttachment, att)], transitGatewayRouteTableId: [table.urn] });
        const def = res(S, TYPES.tgwRoute, "seg-a-default", { transitGatewayRouteTableId: "seg-a-id", destinationCidrBlock: "0.0.0.0/0", transitGatewayAttachmentId: "e-att-id" }, { transitGatewayRouteTableId: [seg.urn], transitGatewayAttachmentId: [u(TYPES.tgwAttachment, "e-att")] });
        const list = [
            tgw, seg, shared, def,
            link(TYPES.tgwAssociation, "a-assoc", "a-att", seg), link(TYPES.tgwAssociation, "e-assoc", "e-att", shared), link(TYPES.tgwAssociation, "b-assoc", "b-att", shared),
            link(TYPES.tgwPropagation, "b-to-shared", "b-att", shared),
            ...spoke("a", "10.1.0.0/16", "10.1.0.0/24"), ...spoke("b", "10.2.0.0/16", "10.2.0.0/24"), ...eSide,
        ];
        const r = canReach([plan(S, list)], { stack: S, subnets: ["a-private-a"] }, B);
        expect(r.forward[0].blocked).to.equal(undefined);
        expect(describeHops(r.forward[0].hops).map((h) => h.split(" ")[0])).to.deep.equal([
            "t:a-private-a", "t:a-private", "t:a-att", "t:seg-a", "t:e-att", "t:e-private", "t:e-nat", "t:e-public", "t:e-att", "t:seg-shared", "t:b-att", "t:b-private", "t:b-private-a",
        ]);
        const drop = res(S, TYPES.tgwRoute, "seg-a-blackhole", { transitGatewayRouteTableId: "seg-a-id", destinationCidrBlock: "10.0.0.0/8", blackhole: true }, { transitGatewayRouteTableId: [seg.urn] });
        const blocked = canReach([plan(S, [...list, drop])], { stack: S, subnets: ["a-private-a"] }, B);
        expect(blocked.forward[0].blocked?.reason).to.equal(
            "transit gateway route table seg-a drops 10.2.0.0/24: blackhole route seg-a-blackhole (10.0.0.0/8); no propagation from attachment t:b-att (VPC b 10.2.0.0/16) into seg-a",
        );
    });

    describe("across stacks", () => {
        // The hub in its own stack; the spokes name its resources through a StackReference.
        const net = plan("net", [
            res("net", TYPES.transitGateway, "hub", {}),
            res("net", TYPES.tgwRouteTable, "hub-rt", { transitGatewayId: "hub-id" }, { transitGatewayId: [urn("net", TYPES.transitGateway, "hub")] }),
        ], { transitGatewayId: "hub-id", routeTableId: "hub-rt-id" });
        const ref = urn(S, TYPES.stackReference, "organization/platform/net");
        const spokes = () => {
            const list = [...spoke("a", "10.1.0.0/16", "10.1.0.0/24"), ...spoke("b", "10.2.0.0/16", "10.2.0.0/24")].map((r) =>
                r.type === TYPES.tgwAttachment ? { ...r, propertyDependencies: { ...r.propertyDependencies, transitGatewayId: [ref] } } : r,
            );
            const refRes = { ...res(S, TYPES.stackReference, "organization/platform/net", { name: "organization/platform/net" }), custom: true };
            const link = (type: string, side: string) => res(S, type, `${side}-${type.split(":")[2]}`, { transitGatewayAttachmentId: `${side}-att-id`, transitGatewayRouteTableId: "hub-rt-id" }, { transitGatewayAttachmentId: [u(TYPES.tgwAttachment, `${side}-att`)], transitGatewayRouteTableId: [ref] });
            return [refRes, ...list, link(TYPES.tgwAssociation, "a"), link(TYPES.tgwAssociation, "b"), link(TYPES.tgwPropagation, "a"), link(TYPES.tgwPropagation, "b")];
        };

        it("resolves the transit gateway and its route table through the referenced stack's outputs", () => {
            const r = canReach([net, plan(S, spokes())], { stack: S, subnets: ["a-private-a"] }, B);
            expect(describeBlocked(r)).to.equal(undefined);
            expect(r.forward[0].hops[3]).to.include({ stack: "net", name: "hub-rt" });
            expect(r.forward[0].hops[1].note).to.equal("10.0.0.0/8 -> transit gateway hub (output transitGatewayId of net) (a-to-tgw)");
        });

        it("blocks with the reason when the referenced stack does not export the value", () => {
            const r = canReach([{ ...net, outputs: { routeTableId: "hub-rt-id" } }, plan(S, spokes())], { stack: S, subnets: ["a-private-a"] }, B);
            expect(r.blocked?.reason).to.equal('route a-to-tgw (10.0.0.0/8) for 10.2.0.0/24: transit gateway: "hub-id" is not among the outputs of stack net');
        });
    });
});
