import type * as pulumi from "@pulumi/pulumi";
import type { Plan } from "../tools/plan/model";

/** Types of bin/bench-floor.js, the benchmark's floor (plain JavaScript: it must not load TypeScript). */
export type ResourceClass = new (name: string, args: pulumi.Inputs, opts: pulumi.CustomResourceOptions) => pulumi.CustomResource;
export function sdkClassOf(type: string): ResourceClass | undefined;
export function registerBare(plan: Plan): Promise<{ ms: number; registered: number }>;
