import { expect } from "chai";
import { AccountBaseline, validateAccountBaselineArgs } from "../../../components/account";
import { declare } from "../../support/harness";

const KEY = "arn:aws:kms:eu-west-1:111111111111:key/ebs";

describe("AccountBaseline", () => {
    it("manages every account default by default, each retained when removed so that a destroy leaves the account protected", async () => {
        const plan = await declare(() => new AccountBaseline("account"));
        expect(plan.inventory()).to.deep.equal([
            "aws:ebs/encryptionByDefault:EncryptionByDefault::account-ebs-encryption",
            "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess::account-snapshot-block-public-access",
            "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess::account-image-block-public-access",
            "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults::account-imds-defaults",
            "aws:ec2/serialConsoleAccess:SerialConsoleAccess::account-serial-console",
            "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock::account-s3-public-access-block",
            "aws:ssm/serviceSetting:ServiceSetting::account-ssm-automation-logging",
            "aws:ssm/serviceSetting:ServiceSetting::account-ssm-document-public-sharing",
            "platform:account:AccountBaseline::account",
        ]);
        const inputs = (type: string, name: string) => plan.one(type, name).inputs;
        expect(inputs("aws:ebs/encryptionByDefault:EncryptionByDefault", "account-ebs-encryption")).to.deep.equal({ enabled: true });
        expect(inputs("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", "account-s3-public-access-block")).to.deep.equal({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
        expect(inputs("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "account-imds-defaults")).to.deep.equal({
            httpTokens: "required",
            httpEndpoint: "enabled",
            httpPutResponseHopLimit: 2,
            instanceMetadataTags: "disabled",
        });
        expect(inputs("aws:ec2/serialConsoleAccess:SerialConsoleAccess", "account-serial-console")).to.deep.equal({ enabled: false });
        expect(inputs("aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess", "account-image-block-public-access")).to.deep.equal({ state: "block-new-sharing" });
        expect(inputs("aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess", "account-snapshot-block-public-access")).to.deep.equal({ state: "block-all-sharing" });
        expect(inputs("aws:ssm/serviceSetting:ServiceSetting", "account-ssm-document-public-sharing")).to.deep.equal({ settingId: "/ssm/documents/console/public-sharing-permission", settingValue: "Disable" });
        expect(inputs("aws:ssm/serviceSetting:ServiceSetting", "account-ssm-automation-logging")).to.deep.equal({ settingId: "/ssm/automation/customer-script-log-destination", settingValue: "CloudWatch" });
        const component = plan.one("platform:account:AccountBaseline", "account");
        for (const r of plan.childrenOf(component)) {
            expect([r.name, r.retainOnDelete], r.name).to.deep.equal([r.name, true]);
        }
    });

    it("makes the given key the account's default EBS key after turning encryption by default on, and does not retain it", async () => {
        const plan = await declare(() => new AccountBaseline("account", { ebsDefaultKmsKeyArn: KEY }));
        const key = plan.one("aws:ebs/defaultKmsKey:DefaultKmsKey", "account-ebs-default-key");
        expect(key.inputs).to.deep.equal({ keyArn: KEY });
        expect(key.retainOnDelete).to.equal(false);
        expect(plan.dependenciesOf(key).map((r) => r.name)).to.include("account-ebs-encryption");
    });

    it("leaves each setting turned off unmanaged, and honours the hop limit", async () => {
        const plan = await declare(
            () =>
                new AccountBaseline("account", {
                    ebsEncryptionByDefault: false,
                    s3BlockPublicAccess: false,
                    disableSerialConsole: false,
                    blockPublicImages: false,
                    blockPublicSnapshots: false,
                    blockPublicSsmDocuments: false,
                    ssmAutomationLogging: false,
                    imdsHopLimit: 1,
                }),
        );
        expect(plan.inventory()).to.deep.equal(["aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults::account-imds-defaults", "platform:account:AccountBaseline::account"]);
        expect(plan.one("aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults", "account-imds-defaults").inputs.httpPutResponseHopLimit).to.equal(1);
        const none = await declare(() => new AccountBaseline("account", { imdsDefaults: false, ebsEncryptionByDefault: false, s3BlockPublicAccess: false, disableSerialConsole: false, blockPublicImages: false, blockPublicSnapshots: false, blockPublicSsmDocuments: false, ssmAutomationLogging: false }));
        expect(none.inventory()).to.deep.equal(["platform:account:AccountBaseline::account"]);
    });

    const cases: [string, object, string[]][] = [
        ["rejects a hop limit outside 1..64", { imdsHopLimit: 0 }, ["imdsHopLimit: 0 is not in 1..64"]],
        ["rejects an instance tags value other than enabled or disabled", { imdsInstanceTags: "on" }, ['imdsInstanceTags: "on" is not one of "enabled", "disabled"']],
        ["rejects a flag that is not a boolean", { s3BlockPublicAccess: "yes" }, ['s3BlockPublicAccess: "yes" is not true or false']],
    ];
    for (const [title, args, problems] of cases) {
        it(title, () => {
            expect(() => validateAccountBaselineArgs(args as never)).to.throw().with.property("problems").that.deep.equals(problems);
        });
    }
});
