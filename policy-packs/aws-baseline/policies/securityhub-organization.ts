import * as aws from "@pulumi/aws";
import type { Policies, StackValidationPolicy } from "@pulumi/policy";
import { ofType, refersTo } from "../../lib/links";
import { control } from "../../lib/metadata";
import { tokenOf } from "../../lib/types";
import { allOf, anyOf, not, read, show, test, Verdicts } from "../../lib/verdicts";

/**
 * CIS AWS Foundations 3.0.0 4.16, "Ensure AWS Security Hub is enabled", in every account and every
 * region. With Security Hub central configuration the delegated administrator's configuration
 * policies take effect in the home Region and every linked Region, for the accounts they are
 * associated with (https://docs.aws.amazon.com/securityhub/latest/userguide/central-configuration-intro.html,
 * read 2026-12-03); the linked Regions are those of the cross-Region aggregator, and its
 * `ALL_REGIONS` mode links every Region, including those enabled later
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/finding-aggregation.html, read 2026-12-03).
 * So the organization's stack turns Security Hub on everywhere when it has: central configuration,
 * an aggregator linking all Regions, and a policy with `serviceEnabled: true` associated with the
 * organization root. Stacks without an organization configuration are not judged here
 * (securityhub-standards judges a single account's Security Hub).
 */

const T = {
    orgConfig: tokenOf(aws.securityhub.OrganizationConfiguration),
    aggregator: tokenOf(aws.securityhub.FindingAggregator),
    policy: tokenOf(aws.securityhub.ConfigurationPolicy),
    association: tokenOf(aws.securityhub.ConfigurationPolicyAssociation),
};

/** An organization root ID: `r-` and 4 to 32 lower-case letters or digits (Organizations API reference, Root). */
const ROOT_ID = /^r-[0-9a-z]{4,32}$/;

export const securityhubAllRegions: StackValidationPolicy = {
    name: "securityhub-all-regions",
    description:
        "Checks whether the organization's Security Hub is on in every account and Region: central configuration, a finding aggregator linking all Regions, and a configuration policy that turns Security Hub on, associated with the organization root.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-aws", "4.16", "Ensure AWS Security Hub is enabled"),
    tags: [],
    remediationSteps:
        'In the delegated administrator\'s stack: aws.securityhub.OrganizationConfiguration with organizationConfiguration.configurationType "CENTRAL", ' +
        'aws.securityhub.FindingAggregator with linkingMode "ALL_REGIONS", and an aws.securityhub.ConfigurationPolicy with configurationPolicy.serviceEnabled: true ' +
        "associated (aws.securityhub.ConfigurationPolicyAssociation) with the organization root (r-...). components/security OrganizationSecurityHub does all of it when linkedRegions is left empty.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const orgs = ofType(args.resources, T.orgConfig);
        if (orgs.length === 0) {
            args.notApplicable("no Security Hub organization configuration in this stack");
            return;
        }
        const v = new Verdicts(report);
        for (const org of orgs) {
            const type = read<string>(read<unknown>(org.props, "organizationConfiguration"), "configurationType");
            v.when(
                not(test(type, (t) => t === "CENTRAL")),
                () => report(`Security Hub organization configuration is ${show(type)}; set organizationConfiguration.configurationType "CENTRAL" so that configuration policies reach every account and Region.`, org.urn),
            );
        }
        const anchor = orgs[0].urn;
        const aggregators = ofType(args.resources, T.aggregator);
        if (aggregators.length === 0) {
            v.fail('No Security Hub finding aggregator: central configuration then covers the home Region only. Add aws.securityhub.FindingAggregator with linkingMode "ALL_REGIONS".', anchor);
        }
        for (const a of aggregators) {
            const mode = read<string>(a.props, "linkingMode");
            v.when(
                not(test(mode, (m) => m === "ALL_REGIONS")),
                () => report(`Security Hub finding aggregator links ${show(mode)}: Regions left out run without Security Hub. Set linkingMode "ALL_REGIONS".`, a.urn),
            );
        }
        const associations = ofType(args.resources, T.association);
        const enabledAtRoot = ofType(args.resources, T.policy).map((p) => {
            const enabled = test(read<unknown>(read<unknown>(p.props, "configurationPolicy"), "serviceEnabled"), (x) => x === true || x === "true");
            const atRoot = anyOf(associations.filter((a) => refersTo(a, "policyId", p)).map((a) => test(read<string>(a.props, "targetId"), (t) => typeof t === "string" && ROOT_ID.test(t))));
            return allOf([enabled, atRoot]);
        });
        v.when(not(anyOf(enabledAtRoot)), () =>
            report("No Security Hub configuration policy that turns Security Hub on (configurationPolicy.serviceEnabled: true) is associated with the organization root (targetId r-...).", anchor),
        );
        v.settle();
    },
};

export const securityhubOrganizationPolicies: Policies = [securityhubAllRegions];
