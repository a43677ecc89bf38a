import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { listStacks, REPO_ROOT, UsageError } from "../plan/stack-file";
import { Io, parse } from "./main";

/**
 * `npm run bench`: the offline plan end to end (a spawned process, wall clock, from start to
 * exit) next to its floor: a bare process that registers the same resources through the same SDK
 * classes (bin/bench-floor.js; docs/decisions/0012-benchmark-floor.md). Per stack `plan --stack`
 * against the floor of that stack's resources, and `plan --all` against the floor of every
 * stack's resources in one process. Medians of `--runs` runs after a warm-up; the first run with
 * an empty transpile cache (what a fresh clone pays once) is reported apart.
 * docs/decisions/0016-startup.md has the measurements and what was changed for them.
 */

const BIN = path.join(REPO_ROOT, "bin", "platform.js");
const FLOOR = path.join(REPO_ROOT, "bin", "bench-floor.js");

/** Targets of issue 13: `plan --stack prod` within 1.5x its floor, `plan --all` under 10 s. */
export const TARGETS = { stackRatio: 1.5, stackRatioStack: "prod", allMs: 10_000 };

export interface Timing {
    /** Wall clock from spawn to exit, median. */
    ms: number;
    /** CPU time of the process (user + system), median; undefined where /proc is not there. */
    cpuMs?: number;
}

export interface BenchRow {
    stack: string;
    resources: number;
    /** `plan --stack <stack>` end to end (it also plans the stacks it references). */
    plan: Timing;
    /** bin/bench-floor.js registering the stack's resources, end to end. */
    floor: Timing;
    /** Inside `plan --all`: this stack's own plan (program, recorder), in milliseconds. */
    planInProcessMs: number;
    /** Inside the floor process: registering this stack's resources, in milliseconds. */
    floorInProcessMs: number;
}

export interface BenchResult {
    node: string;
    cpus: number;
    runs: number;
    loadAverage: { start: number; end: number };
    rows: BenchRow[];
    all: { stacks: number; resources: number; plan: Timing; floor: Timing };
    /** `plan --all` with an empty transpile cache: the first run after `npm ci`. */
    allColdMs: number;
}

export function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** CPU time of this process's waited-for children so far (Linux: /proc/self/stat cutime + cstime), in ms. */
function childrenCpuMs(): number | undefined {
    try {
        const stat = fs.readFileSync("/proc/self/stat", "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // Fields 16 and 17 of proc(5), counted from after the command name (field 3 is index 0).
        return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
    } catch {
        return undefined;
    }
}

interface Spawned {
    ms: number;
    cpuMs?: number;
    stdout: string;
}

function spawnTimed(args: string[], env: NodeJS.ProcessEnv = process.env, okCodes = [0]): Spawned {
    const cpuBefore = childrenCpuMs();
    const started = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const cpuAfter = childrenCpuMs();
    if (r.status === null || !okCodes.includes(r.status)) {
        // The first line is what an internal error prints without --debug: the last thing the run said.
        const said = (r.stderr?.trim() || r.stdout?.trim() || "").split("\n");
        const command = args.map((a) => (path.isAbsolute(a) ? path.relative(REPO_ROOT, a) || a : a)).join(" ");
        throw new Error(`bench: node ${command} exited ${r.status ?? r.signal}: ${said[said.length - 1]}\n${said.slice(-10).join("\n")}`);
    }
    return { ms, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore, stdout: r.stdout };
}

function timing(samples: Spawned[]): Timing {
    const cpu = samples.map((s) => s.cpuMs).filter((c): c is number => c !== undefined);
    return { ms: median(samples.map((s) => s.ms)), cpuMs: cpu.length === samples.length ? median(cpu) : undefined };
}

interface PlanAllFile {
    stacks: { stack: string; exit: number; resources?: number; ms?: number }[];
}

interface FloorOutput {
    loadMs: number;
    stacks: { stack: string; resources: number; ms: number }[];
}

/** Exit codes a measured plan may end with: 0, or 1 (a mandatory finding is still a whole plan). */
const PLANNED = [0, 1];

/** The two programs measured; tests put stand-ins here. */
export interface BenchPrograms {
    /** The CLI (`plan --all --out <dir>` writes plan-all.json and the stacks' plans). */
    bin: string;
    /** The floor (`<plan.json>...` prints a FloorOutput). */
    floor: string;
}

export async function bench(stacks: string[], runs: number, io: Io, programs: BenchPrograms = { bin: BIN, floor: FLOOR }): Promise<BenchResult> {
    const { bin, floor: floorBin } = programs;
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "platform-bench-"));
    const loadStart = os.loadavg()[0];
    try {
        // Cold: an empty transpile cache, as after `npm ci`. It is also the warm-up: it fills the
        // project's cache for the runs that follow and writes the plans the floor registers.
        io.err("bench: plan --all with an empty transpile cache (also the warm-up)");
        const plansDir = path.join(tmp, "plans");
        const cold = spawnTimed([bin, "plan", "--all", "--out", plansDir], { ...process.env, PLATFORM_TS_CACHE: path.join(tmp, "ts-cache") }, PLANNED);
        spawnTimed([bin, "plan", "--all"], process.env, PLANNED);
        const all = listStacks();
        const planFiles = all.map((s) => path.join(plansDir, `${s}.plan.json`));

        const allPlan: Spawned[] = [];
        const allFloor: Spawned[] = [];
        const inPlan = new Map<string, number[]>();
        const inFloor = new Map<string, number[]>();
        const resources = new Map<string, number>();
        for (let i = 0; i < runs; i++) {
            io.err(`bench: plan --all and its floor, run ${i + 1} of ${runs}`);
            const out = path.join(tmp, `all-${i}`);
            allPlan.push(spawnTimed([bin, "plan", "--all", "--out", out], process.env, PLANNED));
            const summary = JSON.parse(fs.readFileSync(path.join(out, "plan-all.json"), "utf8")) as PlanAllFile;
            for (const s of summary.stacks) {
                inPlan.set(s.stack, [...(inPlan.get(s.stack) ?? []), s.ms ?? NaN]);
                resources.set(s.stack, s.resources ?? 0);
            }
            fs.rmSync(out, { recursive: true, force: true });
            const floor = spawnTimed([floorBin, ...planFiles]);
            allFloor.push(floor);
            for (const s of (JSON.parse(floor.stdout) as FloorOutput).stacks) {
                inFloor.set(s.stack, [...(inFloor.get(s.stack) ?? []), s.ms]);
            }
        }

        const rows: BenchRow[] = [];
        for (const stack of stacks) {
            const plan: Spawned[] = [];
            const floor: Spawned[] = [];
            for (let i = 0; i < runs; i++) {
                io.err(`bench: plan --stack ${stack} and its floor, run ${i + 1} of ${runs}`);
                plan.push(spawnTimed([bin, "plan", "--stack", stack], process.env, PLANNED));
                floor.push(spawnTimed([floorBin, path.join(plansDir, `${stack}.plan.json`)]));
            }
            rows.push({
                stack,
                resources: resources.get(stack) ?? 0,
                plan: timing(plan),
                floor: timing(floor),
                planInProcessMs: median(inPlan.get(stack) ?? [NaN]),
                floorInProcessMs: median(inFloor.get(stack) ?? [NaN]),
            });
        }
        return {
            node: process.version,
            cpus: os.cpus().length,
            runs,
            loadAverage: { start: round2(loadStart), end: round2(os.loadavg()[0]) },
            rows,
            all: { stacks: all.length, resources: [...resources.values()].reduce((a, b) => a + b, 0), plan: timing(allPlan), floor: timing(allFloor) },
            allColdMs: cold.ms,
        };
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

function round2(n: number): number {
    return Math.round(n * 100) / 100;
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const cpuRatio = (plan: Timing, floor: Timing) => (plan.cpuMs !== undefined && floor.cpuMs ? `${(plan.cpuMs / floor.cpuMs).toFixed(2)}x` : "-");
const perResource = (ms: number, n: number) => (n > 0 && Number.isFinite(ms) ? (ms / n).toFixed(2) : "-");

export function renderBench(result: BenchResult): string {
    const lines = [
        `Offline plan end to end vs its floor (a bare process registering the same resources through the same SDK classes)`,
        `median of ${result.runs} runs after a warm-up; node ${result.node}, ${result.cpus} CPUs; load average ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end`,
        "",
        "| stack | resources | plan (s) | floor (s) | ratio | CPU ratio | plan ms/resource | floor ms/resource |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ];
    for (const r of result.rows) {
        lines.push(`| ${r.stack} | ${r.resources} | ${seconds(r.plan.ms)} | ${seconds(r.floor.ms)} | ${(r.plan.ms / r.floor.ms).toFixed(2)}x | ${cpuRatio(r.plan, r.floor)} | ${perResource(r.planInProcessMs, r.resources)} | ${perResource(r.floorInProcessMs, r.resources)} |`);
    }
    const a = result.all;
    lines.push(`| **plan --all** (${a.stacks} stacks) | ${a.resources} | ${seconds(a.plan.ms)} | ${seconds(a.floor.ms)} | ${(a.plan.ms / a.floor.ms).toFixed(2)}x | ${cpuRatio(a.plan, a.floor)} | | |`);
    lines.push(
        "",
        "plan (s): `plan --stack <stack>` from spawn to exit (it plans the stacks it references first, evaluates the packs);",
        "floor (s): bin/bench-floor.js registering that stack's resources; ms/resource: the stack's own plan inside `plan --all`,",
        "and the registration inside the floor process. CPU ratio: the same with user + system CPU time, which other work on the",
        "machine disturbs less than the wall clock.",
        `plan --all with an empty transpile cache (the first run after npm ci): ${seconds(result.allColdMs)} s`,
    );
    const target = result.rows.find((r) => r.stack === TARGETS.stackRatioStack);
    const verdicts: string[] = [];
    if (target) {
        const ratio = target.plan.ms / target.floor.ms;
        verdicts.push(`plan --stack ${target.stack} ${ratio.toFixed(2)}x its floor (target at most ${TARGETS.stackRatio}x): ${ratio <= TARGETS.stackRatio ? "met" : "NOT MET"}`);
    }
    verdicts.push(`plan --all ${seconds(a.plan.ms)} s (target under ${TARGETS.allMs / 1000} s): ${a.plan.ms < TARGETS.allMs ? "met" : "NOT MET"}`);
    lines.push(...verdicts.map((v) => `target: ${v}`));
    return lines.join("\n");
}

export async function run(argv: string[], io: Io): Promise<number> {
    const { values } = parse(argv, { stack: { type: "string", multiple: true }, runs: { type: "string" }, json: { type: "boolean" } });
    const known = listStacks();
    const stacks = values.stack ?? known;
    const runs = Number(values.runs ?? 3);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new UsageError(`--runs must be a whole number of at least 1, got "${values.runs}"`);
    }
    const unknown = stacks.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        throw new UsageError(`no settings file for stack ${unknown.map((s) => `"${s}"`).join(", ")}; known stacks: ${known.join(", ")}`);
    }
    const result = await bench(stacks, runs, io);
    io.out(values.json ? JSON.stringify(result, null, 2) : renderBench(result));
    return 0;
}
