import type { PolicyComplianceFramework } from "@pulumi/policy";

/**
 * Control frameworks the baseline maps to. A policy's `framework` names its primary control; its
 * `tags` name secondary ones as `<framework>:<control>` with the same keys, so that evidence
 * (SARIF tags, the compliance summary) reads the same from both.
 */
export const FRAMEWORKS = {
    "cis-aws": { title: "CIS Amazon Web Services Foundations Benchmark", version: "3.0.0" },
    "cis-eks": { title: "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark", version: "1.4.0" },
    fsbp: { title: "AWS Foundational Security Best Practices (Security Hub)", version: "1.0.0" },
    pss: { title: "Kubernetes Pod Security Standards", version: "1.30" },
    own: { title: "Platform blueprint baseline", version: "1.0.0" },
} as const;

export type FrameworkKey = keyof typeof FRAMEWORKS;

/** Tag prefixes accepted for secondary controls (frameworks above plus scanner rule ids). */
export const CONTROL_PREFIXES = [...Object.keys(FRAMEWORKS), "checkov", "trivy", "compliance-policies"] as const;

/** The primary control of a policy: `control("cis-aws", "3.6", "Ensure rotation ... is enabled")`. */
export function control(framework: FrameworkKey, reference: string, specification: string): PolicyComplianceFramework {
    return { name: framework, version: FRAMEWORKS[framework].version, reference, specification };
}
