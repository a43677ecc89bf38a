import * as pulumi from "@pulumi/pulumi";
import { ContainerSecurityContext, CRITICAL_ADDONS_TOLERATIONS, PodSecurityContext, RESTRICTED_CONTAINER, RESTRICTED_POD, Toleration } from "../kubernetes/values";
import { ALERTMANAGER_RECEIVERS_SECRET, AlertmanagerConfig } from "./alertmanager";

/**
 * Typed Helm values of the observability charts, rendered by pure functions (tested as documents).
 * Only the keys the blueprint sets are typed. Values that come from other resources (the AMP
 * endpoint) stay `pulumi.Input<string>`; the Release resolves them.
 */

/** Namespaces of the stack: everything restricted, except the node agents that read the host. */
export const MONITORING_NAMESPACE = "monitoring";
/**
 * node-exporter (hostNetwork, hostPID, hostPath /) and Fluent Bit (hostPath /var/log) cannot run
 * under the baseline or restricted Pod Security levels. They get their own `privileged` namespace so
 * that Prometheus, Alertmanager, Grafana and the collector stay in a restricted one.
 */
export const NODE_AGENTS_NAMESPACE = "node-agents";

/** Fixed release names keep object and service account names stable. */
export const KUBE_PROMETHEUS_STACK_RELEASE = "kube-prometheus-stack";
export const FLUENT_BIT_RELEASE = "fluent-bit";
export const OTEL_COLLECTOR_RELEASE = "otel-collector";

/** Service accounts the Pod Identity associations name; the charts create them under these names. */
export const PROMETHEUS_SERVICE_ACCOUNT = "prometheus";
export const FLUENT_BIT_SERVICE_ACCOUNT = "fluent-bit";
export const OTEL_COLLECTOR_SERVICE_ACCOUNT = "otel-collector";

/** Secret holding Grafana's admin credentials, and its keys. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
export const GRAFANA_ADMIN_USER_KEY = "admin-user";
export const GRAFANA_ADMIN_PASSWORD_KEY = "admin-password";

/** Label and value the Grafana sidecar loads dashboards by, and the folder annotation it reads. */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";
export const GRAFANA_DASHBOARD_LABEL_VALUE = "1";
export const GRAFANA_FOLDER_ANNOTATION = "grafana_folder";

/** In-cluster remote-write endpoint of Prometheus (the OTel collector sends its metrics there). */
export const PROMETHEUS_REMOTE_WRITE_URL = `http://${KUBE_PROMETHEUS_STACK_RELEASE}-prometheus.${MONITORING_NAMESPACE}:9090/api/v1/write`;

/** Runs on every node, whatever its taints: node agents must see every node. */
export const EVERY_NODE_TOLERATIONS: Toleration[] = [{ key: "", operator: "Exists" }];

export interface ResourceRequirements {
    requests: { cpu: string; memory: string };
    limits: { memory: string };
}

// ---------------------------------------------------------------- kube-prometheus-stack

export interface VolumeClaimTemplate {
    volumeClaimTemplate: {
        spec: { storageClassName: string; accessModes: ["ReadWriteOnce"]; resources: { requests: { storage: string } } };
    };
}

/** Pod security of the operator-managed Prometheus and Alertmanager pods (the operator sets the containers'). */
export interface OperatedPodSecurityContext extends PodSecurityContext {
    runAsUser: number;
    runAsGroup: number;
    fsGroup: number;
}

export interface RemoteWriteSpec {
    url: pulumi.Input<string>;
    sigv4: { region: string };
    queueConfig: { maxSamplesPerSend: number; maxShards: number; capacity: number };
}

export interface KubePrometheusStackValues {
    crds: { enabled: true };
    defaultRules: {
        create: true;
        rules: { etcd: false; kubeControllerManager: false; kubeSchedulerAlerting: false; kubeSchedulerRecording: false; kubeProxy: false };
    };
    kubeEtcd: { enabled: false };
    kubeControllerManager: { enabled: false };
    kubeScheduler: { enabled: false };
    kubeProxy: { enabled: false };
    coreDns: { enabled: true };
    kubeApiServer: { enabled: true };
    kubelet: { enabled: true };
    prometheusOperator: {
        tolerations: Toleration[];
        securityContext: PodSecurityContext & { runAsUser: number; fsGroup: number };
        containerSecurityContext: ContainerSecurityContext;
        admissionWebhooks: { patch: { tolerations: Toleration[]; securityContext: PodSecurityContext & { runAsUser: number } } };
    };
    prometheus: {
        enabled: true;
        serviceAccount: { create: true; name: string };
        prometheusSpec: {
            replicas: number;
            retention: string;
            retentionSize: string;
            resources: ResourceRequirements;
            storageSpec: VolumeClaimTemplate;
            externalLabels: { cluster: string };
            serviceMonitorSelectorNilUsesHelmValues: false;
            podMonitorSelectorNilUsesHelmValues: false;
            ruleSelectorNilUsesHelmValues: false;
            probeSelectorNilUsesHelmValues: false;
            enableRemoteWriteReceiver: boolean;
            remoteWrite: RemoteWriteSpec[];
            tolerations: Toleration[];
            securityContext: OperatedPodSecurityContext;
        };
    };
    alertmanager: {
        enabled: true;
        config: AlertmanagerConfig;
        alertmanagerSpec: {
            replicas: number;
            secrets: string[];
            storage: VolumeClaimTemplate;
            resources: ResourceRequirements;
            tolerations: Toleration[];
            securityContext: OperatedPodSecurityContext;
        };
    };
    grafana: GrafanaValues | { enabled: false };
    "kube-state-metrics": {
        tolerations: Toleration[];
        securityContext: PodSecurityContext & { runAsUser: number; runAsGroup: number; fsGroup: number };
        containerSecurityContext: ContainerSecurityContext;
    };
    nodeExporter: { enabled: true };
    "prometheus-node-exporter": {
        namespaceOverride: string;
        hostNetwork: true;
        hostPID: true;
        tolerations: Toleration[];
        resources: ResourceRequirements;
    };
}

export interface GrafanaValues {
    enabled: true;
    admin: { existingSecret: string; userKey: string; passwordKey: string };
    defaultDashboardsEnabled: true;
    persistence: { enabled: false };
    sidecar: {
        dashboards: {
            enabled: true;
            label: string;
            labelValue: string;
            searchNamespace: "ALL";
            folderAnnotation: string;
            provider: { foldersFromFilesStructure: true };
        };
    };
    "grafana.ini": { analytics: { reporting_enabled: false; check_for_updates: false }; users: { allow_sign_up: false }; auth: { disable_login_form: false } };
    tolerations: Toleration[];
    securityContext: PodSecurityContext & { runAsUser: number; runAsGroup: number; fsGroup: number };
    containerSecurityContext: ContainerSecurityContext;
}

export interface KubePrometheusStackFacts {
    clusterName: string;
    region: string;
    prometheusReplicas: number;
    prometheusRetention: string;
    prometheusRetentionSize: string;
    prometheusStorageSize: string;
    prometheusResources: ResourceRequirements;
    alertmanagerReplicas: number;
    alertmanagerStorageSize: string;
    storageClassName: string;
    alertmanagerConfig: AlertmanagerConfig;
    grafana: boolean;
    /** Accept remote writes (the OTel collector's metrics). */
    remoteWriteReceiver: boolean;
    /** AMP remote-write URL; none when AMP is off. */
    ampRemoteWriteUrl?: pulumi.Input<string>;
}

function claim(storageClassName: string, storage: string): VolumeClaimTemplate {
    return { volumeClaimTemplate: { spec: { storageClassName, accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } } };
}

/** The images' own non-root users: Prometheus and Alertmanager run as 1000 with group 2000. */
const OPERATED_POD: OperatedPodSecurityContext = { ...RESTRICTED_POD, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 };

export function grafanaValues(): GrafanaValues {
    return {
        enabled: true,
        // The chart would otherwise generate a password into a Secret of its own on every upgrade.
        admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: GRAFANA_ADMIN_USER_KEY, passwordKey: GRAFANA_ADMIN_PASSWORD_KEY },
        defaultDashboardsEnabled: true,
        // Dashboards are code (ConfigMaps); nothing in Grafana's database needs to survive a restart.
        persistence: { enabled: false },
        sidecar: {
            dashboards: {
                enabled: true,
                label: GRAFANA_DASHBOARD_LABEL,
                labelValue: GRAFANA_DASHBOARD_LABEL_VALUE,
                // Teams' SLO dashboards live in their own namespaces.
                searchNamespace: "ALL",
                folderAnnotation: GRAFANA_FOLDER_ANNOTATION,
                provider: { foldersFromFilesStructure: true },
            },
        },
        "grafana.ini": { analytics: { reporting_enabled: false, check_for_updates: false }, users: { allow_sign_up: false }, auth: { disable_login_form: false } },
        tolerations: CRITICAL_ADDONS_TOLERATIONS,
        securityContext: { ...RESTRICTED_POD, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
        containerSecurityContext: RESTRICTED_CONTAINER,
    };
}

export function kubePrometheusStackValues(f: KubePrometheusStackFacts): KubePrometheusStackValues {
    return {
        crds: { enabled: true },
        // The EKS control plane does not expose etcd, the scheduler or the controller manager, and
        // kube-proxy binds its metrics to localhost: their rules would only ever alert "target down".
        defaultRules: { create: true, rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false } },
        kubeEtcd: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeProxy: { enabled: false },
        coreDns: { enabled: true },
        kubeApiServer: { enabled: true },
        kubelet: { enabled: true },
        prometheusOperator: {
            tolerations: CRITICAL_ADDONS_TOLERATIONS,
            securityContext: { ...RESTRICTED_POD, runAsUser: 65534, fsGroup: 65534 },
            containerSecurityContext: RESTRICTED_CONTAINER,
            admissionWebhooks: { patch: { tolerations: CRITICAL_ADDONS_TOLERATIONS, securityContext: { ...RESTRICTED_POD, runAsUser: 2000 } } },
        },
        prometheus: {
            enabled: true,
            serviceAccount: { create: true, name: PROMETHEUS_SERVICE_ACCOUNT },
            prometheusSpec: {
                replicas: f.prometheusReplicas,
                retention: f.prometheusRetention,
                retentionSize: f.prometheusRetentionSize,
                resources: f.prometheusResources,
                storageSpec: claim(f.storageClassName, f.prometheusStorageSize),
                externalLabels: { cluster: f.clusterName },
                // Without these the operator selects only objects labelled with this release: teams'
                // ServiceMonitors, PodMonitors, rules and probes would be ignored.
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                ruleSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                enableRemoteWriteReceiver: f.remoteWriteReceiver,
                // SigV4 signs with the pod's Pod Identity credentials; no keys in values.
                remoteWrite:
                    f.ampRemoteWriteUrl === undefined
                        ? []
                        : [{ url: f.ampRemoteWriteUrl, sigv4: { region: f.region }, queueConfig: { maxSamplesPerSend: 1000, maxShards: 200, capacity: 2500 } }],
                tolerations: CRITICAL_ADDONS_TOLERATIONS,
                securityContext: OPERATED_POD,
            },
        },
        alertmanager: {
            enabled: true,
            config: f.alertmanagerConfig,
            alertmanagerSpec: {
                replicas: f.alertmanagerReplicas,
                // Mounted at /etc/alertmanager/secrets/<name>/: the receivers read their credentials there.
                secrets: [ALERTMANAGER_RECEIVERS_SECRET],
                storage: claim(f.storageClassName, f.alertmanagerStorageSize),
                resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                tolerations: CRITICAL_ADDONS_TOLERATIONS,
                securityContext: OPERATED_POD,
            },
        },
        grafana: f.grafana ? grafanaValues() : { enabled: false },
        "kube-state-metrics": {
            tolerations: CRITICAL_ADDONS_TOLERATIONS,
            securityContext: { ...RESTRICTED_POD, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
            containerSecurityContext: RESTRICTED_CONTAINER,
        },
        nodeExporter: { enabled: true },
        // node-exporter reads the host's /proc, /sys and root filesystem in the host's network and
        // PID namespaces: it runs in the privileged node-agents namespace, not in monitoring.
        "prometheus-node-exporter": {
            namespaceOverride: NODE_AGENTS_NAMESPACE,
            hostNetwork: true,
            hostPID: true,
            tolerations: EVERY_NODE_TOLERATIONS,
            resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "64Mi" } },
        },
    };
}

// ---------------------------------------------------------------- Fluent Bit

/** A container log shipped to CloudWatch: one output per namespace, to that namespace's log group. */
export interface FluentBitFacts {
    clusterName: string;
    region: string;
    /** Namespace → log group name, in output order. */
    namespaceLogGroups: [string, string][];
    nodeLogGroup: string;
}

export interface FluentBitValues {
    kind: "DaemonSet";
    serviceAccount: { create: true; name: string };
    tolerations: Toleration[];
    resources: ResourceRequirements;
    podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } };
    securityContext: {
        runAsUser: 0;
        runAsNonRoot: false;
        readOnlyRootFilesystem: true;
        allowPrivilegeEscalation: false;
        privileged: false;
        capabilities: { drop: ["ALL"] };
        seccompProfile: { type: "RuntimeDefault" };
    };
    serviceMonitor: { enabled: boolean };
    config: { service: string; inputs: string; filters: string; outputs: string };
}

/** Classic-mode section: `[NAME]` then aligned `Key Value` lines. */
export function fluentBitSection(name: string, entries: [string, string | number][]): string {
    const width = Math.max(...entries.map(([k]) => k.length));
    return [`[${name}]`, ...entries.map(([k, v]) => `    ${k.padEnd(width)} ${v}`)].join("\n") + "\n";
}

/** The tag of a container's log: the tail input tags `kube.<path with dots>`. */
export function containerLogMatch(namespace: string): string {
    // /var/log/containers/<pod>_<namespace>_<container>-<id>.log; pod and namespace names have no "_".
    return `kube.var.log.containers.*_${namespace}_*`;
}

export function fluentBitConfig(f: FluentBitFacts): FluentBitValues["config"] {
    const service = fluentBitSection("SERVICE", [
        ["Daemon", "Off"],
        ["Flush", 5],
        ["Log_Level", "info"],
        ["Parsers_File", "/fluent-bit/etc/parsers.conf"],
        ["HTTP_Server", "On"],
        ["HTTP_Listen", "0.0.0.0"],
        ["HTTP_Port", 2020],
        ["Health_Check", "On"],
    ]);
    const inputs = [
        fluentBitSection("INPUT", [
            ["Name", "tail"],
            ["Tag", "kube.*"],
            ["Path", "/var/log/containers/*.log"],
            ["Exclude_Path", `/var/log/containers/*_${NODE_AGENTS_NAMESPACE}_fluent-bit-*.log`],
            ["multiline.parser", "cri, docker"],
            ["DB", "/var/log/flb_kube.db"],
            ["Mem_Buf_Limit", "50MB"],
            ["Skip_Long_Lines", "On"],
            ["Refresh_Interval", 10],
        ]),
        fluentBitSection("INPUT", [
            ["Name", "systemd"],
            ["Tag", "node.*"],
            ["Systemd_Filter", "_SYSTEMD_UNIT=kubelet.service"],
            ["Systemd_Filter", "_SYSTEMD_UNIT=containerd.service"],
            ["DB", "/var/log/flb_node.db"],
            ["Read_From_Tail", "On"],
            ["Strip_Underscores", "On"],
        ]),
    ].join("\n");
    const filters = fluentBitSection("FILTER", [
        ["Name", "kubernetes"],
        ["Match", "kube.*"],
        ["Merge_Log", "On"],
        ["Keep_Log", "Off"],
        ["K8S-Logging.Parser", "On"],
        ["K8S-Logging.Exclude", "On"],
        ["Labels", "On"],
        ["Annotations", "Off"],
    ]);
    const cloudwatch = (match: string, group: string, streamPrefix: string) =>
        fluentBitSection("OUTPUT", [
            ["Name", "cloudwatch_logs"],
            ["Match", match],
            ["region", f.region],
            ["log_group_name", group],
            ["log_stream_prefix", streamPrefix],
            // The groups exist (retention, KMS) and the role may not create others.
            ["auto_create_group", "Off"],
            ["retry_limit", 5],
        ]);
    const outputs = [...f.namespaceLogGroups.map(([ns, group]) => cloudwatch(containerLogMatch(ns), group, `${ns}.`)), cloudwatch("node.*", f.nodeLogGroup, "node.")].join("\n");
    return { service, inputs, filters, outputs };
}

export function fluentBitValues(f: FluentBitFacts & { serviceMonitor: boolean }): FluentBitValues {
    return {
        kind: "DaemonSet",
        serviceAccount: { create: true, name: FLUENT_BIT_SERVICE_ACCOUNT },
        tolerations: EVERY_NODE_TOLERATIONS,
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
        podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
        // Container logs are root-owned 0640 files on the host: read as root, with no capabilities,
        // no escalation and a read-only root filesystem (the privileged namespace is for hostPath).
        securityContext: {
            runAsUser: 0,
            runAsNonRoot: false,
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        serviceMonitor: { enabled: f.serviceMonitor },
        config: fluentBitConfig(f),
    };
}

// ---------------------------------------------------------------- OpenTelemetry Collector

export interface OtelCollectorFacts {
    region: string;
    clusterName: string;
    replicas: number;
    /** Send metrics received over OTLP to the in-cluster Prometheus. */
    metricsToPrometheus: boolean;
}

type Pipeline = { receivers: string[]; processors: string[]; exporters: string[] };

export interface OtelCollectorValues {
    mode: "deployment";
    image: { repository: string };
    replicaCount: number;
    serviceAccount: { create: true; name: string };
    tolerations: Toleration[];
    resources: ResourceRequirements;
    podSecurityContext: PodSecurityContext;
    securityContext: ContainerSecurityContext & { runAsUser: number };
    podDisruptionBudget: { enabled: true; minAvailable: number };
    ports: Record<"jaeger-compact" | "jaeger-thrift" | "jaeger-grpc" | "zipkin", { enabled: false }>;
    config: {
        // `null` removes a key the chart's default config sets (Helm merges maps).
        receivers: { otlp: { protocols: { grpc: { endpoint: string }; http: { endpoint: string } } }; jaeger: null; zipkin: null; prometheus: null };
        processors: {
            memory_limiter: { check_interval: string; limit_percentage: number; spike_limit_percentage: number };
            batch: { send_batch_size: number; timeout: string };
            resource: { attributes: { key: string; value: string; action: "upsert" }[] };
        };
        exporters: {
            awsxray: { region: string; indexed_attributes: string[] };
            prometheusremotewrite?: { endpoint: string; resource_to_telemetry_conversion: { enabled: true } };
            debug: null;
        };
        service: { pipelines: { traces: Pipeline; metrics: Pipeline | null; logs: null } };
    };
}

export function otelCollectorValues(f: OtelCollectorFacts): OtelCollectorValues {
    const processors = ["memory_limiter", "resource", "batch"];
    return {
        // A gateway: applications send OTLP to one Service; the collector holds the AWS credentials.
        mode: "deployment",
        image: { repository: "otel/opentelemetry-collector-contrib" },
        replicaCount: f.replicas,
        serviceAccount: { create: true, name: OTEL_COLLECTOR_SERVICE_ACCOUNT },
        tolerations: CRITICAL_ADDONS_TOLERATIONS,
        resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
        podSecurityContext: RESTRICTED_POD,
        securityContext: { ...RESTRICTED_CONTAINER, runAsUser: 10001 },
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        ports: { "jaeger-compact": { enabled: false }, "jaeger-thrift": { enabled: false }, "jaeger-grpc": { enabled: false }, zipkin: { enabled: false } },
        config: {
            receivers: {
                otlp: { protocols: { grpc: { endpoint: "${env:MY_POD_IP}:4317" }, http: { endpoint: "${env:MY_POD_IP}:4318" } } },
                jaeger: null,
                zipkin: null,
                prometheus: null,
            },
            processors: {
                // First in every pipeline: refuse data before the collector runs out of memory.
                memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 25 },
                batch: { send_batch_size: 8192, timeout: "5s" },
                resource: { attributes: [{ key: "k8s.cluster.name", value: f.clusterName, action: "upsert" }] },
            },
            exporters: {
                awsxray: { region: f.region, indexed_attributes: ["k8s.namespace.name", "service.name"] },
                ...(f.metricsToPrometheus ? { prometheusremotewrite: { endpoint: PROMETHEUS_REMOTE_WRITE_URL, resource_to_telemetry_conversion: { enabled: true as const } } } : {}),
                debug: null,
            },
            service: {
                pipelines: {
                    traces: { receivers: ["otlp"], processors, exporters: ["awsxray"] },
                    metrics: f.metricsToPrometheus ? { receivers: ["otlp"], processors, exporters: ["prometheusremotewrite"] } : null,
                    logs: null,
                },
            },
        },
    };
}
