import { accountRoot, dnsSuffixOf, partitionOf, PolicyDocument, policyDocument, PolicyStatement } from "../common";

/**
 * Key policies, one pure function per purpose. Every policy starts with the standard delegation to
 * IAM (the account root may use `kms:*`, so IAM policies in the account decide who uses the key and
 * the key can never become unmanageable), then the optional key administrators, then what the
 * purpose's AWS services need, always with conditions that pin the account, the region or the
 * calling service. No statement names a bare `*` principal.
 */

/** What a key is for; each purpose has its own key so that a grant on one never opens another. */
export const KEY_PURPOSES = ["cluster-secrets", "ebs", "logs", "ecr", "s3", "sns", "sqs", "state", "log-archive", "backup"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export interface KeyPolicyContext {
    /** Account that owns the key. */
    accountId: string;
    /** Region of the key. */
    region: string;
    /** Roles that administer the key (no encrypt or decrypt). @default none */
    administratorArns?: string[];
    /**
     * ebs only: grant the EC2 Auto Scaling service-linked role, which EKS managed node groups use
     * to launch instances with encrypted volumes. The role must exist when the policy is set.
     * @default true
     */
    autoScalingServiceLinkedRole?: boolean;
    /** log-archive only: accounts whose log deliveries may encrypt with the key. */
    logSourceAccountIds?: string[];
    /** log-archive only: organization whose accounts' log deliveries may encrypt with the key. */
    logSourceOrgId?: string;
    /**
     * state only, the bucket key: roles (usually the deployment roles of other accounts) that read
     * and write the state objects, through S3 only. @default none
     */
    stateAccessRoleArns?: string[];
    /** state only: roles that only read the state through S3 (preview roles). @default none */
    stateReadRoleArns?: string[];
    /**
     * state only, a stack's secrets key: the role that deploys the stack, which uses the key
     * directly as the `awskms://` secrets provider (Encrypt and Decrypt). @default none
     */
    stateSecretsWriterArns?: string[];
    /**
     * state only, a stack's secrets key: roles that only decrypt the stack's data key (Decrypt):
     * the deployers of the stacks that reference it, and the preview roles that preview it or
     * its consumers. @default none
     */
    stateSecretsReaderArns?: string[];
    /** state only: organization the state roles must belong to (`aws:PrincipalOrgID`). @default no organization condition */
    principalOrgId?: string;
}

/** Data-plane actions a user of a key needs. */
export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/**
 * Administration without use: the console's administrator set, spelled out, minus
 * `kms:CreateGrant` (a grant would let an administrator decrypt) and with no wildcards.
 */
export const KEY_ADMIN_ACTIONS = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListAliases",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/** The statements every key policy starts with: IAM delegation and the administrators. */
export function baseKeyStatements(ctx: KeyPolicyContext): PolicyStatement[] {
    const statements: PolicyStatement[] = [
        {
            Sid: "EnableIamPolicies",
            Effect: "Allow",
            Principal: { AWS: accountRoot(ctx.accountId, ctx.region) },
            Action: "kms:*",
            Resource: "*",
        },
    ];
    const admins = ctx.administratorArns ?? [];
    if (admins.length > 0) {
        statements.push({ Sid: "KeyAdministrators", Effect: "Allow", Principal: { AWS: admins }, Action: KEY_ADMIN_ACTIONS, Resource: "*" });
    }
    return statements;
}

/**
 * Use of the key by any principal of this account, but only through one AWS service in this
 * region (the pattern of the AWS managed keys `aws/ebs`, `aws/s3`): access to the data is then
 * decided by that service's own permissions.
 */
export function viaServiceStatement(sid: string, service: string, ctx: KeyPolicyContext, actions: string[] = KEY_USE_ACTIONS): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: actions,
        Resource: "*",
        Condition: {
            StringEquals: {
                "kms:CallerAccount": ctx.accountId,
                "kms:ViaService": `${service}.${ctx.region}.${dnsSuffixOf(ctx.region)}`,
            },
        },
    };
}

/** An AWS service principal acting for this account only (confused-deputy protection). */
function serviceForAccount(sid: string, service: string, actions: string[], ctx: KeyPolicyContext): PolicyStatement {
    return { Sid: sid, Effect: "Allow", Principal: { Service: service }, Action: actions, Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId } } };
}

/** EKS secrets envelope encryption: only principals the account's IAM policies allow (the cluster role). */
export function clusterSecretsKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    return policyDocument(baseKeyStatements(ctx));
}

/** The root principals of the accounts that hold these role ARNs, each once, in order. */
export function accountRootsOf(roleArns: readonly string[]): string[] {
    const roots = roleArns.map((arn) => arn.replace(/^(arn:[^:]+:iam::\d{12}):role\/.*$/, "$1:root"));
    return roots.filter((r, i) => roots.indexOf(r) === i);
}

/**
 * Names exact roles in a resource policy (trust, key or bucket policy) without naming them as
 * principals: the principal is their accounts' roots and `aws:PrincipalArn` must equal one of the
 * role ARNs (and, when given, `aws:PrincipalOrgID` the organization). Only sessions of those roles
 * match, exactly as with role principals, but IAM, KMS and S3 accept the policy before the roles
 * exist (they reject a role principal that does not exist yet, and a role cannot name itself when
 * it is created), and a deleted and re-created role is matched again instead of leaving a dangling
 * unique ID in the policy.
 */
export function roleArnsPrincipal(roleArns: readonly string[], principalOrgId?: string, stringEquals: Record<string, string> = {}): Pick<PolicyStatement, "Principal" | "Condition"> {
    const equals = principalOrgId ? { ...stringEquals, "aws:PrincipalOrgID": principalOrgId } : stringEquals;
    return {
        Principal: { AWS: accountRootsOf(roleArns) },
        Condition: { ArnEquals: { "aws:PrincipalArn": [...roleArns] }, ...(Object.keys(equals).length > 0 ? { StringEquals: equals } : {}) },
    };
}

/** What the state roles may do with the key through S3: read (Decrypt) and write (GenerateDataKey) SSE-KMS objects. */
export const STATE_S3_WRITE_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"];
export const STATE_S3_READ_ACTIONS = ["kms:Decrypt"];
/**
 * What the Pulumi CLI does with the key as the `awskms://` secrets provider: Encrypt wraps a new
 * stack's data key (`stack init`, `change-secrets-provider`), Decrypt unwraps it on every run.
 */
export const STATE_SECRETS_WRITE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"];
export const STATE_SECRETS_READ_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"];

/**
 * Pulumi state. The account's own principals get the key through IAM (EnableIamPolicies). The bucket
 * key (SSE-KMS of the state objects) is granted to the listed state roles of other accounts through
 * S3 only (`kms:ViaService`): `stateAccessRoleArns` Decrypt and GenerateDataKey, `stateReadRoleArns`
 * Decrypt; which objects they reach is the bucket policy's decision. A stack's secrets key is
 * granted directly, with no ViaService condition, because the `awskms://` secrets provider is the
 * Pulumi CLI calling KMS itself: `stateSecretsWriterArns` (the stack's deployer) Encrypt, Decrypt,
 * DescribeKey; `stateSecretsReaderArns` (its consumers and previewers) Decrypt, DescribeKey. One
 * key per stack keeps every other role from decrypting that stack's secrets.
 */
export function stateKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const statements = baseKeyStatements(ctx);
    const viaS3 = { "kms:ViaService": `s3.${ctx.region}.${dnsSuffixOf(ctx.region)}` };
    const grant = (sid: string, roles: string[], actions: string[], equals?: Record<string, string>): PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        ...roleArnsPrincipal(roles, ctx.principalOrgId, equals),
        Action: actions,
        Resource: "*",
    });
    const writers = ctx.stateAccessRoleArns ?? [];
    const readers = ctx.stateReadRoleArns ?? [];
    const secretsWriters = ctx.stateSecretsWriterArns ?? [];
    const secretsReaders = ctx.stateSecretsReaderArns ?? [];
    if (writers.length > 0) {
        statements.push(grant("StateWritersThroughS3", writers, STATE_S3_WRITE_ACTIONS, viaS3));
    }
    if (readers.length > 0) {
        statements.push(grant("StateReadersThroughS3", readers, STATE_S3_READ_ACTIONS, viaS3));
    }
    if (secretsWriters.length > 0) {
        statements.push(grant("StateSecretsWriters", secretsWriters, STATE_SECRETS_WRITE_ACTIONS));
    }
    if (secretsReaders.length > 0) {
        statements.push(grant("StateSecretsReaders", secretsReaders, STATE_SECRETS_READ_ACTIONS));
    }
    return policyDocument(statements);
}

/** EBS volumes: through EC2 for this account, plus the Auto Scaling service-linked role managed node groups launch with. */
export function ebsKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const statements = [...baseKeyStatements(ctx), viaServiceStatement("UseThroughEc2", "ec2", ctx, [...KEY_USE_ACTIONS, "kms:CreateGrant"])];
    if (ctx.autoScalingServiceLinkedRole ?? true) {
        const slr = `arn:${partitionOf(ctx.region)}:iam::${ctx.accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
        statements.push(
            { Sid: "AutoScalingServiceLinkedRoleUse", Effect: "Allow", Principal: { AWS: slr }, Action: KEY_USE_ACTIONS, Resource: "*" },
            {
                Sid: "AutoScalingServiceLinkedRoleGrant",
                Effect: "Allow",
                Principal: { AWS: slr },
                Action: "kms:CreateGrant",
                Resource: "*",
                Condition: { Bool: { "kms:GrantIsForAWSResource": true } },
            },
        );
    }
    return policyDocument(statements);
}

/** CloudWatch Logs in this region, only for log groups of this account. */
export function logsKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const partition = partitionOf(ctx.region);
    return policyDocument([
        ...baseKeyStatements(ctx),
        {
            Sid: "CloudWatchLogs",
            Effect: "Allow",
            Principal: { Service: `logs.${ctx.region}.${dnsSuffixOf(ctx.region)}` },
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${ctx.region}:${ctx.accountId}:*` } },
        },
    ]);
}

/** ECR repositories: through ECR for this account (ECR creates a grant when a repository is created). */
export function ecrKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    return policyDocument([...baseKeyStatements(ctx), viaServiceStatement("UseThroughEcr", "ecr", ctx, [...KEY_USE_ACTIONS, "kms:CreateGrant"])]);
}

/** S3 buckets: through S3 for this account. */
export function s3KeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    return policyDocument([...baseKeyStatements(ctx), viaServiceStatement("UseThroughS3", "s3", ctx)]);
}

/** SNS topics: through SNS for this account, and CloudWatch alarms and EventBridge of this account publishing. */
export function snsKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const publish = ["kms:Decrypt", "kms:GenerateDataKey*"];
    return policyDocument([
        ...baseKeyStatements(ctx),
        viaServiceStatement("UseThroughSns", "sns", ctx),
        serviceForAccount("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com", publish, ctx),
        serviceForAccount("EventBridgePublish", "events.amazonaws.com", publish, ctx),
    ]);
}

/** SQS queues: through SQS for this account, and SNS and EventBridge of this account delivering. */
export function sqsKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const deliver = ["kms:Decrypt", "kms:GenerateDataKey*"];
    return policyDocument([
        ...baseKeyStatements(ctx),
        viaServiceStatement("UseThroughSqs", "sqs", ctx),
        serviceForAccount("SnsDelivery", "sns.amazonaws.com", deliver, ctx),
        serviceForAccount("EventBridgeDelivery", "events.amazonaws.com", deliver, ctx),
    ]);
}

/**
 * The log archive bucket: through S3 for this account, and the log delivery service writing
 * VPC flow logs for the listed source accounts (or the organization).
 */
export function logArchiveKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const partition = partitionOf(ctx.region);
    const accounts = ctx.logSourceAccountIds ?? [];
    const condition: PolicyStatement["Condition"] = ctx.logSourceOrgId
        ? { StringEquals: { "aws:SourceOrgID": ctx.logSourceOrgId } }
        : { StringEquals: { "aws:SourceAccount": accounts }, ArnLike: { "aws:SourceArn": accounts.map((a) => `arn:${partition}:logs:*:${a}:*`) } };
    return policyDocument([
        ...baseKeyStatements(ctx),
        viaServiceStatement("UseThroughS3", "s3", ctx),
        { Sid: "LogDelivery", Effect: "Allow", Principal: { Service: "delivery.logs.amazonaws.com" }, Action: KEY_USE_ACTIONS, Resource: "*", Condition: condition },
    ]);
}

/**
 * AWS Backup vaults: through AWS Backup for this account. Backup encrypts the recovery points of
 * fully managed resource types with the vault's key and creates a grant for each job, so the
 * grant is allowed only for an AWS resource (`kms:GrantIsForAWSResource`). EBS snapshots keep the
 * key of their volume (the ebs key), not this one.
 */
export function backupKeyPolicy(ctx: KeyPolicyContext): PolicyDocument {
    const use = viaServiceStatement("UseThroughBackup", "backup", ctx);
    const grant = viaServiceStatement("GrantThroughBackup", "backup", ctx, ["kms:CreateGrant"]);
    grant.Condition = { ...grant.Condition, Bool: { "kms:GrantIsForAWSResource": true } };
    return policyDocument([...baseKeyStatements(ctx), use, grant]);
}

const POLICIES: Record<KeyPurpose, (ctx: KeyPolicyContext) => PolicyDocument> = {
    "cluster-secrets": clusterSecretsKeyPolicy,
    ebs: ebsKeyPolicy,
    logs: logsKeyPolicy,
    ecr: ecrKeyPolicy,
    s3: s3KeyPolicy,
    sns: snsKeyPolicy,
    sqs: sqsKeyPolicy,
    state: stateKeyPolicy,
    "log-archive": logArchiveKeyPolicy,
    backup: backupKeyPolicy,
};

/** The key policy of a purpose. */
export function keyPolicyFor(purpose: KeyPurpose, ctx: KeyPolicyContext): PolicyDocument {
    return POLICIES[purpose](ctx);
}

/** Default description of a purpose's key. */
export const PURPOSE_DESCRIPTIONS: Record<KeyPurpose, string> = {
    "cluster-secrets": "EKS Kubernetes secrets envelope encryption",
    ebs: "EBS volumes of cluster nodes",
    logs: "CloudWatch Logs log groups",
    ecr: "ECR repositories",
    s3: "S3 buckets",
    sns: "SNS topics",
    sqs: "SQS queues",
    state: "Pulumi state bucket and secrets provider",
    "log-archive": "log archive bucket receiving VPC flow logs",
    backup: "AWS Backup vault recovery points",
};
