import { contains } from "./cidr";

/*
 * The network ACL every subnet of a SpokeVpc is explicitly associated with, so that the VPC's
 * default ACL can be adopted with no rules (deny all) and any subnet that escapes an explicit
 * association carries no traffic instead of all of it.
 *
 * What the entries allow, and why (network ACLs are stateless and evaluated lowest rule first,
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html, read 2026-12-03):
 * - everything from the internal ranges (the VPC and the ranges routed to the transit gateway):
 *   the ACL leaves east-west policy to security groups and transit gateway route tables;
 * - from anywhere else, TCP and UDP on every port except 22 and 3389, and ICMP: return traffic of
 *   connections that go out through NAT or the internet gateway, load balancer listeners, and
 *   path MTU discovery. Remote administration ports stay closed to the internet (CIS AWS 5.1,
 *   FSBP EC2.21: "Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389",
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-21).
 *   The cost: "A NAT gateway uses ports 1024-65535"
 *   (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html), so a connection
 *   whose NAT source port happens to be 3389 gets no reply through this ACL (about 1 in 64,000).
 * - everything outbound: egress is decided by security groups, routes and the NAT path.
 */

/** One inline entry of an `aws.ec2.NetworkAcl` (`ingress` or `egress`). */
export interface NaclEntry {
    ruleNo: number;
    action: "allow" | "deny";
    protocol: "-1" | "tcp" | "udp" | "icmp";
    cidrBlock: string;
    fromPort: number;
    toPort: number;
    icmpType?: number;
    icmpCode?: number;
}

/** Ports closed to sources outside the internal ranges. */
export const NACL_ADMIN_PORTS = [22, 3389] as const;

/** Port ranges of 0-65535 without the admin ports: [0, 21], [23, 3388], [3390, 65535]. */
export function portRangesWithout(excluded: readonly number[]): [number, number][] {
    const sorted = [...new Set(excluded)].sort((a, b) => a - b);
    const out: [number, number][] = [];
    let from = 0;
    for (const port of sorted) {
        if (port > from) {
            out.push([from, port - 1]);
        }
        from = port + 1;
    }
    if (from <= 65535) {
        out.push([from, 65535]);
    }
    return out;
}

/** The internal ranges, each once and none inside another listed one. */
export function internalRanges(cidrs: readonly string[]): string[] {
    const unique = [...new Set(cidrs)];
    return unique.filter((c) => !unique.some((other) => other !== c && contains(other, c)));
}

/** Rule numbers: internal ranges from 100, internet entries from 200, in steps of 10. */
export const NACL_RULE_BASE = { internal: 100, internet: 200 } as const;

/** Network ACL entries can number at most 20 inbound per ACL by default (VPC quotas). */
export const NACL_MAX_INBOUND = 20;

export function subnetNaclEntries(internalCidrs: readonly string[]): { ingress: NaclEntry[]; egress: NaclEntry[] } {
    const internal = internalRanges(internalCidrs).map(
        (cidrBlock, i): NaclEntry => ({ ruleNo: NACL_RULE_BASE.internal + i * 10, action: "allow", protocol: "-1", cidrBlock, fromPort: 0, toPort: 0 }),
    );
    const ranges = portRangesWithout(NACL_ADMIN_PORTS);
    const internet = (["tcp", "udp"] as const).flatMap((protocol) => ranges.map(([fromPort, toPort]) => ({ protocol, fromPort, toPort })));
    const ingress = [
        ...internal,
        ...internet.map((e, i): NaclEntry => ({ ruleNo: NACL_RULE_BASE.internet + i * 10, action: "allow", cidrBlock: "0.0.0.0/0", ...e })),
        { ruleNo: NACL_RULE_BASE.internet + internet.length * 10, action: "allow", protocol: "icmp", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0, icmpType: -1, icmpCode: -1 } as NaclEntry,
    ];
    return { ingress, egress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }] };
}
