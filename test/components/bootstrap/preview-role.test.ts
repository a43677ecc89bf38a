import { expect } from "chai";
import { previewGuardStatements, PreviewRole, PreviewRoleArgs, stateAccessStatements, validatePreviewRoleArgs } from "../../../components/bootstrap";
import { declare, doc } from "../../support/harness";

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";
const DEV_PREVIEW = "arn:aws:iam::111111111111:role/platform-preview";
const NETWORK_PREVIEW = "arn:aws:iam::222222222222:role/platform-preview";
const STATE = { bucketArn: "arn:aws:s3:::acme-pulumi-state", keyArn: "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab" };
const ARGS: PreviewRoleArgs = { accountId: "111111111111", region: "eu-west-1", githubOrg: "acme", githubRepo: "platform", oidcProviderArn: PROVIDER };
const GITHUB_PREVIEW = {
    Sid: "GitHubActions",
    Effect: "Allow",
    Principal: { Federated: PROVIDER },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: {
        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        // The PR number is the one wildcard; repository, environment and workflow are literal.
        StringLike: {
            "token.actions.githubusercontent.com:sub": [
                "repo:acme/platform:environment:preview:ref:refs/pull/*/merge:job_workflow_ref:acme/platform/.github/workflows/pull-request.yml@refs/pull/*/merge",
                "repo:acme/platform:environment:preview:ref:refs/heads/main:job_workflow_ref:acme/platform/.github/workflows/deploy.yml@refs/heads/main",
            ],
        },
    },
};

describe("preview role documents", () => {
    it("lists the state bucket, reads meta.yaml and decrypts with the bucket key through S3 only, and writes nothing", () => {
        expect(stateAccessStatements(STATE, "read")).to.deep.equal([
            { Sid: "StateBucket", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: "arn:aws:s3:::acme-pulumi-state" },
            { Sid: "StateMeta", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-pulumi-state/.pulumi/meta.yaml" },
            { Sid: "StateBucketKey", Effect: "Allow", Action: ["kms:Decrypt"], Resource: STATE.keyArn, Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } } },
        ]);
    });

    it("denies object reads but the state's, decryption with other keys, and the account's secret values", () => {
        expect(previewGuardStatements("111111111111", "eu-west-1", STATE)).to.deep.equal([
            { Sid: "DenyDataObjectReads", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], NotResource: ["arn:aws:s3:::acme-pulumi-state/.pulumi/*"] },
            // The bucket key and every stack's secrets key live in the state account; their key policies pick the stacks.
            { Sid: "DenyDecryptOtherKeys", Effect: "Deny", Action: ["kms:Decrypt", "kms:ReEncryptFrom"], NotResource: "arn:aws:kms:eu-west-1:999999999999:key/*" },
            {
                Sid: "DenySecretValues",
                Effect: "Deny",
                Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:GetParameterHistory"],
                Resource: ["arn:aws:secretsmanager:*:111111111111:secret:*", "arn:aws:ssm:*:111111111111:parameter/*"],
            },
        ]);
        expect(previewGuardStatements("111111111111", "eu-west-1").slice(0, 2)).to.deep.equal([
            { Sid: "DenyDataObjectReads", Effect: "Deny", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: "*" },
            { Sid: "DenyDecryptOtherKeys", Effect: "Deny", Action: ["kms:Decrypt", "kms:ReEncryptFrom"], Resource: "*" },
        ]);
    });
});

describe("PreviewRole", () => {
    it("creates the role, its inline policy and ReadOnlyAccess, and no OIDC provider of its own", async () => {
        const plan = await declare(() => new PreviewRole("preview", ARGS));
        expect(plan.inventory()).to.deep.equal([
            "aws:iam/role:Role::preview",
            "aws:iam/rolePolicy:RolePolicy::preview-policy",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::preview-managed-0",
            "platform:bootstrap:PreviewRole::preview",
        ]);
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "preview-managed-0").inputs).to.deep.equal({ role: "preview", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
        expect(plan.one("aws:iam/role:Role", "preview").inputs).to.deep.include({ name: "preview", maxSessionDuration: 3600 });
    });

    it("trusts only the preview environment of the repository, and the chained preview roles within the organization", async () => {
        const plan = await declare(() =>
            new PreviewRole("preview", { ...ARGS, roleName: "platform-preview", chainedRoleArns: [DEV_PREVIEW, NETWORK_PREVIEW], principalOrgId: "o-abcdefghij" }),
        );
        expect(doc(plan.one("aws:iam/role:Role", "preview").inputs.assumeRolePolicy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                GITHUB_PREVIEW,
                {
                    Sid: "ChainedRoles",
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"] },
                    Action: "sts:AssumeRole",
                    Condition: { ArnEquals: { "aws:PrincipalArn": [DEV_PREVIEW, NETWORK_PREVIEW] }, StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
                },
            ],
        });
    });

    it("trusts the break-glass role by exact ARN in aws:PrincipalArn, with its account root as the principal", async () => {
        const plan = await declare(() => new PreviewRole("preview", { ...ARGS, managementRoleArn: "arn:aws:iam::999999999999:role/platform-break-glass", principalOrgId: "o-abcdefghij" }));
        expect(doc(plan.one("aws:iam/role:Role", "preview").inputs.assumeRolePolicy).Statement[1]).to.deep.equal({
            Sid: "ManagementRole",
            Effect: "Allow",
            Principal: { AWS: ["arn:aws:iam::999999999999:root"] },
            Action: "sts:AssumeRole",
            Condition: { ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::999999999999:role/platform-break-glass"] }, StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
        });
    });

    it("names the provider ARN AWS assigns when given a provider Output, and waits for it", async () => {
        const plan = await declare(() => {
            const other = new PreviewRole("source", ARGS);
            return new PreviewRole("preview", { ...ARGS, oidcProviderArn: other.roleArn.apply(() => "arn:aws:iam::111111111111:oidc-provider/pending") });
        });
        const role = plan.one("aws:iam/role:Role", "preview");
        expect(doc(role.inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Federated: PROVIDER });
        expect(role.dependencies).to.include(plan.one("aws:iam/role:Role", "source").urn);
    });

    it("may assume the listed preview roles, reads the state and keeps the guards", async () => {
        const plan = await declare(() => new PreviewRole("preview", { ...ARGS, assumableRoleArns: [DEV_PREVIEW, NETWORK_PREVIEW], stateBucketArn: STATE.bucketArn, stateKeyArn: STATE.keyArn }));
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "preview-policy").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                { Sid: "AssumeChainedRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [DEV_PREVIEW, NETWORK_PREVIEW] },
                ...stateAccessStatements(STATE, "read"),
                ...previewGuardStatements("111111111111", "eu-west-1", STATE),
            ],
        });
    });

    it("has only the guards without chain or state", async () => {
        const plan = await declare(() => new PreviewRole("preview", ARGS));
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "preview-policy").inputs.policy).Statement).to.deep.equal(previewGuardStatements("111111111111", "eu-west-1"));
    });

    it("protects and retains the role by default, and not when protect is false", async () => {
        const on = await declare(() => new PreviewRole("preview", ARGS));
        const off = await declare(() => new PreviewRole("preview", { ...ARGS, protect: false }));
        expect([on.one("aws:iam/role:Role", "preview").protect, on.one("aws:iam/role:Role", "preview").retainOnDelete]).to.deep.equal([true, true]);
        expect([off.one("aws:iam/role:Role", "preview").protect, off.one("aws:iam/role:Role", "preview").retainOnDelete]).to.deep.equal([false, false]);
    });

    const cases: [string, Partial<PreviewRoleArgs>, string[]][] = [
        ["rejects a wildcard environment", { environments: ["*"] }, ['environments[0]: "*" is not a GitHub environment name without wildcards (letters, digits, \'.\', \'_\' and \'-\')']],
        [
            "rejects a chained account root",
            { chainedRoleArns: ["arn:aws:iam::222222222222:root"] },
            ['chainedRoleArns[0]: "arn:aws:iam::222222222222:root" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not trusted'],
        ],
        [
            "rejects a managed policy that writes",
            { managedPolicyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] },
            ['managedPolicyArns[0]: "arn:aws:iam::aws:policy/PowerUserAccess" grants writes; a preview role is read-only (ReadOnlyAccess, ViewOnlyAccess, SecurityAudit)'],
        ],
        ["rejects the state key without its bucket", { stateKeyArn: STATE.keyArn }, ["stateBucketArn and stateKeyArn: set both (the state bucket and its key) or neither"]],
        [
            "rejects an extra trusted pair with a ref pattern or a wildcard workflow: only the pull-request ref may be a pattern",
            { alsoTrusted: [{ workflow: ".github/workflows/*.yml", ref: "refs/heads/*" }] },
            [
                'alsoTrusted[0].workflow: ".github/workflows/*.yml" is not a workflow file of the repository (.github/workflows/<name>.yml, no wildcards)',
                'alsoTrusted[0].ref: "refs/heads/*" is not an exact branch ref (refs/heads/<branch>), no wildcards',
            ],
        ],
        [
            "rejects a provider that is not GitHub's",
            { oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/gitlab.com" },
            ['oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/gitlab.com" is not the ARN of a token.actions.githubusercontent.com OIDC provider'],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validatePreviewRoleArgs({ ...ARGS, ...change })).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
