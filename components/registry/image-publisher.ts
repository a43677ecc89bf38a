import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GitHubRepositoryIds, githubSubject, subjectRepo } from "../bootstrap/github-subject";
import { checkPlatformRoleArgs, partitionOf, PlatformRoleArgs, platformRoleInputs, PolicyDocument, policyDocument, PolicyStatement, Problems, tagsFor } from "../common";

/**
 * The identity that publishes service images to the shared registry: the `platform-image-publisher`
 * role, assumable only by jobs of the golden-path reusable workflow
 * (`<org>/<platform repo>/.github/workflows/golden-path-build.yml` on main) run for the listed service
 * repositories' main branches, and the keyless signing identity admission checks (the same workflow,
 * as Sigstore's Fulcio writes it into the signing certificate).
 *
 * The subject the trust pins is the service repository's, under the same claim template as the
 * platform repository (components/bootstrap/github-subject.ts: `repo`, `context`, `ref`,
 * `job_workflow_ref`; set it once for the organization). A reusable workflow's jobs carry the
 * *called* workflow in `job_workflow_ref` (https://docs.github.com/en/actions/reference/security/oidc,
 * "job_workflow_ref", read 2026-12-03), so a service repository's own workflow cannot present it:
 * only its call of the golden path on main can.
 */

export const GOLDEN_PATH_WORKFLOW = ".github/workflows/golden-path-build.yml";
export const GOLDEN_PATH_REF = "refs/heads/main";
/** The role's name (and the variable the service repositories read it from, PLATFORM_IMAGE_PUBLISHER_ROLE_ARN). */
export const IMAGE_PUBLISHER_ROLE_NAME = "platform-image-publisher";
export const GITHUB_ACTIONS_ISSUER = "https://token.actions.githubusercontent.com";
const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** What an image must be signed by to be admitted: Fulcio's certificate for a GitHub Actions job. */
export interface ImageSigningIdentity {
    /** OIDC issuer of the signing certificate. */
    issuer: string;
    /** Subject (SAN URI) of the signing certificate: `https://github.com/<job_workflow_ref>`. */
    subject: string;
}

/**
 * The keyless identity of the golden path: Fulcio puts the token's `job_workflow_ref` into the
 * certificate as the SAN URI `https://github.com/<job_workflow_ref>` and the issuer as
 * `https://token.actions.githubusercontent.com`
 * (https://github.com/sigstore/fulcio/blob/main/docs/oidc-info.md, GitHub Actions, read 2026-12-03).
 * A signature from any other workflow, branch or repository has another subject.
 */
export function goldenPathSigningIdentity(githubOrg: string, platformRepository: string): ImageSigningIdentity {
    return { issuer: GITHUB_ACTIONS_ISSUER, subject: `https://github.com/${githubOrg}/${platformRepository}/${GOLDEN_PATH_WORKFLOW}@${GOLDEN_PATH_REF}` };
}

export interface ServiceRepository {
    /** Repository name in the organization. */
    name: string;
    /** Its immutable ID, when its subjects carry IDs (repositories created after 2026-07-15 or opted in). */
    id?: number;
}

export interface ImagePublisherArgs extends PlatformRoleArgs {
    accountId: string;
    region: string;
    /** GitHub organization of the platform and service repositories. */
    githubOrg: string;
    /** The organization's immutable ID, with repository IDs for immutable subjects. */
    githubOrgId?: number;
    /** The repository that holds golden-path-build.yml (this one). */
    platformRepository: string;
    /** Service repositories whose main-branch runs of the golden path may push. */
    serviceRepositories: ServiceRepository[];
    /** ECR repositories the publisher may push to (ARNs). */
    repositoryArns: pulumi.Input<string>[];
    /** @default {} */
    tags?: Record<string, string>;
}

/** The `sub` of a service repository's golden-path job on main (no environment: context `ref:<ref>`). */
export function publisherSubject(githubOrg: string, platformRepository: string, service: ServiceRepository, githubOrgId?: number): string {
    const ids: GitHubRepositoryIds | undefined = service.id !== undefined && githubOrgId !== undefined ? { ownerId: githubOrgId, repositoryId: service.id } : undefined;
    return githubSubject({
        repo: subjectRepo(githubOrg, service.name, ids),
        context: `ref:${GOLDEN_PATH_REF}`,
        ref: GOLDEN_PATH_REF,
        job_workflow_ref: `${githubOrg}/${platformRepository}/${GOLDEN_PATH_WORKFLOW}@${GOLDEN_PATH_REF}`,
    });
}

/** Trust: the account's GitHub OIDC provider, audience sts.amazonaws.com, the exact subjects (StringEquals). */
export function publisherTrustPolicy(accountId: string, region: string, args: Pick<ImagePublisherArgs, "githubOrg" | "githubOrgId" | "platformRepository" | "serviceRepositories">): PolicyDocument {
    const provider = `arn:${partitionOf(region)}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
    return policyDocument([
        {
            Sid: "GoldenPathOfServiceRepositories",
            Effect: "Allow",
            Principal: { Federated: provider },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
                    [`${GITHUB_OIDC_HOST}:sub`]: args.serviceRepositories.map((s) => publisherSubject(args.githubOrg, args.platformRepository, s, args.githubOrgId)),
                },
            },
        },
    ]);
}

/** Push (and read back, for the digest and the signature) to the listed repositories; a registry token. */
export const PUBLISH_ACTIONS = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:DescribeImages",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
];

export function publisherStatements(repositoryArns: string[]): PolicyStatement[] {
    return [
        // GetAuthorizationToken has no resource-level permissions.
        { Sid: "RegistryLogin", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        { Sid: "PushServiceImages", Effect: "Allow", Action: PUBLISH_ACTIONS, Resource: repositoryArns },
    ];
}

const NAME = /^[A-Za-z0-9._-]{1,100}$/;

export function validateImagePublisherArgs(args: ImagePublisherArgs): void {
    const p = new Problems();
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    for (const key of ["githubOrg", "platformRepository"] as const) {
        if (typeof args[key] !== "string" || !NAME.test(args[key])) {
            p.add(key, args[key], "is not a GitHub organization or repository name (letters, digits, '.', '_', '-')");
        }
    }
    if (!Array.isArray(args.serviceRepositories) || args.serviceRepositories.length === 0) {
        p.add("serviceRepositories", args.serviceRepositories, "is empty; list the service repositories that publish images through the golden path");
    }
    (args.serviceRepositories ?? []).forEach((s, i) => {
        if (typeof s.name !== "string" || !NAME.test(s.name)) {
            p.add(`serviceRepositories[${i}].name`, s.name, "is not a GitHub repository name (letters, digits, '.', '_', '-')");
        }
        if (s.id !== undefined && (!Number.isInteger(s.id) || s.id <= 0)) {
            p.add(`serviceRepositories[${i}].id`, s.id, "is not a positive integer (the ID GitHub gives the repository)");
        }
        if (s.id !== undefined && args.githubOrgId === undefined) {
            p.add(`serviceRepositories[${i}].id`, s.id, "needs githubOrgId: immutable subjects name the organization by ID too");
        }
    });
    if ((args.repositoryArns ?? []).length === 0) {
        p.add("repositoryArns", args.repositoryArns, "is empty; the publisher needs the repositories it pushes to");
    }
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("ImagePublisher");
}

export class ImagePublisher extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly signingIdentity: ImageSigningIdentity;

    constructor(name: string, args: ImagePublisherArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:registry:ImagePublisher", name, {}, opts);
        validateImagePublisherArgs(args);
        const role = new aws.iam.Role(
            name,
            {
                ...platformRoleInputs(args, args.accountId, args.region),
                name: IMAGE_PUBLISHER_ROLE_NAME,
                assumeRolePolicy: JSON.stringify(publisherTrustPolicy(args.accountId, args.region, args)),
                description: `Pushes and signs service images: only ${args.githubOrg}/${args.platformRepository}/${GOLDEN_PATH_WORKFLOW} on main, called by the listed service repositories`,
                // The publish job's timeout is 30 minutes; an hour covers it.
                maxSessionDuration: 3600,
                tags: tagsFor(args.tags),
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-push`,
            { role: role.name, policy: pulumi.all(args.repositoryArns).apply((arns) => JSON.stringify(policyDocument(publisherStatements(arns)))) },
            { parent: this },
        );
        this.roleArn = role.arn;
        this.signingIdentity = goldenPathSigningIdentity(args.githubOrg, args.platformRepository);
        this.registerOutputs({ roleArn: this.roleArn, signingIdentity: this.signingIdentity });
    }
}
