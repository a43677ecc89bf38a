import { expect } from "chai";
import type { PolicyResource } from "@pulumi/policy";
import { ofType, refersTo, sameProvider } from "../../../policy-packs/lib/links";
import { stackResources } from "../../../tools/policy/evaluate";
import { planResource, ResourceSpec } from "../../support/policy";

/**
 * Linking sub-resources to what they configure, one case at a time (issue #15): a weakened link
 * lets a stack rule take one resource's policy for another's, or miss a real link.
 */

const BUCKET = "aws:s3/bucket:Bucket";
const PAB = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const PROVIDER = "pulumi:providers:aws";
const urnOf = (type: string, name: string) => `urn:pulumi:test::platform::${type}::${name}`;

function view(...specs: ResourceSpec[]): Record<string, PolicyResource> {
    return Object.fromEntries(stackResources(specs.map(planResource)).map((r) => [r.name, r]));
}

describe("lib/links, case by case", () => {
    const data: ResourceSpec = { type: BUCKET, name: "data", urn: urnOf(BUCKET, "data"), inputs: { bucket: "data" } };
    const other: ResourceSpec = { type: BUCKET, name: "other", urn: urnOf(BUCKET, "other"), inputs: {} };
    const pab = (extra: Partial<ResourceSpec>, inputs: Record<string, unknown> = { bucket: "<computed>" }): ResourceSpec => ({ type: PAB, name: "pab", inputs, ...extra });

    it("links through the named input's property dependencies only, among several inputs", () => {
        const r = view(data, other, pab({ propertyDependencies: { policy: [data.urn!], bucket: [other.urn!] }, dependencies: [data.urn!, other.urn!] }));
        expect(refersTo(r.pab, "bucket", r.other)).to.equal(true);
        expect(refersTo(r.pab, "bucket", r.data)).to.equal(false);
        expect(refersTo(r.pab, "policy", r.data)).to.equal(true);
        expect(refersTo(r.pab, "acl", r.data)).to.equal(false);
    });
    it("falls back to dependencies only when no property dependencies are recorded, and only to the target", () => {
        const r = view(data, other, pab({ dependencies: [other.urn!] }));
        expect(refersTo(r.pab, "bucket", r.other)).to.equal(true);
        expect(refersTo(r.pab, "bucket", r.data)).to.equal(false);
        const none = view(data, pab({}));
        expect(refersTo(none.pab, "bucket", none.data)).to.equal(false);
    });
    it("links by value only to a known string equal to one of the identifying values", () => {
        const r = view(data, pab({}, { bucket: "data" }));
        expect(refersTo(r.pab, "bucket", r.data, ["logs", "data"])).to.equal(true);
        expect(refersTo(r.pab, "bucket", r.data, [undefined, "Data"])).to.equal(false);
        expect(refersTo(r.pab, "bucket", r.data, [["data"]])).to.equal(false);
        const numeric = view(data, pab({}, { bucket: 7 }));
        expect(refersTo(numeric.pab, "bucket", numeric.data, [7, "7"])).to.equal(false);
        const unset = view(data, pab({}, {}));
        expect(refersTo(unset.pab, "bucket", unset.data, ["data", undefined])).to.equal(false);
    });
    it("still links by value when property dependencies name another resource for that input", () => {
        const r = view(data, other, pab({ propertyDependencies: { bucket: [other.urn!] } }, { bucket: "data" }));
        expect(refersTo(r.pab, "bucket", r.data, ["data"])).to.equal(true);
    });
    it("works on resources without dependency lists (a PolicyResource built elsewhere)", () => {
        const target = { urn: "urn:t", type: BUCKET, name: "t", props: {} } as unknown as PolicyResource;
        const bare = { urn: "urn:s", type: PAB, name: "s", props: { bucket: "t" } } as unknown as PolicyResource;
        expect(refersTo(bare, "bucket", target)).to.equal(false);
        expect(refersTo(bare, "bucket", target, ["t"])).to.equal(true);
    });
    it("ofType keeps only the given types, in order; none for no type", () => {
        const r = view(data, pab({}), other);
        expect(ofType(Object.values(r), PAB).map((x) => x.name)).to.deep.equal(["pab"]);
        expect(ofType(Object.values(r))).to.deep.equal([]);
    });
    it("sameProvider: the same explicit provider, or both the default; not one explicit and one default, nor two different", () => {
        const a: ResourceSpec = { type: PROVIDER, name: "a", urn: urnOf(PROVIDER, "a"), inputs: {} };
        const b: ResourceSpec = { type: PROVIDER, name: "b", urn: urnOf(PROVIDER, "b"), inputs: {} };
        const r = view(a, b, { ...data, provider: a.urn }, { ...other, provider: a.urn }, pab({ provider: b.urn }), { type: BUCKET, name: "plain", inputs: {} }, { type: BUCKET, name: "plain2", inputs: {} });
        expect(sameProvider(r.data, r.other)).to.equal(true);
        expect(sameProvider(r.data, r.pab)).to.equal(false);
        expect(sameProvider(r.data, r.plain)).to.equal(false);
        expect(sameProvider(r.plain, r.data)).to.equal(false);
        expect(sameProvider(r.plain, r.plain2)).to.equal(true);
    });
});
