import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allowStatements, conditionEntries, hasPublicPrincipal, scopedToAccountOrOrg, statementsOf } from "../../lib/iam-documents";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { isSet, Path, peek, plain, readThroughProxy, UNKNOWN } from "../../lib/values";
import { read, test, Undecided, Verdicts } from "../../lib/verdicts";

/*
 * SNS topics and SQS queues: encrypted at rest, reachable only over TLS.
 * - SNS: server-side encryption needs a KMS key (kmsMasterKeyId); TLS is enforced by a topic policy
 *   denying sns:Publish when aws:SecureTransport is false
 *   (https://docs.aws.amazon.com/sns/latest/dg/sns-security-best-practices.html#enforce-encryption-data-in-transit, read 2026-12-03).
 * - SQS: queues created over HTTPS are encrypted with SSE-SQS unless told otherwise, so an unset
 *   sqsManagedSseEnabled is encrypted and only an explicit false without a KMS key is not
 *   (https://aws.amazon.com/blogs/compute/announcing-server-side-encryption-with-amazon-simple-queue-service-managed-encryption-keys-sse-sqs-by-default/,
 *   read 2026-12-03); TLS is enforced by a queue policy denying sqs:* when aws:SecureTransport is false
 *   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-security-best-practices.html, read 2026-12-03).
 */

const T = {
    topic: tokenOf(aws.sns.Topic),
    topicPolicy: tokenOf(aws.sns.TopicPolicy),
    queue: tokenOf(aws.sqs.Queue),
    queuePolicy: tokenOf(aws.sqs.QueuePolicy),
};

/** How a policy document stands on TLS: it denies non-TLS requests for `actions`, it does not, or it cannot be told before apply. */
export function deniesWithoutTls(document: unknown, actions: string[]): boolean | "unknown" {
    if (document === UNKNOWN) {
        return "unknown";
    }
    let unknown = false;
    for (const s of statementsOf(document)) {
        if (s.effect === "unknown" || (s.effect === "deny" && s.hasUnknown)) {
            unknown = true;
            continue;
        }
        if (s.effect !== "deny" || !hasPublicPrincipal(s)) {
            continue;
        }
        if (!s.actions.some((a) => typeof a === "string" && actions.includes(a.toLowerCase()))) {
            continue;
        }
        const onTls = conditionEntries(s).some(
            (c) => (c.operator === "Bool" || c.operator === "BoolIfExists") && c.key === "aws:securetransport" && c.values.some((v) => v === "false" || v === false),
        );
        if (onTls) {
            return true;
        }
    }
    return unknown ? "unknown" : false;
}

/** The keys to the first value unknown until apply inside a plain value ([] when the value itself is unknown). */
function unknownPath(value: unknown): Path {
    if (value === UNKNOWN || value === null || typeof value !== "object") {
        return [];
    }
    for (const [k, child] of Object.entries(value)) {
        if (child === UNKNOWN) {
            return [Array.isArray(value) ? Number(k) : k];
        }
        const rest = unknownPath(child);
        if (rest.length > 0) {
            return [Array.isArray(value) ? Number(k) : k, ...rest];
        }
    }
    return [];
}

/**
 * The TLS rule for one kind of resource: each resource has a policy resource (`refProp` refers to
 * it) whose document denies non-TLS use. A document unknown until apply is left to `pulumi up`.
 */
function tlsOnly(resources: PolicyResource[], kind: { type: string; policyType: string; refProp: string; targetProp?: string; what: string; actions: string[]; fix: string }, report: (m: string, urn?: string) => void): void {
    const v = new Verdicts(report);
    const policies = ofType(resources, kind.policyType);
    for (const r of ofType(resources, kind.type)) {
        const mine = policies.filter((p) => refersTo(p, kind.refProp, r));
        if (mine.length === 0) {
            v.fail(`${kind.what} has no resource policy, so requests without TLS are not refused; add ${kind.fix}.`, r.urn);
            continue;
        }
        const verdicts = mine.map((p) => ({ p, verdict: deniesWithoutTls(plain(p.props).policy, kind.actions) }));
        if (verdicts.some((x) => x.verdict === true)) {
            continue;
        }
        const unknown = verdicts.find((x) => x.verdict === "unknown");
        if (unknown) {
            // Read the unknown part through the engine's proxy: "can't run during preview", decided by `pulumi up`.
            const path = ["policy", ...unknownPath(plain(unknown.p.props).policy)];
            v.note(new Undecided(readThroughProxy(unknown.p.props, ...path.slice(0, -1)), path[path.length - 1]));
            continue;
        }
        v.fail(`${kind.what}'s policy must refuse requests without TLS; add ${kind.fix}.`, mine[0].urn);
    }
    v.settle();
}

export const snsTopicEncrypted: ResourceValidationPolicy = {
    name: "sns-topic-encrypted",
    description: "Checks whether SNS topics encrypt messages at rest with a KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "sns-topic-encrypted", "SNS topics are encrypted at rest with a KMS key"),
    tags: [],
    remediationSteps: "Set kmsMasterKeyId to a KMS key whose policy lets SNS and the publishers (CloudWatch alarms, EventBridge) use it (the platform's sns key).",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.topic], (props, _args, report) => {
        const key = peek<string>(props, "kmsMasterKeyId");
        if (!isSet(props, "kmsMasterKeyId") || (key.state === "known" && key.value === "")) {
            report("SNS topic must be encrypted at rest; set kmsMasterKeyId to a KMS key (unset means unencrypted).");
        }
    }),
};

export const snsTopicTlsOnly: StackValidationPolicy = {
    name: "sns-topic-tls-only",
    description: "Checks whether every SNS topic's policy refuses publishing without TLS.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "sns-topic-tls-only", "SNS topics refuse requests without TLS"),
    tags: [],
    remediationSteps:
        'Add an aws.sns.TopicPolicy for the topic (arn: topic.arn) with a statement { Effect: "Deny", Principal: "*", Action: "sns:Publish", Resource: topic ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        if (ofType(args.resources, T.topic).length === 0) {
            args.notApplicable("no SNS topic in this stack");
        }
        tlsOnly(
            args.resources,
            {
                type: T.topic,
                policyType: T.topicPolicy,
                refProp: "arn",
                what: "SNS topic",
                actions: ["sns:publish", "sns:*", "*"],
                fix: 'an aws.sns.TopicPolicy with a Deny of sns:Publish to Principal "*" when aws:SecureTransport is "false"',
            },
            report,
        );
    },
};

export const sqsQueueEncrypted: ResourceValidationPolicy = {
    name: "sqs-queue-encrypted",
    description: "Checks whether SQS queues encrypt messages at rest, with SSE-SQS or a KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "SQS.1", "Amazon SQS queues should be encrypted at rest"),
    tags: [],
    remediationSteps: "Keep sqsManagedSseEnabled unset or true, or set kmsMasterKeyId to a KMS key; never sqsManagedSseEnabled: false without a key.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.queue], (props, _args, report) => {
        if (isSet(props, "kmsMasterKeyId")) {
            return;
        }
        const v = new Verdicts(report);
        v.when(
            test(read<unknown>(props, "sqsManagedSseEnabled"), (x) => x === false || x === "false"),
            () => report("SQS queue must be encrypted at rest; remove sqsManagedSseEnabled: false, or set kmsMasterKeyId."),
        );
        v.settle();
    }),
};

export const sqsQueueTlsOnly: StackValidationPolicy = {
    name: "sqs-queue-tls-only",
    description: "Checks whether every SQS queue's policy refuses requests without TLS.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "sqs-queue-tls-only", "SQS queues refuse requests without TLS"),
    tags: [],
    remediationSteps:
        'Add an aws.sqs.QueuePolicy for the queue (queueUrl: queue.url) with a statement { Effect: "Deny", Principal: "*", Action: "sqs:*", Resource: queue ARN, Condition: { Bool: { "aws:SecureTransport": "false" } } }.',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        if (ofType(args.resources, T.queue).length === 0) {
            args.notApplicable("no SQS queue in this stack");
        }
        tlsOnly(
            args.resources,
            {
                type: T.queue,
                policyType: T.queuePolicy,
                refProp: "queueUrl",
                what: "SQS queue",
                actions: ["sqs:*", "*"],
                fix: 'an aws.sqs.QueuePolicy with a Deny of sqs:* to Principal "*" when aws:SecureTransport is "false"',
            },
            report,
        );
    },
};

// --- sns-topic-not-public, sqs-queue-not-public --------------------------------------------------

/*
 * FSBP SNS.4 and SQS.3 fail a topic or queue whose access policy allows public access: an Allow to
 * Principal "*" (or {"AWS": "*"}) that no condition limits
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-4,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/sqs-controls.html#sqs-3, read 2026-12-03).
 * These rules are at least as strict: only a positive condition on the caller's or source's account
 * or organization (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceAccount, ...) scopes a
 * public Allow; a condition on aws:SourceArn alone is reported too. Service principals are not public.
 */
function notPublic(kind: { what: string; fix: string }) {
    return (props: Record<string, unknown>, _args: unknown, report: (m: string) => void): void => {
        const v = new Verdicts(report, props);
        const document = plain(props).policy;
        if (document === undefined || document === null || document === "") {
            return;
        }
        const statements = v.isUnknown(document, ["policy"]) ? [] : allowStatements({ where: "policy", document, path: ["policy"] }, v);
        for (const s of statements) {
            if (hasPublicPrincipal(s) && !scopedToAccountOrOrg(s)) {
                v.fail(`${kind.what} policy must not allow principal "*" without a condition on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount (statement ${s.label}); ${kind.fix}.`);
            }
        }
        v.settle();
    };
}

export const snsTopicNotPublic: ResourceValidationPolicy = {
    name: "sns-topic-not-public",
    description: "Checks whether SNS topic policies (the topic's own or an aws.sns.TopicPolicy) allow access to anyone outside the account or organization.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "SNS.4", "SNS topic access policies should not allow public access"),
    tags: [],
    remediationSteps: 'Name the principals (a service such as cloudwatch.amazonaws.com, or account and role ARNs), or keep Principal "*" with a Condition StringEquals on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount.',
    configSchema: { properties: {} },
    validateResource: validateTypes([T.topic, T.topicPolicy], notPublic({ what: "SNS topic", fix: "name the principals or add such a condition" })),
};

export const sqsQueueNotPublic: ResourceValidationPolicy = {
    name: "sqs-queue-not-public",
    description: "Checks whether SQS queue policies (the queue's own or an aws.sqs.QueuePolicy) allow access to anyone outside the account or organization.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "SQS.3", "SQS queue access policies should not allow public access"),
    tags: [],
    remediationSteps: 'Name the principals (a service such as events.amazonaws.com, or account and role ARNs), or keep Principal "*" with a Condition StringEquals on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount.',
    configSchema: { properties: {} },
    validateResource: validateTypes([T.queue, T.queuePolicy], notPublic({ what: "SQS queue", fix: "name the principals or add such a condition" })),
};

export const messagingPolicies: Policies = [snsTopicEncrypted, snsTopicTlsOnly, sqsQueueEncrypted, sqsQueueTlsOnly, snsTopicNotPublic, sqsQueueNotPublic];
