import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { partitionOf, PolicyStatement, policyDocument, Problems, stateful, tagsFor } from "../common";
import { defaultDeploymentStatements, deploymentGuardStatements, deploymentTrustPolicy, GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from "./trust";

/**
 * The role stacks assume in one account: trusted only by GitHub Actions jobs of the listed
 * environments of one repository (through GitHub OIDC) and, optionally, by one named
 * management-account role for a local `pulumi up`. Sessions last at most an hour.
 */
export interface DeploymentRoleArgs {
    /** Account the role lives in. */
    accountId: string;
    /** Region of the stacks (decides the ARN partition). */
    region: string;
    /** GitHub organization (or user) that owns the repository. */
    githubOrg: string;
    /** Repository whose workflows deploy. */
    githubRepo: string;
    /** GitHub environments whose jobs may assume the role (protect them with required reviewers). */
    environments: string[];
    /**
     * The account's GitHub OIDC provider. An account has one per URL: pass its ARN when it exists.
     * @default a new provider for token.actions.githubusercontent.com
     */
    oidcProviderArn?: pulumi.Input<string>;
    /** A management-account role trusted for local `pulumi up`. @default none */
    managementRoleArn?: string;
    /** Physical role name (stacks assume `arn:aws:iam::<account>:role/<roleName>`). @default the component name */
    roleName?: string;
    /** Managed policies to attach. @default ["arn:<partition>:iam::aws:policy/PowerUserAccess"] */
    managedPolicyArns?: string[];
    /** Inline Allow statements. @default defaultDeploymentStatements(): IAM for the objects components create */
    statements?: PolicyStatement[];
    /** Protect the role and the OIDC provider and retain them when removed. @default true */
    protect?: boolean;
    /** @default {} */
    tags?: Record<string, string>;
}

export const DEPLOYMENT_ROLE_DEFAULTS = { maxSessionDuration: 3600, protect: true } as const;

/** The ARN AWS gives the account's GitHub OIDC provider. */
export function githubOidcProviderArn(accountId: string, region: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;
}

/** The default managed policy: every service but IAM, Organizations and Account. */
export function powerUserAccessArn(region: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/PowerUserAccess`;
}

const GITHUB_ORG = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;
const ENVIRONMENT = /^[A-Za-z0-9._-]{1,255}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]+$/;
const POLICY_ARN = /^arn:aws(-cn|-us-gov)?:iam::(aws|\d{12}):policy\/[\w+=,.@/-]+$/;
const GITHUB_PROVIDER_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/;

export function validateDeploymentRoleArgs(args: DeploymentRoleArgs, name = "deployment"): void {
    const p = new Problems();
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
    (args.managedPolicyArns ?? []).forEach((arn, i) => {
        if (!POLICY_ARN.test(arn)) {
            p.add(`managedPolicyArns[${i}]`, arn, "is not an IAM policy ARN");
        }
    });
    (args.statements ?? []).forEach((s, i) => {
        const actions = ([] as string[]).concat(s.Action ?? []);
        const resources = ([] as string[]).concat(s.Resource ?? []);
        if (s.Effect === "Allow" && actions.includes("*")) {
            p.add(`statements[${i}].Action`, s.Action, "grants every action; attach a managed policy or list the services' actions");
        }
        if (s.Effect === "Allow" && (actions.includes("iam:*") || (actions.includes("iam:PassRole") && resources.includes("*")))) {
            p.add(`statements[${i}]`, { Action: s.Action, Resource: s.Resource }, "grants iam:* or iam:PassRole on every role; scope it to the roles and services the stacks use");
        }
    });
    p.throwIfAny("DeploymentRole");
}

export class DeploymentRole extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;

    constructor(name: string, args: DeploymentRoleArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:bootstrap:DeploymentRole", name, {}, opts);
        validateDeploymentRoleArgs(args, name);
        const protect = args.protect ?? DEPLOYMENT_ROLE_DEFAULTS.protect;
        const roleName = args.roleName ?? name;
        const tags = tagsFor(args.tags, roleName);

        // The provider's ARN is fixed by AWS (one per URL per account), so the trust policy is
        // known at preview and names the real ARN; dependsOn keeps the creation order.
        const provider =
            args.oidcProviderArn === undefined
                ? new aws.iam.OpenIdConnectProvider(
                      `${name}-github-oidc`,
                      { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE], tags: tagsFor(args.tags, GITHUB_OIDC_HOST) },
                      stateful(this, protect),
                  )
                : undefined;
        const providerArn = pulumi.output(args.oidcProviderArn ?? githubOidcProviderArn(args.accountId, args.region));
        const trust = { githubOrg: args.githubOrg, githubRepo: args.githubRepo, environments: args.environments, managementRoleArn: args.managementRoleArn };
        const role = new aws.iam.Role(
            name,
            {
                name: roleName,
                description: `Pulumi deployments from ${args.githubOrg}/${args.githubRepo} (${args.environments.join(", ")})`,
                assumeRolePolicy: providerArn.apply((arn) => JSON.stringify(deploymentTrustPolicy(arn, trust))),
                maxSessionDuration: DEPLOYMENT_ROLE_DEFAULTS.maxSessionDuration,
                tags,
            },
            stateful(this, protect, { dependsOn: provider ? [provider] : [] }),
        );
        const statements = [...(args.statements ?? defaultDeploymentStatements(args.accountId, args.region)), ...deploymentGuardStatements(args.accountId, args.region, roleName)];
        new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: JSON.stringify(policyDocument(statements)) }, { parent: this });
        (args.managedPolicyArns ?? [powerUserAccessArn(args.region)]).forEach((arn, i) => {
            new aws.iam.RolePolicyAttachment(`${name}-managed-${i}`, { role: role.name, policyArn: arn }, { parent: this });
        });

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.oidcProviderArn = provider ? provider.arn : providerArn;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, oidcProviderArn: this.oidcProviderArn });
    }
}
