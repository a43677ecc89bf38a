import { KUBERNETES_RELEASES } from "../../components/cluster/versions";
import { Plan, PlanResource } from "../plan/model";
import { getPath, parseJsonString } from "./paths";
import { PRICE_TABLE_DATE, PRICES, RegionPrices } from "./prices";

/**
 * A monthly cost estimate of one stack from its offline plan and the price table in `prices.ts`.
 *
 * - A month is 730 hours (8,760 hours a year / 12), the convention AWS's own calculator uses.
 * - Fixed-rate resources (EKS control plane, nodes, NAT gateways, TGW attachments, interface
 *   endpoints, KMS keys, load balancers, public IPv4) are priced from the plan alone. Usage
 *   (GB through a NAT, log volume, image storage) comes from `CostAssumptions`, one typed object
 *   with documented defaults that a caller can override per field.
 * - Nodes: `scalingConfig.desiredSize` of each managed node group times the hourly price of its
 *   first `instanceTypes` entry; SPOT capacity at `spotDiscount` off on-demand. Root volumes at
 *   the launch template's `volumeSize` (gp3).
 * - EKS control plane: extended-support price when the cluster's `upgradePolicy.supportType` is
 *   EXTENDED (or unset: the AWS default) and its version is past the end of standard support
 *   on `asOf` (the calendar in components/cluster/versions.ts), standard price otherwise.
 * - Region: the `region` input of the resource's provider, else the `platform:region` config.
 * - Nothing is silently zero: a resource that costs money but has no price (usage-based services,
 *   capacity made at runtime, a type or region missing from the table) is listed in `unpriced`
 *   with the reason. Types that AWS does not bill (IAM, route tables, security groups, ...) are
 *   counted in `free`.
 */

export const HOURS_PER_MONTH = 730;

export interface CostAssumptions {
    /** @default 730 */
    hoursPerMonth: number;
    /** Spot price as a fraction off on-demand (0.6 = 60% cheaper). @default 0.6 */
    spotDiscount: number;
    /** GB processed per NAT gateway per month. @default 100 */
    natGbPerMonth: number;
    /** GB sent through each TGW attachment per month. @default 100 */
    tgwGbPerAttachment: number;
    /** GB processed per interface VPC endpoint per month. @default 10 */
    endpointGbPerMonth: number;
    /** GB ingested per log group per month. @default 5 */
    logGbPerGroup: number;
    /** Months of logs kept when a log group never expires (retention 0 or unset). @default 12 */
    logMonthsWhenNeverExpires: number;
    /** GB of images per ECR repository. @default 10 */
    ecrGbPerRepository: number;
    /** GB stored per S3 bucket. @default 100 */
    s3GbPerBucket: number;
    /** Average LCUs per load balancer. @default 1 */
    lcuPerLoadBalancer: number;
    /** Node root volume when neither the launch template nor `diskSize` sets one (EKS default). @default 20 */
    nodeRootVolumeGb: number;
    /** Date the EKS support calendar is read at (ISO). @default today */
    asOf: string;
}

export const DEFAULT_ASSUMPTIONS: Omit<CostAssumptions, "asOf"> = {
    hoursPerMonth: HOURS_PER_MONTH,
    spotDiscount: 0.6,
    natGbPerMonth: 100,
    tgwGbPerAttachment: 100,
    endpointGbPerMonth: 10,
    logGbPerGroup: 5,
    logMonthsWhenNeverExpires: 12,
    ecrGbPerRepository: 10,
    s3GbPerBucket: 100,
    lcuPerLoadBalancer: 1,
    nodeRootVolumeGb: 20,
};

export interface CostLine {
    urn?: string;
    type: string;
    name: string;
    /** What is billed: `EKS control plane (standard support)`, `EC2 m7i.large on-demand`, ... */
    item: string;
    quantity: number;
    unit: string;
    unitPrice: number;
    monthly: number;
    region: string;
}

export interface UnpricedResource {
    urn: string;
    type: string;
    name: string;
    reason: string;
}

export interface CostEstimate {
    currency: "USD";
    stack: string;
    monthly: number;
    lines: CostLine[];
    unpriced: UnpricedResource[];
    /** Resources AWS does not bill for by themselves (IAM, routes, security groups, Kubernetes objects). */
    free: number;
    assumptions: CostAssumptions;
    priceTableDate: string;
}

/** Types AWS does not bill for by themselves. Their cost, if any, shows up elsewhere (nodes, logs). */
const FREE_PREFIXES = [
    "pulumi:",
    "aws:iam/",
    "aws:ram/",
    "aws:ec2/route",
    "aws:ec2/securityGroup",
    "aws:ec2/defaultSecurityGroup",
    "aws:ec2/defaultNetworkAcl",
    "aws:ec2/networkAcl",
    "aws:vpc/securityGroup",
    "aws:ec2/subnet:",
    "aws:ec2/vpc:",
    "aws:ec2/internetGateway",
    "aws:ec2/egressOnlyInternetGateway",
    "aws:ec2/flowLog",
    "aws:ec2/tag:",
    "aws:ec2/launchTemplate",
    "aws:ec2/mainRouteTableAssociation",
    "aws:ec2transitgateway/transitGateway:",
    "aws:ec2transitgateway/route",
    "aws:ec2transitgateway/vpcAttachmentAccepter",
    "aws:eks/accessEntry",
    "aws:eks/accessPolicyAssociation",
    "aws:eks/podIdentityAssociation",
    "aws:eks/addon",
    "aws:kms/alias",
    "aws:s3/bucket",
    "aws:ecr/repositoryPolicy",
    "aws:ecr/lifecyclePolicy",
    "aws:ecr/replicationConfiguration",
    "aws:ecr/registryScanningConfiguration",
    "aws:ecr/registryPolicy",
    "aws:ecr/pullThroughCacheRule",
    "aws:cloudwatch/eventRule",
    "aws:cloudwatch/eventTarget",
    "aws:sqs/queuePolicy",
    "aws:cloudwatch/logResourcePolicy",
];

/** Billed by usage, or made at runtime: listed as unpriced with the reason, never counted as zero. */
const NO_PRICE: Readonly<Record<string, string>> = {
    "aws:amp/workspace:Workspace": "Amazon Managed Prometheus: billed per sample ingested, stored and queried; not estimated",
    "aws:amp/ruleGroupNamespace:RuleGroupNamespace": "Amazon Managed Prometheus rules: billed per query sample; not estimated",
    "aws:amp/alertManagerDefinition:AlertManagerDefinition": "Amazon Managed Prometheus alert manager: billed per alert; negligible",
    "aws:sns/topic:Topic": "SNS: billed per request and delivery; negligible at alerting volume",
    "aws:sns/topicSubscription:TopicSubscription": "SNS: billed per delivery; negligible at alerting volume",
    "aws:sqs/queue:Queue": "SQS: billed per request (first million a month free); negligible for interruption events",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "CloudWatch alarm: $0.10 per standard alarm-month; not in the price table",
    "aws:cloudwatch/dashboard:Dashboard": "CloudWatch dashboard: first three free, then $3 a month; not in the price table",
    "aws:grafana/workspace:Workspace": "Managed Grafana: billed per active user; not estimated",
    "aws:route53/record:Record": "Route 53: billed per hosted zone and query; not estimated",
};

function releaseOf(version: unknown) {
    return KUBERNETES_RELEASES.find((r) => r.version === version);
}

function num(v: unknown): number | undefined {
    const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function round(n: number, digits = 4): number {
    const f = 10 ** digits;
    return Math.round(n * f) / f;
}

export function estimateCost(plan: Plan, overrides: Partial<CostAssumptions> = {}): CostEstimate {
    const assumptions: CostAssumptions = { ...DEFAULT_ASSUMPTIONS, asOf: new Date().toISOString().slice(0, 10), ...overrides };
    const a = assumptions;
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const configRegion = typeof plan.config["platform:region"] === "string" ? (plan.config["platform:region"] as string) : typeof plan.config["aws:region"] === "string" ? (plan.config["aws:region"] as string) : undefined;
    const regionOf = (r: PlanResource): string | undefined => {
        const p = r.provider ? byUrn.get(r.provider) : undefined;
        const region = p?.inputs.region;
        return typeof region === "string" && region !== "" ? region : configRegion;
    };

    const lines: CostLine[] = [];
    const unpriced: UnpricedResource[] = [];
    let free = 0;
    const noPrice = (r: PlanResource, reason: string) => unpriced.push({ urn: r.urn, type: r.type, name: r.name, reason });

    for (const r of plan.resources) {
        if (!r.custom) {
            free++;
            continue;
        }
        if (r.type.startsWith("kubernetes:")) {
            const why = kubernetesRuntimeCost(r);
            if (why) {
                noPrice(r, why);
            } else {
                free++;
            }
            continue;
        }
        if (NO_PRICE[r.type]) {
            noPrice(r, NO_PRICE[r.type]);
            continue;
        }
        const region = regionOf(r);
        const prices = region ? PRICES[region] : undefined;
        const line = (item: string, quantity: number, unit: string, unitPrice: number) =>
            lines.push({ urn: r.urn, type: r.type, name: r.name, item, quantity: round(quantity), unit, unitPrice: round(unitPrice, 6), monthly: round(quantity * unitPrice), region: region! });
        const priced = PRICED_TYPES.has(r.type) || (r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface");
        if (priced && !prices) {
            noPrice(r, region ? `no prices for region ${region} in the price table` : "region unknown (no provider region, no platform:region)");
            continue;
        }
        switch (r.type) {
            case "aws:eks/cluster:Cluster": {
                const p = prices!;
                const support = getPath(r.inputs, "upgradePolicy.supportType") ?? "EXTENDED";
                const release = releaseOf(r.inputs.version);
                const pastStandard = release ? a.asOf > release.standardSupportEnd : false;
                const extended = support === "EXTENDED" && pastStandard;
                const note = release ? "" : ", version not in the support calendar";
                line(`EKS control plane (${extended ? "extended" : "standard"} support${note})`, a.hoursPerMonth, "hour", extended ? p.eksExtendedHour : p.eksStandardHour);
                break;
            }
            case "aws:eks/nodeGroup:NodeGroup":
                priceNodeGroup(r, prices!, a, byUrn, line, (why) => noPrice(r, why));
                break;
            case "aws:ec2/natGateway:NatGateway":
                if (r.inputs.connectivityType === "private") {
                    line("NAT gateway hours (private)", a.hoursPerMonth, "hour", prices!.natHour);
                } else {
                    line("NAT gateway hours", a.hoursPerMonth, "hour", prices!.natHour);
                }
                line("NAT gateway data processed", a.natGbPerMonth, "GB", prices!.natGb);
                break;
            case "aws:ec2transitgateway/vpcAttachment:VpcAttachment":
                line("TGW attachment hours", a.hoursPerMonth, "hour", prices!.tgwAttachmentHour);
                line("TGW data processed", a.tgwGbPerAttachment, "GB", prices!.tgwGb);
                break;
            case "aws:ec2/vpcEndpoint:VpcEndpoint": {
                if (!priced) {
                    free++; // gateway endpoints (S3, DynamoDB) are free
                    break;
                }
                const subnets = parseJsonString(r.inputs.subnetIds);
                const azs = Array.isArray(subnets) && subnets.length > 0 ? subnets.length : 1;
                line("Interface endpoint AZ-hours", azs * a.hoursPerMonth, "endpoint-AZ-hour", prices!.vpceAzHour);
                line("Interface endpoint data processed", a.endpointGbPerMonth, "GB", prices!.vpceGb);
                break;
            }
            case "aws:kms/key:Key":
            case "aws:kms/replicaKey:ReplicaKey":
                line("KMS keys", 1, "key-month", prices!.kmsKeyMonth);
                break;
            case "aws:cloudwatch/logGroup:LogGroup": {
                const days = num(r.inputs.retentionInDays) ?? 0;
                const months = days === 0 ? a.logMonthsWhenNeverExpires : days / 30;
                line("CloudWatch Logs ingestion", a.logGbPerGroup, "GB", prices!.logsIngestGb);
                line("CloudWatch Logs storage", a.logGbPerGroup * months, "GB-month", prices!.logsStoreGbMonth);
                break;
            }
            case "aws:ecr/repository:Repository":
                line("ECR storage", a.ecrGbPerRepository, "GB-month", prices!.ecrGbMonth);
                break;
            case "aws:s3/bucket:Bucket":
            case "aws:s3/bucketV2:BucketV2":
                line("S3 Standard storage", a.s3GbPerBucket, "GB-month", prices!.s3GbMonth);
                break;
            case "aws:lb/loadBalancer:LoadBalancer":
            case "aws:alb/loadBalancer:LoadBalancer": {
                const network = r.inputs.loadBalancerType === "network";
                line(network ? "NLB hours" : "ALB hours", a.hoursPerMonth, "hour", network ? prices!.nlbHour : prices!.albHour);
                line(network ? "NLB LCU-hours" : "ALB LCU-hours", a.lcuPerLoadBalancer * a.hoursPerMonth, "LCU-hour", network ? prices!.nlbLcuHour : prices!.albLcuHour);
                break;
            }
            case "aws:ec2/eip:Eip":
                line("Public IPv4 address hours", a.hoursPerMonth, "hour", prices!.publicIpv4Hour);
                break;
            default:
                if (FREE_PREFIXES.some((p) => r.type.startsWith(p))) {
                    free++;
                } else {
                    noPrice(r, "type not in the price table");
                }
        }
    }
    const monthly = round(lines.reduce((s, l) => s + l.monthly, 0), 2);
    return { currency: "USD", stack: plan.stack, monthly, lines, unpriced, free, assumptions, priceTableDate: PRICE_TABLE_DATE };
}

const PRICED_TYPES = new Set([
    "aws:eks/cluster:Cluster",
    "aws:eks/nodeGroup:NodeGroup",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
    "aws:kms/key:Key",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:ecr/repository:Repository",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:lb/loadBalancer:LoadBalancer",
    "aws:alb/loadBalancer:LoadBalancer",
    "aws:ec2/eip:Eip",
]);

type LineFn = (item: string, quantity: number, unit: string, unitPrice: number) => void;

function priceNodeGroup(r: PlanResource, p: RegionPrices, a: CostAssumptions, byUrn: Map<string, PlanResource>, line: LineFn, noPrice: (why: string) => void): void {
    const scaling = parseJsonString(r.inputs.scalingConfig) as Record<string, unknown> | undefined;
    const nodes = num(scaling?.desiredSize) ?? num(scaling?.minSize);
    const lt = launchTemplateOf(r, byUrn);
    const types = parseJsonString(r.inputs.instanceTypes);
    const instanceType = Array.isArray(types) && typeof types[0] === "string" ? (types[0] as string) : typeof lt?.inputs.instanceType === "string" ? (lt.inputs.instanceType as string) : undefined;
    if (nodes === undefined) {
        noPrice("node count unknown (no scalingConfig.desiredSize)");
        return;
    }
    if (!instanceType) {
        noPrice("instance type unknown (no instanceTypes, no launch template instanceType)");
        return;
    }
    const hourly = p.ec2Hour[instanceType];
    if (hourly === undefined) {
        noPrice(`no price for instance type ${instanceType} in the price table`);
        return;
    }
    const spot = r.inputs.capacityType === "SPOT";
    const unit = spot ? hourly * (1 - a.spotDiscount) : hourly;
    line(`EC2 ${instanceType} ${spot ? "spot" : "on-demand"}`, nodes * a.hoursPerMonth, "instance-hour", unit);
    const volume = num(lt ? getPath(lt.inputs, "blockDeviceMappings[0].ebs.volumeSize") : undefined) ?? num(r.inputs.diskSize) ?? a.nodeRootVolumeGb;
    line("EBS gp3 node volumes", nodes * volume, "GB-month", p.ebsGp3GbMonth);
}

function launchTemplateOf(r: PlanResource, byUrn: Map<string, PlanResource>): PlanResource | undefined {
    for (const u of r.propertyDependencies?.launchTemplate ?? []) {
        const dep = byUrn.get(u);
        if (dep?.type === "aws:ec2/launchTemplate:LaunchTemplate") {
            return dep;
        }
    }
    return undefined;
}

/** Kubernetes objects that make AWS bill something at runtime that the plan cannot see. */
function kubernetesRuntimeCost(r: PlanResource): string | undefined {
    const kind = r.type.split(":").pop();
    const apiVersion = String(r.inputs.apiVersion ?? "");
    if (r.type === "kubernetes:core/v1:Service" && getPath(r.inputs, "spec.type") === "LoadBalancer") {
        return "load balancer made at runtime by the AWS Load Balancer Controller; not estimated";
    }
    if (r.type === "kubernetes:networking.k8s.io/v1:Ingress") {
        return "ALB made at runtime by the AWS Load Balancer Controller; not estimated";
    }
    if ((kind === "NodePool" || r.inputs.kind === "NodePool") && (r.type.includes("karpenter") || apiVersion.startsWith("karpenter.sh"))) {
        const cpu = getPath(r.inputs, "spec.limits.cpu");
        return `Karpenter nodes are launched by load${cpu !== undefined ? ` (limit ${cpu} vCPU)` : ""}; not estimated`;
    }
    return undefined;
}
