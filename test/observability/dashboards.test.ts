import { expect } from "chai";
import { nodeDashboard, platformDashboards, sloAttainmentExpr } from "../../components/observability/dashboards";
import { platformSloSpecs } from "../../components/observability/platform-slos";
import { renderSloDashboard } from "../../components/observability/slo-dashboard";
import { SloSpec } from "../../components/observability/slo";
import { checkExpressions, promtool, removeDir, runPromtool, tempDir, writeYaml } from "./promtool";

/**
 * Dashboard queries run through Prometheus' own parser (`promtool check rules` on a recording rule
 * per expression), and the node dashboard's ratio evaluated by promtool on series labelled the
 * way kube-prometheus-stack scrapes node-exporter.
 */

const SERVICE_SLO: SloSpec = {
    service: "checkout",
    name: "availability",
    objective: 99.9,
    window: "28d",
    sli: { type: "ratio", good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' },
};

describe("dashboard queries under promtool", function () {
    this.timeout(30_000);

    before(() => promtool());

    it("rejects a query promtool cannot parse, naming it", () => {
        expect(() => checkExpressions([{ where: "broken panel", expr: "sum(rate(x[5m])" }], "a broken query")).to.throw(/promtool check rules rejected a broken query[\s\S]*broken panel/);
    });

    it("parses every platform dashboard query", () => {
        const exprs = platformDashboards("dev").flatMap(([name, d]) => d.panels.flatMap((p) => p.targets.map((t) => ({ where: `${name}: ${p.title} ${t.refId}`, expr: t.expr }))));
        expect(exprs.length).to.be.greaterThan(20);
        checkExpressions(exprs, "the platform dashboards");
    });

    it("parses every SLO dashboard query", () => {
        const specs = [...platformSloSpecs({ type: "ratio", good: 'nginx_ingress_controller_requests{status!~"5.."}', total: "nginx_ingress_controller_requests" }), SERVICE_SLO];
        const exprs = specs.flatMap((s) => renderSloDashboard(s).panels.flatMap((p) => p.targets.map((t) => ({ where: `${s.service}/${s.name}: ${p.title} ${t.refId}`, expr: t.expr }))));
        checkExpressions(exprs, "the SLO dashboards");
    });

    it("computes SLO attainment from the budget and objective records, per platform SLO", () => {
        const dir = tempDir("dashboard-attainment");
        const labels = (service: string) => `service="${service}",slo="availability",team="platform"`;
        try {
            writeYaml(dir, "tests.yaml", {
                rule_files: [],
                evaluation_interval: "1m",
                tests: [
                    {
                        name: "SLO attainment",
                        interval: "1m",
                        input_series: [
                            // Half the budget of a 99.9% SLO spent: 0.05% errors, 99.95% attained.
                            { series: `slo:error_budget_remaining:ratio{${labels("coredns")}}`, values: "0.5x5" },
                            { series: `slo:objective:ratio{${labels("coredns")}}`, values: "0.999x5" },
                            // Budget overspent twice over: 98% attained against 99%.
                            { series: `slo:error_budget_remaining:ratio{${labels("ingress")}}`, values: "-1x5" },
                            { series: `slo:objective:ratio{${labels("ingress")}}`, values: "0.99x5" },
                        ],
                        promql_expr_test: [
                            {
                                expr: sloAttainmentExpr('team="platform"'),
                                eval_time: "5m",
                                exp_samples: [
                                    { labels: `{${labels("coredns")}}`, value: 0.9995 },
                                    { labels: `{${labels("ingress")}}`, value: 0.98 },
                                ],
                            },
                        ],
                    },
                ],
            });
            const r = runPromtool(["test", "rules", "tests.yaml"], dir);
            if (r.code !== 0) {
                expect.fail(`promtool test rules failed for the SLO attainment panel (exit ${r.code}):\n${r.output}`);
            }
        } finally {
            removeDir(dir);
        }
    });

    it("computes load per CPU per node from node-exporter series with their scrape labels", () => {
        const panel = nodeDashboard().panels.find((p) => p.title === "Load per CPU")!;
        // What the ServiceMonitor of kube-prometheus-stack attaches to every node-exporter series.
        const scrape = 'container="node-exporter",endpoint="http-metrics",job="node-exporter",namespace="node-agents",service="kube-prometheus-stack-prometheus-node-exporter"';
        const node = (instance: string, pod: string) => `instance="${instance}",pod="${pod}",${scrape}`;
        const a = node("10.0.1.5:9100", "node-exporter-7xk2p");
        const b = node("10.0.2.9:9100", "node-exporter-q9d4m");
        const cpus = (labels: string, n: number) =>
            Array.from({ length: n }, (_, i) => ["idle", "user"].map((mode) => ({ series: `node_cpu_seconds_total{cpu="${i}",mode="${mode}",${labels}}`, values: "0+30x10" }))).flat();
        const dir = tempDir("dashboard-load");
        try {
            writeYaml(dir, "tests.yaml", {
                rule_files: [],
                evaluation_interval: "1m",
                tests: [
                    {
                        name: "Load per CPU",
                        interval: "1m",
                        input_series: [{ series: `node_load1{${a}}`, values: "3x10" }, { series: `node_load1{${b}}`, values: "1x10" }, ...cpus(a, 2), ...cpus(b, 4)],
                        promql_expr_test: [
                            {
                                expr: panel.targets[0].expr.replace(/\$instance/g, ".*"),
                                eval_time: "10m",
                                exp_samples: [
                                    { labels: '{instance="10.0.1.5:9100"}', value: 1.5 },
                                    { labels: '{instance="10.0.2.9:9100"}', value: 0.25 },
                                ],
                            },
                        ],
                    },
                ],
            });
            const r = runPromtool(["test", "rules", "tests.yaml"], dir);
            if (r.code !== 0) {
                expect.fail(`promtool test rules failed for the Load per CPU panel (exit ${r.code}):\n${r.output}`);
            }
        } finally {
            removeDir(dir);
        }
    });
});
