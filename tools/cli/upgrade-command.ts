import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { isUserError } from "../../components/common/validation";
import { planStack } from "../plan/runner";
import { readStackFile, UsageError } from "../plan/stack-file";
import { checkTarget, currentVersionOf, planUpgrade, UpgradeRefused } from "../upgrade/plan";
import { renderUpgradeMarkdown } from "../upgrade/render";
import { checkOutputFile, Io, reportInternalError, resolveStackFile, validateStackSettings } from "./main";

/**
 * `npm run upgrade -- --stack <name> --to <minor>`: the plan to move a workload cluster one
 * Kubernetes minor up (README, "Operating").
 */

export const UPGRADE_OK = 0;
export const UPGRADE_USAGE = 2;
export const UPGRADE_INTERNAL = 3;

export const UPGRADE_USAGE_TEXT = `usage: npm run upgrade -- --stack <name> | --stack-file <path> --to <minor> [--out <file.md>]

The plan to move a workload cluster one Kubernetes minor up, from the stack's offline plan: the
version skew rules, the managed add-on and chart versions for the target, the Kubernetes APIs the
target removes that the stack's manifests use, the order (control plane, managed add-ons, node
pools, Karpenter drift), the settings line to change and the time it takes.

options:
  --stack <name>        the stack whose stacks/Pulumi.<name>.yaml is planned
  --stack-file <path>   plan any settings file instead
  --to <minor>          the target minor, e.g. 1.35: one above the cluster's, in the supported table
  --out <file.md>       also write the plan as markdown
  -h, --help            print this help

exit codes: 0 planned, 2 invalid settings or usage, or the upgrade refused (a skipped minor, a
target not in the supported table), 3 internal error`;

export interface UpgradeDeps {
    /** The date support status is judged on. @default now */
    today?: Date;
}

export async function upgradeCommand(argv: string[], io: Io, deps: UpgradeDeps = {}): Promise<number> {
    try {
        let values: { stack?: string; "stack-file"?: string; to?: string; out?: string; help?: boolean };
        try {
            values = parseArgs({
                args: argv,
                options: { stack: { type: "string" }, "stack-file": { type: "string" }, to: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
                strict: true,
                allowPositionals: false,
            }).values;
        } catch (e) {
            throw new UsageError(`${(e as Error).message}\n\n${UPGRADE_USAGE_TEXT}`);
        }
        if (values.help) {
            io.out(UPGRADE_USAGE_TEXT);
            return UPGRADE_OK;
        }
        if (!values.stack && !values["stack-file"]) {
            throw new UsageError(`upgrade needs --stack <name> or --stack-file <path>\n\n${UPGRADE_USAGE_TEXT}`);
        }
        if (!values.to) {
            throw new UsageError(`upgrade needs --to <minor>, e.g. --to 1.35\n\n${UPGRADE_USAGE_TEXT}`);
        }
        const { file, stack } = resolveStackFile(values);
        if (values.out !== undefined) {
            checkOutputFile(values.out);
        }
        // A stack past its version's support window is what an upgrade fixes: not refused here.
        validateStackSettings(file, stack, { supportWindows: false });
        // Refuse before planning: a skipped minor or an unsupported target needs no plan to say so.
        checkTarget(currentVersionOf(readStackFile(file, stack).config), values.to);

        const plan = await planStack({ stack, stackFile: file });
        const upgrade = planUpgrade({ plan, target: values.to, stackFileText: fs.readFileSync(file, "utf8"), today: deps.today ?? new Date() });
        const markdown = renderUpgradeMarkdown(upgrade);
        io.out(markdown);
        if (values.out) {
            fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
            fs.writeFileSync(values.out, markdown);
            io.out(`wrote ${values.out}`);
        }
        return UPGRADE_OK;
    } catch (e) {
        if (e instanceof UpgradeRefused) {
            io.err(`refused: ${e.message}`);
            return UPGRADE_USAGE;
        }
        if (e instanceof UsageError || isUserError(e)) {
            io.err(`error: ${(e as Error).message}`);
            return UPGRADE_USAGE;
        }
        reportInternalError(e, io);
        return UPGRADE_INTERNAL;
    }
}

/** Entry point for tools/cli/main.ts. */
export async function run(argv: string[], io: Io): Promise<number> {
    return upgradeCommand(argv, io);
}
