import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_RUNBOOK_BASE_URL, runbookUrl } from "./runbooks";

/**
 * CloudWatch alarms on what the cluster itself cannot see: NAT gateways, the EKS control plane and
 * the Transit Gateway attachment. Only metrics AWS publishes without an agent are used:
 *
 * - `AWS/NATGateway` (dimension `NatGatewayId`): ErrorPortAllocation, PacketsDropCount.
 * - `AWS/EKS` (dimension `ClusterName`; vended for free on clusters of Kubernetes 1.28 and later):
 *   apiserver_request_total_5XX, apiserver_request_total_429, apiserver_storage_size_bytes. Per-verb
 *   latency percentiles and Container Insights metrics need the CloudWatch agent; Prometheus covers
 *   them in-cluster (see the SLO rules).
 * - `AWS/TransitGateway` (dimensions `TransitGateway` and `TransitGatewayAttachment`):
 *   PacketDropCountBlackhole, PacketDropCountNoRoute.
 */

export interface AlarmThresholds {
    /** NAT: port allocation errors in 5 minutes (any error means connections failed). */
    natErrorPortAllocation: number;
    /** NAT: packets dropped in 5 minutes, 3 periods in a row. */
    natPacketsDropCount: number;
    /** EKS: API server 5xx responses in 5 minutes, 3 periods in a row. */
    apiServer5xx: number;
    /** EKS: API server 429 (throttled) responses in 5 minutes, 3 periods in a row. */
    apiServer429: number;
    /** EKS: etcd database size in bytes (EKS's limit is 8 GiB; default 80% of it). */
    apiServerStorageBytes: number;
    /** TGW: packets the attachment dropped (blackhole or no route) in 5 minutes, 3 periods in a row. */
    tgwPacketDrops: number;
}

export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
    natErrorPortAllocation: 0,
    natPacketsDropCount: 100,
    apiServer5xx: 50,
    apiServer429: 100,
    apiServerStorageBytes: 6871947673,
    tgwPacketDrops: 100,
};

export interface AlarmSpec {
    /** Child name suffix: `${name}-alarm-<role>`. */
    role: string;
    alarmName: string;
    description: string;
    /**
     * The alarm's runbook, `docs/runbooks/<runbook>.md`: one per kind of alarm (every NAT gateway's
     * port-allocation alarm shares one). The component ends the alarm description with its URL.
     */
    runbook: AlarmRunbook;
    /** `<runbookBaseUrl>/<runbook>.md`. */
    runbookUrl: string;
    namespace: "AWS/NATGateway" | "AWS/EKS" | "AWS/TransitGateway";
    metricName: string;
    dimensions: Record<string, pulumi.Input<string>>;
    statistic: "Sum" | "Maximum";
    period: number;
    evaluationPeriods: number;
    datapointsToAlarm: number;
    threshold: number;
    comparisonOperator: "GreaterThanThreshold";
    treatMissingData: "notBreaching" | "missing";
}

/** The runbook of each kind of alarm (file names in docs/runbooks). */
export const ALARM_RUNBOOKS = ["nat-error-port-allocation", "nat-packets-dropped", "apiserver-5xx", "apiserver-throttled", "etcd-storage", "tgw-blackhole-drops", "tgw-no-route-drops"] as const;
export type AlarmRunbook = (typeof ALARM_RUNBOOKS)[number];

export interface AlarmFacts {
    clusterName: string;
    natGatewayIds: pulumi.Input<string>[];
    transitGatewayId?: pulumi.Input<string>;
    transitGatewayAttachmentId?: pulumi.Input<string>;
    thresholds: AlarmThresholds;
    /** Base URL of docs/runbooks. @default DEFAULT_RUNBOOK_BASE_URL */
    runbookBaseUrl?: string;
}

const FIVE_MINUTES = 300;

/** Every alarm of the stack, pure; the component adds the topic as alarm and OK action. */
export function platformAlarms(f: AlarmFacts): AlarmSpec[] {
    const base = f.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
    const runbook = (id: AlarmRunbook) => ({ runbook: id, runbookUrl: runbookUrl(base, id) });
    const t = f.thresholds;
    const c = f.clusterName;
    const sustained = { period: FIVE_MINUTES, evaluationPeriods: 3, datapointsToAlarm: 3, comparisonOperator: "GreaterThanThreshold" as const };
    const alarms: AlarmSpec[] = [];
    f.natGatewayIds.forEach((id, i) => {
        alarms.push(
            {
                role: `nat-${i}-port-allocation`,
                ...runbook("nat-error-port-allocation"),
                alarmName: `${c}-nat-${i}-error-port-allocation`,
                description: `NAT gateway ${i} of ${c} could not allocate a source port: new connections to the internet fail. Spread traffic over more NAT IPs or gateways.`,
                namespace: "AWS/NATGateway",
                metricName: "ErrorPortAllocation",
                dimensions: { NatGatewayId: id },
                statistic: "Sum",
                period: FIVE_MINUTES,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                threshold: t.natErrorPortAllocation,
                comparisonOperator: "GreaterThanThreshold",
                // No traffic means no errors.
                treatMissingData: "notBreaching",
            },
            {
                role: `nat-${i}-packets-dropped`,
                ...runbook("nat-packets-dropped"),
                alarmName: `${c}-nat-${i}-packets-dropped`,
                description: `NAT gateway ${i} of ${c} is dropping packets; check the AWS Health Dashboard for the gateway's zone.`,
                namespace: "AWS/NATGateway",
                metricName: "PacketsDropCount",
                dimensions: { NatGatewayId: id },
                statistic: "Sum",
                ...sustained,
                threshold: t.natPacketsDropCount,
                treatMissingData: "notBreaching",
            },
        );
    });
    const eks = { namespace: "AWS/EKS" as const, dimensions: { ClusterName: c } };
    alarms.push(
        {
            role: "apiserver-5xx",
            ...runbook("apiserver-5xx"),
            alarmName: `${c}-apiserver-5xx`,
            description: `The Kubernetes API server of ${c} is answering with 5xx errors.`,
            ...eks,
            metricName: "apiserver_request_total_5XX",
            statistic: "Sum",
            ...sustained,
            threshold: t.apiServer5xx,
            treatMissingData: "notBreaching",
        },
        {
            role: "apiserver-throttled",
            ...runbook("apiserver-throttled"),
            alarmName: `${c}-apiserver-throttled`,
            description: `The Kubernetes API server of ${c} is throttling requests (429): a client is flooding it or API Priority and Fairness is too tight.`,
            ...eks,
            metricName: "apiserver_request_total_429",
            statistic: "Sum",
            ...sustained,
            threshold: t.apiServer429,
            treatMissingData: "notBreaching",
        },
        {
            role: "apiserver-storage",
            ...runbook("etcd-storage"),
            alarmName: `${c}-etcd-storage`,
            description: `The etcd database of ${c} is near EKS's 8 GiB limit; at the limit the cluster becomes read-only. Delete unused objects (events, old ReplicaSets, CRs).`,
            ...eks,
            metricName: "apiserver_storage_size_bytes",
            statistic: "Maximum",
            ...sustained,
            threshold: t.apiServerStorageBytes,
            // The metric is published every minute: silence means something is wrong.
            treatMissingData: "missing",
        },
    );
    if (f.transitGatewayId !== undefined && f.transitGatewayAttachmentId !== undefined) {
        const tgw = { namespace: "AWS/TransitGateway" as const, dimensions: { TransitGateway: f.transitGatewayId, TransitGatewayAttachment: f.transitGatewayAttachmentId } };
        alarms.push(
            {
                role: "tgw-blackhole-drops",
                ...runbook("tgw-blackhole-drops"),
                alarmName: `${c}-tgw-blackhole-drops`,
                description: `The Transit Gateway drops traffic of ${c}'s attachment on a blackhole route.`,
                ...tgw,
                metricName: "PacketDropCountBlackhole",
                statistic: "Sum",
                ...sustained,
                threshold: t.tgwPacketDrops,
                treatMissingData: "notBreaching",
            },
            {
                role: "tgw-no-route-drops",
                ...runbook("tgw-no-route-drops"),
                alarmName: `${c}-tgw-no-route-drops`,
                description: `The Transit Gateway drops traffic of ${c}'s attachment for which its route table has no route.`,
                ...tgw,
                metricName: "PacketDropCountNoRoute",
                statistic: "Sum",
                ...sustained,
                threshold: t.tgwPacketDrops,
                treatMissingData: "notBreaching",
            },
        );
    }
    return alarms;
}
