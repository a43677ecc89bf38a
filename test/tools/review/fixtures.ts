import { Plan, PLAN_FORMAT_VERSION, PlanResource } from "../../../tools/plan/model";
import { withDefaults } from "../../../tools/plan/plan-file";
import { summarize } from "../../../tools/plan/runner";
import type { Finding } from "../../../tools/policy/evaluate";

/** Hand-built plans for the review tests: URNs formed as the engine forms them. */

export const STACK = "test";
export const PROJECT = "platform";
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

export interface ResOpts extends Partial<Omit<PlanResource, "type" | "name">> {
    parentRes?: PlanResource;
    stack?: string;
}

export function urnOf(type: string, name: string, parent?: PlanResource, stack = STACK): string {
    const qualified = parent ? `${parent.urn.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${stack}::${PROJECT}::${qualified}::${name}`;
}

export function res(type: string, name: string, opts: ResOpts = {}): PlanResource {
    const { parentRes, stack, ...rest } = opts;
    const custom = opts.custom ?? !type.startsWith("platform:");
    return withDefaults({
        urn: urnOf(type, name, parentRes, stack),
        type,
        name,
        custom,
        parent: parentRes ? parentRes.urn : `urn:pulumi:${stack ?? STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack ?? STACK}`,
        ...rest,
    });
}

export function planOf(resources: PlanResource[], config: Record<string, unknown> = {}, stack = STACK): Plan {
    return { formatVersion: PLAN_FORMAT_VERSION, project: PROJECT, stack, stackFile: `stacks/Pulumi.${stack}.yaml`, config, resources, outputs: {}, summary: summarize(resources) };
}

/** A copy of `r` with some inputs replaced (deep-merged one level) and options changed. */
export function changed(r: PlanResource, inputs: Record<string, unknown>, opts: Partial<PlanResource> = {}): PlanResource {
    return { ...r, ...opts, inputs: { ...r.inputs, ...inputs } };
}

export function finding(policy: string, urn: string, level: "mandatory" | "advisory" = "mandatory", message = `${policy} failed`): Finding {
    return { pack: "aws-baseline", packVersion: "1.0.0", policy, description: `Checks ${policy}`, enforcementLevel: level, severity: "high", urn, message, controls: [] };
}
