import { FRAMEWORKS } from "../../policy-packs/lib/metadata";
import { controlsOf, Evaluation, PackDefinition } from "./evaluate";

/**
 * Audit evidence per control: for each CIS AWS, CIS EKS and FSBP control a policy maps to, whether
 * it passed (checked on at least one resource, no violation), failed (a violation of any level),
 * or was not assessed (its policies are disabled or no resource of their types is in the stack).
 */

export type ControlStatus = "pass" | "fail" | "not-assessed";

export interface ControlResult {
    control: string;
    framework: string;
    status: ControlStatus;
    policies: string[];
    violations: number;
    checks: number;
}

export interface ComplianceSummary {
    frameworks: Record<string, { title: string; version: string; pass: number; fail: number; notAssessed: number }>;
    controls: ControlResult[];
}

const REPORTED = ["cis-aws", "cis-eks", "fsbp"];

export function complianceSummary(packs: PackDefinition[], evaluation: Evaluation): ComplianceSummary {
    const byControl = new Map<string, ControlResult>();
    for (const pack of packs) {
        for (const p of pack.policies) {
            for (const c of controlsOf(p)) {
                const framework = c.split(":")[0];
                if (!REPORTED.includes(framework)) {
                    continue;
                }
                const entry = byControl.get(c) ?? { control: c, framework, status: "not-assessed" as ControlStatus, policies: [], violations: 0, checks: 0 };
                entry.policies.push(p.name);
                byControl.set(c, entry);
            }
        }
    }
    for (const entry of byControl.values()) {
        const checks = evaluation.checks.filter((c) => entry.policies.includes(c.policy) && (c.outcome === "pass" || c.outcome === "fail"));
        const violations = evaluation.findings.filter((f) => entry.policies.includes(f.policy) && (f.enforcementLevel === "mandatory" || f.enforcementLevel === "advisory") && !f.message.includes("during preview"));
        entry.checks = checks.length;
        entry.violations = violations.length;
        entry.status = violations.length > 0 ? "fail" : checks.length > 0 ? "pass" : "not-assessed";
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
            notAssessed: list.filter((c) => c.status === "not-assessed").length,
        };
    }
    return { frameworks, controls };
}

export function renderComplianceMarkdown(stack: string, summary: ComplianceSummary): string {
    const lines = [`## Compliance summary: stack \`${stack}\``, "", "| framework | pass | fail | not assessed |", "|---|---|---|---|"];
    for (const [key, f] of Object.entries(summary.frameworks)) {
        lines.push(`| ${f.title} ${f.version} (\`${key}\`) | ${f.pass} | ${f.fail} | ${f.notAssessed} |`);
    }
    lines.push("", "| control | status | policies | checks | violations |", "|---|---|---|---|---|");
    const icon: Record<ControlStatus, string> = { pass: "pass", fail: "**FAIL**", "not-assessed": "not assessed" };
    for (const c of summary.controls) {
        lines.push(`| \`${c.control}\` | ${icon[c.status]} | ${c.policies.join(", ")} | ${c.checks} | ${c.violations} |`);
    }
    return lines.join("\n");
}
