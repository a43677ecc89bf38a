import { expect } from "chai";
import { accountPasswordPolicy, accountSecurityContact, accountSupportRole, ssmAutomationLogging, ssmDocumentsPublicSharingBlocked } from "../../../policy-packs/aws-baseline/policies/account";
import { PASSWORD_POLICY } from "../../../components/account";
import { PolicyRun, ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";

const BASELINE = "platform:account:AccountBaseline";
const IDENTITY = "platform:account:AccountIdentity";
const SETTING = "aws:ssm/serviceSetting:ServiceSetting";
const PASSWORD = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy";
const CONTACT = "aws:account/alternativeContact:AlternativeContact";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const VPC = "aws:ec2/vpc:Vpc";


function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

describe("ssm-documents-public-sharing-blocked and ssm-automation-logging", () => {
    const baseline = r(BASELINE, "account", {});
    const sharing = r(SETTING, "account-ssm-document-public-sharing", { settingId: "/ssm/documents/console/public-sharing-permission", settingValue: "Disable" });
    const logging = r(SETTING, "account-ssm-automation-logging", { settingId: "/ssm/automation/customer-script-log-destination", settingValue: "CloudWatch" });
    const cases = [
        { policy: ssmDocumentsPublicSharingBlocked, mine: sharing, other: logging, bad: "Enable", message: 'Public sharing of SSM documents must be blocked; set settingValue: "Disable" (was Enable).', key: "blockPublicSsmDocuments" },
        { policy: ssmAutomationLogging, mine: logging, other: sharing, bad: "None", message: 'SSM Automation must log script output to CloudWatch Logs; set settingValue: "CloudWatch" (was None).', key: "ssmAutomationLogging" },
    ];
    for (const c of cases) {
        it(`${c.policy.name}: passes what AccountBaseline declares, and the setting named by its ARN`, async () => {
            expect((await runPolicy(c.policy, [baseline, sharing, logging], {}, "advisory")).outcome).to.equal("pass");
            const arn = { ...c.mine, inputs: { ...c.mine.inputs, settingId: `arn:aws:ssm:eu-west-1:111111111111:servicesetting${c.mine.inputs.settingId}` } };
            expect((await runPolicy(c.policy, [baseline, arn, c.other], {}, "advisory")).outcome).to.equal("pass");
        });
        it(`${c.policy.name}: does not apply to a stack that owns no account defaults`, async () => {
            expect((await runPolicy(c.policy, [r(VPC, "vpc", {})], {}, "advisory")).outcome).to.equal("notApplicable");
        });
        it(`${c.policy.name}: flags the setting missing (the other service setting does not count), on the AccountBaseline`, async () => {
            const run = await runPolicy(c.policy, [baseline, c.other], {}, "advisory");
            expect(run.reported).to.have.length(1);
            expect(run.reported[0]).to.contain(`keep platform:accountBaseline.${c.key} at its default true`);
            expect(run.findings[0].urn).to.equal(baseline.urn);
        });
        it(`${c.policy.name}: flags an insecure value, and leaves one unknown until apply to pulumi up`, async () => {
            const bad = { ...c.mine, inputs: { ...c.mine.inputs, settingValue: c.bad } };
            const run = await runPolicy(c.policy, [baseline, bad, c.other], {}, "advisory");
            expect(run.reported).to.deep.equal([c.message]);
            expect(run.findings[0].urn).to.equal(c.mine.urn);
            expectUnknownOnly(await runPolicy(c.policy, [baseline, { ...c.mine, inputs: { ...c.mine.inputs, settingValue: "<computed>" } }, c.other], {}, "mandatory"));
        });
    }
});

describe("account identity policies", () => {
    const identity = r(IDENTITY, "identity-111111111111", {});
    const child = { parent: identity.urn };
    const password = r(PASSWORD, "identity-111111111111-password-policy", { ...PASSWORD_POLICY }, child);
    const contact = r(CONTACT, "identity-111111111111-security-contact", { alternateContactType: "SECURITY", name: "SecOps", title: "Security", emailAddress: "security@example.com", phoneNumber: "+1 555 0100" }, child);
    const role = r(ROLE, "identity-111111111111-support", { name: "platform-support", path: "/platform/" }, child);
    const attachment = r(ATTACHMENT, "identity-111111111111-support", { role: "platform-support", policyArn: "arn:aws:iam::aws:policy/AWSSupportAccess" }, { ...child, propertyDependencies: { role: [role.urn!] }, dependencies: [role.urn!] });
    const SECURE = [identity, password, contact, role, attachment];
    const without = (x: ResourceSpec) => SECURE.filter((y) => y !== x);

    for (const policy of [accountPasswordPolicy, accountSecurityContact, accountSupportRole]) {
        it(`${policy.name}: passes what AccountIdentity declares`, async () => {
            const run = await runPolicy(policy, SECURE, {}, "advisory");
            expect(run.messages).to.deep.equal([]);
            expect(run.outcome).to.equal("pass");
        });
        it(`${policy.name}: does not apply to a stack without account identity settings`, async () => {
            expect((await runPolicy(policy, [r(BASELINE, "account", {}), r(VPC, "vpc", {})], {}, "advisory")).outcome).to.equal("notApplicable");
        });
    }

    it("each flags its setting missing for an account, on that account's AccountIdentity", async () => {
        const cases: [typeof accountPasswordPolicy, ResourceSpec[], string][] = [
            [accountPasswordPolicy, without(password), "The IAM account password policy is not managed for this account; keep AccountIdentity's passwordPolicy at its default true (the bootstrap declares it for every account)."],
            [accountSecurityContact, without(contact), "The account's security alternate contact is not managed for this account; set platform:bootstrap.securityContact (name, title, email, phone)."],
            [accountSecurityContact, [...without(contact), { ...contact, inputs: { ...contact.inputs, alternateContactType: "BILLING" } }], "The account's security alternate contact is not managed for this account; set platform:bootstrap.securityContact (name, title, email, phone)."],
            [accountSupportRole, without(attachment), "A role for AWS Support (AWSSupportAccess attached) is not managed for this account; keep AccountIdentity's supportRole at its default true (the bootstrap declares it for every account)."],
            [accountSupportRole, [...without(attachment), { ...attachment, inputs: { ...attachment.inputs, policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" } }], "A role for AWS Support (AWSSupportAccess attached) is not managed for this account; keep AccountIdentity's supportRole at its default true (the bootstrap declares it for every account)."],
        ];
        for (const [policy, resources, message] of cases) {
            const run = await runPolicy(policy, resources, {}, "advisory");
            expect(run.reported, policy.name).to.deep.equal([message]);
            expect(run.findings[0].urn).to.equal(identity.urn);
        }
    });

    it("account-support-role: a role in a second account does not stand in for the first's", async () => {
        const other = r(IDENTITY, "identity-222222222222", {});
        const run = await runPolicy(accountSupportRole, [...SECURE, other], {}, "advisory");
        expect(run.findings.map((f) => f.urn)).to.deep.equal([other.urn]);
    });

    it("account-support-role: counts AWSSupportAccess in the role's managedPolicyArns", async () => {
        const inline = { ...role, inputs: { ...role.inputs, managedPolicyArns: ["arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"] } };
        expect((await runPolicy(accountSupportRole, [identity, password, contact, inline], {}, "advisory")).outcome).to.equal("pass");
    });

    it("account-password-policy: flags a policy weaker than CIS 1.8/1.9 and FSBP IAM.7, field by field", async () => {
        const weak = { ...password, inputs: { minimumPasswordLength: 8, passwordReusePrevention: 12, requireLowercaseCharacters: true, requireUppercaseCharacters: false, requireNumbers: true } };
        const run = await runPolicy(accountPasswordPolicy, [...without(password), weak], {}, "advisory");
        expect(run.reported).to.deep.equal([
            "Password policy must require at least 14 characters; set minimumPasswordLength (was 8).",
            "Password policy must prevent reuse of the last 24 passwords; set passwordReusePrevention (was 12).",
            "Password policy must set requireUppercaseCharacters: true (unset means false).",
            "Password policy must set requireSymbols: true (unset means false).",
        ]);
        expect(run.findings.every((f) => f.urn === password.urn)).to.equal(true);
        const unset = await runPolicy(accountPasswordPolicy, [...without(password), { ...password, inputs: { ...PASSWORD_POLICY, minimumPasswordLength: undefined, passwordReusePrevention: undefined } }], {}, "advisory");
        expect(unset.reported).to.deep.equal([
            "Password policy must require at least 14 characters; set minimumPasswordLength (was unset).",
            "Password policy must prevent reuse of the last 24 passwords; set passwordReusePrevention (was unset).",
        ]);
    });

    it("account-password-policy: a stricter config raises the bar; a password policy without the component is still judged", async () => {
        const run = await runPolicy(accountPasswordPolicy, SECURE, { minimumPasswordLength: 16 }, "advisory");
        expect(run.reported).to.deep.equal(["Password policy must require at least 16 characters; set minimumPasswordLength (was 14)."]);
        const alone = await runPolicy(accountPasswordPolicy, [r(PASSWORD, "pp", { ...PASSWORD_POLICY, requireSymbols: false })], {}, "advisory");
        expect(alone.reported).to.deep.equal(["Password policy must set requireSymbols: true (unset means false)."]);
    });

    it("account-security-contact: flags a contact without an email address, and leaves one unknown until apply to pulumi up", async () => {
        const run = await runPolicy(accountSecurityContact, [...without(contact), { ...contact, inputs: { ...contact.inputs, emailAddress: "nobody" } }], {}, "advisory");
        expect(run.reported).to.deep.equal(["Security contact must have an email address (was nobody)."]);
        expectUnknownOnly(await runPolicy(accountSecurityContact, [...without(contact), { ...contact, inputs: { ...contact.inputs, emailAddress: "<computed>" } }], {}, "mandatory"));
    });
});
