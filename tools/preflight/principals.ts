import { GetRoleCommand, GetUserCommand } from "@aws-sdk/client-iam";
import { Context, otherAccountFix, sessionFor } from "./context";
import { errorMessage, errorName, isAccessDenied } from "./errors";
import type { CheckResult } from "./model";

export interface ParsedPrincipal {
    accountId: string;
    kind: "role" | "user";
    /** The IAM name: the last segment of a role or user ARN (the path comes before it), the role of an assumed-role ARN. */
    name: string;
}

/** `arn:<p>:iam::<acct>:role/<path/>name`, `…:user/<path/>name` or `arn:<p>:sts::<acct>:assumed-role/<role>/<session>`. */
export function parsePrincipalArn(arn: string): ParsedPrincipal | undefined {
    const m = /^arn:[\w-]+:(?:iam|sts)::(\d{12}):(role|user|assumed-role)\/(.+)$/.exec(arn);
    if (!m) {
        return undefined;
    }
    const segments = m[3].split("/");
    return m[2] === "assumed-role" ? { accountId: m[1], kind: "role", name: segments[0] } : { accountId: m[1], kind: m[2] as "role" | "user", name: segments[segments.length - 1] };
}

/**
 * Every `platform:prerequisites.principals` entry exists: IAM and EKS refuse a trust, key policy
 * or access entry naming one that does not. Read with the credentials preflight holds for the
 * principal's account (the caller's, or the role it assumed there); principals in other
 * accounts are reported as not checked.
 */
export async function checkPrincipals(ctx: Context): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    for (const arn of ctx.config.prerequisites.principals) {
        const p = parsePrincipalArn(arn)!;
        const session = sessionFor(ctx, p.accountId);
        if (!session) {
            results.push({
                check: "principal",
                status: "not-checked",
                message: `${arn}: preflight holds no credentials for account ${p.accountId}`,
                fix: `${otherAccountFix(ctx, p.accountId)}, or there: aws iam get-${p.kind} --${p.kind}-name ${p.name}`,
            });
            continue;
        }
        const iam = ctx.clients.iam(session, ctx.config.region);
        try {
            const found = p.kind === "role" ? (await iam.send(new GetRoleCommand({ RoleName: p.name }))).Role?.Arn : (await iam.send(new GetUserCommand({ UserName: p.name }))).User?.Arn;
            // The path is part of the ARN a policy names; a role found by name under another path is another ARN.
            if (found !== undefined && !arn.includes(":assumed-role/") && found !== arn) {
                results.push({ check: "principal", status: "problem", message: `${arn} does not exist; the ${p.kind} ${p.name} is ${found} (another path)`, fix: `name it by its ARN ${found} in the settings and in platform:prerequisites.principals` });
            } else {
                results.push({ check: "principal", status: "ok", message: `${arn} exists` });
            }
        } catch (e) {
            if (errorName(e) === "NoSuchEntityException" || errorName(e) === "NoSuchEntity") {
                results.push({
                    check: "principal",
                    status: "problem",
                    message: `${arn} does not exist`,
                    fix: `create the ${p.kind} in account ${p.accountId} before the first deploy (EKS and IAM refuse a principal that does not exist), or remove it from the settings that name it and from platform:prerequisites.principals`,
                });
            } else if (isAccessDenied(e)) {
                results.push({ check: "principal", status: "not-checked", message: `${arn}: ${session.principal} may not read it (${errorMessage(e)})`, fix: `allow iam:Get${p.kind === "role" ? "Role" : "User"} to ${session.principal}, or ${otherAccountFix(ctx, p.accountId)}` });
            } else {
                throw e;
            }
        }
    }
    return results;
}
