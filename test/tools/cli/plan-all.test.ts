import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { referencedStacks } from "../../../infra/references";
import { Io, PLAN_ALL_SUMMARY, planAll, PlanAllSummary } from "../../../tools/cli/main";
import { Plan } from "../../../tools/plan/model";
import { listStacks, readStackFile, REPO_ROOT, stackFilePath, UsageError } from "../../../tools/plan/stack-file";
import { cli } from "../../support/cli";
import { planOf, res } from "../review/fixtures";

const BIN = path.join(REPO_ROOT, "bin", "platform.js");
/** What `plan --out` writes per stack. */
const FILES = [".plan.json", ".plan.md", ".policy.json", ".policy.sarif", ".policy.xml", ".compliance.json", ".compliance.md"];

function platform(...args: string[]) {
    return spawnSync(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

function capture(): Io & { text: () => { out: string; err: string } } {
    let out = "";
    let err = "";
    return { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), text: () => ({ out, err }) };
}

describe("cli: plan --all", function () {
    // Every stack planned once in one process, then once more each in a process of its own.
    this.timeout(900_000);

    describe("every stack in stacks/, in one process", () => {
        let dir: string;
        let run: ReturnType<typeof platform>;
        let summary: PlanAllSummary;
        const stacks = listStacks();

        before(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-"));
            run = platform("plan", "--all", "--out", path.join(dir, "all"));
            expect([0, 1], run.stderr).to.include(run.status);
            summary = JSON.parse(fs.readFileSync(path.join(dir, "all", PLAN_ALL_SUMMARY), "utf8"));
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));

        it("plans exactly the stacks in stacks/, each after the stacks it references", () => {
            const order = summary.stacks.map((s) => s.stack);
            expect([...order].sort()).to.deep.equal(stacks);
            for (const stack of stacks) {
                for (const ref of referencedStacks(readStackFile(stackFilePath(stack), stack).config)) {
                    expect(order.indexOf(ref), `${stack} references ${ref}`).to.be.within(0, order.indexOf(stack) - 1);
                }
            }
        });

        it("writes every stack's files and plan-all.json with each stack's outcome", () => {
            const written = fs.readdirSync(path.join(dir, "all")).sort();
            expect(written).to.deep.equal([...stacks.flatMap((s) => FILES.map((f) => `${s}${f}`)), PLAN_ALL_SUMMARY].sort());
            for (const row of summary.stacks) {
                const plan = JSON.parse(fs.readFileSync(path.join(dir, "all", `${row.stack}.plan.json`), "utf8")) as Plan;
                const policy = JSON.parse(fs.readFileSync(path.join(dir, "all", `${row.stack}.policy.json`), "utf8")) as { findings: { enforcementLevel: string }[] };
                const mandatory = policy.findings.filter((f) => f.enforcementLevel === "mandatory").length;
                expect(row, row.stack).to.deep.include({ resources: plan.summary.resourceCount, mandatory, exit: mandatory > 0 ? 1 : 0 });
                expect(row.ms, row.stack).to.be.a("number");
            }
        });

        it("exits with the most severe stack's code and prints a line per stack", () => {
            expect(run.status).to.equal(Math.max(...summary.stacks.map((s) => s.exit)));
            expect(summary.exit).to.equal(run.status);
            for (const stack of stacks) {
                expect(run.stdout).to.match(new RegExp(`^  ${stack} +\\d+ +\\d+ +\\d+ +\\d+\\.\\d\\d +[01] `, "m"));
            }
            expect(run.stdout).to.match(new RegExp(`^Planned ${stacks.length} stacks in \\d+\\.\\d\\d s; exit ${run.status} `, "m"));
        });

        it("writes, for every stack, the same files as plan --stack in a process of its own", () => {
            for (const stack of stacks) {
                const single = platform("plan", "--stack", stack, "--out", path.join(dir, "single"));
                expect(single.status, `${stack}: ${single.stderr}`).to.equal(summary.stacks.find((s) => s.stack === stack)!.exit);
                for (const suffix of FILES) {
                    const file = `${stack}${suffix}`;
                    expect(fs.readFileSync(path.join(dir, "all", file), "utf8"), `${file} from --all and from --stack ${stack}`).to.equal(fs.readFileSync(path.join(dir, "single", file), "utf8"));
                }
            }
        });
    });

    describe("the loop over the stacks (stand-in plans)", () => {
        let dir: string;
        beforeEach(() => {
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-all-loop-"));
        });
        afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

        const tiny = (stack: string) => planOf([res("aws:sqs/queue:Queue", `${stack}-queue`, { stack })], { "platform:environment": "dev" }, stack);

        it("plans the stacks after a failed one, and exits with the most severe code: 3 internal, 2 settings", async () => {
            const io = capture();
            const seen: string[][] = [];
            const exit = await planAll(["a", "b", "c", "d"], { out: dir, "no-policy": true }, io, async (stack, cache) => {
                seen.push([stack, ...cache.keys()]);
                if (stack === "b") {
                    throw new UsageError("platform:network.cidr: bad");
                }
                if (stack === "c") {
                    throw new Error("boom");
                }
                return tiny(stack);
            });
            expect(exit).to.equal(3);
            // Each stack sees the plans made before it (the referenced stacks' plans are reused).
            expect(seen).to.deep.equal([["a"], ["b", "a"], ["c", "a"], ["d", "a"]]);
            const summary = JSON.parse(fs.readFileSync(path.join(dir, PLAN_ALL_SUMMARY), "utf8")) as PlanAllSummary;
            expect(summary.exit).to.equal(3);
            expect(summary.stacks.map((s) => [s.stack, s.exit, s.error])).to.deep.equal([
                ["a", 0, undefined],
                ["b", 2, "platform:network.cidr: bad"],
                ["c", 3, "boom"],
                ["d", 0, undefined],
            ]);
            expect(fs.readdirSync(dir).sort()).to.deep.equal(["a.plan.json", "a.plan.md", "d.plan.json", "d.plan.md", PLAN_ALL_SUMMARY]);
            const { err, out } = io.text();
            expect(err).to.include("error: stack b: platform:network.cidr: bad\n");
            expect(err).to.include("stack c:\nerror: internal error: boom; rerun with --debug for the stack trace\n");
            expect(err).to.not.match(/\n\s+at /);
            expect(out).to.match(/^ {2}b +- +- +- +- +2 invalid settings or usage$/m);
            expect(out).to.match(/^ {2}c +- +- +- +- +3 internal error$/m);
            expect(out).to.match(/^Planned 4 stacks in \d+\.\d\d s; exit 3 \(internal error\)$/m);
        });

        it("exits 2 when the worst is a stack's settings, 1 for a mandatory finding, 0 otherwise", async () => {
            const failing = (bad: string) => async (stack: string) => {
                if (stack === bad) {
                    throw new UsageError("bad settings");
                }
                return tiny(stack);
            };
            expect(await planAll(["a", "b"], { "no-policy": true }, capture(), failing("b"))).to.equal(2);
            expect(await planAll(["a", "b"], { "no-policy": true }, capture(), failing("none"))).to.equal(0);
            // A Transit Gateway accepting shared attachments: a mandatory finding of the aws-baseline pack (prod's config).
            const tgw = (stack: string) => planOf([{ ...res("aws:ec2transitgateway/transitGateway:TransitGateway", "hub", { stack }), inputs: { autoAcceptSharedAttachments: "enable" } }], { "platform:environment": "prod" }, stack);
            const io = capture();
            expect(await planAll(["a", "b"], {}, io, async (stack) => (stack === "a" ? tgw(stack) : tiny(stack)))).to.equal(1);
            expect(io.text().out).to.match(/^ {2}a +1 +[1-9]\d* +\d+ +\d+\.\d\d +1 mandatory policy violation$/m);
        });
    });

    describe("refusals before planning", () => {
        it("refuses --all with --stack or --stack-file, exit 2", async () => {
            for (const extra of [["--stack", "dev"], ["--stack-file", stackFilePath("dev")]]) {
                const r = await cli("plan", "--all", ...extra);
                expect(r.code).to.equal(2);
                expect(r.err).to.match(/^error: plan --all plans every stack in stacks\/; give it without --stack and --stack-file/);
            }
        });

        it("refuses an --out that cannot be written and a missing --policy-config, exit 2, before planning", async () => {
            const started = Date.now();
            expect((await cli("plan", "--all", "--out", "/proc/x")).code).to.equal(2);
            const r = await cli("plan", "--all", "--policy-config", "/nonexistent/config.json");
            expect([r.code, r.err]).to.deep.equal([2, "error: --policy-config /nonexistent/config.json: not found (a pack config file or a directory of <pack>.json)\n"]);
            expect(Date.now() - started).to.be.below(5000);
        });

        it("names --all in plan's usage", async () => {
            expect((await cli("plan", "--help")).out).to.match(/--all +plan every stack in stacks\/ in one process/);
            expect((await cli("plan")).err).to.match(/^error: plan needs --stack <name>, --stack-file <path> or --all/);
        });
    });
});
