import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { isSet, peek } from "../../lib/values";
import { allOf, anyOf, Maybe, not, read, readList, show, test, Tri, Undecided, Verdicts } from "../../lib/verdicts";

/*
 * The detection layer: CloudTrail, GuardDuty, Security Hub, AWS Config, IAM Access Analyzer.
 * Control texts: the Security Hub controls reference
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html, guardduty-controls.html,
 * config-controls.html, read 2026-12-03) and CIS AWS Foundations 3.0.0 (policy-packs/controls/).
 * Unset inputs mean the provider's default (a trail is single-region and unvalidated unless told
 * otherwise). A value unknown until apply is never a failure in preview: the run ends with the
 * engine's "can't run during preview" (policy-packs/lib/verdicts.ts) and `pulumi up` decides.
 */

const T = {
    trail: tokenOf(aws.cloudtrail.Trail),
    bucket: tokenOf(aws.s3.Bucket),
    bucketV2: tokenOf(aws.s3.BucketV2),
    bucketLogging: tokenOf(aws.s3.BucketLogging),
    bucketLoggingV2: tokenOf(aws.s3.BucketLoggingV2),
    detector: tokenOf(aws.guardduty.Detector),
    detectorFeature: tokenOf(aws.guardduty.DetectorFeature),
    gdOrgConfig: tokenOf(aws.guardduty.OrganizationConfiguration),
    gdOrgFeature: tokenOf(aws.guardduty.OrganizationConfigurationFeature),
    hubAccount: tokenOf(aws.securityhub.Account),
    hubStandards: tokenOf(aws.securityhub.StandardsSubscription),
    hubOrgConfig: tokenOf(aws.securityhub.OrganizationConfiguration),
    hubPolicy: tokenOf(aws.securityhub.ConfigurationPolicy),
    hubPolicyAssociation: tokenOf(aws.securityhub.ConfigurationPolicyAssociation),
    recorder: tokenOf(aws.cfg.Recorder),
    recorderStatus: tokenOf(aws.cfg.RecorderStatus),
    deliveryChannel: tokenOf(aws.cfg.DeliveryChannel),
    serviceLinkedRole: tokenOf(aws.iam.ServiceLinkedRole),
    analyzer: tokenOf(aws.accessanalyzer.Analyzer),
};

/** Resource types that make a stack part of the detection layer (held to access-analyzer-enabled). */
export const DETECTION_TYPES = [T.trail, T.detector, T.hubAccount, T.recorder, T.analyzer, T.gdOrgConfig, T.hubOrgConfig];

const isTrue = (x: unknown) => x === true || x === "true";
const isFalse = (x: unknown) => x === false || x === "false";

// --- CloudTrail ----------------------------------------------------------------------------------

/**
 * Whether a trail records read and write management events (CloudTrail.1's parameters: readWriteType
 * ALL, includeManagementEvents true). Without selectors a trail logs all management events; basic
 * selectors default to ReadWriteType All with management events; advanced selectors must select the
 * Management category without a readOnly filter.
 */
function logsAllManagementEvents(props: Record<string, unknown>): Tri {
    const basic = readList<unknown>(props, "eventSelectors");
    const advanced = readList<unknown>(props, "advancedEventSelectors");
    if (basic.length === 0 && advanced.length === 0) {
        return true;
    }
    const fromBasic = basic.map((sel) => {
        if (sel instanceof Undecided) {
            return sel;
        }
        return allOf([test(read<unknown>(sel, "includeManagementEvents"), (m) => !isFalse(m)), test(read<string>(sel, "readWriteType"), (rw) => rw === undefined || rw === "All")]);
    });
    const fromAdvanced = advanced.map((sel): Tri => {
        if (sel instanceof Undecided) {
            return sel;
        }
        const fields = readList<unknown>(sel, "fieldSelectors");
        const undecided = fields.find((f): f is Undecided => f instanceof Undecided);
        if (undecided) {
            return undecided;
        }
        const field = (name: string) => fields.find((f) => read<string>(f, "field") === name);
        const category = field("eventCategory");
        const equals = category ? readList<string>(category, "equals") : [];
        const management = anyOf(equals.map((e) => test(e, (x) => x === "Management")));
        return allOf([management, field("readOnly") === undefined]);
    });
    return anyOf([...fromBasic, ...fromAdvanced]);
}

export const cloudtrailMultiRegion: ResourceValidationPolicy = {
    name: "cloudtrail-multi-region",
    description: "Checks whether CloudTrail trails are multi-Region, logging, with global service events and all read and write management events.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "CloudTrail.1", "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events"),
    tags: ["cis-aws:3.1"],
    remediationSteps:
        "Set isMultiRegionTrail: true, keep enableLogging and includeGlobalServiceEvents true (their defaults), and leave event selectors out or select management events with readWriteType All.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.trail], (props, _args, report) => {
        const v = new Verdicts(report);
        v.when(
            test(read<unknown>(props, "isMultiRegionTrail"), (x) => !isTrue(x)),
            () => report("CloudTrail trail must record every Region; set isMultiRegionTrail: true (unset means false)."),
        );
        v.when(
            test(read<unknown>(props, "enableLogging"), isFalse),
            () => report("CloudTrail trail must be logging; remove enableLogging: false."),
        );
        v.when(
            test(read<unknown>(props, "includeGlobalServiceEvents"), isFalse),
            () => report("CloudTrail trail must include global service events (IAM, STS, CloudFront); remove includeGlobalServiceEvents: false."),
        );
        v.when(not(logsAllManagementEvents(props)), () =>
            report('CloudTrail trail must record read and write management events; use an event selector with includeManagementEvents: true and readWriteType: "All" (or no selectors).'),
        );
        v.settle();
    }),
};

export const cloudtrailLogFileValidation: ResourceValidationPolicy = {
    name: "cloudtrail-log-file-validation",
    description: "Checks whether CloudTrail trails write digest files that prove their log files unaltered.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "CloudTrail.4", "CloudTrail log file validation should be enabled"),
    tags: ["cis-aws:3.2"],
    remediationSteps: "Set enableLogFileValidation: true on the trail.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.trail], (props, _args, report) => {
        const v = new Verdicts(report);
        v.when(
            test(read<unknown>(props, "enableLogFileValidation"), (x) => !isTrue(x)),
            () => report("CloudTrail log file validation must be on; set enableLogFileValidation: true (unset means false)."),
        );
        v.settle();
    }),
};

export const cloudtrailKmsEncryption: ResourceValidationPolicy = {
    name: "cloudtrail-kms-encryption",
    description: "Checks whether CloudTrail trails encrypt their log files with a KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "CloudTrail.2", "CloudTrail should have encryption at-rest enabled"),
    tags: ["cis-aws:3.5"],
    remediationSteps: "Set kmsKeyId to a customer managed KMS key whose policy lets cloudtrail.amazonaws.com encrypt for this trail (kms:GenerateDataKey* with the trail's encryption context).",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.trail], (props, _args, report) => {
        // Presence decides: a key ARN known only after apply is set.
        const key = peek<string>(props, "kmsKeyId");
        if (!isSet(props, "kmsKeyId") || (key.state === "known" && key.value === "")) {
            report("CloudTrail log files must be encrypted with a KMS key; set kmsKeyId (SSE-S3 alone does not meet the control).");
        }
    }),
};

export const cloudtrailCloudwatchLogs: ResourceValidationPolicy = {
    name: "cloudtrail-cloudwatch-logs",
    description: "Checks whether CloudTrail trails also deliver to CloudWatch Logs, where metric filters and alarms can watch them.",
    enforcementLevel: "advisory",
    severity: "low",
    framework: control("fsbp", "CloudTrail.5", "CloudTrail trails should be integrated with Amazon CloudWatch Logs"),
    tags: [],
    remediationSteps: "Set cloudWatchLogsGroupArn (the log group's ARN with :*) and cloudWatchLogsRoleArn (a role CloudTrail assumes to write it).",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.trail], (props, _args, report) => {
        const missing = ["cloudWatchLogsGroupArn", "cloudWatchLogsRoleArn"].filter((k) => !isSet(props, k));
        if (missing.length > 0) {
            report(`CloudTrail trail should deliver to CloudWatch Logs for alerting; set ${missing.join(" and ")}.`);
        }
    }),
};

export const cloudtrailOrganizationTrail: ResourceValidationPolicy = {
    name: "cloudtrail-organization-trail",
    description: "Checks whether CloudTrail trails are organization trails, which member accounts cannot stop or change.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "cloudtrail-organization-trail", "One organization trail records every account"),
    tags: [],
    remediationSteps: "Create the trail in the management account (or the delegated administrator) with isOrganizationTrail: true.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.trail], (props, _args, report) => {
        const v = new Verdicts(report);
        v.when(
            test(read<unknown>(props, "isOrganizationTrail"), (x) => !isTrue(x)),
            () => report("CloudTrail trail should be an organization trail, so that every account is recorded and members cannot turn it off; set isOrganizationTrail: true."),
        );
        v.settle();
    }),
};

/**
 * Whether a trail records S3 object-level events of one kind (write: PutObject, DeleteObject...;
 * read: GetObject...) for every bucket. Basic selectors: a data resource of type AWS::S3::Object
 * whose values include "arn:aws:s3" (all buckets) with readWriteType All or the kind's
 * (https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html). Advanced
 * selectors: eventCategory Data, resources.type AWS::S3::Object, readOnly absent or the kind's,
 * and nothing narrowing it (resources.ARN, eventName, eventSource)
 * (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/filtering-data-events.html, read 2026-12-03).
 */
function logsS3DataEvents(props: Record<string, unknown>, kind: "write" | "read"): Tri {
    const rwType = kind === "write" ? "WriteOnly" : "ReadOnly";
    const readOnly = kind === "write" ? "false" : "true";
    const fromBasic = readList<unknown>(props, "eventSelectors").map((sel): Tri => {
        if (sel instanceof Undecided) {
            return sel;
        }
        const allBuckets = anyOf(
            readList<unknown>(sel, "dataResources").map((dr): Tri => {
                if (dr instanceof Undecided) {
                    return dr;
                }
                const values = readList<string>(dr, "values");
                return allOf([test(read<string>(dr, "type"), (t) => t === "AWS::S3::Object"), anyOf(values.map((v) => test(v, (x) => x === "arn:aws:s3" || x === "arn:aws:s3:::")))]);
            }),
        );
        return allOf([allBuckets, test(read<string>(sel, "readWriteType"), (rw) => rw === undefined || rw === "All" || rw === rwType)]);
    });
    const fromAdvanced = readList<unknown>(props, "advancedEventSelectors").map((sel): Tri => {
        if (sel instanceof Undecided) {
            return sel;
        }
        const fields = readList<unknown>(sel, "fieldSelectors");
        const undecided = fields.find((f): f is Undecided => f instanceof Undecided);
        if (undecided) {
            return undecided;
        }
        const equals = (name: string): Maybe<string[]> => {
            const f = fields.find((x) => read<string>(x, "field") === name);
            return f === undefined ? undefined : (readList<string>(f, "equals").filter((e) => typeof e === "string") as string[]);
        };
        const only = (name: string, value: string) => {
            const e = equals(name);
            return Array.isArray(e) && e.length === 1 && e[0] === value;
        };
        const narrowed = fields.some((f) => !["eventCategory", "resources.type", "readOnly"].includes(String(read<string>(f, "field"))));
        const ro = equals("readOnly");
        return only("eventCategory", "Data") && only("resources.type", "AWS::S3::Object") && !narrowed && (ro === undefined || only("readOnly", readOnly));
    });
    return anyOf([...fromBasic, ...fromAdvanced]);
}

function s3DataEventsPolicy(kind: "write" | "read", cis: string, title: string): ResourceValidationPolicy {
    const other = kind === "write" ? "read" : "write";
    return {
        name: `cloudtrail-s3-data-events-${kind}`,
        description: `Checks whether CloudTrail trails record S3 object-level ${kind} events for every bucket.`,
        enforcementLevel: "advisory",
        severity: "medium",
        framework: control("cis-aws", cis, title),
        tags: [],
        remediationSteps:
            `Add an advanced event selector with eventCategory = Data and resources.type = AWS::S3::Object, without a resources.ARN filter and with readOnly left out (read and write) or readOnly = ${kind === "write" ? "false" : "true"}. ` +
            `The organization trail does it with platform:security.trailS3DataEvents "all"${kind === "write" ? ' or "write"' : ""}.`,
        configSchema: { properties: {} },
        validateResource: validateTypes([T.trail], (props, _args, report) => {
            const v = new Verdicts(report);
            v.when(not(logsS3DataEvents(props, kind)), () =>
                report(
                    `CloudTrail trail does not record S3 object-level ${kind} events for all buckets; add an advanced event selector eventCategory = Data, resources.type = AWS::S3::Object (readOnly unset${kind === "write" ? " or false" : " or true"}, no resources.ARN filter)` +
                        ` (platform:security.trailS3DataEvents: "all"${kind === "write" ? ' or "write"' : `; "write" leaves ${kind} events out, "none" both ${kind} and ${other}`}).`,
                ),
            );
            v.settle();
        }),
    };
}

export const cloudtrailS3DataEventsWrite = s3DataEventsPolicy("write", "3.8", "Ensure that Object-level logging for write events is enabled for S3 bucket");
export const cloudtrailS3DataEventsRead = s3DataEventsPolicy("read", "3.9", "Ensure that Object-level logging for read events is enabled for S3 bucket");

/** The buckets of the stack a trail's `s3BucketName` names (by property dependency or by name). */
function trailBuckets(trail: PolicyResource, resources: PolicyResource[]): PolicyResource[] {
    return ofType(resources, T.bucket, T.bucketV2).filter((b) => {
        const name = peek<string>(b.props, "bucket");
        return refersTo(trail, "s3BucketName", b, name.state === "known" ? [name.value] : []);
    });
}

export const cloudtrailBucketAccessLogging: StackValidationPolicy = {
    name: "cloudtrail-bucket-access-logging",
    description: "Checks whether the bucket a CloudTrail trail writes to logs server access into another bucket.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("cis-aws", "3.4", "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket"),
    tags: [],
    remediationSteps:
        "Add an aws.s3.BucketLogging for the trail's bucket with targetBucket set to a separate access-log bucket (LogArchive makes <name>-access-logs). When the bucket is in another stack (the log archive), that stack's s3-access-logging checks it.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const trails = ofType(args.resources, T.trail);
        const pairs = trails.flatMap((trail) => trailBuckets(trail, args.resources).map((bucket) => ({ trail, bucket })));
        if (pairs.length === 0) {
            args.notApplicable(trails.length === 0 ? "no CloudTrail trail in this stack" : "the trails' buckets are declared in another stack, whose s3-access-logging checks them");
        }
        const v = new Verdicts(report);
        for (const { bucket } of pairs) {
            const own = peek<string>(bucket.props, "bucket");
            const names = own.state === "known" ? [own.value] : [];
            const loggings = ofType(args.resources, T.bucketLogging, T.bucketLoggingV2).filter((l) => refersTo(l, "bucket", bucket, names));
            if (loggings.length === 0) {
                v.fail("CloudTrail's bucket must log server access; add an aws.s3.BucketLogging for it with targetBucket set to a separate access-log bucket.", bucket.urn);
                continue;
            }
            for (const l of loggings) {
                const target = read<string>(l.props, "targetBucket");
                const toItself = refersTo(l, "targetBucket", bucket) || test(target, (t) => own.state === "known" && t === own.value);
                v.when(toItself, () => report("CloudTrail's bucket must not log server access into itself; set targetBucket to a separate access-log bucket.", l.urn));
            }
        }
        v.settle();
    },
};

// --- GuardDuty -----------------------------------------------------------------------------------

export const guarddutyEnabled: ResourceValidationPolicy = {
    name: "guardduty-enabled",
    description: "Checks whether GuardDuty detectors are enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "GuardDuty.1", "GuardDuty should be enabled"),
    tags: [],
    remediationSteps: "Keep enable: true (the default) on the aws.guardduty.Detector.",
    configSchema: { properties: {} },
    validateResource: validateTypes([T.detector], (props, _args, report) => {
        const v = new Verdicts(report);
        v.when(test(read<unknown>(props, "enable"), isFalse), () => report("GuardDuty detector must be enabled; remove enable: false."));
        v.settle();
    }),
};

/**
 * Whether a detector feature (or organization feature) of `detector` (by property dependency on
 * detectorId) named one of `names` passes `check`. A feature whose name is unknown until apply may
 * be the one: it leaves the answer undecided rather than counting as on.
 */
function someFeature(detector: PolicyResource, resources: PolicyResource[], type: string, names: string[], check: (f: PolicyResource) => Tri): Tri {
    return anyOf(
        ofType(resources, type)
            .filter((f) => refersTo(f, "detectorId", detector))
            .map((f) => allOf([test(read<string>(f.props, "name"), (n) => n !== undefined && names.includes(n)), check(f)])),
    );
}

/** Whether a feature's additional configuration `name` has the wanted status key/value. */
function additional(feature: PolicyResource, name: string, key: string, wanted: string): Tri {
    const configs = readList<unknown>(feature.props, "additionalConfigurations");
    return anyOf(
        configs.map((c): Tri => {
            if (c instanceof Undecided) {
                return c;
            }
            return allOf([test(read<string>(c, "name"), (n) => n === name), test(read<string>(c, key), (s) => s === wanted)]);
        }),
    );
}

const RUNTIME_FEATURES = ["RUNTIME_MONITORING", "EKS_RUNTIME_MONITORING"];

export const guarddutyEksProtection: StackValidationPolicy = {
    name: "guardduty-eks-protection",
    description: "Checks whether every GuardDuty detector monitors EKS audit logs and runs EKS Runtime Monitoring with the managed agent.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "GuardDuty.5", "GuardDuty EKS Audit Log Monitoring should be enabled"),
    tags: ["fsbp:GuardDuty.7"],
    remediationSteps:
        'For each aws.guardduty.Detector add aws.guardduty.DetectorFeature { name: "EKS_AUDIT_LOGS", status: "ENABLED" } and { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] }.',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const detectors = ofType(args.resources, T.detector);
        if (detectors.length === 0) {
            args.notApplicable("no GuardDuty detector in this stack");
        }
        const v = new Verdicts(report);
        for (const d of detectors) {
            // The legacy data source setting counts too.
            const legacy = test(read<unknown>(read(read(read(d.props, "datasources"), "kubernetes"), "auditLogs"), "enable"), isTrue);
            const auditOn = anyOf([legacy, someFeature(d, args.resources, T.detectorFeature, ["EKS_AUDIT_LOGS"], (f) => test(read<string>(f.props, "status"), (s) => s === "ENABLED"))]);
            v.when(not(auditOn), () => report('GuardDuty detector must monitor EKS audit logs; add a DetectorFeature { name: "EKS_AUDIT_LOGS", status: "ENABLED" }.', d.urn));
            const runtimeOn = someFeature(d, args.resources, T.detectorFeature, RUNTIME_FEATURES, (f) =>
                allOf([test(read<string>(f.props, "status"), (s) => s === "ENABLED"), additional(f, "EKS_ADDON_MANAGEMENT", "status", "ENABLED")]),
            );
            v.when(not(runtimeOn), () =>
                report(
                    'GuardDuty detector must run EKS Runtime Monitoring with the managed agent; add a DetectorFeature { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] }.',
                    d.urn,
                ),
            );
        }
        v.settle();
    },
};

export const guarddutyOrganizationAutoEnable: StackValidationPolicy = {
    name: "guardduty-organization-auto-enable",
    description: "Checks whether GuardDuty's organization configuration enables it, with EKS protection, in every member account.",
    enforcementLevel: "advisory",
    severity: "medium",
    framework: control("own", "guardduty-organization-auto-enable", "GuardDuty and its EKS protection are on in every account of the organization"),
    tags: [],
    remediationSteps:
        'Set autoEnableOrganizationMembers: "ALL" on aws.guardduty.OrganizationConfiguration, and add OrganizationConfigurationFeature { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" } and { name: "RUNTIME_MONITORING", autoEnable: "ALL", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" }] }.',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const configs = ofType(args.resources, T.gdOrgConfig);
        if (configs.length === 0) {
            args.notApplicable("no GuardDuty organization configuration in this stack (the delegated administrator's stack has it)");
        }
        const v = new Verdicts(report);
        const detectors = ofType(args.resources, T.detector);
        for (const c of configs) {
            const members = read<string>(c.props, "autoEnableOrganizationMembers");
            v.when(
                test(members, (m) => m !== "ALL"),
                () => report(`GuardDuty must be on in every member account, existing and new; set autoEnableOrganizationMembers: "ALL" (was ${show(members)}).`, c.urn),
            );
            const detector = detectors.find((d) => refersTo(c, "detectorId", d));
            const features = detector ? ofType(args.resources, T.gdOrgFeature).filter((f) => refersTo(f, "detectorId", detector)) : ofType(args.resources, T.gdOrgFeature);
            const auto = (names: string[], extra?: (f: PolicyResource) => Tri): Tri =>
                anyOf(
                    features.map((f) =>
                        allOf([test(read<string>(f.props, "name"), (n) => n !== undefined && names.includes(n)), test(read<string>(f.props, "autoEnable"), (a) => a === "ALL"), extra ? extra(f) : true]),
                    ),
                );
            v.when(not(auto(["EKS_AUDIT_LOGS"])), () => report('GuardDuty EKS audit log monitoring must be on in every member account; add OrganizationConfigurationFeature { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" }.', c.urn));
            v.when(not(auto(RUNTIME_FEATURES, (f) => additional(f, "EKS_ADDON_MANAGEMENT", "autoEnable", "ALL"))), () =>
                report(
                    'GuardDuty EKS Runtime Monitoring must be on in every member account; add OrganizationConfigurationFeature { name: "RUNTIME_MONITORING", autoEnable: "ALL", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" }] }.',
                    c.urn,
                ),
            );
        }
        v.settle();
    },
};

/**
 * The protection plans besides EKS (guardduty-eks-protection's), each a detector feature and, where
 * the stack runs the organization configuration, auto-enabled for every member: FSBP GuardDuty.6
 * (Lambda: LAMBDA_NETWORK_LOGS), .8 (Malware Protection for EC2: EBS_MALWARE_PROTECTION), .9 (RDS:
 * RDS_LOGIN_EVENTS), .10 (S3: S3_DATA_EVENTS), .12 and .13 (Runtime Monitoring with the agent managed
 * for ECS Fargate and EC2: ECS_FARGATE_AGENT_MANAGEMENT, EC2_AGENT_MANAGEMENT)
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/guardduty-controls.html,
 * https://docs.aws.amazon.com/guardduty/latest/APIReference/API_DetectorFeatureConfiguration.html, read 2026-12-03).
 */
export const GUARDDUTY_PROTECTION_PLANS: { feature: string; additional?: string[]; what: string }[] = [
    { feature: "LAMBDA_NETWORK_LOGS", what: "Lambda Protection" },
    { feature: "EBS_MALWARE_PROTECTION", what: "Malware Protection for EC2" },
    { feature: "RDS_LOGIN_EVENTS", what: "RDS Protection" },
    { feature: "S3_DATA_EVENTS", what: "S3 Protection" },
    { feature: "RUNTIME_MONITORING", additional: ["ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"], what: "Runtime Monitoring with the agent managed on ECS Fargate and EC2" },
];

export const guarddutyProtectionPlans: StackValidationPolicy = {
    name: "guardduty-protection-plans",
    description: "Checks whether every GuardDuty detector, and its organization configuration for every member, runs Lambda, Malware (EC2), RDS and S3 Protection and Runtime Monitoring with the managed agent for ECS Fargate and EC2.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("fsbp", "GuardDuty.6", "GuardDuty Lambda Protection should be enabled"),
    tags: ["fsbp:GuardDuty.8", "fsbp:GuardDuty.9", "fsbp:GuardDuty.10", "fsbp:GuardDuty.12", "fsbp:GuardDuty.13"],
    remediationSteps:
        'For each aws.guardduty.Detector add DetectorFeature { name, status: "ENABLED" } for LAMBDA_NETWORK_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, S3_DATA_EVENTS and RUNTIME_MONITORING with additionalConfigurations ECS_FARGATE_AGENT_MANAGEMENT and EC2_AGENT_MANAGEMENT ENABLED; with an OrganizationConfiguration, the same as OrganizationConfigurationFeature with autoEnable: "ALL" (components/security OrganizationGuardDuty does both).',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const detectors = ofType(args.resources, T.detector);
        if (detectors.length === 0) {
            args.notApplicable("no GuardDuty detector in this stack");
        }
        const v = new Verdicts(report);
        const configs = ofType(args.resources, T.gdOrgConfig);
        for (const d of detectors) {
            for (const plan of GUARDDUTY_PROTECTION_PLANS) {
                const on = someFeature(d, args.resources, T.detectorFeature, [plan.feature], (f) =>
                    allOf([test(read<string>(f.props, "status"), (x) => x === "ENABLED"), ...(plan.additional ?? []).map((a) => additional(f, a, "status", "ENABLED"))]),
                );
                v.when(not(on), () => report(`GuardDuty detector must run ${plan.what}; add a DetectorFeature { name: "${plan.feature}", status: "ENABLED"${plan.additional ? `, additionalConfigurations: ${plan.additional.map((a) => `{ name: "${a}", status: "ENABLED" }`).join(", ")}` : ""} }.`, d.urn));
            }
            for (const c of configs.filter((x) => refersTo(x, "detectorId", d))) {
                for (const plan of GUARDDUTY_PROTECTION_PLANS) {
                    const auto = someFeature(d, args.resources, T.gdOrgFeature, [plan.feature], (f) =>
                        allOf([test(read<string>(f.props, "autoEnable"), (x) => x === "ALL"), ...(plan.additional ?? []).map((a) => additional(f, a, "autoEnable", "ALL"))]),
                    );
                    v.when(not(auto), () => report(`GuardDuty ${plan.what} must be on in every member account; add OrganizationConfigurationFeature { name: "${plan.feature}", autoEnable: "ALL"${plan.additional ? " with those additionalConfigurations" : ""} }.`, c.urn));
                }
            }
        }
        v.settle();
    },
};

// --- Security Hub --------------------------------------------------------------------------------

/** Standards a Security Hub account subscribes to, by the path in their ARN (`arn:aws:securityhub:<region>::standards/...`). */
export const REQUIRED_STANDARDS = [
    { key: "standards/aws-foundational-security-best-practices/v/1.0.0", what: "AWS Foundational Security Best Practices v1.0.0" },
    { key: "standards/cis-aws-foundations-benchmark/v/3.0.0", what: "CIS AWS Foundations Benchmark v3.0.0" },
];

export const securityhubStandards: StackValidationPolicy = {
    name: "securityhub-standards",
    description:
        "Checks whether Security Hub runs the AWS Foundational Security Best Practices and CIS AWS Foundations 3.0.0 standards, through the account's subscriptions or a central configuration policy that is on and associated.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "securityhub-standards", "Security Hub runs the FSBP and CIS AWS Foundations 3.0.0 standards"),
    tags: [],
    remediationSteps:
        "With central configuration: an aws.securityhub.ConfigurationPolicy with serviceEnabled: true and enabledStandardArns listing ...::standards/aws-foundational-security-best-practices/v/1.0.0 and ...::standards/cis-aws-foundations-benchmark/v/3.0.0, " +
        "associated (aws.securityhub.ConfigurationPolicyAssociation) with the organization root. Without it: aws.securityhub.StandardsSubscription for both ARNs beside the aws.securityhub.Account.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const accounts = ofType(args.resources, T.hubAccount);
        const policies = ofType(args.resources, T.hubPolicy);
        if (accounts.length === 0 && policies.length === 0) {
            args.notApplicable("no Security Hub account or configuration policy in this stack");
        }
        const v = new Verdicts(report);
        const associations = ofType(args.resources, T.hubPolicyAssociation);
        const fromPolicies: Maybe<string>[] = [];
        for (const p of policies) {
            const body = read<unknown>(p.props, "configurationPolicy");
            const enabled = body instanceof Undecided ? body : test(read<unknown>(body, "serviceEnabled"), isTrue);
            v.when(not(enabled), () => report("Security Hub configuration policy must turn Security Hub on; set configurationPolicy.serviceEnabled: true.", p.urn));
            if (!(body instanceof Undecided)) {
                fromPolicies.push(...readList<string>(body, "enabledStandardArns"));
            } else {
                fromPolicies.push(body);
            }
            if (!associations.some((a) => refersTo(a, "policyId", p))) {
                v.fail("Security Hub configuration policy applies to no account; associate it with the organization root (aws.securityhub.ConfigurationPolicyAssociation with policyId: this policy's id).", p.urn);
            }
        }
        const arns = [...ofType(args.resources, T.hubStandards).map((s) => read<string>(s.props, "standardsArn")), ...fromPolicies];
        const anchor = (policies[0] ?? accounts[0]).urn;
        for (const std of REQUIRED_STANDARDS) {
            const subscribed = anyOf(arns.map((a) => test(a, (x) => typeof x === "string" && x.endsWith(`::${std.key}`))));
            v.when(not(subscribed), () =>
                report(`Security Hub must run ${std.what}; list arn:<partition>:securityhub:<region>::${std.key} in the configuration policy's enabledStandardArns, or add an aws.securityhub.StandardsSubscription for it.`, anchor),
            );
        }
        v.settle();
    },
};

// --- AWS Config ----------------------------------------------------------------------------------

const CONFIG_SLR = /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

/** Whether a recorder's role is AWS Config's service-linked role: by its ARN, or by reference to a ServiceLinkedRole of config.amazonaws.com. */
function usesConfigServiceLinkedRole(recorder: PolicyResource, resources: PolicyResource[]): Tri {
    const slrs = ofType(resources, T.serviceLinkedRole).filter((r) => read<string>(r.props, "awsServiceName") === "config.amazonaws.com");
    if (slrs.some((r) => refersTo(recorder, "roleArn", r))) {
        return true;
    }
    return test(read<string>(recorder.props, "roleArn"), (arn) => typeof arn === "string" && CONFIG_SLR.test(arn));
}

export const configRecorderEnabled: StackValidationPolicy = {
    name: "config-recorder-enabled",
    description: "Checks whether every AWS Config recorder records all resource types, global ones included, is started, delivers, and uses Config's service-linked role.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("fsbp", "Config.1", "AWS Config should be enabled and use the service-linked role for resource recording"),
    tags: [],
    remediationSteps:
        "On aws.cfg.Recorder: roleArn = arn:<partition>:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig (or an aws.iam.ServiceLinkedRole for config.amazonaws.com), " +
        "recordingGroup { allSupported: true, includeGlobalResourceTypes: true }; add aws.cfg.RecorderStatus { name: the recorder's name, isEnabled: true } and an aws.cfg.DeliveryChannel.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const recorders = ofType(args.resources, T.recorder);
        if (recorders.length === 0) {
            args.notApplicable("no AWS Config recorder in this stack");
        }
        const v = new Verdicts(report);
        const statuses = ofType(args.resources, T.recorderStatus);
        for (const r of recorders) {
            v.when(not(usesConfigServiceLinkedRole(r, args.resources)), () =>
                report(`AWS Config recorder must use Config's service-linked role; set roleArn to .../aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig (was ${show(read(r.props, "roleArn"))}).`, r.urn),
            );
            const group = read<unknown>(r.props, "recordingGroup");
            // Unset: all supported types, global types not included.
            const allSupported = group === undefined ? true : group instanceof Undecided ? group : test(read<unknown>(group, "allSupported"), (a) => !isFalse(a));
            const global = group === undefined ? false : group instanceof Undecided ? group : test(read<unknown>(group, "includeGlobalResourceTypes"), isTrue);
            v.when(not(allSupported), () => report("AWS Config recorder must record all supported resource types; set recordingGroup.allSupported: true.", r.urn));
            v.when(not(global), () => report("AWS Config recorder must include global resource types (IAM); set recordingGroup.includeGlobalResourceTypes: true (unset means false).", r.urn));
            const name = read<string>(r.props, "name");
            const mine = statuses.filter((s) => refersTo(s, "name", r, [name instanceof Undecided ? undefined : (name ?? "default")]));
            if (mine.length === 0) {
                v.fail("AWS Config recorder is never started; add an aws.cfg.RecorderStatus with name: the recorder's name and isEnabled: true.", r.urn);
            }
            for (const s of mine) {
                v.when(test(read<unknown>(s.props, "isEnabled"), (e) => !isTrue(e)), () => report("AWS Config recorder must be recording; set isEnabled: true on its RecorderStatus.", s.urn));
            }
        }
        if (ofType(args.resources, T.deliveryChannel).length === 0) {
            v.fail("AWS Config has no delivery channel, so the recorder cannot start; add an aws.cfg.DeliveryChannel to the log archive bucket.", recorders[0].urn);
        }
        v.settle();
    },
};

// --- IAM Access Analyzer -------------------------------------------------------------------------

export const accessAnalyzerEnabled: StackValidationPolicy = {
    name: "access-analyzer-enabled",
    description: "Checks whether a stack of the detection layer has an IAM Access Analyzer.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "access-analyzer-enabled", "An IAM Access Analyzer watches the account or organization in each region the detection layer covers"),
    tags: [],
    remediationSteps: 'Add an aws.accessanalyzer.Analyzer with type "ORGANIZATION" (in the delegated administrator) or "ACCOUNT", in every region the detection layer covers.',
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const detection = args.resources.filter((r) => DETECTION_TYPES.includes(r.type));
        if (detection.length === 0) {
            args.notApplicable("no detection-layer resource (trail, detector, Security Hub, Config recorder) in this stack");
        }
        const analyzers = ofType(args.resources, T.analyzer);
        if (analyzers.length === 0) {
            report("This detection-layer stack has no IAM Access Analyzer; add an aws.accessanalyzer.Analyzer (type ORGANIZATION or ACCOUNT).", detection[0].urn);
            return;
        }
        const v = new Verdicts(report);
        const types: Maybe<string>[] = analyzers.map((a) => read<string>(a.props, "type"));
        // Unused-access analyzers (ACCOUNT_UNUSED_ACCESS, ORGANIZATION_UNUSED_ACCESS) do not report external access.
        const external = anyOf(types.map((t) => test(t, (x) => x === undefined || x === "ACCOUNT" || x === "ORGANIZATION")));
        v.when(not(external), () => report('IAM Access Analyzer must analyze external access; add one with type "ORGANIZATION" or "ACCOUNT" (unused-access analyzers do not).', analyzers[0].urn));
        v.settle();
    },
};

export const detectionPolicies: Policies = [
    cloudtrailMultiRegion,
    cloudtrailLogFileValidation,
    cloudtrailKmsEncryption,
    cloudtrailCloudwatchLogs,
    cloudtrailOrganizationTrail,
    cloudtrailS3DataEventsWrite,
    cloudtrailS3DataEventsRead,
    cloudtrailBucketAccessLogging,
    guarddutyEnabled,
    guarddutyEksProtection,
    guarddutyOrganizationAutoEnable,
    guarddutyProtectionPlans,
    securityhubStandards,
    configRecorderEnabled,
    accessAnalyzerEnabled,
];
