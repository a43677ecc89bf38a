import type { Finding } from "../policy/evaluate";
import type { Operation, PlanDiff, ResourceChange, Risk } from "./diff";
import { cell, code, signedUsd, table, usd, shortType } from "./markdown";

/**
 * The diff as a pull-request comment: summary table, risks (always in full), policy findings,
 * cost, then one `<details>` block per changed resource. Details are dropped from the end when
 * the comment would pass `DIFF_MARKDOWN_LIMIT` characters (GitHub rejects comments over 65,536),
 * with a note saying how many were left out; the risks are never truncated.
 */

export const DIFF_MARKDOWN_LIMIT = 60_000;

const SYMBOL: Record<Operation, string> = { create: "+", update: "~", replace: "+-", delete: "-" };

export function renderDiffMarkdown(diff: PlanDiff, limit = DIFF_MARKDOWN_LIMIT): string {
    const head: string[] = [];
    const s = diff.summary;
    const title = diff.baseStack === diff.stack ? `stack \`${diff.stack}\`` : `stack \`${diff.baseStack}\` → \`${diff.stack}\``;
    head.push(`## Plan diff: ${title}`);
    head.push("");
    head.push(table(["create", "update", "replace", "delete", "unchanged"], [[`${s.create}`, `${s.update}`, `${s.replace}`, `${s.delete}`, `${s.unchanged}`]]));
    head.push("");
    if (s.create + s.update + s.replace + s.delete === 0) {
        head.push(`No changes: all ${s.unchanged} resources are unchanged.`);
        head.push("");
    }

    head.push(`### Risks (${diff.risks.length})`);
    head.push("");
    if (diff.risks.length === 0) {
        head.push("None found: no protected or stateful resource is deleted or replaced, no security setting is loosened.");
    } else {
        head.push(...renderRisks(diff.risks));
    }
    head.push("");

    if (diff.findings) {
        const f = diff.findings;
        head.push(`### Policy findings: ${f.new.length} new (${f.newMandatory} mandatory), ${f.resolved.length} resolved, ${f.unchanged} unchanged`);
        head.push("");
        const rows: [string, Finding][] = [...f.new.map((x): [string, Finding] => ["new", x]), ...f.resolved.map((x): [string, Finding] => ["resolved", x])];
        if (rows.length > 0) {
            const shown = rows.slice(0, 100);
            head.push(table(["", "level", "policy", "resource", "message"], shown.map(([k, x]) => [k, x.enforcementLevel, code(x.policy, 60), code(x.resourceName ?? x.urn ?? "stack", 60), cell(x.message.split("\n").pop(), 200)])));
            if (rows.length > shown.length) {
                head.push("");
                head.push(`_${rows.length - shown.length} more findings in the JSON diff._`);
            }
            head.push("");
        }
    }

    if (diff.cost) {
        const c = diff.cost;
        head.push(`### Estimated monthly cost: ${usd(c.base)} → ${usd(c.head)} (${signedUsd(c.delta)})`);
        head.push("");
        if (c.lines.length > 0) {
            head.push(table(["item", "base", "head", "change"], c.lines.slice(0, 30).map((l) => [cell(l.item), usd(l.base), usd(l.head), signedUsd(l.delta)])));
            head.push("");
        }
        if (c.unpricedHead > 0) {
            head.push(`_${c.unpricedHead} resources in the head have no price (usage-based or not in the price table); see the plan report._`);
            head.push("");
        }
    }

    const changed = diff.changes;
    head.push(`### Changes (${changed.length} resources; ${s.unchanged} unchanged not listed)`);
    head.push("");
    if (Object.keys(s.byType).length > 0) {
        const rows = Object.entries(s.byType).map(([t, n]) => [code(shortType(t), 80), n.create ? `${n.create}` : "", n.update ? `${n.update}` : "", n.replace ? `${n.replace}` : "", n.delete ? `${n.delete}` : ""]);
        head.push(table(["type", "create", "update", "replace", "delete"], rows.slice(0, 80)));
        if (rows.length > 80) {
            head.push(`\n_${rows.length - 80} more types in the JSON diff._`);
        }
        head.push("");
    }

    let out = head.join("\n");
    const blocks = changed.map(renderChange);
    const reserve = 300;
    let shown = 0;
    for (const b of blocks) {
        if (out.length + b.length + 2 + reserve > limit) {
            break;
        }
        out += `\n${b}\n`;
        shown++;
    }
    if (shown < blocks.length) {
        out += `\n> **Truncated:** details of ${blocks.length - shown} of ${blocks.length} changed resources are not shown to keep this comment under ${limit.toLocaleString("en-US")} characters; the risks above are complete. The full diff is in \`${diff.stack}.diff.json\`.\n`;
    }
    return out;
}

/** Resources whose only risk is protection removed, listed one per row up to this many; the rest in one row. */
export const PROTECTION_ROWS = 10;

/**
 * The risks (already ordered by severity and grouped per resource, diff.ts orderRisks): one row
 * per resource with all its risks, so that turning protection off across a stack does not
 * bury a replacement; resources whose only risk is protection removed are listed individually
 * up to PROTECTION_ROWS and then summarized in one row (every one is in the JSON diff).
 */
function renderRisks(risks: Risk[]): string[] {
    const groups: Risk[][] = [];
    for (const r of risks) {
        const last = groups[groups.length - 1];
        if (last && last[0].urn === r.urn) {
            last.push(r);
        } else {
            groups.push([r]);
        }
    }
    const protectionOnly = (g: Risk[]) => g.every((r) => r.kind === "protection-removed");
    const rows: string[][] = [];
    let protectionShown = 0;
    const rest: Risk[][] = [];
    let restAt = -1;
    for (const g of groups) {
        if (protectionOnly(g) && protectionShown >= PROTECTION_ROWS) {
            restAt = restAt < 0 ? rows.length : restAt;
            rest.push(g);
            continue;
        }
        if (protectionOnly(g)) {
            protectionShown++;
        }
        const level = g.some((r) => r.level === "high") ? "**high**" : "medium";
        const kinds = [...new Set(g.map((r) => r.kind))].join(", ");
        rows.push([level, kinds, `${code(shortType(g[0].type), 60)} ${code(g[0].name, 80)}`, g.map((r) => cell(r.message, 300)).join("<br>")]);
    }
    if (rest.length > 0) {
        const names = rest.map((g) => code(g[0].name, 40)).slice(0, 20).join(", ");
        rows.splice(restAt, 0, ["**high**", "protection-removed", `${rest.length} more resources`, cell(`protection removed (${[...new Set(rest.flat().map((r) => r.rule ?? r.kind))].join(", ")}) from ${rest.length} more resources; every one is listed in the JSON diff`, 300) + `: ${names}${rest.length > 20 ? ", …" : ""}`]);
    }
    return [table(["level", "risk", "resource", "what"], rows)];
}

function renderChange(c: ResourceChange): string {
    const flags = [c.protect ? "protected" : "", c.deleteBeforeReplace && c.op === "replace" ? "deleteBeforeReplace" : "", c.previousUrn ? "renamed" : ""].filter(Boolean);
    const summary = `<summary><code>${SYMBOL[c.op]}</code> ${c.op} ${cell(shortType(c.type), 80)} <b>${cell(c.name, 100)}</b>${flags.length ? ` (${flags.join(", ")})` : ""}</summary>`;
    const lines = ["<details>", summary, ""];
    lines.push(`URN: ${code(c.urn, 300)}`);
    if (c.previousUrn) {
        lines.push(`\nwas: ${code(c.previousUrn, 300)}`);
    }
    if (c.replaceReasons.length > 0) {
        lines.push(`\nreplaced because: ${c.replaceReasons.map((r) => cell(r, 200)).join("; ")}`);
    }
    if (c.properties.length > 0) {
        lines.push("");
        const rows = c.properties.slice(0, 60).map((p) => [code(p.path, 100), p.kind === "add" ? "" : code(p.old, 160), p.kind === "remove" ? "" : code(p.new, 160), p.replaces ? "**replaces**" : ""]);
        lines.push(table(["property", "old", "new", ""], rows));
        if (c.properties.length > 60) {
            lines.push(`\n_${c.properties.length - 60} more property changes in the JSON diff._`);
        }
    }
    lines.push("", "</details>");
    return lines.join("\n");
}
