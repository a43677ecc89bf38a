import * as github from "@pulumi/github";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful } from "../common";
import { OIDC_SUBJECT_CLAIM_KEYS } from "./github-subject";

/**
 * The GitHub side of the deployment identity, for one existing repository: the OIDC subject claim
 * template the bootstrap's role trusts are written for, one environment per deploy environment that
 * only `main` may use (with required reviewers where listed), the preview environment, and the
 * protection of `main` that makes "on main" mean "reviewed and checked". Give it a `github.Provider`
 * for the repository's owner through options.
 */
export interface GitHubRepositorySettingsArgs {
    /** Repository name (not `owner/name`: the provider's owner decides the owner). */
    repository: string;
    /** Every GitHub environment a deployment role trusts. */
    deployEnvironments: string[];
    /** Deploy environments whose jobs wait for a reviewer. @default every deploy environment */
    reviewedEnvironments?: string[];
    /** Reviewers of those environments: team and user IDs, at most 6 in all. @default none (then reviewedEnvironments must be empty) */
    reviewers?: { teams?: number[]; users?: number[] };
    /** The person who started a run cannot approve it. @default true */
    preventSelfReview?: boolean;
    /** The pull-request preview environment (no reviewers, no branch rule: see README). @default none */
    previewEnvironment?: string;
    /** The one branch deploy environments accept and the branch protected. @default "main" */
    branch?: string;
    /** Status checks (job names of the pull-request workflow) required before merging into the branch. */
    requiredStatusChecks: string[];
    /** Approvals a pull request into the branch needs. @default 1 */
    requiredApprovingReviews?: number;
    /** Claim keys of the repository's OIDC subject template, in order. @default OIDC_SUBJECT_CLAIM_KEYS */
    claimKeys?: readonly string[];
    /** Protect and retain the environments (they hold each account's AWS_ROLE_ARN variable). @default true */
    protect?: boolean;
}

export const GITHUB_REPOSITORY_DEFAULTS = { branch: "main", preventSelfReview: true, requiredApprovingReviews: 1, protect: true } as const;

const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const REPOSITORY = /^[A-Za-z0-9._-]{1,100}$/;
const CLAIM_KEY = /^[A-Za-z0-9_]+$/;

export function validateGitHubRepositorySettingsArgs(args: GitHubRepositorySettingsArgs): void {
    const p = new Problems();
    if (!REPOSITORY.test(String(args.repository))) {
        p.add("repository", args.repository, "is not a GitHub repository name (letters, digits, '.', '_' and '-'; the provider's owner is the owner)");
    }
    const deploy = Array.isArray(args.deployEnvironments) ? args.deployEnvironments : [];
    if (deploy.length === 0) {
        p.add("deployEnvironments", args.deployEnvironments, "is empty; list the environments the deployment roles trust");
    }
    deploy.forEach((env, i) => {
        if (!ENVIRONMENT.test(env)) {
            p.add(`deployEnvironments[${i}]`, env, "is not a GitHub environment name (letters, digits, '.', '_' and '-')");
        } else if (deploy.indexOf(env) !== i) {
            p.add(`deployEnvironments[${i}]`, env, "is listed twice");
        }
    });
    const reviewed = args.reviewedEnvironments ?? deploy;
    reviewed.forEach((env, i) => {
        if (!deploy.includes(env)) {
            p.add(`reviewedEnvironments[${i}]`, env, `is not one of deployEnvironments (${deploy.join(", ")})`);
        }
    });
    const teams = args.reviewers?.teams ?? [];
    const users = args.reviewers?.users ?? [];
    [...teams.map((id, i) => [`reviewers.teams[${i}]`, id] as const), ...users.map((id, i) => [`reviewers.users[${i}]`, id] as const)].forEach(([path, id]) => {
        if (!Number.isInteger(id) || id <= 0) {
            p.add(path, id, "is not a GitHub team or user ID (a positive number)");
        }
    });
    if (teams.length + users.length > 6) {
        p.add("reviewers", args.reviewers, "names more than 6 teams and users; GitHub allows at most 6 reviewers per environment");
    }
    if (reviewed.length > 0 && teams.length + users.length === 0) {
        p.add("reviewers", args.reviewers, `names nobody, but ${reviewed.join(", ")} need a reviewer; list team or user IDs, or reviewedEnvironments`);
    }
    if (args.previewEnvironment !== undefined && (!ENVIRONMENT.test(args.previewEnvironment) || deploy.includes(args.previewEnvironment))) {
        p.add("previewEnvironment", args.previewEnvironment, "is not a GitHub environment name apart from the deploy environments");
    }
    const checks = Array.isArray(args.requiredStatusChecks) ? args.requiredStatusChecks : [];
    if (checks.length === 0 || checks.some((c) => typeof c !== "string" || c.trim() === "")) {
        p.add("requiredStatusChecks", args.requiredStatusChecks, "is empty or has an empty name; list the pull-request jobs that must pass");
    }
    if (args.requiredApprovingReviews !== undefined) {
        p.intRange("requiredApprovingReviews", args.requiredApprovingReviews, 1, 6);
    }
    const keys = args.claimKeys ?? OIDC_SUBJECT_CLAIM_KEYS;
    if (keys.length === 0 || keys.some((k) => !CLAIM_KEY.test(k)) || !keys.includes("repo")) {
        p.add("claimKeys", keys, "is not a list of claim keys (letters, digits, '_') that includes repo");
    }
    p.throwIfAny("GitHubRepositorySettings");
}

export class GitHubRepositorySettings extends pulumi.ComponentResource {
    /** The claim keys of the subject template, as declared. */
    readonly claimKeys: pulumi.Output<string[]>;
    /** The environments declared, deploy and preview. */
    readonly environmentNames: pulumi.Output<string[]>;

    constructor(name: string, args: GitHubRepositorySettingsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:GitHubRepositorySettings", name, {}, opts);
        validateGitHubRepositorySettingsArgs(args);
        const branch = args.branch ?? GITHUB_REPOSITORY_DEFAULTS.branch;
        const protect = args.protect ?? GITHUB_REPOSITORY_DEFAULTS.protect;
        const reviewed = args.reviewedEnvironments ?? args.deployEnvironments;
        const keys = [...(args.claimKeys ?? OIDC_SUBJECT_CLAIM_KEYS)];

        // Every job's token names the repository, its environment, the ref and the workflow file at
        // that ref; the roles trust exactly those subjects (github-subject.ts).
        new github.ActionsRepositoryOidcSubjectClaimCustomizationTemplate(
            `${name}-oidc-subject`,
            { repository: args.repository, useDefault: false, includeClaimKeys: keys },
            { parent: this },
        );

        for (const env of args.deployEnvironments) {
            const isReviewed = reviewed.includes(env);
            const environment = new github.RepositoryEnvironment(
                `${name}-${env}`,
                {
                    repository: args.repository,
                    environment: env,
                    // Admins wait for the reviewers like everyone; the branch rule holds for them too.
                    canAdminsBypass: false,
                    preventSelfReview: isReviewed ? (args.preventSelfReview ?? GITHUB_REPOSITORY_DEFAULTS.preventSelfReview) : false,
                    reviewers: isReviewed ? [{ teams: args.reviewers?.teams ?? [], users: args.reviewers?.users ?? [] }] : [],
                    // Only the branches listed below (custom policies), not "any protected branch".
                    deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
                },
                stateful(this, protect),
            );
            new github.RepositoryEnvironmentDeploymentPolicy(
                `${name}-${env}-${branch}`,
                { repository: args.repository, environment: environment.environment, branchPattern: branch },
                { parent: this },
            );
        }
        if (args.previewEnvironment !== undefined) {
            // No branch rule: a pull_request job's environment is checked against the PR's ref, which
            // no branch pattern lists reliably; the preview roles' trust pins the pull-request
            // workflow and refs/pull/<n>/merge instead. No reviewers: it only reads (README).
            new github.RepositoryEnvironment(
                `${name}-${args.previewEnvironment}`,
                { repository: args.repository, environment: args.previewEnvironment, canAdminsBypass: false },
                stateful(this, protect),
            );
        }

        new github.BranchProtection(
            `${name}-${branch}`,
            {
                repositoryId: args.repository,
                pattern: branch,
                enforceAdmins: true,
                allowsDeletions: false,
                allowsForcePushes: false,
                requireConversationResolution: true,
                requiredPullRequestReviews: [
                    {
                        requiredApprovingReviewCount: args.requiredApprovingReviews ?? GITHUB_REPOSITORY_DEFAULTS.requiredApprovingReviews,
                        dismissStaleReviews: true,
                        // An approval counts only for the last push, so nobody merges what was pushed after it.
                        requireLastPushApproval: true,
                    },
                ],
                requiredStatusChecks: [{ strict: true, contexts: [...args.requiredStatusChecks] }],
            },
            { parent: this },
        );

        this.claimKeys = pulumi.output(keys);
        this.environmentNames = pulumi.output([...args.deployEnvironments, ...(args.previewEnvironment !== undefined ? [args.previewEnvironment] : [])]);
        this.registerOutputs({ claimKeys: this.claimKeys, environmentNames: this.environmentNames });
    }
}
