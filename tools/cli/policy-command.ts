import { readPlanFile } from "../plan/plan-file";
import { Plan } from "../plan/model";
import { UsageError } from "../plan/stack-file";
import { renderCoverageText } from "../policy/controls";
import { checkOutputDir, checkPolicyConfig, Io, parse } from "./main";
import { evaluatePlan, planCoverage, reportPolicy } from "./policy-report";

/**
 * `npm run policy -- --plan <file.plan.json> [--coverage]`: the packs over a plan produced
 * elsewhere. The plan is checked against tools/plan/plan.schema.json first (exit 2 naming the JSON
 * path); `--coverage` also prints, per framework, the plan's applicable controls and which are
 * fully, partially or not checked (policy-packs/controls/, docs/decisions/0015).
 */
export function readPlan(file: string): Plan {
    return readPlanFile(file);
}

export async function run(argv: string[], io: Io): Promise<number> {
    const { values } = parse(argv, { plan: { type: "string" }, "policy-config": { type: "string" }, out: { type: "string" }, coverage: { type: "boolean" } });
    if (!values.plan) {
        throw new UsageError("policy needs --plan <file.plan.json>");
    }
    if (values.out !== undefined) {
        checkOutputDir(values.out);
    }
    checkPolicyConfig(values["policy-config"]);
    const plan = readPlan(values.plan);
    io.out(`Policy evaluation of ${values.plan} (stack ${plan.stack}, ${plan.resources.length} resources)`);
    const result = await evaluatePlan(plan, values["policy-config"]);
    const code = reportPolicy(result, io, values.out);
    if (values.coverage) {
        io.out(`\n${renderCoverageText(plan.stack, planCoverage(result))}`);
    }
    return code;
}
