import { ListRolesCommand } from "@aws-sdk/client-iam";
import { requiredServiceLinkedRoles, SERVICE_LINKED_ROLE_NAMES } from "../../config/prerequisites";
import { Context, otherAccountFix, sessionFor } from "./context";
import { errorMessage, isAccessDenied } from "./errors";
import type { CheckResult } from "./model";

/**
 * The stack creates the service-linked roles it relies on unless
 * `platform:prerequisites.existingServiceLinkedRoles` lists them (config/prerequisites.ts).
 * IAM allows one per service and name, so the settings must agree with the account: a role that
 * exists but is not listed fails the first deploy ("has been taken in this account"), a role
 * listed but missing is never created.
 * Service-linked roles live under `/aws-service-role/<service>/`
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html, read 2026-12-02).
 */
export async function checkServiceLinkedRoles(ctx: Context): Promise<CheckResult[]> {
    const c = ctx.config;
    const required = requiredServiceLinkedRoles(c);
    if (required.length === 0) {
        return [];
    }
    const session = sessionFor(ctx, c.accountId);
    if (!session) {
        return [{ check: "service-linked-role", status: "not-checked", message: `${required.map((s) => SERVICE_LINKED_ROLE_NAMES[s]).join(", ")}: preflight holds no credentials for account ${c.accountId}`, fix: otherAccountFix(ctx, c.accountId) }];
    }
    const iam = ctx.clients.iam(session, c.region);
    const listed = new Set<string>(c.prerequisites.existingServiceLinkedRoles);
    const results: CheckResult[] = [];
    for (const service of required) {
        const name = SERVICE_LINKED_ROLE_NAMES[service];
        const names: string[] = [];
        try {
            let marker: string | undefined;
            do {
                const page = await iam.send(new ListRolesCommand({ PathPrefix: `/aws-service-role/${service}/`, Marker: marker }));
                names.push(...(page.Roles ?? []).map((r) => r.RoleName ?? ""));
                marker = page.IsTruncated ? page.Marker : undefined;
            } while (marker);
        } catch (e) {
            if (!isAccessDenied(e)) {
                throw e;
            }
            results.push({ check: "service-linked-role", status: "not-checked", message: `${name}: ${session.principal} may not list roles (${errorMessage(e)})`, fix: `allow iam:ListRoles to ${session.principal}, or ${otherAccountFix(ctx, c.accountId)}` });
            continue;
        }
        const exists = names.includes(name);
        if (exists && listed.has(service)) {
            results.push({ check: "service-linked-role", status: "ok", message: `${name} exists in account ${c.accountId} and is listed in platform:prerequisites.existingServiceLinkedRoles` });
        } else if (!exists && !listed.has(service)) {
            results.push({ check: "service-linked-role", status: "ok", message: `${name} does not exist in account ${c.accountId} yet; the stack creates it` });
        } else if (exists) {
            results.push({
                check: "service-linked-role",
                status: "problem",
                message: `${name} already exists in account ${c.accountId}`,
                fix: `list it in platform:prerequisites.existingServiceLinkedRoles ("${service}") or the first deploy fails with 'has been taken in this account'`,
            });
        } else {
            results.push({
                check: "service-linked-role",
                status: "problem",
                message: `${name} does not exist in account ${c.accountId}, but platform:prerequisites.existingServiceLinkedRoles lists "${service}", so no stack creates it`,
                fix: `remove "${service}" from platform:prerequisites.existingServiceLinkedRoles so that the stack creates it, or create it: aws iam create-service-linked-role --aws-service-name ${service}`,
            });
        }
    }
    return results;
}
