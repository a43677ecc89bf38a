import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { KmsKey } from "../kms/key";
import { checkKeySettings } from "../kms/validate";
import { flowLogDeliveryGrants } from "./policies";
import { checkBucketName, checkObjectLock, SecureBucket } from "./secure-bucket";

/**
 * The shared-services account's log archive: a SecureBucket with its own KMS key that receives
 * the VPC flow logs of the other accounts (or of the whole organization), moves them to Glacier
 * and keeps them for years, optionally under object lock.
 */
export interface LogArchiveArgs {
    /** Account that owns the archive (the shared-services account). */
    accountId: string;
    /** Region of the archive. */
    region: string;
    /** Alias prefix of the archive's key: `alias/<aliasPrefix>/log-archive`. */
    aliasPrefix: string;
    /** Accounts whose VPC flow logs are delivered here; or set `sourceOrgId`. */
    sourceAccountIds?: string[];
    /** Organization whose accounts' VPC flow logs are delivered here; or set `sourceAccountIds`. */
    sourceOrgId?: string;
    /** Physical bucket name. @default auto-named */
    bucketName?: string;
    /** Days before logs move to Glacier Flexible Retrieval. @default 90 */
    glacierAfterDays?: number;
    /** Days logs are kept. @default 2557 (7 years) */
    retentionDays?: number;
    /** Object lock mode for audit evidence. @default no object lock */
    objectLockMode?: "GOVERNANCE" | "COMPLIANCE";
    /** Object lock default retention in days; required with `objectLockMode`. */
    objectLockDays?: number;
    /** Roles that administer the archive's key. @default none */
    administratorArns?: string[];
    /** Bucket that receives the archive's own server access logs. @default none */
    accessLogBucket?: pulumi.Input<string>;
    /** @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const LOG_ARCHIVE_DEFAULTS = {
    glacierAfterDays: 90,
    retentionDays: 2557,
    protect: true,
} as const;

export function validateLogArchiveArgs(args: LogArchiveArgs): void {
    const p = new Problems();
    checkKeySettings(p, { accountId: args.accountId, region: args.region, aliasPrefix: args.aliasPrefix, administratorArns: args.administratorArns }, []);
    const accounts = args.sourceAccountIds ?? [];
    if (accounts.length === 0 && args.sourceOrgId === undefined) {
        p.addMessage("sourceAccountIds and sourceOrgId: both unset; list the accounts whose flow logs the archive receives, or the organization");
    }
    if (accounts.length > 0 && args.sourceOrgId !== undefined) {
        p.addMessage("sourceAccountIds and sourceOrgId: both set; set one of them");
    }
    accounts.forEach((a, i) => {
        if (!/^\d{12}$/.test(a)) {
            p.add(`sourceAccountIds[${i}]`, a, "is not a 12-digit AWS account ID");
        }
    });
    if (args.sourceOrgId !== undefined && !/^o-[a-z0-9]{10,32}$/.test(args.sourceOrgId)) {
        p.add("sourceOrgId", args.sourceOrgId, "is not an AWS Organizations ID (o-xxxxxxxxxx)");
    }
    const glacier = args.glacierAfterDays ?? LOG_ARCHIVE_DEFAULTS.glacierAfterDays;
    const retention = args.retentionDays ?? LOG_ARCHIVE_DEFAULTS.retentionDays;
    p.intRange("glacierAfterDays", glacier, 1, 36500);
    p.intRange("retentionDays", retention, 1, 36500);
    if (Number.isInteger(glacier) && Number.isInteger(retention) && retention <= glacier) {
        p.addMessage(`retentionDays: ${retention} is not after glacierAfterDays ${glacier}; logs would expire before they move`);
    }
    if (args.objectLockDays !== undefined && args.objectLockDays > retention) {
        p.add("objectLockDays", args.objectLockDays, `is longer than retentionDays ${retention}; locked logs could not expire`);
    }
    checkBucketName(p, args.bucketName);
    checkObjectLock(p, args.objectLockMode, args.objectLockDays);
    p.throwIfAny("LogArchive");
}

export class LogArchive extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: LogArchiveArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:storage:LogArchive", name, {}, opts);
        validateLogArchiveArgs(args);
        const protect = args.protect ?? LOG_ARCHIVE_DEFAULTS.protect;
        const key = new KmsKey(
            `${name}-key`,
            {
                purpose: "log-archive",
                accountId: args.accountId,
                region: args.region,
                aliasPrefix: args.aliasPrefix,
                administratorArns: args.administratorArns,
                logSourceAccountIds: args.sourceOrgId === undefined ? args.sourceAccountIds : undefined,
                logSourceOrgId: args.sourceOrgId,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );
        const bucket = new SecureBucket(
            name,
            {
                bucketName: args.bucketName,
                kmsKeyArn: key.keyArn,
                transitionDays: args.glacierAfterDays ?? LOG_ARCHIVE_DEFAULTS.glacierAfterDays,
                transitionStorageClass: "GLACIER",
                expirationDays: args.retentionDays ?? LOG_ARCHIVE_DEFAULTS.retentionDays,
                noncurrentExpirationDays: 30,
                grants: flowLogDeliveryGrants(args.region, { accountIds: args.sourceAccountIds, orgId: args.sourceOrgId }),
                objectLockMode: args.objectLockMode,
                objectLockDays: args.objectLockDays,
                accessLogBucket: args.accessLogBucket,
                protect,
                // Audit evidence: the baseline expects object lock on buckets with this purpose.
                tags: { ...args.tags, "platform:purpose": "audit" },
            },
            { parent: this },
        );

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.keyArn = key.keyArn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, keyArn: this.keyArn });
    }
}
