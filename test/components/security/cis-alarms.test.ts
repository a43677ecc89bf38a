import { expect } from "chai";
import { CIS_METRIC_FILTERS, CisAlarms, validateCisAlarmsArgs } from "../../../components/security";
import { declare } from "../../support/harness";

const SECURITY = "666666666666";

describe("CisAlarms", () => {
    it("fifteen metric filters with the CIS patterns on the log group, each with an alarm to one KMS-encrypted, TLS-only topic", async () => {
        const plan = await declare(() => new CisAlarms("cis-alarms", { accountId: SECURITY, region: "eu-west-1", logGroupName: "/platform/cloudtrail/org", emails: ["secops@example.com"] }));
        const filters = plan.ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
        expect(filters.map((f) => [f.inputs.logGroupName, f.inputs.pattern])).to.deep.equal(CIS_METRIC_FILTERS.map((f) => ["/platform/cloudtrail/org", f.pattern]));
        const alarms = plan.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms.map((a) => a.inputs.name)).to.deep.equal(CIS_METRIC_FILTERS.map((f) => `cis-${f.cis}-${f.key}`));
        const topic = plan.one("aws:sns/topic:Topic", "cis-alarms-topic");
        expect(topic.inputs.kmsMasterKeyId).to.be.a("string").and.not.equal("");
        for (const [i, a] of alarms.entries()) {
            const t = filters[i].inputs.metricTransformation as Record<string, unknown>;
            expect(a.inputs).to.deep.include({ metricName: t.name, namespace: "CISBenchmark", statistic: "Sum", threshold: 1, comparisonOperator: "GreaterThanOrEqualToThreshold", actionsEnabled: true });
            expect(a.inputs.alarmActions).to.deep.equal(alarms[0].inputs.alarmActions).and.to.have.length(1);
        }
        const policy = JSON.parse(plan.one("aws:sns/topicPolicy:TopicPolicy", "cis-alarms-topic").inputs.policy as string);
        expect(policy.Statement.map((s: { Sid: string; Effect: string; Condition: unknown }) => [s.Sid, s.Effect])).to.deep.equal([
            ["AllowCloudWatchAlarms", "Allow"],
            ["DenyInsecureTransport", "Deny"],
        ]);
        expect(policy.Statement[1].Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        const key = plan.one("aws:kms/key:Key", "cis-alarms-key");
        expect(key.inputs).to.include({ enableKeyRotation: true });
        expect(key.protect).to.equal(true);
        const keyPolicy = JSON.parse(key.inputs.policy as string);
        expect(keyPolicy.Statement.map((s: { Sid: string }) => s.Sid)).to.include("CloudWatchAlarmsPublish");
        expect(plan.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint])).to.deep.equal([["email", "secops@example.com"]]);
    });

    it("rejects a bad account, region or email address", () => {
        expect(() => validateCisAlarmsArgs({ accountId: "1", region: "mars", logGroupName: "g", emails: ["nobody"] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(['accountId: "1" is not a 12-digit AWS account ID', 'region: "mars" is not an AWS region name such as "eu-west-1"', 'emails[0]: "nobody" is not an email address']);
    });
});
