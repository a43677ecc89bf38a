import { expect } from "chai";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parse } from "yaml";
import { SUPPORTED_VERSIONS } from "../../../components/cluster/versions";
import { pssValidation, pssValidations } from "../../../policy-packs/kubernetes-baseline/admission";
import { checksAt, evaluatePod, Level } from "../../../policy-packs/kubernetes-baseline/pss";
import { asKind, evaluatePodValidations, POD_KINDS } from "./admission-harness";

/**
 * Parity of the two layers on Kubernetes' own Pod Security Admission fixtures (vendored in
 * test/fixtures/pod-security-admission for every supported version): the generated CEL, evaluated
 * in process, fails exactly the checks the pack's check table (../pss, the preview policies' rules)
 * fails, for every fixture, level and version, with the pod as a Pod and wrapped in every
 * pod-template workload kind. The fixture's own expectation (pass or fail) holds for both.
 */

const ROOT = path.resolve(__dirname, "../../fixtures/pod-security-admission");

interface Fixture {
    level: Level;
    outcome: "pass" | "fail";
    name: string;
    pod: Record<string, any>;
}

function fixtures(version: string): Fixture[] {
    const out: Fixture[] = [];
    for (const level of ["baseline", "restricted"] as const) {
        for (const outcome of ["pass", "fail"] as const) {
            const dir = path.join(ROOT, level, `v${version}`, outcome);
            for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
                out.push({ level, outcome, name: file.replace(/\.yaml$/, ""), pod: parse(readFileSync(path.join(dir, file), "utf8")) });
            }
        }
    }
    return out;
}

/** The pack's verdict: the checks with violations, when the fixture is at `templateKeys` in `doc`. */
function packChecks(doc: unknown, level: Level, version: string, templateKeys: (string | number)[]): string[] {
    return [...new Set(evaluatePod(doc, level, version, {}, templateKeys).violations.map((v) => v.check))].sort();
}

const TEMPLATE_KEYS: Record<string, (string | number)[]> = { Pod: [], CronJob: ["spec", "jobTemplate", "spec", "template"] };

describe("admission parity: Pod Security checks as CEL on the upstream fixtures", () => {
    for (const version of SUPPORTED_VERSIONS) {
        describe(`Kubernetes ${version}`, () => {
            const all = fixtures(version);
            for (const level of ["baseline", "restricted"] as const) {
                const validations = pssValidations(level, version);

                it(`${level}: one validation per check admission runs`, () => {
                    expect(validations.map((v) => v.check)).to.deep.equal(checksAt(level, version).map((c) => c.check.id));
                });

                it(`${level}: every fixture gets the same failing checks from CEL as from the pack, in every workload kind`, () => {
                    let compared = 0;
                    const mismatches: string[] = [];
                    for (const f of all.filter((x) => x.level === level)) {
                        for (const kind of POD_KINDS) {
                            const doc = asKind(kind, f.pod);
                            const pack = packChecks(doc, level, version, TEMPLATE_KEYS[kind] ?? ["spec", "template"]);
                            const cel = [...new Set(evaluatePodValidations(validations, doc).map((x) => x.check))].sort();
                            compared++;
                            if (JSON.stringify(pack) !== JSON.stringify(cel)) {
                                mismatches.push(`${f.outcome}/${f.name} as ${kind}: pack ${pack.join(",") || "pass"}, CEL ${cel.join(",") || "pass"}`);
                            }
                            if ((cel.length > 0) !== (f.outcome === "fail")) {
                                mismatches.push(`${f.outcome}/${f.name} as ${kind}: CEL says ${cel.length > 0 ? "fail" : "pass"}, upstream ${f.outcome}`);
                            }
                        }
                    }
                    expect(mismatches).to.deep.equal([]);
                    expect(compared).to.equal(all.filter((x) => x.level === level).length * POD_KINDS.length);
                });
            }

            it("restricted fixtures that fail also fail on the pack's restricted set alone or its baseline set (the levels nest)", () => {
                const fail = all.filter((f) => f.level === "restricted" && f.outcome === "fail");
                expect(fail.length).to.be.greaterThan(10);
                for (const f of fail) {
                    expect(evaluatePodValidations(pssValidations("restricted", version), asKind("Pod", f.pod)), f.name).to.not.deep.equal([]);
                }
            });
        });
    }

    it("names the failing containers in the message", () => {
        const pod = { metadata: { name: "p" }, spec: { containers: [{ name: "ok", image: "x" }, { name: "bad", image: "x", securityContext: { privileged: true } }] } };
        const failures = evaluatePodValidations([pssValidation("privileged", "1.33")], asKind("Deployment", pod));
        expect(failures.map((f) => f.message)).to.deep.equal(["Pod Security baseline check privileged (Kubernetes 1.33): containers must not be privileged; remove securityContext.privileged; failing containers: bad"]);
    });

    it("applies the version's revision: container_engine_t is allowed from 1.31, tcp_rmem from 1.32, user namespaces relax procMount from 1.35", () => {
        const engine = { spec: { containers: [{ name: "c", securityContext: { seLinuxOptions: { type: "container_engine_t" } } }] } };
        expect(evaluatePodValidations([pssValidation("seLinuxOptions", "1.31")], asKind("Pod", engine))).to.deep.equal([]);
        const rmem = { spec: { securityContext: { sysctls: [{ name: "net.ipv4.tcp_rmem", value: "4096 87380 16777216" }] }, containers: [{ name: "c" }] } };
        expect(evaluatePodValidations([pssValidation("sysctls", "1.31")], asKind("Pod", rmem)).map((f) => f.check)).to.deep.equal(["sysctls"]);
        expect(evaluatePodValidations([pssValidation("sysctls", "1.32")], asKind("Pod", rmem))).to.deep.equal([]);
        const unmasked = { spec: { hostUsers: false, containers: [{ name: "c", securityContext: { procMount: "Unmasked" } }] } };
        expect(evaluatePodValidations([pssValidation("procMount", "1.34")], asKind("Pod", unmasked)).map((f) => f.check)).to.deep.equal(["procMount"]);
        expect(evaluatePodValidations([pssValidation("procMount", "1.35")], asKind("Pod", unmasked))).to.deep.equal([]);
        expect(evaluatePodValidations([pssValidation("procMount_restricted", "1.35")], asKind("Pod", unmasked)).map((f) => f.check)).to.deep.equal(["procMount_restricted"]);
    });

    it("refuses a check outside its versions", () => {
        expect(() => pssValidation("hostProbesAndHostLifecycle", "1.33")).to.throw("Pod Security check hostProbesAndHostLifecycle does not apply at Kubernetes 1.33");
    });
});
