import { expect } from "chai";
import { iamNoAdminManagedAttachment, iamNoAdminStar, iamNoPrivilegeEscalation, iamNoUsersOrKeys, iamTrustPolicyScoped, roleNameOf } from "../../../policy-packs/aws-baseline/policies/iam";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource, runPolicy } from "../../support/policy";

/**
 * The IAM rules, one condition at a time (issue #15): each case fails if the rule stops catching
 * it (or starts refusing what it must allow). iam.test.ts describes the rules; this file pins the
 * edges a weakened rule would slip through.
 */

const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";
const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACH = "aws:iam/policyAttachment:PolicyAttachment";
const GROUP_ATTACH = "aws:iam/groupPolicyAttachment:GroupPolicyAttachment";
const USER_ATTACH = "aws:iam/userPolicyAttachment:UserPolicyAttachment";
const ROLE_EXCLUSIVE = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
const GROUP_EXCLUSIVE = "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const IAM_FULL = "arn:aws:iam::aws:policy/IAMFullAccess";

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });
const adminStar = (label = "0") => `IAM policy must not allow "*" on "*" (statement ${label}); grant the specific actions and resources needed.`;
const star = async (statement: Record<string, unknown>, config: Record<string, unknown> = {}) =>
    (await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc(statement) } }, config)).reported;

describe("iam-no-admin-star, condition by condition", () => {
    it('rejects Allow "*:*" on "*"', async () => {
        expect(await star({ Effect: "Allow", Action: "*:*", Resource: "*" })).to.deep.equal([adminStar()]);
    });
    it('rejects an action list containing "*" among others', async () => {
        expect(await star({ Effect: "Allow", Action: ["s3:GetObject", "*", "ec2:DescribeInstances"], Resource: "*" })).to.deep.equal([adminStar()]);
    });
    it('rejects a resource list containing "*" among others', async () => {
        expect(await star({ Effect: "Allow", Action: "*", Resource: ["arn:aws:s3:::data/*", "*"] })).to.deep.equal([adminStar()]);
    });
    it("rejects service:* on a resource list containing \"*\" among others, naming every such service once", async () => {
        expect(await star({ Effect: "Allow", Action: ["iam:*", "s3:GetObject", "KMS:*"], Resource: ["arn:aws:s3:::data/*", "*"] })).to.deep.equal([
            'IAM policy must not allow every action of a service (iam:*, kms:*) on "*" (statement 0); list the actions needed.',
        ]);
    });
    it('reports only the "*" finding for a statement with both "*" and service:* (one finding per statement)', async () => {
        expect(await star({ Effect: "Allow", Action: ["*", "iam:*"], Resource: "*" })).to.deep.equal([adminStar()]);
    });
    it("judges every statement: the second one's * on * after a scoped first", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }, { Sid: "Admin", Effect: "Allow", Action: "*", Resource: "*" }) } });
        expect(r.reported).to.deep.equal([adminStar('"Admin"')]);
    });
    it("does not take a prefix pattern (s3:Get*, iam:*Role, ec2:*Describe) for service:*", async () => {
        expect(await star({ Effect: "Allow", Action: ["s3:Get*", "iam:*Role", "ec2:*Describe", "s3:*:x"], Resource: "*" })).to.deep.equal([]);
    });
    it("exempts only the listed services of allowedServiceWildcards, in any case", async () => {
        expect(await star({ Effect: "Allow", Action: ["logs:*", "xray:*"], Resource: "*" }, { allowedServiceWildcards: ["LOGS"] })).to.deep.equal([
            'IAM policy must not allow every action of a service (xray:*) on "*" (statement 0); list the actions needed.',
        ]);
    });
    it("does not report service:* on named resources when reportScopedServiceWildcards is false", async () => {
        expect(await star({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data" }, { reportScopedServiceWildcards: false })).to.deep.equal([]);
    });
    it("rejects a service pattern's every action on \"*\" (s*:* is s3, sts, ssm, secretsmanager...)", async () => {
        expect(await star({ Effect: "Allow", Action: ["s*:*", "?am:*"], Resource: "*" })).to.deep.equal([
            'IAM policy must not allow every action of a service (s*:*, ?am:*) on "*" (statement 0); list the actions needed.',
        ]);
    });
    it("falls back to the defaults when the engine passes no config (no exemption, scoped service wildcards not reported)", () => {
        const reported: string[] = [];
        const validate = (type: string, inputs: Record<string, unknown>) =>
            (iamNoAdminStar.validateResource as (a: unknown, r: (m: string) => void) => void)(resourceArgs(planResource({ type, inputs }), new Map(), {}), (m) => reported.push(m));
        validate(POLICY, { name: "boundary", policy: doc({ Effect: "Allow", Action: ["logs:*"], Resource: "*" }) });
        validate(POLICY, { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data" }) });
        expect(reported).to.deep.equal(['IAM policy must not allow every action of a service (logs:*) on "*" (statement 0); list the actions needed.']);
    });
    it("lets a permissions-boundary name pass only for a managed Policy (not a RolePolicy of the same name)", async () => {
        const inputs = { name: "boundary", role: "x", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) };
        const config = { permissionsBoundaryPolicies: ["boundary"] };
        expect((await runPolicy(iamNoAdminStar, { type: POLICY, inputs }, config)).reported).to.deep.equal([]);
        expect((await runPolicy(iamNoAdminStar, { type: ROLE_POLICY, inputs }, config)).reported).to.deep.equal([adminStar()]);
    });
});

describe("iam-no-admin-managed-attachment, condition by condition", () => {
    const principals = "IAM users and groups must not have AdministratorAccess attached; grant administration only through break-glass roles.";
    it("rejects AdministratorAccess attached to groups only (PolicyAttachment with groups and no roles)", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, groups: ["admins"] } });
        expect(r.reported).to.deep.equal([principals]);
    });
    it("rejects AdministratorAccess attached to users only, and a group or user attachment resource", async () => {
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, users: ["alice"] } })).reported).to.deep.equal([principals]);
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: GROUP_ATTACH, inputs: { group: "admins", policyArn: ADMIN } })).reported).to.deep.equal([principals]);
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: USER_ATTACH, inputs: { user: "alice", policyArn: ADMIN } })).reported).to.deep.equal([principals]);
    });
    it("passes a PolicyAttachment of AdministratorAccess to break-glass roles only, with empty user and group lists", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: ["break-glass"], users: [], groups: [] } }, { breakGlassRoles: ["break-glass"] });
        expect(r.reported).to.deep.equal([]);
    });
    it("names both forbidden policies of one list, and passes a list without them", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: GROUP_EXCLUSIVE, inputs: { groupName: "ops", policyArns: [ADMIN, "arn:aws:iam::aws:policy/ReadOnlyAccess", IAM_FULL] } });
        expect(r.reported).to.deep.equal(["IAM users and groups must not have AdministratorAccess and IAMFullAccess attached; grant administration only through break-glass roles."]);
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: GROUP_EXCLUSIVE, inputs: { groupName: "ops", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } })).reported).to.deep.equal([]);
    });
    it("reads AWS managed policies under a path (job-function/) and in other partitions, but not a customer policy", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws-us-gov:iam::aws:policy/job-function/AdministratorAccess" } });
        expect(r.reported).to.deep.equal(['IAM role "app" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.']);
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess" } })).reported).to.deep.equal([]);
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws:iam::aws:policy/AdministratorAccessAmplify" } })).reported).to.deep.equal([]);
    });
    it("leaves a RolePolicyAttachmentsExclusive whose list is known only after apply undecided", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ROLE_EXCLUSIVE, inputs: { roleName: "app", policyArns: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("leaves a PolicyAttachment whose roles are known only after apply undecided (no users or groups)", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("falls back to the default forbidden list and no break-glass role when the engine passes no config", () => {
        const reported: string[] = [];
        const validate = (inputs: Record<string, unknown>) =>
            (iamNoAdminManagedAttachment.validateResource as (a: unknown, r: (m: string) => void) => void)(resourceArgs(planResource({ type: ATTACH, inputs }), new Map(), {}), (m) => reported.push(m));
        validate({ role: "break-glass", policyArn: ADMIN });
        validate({ role: "app", policyArn: IAM_FULL });
        validate({ role: "app", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
        expect(reported).to.deep.equal([
            'IAM role "break-glass" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.',
            'IAM role "app" must not have IAMFullAccess attached; attach a scoped policy, or list the role in breakGlassRoles.',
        ]);
    });
    it("ignores an attachment without a policy ARN, or with one that is not a string", async () => {
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app" } })).outcome).to.equal("pass");
        expect((await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: [ADMIN] } })).outcome).to.equal("pass");
    });
    it("does not take an ARN that only contains an AWS managed policy ARN (a customer policy path) for one", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws:iam::111122223333:policy/arn:aws:iam::aws:policy/AdministratorAccess" } });
        expect(r.outcome).to.equal("pass");
    });
    it("can't decide before apply on a policy ARN unknown until apply, naming where (attachment, list entry)", async () => {
        const advisory = (path: string) => [["advisory", `can't run policy 'iam-no-admin-managed-attachment' from policy pack 'test-pack@v0.0.0' during preview: string value at ${path} can't be known during preview`]];
        const one = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "<computed>" } });
        expect(one.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal(advisory(".policyArn"));
        const entry = await runPolicy(iamNoAdminManagedAttachment, { type: ROLE_EXCLUSIVE, inputs: { roleName: "app", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "<computed>"] } });
        expect(entry.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal(advisory(".policyArns.1"));
    });
    it("can't decide before apply on a role name unknown until apply, naming the field (Role, exclusive attachments, PolicyAttachment)", async () => {
        const advisory = (path: string) => [["advisory", `can't run policy 'iam-no-admin-managed-attachment' from policy pack 'test-pack@v0.0.0' during preview: string value at ${path} can't be known during preview`]];
        const role = await runPolicy(iamNoAdminManagedAttachment, { type: ROLE, inputs: { name: "<computed>", assumeRolePolicy: "{}", managedPolicyArns: [ADMIN] } });
        expect(role.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal(advisory(".name"));
        const exclusive = await runPolicy(iamNoAdminManagedAttachment, { type: ROLE_EXCLUSIVE, inputs: { roleName: "<computed>", policyArns: [ADMIN] } });
        expect(exclusive.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal(advisory(".roleName"));
        const roles = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: "<computed>" } });
        expect(roles.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal(advisory(".roles"));
    });
    it("reads role names from ARNs of every partition, with or without a path", () => {
        expect(roleNameOf("arn:aws-cn:iam::1:role/a/b/name")).to.equal("name");
        expect(roleNameOf("arn:aws:iam::1:role/name")).to.equal("name");
        expect(roleNameOf("plain")).to.equal("plain");
        expect(roleNameOf("arn:aws:iam::1:user/name")).to.equal("name");
        expect(roleNameOf("a/")).to.equal("");
    });
});

describe("iam-no-users-or-keys, every type", () => {
    it("reports each type with its own message", async () => {
        const types: [string, string][] = [
            ["aws:iam/user:User", "IAM users must not be created; use IAM Identity Center for people and roles (Pod Identity, OIDC federation) for workloads."],
            ["aws:iam/accessKey:AccessKey", "Long-lived IAM access keys must not be created; use roles with temporary credentials."],
            ["aws:iam/userPolicy:UserPolicy", "IAM user policies must not be created; grant permissions to roles."],
            ["aws:iam/userPolicyAttachment:UserPolicyAttachment", "IAM user policy attachments must not be created; grant permissions to roles."],
        ];
        for (const [type, message] of types) {
            expect((await runPolicy(iamNoUsersOrKeys, { type, inputs: {} })).reported, type).to.deep.equal([message]);
        }
    });
});

describe("iam-trust-policy-scoped, condition by condition", () => {
    const GH = "token.actions.githubusercontent.com";
    const OIDC = `arn:aws:iam::111122223333:oidc-provider/${GH}`;
    const aud = { [`${GH}:aud`]: "sts.amazonaws.com" };
    const trust = (statement: Record<string, unknown>) => runPolicy(iamTrustPolicyScoped, { type: ROLE, inputs: { name: "deploy", assumeRolePolicy: doc(statement) } });
    const github = (Condition?: Record<string, unknown>) => ({ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition });
    const pinSub = `IAM role web-identity trust must pin ${GH}:sub with StringEquals or StringLike (statement 0); add a condition on the subject (repository, branch, service account).`;
    const pinAud = `IAM role web-identity trust must pin ${GH}:aud with StringEquals or StringLike (statement 0); add a condition on the audience (sts.amazonaws.com).`;
    const anySub = (value: string) => `IAM role web-identity trust must not accept any subject (${GH}:sub ${JSON.stringify(value)}, statement 0); pin it to a repository or service account.`;

    it("rejects a GitHub OIDC trust whose sub matches any repository's main branch", async () => {
        for (const sub of ["repo:*:ref:refs/heads/main", "repo:*/*:ref:refs/heads/main", "repo:?*:ref:refs/heads/main"]) {
            expect((await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: sub } }))).reported, sub).to.deep.equal([anySub(sub)]);
        }
    });
    it("rejects any repository's main branch among other, pinned subjects", async () => {
        const r = await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: ["repo:acme/platform:ref:refs/heads/main", "repo:*:ref:refs/heads/main"] } }));
        expect(r.reported).to.deep.equal([anySub("repo:*:ref:refs/heads/main")]);
    });
    it("rejects system:*, organization:* and project_path:* patterns, and a bare ? pattern under StringEquals", async () => {
        for (const sub of ["system:*", "organization:*", "project_path:*"]) {
            expect((await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: sub } }))).reported, sub).to.deep.equal([anySub(sub)]);
        }
        expect((await trust(github({ StringEquals: { ...aud, [`${GH}:sub`]: "?" } }))).reported).to.deep.equal([anySub("?")]);
    });
    it("accepts under StringEquals a literal value that would be a pattern under StringLike (repo:* is literal there)", async () => {
        expect((await trust(github({ StringEquals: { ...aud, [`${GH}:sub`]: "repo:*" } }))).reported).to.deep.equal([]);
    });
    it("accepts patterns that name an owner or repository", async () => {
        for (const sub of ["repo:acme/*", "repo:acme/platform:*", "system:serviceaccount:apps:*"]) {
            expect((await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: sub } }))).reported, sub).to.deep.equal([]);
        }
    });
    it("rejects a federated principal with no condition (both claims unpinned)", async () => {
        expect((await trust(github())).reported).to.deep.equal([pinSub, pinAud]);
    });
    it("rejects a federated OIDC principal with no condition whatever the action says (sts:AssumeRole, a list, a pattern)", async () => {
        for (const Action of ["sts:AssumeRole", ["sts:TagSession", "sts:AssumeRole"], "sts:*"]) {
            expect((await trust({ ...github(), Action })).reported, JSON.stringify(Action)).to.deep.equal([pinSub, pinAud]);
        }
    });
    it("rejects sts:AssumeRoleWithWebIdentity without a federated principal (the action decides)", async () => {
        const r = await trust({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRoleWithWeb*" });
        expect(r.reported).to.deep.equal([
            "IAM role web-identity trust must pin <provider>:sub with StringEquals or StringLike (statement 0); add a condition on the subject (repository, branch, service account).",
            "IAM role web-identity trust must pin <provider>:aud with StringEquals or StringLike (statement 0); add a condition on the audience (sts.amazonaws.com).",
        ]);
    });
    it("leaves a SAML federation alone, whatever the action", async () => {
        const saml = { Effect: "Allow", Principal: { Federated: "arn:aws:iam::111122223333:saml-provider/corp" }, Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"] };
        expect((await trust(saml)).reported).to.deep.equal([]);
        expect((await trust({ ...saml, Action: "sts:AssumeRole" })).reported).to.deep.equal([]);
    });
    it('takes Action "*" with a SAML principal as SAML, and with an OIDC principal as web identity', async () => {
        expect((await trust({ Effect: "Allow", Principal: { Federated: "arn:aws:iam::1:saml-provider/corp" }, Action: "*" })).reported).to.deep.equal([]);
        expect((await trust({ ...github(), Action: "*" })).reported).to.deep.equal([pinSub, pinAud]);
    });
    it("rejects an audience of *", async () => {
        const r = await trust(github({ StringEquals: { [`${GH}:aud`]: "*", [`${GH}:sub`]: "repo:acme/platform:ref:refs/heads/main" } }));
        expect(r.reported).to.deep.equal([`IAM role web-identity trust must not accept any audience (${GH}:aud "*", statement 0); pin it to a repository or service account.`]);
    });
    it("reads claims only of the named provider, not another provider's keys", async () => {
        const r = await trust(github({ StringEquals: { "other.example.com:aud": "sts.amazonaws.com", "other.example.com:sub": "repo:acme/x:ref:refs/heads/main" } }));
        expect(r.reported).to.deep.equal([pinSub, pinAud]);
    });
    it("pins only aud for Cognito identity pools (no sub claim to pin)", async () => {
        const cognito = { Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" };
        expect((await trust(cognito)).reported).to.deep.equal([
            "IAM role web-identity trust must pin cognito-identity.amazonaws.com:aud with StringEquals or StringLike (statement 0); add a condition on the audience (sts.amazonaws.com).",
        ]);
        expect((await trust({ ...cognito, Condition: { StringEquals: { "cognito-identity.amazonaws.com:aud": "eu-west-1:pool" } } })).reported).to.deep.equal([]);
    });
    it("reads the provider from the first Federated entry of a list", async () => {
        const r = await trust({ ...github({ StringEquals: aud }), Principal: { Federated: [OIDC] } });
        expect(r.reported).to.deep.equal([pinSub]);
    });
    it('rejects a NotPrincipal on an Allow as trusting "*"', async () => {
        const r = await trust({ Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" });
        expect(r.reported).to.deep.equal(['IAM role trust policy must not trust principal "*" (statement 0); name the accounts, roles or services allowed to assume the role.']);
    });
    it("rejects a StringLike sub that starts with a wildcard (*:ref:refs/heads/main is any repository's main)", async () => {
        expect((await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: "*:ref:refs/heads/main" } }))).reported).to.deep.equal([anySub("*:ref:refs/heads/main")]);
    });
    it("names every value that accepts anyone, joined", async () => {
        const r = await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: ["repo:*", "*"] } }));
        expect(r.reported).to.deep.equal([`IAM role web-identity trust must not accept any subject (${GH}:sub "repo:*", "*", statement 0); pin it to a repository or service account.`]);
    });
    it("takes a StringEquals value as literal unless it is only wildcards (** is refused, *x is not)", async () => {
        expect((await trust(github({ StringEquals: { ...aud, [`${GH}:sub`]: "**" } }))).reported).to.deep.equal([anySub("**")]);
        expect((await trust(github({ StringEquals: { ...aud, [`${GH}:sub`]: "*x" } }))).reported).to.deep.equal([]);
    });
    it("does not take a StringLike value without a wildcard for a pattern, even an empty one or a bare scheme", async () => {
        for (const sub of ["", "repo:"]) {
            expect((await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: sub } }))).reported, JSON.stringify(sub)).to.deep.equal([]);
        }
    });
    it("judges a sub that is not a string (a number) as a literal, without failing", async () => {
        expect((await trust(github({ StringEquals: aud, StringLike: { [`${GH}:sub`]: 12345 } }))).reported).to.deep.equal([]);
    });
    it("pins a web-identity statement without any Principal by claim suffix", async () => {
        const r = await trust({ Effect: "Allow", Action: ["sts:TagSession", "sts:AssumeRoleWithWebIdentity"] });
        expect(r.reported).to.deep.equal([
            "IAM role web-identity trust must pin <provider>:sub with StringEquals or StringLike (statement 0); add a condition on the subject (repository, branch, service account).",
            "IAM role web-identity trust must pin <provider>:aud with StringEquals or StringLike (statement 0); add a condition on the audience (sts.amazonaws.com).",
        ]);
    });
    it("lets the action decide: AssumeRoleWithWebIdentity with a SAML provider is a web-identity trust", async () => {
        const SAML = "arn:aws:iam::111122223333:saml-provider/corp";
        const r = await trust({ Effect: "Allow", Principal: { Federated: SAML }, Action: "sts:AssumeRoleWithWebIdentity" });
        expect(r.reported).to.have.length(2);
        // Both actions named: the principal decides, and a SAML provider is not OIDC.
        expect((await trust({ Effect: "Allow", Principal: { Federated: SAML }, Action: ["sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"] })).reported).to.deep.equal([]);
    });
    it('does not let "*" beside AssumeRoleWithWebIdentity stand for SAML: the named web-identity action decides, pins are required', async () => {
        const SAML = "arn:aws:iam::111122223333:saml-provider/corp";
        const r = await trust({ Effect: "Allow", Principal: { Federated: SAML }, Action: ["sts:AssumeRoleWithWebIdentity", "*"] });
        expect(r.reported).to.have.length(2);
    });
    it("takes a federated list with a SAML provider beside an OIDC one as SAML", async () => {
        const SAML = "arn:aws:iam::111122223333:saml-provider/corp";
        expect((await trust({ Effect: "Allow", Principal: { Federated: [OIDC, SAML] }, Action: "sts:AssumeRole" })).reported).to.deep.equal([]);
        expect((await trust({ Effect: "Allow", Principal: { Federated: [OIDC] }, Action: "sts:AssumeRole" })).reported).to.deep.equal([pinSub, pinAud]);
    });
    it("ignores a Deny statement with a broad principal", async () => {
        expect((await trust({ Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" })).reported).to.deep.equal([]);
    });
});

describe("iam-no-privilege-escalation, each action", () => {
    const escalation = async (Action: unknown, Resource: unknown = "*") =>
        (await runPolicy(iamNoPrivilegeEscalation, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action, Resource }) } }, {}, "mandatory")).reported;
    const message = (actions: string) => `IAM policy allows privilege escalation with ${actions} on "*" (statement 0); scope Resource to the roles and policies it must manage.`;
    const ACTIONS = [
        "iam:PassRole",
        "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:AttachRolePolicy",
        "iam:AttachUserPolicy",
        "iam:AttachGroupPolicy",
        "iam:PutRolePolicy",
        "iam:PutUserPolicy",
        "iam:PutGroupPolicy",
    ];
    for (const action of ACTIONS) {
        it(`flags ${action} on "*", and not on a named resource`, async () => {
            expect(await escalation(action)).to.deep.equal([message(action)]);
            expect(await escalation(action.toUpperCase())).to.deep.equal([message(action)]);
            expect(await escalation(action, "arn:aws:iam::111122223333:role/app")).to.deep.equal([]);
        });
    }
    it('flags iam:* on a resource list containing "*" among others, naming all nine actions', async () => {
        expect(await escalation("iam:*", ["arn:aws:iam::111122223333:role/app", "*"])).to.deep.equal([message(ACTIONS.join(", "))]);
    });
    it("flags an action under NotResource (every resource but a few)", async () => {
        const r = await runPolicy(iamNoPrivilegeEscalation, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "iam:PassRole", NotResource: "arn:aws:iam::1:role/admin" }) } }, {}, "mandatory");
        expect(r.reported).to.deep.equal([message("iam:PassRole")]);
    });
    it("ignores other iam actions and a Deny", async () => {
        expect(await escalation(["iam:GetRole", "iam:ListPolicies", "s3:PutObject"])).to.deep.equal([]);
        const deny = await runPolicy(iamNoPrivilegeEscalation, { type: POLICY, inputs: { policy: doc({ Effect: "Deny", Action: "iam:PassRole", Resource: "*" }) } }, {}, "mandatory");
        expect(deny.reported).to.deep.equal([]);
    });
});
