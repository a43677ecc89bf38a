import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ChartPin } from "./versions";

/**
 * A Helm release with the platform's rollout settings, the one way components install charts:
 * the pinned chart version, a fixed release name (so the chart's object and service-account names
 * stay stable), `atomic` with `cleanupOnFail` (a failed install or upgrade is rolled back and its
 * new objects removed) and a bounded history. Namespaces are created by the component, never by
 * Helm, so that they carry the platform's labels and network policies.
 */
export interface PinnedReleaseArgs {
    /** The chart. An OCI chart (`oci://…`) has no repository. */
    pin: ChartPin | { repo?: undefined; chart: string; version: string };
    /** @default the chart's name */
    releaseName?: string;
    namespace: pulumi.Input<string>;
    values?: object;
    /** Seconds Helm waits for the release's resources. @default Helm's own (300) */
    timeoutSeconds?: number;
    /** Leave the chart's crds/ out (a separate CRD chart owns them). @default false */
    skipCrds?: boolean;
}

export function pinnedRelease(name: string, args: PinnedReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
    return new k8s.helm.v3.Release(
        name,
        {
            name: args.releaseName ?? args.pin.chart,
            chart: args.pin.chart,
            version: args.pin.version,
            repositoryOpts: args.pin.repo ? { repo: args.pin.repo } : undefined,
            namespace: args.namespace,
            createNamespace: false,
            values: args.values,
            skipCrds: args.skipCrds,
            atomic: true,
            cleanupOnFail: true,
            timeout: args.timeoutSeconds,
            maxHistory: 10,
        },
        opts,
    );
}
