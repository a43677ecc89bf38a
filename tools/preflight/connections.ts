import { GetConnectionCommand } from "@aws-sdk/client-codestar-connections";
import { GetOpenIDConnectProviderCommand } from "@aws-sdk/client-iam";
import { partitionOf } from "../../components/common/aws";
import { Context, otherAccountFix, sessionFor } from "./context";
import { errorMessage, errorName, isAccessDenied } from "./errors";
import type { CheckResult } from "./model";
import { githubOidcProviders, runnersConnectionArn } from "./needs";

/**
 * A CodeConnections connection is created PENDING and becomes AVAILABLE only once someone
 * completes the handshake with the provider in the console
 * (https://docs.aws.amazon.com/codeconnections/latest/APIReference/API_Connection.html, read 2026-12-02).
 * Runners registered through a PENDING connection never receive a job.
 */
export async function checkRunnersConnection(ctx: Context): Promise<CheckResult[]> {
    const arn = runnersConnectionArn(ctx.config);
    if (!arn) {
        return [];
    }
    // arn:<partition>:codeconnections|codestar-connections:<region>:<account>:connection/<id>
    const [, , , region, accountId] = arn.split(":");
    const session = sessionFor(ctx, accountId);
    if (!session || !region) {
        return [{ check: "connection", status: "not-checked", message: `${arn}: preflight holds no credentials for account ${accountId}`, fix: otherAccountFix(ctx, accountId) }];
    }
    try {
        const connection = (await ctx.clients.connections(session, region).send(new GetConnectionCommand({ ConnectionArn: arn }))).Connection;
        const status = connection?.ConnectionStatus ?? "unknown";
        if (status === "AVAILABLE") {
            return [{ check: "connection", status: "ok", message: `connection ${connection?.ConnectionName ?? arn} (platform:runners.connectionArn) is AVAILABLE` }];
        }
        return [
            {
                check: "connection",
                status: "problem",
                message: `connection ${connection?.ConnectionName ?? arn} (platform:runners.connectionArn) is ${status}, not AVAILABLE`,
                fix: `complete the handshake in the console: Developer Tools > Settings > Connections > ${connection?.ConnectionName ?? arn} > Update pending connection (account ${accountId}, ${region})`,
            },
        ];
    } catch (e) {
        if (errorName(e) === "ResourceNotFoundException") {
            return [{ check: "connection", status: "problem", message: `connection ${arn} (platform:runners.connectionArn) does not exist`, fix: "create it (the bootstrap stack's platform:bootstrap.githubConnection) and complete its handshake in the console, or correct platform:runners.connectionArn" }];
        }
        if (isAccessDenied(e)) {
            return [{ check: "connection", status: "not-checked", message: `connection ${arn}: ${session.principal} may not read it (${errorMessage(e)})`, fix: `allow codeconnections:GetConnection to ${session.principal}` }];
        }
        throw e;
    }
}

const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/**
 * IAM keeps one OIDC provider per URL in an account: the bootstrap either creates GitHub's
 * (`githubOidcProvider: create`) or trusts the one already there (`existing`), and the account
 * must agree (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_oidc.html, read 2026-12-02).
 * Checked in every account preflight holds credentials for: the caller's, and those whose access
 * role it assumed.
 */
export async function checkGithubOidcProviders(ctx: Context): Promise<CheckResult[]> {
    const results: CheckResult[] = [];
    for (const { accountId, mode } of githubOidcProviders(ctx.config)) {
        const arn = `arn:${partitionOf(ctx.config.region)}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
        const session = sessionFor(ctx, accountId);
        if (!session) {
            results.push({ check: "github-oidc", status: "not-checked", message: `${arn} (githubOidcProvider: ${mode}): preflight holds no credentials for account ${accountId}`, fix: otherAccountFix(ctx, accountId) });
            continue;
        }
        let exists: boolean;
        try {
            await ctx.clients.iam(session, ctx.config.region).send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
            exists = true;
        } catch (e) {
            if (errorName(e) === "NoSuchEntityException") {
                exists = false;
            } else if (isAccessDenied(e)) {
                results.push({ check: "github-oidc", status: "not-checked", message: `${arn}: ${session.principal} may not read it (${errorMessage(e)})`, fix: `allow iam:GetOpenIDConnectProvider to ${session.principal}` });
                continue;
            } else {
                throw e;
            }
        }
        const where = `platform:bootstrap.accounts (account ${accountId})`;
        if (mode === "existing" && !exists) {
            results.push({ check: "github-oidc", status: "problem", message: `${arn} does not exist, but ${where} sets githubOidcProvider: existing`, fix: `set githubOidcProvider: create for account ${accountId} so that the bootstrap creates it` });
        } else if (mode === "create" && exists) {
            results.push({
                check: "github-oidc",
                status: "problem",
                message: `${arn} already exists, but ${where} sets githubOidcProvider: create (IAM allows one provider per URL)`,
                fix: `set githubOidcProvider: existing for account ${accountId} so that the bootstrap trusts the one there`,
            });
        } else {
            results.push({ check: "github-oidc", status: "ok", message: exists ? `${arn} exists (githubOidcProvider: existing)` : `${arn} does not exist yet; the bootstrap creates it (githubOidcProvider: create)` });
        }
    }
    return results;
}
