import { expect } from "chai";
import { controlList } from "../../policy-packs/lib/metadata";
import { PACKS } from "../../policy-packs/packs";

/**
 * Every policy's metadata as an explicit table (issue #15): enforcement level, severity, primary
 * control, secondary controls and config schema (without the prose descriptions, which are
 * checked for presence). A mapping, a level or a default cannot change without this table
 * changing in the same commit: a reviewer sees the row. This is not a generated snapshot: edit
 * the row by hand when the change is deliberate, and give the reason in the commit.
 *
 * The controls themselves are checked against the kept lists in controls.test.ts and here (each
 * claimed ID of a framework with a kept list is in it); levels and severities against the
 * catalog in meta.test.ts.
 */

interface Row {
    level: string;
    severity: string;
    /** `<framework>:<reference>` of the primary control. */
    framework: string;
    tags: string[];
    /** configSchema.properties without `description`. */
    config: Record<string, unknown>;
}

const EXPECTED: Record<string, Row> = {
    // aws-baseline
    "sg-no-public-admin-ports": {
        level: "mandatory", severity: "critical", framework: "cis-aws:5.2",
        tags: ["cis-aws:5.3", "checkov:CKV_AWS_24", "checkov:CKV_AWS_25", "checkov:CKV_AWS_277", "trivy:AVD-AWS-0107"],
        config: { adminPorts: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, default: [22, 3389] } },
    },
    "sg-no-public-ingress-unapproved-ports": {
        level: "mandatory", severity: "high", framework: "fsbp:EC2.18",
        tags: ["fsbp:EC2.19", "checkov:CKV_AWS_260"],
        config: { allowedPublicPorts: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, default: [443] }, internetFacingTag: { type: "string", default: "platform:internet-facing" } },
    },
    "sg-no-unrestricted-egress": {
        level: "advisory", severity: "medium", framework: "own:sg-no-unrestricted-egress",
        tags: ["checkov:CKV_AWS_382"],
        config: { unrestrictedEgressTag: { type: "string", default: "platform:unrestricted-egress" } },
    },
    "sg-rule-descriptions": {
        level: "advisory", severity: "low", framework: "own:sg-rule-descriptions",
        tags: ["checkov:CKV_AWS_23"],
        config: {},
    },
    "default-sg-restrict-all": {
        level: "mandatory", severity: "high", framework: "cis-aws:5.4",
        tags: ["fsbp:EC2.2", "checkov:CKV2_AWS_12"],
        config: {},
    },
    "vpc-flow-logs-enabled": {
        level: "mandatory", severity: "medium", framework: "cis-aws:3.7",
        tags: ["fsbp:EC2.6", "checkov:CKV2_AWS_11"],
        config: {},
    },
    "no-default-vpc": {
        level: "advisory", severity: "medium", framework: "own:no-default-vpc",
        tags: ["checkov:CKV_AWS_148"],
        config: {},
    },
    "subnet-no-auto-public-ip": {
        level: "mandatory", severity: "medium", framework: "fsbp:EC2.15",
        tags: ["checkov:CKV_AWS_130"],
        config: { publicSubnetTag: { type: "string", default: "kubernetes.io/role/elb" } },
    },
    "nacl-no-public-admin-ports": {
        level: "mandatory", severity: "medium", framework: "cis-aws:5.1",
        tags: ["fsbp:EC2.21"],
        config: { adminPorts: { type: "array", items: { type: "integer", minimum: 0, maximum: 65535 }, default: [22, 3389] } },
    },
    "tgw-no-auto-accept": {
        level: "mandatory", severity: "high", framework: "fsbp:EC2.23",
        tags: ["checkov:CKV_AWS_331"],
        config: {},
    },
    "vpc-peering-routes-least-access": {
        level: "advisory", severity: "medium", framework: "own:vpc-peering-routes-least-access",
        tags: [],
        config: {},
    },
    "private-endpoints-for-private-clusters": {
        level: "advisory", severity: "low", framework: "fsbp:EC2.10",
        tags: ["fsbp:EC2.55", "fsbp:EC2.56"],
        config: { requiredServices: { type: "array", items: { type: "string" }, default: ["ecr.api", "ecr.dkr", "s3", "sts", "logs"] } },
    },
    "eks-endpoint-not-public": {
        level: "mandatory", severity: "critical", framework: "cis-eks:5.4.1",
        tags: ["cis-eks:5.4.2", "fsbp:EKS.1", "checkov:CKV_AWS_39", "checkov:CKV_AWS_38", "trivy:AVD-AWS-0040", "trivy:AVD-AWS-0041"],
        config: { allowedPublicCidrs: { type: "array", items: { type: "string" }, default: [] } },
    },
    "eks-secrets-encryption": {
        level: "mandatory", severity: "high", framework: "cis-eks:5.3.1",
        tags: ["fsbp:EKS.3", "checkov:CKV_AWS_58", "trivy:AVD-AWS-0039"],
        config: {},
    },
    "eks-control-plane-logging": {
        level: "mandatory", severity: "medium", framework: "cis-eks:2.1.1",
        tags: ["fsbp:EKS.8", "checkov:CKV_AWS_37"],
        config: { requiredLogTypes: { type: "array", items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] }, default: ["api", "audit", "authenticator", "controllerManager", "scheduler"] } },
    },
    "eks-supported-version": {
        level: "advisory", severity: "high", framework: "fsbp:EKS.2",
        tags: ["checkov:CKV_AWS_339"],
        config: { supportedVersions: { type: "array", items: { type: "string" }, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "eks-access-entries": {
        level: "advisory", severity: "high", framework: "cis-eks:5.5.1",
        tags: ["cis-eks:4.1.1", "cis-eks:4.1.7"],
        config: { clusterAdminPrincipals: { type: "array", items: { type: "string" }, default: [] } },
    },
    "eks-deletion-protection": {
        level: "advisory", severity: "medium", framework: "own:eks-deletion-protection",
        tags: [],
        config: { requireProtection: { type: "boolean", default: false } },
    },
    "nodegroup-no-remote-ssh": {
        level: "mandatory", severity: "high", framework: "own:nodegroup-no-remote-ssh",
        tags: ["checkov:CKV_AWS_100"],
        config: {},
    },
    "nodes-in-private-subnets": {
        level: "advisory", severity: "medium", framework: "cis-eks:5.4.3",
        tags: [],
        config: { publicSubnetTag: { type: "string", default: "kubernetes.io/role/elb" } },
    },
    "launch-template-imdsv2": {
        level: "mandatory", severity: "high", framework: "cis-aws:5.6",
        tags: ["fsbp:EC2.8", "fsbp:EC2.170", "checkov:CKV_AWS_79"],
        config: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 2 } },
    },
    "launch-template-ebs-encrypted": {
        level: "mandatory", severity: "high", framework: "fsbp:EC2.3",
        tags: ["fsbp:EC2.181", "checkov:CKV_AWS_8", "checkov:CKV_AWS_3"],
        config: {},
    },
    "launch-template-no-public-ip": {
        level: "mandatory", severity: "high", framework: "fsbp:EC2.25",
        tags: ["fsbp:EC2.9", "checkov:CKV_AWS_88"],
        config: {},
    },
    "no-secrets-in-user-data": {
        level: "mandatory", severity: "critical", framework: "own:no-secrets-in-user-data",
        tags: ["checkov:CKV_AWS_46"],
        config: {},
    },
    "kms-key-rotation": {
        level: "mandatory", severity: "medium", framework: "cis-aws:3.6",
        tags: ["checkov:CKV_AWS_7"],
        config: {},
    },
    "kms-policy-no-public-principal": {
        level: "mandatory", severity: "critical", framework: "fsbp:KMS.5",
        tags: ["checkov:CKV_AWS_33"],
        config: {},
    },
    "kms-no-lockout-bypass": {
        level: "mandatory", severity: "critical", framework: "own:kms-no-lockout-bypass",
        tags: ["compliance-policies:aws-kms-key-disallow-bypass-policy-lockout-safety-check"],
        config: {},
    },
    "kms-deletion-safety": {
        level: "advisory", severity: "high", framework: "own:kms-deletion-safety",
        tags: [],
        config: { minDeletionWindowDays: { type: "integer", minimum: 7, maximum: 30, default: 30 }, requireProtection: { type: "boolean", default: false } },
    },
    "kms-key-described-and-tagged": {
        level: "advisory", severity: "low", framework: "own:kms-key-described-and-tagged",
        tags: ["compliance-policies:aws-kms-key-missing-description"],
        config: { requiredTags: { type: "array", items: { type: "string" }, default: [] } },
    },
    "iam-no-decrypt-all-keys": {
        level: "advisory", severity: "medium", framework: "fsbp:KMS.1",
        tags: ["fsbp:KMS.2"],
        config: {},
    },
    "ecr-immutable-tags": {
        level: "mandatory", severity: "high", framework: "fsbp:ECR.2",
        tags: ["checkov:CKV_AWS_51"],
        config: { allowImmutableWithExclusion: { type: "boolean", default: false } },
    },
    "ecr-scan-on-push": {
        level: "mandatory", severity: "high", framework: "cis-eks:5.1.1",
        tags: ["fsbp:ECR.1", "checkov:CKV_AWS_163"],
        config: {},
    },
    "ecr-kms-encryption": {
        level: "advisory", severity: "medium", framework: "own:ecr-kms-encryption",
        tags: ["checkov:CKV_AWS_136"],
        config: { requireCustomerManagedKey: { type: "boolean", default: false } },
    },
    "ecr-lifecycle-policy": {
        level: "advisory", severity: "medium", framework: "fsbp:ECR.3",
        tags: [],
        config: {},
    },
    "ecr-policy-not-public": {
        level: "mandatory", severity: "high", framework: "own:ecr-policy-not-public",
        tags: ["checkov:CKV_AWS_32"],
        config: {},
    },
    "ecr-template-immutable": {
        level: "mandatory", severity: "high", framework: "own:ecr-template-immutable",
        tags: [],
        config: { allowMutablePullThroughCache: { type: "boolean", default: false } },
    },
    "ecr-template-kms": {
        level: "mandatory", severity: "medium", framework: "own:ecr-template-kms",
        tags: [],
        config: {},
    },
    "ecr-created-repositories-covered": {
        level: "mandatory", severity: "high", framework: "own:ecr-created-repositories-covered",
        tags: [],
        config: {},
    },
    "s3-public-access-block": {
        level: "mandatory", severity: "high", framework: "cis-aws:2.1.4",
        tags: ["fsbp:S3.2", "fsbp:S3.3"],
        config: {},
    },
    "s3-no-public-acl": {
        level: "mandatory", severity: "critical", framework: "fsbp:S3.12",
        tags: [],
        config: {},
    },
    "s3-default-encryption": {
        level: "mandatory", severity: "high", framework: "own:s3-default-encryption",
        tags: ["checkov:CKV_AWS_19"],
        config: { loadBalancerLogTag: { type: "string", default: "platform:purpose" }, loadBalancerLogTagValue: { type: "string", default: "lb-logs" } },
    },
    "s3-deny-insecure-transport": {
        level: "mandatory", severity: "medium", framework: "cis-aws:2.1.1",
        tags: ["fsbp:S3.5"],
        config: {},
    },
    "s3-versioning": {
        level: "advisory", severity: "medium", framework: "own:s3-versioning",
        tags: [],
        config: {},
    },
    "s3-access-logging": {
        level: "advisory", severity: "medium", framework: "fsbp:S3.9",
        tags: [],
        config: { accessLogBucket: { type: "string", default: "" }, archiveBucket: { type: "string", default: "" } },
    },
    "s3-lifecycle": {
        level: "advisory", severity: "low", framework: "fsbp:S3.13",
        tags: [],
        config: {},
    },
    "s3-object-lock-for-audit": {
        level: "advisory", severity: "medium", framework: "own:s3-object-lock-for-audit",
        tags: [],
        config: { auditTag: { type: "string", default: "platform:purpose" }, auditTagValue: { type: "string", default: "audit" } },
    },
    "log-group-retention": {
        level: "mandatory", severity: "medium", framework: "own:log-group-retention",
        tags: ["checkov:CKV_AWS_66"],
        config: { minimumRetentionDays: { type: "integer", minimum: 1, default: 90 } },
    },
    "log-group-kms": {
        level: "advisory", severity: "low", framework: "own:log-group-kms",
        tags: ["checkov:CKV_AWS_158"],
        config: {},
    },
    "eks-log-group-managed": {
        level: "advisory", severity: "medium", framework: "own:eks-log-group-managed",
        tags: [],
        config: {},
    },
    "alarms-have-actions": {
        level: "advisory", severity: "high", framework: "own:alarms-have-actions",
        tags: [],
        config: {},
    },
    "amp-workspace-hardening": {
        level: "advisory", severity: "low", framework: "own:amp-workspace-hardening",
        tags: [],
        config: {},
    },
    "iam-no-admin-star": {
        level: "mandatory", severity: "high", framework: "cis-aws:1.16",
        tags: ["fsbp:IAM.1", "checkov:CKV_AWS_62"],
        config: { allowedServiceWildcards: { type: "array", items: { type: "string" }, default: [] }, reportScopedServiceWildcards: { type: "boolean", default: false }, permissionsBoundaryPolicies: { type: "array", items: { type: "string" }, default: [] } },
    },
    "iam-no-admin-managed-attachment": {
        level: "mandatory", severity: "high", framework: "own:iam-no-admin-managed-attachment",
        tags: ["checkov:CKV_AWS_274"],
        config: { breakGlassRoles: { type: "array", items: { type: "string" }, default: [] }, forbiddenManagedPolicies: { type: "array", items: { type: "string" }, default: ["AdministratorAccess", "IAMFullAccess"] } },
    },
    "iam-no-users-or-keys": {
        level: "mandatory", severity: "medium", framework: "cis-aws:1.15",
        tags: ["cis-aws:1.10", "cis-aws:1.11", "cis-aws:1.12", "cis-aws:1.13", "cis-aws:1.14", "fsbp:IAM.2", "fsbp:IAM.5", "checkov:CKV_AWS_273"],
        config: {},
    },
    "iam-trust-policy-scoped": {
        level: "mandatory", severity: "critical", framework: "own:iam-trust-policy-scoped",
        tags: ["checkov:CKV_AWS_60"],
        config: {},
    },
    "iam-no-privilege-escalation": {
        level: "advisory", severity: "high", framework: "own:iam-no-privilege-escalation",
        tags: [],
        config: {},
    },
    "ebs-encryption-by-default": {
        level: "advisory", severity: "high", framework: "fsbp:EC2.7",
        tags: [],
        config: {},
    },
    "account-s3-public-access-block": {
        level: "advisory", severity: "high", framework: "fsbp:S3.1",
        tags: [],
        config: {},
    },
    "imds-defaults-imdsv2": {
        level: "advisory", severity: "high", framework: "own:imds-defaults-imdsv2",
        tags: [],
        config: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: 2 } },
    },
    "serial-console-disabled": {
        level: "advisory", severity: "medium", framework: "own:serial-console-disabled",
        tags: [],
        config: {},
    },
    "ami-block-public-access": {
        level: "advisory", severity: "medium", framework: "own:ami-block-public-access",
        tags: [],
        config: {},
    },
    "snapshot-block-public-access": {
        level: "advisory", severity: "high", framework: "fsbp:EC2.1",
        tags: [],
        config: {},
    },
    "ssm-documents-public-sharing-blocked": {
        level: "advisory", severity: "high", framework: "fsbp:SSM.7",
        tags: [],
        config: {},
    },
    "ssm-automation-logging": {
        level: "advisory", severity: "medium", framework: "fsbp:SSM.6",
        tags: [],
        config: {},
    },
    "account-password-policy": {
        level: "advisory", severity: "medium", framework: "fsbp:IAM.7",
        tags: ["cis-aws:1.8", "cis-aws:1.9"],
        config: { minimumPasswordLength: { type: "integer", minimum: 14, maximum: 128, default: 14 }, passwordReusePrevention: { type: "integer", minimum: 24, maximum: 24, default: 24 } },
    },
    "account-security-contact": {
        level: "advisory", severity: "medium", framework: "fsbp:Account.1",
        tags: [],
        config: {},
    },
    "account-support-role": {
        level: "advisory", severity: "low", framework: "cis-aws:1.17",
        tags: [],
        config: {},
    },
    "default-nacl-restrict-all": {
        level: "mandatory", severity: "medium", framework: "own:default-nacl-restrict-all",
        tags: [],
        config: {},
    },
    "nacl-in-use": {
        level: "mandatory", severity: "low", framework: "fsbp:EC2.16",
        tags: [],
        config: {},
    },
    "cloudtrail-multi-region": {
        level: "mandatory", severity: "high", framework: "fsbp:CloudTrail.1",
        tags: ["cis-aws:3.1"],
        config: {},
    },
    "cloudtrail-log-file-validation": {
        level: "mandatory", severity: "medium", framework: "fsbp:CloudTrail.4",
        tags: ["cis-aws:3.2"],
        config: {},
    },
    "cloudtrail-kms-encryption": {
        level: "mandatory", severity: "medium", framework: "fsbp:CloudTrail.2",
        tags: ["cis-aws:3.5"],
        config: {},
    },
    "cloudtrail-cloudwatch-logs": {
        level: "advisory", severity: "low", framework: "fsbp:CloudTrail.5",
        tags: [],
        config: {},
    },
    "cloudtrail-organization-trail": {
        level: "advisory", severity: "medium", framework: "own:cloudtrail-organization-trail",
        tags: [],
        config: {},
    },
    "cloudtrail-s3-data-events-write": {
        level: "advisory", severity: "medium", framework: "cis-aws:3.8",
        tags: [],
        config: {},
    },
    "cloudtrail-s3-data-events-read": {
        level: "advisory", severity: "medium", framework: "cis-aws:3.9",
        tags: [],
        config: {},
    },
    "cloudtrail-bucket-access-logging": {
        level: "advisory", severity: "medium", framework: "cis-aws:3.4",
        tags: [],
        config: {},
    },
    "guardduty-enabled": {
        level: "mandatory", severity: "high", framework: "fsbp:GuardDuty.1",
        tags: [],
        config: {},
    },
    "guardduty-eks-protection": {
        level: "mandatory", severity: "high", framework: "fsbp:GuardDuty.5",
        tags: ["fsbp:GuardDuty.7"],
        config: {},
    },
    "guardduty-organization-auto-enable": {
        level: "advisory", severity: "medium", framework: "own:guardduty-organization-auto-enable",
        tags: [],
        config: {},
    },
    "guardduty-protection-plans": {
        level: "mandatory", severity: "medium", framework: "fsbp:GuardDuty.6",
        tags: ["fsbp:GuardDuty.8", "fsbp:GuardDuty.9", "fsbp:GuardDuty.10", "fsbp:GuardDuty.12", "fsbp:GuardDuty.13"],
        config: {},
    },
    "securityhub-standards": {
        level: "mandatory", severity: "high", framework: "own:securityhub-standards",
        tags: [],
        config: {},
    },
    "config-recorder-enabled": {
        level: "mandatory", severity: "high", framework: "fsbp:Config.1",
        tags: [],
        config: {},
    },
    "access-analyzer-enabled": {
        level: "mandatory", severity: "medium", framework: "own:access-analyzer-enabled",
        tags: [],
        config: {},
    },
    "securityhub-all-regions": {
        level: "mandatory", severity: "high", framework: "cis-aws:4.16",
        tags: [],
        config: {},
    },
    "inspector-enabled": {
        level: "advisory", severity: "high", framework: "fsbp:Inspector.1",
        tags: ["fsbp:Inspector.2", "fsbp:Inspector.3", "fsbp:Inspector.4"],
        config: {},
    },
    "macie-enabled": {
        level: "advisory", severity: "high", framework: "fsbp:Macie.1",
        tags: [],
        config: {},
    },
    "cis-alarm-unauthorized-api-calls": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.1",
        tags: [],
        config: {},
    },
    "cis-alarm-console-signin-without-mfa": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.2",
        tags: [],
        config: {},
    },
    "cis-alarm-root-usage": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.3",
        tags: [],
        config: {},
    },
    "cis-alarm-iam-policy-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.4",
        tags: [],
        config: {},
    },
    "cis-alarm-cloudtrail-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.5",
        tags: [],
        config: {},
    },
    "cis-alarm-console-authentication-failures": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.6",
        tags: [],
        config: {},
    },
    "cis-alarm-cmk-disable-or-deletion": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.7",
        tags: [],
        config: {},
    },
    "cis-alarm-s3-bucket-policy-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.8",
        tags: [],
        config: {},
    },
    "cis-alarm-config-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.9",
        tags: [],
        config: {},
    },
    "cis-alarm-security-group-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.10",
        tags: [],
        config: {},
    },
    "cis-alarm-nacl-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.11",
        tags: [],
        config: {},
    },
    "cis-alarm-network-gateway-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.12",
        tags: [],
        config: {},
    },
    "cis-alarm-route-table-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.13",
        tags: [],
        config: {},
    },
    "cis-alarm-vpc-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.14",
        tags: [],
        config: {},
    },
    "cis-alarm-organizations-changes": {
        level: "mandatory", severity: "low", framework: "cis-aws:4.15",
        tags: [],
        config: {},
    },
    "sns-topic-encrypted": {
        level: "mandatory", severity: "medium", framework: "own:sns-topic-encrypted",
        tags: [],
        config: {},
    },
    "sns-topic-tls-only": {
        level: "mandatory", severity: "medium", framework: "own:sns-topic-tls-only",
        tags: [],
        config: {},
    },
    "sqs-queue-encrypted": {
        level: "mandatory", severity: "medium", framework: "fsbp:SQS.1",
        tags: [],
        config: {},
    },
    "sqs-queue-tls-only": {
        level: "mandatory", severity: "medium", framework: "own:sqs-queue-tls-only",
        tags: [],
        config: {},
    },
    "sns-topic-not-public": {
        level: "mandatory", severity: "high", framework: "fsbp:SNS.4",
        tags: [],
        config: {},
    },
    "sqs-queue-not-public": {
        level: "mandatory", severity: "high", framework: "fsbp:SQS.3",
        tags: [],
        config: {},
    },
    "codebuild-source-no-credentials": {
        level: "mandatory", severity: "critical", framework: "fsbp:CodeBuild.1",
        tags: [],
        config: {},
    },
    "codebuild-no-plaintext-secrets": {
        level: "mandatory", severity: "critical", framework: "fsbp:CodeBuild.2",
        tags: [],
        config: {},
    },
    "codebuild-logging": {
        level: "mandatory", severity: "medium", framework: "fsbp:CodeBuild.4",
        tags: ["fsbp:CodeBuild.3"],
        config: {},
    },
    "backup-recovery-points-encrypted": {
        level: "mandatory", severity: "medium", framework: "fsbp:Backup.1",
        tags: [],
        config: {},
    },
    "s3-policy-no-account-administration": {
        level: "mandatory", severity: "high", framework: "fsbp:S3.6",
        tags: [],
        config: {},
    },
    "ec2-managed-by-ssm": {
        level: "mandatory", severity: "medium", framework: "fsbp:SSM.1",
        tags: [],
        config: {},
    },
    // kubernetes-baseline
    "no-privileged": {
        level: "mandatory", severity: "high", framework: "cis-eks:4.2.1",
        tags: ["pss:baseline/privileged", "checkov:CKV_K8S_16"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "no-host-namespaces-or-ports": {
        level: "mandatory", severity: "high", framework: "cis-eks:4.2.2",
        tags: ["pss:baseline/hostNamespaces", "pss:baseline/hostPorts", "pss:baseline/hostProbesAndHostLifecycle", "pss:baseline/windowsHostProcess", "cis-eks:4.2.3", "cis-eks:4.2.4"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "no-hostpath": {
        level: "mandatory", severity: "high", framework: "pss:baseline/hostPathVolumes",
        tags: ["checkov:CKV_K8S_27"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "capabilities-restricted": {
        level: "mandatory", severity: "high", framework: "cis-eks:4.2.7",
        tags: ["pss:restricted/capabilities_restricted", "cis-eks:4.2.8"],
        config: { allowedCapabilities: { type: "array", items: { type: "string" }, default: ["NET_BIND_SERVICE"] }, excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "no-privilege-escalation": {
        level: "mandatory", severity: "medium", framework: "cis-eks:4.2.5",
        tags: ["pss:restricted/allowPrivilegeEscalation"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "run-as-non-root": {
        level: "mandatory", severity: "medium", framework: "cis-eks:4.2.6",
        tags: ["pss:restricted/runAsNonRoot", "pss:restricted/runAsUser"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "seccomp-runtime-default": {
        level: "mandatory", severity: "medium", framework: "cis-eks:4.5.2",
        tags: ["pss:restricted/seccompProfile_restricted"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "baseline-misc": {
        level: "mandatory", severity: "medium", framework: "pss:baseline/procMount",
        tags: ["pss:baseline/capabilities_baseline", "pss:baseline/appArmorProfile", "pss:baseline/seLinuxOptions", "pss:baseline/seccompProfile_baseline", "pss:baseline/sysctls"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "restricted-volume-types": {
        level: "advisory", severity: "low", framework: "pss:restricted/restrictedVolumes",
        tags: [],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "read-only-root-fs": {
        level: "advisory", severity: "medium", framework: "own:k8s.read-only-root-fs",
        tags: ["checkov:CKV_K8S_22"],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] } },
    },
    "proc-mount-restricted": {
        level: "mandatory", severity: "medium", framework: "pss:restricted/procMount_restricted",
        tags: [],
        config: { excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system"] }, assumedVersions: { type: "array", items: { type: "string", pattern: "^v?[0-9]+\\.[0-9]+$" }, minItems: 1, default: ["1.31", "1.32", "1.33", "1.34", "1.35"] } },
    },
    "image-pinned": {
        level: "mandatory", severity: "medium", framework: "own:k8s.image-pinned",
        tags: ["checkov:CKV_K8S_14"],
        config: {},
    },
    "image-pinned-digest": {
        level: "advisory", severity: "medium", framework: "own:k8s.image-pinned-digest",
        tags: ["checkov:CKV_K8S_43"],
        config: {},
    },
    "allowed-registries": {
        level: "mandatory", severity: "high", framework: "cis-eks:5.1.4",
        tags: [],
        config: { allowedRegistries: { type: "array", items: { type: "string" }, default: [] } },
    },
    "image-provenance-enforced": {
        level: "mandatory", severity: "high", framework: "own:image-provenance-enforced",
        tags: [],
        config: { requireEnforce: { type: "boolean", default: true }, policyName: { type: "string", default: "platform-image-provenance" }, chart: { type: "string", default: "kyverno" } },
    },
    "admission-policies-enforced": {
        level: "mandatory", severity: "high", framework: "own:admission-policies-enforced",
        tags: [],
        config: { requireDeny: { type: "boolean", default: true } },
    },
    "resources-requests-limits": {
        level: "advisory", severity: "medium", framework: "own:k8s.resources",
        tags: ["checkov:CKV_K8S_10", "checkov:CKV_K8S_12", "checkov:CKV_K8S_13"],
        config: {},
    },
    "probes": {
        level: "advisory", severity: "low", framework: "own:k8s.probes",
        tags: ["checkov:CKV_K8S_9"],
        config: {},
    },
    "service-account-token": {
        level: "advisory", severity: "medium", framework: "cis-eks:4.1.6",
        tags: ["cis-eks:4.1.5"],
        config: {},
    },
    "no-default-namespace": {
        level: "mandatory", severity: "low", framework: "cis-eks:4.5.3",
        tags: [],
        config: { clusterScopedKinds: { type: "array", items: { type: "string" }, default: ["ClusterIssuer", "ClusterPolicy", "NodePool", "NodeClaim", "EC2NodeClass", "ClusterSecretStore", "ClusterExternalSecret", "CNINode", "IngressClassParams"] } },
    },
    "namespace-guardrails": {
        level: "advisory", severity: "medium", framework: "cis-eks:4.3.2",
        tags: [],
        config: { minimumLevel: { type: "string", enum: ["baseline", "restricted"], default: "restricted" }, excludedNamespaces: { type: "array", items: { type: "string" }, default: ["kube-system", "kube-public", "kube-node-lease", "default"] } },
    },
    "rbac-least-privilege": {
        level: "mandatory", severity: "high", framework: "cis-eks:4.1.1",
        tags: ["cis-eks:4.1.3", "cis-eks:4.1.7", "cis-eks:4.1.8"],
        config: { clusterAdminSubjects: { type: "array", items: { type: "string" }, default: [] } },
    },
    "rbac-secrets-access": {
        level: "mandatory", severity: "high", framework: "cis-eks:4.1.2",
        tags: [],
        config: { secretReaders: { type: "array", items: { type: "string" }, default: [] } },
    },
    "secrets-not-in-env": {
        level: "advisory", severity: "low", framework: "cis-eks:4.4.1",
        tags: [],
        config: {},
    },
    "lb-services-internal": {
        level: "advisory", severity: "medium", framework: "own:k8s.lb-services-internal",
        tags: [],
        config: { allowedPublicServices: { type: "array", items: { type: "string" }, default: [] } },
    },
};

const ALL = PACKS.flatMap((pack) => pack.policies.map((policy) => ({ pack: pack.name, policy })));

/** A schema without its `description`s, at every depth. */
function withoutDescriptions(schema: unknown): unknown {
    if (Array.isArray(schema)) {
        return schema.map(withoutDescriptions);
    }
    if (schema !== null && typeof schema === "object") {
        return Object.fromEntries(
            Object.entries(schema)
                .filter(([k]) => k !== "description")
                .map(([k, v]) => [k, withoutDescriptions(v)]),
        );
    }
    return schema;
}

/** Every `description` of a schema, at every depth, with where it is. */
function descriptions(schema: unknown, at: string): { at: string; text: unknown }[] {
    if (Array.isArray(schema) || schema === null || typeof schema !== "object") {
        return [];
    }
    const own = "description" in schema ? [{ at, text: (schema as { description: unknown }).description }] : [];
    return [...own, ...Object.entries(schema).flatMap(([k, v]) => (k === "description" ? [] : descriptions(v, `${at}.${k}`)))];
}

describe("policy metadata table (level, severity, controls, config schema), policy by policy", () => {
    it("has a row for every policy of both packs, and no row for a policy that is gone", () => {
        const names = ALL.map((p) => p.policy.name);
        const missing = names.filter((n) => !(n in EXPECTED));
        const gone = Object.keys(EXPECTED).filter((n) => !names.includes(n));
        expect({ missing, gone }, "add or remove the rows in test/policy-packs/mappings.mutation.test.ts").to.deep.equal({ missing: [], gone: [] });
    });
    for (const { pack, policy } of ALL) {
        it(`${pack}/${policy.name}`, () => {
            const row = EXPECTED[policy.name];
            if (!row) {
                return; // Reported by the test above.
            }
            const actual: Row = {
                level: policy.enforcementLevel as string,
                severity: policy.severity as string,
                framework: `${policy.framework?.name}:${policy.framework?.reference}`,
                tags: policy.tags ?? [],
                config: withoutDescriptions(policy.configSchema?.properties ?? {}) as Record<string, unknown>,
            };
            expect(actual, `${policy.name}: update its row only for a deliberate change`).to.deep.equal(row);
        });
    }
    it("describes every config property in words", () => {
        for (const { policy } of ALL) {
            for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
                const found = descriptions(schema, `${policy.name}.${key}`).filter((d) => d.at === `${policy.name}.${key}`);
                expect(found, `${policy.name}.${key}: description`).to.have.length(1);
                expect(found[0].text, `${policy.name}.${key}`).to.be.a("string").and.match(/\S{2,}/);
            }
        }
    });
    it("names in each primary control a specification in words, and claims only IDs the kept list has", () => {
        for (const { policy } of ALL) {
            const f = policy.framework!;
            expect(f.specification, policy.name).to.be.a("string").and.match(/\S{3,}/);
            const list = controlList(f.name);
            if (list) {
                expect(list.controls.map((c) => c.id), `${policy.name}: ${f.name}:${f.reference}`).to.include(f.reference);
            }
        }
    });
});
