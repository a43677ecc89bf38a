import * as pulumi from "@pulumi/pulumi";
import { PlanResource, SECRET, UNKNOWN } from "./model";

/**
 * Captures every resource the program declares, with the options and dependencies that mocks
 * never see. It is a stack transformation (`registerStackTransformation`), which runs for every
 * resource, component or custom, before the resource registers; the fields the SDK fills in
 * afterwards (inherited `protect`, the provider) are read from the resource object once the
 * program has finished.
 */

interface Captured {
    resource: pulumi.Resource;
    type: string;
    name: string;
    props: pulumi.Inputs;
    opts: pulumi.ResourceOptions;
}

/** Internal fields of `pulumi.Resource` that hold what the SDK resolved (stable across 3.x). */
interface ResourceInternals {
    __pulumiType: string;
    __name?: string;
    __protect?: boolean;
    __parentResource?: pulumi.Resource;
    __providers?: Record<string, pulumi.ProviderResource>;
    __pulumiCustomResource?: boolean;
}

/** Internal fields of `pulumi.Output` (stable across 3.x). */
interface OutputInternals {
    promise(withUnknowns?: boolean): Promise<unknown>;
    allResources?: () => Promise<Set<pulumi.Resource>>;
    resources(): Set<pulumi.Resource>;
    isSecret: Promise<boolean>;
    isKnown: Promise<boolean>;
}

export class Recorder {
    private readonly captured: Captured[] = [];

    constructor(private readonly project: string, private readonly stack: string) {}

    /** The transformation to register inside `runInPulumiStack`. */
    readonly transformation: pulumi.ResourceTransformation = (args) => {
        this.captured.push({ resource: args.resource, type: args.type, name: args.name, props: args.props, opts: args.opts });
        return undefined;
    };

    get stackUrn(): string {
        return `urn:pulumi:${this.stack}::${this.project}::pulumi:pulumi:Stack::${this.project}-${this.stack}`;
    }

    /** Resolves every captured resource into its plan record, in declaration order. */
    async finish(): Promise<PlanResource[]> {
        const urns = new Map<pulumi.Resource, string>();
        for (const c of this.captured) {
            urns.set(c.resource, this.urnOf(c.resource));
        }
        const seen = new Set<string>();
        const records: PlanResource[] = [];
        for (const c of this.captured) {
            const urn = urns.get(c.resource)!;
            if (seen.has(urn)) {
                throw new Error(`offline plan: duplicate URN ${urn}; two resources share a type and name under one parent`);
            }
            seen.add(urn);
            records.push(await this.record(c, urn, urns));
        }
        return records;
    }

    private urnOf(resource: pulumi.Resource): string {
        const r = resource as unknown as ResourceInternals;
        const chain: string[] = [];
        let parent = r.__parentResource as unknown as ResourceInternals | undefined;
        while (parent && parent.__pulumiType !== "pulumi:pulumi:Stack") {
            chain.unshift(parent.__pulumiType);
            parent = parent.__parentResource as unknown as ResourceInternals | undefined;
        }
        const qualified = [...chain, r.__pulumiType].join("$");
        return `urn:pulumi:${this.stack}::${this.project}::${qualified}::${r.__name}`;
    }

    private async record(c: Captured, urn: string, urns: Map<pulumi.Resource, string>): Promise<PlanResource> {
        const r = c.resource as unknown as ResourceInternals;
        const custom = r.__pulumiCustomResource === true;
        const inputs: Record<string, unknown> = {};
        const propertyDependencies: Record<string, string[]> = {};
        const deps = new Set<string>();
        for (const [key, value] of Object.entries(c.props ?? {})) {
            if (value === undefined) {
                continue;
            }
            const { resolved, resources } = await resolveDeep(value);
            if (resolved === undefined) {
                continue;
            }
            inputs[key] = resolved;
            const keyDeps = [...resources].map((d) => urns.get(d)).filter((u): u is string => !!u && u !== urn);
            if (keyDeps.length > 0) {
                propertyDependencies[key] = [...new Set(keyDeps)].sort();
                keyDeps.forEach((d) => deps.add(d));
            }
        }
        for (const d of await explicitDependsOn(c.opts.dependsOn)) {
            const u = urns.get(d);
            if (u) {
                deps.add(u);
            }
        }
        const parent = r.__parentResource;
        const parentUrn = parent ? urns.get(parent) ?? this.stackUrn : this.stackUrn;
        return {
            urn,
            type: c.type,
            name: c.name,
            custom,
            parent: parentUrn,
            provider: custom ? this.providerUrn(c, urns) : undefined,
            inputs,
            dependencies: [...deps].sort(),
            propertyDependencies,
            protect: r.__protect === true,
            retainOnDelete: c.opts.retainOnDelete === true,
            ignoreChanges: [...(c.opts.ignoreChanges ?? [])],
            deleteBeforeReplace: (c.opts as pulumi.CustomResourceOptions).deleteBeforeReplace === true,
            replaceOnChanges: [...(c.opts.replaceOnChanges ?? [])],
            additionalSecretOutputs: [...((c.opts as pulumi.CustomResourceOptions).additionalSecretOutputs ?? [])],
            aliases: describeAliases(c.opts.aliases, urns),
            ...(await readIdOf(c.opts)),
        };
    }

    private providerUrn(c: Captured, urns: Map<pulumi.Resource, string>): string | undefined {
        if (c.type.startsWith("pulumi:providers:")) {
            return undefined;
        }
        const pkg = c.type.split(":")[0];
        const explicit = c.opts.provider;
        const r = c.resource as unknown as ResourceInternals;
        const provider = explicit ?? r.__providers?.[pkg];
        if (provider) {
            return urns.get(provider);
        }
        return `urn:pulumi:${this.stack}::${this.project}::pulumi:providers:${pkg}::default`;
    }
}

async function readIdOf(opts: pulumi.ResourceOptions): Promise<{ readId?: string }> {
    const id = (opts as pulumi.CustomResourceOptions).id;
    if (id === undefined) {
        return {};
    }
    const { resolved } = await resolveDeep(id);
    return { readId: typeof resolved === "string" ? resolved : UNKNOWN };
}

/**
 * The aliases the program declared. Resource classes add type-only aliases for renamed provider
 * types (BucketV2 to Bucket); those are the SDK's, not the program's, and are left out.
 */
function describeAliases(aliases: pulumi.ResourceOptions["aliases"], urns: Map<pulumi.Resource, string>): string[] {
    const out: string[] = [];
    for (const a of aliases ?? []) {
        if (typeof a === "string") {
            out.push(a);
            continue;
        }
        const alias = a as pulumi.Alias;
        if (alias.name === undefined && alias.parent === undefined && alias.stack === undefined && alias.project === undefined) {
            continue;
        }
        const parent = pulumi.Resource.isInstance(alias.parent) ? urns.get(alias.parent) : alias.parent;
        out.push(JSON.stringify({ name: alias.name, type: alias.type, parent: typeof parent === "string" ? parent : undefined }));
    }
    return out;
}

async function explicitDependsOn(dependsOn: unknown): Promise<pulumi.Resource[]> {
    const out: pulumi.Resource[] = [];
    const visit = async (v: unknown): Promise<void> => {
        if (!v) {
            return;
        }
        if (pulumi.Resource.isInstance(v)) {
            out.push(v);
        } else if (pulumi.Output.isInstance(v)) {
            await visit(await (v as unknown as OutputInternals).promise());
        } else if (v instanceof Promise) {
            await visit(await v);
        } else if (Array.isArray(v)) {
            for (const x of v) {
                await visit(x);
            }
        }
    };
    await visit(dependsOn);
    return out;
}

/**
 * Resolves an input (plain, promise, Output, nested) to the value a preview would send, with
 * unknowns as `UNKNOWN` and secrets as `SECRET`, and collects the resources it depends on.
 */
async function resolveDeep(value: unknown): Promise<{ resolved: unknown; resources: Set<pulumi.Resource> }> {
    const resources = new Set<pulumi.Resource>();
    const resolved = await walk(value, resources);
    return { resolved, resources };
}

async function walk(input: unknown, resources: Set<pulumi.Resource>): Promise<unknown> {
    const value: unknown = input;
    if (value === null || value === undefined) {
        return value;
    }
    if (pulumi.Output.isInstance(value)) {
        const o = value as unknown as OutputInternals;
        const deps = o.allResources ? await o.allResources() : o.resources();
        deps.forEach((d) => resources.add(d));
        if (await o.isSecret) {
            return SECRET;
        }
        const inner = await o.promise(true);
        // An output the engine cannot know during preview resolves to undefined: it is an input
        // all the same (and its dependencies count), so it is recorded as unknown, not dropped.
        if (inner === undefined && !(await o.isKnown)) {
            return UNKNOWN;
        }
        return walk(inner, resources);
    }
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (value instanceof Promise) {
        return walk(await value, resources);
    }
    if (pulumi.Resource.isInstance(value)) {
        resources.add(value);
        return pulumi.CustomResource.isInstance(value) ? UNKNOWN : undefined;
    }
    if (isAsset(value)) {
        return describeAsset(value);
    }
    if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (const v of value as unknown[]) {
            const w = await walk(v, resources);
            out.push(w === undefined ? null : w);
        }
        return out;
    }
    if (typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            const w = await walk(v, resources);
            if (w !== undefined) {
                out[k] = w;
            }
        }
        return out;
    }
    return value;
}

function isAsset(value: unknown): value is pulumi.asset.Asset | pulumi.asset.Archive {
    return pulumi.asset.Asset.isInstance(value) || pulumi.asset.Archive.isInstance(value);
}

function describeAsset(value: pulumi.asset.Asset | pulumi.asset.Archive): Record<string, unknown> {
    const v = value as unknown as Record<string, unknown>;
    const out: Record<string, unknown> = { asset: true };
    for (const key of ["text", "path", "uri"]) {
        if (typeof v[key] === "string") {
            out[key] = v[key];
        }
    }
    return out;
}
