import { CheckId, CheckOptions, Level, PSS_CHECKS, PssCheck, VersionedCheck, Violation } from "./checks";
import { Path, PodView } from "./pod";
import { atLeast, compareVersions } from "./version";

/**
 * Evaluating a pod at a level and a version the way Pod Security Admission does
 * (policy/registry.go, read 2026-12-03): baseline runs every baseline check in force at the
 * version; restricted runs every restricted check in force plus the baseline checks that none of
 * them overrides (restrictedVolumes replaces hostPathVolumes, capabilities_restricted replaces
 * capabilities_baseline, seccompProfile_restricted replaces seccompProfile_baseline,
 * procMount_restricted replaces procMount from 1.35). A version newer than every revision uses the
 * newest revisions, as admission does for `latest`.
 */

/** The revision of `check` in force at `version`; undefined before the check's first version. */
export function revisionAt(check: PssCheck, version: string): VersionedCheck | undefined {
    let found: VersionedCheck | undefined;
    for (const v of check.versions) {
        if (atLeast(version, v.minVersion)) {
            found = v;
        }
    }
    return found;
}

/** The checks (with their revision) admission runs for a level at a version. */
export function checksAt(level: Level, version: string): { check: PssCheck; revision: VersionedCheck }[] {
    const inForce = PSS_CHECKS.map((check) => ({ check, revision: revisionAt(check, version) })).filter((c): c is { check: PssCheck; revision: VersionedCheck } => c.revision !== undefined);
    const baseline = inForce.filter((c) => c.check.level === "baseline");
    if (level === "baseline") {
        return baseline;
    }
    const restricted = inForce.filter((c) => c.check.level === "restricted");
    const overridden = new Set<CheckId>(restricted.flatMap((c) => c.revision.overrides ?? []));
    return [...baseline.filter((c) => !overridden.has(c.check.id)), ...restricted];
}

export interface PodEvaluation {
    violations: Violation[];
    /** Paths of values unknown until apply that a check needed. */
    undecided: Path[];
}

/** Runs the given checks (by id, each at its revision for `version`) over one pod template. */
export function runChecks(pod: PodView, ids: readonly CheckId[], version: string, options: CheckOptions = {}): Violation[] {
    const out: Violation[] = [];
    for (const check of PSS_CHECKS) {
        if (!ids.includes(check.id)) {
            continue;
        }
        const revision = revisionAt(check, version);
        if (revision) {
            out.push(...revision.evaluate(pod, options));
        }
    }
    return out;
}

/**
 * Pod Security Admission's verdict for a pod template at a level and version: the violations of
 * every check it runs. `root` is the document, `templateKeys` the keys to its `metadata`/`spec`.
 */
export function evaluatePod(root: unknown, level: Level, version: string, options: CheckOptions = {}, templateKeys: Path = []): PodEvaluation {
    const pod = new PodView(root, templateKeys);
    const ids = checksAt(level, version).map((c) => c.check.id);
    const violations = runChecks(pod, ids, version, options);
    return { violations, undecided: pod.undecided };
}

/** Every minor from `from` to `to` inclusive (`1.31`…`1.35`). */
export function versionRange(from: string, to: string): string[] {
    const [major, start] = from.split(".").map(Number);
    const end = Number(to.split(".")[1]);
    const out: string[] = [];
    for (let m = start; m <= end; m++) {
        out.push(`${major}.${m}`);
    }
    return out.filter((v) => compareVersions(v, to) <= 0);
}
