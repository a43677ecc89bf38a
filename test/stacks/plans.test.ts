import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePlan } from "../../tools/cli/policy-report";
import { Plan, PlanResource } from "../../tools/plan/model";
import { planStack } from "../../tools/plan/runner";
import { listStacks } from "../../tools/plan/stack-file";
import { mandatoryFindings } from "../../tools/policy/evaluate";
import { cli } from "../support/cli";
import { stackInfos } from "../support/stacks";

/**
 * Every stack file in stacks/ planned offline through the real program, its summary by type
 * asserted exactly, the settings that differ per environment checked, and the policy packs run
 * with the environment's pack config. A change to what a stack creates shows up here first.
 */

// EXPECTED_BY_TYPE (regenerate deliberately: a changed count is a changed architecture)
const EXPECTED_BY_TYPE: Record<string, Record<string, number>> = {
    bootstrap: {
        "aws:account/alternativeContact:AlternativeContact": 6,
        "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount": 1,
        "aws:codestarconnections/connection:Connection": 1,
        "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount": 1,
        "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": 6,
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider": 6,
        "aws:iam/policy:Policy": 12,
        "aws:iam/role:Role": 18,
        "aws:iam/rolePolicy:RolePolicy": 24,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 18,
        "aws:kms/alias:Alias": 8,
        "aws:kms/key:Key": 8,
        "aws:organizations/delegatedAdministrator:DelegatedAdministrator": 2,
        "aws:ram/sharingWithOrganization:SharingWithOrganization": 1,
        "aws:s3/bucket:Bucket": 1,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
        "aws:s3/bucketPolicy:BucketPolicy": 1,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
        "aws:s3/bucketVersioning:BucketVersioning": 1,
        "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount": 1,
        "aws:macie2/organizationAdminAccount:OrganizationAdminAccount": 1,
        "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount": 1,
        "github:index/actionsRepositoryOidcSubjectClaimCustomizationTemplate:ActionsRepositoryOidcSubjectClaimCustomizationTemplate": 1,
        "github:index/branchProtection:BranchProtection": 1,
        "github:index/repositoryEnvironment:RepositoryEnvironment": 7,
        "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy": 6,
        "platform:account:AccountIdentity": 6,
        "platform:bootstrap:DeploymentRole": 6,
        "platform:bootstrap:GitHubConnection": 1,
        "platform:bootstrap:GitHubRepositorySettings": 1,
        "platform:bootstrap:PermissionBoundaries": 6,
        "platform:bootstrap:PreviewRole": 6,
        "platform:bootstrap:RamOrganizationSharing": 1,
        "platform:bootstrap:SecurityDelegation": 1,
        "platform:bootstrap:StateAccessPolicy": 12,
        "platform:bootstrap:StateBackend": 1,
        "platform:kms:KmsKey": 1,
        "platform:storage:SecureBucket": 1,
        "pulumi:providers:aws": 7,
        "pulumi:providers:github": 1,
    },
    dev: {
        "aws:backup/plan:Plan": 1,
        "aws:backup/selection:Selection": 1,
        "aws:backup/vault:Vault": 1,
        "aws:cloudwatch/eventRule:EventRule": 4,
        "aws:cloudwatch/eventTarget:EventTarget": 4,
        "aws:cloudwatch/logGroup:LogGroup": 10,
        "aws:cloudwatch/metricAlarm:MetricAlarm": 5,
        "aws:ebs/defaultKmsKey:DefaultKmsKey": 1,
        "aws:ebs/encryptionByDefault:EncryptionByDefault": 1,
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": 1,
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": 1,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
        "aws:ec2/eip:Eip": 1,
        "aws:ec2/flowLog:FlowLog": 2,
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": 1,
        "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": 1,
        "aws:ec2/internetGateway:InternetGateway": 1,
        "aws:ec2/launchTemplate:LaunchTemplate": 2,
        "aws:ec2/natGateway:NatGateway": 1,
        "aws:ec2/networkAcl:NetworkAcl": 3,
        "aws:ec2/route:Route": 8,
        "aws:ec2/routeTable:RouteTable": 5,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 9,
        "aws:ec2/securityGroup:SecurityGroup": 2,
        "aws:ec2/serialConsoleAccess:SerialConsoleAccess": 1,
        "aws:ec2/subnet:Subnet": 9,
        "aws:ec2/tag:Tag": 1,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/vpcEndpoint:VpcEndpoint": 9,
        "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 1,
        "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": 2,
        "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 1,
        "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": 1,
        "aws:eks/accessEntry:AccessEntry": 8,
        "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 4,
        "aws:eks/addon:Addon": 5,
        "aws:eks/cluster:Cluster": 1,
        "aws:eks/nodeGroup:NodeGroup": 2,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": 8,
        "aws:iam/role:Role": 13,
        "aws:iam/rolePolicy:RolePolicy": 8,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 13,
        "aws:iam/serviceLinkedRole:ServiceLinkedRole": 2,
        "aws:kms/alias:Alias": 5,
        "aws:kms/key:Key": 5,
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": 1,
        "aws:sns/topic:Topic": 1,
        "aws:sns/topicPolicy:TopicPolicy": 1,
        "aws:sqs/queue:Queue": 1,
        "aws:sqs/queuePolicy:QueuePolicy": 1,
        "aws:ssm/serviceSetting:ServiceSetting": 2,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy": 20,
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding": 20,
        "kubernetes:apps/v1:Deployment": 1,
        "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": 1,
        "kubernetes:core/v1:ConfigMap": 11,
        "kubernetes:core/v1:LimitRange": 2,
        "kubernetes:core/v1:Namespace": 7,
        "kubernetes:core/v1:ResourceQuota": 2,
        "kubernetes:core/v1:Secret": 2,
        "kubernetes:core/v1:Service": 1,
        "kubernetes:core/v1:ServiceAccount": 3,
        "kubernetes:helm.sh/v3:Release": 10,
        "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": 1,
        "kubernetes:karpenter.sh/v1:NodePool": 1,
        "kubernetes:kyverno.io/v1:ClusterPolicy": 1,
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule": 6,
        "kubernetes:monitoring.coreos.com/v1:ServiceMonitor": 1,
        "kubernetes:networking.k8s.io/v1:NetworkPolicy": 30,
        "kubernetes:policy/v1:PodDisruptionBudget": 1,
        "kubernetes:rbac.authorization.k8s.io/v1:Role": 2,
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": 2,
        "kubernetes:storage.k8s.io/v1:StorageClass": 1,
        "platform:account:AccountBaseline": 1,
        "platform:account:ServiceLinkedRoles": 1,
        "platform:backup:BackupPlan": 1,
        "platform:cluster:ClusterAccess": 1,
        "platform:cluster:ClusterAddons": 1,
        "platform:cluster:EksCluster": 1,
        "platform:cluster:Karpenter": 1,
        "platform:cluster:NodePool": 2,
        "platform:cluster:NodeRole": 2,
        "platform:cluster:PodIdentityRole": 8,
        "platform:kms:KmsKey": 5,
        "platform:kms:PlatformKeys": 1,
        "platform:kubernetes:AdmissionPolicies": 1,
        "platform:kubernetes:ImageProvenance": 1,
        "platform:kubernetes:PlatformAddons": 1,
        "platform:kubernetes:TeamNamespace": 2,
        "platform:network:SpokeVpc": 1,
        "platform:network:TgwAttachment": 1,
        "platform:observability:ObservabilityStack": 1,
        "platform:observability:ServiceLevelObjective": 6,
        "platform:service:Microservice": 1,
        "pulumi:providers:aws": 2,
        "pulumi:providers:kubernetes": 1,
        "pulumi:pulumi:StackReference": 2,
        "random:index/randomPassword:RandomPassword": 1,
    },
    network: {
        "aws:cloudwatch/logGroup:LogGroup": 1,
        "aws:ebs/encryptionByDefault:EncryptionByDefault": 1,
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": 1,
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": 1,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
        "aws:ec2/eip:Eip": 2,
        "aws:ec2/flowLog:FlowLog": 1,
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": 1,
        "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": 1,
        "aws:ec2/internetGateway:InternetGateway": 1,
        "aws:ec2/natGateway:NatGateway": 2,
        "aws:ec2/networkAcl:NetworkAcl": 2,
        "aws:ec2/route:Route": 4,
        "aws:ec2/routeTable:RouteTable": 3,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 4,
        "aws:ec2/serialConsoleAccess:SerialConsoleAccess": 1,
        "aws:ec2/subnet:Subnet": 4,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/vpcEndpoint:VpcEndpoint": 1,
        "aws:ec2transitgateway/route:Route": 6,
        "aws:ec2transitgateway/routeTable:RouteTable": 3,
        "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 1,
        "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": 3,
        "aws:ec2transitgateway/transitGateway:TransitGateway": 1,
        "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 1,
        "aws:iam/role:Role": 1,
        "aws:iam/rolePolicy:RolePolicy": 1,
        "aws:kms/alias:Alias": 1,
        "aws:kms/key:Key": 1,
        "aws:ram/principalAssociation:PrincipalAssociation": 1,
        "aws:ram/resourceAssociation:ResourceAssociation": 1,
        "aws:ram/resourceShare:ResourceShare": 1,
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": 1,
        "aws:ssm/serviceSetting:ServiceSetting": 2,
        "platform:account:AccountBaseline": 1,
        "platform:kms:KmsKey": 1,
        "platform:kms:PlatformKeys": 1,
        "platform:network:SpokeVpc": 1,
        "platform:network:TransitHub": 1,
        "pulumi:providers:aws": 1,
    },
    prod: {
        "aws:backup/plan:Plan": 1,
        "aws:backup/selection:Selection": 1,
        "aws:backup/vault:Vault": 1,
        "aws:backup/vaultLockConfiguration:VaultLockConfiguration": 1,
        "aws:cloudwatch/eventRule:EventRule": 4,
        "aws:cloudwatch/eventTarget:EventTarget": 4,
        "aws:cloudwatch/logGroup:LogGroup": 10,
        "aws:cloudwatch/metricAlarm:MetricAlarm": 9,
        "aws:ebs/defaultKmsKey:DefaultKmsKey": 1,
        "aws:ebs/encryptionByDefault:EncryptionByDefault": 1,
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": 1,
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": 1,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
        "aws:ec2/eip:Eip": 3,
        "aws:ec2/flowLog:FlowLog": 2,
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": 1,
        "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": 1,
        "aws:ec2/internetGateway:InternetGateway": 1,
        "aws:ec2/launchTemplate:LaunchTemplate": 2,
        "aws:ec2/natGateway:NatGateway": 3,
        "aws:ec2/networkAcl:NetworkAcl": 3,
        "aws:ec2/route:Route": 8,
        "aws:ec2/routeTable:RouteTable": 5,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 9,
        "aws:ec2/securityGroup:SecurityGroup": 2,
        "aws:ec2/serialConsoleAccess:SerialConsoleAccess": 1,
        "aws:ec2/subnet:Subnet": 9,
        "aws:ec2/tag:Tag": 1,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/vpcEndpoint:VpcEndpoint": 9,
        "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 1,
        "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": 2,
        "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 1,
        "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": 1,
        "aws:eks/accessEntry:AccessEntry": 9,
        "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 5,
        "aws:eks/addon:Addon": 5,
        "aws:eks/cluster:Cluster": 1,
        "aws:eks/nodeGroup:NodeGroup": 2,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": 8,
        "aws:iam/role:Role": 13,
        "aws:iam/rolePolicy:RolePolicy": 8,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 13,
        "aws:iam/serviceLinkedRole:ServiceLinkedRole": 2,
        "aws:kms/alias:Alias": 5,
        "aws:kms/key:Key": 5,
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": 1,
        "aws:sns/topic:Topic": 1,
        "aws:sns/topicPolicy:TopicPolicy": 1,
        "aws:sqs/queue:Queue": 1,
        "aws:sqs/queuePolicy:QueuePolicy": 1,
        "aws:ssm/serviceSetting:ServiceSetting": 2,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy": 20,
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding": 20,
        "kubernetes:core/v1:ConfigMap": 9,
        "kubernetes:core/v1:LimitRange": 2,
        "kubernetes:core/v1:Namespace": 7,
        "kubernetes:core/v1:ResourceQuota": 2,
        "kubernetes:core/v1:Secret": 2,
        "kubernetes:core/v1:ServiceAccount": 2,
        "kubernetes:helm.sh/v3:Release": 10,
        "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": 1,
        "kubernetes:karpenter.sh/v1:NodePool": 1,
        "kubernetes:kyverno.io/v1:ClusterPolicy": 1,
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule": 4,
        "kubernetes:networking.k8s.io/v1:NetworkPolicy": 29,
        "kubernetes:rbac.authorization.k8s.io/v1:Role": 2,
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": 2,
        "kubernetes:storage.k8s.io/v1:StorageClass": 1,
        "platform:account:AccountBaseline": 1,
        "platform:account:ServiceLinkedRoles": 1,
        "platform:backup:BackupPlan": 1,
        "platform:cluster:ClusterAccess": 1,
        "platform:cluster:ClusterAddons": 1,
        "platform:cluster:EksCluster": 1,
        "platform:cluster:Karpenter": 1,
        "platform:cluster:NodePool": 2,
        "platform:cluster:NodeRole": 2,
        "platform:cluster:PodIdentityRole": 8,
        "platform:kms:KmsKey": 5,
        "platform:kms:PlatformKeys": 1,
        "platform:kubernetes:AdmissionPolicies": 1,
        "platform:kubernetes:ImageProvenance": 1,
        "platform:kubernetes:PlatformAddons": 1,
        "platform:kubernetes:TeamNamespace": 2,
        "platform:network:SpokeVpc": 1,
        "platform:network:TgwAttachment": 1,
        "platform:observability:ObservabilityStack": 1,
        "platform:observability:ServiceLevelObjective": 4,
        "pulumi:providers:aws": 2,
        "pulumi:providers:kubernetes": 1,
        "pulumi:pulumi:StackReference": 2,
        "random:index/randomPassword:RandomPassword": 1,
    },
    security: {
        "aws:accessanalyzer/analyzer:Analyzer": 2,
        "aws:cfg/configurationAggregator:ConfigurationAggregator": 1,
        "aws:cfg/deliveryChannel:DeliveryChannel": 1,
        "aws:cfg/recorder:Recorder": 1,
        "aws:cfg/recorderStatus:RecorderStatus": 1,
        "aws:cloudtrail/trail:Trail": 1,
        "aws:cloudwatch/logGroup:LogGroup": 1,
        "aws:cloudwatch/logMetricFilter:LogMetricFilter": 15,
        "aws:cloudwatch/metricAlarm:MetricAlarm": 15,
        "aws:ebs/encryptionByDefault:EncryptionByDefault": 1,
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": 1,
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": 1,
        "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": 1,
        "aws:ec2/serialConsoleAccess:SerialConsoleAccess": 1,
        "aws:guardduty/detector:Detector": 1,
        "aws:guardduty/detectorFeature:DetectorFeature": 6,
        "aws:guardduty/organizationConfiguration:OrganizationConfiguration": 1,
        "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature": 6,
        "aws:iam/role:Role": 2,
        "aws:iam/rolePolicy:RolePolicy": 1,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 1,
        "aws:iam/serviceLinkedRole:ServiceLinkedRole": 1,
        "aws:inspector2/enabler:Enabler": 1,
        "aws:inspector2/organizationConfiguration:OrganizationConfiguration": 1,
        "aws:kms/alias:Alias": 4,
        "aws:kms/key:Key": 4,
        "aws:macie2/account:Account": 1,
        "aws:macie2/organizationConfiguration:OrganizationConfiguration": 1,
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": 1,
        "aws:securityhub/configurationPolicy:ConfigurationPolicy": 1,
        "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation": 1,
        "aws:securityhub/findingAggregator:FindingAggregator": 1,
        "aws:securityhub/organizationConfiguration:OrganizationConfiguration": 1,
        "aws:sns/topic:Topic": 1,
        "aws:sns/topicPolicy:TopicPolicy": 1,
        "aws:ssm/serviceSetting:ServiceSetting": 2,
        "platform:account:AccountBaseline": 1,
        "platform:account:ServiceLinkedRoles": 1,
        "platform:security:AwsConfig": 1,
        "platform:security:CisAlarms": 1,
        "platform:security:OrganizationAccessAnalyzer": 1,
        "platform:security:OrganizationGuardDuty": 1,
        "platform:security:OrganizationInspector": 1,
        "platform:security:OrganizationMacie": 1,
        "platform:security:OrganizationSecurityHub": 1,
        "platform:security:OrganizationTrail": 1,
        "pulumi:providers:aws": 1,
        "pulumi:pulumi:StackReference": 1,
    },
    shared: {
        "aws:cloudwatch/logGroup:LogGroup": 4,
        "aws:codebuild/project:Project": 3,
        "aws:codebuild/webhook:Webhook": 3,
        "aws:ebs/encryptionByDefault:EncryptionByDefault": 1,
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": 1,
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": 1,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
        "aws:ec2/flowLog:FlowLog": 1,
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": 1,
        "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": 1,
        "aws:ec2/networkAcl:NetworkAcl": 2,
        "aws:ec2/route:Route": 5,
        "aws:ec2/routeTable:RouteTable": 3,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 4,
        "aws:ec2/securityGroup:SecurityGroup": 2,
        "aws:ec2/serialConsoleAccess:SerialConsoleAccess": 1,
        "aws:ec2/subnet:Subnet": 4,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/vpcEndpoint:VpcEndpoint": 5,
        "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 1,
        "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": 3,
        "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 1,
        "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": 1,
        "aws:ecr/lifecyclePolicy:LifecyclePolicy": 3,
        "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": 3,
        "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration": 2,
        "aws:ecr/replicationConfiguration:ReplicationConfiguration": 1,
        "aws:ecr/repository:Repository": 3,
        "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate": 4,
        "aws:ecr/repositoryPolicy:RepositoryPolicy": 3,
        "aws:iam/role:Role": 7,
        "aws:iam/rolePolicy:RolePolicy": 7,
        "aws:kms/alias:Alias": 6,
        "aws:kms/key:Key": 6,
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": 1,
        "aws:s3/bucket:Bucket": 3,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 3,
        "aws:s3/bucketLogging:BucketLogging": 1,
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": 2,
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 3,
        "aws:s3/bucketPolicy:BucketPolicy": 3,
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 3,
        "aws:s3/bucketReplicationConfig:BucketReplicationConfig": 1,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 3,
        "aws:s3/bucketVersioning:BucketVersioning": 3,
        "aws:ssm/serviceSetting:ServiceSetting": 2,
        "platform:account:AccountBaseline": 1,
        "platform:delivery:GithubRunners": 1,
        "platform:kms:KmsKey": 6,
        "platform:kms:PlatformKeys": 1,
        "platform:network:SpokeVpc": 1,
        "platform:network:TgwAttachment": 1,
        "platform:registry:ContainerRegistry": 1,
        "platform:registry:ImagePublisher": 1,
        "platform:storage:LogArchive": 1,
        "platform:storage:SecureBucket": 3,
        "pulumi:providers:aws": 4,
        "pulumi:pulumi:StackReference": 1,
    },
    staging: {
        "aws:backup/plan:Plan": 1,
        "aws:backup/selection:Selection": 1,
        "aws:backup/vault:Vault": 1,
        "aws:cloudwatch/eventRule:EventRule": 4,
        "aws:cloudwatch/eventTarget:EventTarget": 4,
        "aws:cloudwatch/logGroup:LogGroup": 10,
        "aws:cloudwatch/metricAlarm:MetricAlarm": 9,
        "aws:ebs/defaultKmsKey:DefaultKmsKey": 1,
        "aws:ebs/encryptionByDefault:EncryptionByDefault": 1,
        "aws:ebs/snapshotBlockPublicAccess:SnapshotBlockPublicAccess": 1,
        "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl": 1,
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": 1,
        "aws:ec2/eip:Eip": 3,
        "aws:ec2/flowLog:FlowLog": 2,
        "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess": 1,
        "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": 1,
        "aws:ec2/internetGateway:InternetGateway": 1,
        "aws:ec2/launchTemplate:LaunchTemplate": 2,
        "aws:ec2/natGateway:NatGateway": 3,
        "aws:ec2/networkAcl:NetworkAcl": 3,
        "aws:ec2/route:Route": 8,
        "aws:ec2/routeTable:RouteTable": 5,
        "aws:ec2/routeTableAssociation:RouteTableAssociation": 9,
        "aws:ec2/securityGroup:SecurityGroup": 2,
        "aws:ec2/serialConsoleAccess:SerialConsoleAccess": 1,
        "aws:ec2/subnet:Subnet": 9,
        "aws:ec2/tag:Tag": 1,
        "aws:ec2/vpc:Vpc": 1,
        "aws:ec2/vpcEndpoint:VpcEndpoint": 9,
        "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": 1,
        "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": 2,
        "aws:ec2transitgateway/vpcAttachment:VpcAttachment": 1,
        "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": 1,
        "aws:eks/accessEntry:AccessEntry": 8,
        "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": 4,
        "aws:eks/addon:Addon": 5,
        "aws:eks/cluster:Cluster": 1,
        "aws:eks/nodeGroup:NodeGroup": 2,
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": 7,
        "aws:iam/role:Role": 12,
        "aws:iam/rolePolicy:RolePolicy": 7,
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 13,
        "aws:iam/serviceLinkedRole:ServiceLinkedRole": 2,
        "aws:kms/alias:Alias": 5,
        "aws:kms/key:Key": 5,
        "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": 1,
        "aws:sns/topic:Topic": 1,
        "aws:sns/topicPolicy:TopicPolicy": 1,
        "aws:sqs/queue:Queue": 1,
        "aws:sqs/queuePolicy:QueuePolicy": 1,
        "aws:ssm/serviceSetting:ServiceSetting": 2,
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 2,
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy": 21,
        "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding": 21,
        "kubernetes:core/v1:ConfigMap": 9,
        "kubernetes:core/v1:LimitRange": 2,
        "kubernetes:core/v1:Namespace": 6,
        "kubernetes:core/v1:ResourceQuota": 2,
        "kubernetes:core/v1:Secret": 2,
        "kubernetes:core/v1:ServiceAccount": 2,
        "kubernetes:helm.sh/v3:Release": 9,
        "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass": 1,
        "kubernetes:karpenter.sh/v1:NodePool": 1,
        "kubernetes:kyverno.io/v1:ClusterPolicy": 1,
        "kubernetes:monitoring.coreos.com/v1:PrometheusRule": 4,
        "kubernetes:networking.k8s.io/v1:NetworkPolicy": 25,
        "kubernetes:rbac.authorization.k8s.io/v1:Role": 2,
        "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": 2,
        "kubernetes:storage.k8s.io/v1:StorageClass": 1,
        "platform:account:AccountBaseline": 1,
        "platform:account:ServiceLinkedRoles": 1,
        "platform:backup:BackupPlan": 1,
        "platform:cluster:ClusterAccess": 1,
        "platform:cluster:ClusterAddons": 1,
        "platform:cluster:EksCluster": 1,
        "platform:cluster:Karpenter": 1,
        "platform:cluster:NodePool": 2,
        "platform:cluster:NodeRole": 2,
        "platform:cluster:PodIdentityRole": 7,
        "platform:kms:KmsKey": 5,
        "platform:kms:PlatformKeys": 1,
        "platform:kubernetes:AdmissionPolicies": 1,
        "platform:kubernetes:ImageProvenance": 1,
        "platform:kubernetes:PlatformAddons": 1,
        "platform:kubernetes:TeamNamespace": 2,
        "platform:network:SpokeVpc": 1,
        "platform:network:TgwAttachment": 1,
        "platform:observability:ObservabilityStack": 1,
        "platform:observability:ServiceLevelObjective": 4,
        "pulumi:providers:aws": 2,
        "pulumi:providers:kubernetes": 1,
        "pulumi:pulumi:StackReference": 2,
        "random:index/randomPassword:RandomPassword": 1,
    },
};
// END_EXPECTED_BY_TYPE

const cache = new Map<string, Plan>();
const plans: Record<string, Plan> = {};

const of = (plan: Plan, type: string) => plan.resources.filter((r) => r.type === type);
const one = (plan: Plan, type: string, name: string): PlanResource => {
    const found = plan.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type}::${name}`).to.have.length(1);
    return found[0];
};

describe("stack plans", function () {
    this.timeout(300_000);

    before(async () => {
        for (const stack of listStacks()) {
            plans[stack] = await planStack({ stack, cache });
        }
    });

    it("plans every settings file in stacks/", () => {
        expect(Object.keys(plans)).to.deep.equal(listStacks());
        expect(Object.keys(EXPECTED_BY_TYPE).sort()).to.deep.equal(Object.keys(plans));
    });

    for (const stack of listStacks()) {
        it(`${stack}: creates exactly the expected resources by type`, () => {
            expect(plans[stack].summary.byType).to.deep.equal(EXPECTED_BY_TYPE[stack]);
            expect(plans[stack].summary.resourceCount).to.equal(Object.values(EXPECTED_BY_TYPE[stack]).reduce((a, b) => a + b, 0));
        });

        it(`${stack}: has no mandatory policy violation with its environment's pack config`, async () => {
            const result = await evaluatePlan(plans[stack]);
            expect(mandatoryFindings(result.evaluation).map((f) => `${f.policy} ${f.urn}: ${f.message}`)).to.deep.equal([]);
            // The security stack has no VPC or cluster: fewer resources the packs judge.
            expect(result.evaluation.checks.filter((c) => c.outcome === "pass").length).to.be.greaterThan(stack === "security" ? 20 : 30);
        });
    }

    it("security: the organization trail writes where the shared log archive admits it, encrypted with the security account's key", () => {
        const trail = one(plans.security, "aws:cloudtrail/trail:Trail", "organization-trail");
        expect(trail.inputs).to.include({ name: "platform-organization-trail", isOrganizationTrail: true, isMultiRegionTrail: true, includeGlobalServiceEvents: true, enableLogFileValidation: true, enableLogging: true });
        expect(trail.inputs.s3BucketName).to.equal(plans.shared.outputs.logArchiveBucketName);
        expect(trail.protect && trail.retainOnDelete).to.equal(true);
        // The organization trail belongs to the management account, whichever account created it.
        const trailArn = "arn:aws:cloudtrail:eu-west-1:999999999999:trail/platform-organization-trail";
        const key = JSON.parse(String(one(plans.security, "aws:kms/key:Key", "organization-trail-key").inputs.policy));
        expect(key.Statement.find((x: { Sid: string }) => x.Sid === "CloudTrailEncryptLogs").Condition.StringEquals).to.deep.equal({ "aws:SourceArn": trailArn });
        const archive = plans.shared.resources.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && r.name === "log-archive-policy")!;
        const statements = JSON.parse(String(archive.inputs.policy)).Statement as { Sid: string; Resource: unknown; Condition: Record<string, Record<string, unknown>> }[];
        const write = statements.find((x) => x.Sid === "AWSCloudTrailWrite")!;
        expect(write.Condition.StringEquals["aws:SourceArn"]).to.equal(trailArn);
        expect((write.Resource as string[]).map((r) => r.replace(/^.*?\/AWSLogs/, "AWSLogs"))).to.deep.equal(["AWSLogs/999999999999/*", "AWSLogs/o-exampleorg01/*"]);
        const config = statements.find((x) => x.Sid === "AWSConfigBucketDelivery")!;
        expect(config.Condition.StringEquals["aws:SourceAccount"]).to.deep.equal(["666666666666"]);
    });

    it("bootstrap: registers the security account as delegated administrator of the seven services, from the management account", () => {
        const d = plans.bootstrap.resources.filter((r) => r.parent?.endsWith("platform:bootstrap:SecurityDelegation::security-delegation"));
        expect(d.map((r) => `${r.type}::${r.name}`).sort()).to.deep.equal([
            "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount::security-delegation-cloudtrail",
            "aws:guardduty/organizationAdminAccount:OrganizationAdminAccount::security-delegation-guardduty",
            "aws:inspector2/delegatedAdminAccount:DelegatedAdminAccount::security-delegation-inspector",
            "aws:macie2/organizationAdminAccount:OrganizationAdminAccount::security-delegation-macie",
            "aws:organizations/delegatedAdministrator:DelegatedAdministrator::security-delegation-access-analyzer",
            "aws:organizations/delegatedAdministrator:DelegatedAdministrator::security-delegation-config",
            "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount::security-delegation-securityhub",
        ]);
        for (const r of d) {
            expect(r.inputs.accountId ?? r.inputs.adminAccountId, r.name).to.equal("666666666666");
        }
    });

    it("every AWS resource of every stack carries the default tags through its provider", () => {
        for (const [stack, plan] of Object.entries(plans)) {
            for (const r of plan.resources.filter((x) => x.effectiveTags)) {
                expect(r.effectiveTags, `${stack} ${r.urn}`).to.include({ "managed-by": "pulumi", stack });
                expect(Object.keys(r.effectiveTags!), `${stack} ${r.urn}`).to.include.members(["environment", "owner", "cost-center"]);
            }
            const providers = of(plan, "pulumi:providers:aws");
            expect(providers.length, stack).to.be.greaterThan(0);
            for (const p of providers) {
                expect(p.inputs.allowedAccountIds, `${stack} ${p.name} pins its account`).to.be.a("string").and.match(/^\["\d{12}"\]$/);
            }
        }
    });

    it("workload providers assume the deployment role of their account; bootstrap uses the operator's credentials", () => {
        const dev = one(plans.dev, "pulumi:providers:aws", "dev");
        expect(JSON.parse(dev.inputs.assumeRoles as string)).to.deep.equal([{ roleArn: "arn:aws:iam::333333333333:role/platform-deployer", sessionName: "pulumi-dev" }]);
        const hub = one(plans.dev, "pulumi:providers:aws", "network-hub");
        expect(JSON.parse(hub.inputs.assumeRoles as string)).to.deep.equal([{ roleArn: "arn:aws:iam::111111111111:role/platform-deployer", sessionName: "pulumi-dev" }]);
        expect(one(plans.bootstrap, "pulumi:providers:aws", "bootstrap").inputs.assumeRoles).to.equal(undefined);
    });

    it("dev has one NAT gateway; staging and prod one per zone", () => {
        expect(of(plans.dev, "aws:ec2/natGateway:NatGateway")).to.have.length(1);
        expect(of(plans.staging, "aws:ec2/natGateway:NatGateway")).to.have.length(3);
        expect(of(plans.prod, "aws:ec2/natGateway:NatGateway")).to.have.length(3);
        expect(of(plans.shared, "aws:ec2/natGateway:NatGateway")).to.have.length(0);
        expect(of(plans.network, "aws:ec2/natGateway:NatGateway")).to.have.length(2);
    });

    it("prod protects and retains its stateful resources and turns on deletion protection; dev does not", () => {
        const stateful = ["aws:eks/cluster:Cluster", "aws:kms/key:Key"];
        for (const type of stateful) {
            for (const r of of(plans.prod, type)) {
                expect([r.protect, r.retainOnDelete], `prod ${r.urn}`).to.deep.equal([true, true]);
            }
            for (const r of of(plans.dev, type)) {
                expect([r.protect, r.retainOnDelete], `dev ${r.urn}`).to.deep.equal([false, false]);
            }
        }
        expect(one(plans.prod, "aws:eks/cluster:Cluster", "platform-prod").inputs.deletionProtection).to.equal(true);
        expect(one(plans.dev, "aws:eks/cluster:Cluster", "platform-dev").inputs.deletionProtection).to.equal(false);
    });

    it("clusters are private, encrypted and fully logged in every workload stack", () => {
        for (const stack of stackInfos().filter((s) => s.role === "workload").map((s) => s.stack)) {
            const c = one(plans[stack], "aws:eks/cluster:Cluster", `platform-${stack}`);
            expect(c.inputs.vpcConfig, stack).to.deep.include({ endpointPrivateAccess: true, endpointPublicAccess: false });
            expect((c.inputs.encryptionConfig as { resources: string[] }).resources, stack).to.deep.equal(["secrets"]);
            expect(c.inputs.enabledClusterLogTypes, stack).to.have.members(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            expect(c.inputs.accessConfig, stack).to.deep.equal({ authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        }
        expect(one(plans.dev, "aws:cloudwatch/logGroup:LogGroup", "platform-dev-logs").inputs.retentionInDays).to.equal(90);
        expect(one(plans.prod, "aws:cloudwatch/logGroup:LogGroup", "platform-prod-logs").inputs.retentionInDays).to.equal(365);
    });

    it("workload spokes attach to their segment through the network account's provider", () => {
        const hubProvider = "urn:pulumi:dev::platform::pulumi:providers:aws::network-hub";
        const hubSide = plans.dev.resources.filter((r) => r.type.startsWith("aws:ec2transitgateway/") && r.provider === hubProvider).map((r) => r.type.split(":")[2]);
        expect(hubSide.sort()).to.deep.equal(["RouteTableAssociation", "RouteTablePropagation", "RouteTablePropagation", "VpcAttachmentAccepter"]);
        expect(one(plans.dev, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "dev-association").inputs.transitGatewayRouteTableId).to.equal("hub-nonprod-id");
        expect(one(plans.prod, "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation", "prod-association").inputs.transitGatewayRouteTableId).to.equal("hub-prod-id");
    });

    it("a deliberately insecure settings file produces the expected findings and exit code 1", async () => {
        const r = await cli("plan", "--stack-file", path.join(__dirname, "..", "fixtures", "insecure", "Pulumi.insecure-prod.yaml"));
        expect(r.code).to.equal(1);
        const lines = r.out.split("\n").filter((l) => /^ {2}(mandatory|advisory)/.test(l)).map((l) => l.trim().replace(/\s+/g, " "));
        expect(lines).to.deep.equal([
            "mandatory eks-endpoint-not-public aws:eks/cluster:Cluster::platform-prod",
            "advisory eks-deletion-protection aws:eks/cluster:Cluster::platform-prod",
            "advisory eks-deletion-protection aws:eks/cluster:Cluster::platform-prod",
            "advisory kms-deletion-safety aws:kms/key:Key::prod-cluster-secrets",
            "advisory kms-deletion-safety aws:kms/key:Key::prod-ebs",
            "advisory kms-deletion-safety aws:kms/key:Key::prod-logs",
            "advisory kms-deletion-safety aws:kms/key:Key::prod-sns",
            "advisory kms-deletion-safety aws:kms/key:Key::prod-backup",
            // The documented exception: node-exporter and Fluent Bit need host access.
            "advisory namespace-guardrails kubernetes:core/v1:Namespace::platform-prod-node-agents-namespace",
        ]);
        expect(r.out).to.contain("EKS endpoint public CIDR 203.0.113.0/24 is not in allowedPublicCidrs");
    });

    it("plan --out writes the plan and the policy evidence", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
        const r = await cli("plan", "--stack", "network", "--out", dir);
        expect(r.code).to.equal(0);
        expect(fs.readdirSync(dir).sort()).to.deep.equal([
            "network.compliance.json",
            "network.compliance.md",
            "network.plan.json",
            "network.plan.md",
            "network.policy.json",
            "network.policy.sarif",
            "network.policy.xml",
        ]);
        const written = JSON.parse(fs.readFileSync(path.join(dir, "network.plan.json"), "utf8")) as Plan;
        expect(Object.keys(written)).to.include.members(["stack", "project", "resources", "summary"]);
        expect(written.summary.resourceCount).to.equal(written.resources.length);
        for (const r of written.resources) {
            expect(Object.keys(r)).to.include.members(["urn", "type", "name", "parent", "inputs", "dependencies", "protect", "retainOnDelete"]);
        }
    });
});
