import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { exemptInStack } from "../../lib/exemptions";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { conditionEntries, hasPublicPrincipal, statementsOf } from "../../lib/iam-documents";
import { refersTo, sameProvider } from "../../lib/links";
import { asList, Path, plain, UNKNOWN } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

/*
 * S3 baseline. Most rules are stack policies because since provider v4 a bucket's settings live in
 * separate resources (BucketPublicAccessBlock, BucketServerSideEncryptionConfiguration, ...); a
 * rule holds for a bucket when one of those resources refers to it. Every input is read through
 * `plain`, so a value unknown until apply never ends the check of the whole stack: such a value is
 * "cannot tell" and does not fail a mandatory rule. A sub-resource belongs to a bucket when
 * `refersTo` (policy-packs/lib/links.ts) links its `bucket` input to it, by dependency or by name.
 */

const BUCKET_TYPES = [tokenOf(aws.s3.Bucket), tokenOf(aws.s3.BucketV2)];

export interface BucketView {
    resource: PolicyResource;
    /** The bucket's inputs as plain values (`UNKNOWN` for computed ones). */
    inputs: Record<string, any>;
    /** The bucket's name when known (given as the `bucket` input). */
    name?: string;
}

export function bucketsOf(resources: PolicyResource[]): BucketView[] {
    return resources
        .filter((r) => BUCKET_TYPES.includes(r.type))
        .map((resource) => {
            const inputs = plain(resource.props) as Record<string, any>;
            return { resource, inputs, name: typeof inputs.bucket === "string" ? inputs.bucket : undefined };
        });
}

/** The resources of the given types whose `bucket` input refers to the bucket. */
export function configsOf(bucket: BucketView, resources: PolicyResource[], types: unknown[], prop = "bucket"): PolicyResource[] {
    const tokens = types.map(tokenOf);
    return resources.filter((r) => tokens.includes(r.type) && refersTo(r, prop, bucket.resource, [bucket.name]));
}

/** Known value of a tag in a bucket's own `tags` input; UNKNOWN when the tags are computed. */
function tagOf(bucket: BucketView, key: string): unknown {
    const tags = bucket.inputs.tags;
    if (tags === UNKNOWN) {
        return UNKNOWN;
    }
    return tags !== null && typeof tags === "object" ? (tags as Record<string, unknown>)[key] : undefined;
}

function bucketLabel(b: BucketView): string {
    return b.name ? `"${b.name}"` : `"${b.resource.name}"`;
}

// --- s3-public-access-block ----------------------------------------------------------------------

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

/** Flags not set to true (a computed flag counts as set: it cannot be told before apply). */
function missingFlags(r: PolicyResource): string[] {
    const p = plain(r.props);
    return PAB_FLAGS.filter((f) => p[f] !== true && p[f] !== UNKNOWN);
}

export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "s3-public-access-block",
    description: "Checks whether every S3 bucket blocks public access, through its own public access block or the account's.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-aws", "2.1.4", "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'"),
    tags: ["fsbp:S3.2", "fsbp:S3.3"],
    remediationSteps:
        "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and " +
        "restrictPublicBuckets all true, or an aws.s3.AccountPublicAccessBlock with all four true in the same account.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const accountBlocks = args.resources.filter((r) => r.type === tokenOf(aws.s3.AccountPublicAccessBlock));
        for (const bucket of bucketsOf(args.resources)) {
            if (accountBlocks.some((a) => sameProvider(a, bucket.resource) && missingFlags(a).length === 0)) {
                continue;
            }
            const blocks = configsOf(bucket, args.resources, [aws.s3.BucketPublicAccessBlock]);
            if (blocks.length === 0) {
                report(
                    `S3 bucket ${bucketLabel(bucket)} must block public access; add an aws.s3.BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true (or an account-level block).`,
                    bucket.resource.urn,
                );
            } else if (!blocks.some((b) => missingFlags(b).length === 0)) {
                const missing = missingFlags(blocks[0]);
                report(`S3 public access block of bucket ${bucketLabel(bucket)} must set all four flags; set ${missing.map((f) => `${f}: true`).join(", ")}.`, blocks[0].urn);
            }
        }
    },
};

// --- s3-no-public-acl ----------------------------------------------------------------------------

const PUBLIC_CANNED_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GROUPS = ["AllUsers", "AuthenticatedUsers"];

function publicGroup(uri: unknown): string | undefined {
    if (typeof uri !== "string") {
        return undefined;
    }
    return PUBLIC_GROUPS.find((g) => uri.endsWith(`/global/${g}`));
}

export const s3NoPublicAcl: ResourceValidationPolicy = {
    name: "s3-no-public-acl",
    description: "Checks whether S3 buckets keep ACLs disabled and grant nothing to everyone or to every AWS account.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("fsbp", "S3.12", "ACLs should not be used to manage user access to S3 general purpose buckets"),
    tags: [],
    remediationSteps:
        "Remove public canned ACLs (public-read, public-read-write, authenticated-read) and grants to AllUsers or AuthenticatedUsers; " +
        "set aws.s3.BucketOwnershipControls rule.objectOwnership to BucketOwnerEnforced and grant access with bucket policies.",
    configSchema: { properties: {} },
    validateResource: validateTypes(
        [aws.s3.BucketAcl, aws.s3.BucketAclV2, aws.s3.BucketOwnershipControls, aws.s3.Bucket, aws.s3.BucketV2],
        (props, args, report) => {
            const raw = plain(props);
            const v = new Verdicts(report, props);
            if (args.type === tokenOf(aws.s3.BucketOwnershipControls)) {
                const rule = raw.rule;
                const ownership = v.isUnknown(rule, ["rule"]) ? UNKNOWN : rule?.objectOwnership;
                if (!v.isUnknown(ownership, ["rule", "objectOwnership"]) && ownership !== "BucketOwnerEnforced") {
                    v.fail(`S3 object ownership must be BucketOwnerEnforced (ACLs disabled); set rule: { objectOwnership: "BucketOwnerEnforced" } (was ${JSON.stringify(ownership ?? null)}).`);
                }
                return v.settle();
            }
            if (!v.isUnknown(raw.acl, ["acl"]) && typeof raw.acl === "string" && PUBLIC_CANNED_ACLS.includes(raw.acl)) {
                v.fail(`S3 bucket ACL must not be public; remove acl "${raw.acl}" and keep ACLs disabled (BucketOwnerEnforced).`);
            }
            for (const g of aclGrants(args.type, raw, v)) {
                const group = publicGroup(g.uri);
                if (group) {
                    v.fail(`S3 bucket ACL must not grant ${typeof g.permission === "string" && g.permission ? g.permission : "access"} to ${group}; remove the grant and use a bucket policy for access.`);
                }
            }
            v.settle();
        },
    ),
};

/**
 * The known grants of a BucketAcl (`accessControlPolicy.grants[].grantee.uri`) or an inline
 * Bucket ACL (`grants[].uri`); a grant, or the list, unknown until apply is left undecided.
 */
function aclGrants(type: string, raw: Record<string, any>, v: Verdicts): { uri: unknown; permission: unknown }[] {
    const inline = BUCKET_TYPES.includes(type);
    const listPath: Path = inline ? ["grants"] : ["accessControlPolicy", "grants"];
    if (!inline && v.isUnknown(raw.accessControlPolicy, ["accessControlPolicy"])) {
        return [];
    }
    const list = inline ? raw.grants : raw.accessControlPolicy?.grants;
    if (v.isUnknown(list, listPath)) {
        return [];
    }
    return asList<any>(list).flatMap((g, i) => {
        const grantee = inline ? g : g?.grantee;
        const granteePath: Path = inline ? [...listPath, i] : [...listPath, i, "grantee"];
        if (v.isUnknown(g, [...listPath, i]) || v.isUnknown(grantee, granteePath) || v.isUnknown(grantee?.uri, [...granteePath, "uri"])) {
            return [];
        }
        return [{ uri: grantee?.uri, permission: inline ? asList(g?.permissions).join("+") : g?.permission }];
    });
}

// --- s3-default-encryption -----------------------------------------------------------------------

interface EncryptionConfig {
    loadBalancerLogTag: string;
    loadBalancerLogTagValue: string;
}

interface SseRule {
    algorithm: unknown;
    bucketKey: unknown;
    urn: string;
}

function sseRules(bucket: BucketView, resources: PolicyResource[]): SseRule[] | undefined {
    const configs = configsOf(bucket, resources, [aws.s3.BucketServerSideEncryptionConfiguration, aws.s3.BucketServerSideEncryptionConfigurationV2]);
    const inline = bucket.inputs.serverSideEncryptionConfiguration;
    if (configs.length === 0 && (inline === undefined || inline === null)) {
        return undefined;
    }
    const out: SseRule[] = [];
    for (const c of configs) {
        const rules = plain(c.props).rules;
        if (rules === UNKNOWN) {
            out.push({ algorithm: UNKNOWN, bucketKey: UNKNOWN, urn: c.urn });
        }
        for (const r of asList<any>(rules === UNKNOWN ? [] : rules)) {
            const byDefault = r?.applyServerSideEncryptionByDefault;
            out.push({ algorithm: byDefault === UNKNOWN ? UNKNOWN : byDefault?.sseAlgorithm, bucketKey: r?.bucketKeyEnabled, urn: c.urn });
        }
    }
    if (inline !== undefined && inline !== null) {
        const rule = inline === UNKNOWN ? UNKNOWN : inline.rule;
        const byDefault = rule === UNKNOWN ? UNKNOWN : rule?.applyServerSideEncryptionByDefault;
        out.push({
            algorithm: byDefault === UNKNOWN ? UNKNOWN : byDefault?.sseAlgorithm,
            bucketKey: rule === UNKNOWN ? UNKNOWN : rule?.bucketKeyEnabled,
            urn: bucket.resource.urn,
        });
    }
    return out;
}

export const s3DefaultEncryption: StackValidationPolicy = {
    name: "s3-default-encryption",
    description: "Checks whether every S3 bucket encrypts by default with SSE-KMS and a bucket key (SSE-S3 only for load-balancer log buckets).",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "s3-default-encryption", "S3 buckets encrypt by default with SSE-KMS and a bucket key"),
    tags: ["checkov:CKV_AWS_19"],
    remediationSteps:
        "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule applyServerSideEncryptionByDefault " +
        "{ sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <S3 key ARN> } and bucketKeyEnabled: true. Load-balancer access-log " +
        "buckets (ELB cannot write to SSE-KMS buckets) are tagged with the configured tag and may use AES256.",
    configSchema: {
        properties: {
            loadBalancerLogTag: { type: "string", default: "platform:purpose", description: "Bucket tag that marks load-balancer access-log buckets." },
            loadBalancerLogTagValue: { type: "string", default: "lb-logs", description: "Value of that tag on load-balancer access-log buckets." },
        },
    },
    validateStack: (args, report) => {
        const cfg = args.getConfig<EncryptionConfig>();
        const tag = cfg.loadBalancerLogTag ?? "platform:purpose";
        const tagValue = cfg.loadBalancerLogTagValue ?? "lb-logs";
        const kmsRequired = `S3 bucket must use SSE-KMS (SSE-S3 only for load-balancer log buckets tagged ${tag}=${tagValue}); set sseAlgorithm: "aws:kms" and bucketKeyEnabled: true.`;
        for (const bucket of bucketsOf(args.resources)) {
            const lbTag = tagOf(bucket, tag);
            const lbLogs = lbTag === tagValue;
            const rules = sseRules(bucket, args.resources);
            if (rules === undefined) {
                // Without a configuration S3 applies SSE-S3 (AES256): enough only for load-balancer logs.
                if (!lbLogs && lbTag !== UNKNOWN) {
                    report(
                        `S3 bucket ${bucketLabel(bucket)} must have default encryption with SSE-KMS and a bucket key; add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" and bucketKeyEnabled: true.`,
                        bucket.resource.urn,
                    );
                }
                continue;
            }
            for (const rule of rules) {
                const algorithm = rule.algorithm ?? "AES256";
                if (algorithm === UNKNOWN) {
                    continue;
                }
                if (algorithm === "aws:kms") {
                    if (rule.bucketKey !== true && rule.bucketKey !== UNKNOWN) {
                        report("S3 SSE-KMS must use a bucket key; set bucketKeyEnabled: true.", rule.urn);
                    }
                } else if (algorithm === "aws:kms:dsse") {
                    // DSSE-KMS does not support bucket keys.
                } else if (!lbLogs && lbTag !== UNKNOWN) {
                    report(kmsRequired, rule.urn);
                }
            }
        }
    },
};

// --- s3-deny-insecure-transport ------------------------------------------------------------------

/** True when a statement denies every S3 action to everyone when the request is not over TLS. */
function deniesInsecureTransport(document: unknown): boolean {
    return statementsOf(document).some((s) => {
        if (s.effect !== "allow" && s.hasUnknown) {
            return true; // A Deny with parts known only after apply cannot be judged in preview.
        }
        if (s.effect !== "deny" || !hasPublicPrincipal(s)) {
            return false;
        }
        if (!s.actions.some((a) => a === "*" || (typeof a === "string" && a.toLowerCase() === "s3:*"))) {
            return false;
        }
        return conditionEntries(s).some(
            (c) => (c.operator === "Bool" || c.operator === "BoolIfExists") && c.key === "aws:securetransport" && c.values.some((v) => v === "false" || v === false),
        );
    });
}

export const s3DenyInsecureTransport: StackValidationPolicy = {
    name: "s3-deny-insecure-transport",
    description: "Checks whether every S3 bucket policy denies requests that do not use TLS.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-aws", "2.1.1", "Ensure S3 Bucket Policy is set to deny HTTP requests"),
    tags: ["fsbp:S3.5"],
    remediationSteps:
        "Add to the bucket's aws.s3.BucketPolicy a statement { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: " +
        "[bucket ARN, bucket ARN/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        for (const bucket of bucketsOf(args.resources)) {
            const policies = configsOf(bucket, args.resources, [aws.s3.BucketPolicy]);
            const documents = policies.map((p) => plain(p.props).policy);
            if (bucket.inputs.policy !== undefined && bucket.inputs.policy !== null) {
                documents.push(bucket.inputs.policy);
            }
            if (documents.some((d) => d === UNKNOWN) || documents.some(deniesInsecureTransport)) {
                // A document known only after apply cannot be judged in preview.
                continue;
            }
            if (documents.length === 0) {
                report(
                    `S3 bucket ${bucketLabel(bucket)} must have a bucket policy that denies requests without TLS; add an aws.s3.BucketPolicy with a Deny on s3:* when aws:SecureTransport is "false".`,
                    bucket.resource.urn,
                );
            } else {
                report(
                    `S3 bucket policy of ${bucketLabel(bucket)} must deny requests without TLS; add a statement Deny, Principal "*", Action "s3:*", Condition { Bool: { "aws:SecureTransport": "false" } }.`,
                    policies[0]?.urn ?? bucket.resource.urn,
                );
            }
        }
    },
};

// --- s3-versioning -------------------------------------------------------------------------------

export const s3Versioning: StackValidationPolicy = {
    name: "s3-versioning",
    description: "Checks whether every S3 bucket has versioning enabled.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "s3-versioning", "S3 buckets keep object versions"),
    tags: [],
    remediationSteps: "Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration: { status: \"Enabled\" }.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        for (const bucket of bucketsOf(args.resources)) {
            const configs = configsOf(bucket, args.resources, [aws.s3.BucketVersioning, aws.s3.BucketVersioningV2]);
            const statuses = configs.map((c) => {
                const v = plain(c.props).versioningConfiguration;
                return { urn: c.urn, status: v === UNKNOWN ? UNKNOWN : v?.status };
            });
            const inline = bucket.inputs.versioning;
            if (inline !== undefined && inline !== null) {
                const enabled = inline === UNKNOWN ? UNKNOWN : inline.enabled;
                statuses.push({ urn: bucket.resource.urn, status: enabled === UNKNOWN ? UNKNOWN : enabled === true ? "Enabled" : "Suspended" });
            }
            if (statuses.some((s) => s.status === "Enabled" || s.status === UNKNOWN)) {
                continue;
            }
            if (statuses.length === 0) {
                report(`S3 bucket ${bucketLabel(bucket)} must have versioning enabled; add an aws.s3.BucketVersioning with versioningConfiguration: { status: "Enabled" }.`, bucket.resource.urn);
            } else {
                report(`S3 bucket versioning must be enabled; set versioningConfiguration: { status: "Enabled" } (was ${JSON.stringify(statuses[0].status ?? null)}).`, statuses[0].urn);
            }
        }
    },
};

// --- s3-access-logging ---------------------------------------------------------------------------

interface LoggingConfig {
    accessLogBucket?: string;
    /** Deprecated name of accessLogBucket (until 2026-12: the archive, which was exempt). */
    archiveBucket?: string;
}

/*
 * Server access logs end in an access-log bucket: S3 would log its own log writes into a bucket
 * that logs itself, and a bucket with an Object Lock default retention (the log archive) cannot
 * receive them at all (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html,
 * read 2026-12-03). So every bucket logs, the log archive included, except the end of the chain:
 * the bucket named by `accessLogBucket` (bucket name or Pulumi resource name: LogArchive's
 * `<name>-access-logs` is auto-named) or, without it, any bucket that another bucket of the stack
 * logs into. No bucket logs into itself.
 */
function isNamed(bucket: BucketView, name: string): boolean {
    return name !== "" && (bucket.name === name || bucket.resource.name === name);
}

export const s3AccessLogging: StackValidationPolicy = {
    name: "s3-access-logging",
    description: "Checks whether every S3 bucket logs server access into a separate access-log bucket.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("fsbp", "S3.9", "S3 general purpose buckets should have server access logging enabled"),
    tags: [],
    remediationSteps:
        "Add an aws.s3.BucketLogging for the bucket with targetBucket set to the access-log bucket (not the bucket itself) and a targetPrefix per bucket; the access-log bucket itself does not log.",
    configSchema: {
        properties: {
            accessLogBucket: {
                type: "string",
                default: "",
                description: "The access-log bucket, by bucket name or Pulumi resource name: it is exempt, and every other bucket's access logs must go to it. Empty: any other bucket, and buckets logged into are exempt.",
            },
            archiveBucket: { type: "string", default: "", description: "Deprecated: the former name of accessLogBucket." },
        },
    },
    validateStack: (args, report) => {
        const cfg = args.getConfig<LoggingConfig>();
        const end = cfg.accessLogBucket || cfg.archiveBucket || "";
        const buckets = bucketsOf(args.resources);
        const loggings = (bucket: BucketView) => {
            const configs = configsOf(bucket, args.resources, [aws.s3.BucketLogging, aws.s3.BucketLoggingV2]);
            const targets = configs.map((c) => ({ resource: c as PolicyResource | undefined, target: plain(c.props).targetBucket as unknown, urn: c.urn }));
            const inline = bucket.inputs.logging;
            if (inline !== undefined && inline !== null) {
                targets.push({ resource: undefined, target: inline === UNKNOWN ? UNKNOWN : inline.targetBucket, urn: bucket.resource.urn });
            }
            return targets;
        };
        const pointsAt = (t: { resource?: PolicyResource; target: unknown }, b: BucketView) =>
            (typeof t.target === "string" && t.target !== "" && (t.target === b.name || t.target === b.resource.name)) ||
            (t.resource !== undefined && refersTo(t.resource, "targetBucket", b.resource, [b.name]));
        const all = buckets.map((b) => ({ bucket: b, targets: loggings(b) }));
        for (const { bucket, targets } of all) {
            const isEnd = end !== "" ? isNamed(bucket, end) : all.some((o) => o.bucket !== bucket && o.targets.some((t) => pointsAt(t, bucket)));
            if (isEnd && targets.length === 0) {
                // The end of the chain does not log: exempt, not passing.
                exemptInStack(args, bucket.resource.urn, "the access-log bucket, where server access logs end, does not log itself");
                continue;
            }
            if (targets.length === 0) {
                report(`S3 bucket ${bucketLabel(bucket)} must log server access; add an aws.s3.BucketLogging with targetBucket set to ${end !== "" ? `the access-log bucket "${end}"` : "a separate access-log bucket"}.`, bucket.resource.urn);
                continue;
            }
            const self = targets.find((t) => pointsAt(t, bucket));
            if (self) {
                report(`S3 bucket ${bucketLabel(bucket)} must not log server access into itself; set targetBucket to ${end !== "" && !isEnd ? `the access-log bucket "${end}"` : "a separate access-log bucket"}.`, self.urn);
                continue;
            }
            if (end === "" || isEnd) {
                continue;
            }
            const toEnd = targets.some((t) => t.target === UNKNOWN || t.target === end || buckets.some((b) => isNamed(b, end) && pointsAt(t, b)));
            if (!toEnd) {
                report(`S3 access logs must go to the access-log bucket "${end}"; set targetBucket: "${end}" (was ${JSON.stringify(targets[0].target ?? null)}).`, targets[0].urn);
            }
        }
    },
};

// --- s3-lifecycle --------------------------------------------------------------------------------

interface LifecycleRuleView {
    enabled: boolean;
    expires: boolean;
    aborts: boolean;
}

function lifecycleRules(bucket: BucketView, resources: PolicyResource[]): { rules: LifecycleRuleView[]; urn: string } | undefined {
    const configs = configsOf(bucket, resources, [aws.s3.BucketLifecycleConfiguration, aws.s3.BucketLifecycleConfigurationV2]);
    const inline = bucket.inputs.lifecycleRules;
    const rules: LifecycleRuleView[] = [];
    const set = (v: unknown) => v !== undefined && v !== null;
    for (const c of configs) {
        const list = plain(c.props).rules;
        if (list === UNKNOWN) {
            rules.push({ enabled: true, expires: true, aborts: true });
        }
        for (const r of asList<any>(list === UNKNOWN ? [] : list)) {
            rules.push({
                enabled: r?.status === "Enabled" || r?.status === UNKNOWN,
                expires: set(r?.expiration?.days) || set(r?.expiration?.date) || r?.expiration === UNKNOWN || set(r?.noncurrentVersionExpiration),
                aborts: set(r?.abortIncompleteMultipartUpload?.daysAfterInitiation) || r?.abortIncompleteMultipartUpload === UNKNOWN,
            });
        }
    }
    if (inline !== undefined && inline !== null) {
        for (const r of asList<any>(inline === UNKNOWN ? [{ enabled: true, expiration: UNKNOWN, abortIncompleteMultipartUploadDays: UNKNOWN }] : inline)) {
            rules.push({
                enabled: r?.enabled === true || r?.enabled === UNKNOWN,
                expires: set(r?.expiration?.days) || set(r?.expiration?.date) || r?.expiration === UNKNOWN || set(r?.noncurrentVersionExpiration),
                aborts: set(r?.abortIncompleteMultipartUploadDays),
            });
        }
    }
    if (configs.length === 0 && (inline === undefined || inline === null)) {
        return undefined;
    }
    return { rules, urn: configs[0]?.urn ?? bucket.resource.urn };
}

export const s3Lifecycle: StackValidationPolicy = {
    name: "s3-lifecycle",
    description: "Checks whether every S3 bucket has a lifecycle that expires objects and aborts incomplete multipart uploads.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("fsbp", "S3.13", "S3 general purpose buckets should have Lifecycle configurations"),
    tags: [],
    remediationSteps:
        "Add an aws.s3.BucketLifecycleConfiguration for the bucket with an enabled rule that has expiration (or noncurrentVersionExpiration " +
        "on versioned buckets) and abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        for (const bucket of bucketsOf(args.resources)) {
            const found = lifecycleRules(bucket, args.resources);
            if (found === undefined) {
                report(
                    `S3 bucket ${bucketLabel(bucket)} must have a lifecycle configuration; add an aws.s3.BucketLifecycleConfiguration with an expiration rule and abortIncompleteMultipartUpload.`,
                    bucket.resource.urn,
                );
                continue;
            }
            const enabled = found.rules.filter((r) => r.enabled);
            if (!enabled.some((r) => r.expires)) {
                report("S3 lifecycle configuration must expire objects; add an enabled rule with expiration or noncurrentVersionExpiration.", found.urn);
            }
            if (!enabled.some((r) => r.aborts)) {
                report("S3 lifecycle configuration must abort incomplete multipart uploads; add an enabled rule with abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.", found.urn);
            }
        }
    },
};

// --- s3-object-lock-for-audit --------------------------------------------------------------------

interface AuditConfig {
    auditTag: string;
    auditTagValue: string;
}

export const s3ObjectLockForAudit: ResourceValidationPolicy = {
    name: "s3-object-lock-for-audit",
    description: "Checks whether S3 buckets that hold audit records have object lock enabled.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "s3-object-lock-for-audit", "Audit buckets have object lock"),
    tags: [],
    remediationSteps:
        "Create the audit bucket with objectLockEnabled: true (it cannot be turned on later without AWS support) and add an " +
        "aws.s3.BucketObjectLockConfiguration with a default retention (COMPLIANCE or GOVERNANCE).",
    configSchema: {
        properties: {
            auditTag: { type: "string", default: "platform:purpose", description: "Bucket tag that marks audit buckets." },
            auditTagValue: { type: "string", default: "audit", description: "Value of that tag on audit buckets." },
        },
    },
    validateResource: validateTypes([aws.s3.Bucket, aws.s3.BucketV2], (props, args, report) => {
        const cfg = args.getConfig<AuditConfig>();
        const tag = cfg.auditTag ?? "platform:purpose";
        const value = cfg.auditTagValue ?? "audit";
        const raw = plain(props);
        const v = new Verdicts(report, props);
        const tagged = v.isUnknown(raw.tags, ["tags"]) ? UNKNOWN : raw.tags?.[tag];
        if (v.isUnknown(tagged, ["tags", tag]) || tagged !== value) {
            return v.settle();
        }
        // A flag known only after apply counts as set: the bucket is created with it or not, and apply tells.
        const lockConfig = raw.objectLockConfiguration;
        const lock =
            raw.objectLockEnabled === true ||
            raw.objectLockEnabled === UNKNOWN ||
            lockConfig === UNKNOWN ||
            lockConfig?.objectLockEnabled === "Enabled" ||
            lockConfig?.objectLockEnabled === UNKNOWN;
        if (!lock) {
            v.fail(`Audit S3 buckets (${tag}=${value}) must have object lock; set objectLockEnabled: true when the bucket is created and add a BucketObjectLockConfiguration with a default retention.`);
        }
        v.settle();
    }),
};

export const s3Policies: Policies = [
    s3PublicAccessBlock,
    s3NoPublicAcl,
    s3DefaultEncryption,
    s3DenyInsecureTransport,
    s3Versioning,
    s3AccessLogging,
    s3Lifecycle,
    s3ObjectLockForAudit,
];
