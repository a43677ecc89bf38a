import { expect } from "chai";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { PlanResource } from "../../tools/plan/model";
import { withDefaults } from "../../tools/plan/plan-file";
import { evaluatePack, Finding } from "../../tools/policy/evaluate";

/**
 * Runs single policies the way the offline evaluator (and so the engine) runs them, for policy
 * unit tests. Resources are described by type and inputs; everything else has neutral defaults.
 */

export interface ResourceSpec {
    type: string;
    name?: string;
    inputs: Record<string, unknown>;
    urn?: string;
    parent?: string;
    provider?: string;
    protect?: boolean;
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
}

let counter = 0;

export function planResource(spec: ResourceSpec): PlanResource {
    const name = spec.name ?? `r${++counter}`;
    return withDefaults({
        urn: spec.urn ?? `urn:pulumi:test::platform::${spec.type}::${name}`,
        type: spec.type,
        name,
        custom: !spec.type.startsWith("platform:"),
        parent: spec.parent,
        provider: spec.provider,
        inputs: spec.inputs,
        dependencies: spec.dependencies ?? [],
        propertyDependencies: spec.propertyDependencies ?? {},
        protect: spec.protect ?? false,
    });
}

export interface PolicyRun {
    /** Violation messages as the engine prints them: description, newline, message. */
    messages: string[];
    /** Only the part each policy reported (after the description line). */
    reported: string[];
    findings: Finding[];
    outcome: string;
}

/** Runs one resource or stack policy over the given resources with the given policy settings. */
export async function runPolicy(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    resources: ResourceSpec | ResourceSpec[],
    config: Record<string, unknown> = {},
    enforcementLevel: "advisory" | "mandatory" | "remediate" = "mandatory",
): Promise<PolicyRun> {
    const list = (Array.isArray(resources) ? resources : [resources]).map(planResource);
    const pack = { name: "test-pack", version: "0.0.0", enforcementLevel, policies: [policy] };
    const e = await evaluatePack(pack, list, { [policy.name]: { enforcementLevel, ...config } });
    const findings = e.findings.filter((f) => f.enforcementLevel !== "remediate");
    const outcomes = [...new Set(e.checks.map((c) => c.outcome))];
    return {
        messages: findings.map((f) => f.message),
        reported: findings.map((f) => f.message.split("\n").slice(1).join("\n")),
        findings,
        outcome: outcomes.length === 1 ? outcomes[0] : outcomes.join(","),
    };
}

/** The run ended with the engine's "can't run during preview", naming the unknown input. */
export function expectUnknown(run: PolicyRun, path: string): void {
    expect(run.findings.map((f) => f.enforcementLevel)).to.deep.equal(["advisory"]);
    expect(run.messages[0]).to.match(/can't run policy .* during preview/);
    expect(run.messages[0]).to.contain(` value at .${path} can't be known during preview`);
    expect(run.outcome).to.equal("unknown");
}

/** Why a stack policy did not apply (the evaluator's evidence keeps the reason); fails if it applied. */
export async function notApplicableReason(policy: StackValidationPolicy, resources: ResourceSpec[]): Promise<string | undefined> {
    const pack = { name: "test-pack", version: "0.0.0", enforcementLevel: "mandatory" as const, policies: [policy] };
    const e = await evaluatePack(pack, resources.map(planResource), { [policy.name]: { enforcementLevel: "mandatory" } });
    expect(e.checks.map((c) => c.outcome)).to.deep.equal(["notApplicable"]);
    return e.checks[0].reason;
}

/** The URN a test resource gets: project `platform`, stack `test`. */
export const testUrn = (type: string, name: string): string => `urn:pulumi:test::platform::${type}::${name}`;

/** A test resource with a name and its URN (`testUrn`), plus any other field of ResourceSpec. */
export const resourceSpec = (type: string, name: string, inputs: Record<string, unknown>, extra: Partial<ResourceSpec> = {}): ResourceSpec => ({
    type,
    name,
    urn: testUrn(type, name),
    inputs,
    ...extra,
});
