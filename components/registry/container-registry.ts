import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { platformRoleInputs, PlatformRoleArgs, checkPlatformRoleArgs, policyDocument, Problems, stateful, tagsFor } from "../common";
import { KmsKey } from "../kms";
import {
    CREDENTIAL_UPSTREAMS,
    lifecyclePolicyDocument,
    PULL_THROUGH_UPSTREAMS,
    PullThroughUpstream,
    replicationRules,
    repositoryPullPolicy,
    repositorySlug,
    ROOT_TEMPLATE_PREFIX,
    scanningRules,
    TEMPLATE_TAG_MUTABILITY,
    TemplateAppliedFor,
    templateRoleStatements,
    templateRoleTrustPolicy,
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
 * pull-through caches, and repository creation templates so that the repositories ECR creates itself
 * (pull-through caches, replicas) get the same rules. The template role lives under the platform's
 * IAM path with the account's workload boundary (`rolePath`, `permissionsBoundaryArn`).
 */
export interface ContainerRegistryArgs extends PlatformRoleArgs {
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
     * An AWS provider of the registry's account in each replication region, by region: the
     * replicas' creation template, its KMS key and the registry scanning of that region live there
     * (ECR creates a replica with the destination region's templates). Required for every entry
     * of `replicationRegions`.
     */
    replicaProviders?: Record<string, pulumi.ProviderResource>;
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
    regions.forEach((r, i) => {
        if (REGION.test(r) && r !== args.region && regions.indexOf(r) === i && args.replicaProviders?.[r] === undefined) {
            p.add(`replicaProviders.${r}`, undefined, `is required for replicationRegions[${i}]: an AWS provider of account ${args.accountId} in ${r}, where the replicas' creation template (IMMUTABLE, KMS) is created; without it replicas would be mutable and AES-256`);
        }
    });
    for (const r of Object.keys(args.replicaProviders ?? {})) {
        if (!regions.includes(r)) {
            p.add(`replicaProviders.${r}`, "(provider)", "is given for a region that is not in replicationRegions");
        }
    }
    checkPlatformRoleArgs(p, args);
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
    /** Repository creation template prefixes by region (pull-through cache prefixes here, ROOT in each replica region). */
    readonly templatePrefixes: Record<string, string[]>;
    /** The role ECR assumes to create templated repositories (undefined without caches or replication). */
    readonly templateRoleArn?: pulumi.Output<string>;

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

        // Repositories ECR creates itself take the same rules: one template per pull-through cache
        // prefix here, a ROOT template in each replica region (with its own key there).
        this.templatePrefixes = {};
        const caches = args.pullThroughCache ?? [];
        const replicaRegions = args.replicationRegions ?? [];
        if (caches.length > 0 || replicaRegions.length > 0) {
            const replicaKeys = replicaRegions.map(
                (region) =>
                    new KmsKey(
                        `${name}-replica-key-${region}`,
                        {
                            purpose: "ecr",
                            accountId: args.accountId,
                            region,
                            aliasPrefix: `platform/registry-replica`,
                            description: `ECR replicas in ${region}, replicated from ${args.region}`,
                            protect,
                            tags: args.tags,
                        },
                        { parent: this, providers: [args.replicaProviders![region]] },
                    ),
            );
            const keyArns = [args.kmsKeyArn, ...replicaKeys.map((k) => k.keyArn)];
            const role = new aws.iam.Role(
                `${name}-templates`,
                {
                    ...platformRoleInputs(args, args.accountId, args.region),
                    assumeRolePolicy: JSON.stringify(templateRoleTrustPolicy()),
                    description: "ECR creates pull-through cache and replica repositories with the registry's templates (KMS key, tags)",
                    maxSessionDuration: 3600,
                    tags: tagsFor(args.tags),
                },
                { parent: this },
            );
            const rolePolicy = new aws.iam.RolePolicy(
                `${name}-templates`,
                {
                    role: role.name,
                    policy: pulumi.all(keyArns).apply((arns) => JSON.stringify(policyDocument(templateRoleStatements(args.accountId, [args.region, ...replicaRegions], arns)))),
                },
                { parent: this },
            );
            const template = (child: string, prefix: string, appliedFor: TemplateAppliedFor, kmsKey: pulumi.Input<string>, provider?: pulumi.ProviderResource) =>
                new aws.ecr.RepositoryCreationTemplate(
                    child,
                    {
                        prefix,
                        appliedFors: [appliedFor],
                        description: `${appliedFor === "REPLICATION" ? "Replicas" : `Pull-through cache ${prefix}/`}: immutable, KMS, lifecycle, organization pull`,
                        imageTagMutability: TEMPLATE_TAG_MUTABILITY,
                        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey }],
                        customRoleArn: role.arn,
                        lifecyclePolicy: JSON.stringify(lifecyclePolicyDocument(d.keepReleases, d.untaggedExpiryDays)),
                        repositoryPolicy: pullPolicy ? JSON.stringify(pullPolicy) : undefined,
                        resourceTags: tagsFor(args.tags),
                    },
                    // The role's permissions must exist before ECR first assumes it.
                    { parent: this, dependsOn: [rolePolicy], ...(provider ? { provider } : {}) },
                );
            for (const upstream of caches) {
                template(`${name}-template-${upstream}`, upstream, "PULL_THROUGH_CACHE", args.kmsKeyArn);
            }
            if (caches.length > 0) {
                this.templatePrefixes[args.region] = [...caches];
            }
            replicaRegions.forEach((region, i) => {
                const provider = args.replicaProviders![region];
                template(`${name}-template-replica-${region}`, ROOT_TEMPLATE_PREFIX, "REPLICATION", replicaKeys[i].keyArn, provider);
                this.templatePrefixes[region] = [ROOT_TEMPLATE_PREFIX];
                // Registry scanning is per region: the replicas are scanned like their sources.
                if (args.manageRegistrySettings ?? d.manageRegistrySettings) {
                    const scanType = args.scanType ?? d.scanType;
                    new aws.ecr.RegistryScanningConfiguration(
                        `${name}-scanning-${region}`,
                        { scanType, rules: scanningRules(scanType, args.continuousScan ?? d.continuousScan) },
                        { parent: this, provider },
                    );
                }
            });
            this.templateRoleArn = role.arn;
        }

        this.registryId = pulumi.output(args.accountId);
        this.registerOutputs({
            repositoryUrls: this.repositoryUrls,
            repositoryArns: this.repositoryArns,
            registryId: this.registryId,
            templatePrefixes: this.templatePrefixes,
            // Only when templates exist; an undefined output would only produce a warning.
            ...(this.templateRoleArn ? { templateRoleArn: this.templateRoleArn } : {}),
        });
    }
}
