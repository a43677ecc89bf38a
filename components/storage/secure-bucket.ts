import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful, tagsFor } from "../common";
import { lifecycleRules, TRANSITION_STORAGE_CLASSES, TransitionStorageClass } from "./lifecycle";
import { BucketGrant, secureBucketPolicy } from "./policies";

/**
 * An S3 bucket with the baseline on: public access blocked, ACLs disabled (BucketOwnerEnforced),
 * SSE-KMS with a bucket key, versioning, TLS-only policy, a lifecycle rule, optional object lock
 * and access logging. The bucket is protected and retained unless `protect: false`.
 */
export interface SecureBucketArgs {
    /** Physical bucket name. @default auto-named from the component name */
    bucketName?: string;
    /** KMS key for default encryption; required unless `sseS3ForLoadBalancerLogs`. */
    kmsKeyArn?: pulumi.Input<string>;
    /**
     * Encrypt with SSE-S3 (AES256) instead of KMS, for buckets AWS services write to without
     * supporting KMS: Elastic Load Balancing access logs and S3 server access logs.
     * @default false
     */
    sseS3ForLoadBalancerLogs?: boolean;
    /** Days before current versions move to `transitionStorageClass`, or "never". @default 90 */
    transitionDays?: number | "never";
    /** @default "STANDARD_IA" */
    transitionStorageClass?: TransitionStorageClass;
    /** Days before current versions expire, or "never". @default 365 */
    expirationDays?: number | "never";
    /** Days a noncurrent version is kept. @default 90 */
    noncurrentExpirationDays?: number;
    /** Days before incomplete multipart uploads are aborted. @default 7 */
    abortIncompleteUploadDays?: number;
    /** Extra Allow statements (writers, readers); the TLS-only Deny always comes first. @default none */
    grants?: BucketGrant[];
    /** Turns on object lock with this default retention mode. @default no object lock */
    objectLockMode?: "GOVERNANCE" | "COMPLIANCE";
    /** Default retention in days; required with `objectLockMode`. */
    objectLockDays?: number;
    /** Bucket that receives server access logs (it must use SSE-S3). @default no access logging */
    accessLogBucket?: pulumi.Input<string>;
    /** Key prefix of the access logs. @default "<name>/" */
    accessLogPrefix?: string;
    /** Protect the bucket from `pulumi destroy` and retain it when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const SECURE_BUCKET_DEFAULTS = {
    sseS3ForLoadBalancerLogs: false,
    transitionDays: 90,
    transitionStorageClass: "STANDARD_IA" as TransitionStorageClass,
    expirationDays: 365,
    noncurrentExpirationDays: 90,
    abortIncompleteUploadDays: 7,
    protect: true,
} as const;

/** Tag that marks a bucket allowed to use SSE-S3 (what the s3-default-encryption policy reads). */
export const LOAD_BALANCER_LOG_TAG = "platform:purpose";
export const LOAD_BALANCER_LOG_TAG_VALUE = "lb-logs";

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KMS_ARN = /^arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;
const SID = /^[A-Za-z0-9]+$/;

function checkDays(p: Problems, path: string, value: unknown, allowNever: boolean): void {
    if (allowNever && value === "never") {
        return;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 36500) {
        p.add(path, value, allowNever ? 'is not a whole number of days in 1..36500 or "never"' : "is not a whole number of days in 1..36500");
    }
}

/** Checks a physical bucket name, when one is given. */
export function checkBucketName(p: Problems, bucketName: string | undefined): void {
    if (bucketName !== undefined && (!BUCKET_NAME.test(bucketName) || bucketName.includes("..") || /^\d+\.\d+\.\d+\.\d+$/.test(bucketName))) {
        p.add("bucketName", bucketName, "is not an S3 bucket name (3-63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit)");
    }
}

/** Checks the object lock pair: a mode and its days, or neither. */
export function checkObjectLock(p: Problems, mode: string | undefined, days: number | undefined): void {
    if (mode !== undefined) {
        p.oneOf("objectLockMode", mode, ["GOVERNANCE", "COMPLIANCE"]);
        checkDays(p, "objectLockDays", days, false);
    } else if (days !== undefined) {
        p.add("objectLockDays", days, "is set without objectLockMode; set objectLockMode to GOVERNANCE or COMPLIANCE");
    }
}

export function validateSecureBucketArgs(args: SecureBucketArgs): void {
    const p = new Problems();
    checkBucketName(p, args.bucketName);
    const sseS3 = args.sseS3ForLoadBalancerLogs ?? SECURE_BUCKET_DEFAULTS.sseS3ForLoadBalancerLogs;
    if (args.kmsKeyArn === undefined && !sseS3) {
        p.add("kmsKeyArn", args.kmsKeyArn, "is required: buckets are encrypted with a KMS key (sseS3ForLoadBalancerLogs: true only for load balancer or access log buckets)");
    }
    if (args.kmsKeyArn !== undefined && sseS3) {
        p.addMessage("kmsKeyArn and sseS3ForLoadBalancerLogs: both set; a load balancer log bucket uses SSE-S3 and no key");
    }
    if (typeof args.kmsKeyArn === "string" && !KMS_ARN.test(args.kmsKeyArn)) {
        p.add("kmsKeyArn", args.kmsKeyArn, "is not a KMS key or alias ARN");
    }
    const transitionDays = args.transitionDays ?? SECURE_BUCKET_DEFAULTS.transitionDays;
    const storageClass = args.transitionStorageClass ?? SECURE_BUCKET_DEFAULTS.transitionStorageClass;
    const expirationDays = args.expirationDays ?? SECURE_BUCKET_DEFAULTS.expirationDays;
    checkDays(p, "transitionDays", transitionDays, true);
    checkDays(p, "expirationDays", expirationDays, true);
    p.oneOf("transitionStorageClass", storageClass, TRANSITION_STORAGE_CLASSES);
    if ((storageClass === "STANDARD_IA" || storageClass === "ONEZONE_IA") && typeof transitionDays === "number" && transitionDays < 30) {
        p.add("transitionDays", transitionDays, `is below 30; S3 moves objects to ${storageClass} after 30 days at the earliest`);
    }
    if (typeof transitionDays === "number" && typeof expirationDays === "number" && expirationDays <= transitionDays) {
        p.addMessage(`expirationDays: ${expirationDays} is not after transitionDays ${transitionDays}; objects would expire before they move`);
    }
    checkDays(p, "noncurrentExpirationDays", args.noncurrentExpirationDays ?? SECURE_BUCKET_DEFAULTS.noncurrentExpirationDays, false);
    p.intRange("abortIncompleteUploadDays", args.abortIncompleteUploadDays ?? SECURE_BUCKET_DEFAULTS.abortIncompleteUploadDays, 1, 30);
    checkObjectLock(p, args.objectLockMode, args.objectLockDays);
    if (args.accessLogPrefix !== undefined && args.accessLogBucket === undefined) {
        p.add("accessLogPrefix", args.accessLogPrefix, "is set without accessLogBucket");
    }
    const sids = new Set<string>(["DenyInsecureTransport"]);
    (args.grants ?? []).forEach((g, i) => {
        if (!SID.test(g.sid) || sids.has(g.sid)) {
            p.add(`grants[${i}].sid`, g.sid, "is not a unique statement ID of letters and digits");
        }
        sids.add(g.sid);
        const principals = Object.values(g.principal).flat();
        if (principals.includes("*")) {
            p.add(`grants[${i}].principal`, g.principal, "names *; grant to a service with source conditions or to roles");
        }
        if (g.actions.length === 0 || g.actions.some((a) => a === "*" || a === "s3:*")) {
            p.add(`grants[${i}].actions`, g.actions, "is empty or grants every action; list the S3 actions needed");
        }
    });
    p.throwIfAny("SecureBucket");
}

export class SecureBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly bucketRegionalDomainName: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:storage:SecureBucket", name, {}, opts);
        validateSecureBucketArgs(args);
        const d = SECURE_BUCKET_DEFAULTS;
        const protect = args.protect ?? d.protect;
        const objectLock = args.objectLockMode !== undefined;
        const sseS3 = args.sseS3ForLoadBalancerLogs ?? d.sseS3ForLoadBalancerLogs;

        // The guards go with the bucket: a bucket retained in AWS keeps its public access block,
        // encryption, versioning and policy instead of being left bare.
        const guard = (extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions => ({ ...extra, parent: this, retainOnDelete: protect });
        const bucket = new aws.s3.Bucket(
            name,
            {
                bucket: args.bucketName,
                forceDestroy: false,
                objectLockEnabled: objectLock,
                // The baseline's s3-default-encryption policy accepts SSE-S3 only on buckets carrying this tag.
                tags: tagsFor(args.tags, args.bucketName ?? name, sseS3 ? { [LOAD_BALANCER_LOG_TAG]: LOAD_BALANCER_LOG_TAG_VALUE } : undefined),
            },
            stateful(this, protect),
        );
        const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            guard(),
        );
        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership-controls`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, guard());
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [
                    sseS3
                        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }
                        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true },
                ],
            },
            guard(),
        );
        const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, guard());
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: lifecycleRules({
                    transitionDays: args.transitionDays ?? d.transitionDays,
                    transitionStorageClass: args.transitionStorageClass ?? d.transitionStorageClass,
                    expirationDays: args.expirationDays ?? d.expirationDays,
                    noncurrentExpirationDays: args.noncurrentExpirationDays ?? d.noncurrentExpirationDays,
                    abortIncompleteUploadDays: args.abortIncompleteUploadDays ?? d.abortIncompleteUploadDays,
                }),
            },
            guard({ dependsOn: [versioning] }),
        );
        const grants = args.grants ?? [];
        // The public access block goes first so that the policy never exists on an unguarded bucket.
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(secureBucketPolicy(arn, grants))) },
            guard({ dependsOn: [publicAccessBlock, ownership] }),
        );
        if (objectLock) {
            new aws.s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                { bucket: bucket.id, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode: args.objectLockMode, days: args.objectLockDays } } },
                guard({ dependsOn: [versioning] }),
            );
        }
        if (args.accessLogBucket !== undefined) {
            new aws.s3.BucketLogging(
                `${name}-access-logging`,
                {
                    bucket: bucket.id,
                    targetBucket: args.accessLogBucket,
                    targetPrefix: args.accessLogPrefix ?? `${name}/`,
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                guard(),
            );
        }

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, bucketRegionalDomainName: this.bucketRegionalDomainName });
    }
}
