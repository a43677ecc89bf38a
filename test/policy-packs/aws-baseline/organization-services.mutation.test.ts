import { expect } from "chai";
import type { StackValidationPolicy } from "@pulumi/policy";
import { CIS_METRIC_FILTERS } from "../../../components/security/defaults";
import { cisAlarmPolicies, matchesCisPattern } from "../../../policy-packs/aws-baseline/policies/cloudwatch-cis";
import { INSPECTOR_SCANS, inspectorEnabled, macieEnabled } from "../../../policy-packs/aws-baseline/policies/inspector-macie";
import { securityhubAllRegions } from "../../../policy-packs/aws-baseline/policies/securityhub-organization";
import { expectUnknown, notApplicableReason, ResourceSpec, runPolicy, testUrn as urn, resourceSpec as r } from "../../support/policy";

/**
 * The organization's detection services beside the detection layer: the CIS 4.1-4.15 metric
 * filters and alarms (cloudwatch-cis.ts), Security Hub in every Region (securityhub-organization.ts),
 * Inspector and Macie (inspector-macie.ts), one condition at a time (issue #15): each case fails if
 * the rule stops catching it, or starts refusing what it must allow. cloudwatch-cis.test.ts,
 * securityhub-organization.test.ts and inspector-macie.test.ts describe the rules.
 */

const TRAIL = "aws:cloudtrail/trail:Trail";
const GROUP = "aws:cloudwatch/logGroup:LogGroup";
const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const HUB_ORG = "aws:securityhub/organizationConfiguration:OrganizationConfiguration";
const AGGREGATOR = "aws:securityhub/findingAggregator:FindingAggregator";
const POLICY = "aws:securityhub/configurationPolicy:ConfigurationPolicy";
const ASSOCIATION = "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation";
const HUB = "aws:securityhub/account:Account";
const ENABLER = "aws:inspector2/enabler:Enabler";
const INSPECTOR_ORG = "aws:inspector2/organizationConfiguration:OrganizationConfiguration";
const MACIE = "aws:macie2/account:Account";
const MACIE_ORG = "aws:macie2/organizationConfiguration:OrganizationConfiguration";
const GD_ORG = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const DETECTOR = "aws:guardduty/detector:Detector";
const RECORDER = "aws:cfg/recorder:Recorder";
const ANALYZER = "aws:accessanalyzer/analyzer:Analyzer";
const BUCKET = "aws:s3/bucket:Bucket";

const on = (type: string, name: string, inputs: Record<string, unknown>, prop: string, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { [prop]: [target.urn!] }, dependencies: [target.urn!] });

describe("cis-alarm-* (CIS AWS 4.1-4.15), condition by condition", () => {
    const spec = CIS_METRIC_FILTERS.find((f) => f.cis === "4.3")!;
    const policy = cisAlarmPolicies.find((p) => p.framework!.reference === "4.3")!;
    const group = r(GROUP, "trail-logs", { name: "/platform/cloudtrail/org" });
    const trail = (inputs: Record<string, unknown> = {}, g = group) => on(TRAIL, "trail", { isMultiRegionTrail: true, cloudWatchLogsGroupArn: "<computed>", ...inputs }, "cloudWatchLogsGroupArn", g);
    const filter = (inputs: Record<string, unknown> = {}, name = "f") =>
        on(FILTER, name, { name: "cis-root-usage", pattern: spec.pattern, metricTransformation: { name: "cis-root-usage", namespace: "CISBenchmark", value: "1" }, ...inputs }, "logGroupName", group);
    const alarm = (inputs: Record<string, unknown> = {}) => r(ALARM, "a", { metricName: "cis-root-usage", namespace: "CISBenchmark", alarmActions: ["arn:aws:sns:eu-west-1:666666666666:cis"], ...inputs });
    const NO_GROUP =
        "CIS 4.3: no multi-Region trail of this stack delivers to a CloudWatch Logs log group of this stack, so usage of the root user raise no alarm; set cloudWatchLogsGroupArn (and cloudWatchLogsRoleArn) on the trail.";
    const NO_FILTER = `CIS 4.3: the trail's log group has no metric filter for usage of the root user; add one with pattern ${spec.pattern}.`;
    const NO_ALARM = "CIS 4.3: the metric filter for usage of the root user has no alarm with an action; add an aws.cloudwatch.MetricAlarm on its metric (same metricName and namespace) with alarmActions.";

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(policy, [group])).to.equal("no CloudTrail trail in this stack (the security stack has the organization trail)");
    });
    it('passes a trail multi-Region by "true" (a string), with actionsEnabled unset and alarm actions unknown until apply', async () => {
        const run = await runPolicy(policy, [group, trail({ isMultiRegionTrail: "true" }), filter(), alarm({ alarmActions: "<computed>" })]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("reports a trail without a log group of this stack on the first trail, and a missing filter on the log group", async () => {
        const t = trail({}, r(GROUP, "elsewhere", {}));
        const noGroup = await runPolicy(policy, [group, t, filter(), alarm()]);
        expect(noGroup.reported).to.deep.equal([NO_GROUP]);
        expect(noGroup.findings[0].urn).to.equal(t.urn);
        const noFilter = await runPolicy(policy, [group, trail(), alarm()]);
        expect(noFilter.reported).to.deep.equal([NO_FILTER]);
        expect(noFilter.findings[0].urn).to.equal(group.urn);
    });
    it("rejects a filter whose pattern is unknown until apply, or not a string (no documented form)", async () => {
        expect((await runPolicy(policy, [group, trail(), filter({ pattern: "<computed>" }), alarm()])).reported).to.deep.equal([NO_FILTER]);
        expect(matchesCisPattern(spec, 42)).to.equal(false);
        expect(matchesCisPattern(CIS_METRIC_FILTERS.find((f) => f.accepted === undefined)!, CIS_METRIC_FILTERS.find((f) => f.accepted === undefined)!.pattern)).to.equal(true);
    });
    it("rejects an alarm on another metric name, actionsEnabled \"false\" (a string), or no actions; reported on the filter", async () => {
        for (const change of [{ metricName: "other" }, { actionsEnabled: "false" }, { alarmActions: undefined }]) {
            const run = await runPolicy(policy, [group, trail(), filter(), alarm(change)]);
            expect(run.reported, JSON.stringify(change)).to.deep.equal([NO_ALARM]);
            expect(run.findings[0].urn).to.equal(urn(FILTER, "f"));
        }
        expect((await runPolicy(policy, [group, trail(), filter(), alarm({ actionsEnabled: true })])).outcome).to.equal("pass");
    });
    it("a filter without a metric transformation has no alarm", async () => {
        const bare = filter({ metricTransformation: undefined });
        expect((await runPolicy(policy, [group, trail(), bare, alarm()])).reported).to.deep.equal([NO_ALARM]);
    });
    it("a filter on the log group of either of two multi-Region trails counts", async () => {
        const g2 = r(GROUP, "second-logs", { name: "/platform/cloudtrail/second" });
        const t2 = on(TRAIL, "second", { isMultiRegionTrail: true, cloudWatchLogsGroupArn: "<computed>" }, "cloudWatchLogsGroupArn", g2);
        expect((await runPolicy(policy, [group, g2, trail(), t2, filter(), alarm()])).outcome).to.equal("pass");
    });
    it("a control without other documented forms accepts its own pattern only", () => {
        const plainSpec = CIS_METRIC_FILTERS.find((f) => f.accepted === undefined)!;
        expect(matchesCisPattern(plainSpec, "Stryker was here")).to.equal(false);
    });
    it("one alarmed filter of two is enough", async () => {
        const silent = filter({ metricTransformation: { name: "unused", namespace: "CISBenchmark", value: "1" } }, "f0");
        expect((await runPolicy(policy, [group, trail(), silent, filter(), alarm()])).outcome).to.equal("pass");
    });
});

describe("securityhub-all-regions, condition by condition", () => {
    const org = (organizationConfiguration: unknown = { configurationType: "CENTRAL" }, name = "org") => r(HUB_ORG, name, { autoEnable: false, organizationConfiguration });
    const aggregator = (linkingMode: unknown = "ALL_REGIONS") => r(AGGREGATOR, "aggregator", { linkingMode });
    const policy = (serviceEnabled: unknown = true, name = "baseline") => r(POLICY, name, { name, configurationPolicy: { serviceEnabled } });
    const association = (target: ResourceSpec, targetId: unknown = "r-ab12") => on(ASSOCIATION, `${target.name}-assoc`, { targetId, policyId: "<computed>" }, "policyId", target);
    const NOT_AT_ROOT = "No Security Hub configuration policy that turns Security Hub on (configurationPolicy.serviceEnabled: true) is associated with the organization root (targetId r-...).";
    const atRoot = async (targetId: unknown, serviceEnabled: unknown = true) => {
        const p = policy(serviceEnabled);
        return (await runPolicy(securityhubAllRegions, [aggregator(), org(), p, association(p, targetId)])).reported;
    };

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(securityhubAllRegions, [r(HUB, "hub", {})])).to.equal("no Security Hub organization configuration in this stack");
    });
    it("judges every organization configuration, each on its own; a configuration type unset is named", async () => {
        const p = policy();
        const second = org({}, "second");
        const run = await runPolicy(securityhubAllRegions, [aggregator(), org(), second, p, association(p)]);
        expect(run.reported).to.deep.equal([
            'Security Hub organization configuration is undefined; set organizationConfiguration.configurationType "CENTRAL" so that configuration policies reach every account and Region.',
        ]);
        expect(run.findings[0].urn).to.equal(second.urn);
    });
    it("reports a missing aggregator on the first organization configuration, a partial one on the aggregator", async () => {
        const p = policy();
        const first = org();
        const missing = await runPolicy(securityhubAllRegions, [first, org({}, "second"), p, association(p)]);
        expect(missing.findings.map((f) => f.urn)).to.deep.equal([urn(HUB_ORG, "second"), first.urn]);
        const partial = await runPolicy(securityhubAllRegions, [first, aggregator("SPECIFIED_REGIONS"), p, association(p)]);
        expect(partial.findings.map((f) => f.urn)).to.deep.equal([urn(AGGREGATOR, "aggregator")]);
        const none = await runPolicy(securityhubAllRegions, [first, aggregator()]);
        expect(none.reported).to.deep.equal([NOT_AT_ROOT]);
        expect(none.findings[0].urn).to.equal(first.urn);
    });
    it('accepts serviceEnabled "true" (a string)', async () => {
        expect(await atRoot("r-ab12", "true")).to.deep.equal([]);
    });
    it("takes only a whole root ID as the root: r- and 4 to 32 lower-case letters or digits", async () => {
        expect(await atRoot("r-ab12")).to.deep.equal([]);
        expect(await atRoot(`r-${"a1".repeat(16)}`)).to.deep.equal([]);
        for (const targetId of ["r-ab1", `r-${"a1".repeat(16)}x`, "r-AB12", "xr-ab12", "r-ab12/ou", "r-ab_12", 1234]) {
            expect(await atRoot(targetId), String(targetId)).to.deep.equal([NOT_AT_ROOT]);
        }
    });
    it("an association of another policy does not put this one at the root", async () => {
        const off = policy(false, "off");
        const onPolicy = policy(true, "on");
        expect((await runPolicy(securityhubAllRegions, [aggregator(), org(), off, association(off), onPolicy])).reported).to.deep.equal([NOT_AT_ROOT]);
    });
    it("can't decide a configuration type or a policy switch unknown, naming it", async () => {
        const p = policy();
        expectUnknown(await runPolicy(securityhubAllRegions, [aggregator(), org({ configurationType: "<computed>" }), p, association(p)]), "organizationConfiguration.configurationType");
        expectUnknown(await runPolicy(securityhubAllRegions, [aggregator("<computed>"), org(), p, association(p)]), "linkingMode");
        const u = policy("<computed>");
        expectUnknown(await runPolicy(securityhubAllRegions, [aggregator(), org(), u, association(u)]), "configurationPolicy.serviceEnabled");
    });
    it("can't decide when a whole organization configuration or configuration policy is unknown (not a decided failure)", async () => {
        const p = policy();
        expectUnknown(await runPolicy(securityhubAllRegions, [aggregator(), org("<computed>"), p, association(p)]), "organizationConfiguration");
        const whole = r(POLICY, "whole", { name: "whole", configurationPolicy: "<computed>" });
        expectUnknown(await runPolicy(securityhubAllRegions, [aggregator(), org(), whole, association(whole)]), "configurationPolicy");
    });
});

describe("inspector-enabled and macie-enabled, condition by condition", () => {
    const ALL = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"];
    const enabler = (resourceTypes: unknown = ALL, name = "inspector") => r(ENABLER, name, { accountIds: ["666666666666"], resourceTypes });
    const inspectorOrg = (autoEnable: unknown = { ec2: true, ecr: true, lambda: true, lambdaCode: true }) => r(INSPECTOR_ORG, "inspector-org", { autoEnable });
    const macie = (inputs: Record<string, unknown> = {}) => r(MACIE, "macie", inputs);
    const macieOrg = (autoEnable: unknown = true) => r(MACIE_ORG, "macie-org", { autoEnable });
    const run = (policy: StackValidationPolicy, resources: ResourceSpec[]) => runPolicy(policy, resources, {}, "advisory");
    const NO_INSPECTOR_ORG = "This stack administers the organization's detection services but not Inspector's; add an aws.inspector2.OrganizationConfiguration with autoEnable { ec2, ecr, lambda, lambdaCode: true }.";
    const NO_MACIE_ORG = "This stack administers the organization's detection services but not Macie's; add an aws.macie2.OrganizationConfiguration with autoEnable: true.";

    it("holds the four Inspector scan types with their controls and autoEnable keys", () => {
        expect(INSPECTOR_SCANS).to.deep.equal([
            { type: "EC2", key: "ec2", control: "Inspector.1", what: "EC2 scanning" },
            { type: "ECR", key: "ecr", control: "Inspector.2", what: "ECR scanning" },
            { type: "LAMBDA_CODE", key: "lambdaCode", control: "Inspector.3", what: "Lambda code scanning" },
            { type: "LAMBDA", key: "lambda", control: "Inspector.4", what: "Lambda standard scanning" },
        ]);
    });
    it("say why they do not apply", async () => {
        expect(await notApplicableReason(inspectorEnabled, [r(BUCKET, "b", {})])).to.equal(
            "no detection-layer resource (trail, detector, Security Hub, Config recorder, analyzer, Inspector) in this stack",
        );
        expect(await notApplicableReason(macieEnabled, [r(BUCKET, "b", {})])).to.equal("no detection-layer resource (trail, detector, Security Hub, Config recorder, analyzer, Macie) in this stack");
    });
    for (const type of [TRAIL, HUB, RECORDER, ANALYZER]) {
        it(`a stack with only ${type.split(":").pop()} is held to both, reported on it`, async () => {
            const x = r(type, "x", {});
            const i = await run(inspectorEnabled, [r(BUCKET, "b", {}), x]);
            expect(i.reported).to.have.length(1);
            expect(i.reported[0]).to.match(/^This detection-layer stack does not enable Amazon Inspector/);
            expect(i.findings[0].urn).to.equal(x.urn);
            const m = await run(macieEnabled, [r(BUCKET, "b", {}), x]);
            expect(m.reported[0]).to.match(/^This detection-layer stack does not enable Amazon Macie/);
            expect(m.findings[0].urn).to.equal(x.urn);
        });
    }
    it("each service's own resources make a stack of the detection layer, and of the organization side", async () => {
        expect((await run(inspectorEnabled, [enabler()])).outcome).to.equal("pass");
        const orgOnly = inspectorOrg();
        const i = await run(inspectorEnabled, [orgOnly]);
        expect(i.reported[0]).to.match(/^This detection-layer stack does not enable Amazon Inspector/);
        expect(i.findings[0].urn).to.equal(orgOnly.urn);
        expect((await run(inspectorEnabled, [enabler(), inspectorOrg({ ec2: true, ecr: true, lambda: true, lambdaCode: "true" })])).outcome).to.equal("pass");
        expect((await run(macieEnabled, [macie()])).outcome).to.equal("pass");
        expect((await run(macieEnabled, [macie(), macieOrg("true")])).outcome).to.equal("pass");
        expect((await run(macieEnabled, [macie(), macieOrg(false)])).reported).to.deep.equal(["Amazon Macie must be on in every new member account; set autoEnable: true (was false)."]);
    });
    it("a Security Hub or GuardDuty organization configuration makes the stack the organization's administrator", async () => {
        for (const orgConfig of [r(HUB_ORG, "hub-org", {}), r(GD_ORG, "gd-org", {})]) {
            const i = await run(inspectorEnabled, [orgConfig, enabler()]);
            expect(i.reported).to.deep.equal([NO_INSPECTOR_ORG]);
            expect(i.findings[0].urn).to.equal(orgConfig.urn);
            const m = await run(macieEnabled, [orgConfig, macie()]);
            expect(m.reported).to.deep.equal([NO_MACIE_ORG]);
            expect(m.findings[0].urn).to.equal(orgConfig.urn);
        }
    });
    it("inspector-enabled: scan types may be split across enablers; a missing one is reported on the first enabler", async () => {
        expect((await run(inspectorEnabled, [r(DETECTOR, "d", {}), enabler(["EC2", "ECR"]), enabler(["LAMBDA", "LAMBDA_CODE"], "second")])).outcome).to.equal("pass");
        const res = await run(inspectorEnabled, [r(DETECTOR, "d", {}), enabler(["ECR", "LAMBDA", "LAMBDA_CODE"]), enabler(["ECR"], "second")]);
        expect(res.reported).to.deep.equal(['Amazon Inspector EC2 scanning (FSBP Inspector.1) is not enabled; add "EC2" to the Enabler\'s resourceTypes.']);
        expect(res.findings[0].urn).to.equal(urn(ENABLER, "inspector"));
    });
    it("macie-enabled: status ENABLED passes, anything else fails, each account on its own", async () => {
        expect((await run(macieEnabled, [macie({ status: "ENABLED" })])).outcome).to.equal("pass");
        const paused = r(MACIE, "paused", { status: "PAUSED" });
        const res = await run(macieEnabled, [macie({ status: "ENABLED" }), paused]);
        expect(res.reported).to.deep.equal(['Amazon Macie must be enabled; set status: "ENABLED" (was PAUSED).']);
        expect(res.findings[0].urn).to.equal(paused.urn);
        expectUnknown(await run(macieEnabled, [macie({ status: "<computed>" })]), "status");
        const mo = macieOrg("<computed>");
        expectUnknown(await run(macieEnabled, [macie(), mo]), "autoEnable");
    });
    it("inspector-enabled: an autoEnable unknown until apply is undecided, not four findings of unset scan types", async () => {
        expectUnknown(await run(inspectorEnabled, [enabler(), inspectorOrg("<computed>")]), "autoEnable");
    });
    it("macie-enabled: an organization configuration is reported on itself", async () => {
        const mo = macieOrg(false);
        expect((await run(macieEnabled, [macie(), mo])).findings[0].urn).to.equal(mo.urn);
        const io = inspectorOrg({ ec2: true, ecr: true, lambda: true, lambdaCode: false });
        expect((await run(inspectorEnabled, [enabler(), io])).findings[0].urn).to.equal(io.urn);
    });
});
