import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ServiceLinkedRoles } from "../account/service-linked-roles";
import { checkPlatformRoleArgs, PlatformRoleArgs, platformRoleInputs, Problems, tagsFor } from "../common";
import { ACCOUNT_ID, configOrganizationsPolicyArn, configServiceLinkedRoleArn, REGION } from "./defaults";
import { configKeyPolicy, serviceTrustPolicy } from "./policies";
import { securityKey } from "./key";

/**
 * AWS Config in the security account and the organization's aggregator: a recorder of every
 * supported resource type, global types (IAM) included, because this is the home region (record
 * global types in one region only), recording with Config's service-linked role (FSBP Config.1);
 * a delivery channel into the log archive encrypted with its own key; the recorder started; and an
 * aggregator over every account of the organization, in every region or the listed ones, as Config's
 * delegated administrator (the bootstrap stack registers it)
 * (https://docs.aws.amazon.com/config/latest/developerguide/select-resources.html,
 * https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html,
 * https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/config-controls.html#config-1, read 2026-12-03).
 */
export interface AwsConfigArgs extends PlatformRoleArgs {
    /** The account recorded (the security account); owns the key and the aggregator. */
    accountId: string;
    /** Region of the recorder; global resource types are recorded here. */
    region: string;
    /** The log archive bucket (its policy admits Config deliveries from `accountId`). */
    bucketName: pulumi.Input<string>;
    /** Create Config's service-linked role; false when it already exists in the account. @default true */
    createServiceLinkedRole?: boolean;
    /** Regions the aggregator collects; empty: every region, new ones too. @default [] */
    aggregatorRegions?: string[];
    /** Alias prefix of the delivery key: `alias/<aliasPrefix>/config`. @default "platform" */
    aliasPrefix?: string;
    /** Protect and retain the key. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const AWS_CONFIG_DEFAULTS = { createServiceLinkedRole: true, aggregatorRegions: [] as string[], aliasPrefix: "platform", protect: true } as const;

export function validateAwsConfigArgs(args: AwsConfigArgs): void {
    const p = new Problems();
    if (!ACCOUNT_ID.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!REGION.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    const regions = args.aggregatorRegions ?? [];
    regions.forEach((r, i) => {
        if (!REGION.test(String(r))) {
            p.add(`aggregatorRegions[${i}]`, r, 'is not an AWS region name such as "eu-central-1"');
        } else if (regions.indexOf(r) !== i) {
            p.add(`aggregatorRegions[${i}]`, r, "is listed twice");
        }
    });
    if (regions.length > 0 && !regions.includes(args.region)) {
        p.add("aggregatorRegions", regions, `does not include the home region ${JSON.stringify(args.region)}, where the aggregator and this recorder are`);
    }
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("AwsConfig");
}

export class AwsConfig extends pulumi.ComponentResource {
    readonly recorderName: pulumi.Output<string>;
    readonly aggregatorArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AwsConfigArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:AwsConfig", name, {}, opts);
        validateAwsConfigArgs(args);
        const protect = args.protect ?? AWS_CONFIG_DEFAULTS.protect;
        const aliasPrefix = args.aliasPrefix ?? AWS_CONFIG_DEFAULTS.aliasPrefix;
        const regions = args.aggregatorRegions ?? AWS_CONFIG_DEFAULTS.aggregatorRegions;
        const linkedRole = (args.createServiceLinkedRole ?? AWS_CONFIG_DEFAULTS.createServiceLinkedRole)
            ? [new ServiceLinkedRoles(`${name}-service-linked-role`, { services: ["config.amazonaws.com"] }, { parent: this })]
            : [];
        const key = securityKey(
            `${name}-key`,
            { alias: `alias/${aliasPrefix}/config`, description: "AWS Config configuration history and snapshots in the log archive", policy: JSON.stringify(configKeyPolicy(args.accountId, args.region)), protect, tags: args.tags },
            this,
        );
        const recorder = new aws.cfg.Recorder(
            name,
            {
                name: "platform",
                roleArn: configServiceLinkedRoleArn(args.accountId, args.region),
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
                recordingMode: { recordingFrequency: "CONTINUOUS" },
            },
            { parent: this, dependsOn: linkedRole },
        );
        const channel = new aws.cfg.DeliveryChannel(
            name,
            { name: "platform", s3BucketName: args.bucketName, s3KmsKeyArn: key.arn, snapshotDeliveryProperties: { deliveryFrequency: "TwentyFour_Hours" } },
            { parent: this, dependsOn: [recorder] },
        );
        new aws.cfg.RecorderStatus(name, { name: recorder.name, isEnabled: true }, { parent: this, dependsOn: [channel] });

        const role = new aws.iam.Role(
            `${name}-aggregator`,
            {
                ...platformRoleInputs(args, args.accountId, args.region),
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("config.amazonaws.com", args.accountId)),
                description: "AWS Config reads the organization's accounts for the organization aggregator",
                maxSessionDuration: 3600,
                tags: tagsFor(args.tags, `${name}-aggregator`),
            },
            { parent: this },
        );
        const attachment = new aws.iam.RolePolicyAttachment(`${name}-aggregator`, { role: role.name, policyArn: configOrganizationsPolicyArn(args.region) }, { parent: this });
        const aggregator = new aws.cfg.ConfigurationAggregator(
            `${name}-aggregator`,
            {
                name: "platform-organization",
                organizationAggregationSource: regions.length === 0 ? { allRegions: true, roleArn: role.arn } : { regions, roleArn: role.arn },
                tags: tagsFor(args.tags, "platform-organization"),
            },
            { parent: this, dependsOn: [attachment] },
        );
        this.recorderName = recorder.name;
        this.aggregatorArn = aggregator.arn;
        this.keyArn = key.arn;
        this.registerOutputs({ recorderName: this.recorderName, aggregatorArn: this.aggregatorArn, keyArn: this.keyArn });
    }
}
