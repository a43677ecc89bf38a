import { DescribeAddressesCommand, DescribeNatGatewaysCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetAWSDefaultServiceQuotaCommand, GetServiceQuotaCommand, ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { Context, otherAccountFix, sessionFor } from "./context";
import { errorMessage, errorName, isAccessDenied } from "./errors";
import type { CheckResult } from "./model";
import { quotaNeeds } from "./needs";

/**
 * The quotas a first deploy consumes, per region. Names and defaults: Amazon VPC quotas
 * (https://docs.aws.amazon.com/general/latest/gr/vpc-service.html: VPCs per Region 5, NAT gateways
 * per Availability Zone 5) and AWS PrivateLink quotas
 * (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html: interface
 * endpoints per VPC 50), EC2-VPC Elastic IPs 5 per Region; all read 2026-12-02. Quota codes as
 * Service Quotas' ListServiceQuotas names them: L-F678F1CE is the example of
 * https://www.pulumi.com/registry/packages/aws/api-docs/servicequotas/getservicequota/ (read
 * 2026-12-02); L-0263D0A3, L-FE5A380F and L-29B6F2EB cross-checked against several public quota
 * checkers that call GetServiceQuota with them.
 */
export const QUOTAS = {
    vpcs: { serviceCode: "vpc", quotaCode: "L-F678F1CE", name: "VPCs per Region" },
    elasticIps: { serviceCode: "ec2", quotaCode: "L-0263D0A3", name: "EC2-VPC Elastic IPs" },
    natPerAz: { serviceCode: "vpc", quotaCode: "L-FE5A380F", name: "NAT gateways per Availability Zone" },
    interfaceEndpoints: { serviceCode: "vpc", quotaCode: "L-29B6F2EB", name: "Interface VPC endpoints per VPC" },
} as const;

type Quota = (typeof QUOTAS)[keyof typeof QUOTAS];

/**
 * The applied value; a quota never adjusted in this account has none, and GetServiceQuota answers
 * NoSuchResourceException: then the AWS default applies
 * (https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html, read 2026-12-02).
 */
async function quotaValue(sq: ServiceQuotasClient, q: Quota): Promise<number> {
    const ids = { ServiceCode: q.serviceCode, QuotaCode: q.quotaCode };
    try {
        return (await sq.send(new GetServiceQuotaCommand(ids))).Quota!.Value!;
    } catch (e) {
        if (errorName(e) !== "NoSuchResourceException") {
            throw e;
        }
        return (await sq.send(new GetAWSDefaultServiceQuotaCommand(ids))).Quota!.Value!;
    }
}

async function countVpcs(ec2: EC2Client): Promise<number> {
    let n = 0;
    let token: string | undefined;
    do {
        const page = await ec2.send(new DescribeVpcsCommand({ NextToken: token }));
        n += page.Vpcs?.length ?? 0;
        token = page.NextToken;
    } while (token);
    return n;
}

/** NAT gateways pending or available, per zone of their subnet (a NAT gateway names its subnet, not its zone). */
async function natGatewaysPerAz(ec2: EC2Client): Promise<Map<string, number>> {
    const subnets: string[] = [];
    let token: string | undefined;
    do {
        const page = await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: "state", Values: ["pending", "available"] }], NextToken: token }));
        subnets.push(...(page.NatGateways ?? []).flatMap((g) => (g.SubnetId ? [g.SubnetId] : [])));
        token = page.NextToken;
    } while (token);
    const perAz = new Map<string, number>();
    if (subnets.length === 0) {
        return perAz;
    }
    const azOf = new Map<string, string>();
    const described = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...new Set(subnets)] }));
    for (const s of described.Subnets ?? []) {
        azOf.set(s.SubnetId!, s.AvailabilityZone!);
    }
    for (const subnet of subnets) {
        const az = azOf.get(subnet) ?? "unknown";
        perAz.set(az, (perAz.get(az) ?? 0) + 1);
    }
    return perAz;
}

function label(q: Quota): string {
    return `${q.name} (${q.serviceCode} ${q.quotaCode})`;
}

function increaseFix(q: Quota, atLeast: number, region: string, alternative: string): string {
    return `request an increase to at least ${atLeast}: aws service-quotas request-service-quota-increase --service-code ${q.serviceCode} --quota-code ${q.quotaCode} --desired-value ${atLeast} --region ${region}; or ${alternative}`;
}

/** Room in each quota for what the stack creates (needs.ts: quotaNeeds), in the stack's account and region. */
export async function checkQuotas(ctx: Context): Promise<CheckResult[]> {
    const c = ctx.config;
    const need = quotaNeeds(c);
    if (need.vpcs === 0 && need.natAzs.length === 0 && need.interfaceEndpoints === 0) {
        return [];
    }
    const session = sessionFor(ctx, c.accountId);
    if (!session) {
        return [{ check: "quota", status: "not-checked", message: `VPC and Elastic IP quotas in ${c.region}: preflight holds no credentials for account ${c.accountId}`, fix: otherAccountFix(ctx, c.accountId) }];
    }
    const sq = ctx.clients.serviceQuotas(session, c.region);
    const ec2 = ctx.clients.ec2(session, c.region);
    const results: CheckResult[] = [];
    const guarded = async (q: Quota, body: () => Promise<CheckResult>) => {
        try {
            results.push(await body());
        } catch (e) {
            if (!isAccessDenied(e)) {
                throw e;
            }
            results.push({
                check: "quota",
                status: "not-checked",
                message: `${label(q)} in ${c.region}: ${session.principal} may not read it (${errorMessage(e)})`,
                fix: `allow servicequotas:GetServiceQuota, servicequotas:GetAWSDefaultServiceQuota and ec2:Describe* to ${session.principal}`,
            });
        }
    };

    if (need.vpcs > 0) {
        const q = QUOTAS.vpcs;
        await guarded(q, async () => {
            const [quota, used] = await Promise.all([quotaValue(sq, q), countVpcs(ec2)]);
            const message = `${label(q)} in ${c.region}: ${used} of ${quota} used, the stack adds ${need.vpcs}`;
            return used + need.vpcs <= quota ? { check: "quota", status: "ok", message } : { check: "quota", status: "problem", message, fix: increaseFix(q, used + need.vpcs, c.region, "delete VPCs no longer used") };
        });
    }
    if (need.natAzs.length > 0) {
        const q = QUOTAS.elasticIps;
        await guarded(q, async () => {
            const [quota, addresses] = await Promise.all([quotaValue(sq, q), ec2.send(new DescribeAddressesCommand({}))]);
            const used = addresses.Addresses?.length ?? 0;
            const adds = need.natAzs.length;
            const message = `${label(q)} in ${c.region}: ${used} of ${quota} used, the stack adds ${adds} (one per NAT gateway)`;
            return used + adds <= quota ? { check: "quota", status: "ok", message } : { check: "quota", status: "problem", message, fix: increaseFix(q, used + adds, c.region, "release Elastic IPs no longer used") };
        });
        const nq = QUOTAS.natPerAz;
        await guarded(nq, async () => {
            const [quota, perAz] = await Promise.all([quotaValue(sq, nq), natGatewaysPerAz(ec2)]);
            const usage = need.natAzs.map((az) => ({ az, used: perAz.get(az) ?? 0 }));
            const message = `${label(nq)} in ${c.region}, ${quota} each: ${usage.map((u) => `${u.az} ${u.used} used`).join(", ")}; the stack adds 1 in each`;
            const full = usage.filter((u) => u.used + 1 > quota);
            if (full.length === 0) {
                return { check: "quota", status: "ok", message };
            }
            const most = Math.max(...full.map((u) => u.used)) + 1;
            return { check: "quota", status: "problem", message: `${message}; no room in ${full.map((u) => u.az).join(", ")}`, fix: increaseFix(nq, most, c.region, "delete NAT gateways no longer used in those zones") };
        });
    }
    if (need.interfaceEndpoints > 0) {
        const q = QUOTAS.interfaceEndpoints;
        await guarded(q, async () => {
            const quota = await quotaValue(sq, q);
            const message = `${label(q)} in ${c.region}: ${quota}; the stack creates ${need.interfaceEndpoints} in its new VPC`;
            return need.interfaceEndpoints <= quota
                ? { check: "quota", status: "ok", message }
                : { check: "quota", status: "problem", message, fix: increaseFix(q, need.interfaceEndpoints, c.region, "list fewer in platform:network.interfaceEndpoints") };
        });
    }
    return results;
}
