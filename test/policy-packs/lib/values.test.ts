import { expect } from "chai";
import { asList, containsUnknown, isSet, parseJsonDocument, peek, plain, rawInputs, readThroughProxy, UNKNOWN } from "../../../policy-packs/lib/values";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

/** The inputs as the engine hands them to a policy: a proxy that throws on unknown values. */
function engineProps(inputs: Record<string, unknown>): Record<string, any> {
    return resourceArgs(planResource({ type: "aws:s3/bucket:Bucket", inputs }), new Map(), {}).props;
}

describe("policy value helpers (lib/values)", () => {
    it("peek sees a computed value as unknown without throwing, and a plain one as known", () => {
        const r = planResource({ type: "aws:cloudwatch/logGroup:LogGroup", inputs: { kmsKeyId: "<computed>", retentionInDays: 365 } });
        const args = resourceArgs(r, new Map(), {});
        expect(peek(args.props, "kmsKeyId")).to.deep.equal({ state: "unknown" });
        expect(isSet(args.props, "kmsKeyId")).to.equal(true);
        expect(peek(args.props, "retentionInDays")).to.deep.equal({ state: "known", value: 365 });
        expect(peek(args.props, "name")).to.deep.equal({ state: "unset" });
        expect(() => args.props.kmsKeyId).to.throw(/can't be known during preview/);
    });
    it("plain reads engine inputs as plain data, unknowns as UNKNOWN, without throwing", () => {
        const props = engineProps({ metadata: { namespace: "<computed>" }, spec: { template: { spec: { containers: [{ image: "<computed>", env: [] }] } } } });
        expect(plain(props)).to.deep.equal({ metadata: { namespace: UNKNOWN }, spec: { template: { spec: { containers: [{ image: UNKNOWN, env: [] }] } } } });
    });
    it("plain copies plain objects and primitives unchanged", () => {
        expect(plain({ a: [1, "x", null], b: { c: true } })).to.deep.equal({ a: [1, "x", null], b: { c: true } });
        expect(plain("s")).to.equal("s");
        expect(plain(undefined)).to.equal(undefined);
    });
    it("containsUnknown finds UNKNOWN at any depth", () => {
        expect(containsUnknown({ a: [{ b: UNKNOWN }] })).to.equal(true);
        expect(containsUnknown({ a: [{ b: "x" }] })).to.equal(false);
    });
    it("readThroughProxy raises the engine's error on an unknown, and reads known values", () => {
        const props = engineProps({ policy: "<computed>", rule: { status: "Enabled" } });
        expect(() => readThroughProxy(props, "policy")).to.throw(/string value at \.policy can't be known during preview/);
        expect(readThroughProxy(props, "rule", "status")).to.equal("Enabled");
        expect(readThroughProxy(props, "missing", "deeper")).to.equal(undefined);
    });
    it("rawInputs keeps the engine's unknown sentinels without throwing", () => {
        const raw = rawInputs(engineProps({ a: "<computed>", b: 1 }));
        expect(Object.keys(raw)).to.deep.equal(["a", "b"]);
        expect(raw.b).to.equal(1);
        expect(raw.a).to.not.equal(undefined);
    });
    it("parseJsonDocument reads strings and objects, and nothing from unknown or invalid input", () => {
        expect(parseJsonDocument('{"Version":"2012-10-17"}')).to.deep.equal({ Version: "2012-10-17" });
        expect(parseJsonDocument({ Statement: [] })).to.deep.equal({ Statement: [] });
        expect(parseJsonDocument("{not json")).to.equal(undefined);
        expect(parseJsonDocument(UNKNOWN)).to.equal(undefined);
        expect(parseJsonDocument(undefined)).to.equal(undefined);
    });
    it("asList treats a single value as a list of one", () => {
        expect(asList("a")).to.deep.equal(["a"]);
        expect(asList(["a", "b"])).to.deep.equal(["a", "b"]);
        expect(asList(undefined)).to.deep.equal([]);
    });
});
