import { Address6 } from "ip-address";
import { checkPlatformRoleArgs, Problems, show } from "../common";
import { accessProblems } from "./access";
import type { EksClusterArgs } from "./cluster";
import { isSupportedVersion, unsupportedVersionMessage } from "./versions";

/** The five control-plane log types EKS can send to CloudWatch. */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;
export type ClusterLogType = (typeof CLUSTER_LOG_TYPES)[number];

/** The values CloudWatch Logs accepts for `retentionInDays` (0, "never expire", is left out on purpose). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;

/** EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, '-' and '_'. */
const CLUSTER_NAME = /^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

export interface ParsedCidr {
    family: 4 | 6;
    prefix: number;
    /** IPv4 only: the address as a 32-bit number. */
    address?: number;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR; undefined when malformed (a prefix is required). */
export function parseCidr(value: string): ParsedCidr | undefined {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(value);
    if (!m) {
        return undefined;
    }
    const prefix = Number(m[2]);
    if (IPV4.test(m[1])) {
        if (prefix > 32) {
            return undefined;
        }
        const address = m[1].split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
        return { family: 4, prefix, address };
    }
    if (m[1].includes(":") && Address6.isValid(m[1]) && prefix <= 128) {
        return { family: 6, prefix };
    }
    return undefined;
}

/**
 * Checks a list of CIDRs that grants network access to the API server: each well-formed, none
 * open to the whole internet, no duplicates.
 */
function accessCidrs(p: Problems, path: string, cidrs: readonly unknown[]): void {
    const seen = new Set<string>();
    cidrs.forEach((cidr, i) => {
        const at = `${path}[${i}]`;
        const parsed = typeof cidr === "string" ? parseCidr(cidr) : undefined;
        if (!parsed) {
            p.add(at, cidr, "is not a CIDR block (a.b.c.d/n or an IPv6 prefix)");
        } else if (parsed.prefix === 0) {
            p.add(at, cidr, "opens the API server to the whole internet; list the networks that need it");
        } else if (seen.has(cidr as string)) {
            p.add(at, cidr, "is listed twice");
        }
        seen.add(cidr as string);
    });
}

/** True when an IPv4 CIDR lies inside one of the RFC 1918 ranges. */
function insidePrivateRange(c: ParsedCidr): boolean {
    const ranges: [number, number][] = [
        [10 * 2 ** 24, 8],
        [(172 * 2 ** 24) + (16 * 2 ** 16), 12],
        [(192 * 2 ** 24) + (168 * 2 ** 16), 16],
    ];
    return ranges.some(([base, bits]) => c.prefix >= bits && Math.floor(c.address! / 2 ** (32 - bits)) === Math.floor(base / 2 ** (32 - bits)));
}

/**
 * Every problem with EksCluster arguments, thrown once. Checks what a plan can know before any
 * resource exists; values that arrive as outputs (subnet IDs, key ARNs) are only counted.
 */
export function validateEksClusterArgs(args: EksClusterArgs, name?: string): void {
    const p = new Problems();
    const clusterName = args.clusterName ?? name;
    if (typeof clusterName !== "string" || !CLUSTER_NAME.test(clusterName)) {
        p.add("clusterName", clusterName, "is not an EKS cluster name (1-100 letters, digits, '-' or '_', starting with a letter or digit)");
    }
    if (args.kubernetesVersion !== undefined && !isSupportedVersion(args.kubernetesVersion)) {
        p.addMessage(unsupportedVersionMessage("kubernetesVersion", args.kubernetesVersion));
    }
    if (typeof args.region !== "string" || !REGION.test(args.region)) {
        p.add("region", args.region, "is not an AWS region (e.g. eu-west-1)");
    }
    if (typeof args.accountId !== "string" || !/^\d{12}$/.test(args.accountId)) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    checkPlatformRoleArgs(p, args);
    if (!Array.isArray(args.subnetIds) || args.subnetIds.length < 2) {
        const count = Array.isArray(args.subnetIds) ? args.subnetIds.length : 0;
        p.addMessage(`subnetIds: ${count} given; EKS needs at least 2 subnets, in different Availability Zones, for the control-plane ENIs`);
    }

    const cidrs = args.publicAccessCidrs ?? [];
    if (args.endpointPublicAccess === true) {
        if (cidrs.length === 0) {
            p.addMessage("publicAccessCidrs: empty while endpointPublicAccess is true; EKS would open the endpoint to 0.0.0.0/0. List the networks allowed to reach it");
        }
        accessCidrs(p, "publicAccessCidrs", cidrs);
    } else if (cidrs.length > 0) {
        p.add("publicAccessCidrs", cidrs, "is set but endpointPublicAccess is not true; set endpointPublicAccess: true to use them, or remove them");
    }
    accessCidrs(p, "apiAccessCidrs", args.apiAccessCidrs ?? []);

    if (args.serviceIpv4Cidr !== undefined) {
        const c = parseCidr(args.serviceIpv4Cidr);
        if (!c || c.family !== 4) {
            p.add("serviceIpv4Cidr", args.serviceIpv4Cidr, "is not an IPv4 CIDR block");
        } else if (c.prefix < 12 || c.prefix > 24 || !insidePrivateRange(c)) {
            p.add("serviceIpv4Cidr", args.serviceIpv4Cidr, "is not a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
        }
    }

    const logTypes = args.enabledLogTypes;
    if (logTypes !== undefined) {
        logTypes.forEach((t, i) => {
            if (!CLUSTER_LOG_TYPES.includes(t)) {
                p.add(`enabledLogTypes[${i}]`, t, `is not one of ${CLUSTER_LOG_TYPES.map((x) => show(x)).join(", ")}`);
            }
        });
        if (new Set(logTypes).size !== logTypes.length) {
            p.add("enabledLogTypes", logTypes, "lists a log type twice");
        }
    }
    if (args.logRetentionDays !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(args.logRetentionDays)) {
        p.add("logRetentionDays", args.logRetentionDays, `is not a CloudWatch retention value (${LOG_RETENTION_DAYS.join(", ")})`);
    }
    if (args.supportType !== undefined) {
        p.oneOf("supportType", args.supportType, SUPPORT_TYPES);
    }

    accessProblems(args, p);
    if (args.kubeconfigRoleArn !== undefined) {
        if (!ROLE_ARN.test(args.kubeconfigRoleArn)) {
            p.add("kubeconfigRoleArn", args.kubeconfigRoleArn, "is not an IAM role ARN");
        } else if (!(args.admins ?? []).includes(args.kubeconfigRoleArn) && !(args.previewers ?? []).includes(args.kubeconfigRoleArn)) {
            p.add(
                "kubeconfigRoleArn",
                args.kubeconfigRoleArn,
                "is not listed in admins or previewers; the Kubernetes provider deploys cluster-wide resources and needs an admin access entry (or, for a preview, a previewer entry)",
            );
        }
    }
    p.throwIfAny("EksCluster");
}
