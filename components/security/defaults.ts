import { partitionOf } from "../common";

/**
 * Names and versions the security components pin, in one place (STYLE 11), each with the AWS
 * document it comes from.
 */

/** The organization trail's name; the log archive's bucket policy names the trail by it. */
export const ORGANIZATION_TRAIL_NAME = "platform-organization-trail";

/**
 * The Security Hub standards every account is subscribed to, by their ARN suffix: AWS Foundational
 * Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0. Both ARNs are regional
 * (`arn:aws:securityhub:<region>::standards/...`; only CIS 1.2.0 has the regionless `ruleset/` form)
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html,
 * https://docs.aws.amazon.com/securityhub/latest/APIReference/API_BatchEnableStandards.html, read 2026-12-03).
 */
export const SECURITY_HUB_STANDARDS = {
    fsbp: "aws-foundational-security-best-practices/v/1.0.0",
    cis: "cis-aws-foundations-benchmark/v/3.0.0",
} as const;
export type SecurityHubStandard = keyof typeof SECURITY_HUB_STANDARDS;

/** A standard's ARN in a region. */
export function standardArn(region: string, standard: SecurityHubStandard): string {
    return `arn:${partitionOf(region)}:securityhub:${region}::standards/${SECURITY_HUB_STANDARDS[standard]}`;
}

/**
 * GuardDuty protection plans turned on in the delegated administrator's detector and for every
 * member account: S3 Protection, EKS Protection (audit logs), Malware Protection for EC2 (EBS
 * volumes), RDS Protection (login events), Lambda Protection (network activity) and Runtime
 * Monitoring with the agent managed by GuardDuty on EKS, ECS Fargate and EC2. FSBP GuardDuty.1
 * (enabled), GuardDuty.5 (EKS audit logs), GuardDuty.6 (Lambda), GuardDuty.7 (EKS runtime monitoring
 * with automated agent management), GuardDuty.8 (malware protection for EC2), GuardDuty.9 (RDS),
 * GuardDuty.10 (S3), GuardDuty.11 (Runtime Monitoring), GuardDuty.12 (ECS Fargate agent),
 * GuardDuty.13 (EC2 agent). RUNTIME_MONITORING supersedes EKS_RUNTIME_MONITORING; the API refuses
 * both at once (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html,
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorAdditionalConfiguration.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html, read 2026-12-03).
 * Runtime Monitoring and Malware Protection are billed per vCPU and per GB scanned.
 */
export const GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/** Additional configuration of a feature: Runtime Monitoring deploys and updates its agent itself on EKS (add-on), ECS Fargate (sidecar) and EC2 (SSM). */
export const GUARDDUTY_ADDITIONAL_CONFIGURATION: Partial<Record<GuardDutyFeature, string[]>> = {
    RUNTIME_MONITORING: ["EKS_ADDON_MANAGEMENT", "ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"],
};

export const FINDING_PUBLISHING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingPublishingFrequency = (typeof FINDING_PUBLISHING_FREQUENCIES)[number];

/**
 * The AWS managed policy of the role an organization Config aggregator assumes
 * (https://docs.aws.amazon.com/config/latest/developerguide/set-up-aggregator-cli.html#add-an-aggregator-organization-cli,
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSConfigRoleForOrganizations.html, read 2026-12-03).
 */
export function configOrganizationsPolicyArn(region: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/service-role/AWSConfigRoleForOrganizations`;
}

/** The service-linked role AWS Config records with (FSBP Config.1 requires it). */
export function configServiceLinkedRoleArn(accountId: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`;
}

/** A trail's ARN. An organization trail belongs to the management account, whoever created it. */
export function trailArn(region: string, ownerAccountId: string, trailName: string): string {
    return `arn:${partitionOf(region)}:cloudtrail:${region}:${ownerAccountId}:trail/${trailName}`;
}

export const ACCOUNT_ID = /^\d{12}$/;
export const ORG_ID = /^o-[a-z0-9]{10,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
export const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** CloudTrail trail names: 3 to 128 of letters, digits, '.', '_', '-', starting and ending with a letter or digit. */
export const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;

/**
 * The CIS AWS Foundations Benchmark 3.0.0 section 4 metric filters (4.1-4.15) on the organization
 * trail's log group, each with an alarm; 4.1-4.14 are Security Hub's CloudWatch.1-14 (CIS
 * standard controls, not in FSBP). `pattern` is the filter pattern the platform sets, as the
 * Security Hub control page prints it; `accepted` are the other documented forms (CIS 3.0.0's own
 * text where it differs) that the policy accepts too, compared with whitespace and quotes removed
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html, the CIS AWS
 * Foundations Benchmark v3.0.0 section 4 audit procedures as reproduced in
 * https://docs.datadoghq.com/security/default_rules/aws-iam-account-a-metric-filter-and-alarm-should-exist-for-aws-organizations-changes/
 * and https://docs.lacework.com/catalog/policies/lacework-global-66, read 2026-12-03).
 */
export interface CisMetricFilter {
    /** CIS AWS 3.0.0 control, e.g. "4.3". */
    cis: string;
    /** Security Hub control, e.g. "CloudWatch.1"; 4.15 has none. */
    securityHub?: string;
    /** Child and metric name suffix. */
    key: string;
    title: string;
    pattern: string;
    accepted?: string[];
}

const anyEvent = (names: string[]) => names.map((n) => `($.eventName=${n})`).join(" || ");

export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
    {
        cis: "4.1",
        securityHub: "CloudWatch.2",
        key: "unauthorized-api-calls",
        title: "unauthorized API calls",
        pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
        accepted: ['{($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }'],
    },
    {
        cis: "4.2",
        securityHub: "CloudWatch.3",
        key: "console-signin-without-mfa",
        title: "Management Console sign-in without MFA",
        pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
        accepted: ['{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
    },
    {
        cis: "4.3",
        securityHub: "CloudWatch.1",
        key: "root-usage",
        title: "usage of the root user",
        pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    },
    {
        cis: "4.4",
        securityHub: "CloudWatch.4",
        key: "iam-policy-changes",
        title: "IAM policy changes",
        pattern: `{${anyEvent(["DeleteGroupPolicy", "DeleteRolePolicy", "DeleteUserPolicy", "PutGroupPolicy", "PutRolePolicy", "PutUserPolicy", "CreatePolicy", "DeletePolicy", "CreatePolicyVersion", "DeletePolicyVersion", "AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy", "AttachGroupPolicy", "DetachGroupPolicy"])}}`,
    },
    {
        cis: "4.5",
        securityHub: "CloudWatch.5",
        key: "cloudtrail-changes",
        title: "CloudTrail configuration changes",
        pattern: `{${anyEvent(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])}}`,
    },
    {
        cis: "4.6",
        securityHub: "CloudWatch.6",
        key: "console-authentication-failures",
        title: "Management Console authentication failures",
        pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    },
    {
        cis: "4.7",
        securityHub: "CloudWatch.7",
        key: "cmk-disable-or-deletion",
        title: "disabling or scheduled deletion of customer managed keys",
        pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    },
    {
        cis: "4.8",
        securityHub: "CloudWatch.8",
        key: "s3-bucket-policy-changes",
        title: "S3 bucket policy changes",
        pattern: `{($.eventSource=s3.amazonaws.com) && (${anyEvent(["PutBucketAcl", "PutBucketPolicy", "PutBucketCors", "PutBucketLifecycle", "PutBucketReplication", "DeleteBucketPolicy", "DeleteBucketCors", "DeleteBucketLifecycle", "DeleteBucketReplication"])})}`,
    },
    {
        cis: "4.9",
        securityHub: "CloudWatch.9",
        key: "config-changes",
        title: "AWS Config configuration changes",
        pattern: `{($.eventSource=config.amazonaws.com) && (${anyEvent(["StopConfigurationRecorder", "DeleteDeliveryChannel", "PutDeliveryChannel", "PutConfigurationRecorder"])})}`,
    },
    {
        cis: "4.10",
        securityHub: "CloudWatch.10",
        key: "security-group-changes",
        title: "security group changes",
        pattern: `{${anyEvent(["AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress", "CreateSecurityGroup", "DeleteSecurityGroup"])}}`,
    },
    {
        cis: "4.11",
        securityHub: "CloudWatch.11",
        key: "nacl-changes",
        title: "network ACL changes",
        pattern: `{${anyEvent(["CreateNetworkAcl", "CreateNetworkAclEntry", "DeleteNetworkAcl", "DeleteNetworkAclEntry", "ReplaceNetworkAclEntry", "ReplaceNetworkAclAssociation"])}}`,
    },
    {
        cis: "4.12",
        securityHub: "CloudWatch.12",
        key: "network-gateway-changes",
        title: "network gateway changes",
        pattern: `{${anyEvent(["CreateCustomerGateway", "DeleteCustomerGateway", "AttachInternetGateway", "CreateInternetGateway", "DeleteInternetGateway", "DetachInternetGateway"])}}`,
    },
    {
        cis: "4.13",
        securityHub: "CloudWatch.13",
        key: "route-table-changes",
        title: "route table changes",
        pattern: `{${anyEvent(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"])}}`,
        accepted: [`{($.eventSource=ec2.amazonaws.com) && (${anyEvent(["CreateRoute", "CreateRouteTable", "ReplaceRoute", "ReplaceRouteTableAssociation", "DeleteRouteTable", "DeleteRoute", "DisassociateRouteTable"])})}`],
    },
    {
        cis: "4.14",
        securityHub: "CloudWatch.14",
        key: "vpc-changes",
        title: "VPC changes",
        pattern: `{${anyEvent(["CreateVpc", "DeleteVpc", "ModifyVpcAttribute", "AcceptVpcPeeringConnection", "CreateVpcPeeringConnection", "DeleteVpcPeeringConnection", "RejectVpcPeeringConnection", "AttachClassicLinkVpc", "DetachClassicLinkVpc", "DisableVpcClassicLink", "EnableVpcClassicLink"])}}`,
    },
    {
        cis: "4.15",
        key: "organizations-changes",
        title: "AWS Organizations changes",
        pattern: `{($.eventSource=organizations.amazonaws.com) && (${anyEvent(["AcceptHandshake", "AttachPolicy", "CreateAccount", "CreateOrganizationalUnit", "CreatePolicy", "DeclineHandshake", "DeleteOrganization", "DeleteOrganizationalUnit", "DeletePolicy", "DetachPolicy", "DisablePolicyType", "EnablePolicyType", "InviteAccountToOrganization", "LeaveOrganization", "MoveAccount", "RemoveAccountFromOrganization", "UpdatePolicy", "UpdateOrganizationalUnit"])})}`,
    },
];

/** The namespace of the CIS metrics. */
export const CIS_METRIC_NAMESPACE = "CISBenchmark";

/** A filter pattern compared semantically: whitespace and double quotes removed (CIS and Security Hub print the same patterns with and without them). */
export function normalizeFilterPattern(pattern: string): string {
    return pattern.replace(/\s+/g, "").replace(/"/g, "");
}
