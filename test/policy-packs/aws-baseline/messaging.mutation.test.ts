import { expect } from "chai";
import { deniesWithoutTls, snsTopicEncrypted, snsTopicNotPublic, snsTopicTlsOnly, sqsQueueEncrypted, sqsQueueNotPublic, sqsQueueTlsOnly } from "../../../policy-packs/aws-baseline/policies/messaging";
import { UNKNOWN } from "../../../policy-packs/lib/values";
import { evaluatePack } from "../../../tools/policy/evaluate";
import { planResource, PolicyRun, ResourceSpec, runPolicy, testUrn as urn, resourceSpec as r } from "../../support/policy";

/**
 * The SNS and SQS rules, one condition at a time (issue #15): each case fails if the rule stops
 * catching it, starts refusing what it must allow, or turns a value unknown until apply into a
 * pass. messaging.test.ts describes the rules; this file pins the edges.
 */

const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";
const TOPIC_ARN = "arn:aws:sns:eu-west-1:111111111111:alarms";

const on = (type: string, name: string, inputs: Record<string, unknown>, prop: string, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { [prop]: [target.urn!] }, dependencies: [target.urn!] });
const deny = (over: Record<string, unknown> = {}) => ({ Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: TOPIC_ARN, Condition: { Bool: { "aws:SecureTransport": "false" } }, ...over });
const doc = (...Statement: unknown[]) => ({ Version: "2012-10-17", Statement });
const preview = (policy: string, at: string) => `can't run policy '${policy}' from policy pack 'test-pack@v0.0.0' during preview: string value at ${at} can't be known during preview`;
const levels = (run: PolicyRun) => run.findings.map((f) => [f.enforcementLevel, f.message]);

describe("deniesWithoutTls, condition by condition", () => {
    const SNS = ["sns:publish", "sns:*", "*"];

    it("reads every covering action, in any case, and no other", () => {
        for (const Action of ["sns:Publish", "SNS:PUBLISH", "sns:*", "*", ["sns:Subscribe", "sns:Publish"]]) {
            expect(deniesWithoutTls(doc(deny({ Action })), SNS), JSON.stringify(Action)).to.equal(true);
        }
        for (const Action of ["sns:Subscribe", "sns:Pub*", ["sns:Subscribe"], [7], []]) {
            expect(deniesWithoutTls(doc(deny({ Action })), SNS), JSON.stringify(Action)).to.equal(false);
        }
    });
    it('takes Principal "*" and {"AWS": "*"} only', () => {
        expect(deniesWithoutTls(doc(deny({ Principal: { AWS: "*" } })), SNS)).to.equal(true);
        expect(deniesWithoutTls(doc(deny({ Principal: { Service: "sns.amazonaws.com" } })), SNS)).to.equal(false);
    });
    it("takes Bool and BoolIfExists on aws:SecureTransport false (string or boolean, key in any case), nothing else", () => {
        for (const Condition of [{ Bool: { "aws:SecureTransport": false } }, { BoolIfExists: { "aws:SecureTransport": "false" } }, { Bool: { "AWS:SECURETRANSPORT": ["true", "false"] } }]) {
            expect(deniesWithoutTls(doc(deny({ Condition })), SNS), JSON.stringify(Condition)).to.equal(true);
        }
        for (const Condition of [
            { Bool: { "aws:SecureTransport": "true" } },
            { Bool: { "aws:SecureTransport": true } },
            { StringEquals: { "aws:SecureTransport": "false" } },
            { Null: { "aws:SecureTransport": "false" } },
            { Bool: { "aws:ViaAWSService": "false" } },
            { Bool: { "aws:SecureTransport": "FALSE " } },
        ]) {
            expect(deniesWithoutTls(doc(deny({ Condition })), SNS), JSON.stringify(Condition)).to.equal(false);
        }
        expect(deniesWithoutTls(doc(deny({ Condition: undefined })), SNS)).to.equal(false);
    });
    it("finds the TLS deny among other statements, after any number of others", () => {
        expect(deniesWithoutTls(doc({ Effect: "Allow", Principal: "*", Action: "sns:Publish" }, deny({ Action: "sns:Subscribe" }), deny()), SNS)).to.equal(true);
    });
    it("cannot tell a document, a statement, an Effect or a Deny with an unknown part until apply", () => {
        expect(deniesWithoutTls(UNKNOWN, SNS)).to.equal("unknown");
        expect(deniesWithoutTls(doc(UNKNOWN), SNS)).to.equal("unknown");
        expect(deniesWithoutTls(doc(deny({ Effect: UNKNOWN })), SNS)).to.equal("unknown");
        expect(deniesWithoutTls(doc(deny({ Condition: { Bool: { "aws:SecureTransport": UNKNOWN } } })), SNS)).to.equal("unknown");
        expect(deniesWithoutTls(doc(deny({ Action: UNKNOWN })), SNS)).to.equal("unknown");
        // An Allow with an unknown part does not make the TLS question open.
        expect(deniesWithoutTls(doc({ Effect: "Allow", Principal: UNKNOWN, Action: "sns:Publish" }), SNS)).to.equal(false);
    });
    it("a decided TLS deny wins over an unknown statement, before or after it", () => {
        expect(deniesWithoutTls(doc(UNKNOWN, deny()), SNS)).to.equal(true);
        expect(deniesWithoutTls(doc(deny(), UNKNOWN), SNS)).to.equal(true);
    });
    it("reads nothing from an absent or unreadable document", () => {
        expect(deniesWithoutTls(undefined, SNS)).to.equal(false);
        expect(deniesWithoutTls("{not json", SNS)).to.equal(false);
    });
});

describe("sns-topic-tls-only and sqs-queue-tls-only, condition by condition", () => {
    const topic = r(TOPIC, "alarms", { kmsMasterKeyId: "k" });
    const topicPolicy = (document: unknown, name = "alarms", target = topic) => on(TOPIC_POLICY, name, { arn: "<computed>", policy: document }, "arn", target);
    const NO_POLICY = 'SNS topic has no resource policy, so requests without TLS are not refused; add an aws.sns.TopicPolicy with a Deny of sns:Publish to Principal "*" when aws:SecureTransport is "false".';
    const NO_DENY = 'SNS topic\'s policy must refuse requests without TLS; add an aws.sns.TopicPolicy with a Deny of sns:Publish to Principal "*" when aws:SecureTransport is "false".';

    it("reports a topic without a policy on the topic, and passes with the deny", async () => {
        const run = await runPolicy(snsTopicTlsOnly, [topic]);
        expect(run.reported).to.deep.equal([NO_POLICY]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([topic.urn]);
        expect((await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(doc(deny()))])).outcome).to.equal("pass");
    });
    it("judges every topic: one with the deny does not pass another without a policy", async () => {
        const other = r(TOPIC, "other", {});
        const run = await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(doc(deny())), other]);
        expect(run.reported).to.deep.equal([NO_POLICY]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([other.urn]);
    });
    it("does not take another topic's policy for this one", async () => {
        const other = r(TOPIC, "other", {});
        const run = await runPolicy(snsTopicTlsOnly, [topic, other, topicPolicy(doc(deny()), "p-other", other)]);
        expect(run.reported).to.deep.equal([NO_POLICY]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([topic.urn]);
    });
    it("passes when any of a topic's policies has the deny, and reports the first when none has", async () => {
        const allow = doc({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC_ARN });
        expect((await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(allow, "a"), topicPolicy(doc(deny()), "b")])).outcome).to.equal("pass");
        const run = await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(allow, "a"), topicPolicy(allow, "b")]);
        expect(run.reported).to.deep.equal([NO_DENY]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([urn(TOPIC_POLICY, "a")]);
    });
    it("cannot decide a policy with a part unknown until apply, and names where that part is", async () => {
        const cases: [unknown, string][] = [
            ["<computed>", ".policy"],
            [doc("<computed>"), ".policy.Statement.0"],
            [doc(deny({ Condition: "<computed>" })), ".policy.Statement.0.Condition"],
            [doc({ Effect: "Allow", Principal: "*", Action: "sns:Subscribe" }, deny({ Condition: { Bool: { "aws:SecureTransport": "<computed>" } } })), ".policy.Statement.1.Condition.Bool.aws:SecureTransport"],
            [doc(deny({ Action: ["sns:Subscribe", "<computed>"] })), ".policy.Statement.0.Action.1"],
            [doc(deny({ Resource: null, Condition: { Bool: { "aws:SecureTransport": "<computed>" } } })), ".policy.Statement.0.Condition.Bool.aws:SecureTransport"],
        ];
        for (const [document, at] of cases) {
            const run = await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(document)]);
            expect(levels(run), at).to.deep.equal([["advisory", preview("sns-topic-tls-only", at)]]);
            expect(run.outcome).to.equal("unknown");
        }
    });
    it("an unknown policy of one topic does not hide a decided failure of another, nor pass a policy without the deny beside it", async () => {
        const other = r(TOPIC, "other", {});
        const run = await runPolicy(snsTopicTlsOnly, [topic, topicPolicy("<computed>"), other]);
        expect(run.reported).to.deep.equal([NO_POLICY]);
        expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
        const both = await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(doc({ Effect: "Allow", Principal: "*", Action: "sns:Subscribe" }), "a"), topicPolicy("<computed>", "b")]);
        expect(levels(both)).to.deep.equal([["advisory", preview("sns-topic-tls-only", ".policy")]]);
    });
    it("holds SNS to sns:Publish and SQS to sqs:* (a deny of sqs:SendMessage or sns:Publish does not cover a queue)", async () => {
        const queue = r(QUEUE, "q", {});
        const queuePolicy = (Action: string) => on(QUEUE_POLICY, "qp", { queueUrl: "<computed>", policy: doc(deny({ Action })) }, "queueUrl", queue);
        for (const Action of ["sqs:*", "*", "SQS:*"]) {
            expect((await runPolicy(sqsQueueTlsOnly, [queue, queuePolicy(Action)])).outcome, Action).to.equal("pass");
        }
        for (const Action of ["sqs:SendMessage", "sns:Publish", "sns:*"]) {
            expect((await runPolicy(sqsQueueTlsOnly, [queue, queuePolicy(Action)])).reported, Action).to.deep.equal([
                'SQS queue\'s policy must refuse requests without TLS; add an aws.sqs.QueuePolicy with a Deny of sqs:* to Principal "*" when aws:SecureTransport is "false".',
            ]);
        }
        expect((await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(doc(deny({ Action: "sqs:*" })))])).reported).to.deep.equal([NO_DENY]);
    });
    it("holds SNS to sns:Publish, sns:* or *", async () => {
        for (const Action of ["sns:Publish", "sns:*", "*", "SNS:*"]) {
            expect((await runPolicy(snsTopicTlsOnly, [topic, topicPolicy(doc(deny({ Action })))])).outcome, Action).to.equal("pass");
        }
    });
    it("links a queue policy by queueUrl, not by arn, and a topic policy by arn", async () => {
        const queue = r(QUEUE, "q", {});
        const byArn = on(QUEUE_POLICY, "qp", { queueUrl: "<computed>", policy: doc(deny({ Action: "sqs:*" })) }, "arn", queue);
        expect((await runPolicy(sqsQueueTlsOnly, [queue, byArn])).reported).to.have.length(1);
        const byUrl = on(TOPIC_POLICY, "tp", { arn: "<computed>", policy: doc(deny()) }, "queueUrl", topic);
        expect((await runPolicy(snsTopicTlsOnly, [topic, byUrl])).reported).to.deep.equal([NO_POLICY]);
    });
    it("does not apply without its kind of resource, naming why", async () => {
        const pack = (policy: typeof snsTopicTlsOnly) => ({ name: "test-pack", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: [policy] });
        const sns = await evaluatePack(pack(snsTopicTlsOnly), [planResource(r(QUEUE, "q", {}))]);
        expect(sns.checks.map((c) => [c.outcome, c.reason])).to.deep.equal([["notApplicable", "no SNS topic in this stack"]]);
        const sqs = await evaluatePack(pack(sqsQueueTlsOnly), [planResource(topic)]);
        expect(sqs.checks.map((c) => [c.outcome, c.reason])).to.deep.equal([["notApplicable", "no SQS queue in this stack"]]);
        expect((await runPolicy(sqsQueueTlsOnly, [r(QUEUE, "q", {})])).outcome).to.equal("fail");
    });
});

describe("sns-topic-encrypted and sqs-queue-encrypted, condition by condition", () => {
    const SNS = "SNS topic must be encrypted at rest; set kmsMasterKeyId to a KMS key (unset means unencrypted).";
    const SQS = "SQS queue must be encrypted at rest; remove sqsManagedSseEnabled: false, or set kmsMasterKeyId.";

    it("looks only at topics", async () => {
        const run = await runPolicy(snsTopicEncrypted, [r(TOPIC, "t", { kmsMasterKeyId: "k" }), r(QUEUE, "q", {})]);
        expect(run.outcome).to.equal("pass");
    });
    it("takes any set key for a topic, known or not", async () => {
        for (const kmsMasterKeyId of ["alias/aws/sns", "<computed>", " "]) {
            expect((await runPolicy(snsTopicEncrypted, r(TOPIC, "t", { kmsMasterKeyId }))).outcome, kmsMasterKeyId).to.equal("pass");
        }
        expect((await runPolicy(snsTopicEncrypted, r(TOPIC, "t", { kmsMasterKeyId: null }))).reported).to.deep.equal([SNS]);
    });
    it('fails sqsManagedSseEnabled false or "false" without a key, passes it with one and passes anything else', async () => {
        for (const sqsManagedSseEnabled of [false, "false"]) {
            expect((await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", { sqsManagedSseEnabled }))).reported, String(sqsManagedSseEnabled)).to.deep.equal([SQS]);
            expect((await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", { sqsManagedSseEnabled, kmsMasterKeyId: "k" }))).outcome).to.equal("pass");
        }
        for (const sqsManagedSseEnabled of [true, "true", 0]) {
            expect((await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", { sqsManagedSseEnabled }))).outcome, String(sqsManagedSseEnabled)).to.equal("pass");
        }
    });
    it("cannot decide sqsManagedSseEnabled unknown until apply, naming it", async () => {
        const run = await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", { sqsManagedSseEnabled: "<computed>" }));
        expect(levels(run)).to.deep.equal([["advisory", preview("sqs-queue-encrypted", ".sqsManagedSseEnabled")]]);
    });
});

describe("sns-topic-not-public and sqs-queue-not-public, condition by condition", () => {
    const MSG = (what: string, label: string) =>
        `${what} policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement ${label}); name the principals or add such a condition.`;
    const open = (Sid?: string) => ({ ...(Sid ? { Sid } : {}), Effect: "Allow", Principal: "*", Action: "sns:Publish" });

    it("passes an empty or absent policy", async () => {
        for (const inputs of [{ policy: "" }, { policy: null }, {}]) {
            expect((await runPolicy(snsTopicNotPublic, r(TOPIC, "t", inputs))).outcome, JSON.stringify(inputs)).to.equal("pass");
        }
    });
    it("reports every open statement, labelled by Sid or position", async () => {
        const run = await runPolicy(sqsQueueNotPublic, r(QUEUE_POLICY, "p", { policy: JSON.stringify(doc(open("A"), { ...open("Org"), Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }, open())) }));
        expect(run.reported).to.deep.equal([MSG("SQS queue", '"A"'), MSG("SQS queue", "2")]);
    });
    it("cannot decide a statement whose Effect is unknown until apply, naming where", async () => {
        const run = await runPolicy(snsTopicNotPublic, r(TOPIC_POLICY, "p", { policy: doc({ ...open("U"), Effect: "<computed>" }) }));
        expect(levels(run)).to.deep.equal([["advisory", preview("sns-topic-not-public", ".policy.Statement.0.Effect")]]);
    });
    it("does not raise an unknown statement beside a decided open one", async () => {
        const run = await runPolicy(snsTopicNotPublic, r(TOPIC_POLICY, "p", { policy: doc("<computed>", open("A")) }));
        expect(levels(run).map(([level]) => level)).to.deep.equal(["mandatory"]);
        expect(run.reported).to.deep.equal([MSG("SNS topic", '"A"')]);
    });
});
