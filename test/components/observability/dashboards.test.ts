import { expect } from "chai";
import { clusterOverviewDashboard, Dashboard, namespaceDashboard, nodeDashboard, platformDashboards, platformKpisDashboard, sloOverviewDashboard } from "../../../components/observability";

const queries = (d: Dashboard) => d.panels.map((p) => [p.title, p.type, ...p.targets.map((t) => t.expr)]);

describe("platform dashboards", () => {
    it("are read-only, UTC, on the datasource variable, with unique ids laid out on a 24-column grid", () => {
        for (const [name, d] of platformDashboards("dev")) {
            expect(d.uid, name).to.equal(name);
            expect(d, name).to.include({ editable: false, timezone: "utc", schemaVersion: 39, refresh: "1m" });
            expect(d.tags[0], name).to.equal("platform");
            expect(d.templating.list[0], name).to.deep.equal({ name: "datasource", label: "Prometheus", type: "datasource", query: "prometheus", current: {}, hide: 0 });
            expect(new Set(d.panels.map((p) => p.id)).size, name).to.equal(d.panels.length);
            for (const p of d.panels) {
                expect(p.gridPos.x + p.gridPos.w, `${name}: ${p.title}`).to.be.at.most(24);
                expect(p.datasource, `${name}: ${p.title}`).to.deep.equal({ type: "prometheus", uid: "${datasource}" });
                expect(p.targets.map((t) => t.refId)).to.deep.equal(p.targets.map((_, i) => String.fromCharCode(65 + i)));
            }
        }
        expect(platformDashboards("dev").map(([n]) => n)).to.deep.equal(["platform-cluster-overview", "platform-nodes", "platform-namespace", "platform-slo-overview", "platform-kpis"]);
    });

    it("shows the platform KPIs: SLO attainment and budgets of the platform and the services, rollouts and failed rollouts", () => {
        const d = platformKpisDashboard();
        expect(d.uid).to.equal("platform-kpis");
        expect(d.tags).to.deep.equal(["platform", "kpi", "slo", "dora"]);
        const expr = (title: string) => d.panels.find((p) => p.title === title)!.targets.map((t) => t.expr);
        expect(d.panels.map((p) => p.title)).to.deep.equal([
            "SLOs meeting their objective",
            "Rollouts, last 24 h",
            "Rollouts failing now",
            "SLO attainment: platform",
            "Error budget remaining: platform",
            "SLO attainment: services",
            "Error budget remaining: services",
            "Rollouts per namespace (24 h)",
            "Deployment generations observed",
            "Failed rollouts",
            "Change failure rate, 7 days (rough)",
        ]);
        expect(expr("SLO attainment: platform")).to.deep.equal([
            '1 - (1 - slo:error_budget_remaining:ratio{team="platform"}) * on (service, slo) group_left () (1 - slo:objective:ratio{team="platform"})',
            'slo:objective:ratio{team="platform"}',
        ]);
        expect(expr("Error budget remaining: services")).to.deep.equal(['slo:error_budget_remaining:ratio{team!="platform"}']);
        expect(expr("Failed rollouts")).to.deep.equal(['kube_deployment_status_condition{condition="Progressing",status="false"} == 1']);
        expect(expr("Deployment generations observed")).to.deep.equal(["sum by (namespace) (changes(kube_deployment_status_observed_generation[1h]))"]);
        expect(expr("Rollouts, last 24 h")).to.deep.equal(['sum(count by (namespace) ((time() - kube_replicaset_created) < 86400 and on (namespace, replicaset) kube_replicaset_owner{owner_kind="Deployment"}))']);
    });

    it("renders the cluster overview from kube-state-metrics, cAdvisor and the API server", () => {
        const d = clusterOverviewDashboard("dev");
        expect(d.title).to.equal("Cluster overview: dev");
        expect(queries(d)).to.deep.equal([
            ["Ready nodes", "stat", 'sum(kube_node_status_condition{condition="Ready",status="true"})'],
            ["Pods not running", "stat", 'sum(kube_pod_status_phase{phase=~"Pending|Failed|Unknown"})'],
            ["CPU requested", "gauge", 'sum(kube_pod_container_resource_requests{resource="cpu"}) / sum(kube_node_status_allocatable{resource="cpu"})'],
            ["Memory requested", "gauge", 'sum(kube_pod_container_resource_requests{resource="memory"}) / sum(kube_node_status_allocatable{resource="memory"})'],
            ["API server error ratio", "timeseries", 'sum(rate(apiserver_request_total{job="apiserver",code=~"5.."}[5m])) / sum(rate(apiserver_request_total{job="apiserver"}[5m]))'],
            ["Container restarts", "timeseries", "sum by (namespace) (increase(kube_pod_container_status_restarts_total[1h]))"],
            ["CPU used by namespace", "timeseries", 'sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[5m]))'],
            ["Memory used by namespace", "timeseries", 'sum by (namespace) (container_memory_working_set_bytes{container!=""})'],
        ]);
        expect(d.panels.map((p) => p.gridPos)).to.deep.equal([
            { x: 0, y: 0, w: 6, h: 5 },
            { x: 6, y: 0, w: 6, h: 5 },
            { x: 12, y: 0, w: 6, h: 5 },
            { x: 18, y: 0, w: 6, h: 5 },
            { x: 0, y: 8, w: 12, h: 8 },
            { x: 12, y: 8, w: 12, h: 8 },
            { x: 0, y: 16, w: 12, h: 8 },
            { x: 12, y: 16, w: 12, h: 8 },
        ]);
        expect(d.panels[2].fieldConfig).to.deep.equal({ defaults: { unit: "percentunit", min: 0, max: 1 }, overrides: [] });
    });

    it("renders the node dashboard from node-exporter, filtered by the instance variable", () => {
        const d = nodeDashboard();
        expect(d.templating.list[1]).to.deep.equal({
            name: "instance",
            label: "Node",
            type: "query",
            query: { query: "label_values(node_uname_info, instance)", refId: "instance-query" },
            datasource: { type: "prometheus", uid: "${datasource}" },
            current: {},
            refresh: 2,
            includeAll: true,
            multi: true,
            hide: 0,
        });
        expect(queries(d).map(([title]) => title)).to.deep.equal(["CPU busy", "Memory used", "Disk used", "Network", "Load per CPU"]);
        expect(d.panels[0].targets[0].expr).to.equal('1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle",instance=~"$instance"}[5m]))');
        expect(d.panels[3].targets.map((t) => t.legendFormat)).to.deep.equal(["{{instance}} in", "{{instance}} out"]);
        for (const t of d.panels.flatMap((p) => p.targets)) {
            expect(t.expr).to.include('instance=~"$instance"');
        }
    });

    it("renders the namespace dashboard against the namespace's quota", () => {
        const d = namespaceDashboard();
        expect(d.templating.list[1]).to.deep.include({ name: "namespace", query: { query: "label_values(kube_namespace_labels, namespace)", refId: "namespace-query" }, multi: false });
        expect(queries(d)[0]).to.deep.equal([
            "Quota used",
            "table",
            'kube_resourcequota{namespace="$namespace",type="used"} / ignoring(type) kube_resourcequota{namespace="$namespace",type="hard"} > 0',
        ]);
        expect(d.panels[0].targets[0]).to.include({ format: "table", instant: true });
        for (const t of d.panels.flatMap((p) => p.targets)) {
            expect(t.expr).to.include('namespace="$namespace"');
        }
    });

    it("renders the SLO overview from the SLO recording rules and burn alerts", () => {
        expect(queries(sloOverviewDashboard())).to.deep.equal([
            ["Error budget remaining", "table", "slo:error_budget_remaining:ratio", "slo:objective:ratio"],
            ["Error budget remaining over time", "timeseries", "slo:error_budget_remaining:ratio"],
            ["Burn-rate alerts firing", "table", 'ALERTS{alertname="SloErrorBudgetBurn",alertstate="firing"}'],
        ]);
    });
});
