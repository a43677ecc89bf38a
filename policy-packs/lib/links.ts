import type { PolicyResource } from "@pulumi/policy";
import { peek } from "./values";

/*
 * Linking resources in stack policies: a sub-resource (a BucketPolicy, a FlowLog, a NetworkPolicy)
 * to the resource it configures. The packs had four variants (S3 by property dependency or name,
 * network by property dependency or, without any, by dependency, namespaces by any dependency,
 * the EKS log group by property dependency). `refersTo` keeps what each got right:
 *
 * 1. the engine's property dependencies of that input name the target: `bucket: b.id` links even
 *    while the id is unknown (ids of resources created in the same update are unknown in preview);
 * 2. only when the plan recorded no property dependencies at all (older plans, some providers),
 *    the resource's dependencies name the target; with property dependencies recorded, a plain
 *    dependency on the target may be for another input, so it does not link;
 * 3. the input's known value equals one of the target's identifying values (a bucket or
 *    repository name given as a plain string).
 */

/** The resources of the given type tokens. */
export function ofType(resources: PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type));
}

/** True when `sub`'s input `prop` refers to `target` (see above); `values` are the target's identifying values. */
export function refersTo(sub: PolicyResource, prop: string, target: PolicyResource, values: unknown[] = []): boolean {
    const byProp = sub.propertyDependencies ?? {};
    if ((byProp[prop] ?? []).some((d) => d.urn === target.urn)) {
        return true;
    }
    if (Object.keys(byProp).length === 0 && (sub.dependencies ?? []).some((d) => d.urn === target.urn)) {
        return true;
    }
    if (values.length === 0) {
        return false;
    }
    const value = peek(sub.props, prop);
    return value.state === "known" && typeof value.value === "string" && values.some((v) => typeof v === "string" && v === value.value);
}

/** True when two resources are created through the same provider (so in the same account and region). */
export function sameProvider(a: PolicyResource, b: PolicyResource): boolean {
    return (a.provider?.urn ?? "") === (b.provider?.urn ?? "");
}
