import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, PlatformRoleArgs, platformRoleInputs, policyDocument, PolicyDocument, stateful, tagsFor } from "../common";
import { cidrSlug, PlannedSubnet, planSubnets, SubnetTier } from "./cidr";
import { DEFAULT_FLOW_LOG_RETENTION_DAYS, DEFAULT_INTERFACE_ENDPOINTS, NatStrategy } from "./defaults";
import { subnetNaclEntries } from "./nacl";
import { validateSpokeVpcArgs } from "./validate";

export interface SpokeVpcFlowLogs {
    /** Days the flow log group keeps records. @default 365 */
    retentionInDays?: number;
    /** KMS key for the flow log group; its policy must allow `logs.<region>.amazonaws.com`. */
    kmsKeyArn: pulumi.Input<string>;
    /**
     * Log archive bucket for a second flow log (Parquet, hourly partitions); its bucket policy
     * must allow `delivery.logs.amazonaws.com`. @default none
     */
    s3BucketArn?: pulumi.Input<string>;
}

/** The flow-log role lives under PLATFORM_IAM_PATH with the account's workload boundary (`rolePath`, `permissionsBoundaryArn`). */
export interface SpokeVpcArgs extends PlatformRoleArgs {
    /** VPC range, /16 to /28, host bits zero. */
    cidrBlock: string;
    /** 2 to 6 zone names of `region` (`eu-west-1a`); a zone's letter fixes its subnet ranges. */
    availabilityZones: string[];
    /** Region of the VPC (`eu-west-1`). */
    region: string;
    /** Account of the VPC: the flow-log role trusts the service for this account only. */
    accountId: string;
    /** @default "one-per-az" */
    natStrategy?: NatStrategy;
    /**
     * Transit gateway for `central` egress and `tgwRoutes`. Routes to it only succeed once this
     * VPC's attachment is accepted: pass `TgwAttachment.transitGatewayId` (see README). @default none
     */
    transitGatewayId?: pulumi.Input<string>;
    /** Ranges routed from the private and intra subnets to the transit gateway. @default [] */
    tgwRoutes?: string[];
    /** Ranges routed from the public subnets to the transit gateway (return paths of an egress VPC). @default [] */
    publicTgwRoutes?: string[];
    /** Prefix length of each public subnet. @default VPC prefix + 8 (a /24 in a /16), at most 28 */
    publicSubnetPrefixLength?: number;
    /** Prefix length of each private subnet. @default VPC prefix + 3 (a /19 in a /16), at most 28 */
    privateSubnetPrefixLength?: number;
    /** Prefix length of each intra subnet. @default VPC prefix + 8 (a /24 in a /16), at most 28 */
    intraSubnetPrefixLength?: number;
    /** Public subnets (load balancers, NAT gateways) and an internet gateway. @default true */
    publicSubnets?: boolean;
    /** Intra subnets: no route to the internet (control-plane and TGW ENIs, databases). @default true */
    intraSubnets?: boolean;
    /** Interface endpoints by service short name, in the private subnets. @default DEFAULT_INTERFACE_ENDPOINTS */
    interfaceEndpoints?: string[];
    /** EKS cluster whose load balancers use these subnets: adds the discovery tags. @default none */
    clusterName?: string;
    /** Flow logs of all traffic to a KMS-encrypted log group (and optionally to S3). */
    flowLogs: SpokeVpcFlowLogs;
    /** Protect and retain the flow log group. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const DEFAULTS = {
    natStrategy: "one-per-az" as NatStrategy,
    tgwRoutes: [] as string[],
    publicTgwRoutes: [] as string[],
    publicSubnets: true,
    intraSubnets: true,
    interfaceEndpoints: DEFAULT_INTERFACE_ENDPOINTS,
    retentionInDays: DEFAULT_FLOW_LOG_RETENTION_DAYS,
    protect: true,
};

/** Tag that marks a subnet's tier; the policy pack exempts `public` subnets from some rules. */
export const SUBNET_TIER_TAG = "platform:subnet-tier";

/** Service name of an endpoint in a region (`com.amazonaws.eu-west-1.ecr.api`). */
export function endpointServiceName(region: string, service: string): string {
    return `com.amazonaws.${region}.${service}`;
}

/** Subnet tags: tier, and the EKS discovery tags when a cluster uses the VPC. */
export function subnetTags(tier: SubnetTier, clusterName: string | undefined): Record<string, string> {
    const tags: Record<string, string> = { [SUBNET_TIER_TAG]: tier };
    if (clusterName && tier !== "intra") {
        tags[`kubernetes.io/cluster/${clusterName}`] = "shared";
        tags[tier === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"] = "1";
    }
    if (clusterName && tier === "private") {
        // Karpenter's EC2NodeClass selects node subnets by this tag.
        tags["karpenter.sh/discovery"] = clusterName;
    }
    return tags;
}

/** Trust policy of the flow-log role: the VPC Flow Logs service, for this account's flow logs only. */
export function flowLogsTrustPolicy(accountId: string, region: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "VpcFlowLogs",
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: {
                StringEquals: { "aws:SourceAccount": accountId },
                ArnLike: { "aws:SourceArn": `arn:${partitionOf(region)}:ec2:${region}:${accountId}:vpc-flow-log/*` },
            },
        },
    ]);
}

/** Permissions of the flow-log role: write streams of its own log group, nothing else. */
export function flowLogsPolicy(logGroupArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "WriteFlowLogs",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: [logGroupArn, `${logGroupArn}:*`],
        },
    ]);
}

/**
 * A spoke VPC: public / private / intra subnets in 2 to 6 zones, NAT per strategy, an S3 gateway
 * endpoint and interface endpoints for private clusters, the default security group and the default
 * network ACL stripped of every rule (each tier's subnets on their own ACL), and flow logs of all
 * traffic. See README.md.
 */
export class SpokeVpc extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly intraSubnetIds: pulumi.Output<string[]>;
    readonly privateRouteTableIds: pulumi.Output<string[]>;
    readonly intraRouteTableIds: pulumi.Output<string[]>;
    /** Security group of the interface endpoints; undefined when there are none. */
    readonly endpointSecurityGroupId: pulumi.Output<string | undefined>;
    readonly natGatewayIds: pulumi.Output<string[]>;
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: SpokeVpcArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:network:SpokeVpc", name, {}, opts);
        validateSpokeVpcArgs(args);
        const natStrategy = args.natStrategy ?? DEFAULTS.natStrategy;
        const tgwRoutes = args.tgwRoutes ?? DEFAULTS.tgwRoutes;
        const publicTgwRoutes = args.publicTgwRoutes ?? DEFAULTS.publicTgwRoutes;
        const hasPublic = args.publicSubnets ?? DEFAULTS.publicSubnets;
        const hasIntra = args.intraSubnets ?? DEFAULTS.intraSubnets;
        const interfaceEndpoints = args.interfaceEndpoints ?? DEFAULTS.interfaceEndpoints;
        const retentionInDays = args.flowLogs.retentionInDays ?? DEFAULTS.retentionInDays;
        const protect = args.protect ?? DEFAULTS.protect;
        const azs = args.availabilityZones;
        const tags = (child: string, extra?: Record<string, string>) => tagsFor(args.tags, child, extra);
        const plan = planSubnets(args.cidrBlock, azs, {
            public: args.publicSubnetPrefixLength,
            private: args.privateSubnetPrefixLength,
            intra: args.intraSubnetPrefixLength,
        });

        const vpc = new aws.ec2.Vpc(name, { cidrBlock: args.cidrBlock, enableDnsSupport: true, enableDnsHostnames: true, tags: tags(name) }, { parent: this });

        // Adopting the default security group removes every rule AWS put in it (CIS 5.4).
        new aws.ec2.DefaultSecurityGroup(`${name}-default`, { vpcId: vpc.id, ingress: [], egress: [], tags: tags(`${name}-default`) }, { parent: this });

        const subnetsOf = (tier: SubnetTier): aws.ec2.Subnet[] =>
            plan[tier].map(
                (s: PlannedSubnet) =>
                    new aws.ec2.Subnet(
                        `${name}-${tier}-${s.az}`,
                        {
                            vpcId: vpc.id,
                            cidrBlock: s.cidr,
                            availabilityZone: s.az,
                            mapPublicIpOnLaunch: false,
                            tags: tags(`${name}-${tier}-${s.az}`, subnetTags(tier, args.clusterName)),
                        },
                        { parent: this },
                    ),
            );
        const publicSubnets = hasPublic ? subnetsOf("public") : [];
        const privateSubnets = subnetsOf("private");
        const intraSubnets = hasIntra ? subnetsOf("intra") : [];

        // Every subnet is explicitly associated with its tier's network ACL (components/network/nacl.ts
        // says what they allow); only then is the default ACL adopted with no entries, so that a
        // subnet left on it carries nothing (the default ACL otherwise allows all traffic,
        // https://docs.aws.amazon.com/vpc/latest/userguide/default-network-acl.html, read 2026-12-03).
        const entries = subnetNaclEntries([args.cidrBlock, ...tgwRoutes, ...publicTgwRoutes]);
        const tierAcls = (
            [
                ["public", publicSubnets],
                ["private", privateSubnets],
                ["intra", intraSubnets],
            ] as const
        )
            .filter(([, subnets]) => subnets.length > 0)
            .map(
                ([tier, subnets]) =>
                    new aws.ec2.NetworkAcl(
                        `${name}-nacl-${tier}`,
                        { vpcId: vpc.id, subnetIds: subnets.map((s) => s.id), ingress: entries.ingress, egress: entries.egress, tags: tags(`${name}-nacl-${tier}`, { [SUBNET_TIER_TAG]: tier }) },
                        { parent: this },
                    ),
            );
        new aws.ec2.DefaultNetworkAcl(
            `${name}-default`,
            { defaultNetworkAclId: vpc.defaultNetworkAclId, ingress: [], egress: [], tags: tags(`${name}-default-nacl`) },
            // Subnets are moved off it first. `subnetIds` is AWS's to report: a subnet can only
            // leave the default ACL by joining another (Terraform provider docs, aws_default_network_acl).
            { parent: this, dependsOn: tierAcls, ignoreChanges: ["subnetIds"] },
        );

        const route = (routeName: string, routeTable: aws.ec2.RouteTable, target: Omit<aws.ec2.RouteArgs, "routeTableId">, dependsOn?: pulumi.Resource[]) =>
            new aws.ec2.Route(routeName, { routeTableId: routeTable.id, ...target }, { parent: this, dependsOn });
        const associate = (assocName: string, routeTable: aws.ec2.RouteTable, subnet: aws.ec2.Subnet) =>
            new aws.ec2.RouteTableAssociation(assocName, { routeTableId: routeTable.id, subnetId: subnet.id }, { parent: this });
        const tgwTarget = (cidr: string) => ({ destinationCidrBlock: cidr, transitGatewayId: args.transitGatewayId });

        // Public tier: one route table, default route to the internet gateway.
        let igw: aws.ec2.InternetGateway | undefined;
        if (hasPublic) {
            igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tags(`${name}-igw`) }, { parent: this });
            const publicRt = new aws.ec2.RouteTable(`${name}-public`, { vpcId: vpc.id, tags: tags(`${name}-public`) }, { parent: this });
            route(`${name}-public-default`, publicRt, { destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
            publicTgwRoutes.forEach((cidr) => route(`${name}-public-to-${cidrSlug(cidr)}`, publicRt, tgwTarget(cidr)));
            publicSubnets.forEach((subnet, i) => associate(`${name}-public-${azs[i]}`, publicRt, subnet));
        }

        // NAT gateways: named by zone, so going from single to one-per-az keeps the first one.
        const natAzs = natStrategy === "single" ? [azs[0]] : natStrategy === "one-per-az" ? azs : [];
        const natGateways = new Map<string, aws.ec2.NatGateway>();
        for (const az of natAzs) {
            const subnet = publicSubnets[azs.indexOf(az)];
            const eip = new aws.ec2.Eip(`${name}-nat-${az}`, { domain: "vpc", tags: tags(`${name}-nat-${az}`) }, { parent: this, dependsOn: [igw!] });
            natGateways.set(
                az,
                new aws.ec2.NatGateway(
                    `${name}-nat-${az}`,
                    { allocationId: eip.allocationId, subnetId: subnet.id, connectivityType: "public", tags: tags(`${name}-nat-${az}`) },
                    { parent: this, dependsOn: [igw!] },
                ),
            );
        }

        // Private tier: a route table per zone, so each zone's default route can stay in the zone.
        const privateRts = privateSubnets.map((subnet, i) => {
            const az = azs[i];
            const rt = new aws.ec2.RouteTable(`${name}-private-${az}`, { vpcId: vpc.id, tags: tags(`${name}-private-${az}`) }, { parent: this });
            associate(`${name}-private-${az}`, rt, subnet);
            if (natStrategy === "central") {
                route(`${name}-private-default-${az}`, rt, tgwTarget("0.0.0.0/0"));
            } else if (natStrategy !== "none") {
                const nat = natGateways.get(az) ?? natGateways.get(azs[0])!;
                route(`${name}-private-default-${az}`, rt, { destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
            }
            tgwRoutes.forEach((cidr) => route(`${name}-private-to-${cidrSlug(cidr)}-${az}`, rt, tgwTarget(cidr)));
            return rt;
        });

        // Intra tier: one route table, no way out except the transit gateway routes.
        const intraRts: aws.ec2.RouteTable[] = [];
        if (hasIntra) {
            const rt = new aws.ec2.RouteTable(`${name}-intra`, { vpcId: vpc.id, tags: tags(`${name}-intra`) }, { parent: this });
            intraSubnets.forEach((subnet, i) => associate(`${name}-intra-${azs[i]}`, rt, subnet));
            tgwRoutes.forEach((cidr) => route(`${name}-intra-to-${cidrSlug(cidr)}`, rt, tgwTarget(cidr)));
            intraRts.push(rt);
        }

        // S3 through the gateway endpoint (free, and image layers from ECR are served from S3).
        new aws.ec2.VpcEndpoint(
            `${name}-vpce-s3`,
            {
                vpcId: vpc.id,
                serviceName: endpointServiceName(args.region, "s3"),
                vpcEndpointType: "Gateway",
                routeTableIds: [...privateRts, ...intraRts].map((rt) => rt.id),
                tags: tags(`${name}-vpce-s3`),
            },
            { parent: this },
        );

        let endpointSg: aws.ec2.SecurityGroup | undefined;
        if (interfaceEndpoints.length > 0) {
            // Rules inline, so that the group holds exactly these: HTTPS from the VPC and no egress
            // (the group is stateful; endpoints never open connections).
            endpointSg = new aws.ec2.SecurityGroup(
                `${name}-endpoints`,
                {
                    vpcId: vpc.id,
                    description: `Interface endpoints of ${name}: HTTPS from inside the VPC only`,
                    ingress: [{ description: "HTTPS from the VPC to the interface endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidrBlock] }],
                    egress: [],
                    tags: tags(`${name}-endpoints`),
                },
                { parent: this },
            );
            for (const service of interfaceEndpoints) {
                new aws.ec2.VpcEndpoint(
                    `${name}-vpce-${service.replace(/\./g, "-")}`,
                    {
                        vpcId: vpc.id,
                        serviceName: endpointServiceName(args.region, service),
                        vpcEndpointType: "Interface",
                        privateDnsEnabled: true,
                        subnetIds: privateSubnets.map((s) => s.id),
                        securityGroupIds: [endpointSg.id],
                        tags: tags(`${name}-vpce-${service.replace(/\./g, "-")}`),
                    },
                    { parent: this },
                );
            }
        }

        // Flow logs of all traffic, to an encrypted log group with retention (CIS 3.7).
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-flow-logs`,
            { name: `/platform/vpc/${name}/flow-logs`, retentionInDays, kmsKeyId: args.flowLogs.kmsKeyArn, tags: tags(`${name}-flow-logs`) },
            stateful(this, protect),
        );
        const role = new aws.iam.Role(
            `${name}-flow-logs`,
            {
                ...platformRoleInputs(args, args.accountId, args.region),
                assumeRolePolicy: JSON.stringify(flowLogsTrustPolicy(args.accountId, args.region)),
                description: `Delivers the flow logs of VPC ${name} to its log group`,
                maxSessionDuration: 3600,
                tags: tags(`${name}-flow-logs`),
            },
            { parent: this },
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-flow-logs`,
            { role: role.name, policy: logGroup.arn.apply((arn) => JSON.stringify(flowLogsPolicy(arn))) },
            { parent: this },
        );
        new aws.ec2.FlowLog(
            `${name}-flow-logs`,
            { vpcId: vpc.id, trafficType: "ALL", logDestinationType: "cloud-watch-logs", logDestination: logGroup.arn, iamRoleArn: role.arn, tags: tags(`${name}-flow-logs`) },
            { parent: this, dependsOn: [rolePolicy] },
        );
        if (args.flowLogs.s3BucketArn !== undefined) {
            new aws.ec2.FlowLog(
                `${name}-flow-logs-s3`,
                {
                    vpcId: vpc.id,
                    trafficType: "ALL",
                    logDestinationType: "s3",
                    logDestination: args.flowLogs.s3BucketArn,
                    destinationOptions: { fileFormat: "parquet", perHourPartition: true, hiveCompatiblePartitions: true },
                    tags: tags(`${name}-flow-logs-s3`),
                },
                { parent: this },
            );
        }

        const ids = (resources: { id: pulumi.Output<string> }[]) => pulumi.all(resources.map((r) => r.id));
        this.vpcId = vpc.id;
        this.vpcCidr = vpc.cidrBlock;
        this.publicSubnetIds = ids(publicSubnets);
        this.privateSubnetIds = ids(privateSubnets);
        this.intraSubnetIds = ids(intraSubnets);
        this.privateRouteTableIds = ids(privateRts);
        this.intraRouteTableIds = ids(intraRts);
        this.endpointSecurityGroupId = endpointSg ? endpointSg.id : pulumi.output(undefined);
        this.natGatewayIds = ids([...natGateways.values()]);
        this.flowLogGroupName = logGroup.name;
        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            intraSubnetIds: this.intraSubnetIds,
            privateRouteTableIds: this.privateRouteTableIds,
            intraRouteTableIds: this.intraRouteTableIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            natGatewayIds: this.natGatewayIds,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
