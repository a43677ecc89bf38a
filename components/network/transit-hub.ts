import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stateful, tagsFor } from "../common";
import { cidrSlug, parseCidr } from "./cidr";
import { DEFAULT_AMAZON_SIDE_ASN, egressPrefixLengths } from "./defaults";
import { Segment, segmentReach, SEGMENTS } from "./segments";
import { SpokeVpc, SpokeVpcFlowLogs } from "./spoke-vpc";
import { validateTransitHubArgs } from "./validate";

export { segmentReach } from "./segments";

export interface TransitHubArgs {
    /** Region of the hub. */
    region: string;
    /** The network account. */
    accountId: string;
    /** BGP ASN of the Amazon side. @default 64512 */
    amazonSideAsn?: number;
    /** Share the transit gateway with the whole organization (`arn:aws:organizations::…:organization/o-…`). Exactly one of this and principalAccountIds. */
    organizationArn?: string;
    /** Share the transit gateway with these accounts only. Exactly one of this and organizationArn. */
    principalAccountIds?: string[];
    /**
     * Range of a central egress VPC (a /23 or larger): public subnets with a NAT gateway per zone
     * and /28 attachment subnets, attached in the shared segment; the segments' default routes go
     * to it. @default none (no egress VPC)
     */
    egressVpcCidr?: string;
    /** Zones of the egress VPC (2 to 6 names of `region`). Required with egressVpcCidr. */
    availabilityZones?: string[];
    /**
     * Address space of all spokes (`["10.0.0.0/8"]`). Required with egressVpcCidr: the egress VPC
     * routes it back to the transit gateway, and every segment route table blackholes it so that
     * traffic between segments cannot go out through the egress VPC and back in.
     */
    internalCidrs?: string[];
    /** Flow logs of the egress VPC. Required with egressVpcCidr. */
    flowLogs?: SpokeVpcFlowLogs;
    /** Protect and retain the transit gateway (and the egress VPC's flow log group). @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const DEFAULTS = {
    amazonSideAsn: DEFAULT_AMAZON_SIDE_ASN,
    protect: true,
};

/**
 * The network account's hub: a transit gateway that accepts nothing automatically and has no
 * default route table, one route table per segment (prod, nonprod, shared), a RAM share to the
 * organization or listed accounts, and optionally a central egress VPC. See README.md.
 */
export class TransitHub extends pulumi.ComponentResource {
    readonly transitGatewayId: pulumi.Output<string>;
    readonly transitGatewayArn: pulumi.Output<string>;
    readonly routeTableIds: pulumi.Output<Record<Segment, string>>;
    readonly resourceShareArn: pulumi.Output<string>;
    /** The egress VPC; undefined without egressVpcCidr. */
    readonly egressVpcId?: pulumi.Output<string>;

    constructor(name: string, args: TransitHubArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:network:TransitHub", name, {}, opts);
        validateTransitHubArgs(args);
        const amazonSideAsn = args.amazonSideAsn ?? DEFAULTS.amazonSideAsn;
        const protect = args.protect ?? DEFAULTS.protect;
        const tags = (child: string, extra?: Record<string, string>) => tagsFor(args.tags, child, extra);

        const tgw = new aws.ec2transitgateway.TransitGateway(
            name,
            {
                description: `Platform transit gateway ${name}: segments ${SEGMENTS.join(", ")}`,
                amazonSideAsn,
                autoAcceptSharedAttachments: "disable",
                defaultRouteTableAssociation: "disable",
                defaultRouteTablePropagation: "disable",
                dnsSupport: "enable",
                vpnEcmpSupport: "enable",
                tags: tags(name),
            },
            stateful(this, protect),
        );

        const routeTables = {} as Record<Segment, aws.ec2transitgateway.RouteTable>;
        for (const segment of SEGMENTS) {
            routeTables[segment] = new aws.ec2transitgateway.RouteTable(
                `${name}-${segment}`,
                { transitGatewayId: tgw.id, tags: tags(`${name}-${segment}`, { "platform:segment": segment }) },
                { parent: this },
            );
        }

        // RAM: organization members only, never external principals.
        const share = new aws.ram.ResourceShare(name, { name, allowExternalPrincipals: false, tags: tags(name) }, { parent: this });
        new aws.ram.ResourceAssociation(name, { resourceArn: tgw.arn, resourceShareArn: share.arn }, { parent: this });
        if (args.organizationArn !== undefined) {
            new aws.ram.PrincipalAssociation(`${name}-organization`, { principal: args.organizationArn, resourceShareArn: share.arn }, { parent: this });
        }
        for (const accountId of args.principalAccountIds ?? []) {
            new aws.ram.PrincipalAssociation(`${name}-${accountId}`, { principal: accountId, resourceShareArn: share.arn }, { parent: this });
        }

        if (args.egressVpcCidr !== undefined) {
            this.egressVpcId = this.egress(name, args, tgw, routeTables, protect);
        }

        this.transitGatewayId = tgw.id;
        this.transitGatewayArn = tgw.arn;
        this.routeTableIds = pulumi.all(SEGMENTS.map((s) => routeTables[s].id)).apply((ids) => Object.fromEntries(SEGMENTS.map((s, i) => [s, ids[i]])) as Record<Segment, string>);
        this.resourceShareArn = share.arn;
        this.registerOutputs({
            transitGatewayId: this.transitGatewayId,
            transitGatewayArn: this.transitGatewayArn,
            routeTableIds: this.routeTableIds,
            resourceShareArn: this.resourceShareArn,
            egressVpcId: this.egressVpcId,
        });
    }

    /**
     * Central egress: spokes send 0.0.0.0/0 to the egress attachment; in the egress VPC the
     * attachment subnets (the "private" tier) route to the NAT gateway of their zone, and the
     * public subnets route the spokes' ranges back to the transit gateway. The attachment is
     * associated with the shared route table, which holds every spoke's routes for the return
     * path, and propagates per segmentReach("shared").
     */
    private egress(name: string, args: TransitHubArgs, tgw: aws.ec2transitgateway.TransitGateway, routeTables: Record<Segment, aws.ec2transitgateway.RouteTable>, protect: boolean): pulumi.Output<string> {
        const egressName = `${name}-egress`;
        const internalCidrs = args.internalCidrs!;
        const prefixes = egressPrefixLengths(parseCidr(args.egressVpcCidr!).prefix);
        // The VPC's return routes to the TGW must wait for its attachment, made from its subnets below.
        const [routableTgwId, resolveRoutableTgwId] = pulumi.deferredOutput<string>();
        const vpc = new SpokeVpc(
            egressName,
            {
                cidrBlock: args.egressVpcCidr!,
                availabilityZones: args.availabilityZones!,
                region: args.region,
                accountId: args.accountId,
                natStrategy: "one-per-az",
                transitGatewayId: routableTgwId,
                publicTgwRoutes: internalCidrs,
                publicSubnetPrefixLength: prefixes.public,
                privateSubnetPrefixLength: prefixes.private,
                intraSubnetPrefixLength: prefixes.intra,
                intraSubnets: false,
                interfaceEndpoints: [],
                flowLogs: args.flowLogs!,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );
        // Same account as the TGW: the attachment itself can turn the default route tables off.
        const attachment = new aws.ec2transitgateway.VpcAttachment(
            egressName,
            {
                transitGatewayId: tgw.id,
                vpcId: vpc.vpcId,
                subnetIds: vpc.privateSubnetIds,
                dnsSupport: "enable",
                transitGatewayDefaultRouteTableAssociation: false,
                transitGatewayDefaultRouteTablePropagation: false,
                tags: tagsFor(args.tags, egressName, { "platform:segment": "shared" }),
            },
            { parent: this },
        );
        const association = new aws.ec2transitgateway.RouteTableAssociation(
            `${egressName}-association`,
            { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: routeTables.shared.id },
            { parent: this, deleteBeforeReplace: true },
        );
        for (const target of segmentReach("shared")) {
            new aws.ec2transitgateway.RouteTablePropagation(
                `${egressName}-propagation-${target}`,
                { transitGatewayAttachmentId: attachment.id, transitGatewayRouteTableId: routeTables[target].id },
                { parent: this },
            );
        }
        // Every segment egresses centrally; the blackholes are less specific than any propagated
        // spoke route, so they only catch ranges the segment may not reach (which would otherwise
        // follow the default route into the egress VPC and back through its return routes).
        for (const segment of SEGMENTS) {
            new aws.ec2transitgateway.Route(
                `${name}-${segment}-default`,
                { transitGatewayRouteTableId: routeTables[segment].id, destinationCidrBlock: "0.0.0.0/0", transitGatewayAttachmentId: attachment.id },
                { parent: this },
            );
            for (const cidr of internalCidrs) {
                new aws.ec2transitgateway.Route(
                    `${name}-${segment}-blackhole-${cidrSlug(cidr)}`,
                    { transitGatewayRouteTableId: routeTables[segment].id, destinationCidrBlock: cidr, blackhole: true },
                    { parent: this },
                );
            }
        }
        resolveRoutableTgwId(pulumi.all([attachment.transitGatewayId, association.id]).apply(([id]) => id));
        return vpc.vpcId;
    }
}
