import { expect } from "chai";
import { estimateCost, HOURS_PER_MONTH } from "../../../tools/review/cost";
import { PRICE_TABLE_DATE, PRICES } from "../../../tools/review/prices";
import { planOf, res } from "./fixtures";

const AS_OF = "2026-11-27";

function smallPlan(region = "eu-west-1") {
    const provider = res("pulumi:providers:aws", "acct", { inputs: { region } });
    const on = { provider: provider.urn };
    const lt = res("aws:ec2/launchTemplate:LaunchTemplate", "system-lt", { ...on, inputs: { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3" } }] } });
    return [
        provider,
        res("aws:eks/cluster:Cluster", "c", { ...on, inputs: { version: "1.33", upgradePolicy: { supportType: "STANDARD" } } }),
        lt,
        res("aws:eks/nodeGroup:NodeGroup", "system", { ...on, inputs: { instanceTypes: ["m7i.large"], capacityType: "ON_DEMAND", scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 }, launchTemplate: { id: "system-lt-id", version: "1" } }, propertyDependencies: { launchTemplate: [lt.urn] } }),
        res("aws:eks/nodeGroup:NodeGroup", "spot", { ...on, inputs: { instanceTypes: ["m6i.large", "m5.large"], capacityType: "SPOT", scalingConfig: { minSize: 1, desiredSize: 2, maxSize: 6 } } }),
        res("aws:ec2/natGateway:NatGateway", "nat", { ...on, inputs: { connectivityType: "public" } }),
        res("aws:ec2transitgateway/vpcAttachment:VpcAttachment", "att", on),
        res("aws:ec2/vpcEndpoint:VpcEndpoint", "ecr-api", { ...on, inputs: { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] } }),
        res("aws:ec2/vpcEndpoint:VpcEndpoint", "s3", { ...on, inputs: { vpcEndpointType: "Gateway" } }),
        res("aws:kms/key:Key", "k", on),
        res("aws:cloudwatch/logGroup:LogGroup", "logs", { ...on, inputs: { retentionInDays: 30 } }),
        res("aws:ecr/repository:Repository", "repo", on),
        res("aws:ec2/eip:Eip", "nat-ip", on),
        res("aws:iam/role:Role", "role", on),
        res("aws:amp/workspace:Workspace", "amp", on),
        res("aws:sns/topic:Topic", "alerts", on),
        res("aws:dynamodb/table:Table", "locks", on),
        res("platform:network:SpokeVpc", "vpc"),
    ];
}

describe("review: estimateCost", () => {
    it("prices a small stack exactly (730 hours a month, eu-west-1 list prices, root volumes from the launch template or the 20 GB default)", () => {
        const e = estimateCost(planOf(smallPlan()), { asOf: AS_OF });
        const items = e.lines.map((l) => [l.name, l.item, l.quantity, l.unit, l.unitPrice, l.monthly]);
        expect(items).to.deep.equal([
            ["c", "EKS control plane (standard support)", 730, "hour", 0.1, 73],
            ["system", "EC2 m7i.large on-demand", 2190, "instance-hour", 0.1124, 246.156],
            ["system", "EBS gp3 node volumes", 150, "GB-month", 0.088, 13.2],
            ["spot", "EC2 m6i.large spot", 1460, "instance-hour", 0.0428, 62.488],
            ["spot", "EBS gp3 node volumes", 40, "GB-month", 0.088, 3.52],
            ["nat", "NAT gateway hours", 730, "hour", 0.048, 35.04],
            ["nat", "NAT gateway data processed", 100, "GB", 0.048, 4.8],
            ["att", "TGW attachment hours", 730, "hour", 0.05, 36.5],
            ["att", "TGW data processed", 100, "GB", 0.02, 2],
            ["ecr-api", "Interface endpoint AZ-hours", 2190, "endpoint-AZ-hour", 0.011, 24.09],
            ["ecr-api", "Interface endpoint data processed", 10, "GB", 0.01, 0.1],
            ["k", "KMS keys", 1, "key-month", 1, 1],
            ["logs", "CloudWatch Logs ingestion", 5, "GB", 0.57, 2.85],
            ["logs", "CloudWatch Logs storage", 5, "GB-month", 0.03, 0.15],
            ["repo", "ECR storage", 10, "GB-month", 0.1, 1],
            ["nat-ip", "Public IPv4 address hours", 730, "hour", 0.005, 3.65],
        ]);
        // 73 + 246.156 + 13.2 + 62.488 + 3.52 + 35.04 + 4.8 + 36.5 + 2 + 24.09 + 0.1 + 1 + 2.85 + 0.15 + 1 + 3.65
        expect(e.monthly).to.equal(509.54);
        expect(e.currency).to.equal("USD");
        expect(e.priceTableDate).to.equal(PRICE_TABLE_DATE);
        expect(e.assumptions.hoursPerMonth).to.equal(HOURS_PER_MONTH);
        expect(HOURS_PER_MONTH).to.equal(730);
    });

    it("lists what has no price with the reason instead of counting it as zero", () => {
        const e = estimateCost(planOf(smallPlan()), { asOf: AS_OF });
        expect(e.unpriced.map((u) => [u.name, u.reason])).to.deep.equal([
            ["amp", "Amazon Managed Prometheus: billed per sample ingested, stored and queried; not estimated"],
            ["alerts", "SNS: billed per request and delivery; negligible at alerting volume"],
            ["locks", "type not in the price table"],
        ]);
        // provider, launch template, gateway endpoint, IAM role, component
        expect(e.free).to.equal(5);
    });

    it("applies the spot discount assumption", () => {
        const spot = (discount: number) => estimateCost(planOf(smallPlan()), { asOf: AS_OF, spotDiscount: discount }).lines.find((l) => l.item === "EC2 m6i.large spot")!;
        expect(spot(0.6).unitPrice).to.equal(0.0428);
        expect(spot(0.7).unitPrice).to.equal(0.0321);
        expect(spot(0.7).monthly).to.equal(46.866);
        expect(spot(0).unitPrice).to.equal(PRICES["eu-west-1"].ec2Hour["m6i.large"]);
    });

    it("overrides usage assumptions one field at a time", () => {
        const e = estimateCost(planOf(smallPlan()), { asOf: AS_OF, natGbPerMonth: 1000, hoursPerMonth: 720 });
        expect(e.lines.find((l) => l.item === "NAT gateway data processed")!.monthly).to.equal(48);
        expect(e.lines.find((l) => l.item === "NAT gateway hours")!.quantity).to.equal(720);
        expect(e.assumptions.tgwGbPerAttachment).to.equal(100);
    });

    it("bills extended support only when the policy allows it and the version is past standard support", () => {
        const cluster = (version: string, supportType?: string) => {
            const provider = res("pulumi:providers:aws", "acct", { inputs: { region: "us-east-1" } });
            const c = res("aws:eks/cluster:Cluster", "c", { provider: provider.urn, inputs: { version, ...(supportType ? { upgradePolicy: { supportType } } : {}) } });
            return estimateCost(planOf([provider, c]), { asOf: AS_OF }).lines[0];
        };
        expect([cluster("1.31", "EXTENDED").item, cluster("1.31", "EXTENDED").monthly]).to.deep.equal(["EKS control plane (extended support)", 438]);
        expect(cluster("1.31").item).to.equal("EKS control plane (extended support)");
        expect([cluster("1.31", "STANDARD").item, cluster("1.31", "STANDARD").monthly]).to.deep.equal(["EKS control plane (standard support)", 73]);
        expect(cluster("1.34", "EXTENDED").item).to.equal("EKS control plane (standard support)");
    });

    it("takes the region from the provider, else platform:region, and never prices an unknown region", () => {
        const key = res("aws:kms/key:Key", "k");
        expect(estimateCost(planOf([key], { "platform:region": "eu-central-1" }), { asOf: AS_OF }).lines.map((l) => [l.region, l.monthly])).to.deep.equal([["eu-central-1", 1]]);
        const nat = res("aws:ec2/natGateway:NatGateway", "nat");
        expect(estimateCost(planOf([nat], { "platform:region": "us-east-1" }), { asOf: AS_OF }).monthly).to.equal(37.35);
        const far = estimateCost(planOf(smallPlan("ap-southeast-7")), { asOf: AS_OF });
        expect(far.lines).to.deep.equal([]);
        expect(far.monthly).to.equal(0);
        expect(far.unpriced.filter((u) => u.reason === "no prices for region ap-southeast-7 in the price table").map((u) => u.name)).to.deep.equal(["c", "system", "spot", "nat", "att", "ecr-api", "k", "logs", "repo", "nat-ip"]);
    });

    it("names the node group whose instance type has no price", () => {
        const provider = res("pulumi:providers:aws", "acct", { inputs: { region: "eu-west-1" } });
        const ng = res("aws:eks/nodeGroup:NodeGroup", "gpu", { provider: provider.urn, inputs: { instanceTypes: ["p5.48xlarge"], scalingConfig: { desiredSize: 1, minSize: 1, maxSize: 1 } } });
        expect(estimateCost(planOf([provider, ng]), { asOf: AS_OF }).unpriced).to.deep.equal([{ urn: ng.urn, type: ng.type, name: "gpu", reason: "no price for instance type p5.48xlarge in the price table" }]);
    });

    it("has a price for every instance type the stacks use, in every region of the table", () => {
        const used = ["m7i.large", "m7i.xlarge", "m7i.2xlarge", "m6i.large", "m6i.xlarge", "m6i.2xlarge", "m5.large"];
        for (const region of ["us-east-1", "eu-west-1", "eu-central-1"]) {
            for (const t of used) {
                expect(PRICES[region].ec2Hour[t], `${region} ${t}`).to.be.a("number").greaterThan(0);
            }
        }
    });
});
