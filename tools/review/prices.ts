/**
 * AWS list prices the cost estimate multiplies, in USD, per region. Public on-demand prices for
 * Linux, no Savings Plans, Reserved Instances, Free Tier or enterprise discount.
 *
 * Sources (the AWS pricing pages, one per service):
 *   EKS            https://aws.amazon.com/eks/pricing/
 *   EC2            https://aws.amazon.com/ec2/pricing/on-demand/
 *   EBS            https://aws.amazon.com/ebs/pricing/
 *   NAT gateway,
 *   public IPv4    https://aws.amazon.com/vpc/pricing/
 *   Transit GW     https://aws.amazon.com/transit-gateway/pricing/
 *   PrivateLink    https://aws.amazon.com/privatelink/pricing/
 *   KMS            https://aws.amazon.com/kms/pricing/
 *   CloudWatch     https://aws.amazon.com/cloudwatch/pricing/
 *   ECR            https://aws.amazon.com/ecr/pricing/
 *   S3             https://aws.amazon.com/s3/pricing/
 *   ELB            https://aws.amazon.com/elasticloadbalancing/pricing/
 *
 * Taken: 2026-11-27 (`PRICE_TABLE_DATE`), transcribed by hand from the published list prices;
 * not fetched by a tool, and AWS changes prices without notice. Refresh with the AWS Price List
 * API (`aws pricing get-products --service-code AmazonEC2 ...`) before quoting a number outside
 * a review, and bump the date. A region missing here makes every line of a stack "unpriced",
 * never zero.
 */

export const PRICE_TABLE_DATE = "2026-11-27";

export const PRICE_SOURCES: readonly string[] = [
    "https://aws.amazon.com/eks/pricing/",
    "https://aws.amazon.com/ec2/pricing/on-demand/",
    "https://aws.amazon.com/ebs/pricing/",
    "https://aws.amazon.com/vpc/pricing/",
    "https://aws.amazon.com/transit-gateway/pricing/",
    "https://aws.amazon.com/privatelink/pricing/",
    "https://aws.amazon.com/kms/pricing/",
    "https://aws.amazon.com/cloudwatch/pricing/",
    "https://aws.amazon.com/ecr/pricing/",
    "https://aws.amazon.com/s3/pricing/",
    "https://aws.amazon.com/elasticloadbalancing/pricing/",
];

export interface RegionPrices {
    /** EKS cluster, per hour: standard support and extended support. */
    eksStandardHour: number;
    eksExtendedHour: number;
    /** EC2 on-demand Linux, per instance-hour. */
    ec2Hour: Readonly<Record<string, number>>;
    /** EBS gp3 storage, per GB-month. */
    ebsGp3GbMonth: number;
    natHour: number;
    natGb: number;
    tgwAttachmentHour: number;
    tgwGb: number;
    /** Interface VPC endpoint, per endpoint per AZ per hour, and per GB processed (first PB tier). */
    vpceAzHour: number;
    vpceGb: number;
    /** KMS customer managed key, per key-month (requests are not estimated). */
    kmsKeyMonth: number;
    /** CloudWatch Logs standard class: ingestion per GB, storage per GB-month. */
    logsIngestGb: number;
    logsStoreGbMonth: number;
    ecrGbMonth: number;
    /** S3 Standard, first 50 TB tier, per GB-month. */
    s3GbMonth: number;
    albHour: number;
    albLcuHour: number;
    nlbHour: number;
    nlbLcuHour: number;
    /** In-use public IPv4 address (Elastic IP or auto-assigned), per hour. */
    publicIpv4Hour: number;
}

export const PRICES: Readonly<Record<string, RegionPrices>> = {
    "us-east-1": {
        eksStandardHour: 0.1,
        eksExtendedHour: 0.6,
        ec2Hour: {
            "m5.large": 0.096,
            "m5.xlarge": 0.192,
            "m5.2xlarge": 0.384,
            "m6i.large": 0.096,
            "m6i.xlarge": 0.192,
            "m6i.2xlarge": 0.384,
            "m7i.large": 0.1008,
            "m7i.xlarge": 0.2016,
            "m7i.2xlarge": 0.4032,
        },
        ebsGp3GbMonth: 0.08,
        natHour: 0.045,
        natGb: 0.045,
        tgwAttachmentHour: 0.05,
        tgwGb: 0.02,
        vpceAzHour: 0.01,
        vpceGb: 0.01,
        kmsKeyMonth: 1,
        logsIngestGb: 0.5,
        logsStoreGbMonth: 0.03,
        ecrGbMonth: 0.1,
        s3GbMonth: 0.023,
        albHour: 0.0225,
        albLcuHour: 0.008,
        nlbHour: 0.0225,
        nlbLcuHour: 0.006,
        publicIpv4Hour: 0.005,
    },
    "eu-west-1": {
        eksStandardHour: 0.1,
        eksExtendedHour: 0.6,
        ec2Hour: {
            "m5.large": 0.107,
            "m5.xlarge": 0.214,
            "m5.2xlarge": 0.428,
            "m6i.large": 0.107,
            "m6i.xlarge": 0.214,
            "m6i.2xlarge": 0.428,
            "m7i.large": 0.1124,
            "m7i.xlarge": 0.2247,
            "m7i.2xlarge": 0.4494,
        },
        ebsGp3GbMonth: 0.088,
        natHour: 0.048,
        natGb: 0.048,
        tgwAttachmentHour: 0.05,
        tgwGb: 0.02,
        vpceAzHour: 0.011,
        vpceGb: 0.01,
        kmsKeyMonth: 1,
        logsIngestGb: 0.57,
        logsStoreGbMonth: 0.03,
        ecrGbMonth: 0.1,
        s3GbMonth: 0.023,
        albHour: 0.0252,
        albLcuHour: 0.008,
        nlbHour: 0.0252,
        nlbLcuHour: 0.006,
        publicIpv4Hour: 0.005,
    },
    "eu-central-1": {
        eksStandardHour: 0.1,
        eksExtendedHour: 0.6,
        ec2Hour: {
            "m5.large": 0.115,
            "m5.xlarge": 0.23,
            "m5.2xlarge": 0.46,
            "m6i.large": 0.115,
            "m6i.xlarge": 0.23,
            "m6i.2xlarge": 0.46,
            "m7i.large": 0.1208,
            "m7i.xlarge": 0.2415,
            "m7i.2xlarge": 0.483,
        },
        ebsGp3GbMonth: 0.0952,
        natHour: 0.052,
        natGb: 0.052,
        tgwAttachmentHour: 0.06,
        tgwGb: 0.02,
        vpceAzHour: 0.012,
        vpceGb: 0.01,
        kmsKeyMonth: 1,
        logsIngestGb: 0.63,
        logsStoreGbMonth: 0.0324,
        ecrGbMonth: 0.1,
        s3GbMonth: 0.0245,
        albHour: 0.027,
        albLcuHour: 0.008,
        nlbHour: 0.027,
        nlbLcuHour: 0.006,
        publicIpv4Hour: 0.005,
    },
};
