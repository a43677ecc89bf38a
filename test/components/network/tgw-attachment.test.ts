import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { SpokeVpc } from "../../../components/network/spoke-vpc";
import { TgwAttachment, TgwAttachmentArgs } from "../../../components/network/tgw-attachment";
import { declare } from "../../support/harness";

const TGW = "tgw-0123456789abcdef0";
const TABLES = { prod: "tgw-rtb-prod", nonprod: "tgw-rtb-nonprod", shared: "tgw-rtb-shared" };
const PROVIDERS = "urn:pulumi:test::platform::pulumi:providers:aws";

function providers() {
    const spoke = new aws.Provider("spoke", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::111111111111:role/deploy" }] });
    const hub = new aws.Provider("hub", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deploy" }] });
    return { spoke, hub };
}

function args(hub: pulumi.ProviderResource, change: Partial<TgwAttachmentArgs> = {}): TgwAttachmentArgs {
    return { transitGatewayId: TGW, vpcId: "vpc-1", subnetIds: ["subnet-a", "subnet-b"], segment: "prod", routeTableIds: TABLES, hubProvider: hub, ...change };
}

describe("TgwAttachment", () => {
    it("attaches with the spoke's provider and accepts, associates and propagates with the hub's", async () => {
        const plan = await declare(() => {
            const { spoke, hub } = providers();
            new TgwAttachment("dev", args(hub, { tags: { team: "platform" } }), { provider: spoke });
        });
        expect(plan.inventory((r) => !r.type.startsWith("pulumi:providers:"))).to.deep.equal([
            "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation::dev-association",
            "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::dev-propagation-prod",
            "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation::dev-propagation-shared",
            "aws:ec2transitgateway/vpcAttachment:VpcAttachment::dev",
            "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter::dev",
            "platform:network:TgwAttachment::dev",
        ]);
        const providerOf = Object.fromEntries(plan.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => [`${r.type.split(":").pop()}::${r.name}`, r.provider]));
        expect(providerOf).to.deep.equal({
            "VpcAttachment::dev": `${PROVIDERS}::spoke`,
            "VpcAttachmentAccepter::dev": `${PROVIDERS}::hub`,
            "RouteTableAssociation::dev-association": `${PROVIDERS}::hub`,
            "RouteTablePropagation::dev-propagation-prod": `${PROVIDERS}::hub`,
            "RouteTablePropagation::dev-propagation-shared": `${PROVIDERS}::hub`,
        });
        const component = plan.one("platform:network:TgwAttachment", "dev");
        expect(plan.childrenOf(component)).to.have.length(5);
    });

    it("leaves the default route-table flags unset on a RAM-shared gateway and turns them off on the accepter", async () => {
        const plan = await declare(() => {
            const { spoke, hub } = providers();
            new TgwAttachment("dev", args(hub, { tags: { team: "platform" } }), { provider: spoke });
        });
        expect(plan.one("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "dev").inputs).to.deep.equal({
            transitGatewayId: TGW,
            vpcId: "vpc-1",
            subnetIds: ["subnet-a", "subnet-b"],
            dnsSupport: "enable",
            tags: { team: "platform", "platform:segment": "prod", Name: "dev" },
        });
        expect(plan.one("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", "dev").inputs).to.deep.equal({
            transitGatewayAttachmentId: "dev-id",
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
            tags: { team: "platform", "platform:segment": "prod", Name: "dev" },
        });
    });

    const reach: [TgwAttachmentArgs["segment"], string[]][] = [
        ["prod", ["prod", "shared"]],
        ["nonprod", ["nonprod", "shared"]],
        ["shared", ["prod", "nonprod", "shared"]],
    ];
    for (const [segment, targets] of reach) {
        it(`associates a ${segment} attachment with the ${segment} table and propagates into ${targets.join(", ")}`, async () => {
            const plan = await declare(() => {
                const { spoke, hub } = providers();
                new TgwAttachment("dev", args(hub, { segment }), { provider: spoke });
            });
            const association = plan.one("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "dev-association");
            expect(association.inputs).to.deep.equal({ transitGatewayAttachmentId: "dev-id", transitGatewayRouteTableId: TABLES[segment] });
            expect(association.deleteBeforeReplace, "an attachment has one association at a time").to.equal(true);
            const propagations = plan.ofType("aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation");
            expect(propagations.map((p) => [p.name, p.inputs.transitGatewayRouteTableId])).to.deep.equal(targets.map((t) => [`dev-propagation-${t}`, TABLES[t as keyof typeof TABLES]]));
            const accepter = plan.one("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter", "dev");
            for (const p of propagations) {
                expect(p.dependencies, "propagations wait for the acceptance").to.include(accepter.urn);
            }
        });
    }

    it("needs no acceptance in the hub's own account and turns the defaults off on the attachment", async () => {
        const plan = await declare(() => {
            const { hub } = providers();
            new TgwAttachment("shared", args(hub, { segment: "shared", sameAccount: true }), { provider: hub });
        });
        expect(plan.ofType("aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter")).to.have.length(0);
        expect(plan.one("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "shared").inputs).to.include({
            transitGatewayDefaultRouteTableAssociation: false,
            transitGatewayDefaultRouteTablePropagation: false,
        });
        expect(plan.one("aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "shared-association").inputs.transitGatewayAttachmentId).to.equal("shared-id");
    });

    it("lets a spoke's routes to the gateway wait for the accepted, associated attachment", async () => {
        const plan = await declare(() => {
            const { spoke, hub } = providers();
            const [routable, resolve] = pulumi.deferredOutput<string>();
            const vpc = new SpokeVpc(
                "dev",
                {
                    cidrBlock: "10.1.0.0/16",
                    availabilityZones: ["eu-west-1a", "eu-west-1b"],
                    region: "eu-west-1",
                    accountId: "111111111111",
                    natStrategy: "central",
                    transitGatewayId: routable,
                    tgwRoutes: ["10.0.0.0/8"],
                    flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k" },
                },
                { provider: spoke },
            );
            const attachment = new TgwAttachment("dev", args(hub, { vpcId: vpc.vpcId, subnetIds: vpc.intraSubnetIds }), { provider: spoke });
            resolve(attachment.transitGatewayId);
        });
        expect(plan.one("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "dev").inputs.subnetIds).to.deep.equal(["dev-intra-eu-west-1a-id", "dev-intra-eu-west-1b-id"]);
        for (const name of ["dev-private-default-eu-west-1a", "dev-private-to-10-0-0-0-8-eu-west-1b", "dev-intra-to-10-0-0-0-8"]) {
            const route = plan.one("aws:ec2/route:Route", name);
            expect(route.inputs.transitGatewayId).to.equal(TGW);
            expect(route.provider).to.equal(`${PROVIDERS}::spoke`);
            expect(plan.dependenciesOf(route).map((r) => r.type)).to.include.members([
                "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
                "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
            ]);
        }
    });

    const invalid: [string, Partial<TgwAttachmentArgs>, string[]][] = [
        ["rejects an unknown segment", { segment: "dev" as never }, ['segment: "dev" is not one of "prod", "nonprod", "shared"']],
        [
            "rejects route tables missing a segment the attachment needs",
            { segment: "shared", routeTableIds: { shared: "tgw-rtb-shared" } },
            ['routeTableIds: ["shared"] lacks "prod", "nonprod"; a "shared" attachment is associated with its segment\'s table and propagates into "prod", "nonprod", "shared"'],
        ],
        ["rejects a malformed transit gateway ID", { transitGatewayId: "vpc-123" }, ['transitGatewayId: "vpc-123" is not a transit gateway ID like "tgw-0123456789abcdef0"']],
        ["rejects an empty subnet list", { subnetIds: [] }, ["subnetIds: [] is empty; list one subnet per zone the attachment serves"]],
        ["rejects a missing hub provider", { hubProvider: undefined as never }, ["hubProvider: unset must be the AWS provider of the network account (association and propagations live there)"]],
    ];
    for (const [title, change, problems] of invalid) {
        it(title, async () => {
            let error: unknown;
            await declare(() => {
                try {
                    new TgwAttachment("dev", args(providers().hub, change));
                } catch (e) {
                    error = e;
                }
            });
            expect(error).to.have.property("problems").that.deep.equals(problems);
        });
    }
});
