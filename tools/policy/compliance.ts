import { controlList, FRAMEWORKS } from "../../policy-packs/lib/metadata";
import type { PlanResource } from "../plan/model";
import { controlsOf, Evaluation, PackDefinition } from "./evaluate";

/**
 * Audit evidence per control: for each CIS AWS, CIS EKS and FSBP control a policy maps to, whether
 * it failed (a violation of any level), was exempt (no violation, but a resource was exempted from
 * a claiming policy: an accepted deviation, never a pass), passed (checked on at least one
 * resource, none exempted), is not applicable (no resource of the control's types in the plan, per
 * policy-packs/controls/, or every check was not applicable), or was not assessed (its policies
 * are disabled, or only values unknown until apply were seen).
 */

export type ControlStatus = "pass" | "fail" | "exempt" | "not-applicable" | "not-assessed";

export interface ControlResult {
    control: string;
    framework: string;
    status: ControlStatus;
    policies: string[];
    violations: number;
    /** (policy, resource) pairs that passed or failed. */
    checks: number;
    /** Resources exempted from a claiming policy: `<policy>: <urn> (<reason>)`. */
    exemptions: string[];
}

export interface ComplianceSummary {
    frameworks: Record<string, { title: string; version: string; pass: number; fail: number; exempt: number; notApplicable: number; notAssessed: number }>;
    controls: ControlResult[];
}

const REPORTED = ["cis-aws", "cis-eks", "fsbp"];

/**
 * `resources`: the plan's resources, to tell a control whose resource types are absent (not
 * applicable) from one whose policies passed; without them only the checks decide.
 */
export function complianceSummary(packs: PackDefinition[], evaluation: Evaluation, resources?: Pick<PlanResource, "type" | "readId">[]): ComplianceSummary {
    const present = resources ? new Set(resources.filter((r) => r.readId === undefined).map((r) => r.type)) : undefined;
    const byControl = new Map<string, ControlResult>();
    for (const pack of packs) {
        for (const p of pack.policies) {
            for (const c of controlsOf(p)) {
                const framework = c.split(":")[0];
                if (!REPORTED.includes(framework)) {
                    continue;
                }
                const entry = byControl.get(c) ?? { control: c, framework, status: "not-assessed" as ControlStatus, policies: [], violations: 0, checks: 0, exemptions: [] };
                entry.policies.push(p.name);
                byControl.set(c, entry);
            }
        }
    }
    for (const entry of byControl.values()) {
        const checks = evaluation.checks.filter((c) => entry.policies.includes(c.policy) && (c.outcome === "pass" || c.outcome === "fail"));
        const violations = evaluation.findings.filter((f) => entry.policies.includes(f.policy) && (f.enforcementLevel === "mandatory" || f.enforcementLevel === "advisory") && !f.message.includes("during preview"));
        const mine = evaluation.checks.filter((c) => entry.policies.includes(c.policy));
        const exempt = mine.filter((c) => c.outcome === "exempt");
        const [framework, id] = [entry.framework, entry.control.slice(entry.framework.length + 1)];
        const listed = controlList(framework)?.controls.find((c) => c.id === id);
        const applicable = !present || !listed ? undefined : listed.resourceTypes.some((t) => present.has(t));
        entry.checks = checks.length;
        entry.violations = violations.length;
        entry.exemptions = exempt.map((c) => `${c.policy}: ${c.urn}${c.reason ? ` (${c.reason})` : ""}`);
        if (violations.length > 0) {
            entry.status = "fail";
        } else if (applicable === false) {
            entry.status = "not-applicable";
        } else if (exempt.length > 0) {
            entry.status = "exempt";
        } else if (checks.length > 0) {
            entry.status = "pass";
        } else if (mine.length > 0 && mine.every((c) => c.outcome === "notApplicable")) {
            entry.status = "not-applicable";
        } else {
            entry.status = "not-assessed";
        }
    }
    const controls = [...byControl.values()].sort((a, b) => a.framework.localeCompare(b.framework) || a.control.localeCompare(b.control, undefined, { numeric: true }));
    const frameworks: ComplianceSummary["frameworks"] = {};
    for (const key of REPORTED) {
        const meta = FRAMEWORKS[key as keyof typeof FRAMEWORKS];
        const list = controls.filter((c) => c.framework === key);
        frameworks[key] = {
            title: meta.title,
            version: meta.version,
            pass: list.filter((c) => c.status === "pass").length,
            fail: list.filter((c) => c.status === "fail").length,
            exempt: list.filter((c) => c.status === "exempt").length,
            notApplicable: list.filter((c) => c.status === "not-applicable").length,
            notAssessed: list.filter((c) => c.status === "not-assessed").length,
        };
    }
    return { frameworks, controls };
}

export function renderComplianceMarkdown(stack: string, summary: ComplianceSummary): string {
    const lines = [`## Compliance summary: stack \`${stack}\``, "", "| framework | pass | fail | exempt | not applicable | not assessed |", "|---|---|---|---|---|---|"];
    for (const [key, f] of Object.entries(summary.frameworks)) {
        lines.push(`| ${f.title} ${f.version} (\`${key}\`) | ${f.pass} | ${f.fail} | ${f.exempt} | ${f.notApplicable} | ${f.notAssessed} |`);
    }
    lines.push("", "| control | status | policies | checks | violations | exemptions |", "|---|---|---|---|---|---|");
    const icon: Record<ControlStatus, string> = { pass: "pass", fail: "**FAIL**", exempt: "exempt", "not-applicable": "not applicable", "not-assessed": "not assessed" };
    for (const c of summary.controls) {
        lines.push(`| \`${c.control}\` | ${icon[c.status]} | ${c.policies.join(", ")} | ${c.checks} | ${c.violations} | ${c.exemptions.join("<br>") || "–"} |`);
    }
    return lines.join("\n");
}
