import { spawnSync } from "child_process";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../../../tools/plan/stack-file";
import { PlanDiff } from "../../../tools/review/diff";
import { cli } from "../../support/cli";
import { changed, finding, planOf, res } from "../review/fixtures";

function scenario() {
    const key = res("aws:kms/key:Key", "data", { protect: true, inputs: { enableKeyRotation: true, deletionWindowInDays: 30 } });
    const vpc = res("aws:ec2/vpc:Vpc", "main", { inputs: { cidrBlock: "10.0.0.0/16" } });
    const role = res("aws:iam/role:Role", "ci", { inputs: { maxSessionDuration: 3600 } });
    const base = planOf([key, vpc, role]);
    const head = planOf([changed(key, { enableKeyRotation: false }), changed(vpc, { cidrBlock: "10.1.0.0/16" }), res("aws:iam/role:Role", "deployer")]);
    return { base, head, key };
}

describe("cli: diff", function () {
    this.timeout(180_000);
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-test-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function write(name: string, data: unknown): string {
        const file = path.join(dir, name);
        fs.writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data));
        return file;
    }

    it("prints the Markdown diff of two plan files and writes <stack>.diff.md and .diff.json with --out", async () => {
        const { base, head } = scenario();
        const out = path.join(dir, "out");
        const r = await cli("diff", write("base.plan.json", base), write("head.plan.json", head), "--out", out);
        expect(r.code).to.equal(0);
        expect(r.out).to.contain("## Plan diff: stack `test`");
        expect(r.out).to.contain("| 1 | 1 | 1 | 1 | 0 |");
        expect(r.out).to.contain("| **high** | security-loosened | `aws:kms:Key` `data` | KMS key rotation turned off: enableKeyRotation: true → false |");
        expect(r.out).to.contain("replace-stateful");
        expect(fs.readdirSync(out).sort()).to.deep.equal(["test.diff.json", "test.diff.md"]);
        const json = JSON.parse(fs.readFileSync(path.join(out, "test.diff.json"), "utf8")) as PlanDiff;
        expect(json.changes.map((c) => [c.op, c.name])).to.deep.equal([
            ["replace", "main"],
            ["delete", "ci"],
            ["update", "data"],
            ["create", "deployer"],
        ]);
        expect(json.cost!.delta).to.equal(0);
        expect(fs.readFileSync(path.join(out, "test.diff.md"), "utf8")).to.equal(r.out);
    });

    it("prints JSON with --format json", async () => {
        const { base, head } = scenario();
        const r = await cli("diff", write("b.json", base), write("h.json", head), "--format", "json");
        expect(r.code).to.equal(0);
        const diff = JSON.parse(r.out) as PlanDiff;
        expect(diff.summary).to.include({ create: 1, update: 1, replace: 1, delete: 1, unchanged: 0 });
    });

    it("exits 1 only when the head adds a mandatory finding, given findings for both sides", async () => {
        const { base, head, key } = scenario();
        const b = write("b.json", base);
        const h = write("h.json", head);
        const before = write("base.policy.json", { findings: [finding("kms-description", key.urn)] });
        const same = write("same.policy.json", [finding("kms-description", key.urn)]);
        const worse = write("head.policy.json", { findings: [finding("kms-description", key.urn), finding("kms-key-rotation", key.urn)] });
        expect((await cli("diff", b, h, "--base-findings", before, "--head-findings", same)).code).to.equal(0);
        const r = await cli("diff", b, h, "--base-findings", before, "--head-findings", worse);
        expect(r.code).to.equal(1);
        expect(r.out).to.contain("### Policy findings: 1 new (1 mandatory), 0 resolved, 1 unchanged");
    });

    describe("usage errors exit 2", () => {
        const cases: [string, (w: typeof write) => string[], RegExp][] = [
            ["no arguments", () => ["diff"], /diff needs <base.plan.json> <head.plan.json>/],
            ["one plan file", (w) => ["diff", w("a.json", scenario().base)], /diff needs <base.plan.json> <head.plan.json>/],
            ["a missing file", (w) => ["diff", w("a.json", scenario().base), path.join(os.tmpdir(), "nope", "x.plan.json")], /plan file not found: .*x\.plan\.json/],
            ["a file that is not JSON", (w) => ["diff", w("a.json", scenario().base), w("b.json", "{not json")], /b\.json: not JSON/],
            ["JSON that is not a plan", (w) => ["diff", w("a.json", scenario().base), w("b.json", { hello: 1 })], /b\.json: not a valid plan file \(tools\/plan\/plan\.schema\.json\):\n {2}- \$\.formatVersion: missing/],
            ["an unknown format", (w) => ["diff", w("a.json", scenario().base), w("b.json", scenario().head), "--format", "html"], /--format must be md or json, got "html"/],
            ["an unknown option", (w) => ["diff", w("a.json", scenario().base), w("b.json", scenario().head), "--colour"], /Unknown option '--colour'/],
            ["findings for one side only", (w) => ["diff", w("a.json", scenario().base), w("b.json", scenario().head), "--base-findings", w("f.json", [])], /give both --base-findings and --head-findings/],
            ["a findings file that is not findings", (w) => ["diff", w("a.json", scenario().base), w("b.json", scenario().head), "--base-findings", w("f.json", [1]), "--head-findings", w("g.json", [])], /f\.json: not a findings file/],
            ["--stack without --base-ref", () => ["diff", "--stack", "dev"], /git mode needs both --base-ref <git-ref> and --stack <name>/],
            ["an unknown git ref", () => ["diff", "--base-ref", "no-such-ref-xyz", "--stack", "network"], /--base-ref: not a commit in this repository: "no-such-ref-xyz"/],
            ["plan files and git mode at once", (w) => ["diff", w("a.json", scenario().base), "--base-ref", "HEAD", "--stack", "network"], /either two plan files or --base-ref with --stack, not both/],
        ];
        for (const [what, args, message] of cases) {
            it(`rejects ${what}`, async () => {
                const r = await cli(...args(write));
                expect(r.code).to.equal(2);
                expect(r.err).to.match(message);
                expect(r.out).to.equal("");
            });
        }
    });

    it("git mode: plans the stack at a ref in a temporary worktree and cleans it up", async () => {
        const worktrees = () => spawnSync("git", ["worktree", "list", "--porcelain"], { cwd: REPO_ROOT, encoding: "utf8" }).stdout;
        const out = path.join(dir, "out");
        const r = await cli("diff", "--base-ref", "HEAD", "--stack", "network", "--out", out, "--format", "json");
        expect(r.code, r.err).to.equal(0);
        const diff = JSON.parse(r.out) as PlanDiff;
        expect(diff.stack).to.equal("network");
        expect(diff.summary.total).to.be.greaterThan(10);
        expect(diff.summary.create + diff.summary.update + diff.summary.replace + diff.summary.unchanged).to.equal(diff.summary.total);
        const tree = /planning network at HEAD \([0-9a-f]{12}\) in (\S+)/.exec(r.err)?.[1];
        expect(tree, r.err).to.match(/platform-diff-[^/]+[/\\]base$/);
        expect(fs.existsSync(path.join(out, "network.diff.md"))).to.equal(true);
        // Other runs may hold worktrees of their own at the same time: check this run's only.
        expect(worktrees()).not.to.contain(tree!);
        expect(fs.existsSync(path.dirname(tree!))).to.equal(false);
    });
});
