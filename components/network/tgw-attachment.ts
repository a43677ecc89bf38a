import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { tagsFor } from "../common";
import { Segment, segmentReach } from "./segments";
import { validateTgwAttachmentArgs } from "./validate";

export interface TgwAttachmentArgs {
    /** The hub's transit gateway, shared with this account through RAM. */
    transitGatewayId: pulumi.Input<string>;
    /** The spoke VPC. */
    vpcId: pulumi.Input<string>;
    /** One subnet per zone for the attachment's ENIs (the spoke's intra subnets). */
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** The segment the VPC belongs to: its TGW route table, and which segments it reaches. */
    segment: Segment;
    /** TGW route table of every segment, from the hub's `routeTableIds` output. */
    routeTableIds: Partial<Record<Segment, pulumi.Input<string>>>;
    /** AWS provider of the network (hub) account: acceptance, association and propagations are made there. */
    hubProvider: pulumi.ProviderResource;
    /**
     * The VPC is in the hub's own account: nothing to accept, and the attachment itself turns off
     * the default route-table association and propagation. @default false
     */
    sameAccount?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const DEFAULTS = {
    sameAccount: false,
};

/**
 * Attaches a spoke VPC to the hub's transit gateway in its segment. The VPC attachment is made
 * with the spoke's provider (from `opts`); its acceptance, the association with the segment's
 * route table and the propagations into the route tables of `segmentReach(segment)` are made in
 * the network account through `hubProvider`, because only the owner of a RAM-shared transit
 * gateway can manage its route tables.
 */
export class TgwAttachment extends pulumi.ComponentResource {
    readonly attachmentId: pulumi.Output<string>;
    /**
     * The transit gateway ID, known only once the attachment is accepted and associated: route
     * to it from the spoke's route tables (`SpokeVpc.transitGatewayId`) so that the routes wait.
     */
    readonly transitGatewayId: pulumi.Output<string>;
    readonly segment: Segment;

    constructor(name: string, args: TgwAttachmentArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:network:TgwAttachment", name, {}, opts);
        validateTgwAttachmentArgs(args);
        const sameAccount = args.sameAccount ?? DEFAULTS.sameAccount;
        const tags = tagsFor(args.tags, name, { "platform:segment": args.segment });
        const hub: pulumi.CustomResourceOptions = { parent: this, provider: args.hubProvider };

        // Across accounts the default route-table flags belong to the TGW owner: the requester can
        // neither set nor read them on a RAM-shared gateway, so they are left unset here and turned
        // off on the accepter.
        const attachment = new aws.ec2transitgateway.VpcAttachment(
            name,
            {
                transitGatewayId: args.transitGatewayId,
                vpcId: args.vpcId,
                subnetIds: args.subnetIds,
                dnsSupport: "enable",
                ...(sameAccount ? { transitGatewayDefaultRouteTableAssociation: false, transitGatewayDefaultRouteTablePropagation: false } : {}),
                tags,
            },
            { parent: this },
        );

        // The hub turns off auto-accept, so a cross-account attachment waits for the owner here.
        const accepted: pulumi.Output<string> = sameAccount
            ? attachment.id
            : new aws.ec2transitgateway.VpcAttachmentAccepter(
                  name,
                  {
                      transitGatewayAttachmentId: attachment.id,
                      transitGatewayDefaultRouteTableAssociation: false,
                      transitGatewayDefaultRouteTablePropagation: false,
                      tags,
                  },
                  hub,
              ).id;

        const association = new aws.ec2transitgateway.RouteTableAssociation(
            `${name}-association`,
            { transitGatewayAttachmentId: accepted, transitGatewayRouteTableId: args.routeTableIds[args.segment]! },
            // An attachment has one association: moving it to another segment must remove the old one first.
            { ...hub, deleteBeforeReplace: true },
        );
        for (const target of segmentReach(args.segment)) {
            new aws.ec2transitgateway.RouteTablePropagation(
                `${name}-propagation-${target}`,
                { transitGatewayAttachmentId: accepted, transitGatewayRouteTableId: args.routeTableIds[target]! },
                hub,
            );
        }

        this.segment = args.segment;
        this.attachmentId = attachment.id;
        this.transitGatewayId = pulumi.all([attachment.transitGatewayId, association.id]).apply(([id]) => id);
        this.registerOutputs({ attachmentId: this.attachmentId, transitGatewayId: this.transitGatewayId });
    }
}
