import * as pulumi from "@pulumi/pulumi";
import { Problems } from "../common";
import { ORG_ID } from "../kms/validate";
import { GITHUB_OIDC_HOST } from "./trust";

/** Checks shared by the roles the bootstrap creates (DeploymentRole, PreviewRole). */

const GITHUB_ORG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
export const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
export const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const GITHUB_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;
const BUCKET_ARN = /^arn:aws(-cn|-us-gov)?:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** What both bootstrap roles take: who may assume them, what they may assume, and the state. */
export interface BootstrapRoleSettings {
    accountId: string;
    region: string;
    githubOrg: string;
    githubRepo: string;
    environments?: string[];
    oidcProviderArn?: pulumi.Input<string>;
    managementRoleArn?: string;
    roleName?: string;
    chainedRoleArns?: string[];
    assumableRoleArns?: string[];
    principalOrgId?: string;
    stateBucketArn?: pulumi.Input<string>;
    stateKeyArn?: pulumi.Input<string>;
    managedPolicyArns?: string[];
}

function checkRoleArns(p: Problems, path: string, arns: unknown, why: string): void {
    if (arns === undefined) {
        return;
    }
    if (!Array.isArray(arns)) {
        p.add(path, arns, "is not a list of IAM role ARNs");
        return;
    }
    arns.forEach((arn, i) => {
        if (typeof arn !== "string" || !ROLE_ARN.test(arn)) {
            p.add(`${path}[${i}]`, arn, `is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); ${why}`);
        } else if (arns.indexOf(arn) !== i) {
            p.add(`${path}[${i}]`, arn, "is listed twice");
        }
    });
}

export function checkBootstrapRoleSettings(p: Problems, args: BootstrapRoleSettings, name: string): void {
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    if (!GITHUB_ORG.test(String(args.githubOrg))) {
        p.add("githubOrg", args.githubOrg, "is not a GitHub organization name (letters, digits and '-', at most 39 characters)");
    }
    if (!GITHUB_REPO.test(String(args.githubRepo))) {
        p.add("githubRepo", args.githubRepo, "is not a GitHub repository name (letters, digits, '.', '_' and '-')");
    }
    const environments = Array.isArray(args.environments) ? args.environments : [];
    if (environments.length === 0) {
        p.add("environments", args.environments, "is empty; list the GitHub environments that deploy (a role trusted by every job of the repository is not allowed)");
    }
    environments.forEach((env, i) => {
        if (!ENVIRONMENT.test(env)) {
            p.add(`environments[${i}]`, env, "is not a GitHub environment name without wildcards (letters, digits, '.', '_' and '-')");
        } else if (environments.indexOf(env) !== i) {
            p.add(`environments[${i}]`, env, "is listed twice");
        }
    });
    if (typeof args.oidcProviderArn === "string" && !GITHUB_PROVIDER_ARN.test(args.oidcProviderArn)) {
        p.add("oidcProviderArn", args.oidcProviderArn, `is not the ARN of a ${GITHUB_OIDC_HOST} OIDC provider`);
    }
    if (args.managementRoleArn !== undefined && !ROLE_ARN.test(args.managementRoleArn)) {
        p.add("managementRoleArn", args.managementRoleArn, "is not an IAM role ARN (arn:aws:iam::<account>:role/<name>); account roots and * are not trusted");
    }
    const roleName = args.roleName ?? name;
    if (!ROLE_NAME.test(roleName)) {
        p.add("roleName", roleName, "is not an IAM role name (at most 64 letters, digits and +=,.@_-)");
    }
    checkRoleArns(p, "chainedRoleArns", args.chainedRoleArns, "account roots and * are not trusted");
    checkRoleArns(p, "assumableRoleArns", args.assumableRoleArns, "name each role this one may assume");
    if (args.principalOrgId !== undefined && !ORG_ID.test(args.principalOrgId)) {
        p.add("principalOrgId", args.principalOrgId, "is not an AWS Organizations ID (o-xxxxxxxxxx)");
    }
    if ((args.stateBucketArn === undefined) !== (args.stateKeyArn === undefined)) {
        p.addMessage("stateBucketArn and stateKeyArn: set both (the state bucket and its key) or neither");
    }
    if (typeof args.stateBucketArn === "string" && !BUCKET_ARN.test(args.stateBucketArn)) {
        p.add("stateBucketArn", args.stateBucketArn, "is not an S3 bucket ARN (arn:aws:s3:::<bucket>)");
    }
    if (typeof args.stateKeyArn === "string" && !KEY_ARN.test(args.stateKeyArn)) {
        p.add("stateKeyArn", args.stateKeyArn, "is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM authorizes keys by key ARN, not alias");
    }
    (args.managedPolicyArns ?? []).forEach((arn, i) => {
        if (!POLICY_ARN.test(arn)) {
            p.add(`managedPolicyArns[${i}]`, arn, "is not an IAM policy ARN");
        }
    });
}
