import type { PolicyComplianceFramework } from "@pulumi/policy";
import * as fs from "fs";
import * as path from "path";

/**
 * Control frameworks the baseline maps to. A policy's `framework` names its primary control; its
 * `tags` name secondary ones as `<framework>:<control>` with the same keys, so that evidence
 * (SARIF tags, the compliance summary) reads the same from both. Every ID a policy claims must be
 * in the kept list `policy-packs/controls/<file>` of its framework (test/policy-packs/controls.test.ts),
 * and says what the policy checks: a claim is made only where the policy, at its defaults and with
 * every shipped config, is at least as strict as the control (docs/decisions/0015).
 */
export const FRAMEWORKS = {
    "cis-aws": { title: "CIS Amazon Web Services Foundations Benchmark", version: "3.0.0", file: "cis-aws-3.0.0.json" },
    // 1.4.0: the IDs the catalog uses (4.2.6-4.2.8, 4.5.3) exist only in this numbering; 1.5+ renumbers section 4.
    "cis-eks": { title: "CIS Amazon Elastic Kubernetes Service (EKS) Benchmark", version: "1.4.0", file: "cis-eks-1.4.0.json" },
    fsbp: { title: "AWS Foundational Security Best Practices (Security Hub)", version: "1.0.0", file: "fsbp.json" },
    // The Kubernetes versions the platform supports; each policy follows its cluster's version (policy-packs/kubernetes-baseline/pss).
    pss: { title: "Kubernetes Pod Security Standards", version: "1.31-1.35", file: "pss.json" },
    own: { title: "Platform blueprint baseline", version: "1.0.0", file: undefined },
} as const;

export type FrameworkKey = keyof typeof FRAMEWORKS;

/** Kept lists of scanner rule IDs a policy may also name in its tags (only where it is at least as strict). */
export const SCANNER_LISTS = { checkov: "checkov.json", trivy: "trivy.json", "compliance-policies": "compliance-policies.json" } as const;

/** Tag prefixes accepted for secondary controls (frameworks above plus scanner rule ids). */
export const CONTROL_PREFIXES = [...Object.keys(FRAMEWORKS), ...Object.keys(SCANNER_LISTS)] as const;

/** Frameworks whose coverage is measured (`npm run policy -- --coverage`, the compliance report). */
export const COVERAGE_FRAMEWORKS = ["fsbp", "cis-aws", "cis-eks", "pss"] as const;

export const CONTROLS_DIR = path.resolve(__dirname, "..", "controls");

export interface ControlEntry {
    id: string;
    title: string;
    automated: boolean;
    /** Pulumi type tokens that make the control applicable to a plan; `pulumi:providers:aws` for an account-level control. */
    resourceTypes: string[];
    notApplicableReason?: string;
    /** Scanner lists: what the rule tests. */
    checks?: string;
}

export interface ControlList {
    framework: string;
    title: string;
    version: string;
    source: string;
    retrieved: string;
    licence: string;
    controls: ControlEntry[];
}

const cache = new Map<string, ControlList | undefined>();

/** The kept list of a framework or scanner key; undefined when it has none (own) or the file is absent (pss before it is vendored). */
export function controlList(key: string, dir = CONTROLS_DIR): ControlList | undefined {
    const file = key in FRAMEWORKS ? FRAMEWORKS[key as FrameworkKey].file : SCANNER_LISTS[key as keyof typeof SCANNER_LISTS];
    if (!file) {
        return undefined;
    }
    const full = path.join(dir, file);
    if (!cache.has(full)) {
        cache.set(full, fs.existsSync(full) ? (JSON.parse(fs.readFileSync(full, "utf8")) as ControlList) : undefined);
    }
    return cache.get(full);
}

/**
 * Controls a policy covers only in part: not claimed in its `framework`/`tags` (a claim says the
 * control is fully checked), but reported by coverage as "partially", with what is left out.
 * Keyed by policy name, then `<framework>:<id>`.
 */
export const PARTIAL_COVERAGE: Record<string, Record<string, string>> = {
    "iam-no-admin-star": {
        "fsbp:IAM.21": "service:* is reported on Resource \"*\" only unless reportScopedServiceWildcards is on; allowedServiceWildcards exempts services",
    },
    "kms-deletion-safety": {
        "fsbp:KMS.3": "checks the deletion window and protect; a key already scheduled for deletion is runtime state",
    },
    "s3-public-access-block": {
        "fsbp:S3.1": "a bucket-level block is accepted where the account-level one is missing",
        "fsbp:S3.8": "the account-level block is accepted in place of a bucket's own",
    },
    "launch-template-ebs-encrypted": {
        "cis-aws:2.2.1": "checks volumes and launch templates, and EncryptionByDefault when declared; does not require the account setting in every region",
        "fsbp:EC2.7": "checks an EncryptionByDefault when declared; does not require one",
    },
    "vpc-peering-routes-least-access": {
        "cis-aws:5.5": "checks for default routes through peering connections, not least access of every route",
    },
    "ecr-policy-not-public": {
        "cis-eks:5.1.2": "checks that repository and registry policies are not public, not who of the organization may use ECR",
    },
    "iam-no-admin-managed-attachment": {
        "cis-aws:1.16": "AdministratorAccess attachments outside the listed break-glass roles; policy documents are iam-no-admin-star's",
    },
    // Account defaults and the detection layer (policy-packs/aws-baseline/policies/{account,detection}.ts):
    // each holds in the stack's own account and region, not in every region the CIS control names.
    "ebs-encryption-by-default": { "cis-aws:2.2.1": "EBS encryption by default in each account-owning stack's region, not in every region" },
    "imds-defaults-imdsv2": { "cis-aws:5.6": "the account's IMDS default; an instance or launch template can still choose IMDSv1 (launch-template-imdsv2 checks those)" },
    "default-nacl-restrict-all": {
        "fsbp:EC2.21": "the default network ACL of each VPC (no entries); declared ACLs are nacl-no-public-admin-ports'",
        "cis-aws:5.1": "the default network ACL of each VPC (no entries); declared ACLs are nacl-no-public-admin-ports'",
    },
    "config-recorder-enabled": { "cis-aws:3.3": "each declared recorder, in its stack's region; not that every region has one" },
    "access-analyzer-enabled": { "cis-aws:1.20": "an analyzer in each detection-layer stack's region; not every region" },
    "guardduty-eks-protection": { "fsbp:GuardDuty.11": "Runtime Monitoring on each declared detector (the legacy EKS_RUNTIME_MONITORING counts); member accounts are guardduty-organization-auto-enable's" },
    "securityhub-standards": { "cis-aws:4.16": "the standards of each declared Security Hub account; not that Security Hub is on in every account and region" },
};

/** The primary control of a policy: `control("cis-aws", "3.6", "Ensure rotation ... is enabled")`. */
export function control(framework: FrameworkKey, reference: string, specification: string): PolicyComplianceFramework {
    return { name: framework, version: FRAMEWORKS[framework].version, reference, specification };
}
