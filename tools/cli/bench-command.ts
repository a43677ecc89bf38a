import * as pulumi from "@pulumi/pulumi";
import { Plan, PlanResource } from "../plan/model";
import { planStack } from "../plan/runner";
import { listStacks, UsageError } from "../plan/stack-file";
import { Io, parse } from "./main";

/**
 * `npm run bench`: for every stack, the offline plan's time per resource next to the SDK's own
 * cost for the same resources registered bare: the same SDK classes, names, parents, providers,
 * inputs and dependencies between inputs, under mocks that echo inputs, with no recorder, no
 * component logic and no validation. The ratio
 * says how much the blueprint adds on top of what any Pulumi program of that size pays.
 */

export interface BenchRow {
    stack: string;
    resources: number;
    planMs: number;
    floorMs: number;
}

class BareResource extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
        super(type, name, props, opts);
    }
}

class BareComponent extends pulumi.ComponentResource {
    constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);
    }
}

type ResourceClass = new (name: string, args: pulumi.Inputs, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;

/**
 * The SDK class of a type token (`aws:ec2/vpc:Vpc` to `aws.ec2.Vpc`, `kubernetes:apps/v1:Deployment`
 * to `k8s.apps.v1.Deployment`), so that the floor pays what those classes cost (an Output per
 * declared property), as the program does. Types without a class (custom resource kinds) use
 * Kubernetes' CustomResource or a bare CustomResource.
 */
export function sdkClassOf(type: string): ResourceClass | undefined {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const [pkg, mod = "", kind = ""] = type.split(":");
    if (pkg === "pulumi" && mod === "providers") {
        const sdk = providerPackages[kind];
        return sdk ? (require(sdk).Provider as ResourceClass) : undefined;
    }
    if (pkg === "aws" || pkg === "random") {
        const root = require(pkg === "aws" ? "@pulumi/aws" : "@pulumi/random");
        const module = mod.split("/")[0];
        return (module === "index" ? root[kind] : root[module]?.[kind]) as ResourceClass | undefined;
    }
    if (pkg === "kubernetes") {
        const k8s = require("@pulumi/kubernetes");
        const [group, version] = mod.split("/");
        const found = k8s[group.split(".")[0]]?.[version]?.[kind];
        return (found ?? k8s.apiextensions.CustomResource) as ResourceClass;
    }
    return undefined;
    /* eslint-enable @typescript-eslint/no-require-imports */
}

const providerPackages: Record<string, string> = { aws: "@pulumi/aws", kubernetes: "@pulumi/kubernetes", random: "@pulumi/random" };

const bareMocks: pulumi.runtime.Mocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.type === "pulumi:pulumi:StackReference" ? { outputs: {} } : args.inputs }),
    call: () => ({}),
};

/**
 * The recorded inputs, each one that depended on other resources made an Output of those
 * resources again: the SDK then pays for the same dependency graph the program has (resolution,
 * serialization of dependencies), and nothing of the program's own logic.
 */
function bareInputs(r: PlanResource, made: Map<string, pulumi.Resource>): pulumi.Inputs {
    const inputs: pulumi.Inputs = { ...r.inputs };
    for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const deps = urns.map((u) => made.get(u)).filter((d): d is pulumi.Resource => d !== undefined);
        if (deps.length > 0 && key in inputs) {
            const value = inputs[key];
            inputs[key] = pulumi.all(deps.map((d) => d.urn)).apply(() => value);
        }
    }
    return inputs;
}

/** Registers the plan's resources bare, parents first; returns the elapsed milliseconds and how many registered. */
export async function registerBare(plan: Plan): Promise<{ ms: number; registered: number }> {
    await pulumi.runtime.setMocks(bareMocks, plan.project, `${plan.stack}-bare`, true);
    const started = process.hrtime.bigint();
    let registered = 0;
    await pulumi.runtime.runInPulumiStack(async () => {
        const made = new Map<string, pulumi.Resource>();
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const make = (r: PlanResource): pulumi.Resource => {
            const existing = made.get(r.urn);
            if (existing) {
                return existing;
            }
            const parentRecord = r.parent ? byUrn.get(r.parent) : undefined;
            const parent = parentRecord ? make(parentRecord) : undefined;
            const provider = r.provider ? made.get(r.provider) : undefined;
            const opts = { parent, provider: provider as pulumi.ProviderResource | undefined };
            let res: pulumi.Resource;
            if (!r.custom) {
                res = new BareComponent(r.type, r.name, { parent });
            } else if (r.type === "pulumi:pulumi:StackReference") {
                res = new pulumi.StackReference(r.name, {}, { parent });
            } else {
                const Cls = sdkClassOf(r.type);
                try {
                    res = Cls ? new Cls(r.name, bareInputs(r, made), opts) : new BareResource(r.type, r.name, bareInputs(r, made), opts);
                } catch {
                    // A required input the preview only knows after apply (left out of the plan).
                    res = new BareResource(r.type, r.name, bareInputs(r, made), opts);
                }
            }
            made.set(r.urn, res);
            return res;
        };
        for (const r of plan.resources) {
            make(r);
        }
        await Promise.all([...made.values()].map((res) => new Promise((resolve) => res.urn.apply(resolve))));
        registered = made.size;
        return {};
    });
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, registered };
}

function median(values: number[]): number {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)];
}

export async function benchStack(stack: string, runs: number): Promise<BenchRow> {
    // Warm-up: module loading and the referenced stacks' plans are not part of the measure.
    const cache = new Map();
    let plan = await planStack({ stack, cache });
    const planTimes: number[] = [];
    const floorTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
        const started = process.hrtime.bigint();
        plan = await planStack({ stack, cache });
        planTimes.push(Number(process.hrtime.bigint() - started) / 1e6);
        floorTimes.push((await registerBare(plan)).ms);
    }
    return { stack, resources: plan.summary.resourceCount, planMs: median(planTimes), floorMs: median(floorTimes) };
}

export function renderBench(rows: BenchRow[]): string {
    const lines = [
        "| stack | resources | plan (ms) | ms/resource | SDK floor (ms) | floor ms/resource | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ];
    let plan = 0;
    let floor = 0;
    for (const r of rows) {
        plan += r.planMs;
        floor += r.floorMs;
        lines.push(`| ${r.stack} | ${r.resources} | ${r.planMs.toFixed(0)} | ${(r.planMs / r.resources).toFixed(2)} | ${r.floorMs.toFixed(0)} | ${(r.floorMs / r.resources).toFixed(2)} | ${(r.planMs / r.floorMs).toFixed(2)}x |`);
    }
    const total = rows.reduce((n, r) => n + r.resources, 0);
    lines.push(`| **all** | ${total} | ${plan.toFixed(0)} | ${(plan / total).toFixed(2)} | ${floor.toFixed(0)} | ${(floor / total).toFixed(2)} | ${(plan / floor).toFixed(2)}x |`);
    return lines.join("\n");
}

export async function run(argv: string[], io: Io): Promise<number> {
    const { values } = parse(argv, { stack: { type: "string", multiple: true }, runs: { type: "string" }, json: { type: "boolean" } });
    const stacks = values.stack ?? listStacks();
    const runs = Number(values.runs ?? 3);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new UsageError(`--runs must be a whole number of at least 1, got "${values.runs}"`);
    }
    const known = listStacks();
    const unknown = stacks.filter((s) => !known.includes(s));
    if (unknown.length > 0) {
        throw new UsageError(`no settings file for stack ${unknown.map((s) => `"${s}"`).join(", ")}; known stacks: ${known.join(", ")}`);
    }
    const rows: BenchRow[] = [];
    for (const stack of stacks) {
        rows.push(await benchStack(stack, runs));
    }
    io.out(values.json ? JSON.stringify(rows, null, 2) : `Offline plan vs the SDK's own cost (median of ${runs} runs, node ${process.version})\n\n${renderBench(rows)}`);
    return 0;
}
