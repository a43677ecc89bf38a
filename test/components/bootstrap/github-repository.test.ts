import { expect } from "chai";
import * as github from "@pulumi/github";
import { GitHubRepositorySettings, GitHubRepositorySettingsArgs, validateGitHubRepositorySettingsArgs } from "../../../components/bootstrap/github-repository";
import { declare } from "../../support/harness";

const ARGS: GitHubRepositorySettingsArgs = {
    repository: "platform",
    deployEnvironments: ["network", "dev", "prod"],
    reviewedEnvironments: ["network", "prod"],
    reviewers: { teams: [1234567], users: [42] },
    previewEnvironment: "preview",
    requiredStatusChecks: ["test", "offline plan (dev)"],
};

const T = {
    template: "github:index/actionsRepositoryOidcSubjectClaimCustomizationTemplate:ActionsRepositoryOidcSubjectClaimCustomizationTemplate",
    environment: "github:index/repositoryEnvironment:RepositoryEnvironment",
    policy: "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy",
    protection: "github:index/branchProtection:BranchProtection",
};

function errorOf(args: GitHubRepositorySettingsArgs): string[] {
    try {
        validateGitHubRepositorySettingsArgs(args);
        return [];
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
}

describe("GitHubRepositorySettings", () => {
    const build = (args: GitHubRepositorySettingsArgs = ARGS) =>
        declare(() => {
            const provider = new github.Provider("github", { owner: "acme" });
            new GitHubRepositorySettings("repo", args, { providers: [provider] });
        });

    it("creates the subject template, an environment and a main-only branch policy per deploy environment, the preview environment and main's protection", async () => {
        const plan = await build();
        expect(plan.inventory((r) => r.type.startsWith("github:index"))).to.deep.equal(
            [
                `${T.template}::repo-oidc-subject`,
                `${T.environment}::repo-network`,
                `${T.environment}::repo-dev`,
                `${T.environment}::repo-prod`,
                `${T.environment}::repo-preview`,
                `${T.policy}::repo-network-main`,
                `${T.policy}::repo-dev-main`,
                `${T.policy}::repo-prod-main`,
                `${T.protection}::repo-main`,
            ].sort(),
        );
        for (const r of plan.resources.filter((x) => x.type.startsWith("github:index"))) {
            expect(r.parent, r.name).to.equal(plan.one("platform:bootstrap:GitHubRepositorySettings", "repo").urn);
            expect(r.provider, r.name).to.match(/::pulumi:providers:github::github$/);
        }
    });

    it("makes every token's subject name the repository, the environment, the ref and the workflow file", async () => {
        const plan = await build();
        expect(plan.one(T.template, "repo-oidc-subject").inputs).to.deep.include({ repository: "platform", useDefault: false, includeClaimKeys: ["repo", "context", "ref", "job_workflow_ref"] });
    });

    it("lets only main deploy to a deploy environment, admins included; reviewers only where listed, never self-approved", async () => {
        const plan = await build();
        for (const env of ARGS.deployEnvironments) {
            const e = plan.one(T.environment, `repo-${env}`).inputs;
            const reviewed = env !== "dev";
            expect(e, env).to.deep.include({
                repository: "platform",
                environment: env,
                canAdminsBypass: false,
                preventSelfReview: reviewed,
                deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
            });
            expect(e.reviewers, env).to.deep.equal(reviewed ? [{ teams: [1234567], users: [42] }] : []);
            expect(plan.one(T.policy, `repo-${env}-main`).inputs, env).to.deep.include({ repository: "platform", environment: env, branchPattern: "main" });
            expect(plan.one(T.policy, `repo-${env}-main`).inputs.tagPattern, env).to.equal(undefined);
        }
    });

    it("leaves the preview environment without reviewers or branch rule (its roles' trust pins the refs)", async () => {
        const e = (await build()).one(T.environment, "repo-preview").inputs;
        expect(e).to.deep.equal({ repository: "platform", environment: "preview", canAdminsBypass: false });
    });

    it("protects main: reviewed pull requests with the required checks, no force push, no deletion, admins included", async () => {
        const p = (await build()).one(T.protection, "repo-main").inputs;
        expect(p).to.deep.include({ repositoryId: "platform", pattern: "main", enforceAdmins: true, allowsDeletions: false, allowsForcePushes: false, requireConversationResolution: true });
        expect(p.requiredPullRequestReviews).to.deep.equal([{ requiredApprovingReviewCount: 1, dismissStaleReviews: true, requireLastPushApproval: true }]);
        expect(p.requiredStatusChecks).to.deep.equal([{ strict: true, contexts: ["test", "offline plan (dev)"] }]);
    });

    it("protects and retains the environments (they hold AWS_ROLE_ARN) unless protect is false", async () => {
        const on = await build();
        const off = await build({ ...ARGS, protect: false });
        expect([on.one(T.environment, "repo-prod").protect, on.one(T.environment, "repo-prod").retainOnDelete]).to.deep.equal([true, true]);
        expect([off.one(T.environment, "repo-prod").protect, off.one(T.environment, "repo-prod").retainOnDelete]).to.deep.equal([false, false]);
    });

    const cases: [string, Partial<GitHubRepositorySettingsArgs>, string[]][] = [
        ["rejects an owner/name repository", { repository: "acme/platform" }, ['repository: "acme/platform" is not a GitHub repository name (letters, digits, \'.\', \'_\' and \'-\'; the provider\'s owner is the owner)']],
        ["rejects no deploy environment", { deployEnvironments: [], reviewedEnvironments: [] }, ["deployEnvironments: [] is empty; list the environments the deployment roles trust"]],
        ["rejects a reviewed environment that does not deploy", { reviewedEnvironments: ["qa"] }, ['reviewedEnvironments[0]: "qa" is not one of deployEnvironments (network, dev, prod)']],
        [
            "rejects reviewed environments without reviewers (the default reviews every deploy environment)",
            { reviewers: undefined, reviewedEnvironments: undefined },
            ["reviewers: unset names nobody, but network, dev, prod need a reviewer; list team or user IDs, or reviewedEnvironments"],
        ],
        ["rejects more than 6 reviewers", { reviewers: { teams: [1, 2, 3, 4], users: [5, 6, 7] } }, ['reviewers: {"teams":[1,2,3,4],"users":[5,6,7]} names more than 6 teams and users; GitHub allows at most 6 reviewers per environment']],
        ["rejects a team slug where an ID is needed", { reviewers: { teams: ["platform-admins" as unknown as number] } }, ['reviewers.teams[0]: "platform-admins" is not a GitHub team or user ID (a positive number)']],
        ["rejects a preview environment that deploys", { previewEnvironment: "dev" }, ['previewEnvironment: "dev" is not a GitHub environment name apart from the deploy environments']],
        ["rejects no required check", { requiredStatusChecks: [] }, ["requiredStatusChecks: [] is empty or has an empty name; list the pull-request jobs that must pass"]],
        ["rejects 0 approvals", { requiredApprovingReviews: 0 }, ["requiredApprovingReviews: 0 is not in 1..6"]],
        ["rejects a template without repo", { claimKeys: ["context", "job_workflow_ref"] }, ['claimKeys: ["context","job_workflow_ref"] is not a list of claim keys (letters, digits, \'_\') that includes repo']],
    ];
    for (const [name, change, expected] of cases) {
        it(name, () => {
            expect(errorOf({ ...ARGS, ...change })).to.deep.equal(expected);
        });
    }
    it("accepts the example", () => {
        expect(errorOf(ARGS)).to.deep.equal([]);
    });
});
