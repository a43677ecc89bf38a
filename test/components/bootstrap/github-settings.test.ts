import { expect } from "chai";
import { platformSettings, validateConfig } from "../../../config/load";
import { readStackFile, stackFilePath } from "../../../tools/plan/stack-file";

/** platform:bootstrap.github: the repository, its immutable IDs, and the settings GitHubRepositorySettings gets. */
describe("bootstrap settings: github", () => {
    const settings = () => platformSettings(readStackFile(stackFilePath("bootstrap"), "bootstrap").config) as Record<string, any>;
    const problems = (raw: Record<string, unknown>): string[] => {
        try {
            validateConfig(raw);
            return [];
        } catch (e) {
            return [...(e as { problems: string[] }).problems];
        }
    };

    it("reads the stack file's repository settings", () => {
        expect(validateConfig(settings()).bootstrap!.github).to.deep.equal({
            owner: "example-org",
            repository: "platform",
            manage: true,
            reviewers: { teams: [1234567], users: [] },
            reviewedEnvironments: ["network", "shared", "security", "staging", "prod"],
            preventSelfReview: true,
            requiredApprovingReviews: 1,
            requiredStatusChecks: ["test", "offline plan"],
        });
    });

    it("manages nothing on GitHub unless told to, and then reviews every deploy environment by default", () => {
        const raw = settings();
        raw.bootstrap.github = { owner: "example-org", repository: "platform" };
        expect(validateConfig(raw).bootstrap!.github).to.deep.equal({
            owner: "example-org",
            repository: "platform",
            manage: false,
            reviewers: { teams: [], users: [] },
            preventSelfReview: true,
            requiredApprovingReviews: 1,
            requiredStatusChecks: ["test"],
        });
    });

    const cases: [string, (raw: Record<string, any>) => void, string[]][] = [
        [
            "rejects managing the repository without reviewers while environments need them",
            (raw) => (raw.bootstrap.github.reviewers = {}),
            ["platform:bootstrap.github.reviewers: names nobody, but network, shared, security, staging, prod need a reviewer (github.reviewedEnvironments, unset: every deploy environment); list team or user IDs, or list the reviewed environments"],
        ],
        [
            "rejects a reviewed environment no account deploys",
            (raw) => (raw.bootstrap.github.reviewedEnvironments = ["prod", "qa"]),
            ['platform:bootstrap.github.reviewedEnvironments[1]: "qa" is not a deploy environment (one of network, shared, dev, staging, prod, security)'],
        ],
        [
            "rejects more than 6 reviewers",
            (raw) => (raw.bootstrap.github.reviewers = { teams: [1, 2, 3], users: [4, 5, 6, 7] }),
            ["platform:bootstrap.github.reviewers: names 7 teams and users; GitHub allows at most 6 reviewers per environment"],
        ],
        ["rejects a team slug where an ID is needed", (raw) => (raw.bootstrap.github.reviewers = { teams: ["platform-admins"] }), ['platform:bootstrap.github.reviewers.teams[0]: "platform-admins" is not a number']],
        ["rejects an empty list of required checks", (raw) => (raw.bootstrap.github.requiredStatusChecks = []), ["platform:bootstrap.github.requiredStatusChecks: [] is empty; list the pull-request jobs that must pass"]],
        ["rejects a repository ID that is not positive", (raw) => (raw.bootstrap.github.ids = { ownerId: 1, repositoryId: 0 }), ["platform:bootstrap.github.ids.repositoryId: 0 is not a GitHub ID (a positive number)"]],
        ["rejects an unknown key", (raw) => (raw.bootstrap.github.token = "ghp_x"), ["platform:bootstrap.github.token: is not a known setting; check its spelling and level"]],
    ];
    for (const [name, change, expected] of cases) {
        it(name, () => {
            const raw = settings();
            change(raw);
            expect(problems(raw)).to.deep.equal(expected);
        });
    }
});
