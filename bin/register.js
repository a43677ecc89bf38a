// Loads the project's TypeScript for the CLI and the tests without transpiling it at every run
// (docs/decisions/0016-startup.md). Sucrase strips the types (pure JavaScript, no native binary,
// line numbers kept, so stack traces point at the .ts source); each output is cached by the hash
// of its source, so a run that changed nothing transpiles nothing, a changed file is transpiled
// again on its next load, and checkouts sharing node_modules (plan:diff's base worktree) share
// the cache without ever reading another version's output. `npm test` typechecks with tsc.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

// Native class fields and ES2022 syntax (disableESTransforms): the semantics tsc emits for
// target ES2022 (useDefineForClassFields), not Sucrase's constructor assignments.
const OPTIONS = { transforms: ["typescript", "imports"], disableESTransforms: true };
const SUCRASE_VERSION = require("sucrase/package.json").version;
/** Part of every cache key: a new Sucrase, new options or a new hook never reuse old output. */
const SALT = `platform-ts/1 sucrase@${SUCRASE_VERSION} ${JSON.stringify(OPTIONS)}\0`;

/** `PLATFORM_TS_CACHE=off` transpiles in memory only; any other value is the cache directory. */
const setting = process.env.PLATFORM_TS_CACHE;
const CACHE_DIR = setting === "off" ? undefined : setting || path.join(__dirname, "..", "node_modules", ".cache", "platform-ts");

let sucrase;
function transpile(source, filename) {
    sucrase ??= require("sucrase");
    return sucrase.transform(source, { ...OPTIONS, filePath: filename }).code;
}

let cacheReady = false;
function cached(source, filename) {
    if (!CACHE_DIR) {
        return transpile(source, filename);
    }
    const key = crypto.createHash("sha256").update(SALT).update(source).digest("hex");
    const file = path.join(CACHE_DIR, key.slice(0, 2), `${key}.js`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        // Not cached yet.
    }
    const code = transpile(source, filename);
    try {
        if (!cacheReady) {
            fs.mkdirSync(CACHE_DIR, { recursive: true });
            cacheReady = true;
        }
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Written aside and renamed: concurrent processes never read half a file.
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, code);
        fs.renameSync(tmp, file);
    } catch {
        // A read-only node_modules: run without the cache.
    }
    return code;
}

function loadTypeScript(module, filename) {
    module._compile(cached(fs.readFileSync(filename, "utf8"), filename), filename);
}

if (!Module._extensions[".ts"]) {
    Module._extensions[".ts"] = loadTypeScript;
}

module.exports = { transpile, CACHE_DIR };
