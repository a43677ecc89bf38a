/**
 * Constants shared by the network components and their validators (pure: no Pulumi).
 */

export const NAT_STRATEGIES = ["none", "single", "one-per-az", "central"] as const;
/**
 * How private subnets reach the internet: `none` (no default route), `single` (one NAT gateway in
 * the first zone, for dev), `one-per-az` (a NAT gateway per zone, no cross-zone dependency) or
 * `central` (a default route to the transit gateway and the hub's egress VPC; no NAT here).
 */
export type NatStrategy = (typeof NAT_STRATEGIES)[number];

/** Interface endpoints a private EKS cluster and its workloads need without NAT. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks", "eks-auth"];

/** CloudWatch Logs retention values AWS accepts. */
export const LOG_RETENTION_DAYS: readonly number[] = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Default flow-log retention. */
export const DEFAULT_FLOW_LOG_RETENTION_DAYS = 365;

/** Default BGP ASN of the transit gateway (the AWS default). */
export const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** Subnet prefix lengths of the hub's egress VPC: public subnets sized for NAT, /28 attachment subnets. */
export function egressPrefixLengths(vpcPrefix: number): { public: number; private: number; intra: number } {
    return { public: Math.min(vpcPrefix + 4, 28), private: 28, intra: 28 };
}
