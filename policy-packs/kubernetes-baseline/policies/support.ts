import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { isUnknownValue } from "../../lib/values";
import { Obj, Path, UNKNOWN, Unknown, walkWorkload, WorkloadView, WORKLOAD_KINDS } from "./workloads";

/**
 * The plumbing the Kubernetes policies share: plain copies of the inputs for the walker, the
 * engine's treatment of unknowns, and the `excludedNamespaces` exemption.
 */

/**
 * A plain copy of policy inputs with every unknown replaced by `UNKNOWN`. Reading the engine's
 * proxy throws on an unknown; an own-property descriptor gives the raw value without that check,
 * so nothing here throws and an unknown env value never stops a rule that does not look at it.
 */
export function plain(value: unknown): unknown {
    if (isUnknownValue(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return Array.from({ length: value.length }, (_, i) => plain(Object.getOwnPropertyDescriptor(value, i)?.value));
    }
    if (value !== null && typeof value === "object") {
        const out: Obj = {};
        for (const key of Object.keys(value)) {
            out[key] = plain(Object.getOwnPropertyDescriptor(value, key)?.value);
        }
        return out;
    }
    return value;
}

/** What one rule found for one resource: violations, and values it could not judge before apply. */
export class Findings {
    readonly messages: string[] = [];
    readonly unknowns: Path[] = [];

    fail(message: string): void {
        this.messages.push(message);
    }

    unknown(path: Path): void {
        this.unknowns.push(path);
    }

    /** True when `value` is unknown (and noted as such). */
    isUnknown(value: unknown, path: Path): value is Unknown {
        if (value === UNKNOWN) {
            this.unknown(path);
            return true;
        }
        return false;
    }
}

/**
 * Reports the violations found. With none but a value unknown until apply, reads that value
 * through the engine's proxy, which ends the run with the engine's own advisory "can't run during
 * preview" finding: the check is not claimed as passed, and never fails as mandatory.
 */
export function finish(props: Record<string, unknown>, report: ReportViolation, out: Findings): void {
    for (const m of out.messages) {
        report(m);
    }
    if (out.messages.length === 0 && out.unknowns.length > 0) {
        let cur: unknown = props;
        for (const k of out.unknowns[0]) {
            if (cur === null || typeof cur !== "object") {
                return;
            }
            cur = (cur as Record<string | number, unknown>)[k];
        }
    }
}

/** Helm releases render their manifests in the provider: policies cannot see the objects. */
export function isHelmRelease(type: string): boolean {
    return /^kubernetes:helm\.sh\/v[0-9]+:Release$/.test(type);
}

export const HELM_NOT_APPLICABLE = "the objects of a Helm release are rendered by the provider and are not visible to policies; review the chart's values instead";

export const DEFAULT_EXCLUDED_NAMESPACES = ["kube-system"];

export const excludedNamespacesSchema: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string" },
    default: DEFAULT_EXCLUDED_NAMESPACES,
    description: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
};

/** A list of strings with a default, for config schemas. */
export function stringList(defaults: string[], description: string): PolicyConfigJSONSchema {
    return { type: "array", items: { type: "string" }, default: defaults, description };
}

export interface ExclusionConfig {
    excludedNamespaces?: string[];
}

/** The namespace a namespaced object lands in: `default` when unset. */
export function namespaceOf(w: { namespace: unknown }): string | Unknown {
    if (w.namespace === UNKNOWN) {
        return UNKNOWN;
    }
    return typeof w.namespace === "string" && w.namespace !== "" ? w.namespace : "default";
}

export interface WorkloadCheckOptions<C> {
    /** Kinds the rule applies to (default: every workload kind). */
    kinds?: string[];
    /** Whether `excludedNamespaces` exempts workloads. */
    exclusions: boolean;
    check: (w: WorkloadView, config: C, out: Findings) => void;
}

/** A `validateResource` that walks a workload and runs `check` over it. */
export function validateWorkload<C extends object>(opts: WorkloadCheckOptions<C>): ResourceValidation {
    const kinds = opts.kinds ?? WORKLOAD_KINDS;
    return (args: ResourceValidationArgs, report: ReportViolation) => {
        if (isHelmRelease(args.type)) {
            args.notApplicable(HELM_NOT_APPLICABLE);
        }
        const w = walkWorkload(args.type, plain(args.props) as Obj);
        if (!w || !kinds.includes(w.kind)) {
            args.notApplicable(`applies to Kubernetes ${kinds.join(", ")} resources`);
            return;
        }
        const config = args.getConfig<C & ExclusionConfig>();
        if (opts.exclusions) {
            const ns = namespaceOf(w);
            const excluded = config.excludedNamespaces ?? DEFAULT_EXCLUDED_NAMESPACES;
            if (ns !== UNKNOWN && excluded.includes(ns)) {
                args.notApplicable(`namespace ${ns} is listed in excludedNamespaces`);
            }
        }
        const out = new Findings();
        w.unknowns.forEach((p) => out.unknown(p));
        opts.check(w, config, out);
        finish(args.props, report, out);
    };
}

export const noConfig: PolicyConfigSchema = { properties: {} };

/** `a, b and c` (or `a, b or c`). */
export function listText(items: string[], conjunction: "and" | "or" = "and"): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
