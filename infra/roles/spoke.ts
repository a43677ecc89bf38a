import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SpokeVpc, TgwAttachment } from "../../components/network";
import { availabilityZonesOf, PlatformConfig } from "../../config/schema";
import { NetworkOutputs, requireOutput, stackReference } from "../references";

export interface SpokeOptions {
    provider: aws.Provider;
    /** Provider into the network account: association and propagation of the attachment. */
    hubProvider: aws.Provider;
    flowLogsKeyArn: pulumi.Input<string>;
    flowLogsBucketArn?: pulumi.Input<string>;
    clusterName?: string;
}

/** The spoke VPC of a shared-services or workload account, attached to the hub in its segment. */
export function spoke(c: PlatformConfig, o: SpokeOptions): { vpc: SpokeVpc; attachment: TgwAttachment } {
    const n = c.network!;
    const network = stackReference(c.stacks.network!);
    const attachmentOpts = { providers: [o.provider] };
    const rts = requireOutput<NetworkOutputs["routeTableIds"]>(network, "routeTableIds");
    // Routes to the TGW need the attachment; the attachment needs the VPC's subnets. So the VPC's
    // routes take a deferred TGW ID that resolves once the attachment is associated.
    const [routableTgwId, resolveTgwId] = pulumi.deferredOutput<string>();
    const vpc = new SpokeVpc(
        c.environment,
        {
            cidrBlock: n.cidr,
            availabilityZones: availabilityZonesOf(c),
            region: c.region,
            accountId: c.accountId,
            natStrategy: n.natStrategy,
            publicSubnets: n.publicSubnets,
            interfaceEndpoints: n.interfaceEndpoints,
            clusterName: o.clusterName,
            transitGatewayId: routableTgwId,
            tgwRoutes: n.tgwRoutes,
            flowLogs: { kmsKeyArn: o.flowLogsKeyArn, retentionInDays: n.flowLogRetentionDays, s3BucketArn: o.flowLogsBucketArn },
            protect: c.protect,
        },
        attachmentOpts,
    );
    const attachment = new TgwAttachment(
        c.environment,
        {
            transitGatewayId: requireOutput<string>(network, "transitGatewayId"),
            vpcId: vpc.vpcId,
            subnetIds: vpc.intraSubnetIds,
            segment: n.segment,
            routeTableIds: { prod: rts.prod, nonprod: rts.nonprod, shared: rts.shared },
            hubProvider: o.hubProvider,
        },
        attachmentOpts,
    );
    resolveTgwId(attachment.transitGatewayId);
    return { vpc, attachment };
}
