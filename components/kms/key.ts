import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful, tagsFor } from "../common";
import { keyPolicyFor, KeyPurpose, PURPOSE_DESCRIPTIONS } from "./policies";
import { checkKeySettings, checkPurpose, KeySettings } from "./validate";

/**
 * One customer managed symmetric key for one purpose, with rotation, a 30-day deletion window,
 * the purpose's key policy and the alias `alias/<aliasPrefix>/<purpose>`.
 */
export interface KmsKeyArgs extends KeySettings {
    /** What the key encrypts; decides the key policy and the alias. */
    purpose: KeyPurpose;
    /** Account that owns the key (the key policy names its root). */
    accountId: string;
    /** Region of the key (service principals and `kms:ViaService` are regional). */
    region: string;
    /** Alias prefix, e.g. `platform/dev`: the alias is `alias/<aliasPrefix>/<purpose>`. */
    aliasPrefix: string;
    /** @default a description of the purpose and the alias */
    description?: string;
    /** Roles that administer the key without using it. @default none */
    administratorArns?: string[];
    /** Waiting period before a scheduled deletion; below 30 only when set here. @default 30 */
    deletionWindowInDays?: number;
    /** ebs only: grant the EC2 Auto Scaling service-linked role. @default true */
    autoScalingServiceLinkedRole?: boolean;
    /** log-archive only: accounts whose VPC flow logs the archive receives. */
    logSourceAccountIds?: string[];
    /** log-archive only: organization whose VPC flow logs the archive receives. */
    logSourceOrgId?: string;
    /** state only: roles of other accounts that read and write the state and use the secrets provider. @default none */
    stateAccessRoleArns?: string[];
    /** state only: roles that only read the state and decrypt secrets (preview). @default none */
    stateReadRoleArns?: string[];
    /** state only: organization the state roles must belong to. @default no organization condition */
    principalOrgId?: string;
    /** Protect the key from `pulumi destroy` and retain it in AWS when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const KMS_KEY_DEFAULTS = {
    deletionWindowInDays: 30,
    protect: true,
    autoScalingServiceLinkedRole: true,
} as const;

export function validateKmsKeyArgs(args: KmsKeyArgs): void {
    const p = new Problems();
    const known = checkPurpose(p, "purpose", args.purpose);
    checkKeySettings(p, args, known ? [args.purpose] : []);
    if (args.autoScalingServiceLinkedRole !== undefined && args.purpose !== "ebs") {
        p.add("autoScalingServiceLinkedRole", args.autoScalingServiceLinkedRole, "only applies to the \"ebs\" purpose");
    }
    p.throwIfAny("KmsKey");
}

/** The alias of a purpose's key. */
export function keyAliasName(aliasPrefix: string, purpose: KeyPurpose): string {
    return `alias/${aliasPrefix}/${purpose}`;
}

export class KmsKey extends pulumi.ComponentResource {
    readonly keyArn: pulumi.Output<string>;
    readonly keyId: pulumi.Output<string>;
    readonly aliasArn: pulumi.Output<string>;
    readonly aliasName: string;

    constructor(name: string, args: KmsKeyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:kms:KmsKey", name, {}, opts);
        validateKmsKeyArgs(args);
        const deletionWindowInDays = args.deletionWindowInDays ?? KMS_KEY_DEFAULTS.deletionWindowInDays;
        const protect = args.protect ?? KMS_KEY_DEFAULTS.protect;
        const aliasName = keyAliasName(args.aliasPrefix, args.purpose);
        const policy = keyPolicyFor(args.purpose, {
            accountId: args.accountId,
            region: args.region,
            administratorArns: args.administratorArns,
            autoScalingServiceLinkedRole: args.autoScalingServiceLinkedRole ?? KMS_KEY_DEFAULTS.autoScalingServiceLinkedRole,
            logSourceAccountIds: args.logSourceAccountIds,
            logSourceOrgId: args.logSourceOrgId,
            stateAccessRoleArns: args.stateAccessRoleArns,
            stateReadRoleArns: args.stateReadRoleArns,
            principalOrgId: args.principalOrgId,
        });

        const key = new aws.kms.Key(
            name,
            {
                description: args.description ?? `${PURPOSE_DESCRIPTIONS[args.purpose]} (${aliasName})`,
                keyUsage: "ENCRYPT_DECRYPT",
                customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                enableKeyRotation: true,
                deletionWindowInDays,
                bypassPolicyLockoutSafetyCheck: false,
                policy: JSON.stringify(policy),
                tags: tagsFor(args.tags, aliasName, { "platform:key-purpose": args.purpose }),
            },
            stateful(this, protect),
        );
        // Retained with the key: stacks and the state secrets provider find the key by its alias.
        const alias = new aws.kms.Alias(`${name}-alias`, { name: aliasName, targetKeyId: key.keyId }, { parent: this, retainOnDelete: protect });

        this.keyArn = key.arn;
        this.keyId = key.keyId;
        this.aliasArn = alias.arn;
        this.aliasName = aliasName;
        this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasArn: this.aliasArn, aliasName });
    }
}
