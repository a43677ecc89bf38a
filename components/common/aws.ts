/**
 * Small pure AWS helpers shared by components (no invokes: every fact comes from config).
 */

/** The ARN partition of a region. */
export function partitionOf(region: string): "aws" | "aws-cn" | "aws-us-gov" {
    if (region.startsWith("cn-")) {
        return "aws-cn";
    }
    if (region.startsWith("us-gov-")) {
        return "aws-us-gov";
    }
    return "aws";
}

/** The DNS suffix of service endpoints in a region. */
export function dnsSuffixOf(region: string): string {
    return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/** The root principal of an account: `arn:aws:iam::<id>:root`. */
export function accountRoot(accountId: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:root`;
}

/** IAM policy document types, narrow enough to catch typos in statements. */
export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: "*" | Record<string, string | string[]>;
    NotPrincipal?: Record<string, string | string[]>;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    NotResource?: string | string[];
    Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}
