import * as fs from "fs";
import { Plan, PLAN_FORMAT_VERSION } from "../plan/model";
import { UsageError } from "../plan/stack-file";
import { checkOutputDir, checkPolicyConfig, Io, parse } from "./main";
import { evaluatePlan, reportPolicy } from "./policy-report";

/** `npm run policy -- --plan <file.plan.json>`: the packs over a plan produced elsewhere. */
export function readPlan(file: string): Plan {
    if (!fs.existsSync(file)) {
        throw new UsageError(`plan file not found: ${file}`);
    }
    let plan: Plan;
    try {
        plan = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
    }
    const missing = ["stack", "project", "resources", "summary"].filter((k) => !(k in (plan ?? {})));
    if (missing.length > 0 || !Array.isArray(plan.resources)) {
        throw new UsageError(`${file}: not a plan file (missing ${missing.join(", ") || "resources[]"})`);
    }
    if (plan.formatVersion !== PLAN_FORMAT_VERSION) {
        throw new UsageError(`${file}: plan format ${plan.formatVersion} is not supported (expected ${PLAN_FORMAT_VERSION}); plan again with this version`);
    }
    return plan;
}

export async function run(argv: string[], io: Io): Promise<number> {
    const { values } = parse(argv, { plan: { type: "string" }, "policy-config": { type: "string" }, out: { type: "string" } });
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
    return reportPolicy(result, io, values.out);
}
