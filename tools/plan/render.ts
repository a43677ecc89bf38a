import { Plan, PlanResource } from "./model";

/**
 * Renders a plan the way `pulumi preview` shows one: a tree of resources by parent with type,
 * name and the planned operation, then the counts. Everything in an offline plan of a new stack
 * is a create; the diff (tools/review) renders changes against a base plan.
 */

/** `aws:ec2/vpc:Vpc` → `aws:ec2:Vpc`, as the Pulumi CLI prints types. */
export function shortType(type: string): string {
    const [pkg, mod, name] = type.split(":");
    if (name === undefined) {
        return type;
    }
    return `${pkg}:${mod.split("/")[0]}:${name}`;
}

interface Row {
    prefix: string;
    type: string;
    name: string;
    flags: string;
}

export function renderTree(plan: Plan): string {
    const children = new Map<string, PlanResource[]>();
    for (const r of plan.resources) {
        const key = r.parent ?? "";
        const list = children.get(key) ?? [];
        list.push(r);
        children.set(key, list);
    }
    const stackUrn = `urn:pulumi:${plan.stack}::${plan.project}::pulumi:pulumi:Stack::${plan.project}-${plan.stack}`;
    const rows: Row[] = [{ prefix: "", type: "pulumi:pulumi:Stack", name: `${plan.project}-${plan.stack}`, flags: "" }];
    const walk = (urn: string, indent: string) => {
        const kids = children.get(urn) ?? [];
        kids.forEach((r, i) => {
            const last = i === kids.length - 1;
            rows.push({ prefix: `${indent}${last ? "└─ " : "├─ "}`, type: shortType(r.type), name: r.name, flags: flagsOf(r) });
            walk(r.urn, `${indent}${last ? "   " : "│  "}`);
        });
    };
    walk(stackUrn, "");
    const typeWidth = Math.max(...rows.map((r) => r.prefix.length + r.type.length)) + 2;
    const nameWidth = Math.max(...rows.map((r) => r.name.length)) + 2;
    const lines = [`     ${"Type".padEnd(typeWidth)}${"Name".padEnd(nameWidth)}Plan`];
    for (const r of rows) {
        lines.push(` +   ${(r.prefix + r.type).padEnd(typeWidth)}${r.name.padEnd(nameWidth)}create${r.flags ? `  ${r.flags}` : ""}`.trimEnd());
    }
    return lines.join("\n");
}

function flagsOf(r: PlanResource): string {
    const flags: string[] = [];
    if (r.protect) {
        flags.push("protected");
    }
    if (r.retainOnDelete) {
        flags.push("retained");
    }
    return flags.length ? `[${flags.join(", ")}]` : "";
}

export function renderSummary(plan: Plan): string {
    const s = plan.summary;
    const lines = [
        "Resources:",
        `    + ${s.resourceCount + 1} to create (${s.customResourceCount} cloud resources, ${s.componentCount} components, 1 stack)`,
        "",
        "By type:",
    ];
    const width = Math.max(...Object.keys(s.byType).map((t) => shortType(t).length));
    for (const [type, count] of Object.entries(s.byType)) {
        lines.push(`    ${shortType(type).padEnd(width)}  ${count}`);
    }
    const protectedCount = plan.resources.filter((r) => r.protect).length;
    lines.push("", `Protected: ${protectedCount}  Retained on delete: ${plan.resources.filter((r) => r.retainOnDelete).length}`);
    return lines.join("\n");
}

export function renderOutputs(plan: Plan): string {
    const keys = Object.keys(plan.outputs);
    if (keys.length === 0) {
        return "";
    }
    const width = Math.max(...keys.map((k) => k.length));
    return ["Outputs:", ...keys.map((k) => `    ${k.padEnd(width)}: ${JSON.stringify(plan.outputs[k])}`)].join("\n");
}
