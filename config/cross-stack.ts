import { ValidationError } from "../components/common/validation";
import { findOverlaps, isCidr } from "../components/network/cidr";
import { contains, tryPlanSubnets } from "../components/network/cidr";
import { platformSettings, validateConfig } from "./load";
import { availabilityZonesOf, PlatformConfig } from "./schema";
import type { SemanticOptions } from "./semantic-checks";

/**
 * Checks that only make sense across every stack of the project: VPC CIDRs that would collide on
 * the Transit Gateway, workload stacks pointing at a network stack that does not exist or is not
 * one, account IDs that disagree between stacks.
 */

export interface StackSettings {
    stack: string;
    /** Fully qualified config of the stack file (`platform:role`, …). */
    config: Record<string, unknown>;
}

export interface ValidatedStack {
    stack: string;
    config: PlatformConfig;
}

/** Validates every stack on its own, then across stacks; throws once with every problem. */
export function validateAllStacks(stacks: StackSettings[], options: SemanticOptions = {}): ValidatedStack[] {
    const problems: string[] = [];
    const valid: ValidatedStack[] = [];
    for (const s of stacks) {
        try {
            valid.push({ stack: s.stack, config: validateConfig(platformSettings(s.config), "stack configuration", options) });
        } catch (e) {
            if (e instanceof ValidationError) {
                problems.push(...e.problems.map((p) => `${s.stack}: ${p}`));
            } else {
                throw e;
            }
        }
    }
    problems.push(...crossStackProblems(valid, valid.length === stacks.length));
    if (problems.length > 0) {
        throw new ValidationError("stack configurations", problems);
    }
    return valid;
}

/** The VPC CIDRs a stack declares, with where they come from. */
export function vpcCidrsOf(s: ValidatedStack): { owner: string; cidr: string }[] {
    const out: { owner: string; cidr: string }[] = [];
    if (s.config.network) {
        out.push({ owner: `${s.stack}: platform:network.cidr`, cidr: s.config.network.cidr });
    }
    if (s.config.transitHub?.egressVpc) {
        out.push({ owner: `${s.stack}: platform:transitHub.egressVpc.cidr`, cidr: s.config.transitHub.egressVpc.cidr });
    }
    return out;
}

/** `allValid`: every stack file validated, so a stack missing from `stacks` does not exist. */
export function crossStackProblems(stacks: ValidatedStack[], allValid = true): string[] {
    const problems: string[] = [];
    const byName = new Map(stacks.map((s) => [s.stack, s]));

    const cidrs = stacks.flatMap(vpcCidrsOf).filter((c) => isCidr(c.cidr));
    for (const { a, b } of findOverlaps(cidrs.map((c) => ({ name: c.owner, cidr: c.cidr })))) {
        problems.push(`${b.name}: "${b.cidr}" overlaps ${a.name} ("${a.cidr}"); VPCs attached to one Transit Gateway need distinct ranges`);
    }

    for (const s of stacks) {
        const ref = s.config.stacks.network;
        if (ref !== undefined) {
            const target = byName.get(ref);
            if (!target) {
                problems.push(`${s.stack}: platform:stacks.network: "${ref}" is not a stack in stacks/ (known: ${[...byName.keys()].join(", ")})`);
            } else if (target.config.role !== "network") {
                problems.push(`${s.stack}: platform:stacks.network: "${ref}" has role ${target.config.role}, not network`);
            } else {
                if (s.config.networkAccountId !== undefined && s.config.networkAccountId !== target.config.accountId) {
                    problems.push(`${s.stack}: platform:networkAccountId: "${s.config.networkAccountId}" is not the account of stack ${ref} ("${target.config.accountId}")`);
                }
                if (s.config.region !== target.config.region) {
                    problems.push(`${s.stack}: platform:region: "${s.config.region}" differs from stack ${ref} ("${target.config.region}"); a Transit Gateway attaches VPCs of its own region`);
                }
                if (s.config.organization.id !== target.config.organization.id) {
                    problems.push(`${s.stack}: platform:organization.id: "${s.config.organization.id}" differs from stack ${ref} ("${target.config.organization.id}")`);
                }
                // Central NAT sends the spoke's default route to the Transit Gateway, which needs
                // the hub's egress VPC to reach the internet; without it the route is a dead end.
                if (s.config.network?.natStrategy === "central" && !target.config.transitHub?.egressVpc) {
                    problems.push(
                        `${s.stack}: platform:network.natStrategy: "central" sends internet traffic to stack ${ref}'s Transit Gateway, but ${ref} has no egress VPC (platform:transitHub.egressVpc); add one there or use "single" or "one-per-az"`,
                    );
                }
            }
        }
        const shared = s.config.stacks.shared;
        if (shared !== undefined) {
            const target = byName.get(shared);
            if (!target) {
                problems.push(`${s.stack}: platform:stacks.shared: "${shared}" is not a stack in stacks/ (known: ${[...byName.keys()].join(", ")})`);
            } else if (target.config.role !== "shared-services") {
                problems.push(`${s.stack}: platform:stacks.shared: "${shared}" has role ${target.config.role}, not shared-services`);
            } else {
                const registry = `${target.config.accountId}.dkr.ecr.${target.config.region}.amazonaws.com`;
                if (s.config.containerRegistry !== undefined && s.config.containerRegistry !== registry) {
                    problems.push(`${s.stack}: platform:containerRegistry: "${s.config.containerRegistry}" is not the registry of stack ${shared} ("${registry}")`);
                }
                // The archive's bucket policy names the trail (home region, owner) and the Config account.
                if (s.config.role === "security") {
                    if (target.config.logArchive?.securityAccountId !== s.config.accountId) {
                        problems.push(
                            `${s.stack}: platform:accountId: "${s.config.accountId}" is not stack ${shared}'s platform:logArchive.securityAccountId (${JSON.stringify(target.config.logArchive?.securityAccountId ?? "unset")}); set it there so that the log archive admits this account's organization trail and AWS Config`,
                        );
                    }
                    if (s.config.region !== target.config.region) {
                        problems.push(`${s.stack}: platform:region: "${s.config.region}" differs from stack ${shared} ("${target.config.region}"); the log archive admits the organization trail of its own region`);
                    }
                }
            }
        }
    }

    // A share with the organization needs RAM sharing with AWS Organizations, which only the
    // management account enables: the bootstrap stack's ramSharingWithOrganization.
    const bootstraps = stacks.filter((s) => s.config.role === "bootstrap");
    if (!bootstraps.some((b) => b.config.bootstrap?.ramSharingWithOrganization)) {
        const where = bootstraps.length > 0 ? `stack ${bootstraps.map((b) => b.stack).join(", ")} has platform:bootstrap.ramSharingWithOrganization: false` : "no bootstrap stack in stacks/ enables it";
        for (const s of stacks.filter((x) => x.config.role === "network" && x.config.transitHub?.shareWithOrganization && !x.config.prerequisites.ramSharingWithOrganization)) {
            problems.push(
                `${s.stack}: platform:transitHub.shareWithOrganization: true needs RAM sharing with AWS Organizations, but ${where}; set platform:bootstrap.ramSharingWithOrganization: true in the bootstrap stack (run in the management account), declare it enabled outside with platform:prerequisites.ramSharingWithOrganization: true, or share with accounts (platform:transitHub.shareWithOrganization: false and shareWithAccounts)`,
            );
        }
    }

    const accounts = new Map<string, string>();
    for (const s of stacks) {
        const other = accounts.get(s.config.accountId);
        if (other !== undefined && (s.config.role === "workload" || byName.get(other)?.config.role === "workload")) {
            problems.push(`${s.stack}: platform:accountId: "${s.config.accountId}" is also the account of stack ${other}; each workload environment has an account of its own`);
        }
        accounts.set(s.config.accountId, s.stack);
    }
    problems.push(...runnerAccessProblems(stacks, allValid));
    return problems;
}

/**
 * The private subnet ranges of a stack's spoke VPC, as SpokeVpc lays them out (the CIDR planner
 * with the default prefix lengths): where a shared-services stack's runner builds run. Empty
 * when the stack has no network or its settings do not plan (reported elsewhere).
 */
export function privateSubnetCidrsOf(c: Pick<PlatformConfig, "region" | "network">): string[] {
    if (!c.network) {
        return [];
    }
    return tryPlanSubnets(c.network.cidr, availabilityZonesOf(c)).plan?.private.map((s) => s.cidr) ?? [];
}

/**
 * A shared-services stack that runs CI runners for environment E needs the workload stack of E
 * to admit the runner subnets on its private endpoint (platform:cluster.apiAccessCidrs), or every
 * Kubernetes call of E's deploy jobs times out.
 */
function runnerAccessProblems(stacks: ValidatedStack[], allValid: boolean): string[] {
    const problems: string[] = [];
    const workloads = stacks.filter((s) => s.config.role === "workload");
    for (const shared of stacks) {
        const runners = shared.config.runners;
        if (shared.config.role !== "shared-services" || !runners) {
            continue;
        }
        const subnets = privateSubnetCidrsOf(shared.config);
        runners.environments.forEach((env, i) => {
            const targets = workloads.filter((w) => w.config.environment === env);
            if (targets.length === 0) {
                if (!allValid) {
                    return; // the stack of that environment may be one that failed its own checks
                }
                const known = [...new Set(workloads.map((w) => w.config.environment))].join(", ") || "none";
                problems.push(`${shared.stack}: platform:runners.environments[${i}]: "${env}" is not the environment of a workload stack (known: ${known}); remove it or add the stack`);
                return;
            }
            for (const w of targets) {
                const admitted = w.config.cluster?.apiAccessCidrs ?? [];
                const missing = subnets.filter((s) => !admitted.some((a) => isCidr(a) && contains(a, s)));
                if (missing.length > 0) {
                    problems.push(
                        `${w.stack}: platform:cluster.apiAccessCidrs: does not admit the CI runner subnets of stack ${shared.stack} (missing ${missing.join(", ")}); ` +
                            `add them so that ${env}'s deploy jobs reach the cluster, or remove "${env}" from ${shared.stack}'s platform:runners.environments`,
                    );
                }
            }
        });
    }
    return problems;
}
