import { expect } from "chai";
import { stateKeyPolicy } from "../../../components/kms";
import { StateAccessPolicy, StateBackend, StateBackendArgs, StateRoleAccess, validateStateBackendArgs } from "../../../components/bootstrap";
import { declare, doc } from "../../support/harness";

const DEV = "arn:aws:iam::222222222222:role/platform-deployer";
const NETWORK = "arn:aws:iam::333333333333:role/platform-deployer";
const PREVIEW = "arn:aws:iam::222222222222:role/platform-preview";
const ARGS: StateBackendArgs = { accountId: "111111111111", region: "eu-west-1", aliasPrefix: "platform/dev", project: "platform", bucketName: "acme-pulumi-state-dev" };
/** dev's deployer writes dev and reads network; network's deployer writes network; dev's preview role reads both. */
const ACCESS: StateRoleAccess[] = [
    { roleArn: DEV, writes: ["dev"], reads: ["network"] },
    { roleArn: NETWORK, writes: ["network"], reads: [] },
    { roleArn: PREVIEW, writes: [], reads: ["dev", "network"] },
];
const WITH_ACCESS: StateBackendArgs = { ...ARGS, stacks: ["network", "dev"], access: ACCESS, principalOrgId: "o-abcdefghij" };

describe("StateBackend", () => {
    it("creates its own state key and a secure bucket", async () => {
        const plan = await declare(() => new StateBackend("state", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:kms/alias:Alias::state-key-alias",
            "aws:kms/key:Key::state-key",
            "aws:s3/bucket:Bucket::state",
            "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::state-lifecycle",
            "aws:s3/bucketOwnershipControls:BucketOwnershipControls::state-ownership-controls",
            "aws:s3/bucketPolicy:BucketPolicy::state-policy",
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::state-public-access-block",
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::state-encryption",
            "aws:s3/bucketVersioning:BucketVersioning::state-versioning",
            "platform:bootstrap:StateBackend::state",
            "platform:kms:KmsKey::state-key",
            "platform:storage:SecureBucket::state",
        ]);
    });

    it("encrypts with a rotated state key that only the account's IAM policies open", async () => {
        const plan = await declare(() => new StateBackend("state", ARGS));
        const key = plan.one("aws:kms/key:Key", "state-key");
        expect(key.inputs).to.deep.include({ enableKeyRotation: true, deletionWindowInDays: 30, bypassPolicyLockoutSafetyCheck: false });
        expect(doc(key.inputs.policy)).to.deep.equal(stateKeyPolicy({ accountId: "111111111111", region: "eu-west-1" }));
        expect(plan.one("aws:kms/alias:Alias", "state-key-alias").inputs.name).to.equal("alias/platform/dev/state");
        expect(plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "state-encryption").inputs.rules).to.deep.equal([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:us-east-1:000000000000:key/state-key-key-id" }, bucketKeyEnabled: true },
        ]);
    });

    it("versions state, blocks public access, allows only TLS and never expires current versions", async () => {
        const plan = await declare(() => new StateBackend("state", ARGS));
        expect(plan.one("aws:s3/bucket:Bucket", "state").inputs).to.deep.include({ bucket: "acme-pulumi-state-dev", forceDestroy: false });
        expect(plan.one("aws:s3/bucketVersioning:BucketVersioning", "state-versioning").inputs.versioningConfiguration).to.deep.equal({ status: "Enabled" });
        expect(plan.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "state-public-access-block").inputs).to.deep.include({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy).Statement).to.deep.equal([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: ["arn:aws:s3:::acme-pulumi-state-dev", "arn:aws:s3:::acme-pulumi-state-dev/*"],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ]);
        expect(plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "state-lifecycle").inputs.rules).to.deep.equal([
            {
                id: "platform-default",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                noncurrentVersionExpiration: { noncurrentDays: 365 },
                expiration: { expiredObjectDeleteMarker: true },
            },
        ]);
    });

    it("protects and retains the bucket and key by default, and neither when protect is false", async () => {
        const on = await declare(() => new StateBackend("state", ARGS));
        const off = await declare(() => new StateBackend("state", { ...ARGS, protect: false }));
        for (const [plan, expected] of [[on, true], [off, false]] as const) {
            for (const r of [plan.one("aws:s3/bucket:Bucket", "state"), plan.one("aws:kms/key:Key", "state-key")]) {
                expect([r.protect, r.retainOnDelete], `${r.name} protect=${expected}`).to.deep.equal([expected, expected]);
            }
        }
    });

    it("exposes the login URL and one secrets provider per stack, by alias ARN", async () => {
        const plan = await declare(() => {
            const s = new StateBackend("state", { ...ARGS, stacks: ["network", "dev"] });
            return { backendUrl: s.backendUrl, secretsProviders: s.secretsProviders, bucketArn: s.bucketArn, secretsKeyArns: s.secretsKeyArns };
        });
        expect(plan.outputs).to.deep.equal({
            backendUrl: "s3://acme-pulumi-state-dev?region=eu-west-1&awssdk=v2",
            // The alias ARN: a role of another account resolves a bare alias in its own account.
            secretsProviders: {
                network: "awskms:///arn:aws:kms:eu-west-1:111111111111:alias/platform/dev/state-network?region=eu-west-1",
                dev: "awskms:///arn:aws:kms:eu-west-1:111111111111:alias/platform/dev/state-dev?region=eu-west-1",
            },
            bucketArn: "arn:aws:s3:::acme-pulumi-state-dev",
            secretsKeyArns: { network: "arn:aws:kms:us-east-1:000000000000:key/state-secrets-network-key-id", dev: "arn:aws:kms:us-east-1:000000000000:key/state-secrets-dev-key-id" },
        });
    });

    it("creates one rotated, protected secrets key and alias per stack", async () => {
        const plan = await declare(() => new StateBackend("state", WITH_ACCESS));
        expect(plan.inventory().filter((r) => r.includes("secrets"))).to.deep.equal([
            "aws:kms/alias:Alias::state-secrets-dev-alias",
            "aws:kms/alias:Alias::state-secrets-network-alias",
            "aws:kms/key:Key::state-secrets-dev",
            "aws:kms/key:Key::state-secrets-network",
        ]);
        const key = plan.one("aws:kms/key:Key", "state-secrets-dev");
        expect(key.inputs).to.deep.include({ enableKeyRotation: true, deletionWindowInDays: 30, bypassPolicyLockoutSafetyCheck: false, keyUsage: "ENCRYPT_DECRYPT" });
        expect([key.protect, key.retainOnDelete]).to.deep.equal([true, true]);
        expect(plan.one("aws:kms/alias:Alias", "state-secrets-dev-alias").inputs.name).to.equal("alias/platform/dev/state-dev");
    });

    it("grants each stack's secrets key to its deployer (encrypt) and its readers (decrypt) only, directly", async () => {
        const plan = await declare(() => new StateBackend("state", WITH_ACCESS));
        const roots = (...accounts: string[]) => ({ AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) });
        const within = (arns: string[]) => ({ ArnEquals: { "aws:PrincipalArn": arns }, StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } });
        const root = { Sid: "EnableIamPolicies", Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "kms:*", Resource: "*" };
        expect(doc(plan.one("aws:kms/key:Key", "state-secrets-dev").inputs.policy).Statement).to.deep.equal([
            root,
            { Sid: "StateSecretsWriters", Effect: "Allow", Principal: roots("222222222222"), Condition: within([DEV]), Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
            { Sid: "StateSecretsReaders", Effect: "Allow", Principal: roots("222222222222"), Condition: within([PREVIEW]), Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
        ]);
        // network's key: its deployer, and dev's deployer and preview role (dev references network).
        expect(doc(plan.one("aws:kms/key:Key", "state-secrets-network").inputs.policy).Statement).to.deep.equal([
            root,
            { Sid: "StateSecretsWriters", Effect: "Allow", Principal: roots("333333333333"), Condition: within([NETWORK]), Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
            { Sid: "StateSecretsReaders", Effect: "Allow", Principal: roots("222222222222"), Condition: within([DEV, PREVIEW]), Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*" },
        ]);
    });

    it("grants each stack's objects to its deployer (write) and readers (checkpoint read), by exact ARN, after the TLS deny", async () => {
        const plan = await declare(() => new StateBackend("state", WITH_ACCESS));
        const bucket = "arn:aws:s3:::acme-pulumi-state-dev";
        const roots = (...accounts: string[]) => ({ AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) });
        const within = (arns: string[]) => ({ ArnEquals: { "aws:PrincipalArn": arns }, StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } });
        const objects = (stack: string) => [
            `${bucket}/.pulumi/stacks/platform/${stack}.json*`,
            `${bucket}/.pulumi/stacks/platform/${stack}.pulumi-tags`,
            `${bucket}/.pulumi/history/platform/${stack}/*`,
            `${bucket}/.pulumi/backups/platform/${stack}/*`,
            `${bucket}/.pulumi/locks/organization/platform/${stack}/*`,
        ];
        const checkpoint = (stack: string) => [`${bucket}/.pulumi/stacks/platform/${stack}.json*`, `${bucket}/.pulumi/stacks/platform/${stack}.pulumi-tags`];
        expect(doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy).Statement).to.deep.equal([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket, `${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            { Sid: "StateRolesListBucket", Effect: "Allow", Principal: roots("222222222222", "333333333333"), Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: bucket, Condition: within([DEV, NETWORK, PREVIEW]) },
            { Sid: "StateMetaRead", Effect: "Allow", Principal: roots("222222222222", "333333333333"), Action: ["s3:GetObject"], Resource: [`${bucket}/.pulumi/meta.yaml`], Condition: within([DEV, NETWORK, PREVIEW]) },
            { Sid: "StateWriteDev", Effect: "Allow", Principal: roots("222222222222"), Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: objects("dev"), Condition: within([DEV]) },
            { Sid: "StateReadDev", Effect: "Allow", Principal: roots("222222222222"), Action: ["s3:GetObject"], Resource: checkpoint("dev"), Condition: within([PREVIEW]) },
            { Sid: "StateWriteNetwork", Effect: "Allow", Principal: roots("333333333333"), Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: objects("network"), Condition: within([NETWORK]) },
            { Sid: "StateReadNetwork", Effect: "Allow", Principal: roots("222222222222"), Action: ["s3:GetObject"], Resource: checkpoint("network"), Condition: within([DEV, PREVIEW]) },
        ]);
    });

    it("grants the bucket key through S3 only: the deployers Decrypt and GenerateDataKey, the preview roles Decrypt", async () => {
        const plan = await declare(() => new StateBackend("state", WITH_ACCESS));
        expect(doc(plan.one("aws:kms/key:Key", "state-key").inputs.policy)).to.deep.equal(
            stateKeyPolicy({ accountId: "111111111111", region: "eu-west-1", stateAccessRoleArns: [DEV, NETWORK], stateReadRoleArns: [PREVIEW], principalOrgId: "o-abcdefghij" }),
        );
        expect(doc(plan.one("aws:kms/key:Key", "state-key").inputs.policy).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["EnableIamPolicies", "StateWritersThroughS3", "StateReadersThroughS3"]);
    });

    it("attaches a role's own stacks' statements to the role (StateAccessPolicy)", async () => {
        const plan = await declare(() => new StateAccessPolicy("dev-state", { roleName: "platform-deployer", bucketArn: "arn:aws:s3:::b", project: "platform", secretsKeyArns: { dev: "arn:k:dev", network: "arn:k:network", prod: "arn:k:prod" }, writes: ["dev"], reads: ["network"] }));
        expect(plan.inventory()).to.deep.equal(["aws:iam/rolePolicy:RolePolicy::dev-state", "platform:bootstrap:StateAccessPolicy::dev-state"]);
        const policy = plan.one("aws:iam/rolePolicy:RolePolicy", "dev-state");
        expect(policy.inputs.role).to.equal("platform-deployer");
        expect(doc(policy.inputs.policy).Statement.map((s: { Sid: string; Resource: unknown }) => [s.Sid, s.Resource])).to.deep.equal([
            [
                "StateObjects",
                [
                    "arn:aws:s3:::b/.pulumi/stacks/platform/dev.json*",
                    "arn:aws:s3:::b/.pulumi/stacks/platform/dev.pulumi-tags",
                    "arn:aws:s3:::b/.pulumi/history/platform/dev/*",
                    "arn:aws:s3:::b/.pulumi/backups/platform/dev/*",
                    "arn:aws:s3:::b/.pulumi/locks/organization/platform/dev/*",
                ],
            ],
            ["StateReads", ["arn:aws:s3:::b/.pulumi/stacks/platform/network.json*", "arn:aws:s3:::b/.pulumi/stacks/platform/network.pulumi-tags"]],
            ["StateSecrets", ["arn:k:dev"]],
            ["StateSecretsRead", ["arn:k:network"]],
        ]);
    });

    const cases: [string, Partial<StateBackendArgs>, string[]][] = [
        ["rejects a malformed account", { accountId: "1" }, ['accountId: "1" is not a 12-digit AWS account ID']],
        ["rejects an invalid bucket name", { bucketName: "State" }, ['bucketName: "State" is not an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit)']],
        ["rejects keeping old versions for 0 days", { noncurrentExpirationDays: 0 }, ["noncurrentExpirationDays: 0 is not in 1..36500"]],
        [
            "rejects a state role that is an account root",
            { stacks: ["dev"], access: [{ roleArn: "arn:aws:iam::222222222222:root", writes: ["dev"], reads: [] }] },
            ['access[0].roleArn: "arn:aws:iam::222222222222:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted'],
        ],
        [
            "rejects a wildcard state reader",
            { stacks: ["dev"], access: [{ roleArn: "*", writes: [], reads: ["dev"] }] },
            ['access[0].roleArn: "*" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted'],
        ],
        [
            "rejects a role listed twice",
            { stacks: ["dev"], access: [{ roleArn: DEV, writes: ["dev"], reads: [] }, { roleArn: DEV, writes: [], reads: ["dev"] }] },
            [`access[1].roleArn: "${DEV}" is listed twice; list each role once with all its stacks`],
        ],
        [
            "rejects a stack written by two roles",
            { stacks: ["dev"], access: [{ roleArn: DEV, writes: ["dev"], reads: [] }, { roleArn: NETWORK, writes: ["dev"], reads: [] }] },
            [`access[1].writes[0]: "dev" is also written by access[0] (${DEV}); a stack has one deploying role`],
        ],
        [
            "rejects a stack that has no secrets key",
            { stacks: ["dev"], access: [{ roleArn: DEV, writes: ["dev"], reads: ["prod"] }] },
            ['access[0].reads[0]: "prod" is not one of stacks (dev); every stack used gets its secrets key there'],
        ],
        [
            "rejects a role reading a stack it writes",
            { stacks: ["dev"], access: [{ roleArn: DEV, writes: ["dev"], reads: ["dev"] }] },
            ['access[0].reads: ["dev"] lists "dev", which the role writes; list it in writes only'],
        ],
        [
            "rejects a stack name the object keys cannot carry",
            { stacks: ["dev.json", "dev", "dev"] },
            ['stacks[0]: "dev.json" is not a stack name of lowercase letters, digits and \'-\' (the state\'s object keys and the key alias are built from it)', 'stacks[2]: "dev" is listed twice'],
        ],
        ["rejects an invalid organization ID", { principalOrgId: "o-1" }, ['principalOrgId: "o-1" is not an AWS Organizations ID (o-xxxxxxxxxx)']],
        [
            "reports every problem at once",
            { region: "x", aliasPrefix: "aws" },
            ['region: "x" is not an AWS region name such as "eu-west-1"', 'aliasPrefix: "aws" is not an alias prefix (letters, digits, \'_\', \'-\' in \'/\'-separated parts, not starting with "aws")'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateStateBackendArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
