import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { REGION, ROOT_ID, SECURITY_HUB_STANDARDS, SecurityHubStandard, standardArn } from "./defaults";

/**
 * Security Hub for the whole organization with central configuration, run from its delegated
 * administrator (the security account; the bootstrap stack designates it): a finding aggregator
 * in the home region, the organization switched to CENTRAL configuration, and one configuration
 * policy (Security Hub on, the FSBP v1.0.0 and CIS AWS Foundations 3.0.0 standards, every control of
 * them) associated with the organization's root, so every account in every linked region, new ones
 * included, is enabled and subscribed (FSBP SecurityHub.1). Central configuration needs the
 * aggregator first and local auto-enable off
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/start-central-configuration.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation.html, read 2026-12-03).
 */
export interface OrganizationSecurityHubArgs {
    /** Home region (the aggregation region): the standards' ARNs are in it. */
    region: string;
    /** Targets of the configuration policy: the organization's root (`r-…`), or OUs / accounts. */
    targetIds: string[];
    /** Regions aggregated into the home region and centrally configured; empty: every region, new ones too. @default [] */
    linkedRegions?: string[];
    /** Standards enabled in every account. @default ["fsbp", "cis"] */
    standards?: SecurityHubStandard[];
}

export const ORGANIZATION_SECURITY_HUB_DEFAULTS = { linkedRegions: [] as string[], standards: ["fsbp", "cis"] as SecurityHubStandard[] } as const;

const TARGET = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;

export function validateOrganizationSecurityHubArgs(args: OrganizationSecurityHubArgs): void {
    const p = new Problems();
    if (!REGION.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    if (!Array.isArray(args.targetIds) || args.targetIds.length === 0) {
        p.add("targetIds", args.targetIds, "is empty; list the organization's root (r-…), or the OUs and accounts the policy applies to");
    } else {
        args.targetIds.forEach((t, i) => {
            if (!TARGET.test(String(t))) {
                p.add(`targetIds[${i}]`, t, "is not a root (r-…), an OU (ou-…-…) or a 12-digit account ID");
            }
        });
        if (args.targetIds.some((t) => ROOT_ID.test(String(t))) && args.targetIds.length > 1) {
            p.add("targetIds", args.targetIds, "names the root and more; the root's policy already applies to every OU and account");
        }
    }
    (args.linkedRegions ?? []).forEach((r, i) => {
        if (!REGION.test(String(r))) {
            p.add(`linkedRegions[${i}]`, r, 'is not an AWS region name such as "eu-central-1"');
        } else if (r === args.region) {
            p.add(`linkedRegions[${i}]`, r, "is the home region, which aggregates; list only the other regions");
        }
    });
    const standards = args.standards ?? ORGANIZATION_SECURITY_HUB_DEFAULTS.standards;
    if (standards.length === 0) {
        p.add("standards", standards, `is empty; enable at least one of ${Object.keys(SECURITY_HUB_STANDARDS).join(", ")}`);
    }
    standards.forEach((s, i) => {
        if (!(s in SECURITY_HUB_STANDARDS)) {
            p.add(`standards[${i}]`, s, `is not one of ${Object.keys(SECURITY_HUB_STANDARDS).map((k) => JSON.stringify(k)).join(", ")}`);
        }
    });
    p.throwIfAny("OrganizationSecurityHub");
}

export class OrganizationSecurityHub extends pulumi.ComponentResource {
    readonly configurationPolicyId: pulumi.Output<string>;
    /** The standards' ARNs the policy enables. */
    readonly standardArns: string[];

    constructor(name: string, args: OrganizationSecurityHubArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:OrganizationSecurityHub", name, {}, opts);
        validateOrganizationSecurityHubArgs(args);
        const linked = args.linkedRegions ?? ORGANIZATION_SECURITY_HUB_DEFAULTS.linkedRegions;
        const standards = (args.standards ?? ORGANIZATION_SECURITY_HUB_DEFAULTS.standards).map((s) => standardArn(args.region, s));
        const aggregator = new aws.securityhub.FindingAggregator(
            `${name}-aggregator`,
            linked.length === 0 ? { linkingMode: "ALL_REGIONS" } : { linkingMode: "SPECIFIED_REGIONS", specifiedRegions: linked },
            { parent: this },
        );
        const organization = new aws.securityhub.OrganizationConfiguration(
            `${name}-organization`,
            { autoEnable: false, autoEnableStandards: "NONE", organizationConfiguration: { configurationType: "CENTRAL" } },
            { parent: this, dependsOn: [aggregator] },
        );
        const policy = new aws.securityhub.ConfigurationPolicy(
            `${name}-policy`,
            {
                name: "platform-baseline",
                description: `Security Hub on, with ${standards.join(", ")}, every control enabled`,
                configurationPolicy: { serviceEnabled: true, enabledStandardArns: standards, securityControlsConfiguration: { disabledControlIdentifiers: [] } },
            },
            { parent: this, dependsOn: [organization] },
        );
        args.targetIds.forEach((target, i) => {
            new aws.securityhub.ConfigurationPolicyAssociation(`${name}-policy-${i}`, { targetId: target, policyId: policy.id }, { parent: this });
        });
        this.configurationPolicyId = policy.id;
        this.standardArns = standards;
        this.registerOutputs({ configurationPolicyId: this.configurationPolicyId, standardArns: standards });
    }
}
