import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAULT_INJECTION, validateStackSettings } from "../../../tools/cli/main";
import { listStacks, REPO_ROOT, stackFilePath } from "../../../tools/plan/stack-file";
import { cli } from "../../support/cli";
import { planOf, res } from "../review/fixtures";

const BIN = path.join(REPO_ROOT, "bin", "platform.js");
const STACK_TRACE = /\n\s+at /;

describe("cli: help, exit codes and checks before planning", function () {
    this.timeout(120_000);
    let dir: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-exit-"));
    });
    afterEach(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    /** stacks/Pulumi.dev.yaml with `edit` applied, written as `name` in the test's directory. */
    function devVariant(name: string, edit: (text: string) => string): string {
        const text = fs.readFileSync(stackFilePath("dev"), "utf8");
        const changed = edit(text);
        expect(changed, "the edit must change the dev settings").to.not.equal(text);
        const file = path.join(dir, name);
        fs.writeFileSync(file, changed);
        return file;
    }

    describe("--help", () => {
        for (const command of ["plan", "policy", "diff", "bench", "preflight", "upgrade"]) {
            for (const flag of ["--help", "-h"]) {
                it(`${command} ${flag} prints its usage on stdout and exits 0`, async () => {
                    const r = await cli(command, flag);
                    expect([r.code, r.err]).to.deep.equal([0, ""]);
                    expect(r.out).to.match(/^usage: npm run /);
                    expect(r.out).to.match(/exit codes: .*0 /);
                });
            }
        }

        it("answers through npm: npm run plan -- --help, npm run plan:diff -- -h", () => {
            for (const args of [["plan", "--", "--help"], ["plan:diff", "--", "-h"]]) {
                const r = spawnSync("npm", ["run", "-s", ...args], { cwd: REPO_ROOT, encoding: "utf8" });
                expect(r.status, r.stderr).to.equal(0);
                expect(r.stdout).to.match(/^usage: npm run (plan|plan:diff) -- /);
            }
        });
    });

    describe("internal errors exit 3 with a short message", () => {
        // Every input is validated before use, so no input reaches a bug: the fault is injected.
        function validPlans(): [string, string] {
            const base = path.join(dir, "base.plan.json");
            const head = path.join(dir, "head.plan.json");
            fs.writeFileSync(base, JSON.stringify(planOf([res("aws:ec2/vpc:Vpc", "main")])));
            fs.writeFileSync(head, JSON.stringify(planOf([])));
            return [base, head];
        }
        beforeEach(() => {
            process.env[FAULT_INJECTION] = "diff";
        });
        afterEach(() => {
            delete process.env[FAULT_INJECTION];
        });

        it("prints one line without a stack trace", async () => {
            const r = await cli("diff", ...validPlans());
            expect(r.code).to.equal(3);
            expect(r.err).to.equal(`error: internal error: fault injected by ${FAULT_INJECTION}=diff; rerun with --debug for the stack trace\n`);
        });

        it("prints the stack trace with --debug", async () => {
            const r = await cli("diff", ...validPlans(), "--debug");
            expect(r.code).to.equal(3);
            expect(r.err).to.match(/^error: internal error: fault injected/);
            expect(r.err).to.match(STACK_TRACE);
        });

        it("is not triggered for another command, or without the variable", async () => {
            const r = await cli("diff", ...validPlans());
            expect(r.code).to.equal(3);
            process.env[FAULT_INJECTION] = "plan";
            const other = await cli("diff", ...validPlans());
            expect(other.code, other.err).to.equal(0);
        });

        it("exits 3 from the real binary, the stack trace only with --debug, pointing at the .ts line", () => {
            const plans = validPlans();
            const env = { ...process.env, [FAULT_INJECTION]: "diff" };
            const r = spawnSync(process.execPath, [BIN, "diff", ...plans], { encoding: "utf8", env });
            expect([r.status, r.stdout]).to.deep.equal([3, ""]);
            expect(r.stderr).to.match(/^error: internal error: .+; rerun with --debug for the stack trace\n$/);
            const d = spawnSync(process.execPath, [BIN, "diff", ...plans, "--debug"], { encoding: "utf8", env });
            expect(d.status).to.equal(3);
            expect(d.stderr).to.match(STACK_TRACE);
            // Sucrase keeps line numbers: the trace names the throw's line in main.ts.
            const line = fs.readFileSync(path.join(REPO_ROOT, "tools/cli/main.ts"), "utf8").split("\n").findIndex((l) => l.includes("throw new Error(`fault injected by")) + 1;
            expect(d.stderr).to.include(`tools/cli/main.ts:${line}:`);
        });
    });

    describe("output paths and --policy-config are checked before planning (exit 2)", () => {
        it("refuses --out where a file is in the way, naming the path", async () => {
            const file = path.join(dir, "taken");
            fs.writeFileSync(file, "");
            for (const out of [file, path.join(file, "sub")]) {
                const r = await cli("plan", "--stack", "network", "--out", out);
                expect([r.code, r.out]).to.deep.equal([2, ""]);
                expect(r.err).to.equal(`error: --out ${out}: cannot create or write this directory (a file is in the way)\n`);
            }
        });

        it("refuses --out under /proc, /sys and /dev at once", async () => {
            for (const out of ["/proc/x", "/sys/x/y", "/dev/plans"]) {
                const started = Date.now();
                const r = await cli("plan", "--stack", "network", "--out", out);
                expect([r.code, r.out]).to.deep.equal([2, ""]);
                expect(r.err).to.equal(`error: --out ${out}: is under /proc, /sys, /dev; choose a directory on a file system\n`);
                expect(Date.now() - started).to.be.lessThan(5_000);
            }
        });

        it("refuses a read-only --out directory", async function () {
            if (process.getuid?.() === 0) {
                this.skip(); // root writes anywhere
            }
            const ro = path.join(dir, "ro");
            fs.mkdirSync(ro, { mode: 0o555 });
            const r = await cli("plan", "--stack", "network", "--out", path.join(ro, "plans"));
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.match(/^error: --out .*ro\/plans: cannot create or write this directory \(not writable\)\n$/);
        });

        it("checks --out of policy, diff and upgrade too", async () => {
            const file = path.join(dir, "taken");
            fs.writeFileSync(file, "");
            const plan = path.join(dir, "a.plan.json");
            fs.writeFileSync(plan, JSON.stringify(planOf([])));
            for (const argv of [
                ["policy", "--plan", plan, "--out", file],
                ["diff", plan, plan, "--out", file],
                ["diff", "--base-ref", "HEAD", "--stack", "network", "--out", "/proc/x"],
                ["upgrade", "--stack", "prod", "--to", "1.35", "--out", "/proc/x/upgrade.md"],
            ]) {
                const r = await cli(...argv);
                expect([r.code, r.out], argv.join(" ")).to.deep.equal([2, ""]);
                expect(r.err).to.match(/^error: --out (\/proc\/x|\S+taken)/);
            }
        });

        it("reports a missing --policy-config before planning", async () => {
            const missing = path.join(dir, "no-such-config");
            const r = await cli("plan", "--stack", "network", "--policy-config", missing);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.equal(`error: --policy-config ${missing}: not found (a pack config file or a directory of <pack>.json)\n`);
        });
    });

    describe("--stack with --stack-file", () => {
        it("refuses a file named for another stack, naming both", async () => {
            const r = await cli("plan", "--stack", "dev", "--stack-file", stackFilePath("prod"));
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.equal(`error: --stack dev does not match --stack-file ${stackFilePath("prod")}, which is named for stack prod; rename the file or pass --stack prod\n`);
        });

        it("accepts a file whose name is not Pulumi.<stack>.yaml", async () => {
            const file = devVariant("candidate.yaml", (t) => t.replace("LOG_LEVEL: info", "LOG_LEVEL: debug"));
            const taken = path.join(dir, "taken");
            fs.writeFileSync(taken, "");
            // Gets past the stack check to the --out check: no plan needed to prove it.
            const r = await cli("plan", "--stack", "dev", "--stack-file", file, "--out", taken);
            expect(r.code).to.equal(2);
            expect(r.err).to.match(/^error: --out \S+taken: cannot create or write/);
        });
    });

    describe("a settings file outside stacks/ is checked across stacks", () => {
        it("refuses a VPC CIDR that overlaps another stack's", async () => {
            const file = devVariant("Pulumi.dev.yaml", (t) => t.replace("cidr: 10.20.0.0/16", "cidr: 10.10.0.0/16"));
            const r = await cli("plan", "--stack-file", file);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.contain(`error: invalid settings file ${file} checked with the other stacks in stacks/ (in place of stacks/Pulumi.dev.yaml):\n`);
            expect(r.err).to.match(/ {2}- dev: platform:network\.cidr: "10\.10\.0\.0\/16" overlaps shared: platform:network\.cidr/);
            expect(r.err).to.not.match(STACK_TRACE);
        });

        it("refuses a network account that is not the network stack's, with --stack naming the stack", async () => {
            const file = devVariant("candidate.yaml", (t) => t.replace('platform:networkAccountId: "111111111111"', 'platform:networkAccountId: "123456789012"'));
            const r = await cli("plan", "--stack", "dev", "--stack-file", file);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.contain('  - dev: platform:networkAccountId: "123456789012" is not the account of stack network ("111111111111")\n');
        });

        it("checks a file that names no stack of stacks/ on its own, and says so", () => {
            const file = devVariant("Pulumi.dev-candidate.yaml", (t) => t.replace("LOG_LEVEL: info", "LOG_LEVEL: debug"));
            expect(validateStackSettings(file, "dev-candidate")).to.equal(
                `note: stack dev-candidate has no file in stacks/ (${listStacks().join(", ")}), so ${file} was checked on its own, not across stacks; pass --stack <name> to check it in place of that stack's file`,
            );
            expect(validateStackSettings(file, "dev")).to.equal(undefined);
        });
    });

    describe("settings that crashed the plan are refused with exit 2", () => {
        it("duplicate service names", async () => {
            const file = devVariant("Pulumi.dev.yaml", (t) => `${t}${t.slice(t.indexOf("  platform:services:\n") + "  platform:services:\n".length)}`);
            const r = await cli("plan", "--stack-file", file);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.equal(`error: invalid settings file ${file}:\n  - platform:services[1].name: is used by another service; service names are unique in a stack\n`);
        });

        it("platform:stacks.network naming the shared stack", async () => {
            const file = devVariant("Pulumi.dev.yaml", (t) => t.replace("    network: network\n", "    network: shared\n"));
            const r = await cli("plan", "--stack-file", file);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.contain('  - dev: platform:stacks.network: "shared" has role shared-services, not network\n');
            expect(r.err).to.not.match(STACK_TRACE);
        });

        it("platform:stacks.network naming a stack of another role", async () => {
            const file = devVariant("Pulumi.dev.yaml", (t) => t.replace("    network: network\n", "    network: staging\n"));
            const r = await cli("plan", "--stack-file", file);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.contain('  - dev: platform:stacks.network: "staging" has role workload, not network\n');
            expect(r.err).to.not.match(STACK_TRACE);
        });

        it("a misspelled namespace, naming the key and the known namespaces", async () => {
            const file = devVariant("Pulumi.dev.yaml", (t) => t.replace("platform:role: workload", "platfrom:role: workload"));
            const r = await cli("plan", "--stack-file", file);
            expect([r.code, r.out]).to.deep.equal([2, ""]);
            expect(r.err).to.equal(`error: ${file}: "platfrom:role" has an unknown namespace "platfrom"; the known namespaces are platform, aws, kubernetes, github, pulumi\n`);
        });
    });
});
