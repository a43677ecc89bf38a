import * as fs from "fs";
import * as path from "path";
import { policyProfileProblem } from "../../config/policy-profile";
import { PACKS } from "../../policy-packs/packs";
import { Plan } from "../plan/model";
import { REPO_ROOT, UsageError } from "../plan/stack-file";
import { PackConfigFile, resolvePackConfig } from "../policy/config";
import { coverage, FrameworkCoverage, renderCoverageMarkdown } from "../policy/controls";
import { Evaluation, evaluatePacks, mandatoryFindings, PackDefinition } from "../policy/evaluate";
import { complianceSummary, renderComplianceMarkdown } from "../policy/compliance";
import { toJUnit } from "../policy/junit";
import { toSarif } from "../policy/sarif";
import type { Io } from "./main";

export const POLICY_CONFIG_DIR = path.join(REPO_ROOT, "policy-packs", "config");

export interface PolicyResult {
    plan: Plan;
    packs: PackDefinition[];
    evaluation: Evaluation;
    /** Where each pack's config came from (a file path), if anywhere. */
    configSources: Record<string, string>;
    /** Each pack's config as read (keyed by pack name). */
    configs?: Record<string, PackConfigFile>;
}

/** Per framework, the plan's applicable controls and the enabled policies that check them. */
export function planCoverage(result: PolicyResult): FrameworkCoverage[] {
    const resolved = Object.fromEntries(result.packs.map((p) => [p.name, resolvePackConfig(p, result.configs?.[p.name] ?? {})]));
    return coverage(result.packs, result.plan.resources, resolved);
}

/**
 * The pack config a plan is held to: policy-packs/config/<profile>/, where the profile is the
 * stack's `platform:policyProfile` or, unset, its environment (config/policy-profile.ts). No
 * fallback: a profile without a directory is a usage error saying what to create.
 */
export function defaultConfigDir(plan: Plan): string {
    const explicit = plan.config["platform:policyProfile"];
    const environment = plan.config["platform:environment"];
    const profile = typeof explicit === "string" ? explicit : typeof environment === "string" ? environment : undefined;
    if (profile === undefined) {
        throw new UsageError(`plan of stack ${plan.stack} has neither platform:policyProfile nor platform:environment; pass --policy-config <file|dir>`);
    }
    const problem = policyProfileProblem({ policyProfile: typeof explicit === "string" ? explicit : undefined, environment: profile }, POLICY_CONFIG_DIR);
    if (problem) {
        throw new UsageError(`stack ${plan.stack}: ${problem}; or pass --policy-config <file|dir>`);
    }
    return path.join(POLICY_CONFIG_DIR, profile);
}

/**
 * Reads pack configs from a directory (`<pack>.json` each, the files `pulumi preview
 * --policy-pack-config` takes) or from one file whose keys are routed to the pack that has the
 * policy (`all` goes to every pack).
 */
export function loadPackConfigs(location: string, packs: PackDefinition[] = PACKS): { configs: Record<string, PackConfigFile>; sources: Record<string, string> } {
    if (!fs.existsSync(location)) {
        throw new UsageError(`policy config not found: ${location}`);
    }
    const configs: Record<string, PackConfigFile> = {};
    const sources: Record<string, string> = {};
    if (fs.statSync(location).isDirectory()) {
        for (const pack of packs) {
            const file = path.join(location, `${pack.name}.json`);
            if (fs.existsSync(file)) {
                configs[pack.name] = readJson(file);
                sources[pack.name] = path.relative(REPO_ROOT, file);
            }
        }
        return { configs, sources };
    }
    const all = readJson(location);
    for (const [key, value] of Object.entries(all)) {
        const owners = key === "all" ? packs : packs.filter((p) => p.policies.some((x) => x.name === key));
        if (owners.length === 0) {
            throw new UsageError(`${location}: "${key}" is not a policy of any pack (${packs.map((p) => p.name).join(", ")})`);
        }
        for (const pack of owners) {
            configs[pack.name] = { ...(configs[pack.name] ?? {}), [key]: value };
            sources[pack.name] = path.relative(REPO_ROOT, location);
        }
    }
    return { configs, sources };
}

function readJson(file: string): PackConfigFile {
    try {
        const value = JSON.parse(fs.readFileSync(file, "utf8"));
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            throw new Error("not a JSON object");
        }
        return value as PackConfigFile;
    } catch (e) {
        throw new UsageError(`${file}: ${(e as Error).message}`);
    }
}

export async function evaluatePlan(plan: Plan, configLocation?: string, packs: PackDefinition[] = PACKS): Promise<PolicyResult> {
    const { configs, sources } = loadPackConfigs(configLocation ?? defaultConfigDir(plan), packs);
    const evaluation = await evaluatePacks(packs, plan.resources, configs);
    return { plan, packs, evaluation, configSources: sources, configs };
}

/** Prints the findings; with `outDir`, writes JSON, SARIF, JUnit and the compliance summary. Returns the exit code. */
export function reportPolicy(result: PolicyResult, io: Io, outDir?: string): number {
    const { evaluation, plan } = result;
    const mandatory = mandatoryFindings(evaluation);
    const advisory = evaluation.findings.filter((f) => f.enforcementLevel === "advisory");
    io.out(`\nPolicies: ${result.packs.map((p) => `${p.name}@${p.version}`).join(", ")}  (config: ${Object.values(result.configSources).join(", ") || "pack defaults"})`);
    for (const f of [...mandatory, ...advisory, ...evaluation.findings.filter((x) => x.enforcementLevel === "remediate")]) {
        const [first, ...rest] = f.message.split("\n");
        io.out(`  ${f.enforcementLevel.padEnd(9)} ${f.policy}  ${f.resourceType ? `${f.resourceType}::${f.resourceName}` : "stack"}`);
        io.out(`            ${rest.length ? rest.join(" ") : first}`);
    }
    const passed = evaluation.checks.filter((c) => c.outcome === "pass").length;
    io.out(`Policy summary: ${mandatory.length} mandatory, ${advisory.length} advisory, ${passed} checks passed, ${evaluation.disabled.length} policies disabled`);
    if (outDir) {
        fs.mkdirSync(outDir, { recursive: true });
        const base = path.join(outDir, plan.stack);
        const summary = complianceSummary(result.packs, evaluation, plan.resources);
        const cov = planCoverage(result);
        const files: [string, string][] = [
            [`${base}.policy.json`, JSON.stringify({ stack: plan.stack, packs: result.packs.map((p) => ({ name: p.name, version: p.version })), configSources: result.configSources, findings: evaluation.findings, checks: evaluation.checks, disabled: evaluation.disabled }, null, 2)],
            [`${base}.policy.sarif`, JSON.stringify(toSarif(result), null, 2)],
            [`${base}.policy.xml`, toJUnit(result)],
            [`${base}.compliance.json`, JSON.stringify({ ...summary, coverage: cov }, null, 2)],
            [`${base}.compliance.md`, `${renderComplianceMarkdown(plan.stack, summary)}\n\n${renderCoverageMarkdown(plan.stack, cov)}`],
        ];
        for (const [file, text] of files) {
            fs.writeFileSync(file, text.endsWith("\n") ? text : `${text}\n`);
            io.out(`wrote ${file}`);
        }
    }
    return mandatory.length > 0 ? 1 : 0;
}
