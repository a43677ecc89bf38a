/**
 * Reading resource inputs inside a policy without tripping over unknowns. The engine (and the
 * offline evaluator) hands policies a proxy that throws when a value unknown until apply is read;
 * that ends the policy's run for the resource with an advisory "can't run during preview". For
 * a rule that only needs to know whether a value is set (a KMS key ARN, a role ARN), `peek` looks
 * at the raw value without reading it through the proxy, so that a computed value counts as set.
 */

/** The sentinels `@pulumi/policy` uses for unknown values. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
const SENTINELS = new Set(
    ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"].map((k) => proxy[k]),
);

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

/** Parses a policy document given as a JSON string or an object; undefined when unknown or invalid. */
export function parseJsonDocument(value: unknown): Record<string, any> | undefined {
    if (value === undefined || value === null || isUnknownValue(value)) {
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
