import { expect } from "chai";
import {
    iamNoAdminManagedAttachment,
    iamNoAdminStar,
    iamNoPrivilegeEscalation,
    iamNoUsersOrKeys,
    iamPolicies,
    iamTrustPolicyScoped,
    roleNameOf,
} from "../../../policy-packs/aws-baseline/policies/iam";
import { runPolicy } from "../../support/policy";

const POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const ROLE = "aws:iam/role:Role";
const USER_POLICY = "aws:iam/userPolicy:UserPolicy";
const GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy";
const ATTACH = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACH = "aws:iam/policyAttachment:PolicyAttachment";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

const doc = (...Statement: Record<string, unknown>[]) => ({ Version: "2012-10-17", Statement });
const scoped = { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: "arn:aws:s3:::data/*" };

describe("iam pack module", () => {
    it("exports the five IAM policies with catalog names and levels", () => {
        expect(iamPolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal([
            ["iam-no-admin-star", "mandatory", "high"],
            ["iam-no-admin-managed-attachment", "mandatory", "high"],
            ["iam-no-users-or-keys", "mandatory", "medium"],
            ["iam-trust-policy-scoped", "mandatory", "critical"],
            ["iam-no-privilege-escalation", "advisory", "high"],
        ]);
        for (const p of iamPolicies) {
            expect(p.description).to.match(/^Checks whether /);
            expect(p.framework).to.have.property("reference");
            expect(p.remediationSteps).to.be.a("string");
            expect(p.configSchema).to.have.property("properties");
        }
    });
});

describe("iam-no-admin-star", () => {
    it("passes a scoped policy given as a JSON string", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: JSON.stringify(doc(scoped)) } });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.equal("pass");
    });
    it("rejects Allow * on * in a Policy given as an object, with the description line", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ ...scoped, Action: "*", Resource: "*" }) } });
        expect(r.reported).to.deep.equal(['IAM policy must not allow "*" on "*" (statement 0); grant the specific actions and resources needed.']);
        expect(r.messages[0]).to.equal(`${iamNoAdminStar.description}\n${r.reported[0]}`);
    });
    it("rejects an Allow with NotAction on * (every action but a few)", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: ROLE_POLICY, inputs: { role: "app", policy: JSON.stringify(doc({ Sid: "Broad", Effect: "Allow", NotAction: "iam:*", Resource: ["*"] })) } });
        expect(r.reported).to.deep.equal(['IAM policy must not allow NotAction (every action but a few) on "*" (statement "Broad"); grant the specific actions and resources needed.']);
    });
    it("accepts NotAction on * in a managed policy listed as a permissions boundary, and only there", async () => {
        const boundary = { name: "platform-workload-boundary", policy: JSON.stringify(doc({ Sid: "AllowServices", Effect: "Allow", NotAction: "iam:*", Resource: "*" })) };
        const config = { permissionsBoundaryPolicies: ["platform-workload-boundary"] };
        expect((await runPolicy(iamNoAdminStar, { type: POLICY, inputs: boundary }, config)).reported).to.deep.equal([]);
        const unlisted = 'IAM policy must not allow NotAction (every action but a few) on "*" (statement "AllowServices"); grant the specific actions and resources needed.';
        expect((await runPolicy(iamNoAdminStar, { type: POLICY, inputs: boundary })).reported).to.deep.equal([unlisted]);
        expect((await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { ...boundary, name: "platform-other" } }, config)).reported).to.deep.equal([unlisted]);
        // The same document inline on a role is a grant, whatever its name.
        expect((await runPolicy(iamNoAdminStar, { type: ROLE_POLICY, inputs: { role: "app", ...boundary } }, config)).reported).to.deep.equal([unlisted]);
    });
    it("rejects Action * with NotResource (every resource but a few) and passes a named action with NotResource", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "*", NotResource: "arn:aws:s3:::audit/*" }) } });
        expect(r.reported).to.deep.equal(['IAM policy must not allow "*" on "*" (statement 0); grant the specific actions and resources needed.']);
        const named = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::audit/*" }) } });
        expect(named.messages).to.deep.equal([]);
    });
    it("rejects * on * in a Role inline policy, a UserPolicy and a GroupPolicy", async () => {
        const admin = JSON.stringify(doc({ Effect: "Allow", Action: ["*"], Resource: "*" }));
        const role = await runPolicy(iamNoAdminStar, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "ok", policy: JSON.stringify(doc(scoped)) }, { name: "admin", policy: admin }] } });
        expect(role.reported).to.deep.equal(['IAM inline policy "admin" must not allow "*" on "*" (statement 0); grant the specific actions and resources needed.']);
        for (const type of [USER_POLICY, GROUP_POLICY]) {
            const r = await runPolicy(iamNoAdminStar, { type, inputs: { policy: admin } });
            expect(r.reported).to.have.length(1);
        }
    });
    it("rejects service:* on * (mandatory: a whole service across the account)", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: ["S3:*", "ec2:Describe*"], Resource: "*" }) } });
        expect(r.reported).to.deep.equal(['IAM policy must not allow every action of a service (s3:*) on "*" (statement 0); list the actions needed.']);
    });
    it("accepts service:* on specific resources by default and reports it when reportScopedServiceWildcards is on", async () => {
        const spec = { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::data/*" }) } };
        expect((await runPolicy(iamNoAdminStar, spec)).messages).to.deep.equal([]);
        const r = await runPolicy(iamNoAdminStar, spec, { reportScopedServiceWildcards: true });
        expect(r.reported).to.deep.equal(["IAM policy must not allow every action of a service (s3:*) (statement 0); list the actions needed."]);
    });
    it("accepts service:* on * for a service in allowedServiceWildcards", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "logs:*", Resource: "*" }) } }, { allowedServiceWildcards: ["logs"] });
        expect(r.messages).to.deep.equal([]);
    });
    it("ignores Deny statements", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) } });
        expect(r.messages).to.deep.equal([]);
    });
    it("does not treat a computed Resource ARN as *", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "*", Resource: "<computed>" }) } });
        expect(r.messages).to.deep.equal([]);
    });
    it("reports a document unknown until apply as advisory only", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: "<computed>" } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("reports a known admin inline policy beside one known only after apply, as mandatory", async () => {
        const admin = JSON.stringify(doc({ Effect: "Allow", Action: "*", Resource: "*" }));
        const r = await runPolicy(iamNoAdminStar, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "later", policy: "<computed>" }, { name: "admin", policy: admin }] } });
        expect(r.reported).to.deep.equal(['IAM inline policy "admin" must not allow "*" on "*" (statement 0); grant the specific actions and resources needed.']);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
        expect(r.outcome).to.equal("fail");
    });
    it("ends as advisory when the only questionable part is an inline policy or a statement Effect known only after apply", async () => {
        const role = await runPolicy(iamNoAdminStar, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "later", policy: "<computed>" }, { name: "ok", policy: JSON.stringify(doc(scoped)) }] } });
        expect(role.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'iam-no-admin-star' from policy pack 'test-pack@v0.0.0' during preview: string value at .inlinePolicies.0.policy can't be known during preview"],
        ]);
        const effect = await runPolicy(iamNoAdminStar, { type: POLICY, inputs: { policy: doc(scoped, { Effect: "<computed>", Action: "*", Resource: "*" }) } });
        expect(effect.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'iam-no-admin-star' from policy pack 'test-pack@v0.0.0' during preview: string value at .policy.Statement.1.Effect can't be known during preview"],
        ]);
    });
    it("does not look at other types", async () => {
        const r = await runPolicy(iamNoAdminStar, { type: "aws:s3/bucket:Bucket", inputs: {} });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.be.oneOf(["", "notApplicable"]);
    });
});

describe("iam-no-admin-managed-attachment", () => {
    it("passes a scoped managed policy attachment", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy" } });
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects AdministratorAccess attached to a role given by name", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: ADMIN } });
        expect(r.reported).to.deep.equal(['IAM role "app" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.']);
    });
    it("rejects IAMFullAccess attached to a role given by ARN, in another partition", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "arn:aws:iam::111122223333:role/teams/app", policyArn: "arn:aws-us-gov:iam::aws:policy/IAMFullAccess" } });
        expect(r.reported).to.deep.equal(['IAM role "app" must not have IAMFullAccess attached; attach a scoped policy, or list the role in breakGlassRoles.']);
    });
    it("admits a role listed in breakGlassRoles, by name or ARN", async () => {
        for (const role of ["break-glass", "arn:aws:iam::111122223333:role/break-glass"]) {
            const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role, policyArn: ADMIN } }, { breakGlassRoles: ["break-glass"] });
            expect(r.messages).to.deep.equal([]);
        }
    });
    it("rejects Role.managedPolicyArns with AdministratorAccess unless the role is break-glass", async () => {
        const spec = { type: ROLE, inputs: { name: "ops", assumeRolePolicy: "{}", managedPolicyArns: [ADMIN] } };
        expect((await runPolicy(iamNoAdminManagedAttachment, spec)).reported).to.deep.equal([
            'IAM role "ops" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.',
        ]);
        expect((await runPolicy(iamNoAdminManagedAttachment, spec, { breakGlassRoles: ["ops"] })).messages).to.deep.equal([]);
    });
    it("rejects AdministratorAccess in a RolePolicyAttachmentsExclusive unless the role is break-glass, and in a user's or group's", async () => {
        const spec = { type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", inputs: { roleName: "ops", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", ADMIN] } };
        expect((await runPolicy(iamNoAdminManagedAttachment, spec)).reported).to.deep.equal([
            'IAM role "ops" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.',
        ]);
        expect((await runPolicy(iamNoAdminManagedAttachment, spec, { breakGlassRoles: ["ops"] })).messages).to.deep.equal([]);
        expect((await runPolicy(iamNoAdminManagedAttachment, { ...spec, inputs: { roleName: "ops", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } })).messages).to.deep.equal([]);
        for (const [type, key] of [["aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "userName"], ["aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "groupName"]]) {
            const r = await runPolicy(iamNoAdminManagedAttachment, { type, inputs: { [key]: "ops", policyArns: [ADMIN] } });
            expect(r.reported).to.deep.equal(["IAM users and groups must not have AdministratorAccess attached; grant administration only through break-glass roles."]);
        }
    });
    it("rejects an auto-named role with AdministratorAccess (it cannot be listed)", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ROLE, inputs: { assumeRolePolicy: "{}", managedPolicyArns: [ADMIN] } });
        expect(r.reported).to.deep.equal(["IAM role (auto-named) must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles."]);
    });
    it("rejects a PolicyAttachment to users and to unlisted roles", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: ["break-glass", "app"], users: ["alice"] } }, { breakGlassRoles: ["break-glass"] });
        expect(r.reported).to.deep.equal([
            'IAM role "app" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.',
            "IAM users and groups must not have AdministratorAccess attached; grant administration only through break-glass roles.",
        ]);
    });
    it("treats a role known only after apply as advisory, never mandatory", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "<computed>", policyArn: ADMIN } });
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a known AdministratorAccess beside a managed policy ARN known only after apply, as mandatory", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ROLE, inputs: { name: "ops", assumeRolePolicy: "{}", managedPolicyArns: ["<computed>", ADMIN] } });
        expect(r.reported).to.deep.equal(['IAM role "ops" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.']);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("reports a PolicyAttachment to users although its roles are known only after apply", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: "<computed>", users: ["alice"] } });
        expect(r.reported).to.deep.equal(["IAM users and groups must not have AdministratorAccess attached; grant administration only through break-glass roles."]);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("reports an unlisted role beside a role known only after apply, and leaves the unknown one to apply", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: ["<computed>", "app"] } });
        expect(r.reported).to.deep.equal(['IAM role "app" must not have AdministratorAccess attached; attach a scoped policy, or list the role in breakGlassRoles.']);
        const listed = await runPolicy(iamNoAdminManagedAttachment, { type: POLICY_ATTACH, inputs: { policyArn: ADMIN, roles: ["<computed>", "app"] } }, { breakGlassRoles: ["app"] });
        expect(listed.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(listed.outcome).to.equal("unknown");
    });
    it("passes a computed role when the policy is not an admin one", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "<computed>", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } });
        expect(r.outcome).to.equal("pass");
    });
    it("takes the forbidden managed policy names from config", async () => {
        const spec = { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } };
        expect((await runPolicy(iamNoAdminManagedAttachment, spec)).messages).to.deep.equal([]);
        expect((await runPolicy(iamNoAdminManagedAttachment, spec, { forbiddenManagedPolicies: ["AdministratorAccess", "PowerUserAccess"] })).reported).to.deep.equal([
            'IAM role "app" must not have PowerUserAccess attached; attach a scoped policy, or list the role in breakGlassRoles.',
        ]);
    });
    it("does not treat a customer managed policy named AdministratorAccess as the AWS one", async () => {
        const r = await runPolicy(iamNoAdminManagedAttachment, { type: ATTACH, inputs: { role: "app", policyArn: "arn:aws:iam::111122223333:policy/AdministratorAccess" } });
        expect(r.messages).to.deep.equal([]);
    });
    it("reads role names from names and ARNs with paths", () => {
        expect(roleNameOf("arn:aws:iam::111122223333:role/a/b/name")).to.equal("name");
        expect(roleNameOf("name")).to.equal("name");
    });
});

describe("iam-no-users-or-keys", () => {
    it("does not look at roles", async () => {
        const r = await runPolicy(iamNoUsersOrKeys, { type: ROLE, inputs: { assumeRolePolicy: "{}" } });
        expect(r.messages).to.deep.equal([]);
        expect(r.outcome).to.be.oneOf(["", "notApplicable"]);
    });
    it("rejects users, user policies, user attachments and access keys", async () => {
        const r = await runPolicy(iamNoUsersOrKeys, [
            { type: "aws:iam/user:User", inputs: { name: "ci" } },
            { type: USER_POLICY, inputs: { user: "ci", policy: "{}" } },
            { type: "aws:iam/userPolicyAttachment:UserPolicyAttachment", inputs: { user: "ci", policyArn: "<computed>" } },
            { type: "aws:iam/accessKey:AccessKey", inputs: { user: "<computed>" } },
        ]);
        expect(r.reported).to.deep.equal([
            "IAM users must not be created; use IAM Identity Center for people and roles (Pod Identity, OIDC federation) for workloads.",
            "IAM user policies must not be created; grant permissions to roles.",
            "IAM user policy attachments must not be created; grant permissions to roles.",
            "Long-lived IAM access keys must not be created; use roles with temporary credentials.",
        ]);
        expect(r.findings.every((f) => f.enforcementLevel === "mandatory")).to.equal(true);
    });
});

describe("iam-trust-policy-scoped", () => {
    const OIDC = "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com";
    const GH = "token.actions.githubusercontent.com";
    const github = (condition: Record<string, unknown>) =>
        doc({ Effect: "Allow", Principal: { Federated: OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition });
    const pinned = { StringEquals: { [`${GH}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${GH}:sub`]: "repo:acme/platform:ref:refs/heads/main" } };
    const role = (assumeRolePolicy: unknown) => ({ type: ROLE, inputs: { name: "deploy", assumeRolePolicy } });

    it("passes a service trust and a pinned GitHub OIDC trust (string and object documents)", async () => {
        const svc = doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" });
        expect((await runPolicy(iamTrustPolicyScoped, role(JSON.stringify(svc)))).messages).to.deep.equal([]);
        expect((await runPolicy(iamTrustPolicyScoped, role(github(pinned)))).messages).to.deep.equal([]);
    });
    it("rejects principal * and {AWS: *}", async () => {
        for (const Principal of ["*", { AWS: "*" }, { AWS: ["arn:aws:iam::111122223333:root", "*"] }]) {
            const r = await runPolicy(iamTrustPolicyScoped, role(doc({ Effect: "Allow", Principal, Action: "sts:AssumeRole" })));
            expect(r.reported).to.deep.equal(['IAM role trust policy must not trust principal "*" (statement 0); name the accounts, roles or services allowed to assume the role.']);
        }
    });
    it("rejects an OIDC trust without a :sub condition", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role(github({ StringEquals: pinned.StringEquals })));
        expect(r.reported).to.deep.equal([
            `IAM role web-identity trust must pin ${GH}:sub with StringEquals or StringLike (statement 0); add a condition on the subject (repository, branch, service account).`,
        ]);
    });
    it("rejects an OIDC trust without an :aud condition", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role(github({ StringLike: pinned.StringLike })));
        expect(r.reported).to.deep.equal([`IAM role web-identity trust must pin ${GH}:aud with StringEquals or StringLike (statement 0); add a condition on the audience (sts.amazonaws.com).`]);
    });
    it("rejects a sub of * and a StringLike pattern repo:*", async () => {
        for (const sub of ["*", "repo:*"]) {
            const r = await runPolicy(iamTrustPolicyScoped, role(github({ ...pinned, StringLike: { [`${GH}:sub`]: sub } })));
            expect(r.reported).to.deep.equal([
                `IAM role web-identity trust must not accept any subject (${GH}:sub ${JSON.stringify(sub)}, statement 0); pin it to a repository or service account.`,
            ]);
        }
    });
    it("accepts a StringLike pattern scoped to a repository", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role(github({ ...pinned, StringLike: { [`${GH}:sub`]: "repo:acme/platform:*" } })));
        expect(r.messages).to.deep.equal([]);
    });
    it("rejects a sub condition under an operator other than StringEquals/StringLike", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role(github({ ...pinned, StringLike: undefined, "ForAnyValue:StringLike": { [`${GH}:sub`]: "repo:acme/x:*" } })));
        expect(r.reported).to.have.length(1);
        expect(r.reported[0]).to.contain(`must pin ${GH}:sub`);
    });
    it("pins EKS IRSA trusts with a computed provider ARN by claim suffix", async () => {
        const issuer = "oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        const trust = doc({
            Effect: "Allow",
            Principal: { Federated: "<computed>" },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${issuer}:sub`]: "system:serviceaccount:kube-system:ebs-csi", [`${issuer}:aud`]: "sts.amazonaws.com" } },
        });
        expect((await runPolicy(iamTrustPolicyScoped, role(trust))).messages).to.deep.equal([]);
        const any = { ...trust, Statement: [{ ...trust.Statement[0], Condition: { StringLike: { [`${issuer}:sub`]: "system:serviceaccount:*", [`${issuer}:aud`]: "sts.amazonaws.com" } } }] };
        expect((await runPolicy(iamTrustPolicyScoped, role(any))).reported).to.deep.equal([
            `IAM role web-identity trust must not accept any subject (<provider>:sub "system:serviceaccount:*", statement 0); pin it to a repository or service account.`,
        ]);
    });
    it("passes a SAML trust whose provider ARN is known only after apply", async () => {
        const saml = doc({ Effect: "Allow", Principal: { Federated: "<computed>" }, Action: "sts:AssumeRoleWithSAML", Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } } });
        expect((await runPolicy(iamTrustPolicyScoped, role(saml))).messages).to.deep.equal([]);
    });
    it("does not fail an OIDC trust whose conditions are known only after apply", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role(github({ StringEquals: "<computed>" })));
        expect(r.findings.filter((f) => f.enforcementLevel === "mandatory")).to.deep.equal([]);
    });
    it("reports a trust policy unknown until apply as advisory only", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role("<computed>"));
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    });
    it("reports a known principal * beside a statement known only after apply, as mandatory", async () => {
        const r = await runPolicy(iamTrustPolicyScoped, role({ Version: "2012-10-17", Statement: ["<computed>", { Effect: "Allow", Principal: { AWS: ["*"] }, Action: "sts:AssumeRole" }] }));
        expect(r.reported).to.deep.equal(['IAM role trust policy must not trust principal "*" (statement 1); name the accounts, roles or services allowed to assume the role.']);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("ends as advisory when a statement is known only after apply and the known ones pass", async () => {
        const svc = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };
        const r = await runPolicy(iamTrustPolicyScoped, role({ Version: "2012-10-17", Statement: [svc, "<computed>"] }));
        expect(r.findings.map((f) => [f.enforcementLevel, f.message])).to.deep.equal([
            ["advisory", "can't run policy 'iam-trust-policy-scoped' from policy pack 'test-pack@v0.0.0' during preview: string value at .assumeRolePolicy.Statement.1 can't be known during preview"],
        ]);
    });
});

describe("iam-no-privilege-escalation", () => {
    it("passes PassRole scoped to a role ARN", async () => {
        const r = await runPolicy(iamNoPrivilegeEscalation, { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "arn:aws:iam::111122223333:role/app" }) } }, {}, "advisory");
        expect(r.messages).to.deep.equal([]);
    });
    it("flags PassRole, CreatePolicyVersion, Attach*Policy and Put*Policy on *", async () => {
        const r = await runPolicy(
            iamNoPrivilegeEscalation,
            { type: ROLE_POLICY, inputs: { role: "x", policy: doc({ Effect: "Allow", Action: ["iam:PassRole", "iam:CreatePolicyVersion", "iam:Attach*Policy", "iam:PutRolePolicy"], Resource: "*" }) } },
            {},
            "advisory",
        );
        expect(r.reported).to.deep.equal([
            'IAM policy allows privilege escalation with iam:PassRole, iam:CreatePolicyVersion, iam:AttachRolePolicy, iam:AttachUserPolicy, iam:AttachGroupPolicy, iam:PutRolePolicy on "*" (statement 0); scope Resource to the roles and policies it must manage.',
        ]);
        expect(r.findings[0].enforcementLevel).to.equal("advisory");
    });
    it("ignores bare * (iam-no-admin-star reports it) and iam actions on scoped resources", async () => {
        const r = await runPolicy(
            iamNoPrivilegeEscalation,
            { type: POLICY, inputs: { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }, { Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: "arn:aws:iam::111122223333:role/app" }) } },
            {},
            "advisory",
        );
        expect(r.messages).to.deep.equal([]);
    });
    it("reports a document known only after apply as advisory", async () => {
        const r = await runPolicy(iamNoPrivilegeEscalation, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: "<computed>" }] } }, {}, "advisory");
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
        expect(r.outcome).to.equal("unknown");
    });
    it("reports PassRole on * beside an inline policy known only after apply", async () => {
        const passRole = JSON.stringify(doc({ Effect: "Allow", Action: "iam:PassRole", Resource: "*" }));
        const r = await runPolicy(iamNoPrivilegeEscalation, { type: ROLE, inputs: { assumeRolePolicy: "{}", inlinePolicies: [{ name: "later", policy: "<computed>" }, { name: "deploy", policy: passRole }] } }, {}, "mandatory");
        expect(r.reported).to.deep.equal(['IAM inline policy "deploy" allows privilege escalation with iam:PassRole on "*" (statement 0); scope Resource to the roles and policies it must manage.']);
        expect(r.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
    it("runs advisory by default", async () => {
        expect(iamNoPrivilegeEscalation.enforcementLevel).to.equal("advisory");
    });
});
