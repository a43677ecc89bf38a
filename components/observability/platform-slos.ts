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

/** Latency buckets of `apiserver_request_duration_seconds` the thresholds are chosen from. */
export const APISERVER_LATENCY_THRESHOLD_SECONDS = 1;
/** CoreDNS's buckets are powers of two from 0.25 ms: 0.256 s is one of them. */
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
            sli: { type: "latency", histogram: "coredns_dns_request_duration_seconds", thresholdSeconds: COREDNS_LATENCY_THRESHOLD_SECONDS, selector: 'job="coredns"' },
            labels,
        },
    ];
    if (ingressSli !== undefined) {
        specs.push({ service: "ingress", name: "availability", objective: 99.9, window: "30d", sli: ingressSli, labels });
    }
    return specs;
}
