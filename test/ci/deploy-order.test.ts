import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { deployOrder, orderProblems, prerequisitesOf, referenceGraph } from "../../tools/plan/deploy-order";
import { listStacks } from "../../tools/plan/stack-file";

/**
 * The deploy workflow's order follows the StackReference graph computed from the settings, not a
 * list someone keeps: a stack whose job could start before a stack it reads would fail its first
 * `pulumi up` on a missing output.
 */

const DEPLOY = path.join(__dirname, "..", "..", ".github", "workflows", "deploy.yml");

interface Job {
    needs?: string | string[];
    with?: unknown;
    steps?: { uses?: string; with?: Record<string, unknown> }[];
}

/** The stack each deploy job applies (its pulumi/actions step's stack-name), by job id. */
function deployJobs(): Map<string, { stack: string; needs: string[] }> {
    const wf = parse(fs.readFileSync(DEPLOY, "utf8")) as { jobs: Record<string, Job> };
    const out = new Map<string, { stack: string; needs: string[] }>();
    for (const [id, job] of Object.entries(wf.jobs)) {
        const step = (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === "up");
        if (step) {
            out.set(id, { stack: String(step.with!["stack-name"]), needs: ([] as string[]).concat(job.needs ?? []) });
        }
    }
    return out;
}

/** For each deployed stack, the stacks whose deploy jobs finish before it (transitive needs). */
function runsBefore(): Map<string, Set<string>> {
    const jobs = deployJobs();
    const stackOfJob = new Map([...jobs].map(([id, j]) => [id, j.stack]));
    const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
        for (const n of jobs.get(id)?.needs ?? []) {
            if (!seen.has(n)) {
                seen.add(n);
                ancestors(n, seen);
            }
        }
        return seen;
    };
    return new Map(
        [...jobs].map(([id, j]) => [j.stack, new Set([...ancestors(id)].map((a) => stackOfJob.get(a)).filter((s): s is string => s !== undefined))]),
    );
}

describe("deploy order derived from the StackReference graph", () => {
    const graph = referenceGraph();

    it("reads the references of every stack file", () => {
        expect([...graph.keys()]).to.deep.equal(listStacks());
        expect(graph.get("network")).to.deep.equal([]);
        expect(graph.get("dev")).to.have.members(["network", "shared"]);
        expect([...prerequisitesOf(graph, "prod")].sort()).to.deep.equal(["network", "shared"]);
    });

    it("the deploy workflow runs every stack after every stack it references", () => {
        expect(orderProblems(graph, runsBefore())).to.deep.equal([]);
    });

    it("the deploy workflow deploys every stack that another stack references or that references one", () => {
        const deployed = new Set(runsBefore().keys());
        const connected = [...graph].filter(([s, refs]) => refs.length > 0 || [...graph.values()].some((r) => r.includes(s))).map(([s]) => s);
        expect(connected.filter((s) => !deployed.has(s))).to.deep.equal([]);
    });

    it("names the stack that would run too early, and a reference never deployed", () => {
        const wrong = new Map([
            ["network", new Set<string>()],
            ["dev", new Set(["network"])],
        ]);
        expect(orderProblems(graph, wrong)).to.deep.equal(["dev references shared (platform:stacks), which the workflow never deploys"]);
        const early = new Map([
            ["network", new Set<string>()],
            ["shared", new Set<string>()],
            ["dev", new Set(["network"])],
        ]);
        expect(orderProblems(graph, early)).to.deep.equal([
            "shared references network (platform:stacks) but does not run after it; make its job need network's",
            "dev references shared (platform:stacks) but does not run after it; make its job need shared's",
        ]);
    });

    it("gives a topological order: referenced stacks first", () => {
        const order = deployOrder(graph);
        for (const [stack, refs] of graph) {
            for (const ref of refs) {
                expect(order.indexOf(ref), `${ref} before ${stack}`).to.be.lessThan(order.indexOf(stack));
            }
        }
        expect(() => deployOrder(new Map([["a", ["b"]], ["b", ["a"]]]))).to.throw("stack references form a cycle among a, b");
    });
});
