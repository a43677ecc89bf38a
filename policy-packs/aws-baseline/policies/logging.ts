import * as aws from "@pulumi/aws";
import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { refersTo } from "../../lib/links";
import { asList, isSet, plain, UNKNOWN } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

// --- log-group-retention -------------------------------------------------------------------------

interface RetentionConfig {
    minimumRetentionDays: number;
}

export const logGroupRetention: ResourceValidationPolicy = {
    name: "log-group-retention",
    description: "Checks whether CloudWatch log groups keep events for a set time of at least the configured minimum.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "log-group-retention", "CloudWatch log groups keep events for at least the configured minimum"),
    tags: ["checkov:CKV_AWS_66"],
    remediationSteps:
        "Set retentionInDays on the log group to one of CloudWatch's values at or above the minimum (90 by default, 365 in prod " +
        "through the policy config minimumRetentionDays). Unset or 0 means never expire, which this rule refuses.",
    configSchema: {
        properties: {
            minimumRetentionDays: { type: "integer", minimum: 1, default: 90, description: "Smallest accepted retentionInDays (365 on prod)." },
        },
    },
    validateResource: validateTypes([aws.cloudwatch.LogGroup], (props, args, report) => {
        const minimum = args.getConfig<RetentionConfig>().minimumRetentionDays ?? 90;
        const days = props.retentionInDays;
        if (days === undefined || days === null || days === 0) {
            report(`CloudWatch log group must set a retention (unset means never expire); set retentionInDays to at least ${minimum}.`);
        } else if (typeof days === "number" && days < minimum) {
            report(`CloudWatch log group retention of ${days} days is below the minimum of ${minimum}; set retentionInDays to at least ${minimum}.`);
        }
    }),
};

// --- log-group-kms -------------------------------------------------------------------------------

export const logGroupKms: ResourceValidationPolicy = {
    name: "log-group-kms",
    description: "Checks whether CloudWatch log groups are encrypted with a KMS key.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("own", "log-group-kms", "CloudWatch log groups are encrypted with a customer managed KMS key"),
    tags: ["checkov:CKV_AWS_158"],
    remediationSteps: "Set kmsKeyId to the ARN of the logs key; its key policy must allow the logs.<region>.amazonaws.com service principal.",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.cloudwatch.LogGroup], (props, _args, report) => {
        // Presence is all that matters: a key ARN known only after apply counts as set.
        const raw = plain(props);
        if (!isSet(props, "kmsKeyId") || raw.kmsKeyId === "") {
            report("CloudWatch log group must be encrypted with a KMS key; set kmsKeyId to the logs key ARN.");
        }
    }),
};

// --- eks-log-group-managed -----------------------------------------------------------------------

/*
 * EKS creates /aws/eks/<cluster>/cluster itself, without retention or KMS, when control-plane
 * logging is on and the group does not exist. Managing it in the stack (created before the
 * cluster) is what lets log-group-retention and log-group-kms apply to it.
 */
export const eksLogGroupManaged: StackValidationPolicy = {
    name: "eks-log-group-managed",
    description: "Checks whether the control-plane log group of every EKS cluster with logging on is managed in the stack.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "eks-log-group-managed", "The EKS control-plane log group is managed with retention and KMS"),
    tags: [],
    remediationSteps:
        "Add an aws.cloudwatch.LogGroup named /aws/eks/<cluster name>/cluster with retention and KMS, and make the cluster depend on it " +
        "(dependsOn), so that EKS does not create it first without either.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const groups = args.resources.filter((r) => r.type === tokenOf(aws.cloudwatch.LogGroup));
        const names = groups.map((g) => plain(g.props).name);
        for (const cluster of args.resources.filter((r) => r.type === tokenOf(aws.eks.Cluster))) {
            const inputs = plain(cluster.props);
            const types = inputs.enabledClusterLogTypes;
            if (types === UNKNOWN || asList(types).length === 0) {
                continue;
            }
            const name = inputs.name;
            if (typeof name !== "string") {
                continue; // An auto-named cluster's log group name cannot be known in preview.
            }
            const expected = `/aws/eks/${name}/cluster`;
            const managed = names.includes(expected) || groups.some((g) => plain(g.props).name === UNKNOWN && refersTo(g, "name", cluster));
            if (!managed) {
                report(`EKS cluster "${name}" logs to ${expected}, which the stack does not manage; add an aws.cloudwatch.LogGroup with that name, retention and KMS, created before the cluster.`, cluster.urn);
            }
        }
    },
};

// --- alarms-have-actions -------------------------------------------------------------------------

export const alarmsHaveActions: ResourceValidationPolicy = {
    name: "alarms-have-actions",
    description: "Checks whether CloudWatch alarms have actions enabled and notify someone when they fire.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("own", "alarms-have-actions", "CloudWatch alarms have enabled actions"),
    tags: [],
    remediationSteps: "Leave actionsEnabled unset (true) and set alarmActions to the alerting SNS topic ARN (or another action).",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.cloudwatch.MetricAlarm], (props, _args, report) => {
        const raw = plain(props);
        const v = new Verdicts(report, props);
        if (!v.isUnknown(raw.actionsEnabled, ["actionsEnabled"]) && raw.actionsEnabled === false) {
            v.fail("CloudWatch alarm actions must be enabled; remove actionsEnabled: false.");
        }
        // A computed topic ARN in the list counts as an action.
        if (raw.alarmActions !== UNKNOWN && asList(raw.alarmActions).length === 0) {
            v.fail("CloudWatch alarm must notify someone; set alarmActions to the alerting SNS topic ARN.");
        }
        v.settle();
    }),
};

// --- amp-workspace-hardening ---------------------------------------------------------------------

export const ampWorkspaceHardening: ResourceValidationPolicy = {
    name: "amp-workspace-hardening",
    description: "Checks whether Amazon Managed Prometheus workspaces log to CloudWatch and are encrypted with a customer managed key.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("own", "amp-workspace-hardening", "AMP workspaces log to CloudWatch and use a customer managed KMS key"),
    tags: [],
    remediationSteps: "Set loggingConfiguration: { logGroupArn: <log group ARN>:* } and kmsKeyArn (fixed at creation: the workspace is replaced).",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.amp.Workspace], (props, _args, report) => {
        const raw = plain(props);
        // Presence only: a log group ARN known only after apply counts as set.
        const logging = raw.loggingConfiguration;
        const logGroupArn = logging === UNKNOWN ? UNKNOWN : logging?.logGroupArn;
        if (logGroupArn === undefined || logGroupArn === null || logGroupArn === "") {
            report("AMP workspace must send its logs to CloudWatch; set loggingConfiguration: { logGroupArn }.");
        }
        if (!isSet(props, "kmsKeyArn") || raw.kmsKeyArn === "") {
            report("AMP workspace must be encrypted with a customer managed KMS key; set kmsKeyArn.");
        }
    }),
};

export const loggingPolicies: Policies = [logGroupRetention, logGroupKms, eksLogGroupManaged, alarmsHaveActions, ampWorkspaceHardening];
