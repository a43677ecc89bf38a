import { ALERT_NAME, ERROR_BUDGET_REMAINING_RECORD, OBJECTIVE_RECORD } from "./slo";

/**
 * The platform's Grafana dashboards as documents, pure. Each becomes a ConfigMap labelled
 * `grafana_dashboard: "1"` that the Grafana sidecar loads; nobody edits them in the UI
 * (`editable: false`): change the function, review the diff.
 */

export const PLATFORM_DASHBOARD_SCHEMA_VERSION = 39;
export const PLATFORM_DASHBOARD_FOLDER = "Platform";

export interface PanelTarget {
    refId: string;
    datasource: { type: "prometheus"; uid: "${datasource}" };
    expr: string;
    legendFormat: string;
    format?: "table";
    instant?: true;
}

export interface Panel {
    id: number;
    type: "stat" | "gauge" | "timeseries" | "table";
    title: string;
    description: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource: { type: "prometheus"; uid: "${datasource}" };
    targets: PanelTarget[];
    fieldConfig: { defaults: { unit: string; min?: number; max?: number; decimals?: number }; overrides: [] };
}

export interface TemplateVariable {
    name: string;
    label: string;
    type: "datasource" | "query";
    query: string | { query: string; refId: string };
    datasource?: { type: "prometheus"; uid: "${datasource}" };
    current: Record<string, never>;
    refresh?: 2;
    includeAll?: boolean;
    multi?: boolean;
    hide: 0;
}

export interface Dashboard {
    uid: string;
    title: string;
    description: string;
    tags: string[];
    timezone: "utc";
    editable: false;
    schemaVersion: number;
    refresh: string;
    time: { from: string; to: "now" };
    templating: { list: TemplateVariable[] };
    panels: Panel[];
}

const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;
const DATASOURCE_VARIABLE: TemplateVariable = { name: "datasource", label: "Prometheus", type: "datasource", query: "prometheus", current: {}, hide: 0 };

function queryVariable(name: string, label: string, query: string, multi = false): TemplateVariable {
    return { name, label, type: "query", query: { query, refId: `${name}-query` }, datasource: DATASOURCE, current: {}, refresh: 2, includeAll: multi, multi, hide: 0 };
}

/** One panel spec before layout: ids and positions are assigned in order, two per row. */
interface PanelSpec {
    type: Panel["type"];
    title: string;
    description: string;
    unit: string;
    queries: [string, string][];
    min?: number;
    max?: number;
    width?: number;
    table?: boolean;
}

function layout(specs: PanelSpec[]): Panel[] {
    let x = 0;
    let y = 0;
    return specs.map((s, i) => {
        const w = s.width ?? 12;
        const h = s.type === "stat" || s.type === "gauge" ? 5 : 8;
        if (x + w > 24) {
            x = 0;
            y += 8;
        }
        const panel: Panel = {
            id: i + 1,
            type: s.type,
            title: s.title,
            description: s.description,
            gridPos: { x, y, w, h },
            datasource: DATASOURCE,
            targets: s.queries.map(([expr, legendFormat], j) => ({
                refId: String.fromCharCode(65 + j),
                datasource: DATASOURCE,
                expr,
                legendFormat,
                ...(s.table ? { format: "table" as const, instant: true as const } : {}),
            })),
            fieldConfig: { defaults: { unit: s.unit, ...(s.min !== undefined ? { min: s.min } : {}), ...(s.max !== undefined ? { max: s.max } : {}) }, overrides: [] },
        };
        x += w;
        return panel;
    });
}

function dashboard(uid: string, title: string, description: string, tags: string[], variables: TemplateVariable[], specs: PanelSpec[]): Dashboard {
    return {
        uid,
        title,
        description,
        tags: ["platform", ...tags],
        timezone: "utc",
        editable: false,
        schemaVersion: PLATFORM_DASHBOARD_SCHEMA_VERSION,
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        templating: { list: [DATASOURCE_VARIABLE, ...variables] },
        panels: layout(specs),
    };
}

/** Capacity and health of the whole cluster (kube-state-metrics, cAdvisor, API server). */
export function clusterOverviewDashboard(clusterName: string): Dashboard {
    return dashboard("platform-cluster-overview", `Cluster overview: ${clusterName}`, "Nodes, pods, requested capacity and API server health of the cluster.", ["cluster"], [], [
        { type: "stat", title: "Ready nodes", description: "Nodes whose Ready condition is true.", unit: "none", width: 6, queries: [['sum(kube_node_status_condition{condition="Ready",status="true"})', "ready"]] },
        { type: "stat", title: "Pods not running", description: "Pods Pending, Failed or Unknown.", unit: "none", width: 6, queries: [['sum(kube_pod_status_phase{phase=~"Pending|Failed|Unknown"})', "not running"]] },
        {
            type: "gauge",
            title: "CPU requested",
            description: "CPU requests of all pods over allocatable CPU: above 90% new pods wait for nodes.",
            unit: "percentunit",
            min: 0,
            max: 1,
            width: 6,
            queries: [['sum(kube_pod_container_resource_requests{resource="cpu"}) / sum(kube_node_status_allocatable{resource="cpu"})', "requested"]],
        },
        {
            type: "gauge",
            title: "Memory requested",
            description: "Memory requests of all pods over allocatable memory.",
            unit: "percentunit",
            min: 0,
            max: 1,
            width: 6,
            queries: [['sum(kube_pod_container_resource_requests{resource="memory"}) / sum(kube_node_status_allocatable{resource="memory"})', "requested"]],
        },
        {
            type: "timeseries",
            title: "API server error ratio",
            description: "Share of API server requests answered with 5xx.",
            unit: "percentunit",
            queries: [['sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) / sum(rate(apiserver_request_total{job="apiserver"}[5m]))', "5xx"]],
        },
        {
            type: "timeseries",
            title: "Container restarts",
            description: "Container restarts per namespace over the last hour.",
            unit: "none",
            queries: [["sum by (namespace) (increase(kube_pod_container_status_restarts_total[1h]))", "{{namespace}}"]],
        },
        {
            type: "timeseries",
            title: "CPU used by namespace",
            description: "CPU cores used by the containers of each namespace.",
            unit: "none",
            queries: [['sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))', "{{namespace}}"]],
        },
        {
            type: "timeseries",
            title: "Memory used by namespace",
            description: "Working set of the containers of each namespace.",
            unit: "bytes",
            queries: [['sum by (namespace) (container_memory_working_set_bytes{container!=""})', "{{namespace}}"]],
        },
    ]);
}

/** One node or all of them (node-exporter). */
export function nodeDashboard(): Dashboard {
    const sel = 'instance=~"$instance"';
    return dashboard("platform-nodes", "Nodes", "CPU, memory, disk and network of the nodes (node-exporter).", ["nodes"], [queryVariable("instance", "Node", "label_values(node_uname_info, instance)", true)], [
        { type: "timeseries", title: "CPU busy", description: "Share of CPU time not idle.", unit: "percentunit", min: 0, max: 1, queries: [[`1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle",${sel}}[5m]))`, "{{instance}}"]] },
        {
            type: "timeseries",
            title: "Memory used",
            description: "Share of memory not available to new processes.",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [[`1 - node_memory_MemAvailable_bytes{${sel}} / node_memory_MemTotal_bytes{${sel}}`, "{{instance}}"]],
        },
        {
            type: "timeseries",
            title: "Disk used",
            description: "Share of each real filesystem used.",
            unit: "percentunit",
            min: 0,
            max: 1,
            queries: [[`1 - node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs",${sel}} / node_filesystem_size_bytes{fstype!~"tmpfs|overlay|squashfs",${sel}}`, "{{instance}} {{mountpoint}}"]],
        },
        {
            type: "timeseries",
            title: "Network",
            description: "Bytes received and sent per second, without virtual interfaces.",
            unit: "Bps",
            queries: [
                [`sum by (instance) (rate(node_network_receive_bytes_total{device!~"lo|veth.*|eni.*",${sel}}[5m]))`, "{{instance}} in"],
                [`sum by (instance) (rate(node_network_transmit_bytes_total{device!~"lo|veth.*|eni.*",${sel}}[5m]))`, "{{instance}} out"],
            ],
        },
        {
            type: "timeseries",
            title: "Load per CPU",
            // Both sides aggregated to `instance`: node_load1 also carries job, pod, namespace…, which
            // a one-to-one division by `count by (instance)` would match on and find nothing.
            description: "1-minute load average over the number of CPUs.",
            unit: "none",
            queries: [[`max by (instance) (node_load1{${sel}}) / count by (instance) (node_cpu_seconds_total{mode="idle",${sel}})`, "{{instance}}"]],
        },
    ]);
}

/** One team's namespace: usage against its quota, pods and restarts. */
export function namespaceDashboard(): Dashboard {
    const ns = 'namespace="$namespace"';
    return dashboard("platform-namespace", "Namespace", "A team's namespace: resource use against its quota, pods and restarts.", ["namespace", "team"], [queryVariable("namespace", "Namespace", "label_values(kube_namespace_labels, namespace)")], [
        {
            type: "table",
            title: "Quota used",
            description: "Each ResourceQuota item's use over its hard limit.",
            unit: "percentunit",
            table: true,
            queries: [[`kube_resourcequota{${ns},type="used"} / ignoring(type) kube_resourcequota{${ns},type="hard"} > 0`, "{{resource}}"]],
        },
        { type: "timeseries", title: "Pods by phase", description: "Pods of the namespace in each phase.", unit: "none", queries: [[`sum by (phase) (kube_pod_status_phase{${ns}})`, "{{phase}}"]] },
        { type: "timeseries", title: "CPU by pod", description: "CPU cores used by each pod.", unit: "none", queries: [[`sum by (pod) (rate(container_cpu_usage_seconds_total{${ns},container!=""}[5m]))`, "{{pod}}"]] },
        { type: "timeseries", title: "Memory by pod", description: "Working set of each pod.", unit: "bytes", queries: [[`sum by (pod) (container_memory_working_set_bytes{${ns},container!=""})`, "{{pod}}"]] },
        {
            type: "timeseries",
            title: "Restarts",
            description: "Container restarts over the last hour, per pod.",
            unit: "none",
            queries: [[`sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[1h]))`, "{{pod}}"]],
        },
        {
            type: "timeseries",
            title: "CPU throttling",
            description: "Share of CPU periods in which containers were throttled by their limit.",
            unit: "percentunit",
            queries: [[`sum by (pod) (rate(container_cpu_cfs_throttled_periods_total{${ns}}[5m])) / sum by (pod) (rate(container_cpu_cfs_periods_total{${ns}}[5m]))`, "{{pod}}"]],
        },
    ]);
}

/**
 * Every SLO of the cluster on one page: remaining error budget and burn alerts firing. It reads the
 * recording rules `renderSloRules` writes (one dashboard per SLO comes with `ServiceLevelObjective`).
 */
export function sloOverviewDashboard(): Dashboard {
    return dashboard("platform-slo-overview", "SLOs and error budgets", "Remaining error budget of every SLO in the cluster, and the burn-rate alerts firing now.", ["slo"], [], [
        {
            type: "table",
            title: "Error budget remaining",
            description: "Share of each SLO's error budget left over its window; below 0 the SLO is missed.",
            unit: "percentunit",
            width: 24,
            table: true,
            queries: [
                [`${ERROR_BUDGET_REMAINING_RECORD}`, "{{service}} {{slo}}"],
                [`${OBJECTIVE_RECORD}`, "{{service}} {{slo}} objective"],
            ],
        },
        {
            type: "timeseries",
            title: "Error budget remaining over time",
            description: "How each budget has moved.",
            unit: "percentunit",
            queries: [[`${ERROR_BUDGET_REMAINING_RECORD}`, "{{service}} {{slo}}"]],
        },
        {
            type: "table",
            title: "Burn-rate alerts firing",
            description: "SLO alerts firing now, with their severity and windows.",
            unit: "none",
            table: true,
            queries: [[`ALERTS{alertname="${ALERT_NAME}",alertstate="firing"}`, "{{service}} {{slo}} {{severity}}"]],
        },
    ]);
}

/**
 * SLO attainment over each SLO's window, from the recording rules `renderSloRules` writes: the
 * window's error ratio is (1 - budget remaining) x (1 - objective), so attainment is one minus
 * that. Both records carry the same `service` and `slo` labels.
 */
export function sloAttainmentExpr(selector: string): string {
    return `1 - (1 - ${ERROR_BUDGET_REMAINING_RECORD}{${selector}}) * on (service, slo) group_left () (1 - ${OBJECTIVE_RECORD}{${selector}})`;
}

/** Deployments' ReplicaSets created within `window` (seconds): one per rollout of a new pod template. */
function rolloutsExpr(seconds: number): string {
    return `count by (namespace) ((time() - kube_replicaset_created) < ${seconds} and on (namespace, replicaset) kube_replicaset_owner{owner_kind="Deployment"})`;
}

/** A Deployment whose rollout exceeded its progress deadline (kube-state-metrics' Progressing=false). */
const STUCK_ROLLOUT = 'kube_deployment_status_condition{condition="Progressing",status="false"}';

/**
 * The platform's KPIs on one page: SLO attainment and error budget remaining of the platform's own
 * SLOs (`team="platform"`, components/observability/platform-slos.ts) and of the teams' services,
 * and deployment rollouts and failed rollouts from kube-state-metrics, a first step toward the DORA
 * metrics (deployment frequency, change failure rate).
 */
export function platformKpisDashboard(): Dashboard {
    const platform = 'team="platform"';
    const services = 'team!="platform"';
    return dashboard(
        "platform-kpis",
        "Platform KPIs",
        "SLO attainment and error budgets of the platform and of the services; deployment rollouts and failed rollouts (toward DORA metrics).",
        ["kpi", "slo", "dora"],
        [],
        [
            {
                type: "stat",
                title: "SLOs meeting their objective",
                description: "Share of all SLOs in the cluster with error budget left over their window.",
                unit: "percentunit",
                min: 0,
                max: 1,
                width: 8,
                queries: [[`count(${ERROR_BUDGET_REMAINING_RECORD} >= 0) / count(${ERROR_BUDGET_REMAINING_RECORD})`, "meeting"]],
            },
            {
                type: "stat",
                title: "Rollouts, last 24 h",
                description: "New ReplicaSets of Deployments created in the last day: one per rollout of a new pod template (deployment frequency). Scaling does not count.",
                unit: "none",
                width: 8,
                queries: [[`sum(${rolloutsExpr(86400)})`, "rollouts"]],
            },
            {
                type: "stat",
                title: "Rollouts failing now",
                description: "Deployments whose rollout exceeded its progress deadline (Progressing=false, ProgressDeadlineExceeded).",
                unit: "none",
                width: 8,
                queries: [[`sum(${STUCK_ROLLOUT}) or vector(0)`, "failing"]],
            },
            {
                type: "table",
                title: "SLO attainment: platform",
                description: "Each platform SLO's attainment over its window (API server, CoreDNS, ingress), next to its objective.",
                unit: "percentunit",
                table: true,
                queries: [
                    [sloAttainmentExpr(platform), "{{service}} {{slo}}"],
                    [`${OBJECTIVE_RECORD}{${platform}}`, "{{service}} {{slo}} objective"],
                ],
            },
            {
                type: "table",
                title: "Error budget remaining: platform",
                description: "Share of each platform SLO's error budget left over its window; below 0 the SLO is missed.",
                unit: "percentunit",
                table: true,
                queries: [[`${ERROR_BUDGET_REMAINING_RECORD}{${platform}}`, "{{service}} {{slo}}"]],
            },
            {
                type: "table",
                title: "SLO attainment: services",
                description: "Each team service SLO's attainment over its window, next to its objective.",
                unit: "percentunit",
                table: true,
                queries: [
                    [sloAttainmentExpr(services), "{{service}} {{slo}}"],
                    [`${OBJECTIVE_RECORD}{${services}}`, "{{service}} {{slo}} objective"],
                ],
            },
            {
                type: "table",
                title: "Error budget remaining: services",
                description: "Share of each service SLO's error budget left over its window; below 0 the SLO is missed.",
                unit: "percentunit",
                table: true,
                queries: [[`${ERROR_BUDGET_REMAINING_RECORD}{${services}}`, "{{service}} {{slo}}"]],
            },
            {
                type: "timeseries",
                title: "Rollouts per namespace (24 h)",
                description: "Rollouts of each namespace over the last day, as it moves.",
                unit: "none",
                queries: [[rolloutsExpr(86400), "{{namespace}}"]],
            },
            {
                type: "timeseries",
                title: "Deployment generations observed",
                description: "Spec changes the Deployment controller observed per namespace over the last hour: rollouts, and scaling (an HPA's changes count too).",
                unit: "none",
                queries: [["sum by (namespace) (changes(kube_deployment_status_observed_generation[1h]))", "{{namespace}}"]],
            },
            {
                type: "table",
                title: "Failed rollouts",
                description: "Deployments whose rollout is stuck past its progress deadline now; roll back or fix forward.",
                unit: "none",
                table: true,
                queries: [[`${STUCK_ROLLOUT} == 1`, "{{namespace}}/{{deployment}}"]],
            },
            {
                type: "stat",
                title: "Change failure rate, 7 days (rough)",
                description: "Deployments that had a failed rollout in the last 7 days over the rollouts of those 7 days; a first approximation of DORA's change failure rate.",
                unit: "percentunit",
                width: 12,
                queries: [[`(sum(max_over_time(${STUCK_ROLLOUT}[7d])) or vector(0)) / clamp_min(sum(${rolloutsExpr(604800)}), 1)`, "change failure rate"]],
            },
        ],
    );
}

/** The platform dashboards by ConfigMap object name. */
export function platformDashboards(clusterName: string): [string, Dashboard][] {
    return [
        ["platform-cluster-overview", clusterOverviewDashboard(clusterName)],
        ["platform-nodes", nodeDashboard()],
        ["platform-namespace", namespaceDashboard()],
        ["platform-slo-overview", sloOverviewDashboard()],
        ["platform-kpis", platformKpisDashboard()],
    ];
}
