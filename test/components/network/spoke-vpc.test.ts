import { expect } from "chai";
import { SpokeVpc, SpokeVpcArgs } from "../../../components/network/spoke-vpc";
import { declare, doc } from "../../support/harness";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];
const KEY = "arn:aws:kms:eu-west-1:111111111111:key/flow-logs";
const ARGS: SpokeVpcArgs = {
    cidrBlock: "10.1.0.0/16",
    availabilityZones: AZS,
    region: "eu-west-1",
    accountId: "111111111111",
    flowLogs: { kmsKeyArn: KEY },
};
const TGW = "tgw-0123456789abcdef0";

/** Declares the spoke "dev"; the program returns its outputs (a missing security group as "none"). */
function spoke(args: SpokeVpcArgs) {
    return declare(() => {
        const vpc = new SpokeVpc("dev", args);
        return {
            vpcId: vpc.vpcId,
            vpcCidr: vpc.vpcCidr,
            publicSubnetIds: vpc.publicSubnetIds,
            privateSubnetIds: vpc.privateSubnetIds,
            intraSubnetIds: vpc.intraSubnetIds,
            privateRouteTableIds: vpc.privateRouteTableIds,
            intraRouteTableIds: vpc.intraRouteTableIds,
            endpointSecurityGroupId: vpc.endpointSecurityGroupId.apply((id) => id ?? "none"),
            natGatewayIds: vpc.natGatewayIds,
            flowLogGroupName: vpc.flowLogGroupName,
        };
    });
}

const SUBNET = "aws:ec2/subnet:Subnet";
const ROUTE = "aws:ec2/route:Route";
const ENDPOINTS = ["ec2", "ecr-api", "ecr-dkr", "eks", "eks-auth", "elasticloadbalancing", "logs", "s3", "sts"];

/** What every spoke has whatever its NAT strategy: VPC, tiers, endpoints, default SG, flow logs. */
function common(name: string): string[] {
    const perAz = (type: string, role: string) => AZS.map((az) => `${type}::${name}-${role}-${az}`);
    return [
        `aws:cloudwatch/logGroup:LogGroup::${name}-flow-logs`,
        `aws:ec2/defaultNetworkAcl:DefaultNetworkAcl::${name}-default`,
        `aws:ec2/defaultSecurityGroup:DefaultSecurityGroup::${name}-default`,
        `aws:ec2/flowLog:FlowLog::${name}-flow-logs`,
        `aws:ec2/internetGateway:InternetGateway::${name}-igw`,
        `aws:ec2/networkAcl:NetworkAcl::${name}-nacl-intra`,
        `aws:ec2/networkAcl:NetworkAcl::${name}-nacl-private`,
        `aws:ec2/networkAcl:NetworkAcl::${name}-nacl-public`,
        `${ROUTE}::${name}-public-default`,
        `aws:ec2/routeTable:RouteTable::${name}-intra`,
        ...perAz("aws:ec2/routeTable:RouteTable", "private"),
        `aws:ec2/routeTable:RouteTable::${name}-public`,
        ...perAz("aws:ec2/routeTableAssociation:RouteTableAssociation", "intra"),
        ...perAz("aws:ec2/routeTableAssociation:RouteTableAssociation", "private"),
        ...perAz("aws:ec2/routeTableAssociation:RouteTableAssociation", "public"),
        `aws:ec2/securityGroup:SecurityGroup::${name}-endpoints`,
        ...perAz(SUBNET, "intra"),
        ...perAz(SUBNET, "private"),
        ...perAz(SUBNET, "public"),
        `aws:ec2/vpc:Vpc::${name}`,
        ...ENDPOINTS.map((e) => `aws:ec2/vpcEndpoint:VpcEndpoint::${name}-vpce-${e}`),
        `aws:iam/role:Role::${name}-flow-logs`,
        `aws:iam/rolePolicy:RolePolicy::${name}-flow-logs`,
        `platform:network:SpokeVpc::${name}`,
    ];
}

const nat = (azs: string[]) => azs.flatMap((az) => [`aws:ec2/eip:Eip::dev-nat-${az}`, `aws:ec2/natGateway:NatGateway::dev-nat-${az}`]);
const defaults = AZS.map((az) => `${ROUTE}::dev-private-default-${az}`);

describe("SpokeVpc", () => {
    const strategies: [string, Partial<SpokeVpcArgs>, string[], number][] = [
        ["one-per-az (default): a NAT gateway and EIP per zone, each zone's default route to its own", {}, [...nat(AZS), ...defaults], 3],
        ["single: one NAT gateway and EIP in the first zone, every zone's default route to it", { natStrategy: "single" }, [...nat(["eu-west-1a"]), ...defaults], 1],
        ["none: no NAT gateway, no EIP, no default route from the private subnets", { natStrategy: "none" }, [], 0],
        ["central: no NAT gateway, default routes to the transit gateway", { natStrategy: "central", transitGatewayId: TGW }, defaults, 0],
    ];
    for (const [title, change, extra, natCount] of strategies) {
        it(`creates exactly the children for ${title}`, async () => {
            const plan = await spoke({ ...ARGS, ...change });
            expect(plan.inventory()).to.deep.equal([...common("dev"), ...extra].sort());
            expect(plan.ofType("aws:ec2/natGateway:NatGateway")).to.have.length(natCount);
            expect(plan.ofType("aws:ec2/eip:Eip")).to.have.length(natCount);
            const vpc = plan.one("platform:network:SpokeVpc", "dev");
            expect(plan.resources.filter((r) => r.urn !== vpc.urn).every((r) => r.parent === vpc.urn), "every child is parented to the component").to.equal(true);
        });
    }

    it("routes each zone to its own NAT gateway with one-per-az", async () => {
        const plan = await spoke(ARGS);
        for (const az of AZS) {
            const route = plan.one(ROUTE, `dev-private-default-${az}`);
            expect(route.inputs).to.deep.equal({ routeTableId: `dev-private-${az}-id`, destinationCidrBlock: "0.0.0.0/0", natGatewayId: `dev-nat-${az}-id` });
            const natGw = plan.one("aws:ec2/natGateway:NatGateway", `dev-nat-${az}`);
            expect(natGw.inputs).to.include({ subnetId: `dev-public-${az}-id`, connectivityType: "public" });
            expect(plan.dependenciesOf(natGw).map((r) => r.name)).to.include("dev-igw");
            expect(plan.one("aws:ec2/eip:Eip", `dev-nat-${az}`).inputs.domain).to.equal("vpc");
        }
    });

    it("routes every zone to the first zone's NAT gateway with single", async () => {
        const plan = await spoke({ ...ARGS, natStrategy: "single" });
        expect(AZS.map((az) => plan.one(ROUTE, `dev-private-default-${az}`).inputs.natGatewayId)).to.deep.equal(["dev-nat-eu-west-1a-id", "dev-nat-eu-west-1a-id", "dev-nat-eu-west-1a-id"]);
    });

    it("sends the default route and tgwRoutes to the transit gateway with central", async () => {
        const plan = await spoke({ ...ARGS, natStrategy: "central", transitGatewayId: TGW, tgwRoutes: ["10.0.0.0/8", "192.168.0.0/16"] });
        expect(plan.one(ROUTE, "dev-private-default-eu-west-1b").inputs).to.deep.equal({ routeTableId: "dev-private-eu-west-1b-id", destinationCidrBlock: "0.0.0.0/0", transitGatewayId: TGW });
        expect(plan.inventory((r) => r.type === ROUTE)).to.deep.equal(
            [
                "dev-public-default",
                ...defaults.map((d) => d.split("::")[1]),
                ...AZS.flatMap((az) => [`dev-private-to-10-0-0-0-8-${az}`, `dev-private-to-192-168-0-0-16-${az}`]),
                "dev-intra-to-10-0-0-0-8",
                "dev-intra-to-192-168-0-0-16",
            ]
                .map((n) => `${ROUTE}::${n}`)
                .sort(),
        );
        expect(plan.one(ROUTE, "dev-intra-to-10-0-0-0-8").inputs).to.deep.equal({ routeTableId: "dev-intra-id", destinationCidrBlock: "10.0.0.0/8", transitGatewayId: TGW });
        expect(plan.one(ROUTE, "dev-public-default").inputs).to.deep.equal({ routeTableId: "dev-public-id", destinationCidrBlock: "0.0.0.0/0", gatewayId: "dev-igw-id" });
    });

    it("plans the subnet ranges per tier and zone, none with public IPs on launch", async () => {
        const plan = await spoke(ARGS);
        const cidrs = Object.fromEntries(plan.ofType(SUBNET).map((s) => [s.name, [s.inputs.cidrBlock, s.inputs.availabilityZone]]));
        expect(cidrs).to.deep.equal({
            "dev-public-eu-west-1a": ["10.1.192.0/24", "eu-west-1a"],
            "dev-public-eu-west-1b": ["10.1.193.0/24", "eu-west-1b"],
            "dev-public-eu-west-1c": ["10.1.194.0/24", "eu-west-1c"],
            "dev-private-eu-west-1a": ["10.1.0.0/19", "eu-west-1a"],
            "dev-private-eu-west-1b": ["10.1.32.0/19", "eu-west-1b"],
            "dev-private-eu-west-1c": ["10.1.64.0/19", "eu-west-1c"],
            "dev-intra-eu-west-1a": ["10.1.198.0/24", "eu-west-1a"],
            "dev-intra-eu-west-1b": ["10.1.199.0/24", "eu-west-1b"],
            "dev-intra-eu-west-1c": ["10.1.200.0/24", "eu-west-1c"],
        });
        expect(plan.ofType(SUBNET).map((s) => s.inputs.mapPublicIpOnLaunch)).to.deep.equal(Array(9).fill(false));
        const vpc = plan.one("aws:ec2/vpc:Vpc", "dev");
        expect(vpc.inputs).to.include({ cidrBlock: "10.1.0.0/16", enableDnsSupport: true, enableDnsHostnames: true });
    });

    it("honours the subnet prefix lengths", async () => {
        const plan = await spoke({ ...ARGS, privateSubnetPrefixLength: 20, publicSubnetPrefixLength: 26, intraSubnetPrefixLength: 28 });
        expect(plan.one(SUBNET, "dev-private-eu-west-1c").inputs.cidrBlock).to.equal("10.1.32.0/20");
        expect(plan.one(SUBNET, "dev-public-eu-west-1b").inputs.cidrBlock).to.equal("10.1.96.64/26");
        expect(plan.one(SUBNET, "dev-intra-eu-west-1a").inputs.cidrBlock).to.equal("10.1.97.128/28");
    });

    it("tags the tiers, and adds the EKS discovery tags when a cluster uses the VPC", async () => {
        const plan = await spoke({ ...ARGS, clusterName: "dev-cluster", tags: { team: "platform" } });
        expect(plan.one(SUBNET, "dev-public-eu-west-1a").inputs.tags).to.deep.equal({
            team: "platform",
            "platform:subnet-tier": "public",
            "kubernetes.io/cluster/dev-cluster": "shared",
            "kubernetes.io/role/elb": "1",
            Name: "dev-public-eu-west-1a",
        });
        expect(plan.one(SUBNET, "dev-private-eu-west-1b").inputs.tags).to.deep.equal({
            team: "platform",
            "platform:subnet-tier": "private",
            "kubernetes.io/cluster/dev-cluster": "shared",
            "kubernetes.io/role/internal-elb": "1",
            "karpenter.sh/discovery": "dev-cluster",
            Name: "dev-private-eu-west-1b",
        });
        expect(plan.one(SUBNET, "dev-intra-eu-west-1c").inputs.tags).to.deep.equal({ team: "platform", "platform:subnet-tier": "intra", Name: "dev-intra-eu-west-1c" });
    });

    it("adds no EKS tags without a cluster", async () => {
        const plan = await spoke(ARGS);
        expect(plan.one(SUBNET, "dev-public-eu-west-1a").inputs.tags).to.deep.equal({ "platform:subnet-tier": "public", Name: "dev-public-eu-west-1a" });
    });

    it("puts interface endpoints in the private subnets behind one group that admits HTTPS from the VPC only", async () => {
        const plan = await spoke(ARGS);
        const sg = plan.one("aws:ec2/securityGroup:SecurityGroup", "dev-endpoints");
        expect(sg.inputs.vpcId).to.equal("dev-id");
        expect(sg.inputs.description).to.equal("Interface endpoints of dev: HTTPS from inside the VPC only");
        expect(sg.inputs.ingress).to.deep.equal([{ description: "HTTPS from the VPC to the interface endpoints", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.1.0.0/16"] }]);
        expect(sg.inputs.egress).to.deep.equal([]);
        const ecr = plan.one("aws:ec2/vpcEndpoint:VpcEndpoint", "dev-vpce-ecr-api");
        expect(ecr.inputs).to.deep.equal({
            vpcId: "dev-id",
            serviceName: "com.amazonaws.eu-west-1.ecr.api",
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: AZS.map((az) => `dev-private-${az}-id`),
            securityGroupIds: ["dev-endpoints-id"],
            tags: { Name: "dev-vpce-ecr-api" },
        });
        const interfaces = plan.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs.vpcEndpointType === "Interface");
        expect(interfaces.map((e) => e.inputs.serviceName)).to.deep.equal(
            ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks", "eks-auth"].map((s) => `com.amazonaws.eu-west-1.${s}`),
        );
    });

    it("always has an S3 gateway endpoint on the private and intra route tables", async () => {
        const plan = await spoke({ ...ARGS, interfaceEndpoints: [] });
        expect(plan.one("aws:ec2/vpcEndpoint:VpcEndpoint", "dev-vpce-s3").inputs).to.deep.equal({
            vpcId: "dev-id",
            serviceName: "com.amazonaws.eu-west-1.s3",
            vpcEndpointType: "Gateway",
            routeTableIds: [...AZS.map((az) => `dev-private-${az}-id`), "dev-intra-id"],
            tags: { Name: "dev-vpce-s3" },
        });
        expect(plan.ofType("aws:ec2/securityGroup:SecurityGroup"), "no endpoint group without interface endpoints").to.have.length(0);
        expect(plan.outputs).to.have.property("endpointSecurityGroupId", "none");
    });

    it("adopts the default security group with no ingress and no egress rules", async () => {
        const plan = await spoke(ARGS);
        expect(plan.one("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "dev-default").inputs).to.deep.equal({ vpcId: "dev-id", ingress: [], egress: [], tags: { Name: "dev-default" } });
    });

    it("puts every subnet on its tier's network ACL, then adopts the default ACL with no entries (deny all)", async () => {
        const plan = await spoke({ ...ARGS, natStrategy: "central", transitGatewayId: TGW, tgwRoutes: ["10.0.0.0/8", "192.168.0.0/16"] });
        const acls = plan.ofType("aws:ec2/networkAcl:NetworkAcl");
        expect(acls.map((a) => [a.name, a.inputs.subnetIds])).to.deep.equal(
            (["public", "private", "intra"] as const).map((tier) => [`dev-nacl-${tier}`, AZS.map((az) => `dev-${tier}-${az}-id`)]),
        );
        const subnets = plan.ofType("aws:ec2/subnet:Subnet").map((s) => `${s.name}-id`);
        expect(acls.flatMap((a) => a.inputs.subnetIds as string[]).sort(), "every subnet is associated exactly once").to.deep.equal(subnets.sort());
        const pub = acls[0];
        expect(pub.inputs.vpcId).to.equal("dev-id");
        expect(pub.inputs.tags).to.deep.equal({ Name: "dev-nacl-public", "platform:subnet-tier": "public" });
        // 10.1.0.0/16 lies inside 10.0.0.0/8: one entry covers both.
        expect((pub.inputs.ingress as { cidrBlock: string; protocol: string; fromPort: number; toPort: number }[]).map((e) => `${e.cidrBlock} ${e.protocol} ${e.fromPort}-${e.toPort}`)).to.deep.equal([
            "10.0.0.0/8 -1 0-0",
            "192.168.0.0/16 -1 0-0",
            "0.0.0.0/0 tcp 0-21",
            "0.0.0.0/0 tcp 23-3388",
            "0.0.0.0/0 tcp 3390-65535",
            "0.0.0.0/0 udp 0-21",
            "0.0.0.0/0 udp 23-3388",
            "0.0.0.0/0 udp 3390-65535",
            "0.0.0.0/0 icmp 0-0",
        ]);
        expect(pub.inputs.egress).to.deep.equal([{ ruleNo: 100, action: "allow", protocol: "-1", cidrBlock: "0.0.0.0/0", fromPort: 0, toPort: 0 }]);
        const deflt = plan.one("aws:ec2/defaultNetworkAcl:DefaultNetworkAcl", "dev-default");
        expect(deflt.inputs).to.deep.equal({ defaultNetworkAclId: "acl-dev-default", ingress: [], egress: [], tags: { Name: "dev-default-nacl" } });
        expect(plan.dependenciesOf(deflt).map((r) => r.name).sort(), "subnets leave the default ACL before it is emptied").to.include.members(["dev-nacl-intra", "dev-nacl-private", "dev-nacl-public"]);
        expect(deflt.ignoreChanges).to.deep.equal(["subnetIds"]);
    });

    it("creates network ACLs only for the tiers it has", async () => {
        const plan = await spoke({ ...ARGS, publicSubnets: false, natStrategy: "none", intraSubnets: false });
        expect(plan.ofType("aws:ec2/networkAcl:NetworkAcl").map((a) => a.name)).to.deep.equal(["dev-nacl-private"]);
    });

    it("logs all traffic to a KMS-encrypted, retained log group through a role trusted by this account's flow logs only", async () => {
        const plan = await spoke(ARGS);
        const group = plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-flow-logs");
        expect(group.inputs).to.deep.equal({ name: "/platform/vpc/dev/flow-logs", retentionInDays: 365, kmsKeyId: KEY, tags: { Name: "dev-flow-logs" } });
        expect(group.protect).to.equal(true);
        expect(group.retainOnDelete).to.equal(true);

        const flowLog = plan.one("aws:ec2/flowLog:FlowLog", "dev-flow-logs");
        expect(flowLog.inputs).to.deep.equal({
            vpcId: "dev-id",
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: "arn:aws:logs:us-east-1:000000000000:log-group:/platform/vpc/dev/flow-logs",
            iamRoleArn: "arn:aws:iam::000000000000:role/platform/dev-flow-logs",
            tags: { Name: "dev-flow-logs" },
        });
        expect(plan.dependenciesOf(flowLog).map((r) => r.type)).to.include("aws:iam/rolePolicy:RolePolicy");

        expect(plan.one("aws:iam/role:Role", "dev-flow-logs").inputs).to.include({ path: "/platform/", permissionsBoundary: "arn:aws:iam::111111111111:policy/platform/platform-workload-boundary" });
        expect(doc(plan.one("aws:iam/role:Role", "dev-flow-logs").inputs.assumeRolePolicy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "VpcFlowLogs",
                    Effect: "Allow",
                    Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: {
                        StringEquals: { "aws:SourceAccount": "111111111111" },
                        ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-1:111111111111:vpc-flow-log/*" },
                    },
                },
            ],
        });
        const arn = "arn:aws:logs:us-east-1:000000000000:log-group:/platform/vpc/dev/flow-logs";
        expect(doc(plan.one("aws:iam/rolePolicy:RolePolicy", "dev-flow-logs").inputs.policy)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Sid: "WriteFlowLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [arn, `${arn}:*`] }],
        });
    });

    it("adds a second flow log to the archive bucket, and honours retention and protect", async () => {
        const bucket = "arn:aws:s3:::log-archive";
        const plan = await spoke({ ...ARGS, flowLogs: { kmsKeyArn: KEY, retentionInDays: 30, s3BucketArn: bucket }, protect: false });
        expect(plan.one("aws:ec2/flowLog:FlowLog", "dev-flow-logs-s3").inputs).to.deep.equal({
            vpcId: "dev-id",
            trafficType: "ALL",
            logDestinationType: "s3",
            logDestination: bucket,
            destinationOptions: { fileFormat: "parquet", perHourPartition: true, hiveCompatiblePartitions: true },
            tags: { Name: "dev-flow-logs-s3" },
        });
        const group = plan.one("aws:cloudwatch/logGroup:LogGroup", "dev-flow-logs");
        expect(group.inputs.retentionInDays).to.equal(30);
        expect([group.protect, group.retainOnDelete]).to.deep.equal([false, false]);
    });

    it("leaves out the public tier and the internet gateway without public subnets", async () => {
        const plan = await spoke({ ...ARGS, publicSubnets: false, natStrategy: "none", intraSubnets: false });
        expect(plan.inventory((r) => /public|igw|intra|nat/.test(r.name))).to.deep.equal([]);
        expect(plan.outputs).to.deep.include({ publicSubnetIds: [], intraSubnetIds: [], intraRouteTableIds: [], natGatewayIds: [] });
    });

    it("exports ids of what it created", async () => {
        const plan = await spoke({ ...ARGS, natStrategy: "single" });
        expect(plan.outputs).to.deep.equal({
            vpcId: "dev-id",
            vpcCidr: "10.1.0.0/16",
            publicSubnetIds: AZS.map((az) => `dev-public-${az}-id`),
            privateSubnetIds: AZS.map((az) => `dev-private-${az}-id`),
            intraSubnetIds: AZS.map((az) => `dev-intra-${az}-id`),
            privateRouteTableIds: AZS.map((az) => `dev-private-${az}-id`),
            intraRouteTableIds: ["dev-intra-id"],
            endpointSecurityGroupId: "dev-endpoints-id",
            natGatewayIds: ["dev-nat-eu-west-1a-id"],
            flowLogGroupName: "/platform/vpc/dev/flow-logs",
        });
    });

    it("fails before declaring anything when the arguments are invalid", async () => {
        let error: unknown;
        try {
            await spoke({ ...ARGS, natStrategy: "central" });
        } catch (e) {
            error = e;
        }
        expect(error).to.have.property("problems").that.deep.equals(['transitGatewayId: unset is required when natStrategy is "central" (the default route goes to the transit gateway)']);
    });
});
