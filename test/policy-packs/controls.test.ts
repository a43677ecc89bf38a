import { expect } from "chai";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { controlList, CONTROLS_DIR, COVERAGE_FRAMEWORKS, FRAMEWORKS, PARTIAL_COVERAGE, SCANNER_LISTS } from "../../policy-packs/lib/metadata";
import { PACKS } from "../../policy-packs/packs";
import { claimProblems } from "../../tools/policy/controls";

/**
 * Every control a policy of either pack claims (its `framework` and its `<framework>:<id>` tags)
 * is in the kept list of that framework, with the framework's version; the kept lists themselves
 * are well formed (docs/decisions/0015). PSS's list (pss.json) is checked when it is there.
 */

const ALL = PACKS.flatMap((pack) => pack.policies);
const TOKEN = /^[a-z0-9-]+:[A-Za-z0-9./-]*:[A-Za-z0-9]+$/;

describe("control mappings, over both packs", () => {
    it("claims only controls in the kept lists, with the framework's version", () => {
        expect(claimProblems(ALL)).to.deep.equal([]);
    });
    it("lists partial coverage only for policies of the packs", () => {
        const names = new Set(ALL.map((p) => p.name));
        expect(Object.keys(PARTIAL_COVERAGE).filter((n) => !names.has(n))).to.deep.equal([]);
    });
    it("names the policy and the ID of an unknown claim, an unknown framework and a version mismatch", () => {
        const problems = claimProblems([
            { name: "x-fake", framework: { name: "fsbp", version: "1.0.0", reference: "EC2.13" }, tags: ["fsbp:EC2.2", "cis-aws:9.9", "nist:AC-1", "checkov:CKV_AWS_341"] },
            { name: "y-fake", framework: { name: "cis-eks", version: "1.8.0", reference: "4.2.1" }, tags: [] },
        ]);
        expect(problems).to.deep.equal([
            "x-fake: fsbp:EC2.13 is not in fsbp 1.0.0 (policy-packs/controls/)",
            "x-fake: cis-aws:9.9 is not in cis-aws 3.0.0 (policy-packs/controls/)",
            'x-fake: unknown framework "nist" in nist:AC-1 (known: cis-aws, cis-eks, fsbp, pss, own, checkov, trivy, compliance-policies)',
            "x-fake: checkov:CKV_AWS_341 is not in checkov rule IDs (policy-packs/controls/)",
            "y-fake: framework cis-eks version 1.8.0 is not 1.4.0",
        ]);
    });
    it("refuses a control listed both as claimed and as partial coverage", () => {
        expect(claimProblems([{ name: "s3-public-access-block", framework: { name: "cis-aws", version: "3.0.0", reference: "2.1.4" }, tags: ["fsbp:S3.8"] }])).to.deep.equal([
            "s3-public-access-block: fsbp:S3.8 is claimed in full and listed as partial coverage",
        ]);
    });
});

describe("kept control lists (policy-packs/controls/)", () => {
    const files = readdirSync(CONTROLS_DIR).filter((f) => f.endsWith(".json"));
    const known: string[] = [...Object.values(FRAMEWORKS).map((f) => f.file as string | undefined), ...Object.values(SCANNER_LISTS)].filter((f): f is string => !!f);

    it("has a list for every framework and scanner a policy may name (pss once vendored)", () => {
        expect(known.filter((f) => f !== "pss.json" && !files.includes(f))).to.deep.equal([]);
        expect(files.filter((f) => !known.includes(f))).to.deep.equal([]);
    });
    for (const file of files) {
        it(`${file}: names its source, retrieval date and licence; unique IDs with titles and resource types`, () => {
            const list = JSON.parse(readFileSync(path.join(CONTROLS_DIR, file), "utf8"));
            expect(list.source, "source").to.match(/^https:\/\//);
            expect(list.retrieved, "retrieved").to.match(/^\d{4}-\d{2}-\d{2}$/);
            expect(list.licence, "licence").to.be.a("string").and.not.equal("");
            const ids: string[] = list.controls.map((c: { id: string }) => c.id);
            expect(ids.filter((id, i) => ids.indexOf(id) !== i), "duplicate IDs").to.deep.equal([]);
            for (const c of list.controls) {
                expect(c.title, c.id).to.be.a("string").and.not.equal("");
                expect(c.automated, c.id).to.be.a("boolean");
                expect(c.resourceTypes, c.id).to.be.an("array");
                for (const t of c.resourceTypes) {
                    expect(t, `${c.id} type`).to.match(TOKEN);
                }
                if (!c.notApplicableReason && file !== "pss.json") {
                    expect(c.resourceTypes.length, `${c.id}: applicable to nothing, and no notApplicableReason`).to.be.greaterThan(0);
                }
            }
        });
    }
    it("keeps the versions the metadata declares", () => {
        for (const key of COVERAGE_FRAMEWORKS.filter((k) => k !== "pss")) {
            expect(controlList(key)!.version, key).to.equal(FRAMEWORKS[key].version);
        }
        expect(controlList("fsbp")!.controls.length).to.equal(336);
        expect(controlList("cis-aws")!.controls.length).to.equal(62);
        expect(controlList("cis-eks")!.controls.length).to.equal(51);
    });
    it("keeps FSBP membership exact: Security Hub controls outside the standard are not FSBP", () => {
        const ids = controlList("fsbp")!.controls.map((c) => c.id);
        for (const notFsbp of ["EC2.13", "EC2.14", "S3.14", "KMS.4", "CloudWatch.15", "CloudWatch.16"]) {
            expect(ids, notFsbp).to.not.include(notFsbp);
        }
        for (const fsbp of ["EC2.55", "EC2.170", "EC2.181", "EKS.3", "S3.13", "KMS.5"]) {
            expect(ids, fsbp).to.include(fsbp);
        }
    });
});
