import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import {
    fluentBitValues,
    kubePrometheusStackValues,
    ObservabilityStack,
    ObservabilityStackArgs,
    otelCollectorValues,
    renderAlertmanagerConfig,
} from "../../../components/observability";
import { PACKS } from "../../../policy-packs/packs";
import { evaluatePacks } from "../../../tools/policy/evaluate";
import { declare, Declared, doc } from "../../support/harness";

const ARGS: ObservabilityStackArgs = {
    clusterName: "dev",
    region: "eu-west-1",
    accountId: "111111111111",
    logsKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs",
    alarmsKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/alarms",
    grafanaAdminPassword: pulumi.secret("correct-horse-battery-staple"),
    teamNamespaces: ["payments"],
    natGatewayIds: ["nat-0123456789abcdef0", "nat-0123456789abcdef1"],
    alarmEmails: ["oncall@example.com"],
    alarmHttpsEndpoints: ["https://hooks.example.com/aws"],
    alertReceivers: [
        { name: "pagerduty", type: "pagerduty", secret: pulumi.secret("pd-routing-key") },
        { name: "slack", type: "slack", secret: pulumi.secret("https://hooks.slack.com/services/T/B/X"), channel: "#platform-alerts" },
    ],
    alertRoutes: [
        { severity: "critical", receiver: "pagerduty" },
        { severity: "warning", receiver: "slack" },
    ],
};

const RELEASE = "kubernetes:helm.sh/v3:Release";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ASSOCIATION = "aws:eks/podIdentityAssociation:PodIdentityAssociation";
const NETPOL = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const SECRET = "kubernetes:core/v1:Secret";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

function plan(args: ObservabilityStackArgs = ARGS): Promise<Declared> {
    return declare(() => {
        const awsProvider = new aws.Provider("aws", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::111111111111:role/deploy" }] });
        const k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}" });
        new ObservabilityStack("obs", args, { providers: [awsProvider, k8sProvider] });
    });
}

const own = (r: { type: string }) => !r.type.startsWith("pulumi:providers:");

describe("ObservabilityStack", () => {
    it("creates exactly the namespaces, releases, identities, log groups, alarms, secrets, dashboards and SLOs", async () => {
        const p = await plan();
        expect(p.inventory((r) => own(r) && r.type.startsWith("aws:"))).to.deep.equal([
            `${LOG_GROUP}::obs-logs-cert-manager`,
            `${LOG_GROUP}::obs-logs-external-dns`,
            `${LOG_GROUP}::obs-logs-kube-system`,
            `${LOG_GROUP}::obs-logs-monitoring`,
            `${LOG_GROUP}::obs-logs-node-agents`,
            `${LOG_GROUP}::obs-logs-payments`,
            `${LOG_GROUP}::obs-node-logs`,
            `${ALARM}::obs-alarm-apiserver-5xx`,
            `${ALARM}::obs-alarm-apiserver-storage`,
            `${ALARM}::obs-alarm-apiserver-throttled`,
            `${ALARM}::obs-alarm-nat-0-packets-dropped`,
            `${ALARM}::obs-alarm-nat-0-port-allocation`,
            `${ALARM}::obs-alarm-nat-1-packets-dropped`,
            `${ALARM}::obs-alarm-nat-1-port-allocation`,
            `${ASSOCIATION}::obs-fluent-bit-identity`,
            `${ASSOCIATION}::obs-otel-collector-identity`,
            "aws:iam/role:Role::obs-fluent-bit-identity",
            "aws:iam/role:Role::obs-otel-collector-identity",
            `${ROLE_POLICY}::obs-fluent-bit-identity-policy`,
            `${ROLE_POLICY}::obs-otel-collector-identity-policy`,
            "aws:sns/topic:Topic::obs-alarms",
            "aws:sns/topicPolicy:TopicPolicy::obs-alarms",
            "aws:sns/topicSubscription:TopicSubscription::obs-alarms-email-0",
            "aws:sns/topicSubscription:TopicSubscription::obs-alarms-https-0",
        ]);
        expect(p.inventory((r) => own(r) && !r.type.startsWith("aws:"))).to.deep.equal([
            `${CONFIG_MAP}::obs-dashboard-cluster-overview`,
            `${CONFIG_MAP}::obs-dashboard-kpis`,
            `${CONFIG_MAP}::obs-dashboard-namespace`,
            `${CONFIG_MAP}::obs-dashboard-nodes`,
            `${CONFIG_MAP}::obs-dashboard-slo-overview`,
            `${CONFIG_MAP}::obs-slo-coredns-availability-dashboard`,
            `${CONFIG_MAP}::obs-slo-coredns-latency-dashboard`,
            `${CONFIG_MAP}::obs-slo-kube-apiserver-availability-dashboard`,
            `${CONFIG_MAP}::obs-slo-kube-apiserver-latency-dashboard`,
            "kubernetes:core/v1:Namespace::obs-monitoring-namespace",
            "kubernetes:core/v1:Namespace::obs-node-agents-namespace",
            `${SECRET}::obs-alertmanager-receivers`,
            `${SECRET}::obs-grafana-admin`,
            `${RELEASE}::obs-fluent-bit`,
            `${RELEASE}::obs-kube-prometheus-stack`,
            `${RELEASE}::obs-otel-collector`,
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule::obs-slo-coredns-availability",
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule::obs-slo-coredns-latency",
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule::obs-slo-kube-apiserver-availability",
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule::obs-slo-kube-apiserver-latency",
            `${NETPOL}::obs-monitoring-allow-dns`,
            `${NETPOL}::obs-monitoring-allow-egress`,
            `${NETPOL}::obs-monitoring-allow-ingress`,
            `${NETPOL}::obs-monitoring-allow-same-namespace`,
            `${NETPOL}::obs-monitoring-default-deny`,
            `${NETPOL}::obs-node-agents-allow-dns`,
            `${NETPOL}::obs-node-agents-allow-egress`,
            `${NETPOL}::obs-node-agents-allow-from-monitoring`,
            `${NETPOL}::obs-node-agents-default-deny`,
            "platform:cluster:PodIdentityRole::obs-fluent-bit-identity",
            "platform:cluster:PodIdentityRole::obs-otel-collector-identity",
            "platform:observability:ObservabilityStack::obs",
            "platform:observability:ServiceLevelObjective::obs-slo-coredns-availability",
            "platform:observability:ServiceLevelObjective::obs-slo-coredns-latency",
            "platform:observability:ServiceLevelObjective::obs-slo-kube-apiserver-availability",
            "platform:observability:ServiceLevelObjective::obs-slo-kube-apiserver-latency",
        ]);
        const component = p.one("platform:observability:ObservabilityStack", "obs");
        // Every direct child hangs off the component; the SLO and identity components own their objects.
        expect(p.childrenOf(component)).to.have.length(45);
        for (const r of p.resources.filter((x) => x.type.startsWith("kubernetes:"))) {
            expect(r.provider, r.name).to.equal("urn:pulumi:test::platform::pulumi:providers:kubernetes::k8s");
        }
        for (const r of p.resources.filter((x) => x.type.startsWith("aws:"))) {
            expect(r.provider, r.name).to.equal("urn:pulumi:test::platform::pulumi:providers:aws::aws");
        }
    });

    it("pins each chart, repository, release name and namespace and rolls back failed releases", async () => {
        const p = await plan();
        const pins = p.ofType(RELEASE).map((r) => ({
            resource: r.name,
            name: r.inputs.name,
            chart: r.inputs.chart,
            version: r.inputs.version,
            repo: (r.inputs.repositoryOpts as { repo: string }).repo,
            namespace: r.inputs.namespace,
        }));
        expect(pins).to.deep.equal([
            { resource: "obs-kube-prometheus-stack", name: "kube-prometheus-stack", chart: "kube-prometheus-stack", version: "88.4.0", repo: "https://prometheus-community.github.io/helm-charts", namespace: "monitoring" },
            { resource: "obs-fluent-bit", name: "fluent-bit", chart: "fluent-bit", version: "0.52.0", repo: "https://fluent.github.io/helm-charts", namespace: "node-agents" },
            { resource: "obs-otel-collector", name: "otel-collector", chart: "opentelemetry-collector", version: "0.182.0", repo: "https://open-telemetry.github.io/opentelemetry-helm-charts", namespace: "monitoring" },
        ]);
        for (const r of p.ofType(RELEASE)) {
            expect(r.inputs, r.name).to.include({ atomic: true, cleanupOnFail: true, createNamespace: false, timeout: 600, maxHistory: 10 });
        }
    });

    it("gives each release exactly the values its render function produces from the args", async () => {
        const p = await plan();
        const values = (n: string) => p.one(RELEASE, n).inputs.values;
        expect(values("obs-kube-prometheus-stack")).to.deep.equal(
            kubePrometheusStackValues({
                clusterName: "dev",
                region: "eu-west-1",
                prometheusReplicas: 2,
                prometheusRetention: "35d",
                prometheusRetentionSize: "45GB",
                prometheusStorageSize: "50Gi",
                prometheusResources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "4Gi" } },
                alertmanagerReplicas: 2,
                alertmanagerStorageSize: "2Gi",
                storageClassName: "gp3-encrypted",
                alertmanagerConfig: renderAlertmanagerConfig(ARGS.alertReceivers!, ARGS.alertRoutes!),
                grafana: true,
                remoteWriteReceiver: true,
            }),
        );
        const groups = ["kube-system", "cert-manager", "external-dns", "monitoring", "node-agents", "payments"].map((ns): [string, string] => [ns, `/aws/eks/dev/workloads/${ns}`]);
        expect(values("obs-fluent-bit")).to.deep.equal(fluentBitValues({ clusterName: "dev", region: "eu-west-1", namespaceLogGroups: groups, nodeLogGroup: "/aws/eks/dev/nodes", serviceMonitor: true }));
        expect(values("obs-otel-collector")).to.deep.equal(otelCollectorValues({ region: "eu-west-1", clusterName: "dev", replicas: 2, metricsToPrometheus: true }));
        const tuned = await plan({ ...ARGS, prometheusReplicas: 3, prometheusRetention: "30d", prometheusRetentionSize: "180GB", prometheusStorageSize: "200Gi", alertmanagerReplicas: 3 });
        const spec = (tuned.one(RELEASE, "obs-kube-prometheus-stack").inputs.values as any).prometheus.prometheusSpec;
        expect([spec.replicas, spec.retention, spec.retentionSize, spec.storageSpec.volumeClaimTemplate.spec.resources.requests.storage]).to.deep.equal([3, "30d", "180GB", "200Gi"]);
        expect((tuned.one(RELEASE, "obs-kube-prometheus-stack").inputs.values as any).alertmanager.alertmanagerSpec.replicas).to.equal(3);
    });

    it("orders releases after their secrets, namespaces, identities and log groups", async () => {
        const p = await plan();
        const deps = (name: string) => p.dependenciesOf(p.one(RELEASE, name)).map((r) => `${r.type}::${r.name}`).sort();
        expect(deps("obs-kube-prometheus-stack")).to.deep.equal([
            "kubernetes:core/v1:Namespace::obs-monitoring-namespace",
            "kubernetes:core/v1:Namespace::obs-node-agents-namespace",
            `${SECRET}::obs-alertmanager-receivers`,
            `${SECRET}::obs-grafana-admin`,
        ]);
        expect(deps("obs-fluent-bit")).to.deep.equal([
            `${LOG_GROUP}::obs-logs-cert-manager`,
            `${LOG_GROUP}::obs-logs-external-dns`,
            `${LOG_GROUP}::obs-logs-kube-system`,
            `${LOG_GROUP}::obs-logs-monitoring`,
            `${LOG_GROUP}::obs-logs-node-agents`,
            `${LOG_GROUP}::obs-logs-payments`,
            `${LOG_GROUP}::obs-node-logs`,
            "kubernetes:core/v1:Namespace::obs-node-agents-namespace",
            `${RELEASE}::obs-kube-prometheus-stack`,
            "platform:cluster:PodIdentityRole::obs-fluent-bit-identity",
        ]);
        expect(deps("obs-otel-collector")).to.deep.equal([
            "kubernetes:core/v1:Namespace::obs-monitoring-namespace",
            `${RELEASE}::obs-kube-prometheus-stack`,
            "platform:cluster:PodIdentityRole::obs-otel-collector-identity",
        ]);
        // The SLO rules are custom resources of the chart's CRDs.
        const rule = p.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "obs-slo-kube-apiserver-availability");
        expect(p.dependenciesOf(rule).map((r) => r.name)).to.include("obs-kube-prometheus-stack");
    });

    it("labels monitoring restricted and only node-agents privileged, each fenced by a default-deny policy", async () => {
        const p = await plan();
        const labels = (n: string) => (p.one("kubernetes:core/v1:Namespace", n).inputs.metadata as { name: string; labels: Record<string, string> });
        const psa = (level: string) => ({
            "pod-security.kubernetes.io/enforce": level,
            "pod-security.kubernetes.io/enforce-version": "latest",
            "pod-security.kubernetes.io/audit": level,
            "pod-security.kubernetes.io/audit-version": "latest",
            "pod-security.kubernetes.io/warn": level,
            "pod-security.kubernetes.io/warn-version": "latest",
        });
        expect(labels("obs-monitoring-namespace")).to.deep.equal({ name: "monitoring", labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/addon": "monitoring", ...psa("restricted") } });
        expect(labels("obs-node-agents-namespace")).to.deep.equal({ name: "node-agents", labels: { "app.kubernetes.io/managed-by": "pulumi", "platform/addon": "node-agents", ...psa("privileged") } });
        for (const ns of ["monitoring", "node-agents"]) {
            const deny = p.one(NETPOL, `obs-${ns}-default-deny`).inputs;
            expect([deny.metadata, deny.spec]).to.deep.equal([{ name: "default-deny", namespace: ns }, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }]);
        }
        expect(p.one(NETPOL, "obs-monitoring-allow-ingress").inputs.spec).to.deep.equal({
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ ports: [{ protocol: "TCP", port: 4317 }, { protocol: "TCP", port: 4318 }, { protocol: "TCP", port: 10250 }] }],
        });
        // Fluent Bit's CloudWatch credentials come from the Pod Identity agent (link-local, port 80),
        // which default-deny would block.
        expect(p.one(NETPOL, "obs-node-agents-allow-egress").inputs.spec).to.deep.equal({
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ protocol: "TCP", port: 443 }] },
                { to: [{ ipBlock: { cidr: "169.254.170.23/32" } }, { ipBlock: { cidr: "fd00:ec2::23/128" } }], ports: [{ protocol: "TCP", port: 80 }] },
            ],
        });
        expect(p.one(NETPOL, "obs-node-agents-allow-from-monitoring").inputs.spec).to.deep.equal({
            podSelector: {},
            policyTypes: ["Ingress"],
            ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }] }],
        });
    });

    it("keeps Grafana's password and the receivers' credentials out of the values, in Secrets whose data is secret", async () => {
        const p = await plan();
        const values = p.one(RELEASE, "obs-kube-prometheus-stack").inputs.values as any;
        const text = JSON.stringify(values);
        for (const literal of ["correct-horse-battery-staple", "pd-routing-key", "hooks.slack.com", "[secret]"]) {
            expect(text, literal).to.not.include(literal);
        }
        expect(values.grafana.admin).to.deep.equal({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        expect(values.alertmanager.alertmanagerSpec.secrets).to.deep.equal(["alertmanager-receivers"]);
        expect(values.alertmanager.config.receivers[1].pagerduty_configs[0].routing_key_file).to.equal("/etc/alertmanager/secrets/alertmanager-receivers/pagerduty");
        expect(values.alertmanager.config.receivers[2].slack_configs[0].api_url_file).to.equal("/etc/alertmanager/secrets/alertmanager-receivers/slack");

        const grafana = p.one(SECRET, "obs-grafana-admin").inputs;
        expect(grafana).to.deep.equal({
            apiVersion: "v1",
            kind: "Secret",
            metadata: { name: "grafana-admin", namespace: "monitoring", labels: { "app.kubernetes.io/managed-by": "pulumi" } },
            type: "Opaque",
            // The whole of stringData is secret in the plan: neither the password nor its key's value shows.
            stringData: "[secret]",
        });
        const receivers = p.one(SECRET, "obs-alertmanager-receivers").inputs;
        expect(receivers.metadata).to.deep.equal({ name: "alertmanager-receivers", namespace: "monitoring", labels: { "app.kubernetes.io/managed-by": "pulumi" } });
        expect(receivers.stringData).to.equal("[secret]");
    });

    it("keeps a receiver's credential secret even when it was passed as plain text", async () => {
        const p = await plan({ ...ARGS, alertReceivers: [{ name: "hook", type: "webhook", secret: "https://hooks.example.com/plain" }], alertRoutes: [{ severity: "critical", receiver: "hook" }] });
        expect(p.one(SECRET, "obs-alertmanager-receivers").inputs.stringData).to.equal("[secret]");
        expect(JSON.stringify(p.one(RELEASE, "obs-kube-prometheus-stack").inputs.values)).to.not.include("hooks.example.com");
    });

    it("creates a log group per namespace and one for nodes, with retention, KMS, protection and retention on delete", async () => {
        const p = await plan();
        const groups = p.ofType(LOG_GROUP).map((r) => ({ resource: r.name, name: r.inputs.name, retention: r.inputs.retentionInDays, kms: r.inputs.kmsKeyId, protect: r.protect, retain: r.retainOnDelete }));
        const group = (resource: string, name: string) => ({ resource, name, retention: 365, kms: "arn:aws:kms:eu-west-1:111111111111:key/logs", protect: true, retain: true });
        expect(groups).to.deep.equal([
            group("obs-logs-kube-system", "/aws/eks/dev/workloads/kube-system"),
            group("obs-logs-cert-manager", "/aws/eks/dev/workloads/cert-manager"),
            group("obs-logs-external-dns", "/aws/eks/dev/workloads/external-dns"),
            group("obs-logs-monitoring", "/aws/eks/dev/workloads/monitoring"),
            group("obs-logs-node-agents", "/aws/eks/dev/workloads/node-agents"),
            group("obs-logs-payments", "/aws/eks/dev/workloads/payments"),
            group("obs-node-logs", "/aws/eks/dev/nodes"),
        ]);
        const dev = await plan({ ...ARGS, logRetentionInDays: 30, protect: false, logNamespaces: ["kube-system"], teamNamespaces: [] });
        expect(dev.ofType(LOG_GROUP).map((r) => [r.inputs.name, r.inputs.retentionInDays, r.protect])).to.deep.equal([
            ["/aws/eks/dev/workloads/kube-system", 30, false],
            ["/aws/eks/dev/nodes", 30, false],
        ]);
    });

    it("lets Fluent Bit write only to its log groups, through Pod Identity on its service account", async () => {
        const p = await plan();
        const arn = (n: string) => `arn:aws:logs:eu-west-1:111111111111:log-group:${n}`;
        const names = ["kube-system", "cert-manager", "external-dns", "monitoring", "node-agents", "payments"].map((ns) => `/aws/eks/dev/workloads/${ns}`).concat("/aws/eks/dev/nodes");
        expect(doc(p.one(ROLE_POLICY, "obs-fluent-bit-identity-policy").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "ShipToPlatformLogGroups",
                    Effect: "Allow",
                    Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                    Resource: names.flatMap((n) => [arn(n), `${arn(n)}:log-stream:*`]),
                },
            ],
        });
        expect(p.one(ASSOCIATION, "obs-fluent-bit-identity").inputs).to.include({ clusterName: "dev", namespace: "node-agents", serviceAccount: "fluent-bit" });
        const values = p.one(RELEASE, "obs-fluent-bit").inputs.values as any;
        expect(values.serviceAccount).to.deep.equal({ create: true, name: "fluent-bit" });
        expect(values.config.outputs).to.include("log_group_name    /aws/eks/dev/workloads/payments");
        expect(values.config.outputs).to.include("Match             kube.var.log.containers.*_payments_*");
        expect(values.config.outputs).to.include("log_group_name    /aws/eks/dev/nodes");
    });

    it("lets the collector write only to X-Ray and sends its metrics to Prometheus", async () => {
        const p = await plan();
        expect(doc(p.one(ROLE_POLICY, "obs-otel-collector-identity-policy").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "XRayWrite", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" }],
        });
        expect(p.one(ASSOCIATION, "obs-otel-collector-identity").inputs).to.include({ clusterName: "dev", namespace: "monitoring", serviceAccount: "otel-collector" });
        const values = p.one(RELEASE, "obs-otel-collector").inputs.values as any;
        expect(values.mode).to.equal("deployment");
        expect(values.config.exporters.prometheusremotewrite.endpoint).to.equal("http://kube-prometheus-stack-prometheus.monitoring:9090/api/v1/write");
        expect(values.config.service.pipelines.metrics.exporters).to.deep.equal(["prometheusremotewrite"]);
        expect((p.one(RELEASE, "obs-kube-prometheus-stack").inputs.values as any).prometheus.prometheusSpec.enableRemoteWriteReceiver).to.equal(true);
    });

    it("remote-writes to an AMP workspace with KMS and logging, signed by a role that may only write to it", async () => {
        const p = await plan({ ...ARGS, ampRemoteWrite: true, ampKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/amp" });
        const ws = p.one("aws:amp/workspace:Workspace", "obs-amp");
        expect(ws.inputs).to.deep.include({
            alias: "dev",
            kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/amp",
            loggingConfiguration: { logGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:/aws/vendedlogs/prometheus/dev:*" },
        });
        expect([ws.protect, ws.retainOnDelete]).to.deep.equal([true, true]);
        const logs = p.one(LOG_GROUP, "obs-amp-logs").inputs;
        expect([logs.name, logs.retentionInDays, logs.kmsKeyId]).to.deep.equal(["/aws/vendedlogs/prometheus/dev", 365, "arn:aws:kms:eu-west-1:111111111111:key/logs"]);

        expect(doc(p.one(ROLE_POLICY, "obs-prometheus-remote-write").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "RemoteWriteToWorkspace", Effect: "Allow", Action: ["aps:RemoteWrite"], Resource: "arn:aws:amp:eu-west-1:111111111111:workspace/obs-amp" }],
        });
        expect(p.one(ROLE_POLICY, "obs-prometheus-remote-write").inputs.role).to.equal("obs-prometheus-identity");
        expect(doc(p.one(ROLE_POLICY, "obs-prometheus-identity-policy").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "OnlyRemoteWrite", Effect: "Deny", NotAction: ["aps:RemoteWrite"], Resource: "*" }],
        });
        expect(p.one(ASSOCIATION, "obs-prometheus-identity").inputs).to.include({ clusterName: "dev", namespace: "monitoring", serviceAccount: "prometheus" });

        const spec = (p.one(RELEASE, "obs-kube-prometheus-stack").inputs.values as any).prometheus.prometheusSpec;
        expect(spec.remoteWrite).to.deep.equal([
            {
                url: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-obs-amp/api/v1/remote_write",
                sigv4: { region: "eu-west-1" },
                queueConfig: { maxSamplesPerSend: 1000, maxShards: 200, capacity: 2500 },
            },
        ]);
        const deps = p.dependenciesOf(p.one(RELEASE, "obs-kube-prometheus-stack")).map((r) => r.name);
        expect(deps).to.include.members(["obs-prometheus-identity", "obs-prometheus-remote-write"]);
    });

    it("encrypts the alarm topic and lets only this account's CloudWatch alarms publish to it", async () => {
        const p = await plan();
        const topic = p.one("aws:sns/topic:Topic", "obs-alarms").inputs;
        expect(topic).to.deep.include({ name: "dev-alarms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:111111111111:key/alarms" });
        const topicArn = "arn:aws:sns:eu-west-1:111111111111:dev-alarms";
        const policy = p.one("aws:sns/topicPolicy:TopicPolicy", "obs-alarms").inputs;
        expect(policy.arn).to.equal(topicArn);
        expect(doc(policy.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "AllowCloudWatchAlarms",
                    Effect: "Allow",
                    Principal: { Service: "cloudwatch.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: topicArn,
                    Condition: { StringEquals: { "aws:SourceAccount": "111111111111" }, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:eu-west-1:111111111111:alarm:*" } },
                },
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topicArn, Condition: { Bool: { "aws:SecureTransport": "false" } } },
            ],
        });
        const subs = p.ofType("aws:sns/topicSubscription:TopicSubscription").map((r) => r.inputs);
        expect(subs).to.deep.equal([
            { topic: topicArn, protocol: "email", endpoint: "oncall@example.com" },
            { topic: topicArn, protocol: "https", endpoint: "https://hooks.example.com/aws" },
        ]);
    });

    it("alarms on each NAT gateway, the EKS API server and the TGW attachment, with the topic as alarm and OK action", async () => {
        const p = await plan({ ...ARGS, natGatewayIds: ["nat-0123456789abcdef0"], transitGatewayId: "tgw-0123456789abcdef0", transitGatewayAttachmentId: "tgw-attach-0123456789abcdef0" });
        const topicArn = "arn:aws:sns:eu-west-1:111111111111:dev-alarms";
        const alarms = p.ofType(ALARM).map((r) => {
            const i = r.inputs;
            expect(i, r.name).to.include({ actionsEnabled: true, comparisonOperator: "GreaterThanThreshold", period: 300 });
            expect(i.alarmActions, r.name).to.deep.equal([topicArn]);
            expect(i.okActions, r.name).to.deep.equal([topicArn]);
            return [r.name, i.name, i.namespace, i.metricName, i.dimensions, i.statistic, i.threshold, i.evaluationPeriods, i.datapointsToAlarm, i.treatMissingData];
        });
        const eks = { ClusterName: "dev" };
        const tgw = { TransitGateway: "tgw-0123456789abcdef0", TransitGatewayAttachment: "tgw-attach-0123456789abcdef0" };
        expect(alarms).to.deep.equal([
            ["obs-alarm-nat-0-port-allocation", "dev-nat-0-error-port-allocation", "AWS/NATGateway", "ErrorPortAllocation", { NatGatewayId: "nat-0123456789abcdef0" }, "Sum", 0, 1, 1, "notBreaching"],
            ["obs-alarm-nat-0-packets-dropped", "dev-nat-0-packets-dropped", "AWS/NATGateway", "PacketsDropCount", { NatGatewayId: "nat-0123456789abcdef0" }, "Sum", 100, 3, 3, "notBreaching"],
            ["obs-alarm-apiserver-5xx", "dev-apiserver-5xx", "AWS/EKS", "apiserver_request_total_5XX", eks, "Sum", 50, 3, 3, "notBreaching"],
            ["obs-alarm-apiserver-throttled", "dev-apiserver-throttled", "AWS/EKS", "apiserver_request_total_429", eks, "Sum", 100, 3, 3, "notBreaching"],
            ["obs-alarm-apiserver-storage", "dev-etcd-storage", "AWS/EKS", "apiserver_storage_size_bytes", eks, "Maximum", 6871947673, 3, 3, "missing"],
            ["obs-alarm-tgw-blackhole-drops", "dev-tgw-blackhole-drops", "AWS/TransitGateway", "PacketDropCountBlackhole", tgw, "Sum", 100, 3, 3, "notBreaching"],
            ["obs-alarm-tgw-no-route-drops", "dev-tgw-no-route-drops", "AWS/TransitGateway", "PacketDropCountNoRoute", tgw, "Sum", 100, 3, 3, "notBreaching"],
        ]);
        const tuned = await plan({ ...ARGS, alarmThresholds: { apiServer5xx: 5 } });
        expect(tuned.one(ALARM, "obs-alarm-apiserver-5xx").inputs.threshold).to.equal(5);
    });

    it("provisions the platform dashboards as labelled ConfigMaps in the Platform folder", async () => {
        const p = await plan();
        const cms = p.ofType(CONFIG_MAP).filter((r) => r.name.startsWith("obs-dashboard-"));
        expect(cms.map((r) => r.inputs.metadata)).to.deep.equal(
            ["platform-cluster-overview", "platform-nodes", "platform-namespace", "platform-slo-overview", "platform-kpis"].map((name) => ({
                name,
                namespace: "monitoring",
                labels: { "app.kubernetes.io/managed-by": "pulumi", grafana_dashboard: "1" },
                annotations: { grafana_folder: "Platform" },
            })),
        );
        const overview = JSON.parse((cms[0].inputs.data as Record<string, string>)["platform-cluster-overview.json"]);
        expect(overview.uid).to.equal("platform-cluster-overview");
        expect(overview.title).to.equal("Cluster overview: dev");
        expect(overview.panels).to.have.length(8);
    });

    it("creates the platform SLO rules in monitoring for the Prometheus of this release", async () => {
        const p = await plan({ ...ARGS, ingressSli: { type: "ratio", good: 'nginx_ingress_controller_requests{status!~"5.."}', total: "nginx_ingress_controller_requests" } });
        const rules = p.ofType("kubernetes:monitoring.coreos.com/v1:PrometheusRule").map((r) => (r.inputs.metadata as { name: string; namespace: string; labels: Record<string, string> }));
        expect(rules.map((m) => [m.name, m.namespace, m.labels.release])).to.deep.equal([
            ["slo-kube-apiserver-availability", "monitoring", "kube-prometheus-stack"],
            ["slo-kube-apiserver-latency", "monitoring", "kube-prometheus-stack"],
            ["slo-coredns-availability", "monitoring", "kube-prometheus-stack"],
            ["slo-coredns-latency", "monitoring", "kube-prometheus-stack"],
            ["slo-ingress-availability", "monitoring", "kube-prometheus-stack"],
        ]);
        const api = p.one("kubernetes:monitoring.coreos.com/v1:PrometheusRule", "obs-slo-kube-apiserver-availability").inputs.spec as any;
        expect(api.groups[0].rules[0]).to.deep.equal({
            record: "slo:sli_error:ratio_rate5m",
            expr: '1 - ((sum(rate(apiserver_request_total{job="apiserver",code!~"5.."}[5m])) or 0 * sum(rate(apiserver_request_total{job="apiserver"}[5m]))) / sum(rate(apiserver_request_total{job="apiserver"}[5m])))',
            labels: { team: "platform", service: "kube-apiserver", slo: "availability" },
        });
    });

    it("creates only what each switch leaves on", async () => {
        const logsOnly = await plan({ ...ARGS, metrics: false, grafana: false, traces: false, alarms: false, platformSlos: false, alertReceivers: [], alertRoutes: [], alarmEmails: [], alarmHttpsEndpoints: [] });
        expect(logsOnly.inventory((r) => own(r) && !r.type.startsWith("aws:cloudwatch/logGroup") && !r.type.includes("NetworkPolicy"))).to.deep.equal([
            `${ASSOCIATION}::obs-fluent-bit-identity`,
            "aws:iam/role:Role::obs-fluent-bit-identity",
            `${ROLE_POLICY}::obs-fluent-bit-identity-policy`,
            "kubernetes:core/v1:Namespace::obs-node-agents-namespace",
            `${RELEASE}::obs-fluent-bit`,
            "platform:cluster:PodIdentityRole::obs-fluent-bit-identity",
            "platform:observability:ObservabilityStack::obs",
        ]);
        expect((logsOnly.one(RELEASE, "obs-fluent-bit").inputs.values as any).serviceMonitor).to.deep.equal({ enabled: false });

        const noGrafana = await plan({ ...ARGS, grafana: false, grafanaAdminPassword: undefined, logs: false, traces: false });
        expect(noGrafana.ofType(SECRET).map((r) => r.name)).to.deep.equal(["obs-alertmanager-receivers"]);
        expect(noGrafana.ofType(CONFIG_MAP).filter((r) => r.name.startsWith("obs-dashboard-"))).to.deep.equal([]);
        const values = noGrafana.one(RELEASE, "obs-kube-prometheus-stack").inputs.values as any;
        expect(values.grafana).to.deep.equal({ enabled: false });
        expect(values.prometheus.prometheusSpec.enableRemoteWriteReceiver).to.equal(false);
        expect(noGrafana.ofType(LOG_GROUP)).to.deep.equal([]);
    });

    it("passes the baseline policy packs, except the documented privileged node-agents namespace", async () => {
        const p = await plan({ ...ARGS, ampRemoteWrite: true, transitGatewayId: "tgw-0123456789abcdef0", transitGatewayAttachmentId: "tgw-attach-0123456789abcdef0" });
        const findings = (await evaluatePacks(PACKS, p.resources)).findings.map((f) => [f.enforcementLevel, f.policy, f.resourceName, f.message.split("\n").pop()]);
        expect(findings).to.deep.equal([
            ["advisory", "namespace-guardrails", "obs-node-agents-namespace", "namespace node-agents enforces Pod Security level privileged; set the label pod-security.kubernetes.io/enforce: restricted."],
        ]);
    });

    it("rejects invalid args before creating anything", async () => {
        let error: Error | undefined;
        try {
            await plan({ ...ARGS, prometheusReplicas: 0 });
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.equal("invalid ObservabilityStack:\n  - prometheusReplicas: 0 is not in 1..5");
    });
});
