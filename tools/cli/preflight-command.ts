import { parseArgs } from "util";
import { isUserError } from "../../components/common/validation";
import { platformSettings, validateConfig } from "../../config/load";
import type { Clients } from "../preflight/clients";
import { isReady } from "../preflight/model";
import type { Probe } from "../preflight/probe";
import { renderJson, renderText } from "../preflight/render";
import { runPreflight } from "../preflight/run";
import { readStackFile, UsageError } from "../plan/stack-file";
import { Io, reportInternalError, resolveStackFile, validateStackSettings } from "./main";

/**
 * `npm run preflight -- --stack <name>`: read-only checks of a stack against the live AWS
 * account, with the caller's credentials, before its first `pulumi up` (README, "Preflight").
 */

export const PREFLIGHT_READY = 0;
export const PREFLIGHT_NOT_READY = 1;
export const PREFLIGHT_USAGE = 2;
export const PREFLIGHT_INTERNAL = 3;

export const PREFLIGHT_USAGE_TEXT = `usage: npm run preflight -- --stack <name> | --stack-file <path> [--json]

Read-only checks of a stack against the live AWS account, with your AWS credentials, before the
stack's first \`pulumi up\`: the roles its providers assume, the principals it names, RAM sharing
with the organization, service-linked roles, VPC and Elastic IP quotas, the cluster endpoint from
here, the runners' CodeConnections connection, the GitHub OIDC provider.

options:
  --stack <name>        the stack whose stacks/Pulumi.<name>.yaml is checked
  --stack-file <path>   check any settings file instead
  --json                print the report as JSON
  -h, --help            print this help

exit codes: 0 ready, 1 not ready (each problem printed with its fix), 2 invalid settings or usage,
3 preflight could not finish (an AWS error it cannot judge, or a bug)`;

export interface PreflightDeps {
    /** SDK clients; the real ones (the caller's default credential chain) by default. */
    clients?: Clients;
    probe?: Probe;
}

/** The command, with injectable AWS clients so that tests run it in-process under aws-sdk-client-mock. */
export async function preflightCommand(argv: string[], io: Io, deps: PreflightDeps = {}): Promise<number> {
    try {
        let values: { stack?: string; "stack-file"?: string; json?: boolean; help?: boolean };
        try {
            values = parseArgs({
                args: argv,
                options: { stack: { type: "string" }, "stack-file": { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
                strict: true,
                allowPositionals: false,
            }).values;
        } catch (e) {
            throw new UsageError(`${(e as Error).message}\n\n${PREFLIGHT_USAGE_TEXT}`);
        }
        if (values.help) {
            io.out(PREFLIGHT_USAGE_TEXT);
            return PREFLIGHT_READY;
        }
        if (!values.stack && !values["stack-file"]) {
            throw new UsageError(`preflight needs --stack <name> or --stack-file <path>\n\n${PREFLIGHT_USAGE_TEXT}`);
        }
        const { file, stack } = resolveStackFile(values);
        validateStackSettings(file, stack);
        const config = validateConfig(platformSettings(readStackFile(file, stack).config), `settings file ${file}`);

        // The SDK loads here, only for this command.
        const clients = deps.clients ?? (await import("../preflight/clients")).sdkClients();
        const report = await runPreflight(config, stack, { clients, probe: deps.probe });
        io.out(values.json ? renderJson(report) : renderText(report));
        if (report.errors.length > 0) {
            return PREFLIGHT_INTERNAL;
        }
        return isReady(report) ? PREFLIGHT_READY : PREFLIGHT_NOT_READY;
    } catch (e) {
        if (e instanceof UsageError || isUserError(e)) {
            io.err(`error: ${(e as Error).message}`);
            return PREFLIGHT_USAGE;
        }
        reportInternalError(e, io);
        return PREFLIGHT_INTERNAL;
    }
}

/** Entry point for tools/cli/main.ts. */
export async function run(argv: string[], io: Io): Promise<number> {
    return preflightCommand(argv, io);
}
