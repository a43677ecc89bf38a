import { PolicyDocument, policyDocument, PolicyStatement } from "../common";

/**
 * IAM permissions of the add-ons that call AWS, as pure data so that tests read them as documents.
 */

/** Tag the controller puts on every load balancer, target group and security group it owns. */
const LBC_TAG = "elbv2.k8s.aws/cluster";

/**
 * The AWS Load Balancer Controller's IAM policy, statement for statement the project's
 * `docs/install/iam_policy.json` (v2.12 and later through v3.5: adds GetSecurityGroupsForVpc,
 * DescribeListenerAttributes, ModifyIpPools, SetRulePriorities and the capacity reservation
 * actions). Writes are limited by the controller's ownership tag; the Describe and the WAF, Shield
 * and ACM lookups cannot be scoped by resource and stay on `*` as upstream publishes them. ARNs use
 * the region's partition (upstream ships separate files for aws-cn and aws-us-gov).
 */
export function lbControllerStatements(partition: string): PolicyStatement[] {
    const elb = `arn:${partition}:elasticloadbalancing:*:*`;
    const lbAndTg = [`${elb}:targetgroup/*/*`, `${elb}:loadbalancer/net/*/*`, `${elb}:loadbalancer/app/*/*`];
    return [
        {
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: "*",
            Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        },
        {
            Effect: "Allow",
            Action: [
                "ec2:DescribeAccountAttributes",
                "ec2:DescribeAddresses",
                "ec2:DescribeAvailabilityZones",
                "ec2:DescribeInternetGateways",
                "ec2:DescribeVpcs",
                "ec2:DescribeVpcPeeringConnections",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeTags",
                "ec2:GetCoipPoolUsage",
                "ec2:DescribeCoipPools",
                "ec2:GetSecurityGroupsForVpc",
                "ec2:DescribeIpamPools",
                "ec2:DescribeRouteTables",
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeListenerCertificates",
                "elasticloadbalancing:DescribeSSLPolicies",
                "elasticloadbalancing:DescribeRules",
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeTrustStores",
                "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
            ],
            Resource: "*",
        },
        {
            Effect: "Allow",
            Action: [
                "cognito-idp:DescribeUserPoolClient",
                "acm:ListCertificates",
                "acm:DescribeCertificate",
                "iam:ListServerCertificates",
                "iam:GetServerCertificate",
                "waf-regional:GetWebACL",
                "waf-regional:GetWebACLForResource",
                "waf-regional:AssociateWebACL",
                "waf-regional:DisassociateWebACL",
                "wafv2:GetWebACL",
                "wafv2:GetWebACLForResource",
                "wafv2:AssociateWebACL",
                "wafv2:DisassociateWebACL",
                "shield:GetSubscriptionState",
                "shield:DescribeProtection",
                "shield:CreateProtection",
                "shield:DeleteProtection",
            ],
            Resource: "*",
        },
        { Effect: "Allow", Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"], Resource: "*" },
        { Effect: "Allow", Action: ["ec2:CreateSecurityGroup"], Resource: "*" },
        {
            Effect: "Allow",
            Action: ["ec2:CreateTags"],
            Resource: `arn:${partition}:ec2:*:*:security-group/*`,
            Condition: { StringEquals: { "ec2:CreateAction": "CreateSecurityGroup" }, Null: { [`aws:RequestTag/${LBC_TAG}`]: "false" } },
        },
        {
            Effect: "Allow",
            Action: ["ec2:CreateTags", "ec2:DeleteTags"],
            Resource: `arn:${partition}:ec2:*:*:security-group/*`,
            Condition: { Null: { [`aws:RequestTag/${LBC_TAG}`]: "true", [`aws:ResourceTag/${LBC_TAG}`]: "false" } },
        },
        {
            Effect: "Allow",
            Action: ["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress", "ec2:DeleteSecurityGroup"],
            Resource: "*",
            Condition: { Null: { [`aws:ResourceTag/${LBC_TAG}`]: "false" } },
        },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateLoadBalancer", "elasticloadbalancing:CreateTargetGroup"],
            Resource: "*",
            Condition: { Null: { [`aws:RequestTag/${LBC_TAG}`]: "false" } },
        },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:CreateListener", "elasticloadbalancing:DeleteListener", "elasticloadbalancing:CreateRule", "elasticloadbalancing:DeleteRule"],
            Resource: "*",
        },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: lbAndTg,
            Condition: { Null: { [`aws:RequestTag/${LBC_TAG}`]: "true", [`aws:ResourceTag/${LBC_TAG}`]: "false" } },
        },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags", "elasticloadbalancing:RemoveTags"],
            Resource: [`${elb}:listener/net/*/*/*`, `${elb}:listener/app/*/*/*`, `${elb}:listener-rule/net/*/*/*`, `${elb}:listener-rule/app/*/*/*`],
        },
        {
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:ModifyLoadBalancerAttributes",
                "elasticloadbalancing:SetIpAddressType",
                "elasticloadbalancing:SetSecurityGroups",
                "elasticloadbalancing:SetSubnets",
                "elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:ModifyTargetGroup",
                "elasticloadbalancing:ModifyTargetGroupAttributes",
                "elasticloadbalancing:DeleteTargetGroup",
                "elasticloadbalancing:ModifyListenerAttributes",
                "elasticloadbalancing:ModifyCapacityReservation",
                "elasticloadbalancing:ModifyIpPools",
            ],
            Resource: "*",
            Condition: { Null: { [`aws:ResourceTag/${LBC_TAG}`]: "false" } },
        },
        {
            Effect: "Allow",
            Action: ["elasticloadbalancing:AddTags"],
            Resource: lbAndTg,
            Condition: {
                StringEquals: { "elasticloadbalancing:CreateAction": ["CreateTargetGroup", "CreateLoadBalancer"] },
                Null: { [`aws:RequestTag/${LBC_TAG}`]: "false" },
            },
        },
        { Effect: "Allow", Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], Resource: `${elb}:targetgroup/*/*` },
        {
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:SetWebAcl",
                "elasticloadbalancing:ModifyListener",
                "elasticloadbalancing:AddListenerCertificates",
                "elasticloadbalancing:RemoveListenerCertificates",
                "elasticloadbalancing:ModifyRule",
                "elasticloadbalancing:SetRulePriorities",
            ],
            Resource: "*",
        },
    ];
}

/** The controller's policy in the commercial partition, as upstream publishes `iam_policy.json`. */
export const LB_CONTROLLER_POLICY: PolicyDocument = policyDocument(lbControllerStatements("aws"));

/**
 * ExternalDNS on Route 53, scoped to the configured hosted zones: record changes only in those
 * zones; the list calls cannot be scoped by zone (ListHostedZones) or are needed to find the zones
 * at all, so they stay on `*` with no write power.
 */
export function externalDnsStatements(hostedZoneIds: string[], partition: string): PolicyStatement[] {
    return [
        {
            Sid: "ChangeRecordsInConfiguredZones",
            Effect: "Allow",
            Action: ["route53:ChangeResourceRecordSets"],
            Resource: hostedZoneIds.map((id) => `arn:${partition}:route53:::hostedzone/${id}`),
        },
        {
            Sid: "ListZonesAndRecords",
            Effect: "Allow",
            Action: ["route53:ListHostedZones", "route53:ListResourceRecordSets", "route53:ListTagsForResources"],
            Resource: "*",
        },
    ];
}
