import { PlanResource } from "./model";

/**
 * Effective tags as AWS will see them: the provider's `defaultTags` under the resource's own
 * `tags` (the precedence the AWS provider applies), for every AWS resource that takes tags.
 */
export function withEffectiveTags(resources: PlanResource[]): PlanResource[] {
    const defaults = new Map<string, Record<string, string>>();
    for (const r of resources) {
        if (r.type === "pulumi:providers:aws") {
            defaults.set(r.urn, providerDefaultTags(r.inputs));
        }
    }
    return resources.map((r) => {
        if (!r.custom || !r.type.startsWith("aws:") || !("tags" in r.inputs || taggable(r))) {
            return r;
        }
        const fromProvider = (r.provider && defaults.get(r.provider)) || {};
        const own = (r.inputs.tags as Record<string, string> | undefined) ?? {};
        return { ...r, effectiveTags: { ...fromProvider, ...own } };
    });
}

export function providerDefaultTags(inputs: Record<string, unknown>): Record<string, string> {
    let dt = inputs.defaultTags;
    if (typeof dt === "string") {
        try {
            dt = JSON.parse(dt);
        } catch {
            return {};
        }
    }
    const tags = (dt as { tags?: Record<string, string> } | undefined)?.tags;
    return tags && typeof tags === "object" ? { ...tags } : {};
}

/** Types that accept tags even when the program set none (so default tags still apply). */
const UNTAGGABLE = /^aws:(iam\/(rolePolicyAttachment|rolePolicy)|ec2\/(route|routeTableAssociation|securityGroupRule|defaultSecurityGroup)|s3\/bucket(PublicAccessBlock|Policy|Versioning|ServerSideEncryptionConfiguration|LifecycleConfiguration|OwnershipControls|Logging)(V2)?|kms\/alias|ecr\/(lifecyclePolicy|repositoryPolicy|registryScanningConfiguration|replicationConfiguration|pullThroughCacheRule)|eks\/accessPolicyAssociation|ram\/(resourceAssociation|principalAssociation)|ec2transitgateway\/(routeTableAssociation|routeTablePropagation|route))\b/;

function taggable(r: PlanResource): boolean {
    return !UNTAGGABLE.test(r.type);
}
