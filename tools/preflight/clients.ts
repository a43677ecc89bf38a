import { CodeStarConnectionsClient } from "@aws-sdk/client-codestar-connections";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { ServiceQuotasClient } from "@aws-sdk/client-service-quotas";
import { STSClient } from "@aws-sdk/client-sts";
import { Session } from "./model";

/**
 * The SDK clients the checks use, one per service, session (whose credentials) and region. The
 * checks never construct a client: tests pass clients mocked with aws-sdk-client-mock, the command
 * passes `sdkClients()`. Only tools/cli/preflight-command.ts loads this module (on demand), so the
 * SDK is never loaded by `npm run plan`.
 */
export interface Clients {
    sts(session: Session, region: string): STSClient;
    iam(session: Session, region: string): IAMClient;
    ec2(session: Session, region: string): EC2Client;
    serviceQuotas(session: Session, region: string): ServiceQuotasClient;
    eks(session: Session, region: string): EKSClient;
    organizations(session: Session, region: string): OrganizationsClient;
    /**
     * CodeConnections (formerly CodeStar Connections): the same API under both service prefixes,
     * and connections keep the ARN prefix they were created with. The JavaScript SDK publishes this
     * API only as @aws-sdk/client-codestar-connections (there is no client-codeconnections on npm,
     * checked 2026-12-02); GetConnection takes either ARN
     * (https://docs.aws.amazon.com/codeconnections/latest/APIReference/API_GetConnection.html, read 2026-12-02).
     */
    connections(session: Session, region: string): CodeStarConnectionsClient;
}

type Constructor<T> = new (config: { region: string; credentials?: Session["credentials"]; maxAttempts?: number }) => T;

/** Real clients: the caller's default credential chain, or a session's assumed-role credentials. */
export function sdkClients(): Clients {
    const cache = new Map<string, unknown>();
    const make =
        <T>(service: string, ctor: Constructor<T>) =>
        (session: Session, region: string): T => {
            const key = `${service} ${session.principal} ${region}`;
            if (!cache.has(key)) {
                cache.set(key, new ctor({ region, credentials: session.credentials, maxAttempts: 3 }));
            }
            return cache.get(key) as T;
        };
    return {
        sts: make("sts", STSClient),
        iam: make("iam", IAMClient),
        ec2: make("ec2", EC2Client),
        serviceQuotas: make("service-quotas", ServiceQuotasClient),
        eks: make("eks", EKSClient),
        organizations: make("organizations", OrganizationsClient),
        connections: make("codeconnections", CodeStarConnectionsClient),
    };
}
