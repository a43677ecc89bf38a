import type { ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";

/**
 * Exemptions: a resource a policy deliberately does not hold to its rule (a namespace in
 * `excludedNamespaces`, the log archive bucket that cannot log into itself). CrossGuard has no
 * such outcome, so `pulumi preview` sees a resource policy's exemption as not applicable and a
 * stack policy's as nothing; the offline evaluator (tools/policy/evaluate.ts) records both as
 * "exempt", so the compliance summary never reports an exempted resource as passing.
 */

export const EXEMPT_PREFIX = "exempt: ";

/** Where the offline evaluator collects a stack policy's exemptions (absent under the Pulumi engine). */
export const EXEMPTIONS = Symbol.for("platform.policy.exemptions");

export interface Exemption {
    urn: string;
    reason: string;
}

/** Ends a resource policy's check of this resource as exempt. */
export function exemptResource(args: ResourceValidationArgs, reason: string): never {
    args.notApplicable(`${EXEMPT_PREFIX}${reason}`);
    throw new Error("unreachable: notApplicable returned");
}

/** Records, in a stack policy, that a resource is exempt from the rule. */
export function exemptInStack(args: StackValidationArgs, urn: string, reason: string): void {
    const sink = (args as unknown as Record<symbol, Exemption[] | undefined>)[EXEMPTIONS];
    sink?.push({ urn, reason });
}

/** Whether a not-applicable reason is an exemption (ours, or the Kubernetes pack's excludedNamespaces). */
export function isExemptionReason(reason: string | undefined): boolean {
    return reason !== undefined && (reason.startsWith(EXEMPT_PREFIX) || /is listed in excludedNamespaces/.test(reason));
}
