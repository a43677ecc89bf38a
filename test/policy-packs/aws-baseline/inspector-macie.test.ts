import { expect } from "chai";
import { awsBaseline } from "../../../policy-packs/aws-baseline/pack";
import { inspectorEnabled, macieEnabled } from "../../../policy-packs/aws-baseline/policies/inspector-macie";
import { PolicyRun, ResourceSpec, runPolicy, testUrn as urn } from "../../support/policy";

const ENABLER = "aws:inspector2/enabler:Enabler";
const INSPECTOR_ORG = "aws:inspector2/organizationConfiguration:OrganizationConfiguration";
const MACIE = "aws:macie2/account:Account";
const MACIE_ORG = "aws:macie2/organizationConfiguration:OrganizationConfiguration";
const GD_ORG = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const DETECTOR = "aws:guardduty/detector:Detector";
const BUCKET = "aws:s3/bucket:Bucket";

const r = (type: string, name: string, inputs: Record<string, unknown>): ResourceSpec => ({ type, name, urn: urn(type, name), inputs });

function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

const detector = r(DETECTOR, "gd", { enable: true });
const gdOrg = r(GD_ORG, "gd-org", { detectorId: "<computed>", autoEnableOrganizationMembers: "ALL" });
const enabler = (resourceTypes: unknown = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]) => r(ENABLER, "inspector", { accountIds: ["666666666666"], resourceTypes });
const inspectorOrg = (autoEnable: unknown = { ec2: true, ecr: true, lambda: true, lambdaCode: true }) => r(INSPECTOR_ORG, "inspector-organization", { autoEnable });
const macie = (inputs: Record<string, unknown> = { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" }) => r(MACIE, "macie", inputs);
const macieOrg = (autoEnable: unknown = true) => r(MACIE_ORG, "macie-organization", { autoEnable });

describe("inspector-enabled", () => {
    it("is registered in the aws-baseline pack, advisory, claiming FSBP Inspector.1-4", () => {
        expect(awsBaseline.policies).to.include(inspectorEnabled);
        expect(inspectorEnabled.enforcementLevel).to.equal("advisory");
        expect(inspectorEnabled.framework).to.include({ name: "fsbp", reference: "Inspector.1" });
        expect(inspectorEnabled.tags).to.deep.equal(["fsbp:Inspector.2", "fsbp:Inspector.3", "fsbp:Inspector.4"]);
    });
    it("passes the delegated administrator with all four scan types, enabled and auto-enabled", async () => {
        const run = await runPolicy(inspectorEnabled, [detector, gdOrg, enabler(), inspectorOrg()]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });
    it("passes a single-account detection stack with the enabler and no organization configuration", async () => {
        expect((await runPolicy(inspectorEnabled, [detector, enabler()])).outcome).to.equal("pass");
    });
    it("does not apply outside the detection layer", async () => {
        expect((await runPolicy(inspectorEnabled, [r(BUCKET, "b", {})])).outcome).to.equal("notApplicable");
    });
    it("flags a detection stack without Inspector (platform:security.inspector: false)", async () => {
        const run = await runPolicy(inspectorEnabled, [detector, gdOrg]);
        expect(run.reported).to.deep.equal([
            "This detection-layer stack does not enable Amazon Inspector; add an aws.inspector2.Enabler with resourceTypes EC2, ECR, LAMBDA and LAMBDA_CODE (platform:security.inspector: true).",
        ]);
        expect(run.findings[0].urn).to.equal(detector.urn);
    });
    it("flags each missing scan type with its control", async () => {
        const run = await runPolicy(inspectorEnabled, [detector, enabler(["EC2"])]);
        expect(run.reported).to.deep.equal([
            'Amazon Inspector ECR scanning (FSBP Inspector.2) is not enabled; add "ECR" to the Enabler\'s resourceTypes.',
            'Amazon Inspector Lambda code scanning (FSBP Inspector.3) is not enabled; add "LAMBDA_CODE" to the Enabler\'s resourceTypes.',
            'Amazon Inspector Lambda standard scanning (FSBP Inspector.4) is not enabled; add "LAMBDA" to the Enabler\'s resourceTypes.',
        ]);
    });
    it("flags the organization's administrator without auto-enable, and each scan type not auto-enabled", async () => {
        const missing = await runPolicy(inspectorEnabled, [detector, gdOrg, enabler()]);
        expect(missing.reported).to.deep.equal([
            "This stack administers the organization's detection services but not Inspector's; add an aws.inspector2.OrganizationConfiguration with autoEnable { ec2, ecr, lambda, lambdaCode: true }.",
        ]);
        const partial = await runPolicy(inspectorEnabled, [detector, gdOrg, enabler(), inspectorOrg({ ec2: true, ecr: true, lambda: false })]);
        expect(partial.reported).to.deep.equal([
            "Amazon Inspector Lambda code scanning must be on in every new member account; set autoEnable.lambdaCode: true (was undefined).",
            "Amazon Inspector Lambda standard scanning must be on in every new member account; set autoEnable.lambda: true (was false).",
        ]);
        expect(partial.findings.map((f) => f.urn)).to.deep.equal([urn(INSPECTOR_ORG, "inspector-organization"), urn(INSPECTOR_ORG, "inspector-organization")]);
    });
    it("cannot decide resource types or an auto-enable setting unknown until apply, and says so", async () => {
        expectUnknownOnly(await runPolicy(inspectorEnabled, [detector, enabler("<computed>")]));
        expectUnknownOnly(await runPolicy(inspectorEnabled, [detector, enabler(["EC2", "ECR", "LAMBDA", "<computed>"])]));
        expectUnknownOnly(await runPolicy(inspectorEnabled, [detector, gdOrg, enabler(), inspectorOrg({ ec2: true, ecr: true, lambda: true, lambdaCode: "<computed>" })]));
    });
    it("still reports a decided violation next to an undecided one", async () => {
        // An unknown entry may be either missing type: undecided, not a violation.
        expectUnknownOnly(await runPolicy(inspectorEnabled, [detector, enabler(["EC2", "ECR", "<computed>"])]));
        const decided = await runPolicy(inspectorEnabled, [detector, gdOrg, enabler(), inspectorOrg({ ec2: false, ecr: "<computed>", lambda: true, lambdaCode: true })]);
        expect(decided.reported).to.deep.equal(["Amazon Inspector EC2 scanning must be on in every new member account; set autoEnable.ec2: true (was false)."]);
    });
});

describe("macie-enabled", () => {
    it("is registered in the aws-baseline pack, advisory, claiming FSBP Macie.1 only (Macie.2 has no resource)", () => {
        expect(awsBaseline.policies).to.include(macieEnabled);
        expect(macieEnabled.enforcementLevel).to.equal("advisory");
        expect(macieEnabled.framework).to.include({ name: "fsbp", reference: "Macie.1" });
        expect(macieEnabled.tags).to.deep.equal([]);
    });
    it("passes the delegated administrator with Macie enabled (status unset is ENABLED) and auto-enabled", async () => {
        expect((await runPolicy(macieEnabled, [detector, gdOrg, macie(), macieOrg()])).outcome).to.equal("pass");
        expect((await runPolicy(macieEnabled, [detector, macie({})])).outcome).to.equal("pass");
    });
    it("does not apply outside the detection layer", async () => {
        expect((await runPolicy(macieEnabled, [r(BUCKET, "b", {})])).outcome).to.equal("notApplicable");
    });
    it("flags a detection stack without Macie (platform:security.macie: false), and a paused one", async () => {
        const missing = await runPolicy(macieEnabled, [detector]);
        expect(missing.reported).to.deep.equal(['This detection-layer stack does not enable Amazon Macie; add an aws.macie2.Account with status "ENABLED" (platform:security.macie: true).']);
        const paused = await runPolicy(macieEnabled, [detector, macie({ status: "PAUSED" })]);
        expect(paused.reported).to.deep.equal(['Amazon Macie must be enabled; set status: "ENABLED" (was PAUSED).']);
        expect(paused.findings[0].urn).to.equal(urn(MACIE, "macie"));
    });
    it("flags the organization's administrator without auto-enable, or with it false", async () => {
        expect((await runPolicy(macieEnabled, [detector, gdOrg, macie()])).reported).to.deep.equal([
            "This stack administers the organization's detection services but not Macie's; add an aws.macie2.OrganizationConfiguration with autoEnable: true.",
        ]);
        expect((await runPolicy(macieEnabled, [detector, gdOrg, macie(), macieOrg(false)])).reported).to.deep.equal(["Amazon Macie must be on in every new member account; set autoEnable: true (was false)."]);
    });
    it("cannot decide a status or auto-enable unknown until apply, and says so", async () => {
        expectUnknownOnly(await runPolicy(macieEnabled, [detector, macie({ status: "<computed>" })]));
        expectUnknownOnly(await runPolicy(macieEnabled, [detector, gdOrg, macie(), macieOrg("<computed>")]));
    });
});
