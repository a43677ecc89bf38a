import { expect } from "chai";
import type { StackValidationPolicy } from "@pulumi/policy";
import {
    accountPasswordPolicy,
    accountS3PublicAccessBlock,
    accountSecurityContact,
    accountSupportRole,
    amiBlockPublicAccess,
    defaultNaclRestrictAll,
    ebsEncryptionByDefault,
    imdsDefaultsImdsv2,
    naclInUse,
    serialConsoleDisabled,
    snapshotBlockPublicAccess,
    ssmAutomationLogging,
    ssmDocumentsPublicSharingBlocked,
} from "../../../policy-packs/aws-baseline/policies/account";
import { PASSWORD_POLICY } from "../../../components/account";
import { expectUnknown, notApplicableReason, ResourceSpec, runPolicy, testUrn as urn, resourceSpec as r } from "../../support/policy";

/**
 * The account rules (account defaults, account identity, default and unused network ACLs), one
 * condition at a time (issue #15): each case fails if the rule stops catching it, or starts
 * refusing what it must allow. account.test.ts and account-identity.test.ts describe the rules.
 */

const BASELINE = "platform:account:AccountBaseline";
const IDENTITY = "platform:account:AccountIdentity";
const EBS = "aws:ebs/encryptionByDefault:EncryptionByDefault";
const PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const IMDS = "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults";
const SERIAL = "aws:ec2/serialConsoleAccess:SerialConsoleAccess";
const AMI = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess";
const SNAPSHOT = "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess";
const SETTING = "aws:ssm/serviceSetting:ServiceSetting";
const PASSWORD = "aws:iam/accountPasswordPolicy:AccountPasswordPolicy";
const CONTACT = "aws:account/alternativeContact:AlternativeContact";
const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const NACL = "aws:ec2/networkAcl:NetworkAcl";
const NACL_ASSOC = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";

/** A resource whose inputs were built from other resources (the engine's property dependencies). */
const on = (type: string, name: string, inputs: Record<string, unknown>, links: Record<string, ResourceSpec[]>): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: Object.fromEntries(Object.entries(links).map(([k, ts]) => [k, ts.map((t) => t.urn!)])), dependencies: Object.values(links).flat().map((t) => t.urn!) });

const baseline = r(BASELINE, "account", {});
const advisory = (policy: StackValidationPolicy, resources: ResourceSpec[], config: Record<string, unknown> = {}) => runPolicy(policy, resources, config, "advisory");

describe("account defaults, condition by condition", () => {
    const DEFAULT_TYPES = [PAB, IMDS, SERIAL, AMI, SNAPSHOT, SETTING];
    const EBS_MISSING =
        "EBS encryption by default is not managed by this stack, which owns account defaults; declare it (aws.ebs.EncryptionByDefault with enabled: true), or keep platform:accountBaseline.ebsEncryptionByDefault at its default true (AccountBaseline does it).";

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(ebsEncryptionByDefault, [r(VPC, "vpc", {})])).to.equal("this stack declares no account defaults (no AccountBaseline)");
    });
    for (const type of DEFAULT_TYPES) {
        it(`a stack that declares only ${type.split(":").pop()} owns account defaults; a missing setting is then reported on the stack`, async () => {
            const run = await advisory(ebsEncryptionByDefault, [r(type, "x", {})]);
            expect(run.reported).to.deep.equal([EBS_MISSING]);
            expect(run.findings[0].urn).to.equal(undefined);
        });
    }
    it("an AccountBaseline alone owns account defaults, also beside resources of other kinds", async () => {
        for (const stack of [[baseline], [baseline, r(VPC, "vpc", {})]]) {
            const run = await advisory(ebsEncryptionByDefault, stack);
            expect(run.reported).to.deep.equal([EBS_MISSING]);
            expect(run.findings[0].urn).to.equal(baseline.urn);
        }
    });
    it("judges every declared resource of the setting, each on its own resource", async () => {
        const good = r(EBS, "a", { enabled: true });
        const bad = r(EBS, "b", { enabled: false });
        const run = await advisory(ebsEncryptionByDefault, [baseline, good, bad]);
        expect(run.reported).to.deep.equal(["EBS encryption by default must be on in every account and region; set enabled: true."]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([bad.urn]);
    });
    it('ebs-encryption-by-default: rejects enabled "false" (a string), passes unset', async () => {
        expect((await advisory(ebsEncryptionByDefault, [baseline, r(EBS, "e", { enabled: "false" })])).reported).to.have.length(1);
        expect((await advisory(ebsEncryptionByDefault, [baseline, r(EBS, "e", {})])).outcome).to.equal("pass");
    });

    const FLAGS = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
    for (const flag of Object.keys(FLAGS)) {
        it(`account-s3-public-access-block: rejects ${flag} unset, and accepts it "true" (a string)`, async () => {
            const run = await advisory(accountS3PublicAccessBlock, [baseline, r(PAB, "p", { ...FLAGS, [flag]: undefined })]);
            expect(run.reported).to.deep.equal([`The account's S3 Block Public Access must set ${flag}: true (unset means false).`]);
            expect((await advisory(accountS3PublicAccessBlock, [baseline, r(PAB, "p", { ...FLAGS, [flag]: "true" })])).outcome).to.equal("pass");
        });
    }

    const imds = (inputs: Record<string, unknown>, config: Record<string, unknown> = {}) => advisory(imdsDefaultsImdsv2, [baseline, r(IMDS, "m", inputs)], config);
    it("imds-defaults-imdsv2: a hop limit at the bound passes, one above fails (a string counts as its number)", async () => {
        expect((await imds({ httpTokens: "required", httpPutResponseHopLimit: 2 })).outcome).to.equal("pass");
        expect((await imds({ httpTokens: "required" })).outcome).to.equal("pass");
        expect((await imds({ httpTokens: "required", httpPutResponseHopLimit: "3" })).reported).to.deep.equal(["Instance metadata default hop limit 3 exceeds 2; set httpPutResponseHopLimit to 2 or less."]);
        expect((await imds({ httpTokens: "required", httpPutResponseHopLimit: 5 }, { maxHopLimit: 5 })).outcome).to.equal("pass");
    });
    it("imds-defaults-imdsv2: can't decide a hop limit unknown", async () => {
        expectUnknown(await imds({ httpTokens: "required", httpPutResponseHopLimit: "<computed>" }), "httpPutResponseHopLimit");
        expectUnknown(await imds({ httpTokens: "<computed>" }), "httpTokens");
    });
    it('serial-console-disabled: accepts enabled "false" (a string)', async () => {
        expect((await advisory(serialConsoleDisabled, [baseline, r(SERIAL, "s", { enabled: "false" })])).outcome).to.equal("pass");
    });
    it("ami-block-public-access and snapshot-block-public-access: reject state unset, naming it", async () => {
        expect((await advisory(amiBlockPublicAccess, [baseline, r(AMI, "a", {})])).reported).to.deep.equal(['Public sharing of AMIs must be blocked; set state: "block-new-sharing" (was undefined).']);
        expect((await advisory(snapshotBlockPublicAccess, [baseline, r(SNAPSHOT, "s", {})])).reported).to.deep.equal([
            'Public sharing of EBS snapshots must be blocked, including snapshots already public; set state: "block-all-sharing" (was undefined).',
        ]);
        expect((await advisory(amiBlockPublicAccess, [baseline, r(AMI, "a", { state: "block-all-sharing" })])).reported).to.have.length(1);
    });
    it("SSM service settings: a setting unset is named; a settingId unset selects nothing, one unknown leaves it undecided", async () => {
        const sharing = (inputs: Record<string, unknown>) => r(SETTING, "s", { settingId: "/ssm/documents/console/public-sharing-permission", ...inputs });
        expect((await advisory(ssmDocumentsPublicSharingBlocked, [baseline, sharing({})])).reported).to.deep.equal(['Public sharing of SSM documents must be blocked; set settingValue: "Disable" (was undefined).']);
        expect((await advisory(ssmAutomationLogging, [baseline, r(SETTING, "l", { settingId: "/ssm/automation/customer-script-log-destination" })])).reported).to.deep.equal([
            'SSM Automation must log script output to CloudWatch Logs; set settingValue: "CloudWatch" (was undefined).',
        ]);
        const run = await advisory(ssmDocumentsPublicSharingBlocked, [baseline, sharing({ settingId: undefined, settingValue: "Enable" })]);
        expect(run.reported).to.have.length(1);
        expect(run.reported[0]).to.match(/^Block public sharing of SSM documents is not managed by this stack/);
        // A settingId unknown until apply may be this setting: the run cannot decide.
        expectUnknown(await advisory(ssmDocumentsPublicSharingBlocked, [baseline, sharing({ settingId: "<computed>", settingValue: "Enable" })]), "settingId");
    });
    it("SSM service settings: an ARN of another setting that ends alike does not count", async () => {
        const arn = r(SETTING, "s", { settingId: "arn:aws:ssm:eu-west-1:111111111111:servicesetting/other/ssm/documents/console/public-sharing-permission", settingValue: "Enable" });
        expect((await advisory(ssmDocumentsPublicSharingBlocked, [baseline, arn])).reported[0]).to.match(/is not managed by this stack/);
    });
});

describe("account identity, condition by condition", () => {
    const identity = r(IDENTITY, "identity-111111111111", {});
    const child = { parent: identity.urn };
    const password = (inputs: Record<string, unknown> = {}) => r(PASSWORD, "pp", { ...PASSWORD_POLICY, ...inputs }, child);
    const contact = (inputs: Record<string, unknown> = {}) =>
        r(CONTACT, "contact", { alternateContactType: "SECURITY", name: "SecOps", title: "Security", emailAddress: "security@example.com", phoneNumber: "+1 555 0100", ...inputs }, child);
    const role = r(ROLE, "support", { name: "platform-support", path: "/platform/" }, child);
    const SUPPORT = "arn:aws:iam::aws:policy/AWSSupportAccess";
    const attachment = (policyArn: unknown, linked = true) =>
        r(ATTACHMENT, "support", { role: "platform-support", policyArn }, linked ? { ...child, propertyDependencies: { role: [role.urn!] }, dependencies: [role.urn!] } : child);
    const NO_SUPPORT = "A role for AWS Support (AWSSupportAccess attached) is not managed for this account; keep AccountIdentity's supportRole at its default true (the bootstrap declares it for every account).";

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(accountPasswordPolicy, [baseline])).to.equal("this stack declares no account identity settings (no AccountIdentity)");
    });
    it("a stack with only an alternate contact owns account identity: its contacts are judged", async () => {
        expect((await advisory(accountPasswordPolicy, [r(CONTACT, "c", { alternateContactType: "BILLING" })])).outcome).to.equal("pass");
        const bad = r(CONTACT, "c", { alternateContactType: "SECURITY", emailAddress: "nobody" });
        expect((await advisory(accountSecurityContact, [bad])).reported).to.deep.equal(["Security contact must have an email address (was nobody)."]);
    });
    it("a password policy beside resources of other kinds, without the component, is still judged", async () => {
        const weak = r(PASSWORD, "pp", { ...PASSWORD_POLICY, requireSymbols: false });
        expect((await advisory(accountPasswordPolicy, [r(VPC, "vpc", {}), weak])).reported).to.deep.equal(["Password policy must set requireSymbols: true (unset means false)."]);
    });
    it("account-support-role: only an aws.iam.Role is the support role, not another resource an attachment was built from", async () => {
        const pet = r("random:index/randomPet:RandomPet", "support-name", { length: 2 }, child);
        const attached = r(ATTACHMENT, "support", { role: "<computed>", policyArn: SUPPORT }, { ...child, propertyDependencies: { role: [pet.urn!] }, dependencies: [pet.urn!] });
        expect((await advisory(accountSupportRole, [identity, pet, attached])).reported).to.deep.equal([NO_SUPPORT]);
    });
    it("a setting declared outside the AccountIdentity does not stand in for it", async () => {
        const run = await advisory(accountPasswordPolicy, [identity, r(PASSWORD, "elsewhere", { ...PASSWORD_POLICY })]);
        expect(run.reported).to.deep.equal([
            "The IAM account password policy is not managed for this account; keep AccountIdentity's passwordPolicy at its default true (the bootstrap declares it for every account).",
        ]);
        expect(run.findings[0].urn).to.equal(identity.urn);
    });

    it("account-password-policy: the minimum length and reuse count are inclusive bounds (a string counts as its number)", async () => {
        expect((await advisory(accountPasswordPolicy, [identity, password({ minimumPasswordLength: 14, passwordReusePrevention: 24 })])).outcome).to.equal("pass");
        expect((await advisory(accountPasswordPolicy, [identity, password({ minimumPasswordLength: "14", passwordReusePrevention: "24" })])).outcome).to.equal("pass");
        expect((await advisory(accountPasswordPolicy, [identity, password({ minimumPasswordLength: 13, passwordReusePrevention: 23 })])).reported).to.deep.equal([
            "Password policy must require at least 14 characters; set minimumPasswordLength (was 13).",
            "Password policy must prevent reuse of the last 24 passwords; set passwordReusePrevention (was 23).",
        ]);
        expect((await advisory(accountPasswordPolicy, [identity, password({ minimumPasswordLength: 16 })], { minimumPasswordLength: 16 })).outcome).to.equal("pass");
        expect((await advisory(accountPasswordPolicy, [identity, password({ minimumPasswordLength: "long" })])).reported).to.deep.equal([
            "Password policy must require at least 14 characters; set minimumPasswordLength (was long).",
        ]);
    });
    for (const flag of ["requireLowercaseCharacters", "requireUppercaseCharacters", "requireNumbers", "requireSymbols"]) {
        it(`account-password-policy: rejects ${flag} false, accepts "true" (a string)`, async () => {
            expect((await advisory(accountPasswordPolicy, [identity, password({ [flag]: false })])).reported).to.deep.equal([`Password policy must set ${flag}: true (unset means false).`]);
            expect((await advisory(accountPasswordPolicy, [identity, password({ [flag]: "true" })])).outcome).to.equal("pass");
        });
    }
    it("account-password-policy: can't decide a length unknown", async () => {
        expectUnknown(await runPolicy(accountPasswordPolicy, [identity, password({ minimumPasswordLength: "<computed>" })]), "minimumPasswordLength");
    });

    it("account-security-contact: the email must be one whole address without spaces", async () => {
        for (const emailAddress of ["security@example", "sec ops@example.com", "security@example.com x", "@example.com", "security@.com", "security@example.", "a@b@example.com"]) {
            expect((await advisory(accountSecurityContact, [identity, contact({ emailAddress })])).reported, emailAddress).to.deep.equal([`Security contact must have an email address (was ${emailAddress}).`]);
        }
        expect((await advisory(accountSecurityContact, [identity, contact({ emailAddress: 42 })])).reported).to.deep.equal(["Security contact must have an email address (was 42)."]);
        expect((await advisory(accountSecurityContact, [identity, contact({ emailAddress: "s@x.io" })])).outcome).to.equal("pass");
    });

    it("account-support-role: AWSSupportAccess in any partition (aws, aws-cn, aws-us-gov), by attachment or in managedPolicyArns", async () => {
        for (const arn of [SUPPORT, "arn:aws-cn:iam::aws:policy/AWSSupportAccess", "arn:aws-us-gov:iam::aws:policy/AWSSupportAccess"]) {
            expect((await advisory(accountSupportRole, [identity, role, attachment(arn)])).outcome, arn).to.equal("pass");
        }
        const inline = { ...role, inputs: { ...role.inputs, managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws-cn:iam::aws:policy/AWSSupportAccess"] } };
        expect((await advisory(accountSupportRole, [identity, inline])).outcome).to.equal("pass");
    });
    it("account-support-role: not a policy named like it, another partition's, nor a customer policy of that name", async () => {
        for (const arn of [`${SUPPORT}V2`, `x${SUPPORT}`, "arn:aws-iso:iam::aws:policy/AWSSupportAccess", "arn:aws:iam::111111111111:policy/AWSSupportAccess", 7]) {
            expect((await advisory(accountSupportRole, [identity, role, attachment(arn)])).reported, String(arn)).to.deep.equal([NO_SUPPORT]);
        }
        const inline = { ...role, inputs: { ...role.inputs, managedPolicyArns: [`${SUPPORT}V2`] } };
        expect((await advisory(accountSupportRole, [identity, inline])).reported).to.deep.equal([NO_SUPPORT]);
    });
    it("account-support-role: an attachment names its role by name when there is no dependency", async () => {
        expect((await advisory(accountSupportRole, [identity, role, attachment(SUPPORT, false)])).outcome).to.equal("pass");
        const other = r(ATTACHMENT, "support", { role: "someone-else", policyArn: SUPPORT }, child);
        expect((await advisory(accountSupportRole, [identity, role, other])).reported).to.deep.equal([NO_SUPPORT]);
    });
});

describe("default-nacl-restrict-all, condition by condition", () => {
    const vpc = r(VPC, "vpc", { cidrBlock: "10.1.0.0/16" });
    const subnet = (name: string, v = vpc) => on(SUBNET, name, { vpcId: "<computed>", cidrBlock: "10.1.0.0/24" }, { vpcId: [v] });
    const a = subnet("a");
    const deflt = (inputs: Record<string, unknown> = {}, v = vpc, name = "vpc-default") => on(DEFAULT_NACL, name, { defaultNetworkAclId: "<computed>", ...inputs }, { defaultNetworkAclId: [v] });
    const acl = (subnets: ResourceSpec[]) => on(NACL, "tier", { vpcId: "<computed>", subnetIds: subnets.map(() => "<computed>") }, { vpcId: [vpc], subnetIds: subnets });
    const OPEN = "Default network ACL must have no entries, so that it denies all traffic; remove its ingress and egress and give subnets their own ACLs.";
    const ALONE = "Subnet has no network ACL of its own and would use the VPC's default ACL; list it in an aws.ec2.NetworkAcl's subnetIds or add an aws.ec2.NetworkAclAssociation.";
    const ENTRY = { ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 };

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(defaultNaclRestrictAll, [r(SUBNET, "s", {})])).to.equal("no VPC in this stack");
    });
    it("passes a default ACL with the entries unset, and rejects one with egress only, reported on it", async () => {
        expect((await runPolicy(defaultNaclRestrictAll, [vpc, a, acl([a]), deflt()])).outcome).to.equal("pass");
        const d = deflt({ ingress: [], egress: [ENTRY] });
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, a, acl([a]), d]);
        expect(run.reported).to.deep.equal([OPEN]);
        expect(run.findings[0].urn).to.equal(d.urn);
    });
    it("each VPC needs its own default ACL adopted; subnets are judged with their VPC only", async () => {
        const vpc2 = r(VPC, "vpc2", {});
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, vpc2, a, acl([a]), deflt(), subnet("b", vpc2), r(NACL_ASSOC, "assoc", { subnetId: "subnet-1" })]);
        expect(run.findings.map((f) => f.urn)).to.deep.equal([vpc2.urn, urn(SUBNET, "b")]);
        expect((await runPolicy(defaultNaclRestrictAll, [vpc, vpc2, a, acl([a]), deflt(), deflt({}, vpc2, "vpc2-default")])).outcome).to.equal("pass");
    });
    it("a known subnet list without a dependency on the subnet does not name it", async () => {
        const listed = r(NACL, "tier", { vpcId: "vpc-1", subnetIds: ["subnet-0123"] });
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, a, listed, deflt()]);
        expect(run.reported).to.deep.equal([ALONE]);
        expect(run.findings[0].urn).to.equal(a.urn);
    });
    it("a list recorded as built from other subnets does not name this one, even with an entry unknown", async () => {
        const b = subnet("b");
        const other = on(NACL, "tier", { vpcId: "<computed>", subnetIds: ["<computed>"] }, { subnetIds: [b] });
        expect((await runPolicy(defaultNaclRestrictAll, [vpc, a, b, other, deflt()])).reported).to.deep.equal([ALONE]);
    });
    it("can't decide a subnet list with an entry unknown and no dependency recorded, nor egress unknown", async () => {
        const partly = r(NACL, "tier", { vpcId: "vpc-1", subnetIds: ["subnet-0123", "<computed>"] });
        expectUnknown(await runPolicy(defaultNaclRestrictAll, [vpc, a, partly, deflt()]), "subnetIds.1");
        expectUnknown(await runPolicy(defaultNaclRestrictAll, [vpc, a, acl([a]), deflt({ ingress: [], egress: "<computed>" })]), "egress");
    });
});

describe("nacl-in-use, condition by condition", () => {
    const UNUSED = "Network ACL is associated with no subnet; list subnets in subnetIds, add an aws.ec2.NetworkAclAssociation, or remove it.";
    const nacl = (inputs: Record<string, unknown>) => r(NACL, "tier", { vpcId: "vpc-1", ...inputs });

    it("says why it does not apply", async () => {
        expect(await notApplicableReason(naclInUse, [r(VPC, "vpc", {})])).to.equal("no network ACL in this stack");
    });
    it("passes an ACL with subnets listed, or the target of an association", async () => {
        expect((await runPolicy(naclInUse, [nacl({ subnetIds: ["subnet-1"] })])).outcome).to.equal("pass");
        const bare = nacl({});
        expect((await runPolicy(naclInUse, [bare, on(NACL_ASSOC, "assoc", { networkAclId: "<computed>", subnetId: "subnet-1" }, { networkAclId: [bare] })])).outcome).to.equal("pass");
    });
    it("rejects an ACL without subnets (unset or empty), on the ACL; an association of another ACL does not count", async () => {
        for (const inputs of [{}, { subnetIds: [] }]) {
            const run = await runPolicy(naclInUse, [nacl(inputs)]);
            expect(run.reported).to.deep.equal([UNUSED]);
            expect(run.findings[0].urn).to.equal(urn(NACL, "tier"));
        }
        const other = r(NACL, "other", { vpcId: "vpc-1", subnetIds: ["subnet-2"] });
        expect((await runPolicy(naclInUse, [nacl({}), other, on(NACL_ASSOC, "assoc", { networkAclId: "<computed>", subnetId: "subnet-1" }, { networkAclId: [other] })])).reported).to.deep.equal([UNUSED]);
    });
    it("can't decide a subnet list unknown, or with an entry unknown; a decided unused ACL still fails", async () => {
        expectUnknown(await runPolicy(naclInUse, [nacl({ subnetIds: "<computed>" })]), "subnetIds");
        expectUnknown(await runPolicy(naclInUse, [nacl({ subnetIds: ["subnet-1", "<computed>"] })]), "subnetIds.1");
        const run = await runPolicy(naclInUse, [nacl({ subnetIds: "<computed>" }), r(NACL, "empty", { vpcId: "vpc-1" })]);
        expect(run.reported).to.deep.equal([UNUSED]);
        expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["mandatory"]);
    });
});

describe("SSM service settings missing, message by message", () => {
    it("names what is missing and how to declare it", async () => {
        const other = (settingId: string) => r(SETTING, "other", { settingId, settingValue: "x" });
        expect((await advisory(ssmDocumentsPublicSharingBlocked, [baseline, other("/ssm/automation/customer-script-log-destination")])).reported).to.deep.equal([
            'Block public sharing of SSM documents is not managed by this stack, which owns account defaults; declare it (aws.ssm.ServiceSetting with settingId "/ssm/documents/console/public-sharing-permission" and settingValue "Disable"), or keep platform:accountBaseline.blockPublicSsmDocuments at its default true (AccountBaseline does it).',
        ]);
        expect((await advisory(ssmAutomationLogging, [baseline, other("/ssm/documents/console/public-sharing-permission")])).reported).to.deep.equal([
            'CloudWatch logging of SSM Automation is not managed by this stack, which owns account defaults; declare it (aws.ssm.ServiceSetting with settingId "/ssm/automation/customer-script-log-destination" and settingValue "CloudWatch"), or keep platform:accountBaseline.ssmAutomationLogging at its default true (AccountBaseline does it).',
        ]);
    });
});
