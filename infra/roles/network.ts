import * as aws from "@pulumi/aws";
import { AccountBaseline } from "../../components/account";
import { PlatformKeys } from "../../components/kms";
import { TransitHub } from "../../components/network";
import { accountBaselineSettingsOf, availabilityZonesOf, PlatformConfig } from "../../config/schema";

/** The network account: the Transit Gateway hub, its segments, the RAM share, central egress. */
export function networkRole(c: PlatformConfig, provider: aws.Provider): Record<string, unknown> {
    const hub = c.transitHub!;
    const opts = { providers: [provider] };
    // The network account's own defaults (no EBS key here: the account default stays aws/ebs).
    const { ebsDefaultKmsKey: _noEbsKey, ...baseline } = accountBaselineSettingsOf(c);
    new AccountBaseline("account", baseline, opts);
    const keys = hub.egressVpc ? new PlatformKeys("network", { purposes: ["logs"], accountId: c.accountId, region: c.region, aliasPrefix: "platform", protect: c.protect }, opts) : undefined;
    const tgw = new TransitHub(
        "hub",
        {
            region: c.region,
            accountId: c.accountId,
            amazonSideAsn: hub.amazonSideAsn,
            organizationArn: hub.shareWithOrganization ? `arn:aws:organizations::${c.organization.managementAccountId}:organization/${c.organization.id}` : undefined,
            principalAccountIds: hub.shareWithOrganization ? undefined : hub.shareWithAccounts,
            egressVpcCidr: hub.egressVpc?.cidr,
            availabilityZones: hub.egressVpc ? availabilityZonesOf(c, hub.egressVpc.azCount) : undefined,
            internalCidrs: hub.egressVpc ? hub.internalCidrs : undefined,
            flowLogs: keys ? { kmsKeyArn: keys.keyArns.logs!, retentionInDays: hub.flowLogRetentionDays } : undefined,
            protect: c.protect,
        },
        opts,
    );
    return {
        accountId: c.accountId,
        region: c.region,
        transitGatewayId: tgw.transitGatewayId,
        transitGatewayArn: tgw.transitGatewayArn,
        routeTableIds: tgw.routeTableIds,
        resourceShareArn: tgw.resourceShareArn,
    };
}
