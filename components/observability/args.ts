import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { parseQuantity } from "../kubernetes/quantity";
import { LOG_RETENTION_DAYS } from "../storage/log-group";
import { ALERT_RECEIVER_TYPES, ALERT_SEVERITIES, AlertReceiver, AlertRoute, NULL_RECEIVER } from "./alertmanager";
import { AlarmThresholds, DEFAULT_ALARM_THRESHOLDS } from "./alarms";
import { DEFAULT_RUNBOOK_BASE_URL, isRunbookBaseUrl } from "./runbooks";
import { RatioSli } from "./slo";
import { MONITORING_NAMESPACE, NODE_AGENTS_NAMESPACE, ResourceRequirements } from "./values";

/**
 * Arguments of `ObservabilityStack`, their defaults and their validation, pure.
 */
export interface ObservabilityStackArgs {
    /** EKS cluster name: log group names, alarm names, Pod Identity associations, Prometheus `cluster` label. */
    clusterName: string;
    /** Region of the cluster. */
    region: string;
    /** Account that owns the cluster (12 digits). */
    accountId: string;
    /** KMS key of the log groups (its policy must allow `logs.<region>.amazonaws.com`). */
    logsKmsKeyArn: pulumi.Input<string>;
    /**
     * KMS key of the alarm topic: its policy must let cloudwatch.amazonaws.com use it (the `sns` key
     * of `PlatformKeys`; the `logs` key does not). Required when `alarms`.
     */
    alarmsKmsKeyArn?: pulumi.Input<string>;
    /** KMS key of the AMP workspace (its policy must allow aps). @default logsKmsKeyArn */
    ampKmsKeyArn?: pulumi.Input<string>;
    /** Grafana's admin password: pass a pulumi secret (a `secure:` config value). Required when `grafana`. */
    grafanaAdminPassword?: pulumi.Input<string>;

    /** Install kube-prometheus-stack (Prometheus, Alertmanager, node-exporter, kube-state-metrics). @default true */
    metrics?: boolean;
    /** Install Grafana (a subchart of kube-prometheus-stack) and the platform dashboards. @default true */
    grafana?: boolean;
    /** Install Fluent Bit and the log groups. @default true */
    logs?: boolean;
    /** Install the OpenTelemetry Collector gateway. @default true */
    traces?: boolean;
    /** Create the SNS topic and the CloudWatch alarms. @default true */
    alarms?: boolean;
    /** Create the platform SLO rules (API server, CoreDNS, optional ingress). @default true */
    platformSlos?: boolean;
    /** Remote-write Prometheus to a new Amazon Managed Service for Prometheus workspace. @default false */
    ampRemoteWrite?: boolean;

    /** How long Prometheus keeps samples (Prometheus duration): longer than the 30-day SLO windows. @default "35d" */
    prometheusRetention?: string;
    /** Size at which Prometheus deletes its oldest blocks (B, KB, MB, GB, TB). @default "45GB" */
    prometheusRetentionSize?: string;
    /** Size of each Prometheus volume (Kubernetes quantity). @default "50Gi" */
    prometheusStorageSize?: string;
    /** Prometheus replicas (each scrapes everything; 2 for HA). @default 2 */
    prometheusReplicas?: number;
    /** Prometheus's container resources. @default requests 500m / 2Gi, limit 4Gi */
    prometheusResources?: ResourceRequirements;
    /** Alertmanager replicas (they gossip to deduplicate). @default 2 */
    alertmanagerReplicas?: number;
    /** Size of each Alertmanager volume (silences, notification log). @default "2Gi" */
    alertmanagerStorageSize?: string;
    /** StorageClass of the volumes (encrypted gp3, the platform default). @default "gp3-encrypted" */
    storageClassName?: string;
    /** Alertmanager receivers; their credentials go into a Secret. @default [] */
    alertReceivers?: AlertReceiver[];
    /** severity → receiver; alerts no route matches are dropped. @default [] */
    alertRoutes?: AlertRoute[];

    /** Platform namespaces whose container logs are shipped. @default PLATFORM_LOG_NAMESPACES */
    logNamespaces?: string[];
    /** Team namespaces whose container logs are shipped. @default [] */
    teamNamespaces?: string[];
    /** Retention of every log group, in days. @default 365 */
    logRetentionInDays?: number;

    /** Collector gateway replicas. @default 2 */
    otelCollectorReplicas?: number;

    /** NAT gateways to alarm on (one pair of alarms each). @default [] */
    natGatewayIds?: pulumi.Input<string>[];
    /** Transit Gateway of the cluster's attachment (with `transitGatewayAttachmentId`). @default none */
    transitGatewayId?: pulumi.Input<string>;
    /** The cluster VPC's TGW attachment: drop alarms when set. @default none */
    transitGatewayAttachmentId?: pulumi.Input<string>;
    /** Email addresses subscribed to the alarm topic (each must confirm). @default [] */
    alarmEmails?: string[];
    /** HTTPS endpoints subscribed to the alarm topic. @default [] */
    alarmHttpsEndpoints?: string[];
    /** Alarm thresholds to change. @default DEFAULT_ALARM_THRESHOLDS */
    alarmThresholds?: Partial<AlarmThresholds>;

    /** Ingress availability SLI from an in-cluster proxy's request counters. @default none (no ingress SLO) */
    ingressSli?: RatioSli;
    /**
     * Where the alerts' runbooks are: every SLO alert's `runbook_url` and every alarm's description
     * point to `<runbookBaseUrl>/<alert>.md` (the repository's docs/runbooks). An https URL.
     * @default DEFAULT_RUNBOOK_BASE_URL
     */
    runbookBaseUrl?: string;

    /** Seconds Helm waits for a release before rolling it back. @default 600 */
    helmTimeoutSeconds?: number;
    /** Protect log groups and the AMP workspace, and retain them when removed. @default true */
    protect?: boolean;
    /** Tags of the AWS resources. @default {} */
    tags?: Record<string, string>;
}

/** Platform namespaces whose logs are shipped unless `logNamespaces` says otherwise. */
export const PLATFORM_LOG_NAMESPACES = ["kube-system", "cert-manager", "external-dns", MONITORING_NAMESPACE, NODE_AGENTS_NAMESPACE];

export const OBSERVABILITY_STACK_DEFAULTS = {
    metrics: true,
    grafana: true,
    logs: true,
    traces: true,
    alarms: true,
    platformSlos: true,
    ampRemoteWrite: false,
    prometheusRetention: "35d",
    prometheusRetentionSize: "45GB",
    prometheusStorageSize: "50Gi",
    prometheusReplicas: 2,
    prometheusResources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } } as ResourceRequirements,
    alertmanagerReplicas: 2,
    alertmanagerStorageSize: "2Gi",
    storageClassName: "gp3-encrypted",
    alertReceivers: [] as AlertReceiver[],
    alertRoutes: [] as AlertRoute[],
    logNamespaces: PLATFORM_LOG_NAMESPACES,
    teamNamespaces: [] as string[],
    logRetentionInDays: 365,
    otelCollectorReplicas: 2,
    natGatewayIds: [] as pulumi.Input<string>[],
    alarmEmails: [] as string[],
    alarmHttpsEndpoints: [] as string[],
    helmTimeoutSeconds: 600,
    protect: true,
    runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
};

export type ResolvedObservabilityStackArgs = Omit<ObservabilityStackArgs, "alarmThresholds" | "ampKmsKeyArn"> &
    typeof OBSERVABILITY_STACK_DEFAULTS & { alarmThresholds: AlarmThresholds; ampKmsKeyArn: pulumi.Input<string> };

/** Args with every default applied (an explicit `undefined` counts as unset). */
export function resolveObservabilityStackArgs(args: ObservabilityStackArgs): ResolvedObservabilityStackArgs {
    const d = OBSERVABILITY_STACK_DEFAULTS;
    return {
        ...args,
        ampKmsKeyArn: args.ampKmsKeyArn ?? args.logsKmsKeyArn,
        metrics: args.metrics ?? d.metrics,
        grafana: args.grafana ?? d.grafana,
        logs: args.logs ?? d.logs,
        traces: args.traces ?? d.traces,
        alarms: args.alarms ?? d.alarms,
        platformSlos: args.platformSlos ?? d.platformSlos,
        ampRemoteWrite: args.ampRemoteWrite ?? d.ampRemoteWrite,
        prometheusRetention: args.prometheusRetention ?? d.prometheusRetention,
        prometheusRetentionSize: args.prometheusRetentionSize ?? d.prometheusRetentionSize,
        prometheusStorageSize: args.prometheusStorageSize ?? d.prometheusStorageSize,
        prometheusReplicas: args.prometheusReplicas ?? d.prometheusReplicas,
        prometheusResources: args.prometheusResources ?? d.prometheusResources,
        alertmanagerReplicas: args.alertmanagerReplicas ?? d.alertmanagerReplicas,
        alertmanagerStorageSize: args.alertmanagerStorageSize ?? d.alertmanagerStorageSize,
        storageClassName: args.storageClassName ?? d.storageClassName,
        alertReceivers: args.alertReceivers ?? d.alertReceivers,
        alertRoutes: args.alertRoutes ?? d.alertRoutes,
        logNamespaces: args.logNamespaces ?? d.logNamespaces,
        teamNamespaces: args.teamNamespaces ?? d.teamNamespaces,
        logRetentionInDays: args.logRetentionInDays ?? d.logRetentionInDays,
        otelCollectorReplicas: args.otelCollectorReplicas ?? d.otelCollectorReplicas,
        natGatewayIds: args.natGatewayIds ?? d.natGatewayIds,
        alarmEmails: args.alarmEmails ?? d.alarmEmails,
        alarmHttpsEndpoints: args.alarmHttpsEndpoints ?? d.alarmHttpsEndpoints,
        alarmThresholds: { ...DEFAULT_ALARM_THRESHOLDS, ...(args.alarmThresholds ?? {}) },
        helmTimeoutSeconds: args.helmTimeoutSeconds ?? d.helmTimeoutSeconds,
        protect: args.protect ?? d.protect,
        runbookBaseUrl: args.runbookBaseUrl ?? d.runbookBaseUrl,
    };
}

const PROM_DURATION = /^(\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?$/;
const PROM_SIZE = /^(\d+)(B|KB|MB|GB|TB|PB)$/;
const SIZE_FACTOR: Record<string, number> = { B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isDuration(v: unknown): v is string {
    return typeof v === "string" && v !== "" && PROM_DURATION.test(v);
}

/** Bytes of a Prometheus size (`45GB`; Prometheus reads the units as powers of 1024). */
export function parsePrometheusSize(v: unknown): number | undefined {
    const m = typeof v === "string" ? PROM_SIZE.exec(v) : null;
    return m ? Number(m[1]) * SIZE_FACTOR[m[2]] : undefined;
}

export function validateObservabilityStackArgs(args: ObservabilityStackArgs): void {
    const a = resolveObservabilityStackArgs(args);
    const p = new Problems();
    if (typeof a.clusterName !== "string" || !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(a.clusterName)) {
        p.add("clusterName", a.clusterName, "is not an EKS cluster name (letters, digits, '-' and '_', starting with a letter or digit, at most 100 characters)");
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(a.region)) {
        p.add("region", a.region, "is not an AWS region such as eu-west-1");
    }
    if (!/^\d{12}$/.test(a.accountId)) {
        p.add("accountId", a.accountId, "is not a 12-digit AWS account ID");
    }
    if (a.logsKmsKeyArn === undefined || a.logsKmsKeyArn === "") {
        p.add("logsKmsKeyArn", a.logsKmsKeyArn, "is required: log groups are encrypted with a KMS key");
    }

    // Parts that need another part.
    if (a.grafana && !a.metrics) {
        p.addMessage("grafana: true needs metrics: true (Grafana is installed with kube-prometheus-stack); set grafana: false or metrics: true");
    }
    if (a.ampRemoteWrite && !a.metrics) {
        p.addMessage("ampRemoteWrite: true needs metrics: true (Prometheus does the remote write); set ampRemoteWrite: false or metrics: true");
    }
    if (a.platformSlos && !a.metrics) {
        p.addMessage("platformSlos: true needs metrics: true (the SLO rules are PrometheusRules); set platformSlos: false or metrics: true");
    }
    if (a.grafana && a.metrics && (a.grafanaAdminPassword === undefined || a.grafanaAdminPassword === "")) {
        p.add("grafanaAdminPassword", a.grafanaAdminPassword, "is required when grafana is on: pass a secret config value (pulumi config set --secret grafanaAdminPassword ...)");
    }

    // Prometheus.
    if (!isDuration(a.prometheusRetention) || /^0+[a-z]*$/.test(a.prometheusRetention)) {
        p.add("prometheusRetention", a.prometheusRetention, 'is not a Prometheus duration such as "15d" or "12h"');
    }
    const retentionBytes = parsePrometheusSize(a.prometheusRetentionSize);
    if (retentionBytes === undefined || retentionBytes === 0) {
        p.add("prometheusRetentionSize", a.prometheusRetentionSize, 'is not a Prometheus size such as "45GB" (a whole number and one of B, KB, MB, GB, TB, PB)');
    }
    const storageBytes = parseQuantity(a.prometheusStorageSize);
    if (storageBytes === undefined || storageBytes === 0) {
        p.add("prometheusStorageSize", a.prometheusStorageSize, 'is not a Kubernetes quantity such as "50Gi"');
    }
    if (retentionBytes !== undefined && storageBytes !== undefined && retentionBytes > 0.9 * storageBytes) {
        p.add(
            "prometheusRetentionSize",
            a.prometheusRetentionSize,
            `does not fit in 90% of prometheusStorageSize ${JSON.stringify(a.prometheusStorageSize)}; Prometheus needs the rest for its WAL and compaction, or the volume fills up`,
        );
    }
    if (parseQuantity(a.alertmanagerStorageSize) === undefined) {
        p.add("alertmanagerStorageSize", a.alertmanagerStorageSize, 'is not a Kubernetes quantity such as "2Gi"');
    }
    p.intRange("prometheusReplicas", a.prometheusReplicas, 1, 5);
    p.intRange("alertmanagerReplicas", a.alertmanagerReplicas, 1, 5);
    p.intRange("otelCollectorReplicas", a.otelCollectorReplicas, 1, 10);
    p.dnsLabel("storageClassName", a.storageClassName, 253);
    const r = a.prometheusResources;
    const quantity = (path: string, v: unknown): number | undefined => {
        const q = parseQuantity(v);
        if (q === undefined) {
            p.add(path, v, 'is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")');
        }
        return q;
    };
    quantity("prometheusResources.requests.cpu", r?.requests?.cpu);
    const reqMem = quantity("prometheusResources.requests.memory", r?.requests?.memory);
    const limMem = quantity("prometheusResources.limits.memory", r?.limits?.memory);
    if (reqMem !== undefined && limMem !== undefined && limMem < reqMem) {
        p.add("prometheusResources.limits.memory", r.limits.memory, `is below prometheusResources.requests.memory ${JSON.stringify(r.requests.memory)}; limits must be at least the requests`);
    }

    // Alertmanager receivers and routes.
    const names = new Set<string>();
    a.alertReceivers.forEach((rcv, i) => {
        const at = `alertReceivers[${i}]`;
        p.dnsLabel(`${at}.name`, rcv.name);
        if (rcv.name === NULL_RECEIVER) {
            p.add(`${at}.name`, rcv.name, `is reserved for the receiver that drops alerts; choose another name`);
        }
        if (names.has(rcv.name)) {
            p.add(`${at}.name`, rcv.name, "is used by another receiver; receiver names must be unique");
        }
        names.add(rcv.name);
        p.oneOf(`${at}.type`, rcv.type, ALERT_RECEIVER_TYPES);
        if (rcv.secret === undefined || rcv.secret === "") {
            p.add(`${at}.secret`, rcv.secret, "is required: the routing key or URL the receiver sends to (a pulumi secret)");
        }
        if (rcv.type === "slack" && (typeof rcv.channel !== "string" || !/^#[a-z0-9][a-z0-9._-]{0,79}$/.test(rcv.channel))) {
            p.add(`${at}.channel`, rcv.channel, 'is not a Slack channel such as "#platform-alerts"');
        }
        if (rcv.type !== "slack" && rcv.channel !== undefined) {
            p.add(`${at}.channel`, rcv.channel, `is only used by slack receivers, not ${rcv.type}; remove it`);
        }
    });
    const routed = new Set<string>();
    a.alertRoutes.forEach((route, i) => {
        const at = `alertRoutes[${i}]`;
        p.oneOf(`${at}.severity`, route.severity, ALERT_SEVERITIES);
        if (routed.has(route.severity)) {
            p.add(`${at}.severity`, route.severity, "has another route; one route per severity");
        }
        routed.add(route.severity);
        if (!names.has(route.receiver)) {
            const known = [...names].map((n) => JSON.stringify(n)).join(", ");
            p.add(`${at}.receiver`, route.receiver, names.size === 0 ? "names no receiver; alertReceivers is empty" : `is not one of the alertReceivers (${known})`);
        }
        if (route.repeatInterval !== undefined && !isDuration(route.repeatInterval)) {
            p.add(`${at}.repeatInterval`, route.repeatInterval, 'is not a Prometheus duration such as "4h"');
        }
    });
    if (a.alertReceivers.length > 0 && !a.metrics) {
        p.addMessage("alertReceivers: set but metrics is false; Alertmanager is installed with kube-prometheus-stack");
    }

    // Logs.
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(a.logRetentionInDays)) {
        p.add("logRetentionInDays", a.logRetentionInDays, `is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`);
    }
    const seen = new Set<string>();
    for (const [path, list] of [
        ["logNamespaces", a.logNamespaces],
        ["teamNamespaces", a.teamNamespaces],
    ] as const) {
        list.forEach((ns, i) => {
            p.dnsLabel(`${path}[${i}]`, ns);
            if (seen.has(ns)) {
                p.add(`${path}[${i}]`, ns, "is listed twice (logNamespaces and teamNamespaces together); each namespace has one log group");
            }
            seen.add(ns);
        });
    }

    // Alarms.
    a.natGatewayIds.forEach((id, i) => {
        if (typeof id === "string" && !/^nat-[0-9a-f]{8,17}$/.test(id)) {
            p.add(`natGatewayIds[${i}]`, id, 'is not a NAT gateway ID such as "nat-0123456789abcdef0"');
        }
    });
    if ((a.transitGatewayId === undefined) !== (a.transitGatewayAttachmentId === undefined)) {
        p.addMessage("transitGatewayId and transitGatewayAttachmentId: give both or neither; the TGW metrics of an attachment carry both dimensions");
    }
    a.alarmEmails.forEach((e, i) => {
        if (!EMAIL.test(e)) {
            p.add(`alarmEmails[${i}]`, e, 'is not an email address such as "oncall@example.com"');
        }
    });
    a.alarmHttpsEndpoints.forEach((u, i) => {
        if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(u)) {
            p.add(`alarmHttpsEndpoints[${i}]`, u, 'is not an https:// URL (SNS delivers alarms only over TLS here)');
        }
    });
    for (const [key, value] of Object.entries(args.alarmThresholds ?? {})) {
        if (!(key in DEFAULT_ALARM_THRESHOLDS)) {
            p.add(`alarmThresholds.${key}`, value, `is not a threshold (${Object.keys(DEFAULT_ALARM_THRESHOLDS).join(", ")})`);
        } else if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
            p.add(`alarmThresholds.${key}`, value, "is not a number >= 0");
        }
    }
    if (a.alarms && (a.alarmsKmsKeyArn === undefined || a.alarmsKmsKeyArn === "")) {
        p.add("alarmsKmsKeyArn", a.alarmsKmsKeyArn, "is required when alarms is on: the topic is encrypted with a key whose policy lets cloudwatch.amazonaws.com use it (the sns key)");
    }
    if (!a.alarms && (a.alarmEmails.length > 0 || a.alarmHttpsEndpoints.length > 0)) {
        p.addMessage("alarmEmails and alarmHttpsEndpoints: set but alarms is false; there is no topic to subscribe them to");
    }
    p.intRange("helmTimeoutSeconds", a.helmTimeoutSeconds, 60, 3600);
    if (!isRunbookBaseUrl(a.runbookBaseUrl)) {
        p.add("runbookBaseUrl", a.runbookBaseUrl, 'is not an https:// URL without a query or fragment (e.g. "https://github.com/<owner>/<repo>/blob/main/docs/runbooks")');
    }
    p.throwIfAny("ObservabilityStack");
}
