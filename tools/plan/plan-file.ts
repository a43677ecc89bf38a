import Ajv2020, { ErrorObject } from "ajv/dist/2020";
import * as fs from "fs";
import { Plan, PLAN_FORMAT_VERSION, PlanResource } from "./model";
import schema from "./plan.schema.json";
import { UsageError } from "./stack-file";

/**
 * Reading a plan file (`policy --plan`, `plan:diff`): JSON, then the format version, then the
 * JSON Schema tools/plan/plan.schema.json; every problem is a UsageError (exit 2) that names the
 * file and the JSON path, never a stack trace. Optional fields absent are filled with their
 * defaults, so every consumer sees the whole PlanResource shape.
 */

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

/** `/resources/3/inputs` to `$.resources[3].inputs`. */
export function jsonPath(instancePath: string): string {
    return (
        "$" +
        instancePath
            .split("/")
            .slice(1)
            .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
            .map((s) => (/^\d+$/.test(s) ? `[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
            .join("")
    );
}

function describe(e: ErrorObject): string {
    const where = jsonPath(e.instancePath);
    if (e.keyword === "required") {
        return `${where}: missing required field "${(e.params as { missingProperty: string }).missingProperty}"`;
    }
    return `${where}: ${e.message ?? e.keyword}`;
}

/** The problems of a parsed plan, each naming its JSON path; [] when it is a plan this version reads. */
export function planProblems(data: unknown): string[] {
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
        return ["$: a plan file is a JSON object"];
    }
    const version = (data as { formatVersion?: unknown }).formatVersion;
    if (version === undefined) {
        return [`$.formatVersion: missing; this tool reads plan format ${PLAN_FORMAT_VERSION}: plan again with npm run plan -- --stack <name> --out <dir>`];
    }
    if (version !== PLAN_FORMAT_VERSION) {
        const older = typeof version === "number" && version < PLAN_FORMAT_VERSION;
        return [
            `$.formatVersion: plan format ${JSON.stringify(version)} is ${older ? "older than" : "not"} the format this tool reads; format ${PLAN_FORMAT_VERSION} is needed: ` +
                `plan again with npm run plan -- --stack <name> --out <dir>${older ? "" : " using the version that wrote it"}`,
        ];
    }
    if (validate(data)) {
        return [];
    }
    const seen = new Set<string>();
    return (validate.errors ?? []).map(describe).filter((m) => !seen.has(m) && seen.add(m) !== undefined);
}

/** A plan resource with every optional field at its default (as a plan file without them reads). */
export function withDefaults(r: Partial<PlanResource> & Pick<PlanResource, "urn" | "type" | "name">): PlanResource {
    return {
        custom: true,
        inputs: {},
        dependencies: [],
        propertyDependencies: {},
        protect: false,
        retainOnDelete: false,
        ignoreChanges: [],
        deleteBeforeReplace: false,
        replaceOnChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        ...r,
    };
}

/** Reads, checks and completes a plan file. */
export function readPlanFile(file: string): Plan {
    if (!fs.existsSync(file)) {
        throw new UsageError(`plan file not found: ${file}`);
    }
    let data: unknown;
    try {
        data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
    }
    const problems = planProblems(data);
    if (problems.length > 0) {
        const shown = problems.slice(0, 10);
        const more = problems.length > shown.length ? [`… and ${problems.length - shown.length} more`] : [];
        throw new UsageError(`${file}: not a valid plan file (tools/plan/plan.schema.json):\n${[...shown, ...more].map((p) => `  - ${p}`).join("\n")}`);
    }
    const plan = data as Plan;
    return {
        ...plan,
        stackFile: plan.stackFile ?? "",
        config: plan.config ?? {},
        outputs: plan.outputs ?? {},
        summary: { ...plan.summary, customResourceCount: plan.summary.customResourceCount ?? 0, componentCount: plan.summary.componentCount ?? 0 },
        resources: plan.resources.map(withDefaults),
    };
}
