import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planProblems, readPlanFile } from "../../../tools/plan/plan-file";
import { UsageError } from "../../../tools/plan/stack-file";

/** Plan files are checked against tools/plan/plan.schema.json before any consumer reads them. */

const URN = "urn:pulumi:dev::platform::aws:s3/bucket:Bucket::logs";
const minimal = () => ({
    formatVersion: 1,
    project: "platform",
    stack: "dev",
    resources: [{ urn: URN, type: "aws:s3/bucket:Bucket", name: "logs" }],
    summary: { resourceCount: 1, byType: { "aws:s3/bucket:Bucket": 1 } },
});

function write(data: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-file-"));
    const file = path.join(dir, "dev.plan.json");
    fs.writeFileSync(file, typeof data === "string" ? data : JSON.stringify(data));
    return file;
}

function usageError(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        expect(e).to.be.instanceOf(UsageError);
        return (e as Error).message;
    }
    throw new Error("expected a UsageError");
}

describe("plan file input", () => {
    it("reads a plan with every optional field absent and fills their defaults", () => {
        const plan = readPlanFile(write(minimal()));
        expect(plan.resources[0]).to.deep.include({ inputs: {}, dependencies: [], propertyDependencies: {}, protect: false, retainOnDelete: false, ignoreChanges: [], aliases: [] });
        expect(plan).to.deep.include({ config: {}, outputs: {}, stackFile: "" });
    });
    it("names the JSON path of a wrong type at a nested path", () => {
        const bad = minimal() as any;
        bad.resources[0].propertyDependencies = { bucket: "urn:pulumi:dev::platform::x::y" };
        bad.resources[0].protect = "yes";
        const message = usageError(() => readPlanFile(write(bad)));
        expect(message).to.contain("not a valid plan file (tools/plan/plan.schema.json)");
        expect(message).to.contain("$.resources[0].propertyDependencies.bucket: must be array");
        expect(message).to.contain("$.resources[0].protect: must be boolean");
    });
    it("names a missing required field", () => {
        const bad = minimal() as any;
        delete bad.resources[0].urn;
        expect(planProblems(bad)).to.deep.equal(['$.resources[0]: missing required field "urn"']);
    });
    it("refuses an older format version with the version it needs", () => {
        expect(planProblems({ ...minimal(), formatVersion: 0 })).to.deep.equal([
            "$.formatVersion: plan format 0 is older than the format this tool reads; format 1 is needed: plan again with npm run plan -- --stack <name> --out <dir>",
        ]);
        expect(planProblems({ ...minimal(), formatVersion: undefined })[0]).to.match(/^\$\.formatVersion: missing; this tool reads plan format 1/);
    });
    it("refuses a file that is not JSON or not an object, as a usage error", () => {
        expect(usageError(() => readPlanFile(write("{")))).to.match(/not JSON/);
        expect(planProblems([])).to.deep.equal(["$: a plan file is a JSON object"]);
        expect(usageError(() => readPlanFile("/nonexistent/x.plan.json"))).to.equal("plan file not found: /nonexistent/x.plan.json");
    });
});
