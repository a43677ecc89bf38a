import { dnsSuffixOf, partitionOf, PolicyStatement } from "../common";
import { roleArnsPrincipal, STATE_S3_READ_ACTIONS, STATE_S3_WRITE_ACTIONS, STATE_SECRETS_READ_ACTIONS, STATE_SECRETS_WRITE_ACTIONS } from "../kms/policies";
import { BucketGrant } from "../storage/policies";

/**
 * Who may use the Pulumi state (one S3 bucket, the bucket's KMS key, and one secrets key per stack,
 * all in the state account), as pure documents: the bucket policy grants (resource side, in the
 * state account) and the permission statements of the roles that use it (identity side, in their
 * own accounts). Access from another account needs both.
 *
 * Where Pulumi's S3 (DIY) backend keeps a stack of a project (the project-scoped layout,
 * `.pulumi/meta.yaml` version 1; pulumi/pulumi pkg/backend/diy store.go, state.go, lock.go and
 * stack_tags.go, read 2026-12-02):
 *
 * - `.pulumi/stacks/<project>/<stack>.json` the checkpoint (`.json.gz`/`.json.zst` when compressed),
 *   `<stack>.json.bak` the copy made before each write, `<stack>.pulumi-tags` the stack's tags;
 * - `.pulumi/history/<project>/<stack>/` one `.history.json` and `.checkpoint.json` per update;
 * - `.pulumi/backups/<project>/<stack>/` a copy of the checkpoint per update;
 * - `.pulumi/locks/organization/<project>/<stack>/<id>.json`, created and deleted around `up`,
 *   `refresh`, `destroy` and `import` (`preview` takes no lock);
 * - `.pulumi/meta.yaml`, the layout version, read by every command and written once, by whoever
 *   logs in to an empty bucket first (the bootstrap's operator). `Pulumi.yaml` is never stored.
 *
 * A StackReference (and `pulumi stack output`) reads only the referenced stack's checkpoint, and
 * decrypts that stack's data key with its secrets provider even when no output is secret (the DIY
 * backend builds the referenced stack's secrets manager eagerly: pkg/resource/stack
 * DeserializeStackOutputs), so a consumer needs Decrypt on the referenced stack's secrets key.
 *
 * S3 answers a read of a missing object (a stack not written yet) with 404 only to a caller allowed
 * `s3:ListBucket`, else with 403, and the backend lists under `.pulumi/` to find a checkpoint's
 * variant and the locks, so ListBucket is granted without a prefix condition: every state role
 * sees the names of every stack's objects, never their content.
 */

/** The organization the DIY backend puts in every fully qualified stack name (and the locks' keys). */
export const DIY_ORGANIZATION = "organization";
/** The layout file: read by every command, written only when the bucket is empty. */
export const STATE_META_KEY = ".pulumi/meta.yaml";
export const STATE_BUCKET_ACTIONS = ["s3:ListBucket", "s3:GetBucketLocation"];
export const STATE_OBJECT_WRITE_ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"];
export const STATE_OBJECT_READ_ACTIONS = ["s3:GetObject"];
/** Every object key the DIY backend writes for one stack: what its deployer may write, and nothing else. */
export function stackStateObjectKeys(project: string, stack: string): string[] {
    return [
        `.pulumi/stacks/${project}/${stack}.json*`,
        `.pulumi/stacks/${project}/${stack}.pulumi-tags`,
        `.pulumi/history/${project}/${stack}/*`,
        `.pulumi/backups/${project}/${stack}/*`,
        `.pulumi/locks/${DIY_ORGANIZATION}/${project}/${stack}/*`,
    ];
}

/** What a StackReference, `pulumi preview` and `pulumi stack export` read of a stack: its checkpoint and tags. */
export function stackCheckpointObjectKeys(project: string, stack: string): string[] {
    return [`.pulumi/stacks/${project}/${stack}.json*`, `.pulumi/stacks/${project}/${stack}.pulumi-tags`];
}

/** A stack name as it appears in a statement ID (letters and digits): `dev` → `Dev`, `eu-prod` → `EuProd`. */
export function stackSid(stack: string): string {
    return stack
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((part) => part[0].toUpperCase() + part.slice(1))
        .join("");
}

/**
 * One role's use of the state: the stacks it deploys (writes their objects, encrypts with their
 * secrets keys) and the stacks it only reads (their checkpoints; decrypts their data keys): the
 * stacks its stacks reference, and for a preview role the stacks it previews.
 */
export interface StateRoleAccess {
    roleArn: string;
    writes: string[];
    reads: string[];
}

/** The state bucket and the bucket's key (SSE-KMS at rest, used through S3 only). */
export interface StateAccess {
    bucketArn: string;
    keyArn: string;
}

/** The per-stack side of the state a role uses: the project, and each stack's secrets key. */
export interface StackStateKeys {
    bucketArn: string;
    project: string;
    /** Secrets key ARN by stack name. */
    secretsKeyArns: Record<string, string>;
}

const unique = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) === i);

/**
 * What a role reads besides the stacks it deploys or previews: the stacks those reference
 * (`references`: stack → the stacks its program reads through StackReferences), never `stacks`
 * themselves. Direct references only: a StackReference reads the one stack it names.
 */
export function referencedStacks(stacks: string[], references: Record<string, string[]>): string[] {
    return unique(stacks.flatMap((s) => references[s] ?? [])).filter((s) => !stacks.includes(s));
}

/** A deployer's access: writes the stacks it deploys, reads what they reference. */
export function deployerStateAccess(roleArn: string, stacks: string[], references: Record<string, string[]>): StateRoleAccess {
    return { roleArn, writes: [...stacks], reads: referencedStacks(stacks, references) };
}

/** A preview role's access: reads the stacks of its account (it previews them) and what they reference; writes nothing. */
export function previewStateAccess(roleArn: string, stacks: string[], references: Record<string, string[]>): StateRoleAccess {
    return { roleArn, writes: [], reads: [...stacks, ...referencedStacks(stacks, references)] };
}

/**
 * Bucket policy grants for the state roles, by stack: every role lists the bucket and reads
 * `meta.yaml`; a stack's deployer reads and writes that stack's objects (`StateWrite<Stack>`),
 * and the roles that read the stack (its consumers' deployers, preview roles) read its checkpoint
 * (`StateRead<Stack>`). Nobody is granted `meta.yaml` writes, another stack's writes, or any object
 * outside these keys. Each names the exact roles through `aws:PrincipalArn` (see
 * `roleArnsPrincipal`) and, when given, the organization.
 */
export function stateBucketGrants(project: string, access: StateRoleAccess[], principalOrgId?: string): BucketGrant[] {
    const grant = (sid: string, roles: string[], actions: string[], objectKeys?: string[]): BucketGrant => {
        const { Principal, Condition } = roleArnsPrincipal(roles, principalOrgId);
        const g: BucketGrant = { sid, principal: Principal as { AWS: string[] }, actions, condition: Condition };
        return objectKeys ? { ...g, objectKeys } : g;
    };
    const roles = unique(access.map((a) => a.roleArn));
    if (roles.length === 0) {
        return [];
    }
    const grants = [grant("StateRolesListBucket", roles, STATE_BUCKET_ACTIONS), grant("StateMetaRead", roles, STATE_OBJECT_READ_ACTIONS, [STATE_META_KEY])];
    for (const stack of unique(access.flatMap((a) => [...a.writes, ...a.reads]))) {
        const writers = unique(access.filter((a) => a.writes.includes(stack)).map((a) => a.roleArn));
        const readers = unique(access.filter((a) => a.reads.includes(stack) && !a.writes.includes(stack)).map((a) => a.roleArn));
        if (writers.length > 0) {
            grants.push(grant(`StateWrite${stackSid(stack)}`, writers, STATE_OBJECT_WRITE_ACTIONS, stackStateObjectKeys(project, stack)));
        }
        if (readers.length > 0) {
            grants.push(grant(`StateRead${stackSid(stack)}`, readers, STATE_OBJECT_READ_ACTIONS, stackCheckpointObjectKeys(project, stack)));
        }
    }
    return grants;
}

/** The roles granted a stack's secrets key: Encrypt and Decrypt (its deployer), Decrypt only (its readers). */
export function stackSecretsKeyRoles(stack: string, access: StateRoleAccess[]): { writers: string[]; readers: string[] } {
    return {
        writers: unique(access.filter((a) => a.writes.includes(stack)).map((a) => a.roleArn)),
        readers: unique(access.filter((a) => a.reads.includes(stack) && !a.writes.includes(stack)).map((a) => a.roleArn)),
    };
}

/** The `kms:ViaService` value of S3 in the key's region, taken from the key ARN. */
function s3ViaServiceOf(keyArn: string): string {
    const region = keyArn.split(":")[3] ?? "";
    return `s3.${region}.${dnsSuffixOf(region)}`;
}

/**
 * What every role that uses the state needs, whatever its stacks: list the bucket, read
 * `meta.yaml`, and the bucket key through S3 (Decrypt to read objects; GenerateDataKey to write
 * them, `read-write`). The stacks' objects and secrets keys come from `stackStateStatements`.
 */
export function stateAccessStatements(state: StateAccess, mode: "read-write" | "read"): PolicyStatement[] {
    const write = mode === "read-write";
    return [
        { Sid: "StateBucket", Effect: "Allow", Action: STATE_BUCKET_ACTIONS, Resource: state.bucketArn },
        { Sid: "StateMeta", Effect: "Allow", Action: STATE_OBJECT_READ_ACTIONS, Resource: `${state.bucketArn}/${STATE_META_KEY}` },
        {
            Sid: "StateBucketKey",
            Effect: "Allow",
            Action: write ? STATE_S3_WRITE_ACTIONS : STATE_S3_READ_ACTIONS,
            Resource: state.keyArn,
            Condition: { StringEquals: { "kms:ViaService": s3ViaServiceOf(state.keyArn) } },
        },
    ];
}

/**
 * The identity side of one role's stacks: write the objects of the stacks it deploys
 * (`StateObjects`) and encrypt with their secrets keys (`StateSecrets`); read the checkpoints of
 * the stacks it reads (`StateReads`) and decrypt their data keys (`StateSecretsRead`). Empty
 * lists give no statement.
 */
export function stackStateStatements(state: StackStateKeys, access: Pick<StateRoleAccess, "writes" | "reads">): PolicyStatement[] {
    const writes = unique(access.writes);
    const reads = unique(access.reads).filter((s) => !writes.includes(s));
    const keyOf = (stack: string): string => {
        const arn = state.secretsKeyArns[stack];
        if (arn === undefined) {
            throw new Error(`stackStateStatements: no secrets key for stack ${JSON.stringify(stack)}`);
        }
        return arn;
    };
    const objects = (keys: (p: string, s: string) => string[], stacks: string[]) => stacks.flatMap((s) => keys(state.project, s).map((k) => `${state.bucketArn}/${k}`));
    const statements: PolicyStatement[] = [];
    if (writes.length > 0) {
        statements.push({ Sid: "StateObjects", Effect: "Allow", Action: STATE_OBJECT_WRITE_ACTIONS, Resource: objects(stackStateObjectKeys, writes) });
    }
    if (reads.length > 0) {
        statements.push({ Sid: "StateReads", Effect: "Allow", Action: STATE_OBJECT_READ_ACTIONS, Resource: objects(stackCheckpointObjectKeys, reads) });
    }
    if (writes.length > 0) {
        statements.push({ Sid: "StateSecrets", Effect: "Allow", Action: STATE_SECRETS_WRITE_ACTIONS, Resource: writes.map(keyOf) });
    }
    if (reads.length > 0) {
        statements.push({ Sid: "StateSecretsRead", Effect: "Allow", Action: STATE_SECRETS_READ_ACTIONS, Resource: reads.map(keyOf) });
    }
    return statements;
}

/** Every key of the state key's account and region: the bucket key and the stacks' secrets keys. */
function stateAccountKeysOf(keyArn: string): string {
    return keyArn.replace(/:key\/.*$/, ":key/*");
}

/**
 * Denies a preview role's managed read-only policy the reads that return data rather than
 * configuration: objects other than the state's, decryption with any key outside the state
 * account (the bucket key and the stacks' secrets keys live there; which of them the role may use
 * is decided by their key policies and `stackStateStatements`), and secret values of this account
 * (public SSM parameters such as `/aws/service/...` stay readable). Pull-request code runs with
 * this role, and `pulumi preview --refresh` needs none of these.
 */
export function previewGuardStatements(accountId: string, region: string, state?: StateAccess): PolicyStatement[] {
    const partition = partitionOf(region);
    return [
        {
            Sid: "DenyDataObjectReads",
            Effect: "Deny",
            Action: ["s3:GetObject", "s3:GetObjectVersion"],
            ...(state ? { NotResource: [`${state.bucketArn}/.pulumi/*`] } : { Resource: "*" }),
        },
        { Sid: "DenyDecryptOtherKeys", Effect: "Deny", Action: ["kms:Decrypt", "kms:ReEncryptFrom"], ...(state ? { NotResource: stateAccountKeysOf(state.keyArn) } : { Resource: "*" }) },
        {
            Sid: "DenySecretValues",
            Effect: "Deny",
            Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
            Resource: [`arn:${partition}:secretsmanager:*:${accountId}:secret:*`, `arn:${partition}:ssm:*:${accountId}:parameter/*`],
        },
    ];
}
