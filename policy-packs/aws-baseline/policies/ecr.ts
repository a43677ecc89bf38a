import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { allowStatements, hasPublicPrincipal, scopedToAccountOrOrg, wildcardPattern } from "../../lib/iam-documents";
import { refersTo, sameProvider } from "../../lib/links";
import { asList, plain, UNKNOWN } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

const REPOSITORY = tokenOf(aws.ecr.Repository);

interface RepositoryView {
    resource: PolicyResource;
    inputs: Record<string, any>;
    /** The repository name when given as a plain string. */
    name?: string;
}

function repositoriesOf(resources: PolicyResource[]): RepositoryView[] {
    return resources
        .filter((r) => r.type === REPOSITORY)
        .map((resource) => {
            const inputs = plain(resource.props) as Record<string, any>;
            return { resource, inputs, name: typeof inputs.name === "string" ? inputs.name : undefined };
        });
}

function label(repo: RepositoryView): string {
    return `"${repo.name ?? repo.resource.name}"`;
}

/** An ECR wildcard filter (`*` any run of characters) as a test on a repository name. */
function wildcardMatches(filter: string, name: string): boolean {
    return wildcardPattern(filter, { questionMark: false, ignoreCase: false }).test(name);
}

// --- ecr-immutable-tags --------------------------------------------------------------------------

interface ImmutableConfig {
    allowImmutableWithExclusion: boolean;
}

/*
 * IMMUTABLE_WITH_EXCLUSION is refused by default: the excluded tags (typically `latest` or
 * `dev-*`) can be overwritten, which is what FSBP ECR.2 and CKV_AWS_51 guard against (a deployed
 * tag silently pointing to another image). A stack may accept it through config; even then a bare
 * "*" filter, which makes every tag mutable again, is refused.
 */
export const ecrImmutableTags: ResourceValidationPolicy = {
    name: "ecr-immutable-tags",
    description: "Checks whether ECR repositories make image tags immutable.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "ECR.2", "ECR private repositories should have tag immutability configured"),
    tags: ["checkov:CKV_AWS_51"],
    remediationSteps:
        "Set imageTagMutability: \"IMMUTABLE\" and push a new tag for every build (a version or the commit SHA) instead of moving `latest`. " +
        "IMMUTABLE_WITH_EXCLUSION is accepted only when the stack's policy config sets allowImmutableWithExclusion.",
    configSchema: {
        properties: {
            allowImmutableWithExclusion: {
                type: "boolean",
                default: false,
                description: "Accept IMMUTABLE_WITH_EXCLUSION (listed tag filters stay mutable); off because excluded tags can be overwritten.",
            },
        },
    },
    validateResource: validateTypes([aws.ecr.Repository], (props, args, report) => {
        const cfg = args.getConfig<ImmutableConfig>();
        const raw = plain(props);
        const v = new Verdicts(report, props);
        const mutability = raw.imageTagMutability ?? "MUTABLE";
        if (v.isUnknown(mutability, ["imageTagMutability"]) || mutability === "IMMUTABLE") {
            return v.settle();
        }
        if (mutability !== "IMMUTABLE_WITH_EXCLUSION") {
            v.fail('ECR repository tags must be immutable; set imageTagMutability: "IMMUTABLE".');
        } else if (cfg.allowImmutableWithExclusion !== true) {
            v.fail('ECR repository tags must be immutable without exclusions; set imageTagMutability: "IMMUTABLE" (or allow IMMUTABLE_WITH_EXCLUSION in the policy config).');
        } else if (!v.isUnknown(raw.imageTagMutabilityExclusionFilters, ["imageTagMutabilityExclusionFilters"])) {
            // A filter known only after apply may be "*": undecided, while the known filters are judged.
            const filters = asList<any>(raw.imageTagMutabilityExclusionFilters).filter(
                (f, i) => !v.isUnknown(f, ["imageTagMutabilityExclusionFilters", i]) && !v.isUnknown(f?.filter, ["imageTagMutabilityExclusionFilters", i, "filter"]),
            );
            if (filters.some((f) => f?.filter === "*")) {
                v.fail('ECR tag-mutability exclusion filter "*" makes every tag mutable; list specific tag prefixes or set imageTagMutability: "IMMUTABLE".');
            }
        }
        v.settle();
    }),
};

// --- ecr-scan-on-push ----------------------------------------------------------------------------

const SCANNING_FREQUENCIES = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

/** True when a registry scanning rule scans the repository on push or continuously. */
function ruleCovers(rule: any, repo: RepositoryView): boolean {
    if (rule === UNKNOWN) {
        return true;
    }
    if (!SCANNING_FREQUENCIES.includes(rule?.scanFrequency) && rule?.scanFrequency !== UNKNOWN) {
        return false;
    }
    const filters = rule?.repositoryFilters;
    if (filters === UNKNOWN) {
        return true;
    }
    return asList<any>(filters).some((f) => {
        if (f === UNKNOWN || f?.filter === UNKNOWN) {
            return true;
        }
        if (f?.filterType !== "WILDCARD" && f?.filterType !== UNKNOWN) {
            return false;
        }
        return f.filter === "*" || (typeof f.filter === "string" && repo.name !== undefined && wildcardMatches(f.filter, repo.name));
    });
}

/*
 * A stack policy: a repository passes with scanOnPush on, or when a RegistryScanningConfiguration
 * in the same account (same provider) has a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose wildcard
 * filter covers it ("*" covers every repository; "prod-*" covers repositories named so).
 */
export const ecrScanOnPush: StackValidationPolicy = {
    name: "ecr-scan-on-push",
    description: "Checks whether every ECR repository scans images on push, by itself or through a registry scanning rule.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-eks", "5.1.1", "Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider"),
    tags: ["fsbp:ECR.1", "checkov:CKV_AWS_163"],
    remediationSteps:
        "Set imageScanningConfiguration: { scanOnPush: true } on the repository, or add an aws.ecr.RegistryScanningConfiguration " +
        "with a rule { scanFrequency: \"SCAN_ON_PUSH\" (or \"CONTINUOUS_SCAN\" with ENHANCED), repositoryFilters: [{ filter: \"*\", filterType: \"WILDCARD\" }] }.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const registries = args.resources.filter((r) => r.type === tokenOf(aws.ecr.RegistryScanningConfiguration));
        for (const repo of repositoriesOf(args.resources)) {
            const scanning = repo.inputs.imageScanningConfiguration;
            const onPush = scanning === UNKNOWN ? UNKNOWN : scanning?.scanOnPush;
            if (onPush === true || onPush === UNKNOWN) {
                continue;
            }
            const covered = registries
                .filter((g) => sameProvider(g, repo.resource))
                .some((g) => {
                    const rules = plain(g.props).rules;
                    return rules === UNKNOWN || asList<any>(rules).some((rule) => ruleCovers(rule, repo));
                });
            if (!covered) {
                report(
                    `ECR repository ${label(repo)} must scan images on push; set imageScanningConfiguration: { scanOnPush: true } or add a RegistryScanningConfiguration rule (SCAN_ON_PUSH or CONTINUOUS_SCAN) whose filter covers it.`,
                    repo.resource.urn,
                );
            }
        }
    },
};

// --- ecr-kms-encryption --------------------------------------------------------------------------

interface KmsConfig {
    requireCustomerManagedKey: boolean;
}

export const ecrKmsEncryption: ResourceValidationPolicy = {
    name: "ecr-kms-encryption",
    description: "Checks whether ECR repositories encrypt images with KMS.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "ecr-kms-encryption", "ECR repositories are encrypted with KMS"),
    tags: ["checkov:CKV_AWS_136"],
    remediationSteps: "Set encryptionConfigurations: [{ encryptionType: \"KMS\", kmsKey: <ECR key ARN> }] (encryption is fixed at creation: the repository is replaced).",
    configSchema: {
        properties: {
            requireCustomerManagedKey: { type: "boolean", default: false, description: "Also require kmsKey (a customer managed key instead of the AWS managed aws/ecr key)." },
        },
    },
    validateResource: validateTypes([aws.ecr.Repository], (props, args, report) => {
        const raw = plain(props);
        const v = new Verdicts(report, props);
        const configs = raw.encryptionConfigurations;
        const first = v.isUnknown(configs, ["encryptionConfigurations"]) ? UNKNOWN : asList<any>(configs)[0];
        const known = first !== UNKNOWN && !v.isUnknown(first, ["encryptionConfigurations", 0]);
        const type = known ? (first?.encryptionType ?? "AES256") : UNKNOWN;
        if (!v.isUnknown(type, ["encryptionConfigurations", 0, "encryptionType"]) && type !== "KMS" && type !== "KMS_DSSE") {
            v.fail('ECR repository must be encrypted with KMS; set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <key ARN> }].');
            return v.settle();
        }
        // A key ARN known only after apply counts as set; an unset key fails whatever the encryption type turns out to be.
        if (known && args.getConfig<KmsConfig>().requireCustomerManagedKey === true && (first?.kmsKey === undefined || first?.kmsKey === null || first?.kmsKey === "")) {
            v.fail("ECR repository must use a customer managed KMS key; set kmsKey to the ECR key ARN.");
        }
        v.settle();
    }),
};

// --- ecr-lifecycle-policy ------------------------------------------------------------------------

export const ecrLifecyclePolicy: StackValidationPolicy = {
    name: "ecr-lifecycle-policy",
    description: "Checks whether every ECR repository has a lifecycle policy.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("fsbp", "ECR.3", "ECR repositories should have at least one lifecycle policy configured"),
    tags: [],
    remediationSteps: "Add an aws.ecr.LifecyclePolicy with repository: <repository>.name that expires untagged images and keeps a bounded number of tagged ones.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const policies = args.resources.filter((r) => r.type === tokenOf(aws.ecr.LifecyclePolicy));
        for (const repo of repositoriesOf(args.resources)) {
            if (!policies.some((p) => refersTo(p, "repository", repo.resource, [repo.name]))) {
                report(`ECR repository ${label(repo)} must have a lifecycle policy; add an aws.ecr.LifecyclePolicy whose repository is this repository's name.`, repo.resource.urn);
            }
        }
    },
};

// --- ecr-policy-not-public -----------------------------------------------------------------------

export const ecrPolicyNotPublic: ResourceValidationPolicy = {
    name: "ecr-policy-not-public",
    description: "Checks whether ECR repository and registry policies grant access to anyone outside the account or organization.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "ecr-policy-not-public", "ECR repository and registry policies grant nothing to the public"),
    tags: ["checkov:CKV_AWS_32"],
    remediationSteps:
        "Name the principals (account or role ARNs), or keep Principal \"*\" with a Condition StringEquals on aws:PrincipalOrgID " +
        "(the organization), aws:PrincipalAccount or aws:SourceAccount.",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.ecr.RepositoryPolicy, aws.ecr.RegistryPolicy], (props, args, report) => {
        const document = plain(props).policy;
        const v = new Verdicts(report, props);
        const kind = args.type === tokenOf(aws.ecr.RegistryPolicy) ? "registry" : "repository";
        const statements = v.isUnknown(document, ["policy"]) ? [] : allowStatements({ where: "policy", document, path: ["policy"] }, v);
        for (const s of statements) {
            if (hasPublicPrincipal(s) && !scopedToAccountOrOrg(s)) {
                v.fail(
                    `ECR ${kind} policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement ${s.label}); add one or name the principals.`,
                );
            }
        }
        v.settle();
    }),
};

export const ecrPolicies: Policies = [ecrImmutableTags, ecrScanOnPush, ecrKmsEncryption, ecrLifecyclePolicy, ecrPolicyNotPublic];
