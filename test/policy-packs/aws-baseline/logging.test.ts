import { expect } from "chai";
import {
    alarmsHaveActions,
    ampWorkspaceHardening,
    eksLogGroupManaged,
    logGroupKms,
    logGroupRetention,
    loggingPolicies,
} from "../../../policy-packs/aws-baseline/policies/logging";
import { runPolicy } from "../../support/policy";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CLUSTER = "aws:eks/cluster:Cluster";
const WORKSPACE = "aws:amp/workspace:Workspace";

const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

describe("logging pack module", () => {
    it("exports the five logging and monitoring policies with catalog names and levels", () => {
        expect(loggingPolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal([
            ["log-group-retention", "mandatory", "medium"],
            ["log-group-kms", "advisory", "low"],
            ["eks-log-group-managed", "advisory", "medium"],
            ["alarms-have-actions", "advisory", "high"],
            ["amp-workspace-hardening", "advisory", "low"],
        ]);
    });
});

describe("log-group-retention", () => {
    const group = (inputs: Record<string, unknown>) => ({ type: LOG_GROUP, inputs: { name: "/platform/app", kmsKeyId: "<computed>", ...inputs } });
    it("passes a retention at the default minimum of 90 days", async () => {
        const r = await runPolicy(logGroupRetention, group({ retentionInDays: 90 }));
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects an unset retention (never expire) and 0", async () => {
        for (const inputs of [{}, { retentionInDays: 0 }]) {
            const r = await runPolicy(logGroupRetention, group(inputs));
            expect(r.reported).to.deep.equal(["CloudWatch log group must set a retention (unset means never expire); set retentionInDays to at least 90."]);
            expect(r.findings[0].enforcementLevel).to.equal("mandatory");
        }
    });
    it("rejects a retention below the minimum", async () => {
        const r = await runPolicy(logGroupRetention, group({ retentionInDays: 30 }));
        expect(r.reported).to.deep.equal(["CloudWatch log group retention of 30 days is below the minimum of 90; set retentionInDays to at least 90."]);
    });
    it("uses minimumRetentionDays from config (prod: 365 rejects 90)", async () => {
        const r = await runPolicy(logGroupRetention, group({ retentionInDays: 90 }), { minimumRetentionDays: 365 });
        expect(r.reported).to.deep.equal(["CloudWatch log group retention of 90 days is below the minimum of 365; set retentionInDays to at least 365."]);
        expect((await runPolicy(logGroupRetention, group({ retentionInDays: 400 }), { minimumRetentionDays: 365 })).messages).to.deep.equal([]);
    });
    it("rejects an invalid config value", async () => {
        let error: Error | undefined;
        try {
            await runPolicy(logGroupRetention, group({ retentionInDays: 90 }), { minimumRetentionDays: "a year" });
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.contain("log-group-retention.minimumRetentionDays: must be integer");
    });
    it("reports a retention known only after apply as advisory", async () => {
        const r = await runPolicy(logGroupRetention, group({ retentionInDays: "<computed>" }));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
});

describe("log-group-kms", () => {
    it("passes a key ARN, including one known only after apply", async () => {
        for (const kmsKeyId of ["arn:aws:kms:eu-west-1:111122223333:key/abc", "<computed>"]) {
            const r = await runPolicy(logGroupKms, { type: LOG_GROUP, inputs: { retentionInDays: 90, kmsKeyId } }, {}, "advisory");
            expect(r.messages).to.deep.equal([]);
            expect(r.outcome).to.equal("pass");
        }
    });
    it("flags an unset key", async () => {
        const r = await runPolicy(logGroupKms, { type: LOG_GROUP, inputs: { retentionInDays: 90 } }, {}, "advisory");
        expect(r.reported).to.deep.equal(["CloudWatch log group must be encrypted with a KMS key; set kmsKeyId to the logs key ARN."]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
});

describe("eks-log-group-managed", () => {
    const cluster = { type: CLUSTER, name: "main", urn: urnOf(CLUSTER, "main"), inputs: { name: "prod-main", roleArn: "<computed>", enabledClusterLogTypes: ["api", "audit"] } };
    const MSG = 'EKS cluster "prod-main" logs to /aws/eks/prod-main/cluster, which the stack does not manage; add an aws.cloudwatch.LogGroup with that name, retention and KMS, created before the cluster.';
    it("passes when the stack manages /aws/eks/<name>/cluster", async () => {
        const r = await runPolicy(eksLogGroupManaged, [{ type: LOG_GROUP, inputs: { name: "/aws/eks/prod-main/cluster", retentionInDays: 90 } }, cluster], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("passes a log group whose computed name depends on the cluster", async () => {
        const group = { type: LOG_GROUP, inputs: { name: "<computed>" }, propertyDependencies: { name: [cluster.urn] }, dependencies: [cluster.urn] };
        const r = await runPolicy(eksLogGroupManaged, [cluster, group], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("flags a cluster with logging and no managed group, and a group with another name", async () => {
        expect((await runPolicy(eksLogGroupManaged, [cluster], {}, "advisory")).reported).to.deep.equal([MSG]);
        const r = await runPolicy(eksLogGroupManaged, [cluster, { type: LOG_GROUP, inputs: { name: "/aws/eks/other/cluster" } }], {}, "advisory");
        expect(r.reported).to.deep.equal([MSG]);
        expect(r.findings[0].urn).to.equal(cluster.urn);
    });
    it("ignores a cluster without control-plane logging (unset)", async () => {
        const r = await runPolicy(eksLogGroupManaged, [{ ...cluster, inputs: { name: "prod-main", roleArn: "<computed>" } }], {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
});

describe("alarms-have-actions", () => {
    const alarm = (inputs: Record<string, unknown>) => ({ type: ALARM, inputs: { metricName: "5XXError", threshold: 1, alarmActions: ["arn:aws:sns:eu-west-1:111122223333:alerts"], ...inputs } });
    it("passes an alarm with an action (actionsEnabled unset defaults to true), also with a computed topic", async () => {
        expect((await runPolicy(alarmsHaveActions, alarm({}), {}, "advisory")).messages).to.deep.equal([]);
        expect((await runPolicy(alarmsHaveActions, alarm({ alarmActions: ["<computed>"] }), {}, "advisory")).messages).to.deep.equal([]);
    });
    it("flags actionsEnabled false", async () => {
        const r = await runPolicy(alarmsHaveActions, alarm({ actionsEnabled: false }), {}, "advisory");
        expect(r.reported).to.deep.equal(["CloudWatch alarm actions must be enabled; remove actionsEnabled: false."]);
    });
    it("flags missing and empty alarmActions", async () => {
        for (const alarmActions of [undefined, []]) {
            const r = await runPolicy(alarmsHaveActions, alarm({ alarmActions }), {}, "advisory");
            expect(r.reported).to.deep.equal(["CloudWatch alarm must notify someone; set alarmActions to the alerting SNS topic ARN."]);
        }
    });
    it("flags missing alarmActions although actionsEnabled is known only after apply, and leaves that alone to apply", async () => {
        const r = await runPolicy(alarmsHaveActions, alarm({ actionsEnabled: "<computed>", alarmActions: [] }), {}, "advisory");
        expect(r.reported).to.deep.equal(["CloudWatch alarm must notify someone; set alarmActions to the alerting SNS topic ARN."]);
        expect(r.outcome).to.equal("fail");
        const only = await runPolicy(alarmsHaveActions, alarm({ actionsEnabled: "<computed>" }), {}, "advisory");
        expect(only.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'alarms-have-actions' from policy pack 'test-pack@v0.0.0' during preview: string value at .actionsEnabled can't be known during preview"],
        ]);
    });
});

describe("amp-workspace-hardening", () => {
    const hardened = { alias: "platform", kmsKeyArn: "<computed>", loggingConfiguration: { logGroupArn: "<computed>" } };
    it("passes a workspace with logging and a key (computed ARNs count as set)", async () => {
        expect((await runPolicy(ampWorkspaceHardening, { type: WORKSPACE, inputs: hardened }, {}, "advisory")).messages).to.deep.equal([]);
    });
    it("flags missing logging and a missing key", async () => {
        const r = await runPolicy(ampWorkspaceHardening, { type: WORKSPACE, inputs: { alias: "platform" } }, {}, "advisory");
        expect(r.reported).to.deep.equal([
            "AMP workspace must send its logs to CloudWatch; set loggingConfiguration: { logGroupArn }.",
            "AMP workspace must be encrypted with a customer managed KMS key; set kmsKeyArn.",
        ]);
    });
});
