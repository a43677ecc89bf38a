import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ObservabilityStackArgs, parsePrometheusSize, resolveObservabilityStackArgs, validateObservabilityStackArgs } from "../../../components/observability";

const VALID: ObservabilityStackArgs = {
    clusterName: "dev",
    region: "eu-west-1",
    accountId: "111111111111",
    logsKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/logs",
    alarmsKmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/sns",
    grafanaAdminPassword: pulumi.secret("pw"),
    alertReceivers: [
        { name: "pagerduty", type: "pagerduty", secret: "key" },
        { name: "slack", type: "slack", secret: "https://hooks.slack.com/x", channel: "#alerts" },
    ],
    alertRoutes: [
        { severity: "critical", receiver: "pagerduty" },
        { severity: "warning", receiver: "slack", repeatInterval: "24h" },
    ],
};

function problems(args: ObservabilityStackArgs): string[] {
    try {
        validateObservabilityStackArgs(args);
        return [];
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
}

describe("validateObservabilityStackArgs", () => {
    it("accepts the defaults and a complete configuration", () => {
        expect(problems(VALID)).to.deep.equal([]);
        expect(
            problems({
                ...VALID,
                ampRemoteWrite: true,
                prometheusRetention: "30d",
                prometheusRetentionSize: "90GB",
                prometheusStorageSize: "100Gi",
                natGatewayIds: ["nat-0123456789abcdef0", pulumi.output("nat-from-another-resource")],
                transitGatewayId: "tgw-0123456789abcdef0",
                transitGatewayAttachmentId: pulumi.output("tgw-attach-1"),
                alarmEmails: ["oncall@example.com"],
                alarmHttpsEndpoints: ["https://hooks.example.com/aws"],
                teamNamespaces: ["payments"],
                logRetentionInDays: 90,
            }),
        ).to.deep.equal([]);
    });

    const cases: [string, Partial<ObservabilityStackArgs>, string[]][] = [
        ["rejects a cluster name with a dot", { clusterName: "dev.eu" }, ['clusterName: "dev.eu" is not an EKS cluster name (letters, digits, \'-\' and \'_\', starting with a letter or digit, at most 100 characters)']],
        ["rejects a region that is not one", { region: "europe" }, ['region: "europe" is not an AWS region such as eu-west-1']],
        ["rejects an 11-digit account", { accountId: "11111111111" }, ['accountId: "11111111111" is not a 12-digit AWS account ID']],
        ["rejects an empty logs key", { logsKmsKeyArn: "" }, ['logsKmsKeyArn: "" is required: log groups are encrypted with a KMS key']],
        [
            "rejects Grafana without an admin password",
            { grafanaAdminPassword: undefined },
            ["grafanaAdminPassword: unset is required when grafana is on: pass a secret config value (pulumi config set --secret grafanaAdminPassword ...)"],
        ],
        [
            "rejects Grafana, AMP and SLOs without metrics",
            { metrics: false, ampRemoteWrite: true, alertReceivers: [], alertRoutes: [] },
            [
                "grafana: true needs metrics: true (Grafana is installed with kube-prometheus-stack); set grafana: false or metrics: true",
                "ampRemoteWrite: true needs metrics: true (Prometheus does the remote write); set ampRemoteWrite: false or metrics: true",
                "platformSlos: true needs metrics: true (the SLO rules are PrometheusRules); set platformSlos: false or metrics: true",
            ],
        ],
        [
            "rejects receivers without metrics",
            { metrics: false, grafana: false, platformSlos: false },
            ["alertReceivers: set but metrics is false; Alertmanager is installed with kube-prometheus-stack"],
        ],
        ["rejects a retention in words", { prometheusRetention: "15 days" }, ['prometheusRetention: "15 days" is not a Prometheus duration such as "15d" or "12h"']],
        ["rejects a zero retention", { prometheusRetention: "0d" }, ['prometheusRetention: "0d" is not a Prometheus duration such as "15d" or "12h"']],
        ["rejects a retention size in Kubernetes units", { prometheusRetentionSize: "45Gi" }, ['prometheusRetentionSize: "45Gi" is not a Prometheus size such as "45GB" (a whole number and one of B, KB, MB, GB, TB, PB)']],
        [
            "rejects a retention size that does not fit the volume",
            { prometheusRetentionSize: "48GB" },
            ['prometheusRetentionSize: "48GB" does not fit in 90% of prometheusStorageSize "50Gi"; Prometheus needs the rest for its WAL and compaction, or the volume fills up'],
        ],
        ["rejects a storage size that is not a quantity", { prometheusStorageSize: "50 GB", prometheusRetentionSize: "1GB" }, ['prometheusStorageSize: "50 GB" is not a Kubernetes quantity such as "50Gi"']],
        ["rejects an Alertmanager storage size that is not a quantity", { alertmanagerStorageSize: "2 gigs" }, ['alertmanagerStorageSize: "2 gigs" is not a Kubernetes quantity such as "2Gi"']],
        [
            "rejects replica counts out of range",
            { prometheusReplicas: 0, alertmanagerReplicas: 6, otelCollectorReplicas: 1.5 },
            ["prometheusReplicas: 0 is not in 1..5", "alertmanagerReplicas: 6 is not in 1..5", "otelCollectorReplicas: 1.5 is not in 1..10"],
        ],
        [
            "rejects a storage class that is not a name",
            { storageClassName: "GP3" },
            ['storageClassName: "GP3" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 253 characters)'],
        ],
        [
            "rejects Prometheus resources that are not quantities or whose limit is below the request",
            { prometheusResources: { requests: { cpu: "half", memory: "4Gi" }, limits: { memory: "2Gi" } } },
            [
                'prometheusResources.requests.cpu: "half" is not a Kubernetes quantity (e.g. "500m", "2", "512Mi", "4Gi")',
                'prometheusResources.limits.memory: "2Gi" is below prometheusResources.requests.memory "4Gi"; limits must be at least the requests',
            ],
        ],
        [
            "rejects bad, duplicate and reserved receivers",
            {
                alertReceivers: [
                    { name: "null", type: "webhook", secret: "https://x" },
                    { name: "Ops", type: "webhook", secret: "" },
                    { name: "chat", type: "slack", secret: "https://hooks.slack.com/x" },
                    { name: "chat", type: "pagerduty", secret: "k", channel: "#ops" },
                    { name: "mail", type: "email" as "webhook", secret: "x" },
                ],
                alertRoutes: [],
            },
            [
                'alertReceivers[0].name: "null" is reserved for the receiver that drops alerts; choose another name',
                'alertReceivers[1].name: "Ops" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)',
                'alertReceivers[1].secret: "" is required: the routing key or URL the receiver sends to (a pulumi secret)',
                'alertReceivers[2].channel: unset is not a Slack channel such as "#platform-alerts"',
                'alertReceivers[3].name: "chat" is used by another receiver; receiver names must be unique',
                'alertReceivers[3].channel: "#ops" is only used by slack receivers, not pagerduty; remove it',
                'alertReceivers[4].type: "email" is not one of "pagerduty", "slack", "webhook"',
            ],
        ],
        [
            "rejects routes with unknown severities or receivers, duplicates and bad intervals",
            {
                alertRoutes: [
                    { severity: "page" as "critical", receiver: "pagerduty" },
                    { severity: "critical", receiver: "oncall" },
                    { severity: "critical", receiver: "slack", repeatInterval: "daily" },
                ],
            },
            [
                'alertRoutes[0].severity: "page" is not one of "critical", "warning", "info"',
                'alertRoutes[1].receiver: "oncall" is not one of the alertReceivers ("pagerduty", "slack")',
                'alertRoutes[2].severity: "critical" has another route; one route per severity',
                'alertRoutes[2].repeatInterval: "daily" is not a Prometheus duration such as "4h"',
            ],
        ],
        ["rejects a route when there are no receivers", { alertReceivers: [], alertRoutes: [{ severity: "critical", receiver: "pagerduty" }] }, ['alertRoutes[0].receiver: "pagerduty" names no receiver; alertReceivers is empty']],
        [
            "rejects a retention CloudWatch does not offer",
            { logRetentionInDays: 100 },
            ["logRetentionInDays: 100 is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"],
        ],
        [
            "rejects bad and duplicate log namespaces",
            { logNamespaces: ["kube-system", "Team_A"], teamNamespaces: ["kube-system"] },
            [
                'logNamespaces[1]: "Team_A" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)',
                'teamNamespaces[0]: "kube-system" is listed twice (logNamespaces and teamNamespaces together); each namespace has one log group',
            ],
        ],
        ["rejects a NAT gateway ID of another kind", { natGatewayIds: ["igw-0123456789abcdef0"] }, ['natGatewayIds[0]: "igw-0123456789abcdef0" is not a NAT gateway ID such as "nat-0123456789abcdef0"']],
        [
            "rejects a TGW attachment without its TGW",
            { transitGatewayAttachmentId: "tgw-attach-1" },
            ["transitGatewayId and transitGatewayAttachmentId: give both or neither; the TGW metrics of an attachment carry both dimensions"],
        ],
        ["rejects an email address without a domain", { alarmEmails: ["oncall@"] }, ['alarmEmails[0]: "oncall@" is not an email address such as "oncall@example.com"']],
        ["rejects a plain-HTTP subscription", { alarmHttpsEndpoints: ["http://hooks.example.com"] }, ['alarmHttpsEndpoints[0]: "http://hooks.example.com" is not an https:// URL (SNS delivers alarms only over TLS here)']],
        [
            "rejects unknown and negative thresholds",
            { alarmThresholds: { apiServer5xx: -1, natErrors: 3 } as never },
            ["alarmThresholds.apiServer5xx: -1 is not a number >= 0", "alarmThresholds.natErrors: 3 is not a threshold (natErrorPortAllocation, natPacketsDropCount, apiServer5xx, apiServer429, apiServerStorageBytes, tgwPacketDrops)"],
        ],
        [
            "rejects alarms without a topic key",
            { alarmsKmsKeyArn: undefined },
            ["alarmsKmsKeyArn: unset is required when alarms is on: the topic is encrypted with a key whose policy lets cloudwatch.amazonaws.com use it (the sns key)"],
        ],
        ["rejects subscriptions without alarms", { alarms: false, alarmEmails: ["oncall@example.com"] }, ["alarmEmails and alarmHttpsEndpoints: set but alarms is false; there is no topic to subscribe them to"]],
        ["rejects a Helm timeout under a minute", { helmTimeoutSeconds: 30 }, ["helmTimeoutSeconds: 30 is not in 60..3600"]],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => {
            expect(problems({ ...VALID, ...change })).to.deep.equal(expected);
        });
    }

    it("reports every problem at once under one error", () => {
        expect(() => validateObservabilityStackArgs({ ...VALID, region: "x", prometheusReplicas: 9 })).to.throw(
            "invalid ObservabilityStack:\n  - region: \"x\" is not an AWS region such as eu-west-1\n  - prometheusReplicas: 9 is not in 1..5",
        );
    });

    it("resolves the documented defaults, one key for every KMS use unless given", () => {
        const a = resolveObservabilityStackArgs({ clusterName: "dev", region: "eu-west-1", accountId: "111111111111", logsKmsKeyArn: "k" });
        expect(a).to.deep.include({
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
            alertmanagerReplicas: 2,
            alertmanagerStorageSize: "2Gi",
            storageClassName: "gp3-encrypted",
            logRetentionInDays: 365,
            otelCollectorReplicas: 2,
            helmTimeoutSeconds: 600,
            protect: true,
            ampKmsKeyArn: "k",
        });
        expect(a.logNamespaces).to.deep.equal(["kube-system", "cert-manager", "external-dns", "monitoring", "node-agents"]);
    });

    it("reads Prometheus sizes as powers of 1024", () => {
        expect([parsePrometheusSize("45GB"), parsePrometheusSize("512MB"), parsePrometheusSize("1TB"), parsePrometheusSize("45Gi"), parsePrometheusSize(45)]).to.deep.equal([
            45 * 2 ** 30,
            512 * 2 ** 20,
            2 ** 40,
            undefined,
            undefined,
        ]);
    });
});
