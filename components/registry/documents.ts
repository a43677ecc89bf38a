import type * as aws from "@pulumi/aws";
import { accountRoot, partitionOf, PolicyDocument, policyDocument, PolicyStatement } from "../common";

/** Pure documents and settings of a ContainerRegistry, tested without mocks. */

/** Public registries a pull-through cache rule can front, keyed by the ECR repository prefix. */
export const PULL_THROUGH_UPSTREAMS = {
    "ecr-public": "public.ecr.aws",
    k8s: "registry.k8s.io",
    quay: "quay.io",
    "docker-hub": "registry-1.docker.io",
    ghcr: "ghcr.io",
} as const;
export type PullThroughUpstream = keyof typeof PULL_THROUGH_UPSTREAMS;
/** Upstreams that refuse anonymous pulls at scale: a Secrets Manager credential is required. */
export const CREDENTIAL_UPSTREAMS: readonly PullThroughUpstream[] = ["docker-hub", "ghcr"];

/** What a pulling account needs: read the image manifest and layers, nothing else. */
export const PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/**
 * The lifecycle policy: untagged images (build leftovers) expire after `untaggedExpiryDays`;
 * of the tagged images the newest `keepReleases` are kept.
 */
export function lifecyclePolicyDocument(keepReleases: number, untaggedExpiryDays: number): Record<string, unknown> {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${untaggedExpiryDays} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: untaggedExpiryDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the newest ${keepReleases} tagged images`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepReleases },
                action: { type: "expire" },
            },
        ],
    };
}

/**
 * Who else may pull: every account of the organization (principal `*` pinned by
 * `aws:PrincipalOrgID`), or the listed accounts' roots; `undefined` when neither is given (the
 * owning account pulls through IAM alone).
 */
export function repositoryPullPolicy(region: string, pull: { orgId?: string; accountIds?: string[] }): PolicyDocument | undefined {
    if (pull.orgId) {
        return policyDocument([{ Sid: "OrganizationPull", Effect: "Allow", Principal: "*", Action: PULL_ACTIONS, Condition: { StringEquals: { "aws:PrincipalOrgID": pull.orgId } } }]);
    }
    const accounts = pull.accountIds ?? [];
    if (accounts.length === 0) {
        return undefined;
    }
    return policyDocument([{ Sid: "AccountPull", Effect: "Allow", Principal: { AWS: accounts.map((a) => accountRoot(a, region)) }, Action: PULL_ACTIONS }]);
}

/**
 * Registry scanning rules. ENHANCED (Amazon Inspector: OS and language packages) scans on push and,
 * with `continuous`, again whenever a new CVE is published; BASIC scans OS packages on push only.
 */
export function scanningRules(scanType: "ENHANCED" | "BASIC", continuous: boolean): aws.types.input.ecr.RegistryScanningConfigurationRule[] {
    const frequency = scanType === "ENHANCED" && continuous ? "CONTINUOUS_SCAN" : "SCAN_ON_PUSH";
    return [{ scanFrequency: frequency, repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }];
}

/** Replication of this registry's repositories (by name prefix) to the same account in other regions. */
export function replicationRules(accountId: string, regions: string[], repositoryNames: string[]): aws.types.input.ecr.ReplicationConfigurationReplicationConfigurationRule[] {
    const rule: aws.types.input.ecr.ReplicationConfigurationReplicationConfigurationRule = { destinations: regions.map((region) => ({ region, registryId: accountId })) };
    if (repositoryNames.length > 0) {
        rule.repositoryFilters = repositoryNames.map((filter) => ({ filter, filterType: "PREFIX_MATCH" }));
    }
    return [rule];
}

/** Kebab-case child-name part of a repository name (`team/api` → `team-api`). */
export function repositorySlug(repositoryName: string): string {
    return repositoryName.replace(/[^a-z0-9]+/g, "-");
}

/**
 * Repository creation templates: the settings ECR applies to the repositories it creates itself,
 * the first time a pull-through cache rule fetches an upstream repository and when replication
 * creates a replica in a destination region. Without a matching template ECR creates them with
 * mutable tags, AES-256 and no repository or lifecycle policy
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html,
 * read 2026-12-03). The prefix of a pull-through cache rule is the prefix of its template; `ROOT`
 * matches every repository no other template matches (API_CreateRepositoryCreationTemplate,
 * `prefix`, read 2026-12-03): the catch-all of a replica region, where replicas keep the names of
 * their sources.
 */
export const ROOT_TEMPLATE_PREFIX = "ROOT";
export type TemplateAppliedFor = "PULL_THROUGH_CACHE" | "REPLICATION";

/**
 * Tag mutability of the repositories ECR creates. IMMUTABLE for pull-through caches too: ECR's
 * pull-through cache page says "Turning on image tag immutability for repositories using a pull
 * through cache rule will prevent Amazon ECR from updating images using the same tag"
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html, read
 * 2026-12-03). That is the trade-off taken: a cached tag keeps the digest it was first pulled at
 * (an upstream tag moved to other content, by its publisher or by an attacker, does not follow);
 * to take a new upstream build, reference it by its new digest or a new tag. The platform deploys
 * by digest, so nothing depends on a cached tag moving.
 */
export const TEMPLATE_TAG_MUTABILITY = "IMMUTABLE";

/**
 * Trust of the role ECR assumes to create templated repositories with a customer managed KMS key
 * or tags: the ECR service, exactly the trust policy AWS documents
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create-iam.html,
 * read 2026-12-03; the role must be in the registry's account, API_CreateRepositoryCreationTemplate
 * `customRoleArn`).
 */
export function templateRoleTrustPolicy(): PolicyDocument {
    return policyDocument([{ Sid: "EcrCreatesTemplatedRepositories", Effect: "Allow", Principal: { Service: "ecr.amazonaws.com" }, Action: "sts:AssumeRole" }]);
}

/** What the template role does: create (and replicate into, and tag) repositories, and let them use the keys. */
export const TEMPLATE_ROLE_ECR_ACTIONS = ["ecr:CreateRepository", "ecr:ReplicateImage", "ecr:TagResource"];
export const TEMPLATE_ROLE_KMS_ACTIONS = ["kms:CreateGrant", "kms:DescribeKey", "kms:RetireGrant"];

/**
 * The template role's permissions: AWS's documented custom policy
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-custom.html,
 * read 2026-12-03), scoped from `*` to this account's repositories in the registry's regions and to
 * the templates' keys (a grant on another key is refused). The ECR key policy (components/kms
 * `ecrKeyPolicy`) delegates to IAM, so this identity policy is what lets the role use the keys.
 */
export function templateRoleStatements(accountId: string, regions: string[], keyArns: string[]): PolicyStatement[] {
    const partition = partitionOf(regions[0]);
    return [
        { Sid: "CreateTemplatedRepositories", Effect: "Allow", Action: TEMPLATE_ROLE_ECR_ACTIONS, Resource: regions.map((r) => `arn:${partition}:ecr:${r}:${accountId}:repository/*`) },
        { Sid: "EncryptWithTheRegistryKeys", Effect: "Allow", Action: TEMPLATE_ROLE_KMS_ACTIONS, Resource: keyArns },
    ];
}
