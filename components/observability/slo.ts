import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { DEFAULT_RUNBOOK_BASE_URL, isRunbookBaseUrl, runbookUrl } from "./runbooks";
import { renderSloDashboard } from "./slo-dashboard";

/**
 * Service level objectives as code: a spec a team writes next to its service, rendered into
 * Prometheus recording rules and the multi-window, multi-burn-rate alerts of the Google SRE
 * workbook ("Alerting on SLOs", table 5-8), an alert for a service nothing scrapes, and a Grafana
 * error-budget dashboard.
 */

/** SLO windows the platform supports: four whole weeks, or a 30-day month. */
export const SLO_WINDOWS = ["28d", "30d"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** Good events over total events, both counters (PromQL vector selectors). */
export interface RatioSli {
    type: "ratio";
    /** Counter of good events, e.g. `http_requests_total{job="checkout",code!~"5.."}`. */
    good: string;
    /** Counter of all events, e.g. `http_requests_total{job="checkout"}`. */
    total: string;
}

/** Requests faster than a threshold over all requests, from a Prometheus histogram. */
export interface LatencySli {
    type: "latency";
    /** Histogram base name (without `_bucket`/`_count`), e.g. `http_request_duration_seconds`. */
    histogram: string;
    /** Latency a good request stays under; the `le` bucket counted as good. */
    thresholdSeconds: number;
    /** Label matchers without braces, e.g. `job="checkout",route!="/healthz"`. */
    selector: string;
    /**
     * The histogram's `le` buckets (upper bounds in seconds, without +Inf); the threshold must be
     * one of them, or no series has its `le` and the SLI cannot be counted.
     * @default PROMETHEUS_DEFAULT_BUCKETS (the client libraries' defaults)
     */
    buckets?: number[];
}

export type Sli = RatioSli | LatencySli;

export interface SloSpec {
    /** Service the SLO belongs to (a DNS label); the `service` label of every rule. */
    service: string;
    /** SLO name (a DNS label), e.g. `availability`; the `slo` label of every rule. */
    name: string;
    /** Target percentage of good events, 0 < x < 100, e.g. 99.9. */
    objective: number;
    /** Compliance window. */
    window: SloWindow;
    sli: Sli;
    /** Extra labels on every rule (e.g. `team`), routed on by Alertmanager. @default {} */
    labels?: Record<string, string>;
    /**
     * The team's own runbook, linked from every alert of this SLO instead of the platform's.
     * @default the platform's runbook of each alert: `<runbookBaseUrl>/SloErrorBudgetBurn.md` and
     * `<runbookBaseUrl>/SloTargetDown.md` (docs/runbooks)
     */
    runbookUrl?: string;
}

/**
 * The buckets the Prometheus client libraries (Go, Java, Python, Ruby, ...) give a histogram
 * unless told otherwise: the `buckets` of a latency SLI that lists none.
 */
export const PROMETHEUS_DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Rates the burn-rate alerts read, shortest first. */
export const SLO_ALERT_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

export interface BurnRateAlert {
    severity: "critical" | "warning";
    /** "page" wakes someone; "ticket" is handled in working hours. */
    action: "page" | "ticket";
    /** Share of the SLO window's error budget spent within `longWindow` that raises the alert. */
    budgetConsumed: number;
    longWindow: (typeof SLO_ALERT_WINDOWS)[number];
    shortWindow: (typeof SLO_ALERT_WINDOWS)[number];
}

/**
 * The alerts as budget spent per alert window. Table 5-8 of the SRE workbook ("Alerting on SLOs")
 * has three rows: 2% of the budget in 1 hour and 5% in 6 hours page, 10% in 3 days opens a
 * ticket. The 10%-in-1-day ticket is not in the workbook: it is the extra ticket row that Sloth,
 * Pyrra and the kubernetes-mixin add between the 6-hour page and the 3-day ticket. The short
 * window (1/12 of the long one) makes an alert stop soon after the burn stops.
 */
export const BURN_RATE_ALERTS: readonly BurnRateAlert[] = [
    { severity: "critical", action: "page", budgetConsumed: 0.02, longWindow: "1h", shortWindow: "5m" },
    { severity: "critical", action: "page", budgetConsumed: 0.05, longWindow: "6h", shortWindow: "30m" },
    { severity: "warning", action: "ticket", budgetConsumed: 0.1, longWindow: "1d", shortWindow: "2h" },
    { severity: "warning", action: "ticket", budgetConsumed: 0.1, longWindow: "3d", shortWindow: "6h" },
];

const HOURS: Record<string, number> = { m: 1 / 60, h: 1, d: 24, w: 168 };

/** Hours in a one-unit Prometheus duration such as `5m`, `6h`, `28d`. */
function durationHours(d: string): number {
    const m = /^(\d+)([mhdw])$/.exec(d);
    if (!m) {
        throw new Error(`${d} is not a one-unit duration`);
    }
    return Number(m[1]) * HOURS[m[2]];
}

/**
 * The burn rate at which an alert fires for an SLO window, as the workbook derives it: spending
 * `budgetConsumed` of the budget within `longWindow` means burning budgetConsumed × window /
 * longWindow times faster than the budget allows. 30 days (720 h): 14.4, 6, 3, 1; 28 days
 * (672 h): 13.44, 5.6, 2.8, 0.933….
 */
export function burnRate(alert: Pick<BurnRateAlert, "budgetConsumed" | "longWindow">, window: SloWindow): number {
    return Number(((alert.budgetConsumed * durationHours(window)) / durationHours(alert.longWindow)).toPrecision(12));
}

/** Labels the rules set themselves; `labels` may not override them. */
const RESERVED_LABELS = ["service", "slo", "severity", "burn_rate", "long_window", "short_window", "alertname", "le"];

/** How long the SLI's target must be missing before `SloTargetDown` fires: a rollout's overlap is shorter. */
export const TARGET_DOWN_FOR = "5m";

const PROM_DURATION = /^(?:\d+y)?(?:\d+w)?(?:\d+d)?(?:\d+h)?(?:\d+m)?(?:\d+s)?(?:\d+ms)?$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHER = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"\s*`;
const MATCHERS = new RegExp(`^${MATCHER}(?:,${MATCHER})*,?\\s*$`);
/** A vector selector: a metric name with optional matchers, or matchers alone. */
const SELECTOR = new RegExp(`^\\s*(?:[a-zA-Z_:][a-zA-Z0-9_:]*\\s*(?:\\{(?:${MATCHER}(?:,${MATCHER})*,?)?\\s*\\})?|\\{${MATCHER}(?:,${MATCHER})*,?\\s*\\})\\s*$`);

/** True for a Prometheus duration such as `5m`, `1h30m`, `30d`. */
export function isPromDuration(value: unknown): boolean {
    return typeof value === "string" && value !== "" && PROM_DURATION.test(value);
}

const SELECTOR_HINT = 'is not a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout",code!~"5.."}); it is rendered inside rate(...[<window>])';

/**
 * Records every problem of an SLO spec under `prefix` (e.g. `slos[0].`): the Microservice reuses
 * it for its list of SLOs.
 */
export function checkSloSpec(p: Problems, spec: SloSpec, prefix = ""): void {
    const at = (path: string) => `${prefix}${path}`;
    p.dnsLabel(at("service"), spec.service);
    p.dnsLabel(at("name"), spec.name);
    const o = spec.objective;
    if (typeof o !== "number" || !Number.isFinite(o) || o <= 0 || o >= 100) {
        p.add(at("objective"), o, o === 100 ? "is not in (0, 100); an SLO of 100% leaves no error budget" : "is not in (0, 100); give a percentage such as 99.9");
    }
    if (!isPromDuration(spec.window)) {
        p.add(at("window"), spec.window, `is not a Prometheus duration; use one of ${SLO_WINDOWS.map((w) => JSON.stringify(w)).join(", ")}`);
    } else {
        p.oneOf(at("window"), spec.window, SLO_WINDOWS);
    }
    const sli = spec.sli as Partial<RatioSli> & Partial<Omit<LatencySli, "type">> & { type?: string };
    if (sli?.type === "ratio") {
        for (const key of ["good", "total"] as const) {
            const value = sli[key];
            if (typeof value !== "string" || value.trim() === "") {
                p.add(at(`sli.${key}`), value, 'is empty; give a PromQL vector selector of a counter (e.g. http_requests_total{job="checkout"})');
            } else if (!SELECTOR.test(value)) {
                p.add(at(`sli.${key}`), value, SELECTOR_HINT);
            }
        }
        if (typeof sli.good === "string" && sli.good.trim() !== "" && sli.good.trim() === sli.total?.trim()) {
            p.add(at("sli.good"), sli.good, "is the same selector as sli.total; the SLI would always be 100%");
        }
    } else if (sli?.type === "latency") {
        if (typeof sli.histogram !== "string" || sli.histogram.trim() === "") {
            p.add(at("sli.histogram"), sli.histogram, "is empty; give the histogram's base name (e.g. http_request_duration_seconds)");
        } else if (!METRIC_NAME.test(sli.histogram) || /_(bucket|count|sum)$/.test(sli.histogram)) {
            p.add(at("sli.histogram"), sli.histogram, "is not a histogram base name (a metric name without _bucket, _count or _sum, e.g. http_request_duration_seconds)");
        }
        const t = sli.thresholdSeconds;
        const buckets = sli.buckets ?? PROMETHEUS_DEFAULT_BUCKETS;
        const bucketsValid = Array.isArray(buckets) && buckets.length > 0 && buckets.every((b, i) => typeof b === "number" && Number.isFinite(b) && b > 0 && (i === 0 || b > buckets[i - 1]));
        if (!bucketsValid) {
            p.add(at("sli.buckets"), sli.buckets, "is not a non-empty list of increasing bucket bounds in seconds > 0 (without +Inf), e.g. [0.1, 0.25, 0.5, 1]");
        }
        if (typeof t !== "number" || !Number.isFinite(t) || t <= 0) {
            p.add(at("sli.thresholdSeconds"), t, "is not a number of seconds > 0");
        } else if (bucketsValid && !buckets.includes(t)) {
            p.add(
                at("sli.thresholdSeconds"),
                t,
                sli.buckets === undefined
                    ? `is not one of the histogram's buckets ${buckets.join(", ")} (the client libraries' defaults; sli.buckets is unset); a threshold between buckets cannot be counted: choose one of them, or list the histogram's own buckets in sli.buckets`
                    : `is not one of the histogram's buckets ${buckets.join(", ")}; a threshold between buckets cannot be counted`,
            );
        }
        if (typeof sli.selector !== "string" || sli.selector.trim() === "") {
            p.add(at("sli.selector"), sli.selector, 'is empty; give label matchers that pick the service\'s series (e.g. job="checkout")');
        } else if (!MATCHERS.test(sli.selector)) {
            p.add(at("sli.selector"), sli.selector, 'is not a list of PromQL label matchers without braces (e.g. job="checkout",route!="/healthz")');
        }
    } else {
        p.add(at("sli.type"), sli?.type, 'is not one of "ratio", "latency"');
    }
    for (const [key, value] of Object.entries(spec.labels ?? {})) {
        if (!LABEL_NAME.test(key)) {
            p.add(at(`labels.${key}`), value, "has a name that is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
        } else if (RESERVED_LABELS.includes(key)) {
            p.add(at(`labels.${key}`), value, `is set by the SLO rules (${RESERVED_LABELS.join(", ")}); choose another label name`);
        }
    }
}

/** Throws one ValidationError listing every problem of the spec. */
export function validateSloSpec(spec: SloSpec): void {
    const p = new Problems();
    checkSloSpec(p, spec);
    p.throwIfAny("SloSpec");
}

/** A number for PromQL without floating-point noise (1 - 99.9/100 is 0.001, not 0.0010000000000000009). */
export function promNumber(x: number): string {
    return String(Number(x.toPrecision(12)));
}

/**
 * A bucket bound as Prometheus 3 stores the `le` label of a classic histogram: it normalizes the
 * value on ingestion to Go's shortest `%g` form with ".0" added to whole numbers (OpenMetrics
 * canonical floats: 1 → "1.0", 0.256 → "0.256", 0.00005 → "5e-05", 1000000 → "1e+06"). A matcher
 * written `le="1"` selects nothing there, and the SLI would read as 100% errors.
 */
export function promLeValue(x: number): string {
    if (x === 0) {
        return "0.0";
    }
    const [mantissa, exponent] = x.toExponential().split("e");
    const exp = Number(exponent);
    // Go's shortest %g switches to an exponent below 1e-4 and from 1e6 (JavaScript only at 1e-7 and 1e21).
    const text = exp < -4 || exp >= 6 ? `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}` : String(x);
    return /[.e]/.test(text) ? text : `${text}.0`;
}

/** The error budget as a ratio: 99.9 → 0.001. */
export function errorBudget(objective: number): number {
    return Number(((100 - objective) / 100).toPrecision(12));
}

/** Name of the recording rule holding the error ratio over a window. */
export function errorRatioRecord(window: string): string {
    return `slo:sli_error:ratio_rate${window}`;
}

export const OBJECTIVE_RECORD = "slo:objective:ratio";
export const ERROR_BUDGET_REMAINING_RECORD = "slo:error_budget_remaining:ratio";
export const ALERT_NAME = "SloErrorBudgetBurn";
export const TARGET_DOWN_ALERT_NAME = "SloTargetDown";

/** The good and total selectors of an SLI. */
function sliSelectors(sli: Sli): { good: string; total: string } {
    if (sli.type === "ratio") {
        return { good: sli.good.trim(), total: sli.total.trim() };
    }
    const matchers = sli.selector.trim().replace(/,\s*$/, "");
    return { good: `${sli.histogram}_bucket{${matchers},le="${promLeValue(sli.thresholdSeconds)}"}`, total: `${sli.histogram}_count{${matchers}}` };
}

/**
 * The error ratio over one window: 1 - good/total. When no good series exists at all (every pod
 * replaced by failing ones, a release failing from its first request), `sum(rate(good))` is empty
 * and so would be the ratio, silencing every alert during the worst outage: the good side falls
 * back to 0 × the total, which has the total's labels, so the fallback stays right for whatever
 * labels the sums keep. No traffic (total rate 0) gives NaN, which no threshold exceeds.
 */
export function errorRatioExpr(sli: Sli, window: string): string {
    const rate = (selector: string) => `sum(rate(${selector}[${window}]))`;
    const { good, total } = sliSelectors(sli);
    return `1 - ((${rate(good)} or 0 * ${rate(total)}) / ${rate(total)})`;
}

/**
 * What `SloTargetDown` watches: `up` of the SLI's job when its selector names one (`job="x"`):
 * no target of the job up means the service is down or scraped by nothing. Without a job, the
 * total series being absent.
 */
export function targetDownExpr(sli: Sli): string {
    const { total } = sliSelectors(sli);
    const job = /(?:^|[{,])\s*job\s*=\s*("(?:[^"\\]|\\.)*")/.exec(total)?.[1];
    return job !== undefined ? `absent(up{job=${job}} == 1)` : `absent(${total})`;
}

/** `{service="checkout",slo="availability"}`: how every alert and panel selects this SLO's series. */
export function sloSelector(spec: Pick<SloSpec, "service" | "name">): string {
    return `{service="${spec.service}",slo="${spec.name}"}`;
}

export interface RecordingRule {
    record: string;
    expr: string;
    labels: Record<string, string>;
}

export interface AlertingRule {
    alert: string;
    expr: string;
    for?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

export interface RuleGroup {
    name: string;
    interval?: string;
    rules: (RecordingRule | AlertingRule)[];
}

/** The `spec` of a PrometheusRule. */
export interface PrometheusRuleSpec {
    groups: RuleGroup[];
}

/**
 * The PrometheusRule spec of one SLO, pure: error-ratio recording rules for every alert window,
 * the SLO window, the objective and the remaining error budget, the four burn-rate alerts and the
 * target-down alert.
 */
export function renderSloRules(spec: SloSpec, runbookBaseUrl: string = DEFAULT_RUNBOOK_BASE_URL): PrometheusRuleSpec {
    validateSloSpec(spec);
    const labels = { ...(spec.labels ?? {}), service: spec.service, slo: spec.name };
    const budget = errorBudget(spec.objective);
    const id = `slo-${spec.service}-${spec.name}`;
    const sel = sloSelector(spec);

    const sli: RuleGroup = {
        name: `${id}-sli`,
        rules: SLO_ALERT_WINDOWS.map((w) => ({ record: errorRatioRecord(w), expr: errorRatioExpr(spec.sli, w), labels })),
    };
    // The window-long rate reads a month of samples: evaluating it every 5 minutes instead of at
    // every global interval keeps its cost off the query path; the budget moves slowly anyway.
    const budgetGroup: RuleGroup = {
        name: `${id}-budget`,
        interval: "5m",
        rules: [
            { record: errorRatioRecord(spec.window), expr: errorRatioExpr(spec.sli, spec.window), labels },
            { record: OBJECTIVE_RECORD, expr: `vector(${promNumber(spec.objective / 100)})`, labels },
            { record: ERROR_BUDGET_REMAINING_RECORD, expr: `1 - (${errorRatioRecord(spec.window)}${sel} / ${promNumber(budget)})`, labels },
        ],
    };
    // One runbook per alert name, not per service: the alerts are the same for every SLO.
    const runbook = (alert: string) => spec.runbookUrl ?? runbookUrl(runbookBaseUrl, alert);
    const alerts: RuleGroup = {
        name: `${id}-alerts`,
        rules: [
            ...BURN_RATE_ALERTS.map((a): AlertingRule => {
                const burn = burnRate(a, spec.window);
                const threshold = promNumber(burn * budget);
                return {
                    alert: ALERT_NAME,
                    // No `for`: the short window already ignores blips and lets the alert resolve quickly.
                    expr: `${errorRatioRecord(a.longWindow)}${sel} > ${threshold} and ${errorRatioRecord(a.shortWindow)}${sel} > ${threshold}`,
                    labels: { ...labels, severity: a.severity, burn_rate: promNumber(burn), long_window: a.longWindow, short_window: a.shortWindow },
                    annotations: {
                        summary: `${spec.service} ${spec.name} SLO: error budget burning ${promNumber(burn)}x over ${a.longWindow} and ${a.shortWindow} (${a.action})`,
                        description: `The error ratio of ${spec.service} ${spec.name} is above ${threshold} (${promNumber(burn)} times the ${promNumber(budget)} budget of a ${promNumber(spec.objective)}% objective over ${spec.window}: ${promNumber(a.budgetConsumed * 100)}% of the budget in ${a.longWindow}) over both the last ${a.longWindow} and ${a.shortWindow}.`,
                        runbook_url: runbook(ALERT_NAME),
                    },
                };
            }),
            {
                // A service nothing scrapes has no error ratio: without this, no SLO alert fires.
                alert: TARGET_DOWN_ALERT_NAME,
                expr: targetDownExpr(spec.sli),
                for: TARGET_DOWN_FOR,
                labels: { ...labels, severity: "critical" },
                annotations: {
                    summary: `${spec.service} ${spec.name} SLO: nothing to measure, the service's target is down or scraped by nothing`,
                    description: `${targetDownExpr(spec.sli)} has been true for ${TARGET_DOWN_FOR}: the ${spec.name} SLO of ${spec.service} cannot be measured and its burn-rate alerts cannot fire.`,
                    runbook_url: runbook(TARGET_DOWN_ALERT_NAME),
                },
            },
        ],
    };
    return { groups: [sli, budgetGroup, alerts] };
}

/** The Prometheus operator's default rule selector in kube-prometheus-stack matches this label. */
export const DEFAULT_PROMETHEUS_RELEASE = "kube-prometheus-stack";

export interface ServiceLevelObjectiveArgs {
    /** The SLO. */
    spec: SloSpec;
    /** Namespace of the PrometheusRule (the service's namespace). */
    namespace: pulumi.Input<string>;
    /** Value of the `release` label the Prometheus operator selects rules by. @default "kube-prometheus-stack" */
    release?: string;
    /** Create the Grafana dashboard ConfigMap. @default true */
    dashboard?: boolean;
    /** Namespace of the dashboard ConfigMap (where the Grafana sidecar looks). @default namespace */
    dashboardNamespace?: pulumi.Input<string>;
    /** Grafana folder the sidecar files the dashboard under (`grafana_folder` annotation). @default "SLOs" */
    dashboardFolder?: string;
    /** Extra labels on both objects. @default {} */
    labels?: Record<string, string>;
    /** Base URL of the platform's runbooks (docs/runbooks), unless the spec names its own. @default DEFAULT_RUNBOOK_BASE_URL */
    runbookBaseUrl?: string;
}

export const SERVICE_LEVEL_OBJECTIVE_DEFAULTS = {
    release: DEFAULT_PROMETHEUS_RELEASE,
    dashboard: true,
    dashboardFolder: "SLOs",
    runbookBaseUrl: DEFAULT_RUNBOOK_BASE_URL,
} as const;

/** Kubernetes object name of an SLO's PrometheusRule and dashboard ConfigMap. */
export function sloObjectName(spec: Pick<SloSpec, "service" | "name">): string {
    return `slo-${spec.service}-${spec.name}`;
}

/**
 * One SLO in the cluster: a `monitoring.coreos.com/v1` PrometheusRule with the recording rules and
 * burn-rate alerts, and a ConfigMap labelled `grafana_dashboard: "1"` holding the error-budget
 * dashboard for the Grafana sidecar.
 */
export class ServiceLevelObjective extends pulumi.ComponentResource {
    readonly ruleName: pulumi.Output<string>;
    readonly dashboardName: pulumi.Output<string> | undefined;

    constructor(name: string, args: ServiceLevelObjectiveArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:observability:ServiceLevelObjective", name, {}, opts);
        const d = SERVICE_LEVEL_OBJECTIVE_DEFAULTS;
        const release = args.release ?? d.release;
        const withDashboard = args.dashboard ?? d.dashboard;
        const runbookBaseUrl = args.runbookBaseUrl ?? d.runbookBaseUrl;
        const p = new Problems();
        checkSloSpec(p, args.spec, "spec.");
        if (!isRunbookBaseUrl(runbookBaseUrl)) {
            p.add("runbookBaseUrl", runbookBaseUrl, "is not an https:// URL without a query or fragment");
        }
        if (!/^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$/.test(release) || release.length > 63) {
            p.add("release", release, "is not a Kubernetes label value");
        }
        p.throwIfAny("ServiceLevelObjective");

        const spec = args.spec;
        const objectName = sloObjectName(spec);
        const labels = {
            ...(args.labels ?? {}),
            "app.kubernetes.io/name": spec.service,
            "app.kubernetes.io/component": "slo",
            "app.kubernetes.io/managed-by": "pulumi",
        };
        const rule = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: { name: objectName, namespace: args.namespace, labels: { ...labels, release } },
                spec: renderSloRules(spec, runbookBaseUrl),
            },
            { parent: this },
        );
        this.ruleName = rule.metadata.name;

        if (withDashboard) {
            const dashboard = new k8s.core.v1.ConfigMap(
                `${name}-dashboard`,
                {
                    metadata: {
                        name: `${objectName}-dashboard`,
                        namespace: args.dashboardNamespace ?? args.namespace,
                        labels: { ...labels, grafana_dashboard: "1" },
                        annotations: { grafana_folder: args.dashboardFolder ?? d.dashboardFolder },
                    },
                    data: { [`${objectName}.json`]: JSON.stringify(renderSloDashboard(spec), null, 2) },
                },
                { parent: this },
            );
            this.dashboardName = dashboard.metadata.name;
        }
        this.registerOutputs({ ruleName: this.ruleName, dashboardName: this.dashboardName });
    }
}
