import { ChartPin } from "../kubernetes/versions";

/**
 * The observability charts, pinned in one place (STYLE rule 11). Bump a chart here, read its
 * upgrade notes (kube-prometheus-stack majors change CRDs: apply them first), and re-run the tests:
 * the rendered values are asserted as documents, so a renamed value shows up in review.
 */

/**
 * kube-prometheus-stack: Prometheus operator and CRDs, Prometheus, Alertmanager, Grafana,
 * kube-state-metrics and prometheus-node-exporter as subcharts. 88.4.0 is the newest release seen
 * when this was pinned (November 2026).
 */
export const KUBE_PROMETHEUS_STACK: ChartPin = {
    repo: "https://prometheus-community.github.io/helm-charts",
    chart: "kube-prometheus-stack",
    version: "88.4.0",
};

/**
 * Fluent Bit. 0.52.0 is the newest chart version this blueprint has checked the values layout of
 * (`config.service/inputs/filters/outputs` as classic-mode text); newer charts ship Fluent Bit 5.x:
 * check the `cloudwatch_logs` output options before bumping.
 */
export const FLUENT_BIT: ChartPin = {
    repo: "https://fluent.github.io/helm-charts",
    chart: "fluent-bit",
    version: "0.52.0",
};

/**
 * OpenTelemetry Collector. Chart 0.182.0 ships collector 0.165.0. The chart has no default image:
 * values name the contrib distribution, which has the awsxray and prometheusremotewrite exporters.
 */
export const OPENTELEMETRY_COLLECTOR: ChartPin = {
    repo: "https://open-telemetry.github.io/opentelemetry-helm-charts",
    chart: "opentelemetry-collector",
    version: "0.182.0",
};

export const OBSERVABILITY_CHARTS = {
    kubePrometheusStack: KUBE_PROMETHEUS_STACK,
    fluentBit: FLUENT_BIT,
    openTelemetryCollector: OPENTELEMETRY_COLLECTOR,
} as const;
