import * as pulumi from "@pulumi/pulumi";

/**
 * Alertmanager routing as code: severity → receiver. Receivers' credentials (PagerDuty routing
 * keys, Slack and webhook URLs) never appear in the Helm values: they live in a Kubernetes Secret
 * created from pulumi secret inputs, mounted into Alertmanager by the operator (`secrets:` of the
 * Alertmanager spec), and the configuration names the mounted files (`*_file` options).
 */

export const ALERT_SEVERITIES = ["critical", "warning", "info"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_RECEIVER_TYPES = ["pagerduty", "slack", "webhook"] as const;
export type AlertReceiverType = (typeof ALERT_RECEIVER_TYPES)[number];

export interface AlertReceiver {
    /** Receiver name (a DNS label); also the key of its credential in the receivers Secret. */
    name: string;
    type: AlertReceiverType;
    /**
     * The credential: PagerDuty Events v2 routing key, Slack incoming-webhook URL, or webhook URL.
     * Pass a pulumi secret (a `secure:` config value); it is stored only in the receivers Secret.
     */
    secret: pulumi.Input<string>;
    /** Slack channel such as `#platform-alerts` (slack only). */
    channel?: string;
}

export interface AlertRoute {
    /** Alerts with this `severity` label go to `receiver`. */
    severity: AlertSeverity;
    /** Name of one of the receivers. */
    receiver: string;
    /** How often a still-firing alert is sent again. @default "4h" for critical, "12h" otherwise */
    repeatInterval?: string;
}

/** Object name of the Secret that holds the receivers' credentials. */
export const ALERTMANAGER_RECEIVERS_SECRET = "alertmanager-receivers";
/** Where the operator mounts a secret listed in the Alertmanager spec's `secrets`. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";
/** The receiver that drops alerts: the root route's default and the Watchdog's. */
export const NULL_RECEIVER = "null";

/** Path of one receiver's credential inside the Alertmanager pod. */
export function receiverSecretPath(receiver: string): string {
    return `${ALERTMANAGER_SECRETS_DIR}/${ALERTMANAGER_RECEIVERS_SECRET}/${receiver}`;
}

export interface AlertmanagerReceiverConfig {
    name: string;
    pagerduty_configs?: { routing_key_file: string; send_resolved: true; severity: string }[];
    slack_configs?: { api_url_file: string; channel: string; send_resolved: true; title: string; text: string }[];
    webhook_configs?: { url_file: string; send_resolved: true }[];
}

export interface AlertmanagerRoute {
    receiver: string;
    matchers: string[];
    continue?: boolean;
    repeat_interval?: string;
}

export interface AlertmanagerConfig {
    global: { resolve_timeout: string };
    route: {
        receiver: string;
        group_by: string[];
        group_wait: string;
        group_interval: string;
        repeat_interval: string;
        routes: AlertmanagerRoute[];
    };
    receivers: AlertmanagerReceiverConfig[];
    inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
}

function receiverConfig(r: Pick<AlertReceiver, "name" | "type" | "channel">): AlertmanagerReceiverConfig {
    const file = receiverSecretPath(r.name);
    switch (r.type) {
        case "pagerduty":
            return { name: r.name, pagerduty_configs: [{ routing_key_file: file, send_resolved: true, severity: '{{ .CommonLabels.severity | default "critical" }}' }] };
        case "slack":
            return {
                name: r.name,
                slack_configs: [
                    {
                        api_url_file: file,
                        channel: r.channel ?? "",
                        send_resolved: true,
                        title: '[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})',
                        text: "{{ range .Alerts }}{{ .Annotations.summary }}\n{{ end }}",
                    },
                ],
            };
        case "webhook":
            return { name: r.name, webhook_configs: [{ url_file: file, send_resolved: true }] };
    }
}

/**
 * Labels an inhibited alert must share with the alert inhibiting it. SLO alerts carry no
 * namespace (their rules aggregate it away), so `namespace` and `alertname` alone let the page of
 * one SLO silence the tickets of every other SLO: `team`, `service` and `slo` keep inhibition
 * within one SLO. Alerts without those labels (kube-prometheus-stack's own) match on them as
 * empty, as before.
 */
export const INHIBIT_EQUAL_LABELS = ["namespace", "alertname", "team", "service", "slo"];

/**
 * The Alertmanager configuration, pure: receivers by name and type only (their credentials are
 * files), a route per severity, the Watchdog and InfoInhibitor sent nowhere, and critical alerts
 * silencing warnings and infos of the same alert in the same namespace and of the same SLO.
 */
export function renderAlertmanagerConfig(receivers: Pick<AlertReceiver, "name" | "type" | "channel">[], routes: AlertRoute[]): AlertmanagerConfig {
    return {
        global: { resolve_timeout: "5m" },
        route: {
            // Alerts no route claims are dropped rather than sent to a default someone ignores.
            receiver: NULL_RECEIVER,
            group_by: ["alertname", "cluster", "namespace", "service", "slo"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "12h",
            routes: [
                // The always-firing Watchdog proves the pipeline works; a dead-man's switch outside
                // the cluster should receive it. InfoInhibitor only exists to inhibit info alerts.
                { receiver: NULL_RECEIVER, matchers: ['alertname = "Watchdog"'] },
                { receiver: NULL_RECEIVER, matchers: ['alertname = "InfoInhibitor"'] },
                ...routes.map((r) => ({
                    receiver: r.receiver,
                    matchers: [`severity = "${r.severity}"`],
                    repeat_interval: r.repeatInterval ?? (r.severity === "critical" ? "4h" : "12h"),
                })),
            ],
        },
        receivers: [{ name: NULL_RECEIVER }, ...receivers.map(receiverConfig)],
        inhibit_rules: [
            { source_matchers: ['severity = "critical"'], target_matchers: ['severity =~ "warning|info"'], equal: [...INHIBIT_EQUAL_LABELS] },
            { source_matchers: ['severity = "warning"'], target_matchers: ['severity = "info"'], equal: [...INHIBIT_EQUAL_LABELS] },
        ],
    };
}

/** The receivers Secret's `stringData`: one key per receiver, every value kept secret. */
export function receiversSecretData(receivers: AlertReceiver[]): Record<string, pulumi.Output<string>> {
    return Object.fromEntries(receivers.map((r) => [r.name, pulumi.secret(r.secret)]));
}
