import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { evaluatePlan } from "../../../tools/cli/policy-report";
import { Plan, PlanResource } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/runner";
import { readStackFile, stackFilePath } from "../../../tools/plan/stack-file";
import { mandatoryFindings } from "../../../tools/policy/evaluate";
import { platformSettings, validateConfig } from "../../../config/load";
import { doc } from "../../support/harness";
import { bootstrapSettings, stackInfos } from "../../support/stacks";

/**
 * The bootstrap composition (infra/roles/bootstrap.ts) with stacks/Pulumi.bootstrap.yaml: the
 * role chain and the state access as built, the policy packs, and the bootstrap settings' rules.
 */

/** The accounts of the deployed stacks, as stacks/ declares them (test/support/stacks.ts). */
const ACCOUNTS = [...new Set(stackInfos().filter((s) => s.role !== "bootstrap").map((s) => s.accountId))].sort();
const NETWORK = "111111111111";
/** The stacks CI deploys, each by the deployment role of its account (its environment). */
// In the order the bootstrap lists its accounts' environments (the order its policies name them); test/ci/new-stack.test.ts checks every deployed stack has one.
const STACKS: string[] = bootstrapSettings().accounts.flatMap((a: { environments: string[] }) => a.environments);
const deployer = (a: string) => `arn:aws:iam::${a}:role/platform-deployer`;
const preview = (a: string) => `arn:aws:iam::${a}:role/platform-preview`;
const root = (a: string) => `arn:aws:iam::${a}:root`;
const ORG = { "aws:PrincipalOrgID": "o-exampleorg01" };
const BREAK_GLASS = "arn:aws:iam::999999999999:role/platform-break-glass";
const oidcProvider = (a: string) => `arn:aws:iam::${a}:oidc-provider/token.actions.githubusercontent.com`;

describe("bootstrap stack", function () {
    this.timeout(120_000);
    let plan: Plan;
    const one = (type: string, name: string): PlanResource => {
        const found = plan.resources.filter((r) => r.type === type && r.name === name);
        expect(found, `${type}::${name}`).to.have.length(1);
        return found[0];
    };
    const statement = (document: unknown, sid: string) => doc(document).Statement.find((s: { Sid: string }) => s.Sid === sid);

    before(async () => {
        plan = await planStack({ stack: "bootstrap" });
    });

    it("has no mandatory policy finding", async () => {
        const result = await evaluatePlan(plan);
        expect(mandatoryFindings(result.evaluation).map((f) => `${f.policy} ${f.urn}: ${f.message}`)).to.deep.equal([]);
    });

    it("lets every deployment role assume itself, and the network account's be assumed by every deployment role", () => {
        for (const a of ACCOUNTS) {
            const chained = a === NETWORK ? ACCOUNTS : [a];
            expect(statement(one("aws:iam/role:Role", `deployer-${a}`).inputs.assumeRolePolicy, "ChainedRoles"), a).to.deep.equal({
                Sid: "ChainedRoles",
                Effect: "Allow",
                Principal: { AWS: chained.map(root) },
                Action: "sts:AssumeRole",
                Condition: { ArnEquals: { "aws:PrincipalArn": chained.map(deployer) }, StringEquals: ORG },
            });
        }
    });

    it("lets every deployment role assume exactly itself and the network account's, and never a preview role", () => {
        for (const a of ACCOUNTS) {
            const policy = one("aws:iam/rolePolicy:RolePolicy", `deployer-${a}-policy`).inputs.policy;
            expect(statement(policy, "AssumeChainedRoles").Resource, a).to.deep.equal(a === NETWORK ? [deployer(a)] : [deployer(a), deployer(NETWORK)]);
            expect(statement(policy, "StateBucketKey").Action, a).to.deep.equal(["kms:Decrypt", "kms:GenerateDataKey*"]);
            expect(statement(one("aws:iam/rolePolicy:RolePolicy", `deployer-${a}-state`).inputs.policy, "StateObjects").Action, a).to.deep.equal(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
        }
    });

    it("trusts the preview roles only from the preview environment and each other, never from a deploy environment", () => {
        for (const a of ACCOUNTS) {
            const trust = doc(one("aws:iam/role:Role", `preview-${a}`).inputs.assumeRolePolicy);
            expect(trust.Statement[0].Condition.StringLike["token.actions.githubusercontent.com:sub"], a).to.deep.equal([
                "repo:example-org/platform:environment:preview:ref:refs/pull/*/merge:job_workflow_ref:example-org/platform/.github/workflows/pull-request.yml@refs/pull/*/merge",
                "repo:example-org/platform:environment:preview:ref:refs/heads/main:job_workflow_ref:example-org/platform/.github/workflows/deploy.yml@refs/heads/main",
            ]);
            expect(statement(trust, "ChainedRoles").Condition, a).to.deep.equal({ ArnEquals: { "aws:PrincipalArn": ACCOUNTS.map(preview) }, StringEquals: ORG });
            expect(one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `preview-${a}-managed-0`).inputs.policyArn).to.equal("arn:aws:iam::aws:policy/ReadOnlyAccess");
            const policy = one("aws:iam/rolePolicy:RolePolicy", `preview-${a}-policy`).inputs.policy;
            expect(statement(policy, "StateBucketKey").Action, a).to.deep.equal(["kms:Decrypt"]);
            expect(statement(one("aws:iam/rolePolicy:RolePolicy", `preview-${a}-state`).inputs.policy, "StateObjects"), a).to.equal(undefined);
        }
        for (const r of plan.resources.filter((x) => x.type === "aws:iam/role:Role" && x.name.startsWith("deployer-"))) {
            expect(r.inputs.assumeRolePolicy as string, r.name).not.to.include("platform-preview").and.not.to.include("environment:preview");
        }
    });

    it("grants the bucket key through S3 only, to every deployment role (write) and preview role (read) by exact ARN", () => {
        const bucket = one("aws:s3/bucketPolicy:BucketPolicy", "state-policy").inputs.policy;
        expect(statement(bucket, "StateRolesListBucket").Condition).to.deep.equal({ ArnEquals: { "aws:PrincipalArn": [...ACCOUNTS.map(deployer), ...ACCOUNTS.map(preview)] }, StringEquals: ORG });
        expect(statement(bucket, "DenyInsecureTransport").Effect).to.equal("Deny");
        const key = doc(one("aws:kms/key:Key", "state-key").inputs.policy);
        expect(key.Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["EnableIamPolicies", "StateWritersThroughS3", "StateReadersThroughS3"]);
        expect(statement(key, "StateWritersThroughS3").Condition).to.deep.equal({ ArnEquals: { "aws:PrincipalArn": ACCOUNTS.map(deployer) }, StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com", ...ORG } });
    });

    it("trusts the break-glass role in every deployment and preview role by aws:PrincipalArn, never as a role principal", () => {
        for (const a of ACCOUNTS) {
            for (const name of [`deployer-${a}`, `preview-${a}`]) {
                expect(statement(one("aws:iam/role:Role", name).inputs.assumeRolePolicy, "ManagementRole"), name).to.deep.equal({
                    Sid: "ManagementRole",
                    Effect: "Allow",
                    Principal: { AWS: [root("999999999999")] },
                    Action: "sts:AssumeRole",
                    Condition: { ArnEquals: { "aws:PrincipalArn": [BREAK_GLASS] }, StringEquals: ORG },
                });
            }
        }
    });

    it("creates the GitHub OIDC provider of every account by default, and each role trusts the ARN AWS gives it", () => {
        expect(plan.resources.filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider").map((r) => r.name)).to.deep.equal(ACCOUNTS.map((a) => `deployer-${a}-github-oidc`));
        for (const a of ACCOUNTS) {
            expect(doc(one("aws:iam/role:Role", `deployer-${a}`).inputs.assumeRolePolicy).Statement[0].Principal, a).to.deep.equal({ Federated: oidcProvider(a) });
        }
    });

    it("enables RAM sharing with AWS Organizations once, with the management account's own provider", () => {
        const sharing = one("aws:ram/sharingWithOrganization:SharingWithOrganization", "ram-sharing-with-organization");
        expect(sharing.provider).to.equal(one("pulumi:providers:aws", "bootstrap").urn);
        expect([sharing.protect, sharing.retainOnDelete]).to.deep.equal([true, true]);
    });

    it("creates the GitHub connection platform-github in the shared account, through that account's provider, and exports its ARN", () => {
        const connection = one("aws:codestarconnections/connection:Connection", "platform-github");
        expect(connection.inputs).to.deep.include({ name: "platform-github", providerType: "GitHub" });
        expect(connection.provider).to.equal(one("pulumi:providers:aws", "account-222222222222").urn);
        expect([connection.protect, connection.retainOnDelete]).to.deep.equal([true, true]);
        expect(plan.outputs.githubConnectionArn).to.be.a("string").and.match(/^arn:aws:codestarconnections:eu-west-1:222222222222:connection\//);
    });

    it("lets deploy jobs hold the deployment roles for four hours and previews for one", () => {
        for (const a of ACCOUNTS) {
            expect(one("aws:iam/role:Role", `deployer-${a}`).inputs.maxSessionDuration, a).to.equal(14_400);
            expect(one("aws:iam/role:Role", `preview-${a}`).inputs.maxSessionDuration, a).to.equal(3600);
        }
    });

    it("exports the secrets provider by alias ARN and the role ARNs per account", () => {
        expect(plan.outputs.secretsProviders).to.deep.equal(
            Object.fromEntries(["bootstrap", ...STACKS].map((s) => [s, `awskms:///arn:aws:kms:eu-west-1:999999999999:alias/platform/state-${s}?region=eu-west-1`])),
        );
        expect(plan.outputs.previewRoleArns).to.deep.equal(Object.fromEntries(ACCOUNTS.map((a) => [a, preview(a)])));
    });
});

describe("bootstrap stack with an existing OIDC provider, RAM sharing off and no GitHub connection", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bootstrap-existing-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    let plan: Plan;

    before(async () => {
        const file = path.join(dir, "Pulumi.bootstrap.yaml");
        const settings = parse(fs.readFileSync(stackFilePath("bootstrap"), "utf8")) as { config: Record<string, any> };
        const b = settings.config["platform:bootstrap"];
        b.accounts.find((a: { accountId: string }) => a.accountId === "333333333333").githubOidcProvider = "existing";
        b.ramSharingWithOrganization = false;
        delete b.githubConnection;
        fs.writeFileSync(file, stringify(settings));
        plan = await planStack({ stack: "bootstrap", stackFile: file });
    });

    it("creates no OIDC provider in that account; its deployment and preview roles trust the provider's deterministic ARN", () => {
        const providers = plan.resources.filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider").map((r) => r.name);
        expect(providers).to.deep.equal(ACCOUNTS.filter((a) => a !== "333333333333").map((a) => `deployer-${a}-github-oidc`));
        for (const name of ["deployer-333333333333", "preview-333333333333"]) {
            const role = plan.resources.find((r) => r.type === "aws:iam/role:Role" && r.name === name)!;
            expect(doc(role.inputs.assumeRolePolicy).Statement[0].Principal, name).to.deep.equal({ Federated: oidcProvider("333333333333") });
        }
    });

    it("declares no RAM sharing and no connection, and exports no connection ARN", () => {
        expect(plan.resources.filter((r) => r.type.startsWith("aws:ram/") || r.type.startsWith("aws:codestarconnections/"))).to.deep.equal([]);
        expect(plan.outputs).not.to.have.property("githubConnectionArn");
    });
});

describe("bootstrap settings", () => {
    const settings = () => platformSettings(readStackFile(stackFilePath("bootstrap"), "bootstrap").config) as Record<string, any>;
    const problems = (raw: Record<string, unknown>): string[] => {
        try {
            validateConfig(raw);
            return [];
        } catch (e) {
            return [...(e as { problems: string[] }).problems];
        }
    };

    it("accepts the stack file, and no preview role or network chain when unset", () => {
        expect(problems(settings())).to.deep.equal([]);
        const raw = settings();
        delete raw.bootstrap.preview;
        delete raw.bootstrap.networkAccountId;
        const b = validateConfig(raw).bootstrap!;
        expect([b.preview, b.networkAccountId]).to.deep.equal([undefined, undefined]);
    });

    it("creates the OIDC providers and enables RAM sharing by default, with no GitHub connection", () => {
        const raw = settings();
        delete raw.bootstrap.ramSharingWithOrganization;
        delete raw.bootstrap.githubConnection;
        const b = validateConfig(raw).bootstrap!;
        expect([b.accounts.map((a) => a.githubOidcProvider), b.ramSharingWithOrganization, b.githubConnection]).to.deep.equal([ACCOUNTS.map(() => "create"), true, undefined]);
    });

    const cases: [string, (raw: Record<string, any>) => void, string[]][] = [
        [
            "rejects a network account that is not bootstrapped",
            (raw) => (raw.bootstrap.networkAccountId = "777777777777"),
            ['platform:bootstrap.networkAccountId: "777777777777" is not one of the accounts listed; the network account\'s deployment role is created here'],
        ],
        [
            "rejects the preview environment as a deploy environment",
            (raw) => (raw.bootstrap.accounts[2].environments = ["dev", "preview"]),
            ['platform:bootstrap.accounts[2].environments: lists "preview", the preview environment; pull-request jobs there must not assume a deployment role'],
        ],
        [
            "rejects a preview role named like the deployment role",
            (raw) => (raw.bootstrap.preview.roleName = "platform-deployer"),
            ['platform:bootstrap.preview.roleName: "platform-deployer" is the deployment role\'s name; the preview role needs its own'],
        ],
        [
            "rejects an account listed twice",
            (raw) => raw.bootstrap.accounts.push({ accountId: "111111111111", environments: ["other"] }),
            ['platform:bootstrap.accounts[6].accountId: "111111111111" is listed twice; one deployment role per account'],
        ],
        [
            "rejects a GitHub connection in an account that is not bootstrapped",
            (raw) => (raw.bootstrap.githubConnection.accountId = "777777777777"),
            ['platform:bootstrap.githubConnection.accountId: "777777777777" is not one of the accounts listed; the connection is created through that account\'s provider'],
        ],
        [
            "rejects an OIDC provider setting other than create or existing",
            (raw) => (raw.bootstrap.accounts[0].githubOidcProvider = "import"),
            ['platform:bootstrap.accounts[0].githubOidcProvider: "import" is not one of "create", "existing"'],
        ],
        [
            "rejects RAM sharing with AWS Organizations from an account that is not the management account",
            (raw) => {
                raw.accountId = "111111111111";
                delete raw.bootstrap.securityAccountId;
            },
            [
                'platform:bootstrap.ramSharingWithOrganization: is true, but platform:accountId "111111111111" is not the management account "999999999999" (platform:organization.managementAccountId), and only the management account can enable it; set it to false and enable it once from the management account with `aws ram enable-sharing-with-aws-organization`',
            ],
        ],
        [
            "rejects registering delegated administrators from an account that is not the management account",
            (raw) => {
                raw.accountId = "111111111111";
                raw.bootstrap.ramSharingWithOrganization = false;
            },
            ['platform:bootstrap.securityAccountId: is set, but platform:accountId "111111111111" is not the management account "999999999999"; only the management account registers delegated administrators'],
        ],
        [
            "rejects the management account as the security account",
            (raw) => (raw.bootstrap.securityAccountId = "999999999999"),
            [
                'platform:bootstrap.securityAccountId: "999999999999" is not one of the accounts listed; the security stack deploys there with its deployment role',
                'platform:bootstrap.securityAccountId: "999999999999" is the management account; a delegated administrator must be a member account',
            ],
        ],
        ["rejects an unknown preview setting", (raw) => (raw.bootstrap.preview.subject = "pull_request"), ["platform:bootstrap.preview.subject: is not a known setting; check its spelling and level"]],
    ];
    for (const [title, change, expected] of cases) {
        it(title, () => {
            const raw = settings();
            change(raw);
            expect(problems(raw)).to.deep.equal(expected);
        });
    }
});
