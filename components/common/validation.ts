/**
 * Validation shared by every component and by the stack config: collect every problem, then
 * throw once. Each problem names the setting, shows the value received and says what is
 * accepted: `azCount: 7 is not in 2..6`.
 */

/** Thrown for input a user can fix; the CLI prints the message without a stack trace and exits 2. */
export class ValidationError extends Error {
    /** Marks errors the CLI reports as invalid configuration (exit code 2). */
    readonly userError = true;

    constructor(readonly subject: string, readonly problems: string[]) {
        super(`invalid ${subject}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ValidationError";
    }
}

/** Renders a received value for a message: strings quoted, objects as JSON, undefined as "unset". */
export function show(value: unknown): string {
    if (value === undefined) {
        return "unset";
    }
    if (typeof value === "string") {
        return JSON.stringify(value);
    }
    try {
        return JSON.stringify(value);
    } catch {
        return String(value);
    }
}

export class Problems {
    private readonly list: string[] = [];

    /** Records `<path>: <received> <expected>`, e.g. add("azCount", 7, "is not in 2..6"). */
    add(path: string, received: unknown, expected: string): void {
        this.list.push(`${path}: ${show(received)} ${expected}`);
    }

    /** Records a problem whose message is already complete (cross-field rules). */
    addMessage(message: string): void {
        this.list.push(message);
    }

    /** Checks an integer range. */
    intRange(path: string, value: unknown, min: number, max: number): void {
        if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
            this.add(path, value, `is not in ${min}..${max}`);
        }
    }

    /** Checks membership in a fixed set. */
    oneOf<T>(path: string, value: unknown, allowed: readonly T[]): void {
        if (!allowed.includes(value as T)) {
            this.add(path, value, `is not one of ${allowed.map((a) => show(a)).join(", ")}`);
        }
    }

    /** Checks a DNS-1123 label (Kubernetes names, most AWS name parts). */
    dnsLabel(path: string, value: unknown, maxLength = 63): void {
        if (typeof value !== "string" || value.length > maxLength || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value)) {
            this.add(path, value, `is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most ${maxLength} characters)`);
        }
    }

    get count(): number {
        return this.list.length;
    }

    get all(): readonly string[] {
        return this.list;
    }

    /** Throws one ValidationError listing every problem, if there are any. */
    throwIfAny(subject: string): void {
        if (this.list.length > 0) {
            throw new ValidationError(subject, [...this.list]);
        }
    }
}

/** True when the error is a user mistake the CLI should report with exit code 2. */
export function isUserError(e: unknown): e is Error & { userError: true } {
    return typeof e === "object" && e !== null && (e as { userError?: unknown }).userError === true;
}
