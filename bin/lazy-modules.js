// Modules the Pulumi SDK loads at startup for features an offline plan never uses, loaded on
// first use instead (docs/decisions/0016-startup.md): about a third of the time `require("@pulumi/pulumi")`
// takes. Each is replaced, only where the SDK requires it, by a proxy that loads the real module
// the first time anything reads from it, so a program that does use the feature still gets it.
"use strict";
const Module = require("module");
const path = require("path");

/** [the request, the SDK file that makes it (under node_modules/)]. */
const LAZY = [
    // Closure serialization (pulumi.runtime.serializeFunction, CallbackFunction) parses functions
    // with the TypeScript compiler: 9 MB of JavaScript.
    ["typescript", "@pulumi/pulumi/typescript-shim.js"],
    // ...and walks the package tree with npm's Arborist (tar, cacache, pacote, semver, ...).
    ["@npmcli/arborist", "@pulumi/pulumi/runtime/closure/codePaths.js"],
    // The Automation API (LocalWorkspace, Stack) drives the Pulumi CLI.
    ["./automation", "@pulumi/pulumi/index.js"],
];

const suffixes = new Map(LAZY.map(([request, from]) => [`${path.sep}node_modules${path.sep}${from.split("/").join(path.sep)}`, request]));

function isLazy(request, parent) {
    const file = parent && parent.filename;
    if (!file) {
        return false;
    }
    for (const [suffix, lazy] of suffixes) {
        if (lazy === request && file.endsWith(suffix)) {
            return true;
        }
    }
    return false;
}

function lazyModule(load) {
    let real;
    const target = () => (real ??= load());
    return new Proxy(
        {},
        {
            // `__importStar` returns an ES module as it is, without reading its keys: answered
            // without loading, so the SDK's own import does not load it.
            get: (_, key) => (key === "__esModule" && real === undefined ? true : Reflect.get(target(), key)),
            has: (_, key) => Reflect.has(target(), key),
            set: (_, key, value) => Reflect.set(target(), key, value),
            ownKeys: () => Reflect.ownKeys(target()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(target(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
    if (isLazy(request, parent)) {
        return lazyModule(() => load.call(Module, request, parent, isMain));
    }
    return load.apply(this, arguments);
};

module.exports = { LAZY };
