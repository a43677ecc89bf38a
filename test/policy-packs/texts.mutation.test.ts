import { expect } from "chai";
import { PACKS } from "../../policy-packs/packs";

/**
 * The words every policy shows (issue #15): its description (the first line of each violation),
 * its remediation, its primary control's specification and each config property's description,
 * as an explicit table. These reach people through the engine's output, SARIF and the compliance
 * report; a change to them is made here too, on purpose, rather than slipping through (and
 * mutation testing counts a prose change no test notices as a surviving mutant).
 * Levels, controls and schemas are in mappings.mutation.test.ts.
 */

interface Texts {
    description: string;
    remediation: string;
    specification: string;
    /** configSchema.properties.<key>.description */
    config: Record<string, string>;
}

const EXPECTED: Record<string, Texts> = {
    // aws-baseline
    "sg-no-public-admin-ports": {
        description: "Checks whether security groups keep remote administration ports (SSH 22, RDP 3389) closed to the internet.",
        remediation: "Remove ingress from 0.0.0.0/0 and ::/0 that reaches port 22 or 3389 (including 'all traffic' and wide port ranges). Reach hosts through SSM Session Manager, or admit only internal CIDRs or a bastion's security group.",
        specification: "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
        config: {
            adminPorts: "Ports that must never be open to the internet.",
        },
    },
    "sg-no-public-ingress-unapproved-ports": {
        description: "Checks whether public ingress is limited to approved ports on security groups marked internet-facing.",
        remediation: "Admit 0.0.0.0/0 or ::/0 only on the approved ports (allowedPublicPorts, default 443), only on security groups tagged platform:internet-facing=true (load balancers). Standalone aws.ec2.SecurityGroupRule cannot carry the tag: declare public ingress inline on the tagged group or as a tagged aws.vpc.SecurityGroupIngressRule.",
        specification: "Security groups should only allow unrestricted incoming traffic for authorized ports",
        config: {
            allowedPublicPorts: "Ports that may accept traffic from 0.0.0.0/0 or ::/0.",
            internetFacingTag: "Tag (value \"true\") that marks a security group, or a vpc ingress rule, as internet-facing.",
        },
    },
    "sg-no-unrestricted-egress": {
        description: "Checks whether security groups avoid all-protocol egress to the internet unless marked as needing it.",
        remediation: "Replace egress 'all traffic to 0.0.0.0/0' with the protocols, ports and destinations needed (443 to VPC endpoints, the node CIDRs), or tag the security group (or the vpc egress rule) platform:unrestricted-egress=true where unrestricted egress is intended (NAT instances, proxies).",
        specification: "Security groups name the protocols and destinations they reach",
        config: {
            unrestrictedEgressTag: "Tag (value \"true\") that allows all-protocol egress to the internet.",
        },
    },
    "sg-rule-descriptions": {
        description: "Checks whether security groups and their rules say why they exist.",
        remediation: "Set description on the security group and on every ingress and egress rule: who talks to whom, and why.",
        specification: "Security groups and rules have descriptions",
        config: {},
    },
    "default-sg-restrict-all": {
        description: "Checks whether every VPC's default security group is adopted and has no rules.",
        remediation: "For every aws.ec2.Vpc, declare aws.ec2.DefaultSecurityGroup with vpcId: vpc.id and no ingress or egress; adopting it removes the default rules. Workloads use their own security groups.",
        specification: "Ensure the default security group of every VPC restricts all traffic",
        config: {},
    },
    "vpc-flow-logs-enabled": {
        description: "Checks whether every VPC has a flow log that captures all traffic.",
        remediation: "For every aws.ec2.Vpc, declare aws.ec2.FlowLog with vpcId: vpc.id and trafficType: \"ALL\" (the SpokeVpc component does, to CloudWatch Logs with KMS and retention).",
        specification: "Ensure VPC flow logging is enabled in all VPCs",
        config: {},
    },
    "no-default-vpc": {
        description: "Checks whether the stack avoids managing or using the default VPC.",
        remediation: "Remove aws.ec2.DefaultVpc and place resources in a VPC built by the SpokeVpc component; delete the default VPC in each account and region.",
        specification: "The default VPC is not used",
        config: {},
    },
    "subnet-no-auto-public-ip": {
        description: "Checks whether subnets avoid assigning public IPs on launch, except load-balancer subnets marked by tag.",
        remediation: "Set mapPublicIpOnLaunch: false (the default). Public load-balancer subnets that need it carry the kubernetes.io/role/elb=1 tag (publicSubnetTag).",
        specification: "Amazon EC2 subnets should not automatically assign public IP addresses",
        config: {
            publicSubnetTag: "Tag (value \"1\" or \"true\") that marks a public load-balancer subnet.",
        },
    },
    "nacl-no-public-admin-ports": {
        description: "Checks whether network ACLs keep remote administration ports (SSH 22, RDP 3389) closed to the internet.",
        remediation: "Remove network ACL ingress entries that allow 0.0.0.0/0 or ::/0 to port 22, 3389 or all traffic; allow only the ports the subnet serves.",
        specification: "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
        config: {
            adminPorts: "Ports that must never be open to the internet.",
        },
    },
    "tgw-no-auto-accept": {
        description: "Checks whether transit gateways accept attachments only explicitly and route them only through segment route tables.",
        remediation: "Set autoAcceptSharedAttachments, defaultRouteTableAssociation and defaultRouteTablePropagation to \"disable\", and associate each attachment with its segment's route table (TransitHub does). The remediation sets the three flags.",
        specification: "Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests",
        config: {},
    },
    "vpc-peering-routes-least-access": {
        description: "Checks whether routes through VPC peering connections name the peer's CIDRs rather than the default route.",
        remediation: "Route only the peer VPC's CIDR blocks (or the subnets that need it) through a peering connection, never 0.0.0.0/0 or ::/0.",
        specification: "No default route through a VPC peering connection",
        config: {},
    },
    "private-endpoints-for-private-clusters": {
        description: "Checks whether the VPC of every EKS cluster has the EC2 and ECR (API, Docker) interface endpoints, and a private-only cluster's VPC also the S3, STS and CloudWatch Logs endpoints its nodes need.",
        remediation: "Add aws.ec2.VpcEndpoint for com.amazonaws.<region>.<service> in each EKS cluster's VPC: interface endpoints for ec2, ecr.api and ecr.dkr, and for a private-only cluster also sts and logs and a gateway endpoint for s3 (SpokeVpc's interfaceEndpoints, platform:network.interfaceEndpoints).",
        specification: "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service",
        config: {
            requiredServices: "Service name suffixes (after com.amazonaws.<region>.) a private-only cluster's VPC needs besides ec2, ecr.api and ecr.dkr.",
        },
    },
    "eks-endpoint-not-public": {
        description: "Checks whether the EKS API endpoint is private, or public only to listed CIDRs, with private access on.",
        remediation: "Set vpcConfig.endpointPrivateAccess: true and vpcConfig.endpointPublicAccess: false (EksCluster's default). Where a public endpoint is needed, list publicAccessCidrs from allowedPublicCidrs; never 0.0.0.0/0 or ::/0.",
        specification: "Restrict Access to the Control Plane Endpoint",
        config: {
            allowedPublicCidrs: "CIDRs a public endpoint may admit (office, CI egress).",
        },
    },
    "eks-secrets-encryption": {
        description: "Checks whether EKS encrypts Kubernetes secrets with a KMS key.",
        remediation: "Set encryptionConfig: { resources: [\"secrets\"], provider: { keyArn } } with the cluster-secrets key from the kms component (EksCluster does).",
        specification: "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS",
        config: {},
    },
    "eks-control-plane-logging": {
        description: "Checks whether EKS sends the required control plane log types to CloudWatch Logs.",
        remediation: "List every required type in enabledClusterLogTypes (default all five: api, audit, authenticator, controllerManager, scheduler).",
        specification: "Enable audit Logs",
        config: {
            requiredLogTypes: "Control plane log types every cluster must enable.",
        },
    },
    "eks-supported-version": {
        description: "Checks whether EKS clusters and node groups run a supported Kubernetes version, node groups the same as their cluster.",
        remediation: "Upgrade the cluster to a supported minor (supportedVersions; the platform pins them in components/cluster/versions.ts), then its node groups; leave a node group's version unset or equal to the cluster's.",
        specification: "EKS clusters should run on a supported Kubernetes version",
        config: {
            supportedVersions: "Kubernetes minors clusters may run.",
        },
    },
    "eks-access-entries": {
        description: "Checks whether EKS access is granted only through access entries, without creator bootstrap admin, and cluster-admin only to listed principals.",
        remediation: "Set accessConfig: { authenticationMode: \"API\", bootstrapClusterCreatorAdminPermissions: false } and grant access with aws.eks.AccessEntry and AccessPolicyAssociation; associate AmazonEKSClusterAdminPolicy (or map system:masters) only for the principals in clusterAdminPrincipals (break-glass roles).",
        specification: "Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater",
        config: {
            clusterAdminPrincipals: "IAM principal ARNs that may hold cluster-admin. Empty (the default) approves none: every cluster-admin grant is reported.",
        },
    },
    "eks-deletion-protection": {
        description: "Checks whether EKS clusters on stacks that require it have deletion protection and the protect option.",
        remediation: "On production stacks (requireProtection: true) set deletionProtection: true on the cluster and the resource option protect: true (EksCluster's protect arg).",
        specification: "Production clusters are protected from deletion",
        config: {
            requireProtection: "Set for production stacks: clusters must be protected.",
        },
    },
    "nodegroup-no-remote-ssh": {
        description: "Checks whether managed node groups avoid SSH access, or limit it to listed security groups.",
        remediation: "Remove remoteAccess and reach nodes through SSM Session Manager; if SSH is unavoidable, set remoteAccess.sourceSecurityGroupIds to a bastion's security group.",
        specification: "Nodes are not reachable over SSH from the internet",
        config: {},
    },
    "nodes-in-private-subnets": {
        description: "Checks whether managed node groups run in private subnets.",
        remediation: "Give node groups the private subnet tier's ids (SpokeVpc privateSubnetIds): subnets that do not map public IPs and are not tagged for internet-facing load balancers.",
        specification: "Ensure clusters are created with Private Nodes",
        config: {
            publicSubnetTag: "Tag (value \"1\" or \"true\") that marks a public subnet.",
        },
    },
    "launch-template-imdsv2": {
        description: "Checks whether instances require IMDSv2 tokens, with a metadata hop limit no higher than configured.",
        remediation: "Set metadataOptions: { httpEndpoint: \"enabled\", httpTokens: \"required\", httpPutResponseHopLimit: 2 } (NodePool does): 2 lets pods behind the node reach IMDS only where needed; 1 keeps them out.",
        specification: "Ensure that EC2 Metadata Service only allows IMDSv2",
        config: {
            maxHopLimit: "Highest allowed httpPutResponseHopLimit.",
        },
    },
    "launch-template-ebs-encrypted": {
        description: "Checks whether EBS volumes are encrypted: launch template and instance block devices, volumes, and the account default.",
        remediation: "Set ebs.encrypted: \"true\" (and kmsKeyId: the EBS key) on every launch template block device, encrypted: true on volumes and instance block devices, and keep aws.ebs.EncryptionByDefault enabled.",
        specification: "Attached Amazon EBS volumes should be encrypted at-rest",
        config: {},
    },
    "launch-template-no-public-ip": {
        description: "Checks whether launch templates and instances avoid public IP addresses.",
        remediation: "Leave associatePublicIpAddress unset or false, run nodes in private subnets and reach the internet through NAT or VPC endpoints.",
        specification: "Amazon EC2 launch templates should not assign public IPs to network interfaces",
        config: {},
    },
    "no-secrets-in-user-data": {
        description: "Checks whether instance user data is free of AWS keys and private keys.",
        remediation: "Remove credentials from user data (anyone with ec2:DescribeInstanceAttribute reads it); give the instance a role and read secrets at boot from Secrets Manager or SSM Parameter Store. Rotate the exposed key.",
        specification: "User data carries no credentials",
        config: {},
    },
    "kms-key-rotation": {
        description: "Checks whether symmetric KMS keys rotate their key material every year.",
        remediation: "Set enableKeyRotation: true on the key (the KmsKey component does by default).",
        specification: "Ensure rotation for customer-created symmetric CMKs is enabled",
        config: {},
    },
    "kms-policy-no-public-principal": {
        description: "Checks whether KMS key policies grant nothing to any principal (\"*\") without an account or organization condition.",
        remediation: "Name the principals (account roots, roles) in the key policy, or keep Principal \"*\" only with a Condition on aws:PrincipalAccount, aws:SourceAccount, kms:CallerAccount or aws:PrincipalOrgID.",
        specification: "KMS keys should not be publicly accessible",
        config: {},
    },
    "kms-no-lockout-bypass": {
        description: "Checks whether KMS key policies keep the policy lockout safety check.",
        remediation: "Remove bypassPolicyLockoutSafetyCheck (default false). KMS then refuses a key policy that would leave no principal able to manage the key.",
        specification: "KMS key policies cannot lock the account out of the key",
        config: {},
    },
    "kms-deletion-safety": {
        description: "Checks whether KMS keys wait long enough before deletion, and are protected on stacks that require it.",
        remediation: "Leave deletionWindowInDays unset or set it to 30 (the KmsKey component does); on production stacks (requireProtection: true) also set the resource option protect: true.",
        specification: "KMS keys keep a 30-day deletion window and are protected where required",
        config: {
            minDeletionWindowDays: "Shortest accepted deletionWindowInDays.",
            requireProtection: "Set for production stacks: keys must carry the protect option.",
        },
    },
    "kms-key-described-and-tagged": {
        description: "Checks whether KMS keys say what they protect and carry the required tags.",
        remediation: "Set description to the key's purpose (\"EKS secrets for dev\"), and every tag in requiredTags on the key or in the provider's defaultTags.",
        specification: "KMS keys are described and tagged",
        config: {
            requiredTags: "Tag keys every KMS key must carry (own tags or provider defaultTags).",
        },
    },
    "iam-no-decrypt-all-keys": {
        description: "Checks whether IAM policies avoid allowing decryption with every KMS key.",
        remediation: "List the key ARNs in Resource (the keys the workload reads), or scope the statement with kms:ViaService, kms:EncryptionContext or aws:ResourceTag conditions.",
        specification: "IAM customer managed policies should not allow decryption actions on all KMS keys",
        config: {},
    },
    "ecr-immutable-tags": {
        description: "Checks whether ECR repositories make image tags immutable.",
        remediation: "Set imageTagMutability: \"IMMUTABLE\" and push a new tag for every build (a version or the commit SHA) instead of moving `latest`. IMMUTABLE_WITH_EXCLUSION is accepted only when the stack's policy config sets allowImmutableWithExclusion.",
        specification: "ECR private repositories should have tag immutability configured",
        config: {
            allowImmutableWithExclusion: "Accept IMMUTABLE_WITH_EXCLUSION (listed tag filters stay mutable); off because excluded tags can be overwritten.",
        },
    },
    "ecr-scan-on-push": {
        description: "Checks whether every ECR repository scans images on push, by itself or through a registry scanning rule.",
        remediation: "Set imageScanningConfiguration: { scanOnPush: true } on the repository, or add an aws.ecr.RegistryScanningConfiguration with a rule { scanFrequency: \"SCAN_ON_PUSH\" (or \"CONTINUOUS_SCAN\" with ENHANCED), repositoryFilters: [{ filter: \"*\", filterType: \"WILDCARD\" }] }.",
        specification: "Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider",
        config: {},
    },
    "ecr-kms-encryption": {
        description: "Checks whether ECR repositories encrypt images with KMS.",
        remediation: "Set encryptionConfigurations: [{ encryptionType: \"KMS\", kmsKey: <ECR key ARN> }] (encryption is fixed at creation: the repository is replaced).",
        specification: "ECR repositories are encrypted with KMS",
        config: {
            requireCustomerManagedKey: "Also require kmsKey (a customer managed key instead of the AWS managed aws/ecr key).",
        },
    },
    "ecr-lifecycle-policy": {
        description: "Checks whether every ECR repository has a lifecycle policy.",
        remediation: "Add an aws.ecr.LifecyclePolicy with repository: <repository>.name that expires untagged images and keeps a bounded number of tagged ones.",
        specification: "ECR repositories should have at least one lifecycle policy configured",
        config: {},
    },
    "ecr-policy-not-public": {
        description: "Checks whether ECR repository and registry policies grant access to anyone outside the account or organization.",
        remediation: "Name the principals (account or role ARNs), or keep Principal \"*\" with a Condition StringEquals on aws:PrincipalOrgID (the organization), aws:PrincipalAccount or aws:SourceAccount.",
        specification: "ECR repository and registry policies grant nothing to the public",
        config: {},
    },
    "ecr-template-immutable": {
        description: "Checks whether repository creation templates for pull-through caches and replication make image tags immutable.",
        remediation: "Set imageTagMutability: \"IMMUTABLE\" on the RepositoryCreationTemplate. A pull-through cache template may stay MUTABLE (cached tags then follow upstream re-tags) only when the stack's policy config sets allowMutablePullThroughCache; replication templates never.",
        specification: "Repositories ECR creates (pull-through cache, replication) have immutable tags",
        config: {
            allowMutablePullThroughCache: "Accept MUTABLE on templates that apply to PULL_THROUGH_CACHE only (cached tags follow upstream); off because a moved upstream tag then changes what runs.",
        },
    },
    "ecr-template-kms": {
        description: "Checks whether repository creation templates for pull-through caches and replication encrypt with a customer managed KMS key and name the role ECR uses it with.",
        remediation: "Set encryptionConfigurations: [{ encryptionType: \"KMS\", kmsKey: <the region's ECR key ARN> }] and customRoleArn: a role in the registry's account trusted by ecr.amazonaws.com with ecr:CreateRepository, ecr:ReplicateImage, ecr:TagResource and kms:CreateGrant, kms:DescribeKey, kms:RetireGrant on the key.",
        specification: "Repositories ECR creates are encrypted with a customer managed KMS key",
        config: {},
    },
    "ecr-created-repositories-covered": {
        description: "Checks whether every pull-through cache rule and replication destination has a repository creation template and a registry scanning rule in its region.",
        remediation: "Add an aws.ecr.RepositoryCreationTemplate with appliedFors [\"PULL_THROUGH_CACHE\"] and the rule's ecrRepositoryPrefix (or ROOT) in the rule's region, and one with appliedFors [\"REPLICATION\"] (prefix ROOT) in every destination region, created with a provider of that region; and an aws.ecr.RegistryScanningConfiguration with a rule on \"*\" in each of those regions.",
        specification: "Repositories ECR creates are created from a template and scanned",
        config: {},
    },
    "s3-public-access-block": {
        description: "Checks whether every S3 bucket blocks public access, through its own public access block or the account's.",
        remediation: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true, or an aws.s3.AccountPublicAccessBlock with all four true in the same account.",
        specification: "Ensure that S3 Buckets are configured with 'Block public access (bucket settings)'",
        config: {},
    },
    "s3-no-public-acl": {
        description: "Checks whether S3 buckets keep ACLs disabled and grant nothing to everyone or to every AWS account.",
        remediation: "Remove public canned ACLs (public-read, public-read-write, authenticated-read) and grants to AllUsers or AuthenticatedUsers; set aws.s3.BucketOwnershipControls rule.objectOwnership to BucketOwnerEnforced and grant access with bucket policies.",
        specification: "ACLs should not be used to manage user access to S3 general purpose buckets",
        config: {},
    },
    "s3-default-encryption": {
        description: "Checks whether every S3 bucket encrypts by default with SSE-KMS and a bucket key (SSE-S3 only for load-balancer log buckets).",
        remediation: "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule applyServerSideEncryptionByDefault { sseAlgorithm: \"aws:kms\", kmsMasterKeyId: <S3 key ARN> } and bucketKeyEnabled: true. Load-balancer access-log buckets (ELB cannot write to SSE-KMS buckets) are tagged with the configured tag and may use AES256.",
        specification: "S3 buckets encrypt by default with SSE-KMS and a bucket key",
        config: {
            loadBalancerLogTag: "Bucket tag that marks load-balancer access-log buckets.",
            loadBalancerLogTagValue: "Value of that tag on load-balancer access-log buckets.",
        },
    },
    "s3-deny-insecure-transport": {
        description: "Checks whether every S3 bucket policy denies requests that do not use TLS.",
        remediation: "Add to the bucket's aws.s3.BucketPolicy a statement { Effect: \"Deny\", Principal: \"*\", Action: \"s3:*\", Resource: [bucket ARN, bucket ARN/*], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
        specification: "Ensure S3 Bucket Policy is set to deny HTTP requests",
        config: {},
    },
    "s3-versioning": {
        description: "Checks whether every S3 bucket has versioning enabled.",
        remediation: "Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration: { status: \"Enabled\" }.",
        specification: "S3 buckets keep object versions",
        config: {},
    },
    "s3-access-logging": {
        description: "Checks whether every S3 bucket logs server access into a separate access-log bucket.",
        remediation: "Add an aws.s3.BucketLogging for the bucket with targetBucket set to the access-log bucket (not the bucket itself) and a targetPrefix per bucket; the access-log bucket itself does not log.",
        specification: "S3 general purpose buckets should have server access logging enabled",
        config: {
            accessLogBucket: "The access-log bucket, by bucket name or Pulumi resource name: it is exempt, and every other bucket's access logs must go to it. Empty: any other bucket, and buckets logged into are exempt.",
            archiveBucket: "Deprecated: the former name of accessLogBucket.",
        },
    },
    "s3-lifecycle": {
        description: "Checks whether every S3 bucket has a lifecycle that expires objects and aborts incomplete multipart uploads.",
        remediation: "Add an aws.s3.BucketLifecycleConfiguration for the bucket with an enabled rule that has expiration (or noncurrentVersionExpiration on versioned buckets) and abortIncompleteMultipartUpload: { daysAfterInitiation: 7 }.",
        specification: "S3 general purpose buckets should have Lifecycle configurations",
        config: {},
    },
    "s3-object-lock-for-audit": {
        description: "Checks whether S3 buckets that hold audit records have object lock enabled.",
        remediation: "Create the audit bucket with objectLockEnabled: true (it cannot be turned on later without AWS support) and add an aws.s3.BucketObjectLockConfiguration with a default retention (COMPLIANCE or GOVERNANCE).",
        specification: "Audit buckets have object lock",
        config: {
            auditTag: "Bucket tag that marks audit buckets.",
            auditTagValue: "Value of that tag on audit buckets.",
        },
    },
    "log-group-retention": {
        description: "Checks whether CloudWatch log groups keep events for a set time of at least the configured minimum.",
        remediation: "Set retentionInDays on the log group to one of CloudWatch's values at or above the minimum (90 by default, 365 in prod through the policy config minimumRetentionDays). Unset or 0 means never expire, which this rule refuses.",
        specification: "CloudWatch log groups keep events for at least the configured minimum",
        config: {
            minimumRetentionDays: "Smallest accepted retentionInDays (365 on prod).",
        },
    },
    "log-group-kms": {
        description: "Checks whether CloudWatch log groups are encrypted with a KMS key.",
        remediation: "Set kmsKeyId to the ARN of the logs key; its key policy must allow the logs.<region>.amazonaws.com service principal.",
        specification: "CloudWatch log groups are encrypted with a customer managed KMS key",
        config: {},
    },
    "eks-log-group-managed": {
        description: "Checks whether the control-plane log group of every EKS cluster with logging on is managed in the stack.",
        remediation: "Add an aws.cloudwatch.LogGroup named /aws/eks/<cluster name>/cluster with retention and KMS, and make the cluster depend on it (dependsOn), so that EKS does not create it first without either.",
        specification: "The EKS control-plane log group is managed with retention and KMS",
        config: {},
    },
    "alarms-have-actions": {
        description: "Checks whether CloudWatch alarms have actions enabled and notify someone when they fire.",
        remediation: "Leave actionsEnabled unset (true) and set alarmActions to the alerting SNS topic ARN (or another action).",
        specification: "CloudWatch alarms have enabled actions",
        config: {},
    },
    "amp-workspace-hardening": {
        description: "Checks whether Amazon Managed Prometheus workspaces log to CloudWatch and are encrypted with a customer managed key.",
        remediation: "Set loggingConfiguration: { logGroupArn: <log group ARN>:* } and kmsKeyArn (fixed at creation: the workspace is replaced).",
        specification: "AMP workspaces log to CloudWatch and use a customer managed KMS key",
        config: {},
    },
    "iam-no-admin-star": {
        description: "Checks whether IAM policies allow every action, or every action of a service, on every resource.",
        remediation: "Replace Action \"*\" (or an Allow with NotAction) and \"service:*\" on Resource \"*\" with the actions the workload calls, on the ARNs it needs. Administrators get access through the break-glass roles, not through policies.",
        specification: "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
        config: {
            allowedServiceWildcards: "Services (\"logs\", \"xray\") whose \"service:*\" on Resource \"*\" is accepted.",
            reportScopedServiceWildcards: "Also report \"service:*\" on specific resources (FSBP IAM.21 reads it so); off by default because the mandatory rule targets account-wide grants.",
            permissionsBoundaryPolicies: "Names of customer managed policies used only as permissions boundaries (platform-workload-boundary, platform-deployer-boundary): a boundary caps what a role's own policies grant and grants nothing itself, so its broad Allow (NotAction on \"*\") is its purpose.",
        },
    },
    "iam-no-admin-managed-attachment": {
        description: "Checks whether AdministratorAccess or IAMFullAccess is attached outside the break-glass roles.",
        remediation: "Attach a policy scoped to what the role does. A role that must be an administrator (break-glass) is listed by name in the policy's breakGlassRoles setting in the stack's policy configuration.",
        specification: "Administrator managed policies are attached only to listed break-glass roles",
        config: {
            breakGlassRoles: "Role names allowed to hold the forbidden managed policies.",
            forbiddenManagedPolicies: "AWS managed policy names that grant administration.",
        },
    },
    "iam-no-users-or-keys": {
        description: "Checks whether the stack creates IAM users, user policies or long-lived access keys.",
        remediation: "Remove the user, its policies and keys. People sign in through IAM Identity Center; workloads assume roles (Pod Identity, OIDC).",
        specification: "Ensure IAM Users Receive Permissions Only Through Groups",
        config: {},
    },
    "iam-trust-policy-scoped": {
        description: "Checks whether IAM role trust policies name who may assume the role, and pin OIDC subject and audience.",
        remediation: "Trust named principals only. For OIDC (GitHub Actions, EKS IRSA) add StringEquals on <provider>:aud (sts.amazonaws.com) and StringEquals or StringLike on <provider>:sub naming the repository and ref, or system:serviceaccount:<namespace>:<name>.",
        specification: "Role trust policies name their principals; OIDC trusts pin :sub and :aud",
        config: {},
    },
    "iam-no-privilege-escalation": {
        description: "Checks whether IAM policies allow actions that let a principal raise its own permissions on every resource.",
        remediation: "Scope iam:PassRole to the role ARNs the service must pass (with iam:PassedToService), and policy-management actions to the policies and roles it manages.",
        specification: "No iam:PassRole, policy version or policy attach/put actions on every resource",
        config: {},
    },
    "ebs-encryption-by-default": {
        description: "Checks whether a stack that owns an account turns on EBS encryption by default in its region.",
        remediation: "Keep platform:accountBaseline.ebsEncryptionByDefault true (AccountBaseline declares aws.ebs.EncryptionByDefault with enabled: true), or declare it yourself.",
        specification: "EBS default encryption should be enabled",
        config: {},
    },
    "account-s3-public-access-block": {
        description: "Checks whether a stack that owns an account blocks S3 public access for the whole account, with all four flags.",
        remediation: "Keep platform:accountBaseline.s3BlockPublicAccess true (AccountBaseline declares aws.s3.AccountPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true).",
        specification: "S3 general purpose buckets should have block public access settings enabled",
        config: {},
    },
    "imds-defaults-imdsv2": {
        description: "Checks whether a stack that owns an account makes IMDSv2 the instance metadata default in its region, with a bounded hop limit.",
        remediation: "Keep platform:accountBaseline.imdsDefaults true (AccountBaseline declares aws.ec2.InstanceMetadataDefaults with httpTokens: \"required\", httpEndpoint: \"enabled\" and the hop limit platform:accountBaseline.imdsHopLimit, 2 by default).",
        specification: "New instances in the account and region require IMDSv2 unless they choose otherwise",
        config: {
            maxHopLimit: "Largest accepted httpPutResponseHopLimit (2: pods behind a node).",
        },
    },
    "serial-console-disabled": {
        description: "Checks whether a stack that owns an account keeps EC2 serial console access off in its region.",
        remediation: "Keep platform:accountBaseline.disableSerialConsole true (AccountBaseline declares aws.ec2.SerialConsoleAccess with enabled: false); use SSM Session Manager for access.",
        specification: "EC2 serial console access is off in the account and region",
        config: {},
    },
    "ami-block-public-access": {
        description: "Checks whether a stack that owns an account blocks public sharing of AMIs in its region.",
        remediation: "Keep platform:accountBaseline.blockPublicImages true (AccountBaseline declares aws.ec2.ImageBlockPublicAccess with state: \"block-new-sharing\").",
        specification: "AMIs of the account cannot be shared publicly",
        config: {},
    },
    "snapshot-block-public-access": {
        description: "Checks whether a stack that owns an account blocks all public sharing of EBS snapshots in its region.",
        remediation: "Keep platform:accountBaseline.blockPublicSnapshots true (AccountBaseline declares aws.ebs.SnapshotBlockPublicAccess with state: \"block-all-sharing\").",
        specification: "Amazon EBS snapshots should not be publicly restorable",
        config: {},
    },
    "ssm-documents-public-sharing-blocked": {
        description: "Checks whether a stack that owns an account blocks public sharing of SSM documents in its region.",
        remediation: "Keep platform:accountBaseline.blockPublicSsmDocuments true (AccountBaseline declares aws.ssm.ServiceSetting with settingId \"/ssm/documents/console/public-sharing-permission\" and settingValue \"Disable\").",
        specification: "SSM documents should have the block public sharing setting enabled",
        config: {},
    },
    "ssm-automation-logging": {
        description: "Checks whether a stack that owns an account sends SSM Automation script output to CloudWatch Logs in its region.",
        remediation: "Keep platform:accountBaseline.ssmAutomationLogging true (AccountBaseline declares aws.ssm.ServiceSetting with settingId \"/ssm/automation/customer-script-log-destination\" and settingValue \"CloudWatch\").",
        specification: "SSM Automation should have CloudWatch logging enabled",
        config: {},
    },
    "account-password-policy": {
        description: "Checks whether every account the stack manages identity settings for has an IAM password policy of at least 14 characters, all four character classes and 24 remembered passwords.",
        remediation: "Declare aws.iam.AccountPasswordPolicy with minimumPasswordLength >= 14, passwordReusePrevention >= 24 and requireLowercaseCharacters, requireUppercaseCharacters, requireNumbers, requireSymbols true (AccountIdentity does, in the bootstrap stack).",
        specification: "Password policies for IAM users should have strong configurations",
        config: {
            minimumPasswordLength: "Shortest accepted minimumPasswordLength (CIS 1.8: 14; never below).",
            passwordReusePrevention: "Fewest accepted remembered passwords (CIS 1.9: 24, IAM's maximum).",
        },
    },
    "account-security-contact": {
        description: "Checks whether every account the stack manages identity settings for has a security alternate contact with an email address.",
        remediation: "Set platform:bootstrap.securityContact { name, title, email, phone }; AccountIdentity declares aws.account.AlternativeContact with alternateContactType \"SECURITY\" for every account.",
        specification: "Security contact information should be provided for an AWS account",
        config: {},
    },
    "account-support-role": {
        description: "Checks whether every account the stack manages identity settings for has an IAM role with the AWS managed policy AWSSupportAccess.",
        remediation: "Declare an aws.iam.Role (under /platform/) with an aws.iam.RolePolicyAttachment of arn:aws:iam::aws:policy/AWSSupportAccess, trusted by the principals who raise support cases (AccountIdentity does).",
        specification: "Ensure a support role has been created to manage incidents with AWS Support",
        config: {},
    },
    "default-nacl-restrict-all": {
        description: "Checks whether every VPC's default network ACL is adopted with no entries and every subnet is explicitly associated with another ACL.",
        remediation: "For every aws.ec2.Vpc: associate each subnet with an aws.ec2.NetworkAcl (subnetIds, or aws.ec2.NetworkAclAssociation), then declare aws.ec2.DefaultNetworkAcl with defaultNetworkAclId: vpc.defaultNetworkAclId and no ingress or egress (SpokeVpc does).",
        specification: "The default network ACL of every VPC denies all traffic, and every subnet has its own ACL",
        config: {},
    },
    "nacl-in-use": {
        description: "Checks whether every network ACL the stack declares is associated with at least one subnet.",
        remediation: "List the subnets in the aws.ec2.NetworkAcl's subnetIds or add an aws.ec2.NetworkAclAssociation for it; remove an ACL no subnet uses.",
        specification: "Unused Network Access Control Lists should be removed",
        config: {},
    },
    "cloudtrail-multi-region": {
        description: "Checks whether CloudTrail trails are multi-Region, logging, with global service events and all read and write management events.",
        remediation: "Set isMultiRegionTrail: true, keep enableLogging and includeGlobalServiceEvents true (their defaults), and leave event selectors out or select management events with readWriteType All.",
        specification: "CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events",
        config: {},
    },
    "cloudtrail-log-file-validation": {
        description: "Checks whether CloudTrail trails write digest files that prove their log files unaltered.",
        remediation: "Set enableLogFileValidation: true on the trail.",
        specification: "CloudTrail log file validation should be enabled",
        config: {},
    },
    "cloudtrail-kms-encryption": {
        description: "Checks whether CloudTrail trails encrypt their log files with a KMS key.",
        remediation: "Set kmsKeyId to a customer managed KMS key whose policy lets cloudtrail.amazonaws.com encrypt for this trail (kms:GenerateDataKey* with the trail's encryption context).",
        specification: "CloudTrail should have encryption at-rest enabled",
        config: {},
    },
    "cloudtrail-cloudwatch-logs": {
        description: "Checks whether CloudTrail trails also deliver to CloudWatch Logs, where metric filters and alarms can watch them.",
        remediation: "Set cloudWatchLogsGroupArn (the log group's ARN with :*) and cloudWatchLogsRoleArn (a role CloudTrail assumes to write it).",
        specification: "CloudTrail trails should be integrated with Amazon CloudWatch Logs",
        config: {},
    },
    "cloudtrail-organization-trail": {
        description: "Checks whether CloudTrail trails are organization trails, which member accounts cannot stop or change.",
        remediation: "Create the trail in the management account (or the delegated administrator) with isOrganizationTrail: true.",
        specification: "One organization trail records every account",
        config: {},
    },
    "cloudtrail-s3-data-events-write": {
        description: "Checks whether CloudTrail trails record S3 object-level write events for every bucket.",
        remediation: "Add an advanced event selector with eventCategory = Data and resources.type = AWS::S3::Object, without a resources.ARN filter and with readOnly left out (read and write) or readOnly = false. The organization trail does it with platform:security.trailS3DataEvents \"all\" or \"write\".",
        specification: "Ensure that Object-level logging for write events is enabled for S3 bucket",
        config: {},
    },
    "cloudtrail-s3-data-events-read": {
        description: "Checks whether CloudTrail trails record S3 object-level read events for every bucket.",
        remediation: "Add an advanced event selector with eventCategory = Data and resources.type = AWS::S3::Object, without a resources.ARN filter and with readOnly left out (read and write) or readOnly = true. The organization trail does it with platform:security.trailS3DataEvents \"all\".",
        specification: "Ensure that Object-level logging for read events is enabled for S3 bucket",
        config: {},
    },
    "cloudtrail-bucket-access-logging": {
        description: "Checks whether the bucket a CloudTrail trail writes to logs server access into another bucket.",
        remediation: "Add an aws.s3.BucketLogging for the trail's bucket with targetBucket set to a separate access-log bucket (LogArchive makes <name>-access-logs). When the bucket is in another stack (the log archive), that stack's s3-access-logging checks it.",
        specification: "Ensure S3 bucket access logging is enabled on the CloudTrail S3 bucket",
        config: {},
    },
    "guardduty-enabled": {
        description: "Checks whether GuardDuty detectors are enabled.",
        remediation: "Keep enable: true (the default) on the aws.guardduty.Detector.",
        specification: "GuardDuty should be enabled",
        config: {},
    },
    "guardduty-eks-protection": {
        description: "Checks whether every GuardDuty detector monitors EKS audit logs and runs EKS Runtime Monitoring with the managed agent.",
        remediation: "For each aws.guardduty.Detector add aws.guardduty.DetectorFeature { name: \"EKS_AUDIT_LOGS\", status: \"ENABLED\" } and { name: \"RUNTIME_MONITORING\", status: \"ENABLED\", additionalConfigurations: [{ name: \"EKS_ADDON_MANAGEMENT\", status: \"ENABLED\" }] }.",
        specification: "GuardDuty EKS Audit Log Monitoring should be enabled",
        config: {},
    },
    "guardduty-organization-auto-enable": {
        description: "Checks whether GuardDuty's organization configuration enables it, with EKS protection, in every member account.",
        remediation: "Set autoEnableOrganizationMembers: \"ALL\" on aws.guardduty.OrganizationConfiguration, and add OrganizationConfigurationFeature { name: \"EKS_AUDIT_LOGS\", autoEnable: \"ALL\" } and { name: \"RUNTIME_MONITORING\", autoEnable: \"ALL\", additionalConfigurations: [{ name: \"EKS_ADDON_MANAGEMENT\", autoEnable: \"ALL\" }] }.",
        specification: "GuardDuty and its EKS protection are on in every account of the organization",
        config: {},
    },
    "guardduty-protection-plans": {
        description: "Checks whether every GuardDuty detector, and its organization configuration for every member, runs Lambda, Malware (EC2), RDS and S3 Protection and Runtime Monitoring with the managed agent for ECS Fargate and EC2.",
        remediation: "For each aws.guardduty.Detector add DetectorFeature { name, status: \"ENABLED\" } for LAMBDA_NETWORK_LOGS, EBS_MALWARE_PROTECTION, RDS_LOGIN_EVENTS, S3_DATA_EVENTS and RUNTIME_MONITORING with additionalConfigurations ECS_FARGATE_AGENT_MANAGEMENT and EC2_AGENT_MANAGEMENT ENABLED; with an OrganizationConfiguration, the same as OrganizationConfigurationFeature with autoEnable: \"ALL\" (components/security OrganizationGuardDuty does both).",
        specification: "GuardDuty Lambda Protection should be enabled",
        config: {},
    },
    "securityhub-standards": {
        description: "Checks whether Security Hub runs the AWS Foundational Security Best Practices and CIS AWS Foundations 3.0.0 standards, through the account's subscriptions or a central configuration policy that is on and associated.",
        remediation: "With central configuration: an aws.securityhub.ConfigurationPolicy with serviceEnabled: true and enabledStandardArns listing ...::standards/aws-foundational-security-best-practices/v/1.0.0 and ...::standards/cis-aws-foundations-benchmark/v/3.0.0, associated (aws.securityhub.ConfigurationPolicyAssociation) with the organization root. Without it: aws.securityhub.StandardsSubscription for both ARNs beside the aws.securityhub.Account.",
        specification: "Security Hub runs the FSBP and CIS AWS Foundations 3.0.0 standards",
        config: {},
    },
    "config-recorder-enabled": {
        description: "Checks whether every AWS Config recorder records all resource types, global ones included, is started, delivers, and uses Config's service-linked role.",
        remediation: "On aws.cfg.Recorder: roleArn = arn:<partition>:iam::<account>:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig (or an aws.iam.ServiceLinkedRole for config.amazonaws.com), recordingGroup { allSupported: true, includeGlobalResourceTypes: true }; add aws.cfg.RecorderStatus { name: the recorder's name, isEnabled: true } and an aws.cfg.DeliveryChannel.",
        specification: "AWS Config should be enabled and use the service-linked role for resource recording",
        config: {},
    },
    "access-analyzer-enabled": {
        description: "Checks whether a stack of the detection layer has an IAM Access Analyzer.",
        remediation: "Add an aws.accessanalyzer.Analyzer with type \"ORGANIZATION\" (in the delegated administrator) or \"ACCOUNT\", in every region the detection layer covers.",
        specification: "An IAM Access Analyzer watches the account or organization in each region the detection layer covers",
        config: {},
    },
    "securityhub-all-regions": {
        description: "Checks whether the organization's Security Hub is on in every account and Region: central configuration, a finding aggregator linking all Regions, and a configuration policy that turns Security Hub on, associated with the organization root.",
        remediation: "In the delegated administrator's stack: aws.securityhub.OrganizationConfiguration with organizationConfiguration.configurationType \"CENTRAL\", aws.securityhub.FindingAggregator with linkingMode \"ALL_REGIONS\", and an aws.securityhub.ConfigurationPolicy with configurationPolicy.serviceEnabled: true associated (aws.securityhub.ConfigurationPolicyAssociation) with the organization root (r-...). components/security OrganizationSecurityHub does all of it when linkedRegions is left empty.",
        specification: "Ensure AWS Security Hub is enabled",
        config: {},
    },
    "inspector-enabled": {
        description: "Checks whether a stack of the detection layer runs Amazon Inspector EC2, ECR, Lambda standard and Lambda code scanning, and, in the organization's delegated administrator, auto-enables all four for member accounts.",
        remediation: "Add an aws.inspector2.Enabler with resourceTypes [\"EC2\", \"ECR\", \"LAMBDA\", \"LAMBDA_CODE\"] for the account and, in the delegated administrator, an aws.inspector2.OrganizationConfiguration with autoEnable { ec2, ecr, lambda, lambdaCode: true } (components/security OrganizationInspector; platform:security.inspector: true).",
        specification: "Amazon Inspector EC2 scanning should be enabled",
        config: {},
    },
    "macie-enabled": {
        description: "Checks whether a stack of the detection layer enables Amazon Macie and, in the organization's delegated administrator, auto-enables it for member accounts.",
        remediation: "Add an aws.macie2.Account with status \"ENABLED\" (the default) and, in the delegated administrator, an aws.macie2.OrganizationConfiguration with autoEnable: true (components/security OrganizationMacie; platform:security.macie: true).",
        specification: "Amazon Macie should be enabled",
        config: {},
    },
    "cis-alarm-unauthorized-api-calls": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for unauthorized API calls (Security Hub CloudWatch.2) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.errorCode=\"*UnauthorizedOperation\") || ($.errorCode=\"AccessDenied*\")} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for unauthorized API calls",
        config: {},
    },
    "cis-alarm-console-signin-without-mfa": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for Management Console sign-in without MFA (Security Hub CloudWatch.3) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern { ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") } and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for Management Console sign-in without MFA",
        config: {},
    },
    "cis-alarm-root-usage": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for usage of the root user (Security Hub CloudWatch.1) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {$.userIdentity.type=\"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !=\"AwsServiceEvent\"} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for usage of the root user",
        config: {},
    },
    "cis-alarm-iam-policy-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for IAM policy changes (Security Hub CloudWatch.4) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for IAM policy changes",
        config: {},
    },
    "cis-alarm-cloudtrail-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for CloudTrail configuration changes (Security Hub CloudWatch.5) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for CloudTrail configuration changes",
        config: {},
    },
    "cis-alarm-console-authentication-failures": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for Management Console authentication failures (Security Hub CloudWatch.6) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=ConsoleLogin) && ($.errorMessage=\"Failed authentication\")} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for Management Console authentication failures",
        config: {},
    },
    "cis-alarm-cmk-disable-or-deletion": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for disabling or scheduled deletion of customer managed keys (Security Hub CloudWatch.7) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys",
        config: {},
    },
    "cis-alarm-s3-bucket-policy-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for S3 bucket policy changes (Security Hub CloudWatch.8) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for S3 bucket policy changes",
        config: {},
    },
    "cis-alarm-config-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for AWS Config configuration changes (Security Hub CloudWatch.9) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for AWS Config configuration changes",
        config: {},
    },
    "cis-alarm-security-group-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for security group changes (Security Hub CloudWatch.10) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for security group changes",
        config: {},
    },
    "cis-alarm-nacl-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for network ACL changes (Security Hub CloudWatch.11) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for network ACL changes",
        config: {},
    },
    "cis-alarm-network-gateway-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for network gateway changes (Security Hub CloudWatch.12) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for network gateway changes",
        config: {},
    },
    "cis-alarm-route-table-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for route table changes (Security Hub CloudWatch.13) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for route table changes",
        config: {},
    },
    "cis-alarm-vpc-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for VPC changes (Security Hub CloudWatch.14) and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for VPC changes",
        config: {},
    },
    "cis-alarm-organizations-changes": {
        description: "Checks whether a multi-Region trail's CloudWatch Logs log group has the CIS metric filter for AWS Organizations changes and an alarm with an action on its metric.",
        remediation: "Deliver the organization trail to a CloudWatch Logs log group (cloudWatchLogsGroupArn), add an aws.cloudwatch.LogMetricFilter on it with pattern {($.eventSource=organizations.amazonaws.com) && (($.eventName=AcceptHandshake) || ($.eventName=AttachPolicy) || ($.eventName=CreateAccount) || ($.eventName=CreateOrganizationalUnit) || ($.eventName=CreatePolicy) || ($.eventName=DeclineHandshake) || ($.eventName=DeleteOrganization) || ($.eventName=DeleteOrganizationalUnit) || ($.eventName=DeletePolicy) || ($.eventName=DetachPolicy) || ($.eventName=DisablePolicyType) || ($.eventName=EnablePolicyType) || ($.eventName=InviteAccountToOrganization) || ($.eventName=LeaveOrganization) || ($.eventName=MoveAccount) || ($.eventName=RemoveAccountFromOrganization) || ($.eventName=UpdatePolicy) || ($.eventName=UpdateOrganizationalUnit))} and an aws.cloudwatch.MetricAlarm on its metric with alarmActions (an SNS topic); components/security CisAlarms does all fifteen.",
        specification: "Ensure a log metric filter and alarm exist for AWS Organizations changes",
        config: {},
    },
    "sns-topic-encrypted": {
        description: "Checks whether SNS topics encrypt messages at rest with a KMS key.",
        remediation: "Set kmsMasterKeyId to a KMS key whose policy lets SNS and the publishers (CloudWatch alarms, EventBridge) use it (the platform's sns key).",
        specification: "SNS topics are encrypted at rest with a KMS key",
        config: {},
    },
    "sns-topic-tls-only": {
        description: "Checks whether every SNS topic's policy refuses publishing without TLS.",
        remediation: "Add an aws.sns.TopicPolicy for the topic (arn: topic.arn) with a statement { Effect: \"Deny\", Principal: \"*\", Action: \"sns:Publish\", Resource: topic ARN, Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
        specification: "SNS topics refuse requests without TLS",
        config: {},
    },
    "sqs-queue-encrypted": {
        description: "Checks whether SQS queues encrypt messages at rest, with SSE-SQS or a KMS key.",
        remediation: "Keep sqsManagedSseEnabled unset or true, or set kmsMasterKeyId to a KMS key; never sqsManagedSseEnabled: false without a key.",
        specification: "Amazon SQS queues should be encrypted at rest",
        config: {},
    },
    "sqs-queue-tls-only": {
        description: "Checks whether every SQS queue's policy refuses requests without TLS.",
        remediation: "Add an aws.sqs.QueuePolicy for the queue (queueUrl: queue.url) with a statement { Effect: \"Deny\", Principal: \"*\", Action: \"sqs:*\", Resource: queue ARN, Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }.",
        specification: "SQS queues refuse requests without TLS",
        config: {},
    },
    "sns-topic-not-public": {
        description: "Checks whether SNS topic policies (the topic's own or an aws.sns.TopicPolicy) allow access to anyone outside the account or organization.",
        remediation: "Name the principals (a service such as cloudwatch.amazonaws.com, or account and role ARNs), or keep Principal \"*\" with a Condition StringEquals on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount.",
        specification: "SNS topic access policies should not allow public access",
        config: {},
    },
    "sqs-queue-not-public": {
        description: "Checks whether SQS queue policies (the queue's own or an aws.sqs.QueuePolicy) allow access to anyone outside the account or organization.",
        remediation: "Name the principals (a service such as events.amazonaws.com, or account and role ARNs), or keep Principal \"*\" with a Condition StringEquals on aws:PrincipalOrgID, aws:PrincipalAccount or aws:SourceAccount.",
        specification: "SQS queue access policies should not allow public access",
        config: {},
    },
    "codebuild-source-no-credentials": {
        description: "Checks whether a CodeBuild project's source URLs carry credentials (a token, or a user name and password).",
        remediation: "Remove the user information from source.location (and secondarySources[].location); authenticate the source with source.auth (CODECONNECTIONS, or a credential stored in CodeBuild).",
        specification: "CodeBuild Bitbucket source repository URLs should not contain sensitive credentials",
        config: {},
    },
    "codebuild-no-plaintext-secrets": {
        description: "Checks whether a CodeBuild project has environment variables in plain text whose names say they hold credentials.",
        remediation: "Store the value in Secrets Manager or Parameter Store and give the variable type SECRETS_MANAGER or PARAMETER_STORE with its name or ARN as value; for AWS credentials use the project's service role instead.",
        specification: "CodeBuild project environment variables should not contain clear text credentials",
        config: {},
    },
    "codebuild-logging": {
        description: "Checks whether a CodeBuild project logs its builds (CloudWatch Logs or S3) and keeps S3 logs encrypted.",
        remediation: "Keep logsConfig.cloudwatchLogs.status \"ENABLED\" (its default) or set logsConfig.s3Logs.status \"ENABLED\"; never set logsConfig.s3Logs.encryptionDisabled: true.",
        specification: "CodeBuild project environments should have a logging AWS Configuration",
        config: {},
    },
    "backup-recovery-points-encrypted": {
        description: "Checks whether every AWS Backup vault encrypts with a KMS key of its own and, where a backup selection exists, EBS encryption by default is on in the stack, so that snapshots of volumes are encrypted too.",
        remediation: "Set kmsKeyArn on every aws.backup.Vault (a backup-purpose key, components/kms); keep platform:accountBaseline.ebsEncryptionByDefault true in a stack that declares backup selections (AccountBaseline declares aws.ebs.EncryptionByDefault).",
        specification: "AWS Backup recovery points should be encrypted at rest",
        config: {},
    },
    "s3-policy-no-account-administration": {
        description: "Checks whether a bucket policy (an aws.s3.BucketPolicy or a bucket's inline policy) allows an AWS principal to change the bucket's policy, ACLs or encryption.",
        remediation: "Remove s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy, s3:PutEncryptionConfiguration, s3:PutObjectAcl (and wildcards such as s3:* or s3:Put* that cover them) from the bucket policy's Allow statements; grant bucket administration through IAM policies of the owning account.",
        specification: "S3 general purpose bucket policies should restrict access to other AWS accounts",
        config: {},
    },
    "ec2-managed-by-ssm": {
        description: "Checks whether the role of every node (managed node groups, Karpenter EC2NodeClasses, EC2 instances) carries AmazonSSMManagedInstanceCore, so that Systems Manager manages the instances.",
        remediation: "Attach arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore to the node role (aws.iam.RolePolicyAttachment), declared in the same stack as the node group, EC2NodeClass or instance profile (components/cluster NodeRole does).",
        specification: "Amazon EC2 instances should be managed by AWS Systems Manager",
        config: {},
    },
    // kubernetes-baseline
    "no-privileged": {
        description: "Checks whether any container runs privileged.",
        remediation: "Remove securityContext.privileged (or set it to false) on every container; a platform add-on that needs host access runs in a namespace listed in excludedNamespaces.",
        specification: "Minimize the admission of privileged containers",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "no-host-namespaces-or-ports": {
        description: "Checks whether pods share the host's network, process ID or IPC namespace, bind host ports, send probes or lifecycle hooks to another host (Kubernetes 1.34+) or run as Windows HostProcess.",
        remediation: "Remove hostNetwork, hostPID, hostIPC, ports[].hostPort, the host of httpGet/tcpSocket probes and lifecycle hooks, and securityContext.windowsOptions.hostProcess; expose ports through a Service.",
        specification: "Minimize the admission of containers wishing to share the host process ID namespace",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "no-hostpath": {
        description: "Checks whether pods mount hostPath volumes.",
        remediation: "Replace hostPath volumes with emptyDir, configMap, secret, projected or persistentVolumeClaim volumes.",
        specification: "Baseline: HostPath Volumes",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "capabilities-restricted": {
        description: "Checks whether every container drops all Linux capabilities and adds back only allowed ones.",
        remediation: "Set securityContext.capabilities.drop: [\"ALL\"] on every container and add back only capabilities in allowedCapabilities (default NET_BIND_SERVICE).",
        specification: "Minimize the admission of containers with added capabilities",
        config: {
            allowedCapabilities: "Capabilities a container may add back, spelled as in the pod spec (the restricted level allows only NET_BIND_SERVICE; anything more is a documented deviation).",
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "no-privilege-escalation": {
        description: "Checks whether every container forbids privilege escalation explicitly.",
        remediation: "Set securityContext.allowPrivilegeEscalation: false on every container (unset means true).",
        specification: "Minimize the admission of containers with allowPrivilegeEscalation",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "run-as-non-root": {
        description: "Checks whether every container is required to run as a non-root user.",
        remediation: "Set securityContext.runAsNonRoot: true on the pod (or every container) and never runAsUser: 0; build images with a numeric non-root USER. From Kubernetes 1.35 a pod with hostUsers: false is exempt.",
        specification: "Minimize the admission of root containers",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "seccomp-runtime-default": {
        description: "Checks whether every container runs under the RuntimeDefault or a Localhost seccomp profile.",
        remediation: "Set securityContext.seccompProfile.type: RuntimeDefault on the pod (containers inherit it); never Unconfined.",
        specification: "Apply Security Context to Your Pods and Containers",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "baseline-misc": {
        description: "Checks whether pods keep the Pod Security Standards baseline for capabilities, /proc mounts, SELinux, AppArmor, seccomp and sysctls.",
        remediation: "Add only the baseline capabilities; remove securityContext.procMount (or set Default; any type is allowed with hostUsers: false from Kubernetes 1.35), custom SELinux types, users and roles, AppArmor and seccomp Unconfined, and sysctls outside the safe set of the cluster's version.",
        specification: "Baseline: /proc Mount Type",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "restricted-volume-types": {
        description: "Checks whether pods use only the volume types the Pod Security Standards restricted profile allows.",
        remediation: "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes; reach network storage through a CSI driver and a PersistentVolumeClaim.",
        specification: "Restricted: Volume Types",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "read-only-root-fs": {
        description: "Checks whether containers run with a read-only root filesystem.",
        remediation: "Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes at the paths the process writes (/tmp, caches).",
        specification: "Containers run with a read-only root filesystem",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
        },
    },
    "proc-mount-restricted": {
        description: "Checks whether every container keeps the default /proc mount even in a user namespace (restricted, Kubernetes 1.35+).",
        remediation: "Remove securityContext.procMount or set it to Default; hostUsers: false relaxes only the baseline level.",
        specification: "Restricted: /proc Mount Type",
        config: {
            excludedNamespaces: "Namespaces whose workloads are exempt (platform add-ons that must be privileged); list each one explicitly.",
            assumedVersions: "Kubernetes minors a workload is checked at when the plan does not show its cluster; it must pass at each.",
        },
    },
    "image-pinned": {
        description: "Checks whether every container image is pinned to a version tag or a digest, never latest.",
        remediation: "Reference images as <repository>:<version> (ECR repositories here have immutable tags) or <repository>@sha256:<digest>.",
        specification: "Container images are pinned to an immutable version",
        config: {},
    },
    "image-pinned-digest": {
        description: "Checks whether every container image is pinned by digest (@sha256:...).",
        remediation: "Reference images as <repository>@sha256:<digest> (or <repository>:<version>@sha256:<digest>), e.g. from the build's pushed digest. Off on dev and staging (disabled in their policy config), advisory on prod.",
        specification: "Container images are pinned by content digest",
        config: {},
    },
    "allowed-registries": {
        description: "Checks whether every container image comes from an approved registry.",
        remediation: "Push the image to the platform's ECR registry (replicated or pulled through the pull-through cache) and reference it from there, or add the registry prefix to allowedRegistries.",
        specification: "Minimize Container Registries to only those approved",
        config: {
            allowedRegistries: "Approved image prefixes (a registry host or a path in it, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/). Empty: any private ECR registry. When set, the list replaces that default.",
        },
    },
    "image-provenance-enforced": {
        description: "Checks whether the cluster verifies image provenance at admission: the Kyverno release and the platform's image verification ClusterPolicy, enforcing where required.",
        remediation: "Create the ImageProvenance component (components/kubernetes/provenance.ts) in the workload stack with the shared stack's imageSigningIdentity, and keep platform:imageProvenance.mode at \"enforce\" (its default) in staging and prod.",
        specification: "Only signed images of the platform registry, by digest, are admitted",
        config: {
            requireEnforce: "The policy must deny (failureAction Enforce, failurePolicy Fail); false accepts audit mode (dev).",
            policyName: "Name of the Kyverno ClusterPolicy that verifies images.",
            chart: "Chart of the admission controller's Helm release.",
        },
    },
    "admission-policies-enforced": {
        description: "Checks whether each EKS cluster's stack carries the ValidatingAdmissionPolicies generated from kubernetes-baseline, each bound, and denying for mandatory rules where required.",
        remediation: "Create the cluster's AdmissionPolicies component (components/kubernetes/admission-policies.ts) and keep platform:admissionPolicies.mode at deny (the default); warn is for dev, whose pack config sets requireDeny: false.",
        specification: "The baseline is enforced at admission by generated ValidatingAdmissionPolicies",
        config: {
            requireDeny: "Whether the bindings of mandatory rules must deny (false: warn and audit accepted, dev).",
        },
    },
    "resources-requests-limits": {
        description: "Checks whether containers request CPU and memory and limit memory.",
        remediation: "Set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container and init container (the namespace LimitRange only fills gaps at admission).",
        specification: "Containers declare CPU and memory requests and a memory limit",
        config: {},
    },
    "probes": {
        description: "Checks whether long-running containers define a readiness probe and a liveness or startup probe.",
        remediation: "Add a readinessProbe and a livenessProbe (or a startupProbe for slow starters) to every container of a Deployment, StatefulSet or DaemonSet.",
        specification: "Long-running containers declare health probes",
        config: {},
    },
    "service-account-token": {
        description: "Checks whether service account tokens are mounted only where needed and pods avoid the default ServiceAccount.",
        remediation: "Set automountServiceAccountToken: false on ServiceAccounts and on pod specs (true only on pods that call the Kubernetes API), and give each workload its own ServiceAccount through serviceAccountName.",
        specification: "Ensure that Service Account Tokens are only mounted where necessary",
        config: {},
    },
    "no-default-namespace": {
        description: "Checks whether namespaced Kubernetes objects name a namespace other than default.",
        remediation: "Set metadata.namespace (namespace on a Helm release) to the team's namespace, created by TeamNamespace with its quota, network policies and Pod Security labels.",
        specification: "The default namespace should not be used",
        config: {
            clusterScopedKinds: "Custom resource kinds that are cluster-scoped (built-in cluster-scoped kinds are always exempt).",
        },
    },
    "namespace-guardrails": {
        description: "Checks whether every Namespace has a default-deny NetworkPolicy and enforces a Pod Security level.",
        remediation: "Create namespaces with TeamNamespace: it labels pod-security.kubernetes.io/enforce and adds a NetworkPolicy with podSelector: {}, policyTypes [Ingress, Egress] and no rules, then allows flows one by one.",
        specification: "Ensure that all Namespaces have Network Policies defined",
        config: {
            minimumLevel: "The lowest Pod Security level a namespace may enforce.",
            excludedNamespaces: "Namespaces exempt from the check (system namespaces).",
        },
    },
    "rbac-least-privilege": {
        description: "Checks whether RBAC grants cluster-admin only to listed subjects and avoids system:masters, wildcards and escalation verbs.",
        remediation: "Bind namespaced Roles listing explicit apiGroups, resources and verbs; keep cluster-admin for the break-glass subjects in clusterAdminSubjects (better: EKS access entries); never bind system:masters or grant bind, escalate or impersonate.",
        specification: "Ensure that the cluster-admin role is only used where required",
        config: {
            clusterAdminSubjects: "Subjects allowed to hold cluster-admin: User:<name>, Group:<name> or ServiceAccount:<namespace>/<name>.",
        },
    },
    "rbac-secrets-access": {
        description: "Checks whether Roles and ClusterRoles grant get, list or watch on Secrets, outside the roles listed in secretReaders.",
        remediation: "Remove get, list and watch on \"secrets\" from the role (reference a single Secret with resourceNames where a workload needs one), or list the role as ClusterRole:<name> or Role:<namespace>/<name> in secretReaders.",
        specification: "Minimize access to secrets",
        config: {
            secretReaders: "Roles allowed to read Secrets: ClusterRole:<name> or Role:<namespace>/<name>.",
        },
    },
    "secrets-not-in-env": {
        description: "Checks whether containers read Secrets through environment variables.",
        remediation: "Mount the Secret as a volume (or a projected volume) and read the file; environment variables leak into crash dumps, child processes and logs.",
        specification: "Prefer using secrets as files over secrets as environment variables",
        config: {},
    },
    "lb-services-internal": {
        description: "Checks whether LoadBalancer Services are internal unless approved, and whether Services set externalIPs.",
        remediation: "Annotate LoadBalancer Services with service.beta.kubernetes.io/aws-load-balancer-scheme: internal; publish internet-facing endpoints through an approved Ingress or list the Service in allowedPublicServices; remove spec.externalIPs.",
        specification: "Load balancers for Services are internal unless approved",
        config: {
            allowedPublicServices: "Services that may be internet-facing, as <name> or <namespace>/<name>.",
        },
    },
};

const ALL = PACKS.flatMap((pack) => pack.policies.map((policy) => ({ pack: pack.name, policy })));

describe("policy texts (description, remediation, specification, config descriptions), policy by policy", () => {
    it("has a row for every policy of both packs, and no row for a policy that is gone", () => {
        const names = ALL.map((p) => p.policy.name);
        const missing = names.filter((n) => !(n in EXPECTED));
        const gone = Object.keys(EXPECTED).filter((n) => !names.includes(n));
        expect({ missing, gone }, "add or remove the rows in test/policy-packs/texts.mutation.test.ts").to.deep.equal({ missing: [], gone: [] });
    });
    for (const { pack, policy } of ALL) {
        it(`${pack}/${policy.name}`, () => {
            const row = EXPECTED[policy.name];
            if (!row) {
                return; // Reported by the test above.
            }
            const config = Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).map(([k, v]) => [k, (v as { description?: string }).description]));
            expect({ description: policy.description, remediation: policy.remediationSteps, specification: policy.framework?.specification, config }).to.deep.equal(row);
        });
    }
});
