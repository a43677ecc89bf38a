import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkPlatformRoleArgs, IAM_ROLE_NAME, partitionOf, PlatformRoleArgs, platformRoleInputs, Problems } from "../common";

/*
 * The identity settings of one account, global to it (not per Region), made from a provider that
 * acts in the account with administrator rights: the bootstrap's provider per member account
 * (OrganizationAccountAccessRole). The deployment roles cannot make them: their boundary allows no
 * IAM write outside /platform/ and no account:* write (components/bootstrap/boundary.ts).
 * Sources, read 2026-12-03:
 * - The IAM account password policy (UpdateAccountPasswordPolicy): unset fields mean length 6,
 *   no character classes, reuse allowed:
 *   https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html;
 *   FSBP IAM.7 (upper, lower, number, symbol, length >= 8): https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html#iam-7;
 *   CIS AWS 3.0.0 1.8 (length >= 14) and 1.9 (reuse prevention, 24 remembered).
 * - The security alternate contact (PutAlternateContact, type SECURITY; name 1-64, title 1-50,
 *   email 1-254 characters, phone `[\s0-9()+-]+` up to 25):
 *   https://docs.aws.amazon.com/accounts/latest/reference/API_PutAlternateContact.html; FSBP
 *   Account.1: https://docs.aws.amazon.com/securityhub/latest/userguide/account-controls.html#account-1.
 * - CIS AWS 3.0.0 1.17: a role with the AWS managed policy AWSSupportAccess, so that incidents can
 *   be raised with AWS Support without root: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html.
 */

/** The account's security contact (AWS writes to it about security issues of the account). */
export interface SecurityContact {
    name: string;
    title: string;
    email: string;
    phone: string;
}

export interface AccountIdentityArgs extends PlatformRoleArgs {
    /** The account these settings are for (the provider's). */
    accountId: string;
    /** Region of the provider (decides the ARN partition). */
    region: string;
    /** Manage the IAM password policy (FSBP IAM.7, CIS 1.8, 1.9). @default true */
    passwordPolicy?: boolean;
    /** The security alternate contact (FSBP Account.1). @default none: not managed (the aws-baseline pack flags it) */
    securityContact?: SecurityContact;
    /** Create the AWS Support role (CIS 1.17). @default true */
    supportRole?: boolean;
    /** Name of the support role, under the role path. @default "platform-support" */
    supportRoleName?: string;
    /**
     * Principals that may assume the support role. @default the account itself
     * (`arn:<p>:iam::<account>:root`): the account's own IAM policies decide who, the trust admits
     * nobody from outside it.
     */
    supportRoleTrustedPrincipals?: string[];
}

/** The password policy every account gets: CIS 1.8 length, CIS 1.9 reuse, FSBP IAM.7 classes. */
export const PASSWORD_POLICY = {
    minimumPasswordLength: 14,
    passwordReusePrevention: 24,
    requireLowercaseCharacters: true,
    requireUppercaseCharacters: true,
    requireNumbers: true,
    requireSymbols: true,
    allowUsersToChangePassword: true,
} as const;

export const ACCOUNT_IDENTITY_DEFAULTS = { passwordPolicy: true, supportRole: true, supportRoleName: "platform-support" } as const;

const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:aws(-cn|-us-gov)?:(iam::\d{12}:(root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+))$/;

export function validateAccountIdentityArgs(args: AccountIdentityArgs): void {
    const p = new Problems();
    if (!ACCOUNT_ID.test(String(args.accountId))) {
        p.add("accountId", args.accountId, "is not a 12-digit AWS account ID");
    }
    const c = args.securityContact;
    if (c !== undefined) {
        const text = (key: keyof SecurityContact, max: number) => {
            if (typeof c[key] !== "string" || c[key].trim().length === 0 || c[key].length > max) {
                p.add(`securityContact.${key}`, c[key], `is not a text of 1 to ${max} characters`);
            }
        };
        text("name", 64);
        text("title", 50);
        if (typeof c.email !== "string" || c.email.length > 254 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(c.email)) {
            p.add("securityContact.email", c.email, "is not an email address");
        }
        if (typeof c.phone !== "string" || c.phone.length > 25 || !/^[\s0-9()+-]+$/.test(c.phone) || !/\d/.test(c.phone)) {
            p.add("securityContact.phone", c.phone, 'is not a phone number (digits, spaces, "+", "-", "(", ")", at most 25 characters)');
        }
    }
    if (args.supportRoleName !== undefined && !IAM_ROLE_NAME.test(args.supportRoleName)) {
        p.add("supportRoleName", args.supportRoleName, "is not an IAM role name (at most 64 letters, digits and +=,.@_-)");
    }
    (args.supportRoleTrustedPrincipals ?? []).forEach((a, i) => {
        if (!PRINCIPAL_ARN.test(String(a))) {
            p.add(`supportRoleTrustedPrincipals[${i}]`, a, "is not an account root, IAM role or IAM user ARN");
        }
    });
    checkPlatformRoleArgs(p, args);
    p.throwIfAny("AccountIdentity");
}

/** ARN of the AWS managed policy AWSSupportAccess in the region's partition. */
export function supportAccessPolicyArn(region: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/AWSSupportAccess`;
}

/**
 * An account's identity settings: the IAM password policy, the security alternate contact and a
 * role for AWS Support. The password policy and the contact are retained on delete (a torn-down
 * stack must not leave the account with AWS's defaults); the support role is the platform's and
 * goes with the stack.
 */
export class AccountIdentity extends pulumi.ComponentResource {
    readonly supportRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: AccountIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("platform:account:AccountIdentity", name, {}, opts);
        validateAccountIdentityArgs(args);
        const d = ACCOUNT_IDENTITY_DEFAULTS;
        const kept: pulumi.CustomResourceOptions = { parent: this, retainOnDelete: true };
        if (args.passwordPolicy ?? d.passwordPolicy) {
            new aws.iam.AccountPasswordPolicy(`${name}-password-policy`, { ...PASSWORD_POLICY }, kept);
        }
        if (args.securityContact !== undefined) {
            const c = args.securityContact;
            new aws.account.AlternativeContact(
                `${name}-security-contact`,
                { alternateContactType: "SECURITY", name: c.name, title: c.title, emailAddress: c.email, phoneNumber: c.phone },
                kept,
            );
        }
        if (args.supportRole ?? d.supportRole) {
            const principals = args.supportRoleTrustedPrincipals ?? [`arn:${partitionOf(args.region)}:iam::${args.accountId}:root`];
            const roleName = args.supportRoleName ?? d.supportRoleName;
            const role = new aws.iam.Role(
                `${name}-support`,
                {
                    name: roleName,
                    ...platformRoleInputs(args, args.accountId, args.region),
                    description: "Manages incidents with AWS Support (CIS AWS 1.17)",
                    maxSessionDuration: 3600,
                    assumeRolePolicy: JSON.stringify({
                        Version: "2012-10-17",
                        Statement: [{ Sid: "AssumeForSupport", Effect: "Allow", Principal: { AWS: principals }, Action: "sts:AssumeRole" }],
                    }),
                },
                { parent: this },
            );
            new aws.iam.RolePolicyAttachment(`${name}-support`, { role: role.name, policyArn: supportAccessPolicyArn(args.region) }, { parent: this });
            this.supportRoleArn = role.arn;
        }
        this.registerOutputs({ supportRoleArn: this.supportRoleArn });
    }
}
