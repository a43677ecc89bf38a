import { expect } from "chai";
import { CIS_METRIC_FILTERS } from "../../../components/security/defaults";
import { cisAlarmPolicies, matchesCisPattern } from "../../../policy-packs/aws-baseline/policies/cloudwatch-cis";
import { ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";

const TRAIL = "aws:cloudtrail/trail:Trail";
const GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const on = (type: string, name: string, inputs: Record<string, unknown>, prop: string, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { [prop]: [target.urn!] }, dependencies: [target.urn!] });

const group = r(GROUP, "trail-logs", { name: "/platform/cloudtrail/org", retentionInDays: 365 });
const trail = on(TRAIL, "trail", { isMultiRegionTrail: true, cloudWatchLogsGroupArn: "<computed>" }, "cloudWatchLogsGroupArn", group);
const filter = (key: string, pattern: string) => on(FILTER, `f-${key}`, { name: `cis-${key}`, pattern, metricTransformation: { name: `cis-${key}`, namespace: "CISBenchmark", value: "1" } }, "logGroupName", group);
const alarm = (key: string, inputs: Record<string, unknown> = {}) =>
    r(ALARM, `a-${key}`, { metricName: `cis-${key}`, namespace: "CISBenchmark", alarmActions: ["arn:aws:sns:eu-west-1:666666666666:cis-alarms"], actionsEnabled: true, ...inputs });
const complete = () => [group, trail, ...CIS_METRIC_FILTERS.flatMap((f) => [filter(f.key, f.pattern), alarm(f.key)])];

describe("cloudwatch-cis policies", () => {
    it("one mandatory policy per CIS 3.0.0 control 4.1-4.15, claiming exactly that control", () => {
        expect(cisAlarmPolicies.map((p) => `${p.framework!.name}:${p.framework!.reference}`)).to.deep.equal(Array.from({ length: 15 }, (_, i) => `cis-aws:4.${i + 1}`).sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
        expect(new Set(cisAlarmPolicies.map((p) => p.enforcementLevel))).to.deep.equal(new Set(["mandatory"]));
        expect(cisAlarmPolicies.every((p) => p.tags!.length === 0)).to.equal(true);
    });

    it("keeps the Security Hub patterns verbatim (CloudWatch.1 root, CloudWatch.3 console without MFA, CloudWatch.7 keys)", () => {
        const by = (cis: string) => CIS_METRIC_FILTERS.find((f) => f.cis === cis)!;
        expect(by("4.3")).to.include({ securityHub: "CloudWatch.1", pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}' });
        expect(by("4.2")).to.include({ securityHub: "CloudWatch.3", pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }' });
        expect(by("4.7").pattern).to.equal("{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}");
        expect(by("4.15").securityHub).to.equal(undefined);
    });

    it("compares patterns without whitespace and quotes, and accepts CIS 3.0.0's own forms", () => {
        const root = CIS_METRIC_FILTERS.find((f) => f.cis === "4.3")!;
        expect(matchesCisPattern(root, '{ $.userIdentity.type = Root && $.userIdentity.invokedBy NOT EXISTS && $.eventType != AwsServiceEvent }')).to.equal(true);
        expect(matchesCisPattern(root, '{ $.userIdentity.type = "Root" }')).to.equal(false);
        const unauthorized = CIS_METRIC_FILTERS.find((f) => f.cis === "4.1")!;
        expect(matchesCisPattern(unauthorized, unauthorized.accepted![0])).to.equal(true);
        expect(matchesCisPattern(unauthorized, '{($.errorCode="*UnauthorizedOperation")}')).to.equal(false);
        expect(matchesCisPattern(unauthorized, undefined)).to.equal(false);
    });

    it("passes the trail, log group, fifteen filters and alarms", async () => {
        for (const p of cisAlarmPolicies) {
            const run = await runPolicy(p, complete());
            expect(run.messages, p.name).to.deep.equal([]);
            expect(run.outcome, p.name).to.equal("pass");
        }
    });

    it("is not applicable without a trail", async () => {
        expect((await runPolicy(cisAlarmPolicies[0], [group])).outcome).to.equal("notApplicable");
    });

    it("flags a trail without a log group, a single-region trail, a missing or altered filter, and an alarm without actions", async () => {
        const root = cisAlarmPolicies.find((p) => p.framework!.reference === "4.3")!;
        const noGroup = await runPolicy(root, [r(TRAIL, "trail", { isMultiRegionTrail: true })]);
        expect(noGroup.reported[0]).to.match(/^CIS 4.3: no multi-Region trail of this stack delivers to a CloudWatch Logs log group/);
        const singleRegion = complete().map((x) => (x === trail ? { ...trail, inputs: { ...trail.inputs, isMultiRegionTrail: false } } : x));
        expect((await runPolicy(root, singleRegion)).reported[0]).to.match(/no multi-Region trail/);
        const withoutRoot = complete().filter((x) => x.name !== "f-root-usage");
        expect((await runPolicy(root, withoutRoot)).reported[0]).to.match(/^CIS 4.3: the trail's log group has no metric filter for usage of the root user/);
        const altered = complete().map((x) => (x.name === "f-root-usage" ? filter("root-usage", '{$.userIdentity.type="Root"}') : x));
        expect((await runPolicy(root, altered)).reported[0]).to.match(/no metric filter/);
        for (const change of [{ alarmActions: [] }, { actionsEnabled: false }, { namespace: "Other" }]) {
            const silent = complete().map((x) => (x.name === "a-root-usage" ? alarm("root-usage", change) : x));
            expect((await runPolicy(root, silent)).reported, JSON.stringify(change)).to.deep.equal([
                "CIS 4.3: the metric filter for usage of the root user has no alarm with an action; add an aws.cloudwatch.MetricAlarm on its metric (same metricName and namespace) with alarmActions.",
            ]);
        }
        // A filter on another log group does not count.
        const other = r(GROUP, "other", {});
        const elsewhere = complete().map((x) => (x.name === "f-root-usage" ? on(FILTER, "f-root-usage", { pattern: CIS_METRIC_FILTERS[2].pattern, metricTransformation: { name: "cis-root-usage", namespace: "CISBenchmark" } }, "logGroupName", other) : x));
        expect((await runPolicy(root, [other, ...elsewhere])).reported[0]).to.match(/no metric filter/);
    });
});
