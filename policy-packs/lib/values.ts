/**
 * Reading resource inputs inside a policy without tripping over unknowns. The engine (and the
 * offline evaluator) hands policies a proxy that throws when a value unknown until apply is read;
 * that ends the policy's run for the resource with an advisory "can't run during preview".
 *
 * Two ways of reading live here, one implementation each:
 * - `peek` / `isSet` look at one raw value without the proxy's check (a computed ARN counts as set);
 * - `plain` copies a whole input into plain data in which every unknown is the `UNKNOWN` marker,
 *   for rules that walk documents or pod specs and decide per value what an unknown means.
 * When a rule cannot be decided without an unknown value, `readThroughProxy` reads it through the
 * engine's proxy, so that the engine itself raises its "can't run during preview" (see verdicts.ts
 * for collecting decided violations first).
 */

/** The sentinels `@pulumi/policy` uses for unknown values. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
const SENTINELS = new Set(
    ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"].map((k) => proxy[k]),
);

/** A value unknown until apply, as `plain` returns it (an ECR repository URL, a computed ARN). */
export const UNKNOWN: unique symbol = Symbol("unknown until apply");
export type Unknown = typeof UNKNOWN;

/** Keys from a resource's inputs to a value, e.g. `["spec", "template", "spec", "containers", 0]`. */
export type Path = (string | number)[];

export type Peeked<T = unknown> = { state: "unset" } | { state: "unknown" } | { state: "known"; value: T };

/** True when a raw value is one of the policy SDK's unknown sentinels. */
export function isUnknownValue(value: unknown): boolean {
    return SENTINELS.has(value);
}

/** Looks at `obj[key]` without the proxy's unknown check. */
export function peek<T = unknown>(obj: unknown, key: string): Peeked<T> {
    if (obj === null || obj === undefined || typeof obj !== "object") {
        return { state: "unset" };
    }
    const desc = Object.getOwnPropertyDescriptor(obj, key);
    const raw = desc?.value;
    if (raw === undefined || raw === null) {
        return { state: "unset" };
    }
    if (isUnknownValue(raw)) {
        return { state: "unknown" };
    }
    return { state: "known", value: (obj as Record<string, T>)[key] };
}

/** True when `obj[key]` is set, known or not (a computed ARN counts as set). */
export function isSet(obj: unknown, key: string): boolean {
    return peek(obj, key).state !== "unset";
}

/**
 * A deep plain copy of policy inputs with every unknown replaced by `UNKNOWN`; never throws.
 *
 * Two copies existed (IAM documents and Kubernetes workloads). This one reads each own property
 * through its descriptor, which the engine's proxy passes to its target without the unknown
 * check, so it needs none of the SDK's internal proxy markers (`__getSpecialProxyTarget`) and
 * works the same on proxies, plain objects and values nested in either.
 */
export function plain(value: unknown): any {
    if (isUnknownValue(value)) {
        return UNKNOWN;
    }
    if (Array.isArray(value)) {
        return Array.from({ length: value.length }, (_, i) => plain(Object.getOwnPropertyDescriptor(value, i)?.value));
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
            out[key] = plain(Object.getOwnPropertyDescriptor(value, key)?.value);
        }
        return out;
    }
    return value;
}

/**
 * The top-level inputs as the engine sent them (unknown sentinels kept), without reading them
 * through the unknown-checking proxy: what a remediation returns with the fields it changes.
 */
export function rawInputs(props: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.keys(props).map((k) => [k, Object.getOwnPropertyDescriptor(props, k)?.value]));
}

/** True when a plain value holds `UNKNOWN` anywhere. */
export function containsUnknown(value: unknown): boolean {
    if (value === UNKNOWN) {
        return true;
    }
    if (Array.isArray(value)) {
        return value.some(containsUnknown);
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(containsUnknown);
    }
    return false;
}

/**
 * Reads `path` from the engine's inputs through its proxy. Used when a rule cannot be decided
 * without a value that is unknown: the read throws the engine's UnknownValueError, which the engine
 * reports as an advisory "can't run during preview" instead of failing (or silently passing) a
 * mandatory rule. A path that leaves the objects (a primitive, unset) reads nothing.
 */
export function readThroughProxy(props: unknown, ...path: Path): unknown {
    let cur = props;
    for (const k of path) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<string | number, unknown>)[k];
    }
    return cur;
}

/** Parses a policy document given as a JSON string or an object; undefined when unknown or invalid. */
export function parseJsonDocument(value: unknown): Record<string, any> | undefined {
    if (value === undefined || value === null || value === UNKNOWN || isUnknownValue(value)) {
        return undefined;
    }
    if (typeof value === "string") {
        try {
            return JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    return typeof value === "object" ? (value as Record<string, any>) : undefined;
}

/** A single value or a list, as IAM allows for Action, Resource and principals. */
export function asList<T>(value: T | T[] | undefined | null): T[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}
