import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { PolicyConfigSchema, ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { Path, plain, readThroughProxy } from "../../lib/values";
import { Undecided, Verdicts } from "../../lib/verdicts";
import { Obj, UNKNOWN, Unknown, walkWorkload, WorkloadView, WORKLOAD_KINDS } from "./workloads";

/**
 * The plumbing the Kubernetes policies share: running a check over a walked workload, and the
 * `excludedNamespaces` exemption. Reading inputs (`plain`) and collecting verdicts over unknowns
 * (`Verdicts`) come from policy-packs/lib.
 */

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
    check: (w: WorkloadView, config: C, out: Verdicts) => void;
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
        const out = new Verdicts(report, args.props);
        w.unknowns.forEach((p) => out.unknown(p));
        opts.check(w, config, out);
        out.settle();
    };
}

/**
 * The value at `path` of a resource's inputs (unknown in its `plain` copy) as an Undecided, for
 * stack policies, which read many resources: `Verdicts.note` it, and `settle()` raises the
 * engine's "can't run during preview" there when nothing else was reported.
 */
export function undecidedAt(props: unknown, path: Path): Undecided {
    return new Undecided(readThroughProxy(props, ...path.slice(0, -1)), path[path.length - 1]);
}

export const noConfig: PolicyConfigSchema = { properties: {} };

/** `a, b and c` (or `a, b or c`). */
export function listText(items: string[], conjunction: "and" | "or" = "and"): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}
