import { expect } from "chai";
import type { SpokeVpcArgs } from "../../../components/network/spoke-vpc";
import type { TransitHubArgs } from "../../../components/network/transit-hub";
import { validateSpokeVpcArgs, validateTransitHubArgs } from "../../../components/network/validate";

const SPOKE: SpokeVpcArgs = {
    cidrBlock: "10.1.0.0/16",
    availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
    region: "eu-west-1",
    accountId: "111111111111",
    flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:111111111111:key/k" },
};
const TGW = "tgw-0123456789abcdef0";

const HUB: TransitHubArgs = {
    region: "eu-west-1",
    accountId: "222222222222",
    organizationArn: "arn:aws:organizations::999999999999:organization/o-abcdefghij",
};
const EGRESS: Partial<TransitHubArgs> = {
    egressVpcCidr: "100.64.0.0/22",
    availabilityZones: ["eu-west-1a", "eu-west-1b"],
    internalCidrs: ["10.0.0.0/8"],
    flowLogs: { kmsKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/logs" },
};

function problemsOf(run: () => void): string[] {
    try {
        run();
    } catch (e) {
        return (e as { problems: string[] }).problems;
    }
    return [];
}

describe("validateSpokeVpcArgs", () => {
    it("accepts a compliant spoke with every NAT strategy", () => {
        expect(problemsOf(() => validateSpokeVpcArgs(SPOKE))).to.deep.equal([]);
        for (const natStrategy of ["none", "single", "one-per-az"] as const) {
            expect(problemsOf(() => validateSpokeVpcArgs({ ...SPOKE, natStrategy })), natStrategy).to.deep.equal([]);
        }
        expect(problemsOf(() => validateSpokeVpcArgs({ ...SPOKE, natStrategy: "central", transitGatewayId: TGW, tgwRoutes: ["10.0.0.0/8"] }))).to.deep.equal([]);
    });

    const cases: [string, Partial<SpokeVpcArgs>, string[]][] = [
        ["rejects a single zone", { availabilityZones: ["eu-west-1a"] }, ['availabilityZones: ["eu-west-1a"] must list 2 to 6 zones']],
        [
            "rejects seven zones",
            { availabilityZones: ["a", "b", "c", "d", "e", "f", "g"].map((l) => `us-east-1${l}`), region: "us-east-1" },
            ['availabilityZones: ["us-east-1a","us-east-1b","us-east-1c","us-east-1d","us-east-1e","us-east-1f","us-east-1g"] must list 2 to 6 zones'],
        ],
        ["rejects a zone of another region", { availabilityZones: ["eu-west-1a", "eu-central-1b"] }, ['availabilityZones[1]: "eu-central-1b" is not a zone of region "eu-west-1"']],
        ["rejects a zone ID instead of a zone name", { availabilityZones: ["eu-west-1a", "euw1-az2"] }, ['availabilityZones[1]: "euw1-az2" is not a zone name like "eu-west-1a"']],
        ["rejects a zone letter after f", { availabilityZones: ["us-east-1a", "us-east-1g"], region: "us-east-1" }, ['availabilityZones[1]: "us-east-1g" does not end in a zone letter a to f (each letter owns a fixed subnet slot)']],
        ["rejects duplicate zones", { availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1a"] }, ['availabilityZones: ["eu-west-1a","eu-west-1b","eu-west-1a"] lists "eu-west-1a" more than once']],
        ["rejects a malformed region", { region: "europe", availabilityZones: ["eu-west-1a", "eu-west-1b"] }, ['region: "europe" is not a region name like "eu-west-1"', 'availabilityZones[0]: "eu-west-1a" is not a zone of region "europe"', 'availabilityZones[1]: "eu-west-1b" is not a zone of region "europe"']],
        ["rejects a malformed account", { accountId: "1111" }, ['accountId: "1111" is not a 12-digit AWS account ID']],
        ["rejects a bad CIDR", { cidrBlock: "10.1.0.0/33" }, ['cidrBlock: "10.1.0.0/33" is not an IPv4 CIDR like "10.0.0.0/16"']],
        ["rejects a CIDR with host bits", { cidrBlock: "10.1.2.0/16" }, ['cidrBlock: "10.1.2.0/16" has host bits set; the network is "10.1.0.0/16"']],
        ["rejects a VPC larger than a /16", { cidrBlock: "10.0.0.0/8" }, ['cidrBlock: "10.0.0.0/8" has prefix /8; a VPC range is a /16 to /28']],
        [
            "rejects subnets that do not fit",
            { cidrBlock: "10.1.0.0/24" },
            ['cidrBlock: "10.1.0.0/24" has 256 addresses but the subnets need 384 (private /27, public /28, intra /28, 6 zone slots per tier); use a larger VPC or longer subnet prefixes'],
        ],
        ["rejects a subnet prefix shorter than the VPC's", { privateSubnetPrefixLength: 15 }, ["privateSubnetPrefixLength: 15 is not in 17..28 (longer than the VPC's /16, at most a /28)"]],
        ["rejects a subnet prefix with a bad CIDR too", { cidrBlock: "nope", publicSubnetPrefixLength: 30 }, ['cidrBlock: "nope" is not an IPv4 CIDR like "10.0.0.0/16"', "publicSubnetPrefixLength: 30 is not in 17..28"]],
        ["rejects an unknown NAT strategy", { natStrategy: "gateway" as never }, ['natStrategy: "gateway" is not one of "none", "single", "one-per-az", "central"']],
        ["rejects central without a transit gateway", { natStrategy: "central" }, ['transitGatewayId: unset is required when natStrategy is "central" (the default route goes to the transit gateway)']],
        [
            "rejects NAT gateways without public subnets",
            { publicSubnets: false },
            ['natStrategy: "one-per-az" puts NAT gateways in public subnets, but publicSubnets is false; set publicSubnets: true or use "central" or "none"'],
        ],
        ["rejects tgwRoutes without a transit gateway", { tgwRoutes: ["10.0.0.0/8"] }, ["transitGatewayId: unset is required when tgwRoutes is set (1 route(s) to the transit gateway)"]],
        ["rejects a malformed transit gateway ID", { natStrategy: "central", transitGatewayId: "tgw-XYZ" }, ['transitGatewayId: "tgw-XYZ" is not a transit gateway ID like "tgw-0123456789abcdef0"']],
        [
            "rejects bad tgwRoutes",
            { transitGatewayId: TGW, tgwRoutes: ["10.0.0.0/8", "0.0.0.0/0", "10.1.4.0/24", "172.16.0.0/33", "10.0.0.0/8"] },
            [
                'tgwRoutes[1]: "0.0.0.0/0" is the default route; use natStrategy "central" to send it to the transit gateway',
                'tgwRoutes[2]: "10.1.4.0/24" is inside the VPC range "10.1.0.0/16"; the local route already covers it',
                'tgwRoutes[3]: "172.16.0.0/33" is not an IPv4 CIDR like "10.0.0.0/16"',
                'tgwRoutes: ["10.0.0.0/8","0.0.0.0/0","10.1.4.0/24","172.16.0.0/33","10.0.0.0/8"] lists "10.0.0.0/8" more than once',
            ],
        ],
        ["rejects public TGW routes without public subnets", { natStrategy: "none", publicSubnets: false, transitGatewayId: TGW, publicTgwRoutes: ["10.0.0.0/8"] }, ['publicTgwRoutes: ["10.0.0.0/8"] needs public subnets; set publicSubnets: true']],
        [
            "rejects endpoint names that are not service short names",
            { interfaceEndpoints: ["ecr.api", "com.amazonaws.eu-west-1.sts", "ECR", "s3", "ecr.api"] },
            [
                'interfaceEndpoints[1]: "com.amazonaws.eu-west-1.sts" is not a service short name like "ecr.api" or "sts" (the part after com.amazonaws.<region>.)',
                'interfaceEndpoints[2]: "ECR" is not a service short name like "ecr.api" or "sts" (the part after com.amazonaws.<region>.)',
                'interfaceEndpoints[3]: "s3" is served by the S3 gateway endpoint every spoke has; remove it',
                'interfaceEndpoints: ["ecr.api","com.amazonaws.eu-west-1.sts","ECR","s3","ecr.api"] lists "ecr.api" more than once',
            ],
        ],
        ["rejects a malformed cluster name", { clusterName: "-dev" }, ['clusterName: "-dev" is not an EKS cluster name (letters, digits, \'-\' and \'_\', starting with a letter or digit, at most 100 characters)']],
        ["rejects flow logs without a key", { flowLogs: {} as never }, ["flowLogs.kmsKeyArn: unset is required: flow logs are always on and their log group is encrypted"]],
        [
            "rejects a retention CloudWatch does not offer",
            { flowLogs: { kmsKeyArn: "k", retentionInDays: 100 } },
            ["flowLogs.retentionInDays: 100 is not a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"],
        ],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateSpokeVpcArgs({ ...SPOKE, ...change }))
                .to.throw()
                .with.property("problems")
                .that.deep.equals(problems);
        });
    }

    it("reports every problem at once, in one error that names the component", () => {
        expect(() => validateSpokeVpcArgs({ ...SPOKE, accountId: "x", natStrategy: "central", availabilityZones: ["eu-west-1a"] })).to.throw(
            'invalid SpokeVpc:\n  - accountId: "x" is not a 12-digit AWS account ID\n  - availabilityZones: ["eu-west-1a"] must list 2 to 6 zones\n  - transitGatewayId: unset is required when natStrategy is "central" (the default route goes to the transit gateway)',
        );
    });
});

describe("validateTransitHubArgs", () => {
    it("accepts a hub shared with the organization or with accounts, with or without egress", () => {
        expect(problemsOf(() => validateTransitHubArgs(HUB))).to.deep.equal([]);
        expect(problemsOf(() => validateTransitHubArgs({ ...HUB, ...EGRESS }))).to.deep.equal([]);
        expect(problemsOf(() => validateTransitHubArgs({ ...HUB, organizationArn: undefined, principalAccountIds: ["111111111111"], amazonSideAsn: 4200000001 }))).to.deep.equal([]);
    });

    const cases: [string, Partial<TransitHubArgs>, string[]][] = [
        ["rejects a public ASN", { amazonSideAsn: 16509 }, ["amazonSideAsn: 16509 is not a private ASN (64512..65534 or 4200000000..4294967294)"]],
        [
            "rejects a share with no principals",
            { organizationArn: undefined },
            ["organizationArn and principalAccountIds: both unset; share the transit gateway with exactly one: the organization or a list of accounts"],
        ],
        ["rejects a malformed organization ARN", { organizationArn: "o-abcdefghij" }, ['organizationArn: "o-abcdefghij" is not an organization ARN like "arn:aws:organizations::111111111111:organization/o-abcdefghij"']],
        ["rejects an empty account list", { organizationArn: undefined, principalAccountIds: [] }, ["principalAccountIds: [] is empty; list at least one account"]],
        [
            "rejects malformed and duplicate accounts",
            { organizationArn: undefined, principalAccountIds: ["111111111111", "12", "111111111111"] },
            ['principalAccountIds[1]: "12" is not a 12-digit AWS account ID', 'principalAccountIds: ["111111111111","12","111111111111"] lists "111111111111" more than once'],
        ],
        ["rejects egress settings without an egress VPC", { internalCidrs: ["10.0.0.0/8"] }, ['internalCidrs: ["10.0.0.0/8"] is only used with egressVpcCidr; set egressVpcCidr or remove it']],
        [
            "rejects an egress VPC without zones, internal ranges or flow logs",
            { egressVpcCidr: "100.64.0.0/22" },
            [
                "availabilityZones: unset is required with egressVpcCidr (the egress VPC has a NAT gateway per zone)",
                "internalCidrs: unset is required with egressVpcCidr: the spokes' address space, for return routes and the blackholes that keep segments apart",
                "flowLogs.kmsKeyArn: unset is required with egressVpcCidr: the egress VPC has flow logs to an encrypted log group",
            ],
        ],
        [
            "rejects an egress VPC too small for its subnets",
            { ...EGRESS, egressVpcCidr: "100.64.0.0/24" },
            ['egressVpcCidr: "100.64.0.0/24" has 256 addresses but the subnets need 288 (private /28, public /28, intra /28, 6 zone slots per tier); use a larger VPC or longer subnet prefixes'],
        ],
        [
            "rejects a default route among the internal ranges",
            { ...EGRESS, internalCidrs: ["0.0.0.0/0", "10.0.0.1/8"] },
            ['internalCidrs[0]: "0.0.0.0/0" is the default route; list the private ranges of the spokes, like "10.0.0.0/8"', 'internalCidrs[1]: "10.0.0.1/8" has host bits set; the network is "10.0.0.0/8"'],
        ],
        ["rejects egress zones of another region", { ...EGRESS, availabilityZones: ["eu-west-1a", "us-east-1b"] }, ['availabilityZones[1]: "us-east-1b" is not a zone of region "eu-west-1"']],
    ];
    for (const [title, change, problems] of cases) {
        it(title, () => {
            expect(() => validateTransitHubArgs({ ...HUB, ...change }))
                .to.throw()
                .with.property("problems")
                .that.deep.equals(problems);
        });
    }
});
