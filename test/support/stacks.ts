import { platformSettings } from "../../config/load";
import { policyProfileProblem } from "../../config/policy-profile";
import { referenceGraph } from "../../tools/plan/deploy-order";
import { listStacks, readStackFile, stackFilePath } from "../../tools/plan/stack-file";

/**
 * The stacks of the project as the files in stacks/ declare them, for tests that would otherwise
 * hard-code a list of stacks: adding a stack file changes what they expect, and the checks in
 * test/ci/new-stack.test.ts say what else the new stack needs.
 */

export interface StackInfo {
    stack: string;
    role: string;
    environment: string;
    accountId: string;
    /** The stacks this one reads through StackReference (platform:stacks). */
    references: string[];
    /** The pack configuration it is held to: platform:policyProfile, else its environment. */
    policyProfile: string;
    settings: Record<string, any>;
}

export function stackInfos(): StackInfo[] {
    const graph = referenceGraph();
    return listStacks().map((stack) => {
        const settings = platformSettings(readStackFile(stackFilePath(stack), stack).config) as Record<string, any>;
        return {
            stack,
            role: String(settings.role),
            environment: String(settings.environment),
            accountId: String(settings.accountId),
            references: [...(graph.get(stack) ?? [])].sort(),
            policyProfile: String(settings.policyProfile ?? settings.environment),
            settings,
        };
    });
}

export function stackInfo(stack: string): StackInfo {
    const s = stackInfos().find((x) => x.stack === stack);
    if (!s) {
        throw new Error(`no stacks/Pulumi.${stack}.yaml`);
    }
    return s;
}

/** Stacks CI never deploys: the bootstrap (it creates the deployment roles, run once by an administrator). */
export function manualStacks(): string[] {
    return stackInfos()
        .filter((s) => s.role === "bootstrap")
        .map((s) => s.stack);
}

/** The stacks deploy.yml promotes: every stack but the manual ones. */
export function deployedStacks(): string[] {
    return stackInfos()
        .filter((s) => s.role !== "bootstrap")
        .map((s) => s.stack);
}

/** The bootstrap stack's settings (platform:bootstrap), the one place accounts and reviewers are declared. */
export function bootstrapSettings(): Record<string, any> {
    const b = stackInfos().find((s) => s.role === "bootstrap");
    if (!b) {
        throw new Error("no bootstrap stack in stacks/");
    }
    return b.settings.bootstrap;
}

/**
 * Workload stacks whose deploy waits for a reviewer (their environment is among the bootstrap's
 * github.reviewedEnvironments, unset: every deploy environment): CI previews them before the gate.
 */
export function approvalGatedStacks(): string[] {
    const reviewed: string[] | undefined = bootstrapSettings().github?.reviewedEnvironments;
    return stackInfos()
        .filter((s) => s.role === "workload" && (reviewed === undefined || reviewed.includes(s.stack)))
        .map((s) => s.stack);
}

/**
 * The order deploy.yml promotes stacks in, derived from the stack files: every stack after the
 * stacks it references; the platform's own stacks (network, shared-services, security) before
 * the workload environments; among workloads, those without an approval gate first and prod
 * last, so a change reaches an ungated environment before a gated one. Ties by name.
 */
export function promotionOrder(): string[] {
    const infos = stackInfos().filter((s) => s.role !== "bootstrap");
    const gated = new Set(approvalGatedStacks());
    const rank = (s: StackInfo): [number, number, number] => [s.role === "workload" ? 1 : 0, gated.has(s.stack) ? 1 : 0, s.environment === "prod" ? 1 : 0];
    const order: string[] = [];
    const pending = [...infos];
    while (pending.length > 0) {
        const ready = pending.filter((s) => s.references.every((r) => order.includes(r) || !infos.some((i) => i.stack === r)));
        if (ready.length === 0) {
            throw new Error(`stack references form a cycle among ${pending.map((s) => s.stack).join(", ")}`);
        }
        ready.sort((a, b) => {
            const x = rank(a);
            const y = rank(b);
            return x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0);
        });
        order.push(ready[0].stack);
        pending.splice(pending.indexOf(ready[0]), 1);
    }
    return order;
}

/** The pack config directory name a stack is held to, or undefined when it has none (config/policy-profile.ts). */
export function policyProfileDirOf(stack: string): string | undefined {
    const s = stackInfo(stack);
    return policyProfileProblem({ environment: s.environment, policyProfile: s.settings.policyProfile }) ? undefined : s.policyProfile;
}
