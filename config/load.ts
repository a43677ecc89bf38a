import * as pulumi from "@pulumi/pulumi";
import type { core } from "zod";
import { show, ValidationError } from "../components/common/validation";
import { componentProblems } from "./component-checks";
import { PlatformConfig, platformConfigSchema } from "./schema";
import { semanticProblems, SemanticOptions } from "./semantic-checks";

export const NAMESPACE = "platform";

/**
 * The one validation pass of a stack's settings, before any resource is declared: the schema
 * (types, ranges, unknown keys), then every component's own rules on the arguments the settings
 * become (config/component-checks.ts), then the conflicts between settings
 * (config/semantic-checks.ts). Returns the typed config with defaults applied, or throws one
 * ValidationError listing every problem as `platform:<key>.<path>: <value received> <what is
 * accepted>`. The component rules need typed settings, so they run once the schema passes.
 * (Checks across the stacks of the project: config/cross-stack.ts.)
 */
export function validateConfig(raw: Record<string, unknown>, subject = "stack configuration", options: SemanticOptions = {}): PlatformConfig {
    const result = platformConfigSchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
        throw new ValidationError(subject, formatIssues(result.error.issues, raw));
    }
    const problems = [...componentProblems(result.data), ...semanticProblems(result.data, options)];
    if (problems.length > 0) {
        throw new ValidationError(subject, problems);
    }
    return result.data;
}

/** One line per problem; the order follows the settings, so messages are stable. */
export function formatIssues(issues: readonly core.$ZodIssue[], raw: Record<string, unknown>): string[] {
    const lines: string[] = [];
    for (const issue of issues) {
        const path = issue.path.map((p) => (typeof p === "number" ? `[${p}]` : String(p)));
        const where = `${NAMESPACE}:${path.join(".").replace(/\.\[/g, "[")}`;
        const received = "input" in issue ? issue.input : valueAt(raw, issue.path as (string | number)[]);
        switch (issue.code) {
            case "unrecognized_keys":
                for (const key of issue.keys) {
                    lines.push(`${path.length ? `${where}.` : `${NAMESPACE}:`}${key}: is not a known setting; check its spelling and level`);
                }
                break;
            case "invalid_type":
                lines.push(received === undefined ? `${where}: is required` : `${where}: ${show(received)} ${issue.message.startsWith("Invalid input") ? `is not a ${issue.expected}` : issue.message}`);
                break;
            case "invalid_union":
                lines.push(`${where}: ${show(received)} is not valid`);
                break;
            case "custom":
                // Cross-field rules write complete messages (they name the values they compare);
                // single-value refinements read as "<value> <message>".
                lines.push(issue.input === undefined || typeof received === "object" ? `${where}: ${issue.message}` : `${where}: ${show(received)} ${issue.message}`);
                break;
            default:
                lines.push(`${where}: ${show(received)} ${issue.message}`);
        }
    }
    return lines;
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
    let v: unknown = raw;
    for (const p of path) {
        if (v === null || typeof v !== "object") {
            return undefined;
        }
        v = (v as Record<string | number, unknown>)[p];
    }
    return v;
}

/**
 * The `platform:*` settings from a stack file's config (as read by tools/plan/stack-file.ts) or
 * from the Pulumi runtime, namespace stripped. Runtime values are strings: structured values and
 * booleans are JSON; other scalars stay strings (account IDs keep their leading zeros).
 */
export function platformSettings(config: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        if (!key.startsWith(`${NAMESPACE}:`)) {
            continue;
        }
        out[key.slice(NAMESPACE.length + 1)] = typeof value === "string" ? decode(value) : value;
    }
    return out;
}

function decode(value: string): unknown {
    const t = value.trim();
    if (t.startsWith("{") || t.startsWith("[") || t === "true" || t === "false") {
        try {
            return JSON.parse(t);
        } catch {
            return value;
        }
    }
    return value;
}

/** Loads and validates this stack's config from the Pulumi runtime: called once by infra/. */
export function loadConfig(): PlatformConfig {
    return validateConfig(platformSettings(pulumi.runtime.allConfig()), `configuration of stack ${pulumi.getStack()}`);
}
