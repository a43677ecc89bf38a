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
 * volumes) and Runtime Monitoring with the EKS add-on managed by GuardDuty. FSBP GuardDuty.1
 * (enabled), GuardDuty.5 (EKS audit logs), GuardDuty.7 (EKS runtime monitoring with automated agent
 * management), GuardDuty.8 (malware protection for EC2), GuardDuty.10 (S3). RUNTIME_MONITORING
 * supersedes EKS_RUNTIME_MONITORING; the API refuses both at once
 * (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html, read 2026-12-03).
 */
export const GUARDDUTY_FEATURES = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RUNTIME_MONITORING"] as const;
export type GuardDutyFeature = (typeof GUARDDUTY_FEATURES)[number];

/** Additional configuration of a feature: Runtime Monitoring deploys and updates the EKS agent add-on itself. */
export const GUARDDUTY_ADDITIONAL_CONFIGURATION: Partial<Record<GuardDutyFeature, string[]>> = {
    RUNTIME_MONITORING: ["EKS_ADDON_MANAGEMENT"],
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
