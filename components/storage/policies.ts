import { dnsSuffixOf, partitionOf, PolicyDocument, policyDocument, PolicyStatement } from "../common";

/**
 * Bucket policy documents, pure so that they are tested as documents. The bucket ARN is a plain
 * string here; the component renders the document once the bucket's ARN is known.
 */

/** One Allow statement of a bucket policy: who may do what on the bucket or on some of its objects. */
export interface BucketGrant {
    /** Statement ID, letters and digits. */
    sid: string;
    /** A service (`{ Service: "delivery.logs.amazonaws.com" }`) or roles (`{ AWS: [...] }`); never `*`. */
    principal: { Service: string | string[] } | { AWS: string | string[] };
    /** S3 actions, e.g. `["s3:PutObject"]`. */
    actions: string[];
    /** Object key patterns (`AWSLogs/111111111111/*`); unset: the statement is about the bucket itself. */
    objectKeys?: string[];
    /** Conditions that pin the caller (source account, source ARN, ACL). */
    condition?: PolicyStatement["Condition"];
}

/** Refuses every request that does not use TLS (CIS 2.1.1, FSBP S3.5). */
export function denyInsecureTransportStatement(bucketArn: string): PolicyStatement {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

export function grantStatement(bucketArn: string, grant: BucketGrant): PolicyStatement {
    const statement: PolicyStatement = {
        Sid: grant.sid,
        Effect: "Allow",
        Principal: grant.principal,
        Action: grant.actions,
        Resource: grant.objectKeys ? grant.objectKeys.map((k) => `${bucketArn}/${k}`) : bucketArn,
    };
    if (grant.condition) {
        statement.Condition = grant.condition;
    }
    return statement;
}

/** The policy of a SecureBucket: TLS only, then the grants. */
export function secureBucketPolicy(bucketArn: string, grants: BucketGrant[] = []): PolicyDocument {
    return policyDocument([denyInsecureTransportStatement(bucketArn), ...grants.map((g) => grantStatement(bucketArn, g))]);
}

/** Where VPC flow logs come from: listed accounts, or every account of an organization. */
export interface LogSources {
    accountIds?: string[];
    orgId?: string;
}

/**
 * What the log delivery service needs to write VPC flow logs of other accounts into the bucket,
 * as AWS documents it (the ACL check on the bucket, and PutObject under each account's prefix with
 * the bucket-owner-full-control ACL), pinned to the source accounts or the organization.
 *
 * A flow log writes under `AWSLogs/<account>/vpcflowlogs/...`, or, with Hive-compatible partitions
 * (what SpokeVpc's S3 flow log uses), under `AWSLogs/aws-account-id=<account>/aws-service=vpcflowlogs/...`;
 * each account gets both prefixes, or every PutObject of a Hive-partitioned flow log is denied.
 */
/** The key prefixes a flow log of `accountId` writes under: plain and Hive-compatible partitions. */
export function flowLogObjectKeys(accountId: string): string[] {
    return [`AWSLogs/${accountId}/*`, `AWSLogs/aws-account-id=${accountId}/*`];
}

export function flowLogDeliveryGrants(region: string, sources: LogSources): BucketGrant[] {
    const principal = { Service: "delivery.logs.amazonaws.com" };
    if (sources.orgId) {
        const org = { "aws:SourceOrgID": sources.orgId };
        return [
            { sid: "AWSLogDeliveryAclCheck", principal, actions: ["s3:GetBucketAcl"], condition: { StringEquals: org } },
            {
                sid: "AWSLogDeliveryWrite",
                principal,
                actions: ["s3:PutObject"],
                objectKeys: ["AWSLogs/*"],
                condition: { StringEquals: { ...org, "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
        ];
    }
    const accounts = sources.accountIds ?? [];
    const sourceArns = accounts.map((a) => `arn:${partitionOf(region)}:logs:*:${a}:*`);
    return [
        {
            sid: "AWSLogDeliveryAclCheck",
            principal,
            actions: ["s3:GetBucketAcl"],
            condition: { StringEquals: { "aws:SourceAccount": accounts }, ArnLike: { "aws:SourceArn": sourceArns } },
        },
        {
            sid: "AWSLogDeliveryWrite",
            principal,
            actions: ["s3:PutObject"],
            objectKeys: accounts.flatMap((a) => flowLogObjectKeys(a)),
            condition: { StringEquals: { "aws:SourceAccount": accounts, "s3:x-amz-acl": "bucket-owner-full-control" }, ArnLike: { "aws:SourceArn": sourceArns } },
        },
    ];
}

/** The two buckets and keys of a replication, as plain ARNs. */
export interface ReplicationEnds {
    sourceBucketArn: string;
    sourceKeyArn: string;
    sourceRegion: string;
    replicaBucketArn: string;
    replicaKeyArn: string;
    replicaRegion: string;
}

/**
 * The identity policy of the role S3 replication assumes, as AWS documents it for SSE-KMS
 * objects: read the source's replication configuration and object versions (with their
 * retention and legal hold, for object lock), replicate into the replica, decrypt with the source
 * key and encrypt with the replica key, each only through S3 of its region and only for its
 * bucket's objects (the encryption context is the bucket ARN with a bucket key, the object ARN
 * without).
 */
export function replicationRolePolicy(e: ReplicationEnds): PolicyDocument {
    const viaS3 = (region: string) => `s3.${region}.${dnsSuffixOf(region)}`;
    return policyDocument([
        { Sid: "SourceBucket", Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: e.sourceBucketArn },
        {
            Sid: "SourceObjects",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging", "s3:GetObjectRetention", "s3:GetObjectLegalHold"],
            Resource: `${e.sourceBucketArn}/*`,
        },
        { Sid: "ReplicaObjects", Effect: "Allow", Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `${e.replicaBucketArn}/*` },
        {
            Sid: "DecryptSource",
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: e.sourceKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaS3(e.sourceRegion) }, StringLike: { "kms:EncryptionContext:aws:s3:arn": [e.sourceBucketArn, `${e.sourceBucketArn}/*`] } },
        },
        {
            Sid: "EncryptReplica",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: e.replicaKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaS3(e.replicaRegion) }, StringLike: { "kms:EncryptionContext:aws:s3:arn": [e.replicaBucketArn, `${e.replicaBucketArn}/*`] } },
        },
    ]);
}

/** Trust policy of the replication role: S3, on behalf of this account only. */
export function replicationTrustPolicy(accountId: string): PolicyDocument {
    return policyDocument([{ Sid: "S3Replicates", Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }]);
}

/** The organization trail a log archive receives: its ARN and where it writes. */
export interface TrailSource {
    /** The trail's ARN (an organization trail belongs to the management account). */
    trailArn: string;
    /** The organization: member accounts' logs go under `AWSLogs/<organizationId>/`. */
    organizationId: string;
    /** The management account: its own logs go under `AWSLogs/<managementAccountId>/`. */
    managementAccountId: string;
}

/**
 * What CloudTrail needs to deliver an organization trail into the bucket, as AWS documents it:
 * the ACL check on the bucket and PutObject with the bucket-owner-full-control ACL under the
 * management account's prefix and the organization's, both only for this trail (`aws:SourceArn`)
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html#org-trail-bucket-policy,
 * read 2026-12-03). The log and digest files carry the trail's own KMS key, not the bucket's.
 */
export function cloudTrailDeliveryGrants(trail: TrailSource): BucketGrant[] {
    const principal = { Service: "cloudtrail.amazonaws.com" };
    const source = { "aws:SourceArn": trail.trailArn };
    return [
        { sid: "AWSCloudTrailAclCheck", principal, actions: ["s3:GetBucketAcl"], condition: { StringEquals: source } },
        {
            sid: "AWSCloudTrailWrite",
            principal,
            actions: ["s3:PutObject"],
            objectKeys: [`AWSLogs/${trail.managementAccountId}/*`, `AWSLogs/${trail.organizationId}/*`],
            condition: { StringEquals: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    ];
}

/**
 * What AWS Config needs to deliver configuration history and snapshots of the listed accounts:
 * the ACL and existence checks on the bucket and PutObject under each account's `Config/` prefix,
 * each pinned to the accounts (`aws:SourceAccount`), as AWS documents it for a recorder with the
 * service-linked role (https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html, read 2026-12-03).
 */
export function configDeliveryGrants(accountIds: string[]): BucketGrant[] {
    const principal = { Service: "config.amazonaws.com" };
    const source = { "aws:SourceAccount": accountIds };
    return [
        { sid: "AWSConfigBucketPermissionsCheck", principal, actions: ["s3:GetBucketAcl"], condition: { StringEquals: source } },
        { sid: "AWSConfigBucketExistenceCheck", principal, actions: ["s3:ListBucket"], condition: { StringEquals: source } },
        {
            sid: "AWSConfigBucketDelivery",
            principal,
            actions: ["s3:PutObject"],
            objectKeys: accountIds.map((a) => `AWSLogs/${a}/Config/*`),
            condition: { StringEquals: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
    ];
}

/**
 * What S3 server access logging needs on the bucket that receives the logs: PutObject for the
 * logging service under the given prefixes, only from buckets of this account. S3 delivers with
 * this bucket policy when ACLs are disabled (BucketOwnerEnforced), and the target must be in the
 * same account and Region, without an Object Lock default retention, without access logging of
 * its own (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html,
 * read 2026-12-03).
 */
export function serverAccessLogGrants(accountId: string, prefixes: string[]): BucketGrant[] {
    return [
        {
            sid: "S3ServerAccessLogsPolicy",
            principal: { Service: "logging.s3.amazonaws.com" },
            actions: ["s3:PutObject"],
            objectKeys: prefixes.map((p) => `${p}*`),
            condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ];
}
