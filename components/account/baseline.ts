import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";

/*
 * The security defaults of one account (and, for the regional ones, of the provider's region).
 * Sources, read 2026-12-03:
 * - EBS encryption by default is a per-Region setting of the account; with it every new volume
 *   and snapshot copy is encrypted, with the account's default EBS key (aws/ebs unless changed):
 *   https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html
 * - S3 Block Public Access at account level applies to every bucket and access point of the
 *   account, in every Region: https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * - Instance metadata defaults are per account and Region and apply at launch to instances whose
 *   launch parameters (or AMI) do not set the option; explicit launch-template settings win:
 *   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyInstanceMetadataDefaults.html
 * - EC2 serial console access is off by default and is an account setting per Region:
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configure-access-to-serial-console.html
 * - Block public access for AMIs (per Region; "block-new-sharing" is the only blocking state):
 *   https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/block-public-access-to-amis.html
 * - Block public access for EBS snapshots (per Region; "block-all-sharing" also hides snapshots
 *   already public): https://docs.aws.amazon.com/ebs/latest/userguide/block-public-access-snapshots.html
 * - Systems Manager service settings are per account and Region, set with UpdateServiceSetting by
 *   their setting ID: `/ssm/documents/console/public-sharing-permission` "Disable" blocks public
 *   sharing of SSM documents (FSBP SSM.7), `/ssm/automation/customer-script-log-destination`
 *   "CloudWatch" sends the output of Automation's aws:executeScript steps to CloudWatch Logs (FSBP
 *   SSM.6): https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_UpdateServiceSetting.html,
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/documents-ssm-sharing.html#block-public-access,
 *   https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-logging.html,
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/ssm-controls.html (all read 2026-12-03).
 */

/** Setting IDs of the Systems Manager service settings the baseline manages, and their secure values. */
export const SSM_SETTINGS = {
    documentPublicSharing: { settingId: "/ssm/documents/console/public-sharing-permission", settingValue: "Disable" },
    automationLogDestination: { settingId: "/ssm/automation/customer-script-log-destination", settingValue: "CloudWatch" },
} as const;

/** Which of the account's defaults this component manages. Every flag defaults to the secure choice. */
export interface AccountBaselineArgs {
    /** Turn on EBS encryption by default in the provider's region (FSBP EC2.7). @default true */
    ebsEncryptionByDefault?: boolean;
    /**
     * Customer managed key new EBS volumes are encrypted with when no key is named (the workload's
     * EBS key). Its policy must let EC2 and the Auto Scaling service-linked role use it; make the
     * component depend on the key. @default none (AWS's aws/ebs key)
     */
    ebsDefaultKmsKeyArn?: pulumi.Input<string>;
    /** The account's S3 Block Public Access, all four flags (FSBP S3.1). @default true */
    s3BlockPublicAccess?: boolean;
    /** Instance metadata defaults: IMDSv2 required, endpoint on, hop limit below. @default true */
    imdsDefaults?: boolean;
    /** Hop limit of the IMDS defaults: 2 lets pods behind a node reach IMDSv2 (1 keeps them off). @default 2 */
    imdsHopLimit?: number;
    /** Instance tags in the metadata of instances that do not choose. @default "disabled" */
    imdsInstanceTags?: "enabled" | "disabled";
    /** Keep EC2 serial console access off in the provider's region. @default true */
    disableSerialConsole?: boolean;
    /** Block new public sharing of AMIs in the provider's region. @default true */
    blockPublicImages?: boolean;
    /** Block all public sharing of EBS snapshots in the provider's region (FSBP EC2.1). @default true */
    blockPublicSnapshots?: boolean;
    /** Block public sharing of SSM documents in the provider's region (FSBP SSM.7). @default true */
    blockPublicSsmDocuments?: boolean;
    /** Send SSM Automation script output to CloudWatch Logs in the provider's region (FSBP SSM.6). @default true */
    ssmAutomationLogging?: boolean;
}

export const ACCOUNT_BASELINE_DEFAULTS = {
    ebsEncryptionByDefault: true,
    s3BlockPublicAccess: true,
    imdsDefaults: true,
    imdsHopLimit: 2,
    imdsInstanceTags: "disabled" as "enabled" | "disabled",
    disableSerialConsole: true,
    blockPublicImages: true,
    blockPublicSnapshots: true,
    blockPublicSsmDocuments: true,
    ssmAutomationLogging: true,
};

/** The settings a stack's `platform:accountBaseline` names, with the component's defaults. */
export type AccountBaselineSettings = Required<Omit<AccountBaselineArgs, "ebsDefaultKmsKeyArn">>;

export function validateAccountBaselineArgs(args: AccountBaselineArgs): void {
    const p = new Problems();
    if (args.imdsHopLimit !== undefined) {
        p.intRange("imdsHopLimit", args.imdsHopLimit, 1, 64);
    }
    if (args.imdsInstanceTags !== undefined) {
        p.oneOf("imdsInstanceTags", args.imdsInstanceTags, ["enabled", "disabled"]);
    }
    for (const key of ["ebsEncryptionByDefault", "s3BlockPublicAccess", "imdsDefaults", "disableSerialConsole", "blockPublicImages", "blockPublicSnapshots", "blockPublicSsmDocuments", "ssmAutomationLogging"] as const) {
        if (args[key] !== undefined && typeof args[key] !== "boolean") {
            p.add(key, args[key], "is not true or false");
        }
    }
    p.throwIfAny("AccountBaseline");
}

/**
 * An account's security defaults: EBS encryption by default (optionally with the platform's EBS
 * key), S3 Block Public Access for the account, IMDSv2 as the instance metadata default, serial
 * console off, public sharing of AMIs, snapshots and SSM documents blocked, SSM Automation
 * output logged to CloudWatch Logs. See README.md.
 *
 * Each setting is retained when removed from the program or on `pulumi destroy`, so that tearing a
 * stack down never turns an account's protection off; the default EBS key is the exception (it is
 * reset to aws/ebs on delete, so that no account points new volumes at a key being deleted).
 */
export class AccountBaseline extends pulumi.ComponentResource {
    /** The settings this component manages, by name (true: managed and secure). */
    readonly managed: Record<string, boolean>;

    constructor(name: string, args: AccountBaselineArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:account:AccountBaseline", name, {}, opts);
        validateAccountBaselineArgs(args);
        const d = ACCOUNT_BASELINE_DEFAULTS;
        const s = {
            ebsEncryptionByDefault: args.ebsEncryptionByDefault ?? d.ebsEncryptionByDefault,
            s3BlockPublicAccess: args.s3BlockPublicAccess ?? d.s3BlockPublicAccess,
            imdsDefaults: args.imdsDefaults ?? d.imdsDefaults,
            disableSerialConsole: args.disableSerialConsole ?? d.disableSerialConsole,
            blockPublicImages: args.blockPublicImages ?? d.blockPublicImages,
            blockPublicSnapshots: args.blockPublicSnapshots ?? d.blockPublicSnapshots,
            blockPublicSsmDocuments: args.blockPublicSsmDocuments ?? d.blockPublicSsmDocuments,
            ssmAutomationLogging: args.ssmAutomationLogging ?? d.ssmAutomationLogging,
        };
        const kept: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };

        const encryption = s.ebsEncryptionByDefault ? new aws.ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, kept) : undefined;
        if (args.ebsDefaultKmsKeyArn !== undefined) {
            // Also the key of volumes created encrypted without naming one. Not retained: a stack
            // torn down may schedule its key for deletion, and new volumes must not point at it.
            new aws.ebs.DefaultKmsKey(`${name}-ebs-default-key`, { keyArn: args.ebsDefaultKmsKeyArn }, { parent: this, dependsOn: encryption ? [encryption] : [] });
        }
        if (s.s3BlockPublicAccess) {
            new aws.s3.AccountPublicAccessBlock(
                `${name}-s3-public-access-block`,
                { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
                kept,
            );
        }
        if (s.imdsDefaults) {
            new aws.ec2.InstanceMetadataDefaults(
                `${name}-imds-defaults`,
                {
                    httpTokens: "required",
                    httpEndpoint: "enabled",
                    httpPutResponseHopLimit: args.imdsHopLimit ?? d.imdsHopLimit,
                    instanceMetadataTags: args.imdsInstanceTags ?? d.imdsInstanceTags,
                },
                kept,
            );
        }
        if (s.disableSerialConsole) {
            new aws.ec2.SerialConsoleAccess(`${name}-serial-console`, { enabled: false }, kept);
        }
        if (s.blockPublicImages) {
            new aws.ec2.ImageBlockPublicAccess(`${name}-image-block-public-access`, { state: "block-new-sharing" }, kept);
        }
        if (s.blockPublicSnapshots) {
            new aws.ebs.SnapshotBlockPublicAccess(`${name}-snapshot-block-public-access`, { state: "block-all-sharing" }, kept);
        }
        if (s.blockPublicSsmDocuments) {
            new aws.ssm.ServiceSetting(`${name}-ssm-document-public-sharing`, { ...SSM_SETTINGS.documentPublicSharing }, kept);
        }
        if (s.ssmAutomationLogging) {
            new aws.ssm.ServiceSetting(`${name}-ssm-automation-logging`, { ...SSM_SETTINGS.automationLogDestination }, kept);
        }

        this.managed = { ...s, ebsDefaultKmsKey: args.ebsDefaultKmsKeyArn !== undefined };
        this.registerOutputs({ managed: this.managed });
    }
}
