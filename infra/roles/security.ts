import * as aws from "@pulumi/aws";
import { AccountBaseline } from "../../components/account";
import { AwsConfig, CisAlarms, OrganizationAccessAnalyzer, OrganizationGuardDuty, OrganizationInspector, OrganizationMacie, OrganizationSecurityHub, OrganizationTrail } from "../../components/security";
import { serviceLinkedRolesToCreate } from "../../config/prerequisites";
import { accountBaselineSettingsOf, PlatformConfig } from "../../config/schema";
import { requireOutput, stackReference } from "../references";

/**
 * The security account (docs/decisions/0014-security-account.md): the organization's detection
 * and evidence layer, run as the delegated administrator the bootstrap stack registers. The
 * organization trail and AWS Config deliver into the shared stack's log archive, whose bucket
 * policy admits them (platform:logArchive.securityAccountId there).
 */
export function securityRole(c: PlatformConfig, provider: aws.Provider): Record<string, unknown> {
    const s = c.security!;
    const opts = { providers: [provider] };
    // The security account's own defaults (no EBS key here: the account default stays aws/ebs).
    const { ebsDefaultKmsKey: _noEbsKey, ...baseline } = accountBaselineSettingsOf(c);
    new AccountBaseline("account", baseline, opts);
    const shared = stackReference(c.stacks.shared!);
    const bucketName = requireOutput<string>(shared, "logArchiveBucketName");
    const trail = new OrganizationTrail(
        "organization-trail",
        {
            accountId: c.accountId,
            region: c.region,
            managementAccountId: c.organization.managementAccountId,
            organizationId: c.organization.id,
            bucketName,
            cloudWatchLogs: { retentionInDays: s.trailLogRetentionDays },
            s3DataEvents: s.trailS3DataEvents,
            protect: c.protect,
        },
        opts,
    );
    // CIS AWS 3.0.0 4.1-4.15 on the trail's log group: every account's events, one set of alarms.
    const alarms = new CisAlarms("cis-alarms", { accountId: c.accountId, region: c.region, logGroupName: trail.logGroupName!, emails: s.alarmEmails, protect: c.protect, runbookBaseUrl: c.observability.runbookBaseUrl }, opts);
    const guardDuty = new OrganizationGuardDuty("guardduty", { findingPublishingFrequency: s.findingPublishingFrequency, protect: c.protect }, opts);
    const hub = new OrganizationSecurityHub("security-hub", { region: c.region, targetIds: [s.organizationRootId], linkedRegions: s.linkedRegions }, opts);
    const config = new AwsConfig(
        "config",
        {
            accountId: c.accountId,
            region: c.region,
            bucketName,
            createServiceLinkedRole: serviceLinkedRolesToCreate(c).includes("config.amazonaws.com"),
            aggregatorRegions: s.linkedRegions.length > 0 ? [c.region, ...s.linkedRegions] : [],
            protect: c.protect,
        },
        opts,
    );
    const analyzer = new OrganizationAccessAnalyzer("access-analyzer", { unusedAccessAgeDays: s.unusedAccessAgeDays }, opts);
    // Vulnerability scanning and sensitive-data discovery; each off only by platform:security (flagged by the pack).
    const inspector = s.inspector ? new OrganizationInspector("inspector", { accountId: c.accountId }, opts) : undefined;
    const macie = s.macie ? new OrganizationMacie("macie", { findingPublishingFrequency: s.findingPublishingFrequency, protect: c.protect }, opts) : undefined;
    return {
        accountId: c.accountId,
        region: c.region,
        organizationTrailArn: trail.trailArn,
        organizationTrailKeyArn: trail.keyArn,
        organizationTrailLogGroupArn: trail.logGroupArn,
        cisAlarmsTopicArn: alarms.topicArn,
        guardDutyDetectorId: guardDuty.detectorId,
        securityHubConfigurationPolicyId: hub.configurationPolicyId,
        securityHubStandardArns: hub.standardArns,
        configAggregatorArn: config.aggregatorArn,
        accessAnalyzerArn: analyzer.analyzerArn,
        inspectorResourceTypes: inspector?.resourceTypes ?? [],
        macieAccountId: macie?.macieAccountId ?? "",
    };
}
