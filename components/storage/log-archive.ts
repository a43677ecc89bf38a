import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs, PlatformRoleArgs, platformRoleInputs, Problems, tagsFor } from "../common";
import { KmsKey } from "../kms/key";
import { checkKeySettings } from "../kms/validate";
import { cloudTrailDeliveryGrants, configDeliveryGrants, flowLogDeliveryGrants, replicationRolePolicy, replicationTrustPolicy, serverAccessLogGrants, TrailSource } from "./policies";
import { checkBucketName, checkObjectLock, SecureBucket } from "./secure-bucket";

/**
 * The shared-services account's log archive: a SecureBucket with its own KMS key that receives
 * the VPC flow logs of the other accounts (or of the whole organization), moves them to Glacier
 * and keeps them for years, optionally under object lock.
 */
export interface LogArchiveArgs extends PlatformRoleArgs {
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
    /**
     * The organization CloudTrail trail the archive receives (components/security OrganizationTrail):
     * the bucket policy admits CloudTrail for exactly this trail. @default no trail
     */
    organizationTrail?: TrailSource;
    /** Accounts whose AWS Config delivery channel writes here (the security account). @default none */
    configSourceAccountIds?: string[];
    /**
     * Bucket that receives the archive's own server access logs (same account and Region, SSE-S3,
     * no object lock). @default a bucket of its own, `<name>-access-logs`, the end of the log chain
     */
    accessLogBucket?: pulumi.Input<string>;
    /**
     * Region of a replica: a second archive there, with its own key, that S3 replication copies
     * every object into (disaster recovery of the audit evidence). Needs `replicaProvider`.
     * @default no replica
     */
    replicaRegion?: string;
    /** AWS provider of the archive's account in `replicaRegion`; required with it. */
    replicaProvider?: pulumi.ProviderResource;
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
    if (args.organizationTrail !== undefined) {
        const t = args.organizationTrail;
        if (!/^arn:aws(-[a-z]+)*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/.test(String(t.trailArn))) {
            p.add("organizationTrail.trailArn", t.trailArn, "is not a CloudTrail trail ARN (arn:aws:cloudtrail:<region>:<management account>:trail/<name>)");
        } else if (!String(t.trailArn).includes(`:${t.managementAccountId}:trail/`)) {
            p.add("organizationTrail.trailArn", t.trailArn, `is not a trail of the management account ${JSON.stringify(t.managementAccountId)}; an organization trail belongs to the management account`);
        }
        if (!/^o-[a-z0-9]{10,32}$/.test(String(t.organizationId))) {
            p.add("organizationTrail.organizationId", t.organizationId, "is not an AWS Organizations ID (o-xxxxxxxxxx)");
        }
        if (!/^\d{12}$/.test(String(t.managementAccountId))) {
            p.add("organizationTrail.managementAccountId", t.managementAccountId, "is not a 12-digit AWS account ID");
        }
    }
    (args.configSourceAccountIds ?? []).forEach((a, i) => {
        if (!/^\d{12}$/.test(a)) {
            p.add(`configSourceAccountIds[${i}]`, a, "is not a 12-digit AWS account ID");
        }
    });
    checkBucketName(p, args.bucketName);
    checkObjectLock(p, args.objectLockMode, args.objectLockDays);
    if (args.replicaRegion !== undefined) {
        if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(String(args.replicaRegion))) {
            p.add("replicaRegion", args.replicaRegion, 'is not an AWS region name such as "eu-central-1"');
        } else if (args.replicaRegion === args.region) {
            p.add("replicaRegion", args.replicaRegion, "is the archive's own region; a replica protects against losing the region, so choose another one");
        }
        if (args.replicaProvider === undefined) {
            p.add("replicaProvider", args.replicaProvider, `is required with replicaRegion: an AWS provider of account ${args.accountId} in ${args.replicaRegion}`);
        }
    } else if (args.replicaProvider !== undefined) {
        p.addMessage("replicaProvider: is set without replicaRegion; set replicaRegion to the provider's region");
    }
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("LogArchive");
}

export class LogArchive extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
    /** The bucket of the archive's server access logs, when the archive made its own (no `accessLogBucket`). */
    accessLogBucketName?: pulumi.Output<string>;
    /** The replica bucket's ARN, when `replicaRegion` is set. */
    readonly replicaBucketArn?: pulumi.Output<string>;
    readonly replicaBucketName?: pulumi.Output<string>;
    readonly replicaKeyArn?: pulumi.Output<string>;

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
                grants: [
                    ...flowLogDeliveryGrants(args.region, { accountIds: args.sourceAccountIds, orgId: args.sourceOrgId }),
                    ...(args.organizationTrail ? cloudTrailDeliveryGrants(args.organizationTrail) : []),
                    ...((args.configSourceAccountIds ?? []).length > 0 ? configDeliveryGrants(args.configSourceAccountIds!) : []),
                ],
                objectLockMode: args.objectLockMode,
                objectLockDays: args.objectLockDays,
                accessLogBucket: args.accessLogBucket ?? this.ownAccessLogBucket(name, args, protect),
                protect,
                // Audit evidence: the baseline expects object lock on buckets with this purpose.
                tags: { ...args.tags, "platform:purpose": "audit" },
            },
            { parent: this },
        );

        if (args.replicaRegion !== undefined && args.replicaProvider !== undefined) {
            const region = args.replicaRegion;
            const inReplica = { parent: this, providers: [args.replicaProvider] };
            // Its own key in its own region: KMS keys are regional, and a replica readable with the
            // source key would not survive the loss of the source region.
            const replicaKey = new KmsKey(
                `${name}-replica-key`,
                {
                    purpose: "s3",
                    accountId: args.accountId,
                    region,
                    aliasPrefix: `${args.aliasPrefix}/log-archive-replica`,
                    description: `replica of the log archive, replicated from ${args.region}`,
                    administratorArns: args.administratorArns,
                    protect,
                    tags: args.tags,
                },
                inReplica,
            );
            const replica = new SecureBucket(
                `${name}-replica`,
                {
                    kmsKeyArn: replicaKey.keyArn,
                    transitionDays: args.glacierAfterDays ?? LOG_ARCHIVE_DEFAULTS.glacierAfterDays,
                    transitionStorageClass: "GLACIER",
                    expirationDays: args.retentionDays ?? LOG_ARCHIVE_DEFAULTS.retentionDays,
                    noncurrentExpirationDays: 30,
                    objectLockMode: args.objectLockMode,
                    objectLockDays: args.objectLockDays,
                    protect,
                    tags: { ...args.tags, "platform:purpose": "audit", "platform:replica-of": `${name}@${args.region}` },
                },
                inReplica,
            );
            const role = new aws.iam.Role(
                `${name}-replication`,
                {
                    ...platformRoleInputs(args, args.accountId, args.region),
                    assumeRolePolicy: JSON.stringify(replicationTrustPolicy(args.accountId)),
                    description: `S3 replication of the log archive from ${args.region} to ${region}`,
                    maxSessionDuration: 3600,
                    tags: tagsFor(args.tags, `${name}-replication`),
                },
                { parent: this },
            );
            const policy = new aws.iam.RolePolicy(
                `${name}-replication`,
                {
                    role: role.name,
                    policy: pulumi
                        .all([bucket.bucketArn, key.keyArn, replica.bucketArn, replicaKey.keyArn])
                        .apply(([sourceBucketArn, sourceKeyArn, replicaBucketArn, replicaKeyArn]) =>
                            JSON.stringify(replicationRolePolicy({ sourceBucketArn, sourceKeyArn, sourceRegion: args.region, replicaBucketArn, replicaKeyArn, replicaRegion: region })),
                        ),
                },
                { parent: this },
            );
            // Replication needs versioning on both buckets: waiting on the two components waits on it.
            new aws.s3.BucketReplicationConfig(
                `${name}-replication`,
                {
                    bucket: bucket.bucketName,
                    role: role.arn,
                    rules: [
                        {
                            id: "replica",
                            status: "Enabled",
                            priority: 1,
                            filter: {},
                            // Deletes stay in the source: the replica is the copy that survives a mistake there too.
                            deleteMarkerReplication: { status: "Disabled" },
                            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                            destination: { bucket: replica.bucketArn, encryptionConfiguration: { replicaKmsKeyId: replicaKey.keyArn } },
                        },
                    ],
                },
                { parent: this, retainOnDelete: protect, dependsOn: [bucket, replica, policy] },
            );
            this.replicaBucketArn = replica.bucketArn;
            this.replicaBucketName = replica.bucketName;
            this.replicaKeyArn = replicaKey.keyArn;
        }

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.keyArn = key.keyArn;
        const replicaOutputs = this.replicaBucketArn ? { replicaBucketArn: this.replicaBucketArn, replicaBucketName: this.replicaBucketName, replicaKeyArn: this.replicaKeyArn } : {};
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, keyArn: this.keyArn, ...replicaOutputs });
    }

    /**
     * The end of the log chain: the archive's server access logs go here, not into the archive
     * itself (S3 would log its own log writes, and a bucket with an Object Lock default retention
     * cannot receive server access logs). SSE-S3, the default encryption AWS documents for server
     * access log destinations (components/storage/policies.ts serverAccessLogGrants has the source);
     * no object lock, no access logging of its own; kept as long as the archive.
     */
    private ownAccessLogBucket(name: string, args: LogArchiveArgs, protect: boolean): pulumi.Output<string> {
        const bucket = new SecureBucket(
            `${name}-access-logs`,
            {
                sseS3ForLoadBalancerLogs: true,
                transitionDays: args.glacierAfterDays ?? LOG_ARCHIVE_DEFAULTS.glacierAfterDays,
                transitionStorageClass: "GLACIER",
                expirationDays: args.retentionDays ?? LOG_ARCHIVE_DEFAULTS.retentionDays,
                noncurrentExpirationDays: 30,
                grants: serverAccessLogGrants(args.accountId, [`${name}/`]),
                protect,
                tags: args.tags,
            },
            { parent: this },
        );
        this.accessLogBucketName = bucket.bucketName;
        return bucket.bucketName;
    }
}
