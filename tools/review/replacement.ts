import { pathOverlaps } from "./paths";

/**
 * Inputs whose change makes the provider replace the resource (delete and create, or create and
 * delete) instead of updating it in place. An offline plan has no provider to ask, so this table
 * stands in for the provider's `ForceNew` schema.
 *
 * Source: the Terraform AWS provider schemas that `@pulumi/aws` 7.x is bridged from
 * (`ForceNew: true` in internal/service/<svc>/*.go of hashicorp/terraform-provider-aws v6),
 * read November 2026. Notable entries:
 *
 * - EKS `Cluster`: `name`, `roleArn`, `bootstrapSelfManagedAddons`,
 *   `accessConfig.bootstrapClusterCreatorAdminPermissions`, `kubernetesNetworkConfig.ipFamily`,
 *   `kubernetesNetworkConfig.serviceIpv4Cidr`, `outpostConfig`, `remoteNetworkConfig` force a new
 *   cluster. `vpcConfig.subnetIds` and `vpcConfig.securityGroupIds` do NOT since provider 5.25
 *   (EKS UpdateClusterConfig accepts them since October 2023). Removing `encryptionConfig` does
 *   (envelope encryption cannot be turned off); adding it does not.
 * - EKS `NodeGroup`: `nodeGroupName`, `subnetIds`, `amiType`, `capacityType`, `instanceTypes`,
 *   `diskSize`, `nodeRoleArn`, `remoteAccess`, `launchTemplate.id|name` force a new node group;
 *   `launchTemplate.version`, `version`, `releaseVersion`, `scalingConfig`, labels and taints roll
 *   the nodes in place.
 * - `LaunchTemplate`: only `name`/`namePrefix`; everything else creates a new template version.
 * - Transit gateway: `amazonSideAsn` is updatable in place in provider 6 (ModifyTransitGateway);
 *   `multicastSupport` still forces a new gateway. The diff flags an ASN change as a risk anyway.
 * - KMS `Key`: `customerMasterKeySpec`, `keySpec`, `keyUsage`, `multiRegion`, `customKeyStoreId`,
 *   `xksKeyId`.
 * - Kubernetes objects: `metadata.name` and `metadata.namespace` on every kind (the API server
 *   cannot rename an object); Helm releases: `name`, `namespace`.
 *
 * A resource's own `replaceOnChanges` option is added to these (see `replacingPaths`).
 */
export const REPLACING_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:ec2/vpc:Vpc": ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength", "instanceTenancy"],
    "aws:ec2/subnet:Subnet": ["cidrBlock", "availabilityZone", "availabilityZoneId", "vpcId", "outpostArn", "ipv6Native"],
    "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "description", "vpcId"],
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ["securityGroupId"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ["securityGroupId"],
    "aws:ec2/securityGroupRule:SecurityGroupRule": ["type", "securityGroupId", "protocol", "fromPort", "toPort", "cidrBlocks", "ipv6CidrBlocks", "sourceSecurityGroupId", "self", "prefixListIds"],
    "aws:ec2/routeTable:RouteTable": ["vpcId"],
    "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "destinationIpv6CidrBlock", "destinationPrefixListId"],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ["subnetId", "gatewayId"],
    "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType", "privateIp"],
    "aws:ec2/eip:Eip": ["domain", "publicIpv4Pool", "networkBorderGroup", "address"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["vpcId", "serviceName", "vpcEndpointType"],
    "aws:ec2/flowLog:FlowLog": ["vpcId", "subnetId", "eniId", "transitGatewayId", "logDestination", "logDestinationType", "logGroupName", "iamRoleArn", "trafficType", "logFormat", "maxAggregationInterval", "destinationOptions"],
    "aws:ec2/launchTemplate:LaunchTemplate": ["name", "namePrefix"],
    "aws:ec2transitgateway/transitGateway:TransitGateway": ["multicastSupport"],
    "aws:ec2transitgateway/routeTable:RouteTable": ["transitGatewayId"],
    "aws:ec2transitgateway/route:Route": ["destinationCidrBlock", "transitGatewayRouteTableId", "transitGatewayAttachmentId", "blackhole"],
    "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": ["transitGatewayAttachmentId", "transitGatewayRouteTableId"],
    "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": ["transitGatewayAttachmentId", "transitGatewayRouteTableId"],
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment": ["transitGatewayId", "vpcId"],
    "aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter": ["transitGatewayAttachmentId"],
    "aws:ram/resourceAssociation:ResourceAssociation": ["resourceArn", "resourceShareArn"],
    "aws:ram/principalAssociation:PrincipalAssociation": ["principal", "resourceShareArn"],
    "aws:eks/cluster:Cluster": [
        "name",
        "roleArn",
        "bootstrapSelfManagedAddons",
        "accessConfig.bootstrapClusterCreatorAdminPermissions",
        "kubernetesNetworkConfig.ipFamily",
        "kubernetesNetworkConfig.serviceIpv4Cidr",
        "outpostConfig",
        "remoteNetworkConfig",
    ],
    "aws:eks/nodeGroup:NodeGroup": [
        "clusterName",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "subnetIds",
        "amiType",
        "capacityType",
        "instanceTypes",
        "diskSize",
        "nodeRoleArn",
        "remoteAccess",
        "launchTemplate.id",
        "launchTemplate.name",
    ],
    "aws:eks/addon:Addon": ["addonName", "clusterName"],
    "aws:eks/accessEntry:AccessEntry": ["clusterName", "principalArn", "type"],
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ["clusterName", "principalArn", "policyArn", "accessScope"],
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": ["clusterName", "namespace", "serviceAccount"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
    "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
    "aws:iam/policy:Policy": ["name", "namePrefix", "path"],
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["url"],
    "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId"],
    "aws:kms/alias:Alias": ["name", "namePrefix"],
    "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
    "aws:s3/bucketPolicy:BucketPolicy": ["bucket"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": ["bucket"],
    "aws:s3/bucketVersioning:BucketVersioning": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": ["bucket"],
    "aws:s3/bucketLogging:BucketLogging": ["bucket", "expectedBucketOwner"],
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": ["bucket", "expectedBucketOwner"],
    "aws:ecr/repository:Repository": ["name", "encryptionConfigurations"],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ["repository"],
    "aws:ecr/lifecyclePolicy:LifecyclePolicy": ["repository"],
    "aws:ecr/pullThroughCacheRule:PullThroughCacheRule": ["ecrRepositoryPrefix", "upstreamRegistryUrl", "credentialArn"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "namePrefix", "logGroupClass"],
    "aws:cloudwatch/eventRule:EventRule": ["name", "namePrefix", "eventBusName"],
    "aws:cloudwatch/eventTarget:EventTarget": ["rule", "targetId", "eventBusName"],
    "aws:sqs/queue:Queue": ["name", "namePrefix", "fifoQueue"],
    "aws:sqs/queuePolicy:QueuePolicy": ["queueUrl"],
    "kubernetes:helm.sh/v3:Release": ["name", "namespace"],
    "kubernetes:storage.k8s.io/v1:StorageClass": ["provisioner", "parameters", "reclaimPolicy", "volumeBindingMode"],
};

/**
 * Inputs that tie a resource to the VPC of the resources they reference: updatable in place
 * within that VPC, never across VPCs. An EKS cluster's `vpcConfig` subnets and security groups
 * may change in place (UpdateClusterConfig, so terraform-provider-aws PR #34209 dropped ForceNew
 * in provider 5.25), but only to others in the cluster's VPC; a cluster cannot move to another
 * VPC (https://docs.aws.amazon.com/eks/latest/APIReference/API_UpdateClusterConfig.html and
 * https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html, read 2026-12-03). So when
 * they reference resources replaced because their VPC is replaced, the resource is replaced.
 */
export const VPC_BOUND_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:eks/cluster:Cluster": ["vpcConfig"],
};

/** The type of a VPC: its replacement moves everything built on it to a new VPC. */
export const VPC_TYPE = "aws:ec2/vpc:Vpc";

/** True when `path` of `type` is VPC-bound (see VPC_BOUND_INPUTS). */
export function vpcBound(type: string, path: string): boolean {
    return (VPC_BOUND_INPUTS[type] ?? []).some((p) => pathOverlaps(p, path));
}

/** Replacing paths for every `kubernetes:` kind (the API server never renames or moves an object). */
export const KUBERNETES_REPLACING_INPUTS: readonly string[] = ["metadata.name", "metadata.namespace"];

/**
 * Changes that replace only in one direction: removing EKS secrets encryption (it cannot be turned
 * off, so the provider recreates the cluster).
 */
export function conditionalReplacement(type: string, path: string, oldValue: unknown, newValue: unknown): boolean {
    if (type === "aws:eks/cluster:Cluster" && pathOverlaps("encryptionConfig", path)) {
        return oldValue !== undefined && newValue === undefined;
    }
    return false;
}

/** The table's paths for a type plus the resource's own `replaceOnChanges`. */
export function replacingPaths(type: string, replaceOnChanges: readonly string[] = []): { path: string; source: "table" | "replaceOnChanges" }[] {
    const table = REPLACING_INPUTS[type] ?? (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh") ? KUBERNETES_REPLACING_INPUTS : []);
    return [...table.map((path) => ({ path, source: "table" as const })), ...replaceOnChanges.map((path) => ({ path, source: "replaceOnChanges" as const }))];
}

/** Why a change at `path` replaces the resource, or undefined when it updates in place. */
export function replacementReason(type: string, replaceOnChanges: readonly string[], path: string, oldValue: unknown, newValue: unknown): string | undefined {
    for (const r of replacingPaths(type, replaceOnChanges)) {
        if (r.path === "*" || pathOverlaps(r.path, path)) {
            return r.source === "table" ? `${r.path} forces replacement` : `replaceOnChanges: ${r.path}`;
        }
    }
    if (conditionalReplacement(type, path, oldValue, newValue)) {
        return "removing encryptionConfig forces replacement";
    }
    return undefined;
}
