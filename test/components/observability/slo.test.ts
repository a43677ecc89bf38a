import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import { renderSloDashboard } from "../../../components/observability/slo-dashboard";
import {
    AlertingRule,
    BURN_RATE_ALERTS,
    burnRate,
    LatencySli,
    PROMETHEUS_DEFAULT_BUCKETS,
    promLeValue,
    RecordingRule,
    renderSloRules,
    ServiceLevelObjective,
    ServiceLevelObjectiveArgs,
    SloSpec,
    validateSloSpec,
} from "../../../components/observability/slo";
import { declare, Declared } from "../../support/harness";

const RATIO: SloSpec = {
    service: "checkout",
    name: "availability",
    objective: 99.9,
    window: "30d",
    sli: { type: "ratio", good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' },
};

const LATENCY: SloSpec = {
    service: "checkout",
    name: "latency",
    objective: 99,
    window: "28d",
    sli: { type: "latency", histogram: "http_request_duration_seconds", thresholdSeconds: 0.3, selector: 'job="checkout",route!="/healthz"', buckets: [0.1, 0.3, 1] },
};

const SEL = '{service="checkout",slo="availability"}';
// The good side falls back to 0 x the total when no good series exists at all (see errorRatioExpr).
const ratioExpr = (w: string) =>
    `1 - ((sum(rate(http_requests_total{job="checkout",code!~"5.."}[${w}])) or 0 * sum(rate(http_requests_total{job="checkout"}[${w}]))) / sum(rate(http_requests_total{job="checkout"}[${w}])))`;

const records = (spec: SloSpec) =>
    renderSloRules(spec)
        .groups.flatMap((g) => g.rules)
        .filter((r): r is RecordingRule => "record" in r);
const alerts = (spec: SloSpec) =>
    renderSloRules(spec)
        .groups.flatMap((g) => g.rules)
        .filter((r): r is AlertingRule => "alert" in r);
const burnAlerts = (spec: SloSpec) => alerts(spec).filter((a) => a.alert === "SloErrorBudgetBurn");

describe("renderSloRules", () => {
    it("records the error ratio of a 99.9/30d ratio SLO over every alert window and the SLO window, then the objective and remaining budget", () => {
        const spec = renderSloRules(RATIO);
        expect(spec.groups.map((g) => [g.name, g.interval, g.rules.length])).to.deep.equal([
            ["slo-checkout-availability-sli", undefined, 7],
            ["slo-checkout-availability-budget", "5m", 3],
            ["slo-checkout-availability-alerts", undefined, 5],
        ]);
        const labels = { service: "checkout", slo: "availability" };
        expect(records(RATIO)).to.deep.equal([
            ...["5m", "30m", "1h", "2h", "6h", "1d", "3d"].map((w) => ({ record: `slo:sli_error:ratio_rate${w}`, expr: ratioExpr(w), labels })),
            { record: "slo:sli_error:ratio_rate30d", expr: ratioExpr("30d"), labels },
            { record: "slo:objective:ratio", expr: "vector(0.999)", labels },
            { record: "slo:error_budget_remaining:ratio", expr: `1 - (slo:sli_error:ratio_rate30d${SEL} / 0.001)`, labels },
        ]);
        expect(records(RATIO)[0].expr).to.equal(
            '1 - ((sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m])) or 0 * sum(rate(http_requests_total{job="checkout"}[5m]))) / sum(rate(http_requests_total{job="checkout"}[5m])))',
        );
    });

    it("pages at 14.4x over 1h and 5m and 6x over 6h and 30m, tickets at 3x over 1d and 2h and 1x over 3d and 6h (SRE workbook table 5-8)", () => {
        const rule = (burn: string, long: string, short: string, threshold: string, severity: string, action: string, spent: string) => ({
            alert: "SloErrorBudgetBurn",
            expr: `slo:sli_error:ratio_rate${long}${SEL} > ${threshold} and slo:sli_error:ratio_rate${short}${SEL} > ${threshold}`,
            labels: { service: "checkout", slo: "availability", severity, burn_rate: burn, long_window: long, short_window: short },
            annotations: {
                summary: `checkout availability SLO: error budget burning ${burn}x over ${long} and ${short} (${action})`,
                description: `The error ratio of checkout availability is above ${threshold} (${burn} times the 0.001 budget of a 99.9% objective over 30d: ${spent}% of the budget in ${long}) over both the last ${long} and ${short}.`,
                runbook_url: "https://github.com/example-org/platform/blob/main/docs/runbooks/SloErrorBudgetBurn.md",
            },
        });
        expect(burnAlerts(RATIO)).to.deep.equal([
            rule("14.4", "1h", "5m", "0.0144", "critical", "page", "2"),
            rule("6", "6h", "30m", "0.006", "critical", "page", "5"),
            rule("3", "1d", "2h", "0.003", "warning", "ticket", "10"),
            rule("1", "3d", "6h", "0.001", "warning", "ticket", "10"),
        ]);
        expect(alerts(RATIO)[0].expr).to.equal(
            'slo:sli_error:ratio_rate1h{service="checkout",slo="availability"} > 0.0144 and slo:sli_error:ratio_rate5m{service="checkout",slo="availability"} > 0.0144',
        );
    });

    for (const [objective, thresholds, budget] of [
        [99.9, ["0.0144", "0.006", "0.003", "0.001"], "0.001"],
        [99.95, ["0.0072", "0.003", "0.0015", "0.0005"], "0.0005"],
        [99.5, ["0.072", "0.03", "0.015", "0.005"], "0.005"],
        [99, ["0.144", "0.06", "0.03", "0.01"], "0.01"],
        [99.99, ["0.00144", "0.0006", "0.0003", "0.0001"], "0.0001"],
    ] as const) {
        it(`sets thresholds of burn x (1 - ${objective}/100) with no floating-point noise`, () => {
            const spec = { ...RATIO, objective };
            expect(burnAlerts(spec).map((a) => a.expr.split(" > ")[1].split(" ")[0])).to.deep.equal(thresholds);
            expect(records(spec).find((r) => r.record === "slo:error_budget_remaining:ratio")!.expr).to.equal(`1 - (slo:sli_error:ratio_rate30d${SEL} / ${budget})`);
        });
    }

    it("counts a latency SLI as the le bucket of the threshold over the histogram count, over the 28d window", () => {
        const rs = records(LATENCY);
        const labels = { service: "checkout", slo: "latency" };
        const expr = (w: string) =>
            `1 - ((sum(rate(http_request_duration_seconds_bucket{job="checkout",route!="/healthz",le="0.3"}[${w}])) or 0 * sum(rate(http_request_duration_seconds_count{job="checkout",route!="/healthz"}[${w}]))) / sum(rate(http_request_duration_seconds_count{job="checkout",route!="/healthz"}[${w}])))`;
        expect(rs[0]).to.deep.equal({ record: "slo:sli_error:ratio_rate5m", expr: expr("5m"), labels });
        expect(rs.map((r) => r.record)).to.deep.equal([
            "slo:sli_error:ratio_rate5m",
            "slo:sli_error:ratio_rate30m",
            "slo:sli_error:ratio_rate1h",
            "slo:sli_error:ratio_rate2h",
            "slo:sli_error:ratio_rate6h",
            "slo:sli_error:ratio_rate1d",
            "slo:sli_error:ratio_rate3d",
            "slo:sli_error:ratio_rate28d",
            "slo:objective:ratio",
            "slo:error_budget_remaining:ratio",
        ]);
        expect(rs[7].expr).to.equal(expr("28d"));
        expect(rs[8].expr).to.equal("vector(0.99)");
        expect(rs[9].expr).to.equal('1 - (slo:sli_error:ratio_rate28d{service="checkout",slo="latency"} / 0.01)');
        // A 28-day window scales the burn rates by 672/720: the same 2%, 5%, 10%, 10% of its budget.
        expect(burnAlerts(LATENCY).map((a) => a.expr)).to.deep.equal([
            'slo:sli_error:ratio_rate1h{service="checkout",slo="latency"} > 0.1344 and slo:sli_error:ratio_rate5m{service="checkout",slo="latency"} > 0.1344',
            'slo:sli_error:ratio_rate6h{service="checkout",slo="latency"} > 0.056 and slo:sli_error:ratio_rate30m{service="checkout",slo="latency"} > 0.056',
            'slo:sli_error:ratio_rate1d{service="checkout",slo="latency"} > 0.028 and slo:sli_error:ratio_rate2h{service="checkout",slo="latency"} > 0.028',
            'slo:sli_error:ratio_rate3d{service="checkout",slo="latency"} > 0.00933333333333 and slo:sli_error:ratio_rate6h{service="checkout",slo="latency"} > 0.00933333333333',
        ]);
        expect(burnAlerts(LATENCY).map((a) => a.labels.burn_rate)).to.deep.equal(["13.44", "5.6", "2.8", "0.933333333333"]);
    });

    it("renders a whole-second threshold as Prometheus 3 stores the le label (1.0, not 1)", () => {
        // kube-prometheus-stack 88 runs Prometheus 3, which normalizes le on ingestion: le="1" matches no series.
        const spec: SloSpec = { ...LATENCY, sli: { type: "latency", histogram: "rpc_duration_seconds", thresholdSeconds: 1, selector: 'job="checkout"' } };
        expect(records(spec)[0].expr).to.equal(
            '1 - ((sum(rate(rpc_duration_seconds_bucket{job="checkout",le="1.0"}[5m])) or 0 * sum(rate(rpc_duration_seconds_count{job="checkout"}[5m]))) / sum(rate(rpc_duration_seconds_count{job="checkout"}[5m])))',
        );
    });

    it("writes le values in Prometheus 3's canonical float form", () => {
        expect([1, 2, 10, 0.256, 0.3, 0.0001, 0.00005, 2.5, 100000, 1000000].map(promLeValue)).to.deep.equal([
            "1.0",
            "2.0",
            "10.0",
            "0.256",
            "0.3",
            "0.0001",
            "5e-05",
            "2.5",
            "100000.0",
            "1e+06",
        ]);
    });

    it("adds the spec's labels to every rule and its runbook to every alert, without overriding service and slo", () => {
        const spec = { ...RATIO, labels: { team: "payments" }, runbookUrl: "https://runbooks.example.com/checkout" };
        for (const r of renderSloRules(spec).groups.flatMap((g) => g.rules)) {
            expect(r.labels).to.deep.include({ team: "payments", service: "checkout", slo: "availability" });
        }
        expect(alerts(spec).map((a) => a.annotations.runbook_url)).to.deep.equal(Array(5).fill("https://runbooks.example.com/checkout"));
    });

    it("scales the burn rates to the SLO window from the budget each alert window may spend (2%/1h, 5%/6h, 10%/1d, 10%/3d)", () => {
        expect(BURN_RATE_ALERTS.map((a) => [a.budgetConsumed, a.longWindow, burnRate(a, "30d"), burnRate(a, "28d")])).to.deep.equal([
            [0.02, "1h", 14.4, 13.44],
            [0.05, "6h", 6, 5.6],
            [0.1, "1d", 3, 2.8],
            [0.1, "3d", 1, 0.933333333333],
        ]);
    });

    it("alerts when nothing scrapes the SLI's job for 5 minutes", () => {
        expect(alerts(RATIO)[4]).to.deep.equal({
            alert: "SloTargetDown",
            expr: 'absent(up{job="checkout"} == 1)',
            for: "5m",
            labels: { service: "checkout", slo: "availability", severity: "critical" },
            annotations: {
                summary: "checkout availability SLO: nothing to measure, the service's target is down or scraped by nothing",
                description: 'absent(up{job="checkout"} == 1) has been true for 5m: the availability SLO of checkout cannot be measured and its burn-rate alerts cannot fire.',
                runbook_url: "https://github.com/example-org/platform/blob/main/docs/runbooks/SloTargetDown.md",
            },
        });
        expect(alerts(LATENCY)[4].expr).to.equal('absent(up{job="checkout"} == 1)');
    });

    it("watches the total series instead when the SLI's selector names no job", () => {
        const noJob: SloSpec = { ...RATIO, sli: { type: "ratio", good: 'http_requests_total{app="checkout",code!~"5.."}', total: 'http_requests_total{app="checkout",job=~"checkout|legacy"}' } };
        expect(alerts(noJob)[4].expr).to.equal('absent(http_requests_total{app="checkout",job=~"checkout|legacy"})');
        const latency: SloSpec = { ...LATENCY, sli: { ...(LATENCY.sli as LatencySli), selector: 'service="checkout"' } };
        expect(alerts(latency)[4].expr).to.equal('absent(http_request_duration_seconds_count{service="checkout"})');
    });

    it("is pure: the same spec renders the same document", () => {
        expect(renderSloRules(RATIO)).to.deep.equal(renderSloRules({ ...RATIO }));
    });

    it("refuses to render an invalid spec", () => {
        expect(() => renderSloRules({ ...RATIO, objective: 100 })).to.throw("objective: 100 is not in (0, 100); an SLO of 100% leaves no error budget");
    });
});

describe("validateSloSpec", () => {
    it("accepts the ratio and latency examples", () => {
        expect(() => validateSloSpec(RATIO)).not.to.throw();
        expect(() => validateSloSpec(LATENCY)).not.to.throw();
    });

    it("accepts every client-library default bucket as a threshold when no buckets are listed", () => {
        expect(PROMETHEUS_DEFAULT_BUCKETS).to.deep.equal([0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
        for (const t of PROMETHEUS_DEFAULT_BUCKETS) {
            expect(() => validateSloSpec({ ...LATENCY, sli: { ...(LATENCY.sli as LatencySli), thresholdSeconds: t, buckets: undefined } }), String(t)).not.to.throw();
        }
    });

    const ratio = (change: Partial<SloSpec["sli"]>) => ({ sli: { ...RATIO.sli, ...change } as SloSpec["sli"] });
    const latency = (change: object) => ({ sli: { ...LATENCY.sli, ...change } as SloSpec["sli"] });
    const cases: [string, Record<string, unknown>, string[]][] = [
        ["rejects an objective of 100", { objective: 100 }, ["objective: 100 is not in (0, 100); an SLO of 100% leaves no error budget"]],
        ["rejects an objective of 0", { objective: 0 }, ["objective: 0 is not in (0, 100); give a percentage such as 99.9"]],
        ["rejects an objective over 100", { objective: 100.5 }, ["objective: 100.5 is not in (0, 100); give a percentage such as 99.9"]],
        ["rejects a negative objective", { objective: -1 }, ["objective: -1 is not in (0, 100); give a percentage such as 99.9"]],
        ["rejects an objective given as a ratio string", { objective: "0.999" }, ['objective: "0.999" is not in (0, 100); give a percentage such as 99.9']],
        ["rejects a window that is not a duration", { window: "1 month" }, ['window: "1 month" is not a Prometheus duration; use one of "28d", "30d"']],
        ["rejects an empty window", { window: "" }, ['window: "" is not a Prometheus duration; use one of "28d", "30d"']],
        ["rejects a duration that is not a supported window", { window: "7d" }, ['window: "7d" is not one of "28d", "30d"']],
        ["rejects a service that is not a DNS label", { service: "Checkout_API" }, ['service: "Checkout_API" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)']],
        ["rejects a name that is not a DNS label", { name: "" }, ['name: "" is not a DNS label (lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters)']],
        ["rejects an empty good selector", ratio({ good: " " }), ['sli.good: " " is empty; give a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout"})']],
        ["rejects an empty total selector", ratio({ total: "" }), ['sli.total: "" is empty; give a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout"})']],
        [
            "rejects an expression that cannot go inside rate()",
            ratio({ good: 'sum(http_requests_total{code="200"})' }),
            ['sli.good: "sum(http_requests_total{code=\\"200\\"})" is not a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout",code!~"5.."}); it is rendered inside rate(...[<window>])'],
        ],
        [
            "rejects a selector that already has a range",
            ratio({ total: "http_requests_total[5m]" }),
            ['sli.total: "http_requests_total[5m]" is not a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout",code!~"5.."}); it is rendered inside rate(...[<window>])'],
        ],
        ["rejects good and total that are the same", ratio({ good: 'http_requests_total{job="checkout"}' }), ['sli.good: "http_requests_total{job=\\"checkout\\"}" is the same selector as sli.total; the SLI would always be 100%']],
        ["rejects an empty histogram", latency({ histogram: "" }), ['sli.histogram: "" is empty; give the histogram\'s base name (e.g. http_request_duration_seconds)']],
        [
            "rejects a histogram given with its _bucket suffix",
            latency({ histogram: "http_request_duration_seconds_bucket" }),
            ['sli.histogram: "http_request_duration_seconds_bucket" is not a histogram base name (a metric name without _bucket, _count or _sum, e.g. http_request_duration_seconds)'],
        ],
        ["rejects a threshold of 0", latency({ thresholdSeconds: 0 }), ["sli.thresholdSeconds: 0 is not a number of seconds > 0"]],
        ["rejects a threshold between the listed buckets", latency({ thresholdSeconds: 0.25 }), ["sli.thresholdSeconds: 0.25 is not one of the histogram's buckets 0.1, 0.3, 1; a threshold between buckets cannot be counted"]],
        [
            "rejects a threshold that is not a client-library default bucket when no buckets are listed",
            latency({ thresholdSeconds: 0.3, buckets: undefined }),
            [
                "sli.thresholdSeconds: 0.3 is not one of the histogram's buckets 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 (the client libraries' defaults; sli.buckets is unset); a threshold between buckets cannot be counted: choose one of them, or list the histogram's own buckets in sli.buckets",
            ],
        ],
        [
            "rejects buckets that are not increasing positive bounds",
            latency({ buckets: [0.3, 0.1, 1] }),
            ["sli.buckets: [0.3,0.1,1] is not a non-empty list of increasing bucket bounds in seconds > 0 (without +Inf), e.g. [0.1, 0.25, 0.5, 1]"],
        ],
        ["rejects an empty bucket list", latency({ buckets: [] }), ["sli.buckets: [] is not a non-empty list of increasing bucket bounds in seconds > 0 (without +Inf), e.g. [0.1, 0.25, 0.5, 1]"]],
        ["rejects an empty latency selector", latency({ selector: "" }), ['sli.selector: "" is empty; give label matchers that pick the service\'s series (e.g. job="checkout")']],
        ["rejects a latency selector with braces", latency({ selector: '{job="checkout"}' }), ['sli.selector: "{job=\\"checkout\\"}" is not a list of PromQL label matchers without braces (e.g. job="checkout",route!="/healthz")']],
        ["rejects an unknown SLI type", { sli: { type: "availability" } }, ['sli.type: "availability" is not one of "ratio", "latency"']],
        ["rejects a label the rules set", { labels: { severity: "low" } }, ['labels.severity: "low" is set by the SLO rules (service, slo, severity, burn_rate, long_window, short_window, alertname, le); choose another label name']],
        ["rejects a label name Prometheus cannot store", { labels: { "cost-center": "cc-1" } }, ['labels.cost-center: "cc-1" has a name that is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateSloSpec({ ...RATIO, ...change } as SloSpec))
                .to.throw()
                .with.property("problems")
                .that.deep.equals(problems);
        });
    }

    it("collects every problem at once", () => {
        expect(() => validateSloSpec({ ...RATIO, objective: 100, window: "month" as "30d", sli: { type: "ratio", good: "", total: "" } }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([
                "objective: 100 is not in (0, 100); an SLO of 100% leaves no error budget",
                'window: "month" is not a Prometheus duration; use one of "28d", "30d"',
                'sli.good: "" is empty; give a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout"})',
                'sli.total: "" is empty; give a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout"})',
            ]);
    });
});

describe("ServiceLevelObjective", () => {
    const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
    const CM = "kubernetes:core/v1:ConfigMap";

    function plan(args: Partial<ServiceLevelObjectiveArgs> = {}): Promise<Declared> {
        return declare(() => {
            const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
            new ServiceLevelObjective("checkout-availability", { spec: RATIO, namespace: "payments", ...args }, { providers: [provider] });
        });
    }

    it("creates exactly a PrometheusRule and a dashboard ConfigMap, children of the component on the caller's provider", async () => {
        const p = await plan();
        expect(p.inventory((r) => !r.type.startsWith("pulumi:providers"))).to.deep.equal([
            `${CM}::checkout-availability-dashboard`,
            `${RULE}::checkout-availability`,
            "platform:observability:ServiceLevelObjective::checkout-availability",
        ]);
        const component = p.one("platform:observability:ServiceLevelObjective", "checkout-availability");
        for (const child of p.childrenOf(component)) {
            expect(child.provider, child.name).to.equal("urn:pulumi:test::platform::pulumi:providers:kubernetes::k8s");
        }
        expect(p.childrenOf(component)).to.have.length(2);
    });

    it("labels the PrometheusRule for the operator's default rule selector and carries the rendered rules", async () => {
        const rule = (await plan()).one(RULE, "checkout-availability").inputs as any;
        expect(rule.apiVersion).to.equal("monitoring.coreos.com/v1");
        expect(rule.kind).to.equal("PrometheusRule");
        expect(rule.metadata).to.deep.equal({
            name: "slo-checkout-availability",
            namespace: "payments",
            labels: { "app.kubernetes.io/name": "checkout", "app.kubernetes.io/component": "slo", "app.kubernetes.io/managed-by": "pulumi", release: "kube-prometheus-stack" },
        });
        expect(rule.spec).to.deep.equal(renderSloRules(RATIO));
    });

    it("takes the release label from args", async () => {
        const rule = (await plan({ release: "prometheus", labels: { "platform/team": "payments" } })).one(RULE, "checkout-availability").inputs as any;
        expect(rule.metadata.labels).to.deep.include({ release: "prometheus", "platform/team": "payments" });
    });

    it("puts the dashboard in a ConfigMap the Grafana sidecar picks up", async () => {
        const cm = (await plan()).one(CM, "checkout-availability-dashboard").inputs as any;
        expect(cm.metadata).to.deep.equal({
            name: "slo-checkout-availability-dashboard",
            namespace: "payments",
            labels: { "app.kubernetes.io/name": "checkout", "app.kubernetes.io/component": "slo", "app.kubernetes.io/managed-by": "pulumi", grafana_dashboard: "1" },
            annotations: { grafana_folder: "SLOs" },
        });
        expect(Object.keys(cm.data)).to.deep.equal(["slo-checkout-availability.json"]);
        expect(JSON.parse(cm.data["slo-checkout-availability.json"])).to.deep.equal(renderSloDashboard(RATIO));
    });

    it("puts the dashboard in the dashboard namespace and folder when given, and skips it when turned off", async () => {
        const cm = (await plan({ dashboardNamespace: "monitoring", dashboardFolder: "Payments" })).one(CM, "checkout-availability-dashboard").inputs as any;
        expect(cm.metadata.namespace).to.equal("monitoring");
        expect(cm.metadata.annotations).to.deep.equal({ grafana_folder: "Payments" });
        expect((await plan({ dashboard: false })).ofType(CM)).to.have.length(0);
    });

    it("rejects an invalid spec with the path of each problem", async () => {
        let error: unknown;
        try {
            await plan({ spec: { ...RATIO, objective: 100 }, release: "not a label" });
        } catch (e) {
            error = e;
        }
        expect(error).to.have.property("problems").that.deep.equals(['spec.objective: 100 is not in (0, 100); an SLO of 100% leaves no error budget', 'release: "not a label" is not a Kubernetes label value']);
    });
});
