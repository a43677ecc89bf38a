import { ListAWSServiceAccessForOrganizationCommand } from "@aws-sdk/client-organizations";
import type { Context } from "./context";
import { errorMessage, errorName, isAccessDenied } from "./errors";
import type { CheckResult } from "./model";

export const RAM_SERVICE_PRINCIPAL = "ram.amazonaws.com";

/**
 * A network stack that shares its Transit Gateway with the organization needs RAM sharing with
 * AWS Organizations, which is trusted access for `ram.amazonaws.com`. The read-only way to see it
 * is organizations:ListAWSServiceAccessForOrganization, which only the management account or a
 * delegated administrator may call
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAWSServiceAccessForOrganization.html,
 * https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs, read 2026-12-02).
 * It runs with the caller's own credentials; from any other account it is reported as not checked.
 */
export async function checkRamSharing(ctx: Context): Promise<CheckResult[]> {
    const c = ctx.config;
    if (c.role !== "network" || !c.transitHub?.shareWithOrganization) {
        return [];
    }
    const org = ctx.clients.organizations(ctx.caller, c.region);
    const enabled: string[] = [];
    try {
        let token: string | undefined;
        do {
            const page = await org.send(new ListAWSServiceAccessForOrganizationCommand({ NextToken: token }));
            enabled.push(...(page.EnabledServicePrincipals ?? []).map((p) => p.ServicePrincipal ?? ""));
            token = page.NextToken;
        } while (token);
    } catch (e) {
        if (isAccessDenied(e) || errorName(e) === "AWSOrganizationsNotInUseException") {
            return [
                {
                    check: "ram-sharing",
                    status: "not-checked",
                    message: `RAM sharing with AWS Organizations (needed by platform:transitHub.shareWithOrganization: true): account ${ctx.caller.accountId} may not list the organization's trusted services (${errorMessage(e)})`,
                    fix: `run \`npm run preflight -- --stack ${ctx.stack}\` with credentials of the management account ${c.organization.managementAccountId} (or a delegated administrator), or there: aws organizations list-aws-service-access-for-organization`,
                },
            ];
        }
        throw e;
    }
    if (enabled.includes(RAM_SERVICE_PRINCIPAL)) {
        return [{ check: "ram-sharing", status: "ok", message: `RAM sharing with AWS Organizations is on (${RAM_SERVICE_PRINCIPAL} has trusted access in organization ${c.organization.id})` }];
    }
    return [
        {
            check: "ram-sharing",
            status: "problem",
            message: `RAM sharing with AWS Organizations is off (${RAM_SERVICE_PRINCIPAL} has no trusted access in organization ${c.organization.id}), so sharing the Transit Gateway with the organization (platform:transitHub.shareWithOrganization: true) fails`,
            fix: "the bootstrap stack enables it (aws.ram.SharingWithOrganization) in the management account: run it there first, or share with accounts instead (platform:transitHub.shareWithOrganization: false and shareWithAccounts)",
        },
    ];
}
