import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DEPLOYER_BOUNDARY_NAME,
    dnsSuffixOf,
    IAM_ROLE_NAME,
    partitionOf,
    PLATFORM_IAM_PATH,
    platformPolicyArn,
    PolicyDocument,
    policyDocument,
    PolicyStatement,
    Problems,
    stateful,
    tagsFor,
    WORKLOAD_BOUNDARY_NAME,
    workloadBoundaryArn,
} from "../common";
import { GITHUB_OIDC_HOST, PASS_ROLE_SERVICES } from "./trust";
import { OIDC_PROVIDER_WRITE_ACTIONS } from "./iam-actions";

/**
 * Permissions boundaries of one account, pure documents first, then the component that creates
 * them. IAM evaluates a request from a role with a boundary as the intersection of the role's
 * identity policies and the boundary, and an explicit Deny in either wins
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html, read 2026-12-02).
 *
 * - `platform-workload-boundary`: on every role the deployment roles create. Every service but
 *   IAM, Organizations and Account; of IAM only reads, instance profiles (Karpenter creates its
 *   own), passing roles under PLATFORM_IAM_PATH to EC2 (Karpenter's nodes) and service-linked roles.
 * - `platform-deployer-boundary`: on the deployment roles. The most any deployment role may ever
 *   do, whatever identity policies it is given: every service but IAM, Organizations and Account,
 *   IAM only inside the fence (PLATFORM_IAM_PATH, EKS OIDC providers, service-linked roles), and
 *   the escalation denies. A managed policy the deployers cannot edit, so a widened identity policy
 *   (a custom `statements`, AdministratorAccess attached by hand) is still capped.
 */

/** What the escalation denies name: the account, its protected roles and the boundaries. */
export interface EscalationFence {
    accountId: string;
    region: string;
    /**
     * Roles of this account that nothing the deployers create or hold may change: the deployment
     * and preview roles and the account-access role.
     */
    protectedRoleNames: string[];
    /** The role Organizations creates in member accounts: never assumed, in any account. */
    accessRoleName: string;
}

/** The role AWS Organizations creates in the accounts it creates (administrator, trusted by the management account). */
export const ACCOUNT_ACCESS_ROLE_NAME = "OrganizationAccountAccessRole";

/** The deployer boundary's ARN (deterministic, like the workload boundary's). */
export function deployerBoundaryArn(accountId: string, region: string): string {
    return platformPolicyArn(accountId, region, DEPLOYER_BOUNDARY_NAME);
}

/** Every write on a role: what the protected roles are denied. */
export const ROLE_WRITE_ACTIONS = [
    "iam:AttachRolePolicy",
    "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
];

/** IAM users, groups and their long-lived credentials: nothing in the platform creates them. */
export const USER_AND_KEY_ACTIONS = [
    "iam:AddUserToGroup",
    "iam:AttachGroupPolicy",
    "iam:AttachUserPolicy",
    "iam:CreateAccessKey",
    "iam:CreateGroup",
    "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential",
    "iam:CreateUser",
    "iam:PutGroupPolicy",
    "iam:PutUserPermissionsBoundary",
    "iam:PutUserPolicy",
    "iam:UpdateAccessKey",
    "iam:UpdateLoginProfile",
    "iam:UploadSSHPublicKey",
    "iam:UploadSigningCertificate",
];

/** Writes on an OIDC provider: denied on the GitHub provider the deployment roles trust. */
export { OIDC_PROVIDER_WRITE_ACTIONS };

/**
 * The denies every deployment role carries twice, in its identity policy and in its boundary:
 * no administrator policies, no users or keys, no role without the workload boundary, no boundary
 * removed or rewritten, no write on the protected roles or the GitHub OIDC provider, no
 * assumption of the account-access role.
 */
export function escalationDenyStatements(f: EscalationFence): PolicyStatement[] {
    const partition = partitionOf(f.region);
    const iam = `arn:${partition}:iam::${f.accountId}`;
    const workloadBoundary = workloadBoundaryArn(f.accountId, f.region);
    return [
        {
            Sid: "DenyAdministratorPolicies",
            Effect: "Deny",
            Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
            Resource: "*",
            Condition: { ArnEquals: { "iam:PolicyARN": [`arn:${partition}:iam::aws:policy/AdministratorAccess`, `arn:${partition}:iam::aws:policy/IAMFullAccess`] } },
        },
        { Sid: "DenyUsersGroupsAndKeys", Effect: "Deny", Action: USER_AND_KEY_ACTIONS, Resource: "*" },
        // A negated operator matches when the key is absent: a role created without any boundary.
        {
            Sid: "DenyRolesWithoutWorkloadBoundary",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
            Resource: "*",
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": workloadBoundary } },
        },
        // Passing a role hands its permissions to a service's code: only to the services the platform uses.
        { Sid: "DenyPassRoleToOtherServices", Effect: "Deny", Action: "iam:PassRole", Resource: "*", Condition: { StringNotEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } } },
        { Sid: "DenyBoundaryRemoval", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
        {
            Sid: "DenyBoundaryPolicyChanges",
            Effect: "Deny",
            Action: ["iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicy", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
            Resource: [workloadBoundary, deployerBoundaryArn(f.accountId, f.region)],
        },
        { Sid: "DenyProtectedRoleChanges", Effect: "Deny", Action: ROLE_WRITE_ACTIONS, Resource: [...new Set(f.protectedRoleNames)].map((n) => `${iam}:role/${n}`) },
        { Sid: "DenyGitHubOidcProviderChanges", Effect: "Deny", Action: OIDC_PROVIDER_WRITE_ACTIONS, Resource: `${iam}:oidc-provider/${GITHUB_OIDC_HOST}` },
        { Sid: "DenyAssumeAccountAccessRole", Effect: "Deny", Action: "sts:AssumeRole", Resource: `arn:${partition}:iam::*:role/${f.accessRoleName}` },
    ];
}

/**
 * What AWS Config's organization aggregator role reads of the organization (the AWS managed policy
 * AWSConfigRoleForOrganizations: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSConfigRoleForOrganizations.html, read 2026-12-03).
 */
export const CONFIG_ORGANIZATION_READS = ["organizations:DescribeOrganization", "organizations:ListAWSServiceAccessForOrganization", "organizations:ListAccounts", "organizations:ListDelegatedAdministrators"] as const;

/** Services outside IAM, Organizations and Account: the broad part of both boundaries (PowerUserAccess's first statement). */
const ALL_BUT_IDENTITY: PolicyStatement = { Sid: "AllowServices", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" };

/**
 * The boundary of every role under PLATFORM_IAM_PATH. Workloads (add-ons, Karpenter, flow logs,
 * CodeBuild runners, services) get any service action their own policies grant, IAM reads,
 * instance profiles, PassRole of platform roles to EC2 (Karpenter launching nodes with its node
 * role) and service-linked roles (the load balancer controller's first ELB). No other IAM write,
 * nothing in Organizations or Account, never the account-access role. Written as allows plus
 * explicit denies so that it reads as what it stops.
 */
export function workloadBoundaryDocument(accountId: string, region: string, accessRoleName: string): PolicyDocument {
    const partition = partitionOf(region);
    const iam = `arn:${partition}:iam::${accountId}`;
    return policyDocument([
        ALL_BUT_IDENTITY,
        { Sid: "AllowIamReads", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        {
            Sid: "AllowInstanceProfiles",
            Effect: "Allow",
            Action: [
                "iam:AddRoleToInstanceProfile",
                "iam:CreateInstanceProfile",
                "iam:DeleteInstanceProfile",
                "iam:RemoveRoleFromInstanceProfile",
                "iam:TagInstanceProfile",
                "iam:UntagInstanceProfile",
            ],
            Resource: `${iam}:instance-profile/*`,
        },
        {
            Sid: "AllowPassPlatformRolesToEc2",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: `${iam}:role${PLATFORM_IAM_PATH}*`,
            Condition: { StringEquals: { "iam:PassedToService": `ec2.${dnsSuffixOf(region)}` } },
        },
        { Sid: "AllowServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: `${iam}:role/aws-service-role/*` },
        {
            Sid: "DenyIamWrites",
            Effect: "Deny",
            Action: ["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Tag*", "iam:Untag*", "iam:Update*", "iam:Upload*"],
            NotResource: [`${iam}:instance-profile/*`, `${iam}:role/aws-service-role/*`],
        },
        // The four reads AWS Config's organization aggregator role needs (AWSConfigRoleForOrganizations,
        // components/security AwsConfig). No other Organizations action has an Allow in this boundary
        // (AllowServices excludes organizations:*), so every write stays denied; an explicit Deny of
        // organizations:* would also deny these reads (a Deny cannot make exceptions by action).
        { Sid: "AllowOrganizationReadsForConfig", Effect: "Allow", Action: [...CONFIG_ORGANIZATION_READS], Resource: "*" },
        { Sid: "DenyAccount", Effect: "Deny", Action: "account:*", Resource: "*" },
        { Sid: "DenyAssumeAccountAccessRole", Effect: "Deny", Action: "sts:AssumeRole", Resource: `arn:${partition}:iam::*:role/${accessRoleName}` },
    ]);
}

/**
 * The ceiling of a deployment role: every service but IAM, Organizations and Account; reads of
 * those; IAM writes only inside the fence (roles, policies and instance profiles under
 * PLATFORM_IAM_PATH, EKS clusters' OIDC providers, service-linked roles); and the escalation denies.
 */
export function deployerBoundaryDocument(f: EscalationFence): PolicyDocument {
    const iam = `arn:${partitionOf(f.region)}:iam::${f.accountId}`;
    return policyDocument([
        ALL_BUT_IDENTITY,
        { Sid: "AllowIdentityReads", Effect: "Allow", Action: ["iam:Get*", "iam:List*", "organizations:Describe*", "organizations:List*", "account:Get*", "account:List*"], Resource: "*" },
        {
            Sid: "AllowIamInsideTheFence",
            Effect: "Allow",
            Action: "iam:*",
            Resource: [
                `${iam}:role${PLATFORM_IAM_PATH}*`,
                `${iam}:policy${PLATFORM_IAM_PATH}*`,
                `${iam}:instance-profile${PLATFORM_IAM_PATH}*`,
                `${iam}:oidc-provider/oidc.eks.*`,
                `${iam}:role/aws-service-role/*`,
            ],
        },
        ...escalationDenyStatements(f),
    ]);
}

export interface PermissionBoundariesArgs {
    /** Account the policies live in. */
    accountId: string;
    /** Region of the stacks (decides the ARN partition). */
    region: string;
    /** Roles of the account that no deployment may change: the deployment and preview roles. */
    protectedRoleNames: string[];
    /** The role Organizations creates in member accounts (also protected). @default "OrganizationAccountAccessRole" */
    accessRoleName?: string;
    /** Protect the policies and retain them when removed (every platform role names the workload boundary). @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const PERMISSION_BOUNDARIES_DEFAULTS = { accessRoleName: ACCOUNT_ACCESS_ROLE_NAME, protect: true } as const;

export function validatePermissionBoundariesArgs(args: PermissionBoundariesArgs): void {
    const p = new Problems();
    if (!/^\d{12}$/.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(String(args.region))) {
        p.add("region", args.region, 'is not an AWS region name such as "eu-west-1"');
    }
    const names = Array.isArray(args.protectedRoleNames) ? args.protectedRoleNames : [];
    if (names.length === 0) {
        p.add("protectedRoleNames", args.protectedRoleNames, "is empty; list the deployment role (and the preview role) so that no deployment can change them");
    }
    names.forEach((n, i) => {
        if (!IAM_ROLE_NAME.test(String(n))) {
            p.add(`protectedRoleNames[${i}]`, n, "is not an IAM role name (at most 64 letters, digits and +=,.@_-)");
        }
    });
    if (args.accessRoleName !== undefined && !IAM_ROLE_NAME.test(args.accessRoleName)) {
        p.add("accessRoleName", args.accessRoleName, "is not an IAM role name (at most 64 letters, digits and +=,.@_-)");
    }
    p.throwIfAny("PermissionBoundaries");
}

/**
 * The two boundaries of one account, `<name>-workload` and `<name>-deployer`, customer managed
 * policies named WORKLOAD_BOUNDARY_NAME and DEPLOYER_BOUNDARY_NAME under PLATFORM_IAM_PATH (so
 * their ARNs are known before they exist). Created by the bootstrap, with an administrator:
 * the deployment roles may not change them.
 */
export class PermissionBoundaries extends pulumi.ComponentResource {
    readonly workloadBoundaryArn: pulumi.Output<string>;
    readonly deployerBoundaryArn: pulumi.Output<string>;

    constructor(name: string, args: PermissionBoundariesArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:PermissionBoundaries", name, {}, opts);
        validatePermissionBoundariesArgs(args);
        const accessRoleName = args.accessRoleName ?? PERMISSION_BOUNDARIES_DEFAULTS.accessRoleName;
        const protect = args.protect ?? PERMISSION_BOUNDARIES_DEFAULTS.protect;
        const fence: EscalationFence = {
            accountId: args.accountId,
            region: args.region,
            protectedRoleNames: [...args.protectedRoleNames, accessRoleName],
            accessRoleName,
        };
        const workload = new aws.iam.Policy(
            `${name}-workload`,
            {
                name: WORKLOAD_BOUNDARY_NAME,
                path: PLATFORM_IAM_PATH,
                description: "Permissions boundary of every role the platform's deployment roles create",
                policy: JSON.stringify(workloadBoundaryDocument(args.accountId, args.region, accessRoleName)),
                tags: tagsFor(args.tags, WORKLOAD_BOUNDARY_NAME),
            },
            stateful(this, protect),
        );
        const deployer = new aws.iam.Policy(
            `${name}-deployer`,
            {
                name: DEPLOYER_BOUNDARY_NAME,
                path: PLATFORM_IAM_PATH,
                description: "Permissions boundary of the platform's deployment roles",
                policy: JSON.stringify(deployerBoundaryDocument(fence)),
                tags: tagsFor(args.tags, DEPLOYER_BOUNDARY_NAME),
            },
            stateful(this, protect),
        );
        this.workloadBoundaryArn = workload.arn;
        this.deployerBoundaryArn = deployer.arn;
        this.registerOutputs({ workloadBoundaryArn: this.workloadBoundaryArn, deployerBoundaryArn: this.deployerBoundaryArn });
    }
}

