import * as pulumi from "@pulumi/pulumi";

/**
 * Options for stateful children (KMS keys, buckets, registries, clusters, log groups that hold
 * audit data): protected against `pulumi destroy` and retained in AWS if removed from the
 * program, when `protect` is on (the default everywhere; dev stacks turn it off to allow teardown).
 */
export function stateful(parent: pulumi.Resource, protect: boolean, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return { ...extra, parent, protect, retainOnDelete: protect };
}
