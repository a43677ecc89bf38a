import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { configSection, decodeSettingsText } from "../../config/settings-file";
import { SECRET } from "./model";

/** The repository root: two levels above this file (tools/plan). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const PROJECT = "platform";
export const STACKS_DIR = path.join(REPO_ROOT, "stacks");
/** The config namespaces a stack file may use: this project's and its providers'. */
export const NAMESPACES = [PROJECT, "aws", "kubernetes", "github", "pulumi"] as const;

export interface StackFile {
    stack: string;
    /** Absolute path of the settings file. */
    file: string;
    /** Fully qualified config (`namespace:key`) with structured values kept as objects. */
    config: Record<string, unknown>;
    /** Keys whose value was `secure:` in the file (replaced by `SECRET`). */
    secretKeys: string[];
}

/** An error the user can fix in their input: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export function stackFilePath(stack: string): string {
    return path.join(STACKS_DIR, `Pulumi.${stack}.yaml`);
}

/** Every stack that has a settings file in `stacks/`, sorted. */
export function listStacks(dir: string = STACKS_DIR): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s)
        .sort();
}

/** The stack name a settings file stands for: `Pulumi.<stack>.yaml`, else the file's base name. */
export function stackNameOf(file: string): string {
    const base = path.basename(file);
    return /^Pulumi\.(.+)\.ya?ml$/.exec(base)?.[1] ?? base.replace(/\.ya?ml$/, "");
}

/** Reads a `Pulumi.<stack>.yaml` the way the Pulumi CLI does: keys without a namespace get the project's. */
export function readStackFile(file: string, stack: string = stackNameOf(file)): StackFile {
    if (!fs.existsSync(file)) {
        throw new UsageError(`stack settings file not found: ${path.relative(process.cwd(), file) || file}`);
    }
    // Bytes that are not UTF-8, a file too large to be settings, settings outside `config:`: refused
    // with where they are (config/settings-file.ts), never read as something else.
    const text = decodeSettingsText(fs.readFileSync(file), file);
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw new UsageError(`${file}: not valid YAML: ${(e as Error).message}`);
    }
    const raw = configSection(doc, file);
    // A misspelled namespace (`platfrom:role`) would otherwise drop the setting without a word
    // and surface as a missing one, far from the typo.
    const unknown = Object.keys(raw as Record<string, unknown>).filter((k) => k.includes(":") && !(NAMESPACES as readonly string[]).includes(k.slice(0, k.indexOf(":"))));
    if (unknown.length > 0) {
        const keys = unknown.map((k) => `"${k}" has an unknown namespace "${k.slice(0, k.indexOf(":"))}"`).join("; ");
        throw new UsageError(`${file}: ${keys}; the known namespaces are ${NAMESPACES.join(", ")}`);
    }
    const config: Record<string, unknown> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
        const full = key.includes(":") ? key : `${PROJECT}:${key}`;
        if (isSecure(value)) {
            config[full] = SECRET;
            secretKeys.push(full);
        } else {
            config[full] = replaceSecure(value);
        }
    }
    return { stack, file, config, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value;
}

function replaceSecure(value: unknown): unknown {
    if (isSecure(value)) {
        return SECRET;
    }
    if (Array.isArray(value)) {
        return value.map(replaceSecure);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v)]));
    }
    return value;
}

/** Config as the Pulumi runtime stores it: every value a string, structured values as JSON. */
export function toRuntimeConfig(config: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}
