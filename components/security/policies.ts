import { accountRoot, dnsSuffixOf, partitionOf, PolicyDocument, policyDocument } from "../common";
import { KEY_USE_ACTIONS } from "../kms/policies";

/**
 * Key and trust policies of the security components, pure so that they are tested as documents.
 * Every key policy starts with the IAM delegation to the owning account's root (as in
 * components/kms), then exactly what one AWS service needs, pinned to one trail or one account.
 */

export interface TrailKeyContext {
    /** Account that owns the key (the security account). */
    accountId: string;
    /** Region of the key and of the trail's home region. */
    region: string;
    /** The management account: it owns every organization trail, also one a delegated administrator created. */
    managementAccountId: string;
    /** The trail's ARN (in the management account). */
    trailArn: string;
}

/**
 * The organization trail's key, as AWS documents it for trails: CloudTrail may generate data keys
 * only for this trail (`aws:SourceArn`) and with the encryption context of a trail of the
 * management account (`kms:EncryptionContext:aws:cloudtrail:arn`), and describe the key for it.
 * Log and digest files are both encrypted with it. Principals of the security account decrypt
 * through IAM (EnableIamPolicies); nobody else can, the log archive's own account included
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/default-kms-key-policy.html, read 2026-12-03).
 */
export function trailKeyPolicy(ctx: TrailKeyContext): PolicyDocument {
    const partition = partitionOf(ctx.region);
    return policyDocument([
        { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: accountRoot(ctx.accountId, ctx.region) }, Action: "kms:*", Resource: "*" },
        {
            Sid: "CloudTrailEncryptLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": ctx.trailArn },
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:${partition}:cloudtrail:*:${ctx.managementAccountId}:trail/*` },
            },
        },
        { Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": ctx.trailArn } } },
    ]);
}

/**
 * The key AWS Config encrypts its configuration history and snapshots with in the log archive:
 * the Config service principal, for this account only (`aws:SourceAccount`), as AWS documents it
 * for a delivery channel recording with the service-linked role
 * (https://docs.aws.amazon.com/config/latest/developerguide/s3-kms-key-policy.html, read 2026-12-03).
 */
export function configKeyPolicy(accountId: string, region: string): PolicyDocument {
    return policyDocument([
        { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: accountRoot(accountId, region) }, Action: "kms:*", Resource: "*" },
        {
            Sid: "ConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

/**
 * The key of the trail's CloudWatch Logs log group: CloudWatch Logs of this region, only for this
 * account's log groups (the pattern of components/kms logsKeyPolicy).
 */
export function trailLogsKeyPolicy(accountId: string, region: string): PolicyDocument {
    return policyDocument([
        { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: accountRoot(accountId, region) }, Action: "kms:*", Resource: "*" },
        {
            Sid: "CloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.${dnsSuffixOf(region)}` },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partitionOf(region)}:logs:${region}:${accountId}:*` } },
        },
    ]);
}

/** Trust policy of a role an AWS service assumes on behalf of this account only (confused deputy). */
export function serviceTrustPolicy(service: string, accountId: string): PolicyDocument {
    return policyDocument([{ Sid: "ServiceAssumes", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": accountId } } }]);
}

/**
 * What CloudTrail needs to write a trail's events into its log group
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-required-policy-for-cloudwatch-logs.html, read 2026-12-03):
 * create log streams and put events in that group only. An organization trail writes streams
 * named after the organization and the member accounts.
 */
export function trailLogsRolePolicy(logGroupArn: string): PolicyDocument {
    return policyDocument([{ Sid: "TrailToLogGroup", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroupArn}:log-stream:*` }]);
}
