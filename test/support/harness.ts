import { expect } from "chai";
import { PlanResource } from "../../tools/plan/model";
import { Program, runProgram } from "../../tools/plan/runner";

/**
 * The one mock harness for component tests: runs a small program through the offline plan's
 * runner (mocks, preview mode, options and dependencies recorded) and queries what it declared.
 *
 *     const plan = await declare(() => { new SpokeVpc("dev", args); });
 *     const vpc = plan.one("aws:ec2/vpc:Vpc", "dev");
 *     expect(vpc.inputs.cidrBlock).to.equal("10.1.0.0/16");
 */
export class Declared {
    constructor(readonly resources: PlanResource[], readonly outputs: Record<string, unknown>) {}

    /** All resources of a type token, in declaration order. */
    ofType(type: string): PlanResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    /** The resource with this type and name; fails the test if there is not exactly one. */
    one(type: string, name: string): PlanResource {
        const found = this.resources.filter((r) => r.type === type && r.name === name);
        expect(found.map((r) => r.urn), `exactly one ${type} named ${name}`).to.have.length(1);
        return found[0];
    }

    /** The resource with this name (any type); fails if not exactly one. */
    named(name: string): PlanResource {
        const found = this.resources.filter((r) => r.name === name);
        expect(found.map((r) => r.type), `exactly one resource named ${name}`).to.have.length(1);
        return found[0];
    }

    /** Direct children of a resource. */
    childrenOf(parent: PlanResource): PlanResource[] {
        return this.resources.filter((r) => r.parent === parent.urn);
    }

    /** `type::name` of every resource, sorted: for asserting the exact set a component creates. */
    inventory(filter: (r: PlanResource) => boolean = () => true): string[] {
        return this.resources.filter(filter).map((r) => `${r.type}::${r.name}`).sort();
    }

    /** Count of resources by type token. */
    counts(): Record<string, number> {
        const out: Record<string, number> = {};
        for (const r of this.resources) {
            out[r.type] = (out[r.type] ?? 0) + 1;
        }
        return out;
    }

    /** A resource's `dependencies`, as the resources they name. */
    dependenciesOf(r: PlanResource): PlanResource[] {
        return r.dependencies.map((u) => this.resources.find((x) => x.urn === u)!).filter(Boolean);
    }
}

export interface DeclareOptions {
    stack?: string;
    config?: Record<string, unknown>;
    stackOutputs?: Record<string, Record<string, unknown>>;
}

/** Runs `program` under the offline plan's mocks and returns what it declared. */
export async function declare(program: () => unknown, opts: DeclareOptions = {}): Promise<Declared> {
    const wrapped: Program = async () => {
        const out = await program();
        return (out && typeof out === "object" ? out : {}) as Record<string, unknown>;
    };
    const run = await runProgram(wrapped, { stack: opts.stack ?? "test", config: opts.config, stackOutputs: opts.stackOutputs });
    return new Declared(run.resources, run.outputs);
}

/** Parses a JSON-document input (IAM and key policies are passed as JSON strings). */
export function doc(value: unknown): any {
    return typeof value === "string" ? JSON.parse(value) : value;
}
