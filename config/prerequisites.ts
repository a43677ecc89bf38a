import { PlatformConfig, SERVICE_LINKED_ROLES, ServiceLinkedRoleService } from "./schema";

/**
 * What a stack relies on in its account before the first deploy, derived from its validated
 * settings: one answer for the program (which creates what is missing) and for `npm run preflight`
 * (which checks the live account agrees with the settings).
 */

/**
 * The name AWS gives each service-linked role; it lives under `/aws-service-role/<service>/`.
 * A second `CreateServiceLinkedRole` for the same service fails with "Service role name … has
 * been taken in this account" (https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html,
 * https://docs.amazonaws.cn/en_us/batch/latest/userguide/spot-fleet-roles-cli.html, read 2026-12-02).
 */
export const SERVICE_LINKED_ROLE_NAMES: Record<ServiceLinkedRoleService, string> = {
    "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
    "spot.amazonaws.com": "AWSServiceRoleForEC2Spot",
    // https://docs.aws.amazon.com/config/latest/developerguide/using-service-linked-roles.html, read 2026-12-03.
    "config.amazonaws.com": "AWSServiceRoleForConfig",
};

/**
 * Service-linked roles the stack relies on, in SERVICE_LINKED_ROLES order. A workload stack's EBS
 * key policy names Auto Scaling's (KMS refuses a policy naming a role that does not exist), and
 * Spot capacity (Karpenter, or a node pool with capacityType SPOT) needs Spot's. The security
 * stack's Config recorder records with Config's (FSBP Config.1). Other roles need none.
 */
export function requiredServiceLinkedRoles(c: PlatformConfig): ServiceLinkedRoleService[] {
    if (c.role === "security") {
        return ["config.amazonaws.com"];
    }
    if (c.role !== "workload" || !c.cluster) {
        return [];
    }
    const spot = c.cluster.karpenter.enabled || c.cluster.nodePools.some((p) => p.capacityType === "SPOT");
    return SERVICE_LINKED_ROLES.filter((s) => s === "autoscaling.amazonaws.com" || (s === "spot.amazonaws.com" && spot));
}

/** The required service-linked roles the stack creates: those not listed in platform:prerequisites.existingServiceLinkedRoles. */
export function serviceLinkedRolesToCreate(c: PlatformConfig): ServiceLinkedRoleService[] {
    const existing = new Set<string>(c.prerequisites.existingServiceLinkedRoles);
    return requiredServiceLinkedRoles(c).filter((s) => !existing.has(s));
}
