import * as aws from "@pulumi/aws";
import { Policies, ResourceValidationPolicy, remediateResourceOfType, validateResourceOfType } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { actionCovers, allowStatements, CarriedDocument, conditionEntries, hasPublicPrincipal, permissionDocuments, POLICY_DOC_TYPES, scopedToAccountOrOrg, Statement, wildcardPattern } from "../../lib/iam-documents";
import { plain } from "../../lib/values";
import { anyOf, read, test, Tri, Undecided, Verdicts } from "../../lib/verdicts";

export const kmsKeyRotation: ResourceValidationPolicy = {
    name: "kms-key-rotation",
    description: "Checks whether symmetric KMS keys rotate their key material every year.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-aws", "3.6", "Ensure rotation for customer-created symmetric CMKs is enabled"),
    tags: ["checkov:CKV_AWS_7"],
    remediationSteps: "Set enableKeyRotation: true on the key (the KmsKey component does by default).",
    configSchema: { properties: {} },
    validateResource: validateResourceOfType(aws.kms.Key, (key, _args, report) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT" || (key.keyUsage ?? "ENCRYPT_DECRYPT") !== "ENCRYPT_DECRYPT") {
            return;
        }
        if (key.enableKeyRotation !== true) {
            report("KMS key rotation must be on for symmetric keys; set enableKeyRotation: true.");
        }
    }),
    remediateResource: remediateResourceOfType(aws.kms.Key, (key) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        if (spec === "SYMMETRIC_DEFAULT" && key.enableKeyRotation !== true) {
            return { ...key, enableKeyRotation: true };
        }
        return undefined;
    }),
};

const T = {
    key: tokenOf(aws.kms.Key),
    keyPolicy: tokenOf(aws.kms.KeyPolicy),
};

/** The key policy document of a Key or KeyPolicy (unset is the default key policy); none while it is unknown until apply. */
function keyPolicyDocuments(props: Record<string, unknown>, v: Verdicts): CarriedDocument[] {
    const document = plain(props).policy;
    return v.isUnknown(document, ["policy"]) ? [] : [{ where: "key policy", document, path: ["policy"] }];
}

export const kmsPolicyNoPublicPrincipal: ResourceValidationPolicy = {
    name: "kms-policy-no-public-principal",
    description: "Checks whether KMS key policies grant nothing to any principal (\"*\") without an account or organization condition.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("fsbp", "KMS.5", "KMS keys should not be publicly accessible"),
    tags: ["checkov:CKV_AWS_33"],
    remediationSteps:
        "Name the principals (account roots, roles) in the key policy, or keep Principal \"*\" only with a Condition on aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount or aws:PrincipalOrgID.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.key, T.keyPolicy], (props, _args, report) => {
        const v = new Verdicts(report, props);
        for (const s of keyPolicyDocuments(props, v).flatMap((doc) => allowStatements(doc, v))) {
            if (hasPublicPrincipal(s) && !scopedToAccountOrOrg(s)) {
                v.fail(
                    `KMS key policy statement ${s.label} allows any principal ("*") without an account or organization condition; ` +
                        "add a Condition on aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount or aws:PrincipalOrgID, or name the principals.",
                );
            }
        }
        v.settle();
    }),
};

export const kmsNoLockoutBypass: ResourceValidationPolicy = {
    name: "kms-no-lockout-bypass",
    description: "Checks whether KMS key policies keep the policy lockout safety check.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("own", "kms-no-lockout-bypass", "KMS key policies cannot lock the account out of the key"),
    tags: ["compliance-policies:aws-kms-key-disallow-bypass-policy-lockout-safety-check"],
    remediationSteps: "Remove bypassPolicyLockoutSafetyCheck (default false). KMS then refuses a key policy that would leave no principal able to manage the key.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.key, T.keyPolicy], (props, _args, report) => {
        const v = new Verdicts(report);
        v.when(test(read<boolean>(props, "bypassPolicyLockoutSafetyCheck"), (b) => b === true), () =>
            report("KMS key policy lockout safety check must not be bypassed; remove bypassPolicyLockoutSafetyCheck or set it to false."),
        );
        v.settle();
    }),
};

const DEFAULT_MIN_DELETION_WINDOW = 30;

export const kmsDeletionSafety: ResourceValidationPolicy = {
    name: "kms-deletion-safety",
    description: "Checks whether KMS keys wait long enough before deletion, and are protected on stacks that require it.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("own", "kms-deletion-safety", "KMS keys keep a 30-day deletion window and are protected where required"),
    tags: [],
    remediationSteps: "Leave deletionWindowInDays unset or set it to 30 (the KmsKey component does); on production stacks (requireProtection: true) also set the resource option protect: true.",
    configSchema: {
        properties: {
            minDeletionWindowDays: { type: "integer", minimum: 7, maximum: 30, description: "Shortest accepted deletionWindowInDays.", default: DEFAULT_MIN_DELETION_WINDOW },
            requireProtection: { type: "boolean", description: "Set for production stacks: keys must carry the protect option.", default: false },
        },
    },
    validateResource: validateTypes([T.key], (props, args, report) => {
        const cfg = args.getConfig<{ minDeletionWindowDays?: number; requireProtection?: boolean }>();
        const min = cfg.minDeletionWindowDays ?? DEFAULT_MIN_DELETION_WINDOW;
        const v = new Verdicts(report);
        // Unset means 30 days, the longest KMS allows.
        const days = read<number>(props, "deletionWindowInDays");
        v.when(test(days, (d) => d !== undefined && Number(d) < min), () =>
            report(`KMS key deletion window of ${String(days)} days is below ${min}; set deletionWindowInDays: ${Math.max(min, DEFAULT_MIN_DELETION_WINDOW)} or leave it unset.`),
        );
        if (cfg.requireProtection === true && args.opts.protect !== true) {
            v.fail("KMS key must be protected from deletion by Pulumi on this stack; set the resource option protect: true.");
        }
        v.settle();
    }),
};

export const kmsKeyDescribedAndTagged: ResourceValidationPolicy = {
    name: "kms-key-described-and-tagged",
    description: "Checks whether KMS keys say what they protect and carry the required tags.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("own", "kms-key-described-and-tagged", "KMS keys are described and tagged"),
    tags: ["compliance-policies:aws-kms-key-missing-description"],
    remediationSteps: "Set description to the key's purpose (\"EKS secrets for dev\"), and every tag in requiredTags on the key or in the provider's defaultTags.",
    configSchema: {
        properties: {
            requiredTags: { type: "array", items: { type: "string" }, description: "Tag keys every KMS key must carry (own tags or provider defaultTags).", default: [] },
        },
    },
    validateResource: validateTypes([T.key], (props, args, report) => {
        const required = args.getConfig<{ requiredTags?: string[] }>().requiredTags ?? [];
        const v = new Verdicts(report);
        v.when(test(read<string>(props, "description"), (d) => typeof d !== "string" || d.trim() === ""), () =>
            report("KMS key needs a description; set description to what the key protects."),
        );
        const own = read<unknown>(props, "tags");
        const defaultTags = read<unknown>(args.provider?.props, "defaultTags");
        const defaults = defaultTags instanceof Undecided ? defaultTags : read<unknown>(defaultTags, "tags");
        const gaps = required.map((key) => {
            const values = [own, defaults].map((tags) => (tags instanceof Undecided ? tags : read<string>(tags, key)));
            // Present in either map; otherwise undecided while a map or the value is unknown.
            const missing: Tri = values.some((t) => typeof t === "string" && t !== "") ? false : (values.find((t): t is Undecided => t instanceof Undecided) ?? true);
            return { key, missing };
        });
        v.when(anyOf(gaps.map((g) => g.missing)), () =>
            report(`KMS key is missing required tags ${gaps.filter((g) => g.missing === true).map((g) => g.key).join(", ")}; add them to tags or the provider's defaultTags.`),
        );
        v.settle();
    }),
};

const DECRYPT_ACTIONS = ["kms:Decrypt", "kms:ReEncryptFrom"];

/*
 * Key ARNs are arn:<partition>:kms:<region>:<account>:key/<key id>, the id a UUID or, for a
 * multi-Region key, mrk-<32 hex digits> (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN,
 * read 2026-12-03). A Resource pattern whose resource part matches an id of each form that no policy
 * names on purpose (`key/*`, `key*`, `*`, `k?y/*`) matches every key of the Region and account it names.
 */
const ANY_KEY_IDS = ["key/0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f", "key/mrk-0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"];

/** "*" or a KMS ARN pattern that matches every key (`arn:aws:kms:*:*:key/*`, `arn:aws:kms:eu-west-1:111122223333:key*`). */
function isEveryKey(resource: unknown): boolean {
    if (resource === "*") {
        return true;
    }
    const match = typeof resource === "string" ? /^arn:[^:]+:kms:[^:]*:[^:]*:(.*)$/.exec(resource) : null;
    return match !== null && ANY_KEY_IDS.every((id) => wildcardPattern(match[1], { questionMark: true, ignoreCase: false }).test(id));
}

/**
 * True when a statement covers every key: a Resource that matches every key, or a NotResource
 * (every resource but the listed ones) that does not exclude every key.
 */
function onEveryKey(s: Statement): boolean {
    return s.resources.some(isEveryKey) || (s.notResources.length > 0 && !s.notResources.some(isEveryKey));
}

/** Conditions that choose which keys or which uses (kms:ViaService, kms:EncryptionContext*, aws:ResourceTag/*). */
function scopedByKeyCondition(s: Statement): boolean {
    return conditionEntries(s).some((c) => c.key.startsWith("kms:") || c.key.startsWith("aws:resourcetag/"));
}

export const iamNoDecryptAllKeys: ResourceValidationPolicy = {
    name: "iam-no-decrypt-all-keys",
    description: "Checks whether IAM policies avoid allowing decryption with every KMS key.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("fsbp", "KMS.1", "IAM customer managed policies should not allow decryption actions on all KMS keys"),
    tags: ["fsbp:KMS.2"],
    remediationSteps: "List the key ARNs in Resource (the keys the workload reads), or scope the statement with kms:ViaService, kms:EncryptionContext or aws:ResourceTag conditions.",
    configSchema: { properties: {} },
    validateResource: validateTypes(POLICY_DOC_TYPES, (props, args, report) => {
        const v = new Verdicts(report, props);
        for (const doc of permissionDocuments(args.type, props, v)) {
            for (const s of allowStatements(doc, v)) {
                if (!onEveryKey(s) || scopedByKeyCondition(s)) {
                    continue;
                }
                const found = DECRYPT_ACTIONS.filter((action) =>
                    s.notActions.length > 0 ? !s.notActions.some((p) => actionCovers(p, action)) : s.actions.some((p) => actionCovers(p, action)),
                );
                if (found.length > 0) {
                    v.fail(`IAM ${doc.where} allows ${found.join(", ")} on every KMS key (statement ${s.label}); list the key ARNs in Resource, or add a kms:ViaService or kms:EncryptionContext condition.`);
                }
            }
        }
        v.settle();
    }),
};

export const kmsPolicies: Policies = [kmsKeyRotation, kmsPolicyNoPublicPrincipal, kmsNoLockoutBypass, kmsDeletionSafety, kmsKeyDescribedAndTagged, iamNoDecryptAllKeys];
