import { ValidationError } from "../components/common/validation";

/**
 * Checks of a stack settings file before its YAML is read: what Pulumi would reject or read
 * differently from what the user wrote, refused with where it is (exit 2).
 */

/** A settings file is a page of YAML; anything larger is not one (and parsing it would only waste time). */
export const MAX_SETTINGS_BYTES = 1024 * 1024;

/** Top-level keys of a Pulumi stack file (https://www.pulumi.com/docs/iac/concepts/projects/stack-settings-file/, read 2026-12-03). */
export const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"] as const;

/**
 * The file's text, refusing bytes that are not UTF-8 (a replacement character would be planned
 * in their place) with the byte offset, line and column of the first one.
 */
export function decodeSettingsText(bytes: Buffer, file: string): string {
    if (bytes.length > MAX_SETTINGS_BYTES) {
        throw new ValidationError(`settings file ${file}`, [`is ${bytes.length} bytes; a stack settings file is at most ${MAX_SETTINGS_BYTES} bytes`]);
    }
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    if (!text.includes("\uFFFD")) {
        return text;
    }
    // Re-encoding the lenient decoding gives back every byte up to the first invalid one.
    const again = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < bytes.length && offset < again.length && bytes[offset] === again[offset]) {
        offset++;
    }
    if (offset >= bytes.length) {
        return text; // a literal U+FFFD written by the user, encoded correctly
    }
    const before = bytes.subarray(0, offset);
    const line = before.filter((b) => b === 0x0a).length + 1;
    const column = offset - (before.lastIndexOf(0x0a) + 1) + 1;
    throw new ValidationError(`settings file ${file}`, [
        `byte ${offset} (line ${line}, column ${column}): 0x${bytes[offset].toString(16).padStart(2, "0")} is not valid UTF-8; save the file as UTF-8`,
    ]);
}

/**
 * The `config:` mapping of a parsed stack file. Settings written at the top level (without the
 * `config:` wrapper) or under a misspelled key are refused, naming them, instead of reading as
 * a file with no settings.
 */
export function configSection(doc: unknown, file: string): Record<string, unknown> {
    if (doc === null || doc === undefined) {
        throw new ValidationError(`settings file ${file}`, ["is empty; stack settings live under a top-level config: mapping"]);
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new ValidationError(`settings file ${file}`, ["is not a YAML mapping; stack settings live under a top-level config: mapping"]);
    }
    const top = doc as Record<string, unknown>;
    const problems: string[] = [];
    const stray = Object.keys(top).filter((k) => !(STACK_FILE_KEYS as readonly string[]).includes(k));
    const settingsLike = stray.filter((k) => k.includes(":"));
    if (settingsLike.length > 0) {
        const shown = settingsLike.slice(0, 3).map((k) => JSON.stringify(k)).join(", ");
        const more = settingsLike.length > 3 ? ` and ${settingsLike.length - 3} more` : "";
        problems.push(`${shown}${more} at the top level: settings go under config: (indent them below a line "config:")`);
    }
    stray
        .filter((k) => !k.includes(":"))
        .forEach((k) => problems.push(`${JSON.stringify(k)}: is not a key of a Pulumi stack file (${STACK_FILE_KEYS.join(", ")})`));
    const config = top.config;
    if (config === undefined && problems.length === 0) {
        problems.push("has no config: mapping; a stack's settings live under config:");
    } else if (config !== undefined && (typeof config !== "object" || config === null || Array.isArray(config))) {
        problems.push('"config" must be a mapping of keys to values');
    }
    if (problems.length > 0) {
        throw new ValidationError(`settings file ${file}`, problems);
    }
    return config as Record<string, unknown>;
}
