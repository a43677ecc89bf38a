import { expect } from "chai";
import {
    accessAnalyzerEnabled,
    cloudtrailBucketAccessLogging,
    cloudtrailCloudwatchLogs,
    cloudtrailKmsEncryption,
    cloudtrailLogFileValidation,
    cloudtrailMultiRegion,
    cloudtrailOrganizationTrail,
    cloudtrailS3DataEventsRead,
    cloudtrailS3DataEventsWrite,
    configRecorderEnabled,
    DETECTION_TYPES,
    GUARDDUTY_PROTECTION_PLANS,
    guarddutyEksProtection,
    guarddutyEnabled,
    guarddutyOrganizationAutoEnable,
    guarddutyProtectionPlans,
    REQUIRED_STANDARDS,
    securityhubStandards,
} from "../../../policy-packs/aws-baseline/policies/detection";
import { expectUnknown, notApplicableReason, ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";

/**
 * The detection-layer rules (CloudTrail, GuardDuty, Security Hub, AWS Config, Access Analyzer),
 * one condition at a time (issue #15): each case fails if the rule stops catching it, or starts
 * refusing what it must allow. detection.test.ts describes the rules.
 */

const TRAIL = "aws:cloudtrail/trail:Trail";
const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const LOGGING_V2 = "aws:s3/bucketLoggingV2:BucketLoggingV2";
const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const GD_ORG = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const GD_ORG_FEATURE = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature";
const HUB = "aws:securityhub/account:Account";
const HUB_ORG = "aws:securityhub/organizationConfiguration:OrganizationConfiguration";
const STANDARDS = "aws:securityhub/standardsSubscription:StandardsSubscription";
const POLICY = "aws:securityhub/configurationPolicy:ConfigurationPolicy";
const ASSOCIATION = "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation";
const RECORDER = "aws:cfg/recorder:Recorder";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const SLR = "aws:iam/serviceLinkedRole:ServiceLinkedRole";
const ANALYZER = "aws:accessanalyzer/analyzer:Analyzer";

/** A resource whose inputs were built from other resources (the engine's property dependencies). */
const on = (type: string, name: string, inputs: Record<string, unknown>, links: Record<string, ResourceSpec>): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: Object.fromEntries(Object.entries(links).map(([k, t]) => [k, [t.urn!]])), dependencies: Object.values(links).map((t) => t.urn!) });

const GOOD_TRAIL = {
    name: "org",
    s3BucketName: "log-archive",
    isMultiRegionTrail: true,
    isOrganizationTrail: true,
    enableLogFileValidation: true,
    kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/trail",
    cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:111111111111:log-group:trail:*",
    cloudWatchLogsRoleArn: "arn:aws:iam::111111111111:role/trail-logs",
};
const trail = (change: Record<string, unknown> = {}) => r(TRAIL, "org", { ...GOOD_TRAIL, ...change });

describe("cloudtrail-multi-region, condition by condition", () => {
    const MGMT_MSG = 'CloudTrail trail must record read and write management events; use an event selector with includeManagementEvents: true and readWriteType: "All" (or no selectors).';
    const run = async (change: Record<string, unknown>) => runPolicy(cloudtrailMultiRegion, trail(change));

    it('accepts isMultiRegionTrail "true" (a string) and rejects false', async () => {
        expect((await run({ isMultiRegionTrail: "true" })).outcome).to.equal("pass");
        expect((await run({ isMultiRegionTrail: false })).reported).to.deep.equal(["CloudTrail trail must record every Region; set isMultiRegionTrail: true (unset means false)."]);
    });
    it('rejects enableLogging "false" and includeGlobalServiceEvents "false" (strings), and passes both true', async () => {
        expect((await run({ enableLogging: "false" })).reported).to.deep.equal(["CloudTrail trail must be logging; remove enableLogging: false."]);
        expect((await run({ includeGlobalServiceEvents: "false" })).reported).to.deep.equal([
            "CloudTrail trail must include global service events (IAM, STS, CloudFront); remove includeGlobalServiceEvents: false.",
        ]);
        expect((await run({ enableLogging: true, includeGlobalServiceEvents: true })).outcome).to.equal("pass");
    });
    it("reports every failed setting of one trail, in order", async () => {
        expect((await run({ isMultiRegionTrail: false, enableLogging: false, includeGlobalServiceEvents: false, eventSelectors: [{ readWriteType: "ReadOnly" }] })).reported).to.deep.equal([
            "CloudTrail trail must record every Region; set isMultiRegionTrail: true (unset means false).",
            "CloudTrail trail must be logging; remove enableLogging: false.",
            "CloudTrail trail must include global service events (IAM, STS, CloudFront); remove includeGlobalServiceEvents: false.",
            MGMT_MSG,
        ]);
    });
    it('basic selectors: rejects includeManagementEvents "false" and readWriteType ReadOnly; passes readWriteType All', async () => {
        expect((await run({ eventSelectors: [{ includeManagementEvents: "false", readWriteType: "All" }] })).reported).to.deep.equal([MGMT_MSG]);
        expect((await run({ eventSelectors: [{ includeManagementEvents: true, readWriteType: "ReadOnly" }] })).reported).to.deep.equal([MGMT_MSG]);
        expect((await run({ eventSelectors: [{ includeManagementEvents: true, readWriteType: "All" }] })).outcome).to.equal("pass");
    });
    it("basic selectors: one selector of all management events is enough beside a data-only one", async () => {
        expect((await run({ eventSelectors: [{ includeManagementEvents: false }, { includeManagementEvents: true }] })).outcome).to.equal("pass");
    });
    it("advanced selectors: Management among other categories passes; Data only, or no eventCategory, fails", async () => {
        const adv = (...fieldSelectors: Record<string, unknown>[]) => ({ advancedEventSelectors: [{ fieldSelectors }] });
        expect((await run(adv({ field: "eventCategory", equals: ["Data", "Management"] }))).outcome).to.equal("pass");
        expect((await run(adv({ field: "eventCategory", equals: ["Data"] }))).reported).to.deep.equal([MGMT_MSG]);
        expect((await run(adv({ field: "eventSource", equals: ["s3.amazonaws.com"] }))).reported).to.deep.equal([MGMT_MSG]);
    });
    it("can't decide before apply: a basic selector, an advanced selector, its field list, a field or its values unknown", async () => {
        expectUnknown(await run({ eventSelectors: [{ includeManagementEvents: false }, "<computed>"] }), "eventSelectors.1");
        expectUnknown(await run({ eventSelectors: [{ includeManagementEvents: "<computed>" }] }), "eventSelectors.0.includeManagementEvents");
        expectUnknown(await run({ eventSelectors: [{ readWriteType: "<computed>" }] }), "eventSelectors.0.readWriteType");
        expectUnknown(await run({ advancedEventSelectors: ["<computed>"] }), "advancedEventSelectors.0");
        expectUnknown(await run({ advancedEventSelectors: [{ fieldSelectors: "<computed>" }] }), "advancedEventSelectors.0.fieldSelectors");
        expectUnknown(await run({ advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, "<computed>"] }] }), "advancedEventSelectors.0.fieldSelectors.1");
        expectUnknown(await run({ advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["<computed>"] }] }] }), "advancedEventSelectors.0.fieldSelectors.0.equals.0");
    });
    it("a decided failure wins over an unknown selector", async () => {
        const r = await run({ isMultiRegionTrail: false, eventSelectors: "<computed>" });
        expect(r.reported).to.deep.equal(["CloudTrail trail must record every Region; set isMultiRegionTrail: true (unset means false)."]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

describe("CloudTrail log validation, KMS, CloudWatch Logs, organization trail, condition by condition", () => {
    it('cloudtrail-log-file-validation: accepts "true" (a string), rejects false', async () => {
        expect((await runPolicy(cloudtrailLogFileValidation, trail({ enableLogFileValidation: "true" }))).outcome).to.equal("pass");
        expect((await runPolicy(cloudtrailLogFileValidation, trail({ enableLogFileValidation: false }))).reported).to.deep.equal([
            "CloudTrail log file validation must be on; set enableLogFileValidation: true (unset means false).",
        ]);
    });
    it('cloudtrail-kms-encryption: rejects an empty kmsKeyId ""', async () => {
        expect((await runPolicy(cloudtrailKmsEncryption, trail({ kmsKeyId: "" }))).reported).to.deep.equal([
            "CloudTrail log files must be encrypted with a KMS key; set kmsKeyId (SSE-S3 alone does not meet the control).",
        ]);
    });
    it("cloudtrail-cloudwatch-logs: names each missing setting, both joined by and; a computed ARN counts as set", async () => {
        const run = (change: Record<string, unknown>) => runPolicy(cloudtrailCloudwatchLogs, trail(change), {}, "advisory");
        expect((await run({ cloudWatchLogsGroupArn: undefined, cloudWatchLogsRoleArn: undefined })).reported).to.deep.equal([
            "CloudTrail trail should deliver to CloudWatch Logs for alerting; set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn.",
        ]);
        expect((await run({ cloudWatchLogsGroupArn: undefined })).reported).to.deep.equal(["CloudTrail trail should deliver to CloudWatch Logs for alerting; set cloudWatchLogsGroupArn."]);
        expect((await run({ cloudWatchLogsGroupArn: "<computed>", cloudWatchLogsRoleArn: "<computed>" })).outcome).to.equal("pass");
    });
    it('cloudtrail-organization-trail: accepts "true" (a string), rejects unset', async () => {
        expect((await runPolicy(cloudtrailOrganizationTrail, trail({ isOrganizationTrail: "true" }), {}, "advisory")).outcome).to.equal("pass");
        expect((await runPolicy(cloudtrailOrganizationTrail, trail({ isOrganizationTrail: undefined }), {}, "advisory")).reported).to.have.length(1);
    });
});

describe("cloudtrail-s3-data-events-write / -read, condition by condition", () => {
    const WRITE = /^CloudTrail trail does not record S3 object-level write events for all buckets/;
    const READ = /^CloudTrail trail does not record S3 object-level read events for all buckets/;
    /** [write passes, read passes] */
    const both = async (change: Record<string, unknown>) => {
        const w = await runPolicy(cloudtrailS3DataEventsWrite, trail(change), {}, "advisory");
        const rd = await runPolicy(cloudtrailS3DataEventsRead, trail(change), {}, "advisory");
        for (const [x, message] of [[w, WRITE], [rd, READ]] as const) {
            expect(x.reported).to.have.length(x.outcome === "fail" ? 1 : 0);
            x.reported.forEach((m) => expect(m).to.match(message));
        }
        return [w.outcome, rd.outcome];
    };
    const basic = (dataResources: unknown, extra: Record<string, unknown> = {}) => ({ eventSelectors: [{ includeManagementEvents: true, dataResources, ...extra }] });
    const S3_ALL = [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }];
    const adv = (...fieldSelectors: unknown[]) => ({ advancedEventSelectors: [{ fieldSelectors }] });
    const DATA = { field: "eventCategory", equals: ["Data"] };
    const S3 = { field: "resources.type", equals: ["AWS::S3::Object"] };

    it("basic selectors: readWriteType All, ReadOnly and WriteOnly each cover their kind", async () => {
        expect(await both(basic(S3_ALL, { readWriteType: "All" }))).to.deep.equal(["pass", "pass"]);
        expect(await both(basic(S3_ALL, { readWriteType: "ReadOnly" }))).to.deep.equal(["fail", "pass"]);
        expect(await both(basic(S3_ALL, { readWriteType: "WriteOnly" }))).to.deep.equal(["pass", "fail"]);
    });
    it("basic selectors: an all-buckets value among others passes; another data resource type fails", async () => {
        expect(await both(basic([{ type: "AWS::S3::Object", values: ["arn:aws:s3:::one/", "arn:aws:s3:::"] }]))).to.deep.equal(["pass", "pass"]);
        expect(await both(basic([{ type: "AWS::Lambda::Function", values: ["arn:aws:s3"] }]))).to.deep.equal(["fail", "fail"]);
        expect(await both(basic([{ type: "AWS::Lambda::Function", values: ["arn:aws:lambda"] }, ...S3_ALL]))).to.deep.equal(["pass", "pass"]);
    });
    it("basic selectors: can't decide a selector, its data resources, one of them, its type, values or readWriteType unknown", async () => {
        const cases: [Record<string, unknown>, string][] = [
            [{ eventSelectors: ["<computed>"] }, "eventSelectors.0"],
            [basic("<computed>"), "eventSelectors.0.dataResources"],
            [basic(["<computed>"]), "eventSelectors.0.dataResources.0"],
            [basic([{ type: "<computed>", values: ["arn:aws:s3"] }]), "eventSelectors.0.dataResources.0.type"],
            [basic([{ type: "AWS::S3::Object", values: ["<computed>"] }]), "eventSelectors.0.dataResources.0.values.0"],
            [basic(S3_ALL, { readWriteType: "<computed>" }), "eventSelectors.0.readWriteType"],
        ];
        for (const [change, path] of cases) {
            expectUnknown(await runPolicy(cloudtrailS3DataEventsWrite, trail(change), {}, "advisory"), path);
            expectUnknown(await runPolicy(cloudtrailS3DataEventsRead, trail(change), {}, "advisory"), path);
        }
    });
    it("advanced selectors: readOnly false covers write only, readOnly true read only", async () => {
        expect(await both(adv(DATA, S3, { field: "readOnly", equals: ["false"] }))).to.deep.equal(["pass", "fail"]);
        expect(await both(adv(DATA, S3, { field: "readOnly", equals: ["true"] }))).to.deep.equal(["fail", "pass"]);
        expect(await both(adv(DATA, S3))).to.deep.equal(["pass", "pass"]);
    });
    it("advanced selectors: each of eventCategory and resources.type must be exactly the one value", async () => {
        expect(await both(adv({ field: "eventCategory", equals: ["Data", "Management"] }, S3))).to.deep.equal(["fail", "fail"]);
        expect(await both(adv({ field: "eventCategory", equals: ["Management"] }, S3))).to.deep.equal(["fail", "fail"]);
        expect(await both(adv(DATA, { field: "resources.type", equals: ["AWS::S3::Object", "AWS::Lambda::Function"] }))).to.deep.equal(["fail", "fail"]);
        expect(await both(adv(S3))).to.deep.equal(["fail", "fail"]);
        expect(await both(adv(DATA))).to.deep.equal(["fail", "fail"]);
        // A value that is not a string is no value (only strings are read).
        expect(await both(adv({ field: "eventCategory", equals: ["Data", 7] }, S3))).to.deep.equal(["pass", "pass"]);
    });
    it("advanced selectors: any other field narrows the selection (eventSource, resources.ARN)", async () => {
        expect(await both(adv(DATA, S3, { field: "eventSource", equals: ["s3.amazonaws.com"] }))).to.deep.equal(["fail", "fail"]);
        expect(await both(adv(DATA, S3, { field: "resources.ARN", startsWith: ["arn:aws:s3:::b/"] }))).to.deep.equal(["fail", "fail"]);
    });
    it("advanced selectors: one selector of all S3 objects is enough beside a narrowed one", async () => {
        expect(await both({ advancedEventSelectors: [{ fieldSelectors: [DATA, S3, { field: "eventName", equals: ["PutObject"] }] }, { fieldSelectors: [DATA, S3] }] })).to.deep.equal(["pass", "pass"]);
    });
    it("advanced selectors: can't decide a selector or a field selector unknown", async () => {
        expectUnknown(await runPolicy(cloudtrailS3DataEventsWrite, trail({ advancedEventSelectors: ["<computed>"] }), {}, "advisory"), "advancedEventSelectors.0");
        expectUnknown(await runPolicy(cloudtrailS3DataEventsRead, trail(adv(DATA, "<computed>")), {}, "advisory"), "advancedEventSelectors.0.fieldSelectors.1");
    });
});

describe("cloudtrail-bucket-access-logging, condition by condition", () => {
    const run = (resources: ResourceSpec[]) => runPolicy(cloudtrailBucketAccessLogging, resources, {}, "advisory");
    const NO_LOGGING = "CloudTrail's bucket must log server access; add an aws.s3.BucketLogging for it with targetBucket set to a separate access-log bucket.";
    const ITSELF = "CloudTrail's bucket must not log server access into itself; set targetBucket to a separate access-log bucket.";

    it("says why it does not apply: no trail, or the trail's bucket elsewhere", async () => {
        expect(await notApplicableReason(cloudtrailBucketAccessLogging, [r(BUCKET, "b", { bucket: "log-archive" })])).to.equal("no CloudTrail trail in this stack");
        expect(await notApplicableReason(cloudtrailBucketAccessLogging, [trail(), r(BUCKET, "other", { bucket: "other" })])).to.equal(
            "the trails' buckets are declared in another stack, whose s3-access-logging checks them",
        );
    });
    it("holds a BucketV2 and a BucketLoggingV2 like their v1 types", async () => {
        const b = r(BUCKET_V2, "log-archive", { bucket: "log-archive" });
        const missing = await run([trail(), b]);
        expect(missing.reported).to.deep.equal([NO_LOGGING]);
        expect(missing.findings[0].urn).to.equal(b.urn);
        expect((await run([trail(), b, r(LOGGING_V2, "l", { bucket: "log-archive", targetBucket: "access-logs" })])).outcome).to.equal("pass");
    });
    it("a logging of another bucket does not count", async () => {
        const b = r(BUCKET, "log-archive", { bucket: "log-archive" });
        expect((await run([trail(), b, r(LOGGING, "l", { bucket: "other", targetBucket: "access-logs" })])).reported).to.deep.equal([NO_LOGGING]);
    });
    it("rejects a target that refers to the bucket itself by dependency, reported on the logging", async () => {
        const b = r(BUCKET, "auto", {});
        const t = on(TRAIL, "org", { ...GOOD_TRAIL, s3BucketName: "<computed>" }, { s3BucketName: b });
        const l = on(LOGGING, "l", { bucket: "<computed>", targetBucket: "<computed>" }, { bucket: b, targetBucket: b });
        const res = await run([t, b, l]);
        expect(res.reported).to.deep.equal([ITSELF]);
        expect(res.findings[0].urn).to.equal(l.urn);
    });
    it("a bucket whose name is unknown is not its own target by a name it has not got", async () => {
        const b = r(BUCKET, "auto", { bucket: "<computed>" });
        const t = on(TRAIL, "org", { ...GOOD_TRAIL, s3BucketName: "<computed>" }, { s3BucketName: b });
        const l = on(LOGGING, "l", { bucket: "<computed>" }, { bucket: b });
        expect((await run([t, b, l])).outcome).to.equal("pass");
    });
});

describe("GuardDuty detector rules, condition by condition", () => {
    const detector = r(DETECTOR, "gd", { enable: true });
    const feature = (name: string, inputs: Record<string, unknown>, d = detector) => on(FEATURE, name, { detectorId: "<computed>", ...inputs }, { detectorId: d });
    const audit = feature("audit", { name: "EKS_AUDIT_LOGS", status: "ENABLED" });
    const runtime = (inputs: Record<string, unknown> = {}) =>
        feature("runtime", { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }], ...inputs });
    const AUDIT_MSG = 'GuardDuty detector must monitor EKS audit logs; add a DetectorFeature { name: "EKS_AUDIT_LOGS", status: "ENABLED" }.';
    const RUNTIME_MSG =
        'GuardDuty detector must run EKS Runtime Monitoring with the managed agent; add a DetectorFeature { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] }.';

    it('guardduty-enabled: rejects enable "false" (a string), passes true', async () => {
        expect((await runPolicy(guarddutyEnabled, r(DETECTOR, "d", { enable: "false" }))).reported).to.deep.equal(["GuardDuty detector must be enabled; remove enable: false."]);
        expect((await runPolicy(guarddutyEnabled, r(DETECTOR, "d", { enable: true }))).outcome).to.equal("pass");
    });
    it("guardduty-eks-protection: says why it does not apply", async () => {
        expect(await notApplicableReason(guarddutyEksProtection, [r(HUB, "hub", {})])).to.equal("no GuardDuty detector in this stack");
    });
    it('guardduty-eks-protection: the legacy audit-log data source "true" (a string) counts; false does not', async () => {
        const legacy = (enable: unknown) => r(DETECTOR, "gd", { datasources: { kubernetes: { auditLogs: { enable } } } });
        expect((await runPolicy(guarddutyEksProtection, [legacy("true"), runtime()])).outcome).to.equal("pass");
        expect((await runPolicy(guarddutyEksProtection, [legacy(false), runtime()])).reported).to.deep.equal([AUDIT_MSG]);
    });
    it("guardduty-eks-protection: data sources unknown until apply and no audit feature: undecided, not a failure", async () => {
        expectUnknown(await runPolicy(guarddutyEksProtection, [r(DETECTOR, "gd", { datasources: "<computed>" }), runtime()]), "datasources");
    });
    it("guardduty-eks-protection: rejects an audit feature DISABLED, and features of another detector; reports on the detector", async () => {
        const res = await runPolicy(guarddutyEksProtection, [detector, runtime(), feature("audit", { name: "EKS_AUDIT_LOGS", status: "DISABLED" })]);
        expect(res.reported).to.deep.equal([AUDIT_MSG]);
        expect(res.findings[0].urn).to.equal(detector.urn);
        const other = r(DETECTOR, "other", {});
        const theirs = await runPolicy(guarddutyEksProtection, [detector, other, audit, runtime()]);
        expect(theirs.reported).to.deep.equal([AUDIT_MSG, RUNTIME_MSG]);
        expect(theirs.findings.map((f) => f.urn)).to.deep.equal([other.urn, other.urn]);
    });
    it("guardduty-eks-protection: EKS_RUNTIME_MONITORING with the add-on counts; the add-on DISABLED, another add-on, or none does not", async () => {
        expect((await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ name: "EKS_RUNTIME_MONITORING" })])).outcome).to.equal("pass");
        for (const additionalConfigurations of [[{ name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" }], [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }], []]) {
            expect((await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ additionalConfigurations })])).reported).to.deep.equal([RUNTIME_MSG]);
        }
        expect((await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ name: "S3_DATA_EVENTS" })])).reported).to.deep.equal([RUNTIME_MSG]);
        expect((await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ status: "DISABLED" })])).reported).to.deep.equal([RUNTIME_MSG]);
    });
    it("guardduty-eks-protection: an add-on among others counts", async () => {
        const additionalConfigurations = [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }, { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }];
        expect((await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ additionalConfigurations })])).outcome).to.equal("pass");
    });
    it("guardduty-eks-protection: can't decide an add-on list, an add-on, a feature's status or name unknown", async () => {
        expectUnknown(await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ additionalConfigurations: "<computed>" })]), "additionalConfigurations");
        expectUnknown(await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ additionalConfigurations: ["<computed>"] })]), "additionalConfigurations.0");
        expectUnknown(await runPolicy(guarddutyEksProtection, [detector, audit, runtime({ status: "<computed>" })]), "status");
        expectUnknown(await runPolicy(guarddutyEksProtection, [detector, runtime(), feature("audit", { name: "<computed>", status: "ENABLED" })]), "name");
    });
});

describe("guardduty-organization-auto-enable, condition by condition", () => {
    const detector = r(DETECTOR, "gd", {});
    const org = (inputs: Record<string, unknown> = {}, d: ResourceSpec | undefined = detector) =>
        d ? on(GD_ORG, "org", { detectorId: "<computed>", autoEnableOrganizationMembers: "ALL", ...inputs }, { detectorId: d }) : r(GD_ORG, "org", { detectorId: "abc", autoEnableOrganizationMembers: "ALL", ...inputs });
    const feature = (name: string, inputs: Record<string, unknown>, d = detector) => on(GD_ORG_FEATURE, name, { detectorId: "<computed>", ...inputs }, { detectorId: d });
    const audit = feature("org-audit", { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" });
    const runtime = (inputs: Record<string, unknown> = {}, d = detector) =>
        feature("org-runtime", { name: "RUNTIME_MONITORING", autoEnable: "ALL", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" }], ...inputs }, d);
    const run = (resources: ResourceSpec[]) => runPolicy(guarddutyOrganizationAutoEnable, resources, {}, "advisory");
    const AUDIT_MSG = 'GuardDuty EKS audit log monitoring must be on in every member account; add OrganizationConfigurationFeature { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" }.';
    const RUNTIME_MSG =
        'GuardDuty EKS Runtime Monitoring must be on in every member account; add OrganizationConfigurationFeature { name: "RUNTIME_MONITORING", autoEnable: "ALL", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" }] }.';

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(guarddutyOrganizationAutoEnable, [detector])).to.equal("no GuardDuty organization configuration in this stack (the delegated administrator's stack has it)");
    });
    it("rejects members unset, reported on the configuration", async () => {
        const c = org({ autoEnableOrganizationMembers: undefined });
        const res = await run([detector, c, audit, runtime()]);
        expect(res.reported).to.deep.equal(['GuardDuty must be on in every member account, existing and new; set autoEnableOrganizationMembers: "ALL" (was undefined).']);
        expect(res.findings[0].urn).to.equal(c.urn);
    });
    it("with no detector to link, every organization feature of the stack counts", async () => {
        expect((await run([org({}, undefined), audit, runtime()])).outcome).to.equal("pass");
    });
    it("features of another detector do not count for this configuration's", async () => {
        const other = r(DETECTOR, "other", {});
        expect((await run([detector, other, org(), feature("org-audit", { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" }, other), runtime({}, other)])).reported).to.deep.equal([AUDIT_MSG, RUNTIME_MSG]);
    });
    it("EKS_RUNTIME_MONITORING counts for runtime (not for audit); the add-on NEW or missing does not", async () => {
        expect((await run([detector, org(), audit, runtime({ name: "EKS_RUNTIME_MONITORING" })])).outcome).to.equal("pass");
        expect((await run([detector, org(), feature("org-audit", { name: "EKS_RUNTIME_MONITORING", autoEnable: "ALL" }), runtime()])).reported).to.deep.equal([AUDIT_MSG]);
        expect((await run([detector, org(), runtime({ additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "NEW" }] }), audit])).reported).to.deep.equal([RUNTIME_MSG]);
        expect((await run([detector, org(), runtime({ additionalConfigurations: [] }), audit])).reported).to.deep.equal([RUNTIME_MSG]);
        expect((await run([detector, org(), runtime({ autoEnable: "NEW" }), audit])).reported).to.deep.equal([RUNTIME_MSG]);
        expect((await run([detector, org(), runtime({ name: "S3_DATA_EVENTS" })])).reported).to.deep.equal([AUDIT_MSG, RUNTIME_MSG]);
    });
    it("can't decide a feature's name, autoEnable or add-on unknown", async () => {
        expectUnknown(await run([detector, org(), audit, runtime({ name: "<computed>" })]), "name");
        expectUnknown(await run([detector, org(), audit, runtime({ autoEnable: "<computed>" })]), "autoEnable");
        expectUnknown(await run([detector, org(), audit, runtime({ additionalConfigurations: ["<computed>"] })]), "additionalConfigurations.0");
    });
});

describe("guardduty-protection-plans, condition by condition", () => {
    const detector = r(DETECTOR, "gd", {});
    const org = on(GD_ORG, "org", { detectorId: "<computed>", autoEnableOrganizationMembers: "ALL" }, { detectorId: detector });
    const feature = (plan: (typeof GUARDDUTY_PROTECTION_PLANS)[number], inputs: Record<string, unknown> = {}, d = detector) =>
        on(FEATURE, `f-${plan.feature}`, { detectorId: "<computed>", name: plan.feature, status: "ENABLED", additionalConfigurations: (plan.additional ?? []).map((name) => ({ name, status: "ENABLED" })), ...inputs }, { detectorId: d });
    const orgFeature = (plan: (typeof GUARDDUTY_PROTECTION_PLANS)[number], inputs: Record<string, unknown> = {}) =>
        on(GD_ORG_FEATURE, `o-${plan.feature}`, { detectorId: "<computed>", name: plan.feature, autoEnable: "ALL", additionalConfigurations: (plan.additional ?? []).map((name) => ({ name, autoEnable: "ALL" })), ...inputs }, { detectorId: detector });
    const features = GUARDDUTY_PROTECTION_PLANS.map((p) => feature(p));
    const orgFeatures = GUARDDUTY_PROTECTION_PLANS.map((p) => orgFeature(p));
    const runtime = GUARDDUTY_PROTECTION_PLANS.find((p) => p.feature === "RUNTIME_MONITORING")!;
    const s3 = GUARDDUTY_PROTECTION_PLANS.find((p) => p.feature === "S3_DATA_EVENTS")!;
    const replace = (list: ResourceSpec[], by: ResourceSpec) => list.map((x) => (x.name === by.name ? by : x));

    it("holds the five plans, with the agent for ECS Fargate and EC2 under Runtime Monitoring", () => {
        expect(GUARDDUTY_PROTECTION_PLANS).to.deep.equal([
            { feature: "LAMBDA_NETWORK_LOGS", what: "Lambda Protection" },
            { feature: "EBS_MALWARE_PROTECTION", what: "Malware Protection for EC2" },
            { feature: "RDS_LOGIN_EVENTS", what: "RDS Protection" },
            { feature: "S3_DATA_EVENTS", what: "S3 Protection" },
            { feature: "RUNTIME_MONITORING", additional: ["ECS_FARGATE_AGENT_MANAGEMENT", "EC2_AGENT_MANAGEMENT"], what: "Runtime Monitoring with the agent managed on ECS Fargate and EC2" },
        ]);
    });
    it("says why it does not apply", async () => {
        expect(await notApplicableReason(guarddutyProtectionPlans, [org])).to.equal("no GuardDuty detector in this stack");
    });
    it("passes every plan on the detector and for the members", async () => {
        const res = await runPolicy(guarddutyProtectionPlans, [detector, org, ...features, ...orgFeatures]);
        expect(res.messages).to.deep.equal([]);
        expect(res.outcome).to.equal("pass");
    });
    it("names each missing plan exactly, on the detector and on the organization configuration", async () => {
        const res = await runPolicy(guarddutyProtectionPlans, [detector, org]);
        expect(res.reported).to.deep.equal([
            'GuardDuty detector must run Lambda Protection; add a DetectorFeature { name: "LAMBDA_NETWORK_LOGS", status: "ENABLED" }.',
            'GuardDuty detector must run Malware Protection for EC2; add a DetectorFeature { name: "EBS_MALWARE_PROTECTION", status: "ENABLED" }.',
            'GuardDuty detector must run RDS Protection; add a DetectorFeature { name: "RDS_LOGIN_EVENTS", status: "ENABLED" }.',
            'GuardDuty detector must run S3 Protection; add a DetectorFeature { name: "S3_DATA_EVENTS", status: "ENABLED" }.',
            'GuardDuty detector must run Runtime Monitoring with the agent managed on ECS Fargate and EC2; add a DetectorFeature { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }, { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" } }.',
            'GuardDuty Lambda Protection must be on in every member account; add OrganizationConfigurationFeature { name: "LAMBDA_NETWORK_LOGS", autoEnable: "ALL" }.',
            'GuardDuty Malware Protection for EC2 must be on in every member account; add OrganizationConfigurationFeature { name: "EBS_MALWARE_PROTECTION", autoEnable: "ALL" }.',
            'GuardDuty RDS Protection must be on in every member account; add OrganizationConfigurationFeature { name: "RDS_LOGIN_EVENTS", autoEnable: "ALL" }.',
            'GuardDuty S3 Protection must be on in every member account; add OrganizationConfigurationFeature { name: "S3_DATA_EVENTS", autoEnable: "ALL" }.',
            'GuardDuty Runtime Monitoring with the agent managed on ECS Fargate and EC2 must be on in every member account; add OrganizationConfigurationFeature { name: "RUNTIME_MONITORING", autoEnable: "ALL" with those additionalConfigurations }.',
        ]);
        expect(res.findings.map((f) => f.urn)).to.deep.equal([...Array(5).fill(detector.urn), ...Array(5).fill(org.urn)]);
    });
    it("rejects a plan DISABLED, and Runtime Monitoring missing either agent or with one DISABLED", async () => {
        const msg = (plan: typeof s3) => `GuardDuty detector must run ${plan.what}; add a DetectorFeature`;
        const one = async (f: ResourceSpec) => (await runPolicy(guarddutyProtectionPlans, [detector, ...replace(features, f)])).reported.map((m) => m.split(" {")[0]);
        expect(await one(feature(s3, { status: "DISABLED" }))).to.deep.equal([msg(s3)]);
        for (const additionalConfigurations of [
            [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }],
            [{ name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" }],
            [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" }, { name: "EC2_AGENT_MANAGEMENT", status: "DISABLED" }],
        ]) {
            expect(await one(feature(runtime, { additionalConfigurations }))).to.deep.equal([msg(runtime)]);
        }
    });
    it("rejects a member plan NEW, and Runtime Monitoring without either agent auto-enabled", async () => {
        const one = async (f: ResourceSpec) => (await runPolicy(guarddutyProtectionPlans, [detector, org, ...features, ...replace(orgFeatures, f)])).reported;
        expect(await one(orgFeature(s3, { autoEnable: "NEW" }))).to.deep.equal([
            'GuardDuty S3 Protection must be on in every member account; add OrganizationConfigurationFeature { name: "S3_DATA_EVENTS", autoEnable: "ALL" }.',
        ]);
        expect(await one(orgFeature(runtime, { additionalConfigurations: [{ name: "ECS_FARGATE_AGENT_MANAGEMENT", autoEnable: "ALL" }, { name: "EC2_AGENT_MANAGEMENT", autoEnable: "NEW" }] }))).to.have.length(1);
    });
    it("features of another detector do not count, and a configuration of another detector is not judged for this one", async () => {
        const other = r(DETECTOR, "other", {});
        const res = await runPolicy(guarddutyProtectionPlans, [detector, other, org, ...features, ...orgFeatures]);
        expect(res.findings.map((f) => f.urn)).to.deep.equal(Array(5).fill(other.urn));
    });
    it("can't decide a plan's status, name or agent unknown", async () => {
        expectUnknown(await runPolicy(guarddutyProtectionPlans, [detector, ...replace(features, feature(s3, { status: "<computed>" }))]), "status");
        expectUnknown(await runPolicy(guarddutyProtectionPlans, [detector, ...replace(features, feature(s3, { name: "<computed>" }))]), "name");
        expectUnknown(await runPolicy(guarddutyProtectionPlans, [detector, ...replace(features, feature(runtime, { additionalConfigurations: ["<computed>"] }))]), "additionalConfigurations.0");
        expectUnknown(await runPolicy(guarddutyProtectionPlans, [detector, org, ...features, ...replace(orgFeatures, orgFeature(s3, { autoEnable: "<computed>" }))]), "autoEnable");
    });
});

describe("securityhub-standards, condition by condition", () => {
    const FSBP_ARN = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
    const CIS_ARN = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0";
    const hub = r(HUB, "hub", {});
    const sub = (name: string, arn: unknown) => on(STANDARDS, name, { standardsArn: arn }, { standardsArn: hub });
    const policy = (name: string, body: unknown) => r(POLICY, name, { name, configurationPolicy: body });
    const association = (p: ResourceSpec) => on(ASSOCIATION, `${p.name}-root`, { targetId: "r-abcd", policyId: "<computed>" }, { policyId: p });
    const missing = (std: (typeof REQUIRED_STANDARDS)[number]) =>
        `Security Hub must run ${std.what}; list arn:<partition>:securityhub:<region>::${std.key} in the configuration policy's enabledStandardArns, or add an aws.securityhub.StandardsSubscription for it.`;
    const OFF = "Security Hub configuration policy must turn Security Hub on; set configurationPolicy.serviceEnabled: true.";

    it("requires FSBP v1.0.0 and CIS AWS Foundations v3.0.0", () => {
        expect(REQUIRED_STANDARDS).to.deep.equal([
            { key: "standards/aws-foundational-security-best-practices/v/1.0.0", what: "AWS Foundational Security Best Practices v1.0.0" },
            { key: "standards/cis-aws-foundations-benchmark/v/3.0.0", what: "CIS AWS Foundations Benchmark v3.0.0" },
        ]);
    });
    it("says why it does not apply", async () => {
        expect(await notApplicableReason(securityhubStandards, [sub("fsbp", FSBP_ARN)])).to.equal("no Security Hub account or configuration policy in this stack");
    });
    it('accepts serviceEnabled "true" (a string); a policy alone (no account) is judged', async () => {
        const p = policy("p", { serviceEnabled: "true", enabledStandardArns: [FSBP_ARN, CIS_ARN] });
        expect((await runPolicy(securityhubStandards, [p, association(p)])).outcome).to.equal("pass");
        const off = policy("p", { serviceEnabled: false, enabledStandardArns: [FSBP_ARN, CIS_ARN] });
        const res = await runPolicy(securityhubStandards, [off, association(off)]);
        expect(res.reported).to.deep.equal([OFF]);
        expect(res.findings[0].urn).to.equal(off.urn);
    });
    it("a standard's ARN must end in ::<its path>: a longer path that ends alike does not count", async () => {
        expect((await runPolicy(securityhubStandards, [hub, sub("fsbp", FSBP_ARN), sub("cis", "arn:aws:securityhub:eu-west-1::other-standards/cis-aws-foundations-benchmark/v/3.0.0")])).reported).to.deep.equal([
            missing(REQUIRED_STANDARDS[1]),
        ]);
        expect((await runPolicy(securityhubStandards, [hub, sub("fsbp", FSBP_ARN), sub("cis", CIS_ARN)])).outcome).to.equal("pass");
    });
    it("a subscription without a standards ARN counts for nothing", async () => {
        expect((await runPolicy(securityhubStandards, [hub, sub("fsbp", FSBP_ARN), sub("cis", undefined)])).reported).to.deep.equal([missing(REQUIRED_STANDARDS[1])]);
    });
    it("subscriptions and a policy's standards add up; a missing standard is reported on the first policy, else on the account", async () => {
        const p = policy("p", { serviceEnabled: true, enabledStandardArns: [FSBP_ARN] });
        expect((await runPolicy(securityhubStandards, [hub, p, association(p), sub("cis", CIS_ARN)])).outcome).to.equal("pass");
        const onPolicy = await runPolicy(securityhubStandards, [hub, p, association(p)]);
        expect(onPolicy.reported).to.deep.equal([missing(REQUIRED_STANDARDS[1])]);
        expect(onPolicy.findings[0].urn).to.equal(p.urn);
        const onAccount = await runPolicy(securityhubStandards, [hub, sub("cis", CIS_ARN)]);
        expect(onAccount.reported).to.deep.equal([missing(REQUIRED_STANDARDS[0])]);
        expect(onAccount.findings[0].urn).to.equal(hub.urn);
    });
    it("judges every policy: the second one off and unassociated", async () => {
        const p1 = policy("p1", { serviceEnabled: true, enabledStandardArns: [FSBP_ARN, CIS_ARN] });
        const p2 = policy("p2", { serviceEnabled: false });
        const res = await runPolicy(securityhubStandards, [p1, association(p1), p2]);
        expect(res.reported).to.deep.equal([OFF, "Security Hub configuration policy applies to no account; associate it with the organization root (aws.securityhub.ConfigurationPolicyAssociation with policyId: this policy's id)."]);
        expect(res.findings.map((f) => f.urn)).to.deep.equal([p2.urn, p2.urn]);
    });
    it("can't decide a policy body, its switch or its standards unknown", async () => {
        const whole = policy("p", "<computed>");
        expectUnknown(await runPolicy(securityhubStandards, [whole, association(whole)]), "configurationPolicy");
        const sw = policy("p", { serviceEnabled: "<computed>", enabledStandardArns: [FSBP_ARN, CIS_ARN] });
        expectUnknown(await runPolicy(securityhubStandards, [sw, association(sw)]), "configurationPolicy.serviceEnabled");
        const list = policy("p", { serviceEnabled: true, enabledStandardArns: "<computed>" });
        expectUnknown(await runPolicy(securityhubStandards, [list, association(list)]), "configurationPolicy.enabledStandardArns");
    });
});

describe("config-recorder-enabled, condition by condition", () => {
    const SLR_ARN = "arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";
    const GROUP = { allSupported: true, includeGlobalResourceTypes: true };
    const recorder = (inputs: Record<string, unknown> = {}, name = "rec") => r(RECORDER, name, { name: "default", roleArn: SLR_ARN, recordingGroup: GROUP, ...inputs });
    const status = (rec: ResourceSpec, inputs: Record<string, unknown> = { isEnabled: true }) => on(STATUS, `${rec.name}-status`, { name: "<computed>", ...inputs }, { name: rec });
    const channel = r(CHANNEL, "channel", { name: "default", s3BucketName: "log-archive" });
    const run = (resources: ResourceSpec[]) => runPolicy(configRecorderEnabled, resources);
    const ROLE = (was: string) =>
        `AWS Config recorder must use Config's service-linked role; set roleArn to .../aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig (was ${was}).`;
    const GLOBAL = "AWS Config recorder must include global resource types (IAM); set recordingGroup.includeGlobalResourceTypes: true (unset means false).";
    const NEVER = "AWS Config recorder is never started; add an aws.cfg.RecorderStatus with name: the recorder's name and isEnabled: true.";

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(configRecorderEnabled, [channel])).to.equal("no AWS Config recorder in this stack");
    });
    it("takes the service-linked role only as the whole ARN's end (not a role named like it), and rejects roleArn unset", async () => {
        const longer = recorder({ roleArn: `${SLR_ARN}Copy` });
        expect((await run([longer, status(longer), channel])).reported).to.deep.equal([ROLE(`${SLR_ARN}Copy`)]);
        const unset = recorder({ roleArn: undefined });
        expect((await run([unset, status(unset), channel])).reported).to.deep.equal([ROLE("undefined")]);
    });
    it("a service-linked role of another service does not stand in for Config's", async () => {
        const slr = r(SLR, "asg", { awsServiceName: "autoscaling.amazonaws.com" });
        const rec = on(RECORDER, "rec", { name: "default", roleArn: "<computed>", recordingGroup: GROUP }, { roleArn: slr });
        expectUnknown(await run([slr, rec, status(rec), channel]), "roleArn");
        const known = on(RECORDER, "rec", { name: "default", roleArn: "arn:aws:iam::111111111111:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", recordingGroup: GROUP }, { roleArn: slr });
        expect((await run([slr, known, status(known), channel])).reported).to.have.length(1);
    });
    it('recording group: allSupported "false" (a string) fails, unset passes; includeGlobalResourceTypes "true" (a string) passes, false fails', async () => {
        const a = recorder({ recordingGroup: { allSupported: "false", includeGlobalResourceTypes: true } });
        expect((await run([a, status(a), channel])).reported).to.deep.equal(["AWS Config recorder must record all supported resource types; set recordingGroup.allSupported: true."]);
        const b = recorder({ recordingGroup: { includeGlobalResourceTypes: "true" } });
        expect((await run([b, status(b), channel])).outcome).to.equal("pass");
        const c = recorder({ recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } });
        expect((await run([c, status(c), channel])).reported).to.deep.equal([GLOBAL]);
    });
    it("can't decide a recording group, a role or a status switch unknown", async () => {
        const g = recorder({ recordingGroup: "<computed>" });
        expectUnknown(await run([g, status(g), channel]), "recordingGroup");
        const s = recorder();
        expectUnknown(await run([s, status(s, { isEnabled: "<computed>" }), channel]), "isEnabled");
    });
    it("finds the status by the recorder's name, \"default\" when unset, and not by another name", async () => {
        const named = recorder({ name: "main" });
        expect((await run([named, r(STATUS, "st", { name: "main", isEnabled: true }), channel])).outcome).to.equal("pass");
        const unnamed = recorder({ name: undefined });
        expect((await run([unnamed, r(STATUS, "st", { name: "default", isEnabled: "true" }), channel])).outcome).to.equal("pass");
        const res = await run([named, r(STATUS, "st", { name: "default", isEnabled: true }), channel]);
        expect(res.reported).to.deep.equal([NEVER]);
        expect(res.findings[0].urn).to.equal(named.urn);
    });
    it("a recorder whose name is unknown is found by dependency only", async () => {
        const rec = recorder({ name: "<computed>" });
        expect((await run([rec, r(STATUS, "st", { name: "default", isEnabled: true }), channel])).reported).to.deep.equal([NEVER]);
        expect((await run([rec, status(rec), channel])).outcome).to.equal("pass");
    });
    it("a stopped status is reported on the status; a missing delivery channel on the first recorder", async () => {
        const rec = recorder();
        const st = status(rec, { isEnabled: false });
        const res = await run([rec, st, recorder({ name: "second" }, "rec2"), r(STATUS, "st2", { name: "second", isEnabled: true })]);
        expect(res.reported).to.deep.equal([
            "AWS Config recorder must be recording; set isEnabled: true on its RecorderStatus.",
            "AWS Config has no delivery channel, so the recorder cannot start; add an aws.cfg.DeliveryChannel to the log archive bucket.",
        ]);
        expect(res.findings.map((f) => f.urn)).to.deep.equal([st.urn, rec.urn]);
    });
});

describe("access-analyzer-enabled, condition by condition", () => {
    const MISSING = "This detection-layer stack has no IAM Access Analyzer; add an aws.accessanalyzer.Analyzer (type ORGANIZATION or ACCOUNT).";
    const UNUSED = 'IAM Access Analyzer must analyze external access; add one with type "ORGANIZATION" or "ACCOUNT" (unused-access analyzers do not).';

    it("holds the detection layer's resource types", () => {
        expect(DETECTION_TYPES).to.deep.equal([TRAIL, DETECTOR, HUB, RECORDER, ANALYZER, GD_ORG, HUB_ORG]);
    });
    it("says why it does not apply", async () => {
        expect(await notApplicableReason(accessAnalyzerEnabled, [r(BUCKET, "b", {})])).to.equal("no detection-layer resource (trail, detector, Security Hub, Config recorder) in this stack");
    });
    for (const type of [TRAIL, DETECTOR, HUB, RECORDER, GD_ORG, HUB_ORG]) {
        it(`a stack with only ${type.split(":").pop()} is held to it, reported on the first detection resource`, async () => {
            const x = r(type, "x", {});
            const res = await runPolicy(accessAnalyzerEnabled, [r(BUCKET, "b", {}), x, r(HUB, "later", {})]);
            expect(res.reported).to.deep.equal([MISSING]);
            expect(res.findings[0].urn).to.equal(x.urn);
        });
    }
    it("an analyzer alone is judged by its type", async () => {
        const unused = r(ANALYZER, "u", { type: "ACCOUNT_UNUSED_ACCESS" });
        const res = await runPolicy(accessAnalyzerEnabled, [unused, r(ANALYZER, "v", { type: "ORGANIZATION_UNUSED_ACCESS" })]);
        expect(res.reported).to.deep.equal([UNUSED]);
        expect(res.findings[0].urn).to.equal(unused.urn);
    });
    it('accepts type "ACCOUNT", and one external-access analyzer beside an unused-access one', async () => {
        expect((await runPolicy(accessAnalyzerEnabled, [r(HUB, "h", {}), r(ANALYZER, "a", { type: "ACCOUNT" })])).outcome).to.equal("pass");
        expect((await runPolicy(accessAnalyzerEnabled, [r(HUB, "h", {}), r(ANALYZER, "u", { type: "ACCOUNT_UNUSED_ACCESS" }), r(ANALYZER, "o", { type: "ORGANIZATION" })])).outcome).to.equal("pass");
    });
    it("can't decide a type unknown, with no external-access analyzer known", async () => {
        expectUnknown(await runPolicy(accessAnalyzerEnabled, [r(HUB, "h", {}), r(ANALYZER, "u", { type: "ACCOUNT_UNUSED_ACCESS" }), r(ANALYZER, "a", { type: "<computed>" })]), "type");
    });
});
