import { expect } from "chai";
import { CIS_ALARMS_RUNBOOK } from "../../components/security/cis-alarms";
import * as fs from "fs";
import * as path from "path";
import { ALARM_RUNBOOKS, DEFAULT_ALARM_THRESHOLDS, platformAlarms } from "../../components/observability/alarms";
import { DEFAULT_RUNBOOK_BASE_URL, RUNBOOKS_DIR, runbookUrlOfDescription, withRunbook } from "../../components/observability/runbooks";
import { ALERT_NAME, AlertingRule, RuleGroup, TARGET_DOWN_ALERT_NAME } from "../../components/observability/slo";
import { Plan, PlanResource } from "../../tools/plan/model";
import { readStackFile, REPO_ROOT, stackFilePath } from "../../tools/plan/stack-file";
import { platformSettings, validateConfig } from "../../config/load";
import { validateObservabilityStackArgs } from "../../components/observability/args";
import { plansOfAllStacks } from "../tools/review/stack-plans";

/**
 * A runbook for every alert: every alert in every stack's offline plan (the alerting rules of
 * every PrometheusRule, every CloudWatch MetricAlarm) links `<runbookBaseUrl>/<alert>.md`, the file
 * exists in docs/runbooks, every page there is linked by some alert, and every page has the four
 * sections an on-call needs.
 */

const RULE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
/** The sections every runbook has, in this order. */
export const RUNBOOK_SECTIONS = ["## What it means", "## Dashboards and queries", "## Mitigation", "## Escalation"];
/** Pages of docs/runbooks that are not runbooks of an alert (restore.md: the disaster-recovery procedures the plan report links). */
const NOT_RUNBOOKS = ["README.md", "restore.md"];

export interface PlannedAlert {
    stack: string;
    source: "prometheus" | "cloudwatch";
    /** Alert name (Prometheus) or alarm name (CloudWatch). */
    alert: string;
    /** The resource that declares it. */
    resource: string;
    runbookUrl?: string;
    /** The `team` label of a Prometheus alert. */
    team?: string;
}

/** Every alert a plan declares. */
export function alertsOf(stack: string, resources: PlanResource[]): PlannedAlert[] {
    const alerts: PlannedAlert[] = [];
    for (const r of resources) {
        if (r.type === RULE) {
            const groups = ((r.inputs.spec as { groups?: RuleGroup[] } | undefined)?.groups ?? []) as RuleGroup[];
            for (const rule of groups.flatMap((g) => g.rules)) {
                if ("alert" in rule) {
                    const a = rule as AlertingRule;
                    alerts.push({ stack, source: "prometheus", alert: a.alert, resource: r.name, runbookUrl: a.annotations?.runbook_url, team: a.labels?.team });
                }
            }
        } else if (r.type === ALARM) {
            const description = typeof r.inputs.alarmDescription === "string" ? r.inputs.alarmDescription : "";
            alerts.push({ stack, source: "cloudwatch", alert: String(r.inputs.name ?? r.name), resource: r.name, runbookUrl: runbookUrlOfDescription(description) });
        }
    }
    return alerts;
}

/** The base URL a stack's alerts link under. */
export function runbookBaseOf(plan: Pick<Plan, "config">): string {
    const o = plan.config["platform:observability"] as { runbookBaseUrl?: string } | undefined;
    return (o?.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL).replace(/\/+$/, "");
}

/** Does the runbook's file name fit the alert: the alert name, or the alarm's kind (its name without cluster and NAT index)? */
function fits(alert: PlannedAlert, stem: string): boolean {
    if (alert.source === "cloudwatch" && stem === CIS_ALARMS_RUNBOOK) {
        // The CIS section 4 alarms (cis-<control>-<event>) share one runbook with a row per alarm.
        return /^cis-4\.\d+-/.test(alert.alert);
    }
    return alert.source === "prometheus" ? alert.alert === stem : alert.alert.replace(/-nat-\d+-/, "-nat-").endsWith(`-${stem}`);
}

/**
 * Every problem: an alert without a runbook URL, a URL outside the runbooks or to a missing page,
 * a page no alert links, a page without the four sections. `pages` maps a file name in
 * docs/runbooks to its text. A service team's own runbook (an https URL outside the base, on an
 * alert whose team is not `platform`) is accepted unchecked: it lives outside this repository.
 */
export function runbookProblems(alerts: PlannedAlert[], baseOf: (stack: string) => string, pages: Record<string, string>): string[] {
    const problems: string[] = [];
    const linked = new Set<string>();
    for (const a of alerts) {
        const at = `${a.stack}: ${a.source} alert ${a.alert} (${a.resource})`;
        if (!a.runbookUrl) {
            problems.push(`${at} has no runbook_url`);
            continue;
        }
        const base = `${baseOf(a.stack)}/`;
        if (!a.runbookUrl.startsWith(base)) {
            if (a.source === "prometheus" && a.team !== undefined && a.team !== "platform" && a.runbookUrl.startsWith("https://")) {
                continue;
            }
            problems.push(`${at}: runbook_url ${a.runbookUrl} is not under ${base}`);
            continue;
        }
        const file = a.runbookUrl.slice(base.length);
        if (!(file in pages) || NOT_RUNBOOKS.includes(file)) {
            problems.push(`${at}: runbook_url ${a.runbookUrl} names ${RUNBOOKS_DIR}/${file}, which does not exist`);
            continue;
        }
        if (!fits(a, file.replace(/\.md$/, ""))) {
            problems.push(`${at}: runbook_url ${a.runbookUrl} is not this alert's runbook`);
        }
        linked.add(file);
    }
    for (const [file, text] of Object.entries(pages)) {
        if (NOT_RUNBOOKS.includes(file)) {
            continue;
        }
        if (!linked.has(file)) {
            problems.push(`${RUNBOOKS_DIR}/${file} is linked by no alert of any stack`);
        }
        const missing = RUNBOOK_SECTIONS.filter((s) => !text.split("\n").includes(s));
        if (missing.length > 0) {
            problems.push(`${RUNBOOKS_DIR}/${file} lacks the sections ${missing.map((m) => JSON.stringify(m)).join(", ")}`);
        }
        const order = RUNBOOK_SECTIONS.map((s) => text.indexOf(`\n${s}\n`));
        if (missing.length === 0 && order.some((i, k) => k > 0 && i < order[k - 1])) {
            problems.push(`${RUNBOOKS_DIR}/${file} has the sections out of order (${RUNBOOK_SECTIONS.join(", ")})`);
        }
    }
    return problems;
}

/**
 * The alarms `platformAlarms` declares with every option on (NAT gateways and a TGW attachment):
 * no stack passes a Transit Gateway attachment to the observability stack yet, and its alarms
 * still need their runbooks.
 */
function everyAlarmOfTheComponent(): PlannedAlert[] {
    return platformAlarms({ clusterName: "c", natGatewayIds: ["nat-0123456789abcdef0"], transitGatewayId: "tgw-1", transitGatewayAttachmentId: "tgw-attach-1", thresholds: DEFAULT_ALARM_THRESHOLDS }).map((a) => ({
        stack: "ObservabilityStack (every option on)",
        source: "cloudwatch",
        alert: a.alarmName,
        resource: a.role,
        runbookUrl: runbookUrlOfDescription(withRunbook(a.description, a.runbookUrl)),
    }));
}

function readPages(): Record<string, string> {
    const dir = path.join(REPO_ROOT, RUNBOOKS_DIR);
    return Object.fromEntries(
        fs
            .readdirSync(dir)
            .filter((f) => f.endsWith(".md"))
            .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
    );
}

const SECTIONS = `# X\n\n${RUNBOOK_SECTIONS.join("\n\ntext\n\n")}\n\ntext\n`;
const BASE = "https://git.example.com/platform/docs/runbooks";

describe("runbookProblems", () => {
    const alert = (over: Partial<PlannedAlert>): PlannedAlert => ({ stack: "dev", source: "prometheus", alert: "SloTargetDown", resource: "r", runbookUrl: `${BASE}/SloTargetDown.md`, team: "platform", ...over });
    const check = (alerts: PlannedAlert[], pages: Record<string, string>) => runbookProblems(alerts, () => BASE, pages);

    it("accepts alerts whose runbooks exist, and runbooks with the four sections that alerts link", () => {
        const alarm = alert({ source: "cloudwatch", alert: "platform-dev-nat-1-error-port-allocation", runbookUrl: `${BASE}/nat-error-port-allocation.md`, team: undefined });
        expect(check([alert({}), alarm], { "SloTargetDown.md": SECTIONS, "nat-error-port-allocation.md": SECTIONS, "README.md": "index" })).to.deep.equal([]);
    });

    it("fails on an alert without a runbook_url", () => {
        expect(check([alert({ runbookUrl: undefined })], { "SloTargetDown.md": SECTIONS })).to.deep.equal([
            "dev: prometheus alert SloTargetDown (r) has no runbook_url",
            "docs/runbooks/SloTargetDown.md is linked by no alert of any stack",
        ]);
    });

    it("fails on a runbook_url whose file does not exist, or that is outside the base URL", () => {
        expect(check([alert({ runbookUrl: `${BASE}/SloTargetDwon.md` }), alert({ runbookUrl: "docs/golden-path.md#when-an-slo-alert-fires" })], { "SloTargetDown.md": SECTIONS })).to.deep.equal([
            `dev: prometheus alert SloTargetDown (r): runbook_url ${BASE}/SloTargetDwon.md names docs/runbooks/SloTargetDwon.md, which does not exist`,
            `dev: prometheus alert SloTargetDown (r): runbook_url docs/golden-path.md#when-an-slo-alert-fires is not under ${BASE}/`,
            "docs/runbooks/SloTargetDown.md is linked by no alert of any stack",
        ]);
    });

    it("fails on an alert linking another alert's runbook", () => {
        expect(check([alert({ alert: "SloErrorBudgetBurn" })], { "SloTargetDown.md": SECTIONS })).to.deep.equal([
            `dev: prometheus alert SloErrorBudgetBurn (r): runbook_url ${BASE}/SloTargetDown.md is not this alert's runbook`,
        ]);
    });

    it("fails on a runbook no alert links, and on a runbook without the four sections", () => {
        expect(check([alert({})], { "SloTargetDown.md": "# SloTargetDown\n\n## What it means\n\n## Mitigation\n", "tgw-no-route-drops.md": SECTIONS })).to.deep.equal([
            'docs/runbooks/SloTargetDown.md lacks the sections "## Dashboards and queries", "## Escalation"',
            "docs/runbooks/tgw-no-route-drops.md is linked by no alert of any stack",
        ]);
    });

    it("accepts a service team's own https runbook without checking it, but not on a platform alert", () => {
        const own = "https://wiki.example.com/payments/checkout";
        expect(check([alert({ team: "payments", runbookUrl: own }), alert({})], { "SloTargetDown.md": SECTIONS })).to.deep.equal([]);
        expect(check([alert({ runbookUrl: own }), alert({})], { "SloTargetDown.md": SECTIONS })).to.deep.equal([`dev: prometheus alert SloTargetDown (r): runbook_url ${own} is not under ${BASE}/`]);
    });
});

describe("a runbook for every alert of every stack", function () {
    this.timeout(300_000);

    it("every alert in every stack's offline plan links an existing runbook, and every runbook is linked", async () => {
        const plans = await plansOfAllStacks();
        const alerts = [...Object.entries(plans).flatMap(([stack, plan]) => alertsOf(stack, plan.resources)), ...everyAlarmOfTheComponent()];
        expect(runbookProblems(alerts, (stack) => (plans[stack] ? runbookBaseOf(plans[stack]) : DEFAULT_RUNBOOK_BASE_URL), readPages())).to.deep.equal([]);
        // The inventory the runbooks cover: both SLO alerts and every kind of CloudWatch alarm.
        const names = new Set(alerts.map((a) => (a.source === "prometheus" ? a.alert : a.runbookUrl!.replace(/^.*\/(.*)\.md$/, "$1"))));
        expect([...names].sort()).to.deep.equal([ALERT_NAME, TARGET_DOWN_ALERT_NAME, ...ALARM_RUNBOOKS, CIS_ALARMS_RUNBOOK].sort());
    });

    it("links under the stack's platform:observability.runbookBaseUrl", () => {
        expect(runbookBaseOf({ config: {} })).to.equal(DEFAULT_RUNBOOK_BASE_URL);
        expect(runbookBaseOf({ config: { "platform:observability": { runbookBaseUrl: `${BASE}/` } } })).to.equal(BASE);
    });

    it("rejects a runbook base URL that is not https, in the settings and in the component", () => {
        const dev = readStackFile(stackFilePath("dev"), "dev").config;
        const withBase = (url: string) => ({ ...dev, "platform:observability": { ...(dev["platform:observability"] as object), runbookBaseUrl: url } });
        expect(() => validateConfig(platformSettings(withBase(`${BASE}/`)))).not.to.throw();
        expect(() => validateConfig(platformSettings(withBase("http://git.example.com/runbooks")))).to.throw(/platform:observability\.runbookBaseUrl.*is not an https:\/\/ URL/);
        const args = { clusterName: "dev", region: "eu-west-1", accountId: "111111111111", logsKmsKeyArn: "k", alarmsKmsKeyArn: "k", grafanaAdminPassword: "pw" };
        expect(() => validateObservabilityStackArgs({ ...args, runbookBaseUrl: BASE })).not.to.throw();
        expect(() => validateObservabilityStackArgs({ ...args, runbookBaseUrl: "https://git.example.com/runbooks?ref=main" })).to.throw(/runbookBaseUrl: "https:\/\/git\.example\.com\/runbooks\?ref=main" is not an https:\/\/ URL without a query or fragment/);
    });

    it("the index lists every runbook", () => {
        const pages = readPages();
        for (const file of Object.keys(pages).filter((f) => !NOT_RUNBOOKS.includes(f))) {
            expect(pages["README.md"], `docs/runbooks/README.md links ${file}`).to.include(`](${file})`);
        }
    });
});
