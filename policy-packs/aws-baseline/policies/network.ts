import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { isSet, rawInputs } from "../../lib/values";
import { allOf, anyOf, Maybe, not, read, readList, show, tagOn, test, Tri, Undecided, Verdicts } from "../../lib/verdicts";

/*
 * Network baseline. Inputs are read three-valued (policy-packs/lib/verdicts.ts): a rule reports
 * what it can decide and leaves a value unknown until apply to `pulumi up`.
 */

/**
 * The internet: 0.0.0.0/0, ::/0, or a block so wide it admits the internet in all but name, so
 * that 0.0.0.0/0 split in two (0.0.0.0/1 + 128.0.0.0/1) is open too: an IPv4 prefix of /7 or
 * wider always holds public
 * addresses (the widest private block is RFC 1918's 10.0.0.0/8) and at least 33 million of them;
 * an IPv6 prefix of /15 or wider that overlaps 2000::/3, the only space IANA assigns for global
 * unicast (IANA "Internet Protocol Version 6 Address Space" registry, read 2026-12-03 in
 * netaddr's copy, sources.debian.org/src/python-netaddr/1.3.0-1/netaddr/ip/ipv6-address-space.xml).
 * ULA (fc00::/7) and link-local (fe80::/10) blocks are not open, nor is anything that does not parse.
 */
export const WIDEST_TARGETED_PREFIX = { ipv4: 8, ipv6: 16 } as const;

export function isOpenCidr(value: string | undefined): boolean {
    // 0.0.0.0/0 and ::/0 are the widest blocks of all; undefined reads as "undefined", no CIDR.
    const text = String(value).trim();
    const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (v4) {
        const octetsValid = v4.slice(1, 5).every((o) => Number(o) <= 255);
        return octetsValid && Number(v4[5]) < WIDEST_TARGETED_PREFIX.ipv4;
    }
    const v6 = /^([0-9a-f]{0,4}):[0-9a-f:.]*\/(\d{1,3})$/i.exec(text);
    if (v6) {
        const prefix = Number(v6[2]);
        if (prefix >= WIDEST_TARGETED_PREFIX.ipv6) {
            return false;
        }
        // The first 16 bits decide: the block spans [first, last] of them.
        const first = (v6[1] === "" ? 0 : parseInt(v6[1], 16)) & ~(0xffff >>> prefix) & 0xffff;
        const last = first | (0xffff >>> prefix);
        return first <= 0x3fff && last >= 0x2000;
    }
    return false;
}

/** Tag that lets load-balancer subnets map public IPs (the EKS discovery tag of the public tier). */
export const DEFAULT_PUBLIC_SUBNET_TAG = "kubernetes.io/role/elb";

const T = {
    securityGroup: tokenOf(aws.ec2.SecurityGroup),
    securityGroupRule: tokenOf(aws.ec2.SecurityGroupRule),
    ingressRule: tokenOf(aws.vpc.SecurityGroupIngressRule),
    egressRule: tokenOf(aws.vpc.SecurityGroupEgressRule),
    defaultSecurityGroup: tokenOf(aws.ec2.DefaultSecurityGroup),
    vpc: tokenOf(aws.ec2.Vpc),
    flowLog: tokenOf(aws.ec2.FlowLog),
    defaultVpc: tokenOf(aws.ec2.DefaultVpc),
    subnet: tokenOf(aws.ec2.Subnet),
    networkAcl: tokenOf(aws.ec2.NetworkAcl),
    defaultNetworkAcl: tokenOf(aws.ec2.DefaultNetworkAcl),
    networkAclRule: tokenOf(aws.ec2.NetworkAclRule),
    transitGateway: tokenOf(aws.ec2transitgateway.TransitGateway),
    route: tokenOf(aws.ec2.Route),
    routeTable: tokenOf(aws.ec2.RouteTable),
    vpcEndpoint: tokenOf(aws.ec2.VpcEndpoint),
    cluster: tokenOf(aws.eks.Cluster),
};

/* Traffic: protocol and port range of a security group or network ACL rule. */

interface Traffic {
    protocol: Maybe<string>;
    from: Maybe<number>;
    to: Maybe<number>;
}

const ALL_PROTOCOLS = new Set(["-1", "all"]);
const PORT_PROTOCOLS = new Set(["tcp", "udp", "6", "17"]);

function traffic(obj: unknown, protocolKey: string): Traffic {
    const protocol = read<unknown>(obj, protocolKey);
    const from = read<unknown>(obj, "fromPort");
    const to = read<unknown>(obj, "toPort");
    return {
        protocol: protocol instanceof Undecided || protocol === undefined ? protocol : String(protocol).toLowerCase(),
        from: from instanceof Undecided || from === undefined ? from : Number(from),
        to: to instanceof Undecided || to === undefined ? to : Number(to),
    };
}

function isAllTraffic(t: Traffic): Tri {
    return test(t.protocol, (p) => p !== undefined && ALL_PROTOCOLS.has(p));
}

/**
 * Decides a question about the ports a rule opens: `all` for all protocols, `portless` for ICMP
 * and other protocols without ports, `range` for TCP and UDP; unset protocol is `unset`.
 */
function byPorts(t: Traffic, answers: { unset: boolean; all: boolean; portless: boolean; range: (from: number | undefined, to: number | undefined) => boolean }): Tri {
    const p = t.protocol;
    if (p === undefined || p instanceof Undecided) {
        return p ?? answers.unset;
    }
    if (ALL_PROTOCOLS.has(p)) {
        return answers.all;
    }
    if (!PORT_PROTOCOLS.has(p)) {
        return answers.portless;
    }
    if (t.from instanceof Undecided || t.to instanceof Undecided) {
        return t.from instanceof Undecided ? t.from : (t.to as Undecided);
    }
    return answers.range(t.from, t.to);
}

/** Whether the rule lets `port` through (all protocols do; ICMP and other port-less protocols do not). */
function coversPort(t: Traffic, port: number): Tri {
    return byPorts(t, { unset: false, all: true, portless: false, range: (from, to) => from !== undefined && to !== undefined && from <= port && port <= to });
}

/** Whether every port the rule opens is in `allowed` (port-less protocols open no port). */
function onlyPorts(t: Traffic, allowed: number[]): Tri {
    return byPorts(t, {
        unset: true,
        all: false,
        portless: true,
        range: (from, to) => {
            if (from === undefined || to === undefined || to - from + 1 > allowed.length) {
                return false;
            }
            for (let port = from; port <= to; port++) {
                if (!allowed.includes(port)) {
                    return false;
                }
            }
            return true;
        },
    });
}

function describeTraffic(t: Traffic): string {
    if (isAllTraffic(t) === true) {
        return "all traffic";
    }
    return t.from === t.to ? `${show(t.protocol)} port ${show(t.from)}` : `${show(t.protocol)} ports ${show(t.from)}-${show(t.to)}`;
}

function portList(ports: number[]): string {
    return `${ports.length === 1 ? "port" : "ports"} ${ports.join(", ")}`;
}

/* Security group rules, inline or standalone, in one shape. */

interface SgRule {
    /** How the message names the rule: "ingress[0]" or "This ingress rule". */
    where: string;
    ingress: Tri;
    traffic: Traffic;
    /** IPv4 and IPv6 CIDRs the rule admits (ingress) or reaches (egress). */
    cidrs: Maybe<string>[];
    description: Maybe<string>;
    /** Tags of the security group (inline rules) or of the rule; undefined when the type has none. */
    tags: Maybe<unknown>;
    taggable: boolean;
}

function sgRules(args: ResourceValidationArgs): SgRule[] {
    const p = args.props;
    if (args.type === T.securityGroup || args.type === T.defaultSecurityGroup) {
        const tags = read<unknown>(p, "tags");
        return (["ingress", "egress"] as const).flatMap((dir) =>
            readList<unknown>(p, dir).map((rule, i): SgRule => {
                if (rule instanceof Undecided) {
                    return { where: `${dir}[${i}]`, ingress: dir === "ingress", traffic: { protocol: rule, from: rule, to: rule }, cidrs: [rule], description: rule, tags, taggable: true };
                }
                return {
                    where: `${dir}[${i}]`,
                    ingress: dir === "ingress",
                    traffic: traffic(rule, "protocol"),
                    cidrs: [...readList<string>(rule, "cidrBlocks"), ...readList<string>(rule, "ipv6CidrBlocks")],
                    description: read<string>(rule, "description"),
                    tags,
                    taggable: true,
                };
            }),
        );
    }
    if (args.type === T.securityGroupRule) {
        const type = read<string>(p, "type");
        return [
            {
                where: "This security group rule",
                ingress: test(type, (t) => t === "ingress"),
                traffic: traffic(p, "protocol"),
                cidrs: [...readList<string>(p, "cidrBlocks"), ...readList<string>(p, "ipv6CidrBlocks")],
                description: read<string>(p, "description"),
                tags: undefined,
                taggable: false,
            },
        ];
    }
    const ingress = args.type === T.ingressRule;
    return [
        {
            where: `This ${ingress ? "ingress" : "egress"} rule`,
            ingress,
            traffic: traffic(p, "ipProtocol"),
            cidrs: [read<string>(p, "cidrIpv4"), read<string>(p, "cidrIpv6")],
            description: read<string>(p, "description"),
            tags: read<unknown>(p, "tags"),
            taggable: true,
        },
    ];
}

function isPublic(rule: SgRule): Tri {
    return anyOf(rule.cidrs.map((c) => test(c, isOpenCidr)));
}

function openCidr(rule: SgRule): string {
    return (rule.cidrs.find((c) => typeof c === "string" && isOpenCidr(c)) as string | undefined) ?? "0.0.0.0/0";
}

const SG_TYPES = [T.securityGroup, T.securityGroupRule, T.ingressRule];
const SG_EGRESS_TYPES = [T.securityGroup, T.securityGroupRule, T.egressRule];
const DEFAULT_ADMIN_PORTS = [22, 3389];
const portsSchema = (description: string, defaults: number[]) => ({
    type: "array" as const,
    items: { type: "integer" as const, minimum: 0, maximum: 65535 },
    description,
    default: defaults,
});

export const sgNoPublicAdminPorts: ResourceValidationPolicy = {
    name: "sg-no-public-admin-ports",
    description: "Checks whether security groups keep remote administration ports (SSH 22, RDP 3389) closed to the internet.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("cis-aws", "5.2", "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports"),
    tags: ["cis-aws:5.3", "checkov:CKV_AWS_24", "checkov:CKV_AWS_25", "checkov:CKV_AWS_277", "trivy:AVD-AWS-0107"],
    remediationSteps:
        "Remove ingress from 0.0.0.0/0 and ::/0 that reaches port 22 or 3389 (including 'all traffic' and wide port ranges). Reach hosts through SSM Session Manager, or admit only internal CIDRs or a bastion's security group.",
    configSchema: { properties: { adminPorts: portsSchema("Ports that must never be open to the internet.", DEFAULT_ADMIN_PORTS) } },
    validateResource: validateTypes(SG_TYPES, (_props, args, report) => {
        const adminPorts = args.getConfig<{ adminPorts?: number[] }>().adminPorts ?? DEFAULT_ADMIN_PORTS;
        const v = new Verdicts(report);
        for (const rule of sgRules(args)) {
            const hits = adminPorts.map((port) => ({ port, hit: coversPort(rule.traffic, port) }));
            v.when(allOf([rule.ingress, isPublic(rule), anyOf(hits.map((h) => h.hit))]), () =>
                report(
                    `${rule.where} allows ${describeTraffic(rule.traffic)} from ${openCidr(rule)}, which includes ${portList(hits.filter((h) => h.hit === true).map((h) => h.port))}; ` +
                        "remote administration ports must not be open to the internet: admit only internal CIDRs or security groups, or use SSM Session Manager.",
                ),
            );
        }
        v.settle();
    }),
};

const DEFAULT_PUBLIC_PORTS = [443];
const DEFAULT_INTERNET_FACING_TAG = "platform:internet-facing";

export const sgNoPublicIngressUnapprovedPorts: ResourceValidationPolicy = {
    name: "sg-no-public-ingress-unapproved-ports",
    description: "Checks whether public ingress is limited to approved ports on security groups marked internet-facing.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "EC2.18", "Security groups should only allow unrestricted incoming traffic for authorized ports"),
    tags: ["fsbp:EC2.19", "checkov:CKV_AWS_260"],
    remediationSteps:
        "Admit 0.0.0.0/0 or ::/0 only on the approved ports (allowedPublicPorts, default 443), only on security groups tagged platform:internet-facing=true (load balancers). " +
        "Standalone aws.ec2.SecurityGroupRule cannot carry the tag: declare public ingress inline on the tagged group or as a tagged aws.vpc.SecurityGroupIngressRule.",
    configSchema: {
        properties: {
            allowedPublicPorts: portsSchema("Ports that may accept traffic from 0.0.0.0/0 or ::/0.", DEFAULT_PUBLIC_PORTS),
            internetFacingTag: { type: "string", description: 'Tag (value "true") that marks a security group, or a vpc ingress rule, as internet-facing.', default: DEFAULT_INTERNET_FACING_TAG },
        },
    },
    validateResource: validateTypes(SG_TYPES, (_props, args, report) => {
        const cfg = args.getConfig<{ allowedPublicPorts?: number[]; internetFacingTag?: string }>();
        const allowed = cfg.allowedPublicPorts ?? DEFAULT_PUBLIC_PORTS;
        const tag = cfg.internetFacingTag ?? DEFAULT_INTERNET_FACING_TAG;
        const v = new Verdicts(report);
        for (const rule of sgRules(args)) {
            const publicIngress = allOf([rule.ingress, isPublic(rule)]);
            if (!rule.taggable) {
                v.when(publicIngress, () =>
                    report(
                        `${rule.where} allows public ingress from ${openCidr(rule)}, and aws.ec2.SecurityGroupRule cannot carry the ${tag} tag; ` +
                            `declare public ingress inline on a security group tagged ${tag}=true, or as an aws.vpc.SecurityGroupIngressRule tagged ${tag}=true.`,
                    ),
                );
            } else {
                v.when(allOf([publicIngress, not(tagOn(rule.tags, tag))]), () =>
                    report(
                        `${rule.where} allows public ingress from ${openCidr(rule)} on a ${args.type === T.ingressRule ? "rule" : "security group"} not tagged ${tag}=true; ` +
                            "only internet-facing security groups may accept public traffic: tag it or admit only internal sources.",
                    ),
                );
            }
            v.when(allOf([publicIngress, not(onlyPorts(rule.traffic, allowed))]), () =>
                report(
                    `${rule.where} allows ${describeTraffic(rule.traffic)} from ${openCidr(rule)}; public ingress is approved only on ${portList(allowed)}: ` +
                        "open only approved ports to the internet, or add the port to allowedPublicPorts.",
                ),
            );
        }
        v.settle();
    }),
};

const DEFAULT_UNRESTRICTED_EGRESS_TAG = "platform:unrestricted-egress";

export const sgNoUnrestrictedEgress: ResourceValidationPolicy = {
    name: "sg-no-unrestricted-egress",
    description: "Checks whether security groups avoid all-protocol egress to the internet unless marked as needing it.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "sg-no-unrestricted-egress", "Security groups name the protocols and destinations they reach"),
    tags: ["checkov:CKV_AWS_382"],
    remediationSteps:
        "Replace egress 'all traffic to 0.0.0.0/0' with the protocols, ports and destinations needed (443 to VPC endpoints, the node CIDRs), " +
        "or tag the security group (or the vpc egress rule) platform:unrestricted-egress=true where unrestricted egress is intended (NAT instances, proxies).",
    configSchema: {
        properties: {
            unrestrictedEgressTag: { type: "string", description: 'Tag (value "true") that allows all-protocol egress to the internet.', default: DEFAULT_UNRESTRICTED_EGRESS_TAG },
        },
    },
    validateResource: validateTypes(SG_EGRESS_TYPES, (_props, args, report) => {
        const tag = args.getConfig<{ unrestrictedEgressTag?: string }>().unrestrictedEgressTag ?? DEFAULT_UNRESTRICTED_EGRESS_TAG;
        const v = new Verdicts(report);
        for (const rule of sgRules(args)) {
            const allowedByTag = rule.taggable ? tagOn(rule.tags, tag) : false;
            v.when(allOf([not(rule.ingress), isAllTraffic(rule.traffic), isPublic(rule), not(allowedByTag)]), () =>
                report(
                    `${rule.where} allows all traffic to ${openCidr(rule)}; egress must name its protocols, ports and destinations: ` +
                        `restrict it, or tag the security group ${tag}=true where unrestricted egress is intended.`,
                ),
            );
        }
        v.settle();
    }),
};

const PULUMI_DEFAULT_SG_DESCRIPTION = "Managed by Pulumi";

export const sgRuleDescriptions: ResourceValidationPolicy = {
    name: "sg-rule-descriptions",
    description: "Checks whether security groups and their rules say why they exist.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("own", "sg-rule-descriptions", "Security groups and rules have descriptions"),
    tags: ["checkov:CKV_AWS_23"],
    remediationSteps: "Set description on the security group and on every ingress and egress rule: who talks to whom, and why.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.securityGroup, T.securityGroupRule, T.ingressRule, T.egressRule], (props, args, report) => {
        const v = new Verdicts(report);
        if (args.type === T.securityGroup) {
            v.when(
                test(read<string>(props, "description"), (d) => !d || d.trim() === "" || d === PULUMI_DEFAULT_SG_DESCRIPTION),
                () => report(`Security group needs a description; set description (the provider default "${PULUMI_DEFAULT_SG_DESCRIPTION}" says nothing).`),
            );
        }
        for (const rule of sgRules(args)) {
            v.when(
                test(rule.description, (d) => !d || d.trim() === ""),
                () => report(`${rule.where} needs a description; set description to who the rule lets in or out, and why.`),
            );
        }
        v.settle();
    }),
};

export const defaultSgRestrictAll: StackValidationPolicy = {
    name: "default-sg-restrict-all",
    description: "Checks whether every VPC's default security group is adopted and has no rules.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-aws", "5.4", "Ensure the default security group of every VPC restricts all traffic"),
    tags: ["fsbp:EC2.2", "checkov:CKV2_AWS_12"],
    remediationSteps:
        "For every aws.ec2.Vpc, declare aws.ec2.DefaultSecurityGroup with vpcId: vpc.id and no ingress or egress; adopting it removes the default rules. Workloads use their own security groups.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const groups = ofType(args.resources, T.defaultSecurityGroup);
        const v = new Verdicts(report);
        for (const vpc of ofType(args.resources, T.vpc)) {
            if (!groups.some((g) => refersTo(g, "vpcId", vpc))) {
                v.fail("VPC's default security group must restrict all traffic; adopt it with aws.ec2.DefaultSecurityGroup (vpcId: this VPC's id) and declare no ingress or egress.", vpc.urn);
            }
        }
        for (const group of groups) {
            const hasRules = anyOf(["ingress", "egress"].map((dir) => test(read<unknown[]>(group.props, dir), (list) => Array.isArray(list) && list.length > 0)));
            v.when(hasRules, () => report("Default security group must have no rules; remove its ingress and egress so that it restricts all traffic.", group.urn));
        }
        v.settle();
    },
};

export const vpcFlowLogsEnabled: StackValidationPolicy = {
    name: "vpc-flow-logs-enabled",
    description: "Checks whether every VPC has a flow log that captures all traffic.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-aws", "3.7", "Ensure VPC flow logging is enabled in all VPCs"),
    tags: ["fsbp:EC2.6", "checkov:CKV2_AWS_11"],
    remediationSteps: 'For every aws.ec2.Vpc, declare aws.ec2.FlowLog with vpcId: vpc.id and trafficType: "ALL" (the SpokeVpc component does, to CloudWatch Logs with KMS and retention).',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const flowLogs = ofType(args.resources, T.flowLog);
        const v = new Verdicts(report);
        for (const vpc of ofType(args.resources, T.vpc)) {
            const mine = flowLogs.filter((f) => refersTo(f, "vpcId", vpc));
            if (mine.length === 0) {
                v.fail('VPC has no flow log; add aws.ec2.FlowLog with vpcId: this VPC\'s id and trafficType: "ALL".', vpc.urn);
                continue;
            }
            const capturesAll = anyOf(mine.map((f) => test(read<string>(f.props, "trafficType"), (t) => t === "ALL")));
            v.when(not(capturesAll), () => report('VPC flow logs must capture ALL traffic, not only accepted or rejected; set trafficType: "ALL" on its flow log.', vpc.urn));
        }
        v.settle();
    },
};

export const noDefaultVpc: ResourceValidationPolicy = {
    name: "no-default-vpc",
    description: "Checks whether the stack avoids managing or using the default VPC.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "no-default-vpc", "The default VPC is not used"),
    tags: ["checkov:CKV_AWS_148"],
    remediationSteps: "Remove aws.ec2.DefaultVpc and place resources in a VPC built by the SpokeVpc component; delete the default VPC in each account and region.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.defaultVpc], (_props, _args, report) => {
        report("The default VPC must not be used; remove aws.ec2.DefaultVpc and use a dedicated VPC (SpokeVpc).");
    }),
};

export const subnetNoAutoPublicIp: ResourceValidationPolicy = {
    name: "subnet-no-auto-public-ip",
    description: "Checks whether subnets avoid assigning public IPs on launch, except load-balancer subnets marked by tag.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "EC2.15", "Amazon EC2 subnets should not automatically assign public IP addresses"),
    tags: ["checkov:CKV_AWS_130"],
    remediationSteps: `Set mapPublicIpOnLaunch: false (the default). Public load-balancer subnets that need it carry the ${DEFAULT_PUBLIC_SUBNET_TAG}=1 tag (publicSubnetTag).`,
    configSchema: {
        properties: {
            publicSubnetTag: { type: "string", description: 'Tag (value "1" or "true") that marks a public load-balancer subnet.', default: DEFAULT_PUBLIC_SUBNET_TAG },
        },
    },
    validateResource: validateTypes([T.subnet], (props, args, report) => {
        const tag = args.getConfig<{ publicSubnetTag?: string }>().publicSubnetTag ?? DEFAULT_PUBLIC_SUBNET_TAG;
        const v = new Verdicts(report);
        const mapsPublic = test(read<boolean>(props, "mapPublicIpOnLaunch"), (m) => m === true);
        v.when(allOf([mapsPublic, not(tagOn(read(props, "tags"), tag))]), () =>
            report(`Subnet must not assign public IPs on launch; set mapPublicIpOnLaunch: false, or tag a public load-balancer subnet ${tag}=1.`),
        );
        v.settle();
    }),
};

export const naclNoPublicAdminPorts: ResourceValidationPolicy = {
    name: "nacl-no-public-admin-ports",
    description: "Checks whether network ACLs keep remote administration ports (SSH 22, RDP 3389) closed to the internet.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-aws", "5.1", "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports"),
    tags: ["fsbp:EC2.21"],
    remediationSteps: "Remove network ACL ingress entries that allow 0.0.0.0/0 or ::/0 to port 22, 3389 or all traffic; allow only the ports the subnet serves.",
    configSchema: { properties: { adminPorts: portsSchema("Ports that must never be open to the internet.", DEFAULT_ADMIN_PORTS) } },
    validateResource: validateTypes([T.networkAcl, T.defaultNetworkAcl, T.networkAclRule], (props, args, report) => {
        const adminPorts = args.getConfig<{ adminPorts?: number[] }>().adminPorts ?? DEFAULT_ADMIN_PORTS;
        const entries: { where: string; entry: unknown; ingress: Tri; actionKey: string }[] =
            args.type === T.networkAclRule
                ? [{ where: "This network ACL rule", entry: props, ingress: test(read<boolean>(props, "egress"), (e) => e !== true), actionKey: "ruleAction" }]
                : readList<unknown>(props, "ingress").map((entry, i) => ({ where: `ingress[${i}]`, entry, ingress: true, actionKey: "action" }));
        const v = new Verdicts(report);
        for (const { where, entry, ingress, actionKey } of entries) {
            if (entry instanceof Undecided) {
                v.note(entry);
                continue;
            }
            const t = traffic(entry, "protocol");
            const cidrs = [read<string>(entry, "cidrBlock"), read<string>(entry, "ipv6CidrBlock")];
            const open = anyOf(cidrs.map((c) => test(c, isOpenCidr)));
            const allows = test(read<string>(entry, actionKey), (a) => String(a).toLowerCase() === "allow");
            const hits = adminPorts.map((port) => ({ port, hit: coversPort(t, port) }));
            v.when(allOf([ingress, allows, open, anyOf(hits.map((h) => h.hit))]), () =>
                report(
                    `${where} allows ${describeTraffic(t)} from ${cidrs.find((c) => typeof c === "string" && isOpenCidr(c))}, which includes ${portList(hits.filter((h) => h.hit === true).map((h) => h.port))}; ` +
                        "network ACLs must not open remote administration ports to the internet: deny them or narrow the source CIDR.",
                ),
            );
        }
        v.settle();
    }),
};

const TGW_FLAGS = [
    { key: "autoAcceptSharedAttachments", providerDefault: "disable", what: "accept shared attachments automatically" },
    { key: "defaultRouteTableAssociation", providerDefault: "enable", what: "associate attachments with its default route table" },
    { key: "defaultRouteTablePropagation", providerDefault: "enable", what: "propagate attachments to its default route table" },
] as const;

export const tgwNoAutoAccept: ResourceValidationPolicy = {
    name: "tgw-no-auto-accept",
    description: "Checks whether transit gateways accept attachments only explicitly and route them only through segment route tables.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "EC2.23", "Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests"),
    tags: ["checkov:CKV_AWS_331"],
    remediationSteps:
        'Set autoAcceptSharedAttachments, defaultRouteTableAssociation and defaultRouteTablePropagation to "disable", and associate each attachment with its segment\'s route table (TransitHub does). The remediation sets the three flags.',
    configSchema: { properties: {} },
    validateResource: validateTypes([T.transitGateway], (props, _args, report) => {
        const v = new Verdicts(report);
        for (const flag of TGW_FLAGS) {
            v.when(
                test(read<string>(props, flag.key), (value) => (value ?? flag.providerDefault) !== "disable"),
                () => report(`Transit gateway must not ${flag.what}; set ${flag.key}: "disable"${flag.providerDefault === "enable" ? ' (unset means "enable")' : ""}.`),
            );
        }
        v.settle();
    }),
    remediateResource: (args) => {
        if (args.type !== T.transitGateway || TGW_FLAGS.every((f) => read(args.props, f.key) === "disable")) {
            return undefined;
        }
        return { ...rawInputs(args.props), ...Object.fromEntries(TGW_FLAGS.map((f) => [f.key, "disable"])) };
    },
};

export const vpcPeeringRoutesLeastAccess: ResourceValidationPolicy = {
    name: "vpc-peering-routes-least-access",
    description: "Checks whether routes through VPC peering connections name the peer's CIDRs rather than the default route.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "vpc-peering-routes-least-access", "No default route through a VPC peering connection"),
    tags: [],
    remediationSteps: "Route only the peer VPC's CIDR blocks (or the subnets that need it) through a peering connection, never 0.0.0.0/0 or ::/0.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.route, T.routeTable], (props, args, report) => {
        const routes =
            args.type === T.route
                ? [{ where: "This route", route: props as unknown, cidrKeys: ["destinationCidrBlock", "destinationIpv6CidrBlock"] }]
                : readList<unknown>(props, "routes").map((route, i) => ({ where: `routes[${i}]`, route, cidrKeys: ["cidrBlock", "ipv6CidrBlock"] }));
        const v = new Verdicts(report);
        for (const { where, route, cidrKeys } of routes) {
            if (route instanceof Undecided) {
                v.note(route);
                continue;
            }
            // The peering connection's id is unknown until apply when it is created alongside: presence decides.
            const viaPeering = isSet(route, "vpcPeeringConnectionId");
            const cidrs = cidrKeys.map((k) => read<string>(route, k));
            v.when(allOf([viaPeering, anyOf(cidrs.map((c) => test(c, isOpenCidr)))]), () =>
                report(`${where} sends ${cidrs.find((c) => typeof c === "string" && isOpenCidr(c))} through a VPC peering connection; peering routes must be least access: route only the peer's CIDR blocks.`),
            );
        }
        v.settle();
    }),
};

const DEFAULT_ENDPOINT_SERVICES = ["ecr.api", "ecr.dkr", "s3", "sts", "logs"];

/**
 * Interface endpoints every VPC hosting an EKS cluster must have, private endpoint or not: FSBP
 * EC2.10 (ec2), EC2.55 (ecr.api), EC2.56 (ecr.dkr). Nodes call the EC2 API (the VPC CNI assigns
 * ENIs and addresses, the EBS CSI driver attaches volumes:
 * https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html,
 * https://docs.aws.amazon.com/eks/latest/userguide/private-clusters.html) and pull images and
 * add-ons from ECR. Security Hub's controls run the Config rule vpc-endpoint-enabled, whose vpcIds
 * parameter scopes them to named VPCs (https://docs.aws.amazon.com/config/latest/developerguide/vpc-endpoint-enabled.html,
 * read 2026-12-03): the platform names the VPCs that host clusters; the egress VPC and the CI VPC run
 * neither nodes nor image pulls from their own subnets' workloads and are out of that scope.
 */
const CLUSTER_VPC_ENDPOINTS = ["ec2", "ecr.api", "ecr.dkr"];

export const privateEndpointsForPrivateClusters: StackValidationPolicy = {
    name: "private-endpoints-for-private-clusters",
    description: "Checks whether the VPC of every EKS cluster has the EC2 and ECR (API, Docker) interface endpoints, and a private-only cluster's VPC also the S3, STS and CloudWatch Logs endpoints its nodes need.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("fsbp", "EC2.10", "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service"),
    tags: ["fsbp:EC2.55", "fsbp:EC2.56"],
    remediationSteps:
        "Add aws.ec2.VpcEndpoint for com.amazonaws.<region>.<service> in each EKS cluster's VPC: interface endpoints for ec2, ecr.api and ecr.dkr, and for a private-only cluster also sts and logs and a gateway endpoint for s3 (SpokeVpc's interfaceEndpoints, platform:network.interfaceEndpoints).",
    configSchema: {
        properties: {
            requiredServices: { type: "array", items: { type: "string" }, description: "Service name suffixes (after com.amazonaws.<region>.) a private-only cluster's VPC needs besides ec2, ecr.api and ecr.dkr.", default: DEFAULT_ENDPOINT_SERVICES },
        },
    },
    validateStack: (args, report) => {
        const extra = args.getConfig<{ requiredServices?: string[] }>().requiredServices ?? DEFAULT_ENDPOINT_SERVICES;
        const v = new Verdicts(report);
        const clusters = ofType(args.resources, T.cluster);
        if (clusters.length === 0) {
            args.notApplicable("no EKS cluster in this stack");
        }
        const vpcs = ofType(args.resources, T.vpc);
        const subnets = ofType(args.resources, T.subnet);
        // Each VPC with what it must have: the claimed endpoints for every cluster, more for a private-only one.
        const needs = new Map<PolicyResource, Set<string>>();
        for (const cluster of clusters) {
            const isPrivate = test(read<boolean>(read(cluster.props, "vpcConfig"), "endpointPublicAccess"), (p) => p === false);
            v.note(isPrivate);
            const services = isPrivate === true ? [...CLUSTER_VPC_ENDPOINTS, ...extra] : CLUSTER_VPC_ENDPOINTS;
            const direct = vpcs.filter((vpc) => refersTo(cluster, "vpcConfig", vpc));
            const viaSubnets = subnets.filter((s) => refersTo(cluster, "vpcConfig", s)).flatMap((s) => vpcs.filter((vpc) => refersTo(s, "vpcId", vpc)));
            const found = [...direct, ...viaSubnets];
            // A cluster whose VPC cannot be traced (subnets from another stack) holds every VPC here to the rule.
            for (const vpc of found.length > 0 ? found : vpcs) {
                const set = needs.get(vpc) ?? new Set<string>();
                services.forEach((svc) => set.add(svc));
                needs.set(vpc, set);
            }
        }
        const endpoints = ofType(args.resources, T.vpcEndpoint);
        for (const [vpc, required] of needs) {
            const names = endpoints.filter((e) => refersTo(e, "vpcId", vpc)).map((e) => read<string>(e.props, "serviceName"));
            const missing = [...required].map((svc) => ({ svc, missing: not(anyOf(names.map((n) => test(n, (s) => typeof s === "string" && s.endsWith(`.${svc}`))))) }));
            const known = missing.filter((m) => m.missing === true).map((m) => m.svc);
            v.when(anyOf(missing.map((m) => m.missing)), () =>
                report(`VPC of an EKS cluster lacks VPC endpoints for ${known.join(", ")}; nodes call the EC2 API and pull from ECR through them (FSBP EC2.10, EC2.55, EC2.56), and without internet egress cannot get credentials or ship logs: add aws.ec2.VpcEndpoint for com.amazonaws.<region>.<service>.`, vpc.urn),
            );
        }
        v.settle();
    },
};

export const networkPolicies: Policies = [
    sgNoPublicAdminPorts,
    sgNoPublicIngressUnapprovedPorts,
    sgNoUnrestrictedEgress,
    sgRuleDescriptions,
    defaultSgRestrictAll,
    vpcFlowLogsEnabled,
    noDefaultVpc,
    subnetNoAutoPublicIp,
    naclNoPublicAdminPorts,
    tgwNoAutoAccept,
    vpcPeeringRoutesLeastAccess,
    privateEndpointsForPrivateClusters,
];
