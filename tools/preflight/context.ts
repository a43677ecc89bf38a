import type { PlatformConfig } from "../../config/schema";
import type { Clients } from "./clients";
import type { Session } from "./model";
import type { Probe } from "./probe";

/** What every check reads: the settings, the clients, and the credentials preflight holds per account. */
export interface Context {
    config: PlatformConfig;
    stack: string;
    clients: Clients;
    probe: Probe;
    caller: Session;
    /**
     * The credentials to read each account with: the caller's own for its account, replaced by
     * the role a `pulumi up` of this stack would act as there when preflight could assume it.
     */
    sessions: Map<string, Session>;
}

/** The credentials for an account, or a sentence saying there are none and how to get them. */
export function sessionFor(ctx: Context, accountId: string): Session | undefined {
    return ctx.sessions.get(accountId);
}

export function heldAccounts(ctx: Context): string {
    return [...ctx.sessions.keys()].join(", ");
}

/** The fix of a not-checked line for an account preflight holds no credentials for. */
export function otherAccountFix(ctx: Context, accountId: string): string {
    return `run \`npm run preflight -- --stack ${ctx.stack}\` with credentials of account ${accountId}`;
}
