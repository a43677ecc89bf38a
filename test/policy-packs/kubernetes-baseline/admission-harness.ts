import { Environment } from "@marcbachmann/cel-js";
import type { CelValidation, CelVariable, GeneratedAdmissionPolicy, NamedRule } from "../../../policy-packs/kubernetes-baseline/admission";
import { POD_VARIABLES } from "../../../policy-packs/kubernetes-baseline/admission";

/**
 * The API server's side of a ValidatingAdmissionPolicy, in process: @marcbachmann/cel-js (a CEL
 * implementation with macros, optional types and the strings extension) evaluates the generated
 * expressions over objects as the API server hands them to CEL: JSON with integers as CEL ints
 * and no null fields (the typed object, converted to unstructured). Variables are evaluated in
 * order; one that errors is left out, so an expression that reads it errors, and an error counts
 * as a failed validation (failurePolicy: Fail).
 */

// Homogeneous aggregate literals and optional types, as Kubernetes configures CEL
// (https://kubernetes.io/docs/reference/using-api/cel/, read 2026-12-03).
const env = new Environment({ unlistedVariablesAreDyn: true, enableOptionalTypes: true, homogeneousAggregateLiterals: true });
const compiled = new Map<string, (ctx: Record<string, unknown>) => unknown>();

export function compile(expression: string): (ctx: Record<string, unknown>) => unknown {
    let fn = compiled.get(expression);
    if (!fn) {
        const parsed = env.parse(expression);
        fn = (ctx) => parsed(ctx);
        compiled.set(expression, fn);
    }
    return fn;
}

/** JSON as Kubernetes gives it to CEL: integers as int (bigint here), nulls dropped. */
export function toCel(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.filter((v) => v !== null && v !== undefined).map(toCel);
    }
    if (typeof value === "number" && Number.isInteger(value)) {
        return BigInt(value);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== null && v !== undefined)
                .map(([k, v]) => [k, toCel(v)]),
        );
    }
    return value;
}

export interface Request {
    operation?: "CREATE" | "UPDATE";
    namespace: string;
    oldObject?: unknown;
}

export interface Failure {
    check: string;
    message: string;
}

/** Evaluates the variables, then each validation; a validation that is not `true` fails. */
export function evaluate(validations: { check?: string; expression: string; message: string; messageExpression?: string }[], variables: CelVariable[], object: unknown, request: Request): Failure[] {
    const obj = toCel(object);
    const ctx: Record<string, unknown> = {
        object: obj,
        oldObject: request.oldObject === undefined ? null : toCel(request.oldObject),
        request: { operation: request.operation ?? "CREATE", namespace: request.namespace },
    };
    const vars: Record<string, unknown> = {};
    ctx.variables = vars;
    for (const v of variables) {
        try {
            vars[v.name] = compile(v.expression)(ctx);
        } catch {
            // Left unset: an expression reading it fails.
        }
    }
    const failures: Failure[] = [];
    for (const v of validations) {
        let ok: unknown;
        try {
            ok = compile(v.expression)(ctx);
        } catch (e) {
            ok = e;
        }
        if (ok === true) {
            continue;
        }
        if (ok !== false && !(ok instanceof Error)) {
            throw new Error(`validation ${v.check} returned ${String(ok)}, not a bool: ${v.expression}`);
        }
        let message = v.message;
        if (v.messageExpression && ok === false) {
            const m = compile(v.messageExpression)(ctx);
            if (typeof m !== "string" || /[\r\n]/.test(m) || m.trim() === "") {
                throw new Error(`messageExpression of ${v.check} gave ${JSON.stringify(m)}`);
            }
            message = m;
        }
        failures.push({ check: v.check ?? "", message: ok instanceof Error ? `${message} (error: ${ok.message})` : message });
    }
    return failures;
}

/** Validations over a pod or pod-template workload (the pod variables). */
export function evaluatePodValidations(validations: CelValidation[], object: unknown, namespace = "fixtures"): Failure[] {
    return evaluate(validations, POD_VARIABLES, object, { namespace });
}

const KIND_OF_RESOURCE: Record<string, string> = {
    pods: "Pod",
    "pods/ephemeralcontainers": "Pod",
    replicationcontrollers: "ReplicationController",
    deployments: "Deployment",
    statefulsets: "StatefulSet",
    daemonsets: "DaemonSet",
    replicasets: "ReplicaSet",
    jobs: "Job",
    cronjobs: "CronJob",
    serviceaccounts: "ServiceAccount",
    services: "Service",
    namespaces: "Namespace",
};

export function kindsOf(rules: NamedRule[]): string[] {
    return [...new Set(rules.flatMap((r) => r.resources.map((res) => KIND_OF_RESOURCE[res])))];
}

/**
 * What the API server does with one generated policy and its binding for an object: whether it
 * applies (kind, the binding's namespace exemptions, the match conditions), and the failures.
 */
export function admit(generated: GeneratedAdmissionPolicy, object: Record<string, any>, request: Partial<Request> = {}): { applies: boolean; failures: Failure[] } {
    const { policy, binding } = generated;
    const kind = object.kind as string;
    if (!kindsOf(policy.spec.matchConstraints.resourceRules).includes(kind)) {
        return { applies: false, failures: [] };
    }
    const namespace = kind === "Namespace" ? object.metadata?.name : (request.namespace ?? object.metadata?.namespace ?? "default");
    const exempt = binding.spec.matchResources?.namespaceSelector.matchExpressions.some((e) => e.key === "kubernetes.io/metadata.name" && e.operator === "NotIn" && e.values.includes(namespace));
    if (exempt) {
        return { applies: false, failures: [] };
    }
    const req: Request = { operation: request.operation ?? "CREATE", namespace: kind === "Namespace" ? "" : namespace, oldObject: request.oldObject };
    for (const condition of policy.spec.matchConditions ?? []) {
        const failed = evaluate([{ check: condition.name, expression: condition.expression, message: condition.name }], [], object, req);
        if (failed.length > 0) {
            return { applies: false, failures: [] };
        }
    }
    return { applies: true, failures: evaluate(policy.spec.validations.map((v) => ({ ...v, check: generated.packPolicy })), policy.spec.variables ?? [], object, req) };
}

/** A pod (metadata and spec) as each kind that carries one: Pod and the pod-template workloads. */
export function asKind(kind: string, pod: Record<string, any>, namespace = "fixtures"): Record<string, any> {
    const metadata = { name: "fixture", namespace };
    const template = { metadata: pod.metadata ?? {}, spec: pod.spec };
    switch (kind) {
        case "Pod":
            return { apiVersion: "v1", kind, metadata: { ...pod.metadata, namespace }, spec: pod.spec };
        case "CronJob":
            return { apiVersion: "batch/v1", kind, metadata, spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template } } } };
        case "Job":
            return { apiVersion: "batch/v1", kind, metadata, spec: { template } };
        case "ReplicationController":
            return { apiVersion: "v1", kind, metadata, spec: { template } };
        default:
            return { apiVersion: "apps/v1", kind, metadata, spec: { selector: { matchLabels: { app: "fixture" } }, template } };
    }
}

export const POD_KINDS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"];

/** The pod variables as the API server computes them for an object (unset where one errors). */
export function variablesOf(object: unknown, variables: CelVariable[] = POD_VARIABLES): Record<string, unknown> {
    const ctx: Record<string, unknown> = { object: toCel(object), oldObject: null, request: { operation: "CREATE", namespace: "fixtures" } };
    const vars: Record<string, unknown> = {};
    ctx.variables = vars;
    for (const v of variables) {
        try {
            vars[v.name] = compile(v.expression)(ctx);
        } catch {
            // Left unset, as evaluate() does.
        }
    }
    return vars;
}
