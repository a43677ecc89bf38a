import * as aws from "@pulumi/aws";
import type { Policies, ResourceValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf, validateTypes } from "../../lib/types";
import { actionCovers, allowStatements, conditionEntries, hasPublicPrincipal, isAllow, onAllResources, permissionDocuments, POLICY_DOC_TYPES, Statement } from "../../lib/iam-documents";
import { asList, Path, plain } from "../../lib/values";
import { Verdicts } from "../../lib/verdicts";

/*
 * IAM baseline. The policy-document reading it shares with the S3, ECR and KMS rules lives in
 * policy-packs/lib/iam-documents.ts. Each rule collects its verdicts (policy-packs/lib/verdicts.ts):
 * a document, role or policy ARN unknown until apply is undecided, the known ones are still judged,
 * and the run ends with the engine's advisory "can't run during preview" only when none failed.
 */

/** The known strings of a list, lower-cased (unknown entries dropped). */
function knownStrings(values: unknown[]): string[] {
    return values.filter((a): a is string => typeof a === "string").map((a) => a.toLowerCase());
}

// --- iam-no-admin-star ---------------------------------------------------------------------------

interface AdminStarConfig {
    allowedServiceWildcards: string[];
    reportScopedServiceWildcards: boolean;
    permissionsBoundaryPolicies: string[];
}

/*
 * Levels of the two branches. Allow "*" (or NotAction) on Resource "*" is administrator access:
 * mandatory. "service:*" on Resource "*" is reported by the same mandatory rule: "iam:*" or "kms:*"
 * over a whole account is administrator access in all but name, and "s3:*" on "*" reads every
 * bucket (FSBP IAM.21, CKV_AWS_355); services for which that is accepted are listed in
 * allowedServiceWildcards. "service:*" on named resources ("s3:*" on one bucket) is common and
 * bounded, so it is not reported unless reportScopedServiceWildcards is set: a policy has one
 * enforcement level, and making it fail deployments would push teams to disable the whole rule.
 */
export const iamNoAdminStar: ResourceValidationPolicy = {
    name: "iam-no-admin-star",
    description: "Checks whether IAM policies allow every action, or every action of a service, on every resource.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("cis-aws", "1.16", "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached"),
    tags: ["fsbp:IAM.1", "checkov:CKV_AWS_62"],
    remediationSteps:
        "Replace Action \"*\" (or an Allow with NotAction) and \"service:*\" on Resource \"*\" with the actions the workload calls, " +
        "on the ARNs it needs. Administrators get access through the break-glass roles, not through policies.",
    configSchema: {
        properties: {
            allowedServiceWildcards: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Services (\"logs\", \"xray\") whose \"service:*\" on Resource \"*\" is accepted.",
            },
            reportScopedServiceWildcards: {
                type: "boolean",
                default: false,
                description: "Also report \"service:*\" on specific resources (FSBP IAM.21 reads it so); off by default because the mandatory rule targets account-wide grants.",
            },
            permissionsBoundaryPolicies: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Names of customer managed policies used only as permissions boundaries (platform-workload-boundary, platform-deployer-boundary): " +
                    "a boundary caps what a role's own policies grant and grants nothing itself, so its broad Allow (NotAction on \"*\") is its purpose.",
            },
        },
    },
    validateResource: validateTypes(POLICY_DOC_TYPES, (props, args, report) => {
        const cfg = args.getConfig<AdminStarConfig>();
        const allowed = new Set((cfg.allowedServiceWildcards ?? []).map((s) => s.toLowerCase()));
        const v = new Verdicts(report, props);
        if (args.type === "aws:iam/policy:Policy" && typeof props.name === "string" && (cfg.permissionsBoundaryPolicies ?? []).includes(props.name)) {
            return v.settle();
        }
        for (const doc of permissionDocuments(args.type, props, v)) {
            const where = doc.where;
            for (const s of allowStatements(doc, v)) {
                const actions = knownStrings(s.actions);
                const allResources = onAllResources(s);
                if (allResources && (actions.some((a) => a === "*" || a === "*:*") || s.notActions.length > 0)) {
                    const what = s.notActions.length > 0 ? "NotAction (every action but a few)" : "\"*\"";
                    v.fail(`IAM ${where} must not allow ${what} on "*" (statement ${s.label}); grant the specific actions and resources needed.`);
                    continue;
                }
                // "service:*", and a service pattern ("s*:*": every action of s3, sts, ssm, secretsmanager...).
                const services = actions.filter((a) => /^[a-z0-9*?-]+:\*$/.test(a)).filter((a) => !allowed.has(a.split(":")[0]));
                if (services.length > 0 && (allResources || cfg.reportScopedServiceWildcards === true)) {
                    const on = allResources ? ' on "*"' : "";
                    v.fail(`IAM ${where} must not allow every action of a service (${services.join(", ")})${on} (statement ${s.label}); list the actions needed.`);
                }
            }
        }
        v.settle();
    }),
};

// --- iam-no-admin-managed-attachment -------------------------------------------------------------

interface AttachmentConfig {
    breakGlassRoles: string[];
    forbiddenManagedPolicies: string[];
}

/**
 * The role name from a name or an ARN (`arn:aws:iam::123:role/path/name` to `name`): the last path
 * segment either way (role names hold no "/"), so no ARN pattern is needed.
 */
export function roleNameOf(value: string): string {
    return value.slice(value.lastIndexOf("/") + 1);
}

/** The name of an AWS managed policy ARN in the forbidden list, if it is one. */
function forbiddenPolicy(arn: unknown, forbidden: string[]): string | undefined {
    if (typeof arn !== "string") {
        return undefined;
    }
    const m = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m && forbidden.includes(m[1]) ? m[1] : undefined;
}

const ATTACHMENT_TYPES = [
    aws.iam.RolePolicyAttachment,
    aws.iam.Role,
    aws.iam.PolicyAttachment,
    aws.iam.UserPolicyAttachment,
    aws.iam.GroupPolicyAttachment,
    aws.iam.RolePolicyAttachmentsExclusive,
    aws.iam.UserPolicyAttachmentsExclusive,
    aws.iam.GroupPolicyAttachmentsExclusive,
] as const;

/**
 * Where a type lists its managed policy ARNs: `Role.managedPolicyArns` (deprecated in v7) and the
 * `...PolicyAttachmentsExclusive` resources that replace it take a list, the attachments one ARN.
 */
const ARN_LISTS: Record<string, string> = {
    [tokenOf(aws.iam.Role)]: "managedPolicyArns",
    [tokenOf(aws.iam.RolePolicyAttachmentsExclusive)]: "policyArns",
    [tokenOf(aws.iam.UserPolicyAttachmentsExclusive)]: "policyArns",
    [tokenOf(aws.iam.GroupPolicyAttachmentsExclusive)]: "policyArns",
};

export const iamNoAdminManagedAttachment: ResourceValidationPolicy = {
    name: "iam-no-admin-managed-attachment",
    description: "Checks whether AdministratorAccess or IAMFullAccess is attached outside the break-glass roles.",
    enforcementLevel: "mandatory",
    severity: "high",
    framework: control("own", "iam-no-admin-managed-attachment", "Administrator managed policies are attached only to listed break-glass roles"),
    tags: ["checkov:CKV_AWS_274"],
    remediationSteps:
        "Attach a policy scoped to what the role does. A role that must be an administrator (break-glass) is listed by name in " +
        "the policy's breakGlassRoles setting in the stack's policy configuration.",
    configSchema: {
        properties: {
            breakGlassRoles: { type: "array", items: { type: "string" }, default: [], description: "Role names allowed to hold the forbidden managed policies." },
            forbiddenManagedPolicies: { type: "array", items: { type: "string" }, default: ["AdministratorAccess", "IAMFullAccess"], description: "AWS managed policy names that grant administration." },
        },
    },
    validateResource: validateTypes(ATTACHMENT_TYPES, (props, args, report) => {
        const cfg = args.getConfig<AttachmentConfig>();
        const breakGlass = new Set(cfg.breakGlassRoles ?? []);
        const forbidden = cfg.forbiddenManagedPolicies ?? ["AdministratorAccess", "IAMFullAccess"];
        const raw = plain(props);
        const t = args.type;
        const v = new Verdicts(report, props);

        // An ARN unknown until apply is undecided; the known ones are still judged.
        const listKey = ARN_LISTS[t];
        const arns: { arn: unknown; path: Path }[] =
            listKey === undefined
                ? [{ arn: raw.policyArn, path: ["policyArn"] }]
                : v.isUnknown(raw[listKey], [listKey])
                  ? []
                  : asList<unknown>(raw[listKey]).map((arn, i) => ({ arn, path: [listKey, i] }));
        const policies = arns.filter(({ arn, path }) => !v.isUnknown(arn, path)).flatMap(({ arn }) => forbiddenPolicy(arn, forbidden) ?? []);
        if (policies.length === 0) {
            return v.settle();
        }
        const what = policies.join(" and ");
        const principals = `IAM users and groups must not have ${what} attached; grant administration only through break-glass roles.`;

        const checkRole = (value: unknown, path: Path) => {
            if (v.isUnknown(value, path)) {
                return; // Whether the role is a break-glass one cannot be told before apply.
            }
            const name = typeof value === "string" ? roleNameOf(value) : undefined;
            if (name === undefined || !breakGlass.has(name)) {
                const shown = name === undefined ? "(auto-named)" : `"${name}"`;
                v.fail(`IAM role ${shown} must not have ${what} attached; attach a scoped policy, or list the role in breakGlassRoles.`);
            }
        };
        if (t === tokenOf(aws.iam.Role)) {
            checkRole(raw.name, ["name"]);
        } else if (t === tokenOf(aws.iam.RolePolicyAttachment)) {
            checkRole(raw.role, ["role"]);
        } else if (t === tokenOf(aws.iam.RolePolicyAttachmentsExclusive)) {
            checkRole(raw.roleName, ["roleName"]);
        } else if (t === tokenOf(aws.iam.PolicyAttachment)) {
            if (!v.isUnknown(raw.roles, ["roles"])) {
                asList<unknown>(raw.roles).forEach((r, i) => checkRole(r, ["roles", i]));
            }
            // A users or groups list known only after apply is set: presence is what counts.
            if (asList(raw.users).length > 0 || asList(raw.groups).length > 0) {
                v.fail(principals);
            }
        } else {
            v.fail(principals);
        }
        v.settle();
    }),
};

// --- iam-no-users-or-keys ------------------------------------------------------------------------

const USER_MESSAGES: Record<string, string> = {
    [tokenOf(aws.iam.User)]: "IAM users must not be created; use IAM Identity Center for people and roles (Pod Identity, OIDC federation) for workloads.",
    [tokenOf(aws.iam.AccessKey)]: "Long-lived IAM access keys must not be created; use roles with temporary credentials.",
    [tokenOf(aws.iam.UserPolicy)]: "IAM user policies must not be created; grant permissions to roles.",
    [tokenOf(aws.iam.UserPolicyAttachment)]: "IAM user policy attachments must not be created; grant permissions to roles.",
};

export const iamNoUsersOrKeys: ResourceValidationPolicy = {
    name: "iam-no-users-or-keys",
    description: "Checks whether the stack creates IAM users, user policies or long-lived access keys.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("cis-aws", "1.15", "Ensure IAM Users Receive Permissions Only Through Groups"),
    tags: ["cis-aws:1.10", "cis-aws:1.11", "cis-aws:1.12", "cis-aws:1.13", "cis-aws:1.14", "fsbp:IAM.2", "fsbp:IAM.5", "checkov:CKV_AWS_273"],
    remediationSteps: "Remove the user, its policies and keys. People sign in through IAM Identity Center; workloads assume roles (Pod Identity, OIDC).",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.iam.User, aws.iam.AccessKey, aws.iam.UserPolicy, aws.iam.UserPolicyAttachment], (_props, args, report) => {
        report(USER_MESSAGES[args.type]);
    }),
};

// --- iam-trust-policy-scoped ---------------------------------------------------------------------

/** Literal subject prefixes that name no repository, namespace or project: "repo:*" trusts every repository on GitHub. */
const SUBJECT_SCHEMES = /^(repo:|system:serviceaccount:|system:|project_path:|organization:)?$/;

/** A subject value that lets anyone in: "*", or a pattern whose literal part before the first wildcard names nothing. */
function subjectTooBroad(value: unknown, like: boolean): boolean {
    if (typeof value !== "string") {
        return false;
    }
    if (/^[*?]+$/.test(value)) {
        return true;
    }
    if (!like) {
        return false;
    }
    const literal = value.split(/[*?]/)[0];
    return literal !== value && SUBJECT_SCHEMES.test(literal);
}

/** The OIDC provider a federated principal names (`arn:...:oidc-provider/<host>` to `<host>`). */
function providerOf(principal: unknown): string | undefined {
    if (principal === null || typeof principal !== "object" || Array.isArray(principal)) {
        return undefined;
    }
    for (const f of asList((principal as Record<string, unknown>).Federated)) {
        if (typeof f === "string") {
            const m = /:oidc-provider\/(.+)$/.exec(f);
            return m ? m[1] : f;
        }
    }
    return undefined;
}

/** An OIDC trust: sts:AssumeRoleWithWebIdentity, or a Federated principal that is not a SAML provider. */
function isWebIdentityTrust(s: Statement): boolean {
    const web = s.actions.some((a) => a !== "*" && actionCovers(a, "sts:AssumeRoleWithWebIdentity"));
    const saml = s.actions.some((a) => a !== "*" && actionCovers(a, "sts:AssumeRoleWithSAML"));
    if (web && !saml) {
        return true;
    }
    const p = s.principal as Record<string, unknown> | undefined;
    const federated = p !== null && typeof p === "object" ? knownStrings(asList(p.Federated)) : [];
    if (federated.length === 0) {
        // No federated principal, or one known only after apply: the action decides.
        return web;
    }
    return !federated.some((f) => f.includes(":saml-provider/"));
}

function trustViolations(s: Statement): string[] {
    if (!isAllow(s)) {
        return [];
    }
    if (hasPublicPrincipal(s)) {
        return [`IAM role trust policy must not trust principal "*" (statement ${s.label}); name the accounts, roles or services allowed to assume the role.`];
    }
    if (!isWebIdentityTrust(s)) {
        return [];
    }
    if (s.conditionUnknown) {
        return []; // Conditions known only after apply cannot be judged in preview.
    }
    const provider = providerOf(s.principal);
    const cognito = provider === "cognito-identity.amazonaws.com";
    const shown = typeof provider === "string" ? provider : "<provider>";
    const pinned = conditionEntries(s).filter((c) => c.operator === "StringEquals" || c.operator === "StringLike");
    const keyMatches = (key: string, claim: string) => (typeof provider === "string" ? key === `${provider.toLowerCase()}:${claim}` : key.endsWith(`:${claim}`));
    const out: string[] = [];
    for (const claim of cognito ? ["aud"] : ["sub", "aud"]) {
        const conditions = pinned.filter((c) => keyMatches(c.key, claim));
        if (conditions.length === 0) {
            const what = claim === "sub" ? "the subject (repository, branch, service account)" : "the audience (sts.amazonaws.com)";
            out.push(`IAM role web-identity trust must pin ${shown}:${claim} with StringEquals or StringLike (statement ${s.label}); add a condition on ${what}.`);
            continue;
        }
        const broad = conditions.flatMap((c) => c.values.filter((v) => subjectTooBroad(v, c.operator === "StringLike") || v === "*"));
        if (broad.length > 0) {
            out.push(`IAM role web-identity trust must not accept any ${claim === "sub" ? "subject" : "audience"} (${shown}:${claim} ${broad.map((b) => JSON.stringify(b)).join(", ")}, statement ${s.label}); pin it to a repository or service account.`);
        }
    }
    return out;
}

export const iamTrustPolicyScoped: ResourceValidationPolicy = {
    name: "iam-trust-policy-scoped",
    description: "Checks whether IAM role trust policies name who may assume the role, and pin OIDC subject and audience.",
    enforcementLevel: "mandatory",
    severity: "critical",
    framework: control("own", "iam-trust-policy-scoped", "Role trust policies name their principals; OIDC trusts pin :sub and :aud"),
    tags: ["checkov:CKV_AWS_60"],
    remediationSteps:
        "Trust named principals only. For OIDC (GitHub Actions, EKS IRSA) add StringEquals on <provider>:aud (sts.amazonaws.com) and " +
        "StringEquals or StringLike on <provider>:sub naming the repository and ref, or system:serviceaccount:<namespace>:<name>.",
    configSchema: { properties: {} },
    validateResource: validateTypes([aws.iam.Role], (props, _args, report) => {
        const v = new Verdicts(report, props);
        const document = plain(props).assumeRolePolicy;
        if (!v.isUnknown(document, ["assumeRolePolicy"])) {
            for (const s of allowStatements({ where: "trust policy", document, path: ["assumeRolePolicy"] }, v)) {
                trustViolations(s).forEach((m) => v.fail(m));
            }
        }
        v.settle();
    }),
};

// --- iam-no-privilege-escalation -----------------------------------------------------------------

const ESCALATION_ACTIONS = [
    "iam:PassRole",
    "iam:CreatePolicyVersion",
    "iam:SetDefaultPolicyVersion",
    "iam:AttachRolePolicy",
    "iam:AttachUserPolicy",
    "iam:AttachGroupPolicy",
    "iam:PutRolePolicy",
    "iam:PutUserPolicy",
    "iam:PutGroupPolicy",
];

export const iamNoPrivilegeEscalation: ResourceValidationPolicy = {
    name: "iam-no-privilege-escalation",
    description: "Checks whether IAM policies allow actions that let a principal raise its own permissions on every resource.",
    enforcementLevel: "advisory",
    severity: "high",
    framework: control("own", "iam-no-privilege-escalation", "No iam:PassRole, policy version or policy attach/put actions on every resource"),
    tags: [],
    remediationSteps: "Scope iam:PassRole to the role ARNs the service must pass (with iam:PassedToService), and policy-management actions to the policies and roles it manages.",
    configSchema: { properties: {} },
    validateResource: validateTypes(POLICY_DOC_TYPES, (props, args, report) => {
        const v = new Verdicts(report, props);
        for (const doc of permissionDocuments(args.type, props, v)) {
            for (const s of allowStatements(doc, v)) {
                if (!onAllResources(s)) {
                    continue;
                }
                // Bare "*" is iam-no-admin-star's finding; here only iam actions and patterns.
                const patterns = knownStrings(s.actions).filter((a) => a.startsWith("iam:"));
                const found = ESCALATION_ACTIONS.filter((target) => patterns.some((p) => actionCovers(p, target)));
                if (found.length > 0) {
                    v.fail(`IAM ${doc.where} allows privilege escalation with ${found.join(", ")} on "*" (statement ${s.label}); scope Resource to the roles and policies it must manage.`);
                }
            }
        }
        v.settle();
    }),
};

export const iamPolicies: Policies = [iamNoAdminStar, iamNoAdminManagedAttachment, iamNoUsersOrKeys, iamTrustPolicyScoped, iamNoPrivilegeEscalation];

