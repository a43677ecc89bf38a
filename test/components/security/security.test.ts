import { expect } from "chai";
import {
    AwsConfig,
    configKeyPolicy,
    OrganizationAccessAnalyzer,
    OrganizationGuardDuty,
    OrganizationSecurityHub,
    OrganizationTrail,
    OrganizationTrailArgs,
    standardArn,
    trailKeyPolicy,
    validateAwsConfigArgs,
    validateOrganizationAccessAnalyzerArgs,
    validateOrganizationGuardDutyArgs,
    validateOrganizationSecurityHubArgs,
    validateOrganizationTrailArgs,
} from "../../../components/security";
import { cloudTrailDeliveryGrants, configDeliveryGrants } from "../../../components/storage/policies";
import { LogArchive, LogArchiveArgs, validateLogArchiveArgs } from "../../../components/storage";
import { declare, doc } from "../../support/harness";

const SECURITY = "666666666666";
const MANAGEMENT = "999999999999";
const TRAIL_ARN = `arn:aws:cloudtrail:eu-west-1:${MANAGEMENT}:trail/platform-organization-trail`;
const TRAIL: OrganizationTrailArgs = { accountId: SECURITY, region: "eu-west-1", managementAccountId: MANAGEMENT, organizationId: "o-exampleorg01", bucketName: "archive-bucket" };

describe("OrganizationTrail", () => {
    it("creates an organization trail in every region with log file validation, its own protected key, into the archive", async () => {
        const plan = await declare(() => new OrganizationTrail("trail", TRAIL));
        expect(plan.inventory()).to.deep.equal(["aws:cloudtrail/trail:Trail::trail", "aws:kms/alias:Alias::trail-key-alias", "aws:kms/key:Key::trail-key", "platform:security:OrganizationTrail::trail"]);
        const trail = plan.one("aws:cloudtrail/trail:Trail", "trail");
        // FSBP CloudTrail.1, .2, .4; CIS 3.1, 3.2, 3.5.
        expect(trail.inputs).to.deep.include({
            name: "platform-organization-trail",
            s3BucketName: "archive-bucket",
            isOrganizationTrail: true,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            kmsKeyId: `arn:aws:kms:us-east-1:000000000000:key/trail-key-key-id`,
        });
        // Management events and, by default, S3 object events of every bucket, read and write (CIS 3.8, 3.9); no basic selectors beside.
        expect(trail.inputs.eventSelectors).to.equal(undefined);
        expect(trail.inputs.advancedEventSelectors).to.deep.equal([
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            { name: "S3 object events, all buckets", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }] },
        ]);
        expect(trail.inputs.cloudWatchLogsGroupArn).to.equal(undefined);
        expect({ protect: trail.protect, retainOnDelete: trail.retainOnDelete }).to.deep.equal({ protect: true, retainOnDelete: true });
        const key = plan.one("aws:kms/key:Key", "trail-key");
        expect(key.inputs).to.include({ enableKeyRotation: true, deletionWindowInDays: 30, bypassPolicyLockoutSafetyCheck: false });
        expect(doc(key.inputs.policy)).to.deep.equal(trailKeyPolicy({ accountId: SECURITY, region: "eu-west-1", managementAccountId: MANAGEMENT, trailArn: TRAIL_ARN }));
        expect({ protect: key.protect, retainOnDelete: key.retainOnDelete }).to.deep.equal({ protect: true, retainOnDelete: true });
        expect(plan.one("aws:kms/alias:Alias", "trail-key-alias").inputs.name).to.equal("alias/platform/organization-trail");
    });

    it("with cloudWatchLogs: a KMS-encrypted log group and a delivery role under /platform/ with the workload boundary, limited to that group", async () => {
        const plan = await declare(() => new OrganizationTrail("trail", { ...TRAIL, cloudWatchLogs: { retentionInDays: 365 } }));
        const group = plan.one("aws:cloudwatch/logGroup:LogGroup", "trail-logs");
        expect(group.inputs).to.include({ name: "/platform/cloudtrail/platform-organization-trail", retentionInDays: 365, kmsKeyId: "arn:aws:kms:us-east-1:000000000000:key/trail-logs-key-key-id" });
        const role = plan.one("aws:iam/role:Role", "trail-logs");
        expect(role.inputs).to.include({ path: "/platform/", permissionsBoundary: `arn:aws:iam::${SECURITY}:policy/platform/platform-workload-boundary` });
        expect(doc(role.inputs.assumeRolePolicy).Statement).to.deep.equal([
            { Sid: "ServiceAssumes", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": SECURITY } } },
        ]);
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "trail-logs").inputs.policy).Statement[0]).to.deep.equal({
            Sid: "TrailToLogGroup",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: "arn:aws:logs:us-east-1:000000000000:log-group:/platform/cloudtrail/platform-organization-trail:log-stream:*",
        });
        const trail = plan.one("aws:cloudtrail/trail:Trail", "trail");
        expect(trail.inputs.cloudWatchLogsGroupArn).to.equal("arn:aws:logs:us-east-1:000000000000:log-group:/platform/cloudtrail/platform-organization-trail:*");
        expect(trail.inputs.cloudWatchLogsRoleArn).to.equal("arn:aws:iam::000000000000:role/platform/trail-logs");
    });

    it("s3DataEvents write records S3 object write events only; none records management events only", async () => {
        const write = (await declare(() => new OrganizationTrail("trail", { ...TRAIL, s3DataEvents: "write" }))).one("aws:cloudtrail/trail:Trail", "trail");
        expect(write.inputs.advancedEventSelectors).to.deep.equal([
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            { name: "S3 object write events, all buckets", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "readOnly", equals: ["false"] }] },
        ]);
        const none = (await declare(() => new OrganizationTrail("trail", { ...TRAIL, s3DataEvents: "none" }))).one("aws:cloudtrail/trail:Trail", "trail");
        expect(none.inputs.advancedEventSelectors).to.deep.equal([{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }]);
    });

    it("unprotected with protect: false (dev teardown)", async () => {
        const plan = await declare(() => new OrganizationTrail("trail", { ...TRAIL, protect: false }));
        const trail = plan.one("aws:cloudtrail/trail:Trail", "trail");
        expect({ protect: trail.protect, retainOnDelete: trail.retainOnDelete }).to.deep.equal({ protect: false, retainOnDelete: false });
    });

    const cases: [string, Partial<OrganizationTrailArgs>, string[]][] = [
        ["rejects an unknown s3DataEvents", { s3DataEvents: "read" as never }, ['s3DataEvents: "read" is not one of "all", "write", "none"']],
        ["rejects the management account as the creating account", { accountId: MANAGEMENT }, [`managementAccountId: "${MANAGEMENT}" is the account the trail is created from; create the organization trail from the delegated administrator (the security account), not the management account`]],
        ["rejects a malformed organization ID", { organizationId: "org-1" }, ['organizationId: "org-1" is not an AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits)']],
        ["rejects a trail name with a space", { trailName: "my trail" }, ["trailName: \"my trail\" is not a trail name (3 to 128 letters, digits, '.', '_', '-', starting and ending with a letter or digit)"]],
        ["rejects a log retention CloudWatch Logs does not offer", { cloudWatchLogs: { retentionInDays: 100 } }, ["cloudWatchLogs.retentionInDays: 100 is not a CloudWatch Logs retention period (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"]],
        ["rejects a role path outside /platform/", { rolePath: "/" }, ['rolePath: "/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateOrganizationTrailArgs({ ...TRAIL, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});

describe("trail and Config key policies", () => {
    it("lets CloudTrail encrypt only for this trail of the management account, and describe the key for it", () => {
        const d = trailKeyPolicy({ accountId: SECURITY, region: "eu-west-1", managementAccountId: MANAGEMENT, trailArn: TRAIL_ARN });
        expect(d.Statement).to.deep.equal([
            { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${SECURITY}:root` }, Action: "kms:*", Resource: "*" },
            {
                Sid: "CloudTrailEncryptLogs",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "kms:GenerateDataKey*",
                Resource: "*",
                Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN }, StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` } },
            },
            { Sid: "CloudTrailDescribeKey", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "kms:DescribeKey", Resource: "*", Condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } },
        ]);
    });

    it("lets AWS Config use the delivery key only for its own account", () => {
        expect(configKeyPolicy(SECURITY, "eu-west-1").Statement[1]).to.deep.equal({
            Sid: "ConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": SECURITY } },
        });
    });
});

describe("OrganizationGuardDuty", () => {
    it("enables the detector and the six protection plans here and for every member, Runtime Monitoring with the agent managed on EKS, ECS Fargate and EC2", async () => {
        const plan = await declare(() => new OrganizationGuardDuty("gd"));
        const detector = plan.one("aws:guardduty/detector:Detector", "gd");
        expect(detector.inputs).to.include({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
        expect(detector.inputs.datasources, "features are separate resources").to.equal(undefined);
        expect({ protect: detector.protect, retainOnDelete: detector.retainOnDelete }).to.deep.equal({ protect: true, retainOnDelete: true });
        expect(plan.one("aws:guardduty/organizationConfiguration:OrganizationConfiguration", "gd-organization").inputs).to.deep.include({ detectorId: "gd-id", autoEnableOrganizationMembers: "ALL" });
        const features = plan.ofType("aws:guardduty/detectorFeature:DetectorFeature").map((f) => [f.inputs.name, f.inputs.status, f.inputs.additionalConfigurations]);
        expect(features).to.deep.equal([
            ["S3_DATA_EVENTS", "ENABLED", []],
            ["EKS_AUDIT_LOGS", "ENABLED", []],
            ["EBS_MALWARE_PROTECTION", "ENABLED", []],
            ["RDS_LOGIN_EVENTS", "ENABLED", []],
            ["LAMBDA_NETWORK_LOGS", "ENABLED", []],
            [
                "RUNTIME_MONITORING",
                "ENABLED",
                [
                    { name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" },
                    { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
                    { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
                ],
            ],
        ]);
        const org = plan.ofType("aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature").map((f) => [f.name, f.inputs.name, f.inputs.autoEnable, f.inputs.additionalConfigurations]);
        expect(org).to.deep.equal([
            ["gd-organization-s3-data-events", "S3_DATA_EVENTS", "ALL", []],
            ["gd-organization-eks-audit-logs", "EKS_AUDIT_LOGS", "ALL", []],
            ["gd-organization-ebs-malware-protection", "EBS_MALWARE_PROTECTION", "ALL", []],
            ["gd-organization-rds-login-events", "RDS_LOGIN_EVENTS", "ALL", []],
            ["gd-organization-lambda-network-logs", "LAMBDA_NETWORK_LOGS", "ALL", []],
            [
                "gd-organization-runtime-monitoring",
                "RUNTIME_MONITORING",
                "ALL",
                [
                    { name: "EKS_ADDON_MANAGEMENT", autoEnable: "ALL" },
                    { name: "ECS_FARGATE_AGENT_MANAGEMENT", autoEnable: "ALL" },
                    { name: "EC2_AGENT_MANAGEMENT", autoEnable: "ALL" },
                ],
            ],
        ]);
    });

    it("rejects an unknown frequency and a feature listed twice or unknown", () => {
        expect(() => validateOrganizationGuardDutyArgs({ findingPublishingFrequency: "HOURLY" as never, features: ["EKS_AUDIT_LOGS", "EKS_AUDIT_LOGS", "LAMBDA" as never] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([
                'findingPublishingFrequency: "HOURLY" is not one of "FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"',
                'features[1]: "EKS_AUDIT_LOGS" is listed twice',
                'features[2]: "LAMBDA" is not one of "S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"',
            ]);
    });
});

describe("OrganizationSecurityHub", () => {
    it("aggregates every region, switches the organization to central configuration and applies FSBP and CIS 3.0.0 to the root", async () => {
        const plan = await declare(() => new OrganizationSecurityHub("hub", { region: "eu-west-1", targetIds: ["r-ex01"] }));
        expect(plan.one("aws:securityhub/findingAggregator:FindingAggregator", "hub-aggregator").inputs).to.deep.equal({ linkingMode: "ALL_REGIONS" });
        const org = plan.one("aws:securityhub/organizationConfiguration:OrganizationConfiguration", "hub-organization");
        expect(org.inputs).to.deep.include({ autoEnable: false, autoEnableStandards: "NONE", organizationConfiguration: { configurationType: "CENTRAL" } });
        expect(plan.dependenciesOf(org).map((r) => r.name)).to.include("hub-aggregator");
        const policy = plan.one("aws:securityhub/configurationPolicy:ConfigurationPolicy", "hub-policy");
        expect(policy.inputs.configurationPolicy).to.deep.equal({
            serviceEnabled: true,
            enabledStandardArns: ["arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0", "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0"],
            securityControlsConfiguration: { disabledControlIdentifiers: [] },
        });
        expect(plan.one("aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation", "hub-policy-0").inputs).to.deep.equal({ targetId: "r-ex01", policyId: "hub-policy-id" });
    });

    it("links only the listed regions when some are listed", async () => {
        const plan = await declare(() => new OrganizationSecurityHub("hub", { region: "eu-west-1", targetIds: ["r-ex01"], linkedRegions: ["eu-central-1"] }));
        expect(plan.one("aws:securityhub/findingAggregator:FindingAggregator", "hub-aggregator").inputs).to.deep.equal({ linkingMode: "SPECIFIED_REGIONS", specifiedRegions: ["eu-central-1"] });
    });

    it("writes the standards' regional ARNs", () => {
        expect(standardArn("cn-north-1", "cis")).to.equal("arn:aws-cn:securityhub:cn-north-1::standards/cis-aws-foundations-benchmark/v/3.0.0");
    });

    it("rejects no targets, the home region as a linked region and no standards", () => {
        expect(() => validateOrganizationSecurityHubArgs({ region: "eu-west-1", targetIds: [], linkedRegions: ["eu-west-1"], standards: [] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([
                "targetIds: [] is empty; list the organization's root (r-…), or the OUs and accounts the policy applies to",
                'linkedRegions[0]: "eu-west-1" is the home region, which aggregates; list only the other regions',
                "standards: [] is empty; enable at least one of fsbp, cis",
            ]);
    });
});

describe("AwsConfig", () => {
    const ARGS = { accountId: SECURITY, region: "eu-west-1", bucketName: "archive-bucket" };

    it("records every resource type, global ones included, with the service-linked role, into the archive with its own key, and aggregates the organization", async () => {
        const plan = await declare(() => new AwsConfig("config", ARGS));
        expect(plan.inventory((r) => r.type.startsWith("aws:"))).to.deep.equal([
            "aws:cfg/configurationAggregator:ConfigurationAggregator::config-aggregator",
            "aws:cfg/deliveryChannel:DeliveryChannel::config",
            "aws:cfg/recorder:Recorder::config",
            "aws:cfg/recorderStatus:RecorderStatus::config",
            "aws:iam/role:Role::config-aggregator",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::config-aggregator",
            "aws:iam/serviceLinkedRole:ServiceLinkedRole::config-service-linked-role-config",
            "aws:kms/alias:Alias::config-key-alias",
            "aws:kms/key:Key::config-key",
        ]);
        const recorder = plan.one("aws:cfg/recorder:Recorder", "config");
        // FSBP Config.1: recording on, with the service-linked role.
        expect(recorder.inputs).to.deep.include({
            roleArn: `arn:aws:iam::${SECURITY}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
        });
        expect(plan.one("aws:cfg/recorderStatus:RecorderStatus", "config").inputs).to.deep.equal({ name: "platform", isEnabled: true });
        expect(plan.one("aws:cfg/deliveryChannel:DeliveryChannel", "config").inputs).to.deep.include({ s3BucketName: "archive-bucket", s3KmsKeyArn: "arn:aws:kms:us-east-1:000000000000:key/config-key-key-id" });
        const role = plan.one("aws:iam/role:Role", "config-aggregator");
        expect(role.inputs).to.include({ path: "/platform/", permissionsBoundary: `arn:aws:iam::${SECURITY}:policy/platform/platform-workload-boundary` });
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "config-aggregator").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations");
        expect(plan.one("aws:cfg/configurationAggregator:ConfigurationAggregator", "config-aggregator").inputs.organizationAggregationSource).to.deep.equal({
            allRegions: true,
            roleArn: "arn:aws:iam::000000000000:role/platform/config-aggregator",
        });
    });

    it("does not create the service-linked role when it exists, and aggregates only the listed regions", async () => {
        const plan = await declare(() => new AwsConfig("config", { ...ARGS, createServiceLinkedRole: false, aggregatorRegions: ["eu-west-1", "eu-central-1"] }));
        expect(plan.ofType("aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.have.length(0);
        expect(plan.one("aws:cfg/configurationAggregator:ConfigurationAggregator", "config-aggregator").inputs.organizationAggregationSource).to.deep.include({ regions: ["eu-west-1", "eu-central-1"] });
    });

    it("rejects aggregator regions without the home region", () => {
        expect(() => validateAwsConfigArgs({ ...ARGS, aggregatorRegions: ["eu-central-1"] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(['aggregatorRegions: ["eu-central-1"] does not include the home region "eu-west-1", where the aggregator and this recorder are']);
    });
});

describe("OrganizationAccessAnalyzer", () => {
    it("creates an organization analyzer and an unused-access analyzer of 90 days", async () => {
        const plan = await declare(() => new OrganizationAccessAnalyzer("aa"));
        expect(plan.one("aws:accessanalyzer/analyzer:Analyzer", "aa").inputs).to.deep.include({ analyzerName: "platform-organization", type: "ORGANIZATION" });
        expect(plan.one("aws:accessanalyzer/analyzer:Analyzer", "aa-unused").inputs).to.deep.include({ type: "ORGANIZATION_UNUSED_ACCESS", configuration: { unusedAccess: { unusedAccessAge: 90 } } });
    });

    it("creates no unused-access analyzer with 0 days", async () => {
        const plan = await declare(() => new OrganizationAccessAnalyzer("aa", { unusedAccessAgeDays: 0 }));
        expect(plan.ofType("aws:accessanalyzer/analyzer:Analyzer").map((r) => r.name)).to.deep.equal(["aa"]);
    });

    it("rejects an age the API does not accept", () => {
        expect(() => validateOrganizationAccessAnalyzerArgs({ unusedAccessAgeDays: 400 })).to.throw().with.property("problems").that.deep.equals(["unusedAccessAgeDays: 400 is not in 1..365"]);
    });
});

describe("log archive grants for the organization trail and AWS Config", () => {
    it("admits CloudTrail for exactly one trail, under the management account's and the organization's prefixes", () => {
        expect(cloudTrailDeliveryGrants({ trailArn: TRAIL_ARN, organizationId: "o-exampleorg01", managementAccountId: MANAGEMENT })).to.deep.equal([
            { sid: "AWSCloudTrailAclCheck", principal: { Service: "cloudtrail.amazonaws.com" }, actions: ["s3:GetBucketAcl"], condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN } } },
            {
                sid: "AWSCloudTrailWrite",
                principal: { Service: "cloudtrail.amazonaws.com" },
                actions: ["s3:PutObject"],
                objectKeys: [`AWSLogs/${MANAGEMENT}/*`, "AWSLogs/o-exampleorg01/*"],
                condition: { StringEquals: { "aws:SourceArn": TRAIL_ARN, "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
        ]);
    });

    it("admits AWS Config of the listed accounts under their Config/ prefixes", () => {
        const grants = configDeliveryGrants([SECURITY]);
        expect(grants.map((g) => [g.sid, g.actions, g.objectKeys, g.condition])).to.deep.equal([
            ["AWSConfigBucketPermissionsCheck", ["s3:GetBucketAcl"], undefined, { StringEquals: { "aws:SourceAccount": [SECURITY] } }],
            ["AWSConfigBucketExistenceCheck", ["s3:ListBucket"], undefined, { StringEquals: { "aws:SourceAccount": [SECURITY] } }],
            ["AWSConfigBucketDelivery", ["s3:PutObject"], [`AWSLogs/${SECURITY}/Config/*`], { StringEquals: { "aws:SourceAccount": [SECURITY], "s3:x-amz-acl": "bucket-owner-full-control" } }],
        ]);
    });
});

describe("LogArchive with the organization trail and AWS Config", () => {
    const ARCHIVE: LogArchiveArgs = { accountId: "222222222222", region: "eu-west-1", aliasPrefix: "platform", sourceAccountIds: ["333333333333"] };
    const trail = { trailArn: TRAIL_ARN, organizationId: "o-exampleorg01", managementAccountId: MANAGEMENT };

    it("adds the trail's and Config's statements to the bucket policy, after TLS-only and the flow logs", async () => {
        const plan = await declare(() => new LogArchive("logs", { ...ARCHIVE, organizationTrail: trail, configSourceAccountIds: [SECURITY] }));
        const policy = doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "logs-policy").inputs.policy);
        expect(policy.Statement.map((x: { Sid: string }) => x.Sid)).to.deep.equal([
            "DenyInsecureTransport",
            "AWSLogDeliveryAclCheck",
            "AWSLogDeliveryWrite",
            "AWSCloudTrailAclCheck",
            "AWSCloudTrailWrite",
            "AWSConfigBucketPermissionsCheck",
            "AWSConfigBucketExistenceCheck",
            "AWSConfigBucketDelivery",
        ]);
        expect(policy.Statement[4].Resource).to.deep.equal([`arn:aws:s3:::logs-id/AWSLogs/${MANAGEMENT}/*`, "arn:aws:s3:::logs-id/AWSLogs/o-exampleorg01/*"]);
    });

    it("admits neither without the settings", async () => {
        const plan = await declare(() => new LogArchive("logs", ARCHIVE));
        const sids = doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "logs-policy").inputs.policy).Statement.map((x: { Sid: string }) => x.Sid);
        expect(sids.filter((s: string) => /CloudTrail|Config/.test(s))).to.deep.equal([]);
    });

    it("rejects a trail that is not the management account's and a malformed Config account", () => {
        expect(() => validateLogArchiveArgs({ ...ARCHIVE, organizationTrail: { ...trail, trailArn: `arn:aws:cloudtrail:eu-west-1:${SECURITY}:trail/trail1` }, configSourceAccountIds: ["123"] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([
                `organizationTrail.trailArn: "arn:aws:cloudtrail:eu-west-1:${SECURITY}:trail/trail1" is not a trail of the management account "${MANAGEMENT}"; an organization trail belongs to the management account`,
                'configSourceAccountIds[0]: "123" is not a 12-digit AWS account ID',
            ]);
    });
});
