import type * as aws from "@pulumi/aws";
import { accountRoot, PolicyDocument, policyDocument } from "../common";

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
