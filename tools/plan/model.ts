/**
 * The offline plan's data model: what `<stack>.plan.json` holds. Every consumer (renderers, the
 * policy evaluator, the diff, the cost and deploy-time estimates) reads this shape and nothing
 * else, so a plan produced elsewhere can be evaluated the same way.
 */

/** Marker written in place of a value that is only known after `pulumi up` (a computed output). */
export const UNKNOWN = "<computed>";
/** Marker written in place of a `secure:` config value or a secret output. */
export const SECRET = "[secret]";

export const PLAN_FORMAT_VERSION = 1;

export interface PlanResource {
    urn: string;
    type: string;
    name: string;
    /** True for provider resources (`pulumi:providers:*`) and other custom resources. */
    custom: boolean;
    /** URN of the parent; the stack's URN for top-level resources. */
    parent?: string;
    /** URN of the provider resource this resource is created with (explicit or inherited). */
    provider?: string;
    /** Inputs as resolved by the engine in a preview; unknowns are `UNKNOWN`, secrets `SECRET`. */
    inputs: Record<string, unknown>;
    /** Union of explicit `dependsOn` and every resource an input depends on (URNs, sorted). */
    dependencies: string[];
    /** Per input property, the URNs it depends on. */
    propertyDependencies: Record<string, string[]>;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    replaceOnChanges: string[];
    additionalSecretOutputs: string[];
    aliases: string[];
    /**
     * Set for a resource the program reads (`Resource.get`, `opts.id`) rather than manages: its
     * inputs are empty, so resource policies do not judge it (the program does not configure it).
     */
    readId?: string;
    /** Provider default tags merged under the resource's own tags (taggable resources only). */
    effectiveTags?: Record<string, string>;
}

export interface PlanSummary {
    resourceCount: number;
    customResourceCount: number;
    componentCount: number;
    byType: Record<string, number>;
}

export interface Plan {
    formatVersion: number;
    project: string;
    stack: string;
    /** The settings file this plan was made from, relative to the repository root. */
    stackFile: string;
    /** Config as the program saw it, secrets replaced by `SECRET`. */
    config: Record<string, unknown>;
    resources: PlanResource[];
    outputs: Record<string, unknown>;
    summary: PlanSummary;
}
