import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { DEPLOYMENT_SESSION_SECONDS } from "../../components/bootstrap";
import { LONGEST_RUNNER_JOB_MINUTES, projectOfRunnerLabel, RUNNER_BUILD_TIMEOUT_MINUTES, RUNNER_WORKFLOWS, runnerLabel, runnerProjectName } from "../../components/delivery";
import { approvalGatedStacks, manualStacks, policyProfileDirOf, promotionOrder } from "../support/stacks";

/**
 * The invariants of the GitHub workflows (docs/ci-cd.md), checked on the files as written: who may
 * write what, which jobs hold cloud credentials and how they get them, the promotion order, that
 * every stack is planned, and that every action is pinned.
 */

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOWS_DIR = path.join(ROOT, ".github", "workflows");

/**
 * Derived from the stack files (test/support/stacks.ts), never listed here: the order stacks are
 * promoted in on merge (prerequisites first, platform stacks before workloads, ungated before
 * gated, prod last); the stacks CI plans but never previews or deploys (role bootstrap: it creates
 * the state backend and the deployment roles, so it runs once with administrator credentials,
 * docs/ci-cd.md); the deploy stacks whose environment carries required reviewers (workloads among
 * the bootstrap's github.reviewedEnvironments). PROMOTION and MANUAL_STACKS together are exactly
 * the stacks in stacks/.
 */
const PROMOTION = promotionOrder();
const MANUAL_STACKS = manualStacks();
const APPROVAL_GATED = approvalGatedStacks();
/** Actions that could not be pinned to a commit SHA (none today); `owner/repo[/path]` → reason. */
const UNPINNED_EXCEPTIONS: Record<string, string> = {};
/** Jobs allowed `pull-requests: write`: the one that posts the plan comment. */
const PR_WRITERS = ["pull-request.yml#comment"];
const PACKS = ["aws-baseline", "kubernetes-baseline"];

type Permissions = string | Record<string, string> | undefined;

interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
}

interface Job {
    name?: string;
    needs?: string | string[];
    if?: string;
    "runs-on"?: string;
    "timeout-minutes"?: number;
    environment?: string | { name: string; url?: string };
    concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
    permissions?: Permissions;
    strategy?: { matrix?: { include?: Record<string, string>[]; [key: string]: unknown } };
    steps?: Step[];
    uses?: string;
}

interface Workflow {
    file: string;
    text: string;
    name?: string;
    on: Record<string, unknown>;
    permissions?: Permissions;
    concurrency?: string | { group: string; "cancel-in-progress"?: boolean | string };
    jobs: Record<string, Job>;
}

function loadWorkflows(): Workflow[] {
    return fs
        .readdirSync(WORKFLOWS_DIR)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((file) => {
            const text = fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8");
            return { ...(parse(text) as Omit<Workflow, "file" | "text">), file, text };
        });
}

const workflows = loadWorkflows();

function workflow(file: string): Workflow {
    const wf = workflows.find((w) => w.file === file);
    if (!wf) {
        throw new Error(`.github/workflows/${file} is missing`);
    }
    return wf;
}

function allJobs(): { wf: Workflow; id: string; job: Job }[] {
    return workflows.flatMap((wf) => Object.entries(wf.jobs).map(([id, job]) => ({ wf, id, job })));
}

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const steps = (job: Job): Step[] => job.steps ?? [];
const action = (step: Step): string | undefined => step.uses?.split("@")[0];
const usesAction = (job: Job, name: string): Step[] => steps(job).filter((s) => action(s) === name);
const environmentOf = (job: Job): string | undefined => (typeof job.environment === "string" ? job.environment : job.environment?.name);
const lines = (value: unknown): string[] =>
    String(value ?? "")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);

function grants(permissions: Permissions): Record<string, string> {
    return typeof permissions === "object" && permissions !== null ? permissions : {};
}

/** Stacks as the offline plan sees them: one per stacks/Pulumi.<stack>.yaml. */
function stacksOnDisk(): string[] {
    return fs
        .readdirSync(path.join(ROOT, "stacks"))
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => Boolean(s))
        .sort();
}

/**
 * The pack config directory the offline plan uses by default for a stack (tools/cli/policy-report.ts
 * defaultConfigDir): the stack's platform:policyProfile, else its platform:environment.
 * The real preview and `pulumi up` must use the same, or the two would judge a change differently.
 */
function policyEnvOf(stack: string): string {
    // No fallback: platform:policyProfile, else the environment, whose directory must exist.
    const profile = policyProfileDirOf(stack);
    expect(profile, `stack ${stack} has no pack configuration: create policy-packs/config/<env>/ or set platform:policyProfile`).to.be.a("string");
    return profile!;
}

function matrixEntries(job: Job): Record<string, string>[] {
    const include = job.strategy?.matrix?.include;
    expect(include, "matrix.include").to.be.an("array");
    return include!;
}

/** The pulumi/actions step of a deploy job (exactly one). */
function pulumiStep(job: Job): Step {
    const found = usesAction(job, "pulumi/actions");
    expect(found, "one pulumi/actions step").to.have.length(1);
    return found[0];
}

/** The jobs of deploy.yml that run `pulumi up` (not the previews before the gates). */
function deployJobs(): { id: string; job: Job; stack: string }[] {
    const wf = workflow("deploy.yml");
    return Object.entries(wf.jobs)
        .filter(([, job]) => usesAction(job, "pulumi/actions").some((s) => s.with?.command === "up"))
        .map(([id, job]) => ({ id, job, stack: String(pulumiStep(job).with?.["stack-name"]) }));
}

describe("CI workflows (.github/workflows)", () => {
    it("has the pull-request and deploy workflows, each parsed with jobs", () => {
        expect(workflows.map((w) => w.file)).to.include.members(["pull-request.yml", "deploy.yml"]);
        for (const wf of workflows) {
            expect(Object.keys(wf.jobs ?? {}), wf.file).to.have.length.greaterThan(0);
        }
    });

    it("runs on the intended events only, never pull_request_target", () => {
        expect(Object.keys(workflow("pull-request.yml").on)).to.deep.equal(["pull_request"]);
        const deploy = workflow("deploy.yml").on as { push?: { branches?: string[] }; workflow_dispatch?: unknown };
        expect(Object.keys(deploy).sort()).to.deep.equal(["push", "workflow_dispatch"]);
        expect(deploy.push?.branches).to.deep.equal(["main"]);
        for (const wf of workflows) {
            // pull_request_target runs PR code with a write token and secrets.
            expect(Object.keys(wf.on ?? {}), wf.file).to.not.include("pull_request_target");
        }
    });

    describe("permissions", () => {
        it("sets top-level permissions in every workflow, none write-all", () => {
            for (const wf of workflows) {
                expect(wf.permissions, `${wf.file}: top-level permissions`).to.not.equal(undefined);
                expect(wf.permissions, wf.file).to.not.equal("write-all");
                for (const [scope, level] of Object.entries(grants(wf.permissions))) {
                    expect(level, `${wf.file}: top-level ${scope}`).to.not.equal("write");
                }
            }
        });

        it("declares permissions on every job, none write-all", () => {
            for (const { wf, id, job } of allJobs()) {
                expect(job.permissions, `${wf.file}#${id}: permissions`).to.be.an("object");
            }
        });

        it("grants id-token: write exactly to the jobs that assume an AWS role", () => {
            for (const { wf, id, job } of allJobs()) {
                const assumes = usesAction(job, "aws-actions/configure-aws-credentials").length > 0;
                expect(grants(job.permissions)["id-token"] === "write", `${wf.file}#${id}: id-token: write`).to.equal(assumes);
            }
        });

        it("grants pull-requests: write only to the comment job", () => {
            const writers = allJobs()
                .filter(({ job }) => grants(job.permissions)["pull-requests"] === "write")
                .map(({ wf, id }) => `${wf.file}#${id}`);
            expect(writers).to.deep.equal(PR_WRITERS);
        });

        it("grants security-events: write only to jobs that upload SARIF", () => {
            for (const { wf, id, job } of allJobs()) {
                const uploads = usesAction(job, "github/codeql-action/upload-sarif").length > 0;
                expect(grants(job.permissions)["security-events"] === "write", `${wf.file}#${id}: security-events: write`).to.equal(uploads);
            }
        });

        it("writes nothing else: contents, actions, packages and the rest stay read or unset", () => {
            const allowedWrites = ["id-token", "pull-requests", "security-events"];
            for (const { wf, id, job } of allJobs()) {
                // attestations: write only where a job attests (the golden path's publish job, test/ci/golden-path.test.ts).
                const attests = usesAction(job, "actions/attest-sbom").length + usesAction(job, "actions/attest-build-provenance").length > 0;
                for (const [scope, level] of Object.entries(grants(job.permissions))) {
                    if (level === "write") {
                        expect(attests ? [...allowedWrites, "attestations"] : allowedWrites, `${wf.file}#${id}: ${scope}: write`).to.include(scope);
                    }
                }
            }
        });
    });

    describe("credentials", () => {
        it("uses no long-lived AWS keys anywhere", () => {
            for (const wf of workflows) {
                expect(wf.text, wf.file).to.not.match(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|aws-access-key-id|aws-secret-access-key|aws-session-token/i);
            }
        });

        it("assumes roles through GitHub OIDC with the ARN from a repository or environment variable", () => {
            const steps = allJobs().flatMap(({ job }) => usesAction(job, "aws-actions/configure-aws-credentials").map((step) => ({ job, step })));
            expect(steps).to.have.length.greaterThan(0);
            for (const { job, step } of steps) {
                // A matrix job picks the role per entry (the preview role of the stack's account); each entry names a variable.
                const key = /^\$\{\{ matrix\.([\w-]+) \}\}$/.exec(String(step.with?.["role-to-assume"]))?.[1];
                for (const role of key ? matrixEntries(job).map((e) => e[key]) : [step.with?.["role-to-assume"]]) {
                    expect(role).to.match(/^\$\{\{ vars\.[A-Z_]+ \}\}$/);
                }
                expect(Object.keys(step.with ?? {}).sort()).to.deep.equal(["aws-region", "role-duration-seconds", "role-session-name", "role-to-assume"]);
            }
        });

        it("plans offline without any cloud credential, environment or secret", () => {
            const job = workflow("pull-request.yml").jobs["offline-plan"];
            expect(usesAction(job, "aws-actions/configure-aws-credentials")).to.deep.equal([]);
            expect(usesAction(job, "pulumi/actions")).to.deep.equal([]);
            expect(job.environment).to.equal(undefined);
            expect(grants(job.permissions)).to.not.have.property("id-token");
            expect(JSON.stringify(job)).to.not.match(/secrets\./);
        });

        it("checks out without persisting the token", () => {
            for (const { wf, id, job } of allJobs()) {
                for (const step of usesAction(job, "actions/checkout")) {
                    expect(step.with?.["persist-credentials"], `${wf.file}#${id}`).to.equal(false);
                }
            }
        });
    });

    describe("actions", () => {
        const usesLines = () =>
            workflows.flatMap((wf) =>
                wf.text
                    .split("\n")
                    .map((line, i) => ({ wf, line, n: i + 1, m: /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line) }))
                    .filter((x) => x.m),
            );

        it("pins every third-party action to a full commit SHA with a # vX.Y.Z comment", () => {
            const found = usesLines();
            expect(found).to.have.length.greaterThan(0);
            for (const { wf, n, m } of found) {
                const [ref, rest] = [m![1], m![2]];
                if (ref.startsWith("./") || ref.startsWith("docker://")) {
                    continue;
                }
                const [name] = ref.split("@");
                if (name in UNPINNED_EXCEPTIONS) {
                    continue;
                }
                expect(ref, `${wf.file}:${n}`).to.match(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
                expect(rest, `${wf.file}:${n}: version comment`).to.match(/^\s+# v\d+\.\d+\.\d+\s*$/);
            }
        });

        it("pins each action to one SHA and version across all workflows", () => {
            const pins = new Map<string, Set<string>>();
            for (const { m } of usesLines()) {
                const [name] = m![1].split("@");
                pins.set(name, (pins.get(name) ?? new Set()).add(`${m![1]}${m![2]}`.replace(/\s+/g, " ")));
            }
            for (const [name, refs] of pins) {
                expect([...refs], name).to.have.length(1);
            }
        });

        it("lists an exception only for an action still used, with a reason", () => {
            const used = new Set(usesLines().map(({ m }) => m![1].split("@")[0]));
            for (const [name, reason] of Object.entries(UNPINNED_EXCEPTIONS)) {
                expect(used.has(name), name).to.equal(true);
                expect(reason).to.have.length.greaterThan(0);
            }
        });
    });

    describe("jobs", () => {
        it("gives every job a timeout", () => {
            for (const { wf, id, job } of allJobs()) {
                expect(job["timeout-minutes"], `${wf.file}#${id}: timeout-minutes`).to.be.a("number").within(1, 360);
            }
        });

        it("runs only npm scripts that exist in package.json, installing with npm ci", () => {
            const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
            let seen = 0;
            for (const { wf, id, job } of allJobs()) {
                for (const step of steps(job)) {
                    const run = step.run ?? "";
                    for (const m of run.matchAll(/\bnpm\s+(?:run(?:-script)?\s+([\w:.-]+)|(test|start)\b)/g)) {
                        seen++;
                        expect(scripts, `${wf.file}#${id}: ${m[0]}`).to.include(m[1] ?? m[2]);
                    }
                    expect(run, `${wf.file}#${id}: installs with npm ci`).to.not.match(/\bnpm\s+(install|i)\b/);
                }
            }
            expect(seen).to.be.greaterThan(0);
        });

        it("runs npm test in a test job of both workflows", () => {
            for (const file of ["pull-request.yml", "deploy.yml"]) {
                const runs = steps(workflow(file).jobs.test).map((s) => s.run ?? "");
                expect(runs.some((r) => /npm ci\b.*&&\s*npm test\b/.test(r)), file).to.equal(true);
            }
        });
    });

    describe("pull request", () => {
        const pr = () => workflow("pull-request.yml");

        it("cancels a superseded run of the same PR", () => {
            const c = pr().concurrency as { group: string; "cancel-in-progress": boolean };
            expect(c.group).to.include("${{ github.event.pull_request.number }}");
            expect(c["cancel-in-progress"]).to.equal(true);
        });

        it("plans every stack in stacks/ in one job with plan --all, at the head and at the base, with the pack config the offline plan picks", () => {
            const job = pr().jobs["offline-plan"];
            // No per-stack matrix to keep in step with stacks/: plan --all reads the directory.
            expect(job.strategy).to.equal(undefined);
            expect(job.name).to.equal("offline plan");
            const head = steps(job).find((s) => s.id === "head")!;
            expect(lines(head.run)).to.include("npm run plan -- --all --out plans/head");
            const base = steps(job).find((s) => s.id === "base")!;
            expect(base.env?.BASE_REF).to.equal("${{ github.base_ref }}");
            expect(String(base.run)).to.include('git worktree add --detach "$RUNNER_TEMP/base" "origin/$BASE_REF"');
            expect(String(base.run)).to.include('npm run plan -- --all --no-policy --out "$out"');
            // Each stack gets its default pack config (tools/cli/policy-report.ts defaultConfigDir), the one the preview passes.
            expect(JSON.stringify(job)).to.not.include("--policy-config");
        });

        it("diffs each stack against the base and keeps the reports", () => {
            const job = pr().jobs["offline-plan"];
            expect(usesAction(job, "actions/checkout")[0].with?.["fetch-depth"]).to.equal(0);
            const diff = steps(job).find((s) => s.id === "diff")!;
            expect(String(diff.run)).to.include('npm run plan:diff -- "plans/base/$stack.plan.json" "$plan" --out "$dir"');
            // A stack without a base plan (a new one) is diffed against the base branch by the git mode.
            expect(String(diff.run)).to.include('npm run plan:diff -- --base-ref "origin/$BASE_REF" --stack "$stack" --out "$dir"');
            expect(diff.env?.BASE_REF).to.equal("${{ github.base_ref }}");
            const sarif = usesAction(job, "github/codeql-action/upload-sarif");
            expect(sarif).to.have.length(1);
            // A directory: every stack's SARIF, each run's automationDetails.id its category (no category input to override it).
            expect(sarif[0].with).to.deep.equal({ sarif_file: "plans/head" });
            const artifact = usesAction(job, "actions/upload-artifact");
            expect(artifact).to.have.length(1);
            expect(artifact[0].with).to.include({ name: "plan-reports", path: "plans/" });
        });

        it("still fails the job on a mandatory policy violation, after the uploads", () => {
            const list = steps(pr().jobs["offline-plan"]);
            const last = list[list.length - 1];
            expect(last.run).to.include('"$PLAN_EXIT" != "0"');
            const sarifAt = list.findIndex((s) => action(s) === "github/codeql-action/upload-sarif");
            expect(sarifAt).to.be.within(0, list.length - 2);
        });

        it("posts one comment after the plan, found again by its hidden marker, within GitHub's limit", () => {
            const job = pr().jobs.comment;
            expect(needsOf(job)).to.deep.equal(["offline-plan"]);
            expect(job.if).to.include("!cancelled()");
            const script = String(usesAction(job, "actions/github-script")[0].with?.script);
            expect(script).to.include('"<!-- platform-plan -->"');
            expect(script).to.include("65536");
            expect(script).to.match(/updateComment/);
            expect(script).to.match(/createComment/);
            expect(usesAction(job, "actions/download-artifact")[0].with).to.include({ name: "plan-reports", path: "artifacts" });
        });

        it("previews for real only when the repository has a preview role, without a second comment", () => {
            const job = pr().jobs.preview;
            expect(job.if).to.include("vars.AWS_PREVIEW_ROLE_ARN_NETWORK != ''");
            expect(environmentOf(job)).to.equal("preview");
            const entries = matrixEntries(job);
            expect(entries.map((e) => e.stack).sort()).to.deep.equal(stacksOnDisk().filter((s) => !MANUAL_STACKS.includes(s)));
            const step = pulumiStep(job);
            expect(step.with).to.include({ command: "preview", "stack-name": "${{ matrix.stack }}", "comment-on-pr": false });
            // Each stack's preview runs as the preview role of its own account, which reads only that account's stacks' state.
            expect(usesAction(job, "aws-actions/configure-aws-credentials")[0].with?.["role-to-assume"]).to.equal("${{ matrix.preview-role }}");
            for (const e of entries) {
                expect(e["preview-role"], e.stack).to.equal(`\${{ vars.AWS_PREVIEW_ROLE_ARN_${e.stack.toUpperCase()} }}`);
            }
            expect(lines(step.with?.policyPacks)).to.deep.equal(PACKS.map((p) => `policy-packs/${p}`));
            expect(lines(step.with?.policyPackConfigs)).to.deep.equal(PACKS.map((p) => `policy-packs/config/\${{ matrix.policy-env }}/${p}.json`));
            for (const e of entries) {
                expect(e["policy-env"], e.stack).to.equal(policyEnvOf(e.stack));
            }
        });

        it("previews with the read-only preview credentials, chosen by platform:credentials", () => {
            const step = pulumiStep(pr().jobs.preview);
            expect(JSON.parse(String(step.with?.["config-map"]))).to.deep.equal({ "platform:credentials": { value: "preview", secret: false } });
        });
    });

    describe("executor (docs/decisions/0013-ci-executor.md)", () => {
        /** Settings of a stack file, `platform:` keys. */
        const settingsOf = (stack: string) =>
            (parse(fs.readFileSync(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, any> }).config;
        /** A stack whose program talks to a Kubernetes API: a workload stack (its cluster's add-ons, namespaces, services). */
        const reachesKubernetes = (stack: string) => settingsOf(stack)["platform:role"] === "workload";
        /** Every runner project the shared-services stack files declare. */
        const declaredRunners = () =>
            stacksOnDisk()
                .filter((s) => settingsOf(s)["platform:role"] === "shared-services")
                .flatMap((s) => ((settingsOf(s)["platform:runners"]?.environments ?? []) as string[]).map((env) => runnerProjectName(env)));

        /** Every (workflow, job, stack, runs-on) a run can produce: matrix jobs once per entry. */
        function jobRuns(): { wf: Workflow; id: string; job: Job; stack?: string; runsOn: string }[] {
            return allJobs().flatMap(({ wf, id, job }) => {
                const include = job.strategy?.matrix?.include;
                if (include && String(job["runs-on"]).includes("matrix.")) {
                    return include.map((e) => ({ wf, id, job, stack: e.stack, runsOn: String(job["runs-on"]).replace(/\$\{\{ matrix\.(\w+) \}\}/, (_, k: string) => e[k]) }));
                }
                const stack = usesAction(job, "pulumi/actions").length > 0 ? String(pulumiStep(job).with?.["stack-name"]) : undefined;
                return [{ wf, id, job, stack, runsOn: String(job["runs-on"]) }];
            });
        }

        it("runs every job that talks to a Kubernetes API on its environment's CodeBuild runner, declared in a shared-services stack", () => {
            const runs = jobRuns().filter((r) => r.stack !== undefined && !r.stack.includes("${{") && reachesKubernetes(r.stack));
            expect(runs.map((r) => `${r.wf.file}#${r.id}:${r.stack}`).sort()).to.deep.equal(
                [
                    "deploy.yml#dev:dev",
                    "deploy.yml#preview-prod:prod",
                    "deploy.yml#preview-staging:staging",
                    "deploy.yml#prod:prod",
                    "deploy.yml#staging:staging",
                    "pull-request.yml#preview:dev",
                    "pull-request.yml#preview:prod",
                    "pull-request.yml#preview:staging",
                ],
            );
            for (const r of runs) {
                const env = String(settingsOf(r.stack!)["platform:environment"]);
                expect(r.runsOn, `${r.wf.file}#${r.id} (${r.stack})`).to.equal(runnerLabel(runnerProjectName(env)));
                expect(declaredRunners(), `${r.wf.file}#${r.id} (${r.stack}): platform:runners.environments`).to.include(runnerProjectName(env));
            }
        });

        it("keeps jobs that only call AWS APIs or run offline on GitHub-hosted runners", () => {
            for (const r of jobRuns()) {
                if (r.stack !== undefined && reachesKubernetes(r.stack)) {
                    continue;
                }
                expect(r.runsOn, `${r.wf.file}#${r.id}${r.stack ? ` (${r.stack})` : ""}`).to.equal("ubuntu-latest");
            }
        });

        it("starts runner builds only for the workflows the webhooks accept", () => {
            for (const r of jobRuns().filter((x) => projectOfRunnerLabel(x.runsOn) !== undefined)) {
                expect(RUNNER_WORKFLOWS as readonly string[], r.wf.file).to.include(r.wf.name);
            }
        });

        it("ends every job before CodeBuild's build timeout stops its runner", () => {
            const onRunners = jobRuns().filter((r) => projectOfRunnerLabel(r.runsOn) !== undefined);
            expect(onRunners).to.have.length.greaterThan(0);
            for (const r of onRunners) {
                const minutes = r.job["timeout-minutes"]!;
                expect(minutes, `${r.wf.file}#${r.id}: timeout-minutes <= LONGEST_RUNNER_JOB_MINUTES`).to.be.at.most(LONGEST_RUNNER_JOB_MINUTES);
                expect(minutes, `${r.wf.file}#${r.id}: timeout-minutes <= the runner's buildTimeout`).to.be.at.most(RUNNER_BUILD_TIMEOUT_MINUTES);
            }
        });

        it("asks for credentials that outlast every job that holds them, within the deployment session", () => {
            const holders = allJobs().filter(({ job }) => grants(job.permissions)["id-token"] === "write");
            expect(holders).to.have.length.greaterThan(0);
            for (const { wf, id, job } of holders) {
                for (const step of usesAction(job, "aws-actions/configure-aws-credentials")) {
                    const seconds = Number(step.with?.["role-duration-seconds"]);
                    expect(job["timeout-minutes"]! * 60, `${wf.file}#${id}: timeout-minutes * 60 < role-duration-seconds`).to.be.lessThan(seconds);
                    expect(seconds, `${wf.file}#${id}: role-duration-seconds <= DEPLOYMENT_SESSION_SECONDS`).to.be.at.most(DEPLOYMENT_SESSION_SECONDS);
                }
            }
            for (const { id, job } of deployJobs()) {
                expect(usesAction(job, "aws-actions/configure-aws-credentials")[0].with?.["role-duration-seconds"], id).to.equal(DEPLOYMENT_SESSION_SECONDS);
            }
        });
    });

    describe("the plan comment script", () => {
        interface Comment {
            id: number;
            body: string;
            user: { login: string };
            html_url: string;
        }
        interface Calls {
            created: string[];
            updated: { id: number; body: string }[];
        }

        const COMMENT_LIMIT = 65536;

        /** Runs the comment job's github-script the way the action does, over artifacts laid out like download-artifact's. */
        async function runCommentScript(diffs: Record<string, { diff?: string; planExit?: string }>, existing: Comment[], planResult = "success"): Promise<Calls> {
            const job = workflow("pull-request.yml").jobs.comment;
            const script = String(usesAction(job, "actions/github-script")[0].with?.script);
            const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-comment-"));
            for (const [stack, { diff, planExit = "0" }] of Object.entries(diffs)) {
                const dir = path.join(tmp, "artifacts", `plan-${stack}`);
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(path.join(dir, `${stack}.status.json`), JSON.stringify({ stack, planExit, diffExit: diff === undefined ? "1" : "0" }));
                if (diff !== undefined) {
                    fs.writeFileSync(path.join(dir, `${stack}.diff.md`), diff);
                }
            }
            const calls: Calls = { created: [], updated: [] };
            const listComments = () => undefined;
            const github = {
                paginate: async (fn: unknown) => (fn === listComments ? existing : []),
                rest: {
                    issues: {
                        listComments,
                        createComment: async (p: { body: string }) => (calls.created.push(p.body), { data: { html_url: "new" } }),
                        updateComment: async (p: { comment_id: number; body: string }) => calls.updated.push({ id: p.comment_id, body: p.body }),
                    },
                },
            };
            const context = {
                serverUrl: "https://github.com",
                runId: 42,
                repo: { owner: "example-org", repo: "platform" },
                payload: { pull_request: { number: 7, head: { sha: "0123456789abcdef" } } },
            };
            const core = { info: () => undefined };
            const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;
            const fn = new AsyncFunction("require", "github", "context", "core", "process", script);
            const cwd = process.cwd();
            process.chdir(tmp);
            try {
                await fn(require, github, context, core, { env: { PLAN_RESULT: planResult } });
            } finally {
                process.chdir(cwd);
                fs.rmSync(tmp, { recursive: true, force: true });
            }
            return calls;
        }

        const bot = (id: number, body: string): Comment => ({ id, body, user: { login: "github-actions[bot]" }, html_url: `c${id}` });

        it("creates one comment with every stack's diff in apply order when none exists", async () => {
            const calls = await runCommentScript({ prod: { diff: "prod diff" }, network: { diff: "network diff" }, dev: { diff: "dev diff" } }, []);
            expect(calls.updated).to.deep.equal([]);
            expect(calls.created).to.have.length(1);
            const body = calls.created[0];
            expect(body.startsWith("<!-- platform-plan -->\n")).to.equal(true);
            expect([body.indexOf("network diff"), body.indexOf("dev diff"), body.indexOf("prod diff")].every((v, i, a) => v > 0 && (i === 0 || v > a[i - 1]))).to.equal(true);
            expect(body).to.include("https://github.com/example-org/platform/actions/runs/42");
        });

        it("edits its own earlier comment in place, not a person's comment that quotes the marker", async () => {
            const quoted: Comment = { id: 1, body: "see <!-- platform-plan -->", user: { login: "reviewer" }, html_url: "c1" };
            const calls = await runCommentScript({ dev: { diff: "dev diff" } }, [quoted, bot(2, "something else"), bot(3, "<!-- platform-plan -->\nold")]);
            expect(calls.created).to.deep.equal([]);
            expect(calls.updated.map((u) => u.id)).to.deep.equal([3]);
            expect(calls.updated[0].body).to.include("dev diff");
        });

        it("stays within GitHub's comment limit, giving every stack a share and closing what a cut leaves open", async () => {
            const rows = (stack: string, n: number) =>
                [`## Plan diff: stack \`${stack}\``, "### Risks (0)", ...Array.from({ length: n }, (_, i) => `<details><summary>${stack} resource-${i}</summary>\n\n\`\`\`diff\n~ size: 1 → 2\n\`\`\`\n\n</details>`)].join("\n");
            const calls = await runCommentScript(
                { network: { diff: rows("network", 150) }, shared: { diff: rows("shared", 2000) }, dev: { diff: rows("dev", 2000) }, prod: { diff: "prod: no changes" } },
                [],
            );
            const body = calls.created[0];
            expect(body.length).to.be.at.most(COMMENT_LIMIT);
            expect(body).to.include("prod: no changes");
            expect(body).to.include("network resource-149</summary>");
            expect(body).to.not.include("the `plan-network` artifact");
            for (const stack of ["shared", "dev"]) {
                expect(body).to.include(`## Plan diff: stack \`${stack}\``);
                expect(body).to.include(`truncated: the full diff is in the \`plan-${stack}\` artifact of [the run](https://github.com/example-org/platform/actions/runs/42)`);
            }
            expect((body.match(/<details\b/g) ?? []).length).to.equal((body.match(/<\/details>/g) ?? []).length);
            expect((body.match(/^```/gm) ?? []).length % 2).to.equal(0);
        });

        it("marks a stack with a mandatory violation or no diff, and warns when the plan job failed", async () => {
            const calls = await runCommentScript({ dev: { diff: "dev diff", planExit: "1" }, prod: {} }, [], "failure");
            const body = calls.created[0];
            expect(body).to.include("<b>dev</b> ❌ mandatory policy violation");
            expect(body).to.include("<b>prod</b> ⚠️ plan failed");
            expect(body).to.include("_No diff was produced for prod; see the job log._");
            expect(body).to.include("[!WARNING]");
        });
    });

    describe("deploy", () => {
        it(`promotes every stack in stacks/ but bootstrap, in order ${PROMOTION.join(" → ")}, after the tests`, () => {
            expect([...PROMOTION, ...MANUAL_STACKS].sort()).to.deep.equal(stacksOnDisk());
            const jobs = deployJobs();
            expect(jobs.map((j) => j.stack)).to.deep.equal(PROMOTION);
            jobs.forEach(({ id, job, stack }, i) => {
                // A gated stack also waits for its own preview, whose diff its reviewers approve.
                const previous = [i === 0 ? "test" : jobs[i - 1].id];
                expect(needsOf(job), id).to.deep.equal(APPROVAL_GATED.includes(stack) ? [...previous, `preview-${stack}`] : previous);
            });
        });

        it(`runs each stack in its GitHub environment; ${APPROVAL_GATED.join(" and ")} are the approval-gated ones`, () => {
            for (const { id, job, stack } of deployJobs()) {
                // The deployment role trusts sub = repo:<org>/<repo>:environment:<env>:ref:refs/heads/main:job_workflow_ref:<deploy.yml@main> only.
                expect(environmentOf(job), id).to.equal(stack);
            }
            const names = deployJobs().map((j) => environmentOf(j.job));
            expect(names).to.include.members(APPROVAL_GATED);
        });

        it("never cancels an update: one concurrency group per stack without cancel-in-progress", () => {
            const wf = workflow("deploy.yml");
            expect(wf.concurrency, "no workflow-level group that could cancel a deploy").to.equal(undefined);
            for (const { id, job, stack } of deployJobs()) {
                expect(job.concurrency, id).to.deep.equal({ group: `deploy-${stack}`, "cancel-in-progress": false });
            }
        });

        it("assumes the environment's role and runs pulumi up with refresh, the packs and the stack's pack config", () => {
            for (const { id, job, stack } of deployJobs()) {
                expect(grants(job.permissions), id).to.deep.equal({ "id-token": "write", contents: "read" });
                const aws = usesAction(job, "aws-actions/configure-aws-credentials");
                expect(aws, id).to.have.length(1);
                expect(aws[0].with?.["role-to-assume"], id).to.equal("${{ vars.AWS_ROLE_ARN }}");
                const pulumi = pulumiStep(job);
                expect(steps(job).indexOf(aws[0]), id).to.be.lessThan(steps(job).indexOf(pulumi));
                expect(pulumi.with, id).to.include({
                    command: "up",
                    "stack-name": stack,
                    refresh: true,
                    "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}",
                    "secrets-provider": "${{ vars.PULUMI_SECRETS_PROVIDER }}",
                    "comment-on-pr": false,
                });
                expect(lines(pulumi.with?.policyPacks), id).to.deep.equal(PACKS.map((p) => `policy-packs/${p}`));
                expect(lines(pulumi.with?.policyPackConfigs), id).to.deep.equal(PACKS.map((p) => `policy-packs/config/${policyEnvOf(stack)}/${p}.json`));
            }
        });

        it("lets no other ref deploy: every job that can hold credentials runs only for refs/heads/main, whatever workflow_dispatch picks", () => {
            const wf = workflow("deploy.yml");
            expect(Object.keys(wf.on).sort()).to.deep.equal(["push", "workflow_dispatch"]);
            expect(wf.on.push).to.deep.equal({ branches: ["main"] });
            const holders = Object.entries(wf.jobs).filter(([, job]) => grants(job.permissions)["id-token"] === "write");
            expect(holders.map(([id]) => id)).to.include.members(PROMOTION);
            for (const [id, job] of holders) {
                // The roles' trust pins ref and workflow (test/ci/oidc-trust.test.ts); this stops the job before it asks.
                expect(String(job.if ?? ""), id).to.include("github.ref == 'refs/heads/main'");
            }
        });
    });

    describe("repository settings the bootstrap stack applies (platform:bootstrap.github)", () => {
        const github = () => {
            const settings = parse(fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.bootstrap.yaml"), "utf8")) as { config: Record<string, { github: { requiredStatusChecks: string[] } }> };
            return settings.config["platform:bootstrap"].github;
        };

        it("requires exactly the pull-request jobs that always run, by the names GitHub reports (matrix expanded)", () => {
            const wf = workflow("pull-request.yml");
            const always = Object.values(wf.jobs)
                .filter((job) => job.if === undefined)
                .flatMap((job) => {
                    const name = job.name ?? "";
                    const include = job.strategy?.matrix?.include;
                    return include ? include.map((m) => name.replace(/\$\{\{\s*matrix\.(\w+)\s*\}\}/g, (_, k: string) => m[k])) : [name];
                });
            expect([...github().requiredStatusChecks].sort()).to.deep.equal(always.sort());
        });

        it("keeps the preview job in the preview environment, the one the preview roles trust", () => {
            const preview = workflow("pull-request.yml").jobs.preview;
            expect(environmentOf(preview)).to.equal("preview");
            expect(grants(preview.permissions)).to.deep.equal({ "id-token": "write", contents: "read" });
        });
    });

    describe("approval sees the diff (preview before the gate, pulumi up --plan after it)", () => {
        const deploy = () => workflow("deploy.yml");
        const previewJob = (stack: string): Job => {
            const job = deploy().jobs[`preview-${stack}`];
            expect(job, `preview-${stack}`).to.be.an("object");
            return job;
        };
        const stepIndex = (job: Job, pred: (s: Step) => boolean): number => steps(job).findIndex(pred);
        const GATED_ENVIRONMENTS = () => deployJobs().map((j) => environmentOf(j.job));

        it("gives every gated deploy job a preview job of the same stack that it needs", () => {
            for (const { id, job, stack } of deployJobs().filter((j) => APPROVAL_GATED.includes(j.stack))) {
                expect(needsOf(job), id).to.include(`preview-${stack}`);
                expect(pulumiStep(previewJob(stack)).with?.["stack-name"], id).to.equal(stack);
            }
        });

        it("runs each preview outside every deploy environment, without write credentials: the stack account's read-only preview role", () => {
            for (const stack of APPROVAL_GATED) {
                const job = previewJob(stack);
                expect(environmentOf(job), stack).to.equal("preview");
                expect(GATED_ENVIRONMENTS(), stack).to.not.include(environmentOf(job));
                expect(grants(job.permissions), stack).to.deep.equal({ "id-token": "write", contents: "read" });
                const aws = usesAction(job, "aws-actions/configure-aws-credentials");
                expect(aws.map((s) => s.with?.["role-to-assume"]), stack).to.deep.equal([`\${{ vars.AWS_PREVIEW_ROLE_ARN_${stack.toUpperCase()} }}`]);
                expect(JSON.stringify(job), stack).to.not.include("AWS_ROLE_ARN }}");
                expect(job.concurrency, stack).to.equal(undefined);
            }
        });

        it("previews exactly what the deploy applies and saves the update plan and the state version as an artifact", () => {
            for (const { job: up, stack } of deployJobs().filter((j) => APPROVAL_GATED.includes(j.stack))) {
                const job = previewJob(stack);
                const preview = pulumiStep(job);
                const apply = pulumiStep(up);
                expect(preview.with, stack).to.include({ command: "preview", "stack-name": stack, refresh: true, "cloud-url": "${{ vars.PULUMI_BACKEND_URL }}", plan: `plans/${stack}.plan.json`, "comment-on-summary": true });
                expect(String(preview.with?.["config-map"]), stack).to.match(/"platform:credentials": \{ "value": "preview"/);
                expect(lines(preview.with?.policyPacks), stack).to.deep.equal(lines(apply.with?.policyPacks));
                expect(lines(preview.with?.policyPackConfigs), stack).to.deep.equal(lines(apply.with?.policyPackConfigs));
                const record = stepIndex(job, (s) => /head-object .*--query VersionId .*> "plans\/\$STACK\.state-version"/.test(s.run ?? ""));
                expect(record, `${stack}: records the state version`).to.be.greaterThan(-1).and.lessThan(steps(job).indexOf(preview));
                const upload = usesAction(job, "actions/upload-artifact");
                expect(upload.map((s) => s.with), stack).to.deep.equal([{ name: `deploy-plan-${stack}`, path: "plans/", "if-no-files-found": "error", "retention-days": 30 }]);
                expect(steps(job).indexOf(upload[0]), stack).to.be.greaterThan(steps(job).indexOf(preview));
            }
        });

        it("applies only the approved plan, and refuses when the stack's state changed since the preview", () => {
            for (const { id, job, stack } of deployJobs().filter((j) => APPROVAL_GATED.includes(j.stack))) {
                const apply = pulumiStep(job);
                expect(apply.with?.plan, id).to.equal(`plans/${stack}.plan.json`);
                const download = usesAction(job, "actions/download-artifact");
                expect(download.map((s) => s.with), id).to.deep.equal([{ name: `deploy-plan-${stack}`, path: "plans" }]);
                const check = stepIndex(job, (s) => /head-object/.test(s.run ?? "") && /plans\/\$STACK\.state-version/.test(s.run ?? "") && /exit 1/.test(s.run ?? ""));
                expect(check, `${id}: state check`).to.be.greaterThan(steps(job).indexOf(download[0]));
                expect(check, `${id}: state check before up`).to.be.lessThan(steps(job).indexOf(apply));
                expect(steps(job)[check].env, id).to.deep.equal({ BACKEND: "${{ vars.PULUMI_BACKEND_URL }}", STACK: stack });
            }
        });
    });

    describe("install hygiene: no dependency code runs while a job can mint a token", () => {
        /** Packages of package-lock.json with install scripts, and why skipping them is safe. */
        const INSTALL_SCRIPTS: Record<string, string> = {
            "node_modules/@pulumi/kubernetes": "installs the kubernetes resource plugin; the Pulumi CLI installs a missing plugin itself",
            "node_modules/protobufjs": "postinstall only warns about version schemes",
        };

        it("installs with --ignore-scripts, before the credentials, in every job with id-token: write", () => {
            const holders = allJobs().filter(({ job }) => grants(job.permissions)["id-token"] === "write");
            expect(holders.length).to.be.greaterThan(0);
            for (const { wf, id, job } of holders) {
                if (wf.file === "golden-path-build.yml") {
                    // The golden path's publish job installs no npm dependencies at all (it loads an image built without credentials).
                    expect(steps(job).some((s) => /\bnpm\b/.test(s.run ?? "")), `${wf.file}#${id}: runs npm`).to.equal(false);
                    continue;
                }
                const installs = steps(job).filter((s) => /\bnpm\s+ci\b/.test(s.run ?? ""));
                expect(installs, `${wf.file}#${id}`).to.have.length(1);
                expect(installs[0].run, `${wf.file}#${id}`).to.match(/\bnpm ci --ignore-scripts\b/);
                expect(steps(job).indexOf(installs[0]), `${wf.file}#${id}`).to.be.lessThan(steps(job).indexOf(usesAction(job, "aws-actions/configure-aws-credentials")[0]));
            }
        });

        it("lists every dependency with an install script, with the reason skipping it is safe", () => {
            const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { hasInstallScript?: boolean }> };
            const withScripts = Object.entries(lock.packages)
                .filter(([, p]) => p.hasInstallScript)
                .map(([name]) => name)
                .sort();
            expect(withScripts).to.deep.equal(Object.keys(INSTALL_SCRIPTS).sort());
        });
    });

    describe("mutation testing (mutation.yml, README \"Mutation testing\")", () => {
        const mutation = () => workflow("mutation.yml");

        it("runs weekly and on demand only, never for a pull request or a push", () => {
            const on = mutation().on as { schedule?: { cron: string }[]; workflow_dispatch?: unknown };
            expect(Object.keys(on).sort()).to.deep.equal(["schedule", "workflow_dispatch"]);
            expect(on.schedule).to.have.length(1);
            // minute hour * * one-day-of-week: once a week.
            expect(on.schedule![0].cron).to.match(/^\d+ \d+ \* \* [0-6]$/);
        });

        it("holds no credential: contents: read only, no secrets, no AWS role, no environment", () => {
            const wf = mutation();
            expect(wf.permissions).to.deep.equal({});
            for (const [id, job] of Object.entries(wf.jobs)) {
                expect(job.permissions, id).to.deep.equal({ contents: "read" });
                expect(usesAction(job, "aws-actions/configure-aws-credentials"), id).to.deep.equal([]);
                expect(environmentOf(job), id).to.equal(undefined);
            }
            expect(wf.text).to.not.match(/secrets\./);
        });

        it("runs npm run test:mutation (not part of npm test), passing the mutate input through the environment", () => {
            const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
            expect(pkg.scripts["test:mutation"]).to.match(/^stryker run\b/);
            expect(pkg.scripts.test).to.not.include("test:mutation");
            const job = mutation().jobs.stryker;
            const run = steps(job).find((s) => /npm run test:mutation/.test(s.run ?? ""));
            expect(run, "a step running npm run test:mutation").to.not.equal(undefined);
            expect(run!.run).to.not.include("${{");
            expect(run!.env).to.deep.equal({ MUTATE: "${{ inputs.mutate }}" });
        });

        it("fails the run when a file is below the bar, after Stryker, with the scores in the summary", () => {
            const all = steps(mutation().jobs.stryker);
            const score = all.find((s) => /tools\/mutation\/survivors\.js/.test(s.run ?? ""));
            expect(score, "a step running tools/mutation/survivors.js").to.not.equal(undefined);
            expect(score!.run).to.equal('node tools/mutation/survivors.js reports/mutation/mutation.json --check >> "$GITHUB_STEP_SUMMARY"');
            expect(score!.if).to.equal(undefined);
            expect(all.indexOf(score!)).to.be.greaterThan(all.findIndex((s) => /npm run test:mutation/.test(s.run ?? "")));
            expect(fs.existsSync(path.join(ROOT, "tools/mutation/survivors.js"))).to.equal(true);
        });

        it("uploads the HTML report as an artifact even when the run fails", () => {
            const job = mutation().jobs.stryker;
            const uploads = usesAction(job, "actions/upload-artifact");
            expect(uploads).to.have.length(1);
            expect(uploads[0].if).to.equal("always()");
            expect(uploads[0].with?.path).to.equal("reports/mutation/");
            expect(steps(job).indexOf(uploads[0])).to.equal(steps(job).length - 1);
        });
    });

    describe("policy packs the workflows name", () => {
        it("exist as CrossGuard packs, with a config file per pack in every environment used", () => {
            for (const pack of PACKS) {
                expect(fs.existsSync(path.join(ROOT, "policy-packs", pack, "PulumiPolicy.yaml")), `${pack}/PulumiPolicy.yaml`).to.equal(true);
            }
            for (const env of new Set(stacksOnDisk().map(policyEnvOf))) {
                for (const pack of PACKS) {
                    const file = path.join("policy-packs", "config", env, `${pack}.json`);
                    expect(fs.existsSync(path.join(ROOT, file)), file).to.equal(true);
                }
            }
        });
    });
});
