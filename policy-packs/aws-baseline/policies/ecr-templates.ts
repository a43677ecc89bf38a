import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { sameProvider } from "../../lib/links";
import { asList, plain, UNKNOWN } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

/*
 * Repository creation templates: the settings of the repositories ECR creates itself (the first
 * pull through a pull-through cache rule, a replica in a destination region). Without a matching
 * template ECR creates them mutable, AES-256 and without policies
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates.html, read
 * 2026-12-03), so ecr-immutable-tags and ecr-kms-encryption never see them. No public control names
 * templates; the rules below are the platform's own (framework "own"), and they are at least as
 * strict for templated repositories as FSBP ECR.2 is for declared ones.
 */

const TEMPLATE = tokenOf(aws.ecr.RepositoryCreationTemplate);
const CACHE_RULE = tokenOf(aws.ecr.PullThroughCacheRule);
const REPLICATION = tokenOf(aws.ecr.ReplicationConfiguration);
const SCANNING = tokenOf(aws.ecr.RegistryScanningConfiguration);
/** The prefix that matches every repository no other template matches. */
const ROOT = "ROOT";

/** The scenarios whose repositories these rules are about (CREATE_ON_PUSH is the pusher's own repository). */
const ECR_CREATED = ["PULL_THROUGH_CACHE", "REPLICATION"];

function appliedFor(props: Record<string, any>): string[] | typeof UNKNOWN {
    const raw = props.appliedFors;
    return raw === UNKNOWN ? UNKNOWN : asList<string>(raw);
}

// --- ecr-template-immutable -----------------------------------------------------------------------

interface ImmutableTemplateConfig {
    allowMutablePullThroughCache: boolean;
}

/*
 * IMMUTABLE for pull-through caches too. ECR documents the consequence: "Turning on image tag
 * immutability for repositories using a pull through cache rule will prevent Amazon ECR from
 * updating images using the same tag" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html,
 * read 2026-12-03): a cached tag keeps the digest first pulled. A stack that needs cached tags to
 * follow their upstream may allow MUTABLE for templates that apply to PULL_THROUGH_CACHE only
 * (`allowMutablePullThroughCache`); never for replicas, whose sources are immutable.
 */
export const ecrTemplateImmutable: ResourceValidationPolicy = {
    name: "ecr-template-immutable",
    description: "Checks whether repository creation templates for pull-through caches and replication make image tags immutable.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "ecr-template-immutable", "Repositories ECR creates (pull-through cache, replication) have immutable tags"),
    tags: [],
    remediationSteps:
        'Set imageTagMutability: "IMMUTABLE" on the RepositoryCreationTemplate. A pull-through cache template may stay MUTABLE ' +
        "(cached tags then follow upstream re-tags) only when the stack's policy config sets allowMutablePullThroughCache; replication templates never.",
    configSchema: {
        properties: {
            allowMutablePullThroughCache: {
                type: "boolean",
                default: false,
                description: "Accept MUTABLE on templates that apply to PULL_THROUGH_CACHE only (cached tags follow upstream); off because a moved upstream tag then changes what runs.",
            },
        },
    },
    validateResource: validateTypes([aws.ecr.RepositoryCreationTemplate], (props, args, report) => {
        const raw = plain(props) as Record<string, any>;
        const v = new Verdicts(report, props);
        const scenarios = appliedFor(raw);
        if (v.isUnknown(scenarios, ["appliedFors"]) || !(scenarios as string[]).some((s) => ECR_CREATED.includes(s))) {
            return v.settle();
        }
        const mutability = raw.imageTagMutability ?? "MUTABLE";
        if (v.isUnknown(mutability, ["imageTagMutability"]) || mutability === "IMMUTABLE") {
            return v.settle();
        }
        const cacheOnly = (scenarios as string[]).every((s) => s === "PULL_THROUGH_CACHE");
        if (cacheOnly && mutability === "MUTABLE" && args.getConfig<ImmutableTemplateConfig>().allowMutablePullThroughCache === true) {
            return v.settle();
        }
        v.fail(`Repository creation template "${raw.prefix}" must make the repositories ECR creates immutable; set imageTagMutability: "IMMUTABLE".`);
        return v.settle();
    }),
};

// --- ecr-template-kms -----------------------------------------------------------------------------

/*
 * KMS with a customer managed key, and the custom role ECR must assume to use one: "If you intend
 * to use KMS keys, resource tags, or a combination of both in one or more templates, you need to"
 * create a role (https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-creation-templates-create.html,
 * read 2026-12-03). Without the role the template is refused or the repository is not created.
 */
export const ecrTemplateKms: ResourceValidationPolicy = {
    name: "ecr-template-kms",
    description: "Checks whether repository creation templates for pull-through caches and replication encrypt with a customer managed KMS key and name the role ECR uses it with.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "ecr-template-kms", "Repositories ECR creates are encrypted with a customer managed KMS key"),
    tags: [],
    remediationSteps:
        'Set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <the region\'s ECR key ARN> }] and customRoleArn: a role in the registry\'s account ' +
        "trusted by ecr.amazonaws.com with ecr:CreateRepository, ecr:ReplicateImage, ecr:TagResource and kms:CreateGrant, kms:DescribeKey, kms:RetireGrant on the key.",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.ecr.RepositoryCreationTemplate], (props, _args, report) => {
        const raw = plain(props) as Record<string, any>;
        const v = new Verdicts(report, props);
        const scenarios = appliedFor(raw);
        if (v.isUnknown(scenarios, ["appliedFors"]) || !(scenarios as string[]).some((s) => ECR_CREATED.includes(s))) {
            return v.settle();
        }
        const label = `Repository creation template "${raw.prefix}"`;
        const configs = raw.encryptionConfigurations;
        if (v.isUnknown(configs, ["encryptionConfigurations"])) {
            return v.settle();
        }
        // An entry or a type known only after apply is undecided (the path names it, so that the
        // engine's proxy raises "can't run during preview" rather than the rule passing or failing).
        const first = asList<any>(configs)[0];
        if (v.isUnknown(first, ["encryptionConfigurations", 0])) {
            return v.settle();
        }
        const type = first?.encryptionType ?? "AES256";
        if (v.isUnknown(type, ["encryptionConfigurations", 0, "encryptionType"])) {
            return v.settle();
        }
        if (type !== "KMS") {
            v.fail(`${label} must encrypt with KMS; set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <ECR key ARN> }].`);
            return v.settle();
        }
        if (first?.kmsKey === undefined || first?.kmsKey === null || first?.kmsKey === "") {
            v.fail(`${label} must name a customer managed KMS key (kmsKey unset means the AWS managed aws/ecr key); set encryptionConfigurations[0].kmsKey.`);
        }
        if (raw.customRoleArn === undefined || raw.customRoleArn === null || raw.customRoleArn === "") {
            v.fail(`${label} encrypts with KMS but has no customRoleArn; ECR needs a role in the registry's account to create repositories with a KMS key.`);
        }
        return v.settle();
    }),
};

// --- ecr-created-repositories-covered (stack) -----------------------------------------------------

/** Region of a resource: its own `region` input (provider v7), else its provider's region. */
function regionOf(r: PolicyResource): string | undefined {
    const own = (plain(r.props) as Record<string, any>).region;
    if (typeof own === "string") {
        return own;
    }
    const region = r.provider ? (plain(r.provider.props) as Record<string, any>)?.region : undefined;
    return typeof region === "string" ? region : undefined;
}

function sameRegion(a: PolicyResource, b: PolicyResource): boolean {
    const [ra, rb] = [regionOf(a), regionOf(b)];
    return ra !== undefined && rb !== undefined ? ra === rb : sameProvider(a, b);
}

/** Whether a template (known prefix and scenarios) covers a repository prefix in a scenario. */
function templateCovers(t: PolicyResource, scenario: string, prefix: string | typeof UNKNOWN): boolean {
    const raw = plain(t.props) as Record<string, any>;
    const scenarios = appliedFor(raw);
    if (scenarios === UNKNOWN || raw.prefix === UNKNOWN) {
        return true;
    }
    if (!scenarios.includes(scenario)) {
        return false;
    }
    return raw.prefix === ROOT || prefix === UNKNOWN || raw.prefix === prefix;
}

/**
 * Whether a scanning configuration has a rule on `*` (every repository, whatever ECR names it). A
 * rule, frequency, filter or filter type known only after apply may be one: it is not failed in
 * preview (as ecr-scan-on-push reads the same rules).
 */
function scansEverything(g: PolicyResource): boolean {
    const rules = (plain(g.props) as Record<string, any>).rules;
    if (rules === UNKNOWN) {
        return true;
    }
    return asList<any>(rules).some(
        (rule) =>
            rule === UNKNOWN ||
            ((["SCAN_ON_PUSH", "CONTINUOUS_SCAN"].includes(rule?.scanFrequency) || rule?.scanFrequency === UNKNOWN) &&
                asList<any>(rule?.repositoryFilters).some(
                    (f) => f === UNKNOWN || f?.filter === UNKNOWN || ((f?.filterType === "WILDCARD" || f?.filterType === UNKNOWN) && f?.filter === "*"),
                )),
    );
}

/*
 * A stack policy: every place ECR creates repositories in this stack is covered. A pull-through
 * cache rule needs a PULL_THROUGH_CACHE template in its region whose prefix is the rule's prefix (as
 * AWS advises, API_CreateRepositoryCreationTemplate `prefix`) or ROOT; each replication destination
 * region needs a REPLICATION template there (replicas keep their sources' names, so usually ROOT).
 * Scanning is a registry setting per region: each of those regions needs a registry scanning rule on
 * `*`, or the created repositories are not scanned (FSBP ECR.1 and CIS EKS 5.1.1 for them).
 */
export const ecrCreatedRepositoriesCovered: StackValidationPolicy = {
    name: "ecr-created-repositories-covered",
    description: "Checks whether every pull-through cache rule and replication destination has a repository creation template and a registry scanning rule in its region.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "ecr-created-repositories-covered", "Repositories ECR creates are created from a template and scanned"),
    tags: [],
    remediationSteps:
        "Add an aws.ecr.RepositoryCreationTemplate with appliedFors [\"PULL_THROUGH_CACHE\"] and the rule's ecrRepositoryPrefix (or ROOT) in the rule's region, " +
        "and one with appliedFors [\"REPLICATION\"] (prefix ROOT) in every destination region, created with a provider of that region; and an " +
        "aws.ecr.RegistryScanningConfiguration with a rule on \"*\" in each of those regions.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const templates = args.resources.filter((r) => r.type === TEMPLATE);
        const scanning = args.resources.filter((r) => r.type === SCANNING);
        const scanned = (where: PolicyResource, regionName: string | undefined) =>
            scanning.some((g) => (regionName !== undefined ? regionOf(g) === regionName : sameProvider(g, where)) && scansEverything(g));
        for (const rule of args.resources.filter((r) => r.type === CACHE_RULE)) {
            const prefix = (plain(rule.props) as Record<string, any>).ecrRepositoryPrefix;
            const label = typeof prefix === "string" ? `"${prefix}"` : rule.name;
            if (!templates.some((t) => sameRegion(t, rule) && templateCovers(t, "PULL_THROUGH_CACHE", prefix))) {
                report(`Pull-through cache rule ${label} has no repository creation template; the repositories it creates would be mutable and AES-256. Add a PULL_THROUGH_CACHE template with prefix ${label} in its region.`, rule.urn);
            }
            if (!scanned(rule, regionOf(rule))) {
                report(`Pull-through cache rule ${label}: no registry scanning rule on "*" in its region scans the repositories it creates.`, rule.urn);
            }
        }
        for (const replication of args.resources.filter((r) => r.type === REPLICATION)) {
            const rules = (plain(replication.props) as Record<string, any>).replicationConfiguration?.rules;
            if (rules === UNKNOWN) {
                continue;
            }
            const regions = new Set<string>();
            for (const rule of asList<any>(rules)) {
                for (const d of asList<any>(rule?.destinations)) {
                    if (typeof d?.region === "string") {
                        regions.add(d.region);
                    }
                }
            }
            for (const region of regions) {
                if (!templates.some((t) => regionOf(t) === region && templateCovers(t, "REPLICATION", UNKNOWN))) {
                    report(`Replication to ${region} has no REPLICATION repository creation template in ${region}; replicas would be mutable and AES-256. Add one (prefix ROOT) with a provider of ${region}.`, replication.urn);
                }
                if (!scanned(replication, region)) {
                    report(`Replication to ${region}: no registry scanning rule on "*" in ${region} scans the replicas.`, replication.urn);
                }
            }
        }
    },
};

export const ecrTemplatePolicies: Policies = [ecrTemplateImmutable, ecrTemplateKms, ecrCreatedRepositoriesCovered];
