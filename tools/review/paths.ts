import { SECRET, UNKNOWN } from "../plan/model";

/**
 * Input values as flat property paths, the form the diff, the replacement table and the security
 * rules all speak: `vpcConfig.endpointPublicAccess`, `ingress[0].cidrBlocks`,
 * `metadata.labels["pod-security.kubernetes.io/enforce"]`.
 *
 * - Objects nest with `.`; keys that are not identifiers are quoted (`["a/b"]`).
 * - Arrays of objects nest with `[i]`; an array of scalars is one leaf (a subnet list reads better
 *   as "[a, b] → [a, c]" than as index-by-index changes).
 * - A string holding a JSON object or array (IAM and key policies, the AWS provider's nested
 *   inputs) is parsed and walked like any other value, so a changed statement shows as a path.
 */

export type Leaves = Map<string, unknown>;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function joinPath(base: string, key: string): string {
    if (IDENT.test(key)) {
        return base ? `${base}.${key}` : key;
    }
    return `${base}[${JSON.stringify(key)}]`;
}

/** Parses a string that holds a JSON object or array; anything else comes back unchanged. */
export function parseJsonString(value: unknown): unknown {
    if (typeof value !== "string") {
        return value;
    }
    const t = value.trim();
    if (!((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]")))) {
        return value;
    }
    try {
        return JSON.parse(t);
    } catch {
        return value;
    }
}

function isScalarArray(v: unknown[]): boolean {
    return v.every((x) => x === null || typeof x !== "object");
}

export function flatten(value: unknown, base = "", out: Leaves = new Map()): Leaves {
    if (value === undefined) {
        return out;
    }
    const v = parseJsonString(value);
    if (Array.isArray(v)) {
        if (isScalarArray(v)) {
            out.set(base, v);
        } else {
            v.forEach((x, i) => flatten(x, `${base}[${i}]`, out));
            if (v.length === 0) {
                out.set(base, []);
            }
        }
        return out;
    }
    if (v && typeof v === "object") {
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.length === 0 && base) {
            out.set(base, {});
        }
        for (const [k, x] of entries) {
            flatten(x, joinPath(base, k), out);
        }
        return out;
    }
    if (base) {
        out.set(base, v);
    }
    return out;
}

/** Reads a value at a dotted path (`a.b`, `a[0].b`, `a["x/y"]`), parsing JSON strings on the way. */
export function getPath(value: unknown, path: string): unknown {
    let cur: unknown = value;
    for (const seg of splitPath(path)) {
        cur = parseJsonString(cur);
        if (cur === null || cur === undefined || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<string, unknown>)[seg];
    }
    return cur;
}

export function splitPath(path: string): string[] {
    const out: string[] = [];
    const re = /([^.[\]]+)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(path)) !== null) {
        out.push(m[1] ?? m[2] ?? JSON.parse(`"${m[3]}"`));
    }
    return out;
}

/**
 * True when `path` is `pattern` or lies under it. Patterns use the same syntax with `*` for any
 * one segment (`ingress[*].cidrBlocks`, `spec.*.image`), as Pulumi's `replaceOnChanges` does.
 */
export function pathMatches(pattern: string, path: string): boolean {
    const p = splitPath(pattern);
    const s = splitPath(path);
    if (s.length < p.length) {
        return false;
    }
    return p.every((seg, i) => seg === "*" || seg === s[i]);
}

/** Same as `pathMatches`, also true when the changed path is a parent of the pattern (a whole block replaced). */
export function pathOverlaps(pattern: string, path: string): boolean {
    const p = splitPath(pattern);
    const s = splitPath(path);
    const n = Math.min(p.length, s.length);
    for (let i = 0; i < n; i++) {
        if (p[i] !== "*" && p[i] !== s[i]) {
            return false;
        }
    }
    return true;
}

const SECRET_KEY = /(password|passwd|secret|token|private[-_]?key|api[-_]?key|credential)/i;

/** A key whose string value is shown as `[secret]` whatever it holds. */
export function isSecretKey(path: string): boolean {
    const segs = splitPath(path);
    const last = segs[segs.length - 1] ?? "";
    return SECRET_KEY.test(last);
}

export function isUnknown(v: unknown): boolean {
    return v === UNKNOWN;
}

export function isSecret(v: unknown): boolean {
    return v === SECRET;
}

/** True when the value carries a secret marker anywhere inside it. */
export function containsSecret(v: unknown): boolean {
    if (v === SECRET) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsSecret);
    }
    if (v && typeof v === "object") {
        return Object.values(v).some(containsSecret);
    }
    return false;
}

export function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}
