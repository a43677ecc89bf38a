import type { CheckId } from "../pss";

/**
 * CEL building blocks for the generated ValidatingAdmissionPolicies.
 *
 * A policy that judges pods declares three variables (spec.variables, evaluated lazily, each may use
 * the ones before it) so that one expression serves a Pod and every pod-template workload:
 * `podSpec` and `podMeta` are the pod template's spec and metadata wherever the kind keeps them
 * (`spec` for a Pod, `spec.template` for Deployments, StatefulSets, DaemonSets, ReplicaSets,
 * ReplicationControllers and Jobs, `spec.jobTemplate.spec.template` for CronJobs), `containers` every
 * container, init container and ephemeral container, as Pod Security Admission visits them.
 * (https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/#variable-composition,
 * read 2026-12-03.)
 */

export interface CelValidation {
    /** The pack rule or Pod Security check it comes from. */
    check: CheckId | string;
    /** True when the object passes. */
    expression: string;
    /** One line, no line breaks (the API refuses them). */
    message: string;
    /** A string naming what failed (falls back to `message` when it errors). */
    messageExpression?: string;
}

export interface CelVariable {
    name: string;
    expression: string;
}

export const POD_SPEC = "variables.podSpec";
export const POD_META = "variables.podMeta";
export const POD_CONTAINERS = "variables.containers";

/** The pod template's path per kind, as the pack's walker knows it (policies/workloads.ts). */
export const POD_VARIABLES: CelVariable[] = [
    {
        name: "podSpec",
        expression: "object.kind == 'Pod' ? object.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
    },
    {
        name: "podMeta",
        expression:
            "object.kind == 'Pod' ? object.metadata : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.?metadata.orValue({}) : object.spec.template.?metadata.orValue({})",
    },
    {
        name: "containers",
        expression: `${POD_SPEC}.?containers.orValue([]) + ${POD_SPEC}.?initContainers.orValue([]) + ${POD_SPEC}.?ephemeralContainers.orValue([])`,
    },
];

/** A CEL string literal. */
export function celString(value: string): string {
    return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function celList(values: readonly string[]): string {
    return `[${values.map(celString).join(", ")}]`;
}

/**
 * A check every container must pass: `ok` is a CEL predicate over `c`. The message expression
 * names the containers that fail.
 */
export function containerCheck(check: CheckId | string, ok: string, text: string, containers: string = POD_CONTAINERS): CelValidation {
    return {
        check,
        expression: `${containers}.all(c, ${ok})`,
        message: `${text}.`,
        messageExpression: `${celString(`${text}; failing containers: `)} + ${containers}.filter(c, !(${ok})).map(c, c.name).join(', ')`,
    };
}
