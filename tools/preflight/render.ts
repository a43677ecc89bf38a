import { CheckResult, isReady, PreflightReport, Status } from "./model";

const LABELS: Record<Status, string> = { ok: "ok", problem: "PROBLEM", "not-checked": "not checked", info: "info" };

function line(r: CheckResult, width: number): string[] {
    const head = `  ${LABELS[r.status].padEnd(11)}  ${r.check.padEnd(width)}  ${r.message}`;
    return r.fix ? [head, `  ${"".padEnd(11)}  ${"".padEnd(width)}  fix: ${r.fix}`] : [head];
}

/** The report as text: one line per result, a fix line under each problem or unchecked item, a verdict last. */
export function renderText(report: PreflightReport): string {
    const width = Math.max(0, ...report.results.map((r) => r.check.length), ...report.errors.map((e) => e.check.length));
    const out = [`Preflight of stack ${report.stack} (${report.role}, account ${report.accountId}, ${report.region})`, ""];
    for (const r of report.results) {
        out.push(...line(r, width));
    }
    for (const e of report.errors) {
        out.push(`  ${"ERROR".padEnd(11)}  ${e.check.padEnd(width)}  could not finish: ${e.message}`);
    }
    const count = (s: Status) => report.results.filter((r) => r.status === s).length;
    const tally = [`${count("problem")} problem${count("problem") === 1 ? "" : "s"}`, `${count("not-checked")} not checked`, `${count("ok")} ok`].join(", ");
    out.push("");
    if (report.errors.length > 0) {
        out.push(`Could not finish: ${report.errors.length} check${report.errors.length === 1 ? "" : "s"} stopped on an unexpected error (${tally}).`);
    } else if (isReady(report)) {
        out.push(`Ready for the first deploy (${tally}).`);
    } else {
        out.push(`Not ready (${tally}): fix each problem above and run preflight again.`);
    }
    return out.join("\n");
}

export function renderJson(report: PreflightReport): string {
    return JSON.stringify({ ...report, ready: isReady(report) }, null, 2);
}
