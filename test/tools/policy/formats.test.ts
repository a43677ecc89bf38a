import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { complianceSummary, renderComplianceMarkdown } from "../../../tools/policy/compliance";
import { evaluatePacks } from "../../../tools/policy/evaluate";
import { toJUnit } from "../../../tools/policy/junit";
import { toSarif } from "../../../tools/policy/sarif";
import { kmsKeyRotation } from "../../../policy-packs/aws-baseline/policies/kms";
import { planResource } from "../../support/policy";

/** The SARIF 2.1.0 schema as OASIS publishes it, from shared/schemas (beside the repo, or vendored copy). */
function sarifSchema(): Record<string, unknown> {
    const candidates = [path.join(__dirname, "..", "..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json"), path.join(__dirname, "..", "..", "fixtures", "sarif-schema-2.1.0.json")];
    const file = candidates.find((f) => fs.existsSync(f))!;
    return JSON.parse(fs.readFileSync(file, "utf8"));
}

async function result() {
    const packs = [{ name: "aws-baseline", version: "1.0.0", policies: [kmsKeyRotation] }];
    const resources = [
        planResource({ type: "aws:kms/key:Key", name: "good", urn: "urn:pulumi:dev::platform::aws:kms/key:Key::good", inputs: { enableKeyRotation: true } }),
        planResource({ type: "aws:kms/key:Key", name: "bad", urn: "urn:pulumi:dev::platform::aws:kms/key:Key::bad", inputs: {} }),
        planResource({ type: "aws:kms/key:Key", name: "later", urn: "urn:pulumi:dev::platform::aws:kms/key:Key::later", inputs: { enableKeyRotation: "<computed>" } }),
    ];
    const plan = { formatVersion: 1, project: "platform", stack: "dev", stackFile: "stacks/Pulumi.dev.yaml", config: {}, resources, outputs: {}, summary: { resourceCount: 3, customResourceCount: 3, componentCount: 0, byType: {} } };
    const evaluation = await evaluatePacks(packs, resources, {});
    return { plan, packs, evaluation, configSources: {} };
}

describe("policy result formats", () => {
    it("emits SARIF 2.1.0 that validates against the OASIS schema", async () => {
        const sarif = toSarif(await result());
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(sarifSchema());
        expect(validate(sarif), JSON.stringify(validate.errors)).to.equal(true);
    });

    it("maps policies to rules and findings to results as code scanning expects", async () => {
        const run = (toSarif(await result()) as any).runs[0];
        expect(run.tool.driver.rules.map((r: any) => [r.id, r.defaultConfiguration.level, r.properties["security-severity"]])).to.deep.equal([["kms-key-rotation", "error", "6.9"]]);
        expect(run.tool.driver.rules[0].properties.tags).to.deep.equal(["security", "aws-baseline", "cis-aws:3.6", "checkov:CKV_AWS_7"]);
        expect(run.results.map((r: any) => [r.ruleId, r.level, r.locations[0].logicalLocations[0].fullyQualifiedName])).to.deep.equal([
            ["kms-key-rotation", "error", "urn:pulumi:dev::platform::aws:kms/key:Key::bad"],
            ["kms-key-rotation", "warning", "urn:pulumi:dev::platform::aws:kms/key:Key::later"],
        ]);
        expect(run.results[0].locations[0].physicalLocation).to.deep.equal({ artifactLocation: { uri: "stacks/Pulumi.dev.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } });
        expect(run.results[0].partialFingerprints["policyUrn/v1"]).to.match(/^[0-9a-f]{64}$/);
        expect(run.results[0].partialFingerprints["policyUrn/v1"]).to.not.equal(run.results[1].partialFingerprints["policyUrn/v1"]);
    });

    it("writes a JUnit testcase per (policy, resource): failure, skipped or passed", async () => {
        const xml = toJUnit(await result());
        expect(xml).to.contain('<testsuites name="policy dev" tests="3" failures="1" errors="0" skipped="1">');
        expect(xml).to.contain('<testcase classname="aws-baseline.kms-key-rotation" name="urn:pulumi:dev::platform::aws:kms/key:Key::good"></testcase>');
        expect(xml).to.match(/name="urn:pulumi:dev::platform::aws:kms\/key:Key::bad"><failure type="mandatory" message="KMS key rotation must be on/);
        expect(xml).to.match(/name="urn:pulumi:dev::platform::aws:kms\/key:Key::later"><skipped message="string value at .enableKeyRotation/);
    });

    it("summarizes each control as pass, fail or not assessed", async () => {
        const r = await result();
        const summary = complianceSummary(r.packs, r.evaluation);
        expect(summary.controls.map((c) => [c.control, c.status, c.checks, c.violations])).to.deep.equal([
            ["cis-aws:3.6", "fail", 2, 1],
        ]);
        expect(summary.frameworks["cis-eks"]).to.deep.include({ pass: 0, fail: 0, exempt: 0, notApplicable: 0, notAssessed: 0 });
        expect(renderComplianceMarkdown("dev", summary)).to.contain("| `cis-aws:3.6` | **FAIL** | kms-key-rotation | 2 | 1 | – |");
    });
});
