import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyDocument, Problems, stateful, tagsFor } from "../common";
import { partitionOf } from "../common/aws";
import { KmsKey } from "../kms/key";
import { stateKeyPolicy } from "../kms/policies";
import { checkKeySettings } from "../kms/validate";
import { checkBucketName, SecureBucket } from "../storage/secure-bucket";
import { stackSecretsKeyRoles, stackStateStatements, StateRoleAccess, stateBucketGrants } from "./state-access";

/**
 * The Pulumi state backend: a SecureBucket encrypted at rest with its own "state" key, versioned,
 * with no expiration of current versions (a state file is never aged out, only its old versions
 * are), and one secrets key per stack (`alias/<aliasPrefix>/state-<stack>`), the stack's
 * `awskms://` secrets provider. Roles of other accounts get the state through the bucket policy
 * and the key policies, each naming the exact roles and only the stacks each role deploys or
 * reads; their own accounts must allow it too (`stateAccessStatements` on the roles, and a
 * StateAccessPolicy per role for its stacks).
 */
export interface StateBackendArgs {
    /** Account that owns the state. */
    accountId: string;
    /** Region of the bucket and keys. */
    region: string;
    /** Alias prefix of the keys: `alias/<aliasPrefix>/state` (the bucket's), `alias/<aliasPrefix>/state-<stack>`. */
    aliasPrefix: string;
    /** The Pulumi project whose stacks the bucket holds (`.pulumi/stacks/<project>/<stack>.json`). */
    project: string;
    /**
     * Stacks that get their own secrets key, including those only the account's administrators
     * use (the bootstrap's own). @default none
     */
    stacks?: string[];
    /**
     * The roles of other accounts that use the state, each with the stacks it deploys (reads and
     * writes their objects, encrypts and decrypts with their secrets keys) and the stacks it only
     * reads (their checkpoints and data keys). Every stack named must be in `stacks`, and a stack
     * has at most one deploying role. @default none (only this account's principals, through IAM)
     */
    access?: StateRoleAccess[];
    /** Physical bucket name. @default auto-named */
    bucketName?: string;
    /** Roles that administer the keys. @default none */
    administratorArns?: string[];
    /** Days old state versions are kept (the history `pulumi stack history` and recovery use). @default 365 */
    noncurrentExpirationDays?: number;
    /** Organization the state roles must belong to (`aws:PrincipalOrgID` in the bucket and key policies). @default no condition */
    principalOrgId?: string;
    /** Bucket that receives the state bucket's server access logs. @default none */
    accessLogBucket?: pulumi.Input<string>;
    /** @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const STATE_BACKEND_DEFAULTS = { noncurrentExpirationDays: 365, protect: true } as const;

const STACK_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/** The roles that write some stack (the bucket key's writers) and the roles that only read. */
export function stateRoleLists(access: StateRoleAccess[] = []): { writers: string[]; readers: string[] } {
    return {
        writers: access.filter((a) => a.writes.length > 0).map((a) => a.roleArn),
        readers: access.filter((a) => a.writes.length === 0).map((a) => a.roleArn),
    };
}

export function validateStateBackendArgs(args: StateBackendArgs): void {
    const p = new Problems();
    const access = args.access ?? [];
    const stacks = args.stacks ?? [];
    const { writers, readers } = stateRoleLists(access);
    checkKeySettings(
        p,
        {
            accountId: args.accountId,
            region: args.region,
            aliasPrefix: args.aliasPrefix,
            administratorArns: args.administratorArns,
            // Each entry is checked below, with its own path.
            stateAccessRoleArns: writers.filter((arn, i) => ROLE_ARN.test(String(arn)) && writers.indexOf(arn) === i),
            stateReadRoleArns: readers.filter((arn, i) => ROLE_ARN.test(String(arn)) && readers.indexOf(arn) === i && !writers.includes(arn)),
            principalOrgId: args.principalOrgId,
        },
        ["state"],
    );
    if (!STACK_NAME.test(String(args.project))) {
        p.add("project", args.project, "is not a Pulumi project name of lowercase letters, digits and '-'");
    }
    stacks.forEach((stack, i) => {
        if (!STACK_NAME.test(String(stack))) {
            p.add(`stacks[${i}]`, stack, "is not a stack name of lowercase letters, digits and '-' (the state's object keys and the key alias are built from it)");
        } else if (stacks.indexOf(stack) !== i) {
            p.add(`stacks[${i}]`, stack, "is listed twice");
        }
    });
    const arns = access.map((a) => a.roleArn);
    const deployer = new Map<string, number>();
    access.forEach((a, i) => {
        if (!ROLE_ARN.test(String(a.roleArn))) {
            p.add(`access[${i}].roleArn`, a.roleArn, "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted");
        } else if (arns.indexOf(a.roleArn) !== i) {
            p.add(`access[${i}].roleArn`, a.roleArn, "is listed twice; list each role once with all its stacks");
        }
        for (const kind of ["writes", "reads"] as const) {
            a[kind].forEach((stack, j) => {
                if (!stacks.includes(stack)) {
                    p.add(`access[${i}].${kind}[${j}]`, stack, `is not one of stacks (${stacks.join(", ") || "none"}); every stack used gets its secrets key there`);
                }
            });
        }
        a.writes.forEach((stack, j) => {
            const other = deployer.get(stack);
            if (other !== undefined) {
                p.add(`access[${i}].writes[${j}]`, stack, `is also written by access[${other}] (${access[other].roleArn}); a stack has one deploying role`);
            } else {
                deployer.set(stack, i);
            }
            if (a.reads.includes(stack)) {
                p.add(`access[${i}].reads`, a.reads, `lists ${JSON.stringify(stack)}, which the role writes; list it in writes only`);
            }
        });
    });
    checkBucketName(p, args.bucketName);
    p.intRange("noncurrentExpirationDays", args.noncurrentExpirationDays ?? STATE_BACKEND_DEFAULTS.noncurrentExpirationDays, 1, 36500);
    p.throwIfAny("StateBackend");
}

/** The alias of a stack's secrets key: `alias/<aliasPrefix>/state-<stack>`. */
export function stackSecretsAliasName(aliasPrefix: string, stack: string): string {
    return `alias/${aliasPrefix}/state-${stack}`;
}

/** The `awskms://` secrets provider URL of a stack's secrets key, usable from any account its key policy allows. */
export function stackSecretsProvider(accountId: string, region: string, aliasPrefix: string, stack: string): string {
    return `awskms:///arn:${partitionOf(region)}:kms:${region}:${accountId}:${stackSecretsAliasName(aliasPrefix, stack)}?region=${region}`;
}

export class StateBackend extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** The bucket key (SSE-KMS of the state objects, through S3 only). */
    readonly keyArn: pulumi.Output<string>;
    /** `pulumi login` URL: `s3://<bucket>?region=<region>&awssdk=v2`. */
    readonly backendUrl: pulumi.Output<string>;
    /** Each stack's secrets key ARN, by stack. */
    readonly secretsKeyArns: Record<string, pulumi.Output<string>>;
    /**
     * Each stack's `--secrets-provider` value, by stack: `awskms:///<alias ARN>?region=<region>`.
     * The alias ARN, not `alias/<name>`: KMS resolves a bare alias in the caller's account, so a
     * role of another account must name the key's account.
     */
    readonly secretsProviders: Record<string, string>;

    constructor(name: string, args: StateBackendArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:StateBackend", name, {}, opts);
        validateStateBackendArgs(args);
        const protect = args.protect ?? STATE_BACKEND_DEFAULTS.protect;
        const access = args.access ?? [];
        const { writers, readers } = stateRoleLists(access);
        const key = new KmsKey(
            `${name}-key`,
            {
                purpose: "state",
                accountId: args.accountId,
                region: args.region,
                aliasPrefix: args.aliasPrefix,
                administratorArns: args.administratorArns,
                stateAccessRoleArns: writers,
                stateReadRoleArns: readers,
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
                grants: stateBucketGrants(args.project, access, args.principalOrgId),
                protect,
                tags: args.tags,
            },
            { parent: this },
        );

        // One key per stack, so that no role but the stack's deployer, its consumers' deployers and
        // its previewers can unwrap the stack's data key (KmsKey's settings: rotation, 30 days).
        this.secretsKeyArns = {};
        this.secretsProviders = {};
        for (const stack of args.stacks ?? []) {
            const aliasName = stackSecretsAliasName(args.aliasPrefix, stack);
            const roles = stackSecretsKeyRoles(stack, access);
            const policy = stateKeyPolicy({
                accountId: args.accountId,
                region: args.region,
                administratorArns: args.administratorArns,
                stateSecretsWriterArns: roles.writers,
                stateSecretsReaderArns: roles.readers,
                principalOrgId: args.principalOrgId,
            });
            const secretsKey = new aws.kms.Key(
                `${name}-secrets-${stack}`,
                {
                    description: `Pulumi secrets of stack ${stack} (${aliasName})`,
                    keyUsage: "ENCRYPT_DECRYPT",
                    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    bypassPolicyLockoutSafetyCheck: false,
                    policy: JSON.stringify(policy),
                    tags: tagsFor(args.tags, aliasName, { "platform:key-purpose": "state-secrets", "platform:stack": stack }),
                },
                stateful(this, protect),
            );
            new aws.kms.Alias(`${name}-secrets-${stack}-alias`, { name: aliasName, targetKeyId: secretsKey.keyId }, { parent: this, retainOnDelete: protect });
            this.secretsKeyArns[stack] = secretsKey.arn;
            this.secretsProviders[stack] = stackSecretsProvider(args.accountId, args.region, args.aliasPrefix, stack);
        }

        this.bucketName = bucket.bucketName;
        this.bucketArn = bucket.bucketArn;
        this.keyArn = key.keyArn;
        this.backendUrl = pulumi.interpolate`s3://${bucket.bucketName}?region=${args.region}&awssdk=v2`;
        this.registerOutputs({
            bucketName: this.bucketName,
            bucketArn: this.bucketArn,
            keyArn: this.keyArn,
            backendUrl: this.backendUrl,
            secretsKeyArns: this.secretsKeyArns,
            secretsProviders: this.secretsProviders,
        });
    }
}

/**
 * The identity side of one role's stacks in the state, in the role's own account: an inline policy
 * (`stackStateStatements`) next to the role's own, written by the bootstrap. The role's own policy
 * carries what every state role needs (`stateAccessStatements`: the bucket, `meta.yaml`, the bucket
 * key through S3).
 */
export interface StateAccessPolicyArgs {
    /** The role to attach the policy to. */
    roleName: pulumi.Input<string>;
    /** The state bucket. */
    bucketArn: pulumi.Input<string>;
    /** The Pulumi project of the stacks. */
    project: string;
    /** Secrets key ARN by stack: at least the stacks in writes and reads (StateBackend's `secretsKeyArns`). */
    secretsKeyArns: Record<string, pulumi.Input<string>>;
    /** Stacks the role deploys. */
    writes: string[];
    /** Stacks the role only reads. */
    reads: string[];
}

export class StateAccessPolicy extends pulumi.ComponentResource {
    constructor(name: string, args: StateAccessPolicyArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:StateAccessPolicy", name, {}, opts);
        const stacks = [...args.writes, ...args.reads];
        const missing = stacks.filter((s) => args.secretsKeyArns[s] === undefined);
        if (missing.length > 0) {
            throw new Error(`StateAccessPolicy ${name}: secretsKeyArns has no key for ${missing.join(", ")}`);
        }
        const keys = pulumi.all(Object.fromEntries(stacks.map((s) => [s, args.secretsKeyArns[s]])) as Record<string, pulumi.Input<string>>);
        const policy = pulumi
            .all([args.bucketArn, keys])
            .apply(([bucketArn, secretsKeyArns]) => JSON.stringify(policyDocument(stackStateStatements({ bucketArn, project: args.project, secretsKeyArns }, args))));
        new aws.iam.RolePolicy(name, { role: args.roleName, policy }, { parent: this });
        this.registerOutputs({});
    }
}
