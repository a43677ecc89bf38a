import * as path from "path";
import { referencedStacks } from "../../infra/references";
import { listStacks, readStackFile, STACKS_DIR } from "./stack-file";

/**
 * The order stacks must be deployed in, derived from their settings: a stack reads another's
 * outputs through a StackReference (`platform:stacks`), so the referenced stack's first `pulumi up`
 * must have finished before. The workflows' `needs` chain must agree (test/ci/deploy-order.test.ts).
 */

/** For each stack, the stacks it references (directly), read from `stacks/`. */
export function referenceGraph(dir: string = STACKS_DIR, stacks: string[] = listStacks(dir)): Map<string, string[]> {
    return new Map(stacks.map((s) => [s, referencedStacks(readStackFile(path.join(dir, `Pulumi.${s}.yaml`), s).config)]));
}

/** Every stack a stack needs before it, transitively. */
export function prerequisitesOf(graph: Map<string, string[]>, stack: string, seen: Set<string> = new Set()): Set<string> {
    for (const ref of graph.get(stack) ?? []) {
        if (!seen.has(ref)) {
            seen.add(ref);
            prerequisitesOf(graph, ref, seen);
        }
    }
    return seen;
}

/**
 * The problems with a proposed order (a list of stacks, or for each stack what runs before it):
 * a stack that runs before a stack it references, a referenced stack missing from the order.
 */
export function orderProblems(graph: Map<string, string[]>, before: Map<string, Set<string>>): string[] {
    const problems: string[] = [];
    for (const [stack, earlier] of before) {
        for (const ref of prerequisitesOf(graph, stack)) {
            if (!before.has(ref)) {
                problems.push(`${stack} references ${ref} (platform:stacks), which the workflow never deploys`);
            } else if (!earlier.has(ref)) {
                problems.push(`${stack} references ${ref} (platform:stacks) but does not run after it; make its job need ${ref}'s`);
            }
        }
    }
    return problems;
}

/** A topological order of the graph (ties by name), for documentation and new workflows. */
export function deployOrder(graph: Map<string, string[]>): string[] {
    const order: string[] = [];
    const placed = new Set<string>();
    const pending = [...graph.keys()].sort();
    while (pending.length > 0) {
        const next = pending.find((s) => (graph.get(s) ?? []).every((r) => placed.has(r) || !graph.has(r)));
        if (next === undefined) {
            throw new Error(`stack references form a cycle among ${pending.join(", ")}`);
        }
        order.push(next);
        placed.add(next);
        pending.splice(pending.indexOf(next), 1);
    }
    return order;
}
