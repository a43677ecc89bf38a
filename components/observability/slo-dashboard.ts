import { BURN_RATE_ALERTS, burnRate, ERROR_BUDGET_REMAINING_RECORD, errorBudget, errorRatioRecord, OBJECTIVE_RECORD, promNumber, sloObjectName, sloSelector, SloSpec } from "./slo";

/**
 * The error-budget dashboard of one SLO as a Grafana dashboard document, pure. It reads only the
 * recording rules of `renderSloRules`, so it costs no raw-series queries and shows exactly what
 * the alerts see.
 */

/** Grafana dashboard schema the document is written against (Grafana 10/11). */
export const GRAFANA_SCHEMA_VERSION = 39;

/** Grafana limits dashboard UIDs to 40 characters. */
const MAX_UID = 40;

export interface DashboardTarget {
    refId: string;
    datasource: { type: "prometheus"; uid: "${datasource}" };
    expr: string;
    legendFormat: string;
}

export interface DashboardPanel {
    id: number;
    type: "stat" | "gauge" | "timeseries";
    title: string;
    description: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource: { type: "prometheus"; uid: "${datasource}" };
    targets: DashboardTarget[];
    fieldConfig: {
        defaults: {
            unit: string;
            decimals?: number;
            min?: number;
            max?: number;
            thresholds: { mode: "absolute"; steps: { color: string; value: number | null }[] };
        };
        overrides: [];
    };
    options?: Record<string, unknown>;
}

export interface SloDashboard {
    uid: string;
    title: string;
    description: string;
    tags: string[];
    timezone: "utc";
    editable: false;
    schemaVersion: number;
    refresh: string;
    time: { from: string; to: "now" };
    templating: { list: { name: string; label: string; type: "datasource"; query: "prometheus"; current: Record<string, never>; hide: 0 }[] };
    panels: DashboardPanel[];
}

const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/** The dashboard's UID: the SLO's object name, shortened with a stable hash when too long. */
export function sloDashboardUid(spec: Pick<SloSpec, "service" | "name">): string {
    const full = sloObjectName(spec);
    if (full.length <= MAX_UID) {
        return full;
    }
    let h = 0;
    for (const c of full) {
        h = (h * 31 + c.charCodeAt(0)) >>> 0;
    }
    const suffix = h.toString(16).padStart(8, "0");
    return `${full.slice(0, MAX_UID - suffix.length - 1)}-${suffix}`;
}

export function renderSloDashboard(spec: SloSpec): SloDashboard {
    const sel = sloSelector(spec);
    const budget = errorBudget(spec.objective);
    const objective = promNumber(spec.objective / 100);
    const target = (refId: string, expr: string, legendFormat: string): DashboardTarget => ({ refId, datasource: DATASOURCE, expr, legendFormat });
    const steps = (...s: [string, number | null][]) => ({ mode: "absolute" as const, steps: s.map(([color, value]) => ({ color, value })) });
    // The alerts' burn rates for this SLO's window, e.g. "14.4 (1h) and 6 (6h)".
    const burns = (action: "page" | "ticket") =>
        BURN_RATE_ALERTS.filter((a) => a.action === action)
            .map((a) => `${promNumber(burnRate(a, spec.window))} (${a.longWindow})`)
            .join(" and ");
    let id = 0;
    const panel = (p: Omit<DashboardPanel, "id" | "datasource" | "fieldConfig"> & { defaults: DashboardPanel["fieldConfig"]["defaults"] }): DashboardPanel => {
        const { defaults, ...rest } = p;
        return { id: ++id, ...rest, datasource: DATASOURCE, fieldConfig: { defaults, overrides: [] } };
    };

    return {
        uid: sloDashboardUid(spec),
        title: `SLO: ${spec.service} ${spec.name}`,
        description: `${promNumber(spec.objective)}% ${spec.name} of ${spec.service} over ${spec.window}. Generated from the SLO spec; edit the spec, not this dashboard.`,
        tags: ["slo", spec.service],
        timezone: "utc",
        editable: false,
        schemaVersion: GRAFANA_SCHEMA_VERSION,
        refresh: "1m",
        time: { from: `now-${spec.window}`, to: "now" },
        templating: { list: [{ name: "datasource", label: "Prometheus", type: "datasource", query: "prometheus", current: {}, hide: 0 }] },
        panels: [
            panel({
                type: "stat",
                title: `SLI over ${spec.window}`,
                description: `Share of good events over the SLO window; the objective is ${promNumber(spec.objective)}%.`,
                gridPos: { x: 0, y: 0, w: 6, h: 6 },
                targets: [target("A", `1 - ${errorRatioRecord(spec.window)}${sel}`, "SLI")],
                defaults: { unit: "percentunit", decimals: 3, thresholds: steps(["red", null], ["green", Number(objective)]) },
            }),
            panel({
                type: "stat",
                title: "Objective",
                description: "The target the error budget is computed from.",
                gridPos: { x: 6, y: 0, w: 6, h: 6 },
                targets: [target("A", `${OBJECTIVE_RECORD}${sel}`, "objective")],
                defaults: { unit: "percentunit", decimals: 3, thresholds: steps(["blue", null]) },
            }),
            panel({
                type: "gauge",
                title: "Error budget remaining",
                description: `Share of the ${promNumber(budget)} error budget left over the last ${spec.window}; below 0 the SLO is missed.`,
                gridPos: { x: 12, y: 0, w: 12, h: 6 },
                targets: [target("A", `${ERROR_BUDGET_REMAINING_RECORD}${sel}`, "remaining")],
                defaults: { unit: "percentunit", decimals: 1, min: 0, max: 1, thresholds: steps(["red", null], ["orange", 0.25], ["green", 0.5]) },
            }),
            panel({
                type: "timeseries",
                title: "Burn rate",
                description: `Error ratio divided by the error budget: 1 spends the budget exactly over the window. Pages above ${burns("page")}; tickets above ${burns("ticket")}.`,
                gridPos: { x: 0, y: 6, w: 24, h: 8 },
                targets: (["1h", "6h", "1d", "3d"] as const).map((w, i) => target(String.fromCharCode(65 + i), `${errorRatioRecord(w)}${sel} / ${promNumber(budget)}`, w)),
                defaults: { unit: "none", decimals: 2, min: 0, thresholds: steps(["green", null], ["orange", 1], ["red", 6]) },
                options: { legend: { displayMode: "table", placement: "right", calcs: ["lastNotNull", "max"] } },
            }),
            panel({
                type: "timeseries",
                title: "SLI",
                description: "Share of good events over short windows, against the objective.",
                gridPos: { x: 0, y: 14, w: 12, h: 8 },
                targets: [target("A", `1 - ${errorRatioRecord("5m")}${sel}`, "5m"), target("B", `1 - ${errorRatioRecord("1h")}${sel}`, "1h"), target("C", `${OBJECTIVE_RECORD}${sel}`, "objective")],
                defaults: { unit: "percentunit", decimals: 3, thresholds: steps(["red", null], ["green", Number(objective)]) },
            }),
            panel({
                type: "timeseries",
                title: "Error budget remaining over time",
                description: `How the budget of the trailing ${spec.window} has moved.`,
                gridPos: { x: 12, y: 14, w: 12, h: 8 },
                targets: [target("A", `${ERROR_BUDGET_REMAINING_RECORD}${sel}`, "remaining")],
                defaults: { unit: "percentunit", decimals: 1, thresholds: steps(["red", null], ["orange", 0.25], ["green", 0.5]) },
            }),
        ],
    };
}
