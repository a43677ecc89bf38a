import type { PlatformConfig } from "../../config/schema";
import type { Clients } from "./clients";
import { checkClusterEndpoint } from "./cluster-endpoint";
import { checkGithubOidcProviders, checkRunnersConnection } from "./connections";
import type { Context } from "./context";
import { errorMessage } from "./errors";
import { assumeRoles, bootstrapCaller, callerIdentity } from "./identity";
import type { CheckResult, PreflightReport } from "./model";
import { checkRamSharing } from "./organization";
import { checkPrincipals } from "./principals";
import { Probe, tcpProbe } from "./probe";
import { checkQuotas } from "./quotas";
import { checkServiceLinkedRoles } from "./service-linked-roles";

export interface PreflightOptions {
    clients: Clients;
    /** How the cluster endpoint is reached; a 5-second TCP connect by default. */
    probe?: Probe;
}

/** The checks after the roles are assumed, in report order; each reads the sessions held. */
const CHECKS: { check: string; run: (ctx: Context) => Promise<CheckResult[]> | CheckResult[] }[] = [
    { check: "principal", run: checkPrincipals },
    { check: "ram-sharing", run: checkRamSharing },
    { check: "service-linked-role", run: checkServiceLinkedRoles },
    { check: "quota", run: checkQuotas },
    { check: "cluster-endpoint", run: checkClusterEndpoint },
    { check: "connection", run: checkRunnersConnection },
    { check: "github-oidc", run: checkGithubOidcProviders },
];

/**
 * Every read-only check of a stack against the live account. Checks that do not apply to the
 * stack's role return nothing. An error a check cannot judge (throttling, no network, a bug) is
 * recorded against that check and the others still run.
 */
export async function runPreflight(config: PlatformConfig, stack: string, options: PreflightOptions): Promise<PreflightReport> {
    const report: PreflightReport = { stack, role: config.role, accountId: config.accountId, region: config.region, results: [], errors: [] };
    let identity: Awaited<ReturnType<typeof callerIdentity>>;
    try {
        identity = await callerIdentity(options.clients, config.region);
    } catch (e) {
        report.errors.push({ check: "credentials", message: errorMessage(e) });
        return report;
    }
    if ("problem" in identity) {
        report.results.push(identity.problem);
        return report;
    }
    report.caller = { arn: identity.session.principal, accountId: identity.session.accountId };
    report.results.push(identity.result);
    const ctx: Context = {
        config,
        stack,
        clients: options.clients,
        probe: options.probe ?? tcpProbe(),
        caller: identity.session,
        sessions: new Map([[identity.session.accountId, identity.session]]),
    };
    report.results.push(...bootstrapCaller(ctx));
    for (const step of [{ check: ctx.config.role === "bootstrap" ? "access-role" : "deployment-role", run: assumeRoles }, ...CHECKS]) {
        try {
            report.results.push(...(await step.run(ctx)));
        } catch (e) {
            report.errors.push({ check: step.check, message: errorMessage(e) });
        }
    }
    return report;
}
