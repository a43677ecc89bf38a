import { expect } from "chai";
import { RuleGroup } from "../../components/observability/slo";
import { Plan } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";
import { listStacks } from "../../tools/plan/stack-file";
import { checkExpressions, checkRules, promtool } from "../observability/promtool";

/**
 * Every PrometheusRule and every Grafana dashboard the offline plan of each stack in stacks/
 * declares, checked by Prometheus' own tool: `promtool check rules` over the rules, and each
 * dashboard query parsed as a recording rule.
 */

const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

interface DashboardDoc {
    panels?: { title: string; targets?: { refId: string; expr: string }[] }[];
}

function rulesOf(plan: Plan): { name: string; groups: RuleGroup[] }[] {
    return plan.resources.filter((r) => r.type === RULE).map((r) => ({ name: r.name, groups: (r.inputs.spec as { groups: RuleGroup[] }).groups }));
}

function dashboardQueriesOf(plan: Plan): { where: string; expr: string }[] {
    return plan.resources
        .filter((r) => r.type === CONFIG_MAP && (r.inputs.metadata as { labels?: Record<string, string> } | undefined)?.labels?.grafana_dashboard === "1")
        .flatMap((r) =>
            Object.entries(r.inputs.data as Record<string, string>).flatMap(([key, json]) =>
                ((JSON.parse(json) as DashboardDoc).panels ?? []).flatMap((p) => (p.targets ?? []).map((t) => ({ where: `${r.name} ${key}: ${p.title} ${t.refId}`, expr: t.expr }))),
            ),
        );
}

describe("promtool over every stack's offline plan", function () {
    this.timeout(300_000);
    const cache = new Map<string, Plan>();

    before(() => promtool());

    for (const stack of listStacks()) {
        it(`${stack}: promtool check rules accepts every PrometheusRule and parses every dashboard query`, async () => {
            const plan = cache.get(stack) ?? (await planStack({ stack, cache }));
            const rules = rulesOf(plan);
            if (plan.config["platform:role"] === "workload") {
                expect(rules.length, "PrometheusRules of a workload stack").to.be.greaterThan(0);
                expect(dashboardQueriesOf(plan).length, "dashboard queries of a workload stack").to.be.greaterThan(0);
            }
            if (rules.length > 0) {
                checkRules(rules, `the PrometheusRules of stack ${stack}`);
            }
            const queries = dashboardQueriesOf(plan);
            if (queries.length > 0) {
                checkExpressions(queries, `the dashboard queries of stack ${stack}`);
            }
        });
    }
});
