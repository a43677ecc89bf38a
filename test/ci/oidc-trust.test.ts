import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { deploymentTrustPolicy, GitHubJobClaims, githubSubject, PULL_REQUEST_REFS, PULL_REQUEST_WORKFLOW } from "../../components/bootstrap";
import { platformSettings, validateConfig } from "../../config/load";
import { Plan, PlanResource } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";
import { readStackFile, stackFilePath } from "../../tools/plan/stack-file";
import { doc } from "../support/harness";
import { promotionOrder } from "../support/stacks";

/**
 * Who can get which credentials, proven end to end on what is written: the jobs of the workflow
 * files, the subject claim template the bootstrap stack gives the repository, and the trust policies
 * of the roles it creates. For each job the test builds the `sub` GitHub would issue (from the
 * template's claim keys, the job's environment, the ref and the workflow file) and evaluates every
 * role's GitHub statement on it the way IAM does (StringEquals: equal to one value; StringLike: `*`
 * any characters, `?` one; every condition must hold).
 */

const ROOT = path.join(__dirname, "..", "..");
const HOST = "token.actions.githubusercontent.com";
const MAIN = "refs/heads/main";
const DEPLOY = ".github/workflows/deploy.yml";
const PR = ".github/workflows/pull-request.yml";

interface Job {
    name?: string;
    if?: string;
    environment?: string | { name: string };
    strategy?: { matrix?: { include?: Record<string, string>[] } };
    steps?: { uses?: string; with?: Record<string, unknown> }[];
}

const workflowJobs = (file: string): Record<string, Job> => (parse(fs.readFileSync(path.join(ROOT, file), "utf8")) as { jobs: Record<string, Job> }).jobs;
const environmentOf = (job: Job): string | undefined => (typeof job.environment === "string" ? job.environment : job.environment?.name);
/** Jobs that assume an AWS role through OIDC, with the variable naming the role. */
const assumingJobs = (file: string) =>
    Object.entries(workflowJobs(file))
        .map(([id, job]) => ({ id, job, step: (job.steps ?? []).find((s) => s.uses?.split("@")[0] === "aws-actions/configure-aws-credentials") }))
        .filter((j) => j.step !== undefined);

/** IAM's StringLike: `*` any run of characters, `?` one character, everything else literal. */
function like(pattern: string, value: string): boolean {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[\\s\\S]*").replace(/\?/g, "[\\s\\S]");
    return new RegExp(`^${re}$`).test(value);
}

type Claims = Record<string, string>;

/** Whether a statement's conditions all hold for the token's claims (condition keys `<host>:<claim>`). */
function conditionsHold(condition: Record<string, Record<string, string | string[]>>, claims: Claims): boolean {
    return Object.entries(condition).every(([operator, entries]) =>
        Object.entries(entries).every(([key, expected]) => {
            const claim = key.startsWith(`${HOST}:`) ? claims[key.slice(HOST.length + 1)] : undefined;
            const values = ([] as string[]).concat(expected);
            if (claim === undefined) {
                return false;
            }
            switch (operator) {
                case "StringEquals":
                    return values.includes(claim);
                case "StringLike":
                    return values.some((v) => like(v, claim));
                default:
                    throw new Error(`the test does not evaluate ${operator}; extend conditionsHold`);
            }
        }),
    );
}

/** Whether a role's trust lets a GitHub token with these claims in through sts:AssumeRoleWithWebIdentity. */
function accepts(role: PlanResource, claims: Claims): boolean {
    return doc(role.inputs.assumeRolePolicy).Statement.some(
        (s: { Effect: string; Action: string | string[]; Principal?: { Federated?: string }; Condition?: Record<string, Record<string, string | string[]>> }) =>
            s.Effect === "Allow" &&
            ([] as string[]).concat(s.Action).includes("sts:AssumeRoleWithWebIdentity") &&
            String(s.Principal?.Federated ?? "").endsWith(`:oidc-provider/${HOST}`) &&
            conditionsHold(s.Condition ?? {}, claims),
    );
}

describe("OIDC trust: which job gets which role (deploy.yml, pull-request.yml, the bootstrap plan)", function () {
    this.timeout(120_000);
    let plan: Plan;
    let keys: string[];
    const settings = validateConfig(platformSettings(readStackFile(stackFilePath("bootstrap"), "bootstrap").config));
    const b = settings.bootstrap!;
    const repo = `${b.github.owner}/${b.github.repository}`;
    const envAccount = new Map(b.accounts.flatMap((a) => a.environments.map((e) => [e, a.accountId] as const)));

    const roles = (prefix: "deployer" | "preview") => plan.resources.filter((r) => r.type === "aws:iam/role:Role" && r.name.startsWith(`${prefix}-`));
    const all = () => [...roles("deployer"), ...roles("preview")];
    /** The claims GitHub puts in a token, with `sub` built from the repository's template. */
    const token = (environment: string | undefined, ref: string, workflow: string, context?: string): Claims => {
        const claims: GitHubJobClaims = {
            repo,
            context: context ?? (environment !== undefined ? `environment:${environment}` : ref.startsWith("refs/pull/") ? "pull_request" : `ref:${ref}`),
            ref,
            job_workflow_ref: `${repo}/${workflow}@${ref}`,
        };
        return { aud: "sts.amazonaws.com", sub: githubSubject(claims, keys) };
    };
    const accepting = (claims: Claims) => all().filter((r) => accepts(r, claims)).map((r) => r.name);

    before(async () => {
        plan = await planStack({ stack: "bootstrap" });
        const template = plan.resources.find((r) => r.type === "github:index/actionsRepositoryOidcSubjectClaimCustomizationTemplate:ActionsRepositoryOidcSubjectClaimCustomizationTemplate");
        expect(template, "the bootstrap stack sets the repository's subject claim template").not.to.equal(undefined);
        expect(template!.inputs.useDefault).to.equal(false);
        keys = template!.inputs.includeClaimKeys as string[];
    });

    it("the template names the repository, the environment, the ref and the workflow file", () => {
        expect(keys).to.deep.equal(["repo", "context", "ref", "job_workflow_ref"]);
        expect(token("prod", MAIN, DEPLOY).sub).to.equal(`repo:${repo}:environment:prod:ref:refs/heads/main:job_workflow_ref:${repo}/.github/workflows/deploy.yml@refs/heads/main`);
    });

    it("every deploy job of deploy.yml on main is accepted by exactly its environment's deployment role", () => {
        const jobs = assumingJobs(DEPLOY).filter((j) => environmentOf(j.job) !== b.preview!.environment);
        expect(jobs.map((j) => j.id)).to.deep.equal(promotionOrder());
        for (const { id, job, step } of jobs) {
            const env = environmentOf(job)!;
            expect(step!.with?.["role-to-assume"], id).to.equal("${{ vars.AWS_ROLE_ARN }}");
            expect(accepting(token(env, MAIN, DEPLOY)), id).to.deep.equal([`deployer-${envAccount.get(env)}`]);
        }
    });

    it("deploy.yml's previews before the approval gates, on main in the preview environment, get only the preview roles", () => {
        const previews = assumingJobs(DEPLOY).filter((j) => environmentOf(j.job) === b.preview!.environment);
        expect(previews.map((j) => j.id)).to.deep.equal(["preview-staging", "preview-prod"]);
        for (const { id } of previews) {
            expect(accepting(token(b.preview!.environment, MAIN, DEPLOY)), id).to.deep.equal(roles("preview").map((r) => r.name));
            for (const ref of ["refs/heads/feature", "refs/tags/v1.0.0"]) {
                expect(accepting(token(b.preview!.environment, ref, DEPLOY)), `${id} from ${ref}`).to.deep.equal([]);
            }
        }
    });

    it("the same job from another branch, from pull-request.yml or from another workflow is rejected by every role", () => {
        for (const { id, job } of assumingJobs(DEPLOY).filter((j) => environmentOf(j.job) !== b.preview!.environment)) {
            const env = environmentOf(job)!;
            for (const [what, claims] of [
                ["a feature branch (workflow_dispatch)", token(env, "refs/heads/feature", DEPLOY)],
                ["a branch named like main elsewhere", token(env, "refs/heads/feature/refs/heads/main", DEPLOY)],
                ["a tag", token(env, "refs/tags/v1.0.0", DEPLOY)],
                ["a pull request (pull-request.yml)", token(env, "refs/pull/7/merge", PR)],
                ["pull-request.yml on main", token(env, MAIN, PR)],
                ["deploy.yml run for a pull request", token(env, "refs/pull/7/merge", DEPLOY)],
                ["another workflow on main", token(env, MAIN, ".github/workflows/evil.yml")],
                ["a reusable workflow of another repository", { ...token(env, MAIN, DEPLOY), sub: token(env, MAIN, DEPLOY).sub.replace(`job_workflow_ref:${repo}/`, "job_workflow_ref:attacker/repo/") }],
            ] as const) {
                expect(accepting(claims), `${id}: ${what}`).to.deep.equal([]);
            }
        }
    });

    it("a deploy job's subject with another environment is rejected by that job's role", () => {
        for (const { id, job } of assumingJobs(DEPLOY)) {
            const own = `deployer-${envAccount.get(environmentOf(job)!)}`;
            for (const other of [...envAccount.keys(), b.preview!.environment, "sandbox"].filter((e) => e !== environmentOf(job))) {
                expect(accepting(token(other, MAIN, DEPLOY)), `${id} as ${other}`).not.to.include(own);
            }
            expect(accepting(token(undefined, MAIN, DEPLOY)), `${id} without an environment`).to.deep.equal([]);
        }
        expect(accepting(token("sandbox", MAIN, DEPLOY)), "an environment no account lists").to.deep.equal([]);
    });

    it("the preview job of pull-request.yml is accepted by every preview role and no deployment role", () => {
        const jobs = assumingJobs(PR);
        expect(jobs.map((j) => [j.id, environmentOf(j.job)])).to.deep.equal([["preview", b.preview!.environment]]);
        // Each stack's preview holds its own account's preview role, a repository variable per stack.
        expect(jobs[0].step!.with?.["role-to-assume"]).to.equal("${{ matrix.preview-role }}");
        for (const n of ["1", "123", "98765"]) {
            expect(accepting(token(b.preview!.environment, `refs/pull/${n}/merge`, PR)), `PR #${n}`).to.deep.equal(roles("preview").map((r) => r.name));
        }
    });

    it("preview subjects from a branch, another workflow or the deploy workflow are rejected by every role", () => {
        const env = b.preview!.environment;
        for (const [what, claims] of [
            ["a push to a branch", token(env, "refs/heads/feature", PR)],
            ["main", token(env, MAIN, PR)],
            ["another workflow in the PR", token(env, "refs/pull/7/merge", ".github/workflows/evil.yml")],
            ["deploy.yml from a branch", token(env, "refs/heads/feature", DEPLOY)],
            ["deploy.yml for a pull request", token(env, "refs/pull/7/merge", DEPLOY)],
            ["pull-request.yml without the environment", token(undefined, "refs/pull/7/merge", PR)],
            // GitHub writes a colon inside a value as %3A, so no value can forge the next claim.
            ["a workflow named to look like pull-request.yml", token(env, "refs/pull/7/merge", ".github/workflows/x.yml@refs/pull/7/merge:job_workflow_ref:o/r/.github/workflows/pull-request.yml")],
        ] as const) {
            expect(accepting(claims), what).to.deep.equal([]);
        }
    });

    it("fails closed: GitHub's default subject, or the wrong audience, gets no role", () => {
        expect(accepting({ aud: "sts.amazonaws.com", sub: `repo:${repo}:environment:prod` })).to.deep.equal([]);
        expect(accepting({ aud: "sts.amazonaws.com", sub: `repo:${repo}:pull_request` })).to.deep.equal([]);
        expect(accepting({ ...token("prod", MAIN, DEPLOY), aud: `https://github.com/${b.github.owner}` })).to.deep.equal([]);
    });

    it("uses StringLike only in preview roles, for the pull request number, with repository, environment and workflow literal", () => {
        for (const r of all()) {
            const github = doc(r.inputs.assumeRolePolicy).Statement[0];
            const isPreview = r.name.startsWith("preview-");
            expect(Object.keys(github.Condition).sort(), r.name).to.deep.equal(isPreview ? ["StringEquals", "StringLike"] : ["StringEquals"]);
            expect(github.Condition.StringEquals[`${HOST}:aud`], r.name).to.equal("sts.amazonaws.com");
            if (isPreview) {
                expect(github.Condition.StringLike[`${HOST}:sub`][0].split("*"), r.name).to.deep.equal([
                    `repo:${repo}:environment:${b.preview!.environment}:ref:refs/pull/`,
                    `/merge:job_workflow_ref:${repo}/${PULL_REQUEST_WORKFLOW}@refs/pull/`,
                    "/merge",
                ]);
                // The second, exact subject: deploy.yml's previews on main (no wildcard, so StringLike matches only itself).
                expect(github.Condition.StringLike[`${HOST}:sub`].slice(1), r.name).to.deep.equal([
                    `repo:${repo}:environment:${b.preview!.environment}:ref:refs/heads/main:job_workflow_ref:${repo}/.github/workflows/deploy.yml@refs/heads/main`,
                ]);
            }
        }
        const pure = deploymentTrustPolicy("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", {
            githubOrg: "acme",
            githubRepo: "platform",
            environments: ["preview"],
            workflow: PULL_REQUEST_WORKFLOW,
            ref: PULL_REQUEST_REFS,
        }).Statement[0].Condition;
        expect(Object.keys(pure!)).to.deep.equal(["StringEquals", "StringLike"]);
    });
});
