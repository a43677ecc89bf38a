import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Problems, stateful } from "../common";

/**
 * The management account's part of the organization's detection layer
 * (docs/decisions/0014-security-account.md): the security account registered as the delegated
 * administrator of CloudTrail, GuardDuty, Security Hub, AWS Config, IAM Access Analyzer, Amazon
 * Inspector and Amazon Macie. Only
 * the management account can register them, so the provider must be the management account's;
 * everything else runs in the security account (the security stack).
 *
 * - CloudTrail through CloudTrail's own API (`RegisterOrganizationDelegatedAdmin`), not through
 *   Organizations: only that call creates CloudTrail's service-linked role in the management
 *   account (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-delegated-administrator.html, read 2026-12-03).
 * - GuardDuty and Security Hub through their own APIs (`EnableOrganizationAdminAccount`)
 *   (https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_organizations.html,
 *   https://docs.aws.amazon.com/securityhub/latest/userguide/designate-orgs-admin-account.html, read 2026-12-03);
 *   the security stack's central configuration policy then enables Security Hub and its standards
 *   in every account, the management account included.
 * - Inspector through its own API (`EnableDelegatedAdminAccount`) and Macie through its own
 *   (`EnableOrganizationAdminAccount`)
 *   (https://docs.aws.amazon.com/inspector/latest/user/designating-admin.html,
 *   https://docs.aws.amazon.com/macie/latest/user/accounts-mgmt-ao-integrate.html, read 2026-12-03);
 *   the security stack then enables both there and auto-enables them for the organization.
 * - AWS Config and IAM Access Analyzer through Organizations (`RegisterDelegatedAdministrator`)
 *   (https://docs.aws.amazon.com/config/latest/developerguide/aggregated-register-delegated-administrator.html,
 *   https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-settings.html#access-analyzer-delegated-administrator, read 2026-12-03).
 *
 * Each needs the service's trusted access in Organizations first, which only
 * `aws organizations enable-aws-service-access` (or the Organization resource, which this project
 * does not manage) turns on: README, "First deploy".
 */
export interface SecurityDelegationArgs {
    /** The member account that administers the services (the security stack's account). */
    securityAccountId: string;
    /** The account this runs in: the organization's management account. */
    managementAccountId: string;
    /** Protect the registrations and keep them when removed (deregistering stops the organization's detection). @default true */
    protect?: boolean;
}

export const SECURITY_DELEGATION_DEFAULTS = { protect: true } as const;

/** Services registered through Organizations, by child name suffix. */
export const ORGANIZATIONS_DELEGATED_SERVICES = { config: "config.amazonaws.com", "access-analyzer": "access-analyzer.amazonaws.com" } as const;

/** Every service principal whose trusted access the registrations need (README, "First deploy"). */
export const SECURITY_TRUSTED_ACCESS_PRINCIPALS = [
    "cloudtrail.amazonaws.com",
    "guardduty.amazonaws.com",
    "securityhub.amazonaws.com",
    "config.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "access-analyzer.amazonaws.com",
    "inspector2.amazonaws.com",
    "macie.amazonaws.com",
] as const;

export function validateSecurityDelegationArgs(args: SecurityDelegationArgs): void {
    const p = new Problems();
    if (!/^\d{12}$/.test(String(args.securityAccountId))) {
        p.add("securityAccountId", args.securityAccountId, "is not a 12-digit AWS account ID");
    }
    if (!/^\d{12}$/.test(String(args.managementAccountId))) {
        p.add("managementAccountId", args.managementAccountId, "is not a 12-digit AWS account ID");
    }
    if (args.securityAccountId === args.managementAccountId) {
        p.add("securityAccountId", args.securityAccountId, "is the management account; AWS accepts only a member account as delegated administrator");
    }
    p.throwIfAny("SecurityDelegation");
}

export class SecurityDelegation extends pulumi.ComponentResource {
    constructor(name: string, args: SecurityDelegationArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:SecurityDelegation", name, {}, opts);
        validateSecurityDelegationArgs(args);
        const protect = args.protect ?? SECURITY_DELEGATION_DEFAULTS.protect;
        const account = args.securityAccountId;
        new aws.cloudtrail.OrganizationDelegatedAdminAccount(`${name}-cloudtrail`, { accountId: account }, stateful(this, protect));
        new aws.guardduty.OrganizationAdminAccount(`${name}-guardduty`, { adminAccountId: account }, stateful(this, protect));
        new aws.securityhub.OrganizationAdminAccount(`${name}-securityhub`, { adminAccountId: account }, stateful(this, protect));
        new aws.inspector2.DelegatedAdminAccount(`${name}-inspector`, { accountId: account }, stateful(this, protect));
        new aws.macie2.OrganizationAdminAccount(`${name}-macie`, { adminAccountId: account }, stateful(this, protect));
        for (const [key, servicePrincipal] of Object.entries(ORGANIZATIONS_DELEGATED_SERVICES)) {
            new aws.organizations.DelegatedAdministrator(`${name}-${key}`, { accountId: account, servicePrincipal }, stateful(this, protect));
        }
        this.registerOutputs({});
    }
}
