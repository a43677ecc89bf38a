import Ajv from "ajv";
import type { EnforcementLevel, Policies } from "@pulumi/policy";

/**
 * Policy pack configuration with the Pulumi CLI's semantics (`--policy-pack-config`): a JSON
 * object whose `all` entry applies to every policy and whose other keys name policies, each an
 * enforcement level or an object with `enforcementLevel` and the policy's own settings. Each
 * policy's settings start from the defaults of its `configSchema` and are validated against it.
 */

export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PackConfigFile = Record<string, PolicyConfigEntry>;

export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    config: Record<string, unknown>;
}

const LEVELS: EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid policy pack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

interface PackLike {
    name: string;
    enforcementLevel?: EnforcementLevel;
    policies: Policies;
}

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
/** One compiled validator per policy: compiling is most of resolving, and plan --all resolves every pack once per stack. */
const validators = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** The effective level and settings of every policy in the pack; throws listing every problem. */
export function resolvePackConfig(pack: PackLike, file: PackConfigFile): Record<string, ResolvedPolicyConfig> {
    const problems: string[] = [];
    const names = new Set(pack.policies.map((p) => p.name));
    for (const key of Object.keys(file)) {
        if (key !== "all" && !names.has(key)) {
            problems.push(`${key}: no such policy in pack ${pack.name}`);
        }
    }
    const all = levelOf(file.all, "all", problems);
    const out: Record<string, ResolvedPolicyConfig> = {};
    for (const p of pack.policies) {
        const entry = file[p.name];
        const own = levelOf(entry, p.name, problems);
        const settings: Record<string, unknown> = typeof entry === "object" && entry !== null ? { ...entry } : {};
        delete settings.enforcementLevel;
        if (p.configSchema) {
            let validate = validators.get(p.configSchema);
            if (!validate) {
                validate = ajv.compile({ type: "object", properties: p.configSchema.properties, required: p.configSchema.required ?? [] });
                validators.set(p.configSchema, validate);
            }
            if (!validate(settings)) {
                for (const err of validate.errors ?? []) {
                    const where = err.instancePath ? err.instancePath.slice(1).replace(/\//g, ".") : "";
                    problems.push(`${p.name}${where ? "." + where : ""}: ${err.message}${err.params && "allowedValues" in err.params ? ` (${(err.params.allowedValues as unknown[]).join(", ")})` : ""}`);
                }
            }
        } else if (Object.keys(settings).length > 0) {
            problems.push(`${p.name}: takes no settings, got ${Object.keys(settings).join(", ")}`);
        }
        out[p.name] = { enforcementLevel: own ?? all ?? p.enforcementLevel ?? pack.enforcementLevel ?? "advisory", config: settings };
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return out;
}

function levelOf(entry: PolicyConfigEntry | undefined, key: string, problems: string[]): EnforcementLevel | undefined {
    if (entry === undefined) {
        return undefined;
    }
    const level = typeof entry === "string" ? entry : entry.enforcementLevel;
    if (level !== undefined && !LEVELS.includes(level)) {
        problems.push(`${key}: enforcementLevel ${JSON.stringify(level)} is not one of ${LEVELS.join(", ")}`);
        return undefined;
    }
    return level;
}
