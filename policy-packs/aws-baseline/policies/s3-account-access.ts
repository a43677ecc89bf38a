import * as aws from "@pulumi/aws";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { actionCovers, allowStatements, Statement } from "../../lib/iam-documents";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { asList, Path, plain, UNKNOWN } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

/*
 * FSBP S3.6: a bucket policy must not allow principals of other AWS accounts the actions that
 * change who can reach the bucket or its encryption: s3:DeleteBucketPolicy, s3:PutBucketAcl,
 * s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6, read 2026-12-03).
 * At least as strict here: the bucket's own account is not known from the policy, so an Allow of
 * any of these actions (or a wildcard or NotAction covering one) to any AWS principal, "*"
 * included, is reported; grants to AWS services (Principal {"Service": ...}) are not principals
 * of an account and are left alone. Bucket administration belongs in identity policies of the
 * owning account.
 */

export const S3_BLOCKED_ACTIONS = ["s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration", "s3:PutObjectAcl"] as const;

/** The keys to the first value unknown until apply inside a plain value ([] when the value itself is unknown). */
function unknownPath(value: unknown): Path {
    if (value === null || typeof value !== "object") {
        return [];
    }
    for (const [k, child] of Object.entries(value)) {
        const key = Array.isArray(value) ? Number(k) : k;
        if (child === UNKNOWN) {
            return [key];
        }
        const rest = unknownPath(child);
        if (rest.length > 0) {
            return [key, ...rest];
        }
    }
    return [];
}

/** Whether a statement names an AWS principal (an account, role, user, "*", or everyone but a few via NotPrincipal). */
function hasAccountPrincipal(s: Statement): boolean {
    if (s.notPrincipal !== undefined) {
        return true;
    }
    const p = s.principal;
    if (p === "*") {
        return true;
    }
    if (p !== null && typeof p === "object" && !Array.isArray(p)) {
        const map = p as Record<string, unknown>;
        return asList(map.AWS).length > 0 || asList(map.CanonicalUser).length > 0 || asList(map.Federated).length > 0;
    }
    return false;
}

/** The blocked actions a statement allows: through Action patterns, or everything NotAction leaves out. */
export function blockedActionsAllowed(s: Statement): string[] {
    if (s.notActions.length > 0) {
        return S3_BLOCKED_ACTIONS.filter((a) => !s.notActions.some((n) => actionCovers(n, a)));
    }
    return S3_BLOCKED_ACTIONS.filter((a) => s.actions.some((pattern) => actionCovers(pattern, a)));
}

export const s3PolicyNoAccountAdministration: ResourceValidationPolicy = {
    name: "s3-policy-no-account-administration",
    description: "Checks whether a bucket policy (an aws.s3.BucketPolicy or a bucket's inline policy) allows an AWS principal to change the bucket's policy, ACLs or encryption.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "S3.6", "S3 general purpose bucket policies should restrict access to other AWS accounts"),
    tags: [],
    remediationSteps: `Remove ${S3_BLOCKED_ACTIONS.join(", ")} (and wildcards such as s3:* or s3:Put* that cover them) from the bucket policy's Allow statements; grant bucket administration through IAM policies of the owning account.`,
    configSchema: { properties: {} },
    validateResource: validateTypes([tokenOf(aws.s3.BucketPolicy), "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"], (props, _args, report) => {
        const v = new Verdicts(report, props);
        const document = plain(props).policy;
        const statements = v.isUnknown(document, ["policy"]) ? [] : allowStatements({ where: "policy", document, path: ["policy"] }, v);
        for (const s of statements) {
            const blocked = blockedActionsAllowed(s);
            if (hasAccountPrincipal(s) && blocked.length > 0) {
                v.fail(`Bucket policy allows ${blocked.join(", ")} to an AWS principal (statement ${s.label}); remove them: only the owning account's IAM policies may administer the bucket.`);
            } else if (s.hasUnknown) {
                // An action or principal known only after apply may still be one of them: read the
                // unknown part itself (reading a known object holding it would not stop the run).
                v.unknown(["policy", ...unknownPath(document)]);
            }
        }
        v.settle();
    }),
};

export const s3AccountAccessPolicies: Policies = [s3PolicyNoAccountAdministration];
