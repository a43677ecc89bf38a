import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Plan, PLAN_FORMAT_VERSION } from "../plan/model";
import { REPO_ROOT, UsageError } from "../plan/stack-file";
import type { Finding } from "../policy/evaluate";
import { estimateCost } from "../review/cost";
import { diffPlans, PlanDiff, renderDiffMarkdown } from "../review/diff";
import { checkOutputDir, EXIT_OK, EXIT_POLICY, Io, parse } from "./main";
import { readPlan } from "./policy-command";

/**
 * `npm run plan:diff -- <base.plan.json> <head.plan.json> [--out <dir>] [--format md|json]
 *                      [--base-findings <file>] [--head-findings <file>]`
 * `npm run plan:diff -- --base-ref <git-ref> --stack <name> [--policy] [--out <dir>] [--format md|json]`
 *
 * Prints the diff (Markdown by default) and, with `--out`, writes `<stack>.diff.md` and
 * `<stack>.diff.json`. The git mode plans the stack at `<git-ref>` in a temporary worktree
 * (this checkout's node_modules linked in) and in this checkout, then diffs the two; a stack
 * with no settings file at the ref is diffed against an empty stack (everything is a create).
 * `--policy` evaluates the policy packs on both sides so the diff lists new and resolved findings.
 *
 * Exit codes: 2 for usage errors (missing or unreadable files, bad JSON, unknown ref, a side
 * that does not plan); 1 only when findings were given for both sides (`--*-findings` or
 * `--policy`) and the head adds a mandatory finding the base did not have; 0 otherwise. A diff
 * is information: deletes, replacements and loosened settings are shown as risks for a human
 * to weigh, not failed. Gating every mandatory violation stays the plan command's job; the diff
 * only gates what the change itself introduces, so a pre-existing violation does not block an
 * unrelated pull request.
 */

const FORMATS = ["md", "json"] as const;

export async function run(argv: string[], io: Io): Promise<number> {
    const { values, positionals } = parse(
        argv,
        {
            out: { type: "string" },
            format: { type: "string" },
            "base-ref": { type: "string" },
            stack: { type: "string" },
            policy: { type: "boolean" },
            "base-findings": { type: "string" },
            "head-findings": { type: "string" },
        },
        true,
    );
    const format = values.format ?? "md";
    if (!(FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be md or json, got "${format}"`);
    }
    // Before the git mode plans two sides, which takes a while.
    if (values.out !== undefined) {
        checkOutputDir(values.out);
    }

    let base: Plan;
    let head: Plan;
    let baseFindings: Finding[] | undefined;
    let headFindings: Finding[] | undefined;
    if (values["base-ref"] !== undefined || values.stack !== undefined) {
        if (!values["base-ref"] || !values.stack) {
            throw new UsageError("git mode needs both --base-ref <git-ref> and --stack <name>");
        }
        if (positionals.length > 0) {
            throw new UsageError("give either two plan files or --base-ref with --stack, not both");
        }
        if (values["base-findings"] || values["head-findings"]) {
            throw new UsageError("--base-findings/--head-findings are for plan files; use --policy in git mode");
        }
        ({ base, head, baseFindings, headFindings } = planAgainstRef(values["base-ref"], values.stack, values.policy === true, io));
    } else {
        if (positionals.length !== 2) {
            throw new UsageError("diff needs <base.plan.json> <head.plan.json>, or --base-ref <git-ref> --stack <name>");
        }
        if (values.policy) {
            throw new UsageError("--policy is for git mode; give --base-findings and --head-findings with plan files");
        }
        base = readPlan(positionals[0]);
        head = readPlan(positionals[1]);
        if (values["base-findings"] !== undefined || values["head-findings"] !== undefined) {
            if (!values["base-findings"] || !values["head-findings"]) {
                throw new UsageError("give both --base-findings and --head-findings (a <stack>.policy.json or a JSON array of findings)");
            }
            baseFindings = readFindings(values["base-findings"]);
            headFindings = readFindings(values["head-findings"]);
        }
    }

    const diff = diffPlans(base, head, { baseFindings, headFindings, baseCost: estimateCost(base), headCost: estimateCost(head) });
    const markdown = renderDiffMarkdown(diff);
    const json = `${JSON.stringify(diff, null, 2)}\n`;
    io.out(format === "json" ? json : markdown);
    if (values.out) {
        writeDiff(diff, markdown, json, values.out, io);
    }
    return diff.findings && diff.findings.newMandatory > 0 ? EXIT_POLICY : EXIT_OK;
}

function writeDiff(diff: PlanDiff, markdown: string, json: string, dir: string, io: Io): void {
    fs.mkdirSync(dir, { recursive: true });
    const md = path.join(dir, `${diff.stack}.diff.md`);
    const js = path.join(dir, `${diff.stack}.diff.json`);
    fs.writeFileSync(md, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
    fs.writeFileSync(js, json);
    io.err(`wrote ${md}\nwrote ${js}`);
}

/** A `<stack>.policy.json` written by `plan --out` / `policy --out`, or a bare JSON array of findings. */
export function readFindings(file: string): Finding[] {
    if (!fs.existsSync(file)) {
        throw new UsageError(`findings file not found: ${file}`);
    }
    let data: unknown;
    try {
        data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(data) ? data : (data as { findings?: unknown })?.findings;
    if (!Array.isArray(list) || list.some((f) => !f || typeof f !== "object" || typeof (f as Finding).policy !== "string")) {
        throw new UsageError(`${file}: not a findings file (expected a JSON array of findings or an object with findings[])`);
    }
    return list as Finding[];
}

function emptyPlan(like: Plan): Plan {
    return { formatVersion: PLAN_FORMAT_VERSION, project: like.project, stack: like.stack, stackFile: like.stackFile, config: {}, resources: [], outputs: {}, summary: { resourceCount: 0, customResourceCount: 0, componentCount: 0, byType: {} } };
}

function git(args: string[], cwd = REPO_ROOT) {
    return spawnSync("git", args, { cwd, encoding: "utf8" });
}

interface Sides {
    base: Plan;
    head: Plan;
    baseFindings?: Finding[];
    headFindings?: Finding[];
}

/** Plans `stack` at `ref` in a temporary worktree and in this checkout. */
function planAgainstRef(ref: string, stack: string, policy: boolean, io: Io): Sides {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        throw new UsageError(`not a stack name: "${stack}"`);
    }
    const sha = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (sha.status !== 0) {
        throw new UsageError(`--base-ref: not a commit in this repository: "${ref}"`);
    }
    const commit = sha.stdout.trim();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-diff-"));
    const tree = path.join(tmp, "base");
    try {
        const add = git(["worktree", "add", "--detach", tree, commit]);
        if (add.status !== 0) {
            throw new UsageError(`git worktree add failed: ${add.stderr.trim()}`);
        }
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(tree, "node_modules"), "dir");
        io.err(`planning ${stack} at ${ref} (${commit.slice(0, 12)}) in ${tree}`);
        const headSide = planIn(REPO_ROOT, "this checkout", stack, path.join(tmp, "head-out"), policy);
        const baseSide = fs.existsSync(path.join(tree, "stacks", `Pulumi.${stack}.yaml`)) ? planIn(tree, ref, stack, path.join(tmp, "base-out"), policy) : { plan: emptyPlan(headSide.plan), findings: policy ? [] : undefined };
        return { base: baseSide.plan, head: headSide.plan, baseFindings: baseSide.findings, headFindings: headSide.findings };
    } finally {
        // If `remove` fails (a lock held by another git process), deleting the directory and
        // pruning still drops the worktree's registration.
        git(["worktree", "remove", "--force", tree]);
        fs.rmSync(tmp, { recursive: true, force: true });
        git(["worktree", "prune"]);
    }
}

function planIn(cwd: string, label: string, stack: string, out: string, policy: boolean): { plan: Plan; findings?: Finding[] } {
    const args = [path.join(cwd, "bin", "platform.js"), "plan", "--stack", stack, "--out", out];
    if (!policy) {
        args.push("--no-policy");
    }
    const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
    const file = path.join(out, `${stack}.plan.json`);
    // With --policy, exit 1 (a mandatory violation) still writes the plan: that side is diffed.
    if ((r.status !== 0 && !(policy && r.status === EXIT_POLICY)) || !fs.existsSync(file)) {
        const tail = `${r.stderr ?? ""}${r.stdout ?? ""}`.trim().split("\n").slice(-15).join("\n");
        throw new UsageError(`planning stack ${stack} at ${label} failed (exit ${r.status ?? r.signal}):\n${tail}`);
    }
    const plan = readPlan(file);
    const policyFile = path.join(out, `${stack}.policy.json`);
    return { plan, findings: policy ? (fs.existsSync(policyFile) ? readFindings(policyFile) : []) : undefined };
}
