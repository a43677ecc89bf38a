import { partitionOf, PolicyDocument, policyDocument, PolicyStatement } from "../common";

/**
 * IAM permissions of the observability workloads and the alerting topic, as pure data so that the
 * tests read them as documents. Every ARN is built from facts given as plain values (cluster name,
 * region, account), so the statements are known at preview time.
 */

/** `/aws/eks/<cluster>/workloads/<namespace>`: the log group of one namespace's containers. */
export function workloadLogGroupName(clusterName: string, namespace: string): string {
    return `/aws/eks/${clusterName}/workloads/${namespace}`;
}

/** `/aws/eks/<cluster>/nodes`: kubelet and containerd logs of every node. */
export function nodeLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/nodes`;
}

/** AMP vends its logs to a `/aws/vendedlogs/` group (CloudWatch's resource policy size limit does not apply). */
export function ampLogGroupName(clusterName: string): string {
    return `/aws/vendedlogs/prometheus/${clusterName}`;
}

export function logGroupArn(region: string, accountId: string, name: string): string {
    return `arn:${partitionOf(region)}:logs:${region}:${accountId}:log-group:${name}`;
}

/**
 * Fluent Bit ships to the listed log groups only: create streams, put events and find its streams
 * there; it may not create groups (they are created up front with retention and KMS) nor write to
 * any other group.
 */
export function fluentBitStatements(region: string, accountId: string, logGroupNames: string[]): PolicyStatement[] {
    const groups = logGroupNames.map((n) => logGroupArn(region, accountId, n));
    return [
        {
            Sid: "ShipToPlatformLogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: groups.flatMap((g) => [g, `${g}:log-stream:*`]),
        },
    ];
}

/** The X-Ray write and sampling calls; X-Ray has no resource-level permissions for them. */
export const XRAY_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"];

export function otelCollectorStatements(): PolicyStatement[] {
    return [{ Sid: "XRayWrite", Effect: "Allow", Action: XRAY_ACTIONS, Resource: "*" }];
}

/**
 * The Prometheus role's guard: it may never do anything but remote-write, whatever else is attached
 * to it later. The grant itself (aps:RemoteWrite on the workspace) is `ampRemoteWritePolicy`, a
 * separate role policy because the workspace ARN is known only after it is created.
 */
export function prometheusGuardStatements(): PolicyStatement[] {
    return [{ Sid: "OnlyRemoteWrite", Effect: "Deny", NotAction: ["aps:RemoteWrite"], Resource: "*" }];
}

/** aps:RemoteWrite on one workspace only. */
export function ampRemoteWritePolicy(workspaceArn: string): PolicyDocument {
    return policyDocument([{ Sid: "RemoteWriteToWorkspace", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: workspaceArn }]);
}

/**
 * The alarm topic's policy: CloudWatch alarms of this account and region may publish; nothing is
 * accepted over plain HTTP. Same-account principals keep their IAM permissions (a resource policy
 * does not need to grant them).
 */
export function alarmTopicPolicy(topicArn: string, region: string, accountId: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "AllowCloudWatchAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:cloudwatch:${region}:${accountId}:alarm:*` },
            },
        },
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ]);
}
