import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs, PlatformRoleArgs, platformRoleInputs, Problems, stateful, tagsFor } from "../common";
import { LOG_RETENTION_DAYS } from "../storage/log-group";
import { ACCOUNT_ID, ORG_ID, ORGANIZATION_TRAIL_NAME, REGION, trailArn, TRAIL_NAME } from "./defaults";
import { serviceTrustPolicy, trailKeyPolicy, trailLogsKeyPolicy, trailLogsRolePolicy } from "./policies";
import { securityKey } from "./key";

/**
 * The organization's CloudTrail trail: every account, every region, global service events, log
 * file validation, encrypted with its own KMS key, delivered into the log archive (object lock,
 * in the shared-services account). Created by the CloudTrail delegated administrator (the security
 * account), which AWS supports; the trail still belongs to the management account, so its ARN
 * names that account (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/creating-trail-organization.html, read 2026-12-03).
 * The key stays in the security account: the log archive's owners store the files but cannot read them.
 *
 * FSBP CloudTrail.1 (multi-region with management events read and write), CloudTrail.2 (SSE-KMS),
 * CloudTrail.4 (log file validation), CloudTrail.5 (CloudWatch Logs, with `cloudWatchLogs`);
 * CIS AWS 3.0.0 3.1, 3.2, 3.5, and with `s3DataEvents` 3.8 (object-level write events) and 3.9
 * (read events) for every bucket of every account.
 */

/** Which S3 object-level (data) events the trail records for every bucket: CIS AWS 3.0.0 3.8 is write, 3.9 read. */
export const TRAIL_S3_DATA_EVENTS = ["all", "write", "none"] as const;
export type TrailS3DataEvents = (typeof TRAIL_S3_DATA_EVENTS)[number];

/**
 * The trail's advanced event selectors: every management event (read and write) and, unless
 * `none`, S3 object data events for all buckets (no resources.ARN filter), write-only with
 * readOnly false. A trail takes basic or advanced selectors, never both, and data events need
 * eventCategory Data with resources.type AWS::S3::Object:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html,
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_AdvancedEventSelector.html (read 2026-12-03).
 */
export function trailEventSelectors(s3DataEvents: TrailS3DataEvents): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    const selectors: aws.types.input.cloudtrail.TrailAdvancedEventSelector[] = [{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
    if (s3DataEvents !== "none") {
        selectors.push({
            name: s3DataEvents === "all" ? "S3 object events, all buckets" : "S3 object write events, all buckets",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                ...(s3DataEvents === "write" ? [{ field: "readOnly", equals: ["false"] }] : []),
            ],
        });
    }
    return selectors;
}
export interface OrganizationTrailArgs extends PlatformRoleArgs {
    /** The account the component runs in (the CloudTrail delegated administrator); owns the key. */
    accountId: string;
    /** Home region of the trail. */
    region: string;
    /** The organization's management account: the owner of the trail. */
    managementAccountId: string;
    /** The organization ID: the archive's prefix for member accounts' logs. */
    organizationId: string;
    /** The log archive bucket (the shared stack's `logArchiveBucketName`), whose policy admits this trail. */
    bucketName: pulumi.Input<string>;
    /** The trail's name; the log archive's bucket policy names the trail by it. @default ORGANIZATION_TRAIL_NAME ("platform-organization-trail") */
    trailName?: string;
    /** Alias prefix of the keys: `alias/<aliasPrefix>/organization-trail`. @default "platform" */
    aliasPrefix?: string;
    /**
     * Also deliver the events to a CloudWatch Logs log group in this account (encrypted with its own
     * key) for metric filters and alarms, FSBP CloudTrail.5. A delegated administrator configures
     * an organization trail's log group through CreateTrail/UpdateTrail (only the console is
     * reserved to the management account): https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html,
     * read 2026-12-03. @default no log group
     */
    cloudWatchLogs?: { retentionInDays: number };
    /**
     * S3 object-level events recorded for every bucket in the organization: `all` (read and write,
     * CIS 3.8 and 3.9), `write` (3.8 only) or `none` (flagged by the aws-baseline pack). Data events
     * are billed per 100,000 events delivered (components/security/README.md). @default "all"
     */
    s3DataEvents?: TrailS3DataEvents;
    /** Protect and retain the key, the trail and the log group. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const ORGANIZATION_TRAIL_DEFAULTS = { aliasPrefix: "platform", trailName: ORGANIZATION_TRAIL_NAME, protect: true, s3DataEvents: "all" } as const;

export function validateOrganizationTrailArgs(args: OrganizationTrailArgs): void {
    const p = new Problems();
    if (!ACCOUNT_ID.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!ACCOUNT_ID.test(String(args.managementAccountId))) {
        p.add("managementAccountId", args.managementAccountId, "is not a 12-digit AWS account ID");
    } else if (args.managementAccountId === args.accountId) {
        p.add("managementAccountId", args.managementAccountId, "is the account the trail is created from; create the organization trail from the delegated administrator (the security account), not the management account");
    }
    if (!REGION.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    if (!ORG_ID.test(String(args.organizationId))) {
        p.add("organizationId", args.organizationId, "is not an AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits)");
    }
    if (args.trailName !== undefined && !TRAIL_NAME.test(String(args.trailName))) {
        p.add("trailName", args.trailName, "is not a trail name (3 to 128 letters, digits, '.', '_', '-', starting and ending with a letter or digit)");
    }
    if (args.cloudWatchLogs !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(args.cloudWatchLogs.retentionInDays)) {
        p.add("cloudWatchLogs.retentionInDays", args.cloudWatchLogs.retentionInDays, `is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`);
    }
    if (args.s3DataEvents !== undefined && !(TRAIL_S3_DATA_EVENTS as readonly string[]).includes(args.s3DataEvents)) {
        p.add("s3DataEvents", args.s3DataEvents, `is not one of ${TRAIL_S3_DATA_EVENTS.map((x) => JSON.stringify(x)).join(", ")}`);
    }
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("OrganizationTrail");
}

export class OrganizationTrail extends pulumi.ComponentResource {
    readonly trailArn: pulumi.Output<string>;
    readonly trailName: string;
    readonly keyArn: pulumi.Output<string>;
    /** The log group's ARN, with `cloudWatchLogs`. */
    readonly logGroupArn?: pulumi.Output<string>;
    /** The log group's name, with `cloudWatchLogs` (the CIS metric filters go on it). */
    readonly logGroupName?: pulumi.Output<string>;

    constructor(name: string, args: OrganizationTrailArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:OrganizationTrail", name, {}, opts);
        validateOrganizationTrailArgs(args);
        const protect = args.protect ?? ORGANIZATION_TRAIL_DEFAULTS.protect;
        const aliasPrefix = args.aliasPrefix ?? ORGANIZATION_TRAIL_DEFAULTS.aliasPrefix;
        const trailName = args.trailName ?? ORGANIZATION_TRAIL_DEFAULTS.trailName;
        // Known before the trail exists: the key policy must admit the trail when CreateTrail checks it.
        const arn = trailArn(args.region, args.managementAccountId, trailName);
        const key = securityKey(
            `${name}-key`,
            {
                alias: `alias/${aliasPrefix}/organization-trail`,
                description: "organization CloudTrail trail log and digest files",
                policy: JSON.stringify(trailKeyPolicy({ accountId: args.accountId, region: args.region, managementAccountId: args.managementAccountId, trailArn: arn })),
                protect,
                tags: args.tags,
            },
            this,
        );

        let cloudWatch: { cloudWatchLogsGroupArn: pulumi.Output<string>; cloudWatchLogsRoleArn: pulumi.Output<string> } | undefined;
        const dependsOn: pulumi.Resource[] = [];
        if (args.cloudWatchLogs) {
            const logsKey = securityKey(
                `${name}-logs-key`,
                { alias: `alias/${aliasPrefix}/organization-trail-logs`, description: "the organization trail's CloudWatch Logs log group", policy: JSON.stringify(trailLogsKeyPolicy(args.accountId, args.region)), protect, tags: args.tags },
                this,
            );
            const group = new aws.cloudwatch.LogGroup(
                `${name}-logs`,
                { name: `/platform/cloudtrail/${trailName}`, retentionInDays: args.cloudWatchLogs.retentionInDays, kmsKeyId: logsKey.arn, tags: tagsFor(args.tags, `${name}-logs`) },
                stateful(this, protect),
            );
            const role = new aws.iam.Role(
                `${name}-logs`,
                {
                    ...platformRoleInputs(args, args.accountId, args.region),
                    assumeRolePolicy: JSON.stringify(serviceTrustPolicy("cloudtrail.amazonaws.com", args.accountId)),
                    description: `CloudTrail delivers the organization trail ${trailName} to its log group`,
                    maxSessionDuration: 3600,
                    tags: tagsFor(args.tags, `${name}-logs`),
                },
                { parent: this },
            );
            const policy = new aws.iam.RolePolicy(`${name}-logs`, { role: role.name, policy: group.arn.apply((g) => JSON.stringify(trailLogsRolePolicy(g))) }, { parent: this });
            // CloudTrail wants the group's ARN with the stream wildcard.
            cloudWatch = { cloudWatchLogsGroupArn: pulumi.interpolate`${group.arn}:*`, cloudWatchLogsRoleArn: role.arn };
            dependsOn.push(policy);
            this.logGroupArn = group.arn;
            this.logGroupName = group.name;
        }

        const trail = new aws.cloudtrail.Trail(
            name,
            {
                name: trailName,
                s3BucketName: args.bucketName,
                isOrganizationTrail: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                enableLogging: true,
                kmsKeyId: key.arn,
                // Every management event, read and write (CIS 3.1, FSBP CloudTrail.1); S3 object events (CIS 3.8, 3.9).
                advancedEventSelectors: trailEventSelectors(args.s3DataEvents ?? ORGANIZATION_TRAIL_DEFAULTS.s3DataEvents),
                ...cloudWatch,
                tags: tagsFor(args.tags, trailName),
            },
            stateful(this, protect, { dependsOn }),
        );
        this.trailArn = trail.arn;
        this.trailName = trailName;
        this.keyArn = key.arn;
        this.registerOutputs({ trailArn: this.trailArn, trailName: this.trailName, keyArn: this.keyArn, ...(this.logGroupArn ? { logGroupArn: this.logGroupArn } : {}) });
    }
}
