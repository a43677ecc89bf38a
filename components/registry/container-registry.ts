import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful, tagsFor } from "../common";
import {
    CREDENTIAL_UPSTREAMS,
    lifecyclePolicyDocument,
    PULL_THROUGH_UPSTREAMS,
    PullThroughUpstream,
    replicationRules,
    repositoryPullPolicy,
    repositorySlug,
    scanningRules,
} from "./documents";

/** One ECR repository. */
export interface RepositorySpec {
    /** Repository name, e.g. `payments/api`. */
    name: string;
    /** Tagged images kept (older ones expire). @default 30 */
    keepReleases?: number;
    /** Days before untagged images expire. @default 7 */
    untaggedExpiryDays?: number;
    /** Repository-level scan on push (what BASIC scanning reads; ENHANCED uses the registry rules). @default true */
    scanOnPush?: boolean;
}

/**
 * The ECR registry of the shared-services account: immutable, KMS-encrypted, scanned repositories
 * with lifecycle policies, an org-scoped pull policy, registry scanning, optional replication and
 * pull-through caches.
 */
export interface ContainerRegistryArgs {
    /** Account that owns the registry. */
    accountId: string;
    /** Region of the registry. */
    region: string;
    /** KMS key for the repositories (a KmsKey with purpose "ecr"). */
    kmsKeyArn: pulumi.Input<string>;
    /** Repositories to create. */
    repositories: RepositorySpec[];
    /** Organization whose accounts may pull; or set `pullAccountIds`. @default no cross-account pull */
    pullOrgId?: string;
    /** Accounts that may pull; or set `pullOrgId`. @default no cross-account pull */
    pullAccountIds?: string[];
    /** Registry scan type. @default "ENHANCED" */
    scanType?: "ENHANCED" | "BASIC";
    /** ENHANCED only: rescan continuously as new CVEs appear, not only on push. @default true */
    continuousScan?: boolean;
    /** Regions (same account) to replicate the repositories to. @default none */
    replicationRegions?: string[];
    /**
     * Manage the registry-wide singletons (scanning and replication configuration). Turn off when
     * another stack in the same account and region owns them. @default true
     */
    manageRegistrySettings?: boolean;
    /** Public registries to cache through ECR (`<prefix>/<upstream path>`). @default none */
    pullThroughCache?: PullThroughUpstream[];
    /** Secrets Manager secret (name starts with `ecr-pullthroughcache/`) for Docker Hub. */
    dockerHubCredentialArn?: string;
    /** Secrets Manager secret (name starts with `ecr-pullthroughcache/`) for GitHub Container Registry. */
    ghcrCredentialArn?: string;
    /** Protect the repositories and retain them when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const CONTAINER_REGISTRY_DEFAULTS = {
    keepReleases: 30,
    untaggedExpiryDays: 7,
    scanOnPush: true,
    scanType: "ENHANCED" as const,
    continuousScan: true,
    manageRegistrySettings: true,
    protect: true,
} as const;

const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const CREDENTIAL_ARN = /^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/;

export function validateContainerRegistryArgs(args: ContainerRegistryArgs): void {
    const p = new Problems();
    const d = CONTAINER_REGISTRY_DEFAULTS;
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!REGION.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    if (args.kmsKeyArn === undefined) {
        p.add("kmsKeyArn", args.kmsKeyArn, 'is required: repositories are encrypted with a KMS key (a KmsKey with purpose "ecr")');
    }
    const cache = args.pullThroughCache ?? [];
    if (!Array.isArray(args.repositories)) {
        p.add("repositories", args.repositories, "is not a list of repositories (use [] for a registry of pull-through caches only)");
    }
    const slugs = new Map<string, string>();
    (args.repositories ?? []).forEach((r, i) => {
        if (typeof r.name !== "string" || r.name.length < 2 || r.name.length > 256 || !REPOSITORY_NAME.test(r.name)) {
            p.add(`repositories[${i}].name`, r.name, "is not an ECR repository name (lowercase letters, digits, '.', '_', '-' in '/'-separated parts, 2-256 characters)");
        } else {
            const slug = repositorySlug(r.name);
            if (slugs.has(slug)) {
                p.add(`repositories[${i}].name`, r.name, `collides with ${JSON.stringify(slugs.get(slug))}; both would be named "${slug}"`);
            }
            slugs.set(slug, r.name);
            const shadowing = cache.find((u) => r.name.startsWith(`${u}/`));
            if (shadowing) {
                p.add(`repositories[${i}].name`, r.name, `is under the pull-through cache prefix "${shadowing}/"`);
            }
        }
        p.intRange(`repositories[${i}].keepReleases`, r.keepReleases ?? d.keepReleases, 1, 1000);
        p.intRange(`repositories[${i}].untaggedExpiryDays`, r.untaggedExpiryDays ?? d.untaggedExpiryDays, 1, 3650);
    });
    if (args.pullOrgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(args.pullOrgId)) {
        p.add("pullOrgId", args.pullOrgId, "is not an AWS Organizations ID (o-xxxxxxxxxx)");
    }
    (args.pullAccountIds ?? []).forEach((a, i) => {
        if (!/^\d{12}$/.test(a)) {
            p.add(`pullAccountIds[${i}]`, a, "is not a 12-digit AWS account ID");
        }
    });
    if (args.pullOrgId !== undefined && (args.pullAccountIds ?? []).length > 0) {
        p.addMessage("pullOrgId and pullAccountIds: both set; set one of them");
    }
    const scanType = args.scanType ?? d.scanType;
    p.oneOf("scanType", scanType, ["ENHANCED", "BASIC"]);
    if (scanType === "BASIC" && args.continuousScan !== undefined) {
        p.add("continuousScan", args.continuousScan, 'only applies to scanType "ENHANCED"');
    }
    const manage = args.manageRegistrySettings ?? d.manageRegistrySettings;
    const regions = args.replicationRegions ?? [];
    regions.forEach((r, i) => {
        if (!REGION.test(r)) {
            p.add(`replicationRegions[${i}]`, r, 'is not an AWS region name such as "eu-west-1"');
        } else if (r === args.region) {
            p.add(`replicationRegions[${i}]`, r, "is the registry's own region");
        } else if (regions.indexOf(r) !== i) {
            p.add(`replicationRegions[${i}]`, r, "is listed twice");
        }
    });
    if (regions.length > 0 && !manage) {
        p.add("replicationRegions", regions, "needs manageRegistrySettings: true (replication is a registry-wide setting)");
    }
    cache.forEach((u, i) => {
        if (!(u in PULL_THROUGH_UPSTREAMS)) {
            p.oneOf(`pullThroughCache[${i}]`, u, Object.keys(PULL_THROUGH_UPSTREAMS));
        } else if (cache.indexOf(u) !== i) {
            p.add(`pullThroughCache[${i}]`, u, "is listed twice");
        }
    });
    const credentials: [PullThroughUpstream, string, string | undefined][] = [
        ["docker-hub", "dockerHubCredentialArn", args.dockerHubCredentialArn],
        ["ghcr", "ghcrCredentialArn", args.ghcrCredentialArn],
    ];
    for (const [upstream, path, arn] of credentials) {
        if (cache.includes(upstream) && arn === undefined) {
            p.add(path, arn, `is required to cache "${upstream}": a Secrets Manager secret named ecr-pullthroughcache/<name>`);
        } else if (arn !== undefined && !cache.includes(upstream)) {
            p.add(path, arn, `is set but pullThroughCache does not include "${upstream}"`);
        } else if (arn !== undefined && !CREDENTIAL_ARN.test(arn)) {
            p.add(path, arn, "is not the ARN of a Secrets Manager secret named ecr-pullthroughcache/<name>");
        }
    }
    p.throwIfAny("ContainerRegistry");
}

export class ContainerRegistry extends pulumi.ComponentResource {
    /** Repository URL by repository name. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    /** Repository ARN by repository name. */
    readonly repositoryArns: Record<string, pulumi.Output<string>>;
    readonly registryId: pulumi.Output<string>;

    constructor(name: string, args: ContainerRegistryArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:registry:ContainerRegistry", name, {}, opts);
        validateContainerRegistryArgs(args);
        const d = CONTAINER_REGISTRY_DEFAULTS;
        const protect = args.protect ?? d.protect;
        const pullPolicy = repositoryPullPolicy(args.region, { orgId: args.pullOrgId, accountIds: args.pullAccountIds });

        this.repositoryUrls = {};
        this.repositoryArns = {};
        for (const spec of args.repositories) {
            const child = `${name}-${repositorySlug(spec.name)}`;
            const repository = new aws.ecr.Repository(
                child,
                {
                    name: spec.name,
                    imageTagMutability: "IMMUTABLE",
                    imageScanningConfiguration: { scanOnPush: spec.scanOnPush ?? d.scanOnPush },
                    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.kmsKeyArn }],
                    forceDelete: false,
                    tags: tagsFor(args.tags, spec.name),
                },
                stateful(this, protect),
            );
            new aws.ecr.LifecyclePolicy(
                `${child}-lifecycle`,
                {
                    repository: repository.name,
                    policy: JSON.stringify(lifecyclePolicyDocument(spec.keepReleases ?? d.keepReleases, spec.untaggedExpiryDays ?? d.untaggedExpiryDays)),
                },
                // A retained repository keeps its lifecycle and pull policy.
                { parent: this, retainOnDelete: protect },
            );
            if (pullPolicy) {
                new aws.ecr.RepositoryPolicy(`${child}-policy`, { repository: repository.name, policy: JSON.stringify(pullPolicy) }, { parent: this, retainOnDelete: protect });
            }
            this.repositoryUrls[spec.name] = repository.repositoryUrl;
            this.repositoryArns[spec.name] = repository.arn;
        }

        if (args.manageRegistrySettings ?? d.manageRegistrySettings) {
            const scanType = args.scanType ?? d.scanType;
            new aws.ecr.RegistryScanningConfiguration(
                `${name}-scanning`,
                { scanType, rules: scanningRules(scanType, args.continuousScan ?? d.continuousScan) },
                { parent: this },
            );
            const regions = args.replicationRegions ?? [];
            if (regions.length > 0) {
                new aws.ecr.ReplicationConfiguration(
                    `${name}-replication`,
                    { replicationConfiguration: { rules: replicationRules(args.accountId, regions, args.repositories.map((r) => r.name)) } },
                    { parent: this },
                );
            }
        }

        const credentials: Partial<Record<PullThroughUpstream, string>> = { "docker-hub": args.dockerHubCredentialArn, ghcr: args.ghcrCredentialArn };
        for (const upstream of args.pullThroughCache ?? []) {
            new aws.ecr.PullThroughCacheRule(
                `${name}-cache-${upstream}`,
                {
                    ecrRepositoryPrefix: upstream,
                    upstreamRegistryUrl: PULL_THROUGH_UPSTREAMS[upstream],
                    credentialArn: CREDENTIAL_UPSTREAMS.includes(upstream) ? credentials[upstream] : undefined,
                },
                { parent: this },
            );
        }

        this.registryId = pulumi.output(args.accountId);
        this.registerOutputs({ repositoryUrls: this.repositoryUrls, repositoryArns: this.repositoryArns, registryId: this.registryId });
    }
}
