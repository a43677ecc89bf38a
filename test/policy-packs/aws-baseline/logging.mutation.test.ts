import { expect } from "chai";
import { alarmsHaveActions, ampWorkspaceHardening, eksLogGroupManaged, logGroupKms, logGroupRetention } from "../../../policy-packs/aws-baseline/policies/logging";
import { ResourceSpec, runPolicy } from "../../support/policy";

/**
 * Logging and monitoring rules, one condition at a time (issue #15): each case fails if the rule
 * stops catching it, or starts refusing what it must allow. logging.test.ts describes the rules.
 * retentionInDays unset or 0 never expires (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html);
 * EKS control-plane logs go to /aws/eks/<cluster>/cluster (https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html, read 2026-12-03).
 */

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const CLUSTER = "aws:eks/cluster:Cluster";
const WORKSPACE = "aws:amp/workspace:Workspace";
const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

describe("log-group-retention, condition by condition", () => {
    const run = (retentionInDays: unknown, config: Record<string, unknown> = {}) => runPolicy(logGroupRetention, { type: LOG_GROUP, inputs: { name: "/platform/app", retentionInDays } }, config);
    const unset = (min: number) => `CloudWatch log group must set a retention (unset means never expire); set retentionInDays to at least ${min}.`;

    it("takes the minimum as inclusive: 89 fails, 90 passes; 365 on prod passes at 365", async () => {
        expect((await run(89)).reported).to.deep.equal(["CloudWatch log group retention of 89 days is below the minimum of 90; set retentionInDays to at least 90."]);
        expect((await run(90)).outcome).to.equal("pass");
        expect((await run(365, { minimumRetentionDays: 365 })).outcome).to.equal("pass");
    });
    it("names the configured minimum when the retention is unset or null", async () => {
        expect((await run(undefined, { minimumRetentionDays: 365 })).reported).to.deep.equal([unset(365)]);
        expect((await run(null)).reported).to.deep.equal([unset(90)]);
    });
    it("does not look at other types", async () => {
        expect((await runPolicy(logGroupRetention, { type: ALARM, inputs: {} })).outcome).to.equal("");
    });
});

describe("log-group-kms, condition by condition", () => {
    it("flags an empty key id", async () => {
        const r = await runPolicy(logGroupKms, { type: LOG_GROUP, inputs: { retentionInDays: 90, kmsKeyId: "" } });
        expect(r.reported).to.deep.equal(["CloudWatch log group must be encrypted with a KMS key; set kmsKeyId to the logs key ARN."]);
    });
});

describe("eks-log-group-managed, condition by condition", () => {
    const cluster = (name: string, inputs: Record<string, unknown> = { enabledClusterLogTypes: ["audit"] }): ResourceSpec => ({
        type: CLUSTER,
        name,
        urn: urnOf(CLUSTER, name),
        inputs: { name, roleArn: "<computed>", ...inputs },
    });
    const group = (name: unknown, extra: Partial<ResourceSpec> = {}): ResourceSpec => ({ type: LOG_GROUP, name: `g-${String(name).length}`, inputs: { name }, ...extra });
    const msg = (name: string) => `EKS cluster "${name}" logs to /aws/eks/${name}/cluster, which the stack does not manage; add an aws.cloudwatch.LogGroup with that name, retention and KMS, created before the cluster.`;

    it("flags a cluster with one log type (any type counts) and no group", async () => {
        const r = await runPolicy(eksLogGroupManaged, [cluster("dev", { enabledClusterLogTypes: "api" })]);
        expect(r.reported).to.deep.equal([msg("dev")]);
    });
    it("ignores an empty log type list", async () => {
        expect((await runPolicy(eksLogGroupManaged, [cluster("dev", { enabledClusterLogTypes: [] })])).outcome).to.equal("pass");
    });
    it("checks every cluster against its own group name", async () => {
        const r = await runPolicy(eksLogGroupManaged, [cluster("a"), cluster("b"), group("/aws/eks/a/cluster")]);
        expect(r.reported).to.deep.equal([msg("b")]);
        expect(r.findings[0].urn).to.equal(urnOf(CLUSTER, "b"));
    });
    it("does not count a group whose computed name depends on another cluster, or a known other name beside a dependency", async () => {
        const a = cluster("a");
        const b = cluster("b");
        const other = group("<computed>", { propertyDependencies: { name: [b.urn!] }, dependencies: [b.urn!] });
        expect((await runPolicy(eksLogGroupManaged, [a, other])).findings.map((f) => f.urn)).to.deep.equal([a.urn]);
        const named = group("/aws/eks/b/cluster", { propertyDependencies: { name: [a.urn!] }, dependencies: [a.urn!] });
        expect((await runPolicy(eksLogGroupManaged, [a, named])).findings.map((f) => f.urn)).to.deep.equal([a.urn]);
    });
    it("counts only log groups, and checks only EKS clusters", async () => {
        const notAGroup: ResourceSpec = { type: "aws:ssm/parameter:Parameter", name: "p", inputs: { name: "/aws/eks/a/cluster", type: "String", value: "x" } };
        expect((await runPolicy(eksLogGroupManaged, [cluster("a"), notAGroup])).reported).to.deep.equal([msg("a")]);
        const virtual: ResourceSpec = { type: "aws:emrcontainers/virtualCluster:VirtualCluster", name: "v", inputs: { name: "v", enabledClusterLogTypes: ["api"] } };
        expect((await runPolicy(eksLogGroupManaged, [virtual])).findings).to.deep.equal([]);
    });
    it("does not fail a cluster whose log types are known only after apply", async () => {
        expect((await runPolicy(eksLogGroupManaged, [cluster("a", { enabledClusterLogTypes: "<computed>" })])).findings).to.deep.equal([]);
    });
    it("leaves an auto-named cluster (name not known in preview) alone", async () => {
        expect((await runPolicy(eksLogGroupManaged, [{ ...cluster("auto"), inputs: { roleArn: "<computed>", enabledClusterLogTypes: ["api"] } }])).outcome).to.equal("pass");
    });
});

describe("alarms-have-actions, condition by condition", () => {
    const alarm = (inputs: Record<string, unknown>) => runPolicy(alarmsHaveActions, { type: ALARM, inputs: { metricName: "5XXError", threshold: 1, ...inputs } });
    const NOTIFY = "CloudWatch alarm must notify someone; set alarmActions to the alerting SNS topic ARN.";

    it("passes actionsEnabled true with an action, and a single action given as a string", async () => {
        expect((await alarm({ actionsEnabled: true, alarmActions: ["arn:aws:sns:eu-west-1:111122223333:alerts"] })).outcome).to.equal("pass");
        expect((await alarm({ alarmActions: "arn:aws:sns:eu-west-1:111122223333:alerts" })).outcome).to.equal("pass");
    });
    it("reports both disabled actions and no action", async () => {
        expect((await alarm({ actionsEnabled: false })).reported).to.deep.equal(["CloudWatch alarm actions must be enabled; remove actionsEnabled: false.", NOTIFY]);
    });
    it("counts an action list known only after apply as set (presence decides)", async () => {
        expect((await alarm({ alarmActions: "<computed>" })).outcome).to.equal("pass");
    });
});

describe("amp-workspace-hardening, condition by condition", () => {
    const ws = (inputs: Record<string, unknown>) => runPolicy(ampWorkspaceHardening, { type: WORKSPACE, inputs: { alias: "platform", ...inputs } });
    const LOGS = "AMP workspace must send its logs to CloudWatch; set loggingConfiguration: { logGroupArn }.";
    const KEY = "AMP workspace must be encrypted with a customer managed KMS key; set kmsKeyArn.";

    it("flags a logging configuration without a log group, an empty one, or null", async () => {
        for (const loggingConfiguration of [{}, { logGroupArn: "" }, { logGroupArn: null }]) {
            expect((await ws({ kmsKeyArn: "arn:aws:kms:eu-west-1:111122223333:key/k", loggingConfiguration })).reported, JSON.stringify(loggingConfiguration)).to.deep.equal([LOGS]);
        }
    });
    it("counts a logging configuration known only after apply as set", async () => {
        expect((await ws({ kmsKeyArn: "<computed>", loggingConfiguration: "<computed>" })).outcome).to.equal("pass");
    });
    it("flags an empty key ARN (the workspace would use an AWS owned key)", async () => {
        expect((await ws({ kmsKeyArn: "", loggingConfiguration: { logGroupArn: "arn:aws:logs:eu-west-1:111122223333:log-group:/amp:*" } })).reported).to.deep.equal([KEY]);
    });
});
