import { partitionOf, PolicyStatement } from "../common";
import { roleArnsPrincipal } from "../kms/policies";
import { BucketGrant } from "../storage/policies";

/**
 * Who may use the Pulumi state (one S3 bucket and its KMS key, in the state account), as pure
 * documents: the bucket policy grants (resource side, in the state account) and the permission
 * statements of the roles that use it (identity side, in their own accounts). Access from another
 * account needs both.
 *
 * What Pulumi's S3 (DIY) backend does, all under the `.pulumi/` prefix: reads `meta.yaml`, stack
 * checkpoints (`stacks/<project>/<stack>.json`), writes them with `history/` and `backups/`
 * copies, and creates and deletes lock objects under `locks/` around `up`, `refresh`, `destroy`
 * and `import` (not `preview`). It lists under `.pulumi/` (`stack ls`, history, lock checks), and
 * S3 answers a read of a missing object (a stack or meta file not written yet) with 404 only to a
 * caller allowed `s3:ListBucket`, else with 403, so ListBucket is granted without a prefix condition.
 */

/** Object keys Pulumi's S3 backend reads and writes. */
export const STATE_OBJECT_KEYS = [".pulumi/*"];
export const STATE_BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation"];
export const STATE_OBJECT_WRITE_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];
export const STATE_OBJECT_READ_ACTIONS = ["s3:GetObject"];
/** Identity side of the key: objects through S3 and the secrets provider directly (the key policy splits the two). */
export const STATE_KEY_WRITE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"];
export const STATE_KEY_READ_ACTIONS = ["kms:Decrypt", "kms:DescribeKey"];

/** The state bucket and key a role uses. */
export interface StateAccess {
    bucketArn: string;
    keyArn: string;
}

/**
 * Bucket policy grants for the state roles: list the bucket (writers and readers), read and write
 * objects under `.pulumi/` (writers), read them (readers). Each names the exact roles through
 * `aws:PrincipalArn` (see `roleArnsPrincipal`) and, when given, the organization.
 */
export function stateBucketGrants(writers: string[], readers: string[] = [], principalOrgId?: string): BucketGrant[] {
    const grant = (sid: string, roles: string[], actions: string[], objectKeys?: string[]): BucketGrant => {
        const { Principal, Condition } = roleArnsPrincipal(roles, principalOrgId);
        const g: BucketGrant = { sid, principal: Principal as { AWS: string[] }, actions, condition: Condition };
        return objectKeys ? { ...g, objectKeys } : g;
    };
    const grants: BucketGrant[] = [];
    if (writers.length + readers.length > 0) {
        grants.push(grant("StateRolesListBucket", [...writers, ...readers], STATE_BUCKET_ACTIONS));
    }
    if (writers.length > 0) {
        grants.push(grant("StateWriters", writers, STATE_OBJECT_WRITE_ACTIONS, STATE_OBJECT_KEYS));
    }
    if (readers.length > 0) {
        grants.push(grant("StateReaders", readers, STATE_OBJECT_READ_ACTIONS, STATE_OBJECT_KEYS));
    }
    return grants;
}

/** The permission statements a role needs to use the state in another account: read-write (deploy) or read (preview). */
export function stateAccessStatements(state: StateAccess, mode: "read-write" | "read"): PolicyStatement[] {
    const write = mode === "read-write";
    return [
        { Sid: "StateBucket", Effect: "Allow", Action: STATE_BUCKET_ACTIONS, Resource: state.bucketArn },
        { Sid: "StateObjects", Effect: "Allow", Action: write ? STATE_OBJECT_WRITE_ACTIONS : STATE_OBJECT_READ_ACTIONS, Resource: STATE_OBJECT_KEYS.map((k) => `${state.bucketArn}/${k}`) },
        { Sid: "StateKey", Effect: "Allow", Action: write ? STATE_KEY_WRITE_ACTIONS : STATE_KEY_READ_ACTIONS, Resource: state.keyArn },
    ];
}

/**
 * Denies a preview role's managed read-only policy the reads that return data rather than
 * configuration: objects other than the state's, decryption with any key but the state key, and
 * secret values of this account (public SSM parameters such as `/aws/service/...` stay readable).
 * Pull-request code runs with this role, and `pulumi preview --refresh` needs none of these.
 */
export function previewGuardStatements(accountId: string, region: string, state?: StateAccess): PolicyStatement[] {
    const partition = partitionOf(region);
    return [
        {
            Sid: "DenyDataObjectReads",
            Effect: "Deny",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            ...(state ? { NotResource: STATE_OBJECT_KEYS.map((k) => `${state.bucketArn}/${k}`) } : { Resource: "*" }),
        },
        { Sid: "DenyDecryptOtherKeys", Effect: "Deny", Action: ["kms:Decrypt", "kms:ReEncryptFrom"], ...(state ? { NotResource: state.keyArn } : { Resource: "*" }) },
        {
            Sid: "DenySecretValues",
            Effect: "Deny",
            Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
            Resource: [`arn:${partition}:secretsmanager:*:${accountId}:secret:*`, `arn:${partition}:ssm:*:${accountId}:parameter/*`],
        },
    ];
}
