import { expect } from "chai";
import { GUARDDUTY_PROTECTION_PLANS, guarddutyProtectionPlans } from "../../../policy-packs/aws-baseline/policies/detection";
import { GUARDDUTY_ADDITIONAL_CONFIGURATION, GUARDDUTY_FEATURES } from "../../../components/security/defaults";
import { ResourceSpec, runPolicy, resourceSpec as r } from "../../support/policy";

const DETECTOR = "aws:guardduty/detector:Detector";
const FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const GD_ORG = "aws:guardduty/organizationConfiguration:OrganizationConfiguration";
const ORG_FEATURE = "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature";
const on = (type: string, name: string, inputs: Record<string, unknown>, target: ResourceSpec): ResourceSpec =>
    r(type, name, inputs, { propertyDependencies: { detectorId: [target.urn!] }, dependencies: [target.urn!] });

const detector = r(DETECTOR, "gd", { enable: true });
const org = on(GD_ORG, "org", { detectorId: "<computed>", autoEnableOrganizationMembers: "ALL" }, detector);
// As components/security OrganizationGuardDuty declares them, from the same tables.
const features = GUARDDUTY_FEATURES.map((f) =>
    on(FEATURE, `f-${f}`, { detectorId: "<computed>", name: f, status: "ENABLED", additionalConfigurations: (GUARDDUTY_ADDITIONAL_CONFIGURATION[f] ?? []).map((name) => ({ name, status: "ENABLED" })) }, detector),
);
const orgFeatures = GUARDDUTY_FEATURES.map((f) =>
    on(ORG_FEATURE, `o-${f}`, { detectorId: "<computed>", name: f, autoEnable: "ALL", additionalConfigurations: (GUARDDUTY_ADDITIONAL_CONFIGURATION[f] ?? []).map((name) => ({ name, autoEnable: "ALL" })) }, detector),
);

describe("guardduty-protection-plans", () => {
    it("claims GuardDuty.6 and .8, .9, .10, .12, .13", () => {
        expect([`${guarddutyProtectionPlans.framework!.name}:${guarddutyProtectionPlans.framework!.reference}`, ...guarddutyProtectionPlans.tags!]).to.deep.equal([
            "fsbp:GuardDuty.6",
            "fsbp:GuardDuty.8",
            "fsbp:GuardDuty.9",
            "fsbp:GuardDuty.10",
            "fsbp:GuardDuty.12",
            "fsbp:GuardDuty.13",
        ]);
    });

    it("passes the component's detector and organization features", async () => {
        const run = await runPolicy(guarddutyProtectionPlans, [detector, org, ...features, ...orgFeatures]);
        expect(run.messages).to.deep.equal([]);
        expect(run.outcome).to.equal("pass");
    });

    it("flags each missing plan on the detector and for the members, and Runtime Monitoring without the ECS Fargate or EC2 agent", async () => {
        for (const plan of GUARDDUTY_PROTECTION_PLANS) {
            const run = await runPolicy(guarddutyProtectionPlans, [detector, org, ...features.filter((f) => f.inputs.name !== plan.feature), ...orgFeatures.filter((f) => f.inputs.name !== plan.feature)]);
            expect(run.reported, plan.feature).to.have.length(2);
            expect(run.reported[0]).to.contain(`GuardDuty detector must run ${plan.what}`);
            expect(run.reported[1]).to.contain(`GuardDuty ${plan.what} must be on in every member account`);
        }
        const eksOnly = features.map((f) => (f.inputs.name === "RUNTIME_MONITORING" ? { ...f, inputs: { ...f.inputs, additionalConfigurations: [{ name: "EKS_ADDON_MANAGEMENT", status: "ENABLED" }] } } : f));
        expect((await runPolicy(guarddutyProtectionPlans, [detector, ...eksOnly])).reported).to.have.length(1);
        const newOnly = orgFeatures.map((f) => (f.inputs.name === "S3_DATA_EVENTS" ? { ...f, inputs: { ...f.inputs, autoEnable: "NEW" } } : f));
        expect((await runPolicy(guarddutyProtectionPlans, [detector, org, ...features, ...newOnly])).reported).to.deep.equal([
            'GuardDuty S3 Protection must be on in every member account; add OrganizationConfigurationFeature { name: "S3_DATA_EVENTS", autoEnable: "ALL" }.',
        ]);
    });

    it("does not apply without a detector", async () => {
        expect((await runPolicy(guarddutyProtectionPlans, [org])).outcome).to.equal("notApplicable");
    });
});
