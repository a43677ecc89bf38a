import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";
import { registerBare, sdkClassOf } from "../../../bin/bench-floor";
import { bench, BenchResult, BenchRow, median, renderBench } from "../../../tools/cli/bench-command";
import { planStack } from "../../../tools/plan/runner";
import { listStacks, REPO_ROOT } from "../../../tools/plan/stack-file";
import { cli } from "../../support/cli";

describe("cli: policy over a plan file", function () {
    this.timeout(120_000);
    let dir: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-"));
        const r = await cli("plan", "--stack", "network", "--out", dir, "--no-policy");
        expect(r.code).to.equal(0);
    });

    it("evaluates the packs over a plan produced elsewhere and writes the evidence", async () => {
        const out = path.join(dir, "evidence");
        const r = await cli("policy", "--plan", path.join(dir, "network.plan.json"), "--out", out);
        expect(r.code).to.equal(0);
        expect(r.out).to.contain("Policy evaluation of");
        expect(r.out).to.match(/Policy summary: 0 mandatory, 0 advisory, \d+ checks passed/);
        expect(fs.readdirSync(out).sort()).to.deep.equal(["network.compliance.json", "network.compliance.md", "network.policy.json", "network.policy.sarif", "network.policy.xml"]);
    });

    it("exits 1 when the plan has a mandatory violation", async () => {
        const plan = JSON.parse(fs.readFileSync(path.join(dir, "network.plan.json"), "utf8"));
        const tgw = plan.resources.find((r: { type: string }) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
        tgw.inputs.autoAcceptSharedAttachments = "enable";
        const file = path.join(dir, "weakened.plan.json");
        fs.writeFileSync(file, JSON.stringify(plan));
        const r = await cli("policy", "--plan", file);
        expect(r.code).to.equal(1);
        expect(r.out).to.match(/mandatory tgw-no-auto-accept {2}aws:ec2transitgateway\/transitGateway:TransitGateway::hub/);
    });

    it("rejects a missing file, a file that is not a plan and a missing --plan with exit 2", async () => {
        expect((await cli("policy", "--plan", path.join(dir, "nope.json"))).err).to.match(/^error: plan file not found/);
        const notPlan = path.join(dir, "not-plan.json");
        fs.writeFileSync(notPlan, JSON.stringify({ hello: "world" }));
        const r = await cli("policy", "--plan", notPlan);
        expect([r.code, r.err]).to.deep.equal([
            2,
            `error: ${notPlan}: not a valid plan file (tools/plan/plan.schema.json):\n  - $.formatVersion: missing; this tool reads plan format 1: plan again with npm run plan -- --stack <name> --out <dir>\n`,
        ]);
        const nested = path.join(dir, "nested.plan.json");
        fs.writeFileSync(nested, JSON.stringify({ formatVersion: 1, project: "p", stack: "s", summary: { resourceCount: 1, byType: {} }, resources: [{ urn: "urn:pulumi:s::p::t::n", type: "t", name: "n", dependencies: "x" }] }));
        const n = await cli("policy", "--plan", nested);
        expect([n.code, n.err]).to.deep.equal([2, `error: ${nested}: not a valid plan file (tools/plan/plan.schema.json):\n  - $.resources[0].dependencies: must be array\n`]);
        expect((await cli("policy")).code).to.equal(2);
    });

    it("rejects a policy config naming a policy no pack has", async () => {
        const cfg = path.join(dir, "bad-config.json");
        fs.writeFileSync(cfg, JSON.stringify({ "no-such-policy": "mandatory" }));
        const r = await cli("policy", "--plan", path.join(dir, "network.plan.json"), "--policy-config", cfg);
        expect([r.code, r.err]).to.deep.equal([2, `error: ${cfg}: "no-such-policy" is not a policy of any pack (aws-baseline, kubernetes-baseline)\n`]);
    });
});

describe("bench", function () {
    this.timeout(120_000);
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("registers bare resources with the SDK classes the program uses", () => {
        expect(sdkClassOf("aws:ec2/vpc:Vpc")).to.equal(aws.ec2.Vpc);
        expect(sdkClassOf("aws:s3/bucket:Bucket")).to.equal(aws.s3.Bucket);
        expect(sdkClassOf("pulumi:providers:aws")).to.equal(aws.Provider);
        expect(sdkClassOf("kubernetes:apps/v1:Deployment")).to.equal(k8s.apps.v1.Deployment);
        expect(sdkClassOf("kubernetes:networking.k8s.io/v1:NetworkPolicy")).to.equal(k8s.networking.v1.NetworkPolicy);
        expect(sdkClassOf("kubernetes:helm.sh/v3:Release")).to.equal(k8s.helm.v3.Release);
        expect(sdkClassOf("kubernetes:monitoring.coreos.com/v1:PrometheusRule")).to.equal(k8s.apiextensions.CustomResource);
        expect(sdkClassOf("platform:network:SpokeVpc")).to.equal(undefined);
    });

    it("registers every resource of a plan bare, in process and as the floor process", async () => {
        const plan = await planStack({ stack: "network" });
        const bare = await registerBare(plan);
        expect(bare.registered).to.equal(plan.resources.length);
        expect(bare.ms).to.be.greaterThan(0);

        const file = path.join(dir, "network.plan.json");
        fs.writeFileSync(file, JSON.stringify(plan));
        const r = spawnSync(process.execPath, [path.join(REPO_ROOT, "bin", "bench-floor.js"), file], { encoding: "utf8" });
        expect(r.status, r.stderr).to.equal(0);
        const out = JSON.parse(r.stdout);
        expect(Object.keys(out).sort()).to.deep.equal(["loadMs", "stacks"]);
        expect(out.stacks.map((s: { stack: string; resources: number }) => [s.stack, s.resources])).to.deep.equal([["network", plan.resources.length]]);
        // The floor loads neither the CLI's TypeScript loader nor its lazy modules: it is what a bare Pulumi program pays.
        expect(fs.readFileSync(path.join(REPO_ROOT, "bin", "bench-floor.js"), "utf8")).to.not.match(/require\("\.\/(register|lazy-modules)"\)|sucrase|ts-node/);
    });

    /**
     * Stand-ins for the CLI and the floor that log their arguments and answer with fixed numbers,
     * so that the orchestration and the result's shape are checked without minutes of planning.
     */
    function standIns(): { bin: string; floor: string; log: string } {
        const log = path.join(dir, "calls.log");
        const bin = path.join(dir, "fake-platform.js");
        const floor = path.join(dir, "fake-floor.js");
        const stacks = JSON.stringify(listStacks());
        fs.writeFileSync(
            bin,
            `const fs = require("fs"), path = require("path");
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ bin: "plan", argv: process.argv.slice(2), cache: process.env.PLATFORM_TS_CACHE ?? null }) + "\\n");
const out = process.argv.indexOf("--out");
if (out > 0) {
  const dir = process.argv[out + 1];
  fs.mkdirSync(dir, { recursive: true });
  const stacks = ${stacks}.map((stack, i) => ({ stack, exit: 0, resources: 100 * (i + 1), ms: 50 * (i + 1) }));
  fs.writeFileSync(path.join(dir, "plan-all.json"), JSON.stringify({ exit: 0, stacks }));
}
process.exitCode = 1; // a mandatory finding: still a whole plan
`,
        );
        fs.writeFileSync(
            floor,
            `const fs = require("fs"), path = require("path");
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ bin: "floor", argv: process.argv.slice(2).map((f) => path.basename(f)) }) + "\\n");
const stacks = process.argv.slice(2).map((f) => path.basename(f, ".plan.json")).map((stack) => ({ stack, resources: 1, ms: 20 }));
console.log(JSON.stringify({ loadMs: 5, stacks }));
`,
        );
        return { bin, floor, log };
    }

    it("measures plan --all and plan --stack end to end next to their floors, and reports every number the README shows", async () => {
        const { bin, floor, log } = standIns();
        const stacks = listStacks();
        const progress: string[] = [];
        const result = await bench(["network", "prod"], 2, { out: () => undefined, err: (t) => progress.push(t) }, { bin, floor });

        const calls = fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l));
        const shape = calls.map((c) => `${c.bin} ${c.argv.map((a: string) => (a.startsWith(os.tmpdir()) ? "<tmp>" : a)).join(" ")}${c.cache ? " (empty transpile cache)" : ""}`);
        const allFloor = `floor ${stacks.map((s) => `${s}.plan.json`).join(" ")}`;
        expect(shape).to.deep.equal([
            "plan plan --all --out <tmp> (empty transpile cache)",
            "plan plan --all",
            "plan plan --all --out <tmp>",
            allFloor,
            "plan plan --all --out <tmp>",
            allFloor,
            "plan plan --stack network",
            "floor network.plan.json",
            "plan plan --stack network",
            "floor network.plan.json",
            "plan plan --stack prod",
            "floor prod.plan.json",
            "plan plan --stack prod",
            "floor prod.plan.json",
        ]);
        expect(calls[0].cache).to.not.equal(null);

        expect(Object.keys(result).sort()).to.deep.equal(["all", "allColdMs", "cpus", "loadAverage", "node", "rows", "runs"]);
        expect(result.runs).to.equal(2);
        expect(result.rows.map((r) => r.stack)).to.deep.equal(["network", "prod"]);
        const network = result.rows[0];
        const i = stacks.indexOf("network");
        expect([network.resources, network.planInProcessMs, network.floorInProcessMs]).to.deep.equal([100 * (i + 1), 50 * (i + 1), 20]);
        for (const t of [network.plan, network.floor, result.all.plan, result.all.floor]) {
            expect(t.ms).to.be.greaterThan(0);
        }
        expect(result.all.stacks).to.equal(stacks.length);
        expect(result.all.resources).to.equal(stacks.reduce((n, _, k) => n + 100 * (k + 1), 0));
        expect(progress.length).to.be.greaterThan(0);
    });

    it("renders the table with ratios, per-resource times, the cold start and the targets", () => {
        const row = (stack: string, resources: number, plan: number, floor: number): BenchRow => ({ stack, resources, plan: { ms: plan, cpuMs: plan * 0.9 }, floor: { ms: floor, cpuMs: floor }, planInProcessMs: resources * 2, floorInProcessMs: resources * 1.5 });
        const result: BenchResult = {
            node: "v20.0.0",
            cpus: 2,
            runs: 5,
            loadAverage: { start: 0.5, end: 0.75 },
            rows: [row("network", 60, 2000, 1600), row("prod", 290, 5000, 4000)],
            all: { stacks: 7, resources: 1260, plan: { ms: 9000 }, floor: { ms: 7000 } },
            allColdMs: 12_345,
        };
        const lines = renderBench(result).split("\n");
        expect(lines[1]).to.equal("median of 5 runs after a warm-up; node v20.0.0, 2 CPUs; load average 0.5 at the start, 0.75 at the end");
        expect(lines.slice(3, 8)).to.deep.equal([
            "| stack | resources | plan (s) | floor (s) | ratio | CPU ratio | plan ms/resource | floor ms/resource |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            "| network | 60 | 2.00 | 1.60 | 1.25x | 1.13x | 2.00 | 1.50 |",
            "| prod | 290 | 5.00 | 4.00 | 1.25x | 1.13x | 2.00 | 1.50 |",
            "| **plan --all** (7 stacks) | 1260 | 9.00 | 7.00 | 1.29x | - | | |",
        ]);
        expect(lines).to.include("plan --all with an empty transpile cache (the first run after npm ci): 12.35 s");
        expect(lines.slice(-2)).to.deep.equal(["target: plan --stack prod 1.25x its floor (target at most 1.5x): met", "target: plan --all 9.00 s (target under 10 s): met"]);

        const slow = renderBench({ ...result, rows: [row("prod", 290, 7000, 4000)], all: { ...result.all, plan: { ms: 10_000 } } }).split("\n");
        expect(slow.slice(-2)).to.deep.equal(["target: plan --stack prod 1.75x its floor (target at most 1.5x): NOT MET", "target: plan --all 10.00 s (target under 10 s): NOT MET"]);
    });

    it("takes the median: the middle run, or the mean of the two middle runs", () => {
        expect(median([5, 1, 3])).to.equal(3);
        expect(median([4, 1, 3, 2])).to.equal(2.5);
    });

    it("refuses a bad --runs and an unknown stack with exit 2 before measuring anything", async () => {
        expect(await cli("bench", "--runs", "0")).to.deep.include({ code: 2, err: 'error: --runs must be a whole number of at least 1, got "0"\n' });
        const r = await cli("bench", "--stack", "nope");
        expect(r.code).to.equal(2);
        expect(r.err).to.match(/^error: no settings file for stack "nope"; known stacks: /);
    });
});
