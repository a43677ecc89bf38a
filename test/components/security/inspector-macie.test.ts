import { expect } from "chai";
import { OrganizationInspector, OrganizationMacie, validateOrganizationInspectorArgs, validateOrganizationMacieArgs } from "../../../components/security";
import { declare } from "../../support/harness";

const SECURITY = "666666666666";

describe("OrganizationInspector", () => {
    it("enables EC2, ECR, Lambda and Lambda code scanning here, then auto-enables all four for the organization", async () => {
        const plan = await declare(() => new OrganizationInspector("inspector", { accountId: SECURITY }));
        expect(plan.inventory()).to.deep.equal([
            "aws:inspector2/enabler:Enabler::inspector",
            "aws:inspector2/organizationConfiguration:OrganizationConfiguration::inspector-organization",
            "platform:security:OrganizationInspector::inspector",
        ]);
        const enabler = plan.one("aws:inspector2/enabler:Enabler", "inspector");
        expect(enabler.inputs).to.deep.equal({ accountIds: [SECURITY], resourceTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"] });
        const org = plan.one("aws:inspector2/organizationConfiguration:OrganizationConfiguration", "inspector-organization");
        expect(org.inputs.autoEnable).to.deep.equal({ ec2: true, ecr: true, lambda: true, lambdaCode: true });
        // The organization configuration is only accepted once the administrator has Inspector on.
        expect(plan.dependenciesOf(org).map((d) => d.urn)).to.include(enabler.urn);
    });

    it("auto-enables exactly the scan types it enables", async () => {
        const plan = await declare(() => new OrganizationInspector("inspector", { accountId: SECURITY, resourceTypes: ["ECR"] }));
        expect(plan.one("aws:inspector2/enabler:Enabler", "inspector").inputs.resourceTypes).to.deep.equal(["ECR"]);
        expect(plan.one("aws:inspector2/organizationConfiguration:OrganizationConfiguration", "inspector-organization").inputs.autoEnable).to.deep.equal({ ec2: false, ecr: true, lambda: false, lambdaCode: false });
    });

    it("rejects a bad account, an empty, unknown or repeated scan type, and Lambda code without Lambda", () => {
        expect(() => validateOrganizationInspectorArgs({ accountId: "12345", resourceTypes: ["EC2", "EC2", "S3" as never, "LAMBDA_CODE"] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals([
                'accountId: "12345" is not a 12-digit AWS account ID',
                'resourceTypes[1]: "EC2" is listed twice',
                'resourceTypes[2]: "S3" is not one of "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"',
                'resourceTypes: ["EC2","EC2","S3","LAMBDA_CODE"] lists LAMBDA_CODE without LAMBDA; Inspector\'s Lambda code scanning needs Lambda standard scanning',
            ]);
        expect(() => validateOrganizationInspectorArgs({ accountId: SECURITY, resourceTypes: [] }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(["resourceTypes: [] is empty; list at least one of EC2, ECR, LAMBDA, LAMBDA_CODE"]);
        expect(() => validateOrganizationInspectorArgs({ accountId: SECURITY })).not.to.throw();
    });
});

describe("OrganizationMacie", () => {
    it("enables Macie here (protected, retained) publishing every fifteen minutes, then auto-enables it for the organization", async () => {
        const plan = await declare(() => new OrganizationMacie("macie"));
        expect(plan.inventory()).to.deep.equal([
            "aws:macie2/account:Account::macie",
            "aws:macie2/organizationConfiguration:OrganizationConfiguration::macie-organization",
            "platform:security:OrganizationMacie::macie",
        ]);
        const account = plan.one("aws:macie2/account:Account", "macie");
        expect(account.inputs).to.deep.equal({ status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" });
        expect({ protect: account.protect, retainOnDelete: account.retainOnDelete }).to.deep.equal({ protect: true, retainOnDelete: true });
        const org = plan.one("aws:macie2/organizationConfiguration:OrganizationConfiguration", "macie-organization");
        expect(org.inputs).to.deep.equal({ autoEnable: true });
        expect(plan.dependenciesOf(org).map((d) => d.urn)).to.include(account.urn);
    });

    it("takes the frequency and protect: false", async () => {
        const plan = await declare(() => new OrganizationMacie("macie", { findingPublishingFrequency: "ONE_HOUR", protect: false }));
        const account = plan.one("aws:macie2/account:Account", "macie");
        expect(account.inputs.findingPublishingFrequency).to.equal("ONE_HOUR");
        expect({ protect: account.protect, retainOnDelete: account.retainOnDelete }).to.deep.equal({ protect: false, retainOnDelete: false });
    });

    it("rejects an unknown frequency", () => {
        expect(() => validateOrganizationMacieArgs({ findingPublishingFrequency: "HOURLY" as never }))
            .to.throw()
            .with.property("problems")
            .that.deep.equals(['findingPublishingFrequency: "HOURLY" is not one of "FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"']);
    });
});
