import { expect } from "chai";
import { asList, containsUnknown, isSet, isUnknownValue, parseJsonDocument, peek, plain, rawInputs, readThroughProxy, UNKNOWN } from "../../../policy-packs/lib/values";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

/**
 * Reading inputs that may be unknown until apply, one case at a time (issue #15): a weakened
 * helper would read an unknown as a value (a silent pass) or throw where a rule must decide.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<string, unknown>;
const SENTINEL_KEYS = ["unknownBooleanValue", "unknownNumberValue", "unknownStringValue", "unknownArrayValue", "unknownAssetValue", "unknownArchiveValue", "unknownObjectValue"];

function engineProps(inputs: Record<string, unknown>): Record<string, any> {
    return resourceArgs(planResource({ type: "aws:s3/bucket:Bucket", inputs }), new Map(), {}).props;
}

describe("lib/values, case by case", () => {
    it("knows each of the policy SDK's unknown sentinels, and nothing else", () => {
        for (const key of SENTINEL_KEYS) {
            expect(isUnknownValue(proxy[key]), key).to.equal(true);
            expect(plain(proxy[key]), key).to.equal(UNKNOWN);
            expect(peek({ k: proxy[key] }, "k"), key).to.deep.equal({ state: "unknown" });
            expect(parseJsonDocument(proxy[key]), key).to.equal(undefined);
        }
        for (const value of [undefined, null, "", 0, {}, [], UNKNOWN, "<computed>"]) {
            expect(isUnknownValue(value), String(value)).to.equal(false);
        }
    });
    it("peek reads nothing from what is not an object, and null or undefined as unset", () => {
        expect(peek("abc", "length")).to.deep.equal({ state: "unset" });
        expect(peek(5, "x")).to.deep.equal({ state: "unset" });
        expect(peek(null, "x")).to.deep.equal({ state: "unset" });
        expect(peek({ x: null }, "x")).to.deep.equal({ state: "unset" });
        expect(peek({ x: undefined }, "x")).to.deep.equal({ state: "unset" });
        expect(peek({ x: 0 }, "x")).to.deep.equal({ state: "known", value: 0 });
        expect(peek({ x: false }, "x")).to.deep.equal({ state: "known", value: false });
        expect(peek(["a", "b"], "1")).to.deep.equal({ state: "known", value: "b" });
        expect(isSet({ x: "" }, "x")).to.equal(true);
        expect(isSet({ x: null }, "x")).to.equal(false);
        expect(isSet(undefined, "x")).to.equal(false);
    });
    it("peek reads only own properties, not inherited ones", () => {
        const child = Object.create({ inherited: "yes" }) as Record<string, unknown>;
        expect(peek(child, "inherited")).to.deep.equal({ state: "unset" });
        expect(peek({}, "toString")).to.deep.equal({ state: "unset" });
    });
    it("plain copies arrays (holes and unknown entries too) and nested objects of engine inputs", () => {
        const props = engineProps({ list: ["a", "<computed>", { b: "<computed>", c: [1] }], n: null, flag: false });
        expect(plain(props)).to.deep.equal({ list: ["a", UNKNOWN, { b: UNKNOWN, c: [1] }], n: null, flag: false });
        expect(plain([])).to.deep.equal([]);
        expect(plain(null)).to.equal(null);
        expect(plain(0)).to.equal(0);
        // eslint-disable-next-line no-sparse-arrays
        expect(plain([1, , 3])).to.deep.equal([1, undefined, 3]);
        const copy = plain({ a: { b: 1 } });
        expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    });
    it("rawInputs keeps each key with its raw value (a sentinel for an unknown)", () => {
        const raw = rawInputs(engineProps({ a: "<computed>", b: { c: 1 } }));
        expect(isUnknownValue(raw.a)).to.equal(true);
        expect(raw.b).to.deep.equal({ c: 1 });
        expect(rawInputs({})).to.deep.equal({});
    });
    it("containsUnknown looks into arrays and objects at any depth, and nowhere else", () => {
        expect(containsUnknown(UNKNOWN)).to.equal(true);
        expect(containsUnknown([1, [2, UNKNOWN]])).to.equal(true);
        expect(containsUnknown({ a: { b: { c: UNKNOWN } } })).to.equal(true);
        expect(containsUnknown({ a: "x", b: UNKNOWN, c: 1 })).to.equal(true);
        expect(containsUnknown(["x", UNKNOWN])).to.equal(true);
        expect(containsUnknown([1, 2])).to.equal(false);
        expect(containsUnknown({ a: null, b: "x" })).to.equal(false);
        expect(containsUnknown(null)).to.equal(false);
        expect(containsUnknown("UNKNOWN")).to.equal(false);
    });
    it("readThroughProxy stops at a primitive or null on the way, and reads arrays by index", () => {
        expect(readThroughProxy({ a: "s" }, "a", "length")).to.equal(undefined);
        expect(readThroughProxy({ a: null }, "a", "b")).to.equal(undefined);
        expect(readThroughProxy(null, "a")).to.equal(undefined);
        expect(readThroughProxy({ a: [{ b: 2 }] }, "a", 0, "b")).to.equal(2);
        expect(readThroughProxy({ a: 1 })).to.deep.equal({ a: 1 });
        expect(() => readThroughProxy(engineProps({ a: ["<computed>"] }), "a", 0)).to.throw(/can't be known during preview/);
    });
    it("parseJsonDocument gives nothing for null, numbers and booleans, and parses JSON strings", () => {
        expect(parseJsonDocument(null)).to.equal(undefined);
        expect(parseJsonDocument(42)).to.equal(undefined);
        expect(parseJsonDocument(true)).to.equal(undefined);
        expect(parseJsonDocument("[1]")).to.deep.equal([1]);
        expect(parseJsonDocument("")).to.equal(undefined);
    });
    it("asList gives [] for null, keeps falsy single values", () => {
        expect(asList(null)).to.deep.equal([]);
        expect(asList(0)).to.deep.equal([0]);
        expect(asList("")).to.deep.equal([""]);
        expect(asList([])).to.deep.equal([]);
    });
});
