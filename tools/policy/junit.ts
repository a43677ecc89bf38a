import type { PolicyResult } from "../cli/policy-report";

/**
 * JUnit XML: one testsuite per pack, a testcase per (policy, resource) the policy looked at:
 * failure for a violation (type = enforcement level), skipped for not applicable or a value
 * unknown until apply, passed otherwise. Stack policies are one testcase named after the stack.
 */
export function toJUnit(result: PolicyResult): string {
    const { evaluation, plan } = result;
    const suites: string[] = [];
    let total = 0;
    let failures = 0;
    let skipped = 0;
    for (const pack of result.packs) {
        const cases: string[] = [];
        let packFailures = 0;
        let packSkipped = 0;
        const checks = evaluation.checks.filter((c) => c.pack === pack.name && c.outcome !== "remediated");
        for (const c of checks) {
            const name = c.urn === "stack" ? `stack ${plan.stack}` : c.urn;
            const findings = evaluation.findings.filter((f) => f.pack === pack.name && f.policy === c.policy && (c.urn === "stack" ? true : f.urn === c.urn) && f.enforcementLevel !== "remediate");
            let body = "";
            if (c.outcome === "fail") {
                packFailures++;
                body = findings.map((f) => `<failure type="${f.enforcementLevel}" message="${esc(f.message.split("\n").slice(1).join(" ") || f.message)}">${esc(f.message)}</failure>`).join("");
            } else if (c.outcome === "notApplicable" || c.outcome === "unknown" || c.outcome === "exempt") {
                packSkipped++;
                body = `<skipped message="${esc(c.reason ?? c.outcome)}"/>`;
            }
            cases.push(`    <testcase classname="${esc(`${pack.name}.${c.policy}`)}" name="${esc(name)}">${body}</testcase>`);
        }
        for (const name of evaluation.disabled.filter((d) => pack.policies.some((p) => p.name === d))) {
            packSkipped++;
            cases.push(`    <testcase classname="${esc(`${pack.name}.${name}`)}" name="disabled"><skipped message="disabled by configuration"/></testcase>`);
        }
        total += cases.length;
        failures += packFailures;
        skipped += packSkipped;
        suites.push(`  <testsuite name="${esc(pack.name)}" tests="${cases.length}" failures="${packFailures}" errors="0" skipped="${packSkipped}">\n${cases.join("\n")}\n  </testsuite>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="policy ${esc(plan.stack)}" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join("\n")}\n</testsuites>\n`;
}

export function esc(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}
