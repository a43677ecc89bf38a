import * as aws from "@pulumi/aws";
import type { Policies, PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { control } from "../../lib/metadata";
import { tokenOf } from "../../lib/types";
import { ofType, refersTo } from "../../lib/links";
import { anyOf, Maybe, not, read, readList, show, test, Tri, Undecided, Verdicts } from "../../lib/verdicts";

/*
 * Account defaults: settings that hold for a whole account (and, for most, one region), made by
 * the AccountBaseline component (components/account/baseline.ts has the AWS sources). A stack
 * "owns an account" when it declares the component or any of these settings; only such stacks are
 * held to them, each in the account and region of its provider. A setting turned off in
 * `platform:accountBaseline` is left unmanaged, and the policy for it reports that (advisory: an
 * explicit opt-out is flagged, not blocked); a declared setting with an insecure value is reported
 * the same way. Values unknown until apply are left to `pulumi up` (policy-packs/lib/verdicts.ts).
 *
 * The network rule at the end (default-nacl-restrict-all) is per VPC and mandatory.
 */

export const ACCOUNT_BASELINE_TYPE = "platform:account:AccountBaseline";

const T = {
    encryptionByDefault: tokenOf(aws.ebs.EncryptionByDefault),
    accountPublicAccessBlock: tokenOf(aws.s3.AccountPublicAccessBlock),
    imdsDefaults: tokenOf(aws.ec2.InstanceMetadataDefaults),
    serialConsole: tokenOf(aws.ec2.SerialConsoleAccess),
    imageBlock: tokenOf(aws.ec2.ImageBlockPublicAccess),
    snapshotBlock: tokenOf(aws.ebs.SnapshotBlockPublicAccess),
    serviceSetting: tokenOf(aws.ssm.ServiceSetting),
    passwordPolicy: tokenOf(aws.iam.AccountPasswordPolicy),
    alternativeContact: tokenOf(aws.account.AlternativeContact),
    role: tokenOf(aws.iam.Role),
    rolePolicyAttachment: tokenOf(aws.iam.RolePolicyAttachment),
    vpc: tokenOf(aws.ec2.Vpc),
    subnet: tokenOf(aws.ec2.Subnet),
    networkAcl: tokenOf(aws.ec2.NetworkAcl),
    networkAclAssociation: tokenOf(aws.ec2.NetworkAclAssociation),
    defaultNetworkAcl: tokenOf(aws.ec2.DefaultNetworkAcl),
};

const ACCOUNT_DEFAULT_TYPES = [T.encryptionByDefault, T.accountPublicAccessBlock, T.imdsDefaults, T.serialConsole, T.imageBlock, T.snapshotBlock, T.serviceSetting];

/** Whether the stack owns account defaults: an AccountBaseline, or any account-default resource. */
export function ownsAccountDefaults(resources: PolicyResource[]): boolean {
    return resources.some((r) => r.type === ACCOUNT_BASELINE_TYPE || ACCOUNT_DEFAULT_TYPES.includes(r.type));
}

/** Where a missing setting is reported: the AccountBaseline component, or the stack. */
function anchorOf(resources: PolicyResource[]): string | undefined {
    return resources.find((r) => r.type === ACCOUNT_BASELINE_TYPE)?.urn;
}

interface AccountSetting {
    type: string;
    /** What the setting is, for messages ("EBS encryption by default"). */
    what: string;
    /** The `platform:accountBaseline` key that turns it off. */
    setting: string;
    /** Which resources of the type are this setting (several settings share aws.ssm.ServiceSetting). @default all */
    select?: (r: PolicyResource) => boolean;
    /** How to declare it correctly. */
    fix: string;
    /** Problems of one declared resource: each a Tri (true: insecure) and its message; `config` is the policy's. */
    problems: (props: Record<string, unknown>, config: Record<string, unknown>) => { bad: Tri; message: () => string }[];
}

/**
 * A stack policy over one account setting: in a stack that owns account defaults, at least one
 * resource of the type is declared and none has an insecure value.
 */
function accountSettingPolicy(
    s: AccountSetting,
    meta: Omit<StackValidationPolicy, "validateStack" | "enforcementLevel" | "configSchema">,
    configSchema: StackValidationPolicy["configSchema"] = { properties: {} },
): StackValidationPolicy {
    return {
        ...meta,
        enforcementLevel: "advisory",
        configSchema,
        validateStack: (args: StackValidationArgs, report) => {
            const config = args.getConfig<Record<string, unknown>>();
            if (!ownsAccountDefaults(args.resources)) {
                args.notApplicable("this stack declares no account defaults (no AccountBaseline)");
            }
            const v = new Verdicts(report);
            const declared = ofType(args.resources, s.type).filter((r) => s.select?.(r) ?? true);
            if (declared.length === 0) {
                v.fail(
                    `${s.what} is not managed by this stack, which owns account defaults; declare it (${s.fix}), or keep platform:accountBaseline.${s.setting} at its default true (AccountBaseline does it).`,
                    anchorOf(args.resources),
                );
            }
            for (const r of declared) {
                for (const p of s.problems(r.props, config)) {
                    v.when(p.bad, () => report(p.message(), r.urn));
                }
            }
            v.settle();
        },
    };
}

const isFalse = (x: unknown) => x === false || x === "false";
const isTrue = (x: unknown) => x === true || x === "true";

export const ebsEncryptionByDefault = accountSettingPolicy(
    {
        type: T.encryptionByDefault,
        what: "EBS encryption by default",
        setting: "ebsEncryptionByDefault",
        fix: "aws.ebs.EncryptionByDefault with enabled: true",
        // Unset: the resource's own default is enabled.
        problems: (p) => [{ bad: test(read<unknown>(p, "enabled"), isFalse), message: () => "EBS encryption by default must be on in every account and region; set enabled: true." }],
    },
    {
        name: "ebs-encryption-by-default",
        description: "Checks whether a stack that owns an account turns on EBS encryption by default in its region.",
        severity: "high",
        framework: control("fsbp", "EC2.7", "EBS default encryption should be enabled"),
        tags: [],
        remediationSteps: "Keep platform:accountBaseline.ebsEncryptionByDefault true (AccountBaseline declares aws.ebs.EncryptionByDefault with enabled: true), or declare it yourself.",
    },
);

const PAB_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const accountS3PublicAccessBlock = accountSettingPolicy(
    {
        type: T.accountPublicAccessBlock,
        what: "The account's S3 Block Public Access",
        setting: "s3BlockPublicAccess",
        fix: "aws.s3.AccountPublicAccessBlock with all four flags true",
        // Each flag's provider default is false.
        problems: (p) =>
            PAB_FLAGS.map((flag) => ({
                bad: test(read<unknown>(p, flag), (x) => !isTrue(x)),
                message: () => `The account's S3 Block Public Access must set ${flag}: true (unset means false).`,
            })),
    },
    {
        name: "account-s3-public-access-block",
        description: "Checks whether a stack that owns an account blocks S3 public access for the whole account, with all four flags.",
        severity: "high",
        framework: control("fsbp", "S3.1", "S3 general purpose buckets should have block public access settings enabled"),
        tags: [],
        remediationSteps:
            "Keep platform:accountBaseline.s3BlockPublicAccess true (AccountBaseline declares aws.s3.AccountPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets true).",
    },
);

const DEFAULT_MAX_HOP_LIMIT = 2;

export const imdsDefaultsImdsv2 = accountSettingPolicy(
    {
        type: T.imdsDefaults,
        what: "The instance metadata defaults (IMDSv2 required)",
        setting: "imdsDefaults",
        fix: 'aws.ec2.InstanceMetadataDefaults with httpTokens: "required"',
        problems: (p, config) => {
            const max = typeof config.maxHopLimit === "number" ? config.maxHopLimit : DEFAULT_MAX_HOP_LIMIT;
            // Unset means "no-preference": instances keep IMDSv1 unless they opt out.
            const tokens = read<string>(p, "httpTokens");
            const hops = read<unknown>(p, "httpPutResponseHopLimit");
            return [
                {
                    bad: test(tokens, (t) => t !== "required"),
                    message: () => `Instance metadata defaults must require IMDSv2; set httpTokens: "required" (was ${tokens === undefined ? "unset, no-preference" : show(tokens)}).`,
                },
                {
                    bad: test(hops, (h) => h !== undefined && Number(h) > max),
                    message: () => `Instance metadata default hop limit ${show(hops)} exceeds ${max}; set httpPutResponseHopLimit to ${max} or less.`,
                },
            ];
        },
    },
    {
        name: "imds-defaults-imdsv2",
        description: "Checks whether a stack that owns an account makes IMDSv2 the instance metadata default in its region, with a bounded hop limit.",
        severity: "high",
        framework: control("own", "imds-defaults-imdsv2", "New instances in the account and region require IMDSv2 unless they choose otherwise"),
        tags: [],
        remediationSteps:
            'Keep platform:accountBaseline.imdsDefaults true (AccountBaseline declares aws.ec2.InstanceMetadataDefaults with httpTokens: "required", httpEndpoint: "enabled" and the hop limit platform:accountBaseline.imdsHopLimit, 2 by default).',
    },
    { properties: { maxHopLimit: { type: "integer", minimum: 1, maximum: 64, default: DEFAULT_MAX_HOP_LIMIT, description: "Largest accepted httpPutResponseHopLimit (2: pods behind a node)." } } },
);

export const serialConsoleDisabled = accountSettingPolicy(
    {
        type: T.serialConsole,
        what: "EC2 serial console access (off)",
        setting: "disableSerialConsole",
        fix: "aws.ec2.SerialConsoleAccess with enabled: false",
        // The resource's own default is enabled: true.
        problems: (p) => [{ bad: test(read<unknown>(p, "enabled"), (x) => !isFalse(x)), message: () => "EC2 serial console access must be off; set enabled: false (unset means true)." }],
    },
    {
        name: "serial-console-disabled",
        description: "Checks whether a stack that owns an account keeps EC2 serial console access off in its region.",
        severity: "medium",
        framework: control("own", "serial-console-disabled", "EC2 serial console access is off in the account and region"),
        tags: [],
        remediationSteps: "Keep platform:accountBaseline.disableSerialConsole true (AccountBaseline declares aws.ec2.SerialConsoleAccess with enabled: false); use SSM Session Manager for access.",
    },
);

export const amiBlockPublicAccess = accountSettingPolicy(
    {
        type: T.imageBlock,
        what: "Block public access for AMIs",
        setting: "blockPublicImages",
        fix: 'aws.ec2.ImageBlockPublicAccess with state: "block-new-sharing"',
        problems: (p) => [
            { bad: test(read<unknown>(p, "state"), (x) => x !== "block-new-sharing"), message: () => `Public sharing of AMIs must be blocked; set state: "block-new-sharing" (was ${show(read(p, "state"))}).` },
        ],
    },
    {
        name: "ami-block-public-access",
        description: "Checks whether a stack that owns an account blocks public sharing of AMIs in its region.",
        severity: "medium",
        framework: control("own", "ami-block-public-access", "AMIs of the account cannot be shared publicly"),
        tags: [],
        remediationSteps: 'Keep platform:accountBaseline.blockPublicImages true (AccountBaseline declares aws.ec2.ImageBlockPublicAccess with state: "block-new-sharing").',
    },
);

export const snapshotBlockPublicAccess = accountSettingPolicy(
    {
        type: T.snapshotBlock,
        what: "Block public access for EBS snapshots",
        setting: "blockPublicSnapshots",
        fix: 'aws.ebs.SnapshotBlockPublicAccess with state: "block-all-sharing"',
        // block-new-sharing leaves snapshots that are already public restorable by anyone.
        problems: (p) => [
            {
                bad: test(read<unknown>(p, "state"), (x) => x !== "block-all-sharing"),
                message: () => `Public sharing of EBS snapshots must be blocked, including snapshots already public; set state: "block-all-sharing" (was ${show(read(p, "state"))}).`,
            },
        ],
    },
    {
        name: "snapshot-block-public-access",
        description: "Checks whether a stack that owns an account blocks all public sharing of EBS snapshots in its region.",
        severity: "high",
        framework: control("fsbp", "EC2.1", "Amazon EBS snapshots should not be publicly restorable"),
        tags: [],
        remediationSteps: 'Keep platform:accountBaseline.blockPublicSnapshots true (AccountBaseline declares aws.ebs.SnapshotBlockPublicAccess with state: "block-all-sharing").',
    },
);

// --- Systems Manager service settings -------------------------------------------------------------

/** Whether a ServiceSetting's settingId is `id`, in its short form or as the setting's ARN (`arn:...:servicesetting/ssm/...`). */
function isSetting(r: PolicyResource, id: string): boolean {
    const value = r.props.settingId;
    return typeof value === "string" && (value === id || value.endsWith(`:servicesetting${id}`));
}

const SSM_PUBLIC_SHARING = "/ssm/documents/console/public-sharing-permission";
const SSM_AUTOMATION_LOG = "/ssm/automation/customer-script-log-destination";

export const ssmDocumentsPublicSharingBlocked = accountSettingPolicy(
    {
        type: T.serviceSetting,
        select: (r) => isSetting(r, SSM_PUBLIC_SHARING),
        what: "Block public sharing of SSM documents",
        setting: "blockPublicSsmDocuments",
        fix: `aws.ssm.ServiceSetting with settingId "${SSM_PUBLIC_SHARING}" and settingValue "Disable"`,
        // The service's default is "Enable" (documents may be shared publicly).
        problems: (p) => [
            {
                bad: test(read<unknown>(p, "settingValue"), (x) => x !== "Disable"),
                message: () => `Public sharing of SSM documents must be blocked; set settingValue: "Disable" (was ${show(read(p, "settingValue"))}).`,
            },
        ],
    },
    {
        name: "ssm-documents-public-sharing-blocked",
        description: "Checks whether a stack that owns an account blocks public sharing of SSM documents in its region.",
        severity: "high",
        framework: control("fsbp", "SSM.7", "SSM documents should have the block public sharing setting enabled"),
        tags: [],
        remediationSteps: `Keep platform:accountBaseline.blockPublicSsmDocuments true (AccountBaseline declares aws.ssm.ServiceSetting with settingId "${SSM_PUBLIC_SHARING}" and settingValue "Disable").`,
    },
);

export const ssmAutomationLogging = accountSettingPolicy(
    {
        type: T.serviceSetting,
        select: (r) => isSetting(r, SSM_AUTOMATION_LOG),
        what: "CloudWatch logging of SSM Automation",
        setting: "ssmAutomationLogging",
        fix: `aws.ssm.ServiceSetting with settingId "${SSM_AUTOMATION_LOG}" and settingValue "CloudWatch"`,
        // The service's default is "None" (no output logged).
        problems: (p) => [
            {
                bad: test(read<unknown>(p, "settingValue"), (x) => x !== "CloudWatch"),
                message: () => `SSM Automation must log script output to CloudWatch Logs; set settingValue: "CloudWatch" (was ${show(read(p, "settingValue"))}).`,
            },
        ],
    },
    {
        name: "ssm-automation-logging",
        description: "Checks whether a stack that owns an account sends SSM Automation script output to CloudWatch Logs in its region.",
        severity: "medium",
        framework: control("fsbp", "SSM.6", "SSM Automation should have CloudWatch logging enabled"),
        tags: [],
        remediationSteps: `Keep platform:accountBaseline.ssmAutomationLogging true (AccountBaseline declares aws.ssm.ServiceSetting with settingId "${SSM_AUTOMATION_LOG}" and settingValue "CloudWatch").`,
    },
);

// --- account identity: password policy, security contact, support role ---------------------------

/*
 * Account-wide identity settings, made per account by the bootstrap stack with the account-access
 * role (components/account/identity.ts has the AWS sources). A stack "owns account identity" when
 * it declares an AccountIdentity component or an account password policy or alternate contact;
 * every AccountIdentity must then have the setting among its children, and every declared one must
 * be secure. Advisory like the account defaults above: a setting turned off is flagged, not blocked.
 */

export const ACCOUNT_IDENTITY_TYPE = "platform:account:AccountIdentity";

function identityPolicy(
    s: { what: string; fix: string; mine: (r: PolicyResource, all: PolicyResource[]) => boolean; problems: (r: PolicyResource, all: PolicyResource[], config: Record<string, unknown>) => { bad: Tri; message: () => string }[] },
    meta: Omit<StackValidationPolicy, "validateStack" | "enforcementLevel" | "configSchema">,
    configSchema: StackValidationPolicy["configSchema"] = { properties: {} },
): StackValidationPolicy {
    return {
        ...meta,
        enforcementLevel: "advisory",
        configSchema,
        validateStack: (args: StackValidationArgs, report) => {
            const components = args.resources.filter((r) => r.type === ACCOUNT_IDENTITY_TYPE);
            const declared = args.resources.filter((r) => s.mine(r, args.resources));
            if (components.length === 0 && !args.resources.some((r) => r.type === T.passwordPolicy || r.type === T.alternativeContact)) {
                args.notApplicable("this stack declares no account identity settings (no AccountIdentity)");
            }
            const v = new Verdicts(report);
            for (const c of components) {
                if (!declared.some((r) => r.parent?.urn === c.urn)) {
                    v.fail(`${s.what} is not managed for this account; ${s.fix}.`, c.urn);
                }
            }
            const config = args.getConfig<Record<string, unknown>>();
            for (const r of declared) {
                for (const p of s.problems(r, args.resources, config)) {
                    v.when(p.bad, () => report(p.message(), r.urn));
                }
            }
            v.settle();
        },
    };
}

const MIN_PASSWORD_LENGTH = 14;
const MIN_REUSE_PREVENTION = 24;

export const accountPasswordPolicy = identityPolicy(
    {
        what: "The IAM account password policy",
        fix: "keep AccountIdentity's passwordPolicy at its default true (the bootstrap declares it for every account)",
        mine: (r) => r.type === T.passwordPolicy,
        problems: (r, _all, config) => {
            const p = r.props;
            const minLength = typeof config.minimumPasswordLength === "number" ? config.minimumPasswordLength : MIN_PASSWORD_LENGTH;
            const minReuse = typeof config.passwordReusePrevention === "number" ? config.passwordReusePrevention : MIN_REUSE_PREVENTION;
            const length = read<unknown>(p, "minimumPasswordLength");
            const reuse = read<unknown>(p, "passwordReusePrevention");
            return [
                // Unset: IAM's default length 6 and no reuse prevention.
                { bad: test(length, (x) => !(Number(x) >= minLength)), message: () => `Password policy must require at least ${minLength} characters; set minimumPasswordLength (was ${length === undefined ? "unset" : show(length)}).` },
                { bad: test(reuse, (x) => !(Number(x) >= minReuse)), message: () => `Password policy must prevent reuse of the last ${minReuse} passwords; set passwordReusePrevention (was ${reuse === undefined ? "unset" : show(reuse)}).` },
                ...(["requireLowercaseCharacters", "requireUppercaseCharacters", "requireNumbers", "requireSymbols"] as const).map((flag) => ({
                    bad: test(read<unknown>(p, flag), (x) => !isTrue(x)),
                    message: () => `Password policy must set ${flag}: true (unset means false).`,
                })),
            ];
        },
    },
    {
        name: "account-password-policy",
        description: "Checks whether every account the stack manages identity settings for has an IAM password policy of at least 14 characters, all four character classes and 24 remembered passwords.",
        severity: "medium",
        framework: control("fsbp", "IAM.7", "Password policies for IAM users should have strong configurations"),
        tags: ["cis-aws:1.8", "cis-aws:1.9"],
        remediationSteps:
            "Declare aws.iam.AccountPasswordPolicy with minimumPasswordLength >= 14, passwordReusePrevention >= 24 and requireLowercaseCharacters, requireUppercaseCharacters, requireNumbers, requireSymbols true (AccountIdentity does, in the bootstrap stack).",
    },
    {
        properties: {
            minimumPasswordLength: { type: "integer", minimum: MIN_PASSWORD_LENGTH, maximum: 128, default: MIN_PASSWORD_LENGTH, description: "Shortest accepted minimumPasswordLength (CIS 1.8: 14; never below)." },
            passwordReusePrevention: { type: "integer", minimum: MIN_REUSE_PREVENTION, maximum: 24, default: MIN_REUSE_PREVENTION, description: "Fewest accepted remembered passwords (CIS 1.9: 24, IAM's maximum)." },
        },
    },
);

export const accountSecurityContact = identityPolicy(
    {
        what: "The account's security alternate contact",
        fix: "set platform:bootstrap.securityContact (name, title, email, phone)",
        mine: (r) => r.type === T.alternativeContact && r.props.alternateContactType === "SECURITY",
        problems: (r) => {
            const email = read<unknown>(r.props, "emailAddress");
            return [{ bad: test(email, (x) => typeof x !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(x)), message: () => `Security contact must have an email address (was ${show(email)}).` }];
        },
    },
    {
        name: "account-security-contact",
        description: "Checks whether every account the stack manages identity settings for has a security alternate contact with an email address.",
        severity: "medium",
        framework: control("fsbp", "Account.1", "Security contact information should be provided for an AWS account"),
        tags: [],
        remediationSteps: 'Set platform:bootstrap.securityContact { name, title, email, phone }; AccountIdentity declares aws.account.AlternativeContact with alternateContactType "SECURITY" for every account.',
    },
);

/** The AWS managed policy a support role must carry (any partition). */
const SUPPORT_ACCESS = /^arn:aws(-cn|-us-gov)?:iam::aws:policy\/AWSSupportAccess$/;

/** Whether an aws.iam.Role carries AWSSupportAccess: an attachment that refers to it, or the policy in managedPolicyArns. */
function hasSupportAccess(role: PolicyResource, all: PolicyResource[]): Tri {
    const inline = readList<unknown>(role.props, "managedPolicyArns");
    if (inline.some((a) => typeof a === "string" && SUPPORT_ACCESS.test(a))) {
        return true;
    }
    const attachments = ofType(all, T.rolePolicyAttachment).filter((a) => refersTo(a, "role", role, [typeof role.props.name === "string" ? role.props.name : undefined]));
    const verdicts: Tri[] = attachments.map((a) => test(read<unknown>(a.props, "policyArn"), (x) => typeof x === "string" && SUPPORT_ACCESS.test(x)));
    return anyOf(verdicts);
}

export const accountSupportRole = identityPolicy(
    {
        what: "A role for AWS Support (AWSSupportAccess attached)",
        fix: "keep AccountIdentity's supportRole at its default true (the bootstrap declares it for every account)",
        mine: (r, all) => r.type === T.role && hasSupportAccess(r, all) === true,
        problems: () => [],
    },
    {
        name: "account-support-role",
        description: "Checks whether every account the stack manages identity settings for has an IAM role with the AWS managed policy AWSSupportAccess.",
        severity: "low",
        framework: control("cis-aws", "1.17", "Ensure a support role has been created to manage incidents with AWS Support"),
        tags: [],
        remediationSteps: "Declare an aws.iam.Role (under /platform/) with an aws.iam.RolePolicyAttachment of arn:aws:iam::aws:policy/AWSSupportAccess, trusted by the principals who raise support cases (AccountIdentity does).",
    },
);

// --- default-nacl-restrict-all -------------------------------------------------------------------

/** Whether an inline entry list is non-empty (Undecided when unknown). */
function hasEntries(list: Maybe<unknown>): Tri {
    return test(list, (l) => Array.isArray(l) && l.length > 0);
}

export const defaultNaclRestrictAll: StackValidationPolicy = {
    name: "default-nacl-restrict-all",
    description: "Checks whether every VPC's default network ACL is adopted with no entries and every subnet is explicitly associated with another ACL.",
    enforcementLevel: "mandatory",
    severity: "medium",
    framework: control("own", "default-nacl-restrict-all", "The default network ACL of every VPC denies all traffic, and every subnet has its own ACL"),
    tags: [],
    remediationSteps:
        "For every aws.ec2.Vpc: associate each subnet with an aws.ec2.NetworkAcl (subnetIds, or aws.ec2.NetworkAclAssociation), then declare aws.ec2.DefaultNetworkAcl with defaultNetworkAclId: vpc.defaultNetworkAclId and no ingress or egress (SpokeVpc does).",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const vpcs = ofType(args.resources, T.vpc);
        if (vpcs.length === 0) {
            args.notApplicable("no VPC in this stack");
        }
        const v = new Verdicts(report);
        const defaults = ofType(args.resources, T.defaultNetworkAcl);
        const acls = ofType(args.resources, T.networkAcl);
        const associations = ofType(args.resources, T.networkAclAssociation);
        const subnets = ofType(args.resources, T.subnet);
        for (const vpc of vpcs) {
            const mine = defaults.filter((d) => refersTo(d, "defaultNetworkAclId", vpc));
            if (mine.length === 0) {
                v.fail(
                    "VPC's default network ACL allows all traffic until it is adopted; declare aws.ec2.DefaultNetworkAcl with defaultNetworkAclId: this VPC's defaultNetworkAclId and no ingress or egress.",
                    vpc.urn,
                );
            }
            for (const d of mine) {
                const open = anyOf([hasEntries(read(d.props, "ingress")), hasEntries(read(d.props, "egress"))]);
                v.when(open, () => report("Default network ACL must have no entries, so that it denies all traffic; remove its ingress and egress and give subnets their own ACLs.", d.urn));
            }
            for (const subnet of subnets.filter((s) => refersTo(s, "vpcId", vpc))) {
                const viaAcl = acls.map((a) => subnetListed(a, subnet));
                const viaAssociation: Tri[] = associations.map((a) => refersTo(a, "subnetId", subnet));
                const associated = anyOf([...viaAcl, ...viaAssociation]);
                v.when(not(associated), () =>
                    report("Subnet has no network ACL of its own and would use the VPC's default ACL; list it in an aws.ec2.NetworkAcl's subnetIds or add an aws.ec2.NetworkAclAssociation.", subnet.urn),
                );
            }
        }
        v.settle();
    },
};

/** Whether a NetworkAcl's `subnetIds` lists the subnet: by property dependency, else Undecided while the list is unknown. */
function subnetListed(acl: PolicyResource, subnet: PolicyResource): Tri {
    if (refersTo(acl, "subnetIds", subnet)) {
        return true;
    }
    if ((acl.propertyDependencies?.subnetIds ?? []).length > 0) {
        // The engine recorded which resources the list was built from, and this subnet is not one.
        return false;
    }
    const ids = readList<string>(acl.props, "subnetIds");
    const unknown = ids.find((x): x is Undecided => x instanceof Undecided);
    if (unknown) {
        return unknown;
    }
    // A known list without a property dependency on the subnet does not name it (its id is unknown in preview).
    return false;
}

// --- nacl-in-use ----------------------------------------------------------------------------------

/*
 * FSBP EC2.16: a network ACL associated with no subnet is unused and should be removed
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-16, read 2026-12-03):
 * a forgotten ACL is attached later with rules nobody reviewed. Every aws.ec2.NetworkAcl must list
 * subnets (subnetIds) or be the target of an aws.ec2.NetworkAclAssociation. The default ACL is
 * default-nacl-restrict-all's.
 */
export const naclInUse: StackValidationPolicy = {
    name: "nacl-in-use",
    description: "Checks whether every network ACL the stack declares is associated with at least one subnet.",
    enforcementLevel: "mandatory",
    severity: "low",
    framework: control("fsbp", "EC2.16", "Unused Network Access Control Lists should be removed"),
    tags: [],
    remediationSteps: "List the subnets in the aws.ec2.NetworkAcl's subnetIds or add an aws.ec2.NetworkAclAssociation for it; remove an ACL no subnet uses.",
    configSchema: { properties: {} },
    validateStack: (args, report) => {
        const acls = ofType(args.resources, T.networkAcl);
        if (acls.length === 0) {
            args.notApplicable("no network ACL in this stack");
        }
        const v = new Verdicts(report);
        const associations = ofType(args.resources, T.networkAclAssociation);
        for (const acl of acls) {
            if (associations.some((a) => refersTo(a, "networkAclId", acl))) {
                continue;
            }
            const ids = readList<unknown>(acl.props, "subnetIds");
            const unknown = ids.find((x): x is Undecided => x instanceof Undecided);
            if (ids.length > 0 && !unknown) {
                continue;
            }
            if (unknown) {
                v.note(unknown);
                continue;
            }
            v.fail("Network ACL is associated with no subnet; list subnets in subnetIds, add an aws.ec2.NetworkAclAssociation, or remove it.", acl.urn);
        }
        v.settle();
    },
};

export const accountPolicies: Policies = [
    ebsEncryptionByDefault,
    accountS3PublicAccessBlock,
    imdsDefaultsImdsv2,
    serialConsoleDisabled,
    amiBlockPublicAccess,
    snapshotBlockPublicAccess,
    ssmDocumentsPublicSharingBlocked,
    ssmAutomationLogging,
    accountPasswordPolicy,
    accountSecurityContact,
    accountSupportRole,
    defaultNaclRestrictAll,
    naclInUse,
];
