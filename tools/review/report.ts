import { Plan } from "../plan/model";
import type { Finding } from "../policy/evaluate";
import { CostEstimate, estimateCost } from "./cost";
import { criticalPath, DeployTimeEstimate } from "./deploy-time";
import { renderDiagram } from "./diagram";
import { disasterRecovery } from "./dr";
import { bytes, cell, code, shortType, table, usd } from "./markdown";
import { DEFAULT_RUNBOOK_BASE_URL } from "../../components/observability/runbooks";

/**
 * `<stack>.plan.md`: the plan as a reviewer reads it on a pull request. Sections, in order:
 * summary (resources by type and by component type), policy findings (mandatory first), cost
 * estimate, deploy-time estimate, disaster recovery (tools/review/dr.ts), architecture diagram (Mermaid).
 *
 * The report stays under `PLAN_REPORT_LIMIT` bytes (GitHub's 65,536-character comment limit,
 * counted in bytes to be safe): when it would not, long tables are cut step by step (advisory
 * findings, per-resource cost lines, resource types, path, then mandatory findings, then the
 * diagram), each cut with a note saying what is left out and where to find it.
 */

export const PLAN_REPORT_LIMIT = 64 * 1024;

export interface PlanReportInput {
    plan: Plan;
    /** Policy findings of this plan; the section says "not evaluated" when absent. */
    findings?: Finding[];
    /** Computed with the default assumptions when absent. */
    cost?: CostEstimate;
    /** Computed with the default create times when absent. */
    deployTime?: DeployTimeEstimate;
}

interface Limits {
    advisory: number;
    mandatory: number;
    costLines: number;
    types: number;
    path: number;
    diagram: boolean;
}

const FULL: Limits = { advisory: Infinity, mandatory: Infinity, costLines: Infinity, types: Infinity, path: Infinity, diagram: true };

/** Cuts tried in order until the report fits. */
const STEPS: Partial<Limits>[] = [
    { advisory: 50 },
    { costLines: 40 },
    { advisory: 20, types: 60 },
    { path: 20, costLines: 0 },
    { advisory: 0, mandatory: 100 },
    { types: 20, mandatory: 40 },
    { diagram: false },
    { mandatory: 10, advisory: 0, types: 0, path: 5 },
];

export function renderPlanReport(input: PlanReportInput, limit = PLAN_REPORT_LIMIT): string {
    const cost = input.cost ?? estimateCost(input.plan);
    const deployTime = input.deployTime ?? criticalPath(input.plan);
    const diagram = renderDiagram(input.plan);
    let limits = { ...FULL };
    let text = render(input, cost, deployTime, diagram, limits);
    for (const step of STEPS) {
        if (bytes(text) <= limit) {
            break;
        }
        limits = { ...limits, ...step };
        text = render(input, cost, deployTime, diagram, limits);
    }
    if (bytes(text) > limit) {
        const note = `\n\n> **Truncated:** this report was cut at ${limit.toLocaleString("en-US")} bytes; the full plan is in \`${input.plan.stack}.plan.json\`.\n`;
        let cut = text.slice(0, limit - bytes(note) - 16);
        while (bytes(cut) > limit - bytes(note)) {
            cut = cut.slice(0, -100);
        }
        text = cut + note;
    }
    return text;
}

function truncNote(left: number, what: string, where: string): string {
    return left > 0 ? `\n_${left} more ${what} not shown to keep this report under the comment size limit; see ${where}._\n` : "";
}

function render(input: PlanReportInput, cost: CostEstimate, time: DeployTimeEstimate, diagram: string, l: Limits): string {
    const { plan } = input;
    const out: string[] = [];
    const s = plan.summary;
    out.push(`## Offline plan: stack \`${plan.stack}\``);
    out.push("");
    out.push(`Project \`${plan.project}\`, settings \`${plan.stackFile}\`. Planned offline under mocks: no cloud credentials used.`);
    out.push("");
    const findings = input.findings;
    const mandatory = findings?.filter((f) => f.enforcementLevel === "mandatory") ?? [];
    const advisory = findings?.filter((f) => f.enforcementLevel !== "mandatory") ?? [];
    out.push(
        table(
            ["resources", "custom", "components", "mandatory findings", "advisory findings", "est. monthly cost", "fresh deploy"],
            [[`${s.resourceCount}`, `${s.customResourceCount}`, `${s.componentCount}`, findings ? `${mandatory.length}` : "not evaluated", findings ? `${advisory.length}` : "not evaluated", usd(cost.monthly), `~${Math.ceil(time.totalMinutes)} min`]],
        ),
    );
    out.push("");

    // Summary by type and by component type.
    out.push("### Resources");
    out.push("");
    const custom = Object.entries(s.byType).filter(([t]) => !plan.resources.some((r) => r.type === t && !r.custom));
    const components = Object.entries(s.byType).filter(([t]) => plan.resources.some((r) => r.type === t && !r.custom));
    if (components.length > 0) {
        out.push(table(["component type", "count"], components.map(([t, n]) => [code(t), `${n}`])));
        out.push("");
    }
    const shownTypes = custom.slice(0, l.types);
    if (shownTypes.length > 0) {
        out.push(table(["resource type", "count"], shownTypes.map(([t, n]) => [code(shortType(t)), `${n}`])));
    }
    out.push(truncNote(custom.length - shownTypes.length, "resource types", "`summary.byType` in the plan JSON"));
    out.push("");

    // Policy findings.
    out.push("### Policy findings");
    out.push("");
    if (!findings) {
        out.push("Not evaluated for this report.");
    } else if (findings.length === 0) {
        out.push("No findings: every policy passed.");
    } else {
        const sev: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3 };
        const sorted = (xs: Finding[]) => [...xs].sort((a, b) => (sev[a.severity ?? "low"] ?? 4) - (sev[b.severity ?? "low"] ?? 4) || a.policy.localeCompare(b.policy));
        const rows = (xs: Finding[]) => xs.map((f) => [f.enforcementLevel === "mandatory" ? "**mandatory**" : f.enforcementLevel, f.severity ?? "", code(f.policy, 60), code(f.resourceName ?? (f.urn ? f.urn.split("::").pop() : "stack"), 60), cell(f.message.split("\n").filter(Boolean).pop(), 240), cell(f.controls.slice(0, 3).join(", "), 80)]);
        const m = sorted(mandatory).slice(0, l.mandatory);
        const a = sorted(advisory).slice(0, l.advisory);
        if (m.length + a.length > 0) {
            out.push(table(["level", "severity", "policy", "resource", "message", "controls"], [...rows(m), ...rows(a)]));
        }
        out.push(truncNote(mandatory.length - m.length, "mandatory findings", "the policy JSON/SARIF output"));
        out.push(truncNote(advisory.length - a.length, "advisory findings", "the policy JSON/SARIF output"));
    }
    out.push("");

    // Cost.
    out.push(`### Estimated monthly cost: ${usd(cost.monthly)}`);
    out.push("");
    const byItem = new Map<string, { quantity: number; unit: string; unitPrice: number; monthly: number; count: number }>();
    for (const line of cost.lines) {
        const k = `${line.item}\u0000${line.unitPrice}`;
        const cur = byItem.get(k) ?? { quantity: 0, unit: line.unit, unitPrice: line.unitPrice, monthly: 0, count: 0 };
        cur.quantity += line.quantity;
        cur.monthly += line.monthly;
        cur.count++;
        byItem.set(k, cur);
    }
    const items = [...byItem.entries()].sort((x, y) => y[1].monthly - x[1].monthly);
    if (items.length > 0) {
        out.push(table(["item", "resources", "quantity", "unit price", "monthly"], items.map(([k, v]) => [cell(k.split("\u0000")[0]), `${v.count}`, `${round(v.quantity)} ${v.unit}`, `$${v.unitPrice}`, usd(v.monthly)])));
        out.push("");
    }
    if (cost.unpriced.length > 0) {
        out.push(`**Not priced (${cost.unpriced.length})**: not counted in the total.`);
        out.push("");
        out.push(table(["resource", "type", "why"], cost.unpriced.slice(0, 50).map((u) => [code(u.name, 60), code(shortType(u.type), 60), cell(u.reason, 200)])));
        out.push(truncNote(cost.unpriced.length - 50, "unpriced resources", "the cost estimate JSON"));
        out.push("");
    }
    const lines = cost.lines.slice(0, l.costLines);
    if (lines.length > 0) {
        out.push("<details><summary>Per resource</summary>");
        out.push("");
        out.push(table(["resource", "item", "quantity", "monthly"], lines.map((x) => [code(x.name, 60), cell(x.item), `${x.quantity} ${x.unit}`, usd(x.monthly)])));
        out.push("");
        out.push("</details>");
    }
    out.push(truncNote(cost.lines.length - lines.length, "per-resource cost lines", "the cost estimate JSON"));
    const a = cost.assumptions;
    out.push(
        `Assumptions: ${a.hoursPerMonth} h/month; spot ${Math.round(a.spotDiscount * 100)}% off on-demand; ${a.natGbPerMonth} GB/month per NAT gateway; ${a.tgwGbPerAttachment} GB/month per TGW attachment; ${a.endpointGbPerMonth} GB/month per interface endpoint; ${a.logGbPerGroup} GB/month per log group; ${a.ecrGbPerRepository} GB per repository; ${a.s3GbPerBucket} GB per bucket; EKS support calendar as of ${a.asOf}. Prices: AWS list prices of ${cost.priceTableDate} (tools/review/prices.ts); no discounts, Savings Plans or free tier.`,
    );
    out.push("");

    // Deploy time.
    out.push(`### Fresh deploy: ~${Math.ceil(time.totalMinutes)} min`);
    out.push("");
    out.push(
        `Critical path ${round(time.totalMinutes)} min with unlimited parallelism; one resource at a time it would take ${round(time.serialMinutes)} min. Unavoidable chain ${time.unavoidableChain.map((c) => shortType(c.type).split(":").pop()).join(" → ") || "(none)"}: ${round(time.unavoidableMinutes)} min; ${round(time.avoidableMinutes)} min on top of it come from the program's own ordering.`,
    );
    out.push("");
    const steps = time.path.filter((p) => p.minutes > 0).slice(0, l.path);
    if (steps.length > 0) {
        out.push(table(["starts", "takes", "resource"], steps.map((p) => [`${round(p.startsAt)} min`, `${round(p.minutes)} min`, `${code(shortType(p.type), 60)} ${code(p.name, 60)}`])));
    }
    out.push(truncNote(time.path.filter((p) => p.minutes > 0).length - steps.length, "steps of the critical path", "the deploy-time estimate"));
    const notes = (time.notes ?? []).slice(0, 10);
    if (notes.length > 0) {
        out.push("");
        notes.forEach((n) => out.push(`- ${cell(n, 300)}`));
        out.push(truncNote((time.notes ?? []).length - notes.length, "implicit waits", "the deploy-time estimate"));
    }
    out.push("");

    // Disaster recovery.
    const dr = disasterRecovery(plan, time);
    out.push(`### Disaster recovery: rebuild from code ~${Math.ceil(dr.rtoMinutes)} min`);
    out.push("");
    if (dr.items.length === 0) {
        out.push("Nothing in this stack holds state: it is rebuilt from code.");
    } else {
        out.push("What this stack holds that code cannot rebuild, how much of it a disaster loses (RPO) and how it comes back.");
        out.push("");
        const names = (xs: string[]) => xs.slice(0, 3).map((n) => code(n, 60)).join(", ") + (xs.length > 3 ? ` +${xs.length - 3}` : "");
        out.push(table(["state", "held by", "RPO", "restore"], dr.items.map((i) => [cell(i.what, 160), names(i.resources), cell(i.rpo, 200), cell(i.restore, 160)])));
    }
    out.push("");
    out.push(
        `RTO of a rebuild from code: ~${Math.ceil(dr.rtoMinutes)} min (the fresh-deploy critical path above), plus the restores. Steps: [${dr.runbook}](${DEFAULT_RUNBOOK_BASE_URL.replace(/\/docs\/runbooks$/, "")}/${dr.runbook}).`,
    );
    out.push("");

    // Diagram.
    out.push("### Architecture");
    out.push("");
    if (l.diagram) {
        out.push("```mermaid", diagram, "```");
    } else {
        out.push("_Diagram left out to keep this report under the comment size limit._");
    }
    out.push("");
    return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

function round(n: number): number {
    return Math.round(n * 100) / 100;
}
