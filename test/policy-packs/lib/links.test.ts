import { expect } from "chai";
import type { PolicyResource } from "@pulumi/policy";
import { ofType, refersTo, sameProvider } from "../../../policy-packs/lib/links";
import { stackResources } from "../../../tools/policy/evaluate";
import { planResource, ResourceSpec } from "../../support/policy";

const BUCKET = "aws:s3/bucket:Bucket";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

function view(...specs: ResourceSpec[]): Record<string, PolicyResource> {
    return Object.fromEntries(stackResources(specs.map(planResource)).map((r) => [r.name, r]));
}

describe("resource links (lib/links)", () => {
    const data: ResourceSpec = { type: BUCKET, name: "data", urn: urnOf(BUCKET, "data"), inputs: { bucket: "data" } };
    const other: ResourceSpec = { type: BUCKET, name: "other", urn: urnOf(BUCKET, "other"), inputs: {} };

    it("links by the property dependencies of that input, with the value unknown", () => {
        const r = view(data, other, { type: PAB, name: "pab", inputs: { bucket: "<computed>" }, propertyDependencies: { bucket: [data.urn!] }, dependencies: [data.urn!, other.urn!] });
        expect(refersTo(r.pab, "bucket", r.data)).to.equal(true);
        // Property dependencies are recorded: a plain dependency on another bucket is for something else.
        expect(refersTo(r.pab, "bucket", r.other)).to.equal(false);
        expect(refersTo(r.pab, "policy", r.data)).to.equal(false);
    });
    it("falls back to dependencies only for a plan without property dependencies", () => {
        const r = view(data, { type: PAB, name: "pab", inputs: { bucket: "<computed>" }, dependencies: [data.urn!] });
        expect(refersTo(r.pab, "bucket", r.data)).to.equal(true);
    });
    it("links by a known value equal to one of the target's identifying values", () => {
        const r = view(data, { type: PAB, name: "pab", inputs: { bucket: "data" } });
        expect(refersTo(r.pab, "bucket", r.data, ["data"])).to.equal(true);
        expect(refersTo(r.pab, "bucket", r.data, ["logs"])).to.equal(false);
        expect(refersTo(r.pab, "bucket", r.data)).to.equal(false);
    });
    it("does not link an unknown value by name", () => {
        const r = view(data, { type: PAB, name: "pab", inputs: { bucket: "<computed>" } });
        expect(refersTo(r.pab, "bucket", r.data, ["data"])).to.equal(false);
    });
    it("selects resources by type and compares providers", () => {
        const r = view(data, other, { type: PAB, name: "pab", inputs: {} });
        expect(ofType(Object.values(r), BUCKET).map((x) => x.name)).to.deep.equal(["data", "other"]);
        expect(ofType(Object.values(r), BUCKET, PAB)).to.have.length(3);
        expect(sameProvider(r.data, r.other)).to.equal(true);
    });
});
