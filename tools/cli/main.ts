import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { isUserError, ValidationError } from "../../components/common/validation";
import { validateAllStacks } from "../../config/cross-stack";
import { platformSettings, validateConfig } from "../../config/load";
import type { SemanticOptions } from "../../config/semantic-checks";
import { Plan } from "../plan/model";
import type { Finding } from "../policy/evaluate";
import { renderOutputs, renderSummary, renderTree } from "../plan/render";
import { PlanCache, planOrder, planStack } from "../plan/runner";
import { listStacks, readStackFile, STACKS_DIR, stackFilePath, stackNameOf, UsageError } from "../plan/stack-file";

/**
 * The `platform` CLI (also `npm run plan|policy|plan:diff|bench -- …`).
 * Exit codes: 0 ok · 1 mandatory policy violation · 2 invalid configuration or usage · 3 internal
 * error (a short message; `--debug` adds the stack trace).
 */

export const EXIT_OK = 0;
export const EXIT_POLICY = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

export interface Io {
    out: (text: string) => void;
    err: (text: string) => void;
}

const stdio: Io = {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
};

const USAGE = `usage: platform <command> [options]

commands:
  plan     --stack <name> | --stack-file <path> | --all  [--out <dir>] [--policy-config <file|dir>] [--no-policy]
           run the program offline for one stack (or every stack in stacks/, in one process),
           print the tree and summary, evaluate the policy packs
  policy   --plan <file.plan.json> [--policy-config <file|dir>] [--out <dir>] [--coverage]
           evaluate the policy packs over a plan made elsewhere
  diff     <base.plan.json> <head.plan.json> [--out <dir>] [--format md|json] [--base-findings <f> --head-findings <f>]
           | --base-ref <git-ref> --stack <name> [--policy] [--out <dir>]
           what a change does: create, update, replace, delete, the risks a reviewer must see, cost delta;
           exits 1 only when the head adds a mandatory finding
  bench    [--stack <name>] [--runs <n>] [--json]
           plan --stack and plan --all end to end next to a bare process registering the same resources
  preflight --stack <name> | --stack-file <path> [--json]
           read-only checks against the live AWS account before a stack's first pulumi up;
           exits 1 when not ready, 3 when it could not finish (preflight --help)
  upgrade  --stack <name> | --stack-file <path> --to <minor> [--out <file.md>]
           the plan to move a cluster one Kubernetes minor up; exits 2 when refused (upgrade --help)

  <command> --help     the command's usage; --debug (any command): the stack trace of an internal error

exit codes: 0 ok, 1 mandatory policy violation, 2 invalid configuration or usage, 3 internal error`;

const EXIT_CODES = "exit codes: 0 ok, 1 mandatory policy violation, 2 invalid configuration or usage, 3 internal error (--debug prints its stack trace)";

/** `<command> --help` for the commands without a help text of their own (preflight and upgrade have theirs). */
export const COMMAND_USAGE: Record<string, string> = {
    plan: `usage: npm run plan -- --stack <name> | --stack-file <path> | --all [--out <dir>] [--policy-config <file|dir>] [--no-policy] [--debug]

Runs the program offline for one stack, prints the tree and summary, evaluates the policy packs.

options:
  --stack <name>              the stack whose stacks/Pulumi.<name>.yaml is planned
  --stack-file <path>         plan any settings file instead, checked with the other stacks in stacks/
                              (it stands for the stack of --stack, or of its name Pulumi.<stack>.yaml)
  --all                       plan every stack in stacks/ in one process, each after the stacks it
                              references; --out gets every stack's files and plan-all.json (each
                              stack's exit code); the exit code is the most severe of the stacks'
  --out <dir>                 also write <stack>.plan.json, .plan.md, .policy.{json,sarif,xml}, .compliance.{md,json}
  --policy-config <file|dir>  pack config (default policy-packs/config/<environment>/; with --all, for every stack)
  --no-policy                 skip the policy packs
  --debug                     print the stack trace of an internal error
  -h, --help                  print this help

${EXIT_CODES}`,
    policy: `usage: npm run policy -- --plan <file.plan.json> [--policy-config <file|dir>] [--out <dir>] [--coverage] [--debug]

Evaluates the policy packs over a plan made elsewhere (plan --out).

options:
  --plan <file>               the plan file
  --policy-config <file|dir>  pack config (default policy-packs/config/<environment>/)
  --out <dir>                 also write <stack>.policy.{json,sarif,xml}, .compliance.{md,json} (with control coverage)
  --coverage                  print, per framework (FSBP, CIS AWS, CIS EKS), the plan's applicable controls
                              fully, partially or not checked by an enabled policy
  --debug                     print the stack trace of an internal error
  -h, --help                  print this help

The plan file is checked against tools/plan/plan.schema.json (exit 2 names the JSON path).

${EXIT_CODES}`,
    diff: `usage: npm run plan:diff -- <base.plan.json> <head.plan.json> [--out <dir>] [--format md|json]
                           [--base-findings <file> --head-findings <file>]
       npm run plan:diff -- --base-ref <git-ref> --stack <name> [--policy] [--out <dir>] [--format md|json]

What a change does: create, update, replace, delete, the risks a reviewer must see, the cost delta.

options:
  --out <dir>                 also write <stack>.diff.md and <stack>.diff.json
  --format md|json            what is printed (md)
  --base-findings <file>      findings of the base (a <stack>.policy.json or a JSON array), with --head-findings
  --head-findings <file>      findings of the head
  --base-ref <git-ref>        plan --stack at this commit and in this checkout, then diff the two
  --stack <name>              the stack of the git mode
  --policy                    evaluate the packs on both sides (git mode)
  --debug                     print the stack trace of an internal error
  -h, --help                  print this help

exit codes: 0 ok, 1 the head adds a mandatory finding (findings given for both sides), 2 usage,
3 internal error (--debug prints its stack trace)`,
    bench: `usage: npm run bench [-- --stack <name>... --runs <n> --json]

The offline plan end to end (a spawned process, wall clock) next to its floor: a bare process that
registers the same resources through the same SDK classes (bin/bench-floor.js). Per stack
plan --stack against its floor, plan --all against the floor of every stack, the plan time per
resource, and plan --all with an empty transpile cache. Takes a few minutes; measure on a quiet machine.

options:
  --stack <name>              a stack to measure with plan --stack (repeatable; default every stack in stacks/)
  --runs <n>                  runs of each, the median is reported (3)
  --json                      print the result as JSON
  --debug                     print the stack trace of an internal error
  -h, --help                  print this help

exit codes: 0 ok, 2 usage, 3 internal error (--debug prints its stack trace)`,
};

/**
 * Names a command that fails as if it had a bug: the only way to exercise the internal-error path
 * (exit 3, the stack trace only with --debug) now that every input is validated first. Tests only.
 */
export const FAULT_INJECTION = "PLATFORM_FAULT_INJECTION";

/** Set by main() from `--debug`: internal errors then print their stack trace. */
let debug = false;

export async function main(argv: string[], io: Io = stdio): Promise<number> {
    debug = argv.includes("--debug");
    const [command, ...rest] = argv.filter((a) => a !== "--debug");
    try {
        if (process.env[FAULT_INJECTION] !== undefined && process.env[FAULT_INJECTION] === command) {
            throw new Error(`fault injected by ${FAULT_INJECTION}=${command}`);
        }
        if (command !== undefined && command in COMMAND_USAGE && (rest.includes("--help") || rest.includes("-h"))) {
            io.out(COMMAND_USAGE[command]);
            return EXIT_OK;
        }
        switch (command) {
            case "plan":
                return await planCommand(rest, io);
            case "-h":
            case "--help":
            case "help":
                io.out(USAGE);
                return EXIT_OK;
            default: {
                const extra = await loadExtraCommand(command);
                if (extra) {
                    return await extra(rest, io);
                }
                throw new UsageError(command ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
            }
        }
    } catch (e) {
        if (isUsageProblem(e)) {
            io.err(`error: ${(e as Error).message}`);
            return EXIT_USAGE;
        }
        return reportInternalError(e, io);
    }
}

/** An error the user fixes in their input or settings: exit 2, no stack trace. */
export function isUsageProblem(e: unknown): boolean {
    return e instanceof UsageError || isUserError(e) || (e instanceof Error && e.name === "PolicyConfigError");
}

/** Anything else is a bug or an environment we did not expect: a short message, the stack trace only with --debug. */
export function reportInternalError(e: unknown, io: Io, withStack: boolean = debug): number {
    const message = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    if (withStack) {
        io.err(`error: internal error: ${message}\n${e instanceof Error ? (e.stack ?? message) : String(e)}`);
    } else {
        io.err(`error: internal error: ${message}; rerun with --debug for the stack trace`);
    }
    return EXIT_INTERNAL;
}

/** Where the CLI must never write (kernel interfaces): a write there may block or loop. */
const SYSTEM_DIRS = ["/proc", "/sys", "/dev"];

function underSystemDir(p: string): boolean {
    return SYSTEM_DIRS.some((d) => p === d || p.startsWith(`${d}/`));
}

/**
 * Checks that `dir` (an `--out` directory) can be created and written, before any planning:
 * a file in the way or a read-only location fails at once with the path instead of after the plan.
 */
export function checkOutputDir(dir: string, option = "--out"): void {
    const abs = path.resolve(dir);
    let real = abs;
    // The nearest existing ancestor, resolved: a symlink into /proc is refused like /proc itself.
    for (let p = abs; ; p = path.dirname(p)) {
        if (fs.existsSync(p)) {
            try {
                real = path.join(fs.realpathSync(p), path.relative(p, abs));
            } catch {
                real = abs;
            }
            break;
        }
        if (p === path.dirname(p)) {
            break;
        }
    }
    if (underSystemDir(abs) || underSystemDir(real)) {
        throw new UsageError(`${option} ${dir}: is under ${SYSTEM_DIRS.join(", ")}; choose a directory on a file system`);
    }
    try {
        fs.mkdirSync(abs, { recursive: true });
        if (!fs.statSync(abs).isDirectory()) {
            throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
        }
        const probe = path.join(abs, `.platform-write-probe-${process.pid}`);
        fs.writeFileSync(probe, "");
        fs.rmSync(probe, { force: true });
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        const why = code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : code === "EACCES" || code === "EPERM" || code === "EROFS" ? "not writable" : (e as Error).message;
        throw new UsageError(`${option} ${dir}: cannot create or write this directory (${why})`);
    }
}

/** Checks an output file's directory and that the file itself is not a directory. */
export function checkOutputFile(file: string, option = "--out"): void {
    const abs = path.resolve(file);
    if (underSystemDir(abs)) {
        throw new UsageError(`${option} ${file}: is under ${SYSTEM_DIRS.join(", ")}; choose a file on a file system`);
    }
    checkOutputDir(path.dirname(abs), option);
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
        throw new UsageError(`${option} ${file}: is a directory; give a file name`);
    }
}

/** A `--policy-config` that does not exist is reported before planning, not after. */
export function checkPolicyConfig(location: string | undefined): void {
    if (location !== undefined && !fs.existsSync(location)) {
        throw new UsageError(`--policy-config ${location}: not found (a pack config file or a directory of <pack>.json)`);
    }
}

/**
 * The settings file and stack name of `--stack` / `--stack-file`. A file named
 * `Pulumi.<x>.yaml` stands for stack x: given with a different `--stack`, it is refused rather
 * than planned (and checked across stacks) as the wrong stack.
 */
export function resolveStackFile(values: { stack?: string; "stack-file"?: string }): { file: string; stack: string } {
    const file = values["stack-file"] ? path.resolve(values["stack-file"]) : stackFilePath(values.stack!);
    const named = /^Pulumi\.(.+)\.ya?ml$/.exec(path.basename(file))?.[1];
    if (values.stack && values["stack-file"] && named !== undefined && named !== values.stack) {
        throw new UsageError(`--stack ${values.stack} does not match --stack-file ${values["stack-file"]}, which is named for stack ${named}; rename the file or pass --stack ${named}`);
    }
    const stack = values.stack ?? stackNameOf(file);
    if (!fs.existsSync(file)) {
        throw new UsageError(values["stack-file"] ? `stack settings file not found: ${values["stack-file"]}` : `no settings file for stack "${stack}" (stacks/Pulumi.${stack}.yaml); known stacks: ${listStacks().join(", ")}`);
    }
    return { file, stack };
}

type Command = (argv: string[], io: Io) => Promise<number>;

/** Commands that live with their own module (policy, diff, bench, preflight), loaded on demand. */
async function loadExtraCommand(command: string | undefined): Promise<Command | undefined> {
    const modules: Record<string, string> = { policy: "./policy-command", diff: "./diff-command", bench: "./bench-command", preflight: "./preflight-command", upgrade: "./upgrade-command" };
    const file = command ? modules[command] : undefined;
    if (!file) {
        return undefined;
    }
    const mod = await import(file);
    return mod.run as Command;
}

export function parse<T extends Record<string, { type: "string" | "boolean"; multiple?: boolean }>>(argv: string[], options: T, allowPositionals = false) {
    try {
        return parseArgs({ args: argv, options, allowPositionals, strict: true });
    } catch (e) {
        throw new UsageError(`${(e as Error).message}\n\n${USAGE}`);
    }
}

/**
 * Validates a stack's settings before anything runs, on their own and across the stacks of the
 * project. A file outside stacks/ that stands for a stack of stacks/ (by --stack or its name
 * Pulumi.<stack>.yaml) is checked across stacks in place of that stack's file. One that names
 * no stack there (a scratch variant such as test/fixtures/insecure/Pulumi.insecure-prod.yaml)
 * is checked on its own: as one more stack it would collide with the stack it copies. Returns a
 * note saying so, for the caller to print.
 */
export function validateStackSettings(file: string, stack: string, options: SemanticOptions = {}): string | undefined {
    const settings = readStackFile(file, stack);
    const known = listStacks();
    const all = () => known.map((s) => ({ stack: s, config: readStackFile(stackFilePath(s), s).config }));
    if (path.resolve(path.dirname(file)) === STACKS_DIR) {
        validateAllStacks(all(), options);
        return undefined;
    }
    // On its own first: its problems read as they do for any settings file, without a stack prefix.
    validateConfig(platformSettings(settings.config), `settings file ${file}`, options);
    if (!known.includes(stack)) {
        return `note: stack ${stack} has no file in stacks/ (${known.join(", ")}), so ${file} was checked on its own, not across stacks; pass --stack <name> to check it in place of that stack's file`;
    }
    try {
        validateAllStacks([...all().filter((o) => o.stack !== stack), { stack, config: settings.config }], options);
    } catch (e) {
        if (e instanceof ValidationError) {
            throw new ValidationError(`settings file ${file} checked with the other stacks in stacks/ (in place of stacks/Pulumi.${stack}.yaml)`, e.problems);
        }
        throw e;
    }
    return undefined;
}

async function planCommand(argv: string[], io: Io): Promise<number> {
    const { values } = parse(argv, {
        stack: { type: "string" },
        "stack-file": { type: "string" },
        all: { type: "boolean" },
        out: { type: "string" },
        "policy-config": { type: "string" },
        "no-policy": { type: "boolean" },
    });
    if (values.all) {
        if (values.stack || values["stack-file"]) {
            throw new UsageError(`plan --all plans every stack in stacks/; give it without --stack and --stack-file\n\n${USAGE}`);
        }
        return planAllCommand(values, io);
    }
    if (!values.stack && !values["stack-file"]) {
        throw new UsageError(`plan needs --stack <name>, --stack-file <path> or --all\n\n${USAGE}`);
    }
    const { file, stack } = resolveStackFile(values);
    // Everything that can be refused is refused before the plan, which takes seconds.
    if (values.out !== undefined) {
        checkOutputDir(values.out);
    }
    checkPolicyConfig(values["policy-config"]);
    const note = validateStackSettings(file, stack);
    if (note) {
        io.err(note);
    }

    const started = process.hrtime.bigint();
    const plan = await planStack({ stack, stackFile: file });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return (await reportPlan(plan, ms, values, io)).exit;
}

export interface PlanReportOptions {
    out?: string;
    "policy-config"?: string;
    "no-policy"?: boolean;
}

interface Reported {
    exit: number;
    mandatory?: number;
    advisory?: number;
}

/** Prints a plan (tree, outputs, summary), evaluates the packs and writes the files of `--out`; returns the stack's exit code. */
async function reportPlan(plan: Plan, ms: number, values: PlanReportOptions, io: Io): Promise<Reported> {
    io.out(`Offline plan of stack ${plan.stack} (${plan.stackFile}); no cloud credentials used\n`);
    io.out(renderTree(plan));
    io.out("");
    io.out(renderOutputs(plan));
    io.out(renderSummary(plan));
    io.out(`\nPlanned in ${(ms / 1000).toFixed(2)} s (${(ms / Math.max(plan.summary.resourceCount, 1)).toFixed(2)} ms per resource)`);

    const reported: Reported = { exit: EXIT_OK };
    let findings: Finding[] | undefined;
    if (!values["no-policy"]) {
        const { evaluatePlan, reportPolicy } = await import("./policy-report");
        const result = await evaluatePlan(plan, values["policy-config"]);
        findings = result.evaluation.findings;
        reported.exit = reportPolicy(result, io, values.out);
        reported.mandatory = findings.filter((f) => f.enforcementLevel === "mandatory").length;
        reported.advisory = findings.filter((f) => f.enforcementLevel === "advisory").length;
    }
    if (values.out) {
        writePlan(plan, values.out, io);
        const { renderPlanReport } = await import("../review/report");
        const report = path.join(values.out, `${plan.stack}.plan.md`);
        fs.writeFileSync(report, renderPlanReport({ plan, findings }));
        io.out(`wrote ${report}`);
    }
    return reported;
}

/** What `plan --all --out <dir>` writes next to the stacks' files: each stack's outcome and the combined exit code. */
export const PLAN_ALL_SUMMARY = "plan-all.json";

export interface PlanAllSummary {
    exit: number;
    stacks: { stack: string; exit: number; resources?: number; mandatory?: number; advisory?: number; ms?: number; error?: string }[];
}

/**
 * `plan --all`: every stack in stacks/ in one process, each after the stacks it references, the
 * loaded modules and the referenced stacks' plans reused. The settings of all stacks are checked
 * together first (exit 2 before any plan, as for one stack). A stack whose plan fails is reported
 * and the others are still planned; the exit code is the most severe of the stacks' codes
 * (3 internal error, 2 settings, 1 mandatory violation, 0).
 */
async function planAllCommand(values: PlanReportOptions, io: Io): Promise<number> {
    if (values.out !== undefined) {
        checkOutputDir(values.out);
    }
    checkPolicyConfig(values["policy-config"]);
    const stacks = listStacks();
    if (stacks.length === 0) {
        throw new UsageError(`plan --all: no stack settings files (Pulumi.<stack>.yaml) in ${STACKS_DIR}`);
    }
    validateAllStacks(stacks.map((s) => ({ stack: s, config: readStackFile(stackFilePath(s), s).config })));
    return planAll(planOrder(stacks), values, io);
}

/** Plans one stack of `plan --all`, reusing (and filling) the cache of plans made in this process. */
export type StackPlanner = (stack: string, cache: PlanCache) => Promise<Plan>;

const planFromStacks: StackPlanner = (stack, cache) => planStack({ stack, cache });

/** The loop of `plan --all` over stacks already validated and ordered; returns the combined exit code. */
export async function planAll(stacks: string[], values: PlanReportOptions, io: Io, planner: StackPlanner = planFromStacks): Promise<number> {
    const cache: PlanCache = new Map();
    const summary: PlanAllSummary = { exit: EXIT_OK, stacks: [] };
    const started = process.hrtime.bigint();
    for (const stack of stacks) {
        io.out(`${"=".repeat(100)}\n`);
        const began = process.hrtime.bigint();
        let row: PlanAllSummary["stacks"][number];
        try {
            const plan = cache.get(stack) ?? (await planner(stack, cache));
            cache.set(stack, plan);
            const ms = Number(process.hrtime.bigint() - began) / 1e6;
            const reported = await reportPlan(plan, ms, values, io);
            row = { stack, exit: reported.exit, resources: plan.summary.resourceCount, mandatory: reported.mandatory, advisory: reported.advisory, ms: Math.round(ms) };
        } catch (e) {
            // Reported, and the other stacks are still planned.
            let exit = EXIT_USAGE;
            if (isUsageProblem(e)) {
                io.err(`error: stack ${stack}: ${(e as Error).message}`);
            } else {
                io.err(`stack ${stack}:`);
                exit = reportInternalError(e, io);
            }
            row = { stack, exit, error: (e instanceof Error ? e.message : String(e)).split("\n")[0] };
        }
        summary.stacks.push(row);
        summary.exit = Math.max(summary.exit, row.exit);
    }
    const total = Number(process.hrtime.bigint() - started) / 1e6;
    io.out(`${"=".repeat(100)}\n`);
    io.out(renderPlanAll(summary, total));
    if (values.out) {
        const file = path.join(values.out, PLAN_ALL_SUMMARY);
        fs.writeFileSync(file, `${JSON.stringify(summary, null, 2)}\n`);
        io.out(`wrote ${file}`);
    }
    return summary.exit;
}

const OUTCOME: Record<number, string> = { 0: "ok", 1: "mandatory policy violation", 2: "invalid settings or usage", 3: "internal error" };

export function renderPlanAll(summary: PlanAllSummary, totalMs: number): string {
    const lines = ["Stacks planned (plan --all):", "", "  stack            resources   mandatory   advisory   plan (s)   exit"];
    for (const r of summary.stacks) {
        const cell = (v: number | undefined, width: number) => (v === undefined ? "-" : String(v)).padStart(width);
        const seconds = r.ms === undefined ? "-" : (r.ms / 1000).toFixed(2);
        lines.push(`  ${r.stack.padEnd(16)} ${cell(r.resources, 9)}   ${cell(r.mandatory, 9)}   ${cell(r.advisory, 8)}   ${seconds.padStart(8)}   ${r.exit} ${OUTCOME[r.exit] ?? ""}`.trimEnd());
    }
    lines.push("", `Planned ${summary.stacks.length} stacks in ${(totalMs / 1000).toFixed(2)} s; exit ${summary.exit} (${OUTCOME[summary.exit]})`);
    return lines.join("\n");
}

export function writePlan(plan: Plan, dir: string, io: Io): string {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${plan.stack}.plan.json`);
    fs.writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
    io.out(`wrote ${file}`);
    return file;
}
