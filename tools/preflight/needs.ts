import { partitionOf } from "../../components/common/aws";
import { availabilityZonesOf, PlatformConfig } from "../../config/schema";

/**
 * Pure facts preflight derives from the validated settings: which roles the stack's providers
 * assume, what it creates that counts against a quota. No AWS calls here.
 */

export function roleArn(c: Pick<PlatformConfig, "region">, accountId: string, roleName: string): string {
    return `arn:${partitionOf(c.region)}:iam::${accountId}:role/${roleName}`;
}

/** The role the providers assume (infra/providers.ts): the deployer, or the preview role for `platform:credentials: preview`. */
export function actingRoleName(c: PlatformConfig): string {
    return c.credentials === "preview" ? c.previewRoleName : c.deploymentRoleName;
}

export interface RoleToAssume {
    accountId: string;
    roleArn: string;
    /** Why the stack needs it, for the message. */
    why: string;
    /** What to do when it cannot be assumed. */
    fix: string;
}

/**
 * The roles a `pulumi up` of this stack assumes, in order. Bootstrap runs with the caller's own
 * credentials in its account and reaches every other listed account through the Organizations
 * access role; the other stacks assume their acting role in their account, and shared and
 * workload stacks also in the network account (TGW association and propagation).
 */
export function rolesToAssume(c: PlatformConfig): RoleToAssume[] {
    if (c.role === "bootstrap") {
        const b = c.bootstrap!;
        return b.accounts
            .filter((a) => a.accountId !== c.accountId)
            .map((a) => ({
                accountId: a.accountId,
                roleArn: roleArn(c, a.accountId, b.accessRoleName),
                why: `the bootstrap creates the deployment role in account ${a.accountId} through it`,
                fix: `accounts Organizations creates have ${b.accessRoleName}; for an invited account create it (trusting account ${c.accountId}) or set platform:bootstrap.accessRoleName to the role that account has, and run preflight with administrator credentials of account ${c.accountId}`,
            }));
    }
    const name = actingRoleName(c);
    const trusted = c.credentials === "preview" ? "the preview job's OIDC role" : "the GitHub environment's OIDC role in CI, or the break-glass role (platform:bootstrap.breakGlassRoleArn)";
    const own: RoleToAssume = {
        accountId: c.accountId,
        roleArn: roleArn(c, c.accountId, name),
        why: "the stack's providers act as it",
        fix: `run the bootstrap stack first (it creates ${name} in account ${c.accountId} with its trust); if it has run, use credentials the role trusts: ${trusted}`,
    };
    if ((c.role === "shared-services" || c.role === "workload") && c.networkAccountId && c.networkAccountId !== c.accountId) {
        return [
            own,
            {
                accountId: c.networkAccountId,
                roleArn: roleArn(c, c.networkAccountId, name),
                why: "the stack associates its Transit Gateway attachment in the network account",
                fix: `run the bootstrap stack first with platform:bootstrap.networkAccountId: "${c.networkAccountId}" (the network account's ${name} then trusts account ${c.accountId}'s), and the network stack before this one`,
            },
        ];
    }
    return [own];
}

export interface QuotaNeeds {
    /** VPCs the stack creates in its region. */
    vpcs: number;
    /** Zones that get a NAT gateway (one Elastic IP each). */
    natAzs: string[];
    /** Interface endpoints in the stack's one VPC. */
    interfaceEndpoints: number;
}

/**
 * What the stack adds against the VPC and EC2 quotas of its region, assuming none of it exists
 * yet (a first deploy). NAT placement follows SpokeVpc: `single` puts one in the first zone,
 * `one-per-az` one per zone, `none` and `central` none; the network stack's egress VPC is
 * `one-per-az` without interface endpoints.
 */
export function quotaNeeds(c: PlatformConfig): QuotaNeeds {
    if ((c.role === "shared-services" || c.role === "workload") && c.network) {
        const azs = availabilityZonesOf(c);
        const nat = c.network.natStrategy;
        return { vpcs: 1, natAzs: nat === "single" ? [azs[0]] : nat === "one-per-az" ? azs : [], interfaceEndpoints: c.network.interfaceEndpoints.length };
    }
    if (c.role === "network" && c.transitHub?.egressVpc) {
        return { vpcs: 1, natAzs: availabilityZonesOf(c, c.transitHub.egressVpc.azCount), interfaceEndpoints: 0 };
    }
    return { vpcs: 0, natAzs: [], interfaceEndpoints: 0 };
}

/** The EKS cluster a workload stack creates (infra/roles/workload.ts). */
export function clusterNameOf(c: PlatformConfig): string | undefined {
    return c.role === "workload" ? `platform-${c.environment}` : undefined;
}

/**
 * Settings other engineers are adding, read defensively: present only once the schema has them.
 * `platform:runners.connectionArn` (shared-services: the CodeConnections connection the CI
 * runners use) and `platform:bootstrap.accounts[].githubOidcProvider` ("create" | "existing").
 */
export function runnersConnectionArn(c: PlatformConfig): string | undefined {
    const runners = (c as unknown as Record<string, unknown>).runners;
    const arn = typeof runners === "object" && runners !== null ? (runners as Record<string, unknown>).connectionArn : undefined;
    return typeof arn === "string" && arn.length > 0 ? arn : undefined;
}

export function githubOidcProviders(c: PlatformConfig): { accountId: string; mode: "create" | "existing" }[] {
    return (c.bootstrap?.accounts ?? []).flatMap((a) => {
        const mode = (a as unknown as Record<string, unknown>).githubOidcProvider;
        return mode === "create" || mode === "existing" ? [{ accountId: a.accountId, mode }] : [];
    });
}
