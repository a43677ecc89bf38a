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
    detectionPolicies,
    guarddutyEksProtection,
    guarddutyEnabled,
    guarddutyOrganizationAutoEnable,
    securityhubStandards,
} from "../../../policy-packs/aws-baseline/policies/detection";
import { PolicyRun, ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";
import { trailEventSelectors } from "../../../components/security";

const TRAIL = "aws:cloudtrail/trail:Trail";
const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";
const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const GD_ORG = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const GD_ORG_FEATURE = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature";
const HUB = "aws:securityhub/account:Account";
const STANDARDS = "aws:securityhub/standardsSubscription:StandardsSubscription";
const POLICY = "aws:securityhub/configurationPolicy:ConfigurationPolicy";
const ASSOCIATION = "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation";
const RECORDER = "aws:cfg/recorder:Recorder";
const STATUS = "aws:cfg/recorderStatus:RecorderStatus";
const CHANNEL = "aws:cfg/deliveryChannel:DeliveryChannel";
const SLR = "aws:iam/serviceLinkedRole:ServiceLinkedRole";
const ANALYZER = "aws:accessanalyzer/analyzer:Analyzer";

/** A resource whose `prop` was built from `target` (the engine's property dependency). */
const on = (type: string, name: string, inputs: Record<string, unknown>, links: Record<string, ResourceSpec>): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: Object.fromEntries(Object.entries(links).map(([k, t]) => [k, [t.urn!]])), dependencies: Object.values(links).map((t) => t.urn!) });

function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

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

describe("detection policies", () => {
    it("exports every detection policy once with its level, severity and primary control", () => {
        expect(detectionPolicies.map((p) => [p.name, p.enforcementLevel, p.severity, `${p.framework!.name}:${p.framework!.reference}`])).to.deep.equal([
            ["cloudtrail-multi-region", "mandatory", "high", "fsbp:CloudTrail.1"],
            ["cloudtrail-log-file-validation", "mandatory", "medium", "fsbp:CloudTrail.4"],
            ["cloudtrail-kms-encryption", "mandatory", "medium", "fsbp:CloudTrail.2"],
            ["cloudtrail-cloudwatch-logs", "advisory", "low", "fsbp:CloudTrail.5"],
            ["cloudtrail-organization-trail", "advisory", "medium", "own:cloudtrail-organization-trail"],
            ["cloudtrail-s3-data-events-write", "advisory", "medium", "cis-aws:3.8"],
            ["cloudtrail-s3-data-events-read", "advisory", "medium", "cis-aws:3.9"],
            ["cloudtrail-bucket-access-logging", "advisory", "medium", "cis-aws:3.4"],
            ["guardduty-enabled", "mandatory", "high", "fsbp:GuardDuty.1"],
            ["guardduty-eks-protection", "mandatory", "high", "fsbp:GuardDuty.5"],
            ["guardduty-organization-auto-enable", "advisory", "medium", "own:guardduty-organization-auto-enable"],
            ["guardduty-protection-plans", "mandatory", "medium", "fsbp:GuardDuty.6"],
            ["securityhub-standards", "mandatory", "high", "own:securityhub-standards"],
            ["config-recorder-enabled", "mandatory", "high", "fsbp:Config.1"],
            ["access-analyzer-enabled", "mandatory", "medium", "own:access-analyzer-enabled"],
        ]);
    });
});

describe("CloudTrail trail settings", () => {
    for (const policy of [cloudtrailMultiRegion, cloudtrailLogFileValidation, cloudtrailKmsEncryption, cloudtrailCloudwatchLogs, cloudtrailOrganizationTrail]) {
        it(`${policy.name}: passes a multi-Region, validated, encrypted organization trail delivering to CloudWatch Logs`, async () => {
            const run = await runPolicy(policy, trail());
            expect(run.messages).to.deep.equal([]);
            expect(run.outcome).to.equal("pass");
        });
    }
    const cases: [string, typeof cloudtrailMultiRegion, Record<string, unknown>, string[]][] = [
        ["a single-Region trail (unset)", cloudtrailMultiRegion, { isMultiRegionTrail: undefined }, ["CloudTrail trail must record every Region; set isMultiRegionTrail: true (unset means false)."]],
        ["a trail that is not logging", cloudtrailMultiRegion, { enableLogging: false }, ["CloudTrail trail must be logging; remove enableLogging: false."]],
        ["a trail without global service events", cloudtrailMultiRegion, { includeGlobalServiceEvents: false }, ["CloudTrail trail must include global service events (IAM, STS, CloudFront); remove includeGlobalServiceEvents: false."]],
        ["a trail recording write-only management events", cloudtrailMultiRegion, { eventSelectors: [{ readWriteType: "WriteOnly", includeManagementEvents: true }] }, ['CloudTrail trail must record read and write management events; use an event selector with includeManagementEvents: true and readWriteType: "All" (or no selectors).']],
        ["a trail recording data events only", cloudtrailMultiRegion, { eventSelectors: [{ includeManagementEvents: false, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }, ['CloudTrail trail must record read and write management events; use an event selector with includeManagementEvents: true and readWriteType: "All" (or no selectors).']],
        ["advanced selectors filtering read-only management events", cloudtrailMultiRegion, { advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "readOnly", equals: ["false"] }] }] }, ['CloudTrail trail must record read and write management events; use an event selector with includeManagementEvents: true and readWriteType: "All" (or no selectors).']],
        ["log file validation unset", cloudtrailLogFileValidation, { enableLogFileValidation: undefined }, ["CloudTrail log file validation must be on; set enableLogFileValidation: true (unset means false)."]],
        ["no KMS key", cloudtrailKmsEncryption, { kmsKeyId: undefined }, ["CloudTrail log files must be encrypted with a KMS key; set kmsKeyId (SSE-S3 alone does not meet the control)."]],
        ["no CloudWatch Logs role", cloudtrailCloudwatchLogs, { cloudWatchLogsRoleArn: undefined }, ["CloudTrail trail should deliver to CloudWatch Logs for alerting; set cloudWatchLogsRoleArn."]],
        ["an account trail", cloudtrailOrganizationTrail, { isOrganizationTrail: false }, ["CloudTrail trail should be an organization trail, so that every account is recorded and members cannot turn it off; set isOrganizationTrail: true."]],
    ];
    for (const [title, policy, change, messages] of cases) {
        it(`${policy.name}: flags ${title}`, async () => {
            const run = await runPolicy(policy, trail(change));
            expect(run.reported).to.deep.equal(messages);
        });
    }
    it("cloudtrail-multi-region: passes advanced selectors of all management events, and basic selectors with the default readWriteType", async () => {
        expect((await runPolicy(cloudtrailMultiRegion, trail({ advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }] }))).messages).to.deep.equal([]);
        expect((await runPolicy(cloudtrailMultiRegion, trail({ eventSelectors: [{ includeManagementEvents: true }] }))).messages).to.deep.equal([]);
    });
    it("cloudtrail-kms-encryption: a key ARN known only after apply counts as set", async () => {
        expect((await runPolicy(cloudtrailKmsEncryption, trail({ kmsKeyId: "<computed>" }))).messages).to.deep.equal([]);
    });
    for (const [policy, change] of [
        [cloudtrailMultiRegion, { isMultiRegionTrail: "<computed>" }],
        [cloudtrailMultiRegion, { eventSelectors: "<computed>" }],
        [cloudtrailLogFileValidation, { enableLogFileValidation: "<computed>" }],
        [cloudtrailOrganizationTrail, { isOrganizationTrail: "<computed>" }],
    ] as const) {
        it(`${policy.name}: cannot decide ${Object.keys(change)[0]} unknown until apply, and says so`, async () => {
            expectUnknownOnly(await runPolicy(policy, trail(change)));
        });
    }
});

describe("cloudtrail-s3-data-events-write / -read (CIS AWS 3.8, 3.9)", () => {
    const S3_ALL = [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }];
    const MGMT = { fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] };
    const adv = (...fields: Record<string, unknown>[]) => ({ advancedEventSelectors: [MGMT, { fieldSelectors: [...S3_ALL, ...fields] }] });
    const WRITE_MSG =
        'CloudTrail trail does not record S3 object-level write events for all buckets; add an advanced event selector eventCategory = Data, resources.type = AWS::S3::Object (readOnly unset or false, no resources.ARN filter) (platform:security.trailS3DataEvents: "all" or "write").';
    const READ_MSG =
        'CloudTrail trail does not record S3 object-level read events for all buckets; add an advanced event selector eventCategory = Data, resources.type = AWS::S3::Object (readOnly unset or true, no resources.ARN filter) (platform:security.trailS3DataEvents: "all"; "write" leaves read events out, "none" both read and write).';
    // [title, change, write findings, read findings]
    const cases: [string, Record<string, unknown>, string[], string[]][] = [
        ["the organization trail's selectors with s3DataEvents all", { advancedEventSelectors: trailEventSelectors("all") }, [], []],
        ["the organization trail's selectors with s3DataEvents write", { advancedEventSelectors: trailEventSelectors("write") }, [], [READ_MSG]],
        ["the organization trail's selectors with s3DataEvents none", { advancedEventSelectors: trailEventSelectors("none") }, [WRITE_MSG], [READ_MSG]],
        ["no selectors (management events only)", {}, [WRITE_MSG], [READ_MSG]],
        ["advanced S3 read-only selector", adv({ field: "readOnly", equals: ["true"] }), [WRITE_MSG], []],
        ["advanced S3 selector limited to one bucket", adv({ field: "resources.ARN", startsWith: ["arn:aws:s3:::one/"] }), [WRITE_MSG], [READ_MSG]],
        ["advanced S3 selector limited to PutObject", adv({ field: "eventName", equals: ["PutObject"] }), [WRITE_MSG], [READ_MSG]],
        ["advanced selector of Lambda data events", { advancedEventSelectors: [MGMT, { fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::Lambda::Function"] }] }] }, [WRITE_MSG], [READ_MSG]],
        ["basic selector of all buckets, readWriteType unset", { eventSelectors: [{ includeManagementEvents: true, dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }] }] }, [], []],
        ["basic selector of all buckets, WriteOnly", { eventSelectors: [{ readWriteType: "WriteOnly", dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::"] }] }] }, [], [READ_MSG]],
        ["basic selector of one bucket", { eventSelectors: [{ dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3:::one/"] }] }] }, [WRITE_MSG], [READ_MSG]],
    ];
    for (const [title, change, write, read] of cases) {
        it(`${write.length === 0 ? "passes" : "flags"} (write) and ${read.length === 0 ? "passes" : "flags"} (read) ${title}`, async () => {
            const w = await runPolicy(cloudtrailS3DataEventsWrite, trail(change));
            const rd = await runPolicy(cloudtrailS3DataEventsRead, trail(change));
            expect(w.reported).to.deep.equal(write);
            expect(rd.reported).to.deep.equal(read);
            expect([w.outcome, rd.outcome]).to.deep.equal([write.length === 0 ? "pass" : "fail", read.length === 0 ? "pass" : "fail"]);
        });
    }
    it("cloudtrail-multi-region still passes the organization trail's advanced selectors", async () => {
        expect((await runPolicy(cloudtrailMultiRegion, trail({ advancedEventSelectors: trailEventSelectors("all") }))).messages).to.deep.equal([]);
    });
    for (const change of [{ advancedEventSelectors: "<computed>" }, { advancedEventSelectors: [MGMT, "<computed>"] }]) {
        it(`cannot decide selectors unknown until apply (${JSON.stringify(change.advancedEventSelectors)}), and says so`, async () => {
            expectUnknownOnly(await runPolicy(cloudtrailS3DataEventsWrite, trail(change)));
            expectUnknownOnly(await runPolicy(cloudtrailS3DataEventsRead, trail(change)));
        });
    }
});

describe("cloudtrail-bucket-access-logging", () => {
    const bucket = r(BUCKET, "log-archive", { bucket: "log-archive" });
    const logs = r(BUCKET, "access-logs", { bucket: "access-logs" });
    it("passes a trail bucket logging into a separate bucket", async () => {
        const run = await runPolicy(cloudtrailBucketAccessLogging, [trail(), bucket, logs, r(LOGGING, "l", { bucket: "log-archive", targetBucket: "access-logs" })]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("does not apply when the trail's bucket is in another stack", async () => {
        const run = await runPolicy(cloudtrailBucketAccessLogging, [trail()]);
        expect(run.outcome).to.equal("notApplicable");
        expect(run.findings).to.deep.equal([]);
    });
    it("flags a trail bucket without access logging, and one logging into itself", async () => {
        expect((await runPolicy(cloudtrailBucketAccessLogging, [trail(), bucket])).reported).to.deep.equal([
            "CloudTrail's bucket must log server access; add an aws.s3.BucketLogging for it with targetBucket set to a separate access-log bucket.",
        ]);
        expect((await runPolicy(cloudtrailBucketAccessLogging, [trail(), bucket, r(LOGGING, "l", { bucket: "log-archive", targetBucket: "log-archive" })])).reported).to.deep.equal([
            "CloudTrail's bucket must not log server access into itself; set targetBucket to a separate access-log bucket.",
        ]);
    });
    it("finds the trail's bucket by dependency, and cannot decide a target unknown until apply", async () => {
        const auto = r(BUCKET, "auto", {});
        const t = on(TRAIL, "org", { ...GOOD_TRAIL, s3BucketName: "<computed>" }, { s3BucketName: auto });
        const l = on(LOGGING, "l", { bucket: "<computed>", targetBucket: "<computed>" }, { bucket: auto });
        expectUnknownOnly(await runPolicy(cloudtrailBucketAccessLogging, [t, auto, l]));
    });
});

describe("GuardDuty", () => {
    const detector = r(DETECTOR, "gd", { enable: true });
    const feature = (name: string, inputs: Record<string, unknown>) => on(FEATURE, name, { detectorId: "<computed>", name, ...inputs }, { detectorId: detector });
    const audit = feature("audit", { name: "EKS_AUDIT_LOGS", status: "ENABLED" });
    const runtime = feature("runtime", { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] });

    it("guardduty-enabled: passes an enabled detector (unset is enabled) and flags enable: false", async () => {
        expect((await runPolicy(guarddutyEnabled, r(DETECTOR, "d", {}))).messages).to.deep.equal([]);
        expect((await runPolicy(guarddutyEnabled, r(DETECTOR, "d", { enable: false }))).reported).to.deep.equal(["GuardDuty detector must be enabled; remove enable: false."]);
        expectUnknownOnly(await runPolicy(guarddutyEnabled, r(DETECTOR, "d", { enable: "<computed>" })));
    });

    it("guardduty-eks-protection: passes a detector with EKS audit logs and runtime monitoring with the managed agent", async () => {
        const run = await runPolicy(guarddutyEksProtection, [detector, audit, runtime]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
        // The legacy data source counts for audit logs.
        const legacy = r(DETECTOR, "gd", { datasources: { kubernetes: { auditLogs: { enable: true } } } });
        expect((await runPolicy(guarddutyEksProtection, [legacy, runtime])).messages).to.deep.equal([]);
    });
    it("guardduty-eks-protection: flags missing audit logs, disabled runtime monitoring, and runtime monitoring without the managed agent", async () => {
        const auditMsg = 'GuardDuty detector must monitor EKS audit logs; add a DetectorFeature { name: "EKS_AUDIT_LOGS", status: "ENABLED" }.';
        const runtimeMsg =
            'GuardDuty detector must run EKS Runtime Monitoring with the managed agent; add a DetectorFeature { name: "RUNTIME_MONITORING", status: "ENABLED", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] }.';
        expect((await runPolicy(guarddutyEksProtection, [detector, runtime])).reported).to.deep.equal([auditMsg]);
        expect((await runPolicy(guarddutyEksProtection, [detector, audit, feature("runtime", { name: "RUNTIME_MONITORING", status: "DISABLED" })])).reported).to.deep.equal([runtimeMsg]);
        expect((await runPolicy(guarddutyEksProtection, [detector, audit, feature("runtime", { name: "EKS_RUNTIME_MONITORING", status: "ENABLED" })])).reported).to.deep.equal([runtimeMsg]);
        expect((await runPolicy(guarddutyEksProtection, [detector])).reported).to.deep.equal([auditMsg, runtimeMsg]);
    });
    it("guardduty-eks-protection: does not apply without a detector, and cannot decide a status unknown until apply", async () => {
        expect((await runPolicy(guarddutyEksProtection, [r(HUB, "hub", {})])).outcome).to.equal("notApplicable");
        expectUnknownOnly(await runPolicy(guarddutyEksProtection, [detector, runtime, feature("audit", { name: "EKS_AUDIT_LOGS", status: "<computed>" })]));
    });

    const org = on(GD_ORG, "org", { detectorId: "<computed>", autoEnableOrganizationMembers: "ALL" }, { detectorId: detector });
    const orgFeature = (name: string, inputs: Record<string, unknown>) => on(GD_ORG_FEATURE, name, { detectorId: "<computed>", ...inputs }, { detectorId: detector });
    const orgAudit = orgFeature("org-audit", { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" });
    const orgRuntime = orgFeature("org-runtime", { name: "RUNTIME_MONITORING", autoEnable: "ALL", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" }] });
    it("guardduty-organization-auto-enable: passes ALL members with EKS protection auto-enabled", async () => {
        const run = await runPolicy(guarddutyOrganizationAutoEnable, [detector, org, orgAudit, orgRuntime], {}, "advisory");
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("guardduty-organization-auto-enable: flags NEW-only members and features not auto-enabled", async () => {
        const run = await runPolicy(guarddutyOrganizationAutoEnable, [detector, { ...org, inputs: { ...org.inputs, autoEnableOrganizationMembers: "NEW" } }, orgFeature("org-audit", { name: "EKS_AUDIT_LOGS", autoEnable: "NEW" })], {}, "advisory");
        expect(run.reported).to.deep.equal([
            'GuardDuty must be on in every member account, existing and new; set autoEnableOrganizationMembers: "ALL" (was NEW).',
            'GuardDuty EKS audit log monitoring must be on in every member account; add OrganizationConfigurationFeature { name: "EKS_AUDIT_LOGS", autoEnable: "ALL" }.',
            'GuardDuty EKS Runtime Monitoring must be on in every member account; add OrganizationConfigurationFeature { name: "RUNTIME_MONITORING", autoEnable: "ALL", additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" }] }.',
        ]);
    });
    it("guardduty-organization-auto-enable: does not apply without an organization configuration, and cannot decide an unknown setting", async () => {
        expect((await runPolicy(guarddutyOrganizationAutoEnable, [detector], {}, "advisory")).outcome).to.equal("notApplicable");
        expectUnknownOnly(await runPolicy(guarddutyOrganizationAutoEnable, [detector, { ...org, inputs: { ...org.inputs, autoEnableOrganizationMembers: "<computed>" } }, orgAudit, orgRuntime]));
    });
});

describe("securityhub-standards", () => {
    const FSBP_ARN = "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0";
    const CIS_ARN = "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0";
    const hub = r(HUB, "hub", { enableDefaultStandards: false });
    const sub = (name: string, arn: string) => on(STANDARDS, name, { standardsArn: arn }, { standardsArn: hub });
    const fsbp = sub("fsbp", FSBP_ARN);
    const cis = sub("cis", CIS_ARN);
    const central = (body: Record<string, unknown>) => r(POLICY, "baseline", { name: "platform-baseline", configurationPolicy: body });
    const good = central({ serviceEnabled: true, enabledStandardArns: [FSBP_ARN, CIS_ARN], securityControlsConfiguration: { disabledControlIdentifiers: [] } });
    const association = (policy: ResourceSpec) => on(ASSOCIATION, "root", { targetId: "r-abcd", policyId: "<computed>" }, { policyId: policy });
    const missingFsbp =
        "Security Hub must run AWS Foundational Security Best Practices v1.0.0; list arn:<partition>:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0 in the configuration policy's enabledStandardArns, or add an aws.securityhub.StandardsSubscription for it.";
    const missingCis =
        "Security Hub must run CIS AWS Foundations Benchmark v3.0.0; list arn:<partition>:securityhub:<region>::standards/cis-aws-foundations-benchmark/v/3.0.0 in the configuration policy's enabledStandardArns, or add an aws.securityhub.StandardsSubscription for it.";
    it("passes an account subscribed to FSBP and CIS AWS 3.0.0, and a central configuration policy that enables both and is associated", async () => {
        const local = await runPolicy(securityhubStandards, [hub, fsbp, cis]);
        expect(local.messages).to.deep.equal([]);
        expect(local.outcome).to.equal("pass");
        expect((await runPolicy(securityhubStandards, [good, association(good)])).messages).to.deep.equal([]);
    });
    it("flags each missing standard, and an older CIS version", async () => {
        expect((await runPolicy(securityhubStandards, [hub])).reported).to.deep.equal([missingFsbp, missingCis]);
        expect((await runPolicy(securityhubStandards, [hub, fsbp, sub("cis", "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/1.4.0")])).reported).to.deep.equal([missingCis]);
    });
    it("flags a central policy that turns Security Hub off, lacks a standard, or is associated with nothing", async () => {
        const off = central({ serviceEnabled: false, enabledStandardArns: [FSBP_ARN] });
        expect((await runPolicy(securityhubStandards, [off, association(off)])).reported).to.deep.equal([
            "Security Hub configuration policy must turn Security Hub on; set configurationPolicy.serviceEnabled: true.",
            missingCis,
        ]);
        expect((await runPolicy(securityhubStandards, [good])).reported).to.deep.equal([
            "Security Hub configuration policy applies to no account; associate it with the organization root (aws.securityhub.ConfigurationPolicyAssociation with policyId: this policy's id).",
        ]);
    });
    it("does not apply without a Security Hub account or policy, and cannot decide an ARN unknown until apply", async () => {
        expect((await runPolicy(securityhubStandards, [fsbp])).outcome).to.equal("notApplicable");
        expectUnknownOnly(await runPolicy(securityhubStandards, [hub, fsbp, sub("cis", "<computed>")]));
        const unknown = central({ serviceEnabled: true, enabledStandardArns: [FSBP_ARN, "<computed>"] });
        expectUnknownOnly(await runPolicy(securityhubStandards, [unknown, association(unknown)]));
    });
});

describe("config-recorder-enabled", () => {
    const SLR_ARN = "arn:aws:iam::111111111111:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig";
    const recorder = (inputs: Record<string, unknown> = {}) => r(RECORDER, "rec", { name: "default", roleArn: SLR_ARN, recordingGroup: { allSupported: true, includeGlobalResourceTypes: true }, ...inputs });
    const status = (rec: ResourceSpec, inputs: Record<string, unknown> = { isEnabled: true }) => on(STATUS, "rec-status", { name: "<computed>", ...inputs }, { name: rec });
    const channel = r(CHANNEL, "channel", { name: "default", s3BucketName: "log-archive" });
    it("passes a started recorder of all resources, global ones included, with Config's service-linked role and a delivery channel", async () => {
        const rec = recorder();
        const run = await runPolicy(configRecorderEnabled, [rec, status(rec), channel]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("accepts the service-linked role by reference to an aws.iam.ServiceLinkedRole of config.amazonaws.com", async () => {
        const slr = r(SLR, "config", { awsServiceName: "config.amazonaws.com" });
        const rec = on(RECORDER, "rec", { name: "default", roleArn: "<computed>", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } }, { roleArn: slr });
        expect((await runPolicy(configRecorderEnabled, [slr, rec, status(rec), channel])).messages).to.deep.equal([]);
    });
    it("flags another role, a partial recording group, global types left out (unset), a stopped or missing status, no delivery channel", async () => {
        const bad = recorder({ roleArn: "arn:aws:iam::111111111111:role/config", recordingGroup: { allSupported: false } });
        expect((await runPolicy(configRecorderEnabled, [bad, status(bad, { isEnabled: false })])).reported).to.deep.equal([
            'AWS Config recorder must use Config\'s service-linked role; set roleArn to .../aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig (was arn:aws:iam::111111111111:role/config).',
            "AWS Config recorder must record all supported resource types; set recordingGroup.allSupported: true.",
            "AWS Config recorder must include global resource types (IAM); set recordingGroup.includeGlobalResourceTypes: true (unset means false).",
            "AWS Config recorder must be recording; set isEnabled: true on its RecorderStatus.",
            "AWS Config has no delivery channel, so the recorder cannot start; add an aws.cfg.DeliveryChannel to the log archive bucket.",
        ]);
        const noGroup = recorder({ recordingGroup: undefined });
        expect((await runPolicy(configRecorderEnabled, [noGroup, channel])).reported).to.deep.equal([
            "AWS Config recorder must include global resource types (IAM); set recordingGroup.includeGlobalResourceTypes: true (unset means false).",
            "AWS Config recorder is never started; add an aws.cfg.RecorderStatus with name: the recorder's name and isEnabled: true.",
        ]);
    });
    it("does not apply without a recorder, and cannot decide a role ARN unknown until apply that no service-linked role explains", async () => {
        expect((await runPolicy(configRecorderEnabled, [channel])).outcome).to.equal("notApplicable");
        const rec = recorder({ roleArn: "<computed>" });
        expectUnknownOnly(await runPolicy(configRecorderEnabled, [rec, status(rec), channel]));
    });
});

describe("access-analyzer-enabled", () => {
    const hub = r(HUB, "hub", {});
    it("passes a detection stack with an organization or account analyzer (type unset is ACCOUNT)", async () => {
        expect((await runPolicy(accessAnalyzerEnabled, [hub, r(ANALYZER, "org", { analyzerName: "org", type: "ORGANIZATION" })])).messages).to.deep.equal([]);
        expect((await runPolicy(accessAnalyzerEnabled, [hub, r(ANALYZER, "acct", { analyzerName: "acct" })])).outcome).to.equal("pass");
    });
    it("flags a detection stack without an analyzer, and one with only an unused-access analyzer", async () => {
        const missing = await runPolicy(accessAnalyzerEnabled, [hub]);
        expect(missing.reported).to.deep.equal(["This detection-layer stack has no IAM Access Analyzer; add an aws.accessanalyzer.Analyzer (type ORGANIZATION or ACCOUNT)."]);
        expect(missing.findings[0].urn).to.equal(hub.urn);
        expect((await runPolicy(accessAnalyzerEnabled, [hub, r(ANALYZER, "unused", { analyzerName: "unused", type: "ORGANIZATION_UNUSED_ACCESS" })])).reported).to.deep.equal([
            'IAM Access Analyzer must analyze external access; add one with type "ORGANIZATION" or "ACCOUNT" (unused-access analyzers do not).',
        ]);
    });
    it("does not apply to a stack outside the detection layer, and cannot decide a type unknown until apply", async () => {
        expect((await runPolicy(accessAnalyzerEnabled, [r(BUCKET, "b", {})])).outcome).to.equal("notApplicable");
        expectUnknownOnly(await runPolicy(accessAnalyzerEnabled, [hub, r(ANALYZER, "a", { analyzerName: "a", type: "<computed>" })]));
    });
});
