import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful, tagsFor } from "../common";
import { FINDING_PUBLISHING_FREQUENCIES, FindingPublishingFrequency, GUARDDUTY_ADDITIONAL_CONFIGURATION, GUARDDUTY_FEATURES, GuardDutyFeature } from "./defaults";

/**
 * GuardDuty for the whole organization, run from its delegated administrator (the security
 * account; the bootstrap stack designates it): the administrator's detector with every protection
 * plan of GUARDDUTY_FEATURES, and the organization configuration that enables GuardDuty and the
 * same plans in every member account, existing and new (`autoEnableOrganizationMembers: ALL`)
 * (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html,
 * https://docs.aws.amazon.com/guardduty/latest/ug/set-guardduty-auto-enable-preferences.html, read 2026-12-03).
 * Features are separate resources (`DetectorFeature`, `OrganizationConfigurationFeature`): the
 * detector's `datasources` block is deprecated and knows neither Runtime Monitoring nor its add-on.
 */
export interface OrganizationGuardDutyArgs {
    /** How often updated findings are exported (EventBridge, S3). @default "FIFTEEN_MINUTES" */
    findingPublishingFrequency?: FindingPublishingFrequency;
    /** Protection plans, each enabled here and auto-enabled for every member. @default GUARDDUTY_FEATURES (all four) */
    features?: GuardDutyFeature[];
    /** Protect and retain the detector (its findings go with it). @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const ORGANIZATION_GUARDDUTY_DEFAULTS = { findingPublishingFrequency: "FIFTEEN_MINUTES", features: GUARDDUTY_FEATURES, protect: true } as const;

export function validateOrganizationGuardDutyArgs(args: OrganizationGuardDutyArgs): void {
    const p = new Problems();
    if (args.findingPublishingFrequency !== undefined) {
        p.oneOf("findingPublishingFrequency", args.findingPublishingFrequency, FINDING_PUBLISHING_FREQUENCIES);
    }
    (args.features ?? []).forEach((f, i) => {
        if (!(GUARDDUTY_FEATURES as readonly string[]).includes(f)) {
            p.add(`features[${i}]`, f, `is not one of ${GUARDDUTY_FEATURES.map((x) => JSON.stringify(x)).join(", ")}`);
        } else if ((args.features ?? []).indexOf(f) !== i) {
            p.add(`features[${i}]`, f, "is listed twice");
        }
    });
    p.throwIfAny("OrganizationGuardDuty");
}

/** Child name suffix of a feature: `EKS_AUDIT_LOGS` → `eks-audit-logs`. */
export function featureKey(feature: string): string {
    return feature.toLowerCase().replace(/_/g, "-");
}

export class OrganizationGuardDuty extends pulumi.ComponentResource {
    readonly detectorId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationGuardDutyArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:OrganizationGuardDuty", name, {}, opts);
        validateOrganizationGuardDutyArgs(args);
        const protect = args.protect ?? ORGANIZATION_GUARDDUTY_DEFAULTS.protect;
        const features = args.features ?? [...ORGANIZATION_GUARDDUTY_DEFAULTS.features];
        const detector = new aws.guardduty.Detector(
            name,
            { enable: true, findingPublishingFrequency: args.findingPublishingFrequency ?? ORGANIZATION_GUARDDUTY_DEFAULTS.findingPublishingFrequency, tags: tagsFor(args.tags, name) },
            stateful(this, protect),
        );
        const organization = new aws.guardduty.OrganizationConfiguration(`${name}-organization`, { detectorId: detector.id, autoEnableOrganizationMembers: "ALL" }, { parent: this });
        for (const feature of features) {
            const extra = GUARDDUTY_ADDITIONAL_CONFIGURATION[feature] ?? [];
            new aws.guardduty.DetectorFeature(
                `${name}-${featureKey(feature)}`,
                { detectorId: detector.id, name: feature, status: "ENABLED", additionalConfigurations: extra.map((n) => ({ name: n, status: "ENABLED" })) },
                { parent: this },
            );
            new aws.guardduty.OrganizationConfigurationFeature(
                `${name}-organization-${featureKey(feature)}`,
                { detectorId: detector.id, name: feature, autoEnable: "ALL", additionalConfigurations: extra.map((n) => ({ name: n, autoEnable: "ALL" })) },
                { parent: this, dependsOn: [organization] },
            );
        }
        this.detectorId = detector.id;
        this.registerOutputs({ detectorId: this.detectorId });
    }
}
