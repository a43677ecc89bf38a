import { partitionOf, PolicyDocument, policyDocument, PolicyStatement } from "../common";
import { roleArnsPrincipal } from "../kms/policies";

/** Trust and permission documents of a DeploymentRole, pure so that they are tested as documents. */

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface DeploymentTrust {
    githubOrg: string;
    githubRepo: string;
    /** GitHub environments whose jobs may assume the role (`repo:<org>/<repo>:environment:<env>`). */
    environments: string[];
    /**
     * A role in the management account that may assume this role for a local `pulumi up` (the
     * break-glass role). Named like the chained roles, by exact ARN in `aws:PrincipalArn`.
     */
    managementRoleArn?: string;
    /**
     * Roles that may assume this role with `sts:AssumeRole` (role chaining: the stacks' providers
     * assume the role of each account they touch, this one's own included). Exact role ARNs.
     */
    chainedRoleArns?: string[];
    /** Organization the chained roles must belong to (`aws:PrincipalOrgID`). */
    principalOrgId?: string;
}

/**
 * GitHub Actions jobs of the listed environments of one repository, through the account's GitHub
 * OIDC provider, with the audience and subject pinned by StringEquals (no wildcards); optionally,
 * one named management-account role; and, optionally, the chained roles: `sts:AssumeRole` only
 * for sessions whose `aws:PrincipalArn` is one of those exact role ARNs (and, when given, whose
 * `aws:PrincipalOrgID` is the organization). The management role and the chained roles are named
 * in the condition, with their accounts' roots as the principal, because IAM rejects a trust
 * policy naming a role that does not exist yet ("Invalid principal in policy"), and the roles of
 * all accounts (this one included: a role cannot name itself when it is created) are created in
 * the same update; and because IAM stores a role principal as the role's unique ID, so a deleted
 * and re-created role would silently stop matching, while `aws:PrincipalArn` compares the ARN.
 * Never `*`. (https://repost.aws/knowledge-center/iam-trust-policy-error,
 * https://repost.aws/knowledge-center/iam-resource-policy-format, read 2026-12-02.)
 */
export function deploymentTrustPolicy(oidcProviderArn: string, trust: DeploymentTrust): PolicyDocument {
    const statements: PolicyStatement[] = [
        {
            Sid: "GitHubActions",
            Effect: "Allow",
            Principal: { Federated: oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
                    [`${GITHUB_OIDC_HOST}:sub`]: trust.environments.map((env) => `repo:${trust.githubOrg}/${trust.githubRepo}:environment:${env}`),
                },
            },
        },
    ];
    if (trust.managementRoleArn) {
        statements.push({ Sid: "ManagementRole", Effect: "Allow", ...roleArnsPrincipal([trust.managementRoleArn], trust.principalOrgId), Action: "sts:AssumeRole" });
    }
    const chained = trust.chainedRoleArns ?? [];
    if (chained.length > 0) {
        statements.push({ Sid: "ChainedRoles", Effect: "Allow", ...roleArnsPrincipal(chained, trust.principalOrgId), Action: "sts:AssumeRole" });
    }
    return policyDocument(statements);
}

/** The identity side of role chaining: `sts:AssumeRole` on exactly these roles. */
export function assumeRolesStatement(roleArns: string[]): PolicyStatement {
    return { Sid: "AssumeChainedRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...roleArns] };
}

/**
 * Services the platform's components pass roles to (EKS clusters, node instance profiles, flow
 * logs, Pod Identity, and the CodeBuild projects that host the shared stack's GitHub Actions runners).
 */
export const PASS_ROLE_SERVICES = ["eks.amazonaws.com", "ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com", "pods.eks.amazonaws.com", "codebuild.amazonaws.com"];

/** IAM actions the platform's components need on the roles, policies, instance profiles and OIDC providers they create. */
export const PLATFORM_IAM_ACTIONS = [
    "iam:AddClientIDToOpenIDConnectProvider",
    "iam:AddRoleToInstanceProfile",
    "iam:AttachRolePolicy",
    "iam:CreateInstanceProfile",
    "iam:CreateOpenIDConnectProvider",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:CreateRole",
    "iam:DeleteInstanceProfile",
    "iam:DeleteOpenIDConnectProvider",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:DeleteRole",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePolicy",
    "iam:RemoveClientIDFromOpenIDConnectProvider",
    "iam:RemoveRoleFromInstanceProfile",
    "iam:TagInstanceProfile",
    "iam:TagOpenIDConnectProvider",
    "iam:TagPolicy",
    "iam:TagRole",
    "iam:UntagInstanceProfile",
    "iam:UntagOpenIDConnectProvider",
    "iam:UntagPolicy",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateOpenIDConnectProviderThumbprint",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
];

/**
 * The default inline permissions, next to the `PowerUserAccess` managed policy (every service but
 * IAM, Organizations and Account): read IAM, manage the IAM objects of this account that the
 * components create, pass roles only to the services that take them, create service-linked roles.
 */
export function defaultDeploymentStatements(accountId: string, region: string): PolicyStatement[] {
    const iam = `arn:${partitionOf(region)}:iam::${accountId}`;
    return [
        { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        {
            Sid: "ManagePlatformIam",
            Effect: "Allow",
            Action: PLATFORM_IAM_ACTIONS,
            Resource: [`${iam}:role/*`, `${iam}:policy/*`, `${iam}:instance-profile/*`, `${iam}:oidc-provider/*`],
        },
        {
            Sid: "PassRolesToPlatformServices",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: `${iam}:role/*`,
            Condition: { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } },
        },
        // Every service's service-linked role, no iam:AWSServiceName condition: the stacks create
        // Auto Scaling's and Spot's (SERVICE_LINKED_ROLES in config/schema.ts), and EKS, ELB and
        // node groups create their own on first use; a list would break the first use of the next one.
        { Sid: "CreateServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: `${iam}:role/aws-service-role/*` },
    ];
}

/**
 * Guards appended to every deployment role, whatever permissions it is given: it cannot attach
 * the administrator policies, create users or long-lived keys, or change its own role.
 */
export function deploymentGuardStatements(accountId: string, region: string, roleName: string): PolicyStatement[] {
    const partition = partitionOf(region);
    return [
        {
            Sid: "DenyAdministratorPolicies",
            Effect: "Deny",
            Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
            Resource: "*",
            Condition: { ArnEquals: { "iam:PolicyARN": [`arn:${partition}:iam::aws:policy/AdministratorAccess`, `arn:${partition}:iam::aws:policy/IAMFullAccess`] } },
        },
        { Sid: "DenyLongLivedCredentials", Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"], Resource: "*" },
        {
            Sid: "DenyChangesToThisRole",
            Effect: "Deny",
            Action: [
                "iam:AttachRolePolicy",
                "iam:DeleteRole",
                "iam:DeleteRolePermissionsBoundary",
                "iam:DeleteRolePolicy",
                "iam:DetachRolePolicy",
                "iam:PutRolePermissionsBoundary",
                "iam:PutRolePolicy",
                "iam:UpdateAssumeRolePolicy",
                "iam:UpdateRole",
            ],
            Resource: `arn:${partition}:iam::${accountId}:role/${roleName}`,
        },
    ];
}
