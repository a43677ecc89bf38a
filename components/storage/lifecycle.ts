import type * as aws from "@pulumi/aws";

/** Storage classes a lifecycle rule may move current versions to. */
export const TRANSITION_STORAGE_CLASSES = ["STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

export interface LifecycleSettings {
    /** Days after creation before current versions move to `transitionStorageClass`, or "never". */
    transitionDays: number | "never";
    transitionStorageClass: TransitionStorageClass;
    /** Days after creation before current versions expire, or "never". */
    expirationDays: number | "never";
    /** Days a version stays after it became noncurrent. */
    noncurrentExpirationDays: number;
    /** Days before an incomplete multipart upload is aborted (its parts are billed until then). */
    abortIncompleteUploadDays: number;
}

/** The bucket's one lifecycle rule, over every object, in the provider's shape. */
export function lifecycleRules(s: LifecycleSettings): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    const rule: aws.types.input.s3.BucketLifecycleConfigurationRule = {
        id: "platform-default",
        status: "Enabled",
        filter: {},
        abortIncompleteMultipartUpload: { daysAfterInitiation: s.abortIncompleteUploadDays },
        noncurrentVersionExpiration: { noncurrentDays: s.noncurrentExpirationDays },
    };
    if (s.transitionDays !== "never") {
        rule.transitions = [{ days: s.transitionDays, storageClass: s.transitionStorageClass }];
    }
    // Without an expiration of current versions, delete markers left alone are cleaned up instead.
    rule.expiration = s.expirationDays === "never" ? { expiredObjectDeleteMarker: true } : { days: s.expirationDays };
    return [rule];
}
