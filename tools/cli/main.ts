import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { isUserError } from "../../components/common/validation";
import { validateAllStacks } from "../../config/cross-stack";
import { platformSettings, validateConfig } from "../../config/load";
import { Plan } from "../plan/model";
import type { Finding } from "../policy/evaluate";
import { renderOutputs, renderSummary, renderTree } from "../plan/render";
import { planStack } from "../plan/runner";
import { listStacks, readStackFile, STACKS_DIR, stackFilePath, UsageError } from "../plan/stack-file";

/**
 * The `platform` CLI (also `npm run plan|policy|plan:diff|bench -- …`).
 * Exit codes: 0 ok · 1 mandatory policy violation · 2 invalid configuration or usage.
 */

export const EXIT_OK = 0;
export const EXIT_POLICY = 1;
export const EXIT_USAGE = 2;

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
  plan     --stack <name> | --stack-file <path>  [--out <dir>] [--policy-config <file|dir>] [--no-policy]
           run the program offline for one stack, print the tree and summary, evaluate the policy packs
  policy   --plan <file.plan.json> [--policy-config <file|dir>] [--out <dir>]
           evaluate the policy packs over a plan made elsewhere
  diff     <base.plan.json> <head.plan.json> [--out <dir>] [--format md|json] [--base-findings <f> --head-findings <f>]
           | --base-ref <git-ref> --stack <name> [--policy] [--out <dir>]
           what a change does: create, update, replace, delete, the risks a reviewer must see, cost delta;
           exits 1 only when the head adds a mandatory finding
  bench    [--stack <name>] [--runs <n>]
           plan time per resource for each stack next to the SDK's own cost
  preflight --stack <name> | --stack-file <path> [--json]
           read-only checks against the live AWS account before a stack's first pulumi up;
           exits 1 when not ready, 3 when it could not finish (preflight --help)
  upgrade  --stack <name> | --stack-file <path> --to <minor> [--out <file.md>]
           the plan to move a cluster one Kubernetes minor up; exits 2 when refused (upgrade --help)

exit codes: 0 ok, 1 mandatory policy violation, 2 invalid configuration or usage`;

export async function main(argv: string[], io: Io = stdio): Promise<number> {
    const [command, ...rest] = argv;
    try {
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
        if (e instanceof UsageError || isUserError(e) || (e as Error).name === "PolicyConfigError") {
            io.err(`error: ${(e as Error).message}`);
            return EXIT_USAGE;
        }
        throw e;
    }
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

/** Validates a stack's settings before anything runs; settings in stacks/ are also checked across stacks. */
export function validateStackSettings(file: string, stack: string): void {
    const settings = readStackFile(file, stack);
    if (path.resolve(path.dirname(file)) === STACKS_DIR) {
        validateAllStacks(listStacks().map((s) => ({ stack: s, config: readStackFile(stackFilePath(s), s).config })));
    } else {
        validateConfig(platformSettings(settings.config), `settings file ${file}`);
    }
}

async function planCommand(argv: string[], io: Io): Promise<number> {
    const { values } = parse(argv, {
        stack: { type: "string" },
        "stack-file": { type: "string" },
        out: { type: "string" },
        "policy-config": { type: "string" },
        "no-policy": { type: "boolean" },
    });
    if (!values.stack && !values["stack-file"]) {
        throw new UsageError(`plan needs --stack <name> or --stack-file <path>\n\n${USAGE}`);
    }
    const file = values["stack-file"] ? path.resolve(values["stack-file"]) : stackFilePath(values.stack!);
    const stack = values.stack ?? path.basename(file).replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
    if (!fs.existsSync(file)) {
        const known = listStacks().join(", ");
        throw new UsageError(values["stack-file"] ? `stack settings file not found: ${values["stack-file"]}` : `no settings file for stack "${stack}" (stacks/Pulumi.${stack}.yaml); known stacks: ${known}`);
    }
    validateStackSettings(file, stack);

    const started = process.hrtime.bigint();
    const plan = await planStack({ stack, stackFile: file });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;

    io.out(`Offline plan of stack ${plan.stack} (${plan.stackFile}); no cloud credentials used\n`);
    io.out(renderTree(plan));
    io.out("");
    io.out(renderOutputs(plan));
    io.out(renderSummary(plan));
    io.out(`\nPlanned in ${(ms / 1000).toFixed(2)} s (${(ms / Math.max(plan.summary.resourceCount, 1)).toFixed(2)} ms per resource)`);

    let exit = EXIT_OK;
    let findings: Finding[] | undefined;
    if (!values["no-policy"]) {
        const { evaluatePlan, reportPolicy } = await import("./policy-report");
        const result = await evaluatePlan(plan, values["policy-config"]);
        findings = result.evaluation.findings;
        exit = reportPolicy(result, io, values.out);
    }
    if (values.out) {
        writePlan(plan, values.out, io);
        const { renderPlanReport } = await import("../review/report");
        const report = path.join(values.out, `${plan.stack}.plan.md`);
        fs.writeFileSync(report, renderPlanReport({ plan, findings }));
        io.out(`wrote ${report}`);
    }
    return exit;
}

export function writePlan(plan: Plan, dir: string, io: Io): string {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${plan.stack}.plan.json`);
    fs.writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
    io.out(`wrote ${file}`);
    return file;
}
