import { CodeStarConnectionsClient } from "@aws-sdk/client-codestar-connections";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { AwsStub, mockClient } from "aws-sdk-client-mock";
import { validateConfig } from "../../../config/load";
import { PlatformConfig } from "../../../config/schema";
import type { Clients } from "../../../tools/preflight/clients";
import type { Session } from "../../../tools/preflight/model";
import type { Probe } from "../../../tools/preflight/probe";

/**
 * AWS for preflight tests: one client per service and per session, each mocked with
 * aws-sdk-client-mock. A session is "caller" (the caller's own credentials) or the ARN of the role
 * preflight assumed, so a test proves which credentials each call used. Every command a test did
 * not mock rejects.
 */

type Service = keyof Clients;
type AnyStub = AwsStub<any, any, any>;

const CTORS: Record<Service, new (config: { region: string }) => { send: unknown }> = {
    sts: STSClient,
    iam: IAMClient,
    ec2: EC2Client,
    serviceQuotas: ServiceQuotasClient,
    eks: EKSClient,
    organizations: OrganizationsClient,
    connections: CodeStarConnectionsClient,
};

export class FakeAws {
    private readonly instances = new Map<string, { client: unknown; stub: AnyStub }>();
    /** Every (service, session, region) a check asked for, in order. */
    readonly requested: string[] = [];

    readonly clients: Clients = {
        sts: (s, r) => this.client("sts", s, r) as STSClient,
        iam: (s, r) => this.client("iam", s, r) as IAMClient,
        ec2: (s, r) => this.client("ec2", s, r) as EC2Client,
        serviceQuotas: (s, r) => this.client("serviceQuotas", s, r) as ServiceQuotasClient,
        eks: (s, r) => this.client("eks", s, r) as EKSClient,
        organizations: (s, r) => this.client("organizations", s, r) as OrganizationsClient,
        connections: (s, r) => this.client("connections", s, r) as CodeStarConnectionsClient,
    };

    private entry(service: Service, who: string) {
        const key = `${service} ${who}`;
        if (!this.instances.has(key)) {
            const client = new CTORS[service]({ region: "eu-west-1" });
            const stub = mockClient(client as never) as AnyStub;
            stub.onAnyCommand().callsFake((input: unknown) => {
                throw new Error(`unmocked ${service} call as ${who}: ${JSON.stringify(input)}`);
            });
            this.instances.set(key, { client, stub });
        }
        return this.instances.get(key)!;
    }

    private client(service: Service, session: Session, region: string): unknown {
        const who = session.credentials ? session.principal : "caller";
        this.requested.push(`${service} ${who} ${region}`);
        return this.entry(service, who).client;
    }

    /** The stub of a service as the caller, or as an assumed role (its ARN). */
    stub(service: Service, who = "caller"): AnyStub {
        return this.entry(service, who).stub;
    }

    /** The caller is `arn` in `account`; these roles can be assumed, any other is denied. */
    identity(arn: string, account: string, assumable: string[] = []): this {
        const sts = this.stub("sts");
        sts.on(GetCallerIdentityCommand).resolves({ Account: account, Arn: arn, UserId: "AIDEXAMPLE" });
        sts.on(AssumeRoleCommand).rejects(awsError("AccessDenied", "User is not authorized to perform: sts:AssumeRole"));
        for (const role of assumable) {
            sts.on(AssumeRoleCommand, { RoleArn: role }).resolves({
                Credentials: { AccessKeyId: `ASIA${role.length}`, SecretAccessKey: "secret", SessionToken: "token", Expiration: new Date("2026-12-02T12:15:00Z") },
                AssumedRoleUser: { Arn: role, AssumedRoleId: "AROAEXAMPLE:preflight" },
            });
        }
        return this;
    }
}

/** An error as the SDK throws a service exception: its name is the AWS error code. */
export function awsError(name: string, message = name): Error {
    return Object.assign(new Error(message), { name, $fault: "client", $metadata: {} });
}

export const reachable: Probe = async () => ({ ok: true, address: "10.20.0.10" });
export const unreachable: Probe = async () => ({ ok: false, reason: "no answer within 5 s" });

const base = {
    region: "eu-west-1",
    organization: { id: "o-exampleorg01", managementAccountId: "999999999999" },
    tags: { owner: "platform-team", costCenter: "cc-test" },
};

/** A workload stack in account 333333333333 (network account 111111111111); `extra` overrides top-level settings. */
export function workloadConfig(extra: Record<string, unknown> = {}): PlatformConfig {
    return validateConfig({
        ...base,
        role: "workload",
        environment: "dev",
        accountId: "333333333333",
        networkAccountId: "111111111111",
        stacks: { network: "network" },
        prerequisites: { principals: ["arn:aws:iam::333333333333:role/platform-admin"], existingServiceLinkedRoles: ["autoscaling.amazonaws.com"] },
        network: { cidr: "10.20.0.0/16", azCount: 3, natStrategy: "one-per-az", segment: "nonprod" },
        cluster: {
            version: "1.35",
            admins: ["arn:aws:iam::333333333333:role/platform-admin"],
            nodePools: [{ name: "system", system: true, instanceTypes: ["m7i.large"], minSize: 2, desiredSize: 2, maxSize: 3 }],
            karpenter: { enabled: true },
        },
        ...extra,
    });
}

export function networkConfig(transitHub: Record<string, unknown> = { shareWithOrganization: true, egressVpc: { cidr: "10.0.0.0/20", azCount: 2 } }): PlatformConfig {
    return validateConfig({ ...base, role: "network", environment: "network", accountId: "111111111111", policyProfile: "prod", transitHub });
}

export function sharedConfig(extra: Record<string, unknown> = {}): PlatformConfig {
    return validateConfig({
        ...base,
        role: "shared-services",
        environment: "shared",
        policyProfile: "prod",
        accountId: "222222222222",
        networkAccountId: "111111111111",
        stacks: { network: "network" },
        network: { cidr: "10.10.0.0/16", azCount: 2, natStrategy: "none", segment: "shared", interfaceEndpoints: [] },
        registry: {},
        logArchive: {},
        ...extra,
    });
}

/**
 * A bootstrap stack in the management account 999999999999 reaching 111111111111 and 333333333333.
 * `oidc` sets each account's githubOidcProvider on the validated config (the setting is read
 * defensively, whether or not the schema has it yet); accounts not named have none.
 */
export function bootstrapConfig(oidc: Record<string, "create" | "existing"> = {}): PlatformConfig {
    const c = validateConfig({
        ...base,
        role: "bootstrap",
        environment: "bootstrap",
        policyProfile: "prod",
        accountId: "999999999999",
        prerequisites: { principals: ["arn:aws:iam::999999999999:role/platform-break-glass"] },
        bootstrap: {
            github: { owner: "example-org", repository: "platform" },
            breakGlassRoleArn: "arn:aws:iam::999999999999:role/platform-break-glass",
            accounts: [
                { accountId: "999999999999", environments: ["bootstrap"] },
                { accountId: "111111111111", environments: ["network"] },
                { accountId: "333333333333", environments: ["dev"] },
            ],
        },
    });
    for (const a of c.bootstrap!.accounts as unknown as Record<string, unknown>[]) {
        if (oidc[a.accountId as string]) {
            a.githubOidcProvider = oidc[a.accountId as string];
        } else {
            delete a.githubOidcProvider;
        }
    }
    return c;
}

export const DEV_DEPLOYER = "arn:aws:iam::333333333333:role/platform-deployer";
export const NETWORK_DEPLOYER = "arn:aws:iam::111111111111:role/platform-deployer";
export const DEV_CI_CALLER = "arn:aws:sts::333333333333:assumed-role/platform-deployer/GitHubActions";
