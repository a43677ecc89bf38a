import { expect } from "chai";
import { AccountIdentity, PASSWORD_POLICY, validateAccountIdentityArgs } from "../../../components/account";
import { declare, doc } from "../../support/harness";

const CONTACT = { name: "Security Operations", title: "Security team", email: "security@example.com", phone: "+1 555 0100" };
const ARGS = { accountId: "111111111111", region: "eu-west-1" };

describe("AccountIdentity", () => {
    it("declares the password policy (CIS 1.8/1.9 and IAM.7 values), the security contact and the support role, the account settings retained on delete", async () => {
        const plan = await declare(() => new AccountIdentity("identity", { ...ARGS, securityContact: CONTACT }));
        expect(plan.inventory()).to.deep.equal([
            "aws:account/alternativeContact:AlternativeContact::identity-security-contact",
            "aws:iam/accountPasswordPolicy:AccountPasswordPolicy::identity-password-policy",
            "aws:iam/role:Role::identity-support",
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment::identity-support",
            "platform:account:AccountIdentity::identity",
        ]);
        const password = plan.one("aws:iam/accountPasswordPolicy:AccountPasswordPolicy", "identity-password-policy");
        expect(password.inputs).to.deep.equal({
            minimumPasswordLength: 14,
            passwordReusePrevention: 24,
            requireLowercaseCharacters: true,
            requireUppercaseCharacters: true,
            requireNumbers: true,
            requireSymbols: true,
            allowUsersToChangePassword: true,
        });
        expect(password.retainOnDelete).to.equal(true);
        const contact = plan.one("aws:account/alternativeContact:AlternativeContact", "identity-security-contact");
        expect(contact.inputs).to.deep.equal({ alternateContactType: "SECURITY", name: "Security Operations", title: "Security team", emailAddress: "security@example.com", phoneNumber: "+1 555 0100" });
        expect(contact.retainOnDelete).to.equal(true);
        const role = plan.one("aws:iam/role:Role", "identity-support");
        expect(role.inputs.name).to.equal("platform-support");
        expect(role.inputs.path).to.equal("/platform/");
        expect(role.inputs.permissionsBoundary).to.equal("arn:aws:iam::111111111111:policy/platform/platform-workload-boundary");
        expect(role.inputs.maxSessionDuration).to.equal(3600);
        expect(doc(role.inputs.assumeRolePolicy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "AssumeForSupport", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:root"] }, Action: "sts:AssumeRole" }],
        });
        expect(plan.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "identity-support").inputs.policyArn).to.equal("arn:aws:iam::aws:policy/AWSSupportAccess");
    });

    it("leaves the contact unmanaged when none is given, honours turned-off settings, trusted principals and the partition", async () => {
        const plan = await declare(() => new AccountIdentity("identity", { ...ARGS, passwordPolicy: false }));
        expect(plan.inventory()).to.deep.equal(["aws:iam/role:Role::identity-support", "aws:iam/rolePolicyAttachment:RolePolicyAttachment::identity-support", "platform:account:AccountIdentity::identity"]);
        const none = await declare(() => new AccountIdentity("identity", { ...ARGS, passwordPolicy: false, supportRole: false }));
        expect(none.inventory()).to.deep.equal(["platform:account:AccountIdentity::identity"]);
        const gov = await declare(() => new AccountIdentity("identity", { accountId: "111111111111", region: "us-gov-west-1", supportRoleTrustedPrincipals: ["arn:aws-us-gov:iam::111111111111:role/admins"] }));
        expect(gov.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "identity-support").inputs.policyArn).to.equal("arn:aws-us-gov:iam::aws:policy/AWSSupportAccess");
        expect(doc(gov.one("aws:iam/role:Role", "identity-support").inputs.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ AWS: ["arn:aws-us-gov:iam::111111111111:role/admins"] });
    });

    it("keeps the values the pack's account-password-policy requires", () => {
        expect(PASSWORD_POLICY.minimumPasswordLength).to.be.at.least(14);
        expect(PASSWORD_POLICY.passwordReusePrevention).to.equal(24);
    });

    const cases: [string, object, string[]][] = [
        ["rejects an account ID that is not 12 digits", { ...ARGS, accountId: "123" }, ['accountId: "123" is not a 12-digit AWS account ID']],
        [
            "rejects a security contact AWS would refuse, field by field",
            { ...ARGS, securityContact: { name: "", title: "x".repeat(51), email: "security", phone: "call me" } },
            [
                'securityContact.name: "" is not a text of 1 to 64 characters',
                `securityContact.title: "${"x".repeat(51)}" is not a text of 1 to 50 characters`,
                'securityContact.email: "security" is not an email address',
                'securityContact.phone: "call me" is not a phone number (digits, spaces, "+", "-", "(", ")", at most 25 characters)',
            ],
        ],
        ["rejects a trusted principal that is not an account root, role or user ARN", { ...ARGS, supportRoleTrustedPrincipals: ["*"] }, ['supportRoleTrustedPrincipals[0]: "*" is not an account root, IAM role or IAM user ARN']],
        ["rejects a role path outside /platform/", { ...ARGS, rolePath: "/" }, ['rolePath: "/" is outside /platform/; the deployment roles create roles only under it (use "/platform/" or a path below it)']],
    ];
    for (const [title, args, problems] of cases) {
        it(title, () => {
            expect(() => validateAccountIdentityArgs(args as never)).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
