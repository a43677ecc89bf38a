import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful } from "../common";
import { FINDING_PUBLISHING_FREQUENCIES, FindingPublishingFrequency } from "./defaults";

/**
 * Amazon Macie for the whole organization, run from its delegated administrator (the security
 * account; the bootstrap stack designates it with `aws.macie2.OrganizationAdminAccount`): Macie
 * enabled in the administrator (FSBP Macie.1) and the organization configuration that enables it
 * in every account that joins the organization (`autoEnable`)
 * (https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html,
 * https://docs.aws.amazon.com/securityhub/latest/userguide/macie-controls.html, read 2026-12-03).
 *
 * Not here: automated sensitive data discovery (FSBP Macie.2). `@pulumi/aws` 7.48 has no resource
 * for Macie's `UpdateAutomatedDiscoveryConfiguration` (the Terraform provider it bridges lacks it:
 * https://github.com/hashicorp/terraform-provider-aws/issues/34938, open, read 2026-12-03), so it is
 * turned on in the console or with `aws macie2 update-automated-discovery-configuration --status ENABLED
 * --auto-enable-organization-members ALL` (components/security/README.md).
 */
export interface OrganizationMacieArgs {
    /** How often updated policy findings are published to EventBridge and Security Hub. @default "FIFTEEN_MINUTES" */
    findingPublishingFrequency?: FindingPublishingFrequency;
    /** Protect and retain the Macie account (disabling it deletes its findings, jobs and settings). @default true */
    protect?: boolean;
}

export const ORGANIZATION_MACIE_DEFAULTS = { findingPublishingFrequency: "FIFTEEN_MINUTES", protect: true } as const;

export function validateOrganizationMacieArgs(args: OrganizationMacieArgs): void {
    const p = new Problems();
    if (args.findingPublishingFrequency !== undefined) {
        p.oneOf("findingPublishingFrequency", args.findingPublishingFrequency, FINDING_PUBLISHING_FREQUENCIES);
    }
    p.throwIfAny("OrganizationMacie");
}

export class OrganizationMacie extends pulumi.ComponentResource {
    readonly macieAccountId: pulumi.Output<string>;

    constructor(name: string, args: OrganizationMacieArgs = {}, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:security:OrganizationMacie", name, {}, opts);
        validateOrganizationMacieArgs(args);
        const protect = args.protect ?? ORGANIZATION_MACIE_DEFAULTS.protect;
        const account = new aws.macie2.Account(
            name,
            { status: "ENABLED", findingPublishingFrequency: args.findingPublishingFrequency ?? ORGANIZATION_MACIE_DEFAULTS.findingPublishingFrequency },
            stateful(this, protect),
        );
        new aws.macie2.OrganizationConfiguration(`${name}-organization`, { autoEnable: true }, { parent: this, dependsOn: [account] });
        this.macieAccountId = account.id;
        this.registerOutputs({ macieAccountId: this.macieAccountId });
    }
}
