import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import type { Clients } from "./clients";
import type { Context } from "./context";
import { errorMessage, isAccessDenied, isCredentialsError } from "./errors";
import type { CheckResult, Session } from "./model";
import { rolesToAssume } from "./needs";

/** The caller's own credentials, before anything is known about them. */
const CALLER: Session = { accountId: "unknown", principal: "caller" };

/**
 * Who runs preflight (sts:GetCallerIdentity needs no permission). Without usable credentials
 * nothing else can be checked: one problem, and the run stops.
 */
export async function callerIdentity(clients: Clients, region: string): Promise<{ session: Session; result: CheckResult } | { problem: CheckResult }> {
    try {
        const id = await clients.sts(CALLER, region).send(new GetCallerIdentityCommand({}));
        const session: Session = { accountId: id.Account!, principal: id.Arn! };
        return { session, result: { check: "credentials", status: "info", message: `running as ${id.Arn} (account ${id.Account})` } };
    } catch (e) {
        if (isCredentialsError(e)) {
            return {
                problem: {
                    check: "credentials",
                    status: "problem",
                    message: `no usable AWS credentials (${errorMessage(e)})`,
                    fix: "sign in first (aws sso login, AWS_PROFILE, or the OIDC role in CI) and run preflight again",
                },
            };
        }
        throw e;
    }
}

/**
 * Bootstrap runs with the caller's own credentials and `allowedAccountIds` pins its account
 * (infra/providers.ts), so the caller must be in that account.
 */
export function bootstrapCaller(ctx: Context): CheckResult[] {
    const c = ctx.config;
    if (c.role !== "bootstrap") {
        return [];
    }
    if (ctx.caller.accountId === c.accountId) {
        return [{ check: "credentials", status: "ok", message: `the bootstrap runs with these credentials in account ${c.accountId} (platform:accountId)` }];
    }
    return [
        {
            check: "credentials",
            status: "problem",
            message: `the bootstrap runs with the caller's own credentials in account ${c.accountId} (platform:accountId), but the caller is in account ${ctx.caller.accountId}`,
            fix: `use administrator credentials of account ${c.accountId}`,
        },
    ];
}

/**
 * sts:AssumeRole on every role the stack's providers assume. A role assumed becomes the session
 * preflight reads that account with, as `pulumi up` would. AssumeRole answers AccessDenied both
 * for a role that does not exist and for a trust that does not admit the caller.
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html, read 2026-12-02)
 */
export async function assumeRoles(ctx: Context): Promise<CheckResult[]> {
    const check = ctx.config.role === "bootstrap" ? "access-role" : "deployment-role";
    const results: CheckResult[] = [];
    for (const target of rolesToAssume(ctx.config)) {
        try {
            const out = await ctx.clients.sts(ctx.caller, ctx.config.region).send(
                new AssumeRoleCommand({ RoleArn: target.roleArn, RoleSessionName: `preflight-${ctx.stack}`.slice(0, 64), DurationSeconds: 900 }),
            );
            const cr = out.Credentials!;
            ctx.sessions.set(target.accountId, {
                accountId: target.accountId,
                principal: target.roleArn,
                credentials: { accessKeyId: cr.AccessKeyId!, secretAccessKey: cr.SecretAccessKey!, sessionToken: cr.SessionToken, expiration: cr.Expiration },
            });
            results.push({ check, status: "ok", message: `${ctx.caller.principal} can assume ${target.roleArn} (${target.why})` });
        } catch (e) {
            if (!isAccessDenied(e)) {
                throw e;
            }
            results.push({ check, status: "problem", message: `${ctx.caller.principal} cannot assume ${target.roleArn} (${target.why}): ${errorMessage(e)}`, fix: target.fix });
        }
    }
    return results;
}
