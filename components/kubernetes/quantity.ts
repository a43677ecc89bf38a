/**
 * Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1.5Gi`, `1e3`), parsed to numbers so that
 * limits can be compared with requests before anything reaches the API server.
 */

const SUFFIX: Record<string, number> = {
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The value of a non-negative quantity, or undefined when the text is not one. */
export function parseQuantity(text: unknown): number | undefined {
    if (typeof text !== "string") {
        return undefined;
    }
    const m = QUANTITY.exec(text);
    if (!m) {
        return undefined;
    }
    const base = Number(m[1]);
    return m[2] !== undefined ? base * 10 ** Number(m[2].slice(1)) : base * SUFFIX[m[3] ?? ""];
}
