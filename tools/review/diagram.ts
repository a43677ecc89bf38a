import { Plan, PlanResource } from "../plan/model";
import { flatten } from "./paths";

/**
 * A Mermaid flowchart of the architecture at component level: one subgraph per stack (account),
 * one node per platform component that a reader would draw on a whiteboard (VPC, transit hub,
 * attachment, cluster, node pools, add-ons, registry, log archive, keys, team namespaces), and an
 * edge where one component's resources depend on another's. Plain resources and helper
 * components (single keys, IAM roles) fold into the component that holds them; a dependency
 * through a folded or top-level resource is followed to the components behind it.
 *
 * Across stacks (several plans), an edge is drawn when a stack's inputs carry a value the other
 * stack exports (a `StackReference` output) that names one of its resources: the transit gateway
 * id into an attachment, the log archive bucket into flow logs.
 */

interface Kind {
    label: string;
    shape: "box" | "round" | "hex" | "cyl" | "sub";
}

/** Components drawn as nodes, by type. */
export const DIAGRAM_COMPONENTS: Readonly<Record<string, Kind>> = {
    "platform:network:TransitHub": { label: "Transit gateway hub", shape: "hex" },
    "platform:network:SpokeVpc": { label: "VPC", shape: "round" },
    "platform:network:TgwAttachment": { label: "TGW attachment", shape: "hex" },
    "platform:cluster:EksCluster": { label: "EKS cluster", shape: "sub" },
    "platform:cluster:NodePool": { label: "node pool", shape: "box" },
    "platform:cluster:ClusterAddons": { label: "EKS add-ons", shape: "box" },
    "platform:cluster:ClusterAccess": { label: "access entries", shape: "box" },
    "platform:cluster:Karpenter": { label: "Karpenter", shape: "box" },
    "platform:kubernetes:PlatformAddons": { label: "platform add-ons", shape: "box" },
    "platform:kubernetes:TeamNamespace": { label: "team namespace", shape: "box" },
    "platform:registry:ContainerRegistry": { label: "ECR registry", shape: "cyl" },
    "platform:storage:LogArchive": { label: "log archive", shape: "cyl" },
    "platform:kms:PlatformKeys": { label: "KMS keys", shape: "cyl" },
    "platform:bootstrap:StateBackend": { label: "state backend", shape: "cyl" },
    "platform:bootstrap:DeploymentRole": { label: "deployment role", shape: "box" },
};

/** Helper components folded into their parent (or left out at top level). */
const FOLDED = new Set(["platform:kms:KmsKey", "platform:cluster:NodeRole", "platform:cluster:PodIdentityRole", "platform:storage:SecureBucket"]);

interface Node {
    id: string;
    stack: string;
    label: string;
    shape: Kind["shape"];
    urn: string;
}

function esc(s: string): string {
    return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function shaped(n: Node): string {
    const text = `"${n.label}"`;
    switch (n.shape) {
        case "round":
            return `${n.id}(${text})`;
        case "hex":
            return `${n.id}{{${text}}}`;
        case "cyl":
            return `${n.id}[(${text})]`;
        case "sub":
            return `${n.id}[[${text}]]`;
        default:
            return `${n.id}[${text}]`;
    }
}

function stackLabel(plan: Plan): string {
    const c = plan.config;
    const parts = [plan.stack];
    if (typeof c["platform:role"] === "string") {
        parts.push(c["platform:role"] as string);
    }
    if (c["platform:accountId"] !== undefined) {
        parts.push(`account ${c["platform:accountId"]}`);
    }
    if (typeof c["platform:region"] === "string") {
        parts.push(c["platform:region"] as string);
    }
    return parts.join(" · ");
}

export function renderDiagram(plans: Plan[] | Plan): string {
    const list = Array.isArray(plans) ? plans : [plans];
    const nodes: Node[] = [];
    /** resource URN (per stack) → node it folds into, or null when it is outside every shown component. */
    const owner = new Map<string, Node | null>();
    const key = (stack: string, urn: string) => `${stack}\u0000${urn}`;
    const byKey = new Map<string, PlanResource>();
    let n = 0;

    for (const plan of list) {
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        plan.resources.forEach((r) => byKey.set(key(plan.stack, r.urn), r));
        const shownOf = new Map<string, Node>();
        for (const r of plan.resources) {
            if (r.custom) {
                continue;
            }
            const kind = DIAGRAM_COMPONENTS[r.type];
            const topLevel = !r.parent || !byUrn.has(r.parent);
            if (kind || (topLevel && !FOLDED.has(r.type))) {
                const label = kind?.label ?? r.type.split(":").pop()!;
                const node: Node = { id: `n${n++}`, stack: plan.stack, label: `${esc(label)}<br/>${esc(r.name)}`, shape: kind?.shape ?? "box", urn: r.urn };
                nodes.push(node);
                shownOf.set(r.urn, node);
            }
        }
        const resolve = (urn: string): Node | null => {
            const k = key(plan.stack, urn);
            if (owner.has(k)) {
                return owner.get(k)!;
            }
            let cur: string | undefined = urn;
            let found: Node | null = null;
            while (cur && byUrn.has(cur)) {
                const s = shownOf.get(cur);
                if (s) {
                    found = s;
                    break;
                }
                cur = byUrn.get(cur)!.parent;
            }
            owner.set(k, found);
            return found;
        };
        plan.resources.forEach((r) => resolve(r.urn));
    }

    const edges = new Set<string>();
    const nested = new Set<string>();
    for (const plan of list) {
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const nodeOf = (urn: string) => owner.get(key(plan.stack, urn)) ?? null;
        const kidsOf = new Map<string, string[]>();
        for (const r of plan.resources) {
            if (r.parent) {
                kidsOf.set(r.parent, [...(kidsOf.get(r.parent) ?? []), r.urn]);
            }
        }
        const ancestors = (urn: string): Set<string> => {
            const out = new Set<string>();
            for (let cur = byUrn.get(urn)?.parent; cur && byUrn.has(cur); cur = byUrn.get(cur)!.parent) {
                out.add(cur);
            }
            return out;
        };
        /** The shown components a dependency leads to, following folded and free-standing resources. */
        const targets = (urn: string, seen: Set<string>): Node[] => {
            if (seen.has(urn)) {
                return [];
            }
            seen.add(urn);
            const node = nodeOf(urn);
            if (node) {
                return [node];
            }
            const r = byUrn.get(urn);
            if (!r) {
                return [];
            }
            return [...r.dependencies, ...(kidsOf.get(urn) ?? [])].flatMap((d) => targets(d, seen));
        };
        for (const r of plan.resources) {
            const to = nodeOf(r.urn);
            if (!to) {
                continue;
            }
            const up = ancestors(r.urn);
            for (const d of r.dependencies) {
                for (const from of targets(d, new Set())) {
                    if (from.id === to.id || up.has(from.urn) || ancestors(from.urn).has(to.urn)) {
                        continue;
                    }
                    edges.add(`${from.id} --> ${to.id}`);
                }
            }
            // A shown component inside another shown component (the hub's egress VPC).
            const s = nodes.find((x) => x.urn === r.urn && x.stack === plan.stack);
            if (s && r.parent) {
                const p = nodeOf(r.parent);
                if (p && p.id !== s.id) {
                    nested.add(`${p.id} -.- ${s.id}`);
                }
            }
        }
    }

    // Across stacks: an exported value naming a producer resource, found in a consumer's inputs.
    for (const producer of list) {
        const exported = new Set<string>();
        for (const [, v] of flatten(producer.outputs)) {
            if (typeof v === "string" && v.length >= 6) {
                exported.add(v);
            }
        }
        const named = producer.resources.filter((r) => r.custom && [...exported].some((v) => v.includes(`${r.name}-id`)));
        for (const consumer of list) {
            if (consumer === producer) {
                continue;
            }
            for (const r of consumer.resources) {
                const to = owner.get(key(consumer.stack, r.urn));
                if (!to) {
                    continue;
                }
                for (const [, v] of flatten(r.inputs)) {
                    if (typeof v !== "string" || !exported.has(v)) {
                        continue;
                    }
                    for (const p of named.filter((x) => v.includes(`${x.name}-id`))) {
                        const from = owner.get(key(producer.stack, p.urn));
                        if (from) {
                            edges.add(`${from.id} ==> ${to.id}`);
                        }
                    }
                }
            }
        }
    }

    const out = ["flowchart LR"];
    for (const plan of list) {
        out.push(`  subgraph ${subgraphId(plan.stack)}["${esc(stackLabel(plan))}"]`);
        for (const node of nodes.filter((x) => x.stack === plan.stack)) {
            out.push(`    ${shaped(node)}`);
        }
        out.push("  end");
    }
    [...nested, ...edges].sort().forEach((e) => out.push(`  ${e}`));
    return out.join("\n");
}

function subgraphId(stack: string): string {
    return `stack_${stack.replace(/[^A-Za-z0-9_]/g, "_")}`;
}
