import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { CIS_METRIC_FILTERS, CisMetricFilter, normalizeFilterPattern } from "../../../components/security/defaults";
import { control } from "../../lib/metadata";
import { tokenOf } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { plain, UNKNOWN } from "../../lib/values";

/*
 * CIS AWS Foundations 3.0.0 section 4 (4.1-4.15; Security Hub's CIS controls CloudWatch.1-14, which
 * are not part of FSBP): a metric filter with the benchmark's pattern on the log group of a
 * multi-Region trail, and an alarm on its metric with an action. One policy per control, from the
 * table components/security/defaults.ts CIS_METRIC_FILTERS (patterns and sources there). A pattern
 * is compared semantically: whitespace and double quotes removed, then equal to the Security Hub
 * form or another documented form of the same control (CIS 3.0.0's text where it differs).
 * The log group must be a resource of the stack the trail refers to (cloudWatchLogsGroupArn), so a
 * stack with a trail and no log group fails every control. Not applicable without a trail.
 */

const T = {
    trail: tokenOf(aws.cloudtrail.Trail),
    logGroup: tokenOf(aws.cloudwatch.LogGroup),
    metricFilter: tokenOf(aws.cloudwatch.LogMetricFilter),
    alarm: tokenOf(aws.cloudwatch.MetricAlarm),
};

const isTrue = (x: unknown) => x === true || x === "true";

/** The log groups of the stack's multi-Region trails that deliver to CloudWatch Logs. */
function trailLogGroups(resources: PolicyResource[]): PolicyResource[] {
    const groups = ofType(resources, T.logGroup);
    return ofType(resources, T.trail)
        .filter((t) => isTrue(plain(t.props).isMultiRegionTrail))
        .flatMap((t) => groups.filter((g) => refersTo(t, "cloudWatchLogsGroupArn", g)));
}

/** Whether a filter pattern is one of the documented forms of the control. */
export function matchesCisPattern(spec: CisMetricFilter, pattern: unknown): boolean {
    if (typeof pattern !== "string") {
        return false;
    }
    const wanted = [spec.pattern, ...(spec.accepted ?? [])].map(normalizeFilterPattern);
    return wanted.includes(normalizeFilterPattern(pattern));
}

function cisAlarmPolicy(spec: CisMetricFilter): StackValidationPolicy {
    const sh = spec.securityHub ? ` (Security Hub ${spec.securityHub})` : "";
    return {
        name: `cis-alarm-${spec.key}`,
        description: `Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for ${spec.title}${sh} and an alarm with an action on its metric.`,
        enforcementLevel: "mandatory",
        severity: "low",
        framework: control("cis-aws", spec.cis, `Ensure a log metric filter and alarm exist for ${spec.title}`),
        tags: [],
        remediationSteps: `Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern ${spec.pattern} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.`,
        configSchema: { properties: {} },
        validateStack: (args, report) => {
            const trails = ofType(args.resources, T.trail);
            if (trails.length === 0) {
                args.notApplicable("no CloudTrail trail in this stack (the security stack has the organization trail)");
                return;
            }
            const groups = trailLogGroups(args.resources);
            if (groups.length === 0) {
                report(`CIS ${spec.cis}: no multi-Region trail of this stack delivers to a CloudWatch Logs log group of this stack, so ${spec.title} raise no alarm; set cloudWatchLogsGroupArn (and cloudWatchLogsRoleArn) on the trail.`, trails[0].urn);
                return;
            }
            const filters = ofType(args.resources, T.metricFilter).filter((f) => groups.some((g) => refersTo(f, "logGroupName", g)) && matchesCisPattern(spec, plain(f.props).pattern));
            if (filters.length === 0) {
                report(`CIS ${spec.cis}: the trail's log group has no metric filter for ${spec.title}; add one with pattern ${spec.pattern}.`, groups[0].urn);
                return;
            }
            const alarms = ofType(args.resources, T.alarm).map((a) => plain(a.props) as Record<string, unknown>);
            const alarmed = filters.some((f) => {
                const t = (plain(f.props).metricTransformation ?? {}) as Record<string, unknown>;
                return alarms.some((a) => {
                    const actions = a.alarmActions;
                    const hasAction = actions === UNKNOWN || (Array.isArray(actions) && actions.length > 0);
                    return a.metricName === t.name && a.namespace === t.namespace && a.actionsEnabled !== false && a.actionsEnabled !== "false" && hasAction;
                });
            });
            if (!alarmed) {
                report(`CIS ${spec.cis}: the metric filter for ${spec.title} has no alarm with an action; add an aws.cloudwatch.MetricAlarm on its metric (same metricName and namespace) with alarmActions.`, filters[0].urn);
            }
        },
    };
}

export const cisAlarmPolicies: StackValidationPolicy[] = CIS_METRIC_FILTERS.map(cisAlarmPolicy);

export const cloudwatchCisPolicies: Policies = cisAlarmPolicies;
