import type {
    EnforcementLevel,
    Policies,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PlanResource, UNKNOWN } from "../plan/model";
import { Exemption, EXEMPTIONS, isExemptionReason } from "../../policy-packs/lib/exemptions";
import { PackConfigFile, resolvePackConfig, ResolvedPolicyConfig } from "./config";

/**
 * Runs CrossGuard policy packs over an offline plan with the engine's semantics, as
 * `pulumi preview --policy-pack` would (the analyzer in `@pulumi/policy/server.js`):
 *
 * - enforcement: the policy's config entry, else `all`, else the policy's own level, else the
 *   pack's, else advisory; `disabled` policies do not run; `remediate` runs the remediation and
 *   reports what still fails as mandatory;
 * - a violation's message is the policy's description, then a newline and the reported message;
 * - a value unknown until apply read by a policy ends that policy's run for the resource with an
 *   advisory "can't run ... during preview" finding, never a mandatory one;
 * - `args.notApplicable(reason)` and a type filter that does not match mark the pair not applicable;
 *   an exemption (policy-packs/lib/exemptions.ts) marks it "exempt", never "pass";
 * - stack policies see every resource with its parent, provider, dependencies and property
 *   dependencies.
 *
 * Policy packs are plain objects here: constructing a `PolicyPack` starts a gRPC server.
 */

export interface PackDefinition {
    name: string;
    version: string;
    description?: string;
    enforcementLevel?: EnforcementLevel;
    policies: Policies;
}

export type Outcome = "pass" | "fail" | "notApplicable" | "exempt" | "unknown" | "remediated";

export interface Finding {
    pack: string;
    packVersion: string;
    policy: string;
    description: string;
    /** The level the finding is reported at: mandatory, advisory (or remediate for an applied fix). */
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    urn?: string;
    resourceType?: string;
    resourceName?: string;
    message: string;
    /** Primary control first, then the policy's tags that name a control. */
    controls: string[];
}

/** One (policy, resource) pair and how it ended: the evidence behind JUnit and the compliance summary. */
export interface CheckResult {
    pack: string;
    policy: string;
    urn: string;
    outcome: Outcome;
    reason?: string;
}

export interface Evaluation {
    findings: Finding[];
    checks: CheckResult[];
    /** Policies skipped because their enforcement level is `disabled`. */
    disabled: string[];
}

const STACK_URN = "stack";

/** Marker objects `@pulumi/policy` uses for unknown values; `unknownCheckingProxy` throws on them. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
    unknownCheckingProxy<T>(v: T): T;
    UnknownValueError: new (...args: unknown[]) => Error;
    unknownStringValue: string;
};

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

/** The reasons `validateResourceOfType` and `validateTypes` give for a resource of another type. */
function isTypeMismatch(reason: string | undefined): boolean {
    return reason !== undefined && reason.startsWith("Policy only applies to");
}

function throwNotApplicable(reason?: string): never {
    throw new NotApplicableError(reason);
}

/** Replaces the plan's unknown markers with the sentinels the policy SDK's proxy recognizes. */
function toPolicyValue(value: unknown): unknown {
    if (value === UNKNOWN) {
        return proxy.unknownStringValue;
    }
    // Plain loops: this copies every input of every resource for every policy (a fresh copy
    // each, as the engine deserializes one per policy), the evaluator's hottest code.
    if (Array.isArray(value)) {
        const out = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) {
            out[i] = toPolicyValue(value[i]);
        }
        return out;
    }
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(value)) {
            out[k] = toPolicyValue((value as Record<string, unknown>)[k]);
        }
        return out;
    }
    return value;
}

function pulumiTypeOf(resourceClass: unknown): string | undefined {
    const c = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    return c.__pulumiType;
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    const t = pulumiTypeOf(resourceClass);
    if (t) {
        return t === type;
    }
    const isInstance = (resourceClass as { isInstance?: (o: unknown) => boolean }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

function optionsOf(r: PlanResource): PolicyResourceOptions {
    return {
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        deleteBeforeReplace: r.deleteBeforeReplace,
        aliases: r.aliases,
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: r.additionalSecretOutputs,
        parent: r.parent,
    };
}

/** The arguments the engine passes to `validateResource`, built from a plan record. */
export function resourceArgs(r: PlanResource, byUrn: Map<string, PlanResource>, config: Record<string, unknown>): ResourceValidationArgs {
    const props = proxy.unknownCheckingProxy(toPolicyValue(r.inputs) as Record<string, unknown>);
    const provider = r.provider ? byUrn.get(r.provider) : undefined;
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: optionsOf(r),
        provider: provider ? { type: provider.type, props: proxy.unknownCheckingProxy(toPolicyValue(provider.inputs) as Record<string, unknown>), urn: provider.urn, name: provider.name } : undefined,
        stackTags: new Map(),
        isType: (cls: unknown) => isTypeOf(r.type, cls),
        asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: (<T extends object>() => ({ ...config }) as T) as ResourceValidationArgs["getConfig"],
        notApplicable: throwNotApplicable,
    };
}

/**
 * Every managed resource as a stack policy sees it, linked to its parent, provider and
 * dependencies. Resources the program only reads are left out: their inputs are empty, and a
 * stack rule ("every cluster has a log group") must not hold the program to what it does not manage.
 */
export function stackResources(all: PlanResource[]): PolicyResource[] {
    const resources = all.filter((r) => r.readId === undefined);
    const out = new Map<string, PolicyResource>();
    for (const r of resources) {
        const props = proxy.unknownCheckingProxy(toPolicyValue(r.inputs) as Record<string, unknown>);
        out.set(r.urn, {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: unknown) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        } as PolicyResource);
    }
    for (const r of resources) {
        const pr = out.get(r.urn)!;
        pr.parent = r.parent ? out.get(r.parent) : undefined;
        const provider = r.provider ? out.get(r.provider) : undefined;
        if (provider) {
            pr.provider = { type: provider.type, props: provider.props, urn: provider.urn, name: provider.name };
        }
        pr.dependencies = r.dependencies.map((d) => out.get(d)).filter((d): d is PolicyResource => !!d);
        pr.propertyDependencies = Object.fromEntries(
            Object.entries(r.propertyDependencies).map(([k, urns]) => [k, urns.map((u) => out.get(u)).filter((d): d is PolicyResource => !!d)]),
        );
    }
    return [...out.values()];
}

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
    return "validateResource" in p || "remediateResource" in p;
}

export function controlsOf(p: { framework?: { name: string; reference: string; specification?: string }; tags?: string[] }): string[] {
    const controls: string[] = [];
    if (p.framework) {
        controls.push(`${p.framework.name}:${p.framework.reference}`);
    }
    for (const t of p.tags ?? []) {
        if (t.includes(":") && !controls.includes(t)) {
            controls.push(t);
        }
    }
    return controls;
}

/** Evaluates one pack over the plan's resources. */
export async function evaluatePack(pack: PackDefinition, resources: PlanResource[], packConfig: PackConfigFile = {}): Promise<Evaluation> {
    const resolved = resolvePackConfig(pack, packConfig);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const findings: Finding[] = [];
    const checks: CheckResult[] = [];
    const disabled: string[] = [];
    let stackView: PolicyResource[] | undefined;

    for (const policy of pack.policies) {
        const cfg: ResolvedPolicyConfig = resolved[policy.name];
        if (cfg.enforcementLevel === "disabled") {
            disabled.push(policy.name);
            continue;
        }
        const level: EnforcementLevel = cfg.enforcementLevel === "remediate" ? "mandatory" : cfg.enforcementLevel;
        const base = {
            pack: pack.name,
            packVersion: pack.version,
            policy: policy.name,
            description: policy.description,
            severity: policy.severity,
            controls: controlsOf(policy),
        };
        const report = (sink: Finding[], r: PlanResource | undefined) => (message: string, urn?: string) => {
            const target = urn ? byUrn.get(urn) : r;
            sink.push({
                ...base,
                enforcementLevel: level,
                urn: urn ?? r?.urn,
                resourceType: target?.type,
                resourceName: target?.name,
                message: message ? `${policy.description}\n${message}` : policy.description,
            });
        };

        if (isResourcePolicy(policy)) {
            const validations = policy.validateResource ? (Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource]) : [];
            const filterType = validations.length === 1 ? (validations[0] as { __pulumiType?: string }).__pulumiType : undefined;
            for (const r of resources) {
                if (validations.length === 0 || (filterType && r.type !== filterType) || r.readId !== undefined) {
                    // A type the policy does not look at is not evidence either way, and a resource
                    // the program only reads is configured elsewhere: neither is recorded.
                    continue;
                }
                let target = r;
                if (cfg.enforcementLevel === "remediate" && policy.remediateResource) {
                    const fixed = await policy.remediateResource(resourceArgs(r, byUrn, cfg.config));
                    if (fixed && typeof fixed === "object") {
                        target = { ...r, inputs: fixed as Record<string, unknown> };
                        findings.push({ ...base, enforcementLevel: "remediate", urn: r.urn, resourceType: r.type, resourceName: r.name, message: `${policy.description}\nremediated: the inputs were changed before deployment` });
                        checks.push({ pack: pack.name, policy: policy.name, urn: r.urn, outcome: "remediated" });
                    }
                }
                const found: Finding[] = [];
                let outcome: Outcome | "skip" = "pass";
                let reason: string | undefined;
                for (const validation of validations) {
                    try {
                        await validation(resourceArgs(target, byUrn, cfg.config), report(found, target));
                    } catch (e) {
                        if (e instanceof NotApplicableError) {
                            outcome = isTypeMismatch(e.reason) ? "skip" : isExemptionReason(e.reason) ? "exempt" : "notApplicable";
                            reason = e.reason;
                        } else if (e instanceof proxy.UnknownValueError) {
                            outcome = "unknown";
                            reason = e.message;
                            found.push({ ...base, enforcementLevel: "advisory", urn: r.urn, resourceType: r.type, resourceName: r.name, message: `can't run policy '${policy.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${e.message}` });
                        } else {
                            throw new Error(`policy ${policy.name} failed on ${r.urn}: ${(e as Error).message}`);
                        }
                    }
                }
                if (outcome === "pass" && found.length > 0) {
                    outcome = "fail";
                }
                findings.push(...found);
                if (outcome !== "skip" && !(outcome === "pass" && target !== r)) {
                    checks.push({ pack: pack.name, policy: policy.name, urn: r.urn, outcome, reason });
                }
            }
        } else {
            stackView = stackView ?? stackResources(resources);
            const found: Finding[] = [];
            let outcome: Outcome = "pass";
            let reason: string | undefined;
            const exemptions: Exemption[] = [];
            const args: StackValidationArgs = {
                resources: stackView,
                stackTags: new Map(),
                getConfig: (<T extends object>() => ({ ...cfg.config }) as T) as StackValidationArgs["getConfig"],
                notApplicable: throwNotApplicable,
            };
            (args as unknown as Record<symbol, Exemption[]>)[EXEMPTIONS] = exemptions;
            try {
                await policy.validateStack(args, report(found, undefined));
            } catch (e) {
                if (e instanceof NotApplicableError) {
                    outcome = "notApplicable";
                    reason = e.reason;
                } else if (e instanceof proxy.UnknownValueError) {
                    outcome = "unknown";
                    reason = e.message;
                    found.push({ ...base, enforcementLevel: "advisory", message: `can't run policy '${policy.name}' from policy pack '${pack.name}@v${pack.version}' during preview: ${e.message}` });
                } else {
                    throw new Error(`policy ${policy.name} failed on the stack: ${(e as Error).message}`);
                }
            }
            if (outcome === "pass" && found.length > 0) {
                outcome = "fail";
            }
            findings.push(...found);
            checks.push({ pack: pack.name, policy: policy.name, urn: STACK_URN, outcome, reason });
            for (const x of exemptions) {
                checks.push({ pack: pack.name, policy: policy.name, urn: x.urn, outcome: "exempt", reason: x.reason });
            }
        }
    }
    return { findings, checks, disabled };
}

/** Evaluates several packs, each with its own config (keyed by pack name). */
export async function evaluatePacks(packs: PackDefinition[], resources: PlanResource[], configs: Record<string, PackConfigFile> = {}): Promise<Evaluation> {
    const all: Evaluation = { findings: [], checks: [], disabled: [] };
    for (const pack of packs) {
        const e = await evaluatePack(pack, resources, configs[pack.name] ?? {});
        all.findings.push(...e.findings);
        all.checks.push(...e.checks);
        all.disabled.push(...e.disabled);
    }
    return all;
}

export function mandatoryFindings(e: Evaluation): Finding[] {
    return e.findings.filter((f) => f.enforcementLevel === "mandatory");
}
