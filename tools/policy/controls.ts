import { CONTROL_PREFIXES, controlList, COVERAGE_FRAMEWORKS, FRAMEWORKS, PARTIAL_COVERAGE } from "../../policy-packs/lib/metadata";
import type { PlanResource } from "../plan/model";
import type { ResolvedPolicyConfig } from "./config";
import { controlsOf, PackDefinition } from "./evaluate";

/**
 * The controls policies claim, checked against the kept lists in policy-packs/controls/, and the
 * coverage of a plan: per framework, the controls its resource types make applicable and which
 * enabled policy checks each (docs/decisions/0015).
 */

interface ClaimingPolicy {
    name: string;
    framework?: { name: string; version?: string; reference: string };
    tags?: string[];
}

/** Every claimed ID that is not in its kept list, every framework version that differs, every stale partial entry. */
export function claimProblems(policies: ClaimingPolicy[], controlsDir?: string): string[] {
    const problems: string[] = [];
    const names = new Set(policies.map((p) => p.name));
    for (const p of policies) {
        const f = p.framework;
        if (f && f.name in FRAMEWORKS && f.name !== "own") {
            const expected = FRAMEWORKS[f.name as keyof typeof FRAMEWORKS].version;
            const list = controlList(f.name, controlsDir);
            if (f.version !== expected) {
                problems.push(`${p.name}: framework ${f.name} version ${f.version} is not ${expected}`);
            } else if (list && f.name !== "pss" && list.version !== expected) {
                problems.push(`${p.name}: framework ${f.name} ${expected} but the kept list is version ${list.version}`);
            }
        }
        for (const claim of controlsOf(p)) {
            const problem = unknownClaim(claim, controlsDir);
            if (problem) {
                problems.push(`${p.name}: ${problem}`);
            }
        }
    }
    for (const [policy, claims] of Object.entries(PARTIAL_COVERAGE)) {
        if (!names.has(policy)) {
            continue; // Another pack's policy (tests pass subsets).
        }
        const full = controlsOf(policies.find((p) => p.name === policy)!);
        for (const claim of Object.keys(claims)) {
            const problem = unknownClaim(claim, controlsDir);
            if (problem) {
                problems.push(`${policy} (partial coverage): ${problem}`);
            } else if (full.includes(claim)) {
                problems.push(`${policy}: ${claim} is claimed in full and listed as partial coverage`);
            }
        }
    }
    return problems;
}

function unknownClaim(claim: string, controlsDir?: string): string | undefined {
    const i = claim.indexOf(":");
    const [prefix, id] = [claim.slice(0, i), claim.slice(i + 1)];
    if (!(CONTROL_PREFIXES as readonly string[]).includes(prefix)) {
        return `unknown framework "${prefix}" in ${claim} (known: ${CONTROL_PREFIXES.join(", ")})`;
    }
    if (prefix === "own") {
        return undefined;
    }
    const list = controlList(prefix, controlsDir);
    if (!list) {
        // PSS's list is vendored separately; until it is there, its IDs cannot be checked.
        return prefix === "pss" ? undefined : `no kept list for ${prefix}`;
    }
    return list.controls.some((c) => c.id === id) ? undefined : `${claim} is not in ${prefix} ${list.version} (policy-packs/controls/)`;
}

// --- coverage ------------------------------------------------------------------------------------

export type CoverageStatus = "full" | "partial" | "none";

export interface ControlCoverage {
    id: string;
    title: string;
    automated: boolean;
    status: CoverageStatus;
    /** Enabled policies that claim the control (fully). */
    policies: string[];
    /** Enabled policies that cover part of it, with what they leave out. */
    partial: { policy: string; gap: string }[];
    /** Resource types of the plan that make the control applicable. */
    types: string[];
}

export interface FrameworkCoverage {
    framework: string;
    title: string;
    version: string;
    applicable: ControlCoverage[];
    /** Controls with resource types that are not in the plan. */
    notApplicable: number;
    /** Controls no resource input can express (notApplicableReason). */
    notExpressible: number;
    /** Over applicable automated controls: fully checked / applicable. */
    automated: { applicable: number; full: number; partial: number; none: number; percentFull: number };
    manual: { applicable: number; full: number; partial: number; none: number };
}

/**
 * Coverage of a plan's resources by the packs' enabled policies. A policy disabled by the config
 * covers nothing; advisory and mandatory policies both check.
 */
export function coverage(packs: PackDefinition[], resources: Pick<PlanResource, "type" | "readId">[], resolved: Record<string, Record<string, ResolvedPolicyConfig>> = {}, controlsDir?: string): FrameworkCoverage[] {
    const present = new Set(resources.filter((r) => r.readId === undefined).map((r) => r.type));
    const enabled = packs.flatMap((pack) => pack.policies.filter((p) => resolved[pack.name]?.[p.name]?.enforcementLevel !== "disabled"));
    const out: FrameworkCoverage[] = [];
    for (const key of COVERAGE_FRAMEWORKS) {
        const list = controlList(key, controlsDir);
        if (!list) {
            continue;
        }
        let notApplicable = 0;
        let notExpressible = 0;
        const applicable: ControlCoverage[] = [];
        for (const c of list.controls) {
            if (c.notApplicableReason) {
                notExpressible++;
                continue;
            }
            const types = c.resourceTypes.filter((t) => present.has(t));
            if (types.length === 0) {
                notApplicable++;
                continue;
            }
            const claim = `${key}:${c.id}`;
            const policies = enabled.filter((p) => controlsOf(p).includes(claim)).map((p) => p.name);
            const partial = enabled.flatMap((p) => (PARTIAL_COVERAGE[p.name]?.[claim] ? [{ policy: p.name, gap: PARTIAL_COVERAGE[p.name][claim] }] : []));
            const status: CoverageStatus = policies.length > 0 ? "full" : partial.length > 0 ? "partial" : "none";
            applicable.push({ id: c.id, title: c.title, automated: c.automated, status, policies, partial, types });
        }
        const tally = (automated: boolean) => {
            const l = applicable.filter((c) => c.automated === automated);
            return { applicable: l.length, full: l.filter((c) => c.status === "full").length, partial: l.filter((c) => c.status === "partial").length, none: l.filter((c) => c.status === "none").length };
        };
        const auto = tally(true);
        out.push({
            framework: key,
            title: list.title,
            version: list.version,
            applicable,
            notApplicable,
            notExpressible,
            automated: { ...auto, percentFull: auto.applicable === 0 ? 100 : Math.round((1000 * auto.full) / auto.applicable) / 10 },
            manual: tally(false),
        });
    }
    return out;
}

export function renderCoverageMarkdown(stack: string, cov: FrameworkCoverage[]): string {
    const lines = [
        `## Control coverage: stack \`${stack}\``,
        "",
        "Applicable controls are those whose resource types are in the plan; fully checked means an enabled policy claims the control.",
        "",
        "| framework | applicable (automated) | fully checked | partially | not covered | % fully checked | manual applicable | not applicable | not expressible |",
        "|---|---|---|---|---|---|---|---|---|",
    ];
    for (const f of cov) {
        lines.push(
            `| ${f.title} ${f.version} (\`${f.framework}\`) | ${f.automated.applicable} | ${f.automated.full} | ${f.automated.partial} | ${f.automated.none} | ${f.automated.percentFull}% | ${f.manual.applicable} | ${f.notApplicable} | ${f.notExpressible} |`,
        );
    }
    for (const f of cov) {
        lines.push("", `### ${f.framework} ${f.version}`, "", "| control | automated | coverage | policies | title |", "|---|---|---|---|---|");
        for (const c of f.applicable) {
            const by = c.status === "full" ? c.policies.join(", ") : c.status === "partial" ? c.partial.map((p) => `${p.policy} (partly: ${p.gap})`).join("; ") : "**not covered**";
            lines.push(`| \`${c.id}\` | ${c.automated ? "yes" : "manual"} | ${c.status === "none" ? "none" : c.status} | ${by} | ${c.title.replace(/\|/g, "\\|")} |`);
        }
    }
    return lines.join("\n");
}

export function renderCoverageText(stack: string, cov: FrameworkCoverage[]): string {
    const lines = [`Control coverage of stack ${stack} (applicable automated controls fully checked):`];
    for (const f of cov) {
        lines.push(`  ${f.framework} ${f.version}: ${f.automated.full}/${f.automated.applicable} fully (${f.automated.percentFull}%), ${f.automated.partial} partially, ${f.automated.none} not covered; ${f.manual.applicable} manual applicable, ${f.notApplicable} not applicable, ${f.notExpressible} not expressible`);
        const gaps = f.applicable.filter((c) => c.automated && c.status !== "full");
        if (gaps.length > 0) {
            lines.push(`    gaps: ${gaps.map((c) => `${c.id}${c.status === "partial" ? " (partial)" : ""}`).join(", ")}`);
        }
    }
    return lines.join("\n");
}
