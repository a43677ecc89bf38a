import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    containerLogMatch,
    fluentBitConfig,
    fluentBitValues,
    grafanaValues,
    KubePrometheusStackFacts,
    kubePrometheusStackValues,
    otelCollectorValues,
    receiversSecretData,
    renderAlertmanagerConfig,
} from "../../../components/observability";

const TOLERATIONS = [{ key: "CriticalAddonsOnly", operator: "Exists" }];
const RESTRICTED_POD = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };
const RESTRICTED_CONTAINER = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};

const FACTS: KubePrometheusStackFacts = {
    clusterName: "dev",
    region: "eu-west-1",
    prometheusReplicas: 2,
    prometheusRetention: "15d",
    prometheusRetentionSize: "45GB",
    prometheusStorageSize: "50Gi",
    prometheusResources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
    alertmanagerReplicas: 2,
    alertmanagerStorageSize: "2Gi",
    storageClassName: "gp3-encrypted",
    alertmanagerConfig: renderAlertmanagerConfig([], []),
    grafana: true,
    remoteWriteReceiver: true,
};

describe("kubePrometheusStackValues", () => {
    it("renders Prometheus, Alertmanager, Grafana, kube-state-metrics and node-exporter for EKS", () => {
        const claim = (storage: string) => ({ volumeClaimTemplate: { spec: { storageClassName: "gp3-encrypted", accessModes: ["ReadWriteOnce"], resources: { requests: { storage } } } } });
        const operated = { ...RESTRICTED_POD, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 };
        expect(kubePrometheusStackValues(FACTS)).to.deep.equal({
            crds: { enabled: true },
            defaultRules: { create: true, rules: { etcd: false, kubeControllerManager: false, kubeSchedulerAlerting: false, kubeSchedulerRecording: false, kubeProxy: false } },
            kubeEtcd: { enabled: false },
            kubeControllerManager: { enabled: false },
            kubeScheduler: { enabled: false },
            kubeProxy: { enabled: false },
            coreDns: { enabled: true },
            kubeApiServer: { enabled: true },
            kubelet: { enabled: true },
            prometheusOperator: {
                tolerations: TOLERATIONS,
                securityContext: { ...RESTRICTED_POD, runAsUser: 65534, fsGroup: 65534 },
                containerSecurityContext: RESTRICTED_CONTAINER,
                admissionWebhooks: { patch: { tolerations: TOLERATIONS, securityContext: { ...RESTRICTED_POD, runAsUser: 2000 } } },
            },
            prometheus: {
                enabled: true,
                serviceAccount: { create: true, name: "prometheus" },
                prometheusSpec: {
                    replicas: 2,
                    retention: "15d",
                    retentionSize: "45GB",
                    resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
                    storageSpec: claim("50Gi"),
                    externalLabels: { cluster: "dev" },
                    serviceMonitorSelectorNilUsesHelmValues: false,
                    podMonitorSelectorNilUsesHelmValues: false,
                    ruleSelectorNilUsesHelmValues: false,
                    probeSelectorNilUsesHelmValues: false,
                    enableRemoteWriteReceiver: true,
                    remoteWrite: [],
                    tolerations: TOLERATIONS,
                    securityContext: operated,
                },
            },
            alertmanager: {
                enabled: true,
                config: renderAlertmanagerConfig([], []),
                alertmanagerSpec: {
                    replicas: 2,
                    secrets: ["alertmanager-receivers"],
                    storage: claim("2Gi"),
                    resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                    tolerations: TOLERATIONS,
                    securityContext: operated,
                },
            },
            grafana: grafanaValues(),
            "kube-state-metrics": {
                tolerations: TOLERATIONS,
                securityContext: { ...RESTRICTED_POD, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534 },
                containerSecurityContext: RESTRICTED_CONTAINER,
            },
            nodeExporter: { enabled: true },
            "prometheus-node-exporter": {
                namespaceOverride: "node-agents",
                hostNetwork: true,
                hostPID: true,
                tolerations: [{ key: "", operator: "Exists" }],
                resources: { requests: { cpu: "20m", memory: "32Mi" }, limits: { memory: "64Mi" } },
            },
        });
    });

    it("renders Grafana with the admin Secret, persistence off and the dashboard sidecar watching every namespace", () => {
        expect(grafanaValues()).to.deep.equal({
            enabled: true,
            admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
            defaultDashboardsEnabled: true,
            persistence: { enabled: false },
            sidecar: {
                dashboards: {
                    enabled: true,
                    label: "grafana_dashboard",
                    labelValue: "1",
                    searchNamespace: "ALL",
                    folderAnnotation: "grafana_folder",
                    provider: { foldersFromFilesStructure: true },
                },
            },
            "grafana.ini": { analytics: { reporting_enabled: false, check_for_updates: false }, users: { allow_sign_up: false }, auth: { disable_login_form: false } },
            tolerations: TOLERATIONS,
            securityContext: { ...RESTRICTED_POD, runAsUser: 472, runAsGroup: 472, fsGroup: 472 },
            containerSecurityContext: RESTRICTED_CONTAINER,
        });
        expect(kubePrometheusStackValues({ ...FACTS, grafana: false }).grafana).to.deep.equal({ enabled: false });
    });

    it("adds a SigV4 remote write when an AMP URL is given", () => {
        const spec = kubePrometheusStackValues({ ...FACTS, ampRemoteWriteUrl: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write" }).prometheus.prometheusSpec;
        expect(spec.remoteWrite).to.deep.equal([
            { url: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write", sigv4: { region: "eu-west-1" }, queueConfig: { maxSamplesPerSend: 1000, maxShards: 200, capacity: 2500 } },
        ]);
    });
});

describe("renderAlertmanagerConfig", () => {
    it("routes each severity to its receiver, credentials as mounted files, unrouted alerts dropped", () => {
        const config = renderAlertmanagerConfig(
            [
                { name: "pagerduty", type: "pagerduty" },
                { name: "slack", type: "slack", channel: "#alerts" },
                { name: "hook", type: "webhook" },
            ],
            [
                { severity: "critical", receiver: "pagerduty" },
                { severity: "warning", receiver: "slack" },
                { severity: "info", receiver: "hook", repeatInterval: "24h" },
            ],
        );
        expect(config).to.deep.equal({
            global: { resolve_timeout: "5m" },
            route: {
                receiver: "null",
                group_by: ["alertname", "cluster", "namespace", "service", "slo"],
                group_wait: "30s",
                group_interval: "5m",
                repeat_interval: "12h",
                routes: [
                    { receiver: "null", matchers: ['alertname = "Watchdog"'] },
                    { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
                    { receiver: "pagerduty", matchers: ['severity = "critical"'], repeat_interval: "4h" },
                    { receiver: "slack", matchers: ['severity = "warning"'], repeat_interval: "12h" },
                    { receiver: "hook", matchers: ['severity = "info"'], repeat_interval: "24h" },
                ],
            },
            receivers: [
                { name: "null" },
                {
                    name: "pagerduty",
                    pagerduty_configs: [{ routing_key_file: "/etc/alertmanager/secrets/alertmanager-receivers/pagerduty", send_resolved: true, severity: '{{ .CommonLabels.severity | default "critical" }}' }],
                },
                {
                    name: "slack",
                    slack_configs: [
                        {
                            api_url_file: "/etc/alertmanager/secrets/alertmanager-receivers/slack",
                            channel: "#alerts",
                            send_resolved: true,
                            title: "[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})",
                            text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
                        },
                    ],
                },
                { name: "hook", webhook_configs: [{ url_file: "/etc/alertmanager/secrets/alertmanager-receivers/hook", send_resolved: true }] },
            ],
            inhibit_rules: [
                // team, service and slo keep an SLO's page from silencing other SLOs' tickets (SLO alerts have no namespace).
                { source_matchers: ['severity = "critical"'], target_matchers: ['severity =~ "warning|info"'], equal: ["namespace", "alertname", "team", "service", "slo"] },
                { source_matchers: ['severity = "warning"'], target_matchers: ['severity = "info"'], equal: ["namespace", "alertname", "team", "service", "slo"] },
            ],
        });
    });

    it("keeps every receiver credential secret, even one given as plain text", async () => {
        const data = receiversSecretData([
            { name: "pagerduty", type: "pagerduty", secret: pulumi.secret("k") },
            { name: "hook", type: "webhook", secret: "https://plain.example.com" },
        ]);
        expect(Object.keys(data)).to.deep.equal(["pagerduty", "hook"]);
        for (const value of Object.values(data)) {
            expect(await (value as unknown as { isSecret: Promise<boolean> }).isSecret).to.equal(true);
        }
    });
});

describe("Fluent Bit values", () => {
    const facts = { clusterName: "dev", region: "eu-west-1", namespaceLogGroups: [["kube-system", "/aws/eks/dev/workloads/kube-system"], ["payments", "/aws/eks/dev/workloads/payments"]] as [string, string][], nodeLogGroup: "/aws/eks/dev/nodes" };

    it("matches a namespace's container logs by the file name the kubelet gives them", () => {
        expect(containerLogMatch("payments")).to.equal("kube.var.log.containers.*_payments_*");
    });

    it("renders one CloudWatch output per namespace and one for node logs, never creating groups", () => {
        const config = fluentBitConfig(facts);
        expect(config.outputs).to.equal(
            [
                ["kube.var.log.containers.*_kube-system_*", "/aws/eks/dev/workloads/kube-system", "kube-system."],
                ["kube.var.log.containers.*_payments_*", "/aws/eks/dev/workloads/payments", "payments."],
                ["node.*", "/aws/eks/dev/nodes", "node."],
            ]
                .map(
                    ([match, group, prefix]) =>
                        "[OUTPUT]\n" +
                        "    Name              cloudwatch_logs\n" +
                        `    Match             ${match}\n` +
                        "    region            eu-west-1\n" +
                        `    log_group_name    ${group}\n` +
                        `    log_stream_prefix ${prefix}\n` +
                        "    auto_create_group Off\n" +
                        "    retry_limit       5\n",
                )
                .join("\n"),
        );
        expect(config.inputs).to.equal(
            "[INPUT]\n" +
                "    Name             tail\n" +
                "    Tag              kube.*\n" +
                "    Path             /var/log/containers/*.log\n" +
                "    Exclude_Path     /var/log/containers/*_node-agents_fluent-bit-*.log\n" +
                "    multiline.parser cri, docker\n" +
                "    DB               /var/log/flb_kube.db\n" +
                "    Mem_Buf_Limit    50MB\n" +
                "    Skip_Long_Lines  On\n" +
                "    Refresh_Interval 10\n" +
                "\n" +
                "[INPUT]\n" +
                "    Name              systemd\n" +
                "    Tag               node.*\n" +
                "    Systemd_Filter    _SYSTEMD_UNIT=kubelet.service\n" +
                "    Systemd_Filter    _SYSTEMD_UNIT=containerd.service\n" +
                "    DB                /var/log/flb_node.db\n" +
                "    Read_From_Tail    On\n" +
                "    Strip_Underscores On\n",
        );
        expect(config.filters).to.include("Match               kube.*");
        expect(config.service).to.include("HTTP_Port    2020");
    });

    it("runs as a DaemonSet on every node, reading as root with no capabilities and a read-only root", () => {
        const values = fluentBitValues({ ...facts, serviceMonitor: true });
        expect({ ...values, config: undefined }).to.deep.equal({
            kind: "DaemonSet",
            serviceAccount: { create: true, name: "fluent-bit" },
            tolerations: [{ key: "", operator: "Exists" }],
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
            podSecurityContext: { seccompProfile: { type: "RuntimeDefault" } },
            securityContext: {
                runAsUser: 0,
                runAsNonRoot: false,
                readOnlyRootFilesystem: true,
                allowPrivilegeEscalation: false,
                privileged: false,
                capabilities: { drop: ["ALL"] },
                seccompProfile: { type: "RuntimeDefault" },
            },
            serviceMonitor: { enabled: true },
            config: undefined,
        });
    });
});

describe("otelCollectorValues", () => {
    it("renders a gateway receiving OTLP and exporting traces to X-Ray and metrics to Prometheus", () => {
        const pipeline = (exporters: string[]) => ({ receivers: ["otlp"], processors: ["memory_limiter", "resource", "batch"], exporters });
        expect(otelCollectorValues({ region: "eu-west-1", clusterName: "dev", replicas: 2, metricsToPrometheus: true })).to.deep.equal({
            mode: "deployment",
            image: { repository: "otel/opentelemetry-collector-contrib" },
            replicaCount: 2,
            serviceAccount: { create: true, name: "otel-collector" },
            tolerations: TOLERATIONS,
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
                    memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 25 },
                    batch: { send_batch_size: 8192, timeout: "5s" },
                    resource: { attributes: [{ key: "k8s.cluster.name", value: "dev", action: "upsert" }] },
                },
                exporters: {
                    awsxray: { region: "eu-west-1", indexed_attributes: ["k8s.namespace.name", "service.name"] },
                    prometheusremotewrite: { endpoint: "http://kube-prometheus-stack-prometheus.monitoring:9090/api/v1/write", resource_to_telemetry_conversion: { enabled: true } },
                    debug: null,
                },
                service: { pipelines: { traces: pipeline(["awsxray"]), metrics: pipeline(["prometheusremotewrite"]), logs: null } },
            },
        });
    });

    it("drops the metrics pipeline when there is no Prometheus", () => {
        const values = otelCollectorValues({ region: "eu-west-1", clusterName: "dev", replicas: 1, metricsToPrometheus: false });
        expect(values.config.exporters).to.not.have.property("prometheusremotewrite");
        expect(values.config.service.pipelines.metrics).to.equal(null);
    });
});
