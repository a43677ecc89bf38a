import { DescribeClusterCommand } from "@aws-sdk/client-eks";
import { Context, otherAccountFix, sessionFor } from "./context";
import { errorMessage, errorName, isAccessDenied } from "./errors";
import type { CheckResult } from "./model";
import { clusterNameOf } from "./needs";

export const ENDPOINT_FIX =
    "run from a runner/host in the organization's network admitted by platform:cluster.apiAccessCidrs, or use SSM port forwarding (docs/ci-cd.md)";

/**
 * `pulumi up` of a workload stack talks to the Kubernetes API (add-ons, namespaces, services),
 * and the endpoint is private: the host running the deploy must reach it on 443. Before the first
 * deploy the cluster does not exist, which blocks nothing.
 */
export async function checkClusterEndpoint(ctx: Context): Promise<CheckResult[]> {
    const c = ctx.config;
    const name = clusterNameOf(c);
    if (!name) {
        return [];
    }
    const session = sessionFor(ctx, c.accountId);
    if (!session) {
        return [{ check: "cluster-endpoint", status: "not-checked", message: `cluster ${name}: preflight holds no credentials for account ${c.accountId}`, fix: otherAccountFix(ctx, c.accountId) }];
    }
    let endpoint: string | undefined;
    try {
        endpoint = (await ctx.clients.eks(session, c.region).send(new DescribeClusterCommand({ name }))).cluster?.endpoint;
    } catch (e) {
        if (errorName(e) === "ResourceNotFoundException") {
            return [{ check: "cluster-endpoint", status: "info", message: `cluster ${name} is not created yet in ${c.region}; its API endpoint is checked once it exists` }];
        }
        if (isAccessDenied(e)) {
            return [{ check: "cluster-endpoint", status: "not-checked", message: `cluster ${name}: ${session.principal} may not describe it (${errorMessage(e)})`, fix: `allow eks:DescribeCluster to ${session.principal}` }];
        }
        throw e;
    }
    if (!endpoint) {
        return [{ check: "cluster-endpoint", status: "info", message: `cluster ${name} has no API endpoint yet (still being created)` }];
    }
    const host = new URL(endpoint).hostname;
    const reached = await ctx.probe(host, 443);
    if (reached.ok) {
        return [{ check: "cluster-endpoint", status: "ok", message: `the API endpoint of ${name} (${host}:443) answers from here (${reached.address})` }];
    }
    return [{ check: "cluster-endpoint", status: "problem", message: `the API endpoint of ${name} (${host}:443) is not reachable from here: ${reached.reason}`, fix: ENDPOINT_FIX }];
}
