import Ajv from "ajv";
import { expect } from "chai";
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { CONTROL_PREFIXES, FRAMEWORKS } from "../../policy-packs/lib/metadata";
import { PACKS } from "../../policy-packs/packs";
import { resolvePackConfig } from "../../tools/policy/config";

/**
 * Rules every policy of every pack follows (STYLE.md rules 12 and 13), that the security baseline
 * catalog's rows are all there, and that the per-environment configs fit the packs.
 */

const REPO = path.resolve(__dirname, "../..");
/** The shared catalog next to the checkout; the vendored copy when the checkout stands alone (CI). */
const CATALOG_PATHS = [path.resolve(REPO, "../shared/policy-catalog.md"), path.resolve(__dirname, "fixtures/policy-catalog.md")];
const CONFIG_DIR = path.resolve(REPO, "policy-packs/config");

const ALL = PACKS.flatMap((pack) => pack.policies.map((policy) => ({ pack: pack.name, policy })));
const LEVELS = { M: "mandatory", A: "advisory" } as const;
const SEVERITIES = { C: "critical", H: "high", M: "medium", L: "low" } as const;

export interface CatalogRow {
    name: string;
    starred: boolean;
    stack: boolean;
    level: string;
    severity: string;
}

/** The rows of the catalog's Markdown tables: name (without `*` and `(stack)`), level and severity. */
export function parseCatalog(markdown: string): CatalogRow[] {
    const rows: CatalogRow[] = [];
    let columns: string[] | undefined;
    for (const line of markdown.split("\n")) {
        if (!line.trim().startsWith("|")) {
            columns = undefined;
            continue;
        }
        const cells = line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
        if (!columns) {
            columns = cells;
            continue;
        }
        if (cells.every((c) => /^:?-+:?$/.test(c))) {
            continue;
        }
        const cell = (name: string) => cells[columns!.indexOf(name)] ?? "";
        const first = cell("name");
        const stack = /\(stack\)/.test(first);
        const name = first.replace(/\(stack\)/, "").trim();
        const [level, severity] = cell("level").split("/");
        rows.push({ name: name.replace(/\*$/, ""), starred: name.endsWith("*"), stack, level, severity });
    }
    return rows;
}

function catalog(): CatalogRow[] {
    const file = CATALOG_PATHS.find((p) => existsSync(p));
    if (!file) {
        throw new Error(`policy catalog not found at ${CATALOG_PATHS.join(" or ")}`);
    }
    return parseCatalog(readFileSync(file, "utf8"));
}

describe("policy metadata, over both packs", () => {
    it("gives every policy a unique name across packs", () => {
        const names = ALL.map((p) => p.policy.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    });
    it("names policies <service>-<requirement> in kebab-case (a one-word catalog name is the catalog's)", () => {
        const catalogNames = new Set(catalog().map((r) => r.name));
        for (const { policy } of ALL) {
            expect(policy.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
            if (!policy.name.includes("-")) {
                expect(catalogNames.has(policy.name), `${policy.name}: one word, and not a catalog name`).to.equal(true);
            }
        }
    });
    it("describes every policy as 'Checks whether …', with severity, enforcement level and remediation", () => {
        for (const { policy } of ALL) {
            expect(policy.description, policy.name).to.match(/^Checks whether \S/);
            expect(policy.severity, policy.name).to.be.oneOf(Object.values(SEVERITIES));
            expect(policy.enforcementLevel, policy.name).to.be.oneOf(["advisory", "mandatory", "remediate", "disabled"]);
            expect(policy.remediationSteps, policy.name).to.be.a("string");
            expect(policy.remediationSteps!.trim(), policy.name).to.not.equal("");
        }
    });
    it("maps every policy to a primary control of a known framework, at that framework's version", () => {
        for (const { policy } of ALL) {
            const f = policy.framework;
            expect(f, policy.name).to.be.an("object");
            expect(Object.keys(FRAMEWORKS), policy.name).to.include(f!.name);
            expect(f!.version, policy.name).to.equal(FRAMEWORKS[f!.name as keyof typeof FRAMEWORKS].version);
            expect(f!.reference, policy.name).to.be.a("string").and.not.equal("");
        }
    });
    it("tags secondary controls as <prefix>:<id> with a known prefix", () => {
        for (const { policy } of ALL) {
            expect(policy.tags, policy.name).to.be.an("array");
            for (const tag of policy.tags ?? []) {
                const m = /^([a-z-]+):(\S+)$/.exec(tag);
                expect(m, `${policy.name}: ${tag}`).to.not.equal(null);
                expect(CONTROL_PREFIXES as readonly string[], `${policy.name}: ${tag}`).to.include(m![1]);
            }
        }
    });
    it("has a config schema whose every property has a default valid against the property's own schema", () => {
        const ajv = new Ajv({ strict: false, allErrors: true });
        for (const { policy } of ALL) {
            expect(policy.configSchema?.properties, policy.name).to.be.an("object");
            for (const [key, schema] of Object.entries(policy.configSchema!.properties)) {
                const where = `${policy.name}.${key}`;
                expect(schema, where).to.have.property("default");
                const validate = ajv.compile(schema as object);
                expect(validate((schema as { default: unknown }).default), `${where}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
            }
        }
    });
});

describe("the security baseline catalog", () => {
    const rows = catalog();

    it("is parsed from its tables", () => {
        expect(rows.length).to.be.greaterThan(60);
        expect(rows.find((r) => r.name === "default-sg-restrict-all")).to.deep.equal({ name: "default-sg-restrict-all", starred: false, stack: true, level: "M", severity: "H" });
        expect(rows.find((r) => r.name === "sg-rule-descriptions")?.starred).to.equal(true);
    });
    it("is vendored for a checkout without ../shared, and the copy is current", () => {
        const vendored = parseCatalog(readFileSync(CATALOG_PATHS[1], "utf8"));
        expect(vendored.length).to.be.greaterThan(60);
        if (existsSync(CATALOG_PATHS[0])) {
            expect(vendored, "re-copy ../shared/policy-catalog.md to test/policy-packs/fixtures/").to.deep.equal(rows);
        }
    });
    it("has a policy of the exact name for every row that is not starred", () => {
        const names = new Set(ALL.map((p) => p.policy.name));
        expect(rows.filter((r) => !r.starred && !names.has(r.name)).map((r) => r.name)).to.deep.equal([]);
    });
    it("gives each implemented row's policy the catalog's level and severity, and (stack) rows a stack policy", () => {
        for (const row of rows) {
            const found = ALL.find((p) => p.policy.name === row.name);
            if (!found) {
                continue;
            }
            const { policy } = found;
            expect(policy.enforcementLevel, row.name).to.equal(LEVELS[row.level as keyof typeof LEVELS]);
            expect(policy.severity, row.name).to.equal(SEVERITIES[row.severity as keyof typeof SEVERITIES]);
            // A resource row may still need the whole stack (eks-supported-version compares node groups with their cluster).
            if (row.stack) {
                expect("validateStack" in policy, `${row.name} is a stack policy`).to.equal(true);
            }
        }
    });
});

describe("per-environment policy configs", () => {
    const envs = readdirSync(CONFIG_DIR).filter((e) => !e.startsWith("."));

    it("exist for dev, staging and prod, one file per pack", () => {
        expect(envs.sort()).to.deep.equal(["dev", "prod", "staging"]);
        for (const env of envs) {
            expect(readdirSync(path.join(CONFIG_DIR, env)).sort(), env).to.deep.equal(PACKS.map((p) => `${p.name}.json`).sort());
        }
    });
    for (const env of ["dev", "staging", "prod"]) {
        for (const pack of PACKS) {
            it(`${env}/${pack.name}.json validates against the pack`, () => {
                const file = JSON.parse(readFileSync(path.join(CONFIG_DIR, env, `${pack.name}.json`), "utf8"));
                expect(() => resolvePackConfig(pack, file)).to.not.throw();
            });
        }
    }
    it("turns image-pinned-digest off on dev and makes it mandatory where image provenance enforces digests (staging, prod)", () => {
        const level = (env: string) => {
            const kb = PACKS.find((p) => p.name === "kubernetes-baseline")!;
            return resolvePackConfig(kb, JSON.parse(readFileSync(path.join(CONFIG_DIR, env, "kubernetes-baseline.json"), "utf8")))["image-pinned-digest"].enforcementLevel;
        };
        expect(["dev", "staging", "prod"].map(level)).to.deep.equal(["disabled", "mandatory", "mandatory"]);
    });
    it("names the access-log bucket of the log archive for s3-access-logging everywhere", () => {
        for (const env of envs) {
            const ab = PACKS.find((p) => p.name === "aws-baseline")!;
            const resolved = resolvePackConfig(ab, JSON.parse(readFileSync(path.join(CONFIG_DIR, env, "aws-baseline.json"), "utf8")));
            expect(resolved["s3-access-logging"].config.accessLogBucket, env).to.equal("log-archive-access-logs");
        }
    });
});
