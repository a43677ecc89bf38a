import { expect } from "chai";
import { deniesWithoutTls, messagingPolicies, snsTopicEncrypted, snsTopicNotPublic, snsTopicTlsOnly, sqsQueueEncrypted, sqsQueueNotPublic, sqsQueueTlsOnly } from "../../../policy-packs/aws-baseline/policies/messaging";
import { alarmTopicPolicy } from "../../../components/observability/iam";
import { interruptionQueuePolicy } from "../../../components/cluster/karpenter";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn, resourceSpec as r } from "../../support/policy";

const TOPIC = "aws:sns/topic:Topic";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const QUEUE = "aws:sqs/queue:Queue";
const QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy";

const on = (type: string, name: string, inputs: Record<string, unknown>, prop: string, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { [prop]: [target.urn!] }, dependencies: [target.urn!] });

function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

const TOPIC_ARN = "arn:aws:sns:eu-west-1:111111111111:alarms";
const QUEUE_ARN = "arn:aws:sqs:eu-west-1:111111111111:interruption";
const denyTls = (action: string, resource: string) => ({ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: action, Resource: resource, Condition: { Bool: { "aws:SecureTransport": "false" } } });
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

describe("messaging policies", () => {
    it("exports every messaging policy once, all mandatory", () => {
        expect(messagingPolicies.map((p) => [p.name, p.enforcementLevel, `${p.framework!.name}:${p.framework!.reference}`])).to.deep.equal([
            ["sns-topic-encrypted", "mandatory", "own:sns-topic-encrypted"],
            ["sns-topic-tls-only", "mandatory", "own:sns-topic-tls-only"],
            ["sqs-queue-encrypted", "mandatory", "fsbp:SQS.1"],
            ["sqs-queue-tls-only", "mandatory", "own:sqs-queue-tls-only"],
            ["sns-topic-not-public", "mandatory", "fsbp:SNS.4"],
            ["sqs-queue-not-public", "mandatory", "fsbp:SQS.3"],
        ]);
    });

    it("reads a TLS deny only with a public principal, a covering action and aws:SecureTransport false", () => {
        expect(deniesWithoutTls(doc(denyTls("sns:Publish", TOPIC_ARN)), ["sns:publish"])).to.equal(true);
        expect(deniesWithoutTls(doc({ ...denyTls("sns:Publish", TOPIC_ARN), Condition: { BoolIfExists: { "aws:SecureTransport": false } } }), ["sns:publish"])).to.equal(true);
        expect(deniesWithoutTls(doc({ ...denyTls("sns:Publish", TOPIC_ARN), Principal: { AWS: "arn:aws:iam::111111111111:root" } }), ["sns:publish"])).to.equal(false);
        expect(deniesWithoutTls(doc(denyTls("sns:Subscribe", TOPIC_ARN)), ["sns:publish"])).to.equal(false);
        expect(deniesWithoutTls(doc({ ...denyTls("sns:Publish", TOPIC_ARN), Condition: { Bool: { "aws:SecureTransport": "true" } } }), ["sns:publish"])).to.equal(false);
        expect(deniesWithoutTls(doc({ ...denyTls("sns:Publish", TOPIC_ARN), Effect: "Allow" }), ["sns:publish"])).to.equal(false);
    });
});

describe("sns-topic-encrypted", () => {
    it("passes a topic with a KMS key (known or known only after apply)", async () => {
        expect((await runPolicy(snsTopicEncrypted, r(TOPIC, "t", { kmsMasterKeyId: "arn:aws:kms:eu-west-1:111111111111:key/sns" }))).outcome).to.equal("pass");
        expect((await runPolicy(snsTopicEncrypted, r(TOPIC, "t", { kmsMasterKeyId: "<computed>" }))).messages).to.deep.equal([]);
    });
    it("flags a topic without a key, or with an empty one", async () => {
        for (const inputs of [{}, { kmsMasterKeyId: "" }]) {
            expect((await runPolicy(snsTopicEncrypted, r(TOPIC, "t", inputs))).reported).to.deep.equal(["SNS topic must be encrypted at rest; set kmsMasterKeyId to a KMS key (unset means unencrypted)."]);
        }
    });
});

describe("sns-topic-tls-only", () => {
    const topic = r(TOPIC, "alarms", { name: "alarms", kmsMasterKeyId: "k" });
    const policy = (document: unknown) => on(TOPIC_POLICY, "alarms", { arn: "<computed>", policy: document }, "arn", topic);
    it("passes the observability stack's alarm topic policy", async () => {
        const run = await runPolicy(snsTopicTlsOnly, [topic, policy(JSON.stringify(alarmTopicPolicy(TOPIC_ARN, "eu-west-1", "111111111111")))]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("flags a topic without a policy, and a policy without the TLS deny", async () => {
        expect((await runPolicy(snsTopicTlsOnly, [topic])).reported).to.deep.equal([
            'SNS topic has no resource policy, so requests without TLS are not refused; add an aws.sns.TopicPolicy with a Deny of sns:Publish to Principal "*" when aws:SecureTransport is "false".',
        ]);
        const allowOnly = await runPolicy(snsTopicTlsOnly, [topic, policy(doc({ Effect: "Allow", Principal: { Service: "cloudwatch.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC_ARN }))]);
        expect(allowOnly.reported).to.deep.equal(['SNS topic\'s policy must refuse requests without TLS; add an aws.sns.TopicPolicy with a Deny of sns:Publish to Principal "*" when aws:SecureTransport is "false".']);
        expect(allowOnly.findings[0].urn).to.equal(urn(TOPIC_POLICY, "alarms"));
    });
    it("does not apply without topics, and cannot decide a policy unknown until apply", async () => {
        expect((await runPolicy(snsTopicTlsOnly, [r(QUEUE, "q", {})])).outcome).to.equal("notApplicable");
        expectUnknownOnly(await runPolicy(snsTopicTlsOnly, [topic, policy("<computed>")]));
        expectUnknownOnly(await runPolicy(snsTopicTlsOnly, [topic, policy({ Version: "2012-10-17", Statement: [{ ...denyTls("sns:Publish", TOPIC_ARN), Condition: "<computed>" }] })]));
    });
});

describe("sqs-queue-encrypted", () => {
    it("passes SSE-SQS (unset is AWS's default) and a KMS key", async () => {
        for (const inputs of [{}, { sqsManagedSseEnabled: true }, { kmsMasterKeyId: "alias/aws/sqs" }, { kmsMasterKeyId: "<computed>", sqsManagedSseEnabled: false }]) {
            expect((await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", inputs))).messages, JSON.stringify(inputs)).to.deep.equal([]);
        }
    });
    it("flags sqsManagedSseEnabled: false without a key", async () => {
        expect((await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", { sqsManagedSseEnabled: false }))).reported).to.deep.equal([
            "SQS queue must be encrypted at rest; remove sqsManagedSseEnabled: false, or set kmsMasterKeyId.",
        ]);
    });
    it("cannot decide sqsManagedSseEnabled unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(sqsQueueEncrypted, r(QUEUE, "q", { sqsManagedSseEnabled: "<computed>" })));
    });
});

describe("sqs-queue-tls-only", () => {
    const queue = r(QUEUE, "interruption", { sqsManagedSseEnabled: true });
    const policy = (document: unknown) => on(QUEUE_POLICY, "interruption", { queueUrl: "<computed>", policy: document }, "queueUrl", queue);
    it("passes Karpenter's interruption queue policy", async () => {
        const run = await runPolicy(sqsQueueTlsOnly, [queue, policy(interruptionQueuePolicy(QUEUE_ARN, "111111111111"))]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("flags a queue without a policy, and a deny of only some actions", async () => {
        expect((await runPolicy(sqsQueueTlsOnly, [queue])).reported).to.deep.equal([
            'SQS queue has no resource policy, so requests without TLS are not refused; add an aws.sqs.QueuePolicy with a Deny of sqs:* to Principal "*" when aws:SecureTransport is "false".',
        ]);
        expect((await runPolicy(sqsQueueTlsOnly, [queue, policy(doc(denyTls("sqs:SendMessage", QUEUE_ARN)))])).reported).to.deep.equal([
            'SQS queue\'s policy must refuse requests without TLS; add an aws.sqs.QueuePolicy with a Deny of sqs:* to Principal "*" when aws:SecureTransport is "false".',
        ]);
    });
    it("cannot decide a policy unknown until apply", async () => {
        expectUnknownOnly(await runPolicy(sqsQueueTlsOnly, [queue, policy("<computed>")]));
    });
});

describe("sns-topic-not-public and sqs-queue-not-public", () => {
    const allow = (principal: unknown, action: string, resource: string, condition?: unknown) => ({ Sid: "Use", Effect: "Allow", Principal: principal, Action: action, Resource: resource, ...(condition ? { Condition: condition } : {}) });
    const cases = [
        { policy: snsTopicNotPublic, types: [TOPIC, TOPIC_POLICY], action: "sns:Publish", arn: TOPIC_ARN, what: "SNS topic" },
        { policy: sqsQueueNotPublic, types: [QUEUE, QUEUE_POLICY], action: "sqs:SendMessage", arn: QUEUE_ARN, what: "SQS queue" },
    ];
    for (const c of cases) {
        for (const type of c.types) {
            it(`${c.policy.name}: passes service principals, named accounts, and "*" scoped to the account or organization (${type})`, async () => {
                for (const statement of [
                    allow({ Service: "cloudwatch.amazonaws.com" }, c.action, c.arn),
                    allow({ AWS: "arn:aws:iam::222222222222:root" }, c.action, c.arn),
                    allow("*", c.action, c.arn, { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }),
                    allow({ AWS: "*" }, c.action, c.arn, { StringEquals: { "aws:SourceAccount": "111111111111" } }),
                ]) {
                    expect((await runPolicy(c.policy, r(type, "x", { policy: doc(statement, denyTls(c.action, c.arn)) }))).outcome).to.equal("pass");
                }
                expect((await runPolicy(c.policy, r(type, "x", {}))).outcome).to.equal("pass");
            });
            it(`${c.policy.name}: flags an Allow to "*" without an account or organization condition (${type})`, async () => {
                for (const statement of [
                    allow("*", c.action, c.arn),
                    allow({ AWS: ["*"] }, c.action, c.arn),
                    allow("*", c.action, c.arn, { ArnLike: { "aws:SourceArn": "arn:aws:events:eu-west-1:111111111111:rule/*" } }),
                    allow("*", c.action, c.arn, { StringNotEquals: { "aws:PrincipalOrgID": "o-abc123" } }),
                    allow("*", c.action, c.arn, { StringLike: { "aws:SourceAccount": "*" } }),
                ]) {
                    const run = await runPolicy(c.policy, r(type, "x", { policy: doc(statement) }));
                    expect(run.reported).to.deep.equal([
                        `${c.what} policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement "Use"); name the principals or add such a condition.`,
                    ]);
                }
            });
            it(`${c.policy.name}: leaves a policy known only after apply to pulumi up (${type})`, async () => {
                expectUnknownOnly(await runPolicy(c.policy, r(type, "x", { policy: "<computed>" })));
            });
        }
    }
    it("passes the platform's own topic and queue policies", async () => {
        expect((await runPolicy(snsTopicNotPublic, r(TOPIC_POLICY, "p", { policy: JSON.stringify(alarmTopicPolicy(TOPIC_ARN, "eu-west-1", "111111111111")) }))).outcome).to.equal("pass");
        expect((await runPolicy(sqsQueueNotPublic, r(QUEUE_POLICY, "p", { policy: interruptionQueuePolicy(QUEUE_ARN, "111111111111") }))).outcome).to.equal("pass");
    });
});
