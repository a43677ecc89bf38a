import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PlanMocks, StackOutputs } from "./mocks";
import { Plan, PLAN_FORMAT_VERSION, PlanResource, PlanSummary, SECRET, UNKNOWN } from "./model";
import { Recorder } from "./recorder";
import { PROJECT, readStackFile, REPO_ROOT, stackFilePath, stackNameOf, StackFile, toRuntimeConfig } from "./stack-file";
import { withEffectiveTags } from "./tags";

// Internal but exported by every 3.x release: resolves once the RPC queue to the monitor is empty.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

/**
 * Runs a Pulumi program offline: under `pulumi.runtime.setMocks`, in preview mode, with a stack's
 * settings as config. This is the one way the project runs a program without the engine: the
 * CLI's plan, the stack tests and the component tests all come through here.
 */

export type Program = () => Promise<Record<string, unknown> | void>;

export interface RunOptions {
    stack: string;
    project?: string;
    /** Fully qualified config (`platform:network`), structured values as objects. */
    config?: Record<string, unknown>;
    secretKeys?: string[];
    /** Outputs a `StackReference` returns, by referenced stack name. */
    stackOutputs?: StackOutputs;
}

export interface RunResult {
    resources: PlanResource[];
    outputs: Record<string, unknown>;
}

/** Runs one program under mocks and returns what it declared. Runs are serialized: the SDK's state is global. */
export async function runProgram(program: Program, opts: RunOptions): Promise<RunResult> {
    const previous = queue;
    let release!: () => void;
    queue = new Promise<void>((r) => (release = r));
    await previous;
    try {
        return await runExclusive(program, opts);
    } finally {
        release();
    }
}
let queue: Promise<void> = Promise.resolve();

async function runExclusive(program: Program, opts: RunOptions): Promise<RunResult> {
    const project = opts.project ?? PROJECT;
    pulumi.runtime.setAllConfig(toRuntimeConfig(opts.config ?? {}), opts.secretKeys ?? []);
    const mocks = new PlanMocks(opts.stackOutputs ?? {});
    await pulumi.runtime.setMocks(mocks, project, opts.stack, true, "organization");
    const recorder = new Recorder(project, opts.stack);
    // The program's own error is kept and rethrown here: thrown inside the stack it would also
    // surface as an unhandled rejection from the SDK's registration chain.
    let programError: { error: unknown } | undefined;
    // The program's own return value is resolved here: the SDK's stack outputs have already lost
    // which values were secret.
    let returned: Record<string, unknown> = {};
    await pulumi.runtime.runInPulumiStack(async () => {
        pulumi.runtime.registerStackTransformation(recorder.transformation);
        try {
            returned = (await program()) ?? {};
            return returned;
        } catch (error) {
            programError = { error };
            return {};
        }
    });
    // Let the SDK send what it still has queued (the stack's own outputs) to this run's mock
    // monitor before the next run replaces it.
    await waitForRPCs();
    if (programError) {
        if (mocks.unmockedInvokes.length > 0) {
            throw new Error(`offline plan: invoke ${mocks.unmockedInvokes.join(", ")} is not mocked; pass the value through config instead`);
        }
        throw programError.error;
    }
    const resources = await recorder.finish();
    await waitForRPCs();
    const outputs = (await plain(returned)) as Record<string, unknown>;
    return { resources: withEffectiveTags(resources), outputs };
}

/** Resolves stack outputs to plain JSON values (unknowns and secrets marked). */
async function plain(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) {
        const o = value as unknown as { isSecret: Promise<boolean>; promise(withUnknowns?: boolean): Promise<unknown> };
        return (await o.isSecret) ? SECRET : plain(await o.promise(true));
    }
    if (pulumi.isUnknown(value)) {
        return UNKNOWN;
    }
    if (pulumi.Resource.isInstance(value)) {
        return pulumi.CustomResource.isInstance(value) ? UNKNOWN : {};
    }
    if (Array.isArray(value)) {
        return Promise.all(value.map(plain));
    }
    if (value && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            out[k] = await plain(v);
        }
        return out;
    }
    return value;
}

export interface PlanOptions {
    stack?: string;
    /** Plan this settings file instead of `stacks/Pulumi.<stack>.yaml`. */
    stackFile?: string;
    /** The program to run; the `infra/` program by default. */
    program?: Program;
    /** The stacks a stack's config references (StackReference targets); infra's `referencedStacks` by default. */
    references?: (config: Record<string, unknown>) => string[];
    /** Shared across calls so that a referenced stack is planned once per process. */
    cache?: PlanCache;
}

export type PlanCache = Map<string, Plan>;

const defaultCache: PlanCache = new Map();

/** Plans one stack: the stacks it references first (from their own settings files), then the stack. */
export async function planStack(opts: PlanOptions, visiting: string[] = []): Promise<Plan> {
    const file = opts.stackFile ? path.resolve(opts.stackFile) : stackFilePath(opts.stack ?? "");
    const stack = opts.stack ?? stackNameOf(file);
    if (visiting.includes(stack)) {
        throw new Error(`offline plan: stack references form a cycle: ${[...visiting, stack].join(" -> ")}`);
    }
    const settings = readStackFile(file, stack);
    const infra = opts.program && opts.references ? undefined : loadInfra();
    const program = opts.program ?? infra!.program;
    const references = opts.references ?? infra!.referencedStacks;
    const cache = opts.cache ?? defaultCache;
    const stackOutputs: StackOutputs = {};
    for (const ref of references(settings.config)) {
        let refPlan = cache.get(ref);
        if (!refPlan) {
            refPlan = await planStack({ ...opts, stack: ref, stackFile: undefined }, [...visiting, stack]);
            cache.set(ref, refPlan);
        }
        stackOutputs[ref] = refPlan.outputs;
    }
    const run = await runProgram(program, { stack, config: settings.config, secretKeys: settings.secretKeys, stackOutputs });
    return toPlan(settings, run);
}

/**
 * The stacks in the order `plan --all` plans them: every stack after the stacks it references
 * (which its own plan needs first), otherwise in the given order. A reference to a stack outside
 * `stacks` is left to planStack, which plans it on the way.
 */
export function planOrder(stacks: string[], references: (config: Record<string, unknown>) => string[] = loadInfra().referencedStacks): string[] {
    const refs = new Map(stacks.map((s) => [s, references(readStackFile(stackFilePath(s), s).config).filter((r) => stacks.includes(r))]));
    const ordered: string[] = [];
    const visit = (stack: string, path: string[]): void => {
        if (ordered.includes(stack)) {
            return;
        }
        if (path.includes(stack)) {
            throw new Error(`offline plan: stack references form a cycle: ${[...path, stack].join(" -> ")}`);
        }
        for (const r of refs.get(stack) ?? []) {
            visit(r, [...path, stack]);
        }
        ordered.push(stack);
    };
    stacks.forEach((s) => visit(s, []));
    return ordered;
}

interface InfraModule {
    program: Program;
    referencedStacks: (config: Record<string, unknown>) => string[];
}

function loadInfra(): InfraModule {
    // Loaded lazily so that tests which bring their own program never import the infra program.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(REPO_ROOT, "infra")) as Program & { default?: Program };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const refs = require(path.join(REPO_ROOT, "infra", "references")) as Pick<InfraModule, "referencedStacks">;
    return { program: program.default ?? program, referencedStacks: refs.referencedStacks };
}

export function summarize(resources: PlanResource[]): PlanSummary {
    const byType: Record<string, number> = {};
    let custom = 0;
    for (const r of resources) {
        byType[r.type] = (byType[r.type] ?? 0) + 1;
        if (r.custom) {
            custom++;
        }
    }
    const sorted = Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b)));
    return { resourceCount: resources.length, customResourceCount: custom, componentCount: resources.length - custom, byType: sorted };
}

function toPlan(settings: StackFile, run: RunResult): Plan {
    return {
        formatVersion: PLAN_FORMAT_VERSION,
        project: PROJECT,
        stack: settings.stack,
        stackFile: path.relative(REPO_ROOT, settings.file),
        config: settings.config,
        resources: run.resources,
        outputs: run.outputs,
        summary: summarize(run.resources),
    };
}
