import { Plan, PlanResource } from "../plan/model";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` split into its parts. */
export interface UrnParts {
    stack: string;
    project: string;
    /** Parent types and the type, joined by `$` (the stack's own type is not part of it). */
    qualifiedType: string;
    type: string;
    name: string;
}

export function parseUrn(urn: string): UrnParts | undefined {
    const m = /^urn:pulumi:([^:]*)::([^:]*)::(.*?)::(.*)$/s.exec(urn);
    if (!m) {
        return undefined;
    }
    const qualifiedType = m[3];
    const types = qualifiedType.split("$");
    return { stack: m[1], project: m[2], qualifiedType, type: types[types.length - 1], name: m[4] };
}

export function makeUrn(stack: string, project: string, qualifiedType: string, name: string): string {
    return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** The qualified type a child of `parentUrn` gets; top-level resources (parent is the stack) get their own type. */
function childQualifiedType(parentUrn: string | undefined, type: string): string {
    const p = parentUrn ? parseUrn(parentUrn) : undefined;
    if (!p || p.type === "pulumi:pulumi:Stack") {
        return type;
    }
    return `${p.qualifiedType}$${type}`;
}

/** Moves a URN to another stack (used when a diff compares two different stacks). */
export function rewriteStack(urn: string, stack: string): string {
    const p = parseUrn(urn);
    return p ? makeUrn(stack, p.project, p.qualifiedType, p.name) : urn;
}

interface AliasSpec {
    name?: string;
    type?: string;
    parent?: string;
}

/**
 * Every URN a resource may have had before, from its own `aliases` (URN strings or the recorder's
 * `{name, type, parent}` JSON) and, as the engine does, from its parent's aliases: a child of a
 * renamed component moves with it, and a child named after its parent follows the parent's old name.
 */
export class AliasIndex {
    private readonly byUrn = new Map<string, PlanResource>();
    private readonly memo = new Map<string, string[]>();

    constructor(private readonly plan: Plan) {
        plan.resources.forEach((r) => this.byUrn.set(r.urn, r));
    }

    aliasesOf(r: PlanResource): string[] {
        const cached = this.memo.get(r.urn);
        if (cached) {
            return cached;
        }
        this.memo.set(r.urn, []);
        const out = new Set<string>();
        const { stack, project } = this.plan;
        for (const a of r.aliases ?? []) {
            if (a.startsWith("urn:pulumi:")) {
                out.add(a);
                continue;
            }
            let spec: AliasSpec;
            try {
                spec = JSON.parse(a) as AliasSpec;
            } catch {
                continue;
            }
            const parent = spec.parent ?? r.parent;
            out.add(makeUrn(stack, project, childQualifiedType(parent, spec.type ?? r.type), spec.name ?? r.name));
        }
        const parent = r.parent ? this.byUrn.get(r.parent) : undefined;
        if (parent) {
            for (const pa of this.aliasesOf(parent)) {
                const pp = parseUrn(pa);
                if (!pp) {
                    continue;
                }
                const names = new Set([r.name]);
                if (r.name.startsWith(parent.name) && pp.name !== parent.name) {
                    names.add(pp.name + r.name.slice(parent.name.length));
                }
                for (const n of names) {
                    out.add(makeUrn(stack, project, `${pp.qualifiedType}$${r.type}`, n));
                }
            }
        }
        out.delete(r.urn);
        const list = [...out];
        this.memo.set(r.urn, list);
        return list;
    }
}
