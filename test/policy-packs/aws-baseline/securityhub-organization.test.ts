import { expect } from "chai";
import { awsBaseline } from "../../../policy-packs/aws-baseline/pack";
import { securityhubAllRegions } from "../../../policy-packs/aws-baseline/policies/securityhub-organization";
import { PolicyRun, ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";

const ORG = "aws:securityhub/organizationConfiguration:OrganizationConfiguration";
const AGGREGATOR = "aws:securityhub/findingAggregator:FindingAggregator";
const POLICY = "aws:securityhub/configurationPolicy:ConfigurationPolicy";
const ASSOCIATION = "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation";
const HUB = "aws:securityhub/account:Account";


const org = (configurationType: unknown = "CENTRAL") => r(ORG, "org", { autoEnable: false, autoEnableStandards: "NONE", organizationConfiguration: { configurationType } });
const aggregator = (linkingMode: unknown = "ALL_REGIONS", extra: Record<string, unknown> = {}) => r(AGGREGATOR, "aggregator", { linkingMode, ...extra });
const policy = (serviceEnabled: unknown = true, name = "baseline") => r(POLICY, name, { name, configurationPolicy: { serviceEnabled, enabledStandardArns: [] } });
const association = (target: ResourceSpec, targetId: unknown = "r-ab12") =>
    r(ASSOCIATION, `${target.name}-assoc`, { targetId, policyId: "<computed>" }, { propertyDependencies: { policyId: [target.urn!] }, dependencies: [target.urn!] });

/** What OrganizationSecurityHub creates with linkedRegions left empty. */
function central(): ResourceSpec[] {
    const p = policy();
    return [aggregator(), org(), p, association(p)];
}

function expectUnknownOnly(run: PolicyRun): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.outcome).to.equal("unknown");
}

const NO_POLICY_AT_ROOT = "No Security Hub configuration policy that turns Security Hub on (configurationPolicy.serviceEnabled: true) is associated with the organization root (targetId r-...).";

describe("securityhub-all-regions (stack, CIS AWS 4.16)", () => {
    it("is in the aws-baseline pack, mandatory, and claims CIS AWS 3.0.0 4.16", () => {
        expect(awsBaseline.policies).to.include(securityhubAllRegions);
        expect([securityhubAllRegions.enforcementLevel, securityhubAllRegions.framework?.name, securityhubAllRegions.framework?.reference]).to.deep.equal(["mandatory", "cis-aws", "4.16"]);
    });

    it("passes central configuration, an all-Region aggregator and an enabling policy at the root", async () => {
        const run = await runPolicy(securityhubAllRegions, central());
        expect(run.reported).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });

    it("does not apply to a stack without an organization configuration (a single account's Security Hub)", async () => {
        expect((await runPolicy(securityhubAllRegions, [r(HUB, "hub", {})])).outcome).to.equal("notApplicable");
    });

    it("flags local configuration", async () => {
        const p = policy();
        expect((await runPolicy(securityhubAllRegions, [aggregator(), org("LOCAL"), p, association(p)])).reported).to.deep.equal([
            'Security Hub organization configuration is LOCAL; set organizationConfiguration.configurationType "CENTRAL" so that configuration policies reach every account and Region.',
        ]);
    });

    it("flags a missing aggregator, and one that links only some Regions", async () => {
        const p = policy();
        expect((await runPolicy(securityhubAllRegions, [org(), p, association(p)])).reported).to.deep.equal([
            'No Security Hub finding aggregator: central configuration then covers the home Region only. Add aws.securityhub.FindingAggregator with linkingMode "ALL_REGIONS".',
        ]);
        for (const mode of ["SPECIFIED_REGIONS", "ALL_REGIONS_EXCEPT_SPECIFIED"]) {
            expect((await runPolicy(securityhubAllRegions, [aggregator(mode, { specifiedRegions: ["eu-central-1"] }), org(), p, association(p)])).reported).to.deep.equal([
                `Security Hub finding aggregator links ${mode}: Regions left out run without Security Hub. Set linkingMode "ALL_REGIONS".`,
            ]);
        }
    });

    it("flags a policy that turns Security Hub off, one associated with an OU or account only, and no policy at all", async () => {
        const off = policy(false);
        expect((await runPolicy(securityhubAllRegions, [aggregator(), org(), off, association(off)])).reported).to.deep.equal([NO_POLICY_AT_ROOT]);
        const p = policy();
        for (const target of ["ou-ab12-cdefgh34", "123456789012"]) {
            expect((await runPolicy(securityhubAllRegions, [aggregator(), org(), p, association(p, target)])).reported, target).to.deep.equal([NO_POLICY_AT_ROOT]);
        }
        expect((await runPolicy(securityhubAllRegions, [aggregator(), org(), p])).reported).to.deep.equal([NO_POLICY_AT_ROOT]);
        expect((await runPolicy(securityhubAllRegions, [aggregator(), org()])).reported).to.deep.equal([NO_POLICY_AT_ROOT]);
    });

    it("passes when one of several policies turns Security Hub on at the root", async () => {
        const off = policy(false, "off");
        const on = policy(true, "on");
        expect((await runPolicy(securityhubAllRegions, [aggregator(), org(), off, association(off, "ou-ab12-cdefgh34"), on, association(on)])).reported).to.deep.equal([]);
    });

    it("cannot decide values unknown until apply, and says so", async () => {
        const p = policy();
        expectUnknownOnly(await runPolicy(securityhubAllRegions, [aggregator("<computed>"), org(), p, association(p)]));
        expectUnknownOnly(await runPolicy(securityhubAllRegions, [aggregator(), org("<computed>"), p, association(p)]));
        expectUnknownOnly(await runPolicy(securityhubAllRegions, [aggregator(), org(), p, association(p, "<computed>")]));
        const unknown = policy("<computed>");
        expectUnknownOnly(await runPolicy(securityhubAllRegions, [aggregator(), org(), unknown, association(unknown)]));
    });
});
