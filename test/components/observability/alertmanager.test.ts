import { expect } from "chai";
import { AlertingRule, AlertmanagerConfig, renderAlertmanagerConfig, renderSloRules, SloSpec } from "../../../components/observability";

/**
 * The rendered inhibit rules evaluated the way Alertmanager does: a firing source alert matching
 * every source matcher mutes a target alert matching every target matcher when each `equal` label
 * has the same value on both, a label missing on both counting as equal (empty).
 */

type Labels = Record<string, string>;

function matcher(text: string): (labels: Labels) => boolean {
    const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(text);
    if (!m) {
        throw new Error(`cannot parse matcher ${text}`);
    }
    const [, label, op, value] = m;
    const re = new RegExp(`^(?:${value})$`);
    return (labels) => {
        const v = labels[label] ?? "";
        return op === "=" ? v === value : op === "!=" ? v !== value : op === "=~" ? re.test(v) : !re.test(v);
    };
}

function inhibits(config: AlertmanagerConfig, source: Labels, target: Labels): boolean {
    return config.inhibit_rules.some(
        (r) =>
            r.source_matchers.every((m) => matcher(m)(source)) &&
            r.target_matchers.every((m) => matcher(m)(target)) &&
            r.equal.every((l) => (source[l] ?? "") === (target[l] ?? "")),
    );
}

/** Labels of a firing SLO burn alert, as Prometheus sends it: the rule's labels plus alertname. */
function sloAlert(spec: SloSpec, longWindow: string): Labels {
    const rule = renderSloRules(spec)
        .groups.flatMap((g) => g.rules)
        .find((r): r is AlertingRule => "alert" in r && r.labels.long_window === longWindow)!;
    return { ...rule.labels, alertname: rule.alert, cluster: "dev", prometheus: "monitoring/kube-prometheus-stack-prometheus" };
}

const CHECKOUT: SloSpec = {
    service: "checkout",
    name: "availability",
    objective: 99.9,
    window: "30d",
    sli: { type: "ratio", good: 'http_requests_total{job="checkout",code!~"5.."}', total: 'http_requests_total{job="checkout"}' },
    labels: { team: "payments" },
};
const SEARCH: SloSpec = { ...CHECKOUT, service: "search", name: "latency", sli: { type: "latency", histogram: "http_request_duration_seconds", thresholdSeconds: 0.25, selector: 'job="search"' }, labels: { team: "search" } };

describe("renderAlertmanagerConfig inhibitions", () => {
    const config = renderAlertmanagerConfig([{ name: "pagerduty", type: "pagerduty" }], [{ severity: "critical", receiver: "pagerduty" }]);

    it("lets the page of one SLO silence nothing of another SLO (SLO alerts have no namespace)", () => {
        expect(inhibits(config, sloAlert(CHECKOUT, "1h"), sloAlert(SEARCH, "1d"))).to.equal(false);
        expect(inhibits(config, sloAlert(CHECKOUT, "1h"), sloAlert({ ...CHECKOUT, name: "latency", sli: SEARCH.sli }, "3d"))).to.equal(false);
    });

    it("lets the page of an SLO silence that SLO's own tickets", () => {
        expect(inhibits(config, sloAlert(CHECKOUT, "1h"), sloAlert(CHECKOUT, "1d"))).to.equal(true);
        expect(inhibits(config, sloAlert(CHECKOUT, "6h"), sloAlert(CHECKOUT, "3d"))).to.equal(true);
        expect(inhibits(config, sloAlert(CHECKOUT, "1d"), sloAlert(CHECKOUT, "1h"))).to.equal(false);
    });

    it("keeps two teams' services of the same name apart", () => {
        expect(inhibits(config, sloAlert(CHECKOUT, "1h"), sloAlert({ ...CHECKOUT, labels: { team: "storefront" } }, "1d"))).to.equal(false);
    });

    it("still silences warnings of the same alert in the same namespace for alerts without SLO labels", () => {
        const crit = { alertname: "KubePodCrashLooping", severity: "critical", namespace: "payments", cluster: "dev" };
        expect(inhibits(config, crit, { ...crit, severity: "warning", pod: "checkout-1" })).to.equal(true);
        expect(inhibits(config, crit, { ...crit, severity: "info" })).to.equal(true);
        expect(inhibits(config, crit, { ...crit, severity: "warning", namespace: "search" })).to.equal(false);
        expect(inhibits(config, crit, { ...crit, severity: "warning", alertname: "KubeContainerWaiting" })).to.equal(false);
        expect(inhibits(config, { ...crit, severity: "warning" }, { ...crit, severity: "info" })).to.equal(true);
    });
});
