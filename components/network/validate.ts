import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs } from "../common/iam";
import { Problems, show } from "../common/validation";
import { cidrProblem, contains, parseCidr, parseZone, SUBNET_TIERS, tryPlanSubnets, VPC_PREFIX_RANGE, zoneSlot } from "./cidr";
import { DEFAULT_AMAZON_SIDE_ASN, egressPrefixLengths, LOG_RETENTION_DAYS, NAT_STRATEGIES } from "./defaults";
import { isSegment, SEGMENTS, segmentReach } from "./segments";
import type { SpokeVpcArgs } from "./spoke-vpc";
import type { TgwAttachmentArgs } from "./tgw-attachment";
import type { TransitHubArgs } from "./transit-hub";

/**
 * Validators of the network components: pure, each collects every problem and throws one
 * ValidationError naming the property, the value received and what is accepted.
 */

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_ID = /^\d{12}$/;
/** A service short name as it follows `com.amazonaws.<region>.`: `sts`, `ecr.api`, `eks-auth`. */
const SERVICE_SHORT_NAME = /^[a-z0-9]+([.-][a-z0-9]+)*$/;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const ORGANIZATION_ARN = /^arn:aws[\w-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const TGW_ID = /^tgw-[0-9a-f]{8,17}$/;

export function validateSpokeVpcArgs(args: SpokeVpcArgs): void {
    const p = new Problems();
    checkRegion(p, args.region);
    checkAccount(p, args.accountId);
    checkPlatformRoleArgs(p, args);
    const cidrOk = checkVpcCidr(p, "cidrBlock", args.cidrBlock);
    const zonesOk = checkZones(p, "availabilityZones", args.availabilityZones, args.region);
    const prefixes = { public: args.publicSubnetPrefixLength, private: args.privateSubnetPrefixLength, intra: args.intraSubnetPrefixLength };
    if (cidrOk && zonesOk) {
        tryPlanSubnets(args.cidrBlock, args.availabilityZones, prefixes).problems.forEach((m) => p.addMessage(m));
    } else {
        for (const tier of SUBNET_TIERS) {
            const v = prefixes[tier];
            if (v !== undefined && (!Number.isInteger(v) || v < VPC_PREFIX_RANGE.min + 1 || v > VPC_PREFIX_RANGE.max)) {
                p.add(`${tier}SubnetPrefixLength`, v, `is not in ${VPC_PREFIX_RANGE.min + 1}..${VPC_PREFIX_RANGE.max}`);
            }
        }
    }

    const nat = args.natStrategy ?? "one-per-az";
    p.oneOf("natStrategy", nat, NAT_STRATEGIES);
    const hasPublic = args.publicSubnets ?? true;
    if ((nat === "single" || nat === "one-per-az") && !hasPublic) {
        p.add("natStrategy", nat, "puts NAT gateways in public subnets, but publicSubnets is false; set publicSubnets: true or use \"central\" or \"none\"");
    }
    const hasTgw = args.transitGatewayId !== undefined;
    if (nat === "central" && !hasTgw) {
        p.add("transitGatewayId", undefined, "is required when natStrategy is \"central\" (the default route goes to the transit gateway)");
    }
    if (typeof args.transitGatewayId === "string" && !TGW_ID.test(args.transitGatewayId)) {
        p.add("transitGatewayId", args.transitGatewayId, "is not a transit gateway ID like \"tgw-0123456789abcdef0\"");
    }
    checkTgwRoutes(p, "tgwRoutes", args.tgwRoutes ?? [], hasTgw, cidrOk ? args.cidrBlock : undefined);
    checkTgwRoutes(p, "publicTgwRoutes", args.publicTgwRoutes ?? [], hasTgw, cidrOk ? args.cidrBlock : undefined);
    if ((args.publicTgwRoutes ?? []).length > 0 && !hasPublic) {
        p.add("publicTgwRoutes", args.publicTgwRoutes, "needs public subnets; set publicSubnets: true");
    }

    const endpoints = args.interfaceEndpoints ?? [];
    endpoints.forEach((service, i) => {
        if (typeof service !== "string" || !SERVICE_SHORT_NAME.test(service) || service.startsWith("com.amazonaws.")) {
            p.add(`interfaceEndpoints[${i}]`, service, "is not a service short name like \"ecr.api\" or \"sts\" (the part after com.amazonaws.<region>.)");
        } else if (service === "s3") {
            p.add(`interfaceEndpoints[${i}]`, service, "is served by the S3 gateway endpoint every spoke has; remove it");
        }
    });
    duplicates(endpoints).forEach((d) => p.add("interfaceEndpoints", endpoints, `lists ${show(d)} more than once`));

    if (args.clusterName !== undefined && !CLUSTER_NAME.test(args.clusterName)) {
        p.add("clusterName", args.clusterName, "is not an EKS cluster name (letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters)");
    }
    if (!args.flowLogs || args.flowLogs.kmsKeyArn === undefined) {
        p.add("flowLogs.kmsKeyArn", undefined, "is required: flow logs are always on and their log group is encrypted");
    } else if (args.flowLogs.retentionInDays !== undefined && !LOG_RETENTION_DAYS.includes(args.flowLogs.retentionInDays)) {
        p.add("flowLogs.retentionInDays", args.flowLogs.retentionInDays, `is not a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`);
    }
    p.throwIfAny("SpokeVpc");
}

export function validateTransitHubArgs(args: TransitHubArgs): void {
    const p = new Problems();
    checkRegion(p, args.region);
    checkAccount(p, args.accountId);
    const asn = args.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;
    if (!Number.isInteger(asn) || !((asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294))) {
        p.add("amazonSideAsn", asn, "is not a private ASN (64512..65534 or 4200000000..4294967294)");
    }
    const accounts = args.principalAccountIds;
    if ((args.organizationArn === undefined) === (accounts === undefined)) {
        p.addMessage(
            `organizationArn and principalAccountIds: ${args.organizationArn === undefined ? "both unset" : "both set"}; share the transit gateway with exactly one: the organization or a list of accounts`,
        );
    }
    if (args.organizationArn !== undefined && !ORGANIZATION_ARN.test(args.organizationArn)) {
        p.add("organizationArn", args.organizationArn, "is not an organization ARN like \"arn:aws:organizations::111111111111:organization/o-abcdefghij\"");
    }
    if (accounts !== undefined) {
        if (accounts.length === 0) {
            p.add("principalAccountIds", accounts, "is empty; list at least one account");
        }
        accounts.forEach((a, i) => {
            if (!ACCOUNT_ID.test(a)) {
                p.add(`principalAccountIds[${i}]`, a, "is not a 12-digit AWS account ID");
            }
        });
        duplicates(accounts).forEach((d) => p.add("principalAccountIds", accounts, `lists ${show(d)} more than once`));
    }

    if (args.egressVpcCidr !== undefined) {
        const cidrOk = checkVpcCidr(p, "egressVpcCidr", args.egressVpcCidr);
        const azs = args.availabilityZones;
        let zonesOk = false;
        if (azs === undefined) {
            p.add("availabilityZones", undefined, "is required with egressVpcCidr (the egress VPC has a NAT gateway per zone)");
        } else {
            zonesOk = checkZones(p, "availabilityZones", azs, args.region);
        }
        if (cidrOk && zonesOk) {
            tryPlanSubnets(args.egressVpcCidr, azs!, egressPrefixLengths(parseCidr(args.egressVpcCidr).prefix)).problems.forEach((m) =>
                p.addMessage(m.replace(/^cidrBlock:/, "egressVpcCidr:")),
            );
        }
        const internal = args.internalCidrs;
        if (internal === undefined || internal.length === 0) {
            p.add("internalCidrs", internal, "is required with egressVpcCidr: the spokes' address space, for return routes and the blackholes that keep segments apart");
        } else {
            internal.forEach((c, i) => {
                const problem = cidrProblem(c);
                if (problem) {
                    p.add(`internalCidrs[${i}]`, c, problem);
                } else if (parseCidr(c).prefix === 0) {
                    p.add(`internalCidrs[${i}]`, c, "is the default route; list the private ranges of the spokes, like \"10.0.0.0/8\"");
                }
            });
        }
        if (!args.flowLogs || args.flowLogs.kmsKeyArn === undefined) {
            p.add("flowLogs.kmsKeyArn", undefined, "is required with egressVpcCidr: the egress VPC has flow logs to an encrypted log group");
        } else if (args.flowLogs.retentionInDays !== undefined && !LOG_RETENTION_DAYS.includes(args.flowLogs.retentionInDays)) {
            p.add("flowLogs.retentionInDays", args.flowLogs.retentionInDays, `is not a CloudWatch Logs retention (${LOG_RETENTION_DAYS.join(", ")})`);
        }
    } else {
        for (const key of ["availabilityZones", "internalCidrs"] as const) {
            if (args[key] !== undefined) {
                p.add(key, args[key], "is only used with egressVpcCidr; set egressVpcCidr or remove it");
            }
        }
    }
    p.throwIfAny("TransitHub");
}

export function validateTgwAttachmentArgs(args: TgwAttachmentArgs): void {
    const p = new Problems();
    p.oneOf("segment", args.segment, SEGMENTS);
    if (typeof args.transitGatewayId === "string" && !TGW_ID.test(args.transitGatewayId)) {
        p.add("transitGatewayId", args.transitGatewayId, "is not a transit gateway ID like \"tgw-0123456789abcdef0\"");
    }
    if (Array.isArray(args.subnetIds) && args.subnetIds.length === 0) {
        p.add("subnetIds", args.subnetIds, "is empty; list one subnet per zone the attachment serves");
    }
    if (isSegment(args.segment)) {
        const tables = args.routeTableIds ?? {};
        const missing = segmentReach(args.segment).filter((s) => tables[s] === undefined);
        if (missing.length > 0) {
            p.add("routeTableIds", Object.keys(tables), `lacks ${missing.map((s) => show(s)).join(", ")}; a ${show(args.segment)} attachment is associated with its segment's table and propagates into ${segmentReach(args.segment).map((s) => show(s)).join(", ")}`);
        }
    }
    if (!pulumi.ProviderResource.isInstance(args.hubProvider)) {
        p.add("hubProvider", args.hubProvider === undefined ? undefined : "<not a provider>", "must be the AWS provider of the network account (association and propagations live there)");
    }
    p.throwIfAny("TgwAttachment");
}

function checkRegion(p: Problems, region: unknown): void {
    if (typeof region !== "string" || !REGION.test(region)) {
        p.add("region", region, "is not a region name like \"eu-west-1\"");
    }
}

function checkAccount(p: Problems, accountId: unknown): void {
    if (typeof accountId !== "string" || !ACCOUNT_ID.test(accountId)) {
        p.add("accountId", accountId, "is not a 12-digit AWS account ID");
    }
}

function checkVpcCidr(p: Problems, path: string, cidr: unknown): boolean {
    const problem = cidrProblem(cidr);
    if (problem) {
        p.add(path, cidr, problem);
        return false;
    }
    const prefix = parseCidr(cidr as string).prefix;
    if (prefix < VPC_PREFIX_RANGE.min || prefix > VPC_PREFIX_RANGE.max) {
        p.add(path, cidr, `has prefix /${prefix}; a VPC range is a /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`);
        return false;
    }
    return true;
}

/** Checks a zone list; true when the subnet planner can use it. */
function checkZones(p: Problems, path: string, azs: unknown, region: unknown): boolean {
    if (!Array.isArray(azs) || azs.length < 2 || azs.length > 6) {
        p.add(path, azs, "must list 2 to 6 zones");
        return false;
    }
    let ok = true;
    azs.forEach((az, i) => {
        const zone = typeof az === "string" ? parseZone(az) : undefined;
        if (!zone) {
            p.add(`${path}[${i}]`, az, "is not a zone name like \"eu-west-1a\"");
            ok = false;
        } else if (typeof region === "string" && zone.region !== region) {
            p.add(`${path}[${i}]`, az, `is not a zone of region ${show(region)}`);
            ok = false;
        } else if (zoneSlot(az as string) === undefined) {
            p.add(`${path}[${i}]`, az, "does not end in a zone letter a to f (each letter owns a fixed subnet slot)");
            ok = false;
        }
    });
    duplicates(azs).forEach((d) => {
        p.add(path, azs, `lists ${show(d)} more than once`);
        ok = false;
    });
    return ok;
}

function checkTgwRoutes(p: Problems, path: string, routes: string[], hasTgw: boolean, vpcCidr: string | undefined): void {
    if (routes.length > 0 && !hasTgw) {
        p.add("transitGatewayId", undefined, `is required when ${path} is set (${routes.length} route(s) to the transit gateway)`);
    }
    routes.forEach((cidr, i) => {
        const problem = cidrProblem(cidr);
        if (problem) {
            p.add(`${path}[${i}]`, cidr, problem);
        } else if (parseCidr(cidr).prefix === 0) {
            p.add(`${path}[${i}]`, cidr, "is the default route; use natStrategy \"central\" to send it to the transit gateway");
        } else if (vpcCidr !== undefined && contains(vpcCidr, cidr)) {
            p.add(`${path}[${i}]`, cidr, `is inside the VPC range ${show(vpcCidr)}; the local route already covers it`);
        }
    });
    duplicates(routes).forEach((d) => p.add(path, routes, `lists ${show(d)} more than once`));
}

function duplicates(list: unknown[]): unknown[] {
    const seen = new Set<unknown>();
    const dup = new Set<unknown>();
    for (const x of list) {
        if (seen.has(x)) {
            dup.add(x);
        }
        seen.add(x);
    }
    return [...dup];
}
