import { expect } from "chai";
import { segmentReach, SEGMENTS } from "../../../components/network/segments";
import { TransitHub, TransitHubArgs } from "../../../components/network/transit-hub";
import { declare } from "../../support/harness";

const ARGS: TransitHubArgs = {
    region: "eu-west-1",
    accountId: "222222222222",
    amazonSideAsn: 64600,
    organizationArn: "arn:aws:organizations::999999999999:organization/o-abcdefghij",
};
const EGRESS: Partial<TransitHubArgs> = {
    egressVpcCidr: "100.64.0.0/22",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    internalCidrs: ["10.0.0.0/8"],
    flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/logs" },
};
const TGW_ROUTE = "aws:ec2transitgateway/route:Route";

describe("segmentReach", () => {
    it("keeps prod and nonprod apart while both reach shared, and shared reaches all", () => {
        expect(segmentReach("prod")).to.deep.equal(["prod", "shared"]);
        expect(segmentReach("nonprod")).to.deep.equal(["nonprod", "shared"]);
        expect(segmentReach("shared")).to.deep.equal(["prod", "nonprod", "shared"]);
    });

    it("is symmetric, so propagations give both directions of every allowed path", () => {
        for (const a of SEGMENTS) {
            for (const b of SEGMENTS) {
                expect(segmentReach(a).includes(b), `${a} -> ${b}`).to.equal(segmentReach(b).includes(a));
            }
        }
    });

    it("returns a copy the caller may change", () => {
        segmentReach("prod").push("nonprod");
        expect(segmentReach("prod")).to.deep.equal(["prod", "shared"]);
    });
});

describe("TransitHub", () => {
    it("creates the transit gateway, a route table per segment and the RAM share to the organization", async () => {
        const plan = await declare(() => {
            new TransitHub("hub", ARGS);
        });
        expect(plan.inventory()).to.deep.equal([
            "aws:ec2transitgateway/routeTable:RouteTable::hub-nonprod",
            "aws:ec2transitgateway/routeTable:RouteTable::hub-prod",
            "aws:ec2transitgateway/routeTable:RouteTable::hub-shared",
            "aws:ec2transitgateway/transitGateway:TransitGateway::hub",
            "aws:ram/principalAssociation:PrincipalAssociation::hub-organization",
            "aws:ram/resourceAssociation:ResourceAssociation::hub",
            "aws:ram/resourceShare:ResourceShare::hub",
            "platform:network:TransitHub::hub",
        ]);
    });

    it("accepts nothing automatically and has no default route table", async () => {
        const plan = await declare(() => {
            new TransitHub("hub", ARGS);
        });
        const tgw = plan.one("aws:ec2transitgateway/transitGateway:TransitGateway", "hub");
        expect(tgw.inputs).to.deep.equal({
            description: "Platform transit gateway hub: segments prod, nonprod, shared",
            amazonSideAsn: 64600,
            autoAcceptSharedAttachments: "disable",
            defaultRouteTableAssociation: "disable",
            defaultRouteTablePropagation: "disable",
            dnsSupport: "enable",
            vpnEcmpSupport: "enable",
            tags: { Name: "hub" },
        });
        expect([tgw.protect, tgw.retainOnDelete]).to.deep.equal([true, true]);
        for (const segment of SEGMENTS) {
            expect(plan.one("aws:ec2transitgateway/routeTable:RouteTable", `hub-${segment}`).inputs).to.deep.equal({
                transitGatewayId: "hub-id",
                tags: { "platform:segment": segment, Name: `hub-${segment}` },
            });
        }
    });

    it("leaves the transit gateway unprotected when protect is off", async () => {
        const plan = await declare(() => {
            new TransitHub("hub", { ...ARGS, protect: false, amazonSideAsn: undefined });
        });
        const tgw = plan.one("aws:ec2transitgateway/transitGateway:TransitGateway", "hub");
        expect([tgw.protect, tgw.retainOnDelete, tgw.inputs.amazonSideAsn]).to.deep.equal([false, false, 64512]);
    });

    it("shares the transit gateway with the organization only, never external principals", async () => {
        const plan = await declare(() => {
            new TransitHub("hub", ARGS);
        });
        expect(plan.one("aws:ram/resourceShare:ResourceShare", "hub").inputs).to.deep.equal({ name: "hub", allowExternalPrincipals: false, tags: { Name: "hub" } });
        expect(plan.one("aws:ram/resourceAssociation:ResourceAssociation", "hub").inputs).to.deep.equal({
            resourceArn: "arn:aws:ec2:us-east-1:000000000000:transitgateway/hub",
            resourceShareArn: "arn:aws:ram:us-east-1:000000000000:resourceshare/hub",
        });
        expect(plan.ofType("aws:ram/principalAssociation:PrincipalAssociation").map((r) => r.inputs.principal)).to.deep.equal([ARGS.organizationArn]);
    });

    it("shares the transit gateway with each listed account instead of the organization", async () => {
        const plan = await declare(() => {
            new TransitHub("hub", { ...ARGS, organizationArn: undefined, principalAccountIds: ["111111111111", "333333333333"] });
        });
        expect(plan.inventory((r) => r.type === "aws:ram/principalAssociation:PrincipalAssociation")).to.deep.equal([
            "aws:ram/principalAssociation:PrincipalAssociation::hub-111111111111",
            "aws:ram/principalAssociation:PrincipalAssociation::hub-333333333333",
        ]);
        expect(plan.one("aws:ram/principalAssociation:PrincipalAssociation", "hub-333333333333").inputs).to.deep.equal({
            principal: "333333333333",
            resourceShareArn: "arn:aws:ram:us-east-1:000000000000:resourceshare/hub",
        });
    });

    it("exports the gateway, the route table of each segment and the share", async () => {
        const plan = await declare(() => {
            const hub = new TransitHub("hub", ARGS);
            return { transitGatewayId: hub.transitGatewayId, transitGatewayArn: hub.transitGatewayArn, routeTableIds: hub.routeTableIds, resourceShareArn: hub.resourceShareArn };
        });
        expect(plan.outputs).to.deep.equal({
            transitGatewayId: "hub-id",
            transitGatewayArn: "arn:aws:ec2:us-east-1:000000000000:transitgateway/hub",
            routeTableIds: { prod: "hub-prod-id", nonprod: "hub-nonprod-id", shared: "hub-shared-id" },
            resourceShareArn: "arn:aws:ram:us-east-1:000000000000:resourceshare/hub",
        });
    });

    describe("central egress VPC", () => {
        it("adds an egress VPC attached in the shared segment, default routes and blackholes", async () => {
            const plan = await declare(() => ({ egressVpcId: new TransitHub("hub", { ...ARGS, ...EGRESS }).egressVpcId }));
            const hub = plan.one("platform:network:TransitHub", "hub");
            const egress = plan.one("platform:network:SpokeVpc", "hub-egress");
            expect(egress.parent).to.equal(hub.urn);
            expect(plan.inventory((r) => r.parent === hub.urn)).to.deep.equal(
                [
                "aws:ec2transitgateway/routeTable:RouteTable::hub-nonprod",
                "aws:ec2transitgateway/routeTable:RouteTable::hub-prod",
                "aws:ec2transitgateway/routeTable:RouteTable::hub-shared",
                "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation::hub-egress-association",
                "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::hub-egress-propagation-nonprod",
                "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::hub-egress-propagation-prod",
                "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::hub-egress-propagation-shared",
                `${TGW_ROUTE}::hub-nonprod-blackhole-10-0-0-0-8`,
                `${TGW_ROUTE}::hub-nonprod-default`,
                `${TGW_ROUTE}::hub-prod-blackhole-10-0-0-0-8`,
                `${TGW_ROUTE}::hub-prod-default`,
                `${TGW_ROUTE}::hub-shared-blackhole-10-0-0-0-8`,
                `${TGW_ROUTE}::hub-shared-default`,
                "aws:ec2transitgateway/transitGateway:TransitGateway::hub",
                "aws:ec2transitgateway/vpcAttachment:VpcAttachment::hub-egress",
                "aws:ram/principalAssociation:PrincipalAssociation::hub-organization",
                "aws:ram/resourceAssociation:ResourceAssociation::hub",
                "aws:ram/resourceShare:ResourceShare::hub",
                "platform:network:SpokeVpc::hub-egress",
                ].sort(),
            );
            expect(plan.one("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "hub-egress").inputs).to.deep.equal({
                transitGatewayId: "hub-id",
                vpcId: "hub-egress-id",
                subnetIds: ["hub-egress-private-eu-west-1a-id", "hub-egress-private-eu-west-1b-id"],
                dnsSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: { "platform:segment": "shared", Name: "hub-egress" },
            });
            expect(plan.one("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "hub-egress-association").inputs).to.deep.equal({
                transitGatewayAttachmentId: "hub-egress-id",
                transitGatewayRouteTableId: "hub-shared-id",
            });
            for (const segment of SEGMENTS) {
                expect(plan.one(TGW_ROUTE, `hub-${segment}-default`).inputs).to.deep.equal({
                    transitGatewayRouteTableId: `hub-${segment}-id`,
                    destinationCidrBlock: "0.0.0.0/0",
                    transitGatewayAttachmentId: "hub-egress-id",
                });
                expect(plan.one(TGW_ROUTE, `hub-${segment}-blackhole-10-0-0-0-8`).inputs).to.deep.equal({
                    transitGatewayRouteTableId: `hub-${segment}-id`,
                    destinationCidrBlock: "10.0.0.0/8",
                    blackhole: true,
                });
            }
            expect(plan.outputs).to.have.property("egressVpcId", "hub-egress-id");
        });

        it("gives the egress VPC a NAT gateway per zone, attachment subnets routed to them and return routes to the TGW", async () => {
            const plan = await declare(() => {
                new TransitHub("hub", { ...ARGS, ...EGRESS });
            });
            const egress = plan.one("platform:network:SpokeVpc", "hub-egress");
            const inside = plan.inventory((r) => r.parent === egress.urn);
            expect(inside.filter((x) => /NatGateway|Eip|subnet:Subnet/.test(x))).to.deep.equal([
                "aws:ec2/eip:Eip::hub-egress-nat-eu-west-1a",
                "aws:ec2/eip:Eip::hub-egress-nat-eu-west-1b",
                "aws:ec2/natGateway:NatGateway::hub-egress-nat-eu-west-1a",
                "aws:ec2/natGateway:NatGateway::hub-egress-nat-eu-west-1b",
                "aws:ec2/subnet:Subnet::hub-egress-private-eu-west-1a",
                "aws:ec2/subnet:Subnet::hub-egress-private-eu-west-1b",
                "aws:ec2/subnet:Subnet::hub-egress-public-eu-west-1a",
                "aws:ec2/subnet:Subnet::hub-egress-public-eu-west-1b",
            ]);
            expect(inside.filter((x) => /VpcEndpoint|SecurityGroup|FlowLog/.test(x))).to.deep.equal([
                "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup::hub-egress-default",
                "aws:ec2/flowLog:FlowLog::hub-egress-flow-logs",
                "aws:ec2/vpcEndpoint:VpcEndpoint::hub-egress-vpce-s3",
            ]);
            const subnets = Object.fromEntries(plan.ofType("aws:ec2/subnet:Subnet").map((s) => [s.name, s.inputs.cidrBlock]));
            expect(subnets).to.deep.equal({
                "hub-egress-public-eu-west-1a": "100.64.0.128/26",
                "hub-egress-public-eu-west-1b": "100.64.0.192/26",
                "hub-egress-private-eu-west-1a": "100.64.0.0/28",
                "hub-egress-private-eu-west-1b": "100.64.0.16/28",
            });
            expect(plan.one("aws:ec2/route:Route", "hub-egress-private-default-eu-west-1b").inputs.natGatewayId).to.equal("hub-egress-nat-eu-west-1b-id");
            const back = plan.one("aws:ec2/route:Route", "hub-egress-public-to-10-0-0-0-8");
            expect(back.inputs).to.deep.equal({ routeTableId: "hub-egress-public-id", destinationCidrBlock: "10.0.0.0/8", transitGatewayId: "hub-id" });
            expect(plan.dependenciesOf(back).map((r) => r.name), "the return route waits for the attachment and its association").to.include.members([
                "hub-egress",
                "hub-egress-association",
            ]);
        });
    });

    it("fails with every problem at once", () => {
        let error: unknown;
        try {
            new TransitHub("hub", { ...ARGS, principalAccountIds: ["1"], amazonSideAsn: 100 });
        } catch (e) {
            error = e;
        }
        expect(error).to.have.property("problems").that.deep.equals([
            "amazonSideAsn: 100 is not a private ASN (64512..65534 or 4200000000..4294967294)",
            "organizationArn and principalAccountIds: both set; share the transit gateway with exactly one: the organization or a list of accounts",
            'principalAccountIds[0]: "1" is not a 12-digit AWS account ID',
        ]);
    });
});
