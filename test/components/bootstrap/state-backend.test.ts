import { expect } from "chai";
import { stateKeyPolicy } from "../../../components/kms";
import { StateBackend, StateBackendArgs, validateStateBackendArgs } from "../../../components/bootstrap";
import { declare, doc } from "../../support/harness";

const DEV = "arn:aws:iam::222222222222:role/platform-deployer";
const NETWORK = "arn:aws:iam::333333333333:role/platform-deployer";
const PREVIEW = "arn:aws:iam::222222222222:role/platform-preview";
const ARGS: StateBackendArgs = { accountId: "111111111111", region: "eu-west-1", aliasPrefix: "platform/dev", bucketName: "acme-pulumi-state-dev" };

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

    it("exposes the login URL and the secrets provider", async () => {
        const plan = await declare(() => {
            const s = new StateBackend("state", ARGS);
            return { backendUrl: s.backendUrl, secretsProvider: s.secretsProvider, bucketArn: s.bucketArn };
        });
        expect(plan.outputs).to.deep.equal({
            backendUrl: "s3://acme-pulumi-state-dev?region=eu-west-1&awssdk=v2",
            // The alias ARN: a role of another account resolves a bare alias in its own account.
            secretsProvider: "awskms:///arn:aws:kms:eu-west-1:111111111111:alias/platform/dev/state?region=eu-west-1",
            bucketArn: "arn:aws:s3:::acme-pulumi-state-dev",
        });
    });

    it("grants the state roles of other accounts the bucket by exact ARN, within the organization, after the TLS deny", async () => {
        const plan = await declare(() => new StateBackend("state", { ...ARGS, stateAccessRoleArns: [DEV, NETWORK], stateReadRoleArns: [PREVIEW], principalOrgId: "o-abcdefghij" }));
        const bucket = "arn:aws:s3:::acme-pulumi-state-dev";
        const roots = (...accounts: string[]) => ({ AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) });
        const within = (arns: string[]) => ({ ArnEquals: { "aws:PrincipalArn": arns }, StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } });
        expect(doc(plan.one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy).Statement).to.deep.equal([
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket, `${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "StateRolesListBucket",
                Effect: "Allow",
                Principal: roots("222222222222", "333333333333"),
                Action: ["s3:ListBucket", "s3:GetBucketLocation"],
                Resource: bucket,
                Condition: within([DEV, NETWORK, PREVIEW]),
            },
            {
                Sid: "StateWriters",
                Effect: "Allow",
                Principal: roots("222222222222", "333333333333"),
                Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                Resource: [`${bucket}/.pulumi/*`],
                Condition: within([DEV, NETWORK]),
            },
            { Sid: "StateReaders", Effect: "Allow", Principal: roots("222222222222"), Action: ["s3:GetObject"], Resource: [`${bucket}/.pulumi/*`], Condition: within([PREVIEW]) },
        ]);
    });

    it("grants the state roles the key through S3 and, for the secrets provider, directly", async () => {
        const plan = await declare(() => new StateBackend("state", { ...ARGS, stateAccessRoleArns: [DEV, NETWORK], stateReadRoleArns: [PREVIEW], principalOrgId: "o-abcdefghij" }));
        expect(doc(plan.one("aws:kms/key:Key", "state-key").inputs.policy)).to.deep.equal(
            stateKeyPolicy({ accountId: "111111111111", region: "eu-west-1", stateAccessRoleArns: [DEV, NETWORK], stateReadRoleArns: [PREVIEW], principalOrgId: "o-abcdefghij" }),
        );
    });

    const cases: [string, Partial<StateBackendArgs>, string[]][] = [
        ["rejects a malformed account", { accountId: "1" }, ['accountId: "1" is not a 12-digit AWS account ID']],
        ["rejects an invalid bucket name", { bucketName: "State" }, ['bucketName: "State" is not an S3 bucket name (3-63 lowercase letters, digits, \'.\' and \'-\', starting and ending with a letter or digit)']],
        ["rejects keeping old versions for 0 days", { noncurrentExpirationDays: 0 }, ["noncurrentExpirationDays: 0 is not in 1..36500"]],
        [
            "rejects a state role that is an account root",
            { stateAccessRoleArns: ["arn:aws:iam::222222222222:root"] },
            ['stateAccessRoleArns[0]: "arn:aws:iam::222222222222:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted'],
        ],
        ["rejects a wildcard state reader", { stateReadRoleArns: ["*"] }, ['stateReadRoleArns[0]: "*" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not granted']],
        ["rejects a state role listed twice", { stateAccessRoleArns: [DEV, DEV] }, [`stateAccessRoleArns[1]: "${DEV}" is listed twice`]],
        [
            "rejects a role both reading and writing",
            { stateAccessRoleArns: [DEV], stateReadRoleArns: [DEV] },
            [`stateReadRoleArns[0]: "${DEV}" is also in stateAccessRoleArns; list a role in one of them`],
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
