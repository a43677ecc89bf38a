import * as pulumi from "@pulumi/pulumi";

/**
 * Values crossing stacks. A stack reads another's outputs through a StackReference named
 * `<organization>/<project>/<stack>`; the offline plan answers it with that stack's own offline
 * plan. The shapes below are the contract between roles: the network stack's outputs are what
 * spokes attach to, the shared stack's are where workloads pull images and ship logs.
 */
export interface NetworkOutputs {
    accountId: string;
    region: string;
    transitGatewayId: string;
    routeTableIds: Record<"prod" | "nonprod" | "shared", string>;
}

export interface SharedOutputs {
    accountId: string;
    registryUrl: string;
    repositoryUrls: Record<string, string>;
    /** The golden path's keyless signing identity (issuer, certificate subject), when platform:registry.imagePublishing is set. */
    imageSigningIdentity?: { issuer: string; subject: string };
    logArchiveBucketArn: string;
    logArchiveBucketName: string;
}

export function stackReference(stack: string): pulumi.StackReference {
    return new pulumi.StackReference(`${pulumi.getOrganization()}/${pulumi.getProject()}/${stack}`);
}

export function requireOutput<T>(ref: pulumi.StackReference, name: string): pulumi.Output<T> {
    return ref.requireOutput(name) as pulumi.Output<T>;
}

/**
 * The stacks a stack's settings reference (`platform:stacks`), so that the offline plan can plan
 * them first and answer the StackReferences with their outputs.
 */
export function referencedStacks(config: Record<string, unknown>): string[] {
    let stacks = config["platform:stacks"];
    if (typeof stacks === "string") {
        try {
            stacks = JSON.parse(stacks);
        } catch {
            return [];
        }
    }
    if (!stacks || typeof stacks !== "object") {
        return [];
    }
    return Object.values(stacks as Record<string, unknown>).filter((s): s is string => typeof s === "string");
}
