import { z } from "zod";
import { AWS_REGIONS, isAwsRegion } from "./regions";
import { ecrRepositoryNameProblem, instanceTypeProblem, tagValueProblem } from "./limits";
import { isSupportedVersion, SUPPORTED_VERSIONS } from "../components/cluster/versions";
import { partitionOf } from "../components/common/aws";
import { ValidationError } from "../components/common/validation";
import { isCidr } from "../components/network/cidr";
import { contains } from "../components/network/cidr";
import { CONNECTION_ARN, RUNNER_COMPUTE_TYPES, RUNNER_IMAGE } from "../components/delivery/defaults";
import { RUNBOOK_BASE_URL_PATTERN } from "../components/observability/runbooks";
import type { MicroserviceArgs } from "../components/service/args";
import { validateMicroserviceArgs } from "../components/service/validate";

/**
 * The typed stack configuration: one model for every role, under the `platform` namespace of
 * `stacks/Pulumi.<stack>.yaml`. Each top-level key is one `platform:<key>` setting. Unknown keys
 * are errors (a typo must not silently fall back to a default). Defaults are secure; anything
 * weaker is an explicit, named setting that the policy packs flag.
 */

const msg = (text: string) => ({ error: text });

const intIn = (min: number, max: number) =>
    z.number(msg(`is not a number in ${min}..${max}`)).int(msg(`is not a whole number in ${min}..${max}`)).min(min, msg(`is not in ${min}..${max}`)).max(max, msg(`is not in ${min}..${max}`));

const dnsLabel = z
    .string(msg("is not a string"))
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, msg("is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit)"))
    .max(63, msg("is longer than 63 characters"));

export const accountId = z.preprocess(
    (v) => (typeof v === "number" ? String(v) : v),
    z.string(msg("is not a string")).regex(/^\d{12}$/, msg("is not a 12-digit AWS account ID (quote it in YAML so that leading zeros are kept)")),
);

export const region = z.string(msg("is not a string")).refine(isAwsRegion, msg(`is not an AWS region (for example ${AWS_REGIONS.slice(0, 4).join(", ")})`));

const cidr = z.string(msg("is not a string")).refine((v) => isCidr(v), msg("is not an IPv4 CIDR block such as 10.20.0.0/16"));

const iamRoleArn = z.string(msg("is not a string")).regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]+$/, msg("is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)"));

const iamPrincipalArn = z.string(msg("is not a string")).regex(/^arn:aws(-[a-z]+)*:(iam::\d{12}:(role|user)\/[\w+=,.@/-]+|sts::\d{12}:assumed-role\/[\w+=,.@/-]+)$/, msg("is not an IAM role or user ARN"));

/** CloudWatch Logs accepts only these retention periods. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
const retentionDays = z.number(msg("is not a number")).refine((v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v), msg(`is not a CloudWatch Logs retention period (${LOG_RETENTION_DAYS.join(", ")})`));

export const ROLES = ["bootstrap", "network", "shared-services", "workload", "security"] as const;
export const NAT_STRATEGIES = ["none", "single", "one-per-az", "central"] as const;
export const SEGMENTS = ["prod", "nonprod", "shared"] as const;

const oneOf = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, msg(`is not one of ${values.map((v) => JSON.stringify(v)).join(", ")}`));

export const DEFAULT_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "sts", "logs", "ec2", "elasticloadbalancing", "eks", "eks-auth"] as const;

/** A value every resource carries as a tag: AWS's tag limits apply (config/limits.ts). */
const tagValue = z
    .string(msg("is not a string"))
    .min(1, msg("is empty"))
    .superRefine((v, ctx) => {
        const problem = tagValueProblem(v);
        if (problem) {
            ctx.addIssue({ code: "custom", message: problem });
        }
    });

const tags = z
    .object({
        owner: tagValue,
        costCenter: tagValue,
    })
    .strict();

const organization = z
    .object({
        id: z.string(msg("is not a string")).regex(/^o-[a-z0-9]{10,32}$/, msg("is not an AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits)")),
        managementAccountId: accountId,
    })
    .strict();

const network = z
    .object({
        cidr,
        azCount: intIn(2, 6).default(3),
        /** Explicit AZ names; by default `<region>a`, `<region>b`, … for azCount zones. */
        availabilityZones: z.array(z.string(msg("is not a string"))).optional(),
        natStrategy: oneOf(NAT_STRATEGIES).default("one-per-az"),
        segment: oneOf(SEGMENTS),
        publicSubnets: z.boolean(msg("is not true or false")).default(true),
        interfaceEndpoints: z.array(z.string(msg("is not a string")).regex(/^[a-z0-9][a-z0-9.-]*$/, msg("is not an endpoint service short name such as ecr.api"))).default([...DEFAULT_INTERFACE_ENDPOINTS]),
        flowLogRetentionDays: retentionDays.default(365),
        /** Ranges routed from private and intra subnets to the Transit Gateway (other VPCs). */
        tgwRoutes: z.array(cidr).default(["10.0.0.0/8"]),
        /** Also deliver flow logs to the log archive bucket of the shared stack. */
        flowLogsToArchive: z.boolean(msg("is not true or false")).default(true),
    })
    .strict();

const transitHub = z
    .object({
        amazonSideAsn: intIn(64512, 65534).default(64512),
        /** Share the TGW with the whole organization, or with listed accounts. */
        shareWithOrganization: z.boolean(msg("is not true or false")).default(true),
        shareWithAccounts: z.array(accountId).default([]),
        egressVpc: z
            .object({ cidr, azCount: intIn(2, 6).default(2) })
            .strict()
            .optional(),
        /** Address space of all spokes: routed back from the egress VPC, blackholed between segments. */
        internalCidrs: z.array(cidr).default(["10.0.0.0/8"]),
        flowLogRetentionDays: retentionDays.default(365),
    })
    .strict();

const logArchive = z
    .object({
        /** Days before current objects expire. */
        expirationDays: intIn(90, 3650).default(730),
        glacierTransitionDays: intIn(30, 3650).default(90),
        objectLock: z
            .object({ mode: oneOf(["GOVERNANCE", "COMPLIANCE"] as const).default("GOVERNANCE"), days: intIn(1, 3650).default(365) })
            .strict()
            .optional(),
        /** Accounts whose VPC flow logs may be delivered to the archive. */
        flowLogSourceAccounts: z.array(accountId).default([]),
        /** A second region the archive is replicated to (its own bucket and key there); unset: no replica. */
        replicaRegion: region.optional(),
        /**
         * The security account (the security stack's, docs/decisions/0014): the archive admits the
         * organization CloudTrail trail it creates (named ORGANIZATION_TRAIL_NAME, in this region,
         * owned by the management account) and its AWS Config deliveries. Unset: neither.
         */
        securityAccountId: accountId.optional(),
    })
    .strict();

const repository = z
    .object({
        name: z.string(msg("is not a string")).superRefine((v, ctx) => {
            const problem = ecrRepositoryNameProblem(v);
            if (problem) {
                ctx.addIssue({ code: "custom", message: problem });
            }
        }),
        keepReleases: intIn(1, 1000).default(30),
        untaggedExpiryDays: intIn(1, 365).default(7),
    })
    .strict();

const registry = z
    .object({
        repositories: z.array(repository).default([]),
        replicationRegions: z.array(region).default([]),
        pullThroughCache: z.boolean(msg("is not true or false")).default(true),
        /**
         * Who publishes service images (components/registry ImagePublisher): the golden-path
         * workflow of `platformRepository`, called on main by the listed service repositories.
         * Unset: no publisher role and no signing identity (workload stacks then cannot verify images).
         */
        imagePublishing: z
            .object({
                githubOrg: z.string(msg("is not a string")).regex(/^[A-Za-z0-9._-]{1,100}$/, msg("is not a GitHub organization name")),
                githubOrgId: z.number(msg("is not a number")).int().positive().optional(),
                platformRepository: z.string(msg("is not a string")).regex(/^[A-Za-z0-9._-]{1,100}$/, msg("is not a GitHub repository name")).default("platform"),
                serviceRepositories: z
                    .array(z.object({ name: z.string(msg("is not a string")).regex(/^[A-Za-z0-9._-]{1,100}$/, msg("is not a GitHub repository name")), id: z.number().int().positive().optional() }).strict())
                    .min(1, msg("is empty; list the service repositories that publish through the golden path")),
            })
            .strict()
            .optional(),
    })
    .strict();

const nodePool = z
    .object({
        name: dnsLabel,
        instanceTypes: z
            .array(
                z.string(msg("is not a string")).superRefine((v, ctx) => {
                    const problem = instanceTypeProblem(v);
                    if (problem) {
                        ctx.addIssue({ code: "custom", message: problem });
                    }
                }),
            )
            .min(1, msg("is empty; list at least one instance type")),
        capacityType: oneOf(["ON_DEMAND", "SPOT"] as const).default("ON_DEMAND"),
        amiType: oneOf(["AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64"] as const).default("AL2023_x86_64_STANDARD"),
        minSize: intIn(0, 1000),
        desiredSize: intIn(0, 1000),
        maxSize: intIn(1, 1000),
        diskSizeGiB: intIn(20, 16384).default(50),
        system: z.boolean(msg("is not true or false")).default(false),
        labels: z.record(z.string(), z.string()).default({}),
        taints: z
            .array(z.object({ key: z.string(), value: z.string().optional(), effect: oneOf(["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const) }).strict())
            .default([]),
    })
    .strict()
    .superRefine((p, ctx) => {
        if (!(p.minSize <= p.desiredSize && p.desiredSize <= p.maxSize)) {
            ctx.addIssue({ code: "custom", path: [], message: `sizes must satisfy minSize <= desiredSize <= maxSize; got ${p.minSize} <= ${p.desiredSize} <= ${p.maxSize}` });
        }
    });

const team = z
    .object({
        name: dnsLabel,
        roleArn: iamRoleArn,
        /** Namespace quota; unset values take the TeamNamespace defaults. */
        quota: z
            .object({
                requestsCpu: z.string().optional(),
                requestsMemory: z.string().optional(),
                /** A quota on CPU limits needs defaultLimitCpu (see TeamNamespace); off by default. */
                limitsCpu: z.string().optional(),
                defaultLimitCpu: z.string().optional(),
                limitsMemory: z.string().optional(),
                maxPods: intIn(1, 10000).optional(),
            })
            .strict()
            .superRefine((q, ctx) => {
                if (q.limitsCpu !== undefined && q.defaultLimitCpu === undefined) {
                    ctx.addIssue({ code: "custom", path: ["defaultLimitCpu"], message: `is required with limitsCpu ${JSON.stringify(q.limitsCpu)}: with a quota on CPU limits, a container without a CPU limit is rejected` });
                }
            })
            .default({}),
    })
    .strict();

const cluster = z
    .object({
        /** Kubernetes version, checked against the supported table at composition. */
        version: z.string(msg("is not a string")).refine(isSupportedVersion, msg(`is not a supported Kubernetes version (${SUPPORTED_VERSIONS.join(", ")})`)),
        /** A public endpoint only with an explicit allow-list; never 0.0.0.0/0 or ::/0. */
        publicAccessCidrs: z
            .array(
                z
                    .string(msg("is not a string"))
                    .refine((v) => v !== "0.0.0.0/0" && v !== "::/0", msg("opens the Kubernetes API to the internet; list your egress CIDRs instead"))
                    .refine((v) => v === "0.0.0.0/0" || v === "::/0" || isCidr(v), msg("is not an IPv4 CIDR block")),
            )
            .default([]),
        /**
         * Private networks admitted to the private endpoint on 443 (the CI runner subnets of the
         * shared stack, a VPN): IPv4 inside RFC 1918 only. Default none: only the cluster's VPC.
         */
        apiAccessCidrs: z
            .array(
                z.string(msg("is not a string")).superRefine((v, ctx) => {
                    const problem = apiAccessCidrProblem(v);
                    if (problem) {
                        ctx.addIssue({ code: "custom", message: problem });
                    }
                }),
            )
            .default([])
            .superRefine((list, ctx) => {
                list.forEach((v, i) => {
                    if (list.indexOf(v) !== i) {
                        ctx.addIssue({ code: "custom", path: [i], message: `${JSON.stringify(v)} is listed twice; each network is one security group rule` });
                    }
                });
            }),
        logRetentionDays: retentionDays.default(365),
        upgradeSupportType: oneOf(["STANDARD", "EXTENDED"] as const).default("STANDARD"),
        admins: z.array(iamPrincipalArn).default([]),
        viewers: z.array(iamPrincipalArn).default([]),
        nodePools: z.array(nodePool).min(1, msg("is empty; define at least the system node pool")),
        karpenter: z
            .object({ enabled: z.boolean().default(true), cpuLimit: intIn(1, 100000).default(200), memoryLimitGi: intIn(1, 1000000).default(800) })
            .strict()
            .default({ enabled: true, cpuLimit: 200, memoryLimitGi: 800 }),
    })
    .strict()
    .superRefine((c, ctx) => {
        const names = new Set<string>();
        c.nodePools.forEach((p, i) => {
            if (names.has(p.name)) {
                ctx.addIssue({ code: "custom", path: ["nodePools", i, "name"], message: "is used by another node pool" });
            }
            names.add(p.name);
        });
        if (!c.nodePools.some((p) => p.system)) {
            ctx.addIssue({ code: "custom", path: ["nodePools"], message: "has no pool with system: true; critical add-ons need a system pool" });
        }
    });

/** RFC 1918 ranges: the only sources the private Kubernetes endpoint admits. */
export const PRIVATE_IPV4_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** Why a value is not an acceptable platform:cluster.apiAccessCidrs entry, or undefined. */
export function apiAccessCidrProblem(v: string): string | undefined {
    if (v === "0.0.0.0/0" || v === "::/0") {
        return "opens the Kubernetes API to every network; list the private networks that need it (the runner subnets, a VPN)";
    }
    if (!isCidr(v)) {
        return "is not an IPv4 CIDR block such as 10.10.0.0/19";
    }
    if (!PRIVATE_IPV4_RANGES.some((r) => contains(r, v))) {
        return `is not inside ${PRIVATE_IPV4_RANGES.join(", ")}; the private endpoint admits private networks only`;
    }
    return undefined;
}

/**
 * CodeBuild-hosted GitHub Actions runners in the shared-services VPC (components/delivery,
 * docs/decisions/0013-ci-executor.md): one runner project per deploy environment whose jobs
 * reach a cluster. The workload stacks of those environments must admit the runner subnets in
 * platform:cluster.apiAccessCidrs (checked across stacks).
 */
const runners = z
    .object({
        /** CodeConnections connection to GitHub (the bootstrap stack's githubConnection output), status AVAILABLE. */
        connectionArn: z.string(msg("is not a string")).regex(CONNECTION_ARN, msg("is not a CodeConnections connection ARN (arn:aws:codeconnections:<region>:<account>:connection/<uuid>)")),
        repository: z
            .object({
                owner: z.string(msg("is not a string")).regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, msg("is not a GitHub owner name")),
                name: z.string(msg("is not a string")).regex(/^[A-Za-z0-9._-]{1,100}$/, msg("is not a GitHub repository name")),
            })
            .strict(),
        /** Deploy environments whose jobs reach a cluster: one runner project each (platform-runner-<environment>). */
        environments: z
            .array(dnsLabel)
            .min(1, msg("is empty; list the deploy environments whose jobs reach a cluster"))
            .superRefine((list, ctx) => {
                list.forEach((v, i) => {
                    if (list.indexOf(v) !== i) {
                        ctx.addIssue({ code: "custom", path: [i], message: `${JSON.stringify(v)} is listed twice; one runner project per environment` });
                    }
                });
            }),
        computeType: oneOf(RUNNER_COMPUTE_TYPES).default("BUILD_GENERAL1_MEDIUM"),
        image: z.string(msg("is not a string")).min(1, msg("is empty")).default(RUNNER_IMAGE),
        logRetentionDays: retentionDays.default(365),
    })
    .strict();

/** A GitHub account, team or repository ID. */
const githubId = z.number(msg("is not a number")).int(msg("is not a whole number")).positive(msg("is not a GitHub ID (a positive number)"));

const bootstrap = z
    .object({
        github: z
            .object({
                owner: z.string(msg("is not a string")).regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, msg("is not a GitHub owner name")),
                repository: z.string(msg("is not a string")).regex(/^[A-Za-z0-9._-]{1,100}$/, msg("is not a GitHub repository name")),
                /**
                 * The owner's and repository's IDs, for a repository whose OIDC subjects are immutable
                 * (`repo:<owner>@<id>/<repo>@<id>`: created after 2026-07-15, or opted in). Unset: subjects name them only.
                 */
                ids: z.object({ ownerId: githubId, repositoryId: githubId }).strict().optional(),
                /**
                 * Manage the repository's side of the deployment identity with @pulumi/github
                 * (GitHubRepositorySettings: the OIDC subject claim template the role trusts need,
                 * environments, reviewers, protection of main). Needs a GitHub token with admin access
                 * to the repository (config github:token, or GITHUB_TOKEN). False: set them by hand
                 * exactly as docs/ci-cd.md describes; until the subject template is set, no role can be assumed.
                 */
                manage: z.boolean(msg("is not true or false")).default(false),
                /**
                 * Who approves the jobs of the reviewed environments: team and user IDs (numbers: `gh api
                 * orgs/<org>/teams/<slug> --jq .id`, `gh api users/<login> --jq .id`), at most 6 in all.
                 */
                reviewers: z
                    .object({ teams: z.array(githubId).default([]), users: z.array(githubId).default([]) })
                    .strict()
                    .default({ teams: [], users: [] }),
                /** Deploy environments whose jobs wait for a reviewer. Unset: every deploy environment. */
                reviewedEnvironments: z.array(dnsLabel).optional(),
                /** The person who started a run cannot approve it. */
                preventSelfReview: z.boolean(msg("is not true or false")).default(true),
                /** Approvals a pull request into main needs. */
                requiredApprovingReviews: intIn(1, 6).default(1),
                /** Checks that must pass before a pull request merges into main: the pull-request workflow's job names (test/ci checks them). */
                requiredStatusChecks: z.array(z.string(msg("is not a string")).min(1, msg("is empty"))).min(1, msg("is empty; list the pull-request jobs that must pass")).default(["test"]),
            })
            .strict(),
        /** Role Organizations creates in member accounts; the bootstrap assumes it once to create the deployment roles. */
        accessRoleName: z.string(msg("is not a string")).regex(/^[\w+=,.@-]{1,64}$/, msg("is not an IAM role name")).default("OrganizationAccountAccessRole"),
        /** Role in the management account allowed to assume the deployment roles for local `pulumi up`. */
        breakGlassRoleArn: iamRoleArn.optional(),
        /**
         * The security alternate contact of every listed account (FSBP Account.1), set with the
         * account-access role (components/account AccountIdentity). Unset: not managed, and the
         * aws-baseline pack's account-security-contact flags it.
         */
        securityContact: z
            .object({
                name: z.string(msg("is not a string")).min(1, msg("is empty")).max(64, msg("is longer than 64 characters")),
                title: z.string(msg("is not a string")).min(1, msg("is empty")).max(50, msg("is longer than 50 characters")),
                email: z.string(msg("is not a string")).max(254, msg("is longer than 254 characters")).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, msg("is not an email address")),
                phone: z.string(msg("is not a string")).max(25, msg("is longer than 25 characters")).regex(/^[\s0-9()+-]*\d[\s0-9()+-]*$/, msg('is not a phone number (digits, spaces, "+", "-", "(", ")")')),
            })
            .strict()
            .optional(),
        /** One deployment role per account, trusted by the GitHub environments listed. */
        accounts: z
            .array(
                z
                    .object({
                        accountId,
                        environments: z.array(dnsLabel).min(1, msg("is empty; list the GitHub environments that deploy to this account")),
                        /**
                         * The account's GitHub OIDC provider (one per URL per account): `create` it, or
                         * trust the `existing` one by the ARN AWS gives it. `npm run preflight` checks
                         * this against the account.
                         */
                        githubOidcProvider: oneOf(["create", "existing"] as const).default("create"),
                    })
                    .strict(),
            )
            .min(1, msg("is empty; list the accounts the stacks deploy to")),
        /**
         * The network account, one of `accounts`: every account's deployment role may assume its
         * deployment role (shared and workload stacks associate their TGW attachments there).
         * Unset: a deployment role may only assume itself.
         */
        networkAccountId: accountId.optional(),
        /**
         * Enable RAM resource sharing with AWS Organizations (the network stack shares its Transit
         * Gateway with the organization). Only the management account can, so the bootstrap must
         * run there; false when it runs elsewhere and sharing is enabled by hand.
         */
        ramSharingWithOrganization: z.boolean(msg("is not true or false")).default(true),
        /**
         * A CodeConnections connection to GitHub (`platform-github`) in this account, one of
         * `accounts`, for CodeBuild-hosted GitHub Actions runners. Created PENDING: complete the
         * handshake once in the console. Unset: none.
         */
        githubConnection: z.object({ accountId }).strict().optional(),
        /**
         * The security account, one of `accounts`: registered from this (the management) account as
         * the delegated administrator of CloudTrail, GuardDuty, Security Hub, AWS Config and IAM
         * Access Analyzer (docs/decisions/0014-security-account.md). Unset: none.
         */
        securityAccountId: accountId.optional(),
        /** Read-only preview roles for pull requests, one per account, chained like the deployment roles. Unset: none. */
        preview: z
            .object({
                /** GitHub environment of the preview job; never one of the deploy environments. */
                environment: dnsLabel.default("preview"),
                roleName: z.string(msg("is not a string")).regex(/^[\w+=,.@-]{1,64}$/, msg("is not an IAM role name")).default("platform-preview"),
            })
            .strict()
            .optional(),
        /**
         * The stacks each stack reads through a StackReference (its `platform:stacks`), by stack
         * name. A deploy environment is the stack it deploys (deploy.yml runs each stack in the
         * environment of its name), so an account's `environments` are the stacks its deployer
         * writes; its deployer (and its preview role) may read these stacks' state and decrypt
         * their data keys, and nothing of any other stack. test/components/bootstrap checks this
         * against every stack file. Unset: no stack reads another.
         */
        stateReferences: z.record(dnsLabel, z.array(dnsLabel)).default({}),
    })
    .strict()
    .superRefine((b, ctx) => {
        const accounts = b.accounts.map((a) => a.accountId);
        b.accounts.forEach((a, i) => {
            if (accounts.indexOf(a.accountId) !== i) {
                ctx.addIssue({ code: "custom", path: ["accounts", i, "accountId"], message: `${JSON.stringify(a.accountId)} is listed twice; one deployment role per account` });
            }
        });
        if (b.networkAccountId !== undefined && !accounts.includes(b.networkAccountId)) {
            ctx.addIssue({ code: "custom", path: ["networkAccountId"], message: `${JSON.stringify(b.networkAccountId)} is not one of the accounts listed; the network account's deployment role is created here` });
        }
        if (b.securityAccountId !== undefined && !accounts.includes(b.securityAccountId)) {
            ctx.addIssue({ code: "custom", path: ["securityAccountId"], message: `${JSON.stringify(b.securityAccountId)} is not one of the accounts listed; the security stack deploys there with its deployment role` });
        }
        if (b.githubConnection !== undefined && !accounts.includes(b.githubConnection.accountId)) {
            ctx.addIssue({
                code: "custom",
                path: ["githubConnection", "accountId"],
                message: `${JSON.stringify(b.githubConnection.accountId)} is not one of the accounts listed; the connection is created through that account's provider`,
            });
        }
        const deployEnvironments = b.accounts.flatMap((a) => a.environments);
        (b.github.reviewedEnvironments ?? []).forEach((env, i) => {
            if (!deployEnvironments.includes(env)) {
                ctx.addIssue({ code: "custom", path: ["github", "reviewedEnvironments", i], message: `${JSON.stringify(env)} is not a deploy environment (one of ${deployEnvironments.join(", ")})` });
            }
        });
        const reviewers = b.github.reviewers.teams.length + b.github.reviewers.users.length;
        const reviewed = b.github.reviewedEnvironments ?? deployEnvironments;
        if (b.github.manage && reviewed.length > 0 && reviewers === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["github", "reviewers"],
                message: `names nobody, but ${reviewed.join(", ")} need a reviewer (github.reviewedEnvironments, unset: every deploy environment); list team or user IDs, or list the reviewed environments`,
            });
        }
        if (reviewers > 6) {
            ctx.addIssue({ code: "custom", path: ["github", "reviewers"], message: `names ${reviewers} teams and users; GitHub allows at most 6 reviewers per environment` });
        }
        const deployStacks = b.accounts.flatMap((a) => a.environments);
        for (const [stack, reads] of Object.entries(b.stateReferences)) {
            if (!deployStacks.includes(stack)) {
                ctx.addIssue({ code: "custom", path: ["stateReferences", stack], message: `${JSON.stringify(stack)} is not a deploy environment (one of ${deployStacks.join(", ")}); list the stacks CI deploys` });
            }
            reads.forEach((read, i) => {
                if (!deployStacks.includes(read) || read === stack) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["stateReferences", stack, i],
                        message: `${JSON.stringify(read)} is ${read === stack ? "the stack itself" : "not a deploy environment"}; list the other stacks ${stack} reads (one of ${deployStacks.filter((s) => s !== stack).join(", ")})`,
                    });
                }
            });
        }
        const preview = b.preview?.environment;
        b.accounts.forEach((a, i) => {
            if (preview !== undefined && a.environments.includes(preview)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["accounts", i, "environments"],
                    message: `lists ${JSON.stringify(preview)}, the preview environment; pull-request jobs there must not assume a deployment role`,
                });
            }
        });
    });

/**
 * The security stack (components/security, docs/decisions/0014-security-account.md): the
 * organization's detection layer, run from the delegated administrator account.
 */
const security = z
    .object({
        /** The organization's root (`r-…`): Security Hub's configuration policy is associated with it. */
        organizationRootId: z.string(msg("is not a string")).regex(/^r-[0-9a-z]{4,32}$/, msg("is not an AWS Organizations root ID (r- followed by 4 to 32 lowercase letters or digits)")),
        /** Regions Security Hub and the Config aggregator cover besides the home region; empty: every region. */
        linkedRegions: z.array(region).default([]),
        /** GuardDuty: how often updated findings are exported. */
        findingPublishingFrequency: oneOf(["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const).default("FIFTEEN_MINUTES"),
        /** IAM Access Analyzer: days without use before access is reported unused; 0: no unused-access analyzer (billed per role and user). */
        unusedAccessAgeDays: z.number(msg("is not a number")).int(msg("is not a whole number")).refine((v) => v === 0 || (v >= 1 && v <= 365), msg("is not 0 (off) or in 1..365")).default(90),
        /**
         * The organization trail also delivers to a CloudWatch Logs log group in this account, kept
         * this many days (at least 365), with the CIS 4.1-4.15 metric filters and alarms on it.
         */
        trailLogRetentionDays: retentionDays.refine((v) => v >= 365, msg("is below 365; the trail's log group keeps at least a year (CIS AWS 3.0.0 section 4 alarms read it, investigations need it)")).default(365),
        /**
         * S3 object-level events the organization trail records for every bucket: "all" (read and
         * write, CIS AWS 3.0.0 3.8 and 3.9), "write" (3.8 only) or "none". Billed per 100,000 data
         * events (components/security/README.md); the aws-baseline pack's cloudtrail-s3-data-events-*
         * policies flag what is left out.
         */
        trailS3DataEvents: oneOf(["all", "write", "none"] as const).default("all"),
        /** Email addresses subscribed to the CIS alarms' SNS topic (each confirms by mail). */
        alarmEmails: z.array(z.string(msg("is not a string")).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, msg("is not an email address"))).default([]),
        /**
         * Amazon Inspector (EC2, ECR, Lambda, Lambda code) here and auto-enabled for the organization
         * (FSBP Inspector.1-4). Billed per scanned instance, image and function; false leaves it
         * unmanaged and the aws-baseline pack's inspector-enabled flags it.
         */
        inspector: z.boolean(msg("is not true or false")).default(true),
        /**
         * Amazon Macie here and auto-enabled for the organization (FSBP Macie.1). Billed per S3
         * bucket monitored and per GB inspected; false leaves it unmanaged and macie-enabled flags it.
         */
        macie: z.boolean(msg("is not true or false")).default(true),
    })
    .strict()
    .superRefine((s, ctx) => {
        s.linkedRegions.forEach((r, i) => {
            if (s.linkedRegions.indexOf(r) !== i) {
                ctx.addIssue({ code: "custom", path: ["linkedRegions", i], message: `${JSON.stringify(r)} is listed twice` });
            }
        });
    });

/** AWS Backup of a workload account (components/backup): a daily plan of everything tagged platform:backup=true. */
const backup = z
    .object({
        enabled: z.boolean(msg("is not true or false")).default(true),
        /** Days each daily recovery point is kept. */
        retentionDays: intIn(1, 36500).default(35),
        /** Vault lock: immutable after its cooling-off period (changeableForDays, at least 3). */
        vaultLock: z
            .object({ minRetentionDays: intIn(1, 36500), changeableForDays: intIn(3, 36500).default(3) })
            .strict()
            .optional(),
    })
    .strict()
    .superRefine((b, ctx) => {
        if (b.vaultLock && b.retentionDays < b.vaultLock.minRetentionDays) {
            ctx.addIssue({ code: "custom", path: ["retentionDays"], message: `${b.retentionDays} is below vaultLock.minRetentionDays ${b.vaultLock.minRetentionDays}; the locked vault would fail every backup job` });
        }
    });

/** A workload stack's backup settings, defaults applied when platform:backup is absent (backups are on by default). */
export function backupSettingsOf(c: { backup?: z.infer<typeof backup> }): z.infer<typeof backup> {
    return c.backup ?? backup.parse({});
}

/**
 * The account's security defaults (components/account AccountBaseline), each on unless set to
 * false here; a setting turned off is left unmanaged and the aws-baseline pack flags it
 * (account-baseline-complete). The stack's own account and region.
 */
const accountBaseline = z
    .object({
        ebsEncryptionByDefault: z.boolean(msg("is not true or false")).default(true),
        /** Workload stacks: the platform's EBS key becomes the account's default EBS key. */
        ebsDefaultKmsKey: z.boolean(msg("is not true or false")).default(true),
        s3BlockPublicAccess: z.boolean(msg("is not true or false")).default(true),
        imdsDefaults: z.boolean(msg("is not true or false")).default(true),
        /** 2: pods behind a node reach IMDSv2; 1 keeps them off it. */
        imdsHopLimit: intIn(1, 64).default(2),
        disableSerialConsole: z.boolean(msg("is not true or false")).default(true),
        blockPublicImages: z.boolean(msg("is not true or false")).default(true),
        blockPublicSnapshots: z.boolean(msg("is not true or false")).default(true),
        /** Systems Manager: no public sharing of SSM documents (FSBP SSM.7). */
        blockPublicSsmDocuments: z.boolean(msg("is not true or false")).default(true),
        /** Systems Manager: Automation script output to CloudWatch Logs (FSBP SSM.6). */
        ssmAutomationLogging: z.boolean(msg("is not true or false")).default(true),
    })
    .strict();

/** A stack's account baseline settings, defaults applied when platform:accountBaseline is absent (everything on). */
export function accountBaselineSettingsOf(c: { accountBaseline?: z.infer<typeof accountBaseline> }): z.infer<typeof accountBaseline> {
    return c.accountBaseline ?? accountBaseline.parse({});
}

const observability = z
    .object({
        metrics: z.boolean(msg("is not true or false")).default(true),
        grafana: z.boolean(msg("is not true or false")).default(true),
        logs: z.boolean(msg("is not true or false")).default(true),
        traces: z.boolean(msg("is not true or false")).default(true),
        alarms: z.boolean(msg("is not true or false")).default(true),
        platformSlos: z.boolean(msg("is not true or false")).default(true),
        /** Prometheus TSDB retention: longer than the longest SLO window (30d), or error budgets are computed over less. */
        prometheusRetention: z.string(msg("is not a string")).regex(/^\d+[dwy]$/, msg("is not a retention such as 35d")).default("35d"),
        prometheusReplicas: intIn(1, 5).default(2),
        /** Retention of the CloudWatch log groups Fluent Bit ships container logs to. */
        logRetentionDays: retentionDays.default(365),
        /** Addresses subscribed to the platform alarm topic. */
        alarmEmails: z.array(z.string(msg("is not a string")).regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, msg("is not an email address"))).default([]),
        /** Base URL of the repository's docs/runbooks: every alert links `<base>/<alert>.md` (default: the repository on GitHub). */
        runbookBaseUrl: z
            .string(msg("is not a string"))
            .regex(RUNBOOK_BASE_URL_PATTERN, msg('is not an https:// URL without a query or fragment, such as "https://github.com/<owner>/<repo>/blob/main/docs/runbooks"'))
            .optional(),
    })
    .strict();

/**
 * The typed shapes of a service's nested settings: every key is known, so a misspelled one is
 * refused instead of dropped; values are checked in full by the Microservice's own validator.
 */
const stringOrList = z.union([z.string(), z.array(z.string())], msg("is not a string or a list of strings"));
const policyStatement = z
    .object({
        Sid: z.string(msg("is not a string")).optional(),
        Effect: oneOf(["Allow", "Deny"] as const),
        Principal: z.union([z.literal("*"), z.record(z.string(), stringOrList)], msg('is not "*" or a map of principal types')).optional(),
        NotPrincipal: z.record(z.string(), stringOrList).optional(),
        Action: stringOrList.optional(),
        NotAction: stringOrList.optional(),
        Resource: stringOrList.optional(),
        NotResource: stringOrList.optional(),
        Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()), z.boolean()]))).optional(),
    })
    .strict();

const serviceSlo = z
    .object({
        name: z.string(msg("is not a string")),
        objective: z.number(msg("is not a number")),
        window: z.string(msg("is not a string")),
        sli: z.discriminatedUnion(
            "type",
            [
                z.object({ type: z.literal("ratio"), good: z.string(msg("is not a string")), total: z.string(msg("is not a string")) }).strict(),
                z
                    .object({
                        type: z.literal("latency"),
                        histogram: z.string(msg("is not a string")),
                        thresholdSeconds: z.number(msg("is not a number")),
                        selector: z.string(msg("is not a string")),
                        buckets: z.array(z.number(msg("is not a number"))).optional(),
                    })
                    .strict(),
            ],
            msg('has no type "ratio" or "latency"'),
        ),
        labels: z.record(z.string(), z.string(msg("is not a string"))).optional(),
        runbookUrl: z.string(msg("is not a string")).optional(),
    })
    .strict();

/** A golden-path service; the Microservice component's own validator checks it in full. */
const service = z
    .object({
        name: dnsLabel,
        team: dnsLabel,
        image: z.string(msg("is not a string")),
        port: z.number(msg("is not a number")),
        replicas: z.object({ min: z.number(msg("is not a number")), max: z.number(msg("is not a number")) }).strict(),
        resources: z
            .object({
                requests: z.object({ cpu: z.string(msg("is not a string")), memory: z.string(msg("is not a string")) }).strict(),
                limits: z.object({ memory: z.string(msg("is not a string")), cpu: z.string(msg("is not a string")).optional() }).strict(),
            })
            .strict(),
        env: z.record(z.string(), z.string(msg("is not a string"))).optional(),
        /** Kubernetes Secrets of the team namespace mounted as files (never env values). */
        secrets: z.array(dnsLabel).optional(),
        /** IAM statements for the service's Pod Identity role (no "*" or service:* actions). */
        awsPermissions: z.array(policyStatement).optional(),
        slos: z.array(serviceSlo).optional(),
        callers: z.array(z.object({ namespace: dnsLabel, app: dnsLabel.optional() }).strict()).optional(),
        egress: z
            .array(
                z
                    .object({
                        namespace: z.string(msg("is not a string")).optional(),
                        app: z.string(msg("is not a string")).optional(),
                        cidr: z.string(msg("is not a string")).optional(),
                        ports: z.array(z.number(msg("is not a number"))),
                    })
                    .strict(),
            )
            .optional(),
        probes: z
            .object({
                readinessPath: z.string(msg("is not a string")).optional(),
                livenessPath: z.string(msg("is not a string")).optional(),
                startupPath: z.string(msg("is not a string")).optional(),
                startupSeconds: z.number(msg("is not a number")).optional(),
            })
            .strict()
            .optional(),
        ingress: z
            .object({
                host: z.string(msg("is not a string")),
                certificateArn: z.string(msg("is not a string")),
                internal: z.boolean(msg("is not true or false")).optional(),
                sourceCidrs: z.array(z.string(msg("is not a string"))),
                group: z.string(msg("is not a string")).optional(),
            })
            .strict()
            .optional(),
    })
    .strict();

/**
 * Service-linked roles the platform relies on before the service that owns them would create one:
 * the EBS key policy names Auto Scaling's (KMS refuses a policy naming a role that does not exist),
 * Karpenter launches Spot capacity through EC2 Fleet, which needs Spot's.
 */
export const SERVICE_LINKED_ROLES = ["autoscaling.amazonaws.com", "spot.amazonaws.com", "config.amazonaws.com"] as const;
export type ServiceLinkedRoleService = (typeof SERVICE_LINKED_ROLES)[number];

/**
 * What must exist before this stack's first deploy and that no stack of the project creates.
 * Declared here, never assumed: `npm run preflight` checks each against the live account, and the
 * offline invariants require every principal a policy or access entry names to be created by a
 * stack, be an account root or service, or be listed here.
 */
const prerequisites = z
    .object({
        /** IAM roles or users named by access entries, trusts or key policies that no stack creates (people's roles, an IdP's roles). */
        principals: z.array(iamPrincipalArn).default([]),
        /** Service-linked roles that already exist in the account; the stack creates the others it relies on. */
        existingServiceLinkedRoles: z.array(oneOf(SERVICE_LINKED_ROLES)).default([]),
        /**
         * RAM sharing with AWS Organizations is enabled outside this project (the bootstrap does it
         * only when it runs in the management account): a network stack that shares with the
         * organization declares it here instead.
         */
        ramSharingWithOrganization: z.boolean(msg("is not true or false")).default(false),
    })
    .strict()
    .default({ principals: [], existingServiceLinkedRoles: [], ramSharingWithOrganization: false });

const platformAddons = z
    .object({
        loadBalancerController: z.boolean().default(true),
        certManager: z.boolean().default(true),
        metricsServer: z.boolean().default(true),
        externalDns: z
            .object({ hostedZoneIds: z.array(z.string().regex(/^Z[A-Z0-9]{1,31}$/, msg("is not a Route 53 hosted zone ID such as Z0123456789ABC"))).min(1, msg("is empty")), domainFilters: z.array(z.string()).default([]) })
            .strict()
            .optional(),
    })
    .strict()
    .default({ loadBalancerController: true, certManager: true, metricsServer: true });

/**
 * Image provenance at admission (components/kubernetes/provenance.ts, docs/decisions/0017): only
 * signed images of the platform's registry, by digest. `enforce` denies (the default); `audit`
 * admits and reports, for dev. kubernetes-baseline's image-provenance-enforced flags audit where
 * its config requires enforcement (staging, prod).
 */
const imageProvenance = z
    .object({ mode: oneOf(["enforce", "audit"] as const).default("enforce") })
    .strict()
    .default({ mode: "enforce" });

/**
 * The ValidatingAdmissionPolicies generated from kubernetes-baseline (components/kubernetes/
 * admission-policies.ts, docs/decisions/0018): `deny` (the default) refuses what the environment's
 * pack configuration makes mandatory; `warn` admits everything with a warning and an audit
 * annotation, for dev. kubernetes-baseline's admission-policies-enforced flags warn where its
 * config requires deny (staging, prod).
 */
const admissionPolicies = z
    .object({ mode: oneOf(["deny", "warn"] as const).default("deny") })
    .strict()
    .default({ mode: "deny" });

export const platformConfigSchema = z
    .object({
        role: oneOf(ROLES),
        environment: dnsLabel,
        region,
        accountId,
        /** Name of the role each stack assumes in each account it touches. */
        deploymentRoleName: z.string(msg("is not a string")).regex(/^[\w+=,.@-]{1,64}$/, msg("is not an IAM role name")).default("platform-deployer"),
        organization,
        tags,
        /** Read-only role pull-request previews use in each account (the bootstrap's preview.roleName). */
        previewRoleName: z.string(msg("is not a string")).regex(/^[\w+=,.@-]{1,64}$/, msg("is not an IAM role name")).default("platform-preview"),
        /**
         * Whose credentials the providers use: `deploy` assumes deploymentRoleName in each account,
         * `preview` the read-only previewRoleName (the pull-request preview job sets it). Only the
         * providers change; every resource is the same (test/stacks/preview.test.ts).
         */
        credentials: oneOf(["deploy", "preview"] as const).default("deploy"),
        prerequisites,
        /** Protect and retain stateful resources (keys, buckets, registries, clusters). */
        protect: z.boolean(msg("is not true or false")).default(true),
        /**
         * The policy pack configuration this stack is held to: policy-packs/config/<profile>/.
         * Unset: the stack's environment, whose directory must then exist (config/policy-profile.ts;
         * never a silent fallback to another environment's).
         */
        policyProfile: dnsLabel.optional(),
        /** Names of the stacks this one reads outputs from. */
        stacks: z
            .object({ network: dnsLabel.optional(), shared: dnsLabel.optional() })
            .strict()
            .default({}),
        /** The network account, for providers that act there (TGW association and propagation). */
        networkAccountId: accountId.optional(),
        network: network.optional(),
        transitHub: transitHub.optional(),
        logArchive: logArchive.optional(),
        registry: registry.optional(),
        runners: runners.optional(),
        cluster: cluster.optional(),
        bootstrap: bootstrap.optional(),
        security: security.optional(),
        /** Registry host the workload pulls from (the shared stack's ECR): images must come from it. */
        containerRegistry: z.string(msg("is not a string")).regex(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/, msg("is not a private ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com)")).optional(),
        services: z
            .array(service)
            .default([])
            .superRefine((services, ctx) => {
                // Two services of one name would declare the same resources twice.
                const seen = new Set<string>();
                services.forEach((svc, i) => {
                    if (seen.has(svc.name)) {
                        ctx.addIssue({ code: "custom", path: [i, "name"], message: "is used by another service; service names are unique in a stack" });
                    }
                    seen.add(svc.name);
                });
            }),
        backup: backup.optional(),
        accountBaseline: accountBaseline.optional(),
        observability: observability.default({
            metrics: true,
            grafana: true,
            logs: true,
            traces: true,
            alarms: true,
            platformSlos: true,
            prometheusRetention: "35d",
            prometheusReplicas: 2,
            logRetentionDays: 365,
            alarmEmails: [],
        }),
        platformAddons,
        imageProvenance,
        admissionPolicies,
        teams: z
            .array(team)
            .default([])
            .superRefine((teams, ctx) => {
                const seen = new Set<string>();
                teams.forEach((t, i) => {
                    if (seen.has(t.name)) {
                        ctx.addIssue({ code: "custom", path: [i, "name"], message: "is used by another team" });
                    }
                    seen.add(t.name);
                });
            }),
    })
    .strict()
    .superRefine((c, ctx) => {
        const need = (key: keyof typeof c, why: string) => {
            if (c[key] === undefined) {
                ctx.addIssue({ code: "custom", path: [key], message: `is required for role ${c.role}: ${why}` });
            }
        };
        const forbid = (key: keyof typeof c) => {
            if (c[key] !== undefined) {
                ctx.addIssue({ code: "custom", path: [key], message: `is not used by role ${c.role}; remove it` });
            }
        };
        if (c.role === "bootstrap") {
            need("bootstrap", "the GitHub repository and the accounts to create deployment roles in");
            if (c.bootstrap?.preview && c.bootstrap.preview.roleName === c.deploymentRoleName) {
                ctx.addIssue({ code: "custom", path: ["bootstrap", "preview", "roleName"], message: `${JSON.stringify(c.deploymentRoleName)} is the deployment role's name; the preview role needs its own` });
            }
            if (c.bootstrap?.ramSharingWithOrganization && c.accountId !== c.organization.managementAccountId) {
                ctx.addIssue({
                    code: "custom",
                    path: ["bootstrap", "ramSharingWithOrganization"],
                    message: `is true, but platform:accountId ${JSON.stringify(c.accountId)} is not the management account ${JSON.stringify(c.organization.managementAccountId)} (platform:organization.managementAccountId), and only the management account can enable it; set it to false and enable it once from the management account with \`aws ram enable-sharing-with-aws-organization\``,
                });
            }
            ["network", "transitHub", "cluster", "registry", "logArchive"].forEach((k) => forbid(k as keyof typeof c));
            forbid("accountBaseline");
            const securityAccount = c.bootstrap?.securityAccountId;
            if (securityAccount !== undefined && c.accountId !== c.organization.managementAccountId) {
                ctx.addIssue({
                    code: "custom",
                    path: ["bootstrap", "securityAccountId"],
                    message: `is set, but platform:accountId ${JSON.stringify(c.accountId)} is not the management account ${JSON.stringify(c.organization.managementAccountId)}; only the management account registers delegated administrators`,
                });
            }
            if (securityAccount !== undefined && securityAccount === c.organization.managementAccountId) {
                ctx.addIssue({ code: "custom", path: ["bootstrap", "securityAccountId"], message: `${JSON.stringify(securityAccount)} is the management account; a delegated administrator must be a member account` });
            }
        } else {
            forbid("bootstrap");
        }
        if (c.role === "security") {
            need("security", "the organization's detection settings");
            if (!c.stacks.shared) {
                ctx.addIssue({ code: "custom", path: ["stacks", "shared"], message: "is required: the name of the shared stack whose log archive receives the trail and AWS Config" });
            }
            if (c.accountId === c.organization.managementAccountId) {
                ctx.addIssue({ code: "custom", path: ["accountId"], message: `${JSON.stringify(c.accountId)} is the management account; the security stack runs in the delegated administrator account` });
            }
            ["network", "transitHub", "cluster", "registry", "logArchive", "networkAccountId"].forEach((k) => forbid(k as keyof typeof c));
        } else {
            forbid("security");
        }
        if (c.role === "network") {
            need("transitHub", "the Transit Gateway settings");
            ["network", "cluster", "registry", "logArchive"].forEach((k) => forbid(k as keyof typeof c));
        }
        if (c.role === "shared-services" || c.role === "workload") {
            need("network", "the spoke VPC settings");
            forbid("transitHub");
            if (!c.stacks.network) {
                ctx.addIssue({ code: "custom", path: ["stacks", "network"], message: "is required: the name of the network stack whose Transit Gateway this VPC attaches to" });
            }
            need("networkAccountId", "the network account, where this VPC's TGW attachment is associated");
        }
        if (c.role === "shared-services") {
            need("registry", "the ECR repositories");
            need("logArchive", "the log archive bucket");
            forbid("cluster");
        } else {
            forbid("runners");
        }
        if (c.role !== "workload") {
            forbid("containerRegistry");
            if (c.services.length > 0) {
                ctx.addIssue({ code: "custom", path: ["services"], message: `is not used by role ${c.role}; services run in workload stacks` });
            }
        }
        if (c.role === "workload") {
            need("cluster", "the EKS cluster settings");
            if (c.services.length > 0) {
                need("containerRegistry", "the registry the services' images come from");
            }
            const teams = new Set(c.teams.map((t) => t.name));
            c.services.forEach((svc, i) => {
                if (!teams.has(svc.team)) {
                    ctx.addIssue({ code: "custom", path: ["services", i, "team"], message: `${JSON.stringify(svc.team)} is not a team of this stack (${[...teams].join(", ") || "none"}); add it to platform:teams` });
                }
                for (const problem of microserviceProblems(svc, c)) {
                    // "<field>: <value> <reason>" becomes platform:services[i].<field>: <value> <reason>.
                    const m = /^([\w.[\]]+): (.*)$/s.exec(problem);
                    ctx.addIssue({ code: "custom", path: m ? ["services", i, m[1]] : ["services", i], message: m ? m[2] : problem });
                }
            });
            ["registry", "logArchive"].forEach((k) => forbid(k as keyof typeof c));
        } else {
            forbid("backup");
        }
        // Every principal an access entry or trust names is created by a stack or declared to
        // pre-exist: EKS and IAM refuse a principal that does not exist (checked live by preflight).
        const declared = new Set(c.prerequisites.principals);
        const created = new Set([c.deploymentRoleName, c.previewRoleName].map((r) => `arn:${partitionOf(c.region)}:iam::${c.accountId}:role/${r}`));
        const mustExist = (path: (string | number)[], arn: string | undefined, format: z.ZodType = iamPrincipalArn) => {
            // A malformed ARN has its own message already.
            if (arn !== undefined && format.safeParse(arn).success && !declared.has(arn) && !created.has(arn)) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    message: `${JSON.stringify(arn)} is not created by any stack of the project; create it first and list it in platform:prerequisites.principals (npm run preflight checks that it exists)`,
                });
            }
        };
        c.cluster?.admins.forEach((arn, i) => mustExist(["cluster", "admins", i], arn));
        c.cluster?.viewers.forEach((arn, i) => mustExist(["cluster", "viewers", i], arn));
        c.teams.forEach((t, i) => mustExist(["teams", i, "roleArn"], t.roleArn, iamRoleArn));
        // The preview role has its own read-only entry (previewers); listed again it would be a
        // second entry for one principal (EKS refuses) or, as an admin, write access for PR code.
        const preview = `arn:${partitionOf(c.region)}:iam::${c.accountId}:role/${c.previewRoleName}`;
        (["admins", "viewers"] as const).forEach((list) =>
            c.cluster?.[list].forEach((arn, i) => {
                if (arn === preview) {
                    ctx.addIssue({ code: "custom", path: ["cluster", list, i], message: `${JSON.stringify(arn)} is the preview role, which gets its own read-only access entry; remove it from cluster.${list}` });
                }
            }),
        );
        if (c.previewRoleName === c.deploymentRoleName) {
            ctx.addIssue({ code: "custom", path: ["previewRoleName"], message: `${JSON.stringify(c.previewRoleName)} is the deployment role's name; previews must run as a separate read-only role` });
        }
        mustExist(["bootstrap", "breakGlassRoleArn"], c.bootstrap?.breakGlassRoleArn, iamRoleArn);
        if (c.network) {
            const n = c.network;
            if (n.availabilityZones && n.availabilityZones.length !== n.azCount) {
                ctx.addIssue({ code: "custom", path: ["network", "availabilityZones"], message: `lists ${n.availabilityZones.length} zones but azCount is ${n.azCount}` });
            }
            (n.availabilityZones ?? []).forEach((az, i) => {
                if (!az.startsWith(c.region) || !/^[a-z]$/.test(az.slice(c.region.length))) {
                    ctx.addIssue({ code: "custom", path: ["network", "availabilityZones", i], message: `${JSON.stringify(az)} is not a zone of ${c.region} (such as ${c.region}a)` });
                }
            });
            if (c.environment === "prod" && n.segment !== "prod") {
                ctx.addIssue({ code: "custom", path: ["network", "segment"], message: `${JSON.stringify(n.segment)} is not the prod segment; environment prod attaches to prod` });
            }
            if (c.environment !== "prod" && n.segment === "prod") {
                ctx.addIssue({ code: "custom", path: ["network", "segment"], message: `"prod" is reserved for environment prod; environment ${c.environment} attaches to nonprod or shared` });
            }
        }
    });

export type PlatformConfig = z.infer<typeof platformConfigSchema>;
export type ServiceConfig = PlatformConfig["services"][number];

/** The Microservice args a service's settings become (infra/roles/workload.ts builds the same). */
export function microserviceArgs(svc: z.infer<typeof service>, c: { accountId: string; region: string; containerRegistry?: string }, clusterName: string): MicroserviceArgs {
    return { ...svc, platformRegistry: `${c.containerRegistry ?? ""}/`, clusterName, accountId: c.accountId, region: c.region } as MicroserviceArgs;
}

/** The component's own validation, run while the config is validated: before anything is declared. */
function microserviceProblems(svc: z.infer<typeof service>, c: { accountId: string; region: string; containerRegistry?: string }): string[] {
    if (!c.containerRegistry) {
        return [];
    }
    try {
        validateMicroserviceArgs(microserviceArgs(svc, c, "cluster"));
    } catch (e) {
        if (e instanceof ValidationError) {
            return e.problems;
        }
        throw e;
    }
    return [];
}
export type NetworkConfig = NonNullable<PlatformConfig["network"]>;
export type ClusterConfig = NonNullable<PlatformConfig["cluster"]>;
export type NodePoolConfig = ClusterConfig["nodePools"][number];
export type TeamConfig = PlatformConfig["teams"][number];

/** The availability zones a spoke spans: explicit names, or `<region>a`, `<region>b`, …. */
export function availabilityZonesOf(c: Pick<PlatformConfig, "region"> & { network?: Pick<NetworkConfig, "azCount" | "availabilityZones"> }, azCount?: number): string[] {
    const count = azCount ?? c.network?.azCount ?? 3;
    return c.network?.availabilityZones ?? Array.from({ length: count }, (_, i) => `${c.region}${String.fromCharCode(97 + i)}`);
}
