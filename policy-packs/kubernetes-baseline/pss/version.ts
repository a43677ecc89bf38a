/**
 * Kubernetes minor versions as the Pod Security Standards are versioned: a policy version is a
 * minor (`1.34`), and a check applies from its minimum version on until a later revision of the
 * same check replaces it (pod-security-admission policy/registry.go, read 2026-12-03).
 */

/** `1.34` from `1.34`, `v1.34`, `1.34.2` or `v1.34.2-eks-…`; undefined for anything else. */
export function minorOf(version: string): string | undefined {
    const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim());
    return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

function parts(version: string): [number, number] {
    const minor = minorOf(version);
    if (!minor) {
        throw new Error(`not a Kubernetes version: ${JSON.stringify(version)} (expected <major>.<minor>, e.g. 1.34)`);
    }
    const [a, b] = minor.split(".").map(Number);
    return [a, b];
}

/** Negative, zero or positive as `a` is older than, the same minor as, or newer than `b`. */
export function compareVersions(a: string, b: string): number {
    const [am, an] = parts(a);
    const [bm, bn] = parts(b);
    return am !== bm ? am - bm : an - bn;
}

/** True when `version` is `min` or newer. */
export function atLeast(version: string, min: string): boolean {
    return compareVersions(version, min) >= 0;
}
