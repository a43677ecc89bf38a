import { Plan, PlanResource, SECRET, UNKNOWN } from "../plan/model";
import type { Finding } from "../policy/evaluate";
import type { CostEstimate } from "./cost";
import { containsSecret, flatten, isSecretKey, joinPath, pathMatches, pathOverlaps, sameValue } from "./paths";
import { replacementReason, vpcBound, VPC_TYPE } from "./replacement";
import { loosenings } from "./security";
import { AliasIndex, rewriteStack } from "./urns";

/**
 * What a change does to a stack: the offline plan of the base (the target branch) against the
 * plan of the head (the pull request), as `pulumi preview --diff` would show it, with the risks a
 * reviewer must not miss listed first.
 *
 * - Resources match by URN, or by one of the head resource's aliases (its own, or inherited
 *   from a renamed parent), so a rename with an alias is an update, never a delete and a create.
 * - A matched resource is replaced when a changed input is in the replacement table
 *   (`replacement.ts`) or in its own `replaceOnChanges`, when its provider is replaced, or when an
 *   input that forces replacement depends on a replaced resource (its value becomes unknown, as
 *   in a real preview). Otherwise it is updated when any input or option changed.
 * - `ignoreChanges` paths are not diffed, as the engine does not act on them.
 * - A change of the provider's default tags shows as `tagsAll.<key>` on every resource it reaches.
 * - Values are masked: anything holding `[secret]` on either side, string values of keys named
 *   like password/secret/token/privateKey/apiKey/credential, and a Kubernetes Secret's data.
 * - Two different stacks can be compared: base URNs are moved to the head's stack first.
 */

export type Operation = "create" | "update" | "replace" | "delete";

export const MASK = SECRET;

export interface PropertyChange {
    /** Property path (`vpcConfig.endpointPublicAccess`, `[options].protect`, `[provider]`). */
    path: string;
    kind: "add" | "remove" | "change";
    old?: unknown;
    new?: unknown;
    /** Why this change replaces the resource; absent for an in-place change. */
    replaces?: string;
    /** Values shown as `[secret]`. */
    masked?: boolean;
    /** The new value is only known after apply (it depends on a replaced resource or an output). */
    computed?: boolean;
}

export interface ResourceChange {
    op: Operation;
    urn: string;
    /** The base URN when the resource was matched through an alias (a rename). */
    previousUrn?: string;
    type: string;
    name: string;
    custom: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    replaceReasons: string[];
    /** Input-level changes for updates and replacements; empty for creates and deletes. */
    properties: PropertyChange[];
}

export type RiskKind =
    | "delete-protected"
    | "replace-protected"
    | "delete-stateful"
    | "replace-stateful"
    | "delete-before-replace"
    | "protection-removed"
    | "security-loosened"
    | "routing-change"
    | "new-mandatory-finding";

export interface Risk {
    kind: RiskKind;
    level: "high" | "medium";
    urn: string;
    type: string;
    name: string;
    message: string;
    /** The security rule id for `security-loosened` and `protection-removed`, the policy for `new-mandatory-finding`. */
    rule?: string;
}

/** Security rules (tools/review/security.ts) whose finding is a protection removed, not a setting loosened. */
export const PROTECTION_RULES: readonly string[] = ["protect-removed", "retain-removed", "deletion-protection-off"];

/**
 * How soon a reviewer must read a risk: what loses state first (stateful or protected resources
 * replaced or deleted), then protection removed (the next `pulumi up` or destroy may lose state),
 * then the rest.
 */
export function riskSeverity(kind: RiskKind): number {
    switch (kind) {
        case "replace-stateful":
        case "delete-stateful":
        case "replace-protected":
        case "delete-protected":
            return 0;
        case "protection-removed":
            return 1;
        default:
            return 2;
    }
}

/**
 * Risks grouped per resource and ordered by severity: each resource's risks stay together, the
 * resource whose worst risk is most severe first (ties: high before medium, then URN), and
 * within a resource the most severe risk first.
 */
export function orderRisks(risks: Risk[]): Risk[] {
    const worst = new Map<string, [number, number]>();
    for (const r of risks) {
        const key = [riskSeverity(r.kind), r.level === "high" ? 0 : 1] as [number, number];
        const w = worst.get(r.urn);
        if (!w || key[0] < w[0] || (key[0] === w[0] && key[1] < w[1])) {
            worst.set(r.urn, key);
        }
    }
    return [...risks].sort((x, y) => {
        const a = worst.get(x.urn)!;
        const b = worst.get(y.urn)!;
        return a[0] - b[0] || a[1] - b[1] || cmp(x.urn, y.urn) || riskSeverity(x.kind) - riskSeverity(y.kind) || (x.level === y.level ? 0 : x.level === "high" ? -1 : 1) || cmp(x.kind, y.kind) || cmp(x.message, y.message);
    });
}

export interface FindingsDelta {
    new: Finding[];
    resolved: Finding[];
    unchanged: number;
    newMandatory: number;
}

export interface CostDeltaLine {
    item: string;
    base: number;
    head: number;
    delta: number;
}

export interface CostDelta {
    currency: "USD";
    base: number;
    head: number;
    delta: number;
    /** Per priced item (`EKS control plane`, `NAT gateway hours`, ...), only where it changed. */
    lines: CostDeltaLine[];
    unpricedBase: number;
    unpricedHead: number;
}

export interface OperationCounts {
    create: number;
    update: number;
    replace: number;
    delete: number;
}

export interface DiffSummary extends OperationCounts {
    unchanged: number;
    /** Resources in the head plan (the stack after the change). */
    total: number;
    byType: Record<string, OperationCounts>;
}

export interface PlanDiff {
    formatVersion: 1;
    project: string;
    stack: string;
    baseStack: string;
    summary: DiffSummary;
    risks: Risk[];
    changes: ResourceChange[];
    findings?: FindingsDelta;
    cost?: CostDelta;
}

export interface DiffOptions {
    baseFindings?: Finding[];
    headFindings?: Finding[];
    baseCost?: CostEstimate;
    headCost?: CostEstimate;
}

/**
 * Types whose delete or replacement loses data or takes a long outage: a reviewer must see them
 * even when the resource is not protected.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
    "aws:eks/cluster:Cluster": "EKS cluster (every workload and its API state)",
    "aws:eks/nodeGroup:NodeGroup": "EKS node group (pods are evicted)",
    "aws:kms/key:Key": "KMS key (data encrypted with it becomes unreadable after the deletion window)",
    "aws:ec2transitgateway/transitGateway:TransitGateway": "transit gateway (every attached VPC loses connectivity)",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": "transit gateway attachment (the VPC loses connectivity)",
    "aws:ecr/repository:Repository": "ECR repository (images are deleted)",
    "aws:s3/bucket:Bucket": "S3 bucket (objects are deleted)",
    "aws:s3/bucketV2:BucketV2": "S3 bucket (objects are deleted)",
    "aws:cloudwatch/logGroup:LogGroup": "log group (log events are deleted)",
    "aws:ec2/vpc:Vpc": "VPC (everything in it)",
    "aws:ec2/subnet:Subnet": "subnet (instances and ENIs in it)",
    "aws:ec2/eip:Eip": "Elastic IP (the public address is released)",
    "aws:sqs/queue:Queue": "SQS queue (messages are lost)",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "OIDC provider (every role trusting it stops working)",
    "kubernetes:core/v1:Namespace": "Kubernetes namespace (everything in it is deleted)",
    "kubernetes:core/v1:PersistentVolumeClaim": "persistent volume claim (the volume may be deleted)",
};

/** Inputs whose change interrupts routing although the resource is updated in place. */
const ROUTING_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2transitgateway/transitGateway:TransitGateway": ["amazonSideAsn"],
};

/** Provider inputs whose change replaces every resource the provider manages. */
const PROVIDER_REPLACING: Readonly<Record<string, readonly string[]>> = {
    "pulumi:providers:aws": ["region"],
};

const OP_RANK: Record<Operation, number> = { replace: 0, delete: 1, update: 2, create: 3 };

function masks(r: PlanResource, path: string, a: unknown, b: unknown): boolean {
    if (containsSecret(a) || containsSecret(b)) {
        return true;
    }
    if (isSecretKey(path) && (typeof a === "string" || typeof b === "string")) {
        return true;
    }
    return r.type === "kubernetes:core/v1:Secret" && (pathMatches("data", path) || pathMatches("stringData", path));
}

function inputChanges(base: PlanResource, head: PlanResource): PropertyChange[] {
    const ignored = (p: string) => head.ignoreChanges.some((ig) => pathMatches(ig, p));
    const a = flatten(base.inputs);
    const b = flatten(head.inputs);
    const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => !ignored(p)).sort();
    const out: PropertyChange[] = [];
    for (const path of paths) {
        const before = a.get(path);
        const after = b.get(path);
        if (sameValue(before, after)) {
            continue;
        }
        if (before === SECRET && after === SECRET) {
            continue;
        }
        const masked = masks(head, path, before, after);
        const kind = !a.has(path) ? "add" : !b.has(path) ? "remove" : "change";
        const change: PropertyChange = { path, kind };
        if (kind !== "add") {
            change.old = masked ? MASK : before;
        }
        if (kind !== "remove") {
            change.new = masked ? MASK : after;
        }
        if (masked) {
            change.masked = true;
        }
        if (after === UNKNOWN) {
            change.computed = true;
        }
        const why = replacementReason(head.type, head.replaceOnChanges, path, before, after);
        if (why) {
            change.replaces = why;
        }
        out.push(change);
    }
    return out;
}

/**
 * Tags that change only through the provider's default tags: the engine updates `tagsAll`. A key
 * whose own `tags` entry changed is already listed and is not repeated.
 */
function defaultTagChanges(base: PlanResource, head: PlanResource, listed: PropertyChange[]): PropertyChange[] {
    if (!base.effectiveTags || !head.effectiveTags) {
        return [];
    }
    const out: PropertyChange[] = [];
    const keys = [...new Set([...Object.keys(base.effectiveTags), ...Object.keys(head.effectiveTags)])].sort();
    for (const k of keys) {
        const before = base.effectiveTags[k];
        const after = head.effectiveTags[k];
        if (before === after || listed.some((p) => pathMatches(joinPath("tags", k), p.path)) || head.ignoreChanges.some((ig) => ig === "tags" || ig === "tagsAll")) {
            continue;
        }
        const path = joinPath("tagsAll", k);
        out.push(before === undefined ? { path, kind: "add", new: after } : after === undefined ? { path, kind: "remove", old: before } : { path, kind: "change", old: before, new: after });
    }
    return out;
}

function optionChanges(base: PlanResource, head: PlanResource): PropertyChange[] {
    const out: PropertyChange[] = [];
    for (const opt of ["protect", "retainOnDelete", "deleteBeforeReplace"] as const) {
        if (base[opt] !== head[opt]) {
            out.push({ path: `[options].${opt}`, kind: "change", old: base[opt], new: head[opt] });
        }
    }
    return out;
}

function findingKey(f: Finding, urn: string | undefined): string {
    return [f.pack, f.policy, urn ?? "", f.message].join("\u0000");
}

export function diffPlans(base: Plan, head: Plan, options: DiffOptions = {}): PlanDiff {
    const moved = base.stack !== head.stack;
    const baseResources = base.resources.map((r) => (moved ? { ...r, urn: rewriteStack(r.urn, head.stack), parent: r.parent && rewriteStack(r.parent, head.stack), provider: r.provider && rewriteStack(r.provider, head.stack), dependencies: r.dependencies.map((d) => rewriteStack(d, head.stack)) } : r));
    const baseByUrn = new Map(baseResources.map((r) => [r.urn, r]));
    const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
    const aliases = new AliasIndex(head);

    // Match head resources to base resources: same URN first, then aliases.
    const matchOf = new Map<string, PlanResource>();
    const claimed = new Set<string>();
    for (const r of head.resources) {
        if (baseByUrn.has(r.urn)) {
            matchOf.set(r.urn, baseByUrn.get(r.urn)!);
            claimed.add(r.urn);
        }
    }
    for (const r of head.resources) {
        if (matchOf.has(r.urn)) {
            continue;
        }
        const old = aliases.aliasesOf(r).find((u) => baseByUrn.has(u) && !claimed.has(u));
        if (old) {
            matchOf.set(r.urn, baseByUrn.get(old)!);
            claimed.add(old);
        }
    }
    /** base URN → head URN, to read base references (providers, findings) in head terms. */
    const renamed = new Map<string, string>();
    for (const [headUrn, b] of matchOf) {
        renamed.set(b.urn, headUrn);
    }
    const inHead = (baseUrn: string | undefined) => (baseUrn ? renamed.get(baseUrn) ?? baseUrn : undefined);

    // Decide each matched resource's operation; replacements cascade through dependencies.
    const decided = new Map<string, ResourceChange | null>();
    const visiting = new Set<string>();
    const decide = (urn: string): ResourceChange | null => {
        if (decided.has(urn)) {
            return decided.get(urn)!;
        }
        const h = headByUrn.get(urn)!;
        const b = matchOf.get(urn);
        if (!b) {
            return null;
        }
        if (visiting.has(urn)) {
            return null;
        }
        visiting.add(urn);
        const props = inputChanges(b, h);
        props.push(...defaultTagChanges(b, h, props));
        const reasons = props.filter((p) => p.replaces).map((p) => `${p.replaces}`);

        // An input that depends on a replaced resource is unknown until apply.
        for (const [prop, deps] of Object.entries(h.propertyDependencies ?? {})) {
            const replacedDep = deps.find((d) => d !== urn && headByUrn.has(d) && decide(d)?.op === "replace");
            if (!replacedDep || h.ignoreChanges.some((ig) => pathMatches(ig, prop))) {
                continue;
            }
            // A VPC-bound input (an EKS cluster's subnets) referencing what moves to a new VPC
            // replaces the resource even though the input alone is updatable in place.
            const movedBy = vpcBound(h.type, prop) ? deps.find((d) => d !== urn && headByUrn.has(d) && movesVpc(d)) : undefined;
            const vpcWhy = movedBy ? `${prop} refers to ${headByUrn.get(movedBy)!.name}, which moves to a new VPC; a ${h.type.split(":").pop()} cannot change its VPC` : undefined;
            const listed = props.find((p) => pathOverlaps(prop, p.path));
            if (listed) {
                if (vpcWhy && !listed.replaces) {
                    listed.replaces = vpcWhy;
                    reasons.push(vpcWhy);
                }
                continue;
            }
            const why = replacementReason(h.type, h.replaceOnChanges, prop, b.inputs[prop], UNKNOWN) ?? (vpcWhy ? "" : undefined);
            if (why === "") {
                const masked = masks(h, prop, b.inputs[prop], h.inputs[prop]);
                props.push({ path: prop, kind: "change", old: masked ? MASK : b.inputs[prop], new: UNKNOWN, computed: true, replaces: vpcWhy });
                reasons.push(vpcWhy!);
                continue;
            }
            const masked = masks(h, prop, b.inputs[prop], h.inputs[prop]);
            props.push({ path: prop, kind: "change", old: masked ? MASK : b.inputs[prop], new: UNKNOWN, computed: true, ...(why ? { replaces: `${why} (depends on replaced ${headByUrn.get(replacedDep)!.name})` } : {}) });
            if (why) {
                reasons.push(`${why} (depends on replaced ${headByUrn.get(replacedDep)!.name})`);
            }
        }

        // A provider change, or a provider that is itself replaced, replaces the resource.
        if (h.custom && inHead(b.provider) !== h.provider) {
            props.push({ path: "[provider]", kind: "change", old: b.provider, new: h.provider, replaces: "provider changed" });
            reasons.push("provider changed");
        } else if (h.provider && headByUrn.has(h.provider) && decide(h.provider)?.op === "replace") {
            reasons.push(`provider ${headByUrn.get(h.provider)!.name} replaced`);
        }
        for (const p of PROVIDER_REPLACING[h.type] ?? []) {
            const pc = props.find((c) => pathOverlaps(p, c.path));
            if (pc && !pc.replaces) {
                pc.replaces = `provider ${p} changed`;
                reasons.push(`provider ${p} changed`);
            }
        }
        props.push(...optionChanges(b, h));
        visiting.delete(urn);

        let change: ResourceChange | null = null;
        if (reasons.length > 0 || props.length > 0) {
            change = {
                op: reasons.length > 0 ? "replace" : "update",
                urn,
                ...(b.urn !== urn ? { previousUrn: b.urn } : {}),
                type: h.type,
                name: h.name,
                custom: h.custom,
                protect: b.protect || h.protect,
                retainOnDelete: h.retainOnDelete,
                deleteBeforeReplace: h.deleteBeforeReplace,
                replaceReasons: [...new Set(reasons)],
                properties: props,
            };
        } else if (b.urn !== urn) {
            // A rename through an alias changes only the URN: the engine updates state, nothing else.
            change = { op: "update", urn, previousUrn: b.urn, type: h.type, name: h.name, custom: h.custom, protect: h.protect, retainOnDelete: h.retainOnDelete, deleteBeforeReplace: h.deleteBeforeReplace, replaceReasons: [], properties: [] };
        }
        decided.set(urn, change);
        return change;
    };

    // A replaced resource moves to a new VPC when it is a VPC or depends on one that moves.
    const moving = new Map<string, boolean>();
    const movesVpc = (urn: string): boolean => {
        if (moving.has(urn)) {
            return moving.get(urn)!;
        }
        moving.set(urn, false); // cycles: not moving
        const h = headByUrn.get(urn);
        const result = !!h && decide(urn)?.op === "replace" && (h.type === VPC_TYPE || h.dependencies.some((d) => d !== urn && headByUrn.has(d) && movesVpc(d)));
        moving.set(urn, result);
        return result;
    };

    const changes: ResourceChange[] = [];
    let unchanged = 0;
    for (const h of head.resources) {
        const b = matchOf.get(h.urn);
        if (!b) {
            changes.push({ op: "create", urn: h.urn, type: h.type, name: h.name, custom: h.custom, protect: h.protect, retainOnDelete: h.retainOnDelete, deleteBeforeReplace: h.deleteBeforeReplace, replaceReasons: [], properties: [] });
            continue;
        }
        const c = decide(h.urn);
        if (c) {
            changes.push(c);
        } else {
            unchanged++;
        }
    }
    for (const b of baseResources) {
        if (!claimed.has(b.urn)) {
            changes.push({ op: "delete", urn: b.urn, type: b.type, name: b.name, custom: b.custom, protect: b.protect, retainOnDelete: b.retainOnDelete, deleteBeforeReplace: b.deleteBeforeReplace, replaceReasons: [], properties: [] });
        }
    }
    changes.sort((x, y) => OP_RANK[x.op] - OP_RANK[y.op] || cmp(x.urn, y.urn));

    const risks = collectRisks(changes, matchOf, headByUrn, baseByUrn);
    const diff: PlanDiff = {
        formatVersion: 1,
        project: head.project,
        stack: head.stack,
        baseStack: base.stack,
        summary: summarize(changes, unchanged, head.resources.length),
        risks,
        changes,
    };
    if (options.baseFindings || options.headFindings) {
        diff.findings = diffFindings(options.baseFindings ?? [], options.headFindings ?? [], (u) => inHead(moved && u ? rewriteStack(u, head.stack) : u));
        for (const f of diff.findings.new.filter((x) => x.enforcementLevel === "mandatory")) {
            const r = f.urn ? headByUrn.get(f.urn) : undefined;
            diff.risks.push({ kind: "new-mandatory-finding", level: "high", urn: f.urn ?? "", type: r?.type ?? f.resourceType ?? "", name: r?.name ?? f.resourceName ?? "", message: `new mandatory policy violation ${f.policy}: ${firstLine(f.message)}`, rule: f.policy });
        }
    }
    if (options.baseCost && options.headCost) {
        diff.cost = diffCost(options.baseCost, options.headCost);
    }
    diff.risks = orderRisks(diff.risks);
    return diff;
}

/** Code-point order: the same on every machine, whatever its locale. */
function cmp(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function firstLine(s: string): string {
    const lines = s.split("\n").filter((l) => l.trim());
    return lines[lines.length - 1] ?? s;
}

function collectRisks(changes: ResourceChange[], matchOf: Map<string, PlanResource>, headByUrn: Map<string, PlanResource>, baseByUrn: Map<string, PlanResource>): Risk[] {
    const risks: Risk[] = [];
    const add = (c: ResourceChange, kind: RiskKind, level: Risk["level"], message: string, rule?: string) => risks.push({ kind, level, urn: c.urn, type: c.type, name: c.name, message, ...(rule ? { rule } : {}) });
    for (const c of changes) {
        const stateful = STATEFUL_TYPES[c.type];
        if (c.op === "delete") {
            const retained = c.retainOnDelete ? " (retainOnDelete: left in the cloud but no longer managed)" : "";
            if (c.protect) {
                add(c, "delete-protected", "high", `deletes protected ${c.type} ${c.name}; pulumi up refuses until protect is removed${retained}`);
            }
            if (stateful) {
                add(c, "delete-stateful", "high", `deletes ${stateful}${retained}`);
            }
        }
        if (c.op === "replace") {
            const why = c.replaceReasons.join("; ");
            if (c.protect) {
                add(c, "replace-protected", "high", `replaces protected ${c.type} ${c.name} (${why}); pulumi up refuses until protect is removed`);
            }
            if (stateful) {
                add(c, "replace-stateful", "high", `replaces ${stateful} (${why})`);
            }
            if (c.deleteBeforeReplace) {
                add(c, "delete-before-replace", "medium", `deleteBeforeReplace: ${c.name} is deleted before its replacement exists (downtime)`);
            }
        }
        if (c.op === "update" || c.op === "replace" || c.op === "create") {
            const h = headByUrn.get(c.urn)!;
            const b = c.op === "create" ? undefined : matchOf.get(c.urn) ?? baseByUrn.get(c.previousUrn ?? c.urn);
            for (const l of loosenings(b, h)) {
                add(c, PROTECTION_RULES.includes(l.rule) ? "protection-removed" : "security-loosened", "high", `${l.description}: ${l.detail}`, l.rule);
            }
            for (const p of ROUTING_INPUTS[c.type] ?? []) {
                const pc = c.properties.find((x) => pathOverlaps(p, x.path));
                if (pc) {
                    add(c, "routing-change", "medium", `${p}: ${JSON.stringify(pc.old)} → ${JSON.stringify(pc.new)} resets BGP sessions and routes through the gateway`);
                }
            }
        }
    }
    return risks;
}

function diffFindings(base: Finding[], head: Finding[], mapUrn: (u: string | undefined) => string | undefined): FindingsDelta {
    const baseKeys = new Map<string, number>();
    for (const f of base) {
        const k = findingKey(f, mapUrn(f.urn));
        baseKeys.set(k, (baseKeys.get(k) ?? 0) + 1);
    }
    const headKeys = new Map<string, number>();
    const added: Finding[] = [];
    let unchanged = 0;
    for (const f of head) {
        const k = findingKey(f, f.urn);
        headKeys.set(k, (headKeys.get(k) ?? 0) + 1);
        if ((baseKeys.get(k) ?? 0) >= (headKeys.get(k) ?? 0)) {
            unchanged++;
        } else {
            added.push(f);
        }
    }
    const seen = new Map<string, number>();
    const resolved: Finding[] = [];
    for (const f of base) {
        const k = findingKey(f, mapUrn(f.urn));
        seen.set(k, (seen.get(k) ?? 0) + 1);
        if ((seen.get(k) ?? 0) > (headKeys.get(k) ?? 0)) {
            resolved.push(f);
        }
    }
    const rank = (f: Finding) => (f.enforcementLevel === "mandatory" ? 0 : 1);
    added.sort((x, y) => rank(x) - rank(y));
    resolved.sort((x, y) => rank(x) - rank(y));
    return { new: added, resolved, unchanged, newMandatory: added.filter((f) => f.enforcementLevel === "mandatory").length };
}

export function diffCost(base: CostEstimate, head: CostEstimate): CostDelta {
    const total = (e: CostEstimate) => {
        const m = new Map<string, number>();
        e.lines.forEach((l) => m.set(l.item, (m.get(l.item) ?? 0) + l.monthly));
        return m;
    };
    const a = total(base);
    const b = total(head);
    const lines: CostDeltaLine[] = [];
    for (const item of [...new Set([...a.keys(), ...b.keys()])].sort()) {
        const x = round2(a.get(item) ?? 0);
        const y = round2(b.get(item) ?? 0);
        if (x !== y) {
            lines.push({ item, base: x, head: y, delta: round2(y - x) });
        }
    }
    lines.sort((p, q) => Math.abs(q.delta) - Math.abs(p.delta));
    return { currency: "USD", base: round2(base.monthly), head: round2(head.monthly), delta: round2(head.monthly - base.monthly), lines, unpricedBase: base.unpriced.length, unpricedHead: head.unpriced.length };
}

export function round2(n: number): number {
    return Math.round(n * 100) / 100;
}

function summarize(changes: ResourceChange[], unchanged: number, total: number): DiffSummary {
    const s: DiffSummary = { create: 0, update: 0, replace: 0, delete: 0, unchanged, total, byType: {} };
    for (const c of changes) {
        s[c.op]++;
        const t = (s.byType[c.type] ??= { create: 0, update: 0, replace: 0, delete: 0 });
        t[c.op]++;
    }
    s.byType = Object.fromEntries(Object.entries(s.byType).sort(([x], [y]) => x.localeCompare(y)));
    return s;
}

export { renderDiffMarkdown, DIFF_MARKDOWN_LIMIT } from "./diff-markdown";
