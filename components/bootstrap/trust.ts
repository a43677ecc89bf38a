import { partitionOf, PLATFORM_IAM_PATH, PolicyDocument, policyDocument, PolicyStatement, workloadBoundaryArn } from "../common";
import { roleArnsPrincipal } from "../kms/policies";
import { ACCOUNT_ACCESS_ROLE_NAME, escalationDenyStatements } from "./boundary";
import { OIDC_PROVIDER_WRITE_ACTIONS } from "./iam-actions";
import { DEPLOY_REF, DEPLOY_WORKFLOW, GitHubRepositoryIds, isRefPattern, trustedSubjects } from "./github-subject";

/** Trust and permission documents of a DeploymentRole, pure so that they are tested as documents. */

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

export interface DeploymentTrust {
    githubOrg: string;
    githubRepo: string;
    /** The repository's immutable IDs, when its subjects carry them (`repo:<org>@<id>/<repo>@<id>`). */
    githubIds?: GitHubRepositoryIds;
    /** GitHub environments whose jobs may assume the role (`context` = `environment:<env>`). */
    environments: string[];
    /** The workflow file whose jobs may assume the role. @default DEPLOY_WORKFLOW (.github/workflows/deploy.yml) */
    workflow?: string;
    /** The ref those runs are for: a branch, or PULL_REQUEST_REFS for previews. @default DEPLOY_REF (refs/heads/main) */
    ref?: string;
    /**
     * Further (workflow, exact branch ref) pairs whose jobs of the same environments may assume the
     * role: a preview role also serves deploy.yml's previews on main before an approval gate.
     * @default none
     */
    alsoTrusted?: { workflow: string; ref: string }[];
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
 * OIDC provider, and only jobs of one workflow file run for one ref: the subject is the repository's
 * customized one (github-subject.ts: `repo:<org>/<repo>:environment:<env>:ref:<ref>:job_workflow_ref:
 * <org>/<repo>/<workflow>@<ref>`), pinned with StringEquals; only a pull-request ref pattern
 * (PULL_REQUEST_REFS, whose wildcard is the PR number) makes it StringLike, the repository, environment and
 * workflow staying literal. The audience stays StringEquals. Optionally,
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
            Condition: githubCondition(trust),
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

/** `aud` by StringEquals; `sub` by StringEquals, or StringLike when the trusted ref is the pull-request pattern. */
function githubCondition(trust: DeploymentTrust): Record<string, Record<string, string | string[]>> {
    const ref = trust.ref ?? DEPLOY_REF;
    const pairs = [{ workflow: trust.workflow ?? DEPLOY_WORKFLOW, ref }, ...(trust.alsoTrusted ?? [])];
    const sub = { [`${GITHUB_OIDC_HOST}:sub`]: pairs.flatMap((pair) => trustedSubjects({ ...trust, ...pair })) };
    const aud = { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE };
    // Under StringLike an exact subject (a branch ref: no `*` or `?`) still matches only itself.
    return pairs.some((pair) => isRefPattern(pair.ref)) ? { StringEquals: aud, StringLike: sub } : { StringEquals: { ...aud, ...sub } };
}

/** The identity side of role chaining: `sts:AssumeRole` on exactly these roles. */
export function assumeRolesStatement(roleArns: string[]): PolicyStatement {
    return { Sid: "AssumeChainedRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: [...roleArns] };
}

/**
 * Services the platform's components pass roles to (EKS clusters, node instance profiles, flow
 * logs, Pod Identity, and the CodeBuild projects that host the shared stack's GitHub Actions runners).
 */
// config: the security stack's organization aggregator role; cloudtrail: the organization trail's CloudWatch Logs role;
// ecr: the role of the shared registry's repository creation templates (components/registry, customRoleArn).
export const PASS_ROLE_SERVICES = ["eks.amazonaws.com", "ec2.amazonaws.com", "vpc-flow-logs.amazonaws.com", "pods.eks.amazonaws.com", "codebuild.amazonaws.com", "config.amazonaws.com", "cloudtrail.amazonaws.com", "ecr.amazonaws.com", "s3.amazonaws.com", "backup.amazonaws.com"];

/**
 * Actions on roles under PLATFORM_IAM_PATH that decide what a role may do: allowed only while the
 * role carries (CreateRole, PutRolePermissionsBoundary: is given) the workload boundary, which IAM
 * checks with the `iam:PermissionsBoundary` condition key.
 */
export const BOUNDED_ROLE_ACTIONS = ["iam:AttachRolePolicy", "iam:CreateRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy"];

/** The other actions on roles under PLATFORM_IAM_PATH: none of them adds a permission. */
export const PLATFORM_ROLE_ACTIONS = ["iam:DeleteRole", "iam:TagRole", "iam:UntagRole", "iam:UpdateAssumeRolePolicy", "iam:UpdateRole", "iam:UpdateRoleDescription"];

/** Actions on customer managed policies and instance profiles under PLATFORM_IAM_PATH. */
export const PLATFORM_POLICY_ACTIONS = [
    "iam:AddRoleToInstanceProfile",
    "iam:CreateInstanceProfile",
    "iam:CreatePolicy",
    "iam:CreatePolicyVersion",
    "iam:DeleteInstanceProfile",
    "iam:DeletePolicy",
    "iam:DeletePolicyVersion",
    "iam:RemoveRoleFromInstanceProfile",
    "iam:TagInstanceProfile",
    "iam:TagPolicy",
    "iam:UntagInstanceProfile",
    "iam:UntagPolicy",
];

/** Actions on EKS clusters' OIDC providers (`oidc-provider/oidc.eks.*`): no other issuer can be made trustworthy. */
export const EKS_OIDC_PROVIDER_ACTIONS = OIDC_PROVIDER_WRITE_ACTIONS;

/** Every IAM write of the default deployment permissions, each inside one of the fences above. */
export const PLATFORM_IAM_ACTIONS = [...BOUNDED_ROLE_ACTIONS, ...PLATFORM_ROLE_ACTIONS, ...PLATFORM_POLICY_ACTIONS, ...EKS_OIDC_PROVIDER_ACTIONS].sort();

/**
 * The default inline permissions, next to the `PowerUserAccess` managed policy (every service but
 * IAM, Organizations and Account): read IAM; create and change roles only under PLATFORM_IAM_PATH
 * and only with the account's workload boundary; policies and instance profiles under the same
 * path; EKS OIDC providers; pass roles under the path only to the services that take them; create
 * service-linked roles.
 */
export function defaultDeploymentStatements(accountId: string, region: string): PolicyStatement[] {
    const iam = `arn:${partitionOf(region)}:iam::${accountId}`;
    const platformRoles = `${iam}:role${PLATFORM_IAM_PATH}*`;
    return [
        { Sid: "ReadIam", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        {
            Sid: "BoundedPlatformRoles",
            Effect: "Allow",
            Action: BOUNDED_ROLE_ACTIONS,
            Resource: platformRoles,
            Condition: { StringEquals: { "iam:PermissionsBoundary": workloadBoundaryArn(accountId, region) } },
        },
        { Sid: "ManagePlatformRoles", Effect: "Allow", Action: PLATFORM_ROLE_ACTIONS, Resource: platformRoles },
        { Sid: "ManagePlatformPolicies", Effect: "Allow", Action: PLATFORM_POLICY_ACTIONS, Resource: [`${iam}:policy${PLATFORM_IAM_PATH}*`, `${iam}:instance-profile${PLATFORM_IAM_PATH}*`] },
        { Sid: "ManageEksOidcProviders", Effect: "Allow", Action: EKS_OIDC_PROVIDER_ACTIONS, Resource: `${iam}:oidc-provider/oidc.eks.*` },
        {
            Sid: "PassRolesToPlatformServices",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: platformRoles,
            Condition: { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } },
        },
        // Every service's service-linked role, no iam:AWSServiceName condition: the stacks create
        // Auto Scaling's and Spot's (SERVICE_LINKED_ROLES in config/schema.ts), and EKS, ELB and
        // node groups create their own on first use; a list would break the first use of the next one.
        // Service-linked roles take no permissions boundary; AWS writes their policies and trust.
        { Sid: "CreateServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: `${iam}:role/aws-service-role/*` },
    ];
}

/**
 * Guards appended to every deployment role, whatever permissions it is given
 * (`escalationDenyStatements`, also in the deployer boundary): no administrator policies, no users
 * or keys, no role without the workload boundary, no boundary removed or rewritten, no change to
 * this role, the other protected roles (the preview role) or the account-access role, nor to the
 * GitHub OIDC provider, and never `sts:AssumeRole` of the account-access role.
 */
export function deploymentGuardStatements(
    accountId: string,
    region: string,
    roleName: string,
    protectedRoleNames: string[] = [],
    accessRoleName: string = ACCOUNT_ACCESS_ROLE_NAME,
): PolicyStatement[] {
    return escalationDenyStatements({ accountId, region, protectedRoleNames: [roleName, ...protectedRoleNames, accessRoleName], accessRoleName });
}
