import { RatioSli, SloSpec } from "./slo";

/**
 * The platform's own SLOs, as specs for `ServiceLevelObjective`. They read what kube-prometheus-stack
 * scrapes on EKS: the API server's `apiserver_*` series (job `apiserver`) and CoreDNS's
 * `coredns_*` series (job `coredns`, the chart's CoreDNS ServiceMonitor on port 9153).
 *
 * The ingress path has no SLO by default, on purpose: the AWS Load Balancer Controller exports no
 * request metrics, and ALB request and 5xx counts live in CloudWatch (`AWS/ApplicationELB`
 * HTTPCode_Target_5XX_Count, RequestCount) as per-minute sums. An exporter such as YACE turns
 * those into gauges, not counters, so `rate()`-based SLO rules would be wrong on them. Give
 * `ingressSli` when an in-cluster proxy exports request counters (ingress-nginx, Envoy Gateway).
 */

/** The buckets of `apiserver_request_duration_seconds` (k8s.io/apiserver's request metrics). */
export const APISERVER_REQUEST_DURATION_BUCKETS: readonly number[] = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];
/** The API server latency threshold: one of `APISERVER_REQUEST_DURATION_BUCKETS`. */
export const APISERVER_LATENCY_THRESHOLD_SECONDS = 1;
/** CoreDNS's `plugin.TimeBuckets`: 16 powers of two from 0.25 ms (ExponentialBuckets(0.00025, 2, 16)). */
export const COREDNS_REQUEST_DURATION_BUCKETS: readonly number[] = Array.from({ length: 16 }, (_, i) => Number((0.00025 * 2 ** i).toPrecision(12)));
/** The CoreDNS latency threshold: 0.256 s is one of `COREDNS_REQUEST_DURATION_BUCKETS`. */
export const COREDNS_LATENCY_THRESHOLD_SECONDS = 0.256;

export function platformSloSpecs(ingressSli?: RatioSli): SloSpec[] {
    const labels = { team: "platform" };
    const specs: SloSpec[] = [
        {
            service: "kube-apiserver",
            name: "availability",
            objective: 99.9,
            window: "30d",
            sli: { type: "ratio", good: 'apiserver_request_total{job="apiserver",code!~"5.."}', total: 'apiserver_request_total{job="apiserver"}' },
            labels,
        },
        {
            service: "kube-apiserver",
            name: "latency",
            objective: 99,
            window: "30d",
            // Long-running requests (watches, exec, logs, port-forward) are open for minutes by design.
            sli: {
                type: "latency",
                histogram: "apiserver_request_duration_seconds",
                thresholdSeconds: APISERVER_LATENCY_THRESHOLD_SECONDS,
                buckets: [...APISERVER_REQUEST_DURATION_BUCKETS],
                selector: 'job="apiserver",verb=~"GET|POST|PUT|PATCH|DELETE",subresource!~"log|exec|portforward|attach|proxy"',
            },
            labels,
        },
        {
            service: "coredns",
            name: "availability",
            objective: 99.9,
            window: "30d",
            sli: { type: "ratio", good: 'coredns_dns_responses_total{job="coredns",rcode!="SERVFAIL"}', total: 'coredns_dns_responses_total{job="coredns"}' },
            labels,
        },
        {
            service: "coredns",
            name: "latency",
            objective: 99,
            window: "30d",
            sli: {
                type: "latency",
                histogram: "coredns_dns_request_duration_seconds",
                thresholdSeconds: COREDNS_LATENCY_THRESHOLD_SECONDS,
                selector: 'job="coredns"',
                buckets: [...COREDNS_REQUEST_DURATION_BUCKETS],
            },
            labels,
        },
    ];
    if (ingressSli !== undefined) {
        specs.push({ service: "ingress", name: "availability", objective: 99.9, window: "30d", sli: ingressSli, labels });
    }
    return specs;
}
