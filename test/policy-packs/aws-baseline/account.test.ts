import { expect } from "chai";
import {
    accountPolicies,
    accountS3PublicAccessBlock,
    amiBlockPublicAccess,
    defaultNaclRestrictAll,
    ebsEncryptionByDefault,
    imdsDefaultsImdsv2,
    serialConsoleDisabled,
    snapshotBlockPublicAccess,
} from "../../../policy-packs/aws-baseline/policies/account";
import { naclNoPublicAdminPorts } from "../../../policy-packs/aws-baseline/policies/network";
import { subnetNaclEntries } from "../../../components/network/nacl";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn, resourceSpec as r } from "../../support/policy";

const BASELINE = "platform:account:AccountBaseline";
const EBS = "aws:ebs/encryptionByDefault:EncryptionByDefault";
const PAB = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock";
const IMDS = "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults";
const SERIAL = "aws:ec2/serialConsoleAccess:SerialConsoleAccess";
const AMI = "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess";
const SNAPSHOT = "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess";
const VPC = "aws:ec2/vpc:Vpc";
const SUBNET = "aws:ec2/subnet:Subnet";
const NACL = "aws:ec2/networkAcl:NetworkAcl";
const NACL_ASSOC = "aws:ec2/networkAclAssociation:NetworkAclAssociation";
const DEFAULT_NACL = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";


const baseline = r(BASELINE, "account", {});
/** What AccountBaseline declares: every setting, secure. */
const SECURE: ResourceSpec[] = [
    baseline,
    r(EBS, "account-ebs-encryption", { enabled: true }),
    r(PAB, "account-s3-public-access-block", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
    r(IMDS, "account-imds-defaults", { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 2, instanceMetadataTags: "disabled" }),
    r(SERIAL, "account-serial-console", { enabled: false }),
    r(AMI, "account-image-block-public-access", { state: "block-new-sharing" }),
    r(SNAPSHOT, "account-snapshot-block-public-access", { state: "block-all-sharing" }),
];
/** The secure set with one resource's inputs replaced (or the resource removed with `undefined`). */
function withChange(type: string, inputs: Record<string, unknown> | undefined): ResourceSpec[] {
    return SECURE.flatMap((x) => (x.type !== type ? [x] : inputs === undefined ? [] : [{ ...x, inputs }]));
}

function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

describe("account policies", () => {
    it("exports every account policy once: presence and values advisory (an explicit opt-out is flagged, not blocked), the default ACL rule mandatory", () => {
        expect(accountPolicies.map((p) => [p.name, p.enforcementLevel, p.severity])).to.deep.equal([
            ["ebs-encryption-by-default", "advisory", "high"],
            ["account-s3-public-access-block", "advisory", "high"],
            ["imds-defaults-imdsv2", "advisory", "high"],
            ["serial-console-disabled", "advisory", "medium"],
            ["ami-block-public-access", "advisory", "medium"],
            ["snapshot-block-public-access", "advisory", "high"],
            ["ssm-documents-public-sharing-blocked", "advisory", "high"],
            ["ssm-automation-logging", "advisory", "medium"],
            ["account-password-policy", "advisory", "medium"],
            ["account-security-contact", "advisory", "medium"],
            ["account-support-role", "advisory", "low"],
            ["default-nacl-restrict-all", "mandatory", "medium"],
            ["nacl-in-use", "mandatory", "low"],
        ]);
        expect(accountPolicies.map((p) => `${p.framework!.name}:${p.framework!.reference}`)).to.deep.equal([
            "fsbp:EC2.7",
            "fsbp:S3.1",
            "own:imds-defaults-imdsv2",
            "own:serial-console-disabled",
            "own:ami-block-public-access",
            "fsbp:EC2.1",
            "fsbp:SSM.7",
            "fsbp:SSM.6",
            "fsbp:IAM.7",
            "fsbp:Account.1",
            "cis-aws:1.17",
            "own:default-nacl-restrict-all",
            "fsbp:EC2.16",
        ]);
    });

    const settings = [ebsEncryptionByDefault, accountS3PublicAccessBlock, imdsDefaultsImdsv2, serialConsoleDisabled, amiBlockPublicAccess, snapshotBlockPublicAccess];
    for (const policy of settings) {
        it(`${policy.name}: passes what AccountBaseline declares`, async () => {
            const run = await runPolicy(policy, SECURE, {}, "advisory");
            expect(run.messages).to.deep.equal([]);
            expect(run.outcome).to.equal("pass");
        });
        it(`${policy.name}: does not apply to a stack that owns no account defaults`, async () => {
            const run = await runPolicy(policy, [r(VPC, "vpc", {})], {}, "advisory");
            expect(run.messages).to.deep.equal([]);
            expect(run.outcome).to.equal("notApplicable");
        });
    }

    const missing: [typeof ebsEncryptionByDefault, string, string][] = [
        [ebsEncryptionByDefault, EBS, "EBS encryption by default is not managed by this stack, which owns account defaults; declare it (aws.ebs.EncryptionByDefault with enabled: true), or keep platform:accountBaseline.ebsEncryptionByDefault at its default true (AccountBaseline does it)."],
        [accountS3PublicAccessBlock, PAB, "The account's S3 Block Public Access is not managed by this stack, which owns account defaults; declare it (aws.s3.AccountPublicAccessBlock with all four flags true), or keep platform:accountBaseline.s3BlockPublicAccess at its default true (AccountBaseline does it)."],
        [imdsDefaultsImdsv2, IMDS, 'The instance metadata defaults (IMDSv2 required) is not managed by this stack, which owns account defaults; declare it (aws.ec2.InstanceMetadataDefaults with httpTokens: "required"), or keep platform:accountBaseline.imdsDefaults at its default true (AccountBaseline does it).'],
        [serialConsoleDisabled, SERIAL, "EC2 serial console access (off) is not managed by this stack, which owns account defaults; declare it (aws.ec2.SerialConsoleAccess with enabled: false), or keep platform:accountBaseline.disableSerialConsole at its default true (AccountBaseline does it)."],
        [amiBlockPublicAccess, AMI, 'Block public access for AMIs is not managed by this stack, which owns account defaults; declare it (aws.ec2.ImageBlockPublicAccess with state: "block-new-sharing"), or keep platform:accountBaseline.blockPublicImages at its default true (AccountBaseline does it).'],
        [snapshotBlockPublicAccess, SNAPSHOT, 'Block public access for EBS snapshots is not managed by this stack, which owns account defaults; declare it (aws.ebs.SnapshotBlockPublicAccess with state: "block-all-sharing"), or keep platform:accountBaseline.blockPublicSnapshots at its default true (AccountBaseline does it).'],
    ];
    for (const [policy, type, message] of missing) {
        it(`${policy.name}: flags a setting turned off in platform:accountBaseline, on the AccountBaseline`, async () => {
            const run = await runPolicy(policy, withChange(type, undefined), {}, "advisory");
            expect(run.reported).to.deep.equal([message]);
            expect(run.findings[0].urn).to.equal(baseline.urn);
        });
    }

    const values: [typeof ebsEncryptionByDefault, string, Record<string, unknown>, string[]][] = [
        [ebsEncryptionByDefault, EBS, { enabled: false }, ["EBS encryption by default must be on in every account and region; set enabled: true."]],
        [accountS3PublicAccessBlock, PAB, { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true }, [
            "The account's S3 Block Public Access must set blockPublicPolicy: true (unset means false).",
            "The account's S3 Block Public Access must set restrictPublicBuckets: true (unset means false).",
        ]],
        [imdsDefaultsImdsv2, IMDS, { httpEndpoint: "enabled" }, ['Instance metadata defaults must require IMDSv2; set httpTokens: "required" (was unset, no-preference).']],
        [imdsDefaultsImdsv2, IMDS, { httpTokens: "optional", httpPutResponseHopLimit: 3 }, [
            'Instance metadata defaults must require IMDSv2; set httpTokens: "required" (was optional).',
            "Instance metadata default hop limit 3 exceeds 2; set httpPutResponseHopLimit to 2 or less.",
        ]],
        [serialConsoleDisabled, SERIAL, {}, ["EC2 serial console access must be off; set enabled: false (unset means true)."]],
        [serialConsoleDisabled, SERIAL, { enabled: true }, ["EC2 serial console access must be off; set enabled: false (unset means true)."]],
        [amiBlockPublicAccess, AMI, { state: "unblocked" }, ['Public sharing of AMIs must be blocked; set state: "block-new-sharing" (was unblocked).']],
        [snapshotBlockPublicAccess, SNAPSHOT, { state: "block-new-sharing" }, ['Public sharing of EBS snapshots must be blocked, including snapshots already public; set state: "block-all-sharing" (was block-new-sharing).']],
    ];
    for (const [policy, type, inputs, messages] of values) {
        it(`${policy.name}: flags ${JSON.stringify(inputs)} on the resource`, async () => {
            const run = await runPolicy(policy, withChange(type, inputs), {}, "advisory");
            expect(run.reported).to.deep.equal(messages);
            expect(run.findings.every((f) => f.urn === urn(type, SECURE.find((x) => x.type === type)!.name!))).to.equal(true);
        });
    }

    it("imds-defaults-imdsv2: the hop limit follows maxHopLimit", async () => {
        const run = await runPolicy(imdsDefaultsImdsv2, withChange(IMDS, { httpTokens: "required", httpPutResponseHopLimit: 2 }), { maxHopLimit: 1 }, "advisory");
        expect(run.reported).to.deep.equal(["Instance metadata default hop limit 2 exceeds 1; set httpPutResponseHopLimit to 1 or less."]);
    });

    it("ebs-encryption-by-default: applies to a stack that declares the setting without the component", async () => {
        const run = await runPolicy(ebsEncryptionByDefault, [r(EBS, "ebs", { enabled: false })], {}, "advisory");
        expect(run.reported).to.deep.equal(["EBS encryption by default must be on in every account and region; set enabled: true."]);
    });

    const unknowns: [typeof ebsEncryptionByDefault, string, Record<string, unknown>][] = [
        [ebsEncryptionByDefault, EBS, { enabled: "<computed>" }],
        [accountS3PublicAccessBlock, PAB, { blockPublicAcls: true, blockPublicPolicy: "<computed>", ignorePublicAcls: true, restrictPublicBuckets: true }],
        [imdsDefaultsImdsv2, IMDS, { httpTokens: "<computed>", httpPutResponseHopLimit: 2 }],
        [serialConsoleDisabled, SERIAL, { enabled: "<computed>" }],
        [amiBlockPublicAccess, AMI, { state: "<computed>" }],
        [snapshotBlockPublicAccess, SNAPSHOT, { state: "<computed>" }],
    ];
    for (const [policy, type, inputs] of unknowns) {
        it(`${policy.name}: cannot decide a value unknown until apply, and says so instead of passing`, async () => {
            expectUnknownOnly(await runPolicy(policy, withChange(type, inputs), {}, "mandatory"));
        });
    }
});

describe("default-nacl-restrict-all", () => {
    const vpc = r(VPC, "vpc", { cidrBlock: "10.1.0.0/16" });
    const subnet = (name: string) => r(SUBNET, name, { vpcId: "<computed>", cidrBlock: "10.1.0.0/24" }, { propertyDependencies: { vpcId: [vpc.urn!] }, dependencies: [vpc.urn!] });
    const a = subnet("a");
    const b = subnet("b");
    const acl = (subnets: ResourceSpec[], inputs: Record<string, unknown> = {}) =>
        r(NACL, "tier", { vpcId: "<computed>", subnetIds: subnets.map(() => "<computed>"), ...inputs }, { propertyDependencies: { vpcId: [vpc.urn!], subnetIds: subnets.map((s) => s.urn!) } });
    const deflt = (inputs: Record<string, unknown> = { ingress: [], egress: [] }) =>
        r(DEFAULT_NACL, "vpc-default", { defaultNetworkAclId: "<computed>", ...inputs }, { propertyDependencies: { defaultNetworkAclId: [vpc.urn!] } });

    it("passes a VPC whose default ACL is adopted empty and whose subnets all have their own ACL (or an association)", async () => {
        const assoc = r(NACL_ASSOC, "b-assoc", { networkAclId: "<computed>", subnetId: "<computed>" }, { propertyDependencies: { subnetId: [b.urn!] } });
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, a, b, acl([a]), assoc, deflt()]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("does not apply to a stack without VPCs", async () => {
        expect((await runPolicy(defaultNaclRestrictAll, [r(EBS, "x", {})])).outcome).to.equal("notApplicable");
    });
    it("flags a VPC whose default ACL is not adopted (it allows all traffic)", async () => {
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, a, acl([a])]);
        expect(run.reported).to.deep.equal([
            "VPC's default network ACL allows all traffic until it is adopted; declare aws.ec2.DefaultNetworkAcl with defaultNetworkAclId: this VPC's defaultNetworkAclId and no ingress or egress.",
        ]);
        expect(run.findings[0].urn).to.equal(vpc.urn);
    });
    it("flags a default ACL with entries", async () => {
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, a, acl([a]), deflt({ ingress: [{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }], egress: [] })]);
        expect(run.reported).to.deep.equal(["Default network ACL must have no entries, so that it denies all traffic; remove its ingress and egress and give subnets their own ACLs."]);
    });
    it("flags a subnet left on the default ACL", async () => {
        const run = await runPolicy(defaultNaclRestrictAll, [vpc, a, b, acl([a]), deflt()]);
        expect(run.reported).to.deep.equal([
            "Subnet has no network ACL of its own and would use the VPC's default ACL; list it in an aws.ec2.NetworkAcl's subnetIds or add an aws.ec2.NetworkAclAssociation.",
        ]);
        expect(run.findings[0].urn).to.equal(b.urn);
    });
    it("cannot decide default ACL entries or a subnet list unknown until apply, and says so", async () => {
        expectUnknownOnly(await runPolicy(defaultNaclRestrictAll, [vpc, a, acl([a]), deflt({ ingress: "<computed>", egress: [] })]));
        const unknownList = r(NACL, "tier", { vpcId: "<computed>", subnetIds: "<computed>" }, { propertyDependencies: { vpcId: [vpc.urn!] } });
        expectUnknownOnly(await runPolicy(defaultNaclRestrictAll, [vpc, a, unknownList, deflt()]));
    });
    it("the entries SpokeVpc gives each tier pass nacl-no-public-admin-ports", async () => {
        const { ingress, egress } = subnetNaclEntries(["10.1.0.0/16", "10.0.0.0/8"]);
        const run = await runPolicy(naclNoPublicAdminPorts, r(NACL, "spoke", { vpcId: "vpc-1", ingress, egress }));
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
});
