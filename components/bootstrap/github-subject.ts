import { Problems } from "../common";

/**
 * The GitHub Actions OIDC subject (`sub`) the bootstrap's roles trust, pure so that the trust
 * policy, the repository's claim template (GitHubRepositorySettings) and the tests compose it one
 * way.
 *
 * The repository's subject claim template includes, in this order, `repo`, `context`, `ref` and
 * `job_workflow_ref`, so every token names the repository, the job's environment, the ref the run
 * is for and the workflow file at that ref:
 *
 *     repo:acme/platform:environment:prod:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/deploy.yml@refs/heads/main
 *
 * A customized template replaces the whole default format; the keys appear in the template's order,
 * each as `<key>:<value>`, with `repo` shortened from `repository`, `context` being what follows the
 * repository in the default format (`environment:<name>` for a job with an environment), and any
 * `:` inside a value written `%3A` (https://docs.github.com/en/actions/reference/security/oidc,
 * "Customizing the subject claims for an organization or repository", read 2026-12-02).
 * Repositories created after 2026-07-15, or opted in, use immutable subjects: the `repo` segment
 * is `<owner>@<owner id>/<repo>@<repo id>` even with a custom template (same page).
 */

/** The claim keys of the repository's subject template, in the order they appear in `sub`. */
export const OIDC_SUBJECT_CLAIM_KEYS = ["repo", "context", "ref", "job_workflow_ref"] as const;
export type OidcSubjectClaimKey = (typeof OIDC_SUBJECT_CLAIM_KEYS)[number];

/** The workflow whose jobs deploy (`pulumi up`), and the one branch it deploys from. */
export const DEPLOY_WORKFLOW = ".github/workflows/deploy.yml";
export const DEPLOY_REF = "refs/heads/main";
/** The workflow whose preview job holds the read-only preview roles. */
export const PULL_REQUEST_WORKFLOW = ".github/workflows/pull-request.yml";
/**
 * The ref of every `pull_request` run: GitHub runs it on the PR's merge commit, `refs/pull/<n>/merge`,
 * and `job_workflow_ref` names the workflow file at that ref. The number is the one part of the
 * subject nobody can know in advance, so this is the only wildcard (StringLike) in a trust.
 */
export const PULL_REQUEST_REFS = "refs/pull/*/merge";

/** Immutable owner and repository IDs, for repositories whose subjects carry them. */
export interface GitHubRepositoryIds {
    ownerId: number;
    repositoryId: number;
}

/** Who may present a subject: one repository, one workflow file, the ref it runs from, environments. */
export interface GitHubSubjectTrust {
    githubOrg: string;
    githubRepo: string;
    /** Set for a repository with immutable subject claims (`repo:<owner>@<id>/<repo>@<id>`). */
    githubIds?: GitHubRepositoryIds;
    /** GitHub environments of the jobs (`context` = `environment:<env>`). */
    environments: string[];
    /** Workflow file, a path in the repository (`.github/workflows/deploy.yml`). */
    workflow: string;
    /** The ref the run is for: a branch (`refs/heads/main`) or PULL_REQUEST_REFS. */
    ref: string;
}

/** The values of the claims a job's token carries, as GitHub writes them into `sub`. */
export interface GitHubJobClaims {
    /** `owner/repo`, or `owner@id/repo@id` for immutable subjects. */
    repo: string;
    /** `environment:<name>` for a job with an environment; else `pull_request` or `ref:<ref>`. */
    context: string;
    ref: string;
    /** `<owner>/<repo>/<workflow path>@<ref>` for a workflow of the repository itself. */
    job_workflow_ref: string;
}

const escape = (value: string): string => value.replace(/:/g, "%3A");

/** The `repo` claim value: names, or names with their immutable IDs. */
export function subjectRepo(owner: string, repo: string, ids?: GitHubRepositoryIds): string {
    return ids ? `${owner}@${ids.ownerId}/${repo}@${ids.repositoryId}` : `${owner}/${repo}`;
}

/** The subject GitHub issues for a job under a claim template: `<key>:<value>` joined by `:`, in the template's order. */
export function githubSubject(claims: GitHubJobClaims, keys: readonly string[] = OIDC_SUBJECT_CLAIM_KEYS): string {
    return keys
        .map((key) => {
            const value = (claims as unknown as Record<string, string | undefined>)[key];
            if (value === undefined) {
                throw new Error(`githubSubject: no value for claim ${JSON.stringify(key)}`);
            }
            if (key !== "context") {
                return `${key}:${escape(value)}`;
            }
            // `context` is written without its key, as it is in the default format: `environment:<name>`.
            const [kind, ...rest] = value.split(":");
            return rest.length === 0 ? kind : `${kind}:${escape(rest.join(":"))}`;
        })
        .join(":");
}

/**
 * The subjects (one per environment) a trust accepts. With PULL_REQUEST_REFS they are StringLike
 * patterns whose only wildcards stand for the pull request number; the repository, the
 * environment and the workflow file are literal.
 */
export function trustedSubjects(trust: GitHubSubjectTrust): string[] {
    const repo = subjectRepo(trust.githubOrg, trust.githubRepo, trust.githubIds);
    return trust.environments.map((env) =>
        githubSubject({
            repo,
            context: `environment:${env}`,
            ref: trust.ref,
            // job_workflow_ref always names the repository by name, never by ID.
            job_workflow_ref: `${trust.githubOrg}/${trust.githubRepo}/${trust.workflow}@${trust.ref}`,
        }),
    );
}

/** Whether a trust's ref is a pattern (the pull request refs), which needs StringLike. */
export function isRefPattern(ref: string): boolean {
    return /[*?]/.test(ref);
}

const WORKFLOW_PATH = /^\.github\/workflows\/[A-Za-z0-9._-]+\.ya?ml$/;
const BRANCH_REF = /^refs\/heads\/[A-Za-z0-9._/-]+$/;

/**
 * Checks the workflow and ref a role trusts: a workflow file of the repository (no wildcard), and
 * an exact branch ref; `allowPullRequestRefs` (preview roles) also accepts PULL_REQUEST_REFS, the
 * one pattern whose wildcard is the pull request number.
 */
export function checkSubjectTrust(p: Problems, args: { workflow?: string; ref?: string; githubIds?: GitHubRepositoryIds }, allowPullRequestRefs: boolean): void {
    if (args.workflow !== undefined && !WORKFLOW_PATH.test(String(args.workflow))) {
        p.add("workflow", args.workflow, "is not a workflow file of the repository (.github/workflows/<name>.yml, no wildcards)");
    }
    if (args.ref !== undefined && !(BRANCH_REF.test(String(args.ref)) || (allowPullRequestRefs && args.ref === PULL_REQUEST_REFS))) {
        const accepted = allowPullRequestRefs ? `an exact branch ref (refs/heads/<branch>) or ${JSON.stringify(PULL_REQUEST_REFS)}` : "an exact branch ref (refs/heads/<branch>), no wildcards";
        p.add("ref", args.ref, `is not ${accepted}`);
    }
    if (args.githubIds !== undefined) {
        for (const key of ["ownerId", "repositoryId"] as const) {
            const id = args.githubIds[key];
            if (!Number.isInteger(id) || id <= 0) {
                p.add(`githubIds.${key}`, id, "is not a positive integer (the ID GitHub gives the owner or repository)");
            }
        }
    }
}
