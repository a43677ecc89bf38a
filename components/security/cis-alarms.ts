import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, tagsFor } from "../common";
import { snsKeyPolicy } from "../kms/policies";
import { alarmTopicPolicy } from "../observability/iam";
import { DEFAULT_RUNBOOK_BASE_URL, runbookUrl, withRunbook } from "../observability/runbooks";
import { ACCOUNT_ID, CIS_METRIC_FILTERS, CIS_METRIC_NAMESPACE, REGION } from "./defaults";
import { securityKey } from "./key";

/**
 * The CIS AWS Foundations 3.0.0 section 4 monitoring (4.1-4.15; Security Hub CloudWatch.1-14) on
 * the organization trail's CloudWatch Logs log group: one metric filter per CIS_METRIC_FILTERS
 * entry, each with an alarm (Sum >= 1 over 5 minutes, missing data not breaching) that notifies
 * one SNS topic, encrypted with its own key and refusing publishing without TLS. The benchmark asks
 * for "at least one subscriber": `emails` subscribes addresses (each confirms by mail); other
 * subscribers (a chat integration, a SIEM queue) subscribe to the `topicArn` output
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html,
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services, read 2026-12-03).
 * The log group holds every account's events: the alarms cover the whole organization.
 */
export interface CisAlarmsArgs {
    /** The account the alarms, topic and key are in (the log group's). */
    accountId: string;
    region: string;
    /** The trail's log group. */
    logGroupName: pulumi.Input<string>;
    /** Email addresses subscribed to the topic. @default [] */
    emails?: string[];
    /** Alias prefix of the topic's key: `alias/<aliasPrefix>/cis-alarms`. @default "platform" */
    aliasPrefix?: string;
    /** Protect and retain the key. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
    /** Where the runbooks are (`platform:observability.runbookBaseUrl`). @default DEFAULT_RUNBOOK_BASE_URL */
    runbookBaseUrl?: string;
}

/**
 * The one runbook of the fifteen CIS alarms (docs/runbooks/cis-alarms.md, a section per alarm):
 * they share what to do first (who did what, from where, was it a change we made) and differ in
 * which event names to look at, which the runbook's table lists.
 */
export const CIS_ALARMS_RUNBOOK = "cis-alarms";

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function validateCisAlarmsArgs(args: CisAlarmsArgs): void {
    const p = new Problems();
    if (!ACCOUNT_ID.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!REGION.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    (args.emails ?? []).forEach((e, i) => {
        if (!EMAIL.test(String(e))) {
            p.add(`emails[${i}]`, e, "is not an email address");
        }
    });
    p.throwIfAny("CisAlarms");
}

export class CisAlarms extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    /** Alarm names by CIS control. */
    readonly alarmNames: Record<string, string>;

    constructor(name: string, args: CisAlarmsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:CisAlarms", name, {}, opts);
        validateCisAlarmsArgs(args);
        const protect = args.protect ?? true;
        const aliasPrefix = args.aliasPrefix ?? "platform";
        const key = securityKey(
            `${name}-key`,
            { alias: `alias/${aliasPrefix}/cis-alarms`, description: "the CIS monitoring alarms' SNS topic", policy: JSON.stringify(snsKeyPolicy({ accountId: args.accountId, region: args.region })), protect, tags: args.tags },
            this,
        );
        const topicName = `${name}`;
        const topic = new aws.sns.Topic(`${name}-topic`, { name: topicName, kmsMasterKeyId: key.arn, tags: tagsFor(args.tags, topicName) }, { parent: this });
        new aws.sns.TopicPolicy(`${name}-topic`, { arn: topic.arn, policy: topic.arn.apply((arn) => JSON.stringify(alarmTopicPolicy(arn, args.region, args.accountId))) }, { parent: this });
        (args.emails ?? []).forEach((endpoint, i) => {
            new aws.sns.TopicSubscription(`${name}-email-${i}`, { topic: topic.arn, protocol: "email", endpoint }, { parent: this });
        });
        const alarmNames: Record<string, string> = {};
        for (const f of CIS_METRIC_FILTERS) {
            const metricName = `cis-${f.key}`;
            const filter = new aws.cloudwatch.LogMetricFilter(
                `${name}-${f.key}`,
                { name: metricName, logGroupName: args.logGroupName, pattern: f.pattern, metricTransformation: { name: metricName, namespace: CIS_METRIC_NAMESPACE, value: "1", defaultValue: "0" } },
                { parent: this },
            );
            const alarmName = `cis-${f.cis}-${f.key}`;
            alarmNames[f.cis] = alarmName;
            new aws.cloudwatch.MetricAlarm(
                `${name}-${f.key}`,
                {
                    name: alarmName,
                    alarmDescription: withRunbook(
                        `CIS AWS Foundations 3.0.0 ${f.cis}${f.securityHub ? ` (Security Hub ${f.securityHub})` : ""}: ${f.title} in the organization trail.`,
                        runbookUrl(args.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL, CIS_ALARMS_RUNBOOK),
                    ),
                    namespace: CIS_METRIC_NAMESPACE,
                    metricName,
                    statistic: "Sum",
                    period: 300,
                    evaluationPeriods: 1,
                    threshold: 1,
                    comparisonOperator: "GreaterThanOrEqualToThreshold",
                    treatMissingData: "notBreaching",
                    actionsEnabled: true,
                    alarmActions: [topic.arn],
                    tags: tagsFor(args.tags, alarmName),
                },
                { parent: this, dependsOn: [filter] },
            );
        }
        this.topicArn = topic.arn;
        this.alarmNames = alarmNames;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
