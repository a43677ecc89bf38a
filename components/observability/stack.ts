import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { stateful, tagsFor } from "../common";
import { PodIdentityRole } from "../cluster/pod-identity";
import {
    allowDnsSpec,
    allowEgressToAnywhereWithPodIdentitySpec,
    allowFromNamespaceSpec,
    allowIngressPortsSpec,
    allowSameNamespaceSpec,
    defaultDenySpec,
    NetworkPolicySpec,
    podSecurityLabels,
    PodSecurityLevel,
} from "../kubernetes/guardrails";
import { POD_SECURITY_VERSION } from "../kubernetes/namespaces";
import { pinnedRelease } from "../kubernetes/helm";
import { ChartPin } from "../kubernetes/versions";
import { secureLogGroup } from "../storage/log-group";
import { ALERTMANAGER_RECEIVERS_SECRET, receiversSecretData, renderAlertmanagerConfig } from "./alertmanager";
import { platformAlarms } from "./alarms";
import { ObservabilityStackArgs, resolveObservabilityStackArgs, validateObservabilityStackArgs } from "./args";
import { platformDashboards, PLATFORM_DASHBOARD_FOLDER } from "./dashboards";
import { alarmTopicPolicy, ampLogGroupName, ampRemoteWritePolicy, fluentBitStatements, nodeLogGroupName, otelCollectorStatements, prometheusGuardStatements, workloadLogGroupName } from "./iam";
import { platformSloSpecs } from "./platform-slos";
import { withRunbook } from "./runbooks";
import { ServiceLevelObjective } from "./slo";
import {
    FLUENT_BIT_RELEASE,
    FLUENT_BIT_SERVICE_ACCOUNT,
    fluentBitValues,
    GRAFANA_ADMIN_PASSWORD_KEY,
    GRAFANA_ADMIN_SECRET,
    GRAFANA_ADMIN_USER_KEY,
    GRAFANA_DASHBOARD_LABEL,
    GRAFANA_DASHBOARD_LABEL_VALUE,
    GRAFANA_FOLDER_ANNOTATION,
    KUBE_PROMETHEUS_STACK_RELEASE,
    kubePrometheusStackValues,
    MONITORING_NAMESPACE,
    NODE_AGENTS_NAMESPACE,
    OTEL_COLLECTOR_RELEASE,
    OTEL_COLLECTOR_SERVICE_ACCOUNT,
    otelCollectorValues,
    PROMETHEUS_SERVICE_ACCOUNT,
} from "./values";
import { OBSERVABILITY_CHARTS } from "./versions";

/** The NetworkPolicies of the stack's namespaces by object name (tested as documents). */
export function observabilityNetworkPolicies(namespace: typeof MONITORING_NAMESPACE | typeof NODE_AGENTS_NAMESPACE): [string, NetworkPolicySpec][] {
    if (namespace === MONITORING_NAMESPACE) {
        return [
            ["default-deny", defaultDenySpec()],
            ["allow-dns", allowDnsSpec()],
            ["allow-same-namespace", allowSameNamespaceSpec()],
            // Prometheus scrapes every namespace and node on whatever port a ServiceMonitor names,
            // and Alertmanager, AMP and X-Ray are outside the VPC: egress cannot be narrowed by port.
            ["allow-egress", { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: "0.0.0.0/0" } }] }] }],
            // OTLP gRPC and HTTP from every workload; the operator's admission webhook from the control plane.
            [
                "allow-ingress",
                allowIngressPortsSpec([
                    { protocol: "TCP", port: 4317 },
                    { protocol: "TCP", port: 4318 },
                    { protocol: "TCP", port: 10250 },
                ]),
            ],
        ];
    }
    return [
        ["default-deny", defaultDenySpec()],
        ["allow-dns", allowDnsSpec()],
        // The API server (Fluent Bit's kubernetes filter), CloudWatch Logs, and the Pod Identity
        // agent that hands Fluent Bit its credentials (link-local, port 80).
        ["allow-egress", allowEgressToAnywhereWithPodIdentitySpec([{ protocol: "TCP", port: 443 }])],
        // Prometheus scrapes Fluent Bit's metrics (node-exporter is on the host network, outside policies).
        ["allow-from-monitoring", allowFromNamespaceSpec(MONITORING_NAMESPACE)],
    ];
}

/** Pod Security level of each namespace: see NODE_AGENTS_NAMESPACE for the one exception. */
export const OBSERVABILITY_NAMESPACE_LEVELS: Record<string, PodSecurityLevel> = {
    [MONITORING_NAMESPACE]: "restricted",
    [NODE_AGENTS_NAMESPACE]: "privileged",
};

/**
 * Metrics, dashboards, logs, traces, AWS-side alarms and platform SLOs of a workload cluster. Every
 * chart is a `k8s.helm.v3.Release` of a pinned version (see DESIGN.md); every workload that calls
 * AWS has its own `PodIdentityRole` scoped to the resources it writes to.
 */
export class ObservabilityStack extends pulumi.ComponentResource {
    readonly monitoringNamespace?: pulumi.Output<string>;
    readonly nodeAgentsNamespace?: pulumi.Output<string>;
    readonly alarmTopicArn?: pulumi.Output<string>;
    readonly ampWorkspaceArn?: pulumi.Output<string>;
    readonly ampRemoteWriteUrl?: pulumi.Output<string>;
    readonly prometheusRoleArn?: pulumi.Output<string>;
    readonly fluentBitRoleArn?: pulumi.Output<string>;
    readonly otelCollectorRoleArn?: pulumi.Output<string>;
    /** Log group name by namespace, plus `nodes`. */
    readonly logGroupNames: Record<string, string>;
    /** OTLP endpoints applications send to (gRPC 4317, HTTP 4318). */
    readonly otlpGrpcEndpoint?: string;
    readonly otlpHttpEndpoint?: string;

    constructor(name: string, args: ObservabilityStackArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:observability:ObservabilityStack", name, {}, opts);
        validateObservabilityStackArgs(args);
        const a = resolveObservabilityStackArgs(args);
        const identity = { clusterName: a.clusterName, accountId: a.accountId, region: a.region, tags: a.tags };
        const tags = (n?: string) => tagsFor(a.tags, n, { "platform:cluster": a.clusterName });

        const release = (role: string, pin: ChartPin, releaseName: string, namespace: pulumi.Input<string>, values: object, dependsOn: pulumi.Resource[]): k8s.helm.v3.Release =>
            pinnedRelease(`${name}-${role}`, { pin, releaseName, namespace, values, timeoutSeconds: a.helmTimeoutSeconds }, { parent: this, dependsOn });

        const namespace = (role: string, nsName: typeof MONITORING_NAMESPACE | typeof NODE_AGENTS_NAMESPACE): k8s.core.v1.Namespace => {
            const ns = new k8s.core.v1.Namespace(
                `${name}-${role}-namespace`,
                {
                    metadata: {
                        name: nsName,
                        labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/addon": role, ...podSecurityLabels(OBSERVABILITY_NAMESPACE_LEVELS[nsName], POD_SECURITY_VERSION) },
                    },
                },
                { parent: this },
            );
            for (const [policyName, spec] of observabilityNetworkPolicies(nsName)) {
                new k8s.networking.v1.NetworkPolicy(`${name}-${role}-${policyName}`, { metadata: { name: policyName, namespace: ns.metadata.name }, spec }, { parent: this });
            }
            return ns;
        };

        const monitoringNs = a.metrics || a.traces ? namespace("monitoring", MONITORING_NAMESPACE) : undefined;
        const nodeAgentsNs = a.metrics || a.logs ? namespace("node-agents", NODE_AGENTS_NAMESPACE) : undefined;
        // Namespaced children name the namespace through its output, so they wait for it.
        const monitoring = monitoringNs?.metadata.name;
        const nodeAgents = nodeAgentsNs?.metadata.name;
        this.monitoringNamespace = monitoring;
        this.nodeAgentsNamespace = nodeAgents;

        // ------------------------------------------------------------ metrics, alerting, dashboards
        let kps: k8s.helm.v3.Release | undefined;
        if (a.metrics && monitoring && nodeAgentsNs) {
            const receivers = new k8s.core.v1.Secret(
                `${name}-alertmanager-receivers`,
                {
                    metadata: { name: ALERTMANAGER_RECEIVERS_SECRET, namespace: monitoring, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
                    type: "Opaque",
                    stringData: receiversSecretData(a.alertReceivers),
                },
                { parent: this },
            );
            const dependsOn: pulumi.Resource[] = [receivers];
            if (a.grafana) {
                dependsOn.push(
                    new k8s.core.v1.Secret(
                        `${name}-grafana-admin`,
                        {
                            metadata: { name: GRAFANA_ADMIN_SECRET, namespace: monitoring, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
                            type: "Opaque",
                            stringData: { [GRAFANA_ADMIN_USER_KEY]: "admin", [GRAFANA_ADMIN_PASSWORD_KEY]: pulumi.secret(a.grafanaAdminPassword!) },
                        },
                        { parent: this },
                    ),
                );
            }

            let ampRemoteWriteUrl: pulumi.Output<string> | undefined;
            if (a.ampRemoteWrite) {
                const ampLogs = secureLogGroup(
                    `${name}-amp-logs`,
                    { logGroupName: ampLogGroupName(a.clusterName), retentionInDays: a.logRetentionInDays, kmsKeyArn: a.logsKmsKeyArn, protect: a.protect, tags: tags() },
                    this,
                );
                const workspace = new aws.amp.Workspace(
                    `${name}-amp`,
                    {
                        alias: a.clusterName,
                        kmsKeyArn: a.ampKmsKeyArn,
                        loggingConfiguration: { logGroupArn: pulumi.interpolate`${ampLogs.arn}:*` },
                        tags: tags(`${a.clusterName}-metrics`),
                    },
                    stateful(this, a.protect),
                );
                const role = new PodIdentityRole(
                    `${name}-prometheus-identity`,
                    { ...identity, namespace: MONITORING_NAMESPACE, serviceAccount: PROMETHEUS_SERVICE_ACCOUNT, statements: prometheusGuardStatements() },
                    { parent: this },
                );
                const grant = new aws.iam.RolePolicy(
                    `${name}-prometheus-remote-write`,
                    { role: role.roleName, policy: workspace.arn.apply((arn) => JSON.stringify(ampRemoteWritePolicy(arn))) },
                    { parent: this },
                );
                ampRemoteWriteUrl = pulumi.interpolate`${workspace.prometheusEndpoint}api/v1/remote_write`;
                dependsOn.push(role, grant);
                this.ampWorkspaceArn = workspace.arn;
                this.ampRemoteWriteUrl = ampRemoteWriteUrl;
                this.prometheusRoleArn = role.roleArn;
            }

            const values = kubePrometheusStackValues({
                clusterName: a.clusterName,
                region: a.region,
                prometheusReplicas: a.prometheusReplicas,
                prometheusRetention: a.prometheusRetention,
                prometheusRetentionSize: a.prometheusRetentionSize,
                prometheusStorageSize: a.prometheusStorageSize,
                prometheusResources: a.prometheusResources,
                alertmanagerReplicas: a.alertmanagerReplicas,
                alertmanagerStorageSize: a.alertmanagerStorageSize,
                storageClassName: a.storageClassName,
                alertmanagerConfig: renderAlertmanagerConfig(a.alertReceivers, a.alertRoutes),
                grafana: a.grafana,
                remoteWriteReceiver: a.traces,
                ampRemoteWriteUrl,
            });
            // The node-agents namespace must exist before the chart puts node-exporter in it.
            kps = release("kube-prometheus-stack", OBSERVABILITY_CHARTS.kubePrometheusStack, KUBE_PROMETHEUS_STACK_RELEASE, monitoring, values, [...dependsOn, nodeAgentsNs]);

            if (a.grafana) {
                for (const [objectName, dashboard] of platformDashboards(a.clusterName)) {
                    new k8s.core.v1.ConfigMap(
                        `${name}-dashboard-${objectName.replace(/^platform-/, "")}`,
                        {
                            metadata: {
                                name: objectName,
                                namespace: monitoring,
                                labels: { "app.kubernetes.io/managed-by": "pulumi", [GRAFANA_DASHBOARD_LABEL]: GRAFANA_DASHBOARD_LABEL_VALUE },
                                annotations: { [GRAFANA_FOLDER_ANNOTATION]: PLATFORM_DASHBOARD_FOLDER },
                            },
                            data: { [`${objectName}.json`]: JSON.stringify(dashboard, null, 2) },
                        },
                        { parent: this },
                    );
                }
            }
        }

        // ------------------------------------------------------------ logs
        const logGroupNames: Record<string, string> = {};
        if (a.logs && nodeAgents) {
            const namespaces = [...a.logNamespaces, ...a.teamNamespaces];
            const logGroup = (role: string, groupName: string) =>
                secureLogGroup(`${name}-${role}`, { logGroupName: groupName, retentionInDays: a.logRetentionInDays, kmsKeyArn: a.logsKmsKeyArn, protect: a.protect, tags: tags() }, this);
            const groups: pulumi.Resource[] = [];
            for (const ns of namespaces) {
                logGroupNames[ns] = workloadLogGroupName(a.clusterName, ns);
                groups.push(logGroup(`logs-${ns}`, logGroupNames[ns]));
            }
            logGroupNames.nodes = nodeLogGroupName(a.clusterName);
            groups.push(logGroup("node-logs", logGroupNames.nodes));
            const role = new PodIdentityRole(
                `${name}-fluent-bit-identity`,
                { ...identity, namespace: NODE_AGENTS_NAMESPACE, serviceAccount: FLUENT_BIT_SERVICE_ACCOUNT, statements: fluentBitStatements(a.region, a.accountId, Object.values(logGroupNames)) },
                { parent: this },
            );
            const values = fluentBitValues({
                clusterName: a.clusterName,
                region: a.region,
                namespaceLogGroups: namespaces.map((ns) => [ns, logGroupNames[ns]]),
                nodeLogGroup: logGroupNames.nodes,
                // The ServiceMonitor CRD comes with kube-prometheus-stack.
                serviceMonitor: kps !== undefined,
            });
            release("fluent-bit", OBSERVABILITY_CHARTS.fluentBit, FLUENT_BIT_RELEASE, nodeAgents, values, [role, ...groups, ...(kps ? [kps] : [])]);
            this.fluentBitRoleArn = role.roleArn;
        }
        this.logGroupNames = logGroupNames;

        // ------------------------------------------------------------ traces
        if (a.traces && monitoring) {
            const role = new PodIdentityRole(
                `${name}-otel-collector-identity`,
                { ...identity, namespace: MONITORING_NAMESPACE, serviceAccount: OTEL_COLLECTOR_SERVICE_ACCOUNT, statements: otelCollectorStatements() },
                { parent: this },
            );
            const values = otelCollectorValues({ region: a.region, clusterName: a.clusterName, replicas: a.otelCollectorReplicas, metricsToPrometheus: kps !== undefined });
            release("otel-collector", OBSERVABILITY_CHARTS.openTelemetryCollector, OTEL_COLLECTOR_RELEASE, monitoring, values, [role, ...(kps ? [kps] : [])]);
            this.otelCollectorRoleArn = role.roleArn;
            const service = `${OTEL_COLLECTOR_RELEASE}-opentelemetry-collector.${MONITORING_NAMESPACE}.svc`;
            this.otlpGrpcEndpoint = `http://${service}:4317`;
            this.otlpHttpEndpoint = `http://${service}:4318`;
        }

        // ------------------------------------------------------------ AWS alarms
        if (a.alarms) {
            const topic = new aws.sns.Topic(`${name}-alarms`, { name: `${a.clusterName}-alarms`, kmsMasterKeyId: a.alarmsKmsKeyArn!, tags: tags(`${a.clusterName}-alarms`) }, { parent: this });
            new aws.sns.TopicPolicy(`${name}-alarms`, { arn: topic.arn, policy: topic.arn.apply((arn) => JSON.stringify(alarmTopicPolicy(arn, a.region, a.accountId))) }, { parent: this });
            a.alarmEmails.forEach((endpoint, i) => {
                new aws.sns.TopicSubscription(`${name}-alarms-email-${i}`, { topic: topic.arn, protocol: "email", endpoint }, { parent: this });
            });
            a.alarmHttpsEndpoints.forEach((endpoint, i) => {
                new aws.sns.TopicSubscription(`${name}-alarms-https-${i}`, { topic: topic.arn, protocol: "https", endpoint }, { parent: this });
            });
            const alarms = platformAlarms({
                clusterName: a.clusterName,
                natGatewayIds: a.natGatewayIds,
                transitGatewayId: a.transitGatewayId,
                transitGatewayAttachmentId: a.transitGatewayAttachmentId,
                thresholds: a.alarmThresholds,
                runbookBaseUrl: a.runbookBaseUrl,
            });
            for (const spec of alarms) {
                new aws.cloudwatch.MetricAlarm(
                    `${name}-alarm-${spec.role}`,
                    {
                        name: spec.alarmName,
                        alarmDescription: withRunbook(spec.description, spec.runbookUrl),
                        namespace: spec.namespace,
                        metricName: spec.metricName,
                        dimensions: spec.dimensions,
                        statistic: spec.statistic,
                        period: spec.period,
                        evaluationPeriods: spec.evaluationPeriods,
                        datapointsToAlarm: spec.datapointsToAlarm,
                        threshold: spec.threshold,
                        comparisonOperator: spec.comparisonOperator,
                        treatMissingData: spec.treatMissingData,
                        actionsEnabled: true,
                        alarmActions: [topic.arn],
                        okActions: [topic.arn],
                        tags: tags(spec.alarmName),
                    },
                    { parent: this },
                );
            }
            this.alarmTopicArn = topic.arn;
        }

        // ------------------------------------------------------------ platform SLOs
        if (a.platformSlos && kps && monitoring) {
            // The rules are custom resources of the chart's CRDs: an output that carries the release
            // as a dependency makes every object of the SLO wait for it.
            const ruleNamespace = pulumi.all([monitoring, kps.urn]).apply(([ns]) => ns);
            for (const spec of platformSloSpecs(a.ingressSli)) {
                new ServiceLevelObjective(`${name}-slo-${spec.service}-${spec.name}`, { spec, namespace: ruleNamespace, release: KUBE_PROMETHEUS_STACK_RELEASE, dashboardFolder: "Platform SLOs", runbookBaseUrl: a.runbookBaseUrl }, { parent: this });
            }
        }

        const outputs = {
            monitoringNamespace: this.monitoringNamespace,
            nodeAgentsNamespace: this.nodeAgentsNamespace,
            alarmTopicArn: this.alarmTopicArn,
            ampWorkspaceArn: this.ampWorkspaceArn,
            ampRemoteWriteUrl: this.ampRemoteWriteUrl,
            prometheusRoleArn: this.prometheusRoleArn,
            fluentBitRoleArn: this.fluentBitRoleArn,
            otelCollectorRoleArn: this.otelCollectorRoleArn,
            logGroupNames: this.logGroupNames,
            otlpGrpcEndpoint: this.otlpGrpcEndpoint,
            otlpHttpEndpoint: this.otlpHttpEndpoint,
        };
        this.registerOutputs(Object.fromEntries(Object.entries(outputs).filter(([, v]) => v !== undefined)));
    }
}
