import type { ReportViolation } from "@pulumi/policy";
import { Path, peek, readThroughProxy, UNKNOWN, Unknown } from "./values";

/*
 * Deciding a rule over values that may be unknown until apply.
 *
 * A rule over several entries (the ingress list of a security group, the containers of a pod)
 * reports what it can decide: each check is true, false or Undecided (three-valued), decided
 * violations are reported, and when the rule found nothing against the resource but could not
 * decide a check, the run ends by reading the undecided value through the engine's proxy, which the
 * engine turns into its advisory "can't run ... during preview". A value unknown until apply
 * therefore never fails a mandatory rule, and `pulumi up`, which sees the values, decides it.
 *
 * The AWS and Kubernetes packs each had a collector (`Verdicts` over lazily read values, `Findings`
 * over plain copies); they differed in one point, kept here from the Kubernetes one: the
 * undecided value is raised only when no violation was reported. A resource with a decided
 * violation already fails; raising as well turned its check into "unknown" in the evaluator's
 * evidence (JUnit, compliance summary) and added an advisory line beside the mandatory one.
 */

/** A value known only after apply, with the place to read it from to raise the engine's error. */
export class Undecided {
    constructor(
        private readonly holder: unknown,
        private readonly key: string | number,
    ) {}

    /** Reads the value through the engine's proxy, which throws its UnknownValueError. */
    raise(): never {
        readThroughProxy(this.holder, this.key);
        throw new Error(`the value at ${String(this.key)} is unknown until apply`);
    }
}

export type Maybe<T> = T | undefined | Undecided;
/** Three-valued: decided true or false, or Undecided until apply. */
export type Tri = boolean | Undecided;

/**
 * `obj[key]`: the value, undefined when unset, or Undecided (never throws). A field of a value
 * that is itself unknown until apply is unknown too: reading into an Undecided returns it, so a
 * rule reading `a.b` of an unknown `a` cannot decide rather than seeing `b` unset and failing.
 */
export function read<T = unknown>(obj: unknown, key: string): Maybe<T> {
    if (obj instanceof Undecided) {
        return obj;
    }
    const p = peek<T>(obj, key);
    if (p.state === "unknown") {
        return new Undecided(obj, key);
    }
    return p.state === "known" ? p.value : undefined;
}

/** The elements of a list input (a single value counts as a list of one); an unknown list is one Undecided element. */
export function readList<T = unknown>(obj: unknown, key: string): Maybe<T>[] {
    const list = read<unknown>(obj, key);
    if (list === undefined || list instanceof Undecided) {
        return list === undefined ? [] : [list];
    }
    if (!Array.isArray(list)) {
        return [list as T];
    }
    const out: Maybe<T>[] = [];
    for (let i = 0; i < list.length; i++) {
        out.push(read<T>(list, String(i)));
    }
    return out;
}

/** `pred(value)`, or the Undecided itself. */
export function test<T>(value: Maybe<T>, pred: (v: T | undefined) => boolean): Tri {
    return value instanceof Undecided ? value : pred(value);
}

export function anyOf(xs: Tri[]): Tri {
    if (xs.some((x) => x === true)) {
        return true;
    }
    return xs.find((x): x is Undecided => x instanceof Undecided) ?? false;
}

export function allOf(xs: Tri[]): Tri {
    if (xs.some((x) => x === false)) {
        return false;
    }
    return xs.find((x): x is Undecided => x instanceof Undecided) ?? true;
}

export function not(x: Tri): Tri {
    return x instanceof Undecided ? x : !x;
}

/** A tag that marks a resource ("true" or "1", as the EKS subnet discovery tags use). */
export function tagOn(tags: Maybe<unknown>, key: string): Tri {
    // Tags unknown until apply: read() gives that Undecided back, so the tag is undecided too.
    return test(read<unknown>(tags, key), (v) => typeof v === "string" && ["true", "1"].includes(v.trim().toLowerCase()));
}

/** How a message shows a value that may be undecided. */
export function show(value: unknown): string {
    return value instanceof Undecided ? "(unknown)" : String(value);
}

/**
 * Collects a rule's verdicts on one resource (or one stack): reports decided violations as they
 * come, remembers the first value it could not judge, and `settle()` ends the run the engine's way
 * when nothing was reported but something stayed undecided.
 *
 * Values come either read lazily (`read`, giving Undecided) or from a `plain` copy (`UNKNOWN` at a
 * path under `props`, the engine's inputs the copy was made from).
 */
export class Verdicts {
    private failed = false;
    private pending?: () => void;

    constructor(
        private readonly sink: ReportViolation,
        private readonly props?: unknown,
    ) {}

    /** Reports a decided violation (on `urn` for stack policies). */
    readonly fail = (message: string, urn?: string): void => {
        this.failed = true;
        this.sink(message, urn);
    };

    /** Reports through `report` when `violated` is true; remembers it when undecided. */
    when(violated: Tri, report: () => void): void {
        if (violated === true) {
            this.failed = true;
            report();
        } else if (violated instanceof Undecided) {
            this.note(violated);
        }
    }

    /** Remembers a value that could not be read (an Undecided list entry) as undecided. */
    note(value: unknown): void {
        if (value instanceof Undecided) {
            this.pending ??= () => value.raise();
        }
    }

    /** Remembers the value at `path` of the inputs (unknown in the plain copy) as undecided. */
    unknown(path: Path): void {
        this.pending ??= () => readThroughProxy(this.props, ...path);
    }

    /** True when `value` (from a plain copy) is `UNKNOWN`, which is then remembered at `path`. */
    isUnknown(value: unknown, path: Path): value is Unknown {
        if (value === UNKNOWN) {
            this.unknown(path);
            return true;
        }
        return false;
    }

    /** Ends the run with the engine's "can't run during preview" when nothing was reported but a check stayed undecided. */
    settle(): void {
        if (!this.failed) {
            this.pending?.();
        }
    }
}
