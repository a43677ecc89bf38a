import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * tools/mutation/survivors.js: the score per file as Stryker computes it (Killed + Timeout over
 * the valid mutants; RuntimeError, CompileError and Ignored left out), the undetected mutants it
 * lists, and --check against issue #15's bar (90% for the four core rule files, 85% otherwise).
 */

const SCRIPT = path.resolve(__dirname, "../../../tools/mutation/survivors.js");

type Status = "Killed" | "Timeout" | "Survived" | "NoCoverage" | "RuntimeError" | "CompileError" | "Ignored";

function mutants(counts: Partial<Record<Status, number>>): unknown[] {
    const out: unknown[] = [];
    for (const [status, n] of Object.entries(counts)) {
        for (let i = 0; i < n!; i++) {
            out.push({ id: `${status}-${i}`, mutatorName: "ConditionalExpression", replacement: "true", status, location: { start: { line: 2, column: 5 }, end: { line: 2, column: 9 } } });
        }
    }
    return out;
}

function report(files: Record<string, Partial<Record<Status, number>>>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "survivors-"));
    const file = path.join(dir, "report.json");
    const body = { schemaVersion: "2", thresholds: { high: 90, low: 85 }, files: Object.fromEntries(Object.entries(files).map(([name, c]) => [name, { language: "typescript", source: "line one\n  if (a) b();\n", mutants: mutants(c) }])) };
    fs.writeFileSync(file, JSON.stringify(body));
    return file;
}

const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });

describe("tools/mutation/survivors.js", () => {
    it("scores (Killed + Timeout) / (Killed + Timeout + Survived + NoCoverage), leaving invalid and ignored mutants out", () => {
        const file = report({ "policy-packs/lib/links.ts": { Killed: 80, Timeout: 6, Survived: 10, NoCoverage: 4, RuntimeError: 7, CompileError: 2, Ignored: 3 } });
        const res = run(file);
        expect(res.status).to.equal(0);
        expect(res.stdout).to.contain("| `lib/links.ts` | 112 | 100 | 86 | 10 | 4 | 86.0% |");
    });
    it("--list names every undetected mutant with its place, status, mutator, replacement and source line", () => {
        const res = run(report({ "policy-packs/packs.ts": { Killed: 1, Survived: 1, NoCoverage: 1 } }), "--list");
        const listed = res.stdout.split("\n").filter((l) => l.startsWith("policy-packs/"));
        expect(listed).to.deep.equal(["policy-packs/packs.ts:2:5 Survived ConditionalExpression → true", "policy-packs/packs.ts:2:5 NoCoverage ConditionalExpression → true"]);
        expect(res.stdout).to.contain("    if (a) b();");
    });
    it("--check holds the four core rule files to 90% and every other file to 85%", () => {
        const at89 = { Killed: 89, Survived: 11 };
        const core = run(report({ "policy-packs/aws-baseline/policies/eks.ts": at89 }), "--check");
        expect(core.status).to.equal(1);
        expect(core.stderr).to.equal("below the bar: policy-packs/aws-baseline/policies/eks.ts scores 89.0%, needs 90%\n");
        expect(run(report({ "policy-packs/aws-baseline/policies/ecr.ts": at89 }), "--check").status).to.equal(0);
        const other = run(report({ "policy-packs/aws-baseline/policies/ecr.ts": { Killed: 84, NoCoverage: 16 }, "policy-packs/lib/iam-documents.ts": { Killed: 90, Survived: 10 } }), "--check");
        expect(other.status).to.equal(1);
        expect(other.stderr).to.equal("below the bar: policy-packs/aws-baseline/policies/ecr.ts scores 84.0%, needs 85%\n");
    });
    it("takes several reports, the newest one winning for a file in both, and filters by --file", () => {
        const old = report({ "policy-packs/lib/values.ts": { Killed: 1, Survived: 1 } });
        const newer = report({ "policy-packs/lib/values.ts": { Killed: 2 } });
        fs.utimesSync(old, new Date(1_000_000), new Date(1_000_000));
        const res = run(newer, old, "--file", "values");
        expect(res.stdout).to.contain("| `lib/values.ts` | 2 | 2 | 2 | 0 | 0 | 100.0% |");
        expect(res.stdout).not.to.contain("50.0%");
    });
    it("exits 2 with its usage when no report is given", () => {
        const res = run("--list");
        expect(res.status).to.equal(2);
        expect(res.stderr).to.match(/^usage: survivors\.js/);
    });
});
