import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { partitionOf } from "../common/aws";
import { keyAliasName, KmsKey } from "../kms/key";
import { checkKeySettings } from "../kms/validate";
import { checkBucketName, SecureBucket } from "../storage/secure-bucket";
import { stateBucketGrants } from "./state-access";

/**
 * The Pulumi state backend: a SecureBucket encrypted with its own "state" key (which also serves
 * as the stack secrets provider), versioned, with no expiration of current versions: a state file
 * is never aged out, only its old versions are. Roles of other accounts (the deployment roles of
 * the member accounts) get the state through the bucket policy and the key policy, each naming
 * the exact roles; their own accounts must allow it too (DeploymentRole's stateBucketArn/stateKeyArn).
 */
export interface StateBackendArgs {
    /** Account that owns the state. */
    accountId: string;
    /** Region of the bucket and key. */
    region: string;
    /** Alias prefix of the state key: `alias/<aliasPrefix>/state`. */
    aliasPrefix: string;
    /** Physical bucket name. @default auto-named */
    bucketName?: string;
    /** Roles that administer the state key. @default none */
    administratorArns?: string[];
    /** Days old state versions are kept (the history `pulumi stack history` and recovery use). @default 365 */
    noncurrentExpirationDays?: number;
    /**
     * Roles that read and write the state (objects under `.pulumi/`) and use the key, both through
     * S3 and directly as the `awskms://` secrets provider: the deployment roles. Exact role ARNs.
     * @default none (only this account's principals, through IAM)
     */
    stateAccessRoleArns?: string[];
    /** Roles that only read the state and decrypt stack secrets: the preview roles. @default none */
    stateReadRoleArns?: string[];
    /** Organization those roles must belong to (`aws:PrincipalOrgID` in the bucket and key policies). @default no condition */
    principalOrgId?: string;
    /** Bucket that receives the state bucket's server access logs. @default none */
    accessLogBucket?: pulumi.Input<string>;
    /** @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const STATE_BACKEND_DEFAULTS = { noncurrentExpirationDays: 365, protect: true } as const;

export function validateStateBackendArgs(args: StateBackendArgs): void {
    const p = new Problems();
    checkKeySettings(
        p,
        {
            accountId: args.accountId,
            region: args.region,
            aliasPrefix: args.aliasPrefix,
            administratorArns: args.administratorArns,
            stateAccessRoleArns: args.stateAccessRoleArns,
            stateReadRoleArns: args.stateReadRoleArns,
            principalOrgId: args.principalOrgId,
        },
        ["state"],
    );
    checkBucketName(p, args.bucketName);
    p.intRange("noncurrentExpirationDays", args.noncurrentExpirationDays ?? STATE_BACKEND_DEFAULTS.noncurrentExpirationDays, 1, 36500);
    p.throwIfAny("StateBackend");
}

/** The `awskms://` secrets provider URL of a state key, usable from any account the key policy allows. */
export function stateSecretsProvider(accountId: string, region: string, aliasPrefix: string): string {
    return `awskms:///arn:${partitionOf(region)}:kms:${region}:${accountId}:${keyAliasName(aliasPrefix, "state")}?region=${region}`;
}

export class StateBackend extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
    /** `pulumi login` URL: `s3://<bucket>?region=<region>&awssdk=v2`. */
    readonly backendUrl: pulumi.Output<string>;
    /**
     * `--secrets-provider` value: `awskms:///<alias ARN>?region=<region>`. The alias ARN, not
     * `alias/<name>`: KMS resolves a bare alias in the caller's account, so a deployment role of
     * another account must name the key's account.
     */
    readonly secretsProvider: string;

    constructor(name: string, args: StateBackendArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:StateBackend", name, {}, opts);
        validateStateBackendArgs(args);
        const protect = args.protect ?? STATE_BACKEND_DEFAULTS.protect;
        const key = new KmsKey(
            `${name}-key`,
            {
                purpose: "state",
                accountId: args.accountId,
                region: args.region,
                aliasPrefix: args.aliasPrefix,
                administratorArns: args.administratorArns,
                stateAccessRoleArns: args.stateAccessRoleArns,
                stateReadRoleArns: args.stateReadRoleArns,
                principalOrgId: args.principalOrgId,
                protect,
                tags: args.tags,
            },
            { parent: this },
        );
        const bucket = new SecureBucket(
            name,
            {
                bucketName: args.bucketName,
                kmsKeyArn: key.keyArn,
                transitionDays: "never",
                expirationDays: "never",
                noncurrentExpirationDays: args.noncurrentExpirationDays ?? STATE_BACKEND_DEFAULTS.noncurrentExpirationDays,
                accessLogBucket: args.accessLogBucket,
                grants: stateBucketGrants(args.stateAccessRoleArns ?? [], args.stateReadRoleArns ?? [], args.principalOrgId),
                protect,
                tags: args.tags,
            },
            { parent: this },
        );

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.keyArn = key.keyArn;
        this.backendUrl = pulumi.interpolate`s3://${bucket.bucketName}?region=${args.region}&awssdk=v2`;
        this.secretsProvider = stateSecretsProvider(args.accountId, args.region, args.aliasPrefix);
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, keyArn: this.keyArn, backendUrl: this.backendUrl, secretsProvider: this.secretsProvider });
    }
}
