import { AlertingRule, errorBudget, promLeValue, promNumber, renderSloRules, SloSpec } from "../../components/observability/slo";

/**
 * `promtool test rules` cases generated from an SLO spec. Each scenario is a timeline of good and
 * bad events (1-minute samples); the series are synthesized to match the spec's own selectors, and
 * the expected alerts come from an oracle that is independent of the rules under test: it
 * computes each window's error ratio with Prometheus' `rate()` extrapolation (for both range
 * conventions: Prometheus 2's closed and Prometheus 3's left-open ranges) and applies the SRE
 * workbook's thresholds, derived here from the budget fraction consumed per alert window.
 */

/** The workbook's alert windows and the budget fraction each may consume before it alerts. */
export const WORKBOOK_ROWS = [
    { longWindow: "1h", shortWindow: "5m", budgetConsumed: 0.02, severity: "critical" },
    { longWindow: "6h", shortWindow: "30m", budgetConsumed: 0.05, severity: "critical" },
    { longWindow: "1d", shortWindow: "2h", budgetConsumed: 0.1, severity: "warning" },
    { longWindow: "3d", shortWindow: "6h", budgetConsumed: 0.1, severity: "warning" },
] as const;

export const BURN_ALERT = "SloErrorBudgetBurn";
/**
 * Rules are evaluated every 10 minutes (samples stay 1 minute apart): ten times fewer evaluations
 * keep promtool fast, and the groups run in order (`group_eval_order`), so alerts read the
 * recording rules of the same evaluation.
 */
export const EVALUATION_MINUTES = 10;
export const TARGET_DOWN_ALERT = "SloTargetDown";

/** Minutes in a Prometheus duration made of one unit (5m, 1h, 3d, 28d). */
export function minutes(d: string): number {
    const m = /^(\d+)([mhd])$/.exec(d);
    if (!m) {
        throw new Error(`unsupported duration ${d}`);
    }
    return Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2] as "m" | "h" | "d"];
}

/** Burn factor of a workbook row for an SLO window: budget fraction × window / long window. */
export function burnFactor(row: (typeof WORKBOOK_ROWS)[number], window: string): number {
    return (row.budgetConsumed * minutes(window)) / minutes(row.longWindow);
}

// ---------------------------------------------------------------------------------------------
// Selectors → series labels

interface Matcher {
    label: string;
    op: "=" | "!=" | "=~" | "!~";
    value: string;
}

interface Selector {
    name?: string;
    matchers: Matcher[];
}

const MATCHER = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*")\s*,?/y;

function parseMatchers(text: string): Matcher[] {
    const out: Matcher[] = [];
    MATCHER.lastIndex = 0;
    const s = text.trim();
    while (MATCHER.lastIndex < s.length) {
        const m = MATCHER.exec(s);
        if (!m) {
            throw new Error(`cannot parse matchers ${text}`);
        }
        out.push({ label: m[1], op: m[2] as Matcher["op"], value: JSON.parse(m[3]) as string });
    }
    return out;
}

function parseSelector(text: string): Selector {
    const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{(.*)\})?\s*$/s.exec(text);
    if (!m) {
        throw new Error(`cannot parse selector ${text}`);
    }
    const matchers = parseMatchers(m[2] ?? "");
    const nameMatcher = matchers.find((x) => x.label === "__name__" && x.op === "=");
    return { name: m[1] ?? nameMatcher?.value, matchers: matchers.filter((x) => x.label !== "__name__") };
}

function matches(m: Matcher, value: string): boolean {
    switch (m.op) {
        case "=":
            return value === m.value;
        case "!=":
            return value !== m.value;
        case "=~":
            return new RegExp(`^(?:${m.value})$`).test(value);
        case "!~":
            return !new RegExp(`^(?:${m.value})$`).test(value);
    }
}

type Labels = Record<string, string>;

function selects(sel: Selector, name: string, labels: Labels): boolean {
    return (sel.name === undefined || sel.name === name) && sel.matchers.every((m) => matches(m, labels[m.label] ?? ""));
}

const POOL = ["200", "500", "NOERROR", "SERVFAIL", "GET", "POST", "x"];

/** Values worth trying for a label: the matchers' literals, regex alternatives made literal, a pool. */
function candidates(ms: Matcher[]): string[] {
    const out = [""];
    for (const m of ms) {
        if (m.op === "=" || m.op === "!=") {
            out.push(m.value);
        } else {
            for (const alt of m.value.split("|")) {
                out.push(alt.replace(/\\(.)/g, "$1"), alt.replace(/[\^$]/g, "").replace(/\.[*+?]?/g, "0"));
            }
        }
    }
    return [...new Set([...out, ...POOL])];
}

/** Labels satisfying `must` (and violating `mustNot` when given), "" meaning the label is absent. */
function synthesize(must: Matcher[], mustNot?: Matcher): Labels {
    const labels: Labels = {};
    const names = [...new Set([...must.map((m) => m.label), ...(mustNot ? [mustNot.label] : [])])];
    for (const label of names) {
        const on = must.filter((m) => m.label === label);
        const all = mustNot?.label === label ? [...on, mustNot] : on;
        const value = candidates(all).find((v) => on.every((m) => matches(m, v)) && (mustNot?.label !== label || !matches(mustNot, v)));
        if (value === undefined) {
            throw new Error(`cannot synthesize a value of label ${label} for ${JSON.stringify(all)}; extend the candidate pool`);
        }
        if (value !== "") {
            labels[label] = value;
        }
    }
    return labels;
}

function seriesName(name: string, labels: Labels): string {
    const body = Object.entries(labels)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(",");
    return `${name}{${body}}`;
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/** Events per minute and which series exist, from minute `from` (inclusive) until the next phase. */
export interface Phase {
    from: number;
    good: number;
    bad: number;
    /** Series counting good events exist (a histogram's buckets up to the threshold). @default true */
    goodSeries?: boolean;
    /** Series counting bad events (and, for latency, the buckets above the threshold and _count) exist. @default true */
    badSeries?: boolean;
    /** Value of `up` for the service's job, or absent. @default 1 */
    up?: 0 | 1 | "absent";
}

export interface Scenario {
    name: string;
    /** Last sample, in minutes. */
    length: number;
    phases: Phase[];
    /** When to check which alerts fire, in minutes. */
    checks: number[];
}

interface Series {
    name: string;
    labels: Labels;
    /** A sample per minute, undefined where the series is absent. */
    values: (number | undefined)[];
    role: "good" | "total" | "other";
}

function phaseAt(s: Scenario, minute: number): Required<Phase> {
    const p = [...s.phases].reverse().find((x) => x.from <= minute);
    if (!p) {
        throw new Error(`${s.name}: no phase at minute ${minute}`);
    }
    return { goodSeries: true, badSeries: true, up: 1, ...p };
}

/**
 * Cumulative counters of a scenario: events of minute m land in sample m. A series that appears
 * (a new pod) starts from 0.
 */
function counters(s: Scenario, pick: (p: Required<Phase>) => number, present: (p: Required<Phase>) => boolean): (number | undefined)[] {
    let total = 0;
    const out: (number | undefined)[] = [];
    for (let m = 0; m <= s.length; m++) {
        const p = phaseAt(s, m);
        if (!present(p)) {
            out.push(undefined);
            continue;
        }
        total = out[m - 1] === undefined ? 0 : total + pick(p);
        out.push(Number(total.toPrecision(12)));
    }
    return out;
}

/** The job whose `up` the target-down alert watches: an equality matcher on `job`, if any. */
export function jobOf(spec: SloSpec): string | undefined {
    const ms = spec.sli.type === "ratio" ? parseSelector(spec.sli.total).matchers : parseMatchers(spec.sli.selector);
    return ms.find((m) => m.label === "job" && m.op === "=")?.value;
}

function seriesOf(spec: SloSpec, s: Scenario): Series[] {
    const good = counters(s, (p) => p.good, (p) => p.goodSeries);
    const all = counters(s, (p) => p.good + p.bad, (p) => p.goodSeries || p.badSeries);
    const bad = counters(s, (p) => p.bad, (p) => p.badSeries);
    const out: Series[] = [];
    const sli = spec.sli;
    if (sli.type === "ratio") {
        const g = parseSelector(sli.good);
        const t = parseSelector(sli.total);
        if (!g.name || !t.name) {
            throw new Error(`${spec.service}/${spec.name}: selectors without a metric name are not supported by the generator`);
        }
        if (g.name === t.name) {
            const key = (m: Matcher) => `${m.label}${m.op}${m.value}`;
            const goodOnly = g.matchers.filter((m) => !t.matchers.some((x) => key(x) === key(m)));
            if (goodOnly.length === 0) {
                throw new Error(`${spec.service}/${spec.name}: good has no matcher that total lacks`);
            }
            const gl = synthesize([...g.matchers, ...t.matchers]);
            const bl = synthesize(t.matchers, goodOnly[0]);
            if (!selects(g, g.name, gl) || !selects(t, t.name, gl) || selects(g, g.name, bl) || !selects(t, t.name, bl) || seriesName(g.name, gl) === seriesName(g.name, bl)) {
                throw new Error(`${spec.service}/${spec.name}: synthesized series do not split good from bad: ${seriesName(g.name, gl)} / ${seriesName(g.name, bl)}`);
            }
            out.push({ name: g.name, labels: gl, values: good, role: "good" }, { name: g.name, labels: bl, values: bad, role: "other" });
        } else {
            out.push({ name: g.name, labels: synthesize(g.matchers), values: good, role: "good" }, { name: t.name, labels: synthesize(t.matchers), values: all, role: "total" });
        }
    } else {
        const labels = synthesize(parseMatchers(sli.selector));
        const buckets = [...(sli.buckets ?? DEFAULT_BUCKETS)].sort((a, b) => a - b);
        const zero = counters(s, () => 0, (p) => p.goodSeries);
        for (const b of buckets) {
            const values = b < sli.thresholdSeconds ? zero : b === sli.thresholdSeconds ? good : all;
            out.push({ name: `${sli.histogram}_bucket`, labels: { ...labels, le: promLeValue(b) }, values, role: b === sli.thresholdSeconds ? "good" : "other" });
        }
        out.push({ name: `${sli.histogram}_bucket`, labels: { ...labels, le: "+Inf" }, values: all, role: "other" });
        out.push({ name: `${sli.histogram}_count`, labels, values: all, role: "total" });
    }
    const job = jobOf(spec);
    if (job !== undefined) {
        const up: (number | undefined)[] = [];
        for (let m = 0; m <= s.length; m++) {
            const v = phaseAt(s, m).up;
            up.push(v === "absent" ? undefined : v);
        }
        out.push({ name: "up", labels: { job, instance: "10.0.0.1:8080" }, values: up, role: "other" });
    }
    return out;
}

/** The Prometheus client libraries' default histogram buckets. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** For ratio SLIs of one metric, the total is good + other series; the oracle sums them. */
function totalSeries(spec: SloSpec, series: Series[]): Series[] {
    if (spec.sli.type === "ratio" && series.some((x) => x.role === "total")) {
        return series.filter((x) => x.role === "total");
    }
    if (spec.sli.type === "ratio") {
        return series.filter((x) => x.name !== "up");
    }
    return series.filter((x) => x.role === "total");
}

// ---------------------------------------------------------------------------------------------
// Oracle

/** Prometheus' extrapolatedRate of a counter over (or, closed, including) [t - w, t], per second. */
function rate(values: (number | undefined)[], t: number, w: number, closed: boolean): number | undefined {
    const pts: [number, number][] = [];
    for (let m = Math.max(0, t - w); m <= t && m < values.length; m++) {
        const v = values[m];
        if (v !== undefined && (closed || m > t - w)) {
            pts.push([m * 60, v]);
        }
    }
    if (pts.length < 2) {
        return undefined;
    }
    const [t0, v0] = pts[0];
    const [t1, v1] = pts[pts.length - 1];
    const increase = v1 - v0;
    const start = (t - w) * 60;
    const end = t * 60;
    let toStart = t0 - start;
    const toEnd = end - t1;
    const sampled = t1 - t0;
    const avg = sampled / (pts.length - 1);
    if (increase > 0 && v0 >= 0) {
        toStart = Math.min(toStart, sampled * (v0 / increase));
    }
    let interval = sampled;
    interval += toStart < avg * 1.1 ? toStart : avg / 2;
    interval += toEnd < avg * 1.1 ? toEnd : avg / 2;
    return (increase * (interval / sampled)) / (w * 60);
}

/** The error ratio the rules should compute: (total - good) / total, good absent counting as 0. */
function errorRatio(spec: SloSpec, series: Series[], t: number, w: number, closed: boolean): number | undefined {
    const sum = (xs: Series[]) => {
        const rs = xs.map((x) => rate(x.values, t, w, closed)).filter((r): r is number => r !== undefined);
        return rs.length === 0 ? undefined : rs.reduce((a, b) => a + b, 0);
    };
    const total = sum(totalSeries(spec, series));
    if (total === undefined) {
        return undefined;
    }
    const good = sum(series.filter((x) => x.role === "good")) ?? 0;
    return (total - good) / total;
}

/** Whether `up == 1` for the job (or, without a job, any total series) has a sample in the 5-minute lookback. */
function targetSeen(spec: SloSpec, series: Series[], t: number): boolean {
    const watched = jobOf(spec) !== undefined ? series.filter((x) => x.name === "up") : totalSeries(spec, series);
    for (const x of watched) {
        for (let m = t; m >= Math.max(0, t - 5); m--) {
            const v = x.values[m];
            if (v !== undefined) {
                if (x.name !== "up" || v === 1) {
                    return true;
                }
                break;
            }
        }
    }
    return false;
}

export interface ExpectedAlert {
    exp_labels: Record<string, string>;
    exp_annotations: Record<string, string>;
}

/** Which workbook rows fire at minute t; throws when the answer depends on timing details. */
function firingRows(spec: SloSpec, series: Series[], scenario: Scenario, t: number): (typeof WORKBOOK_ROWS)[number][] {
    const budget = errorBudget(spec.objective);
    return WORKBOOK_ROWS.filter((row) => {
        const threshold = burnFactor(row, spec.window) * budget;
        const verdicts = new Set<boolean>();
        // Both range conventions: evaluations fall on sample timestamps.
        for (const closed of [true, false]) {
            const ratios = [row.longWindow, row.shortWindow].map((w) => errorRatio(spec, series, t, minutes(w), closed));
            for (const r of ratios) {
                if (r !== undefined && Number.isFinite(r) && Math.abs(r - threshold) < threshold * 0.01) {
                    throw new Error(`${spec.service}/${spec.name} "${scenario.name}" at ${t}m: the ${row.longWindow} row's error ratio ${r} is within 1% of its threshold ${threshold}; move the check`);
                }
            }
            verdicts.add(ratios.every((r) => r !== undefined && r > threshold));
        }
        if (verdicts.size > 1) {
            throw new Error(`${spec.service}/${spec.name} "${scenario.name}" at ${t}m: the ${row.longWindow} row fires or not depending on timing; move the check`);
        }
        return verdicts.has(true);
    });
}

/** Whether the target-down alert fires at t: the target unseen at every evaluation of the last 10 minutes. */
function targetDownFires(spec: SloSpec, series: Series[], t: number): boolean {
    const unseen = (at: number) => !targetSeen(spec, series, at);
    if (unseen(t) && !unseen(t - 10)) {
        throw new Error(`${spec.service}/${spec.name}: the target went away less than 10 minutes before ${t}m; move the check`);
    }
    for (let m = t - 10; m <= t; m++) {
        if (!unseen(m)) {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// promtool documents

export interface RuleTestFile {
    rule_files: string[];
    evaluation_interval: string;
    group_eval_order?: string[];
    tests: {
        name: string;
        interval: string;
        input_series: { series: string; values: string }[];
        alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpectedAlert[] }[];
    }[];
}

function valuesText(values: (number | undefined)[]): string {
    return values.map((v) => (v === undefined ? "_" : promNumber(v))).join(" ");
}

/** The scenarios every SLO is tested with. */
export function scenarios(spec: SloSpec): Scenario[] {
    const budget = errorBudget(spec.objective);
    // A steady burn from the first sample shows the same ratio in every window at once.
    const steady = (name: string, k: number): Scenario => ({
        name,
        length: 10,
        phases: [{ from: 0, good: 1000 * (1 - k * budget), bad: 1000 * k * budget }],
        checks: [10],
    });
    const burns = new Map<string, number>();
    for (const k of [15, 7, 2, 0.5]) {
        burns.set(`burns ${k}x the budget steadily`, k);
    }
    for (const row of WORKBOOK_ROWS) {
        const f = burnFactor(row, spec.window);
        const pct = promNumber(row.budgetConsumed * 100);
        burns.set(`burns 105% of ${pct}% of the ${spec.window} budget per ${row.longWindow} (${promNumber(1.05 * f)}x)`, 1.05 * f);
        burns.set(`burns 95% of ${pct}% of the ${spec.window} budget per ${row.longWindow} (${promNumber(0.95 * f)}x)`, 0.95 * f);
    }
    const out: Scenario[] = [...burns].filter(([, k]) => k * budget < 1).map(([name, k]) => steady(name, k));
    out.push(
        {
            name: "total outage, the good series still exported",
            length: 120,
            phases: [
                { from: 0, good: 1000, bad: 0 },
                { from: 61, good: 0, bad: 1000 },
            ],
            checks: [80, 120],
        },
        { name: "total outage, no good series at all (a release failing from its first request)", length: 120, phases: [{ from: 0, good: 0, bad: 1000, goodSeries: false }], checks: [20, 80, 120] },
        {
            name: "total outage, every pod replaced by failing pods (the good series stop)",
            length: 120,
            phases: [
                { from: 0, good: 1000, bad: 0, badSeries: false },
                { from: 61, good: 0, bad: 1000, goodSeries: false },
            ],
            checks: [80, 100, 120],
        },
        {
            name: "a 10-minute outage that stops",
            length: 240,
            phases: [
                { from: 0, good: 1000, bad: 0 },
                { from: 61, good: 0, bad: 1000 },
                { from: 71, good: 1000, bad: 0 },
            ],
            checks: [70, 90, 120, 200, 240],
        },
        { name: "no traffic", length: 120, phases: [{ from: 0, good: 0, bad: 0 }], checks: [120] },
        {
            name: "target down (up == 0, its series gone)",
            length: 120,
            phases: [
                { from: 0, good: 1000, bad: 0 },
                { from: 61, good: 0, bad: 0, goodSeries: false, badSeries: false, up: 0 },
            ],
            checks: [60, 80, 120],
        },
        {
            name: "scraped by nothing (no target, no series)",
            length: 120,
            phases: [
                { from: 0, good: 1000, bad: 0 },
                { from: 61, good: 0, bad: 0, goodSeries: false, badSeries: false, up: "absent" },
            ],
            checks: [60, 80, 120],
        },
    );
    return out;
}

/**
 * The rule file (the rendered PrometheusRule spec) and the promtool test file of one SLO.
 * Expected labels and annotations of the burn alerts are the rendered rule's own (matched by its
 * windows); which alerts fire comes from the oracle. `render` is the renderer under test (another
 * version of it to compare).
 */
export function sloRuleTest(spec: SloSpec, ruleFile: string, render: typeof renderSloRules = renderSloRules): { rules: ReturnType<typeof renderSloRules>; tests: RuleTestFile } {
    const rules = render(spec);
    const alertRules = rules.groups.flatMap((g) => g.rules).filter((r): r is AlertingRule & { for?: string } => "alert" in r);
    const sloLabels = { ...(spec.labels ?? {}), service: spec.service, slo: spec.name };
    const burnAlert = (row: (typeof WORKBOOK_ROWS)[number]): ExpectedAlert => {
        const rule = alertRules.find((r) => r.alert === BURN_ALERT && r.labels.long_window === row.longWindow && r.labels.short_window === row.shortWindow);
        if (!rule) {
            throw new Error(`${spec.service}/${spec.name}: no ${BURN_ALERT} rule over ${row.longWindow} and ${row.shortWindow}`);
        }
        return { exp_labels: { ...rule.labels, alertname: BURN_ALERT }, exp_annotations: rule.annotations };
    };
    const downRule = alertRules.find((r) => r.alert === TARGET_DOWN_ALERT);
    const down: ExpectedAlert = {
        exp_labels: { ...(downRule?.labels ?? { ...sloLabels, severity: "critical" }), alertname: TARGET_DOWN_ALERT },
        exp_annotations: downRule?.annotations ?? {},
    };
    const tests = scenarios(spec).map((s) => {
        if (s.checks.some((t) => t % EVALUATION_MINUTES !== 0)) {
            throw new Error(`${s.name}: checks must fall on evaluations (every ${EVALUATION_MINUTES}m)`);
        }
        const series = seriesOf(spec, s);
        return {
            name: `${spec.service}/${spec.name} (${spec.objective}% over ${spec.window}): ${s.name}`,
            interval: "1m",
            input_series: series.map((x) => ({ series: seriesName(x.name, x.labels), values: valuesText(x.values) })),
            alert_rule_test: s.checks.flatMap((t) => [
                { eval_time: `${t}m`, alertname: BURN_ALERT, exp_alerts: firingRows(spec, series, s, t).map(burnAlert) },
                { eval_time: `${t}m`, alertname: TARGET_DOWN_ALERT, exp_alerts: targetDownFires(spec, series, t) ? [down] : [] },
            ]),
        };
    });
    return {
        rules,
        tests: { rule_files: [ruleFile], evaluation_interval: `${EVALUATION_MINUTES}m`, group_eval_order: rules.groups.map((g) => g.name), tests },
    };
}
