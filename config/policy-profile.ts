import * as fs from "fs";
import * as path from "path";
import type { PlatformConfig } from "./schema";

/**
 * Which policy pack configuration a stack is held to (docs/decisions/0011): the directory
 * policy-packs/config/<profile>/ with one <pack>.json per pack, where the profile is
 * `platform:policyProfile` or, unset, the stack's environment. There is no fallback: a stack
 * whose profile has no directory is refused, saying what to create or which setting to add.
 */

export const POLICY_CONFIG_ROOT = path.resolve(__dirname, "..", "policy-packs", "config");

/** The profiles that exist: the directories of policy-packs/config/. */
export function policyProfiles(root: string = POLICY_CONFIG_ROOT): string[] {
    if (!fs.existsSync(root)) {
        return [];
    }
    return fs
        .readdirSync(root, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
}

export function policyProfileOf(c: Pick<PlatformConfig, "policyProfile" | "environment">): string {
    return c.policyProfile ?? c.environment;
}

/** The problem with a stack's profile, as a `platform:` line, or undefined when its directory exists. */
export function policyProfileProblem(c: Pick<PlatformConfig, "policyProfile" | "environment">, root: string = POLICY_CONFIG_ROOT): string | undefined {
    const profile = policyProfileOf(c);
    if (fs.existsSync(path.join(root, profile))) {
        return undefined;
    }
    const known = policyProfiles(root);
    const rel = path.relative(process.cwd(), path.join(root, profile)) || path.join(root, profile);
    if (c.policyProfile !== undefined) {
        return `platform:policyProfile: ${JSON.stringify(profile)} has no pack configuration (${rel}/ does not exist); use one of ${known.join(", ") || "none"} or create it`;
    }
    return (
        `platform:policyProfile: unset, and environment ${JSON.stringify(profile)} has no pack configuration of its own (${rel}/ does not exist); ` +
        `create ${rel}/aws-baseline.json and kubernetes-baseline.json, or choose one explicitly with platform:policyProfile (one of ${known.join(", ") || "none"})`
    );
}
