import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { RuleGroup } from "../../components/observability/slo";

/**
 * The real Prometheus tool in the tests. CI installs it (`.ci/run`: Debian's `prometheus` package);
 * a machine without it fails these tests with how to get it, instead of skipping what proves the
 * alerts.
 */

const INSTALL_HINT =
    "promtool is not on PATH: the SLO rule and dashboard tests run the real Prometheus tool. Install it " +
    "(Debian/Ubuntu: apt-get install -y prometheus; macOS: brew install prometheus; or put promtool from " +
    "https://prometheus.io/download/ on PATH) and run the tests again. .ci/run installs it in CI.";

let found: string | undefined;

/** Path of promtool; throws with how to install it when missing. */
export function promtool(): string {
    if (found !== undefined) {
        return found;
    }
    for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
        const candidate = path.join(dir || ".", "promtool");
        try {
            fs.accessSync(candidate, fs.constants.X_OK);
            found = candidate;
            return candidate;
        } catch {
            // not in this directory
        }
    }
    throw new Error(INSTALL_HINT);
}

export interface PromtoolResult {
    code: number;
    output: string;
}

/** Runs promtool in `cwd`, stdout and stderr together. */
export function runPromtool(args: string[], cwd: string): PromtoolResult {
    const r = spawnSync(promtool(), args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error) {
        throw r.error;
    }
    return { code: r.status ?? -1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** Runs promtool in `cwd` without blocking, stdout and stderr together. */
export function runPromtoolAsync(args: string[], cwd: string): Promise<PromtoolResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(promtool(), args, { cwd });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code: code ?? -1, output }));
    });
}

/** Runs the tasks `width` at a time; each result in the order given. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], width = Math.max(2, os.cpus().length)): Promise<T[]> {
    const results: T[] = new Array(tasks.length);
    let next = 0;
    const worker = async () => {
        while (next < tasks.length) {
            const i = next++;
            results[i] = await tasks[i]();
        }
    };
    await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker));
    return results;
}

/** A fresh temporary directory, removed with `removeDir`. */
export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}

export function removeDir(dir: string): void {
    fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `doc` as YAML to `dir/name` and returns the file name. */
export function writeYaml(dir: string, name: string, doc: unknown): string {
    fs.writeFileSync(path.join(dir, name), stringify(doc, { lineWidth: 0 }));
    return name;
}

/**
 * `promtool check rules` over rule files; throws with promtool's output when any file is rejected.
 * `what` names the files' origin in the error.
 */
export function checkRules(files: { name: string; groups: RuleGroup[] }[], what: string): void {
    const dir = tempDir("promtool-check");
    try {
        const names = files.map((f, i) => writeYaml(dir, `${String(i).padStart(3, "0")}-${f.name.replace(/[^a-zA-Z0-9_.-]/g, "_")}.yaml`, { groups: f.groups }));
        const r = runPromtool(["check", "rules", ...names], dir);
        if (r.code !== 0) {
            throw new Error(`promtool check rules rejected ${what} (exit ${r.code}):\n${r.output}`);
        }
    } finally {
        removeDir(dir);
    }
}

/**
 * Parses PromQL expressions with promtool: each becomes a recording rule of a synthetic group
 * (`promtool check rules` parses every expression). Grafana template variables are replaced by
 * values first (`$instance` → `.*`, any other `$var` → `x`). Throws listing what was rejected.
 */
export function checkExpressions(exprs: { where: string; expr: string }[], what: string): void {
    promtool();
    const substituted = exprs.map((e) => ({ ...e, expr: e.expr.replace(/\$\{?(\w+)\}?/g, (_m, v: string) => (v === "instance" ? ".*" : "x")) }));
    const groups: RuleGroup[] = substituted.map((e, i) => ({ name: `expr-${i}`, rules: [{ record: "dashboard:expr", expr: e.expr, labels: {} }] }));
    try {
        checkRules([{ name: "expressions", groups }], what);
    } catch (e) {
        const listing = substituted.map((s, i) => `  expr-${i} (${s.where}): ${s.expr}`).join("\n");
        throw new Error(`${(e as Error).message}\nexpressions:\n${listing}`);
    }
}
