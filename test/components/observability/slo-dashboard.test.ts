import { expect } from "chai";
import { renderSloDashboard, sloDashboardUid } from "../../../components/observability/slo-dashboard";
import { RecordingRule, renderSloRules, SloSpec } from "../../../components/observability/slo";

const SPEC: SloSpec = {
    service: "checkout",
    name: "availability",
    objective: 99.9,
    window: "30d",
    sli: { type: "ratio", good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' },
};
const SEL = '{service="checkout",slo="availability"}';
const DS = { type: "prometheus", uid: "${datasource}" };

describe("renderSloDashboard", () => {
    const d = renderSloDashboard(SPEC);

    it("is a read-only Grafana dashboard over the SLO window with a Prometheus data source variable", () => {
        expect(d.uid).to.equal("slo-checkout-availability");
        expect(d.title).to.equal("SLO: checkout availability");
        expect(d.tags).to.deep.equal(["slo", "checkout"]);
        expect(d.editable).to.equal(false);
        expect(d.schemaVersion).to.equal(39);
        expect(d.time).to.deep.equal({ from: "now-30d", to: "now" });
        expect(d.templating.list).to.deep.equal([{ name: "datasource", label: "Prometheus", type: "datasource", query: "prometheus", current: {}, hide: 0 }]);
    });

    it("has the SLI, objective, error budget remaining, burn rate and history panels with exact queries", () => {
        expect(d.panels.map((p) => [p.id, p.type, p.title, p.targets.map((t) => [t.expr, t.legendFormat])])).to.deep.equal([
            [1, "stat", "SLI over 30d", [[`1 - slo:sli_error:ratio_rate30d${SEL}`, "SLI"]]],
            [2, "stat", "Objective", [[`slo:objective:ratio${SEL}`, "objective"]]],
            [3, "gauge", "Error budget remaining", [[`slo:error_budget_remaining:ratio${SEL}`, "remaining"]]],
            [
                4,
                "timeseries",
                "Burn rate",
                [
                    [`slo:sli_error:ratio_rate1h${SEL} / 0.001`, "1h"],
                    [`slo:sli_error:ratio_rate6h${SEL} / 0.001`, "6h"],
                    [`slo:sli_error:ratio_rate1d${SEL} / 0.001`, "1d"],
                    [`slo:sli_error:ratio_rate3d${SEL} / 0.001`, "3d"],
                ],
            ],
            [
                5,
                "timeseries",
                "SLI",
                [
                    [`1 - slo:sli_error:ratio_rate5m${SEL}`, "5m"],
                    [`1 - slo:sli_error:ratio_rate1h${SEL}`, "1h"],
                    [`slo:objective:ratio${SEL}`, "objective"],
                ],
            ],
            [6, "timeseries", "Error budget remaining over time", [[`slo:error_budget_remaining:ratio${SEL}`, "remaining"]]],
        ]);
        for (const p of d.panels) {
            expect(p.datasource, p.title).to.deep.equal(DS);
            p.targets.forEach((t, i) => {
                expect(t.datasource).to.deep.equal(DS);
                expect(t.refId).to.equal(String.fromCharCode(65 + i));
            });
        }
    });

    it("colours the SLI red below the objective and the budget red below a quarter", () => {
        const panel = (title: string) => d.panels.find((p) => p.title === title)!.fieldConfig.defaults;
        expect(panel("SLI over 30d")).to.deep.equal({
            unit: "percentunit",
            decimals: 3,
            thresholds: {
                mode: "absolute",
                steps: [
                    { color: "red", value: null },
                    { color: "green", value: 0.999 },
                ],
            },
        });
        expect(panel("Error budget remaining")).to.deep.equal({
            unit: "percentunit",
            decimals: 1,
            min: 0,
            max: 1,
            thresholds: {
                mode: "absolute",
                steps: [
                    { color: "red", value: null },
                    { color: "orange", value: 0.25 },
                    { color: "green", value: 0.5 },
                ],
            },
        });
        expect(panel("Burn rate").thresholds.steps).to.deep.equal([
            { color: "green", value: null },
            { color: "orange", value: 1 },
            { color: "red", value: 6 },
        ]);
    });

    it("reads only series that the SLO's recording rules define", () => {
        const recorded = new Set(
            renderSloRules(SPEC)
                .groups.flatMap((g) => g.rules)
                .filter((r): r is RecordingRule => "record" in r)
                .map((r) => r.record),
        );
        const read = d.panels.flatMap((p) => p.targets.flatMap((t) => [...t.expr.matchAll(/(slo:[a-z_:0-9]+)\{/g)].map((m) => m[1])));
        expect(read.length).to.equal(11);
        for (const series of read) {
            expect(recorded.has(series), series).to.equal(true);
        }
    });

    it("lays the panels out on the 24-column grid without overlaps", () => {
        const cells = new Set<string>();
        for (const { gridPos: g, title } of d.panels) {
            expect(g.x + g.w, title).to.be.at.most(24);
            for (let x = g.x; x < g.x + g.w; x++) {
                for (let y = g.y; y < g.y + g.h; y++) {
                    expect(cells.has(`${x},${y}`), `${title} overlaps at ${x},${y}`).to.equal(false);
                    cells.add(`${x},${y}`);
                }
            }
        }
    });

    it("follows the spec's window and objective", () => {
        const latency = renderSloDashboard({ ...SPEC, name: "latency", objective: 99, window: "28d" });
        expect(latency.time.from).to.equal("now-28d");
        expect(latency.panels[0].title).to.equal("SLI over 28d");
        expect(latency.panels[0].targets[0].expr).to.equal('1 - slo:sli_error:ratio_rate28d{service="checkout",slo="latency"}');
        expect(latency.panels[3].targets[0].expr).to.equal('slo:sli_error:ratio_rate1h{service="checkout",slo="latency"} / 0.01');
    });

    it("states the burn rates the alerts use for the SLO's window", () => {
        expect(d.panels[3].description).to.equal("Error ratio divided by the error budget: 1 spends the budget exactly over the window. Pages above 14.4 (1h) and 6 (6h); tickets above 3 (1d) and 1 (3d).");
        expect(renderSloDashboard({ ...SPEC, window: "28d" }).panels[3].description).to.equal(
            "Error ratio divided by the error budget: 1 spends the budget exactly over the window. Pages above 13.44 (1h) and 5.6 (6h); tickets above 2.8 (1d) and 0.933333333333 (3d).",
        );
    });

    it("keeps the UID within Grafana's 40 characters with a stable hash", () => {
        const long = { service: "payments-reconciliation-worker", name: "end-to-end-latency" };
        const uid = sloDashboardUid(long);
        expect(uid).to.have.length(40);
        expect(uid).to.match(/^slo-payments-reconciliation-wor-[0-9a-f]{8}$/);
        expect(sloDashboardUid(long)).to.equal(uid);
        expect(sloDashboardUid({ ...long, name: "end-to-end-latency2" })).not.to.equal(uid);
    });
});
