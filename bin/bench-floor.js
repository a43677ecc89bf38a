#!/usr/bin/env node
// The benchmark's floor (docs/decisions/0012-benchmark-floor.md, 0016-startup.md): a bare Node
// process that registers a plan's resources through the same SDK classes, with the same names,
// parents, providers, inputs and dependencies between inputs, under mocks that echo inputs. No
// TypeScript, no recorder, no component logic, no validation, no policy: what any Pulumi program
// declaring those resources pays, from process start to exit.
//
//   node bin/bench-floor.js <stack.plan.json>...   prints {"loadMs", "stacks": [{stack, resources, ms}]}
//
// Plain JavaScript on purpose: it must not share the CLI's loader or startup work.
"use strict";
const started = process.hrtime.bigint();
const fs = require("fs");
const pulumi = require("@pulumi/pulumi");

const PROVIDER_PACKAGES = { aws: "@pulumi/aws", kubernetes: "@pulumi/kubernetes", random: "@pulumi/random", github: "@pulumi/github" };

/**
 * The SDK class of a type token (`aws:ec2/vpc:Vpc` to `aws.ec2.Vpc`, `kubernetes:apps/v1:Deployment`
 * to `k8s.apps.v1.Deployment`), so that the floor pays what those classes cost (an Output per
 * declared property), as the program does. Custom resource kinds use Kubernetes' CustomResource;
 * types without a class, undefined (a bare CustomResource).
 */
function sdkClassOf(type) {
    const [pkg, mod = "", kind = ""] = type.split(":");
    if (pkg === "pulumi" && mod === "providers") {
        const sdk = PROVIDER_PACKAGES[kind];
        return sdk ? require(sdk).Provider : undefined;
    }
    if (pkg === "aws" || pkg === "random" || pkg === "github") {
        const root = require(PROVIDER_PACKAGES[pkg]);
        const module = mod.split("/")[0];
        return module === "index" ? root[kind] : root[module] && root[module][kind];
    }
    if (pkg === "kubernetes") {
        const k8s = require("@pulumi/kubernetes");
        const [group, version] = mod.split("/");
        const found = k8s[group.split(".")[0]] && k8s[group.split(".")[0]][version] && k8s[group.split(".")[0]][version][kind];
        return found || k8s.apiextensions.CustomResource;
    }
    return undefined;
}

class BareResource extends pulumi.CustomResource {
    constructor(type, name, props, opts) {
        super(type, name, props, opts);
    }
}

class BareComponent extends pulumi.ComponentResource {
    constructor(type, name, opts) {
        super(type, name, {}, opts);
    }
}

const bareMocks = {
    newResource: (args) => ({ id: `${args.name}-id`, state: args.type === "pulumi:pulumi:StackReference" ? { outputs: {} } : args.inputs }),
    call: () => ({}),
};

/** The recorded inputs, each that depended on other resources made an Output of those resources again. */
function bareInputs(r, made) {
    const inputs = { ...r.inputs };
    for (const [key, urns] of Object.entries(r.propertyDependencies || {})) {
        const deps = urns.map((u) => made.get(u)).filter((d) => d !== undefined);
        if (deps.length > 0 && key in inputs) {
            const value = inputs[key];
            inputs[key] = pulumi.all(deps.map((d) => d.urn)).apply(() => value);
        }
    }
    return inputs;
}

/** Registers a plan's resources bare, parents first; resolves with the milliseconds it took and how many registered. */
async function registerBare(plan) {
    await pulumi.runtime.setMocks(bareMocks, plan.project, `${plan.stack}-bare`, true);
    const begin = process.hrtime.bigint();
    let registered = 0;
    await pulumi.runtime.runInPulumiStack(async () => {
        const made = new Map();
        const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
        const make = (r) => {
            const existing = made.get(r.urn);
            if (existing) {
                return existing;
            }
            const parentRecord = r.parent ? byUrn.get(r.parent) : undefined;
            const parent = parentRecord ? make(parentRecord) : undefined;
            const provider = r.provider ? made.get(r.provider) : undefined;
            const opts = { parent, provider };
            let res;
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
    return { ms: Number(process.hrtime.bigint() - begin) / 1e6, registered };
}

async function floor(files) {
    const plans = files.map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
    const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
    const stacks = [];
    for (const plan of plans) {
        const { ms, registered } = await registerBare(plan);
        stacks.push({ stack: plan.stack, resources: registered, ms: Math.round(ms) });
    }
    return { loadMs: Math.round(loadMs), stacks };
}

module.exports = { sdkClassOf, registerBare };

if (require.main === module) {
    const files = process.argv.slice(2);
    if (files.length === 0) {
        process.stderr.write("usage: node bin/bench-floor.js <stack.plan.json>...\n");
        process.exit(2);
    }
    floor(files).then(
        (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
        (e) => {
            process.stderr.write(`error: ${(e && e.stack) || e}\n`);
            process.exit(3);
        },
    );
}
