import { PlanResource } from "../plan/model";
import { flatten, getPath, parseJsonString, pathMatches } from "./paths";

/**
 * Security-relevant inputs and the direction in which a change loosens them. The diff applies
 * every rule to each updated or replaced resource (and the `onCreate` rules to created ones) and
 * reports a risk when the head is looser than the base. An unset input reads as the provider's
 * default (STYLE.md rule 14): an EKS endpoint with no `endpointPublicAccess` is public.
 *
 * | rule | types | looser when |
 * |---|---|---|
 * | eks-endpoint-public | EKS Cluster | `vpcConfig.endpointPublicAccess` false → true (unset = true) |
 * | eks-public-cidrs-widened | EKS Cluster | `vpcConfig.publicAccessCidrs` gains a CIDR (unset = 0.0.0.0/0) while the endpoint is public |
 * | eks-secrets-encryption-removed | EKS Cluster | `encryptionConfig` removed |
 * | eks-logging-reduced | EKS Cluster | a type leaves `enabledClusterLogTypes` |
 * | kms-rotation-disabled | KMS Key | `enableKeyRotation` true → false (unset = false) |
 * | kms-deletion-window-lowered | KMS Key | `deletionWindowInDays` lowered (unset = 30) |
 * | ecr-tags-mutable | ECR Repository | `imageTagMutability` IMMUTABLE → MUTABLE (unset = MUTABLE) |
 * | ecr-scan-on-push-off | ECR Repository | `imageScanningConfiguration.scanOnPush` true → false |
 * | imdsv2-optional | LaunchTemplate, Instance | `metadataOptions.httpTokens` required → optional (unset = optional) |
 * | ebs-unencrypted | LaunchTemplate, Volume, Instance | an `encrypted` flag true → false |
 * | public-ip-on-launch | LaunchTemplate, Subnet | `associatePublicIpAddress` / `mapPublicIpOnLaunch` false → true |
 * | s3-public-access-block-off | BucketPublicAccessBlock | any of the four flags true → false (unset = false) |
 * | s3-versioning-suspended | BucketVersioning | `versioningConfiguration.status` Enabled → Suspended/Disabled |
 * | log-retention-lowered | LogGroup | `retentionInDays` lowered (0 or unset = never expire) |
 * | log-encryption-removed | LogGroup | `kmsKeyId` removed |
 * | sg-open-to-world | SecurityGroup, ingress rules | an ingress from 0.0.0.0/0 or ::/0 added (also on create) |
 * | iam-wildcard-action | any policy document input | an Allow statement with Action `*` added (also on create) |
 * | policy-public-principal | any policy document input | an Allow statement with Principal `*` and no Condition added (also on create) |
 * | nodegroup-ssh | EKS NodeGroup | `remoteAccess` added |
 * | psa-enforce-loosened | Kubernetes Namespace | `pod-security.kubernetes.io/enforce` restricted → baseline → privileged |
 * | deletion-protection-off | any with `deletionProtection` (EKS Cluster, …) | `deletionProtection` true → false or unset |
 * | protect-removed | any | the `protect` option true → false |
 * | retain-removed | any | the `retainOnDelete` option true → false |
 */

export interface SecurityRule {
    id: string;
    /** Resource types the rule reads; `*` for every type. */
    types: readonly string[];
    description: string;
    /** Evaluated for created resources too (with no base). */
    onCreate?: boolean;
    /** Returns one message per loosening found, or none. `base` is undefined for a create. */
    check(base: PlanResource | undefined, head: PlanResource): string[];
}

const EKS = "aws:eks/cluster:Cluster";
const KMS = "aws:kms/key:Key";
const ECR = "aws:ecr/repository:Repository";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const INSTANCE = "aws:ec2/instance:Instance";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const inp = (r: PlanResource | undefined, path: string): unknown => (r ? getPath(r.inputs, path) : undefined);
const orDefault = <T>(v: unknown, d: T): T | unknown => (v === undefined || v === null ? d : v);
const show = (v: unknown): string => (v === undefined ? "unset" : JSON.stringify(v));

function flagTurnedOff(path: string, defaultValue: boolean) {
    return (base: PlanResource | undefined, head: PlanResource): string[] => {
        const before = orDefault(inp(base, path), defaultValue);
        const after = orDefault(inp(head, path), defaultValue);
        return before === true && after === false ? [`${path}: ${show(inp(base, path))} → ${show(inp(head, path))}`] : [];
    };
}

function flagTurnedOn(path: string, defaultValue: boolean) {
    return (base: PlanResource | undefined, head: PlanResource): string[] => {
        const before = orDefault(inp(base, path), defaultValue);
        const after = orDefault(inp(head, path), defaultValue);
        return before === false && after === true ? [`${path}: ${show(inp(base, path))} → ${show(inp(head, path))}`] : [];
    };
}

/** Every leaf whose path matches `pattern`, by path. */
function leavesMatching(r: PlanResource | undefined, pattern: string): Map<string, unknown> {
    const out = new Map<string, unknown>();
    if (!r) {
        return out;
    }
    for (const [p, v] of flatten(r.inputs)) {
        if (pathMatches(pattern, p)) {
            out.set(p, v);
        }
    }
    return out;
}

const WORLD = ["0.0.0.0/0", "::/0"];

function openIngress(r: PlanResource | undefined): string[] {
    if (!r) {
        return [];
    }
    const found: string[] = [];
    const t = r.type;
    if (t === "aws:ec2/securityGroup:SecurityGroup") {
        const ingress = parseJsonString(r.inputs.ingress);
        (Array.isArray(ingress) ? ingress : []).forEach((rule: Record<string, unknown>) => {
            const cidrs = [...((rule.cidrBlocks as string[]) ?? []), ...((rule.ipv6CidrBlocks as string[]) ?? [])];
            cidrs.filter((c) => WORLD.includes(c)).forEach((c) => found.push(`ingress ${rule.protocol ?? ""} ${rule.fromPort ?? ""}-${rule.toPort ?? ""} from ${c}`));
        });
    } else if (t === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
        for (const c of [r.inputs.cidrIpv4, r.inputs.cidrIpv6]) {
            if (typeof c === "string" && WORLD.includes(c)) {
                found.push(`ingress ${r.inputs.ipProtocol ?? ""} ${r.inputs.fromPort ?? ""}-${r.inputs.toPort ?? ""} from ${c}`);
            }
        }
    } else if (t === "aws:ec2/securityGroupRule:SecurityGroupRule" && r.inputs.type === "ingress") {
        const cidrs = [...((r.inputs.cidrBlocks as string[]) ?? []), ...((r.inputs.ipv6CidrBlocks as string[]) ?? [])];
        cidrs.filter((c) => WORLD.includes(c)).forEach((c) => found.push(`ingress ${r.inputs.protocol ?? ""} ${r.inputs.fromPort ?? ""}-${r.inputs.toPort ?? ""} from ${c}`));
    }
    return found;
}

interface Statement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Principal?: unknown;
    Condition?: unknown;
}

/** Policy documents among a resource's inputs, by path: any input that parses to `{ Statement: [...] }`. */
function policyDocuments(r: PlanResource | undefined): Map<string, Statement[]> {
    const out = new Map<string, Statement[]>();
    const visit = (v: unknown, path: string) => {
        const parsed = parseJsonString(v);
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
            const st = (parsed as Record<string, unknown>).Statement;
            if (st !== undefined) {
                out.set(path, (Array.isArray(st) ? st : [st]) as Statement[]);
                return;
            }
            for (const [k, x] of Object.entries(parsed)) {
                visit(x, path ? `${path}.${k}` : k);
            }
        } else if (Array.isArray(parsed)) {
            parsed.forEach((x, i) => visit(x, `${path}[${i}]`));
        }
    };
    if (r) {
        visit(r.inputs, "");
    }
    return out;
}

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function wildcardActions(r: PlanResource | undefined): Set<string> {
    const out = new Set<string>();
    for (const [path, sts] of policyDocuments(r)) {
        sts.forEach((s, i) => {
            if (s.Effect === "Allow" && asList(s.Action).includes("*")) {
                out.add(`${path} statement ${i}: Action "*"`);
            }
        });
    }
    return out;
}

function isPublicPrincipal(p: unknown): boolean {
    if (p === "*") {
        return true;
    }
    if (p && typeof p === "object") {
        return Object.values(p).some((v) => asList(v).includes("*"));
    }
    return false;
}

function publicPrincipals(r: PlanResource | undefined): Set<string> {
    const out = new Set<string>();
    for (const [path, sts] of policyDocuments(r)) {
        sts.forEach((s, i) => {
            // A condition (caller account, org, via service) scopes it; the policy packs judge how well.
            if (s.Effect === "Allow" && isPublicPrincipal(s.Principal) && s.Condition === undefined) {
                out.add(`${path} statement ${i}: Principal "*"`);
            }
        });
    }
    return out;
}

/** Statements are matched by their text, not their index, so a reordered document is not "added". */
function addedBy(fn: (r: PlanResource | undefined) => Set<string>) {
    return (base: PlanResource | undefined, head: PlanResource): string[] => {
        const strip = (s: string) => s.replace(/ statement \d+:/, ":");
        const before = new Set([...fn(base)].map(strip));
        return [...fn(head)].filter((s) => !before.has(strip(s)));
    };
}

const PSA_ORDER = ["restricted", "baseline", "privileged"];

export const SECURITY_RULES: readonly SecurityRule[] = [
    {
        id: "eks-endpoint-public",
        types: [EKS],
        description: "EKS API endpoint made public",
        check: flagTurnedOn("vpcConfig.endpointPublicAccess", true),
    },
    {
        id: "eks-public-cidrs-widened",
        types: [EKS],
        description: "EKS public endpoint CIDRs widened",
        check: (base, head) => {
            if (orDefault(inp(head, "vpcConfig.endpointPublicAccess"), true) !== true) {
                return [];
            }
            const cidrs = (r: PlanResource | undefined): string[] => {
                const v = inp(r, "vpcConfig.publicAccessCidrs");
                return Array.isArray(v) && v.length > 0 ? (v as string[]) : ["0.0.0.0/0"];
            };
            const wasPublic = orDefault(inp(base, "vpcConfig.endpointPublicAccess"), true) === true;
            const before = wasPublic ? cidrs(base) : [];
            const added = cidrs(head).filter((c) => !before.includes(c) && !before.includes("0.0.0.0/0"));
            return added.length > 0 ? [`vpcConfig.publicAccessCidrs adds ${added.join(", ")}`] : [];
        },
    },
    {
        id: "eks-secrets-encryption-removed",
        types: [EKS],
        description: "EKS secrets encryption removed",
        check: (base, head) => (inp(base, "encryptionConfig") !== undefined && inp(head, "encryptionConfig") === undefined ? ["encryptionConfig removed"] : []),
    },
    {
        id: "eks-logging-reduced",
        types: [EKS],
        description: "EKS control-plane log types removed",
        check: (base, head) => {
            const list = (r: PlanResource | undefined) => asList(inp(r, "enabledClusterLogTypes")) as string[];
            const gone = list(base).filter((t) => !list(head).includes(t));
            return gone.length > 0 ? [`enabledClusterLogTypes drops ${gone.join(", ")}`] : [];
        },
    },
    { id: "kms-rotation-disabled", types: [KMS], description: "KMS key rotation turned off", check: flagTurnedOff("enableKeyRotation", false) },
    {
        id: "kms-deletion-window-lowered",
        types: [KMS],
        description: "KMS key deletion window shortened",
        check: (base, head) => {
            const before = Number(orDefault(inp(base, "deletionWindowInDays"), 30));
            const after = Number(orDefault(inp(head, "deletionWindowInDays"), 30));
            return after < before ? [`deletionWindowInDays: ${before} → ${after}`] : [];
        },
    },
    {
        id: "ecr-tags-mutable",
        types: [ECR],
        description: "ECR image tags made mutable",
        check: (base, head) => {
            const before = orDefault(inp(base, "imageTagMutability"), "MUTABLE");
            const after = orDefault(inp(head, "imageTagMutability"), "MUTABLE");
            return String(before).startsWith("IMMUTABLE") && String(after).startsWith("MUTABLE") ? [`imageTagMutability: ${before} → ${after}`] : [];
        },
    },
    { id: "ecr-scan-on-push-off", types: [ECR], description: "ECR scan on push turned off", check: flagTurnedOff("imageScanningConfiguration.scanOnPush", false) },
    {
        id: "imdsv2-optional",
        types: [LT, INSTANCE],
        description: "IMDSv2 no longer required",
        check: (base, head) => {
            const before = orDefault(inp(base, "metadataOptions.httpTokens"), "optional");
            const after = orDefault(inp(head, "metadataOptions.httpTokens"), "optional");
            return before === "required" && after === "optional" ? [`metadataOptions.httpTokens: ${before} → ${after}`] : [];
        },
    },
    {
        id: "ebs-unencrypted",
        types: [LT, INSTANCE, "aws:ebs/volume:Volume"],
        description: "EBS encryption turned off",
        check: (base, head) => {
            const pattern = head.type === "aws:ebs/volume:Volume" ? "encrypted" : head.type === LT ? "blockDeviceMappings[*].ebs.encrypted" : "rootBlockDevice.encrypted";
            const before = leavesMatching(base, pattern);
            const after = leavesMatching(head, pattern);
            const out: string[] = [];
            for (const [p, v] of before) {
                const now = after.get(p);
                if ((v === true || v === "true") && (now === undefined || now === false || now === "false")) {
                    out.push(`${p}: ${show(v)} → ${show(now)}`);
                }
            }
            return out;
        },
    },
    {
        id: "public-ip-on-launch",
        types: [LT, "aws:ec2/subnet:Subnet"],
        description: "Public IPs assigned on launch",
        check: (base, head) => {
            if (head.type === "aws:ec2/subnet:Subnet") {
                return flagTurnedOn("mapPublicIpOnLaunch", false)(base, head);
            }
            const before = leavesMatching(base, "networkInterfaces[*].associatePublicIpAddress");
            const out: string[] = [];
            for (const [p, v] of leavesMatching(head, "networkInterfaces[*].associatePublicIpAddress")) {
                const was = before.get(p);
                if ((v === true || v === "true") && !(was === true || was === "true")) {
                    out.push(`${p}: ${show(was)} → ${show(v)}`);
                }
            }
            return out;
        },
    },
    {
        id: "s3-public-access-block-off",
        types: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
        description: "S3 public access block turned off",
        check: (base, head) => ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"].flatMap((f) => flagTurnedOff(f, false)(base, head)),
    },
    {
        id: "s3-versioning-suspended",
        types: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
        description: "S3 versioning suspended",
        check: (base, head) => {
            const before = inp(base, "versioningConfiguration.status");
            const after = inp(head, "versioningConfiguration.status");
            return before === "Enabled" && after !== "Enabled" ? [`versioningConfiguration.status: ${show(before)} → ${show(after)}`] : [];
        },
    },
    {
        id: "log-retention-lowered",
        types: [LOG_GROUP],
        description: "Log retention shortened",
        check: (base, head) => {
            const days = (r: PlanResource | undefined) => {
                const v = Number(inp(r, "retentionInDays") ?? 0);
                return v === 0 ? Infinity : v;
            };
            return days(head) < days(base) ? [`retentionInDays: ${show(inp(base, "retentionInDays"))} → ${show(inp(head, "retentionInDays"))}`] : [];
        },
    },
    {
        id: "log-encryption-removed",
        types: [LOG_GROUP],
        description: "Log group KMS encryption removed",
        check: (base, head) => (inp(base, "kmsKeyId") !== undefined && inp(head, "kmsKeyId") === undefined ? ["kmsKeyId removed"] : []),
    },
    {
        id: "sg-open-to-world",
        types: ["aws:ec2/securityGroup:SecurityGroup", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule"],
        description: "Ingress opened to the internet",
        onCreate: true,
        check: (base, head) => {
            const before = new Set(openIngress(base));
            return openIngress(head).filter((x) => !before.has(x));
        },
    },
    { id: "iam-wildcard-action", types: ["*"], description: 'Policy allows Action "*"', onCreate: true, check: addedBy(wildcardActions) },
    { id: "policy-public-principal", types: ["*"], description: 'Policy allows Principal "*"', onCreate: true, check: addedBy(publicPrincipals) },
    {
        id: "nodegroup-ssh",
        types: ["aws:eks/nodeGroup:NodeGroup"],
        description: "SSH access to nodes added",
        onCreate: true,
        check: (base, head) => (inp(base, "remoteAccess") === undefined && inp(head, "remoteAccess") !== undefined ? ["remoteAccess added"] : []),
    },
    {
        id: "psa-enforce-loosened",
        types: ["kubernetes:core/v1:Namespace"],
        description: "Pod Security admission loosened",
        check: (base, head) => {
            const path = 'metadata.labels["pod-security.kubernetes.io/enforce"]';
            const rank = (v: unknown) => (v === undefined ? PSA_ORDER.length - 1 : PSA_ORDER.indexOf(String(v)));
            const before = inp(base, path);
            const after = inp(head, path);
            return rank(after) > rank(before) ? [`${path}: ${show(before)} → ${show(after)}`] : [];
        },
    },
    {
        id: "deletion-protection-off",
        types: ["*"],
        description: "deletion protection turned off",
        check: (base, head) => (inp(base, "deletionProtection") === true && inp(head, "deletionProtection") !== true ? [`deletionProtection: true → ${show(inp(head, "deletionProtection"))}`] : []),
    },
    {
        id: "protect-removed",
        types: ["*"],
        description: "protect option removed",
        check: (base, head) => (base?.protect && !head.protect ? ["protect: true → false"] : []),
    },
    {
        id: "retain-removed",
        types: ["*"],
        description: "retainOnDelete option removed",
        check: (base, head) => (base?.retainOnDelete && !head.retainOnDelete ? ["retainOnDelete: true → false"] : []),
    },
];

export interface Loosening {
    rule: string;
    description: string;
    detail: string;
}

/** Every rule that finds the head looser than the base; `base` undefined means the resource is new. */
export function loosenings(base: PlanResource | undefined, head: PlanResource): Loosening[] {
    const out: Loosening[] = [];
    for (const rule of SECURITY_RULES) {
        if (!rule.types.includes("*") && !rule.types.includes(head.type)) {
            continue;
        }
        if (!base && !rule.onCreate) {
            continue;
        }
        for (const detail of rule.check(base, head)) {
            out.push({ rule: rule.id, description: rule.description, detail });
        }
    }
    return out;
}
