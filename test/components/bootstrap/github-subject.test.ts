import { expect } from "chai";
import {
    checkSubjectTrust,
    DEPLOY_REF,
    DEPLOY_WORKFLOW,
    githubSubject,
    OIDC_SUBJECT_CLAIM_KEYS,
    PULL_REQUEST_REFS,
    PULL_REQUEST_WORKFLOW,
    subjectRepo,
    trustedSubjects,
} from "../../../components/bootstrap/github-subject";
import { Problems } from "../../../components/common";

function problems(args: Parameters<typeof checkSubjectTrust>[1], allowPullRequestRefs: boolean): string[] {
    const p = new Problems();
    checkSubjectTrust(p, args, allowPullRequestRefs);
    try {
        p.throwIfAny("test");
        return [];
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
}

describe("GitHub OIDC subjects", () => {
    it("customizes the subject with repo, context, ref and job_workflow_ref, in that order", () => {
        expect(OIDC_SUBJECT_CLAIM_KEYS).to.deep.equal(["repo", "context", "ref", "job_workflow_ref"]);
    });

    it("writes the subject GitHub documents for a template of repo, context and job_workflow_ref", () => {
        // https://docs.github.com/en/actions/reference/security/oidc, "Example: Requiring a reusable workflow and other claims" (read 2026-12-02)
        const claims = {
            repo: "octo-org/octo-repo",
            context: "environment:prod",
            ref: "refs/heads/main",
            job_workflow_ref: "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
        };
        expect(githubSubject(claims, ["repo", "context", "job_workflow_ref"])).to.equal(
            "repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
        );
    });

    it("writes a colon inside a value as %3A, as GitHub does", () => {
        expect(githubSubject({ repo: "o/r", context: "environment:Production:V1", ref: "refs/heads/main", job_workflow_ref: "o/r/.github/workflows/d.yml@refs/heads/main" })).to.equal(
            "repo:o/r:environment:Production%3AV1:ref:refs/heads/main:job_workflow_ref:o/r/.github/workflows/d.yml@refs/heads/main",
        );
    });

    it("names the deploy workflow on main in each deploy environment", () => {
        expect(trustedSubjects({ githubOrg: "acme", githubRepo: "platform", environments: ["staging", "prod"], workflow: DEPLOY_WORKFLOW, ref: DEPLOY_REF })).to.deep.equal([
            "repo:acme/platform:environment:staging:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/deploy.yml@refs/heads/main",
            "repo:acme/platform:environment:prod:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/deploy.yml@refs/heads/main",
        ]);
    });

    it("carries the immutable owner and repository IDs in repo, and names in job_workflow_ref", () => {
        expect(subjectRepo("acme", "platform", { ownerId: 42, repositoryId: 4242 })).to.equal("acme@42/platform@4242");
        expect(
            trustedSubjects({ githubOrg: "acme", githubRepo: "platform", githubIds: { ownerId: 42, repositoryId: 4242 }, environments: ["preview"], workflow: PULL_REQUEST_WORKFLOW, ref: PULL_REQUEST_REFS }),
        ).to.deep.equal([
            "repo:acme@42/platform@4242:environment:preview:ref:refs/pull/*/merge:job_workflow_ref:acme/platform/.github/workflows/pull-request.yml@refs/pull/*/merge",
        ]);
    });

    const cases: [string, Parameters<typeof checkSubjectTrust>[1], boolean, string[]][] = [
        ["accepts the deploy workflow on main", { workflow: DEPLOY_WORKFLOW, ref: DEPLOY_REF }, false, []],
        ["accepts the pull-request refs for a preview role", { workflow: PULL_REQUEST_WORKFLOW, ref: PULL_REQUEST_REFS }, true, []],
        ["rejects the pull-request refs for a deployment role", { ref: PULL_REQUEST_REFS }, false, ['ref: "refs/pull/*/merge" is not an exact branch ref (refs/heads/<branch>), no wildcards']],
        ["rejects a branch wildcard", { ref: "refs/heads/*" }, false, ['ref: "refs/heads/*" is not an exact branch ref (refs/heads/<branch>), no wildcards']],
        [
            "rejects a branch wildcard for a preview role too",
            { ref: "refs/heads/*" },
            true,
            ['ref: "refs/heads/*" is not an exact branch ref (refs/heads/<branch>) or "refs/pull/*/merge"'],
        ],
        ["rejects a workflow wildcard", { workflow: ".github/workflows/*.yml" }, false, ['workflow: ".github/workflows/*.yml" is not a workflow file of the repository (.github/workflows/<name>.yml, no wildcards)']],
        ["rejects a workflow of another repository", { workflow: "other/repo/.github/workflows/deploy.yml" }, false, ['workflow: "other/repo/.github/workflows/deploy.yml" is not a workflow file of the repository (.github/workflows/<name>.yml, no wildcards)']],
        ["rejects an ID that is not a positive integer", { githubIds: { ownerId: 0, repositoryId: 1.5 } }, false, ["githubIds.ownerId: 0 is not a positive integer (the ID GitHub gives the owner or repository)", "githubIds.repositoryId: 1.5 is not a positive integer (the ID GitHub gives the owner or repository)"]],
    ];
    for (const [name, args, allow, expected] of cases) {
        it(name, () => {
            expect(problems(args, allow)).to.deep.equal(expected);
        });
    }
});
