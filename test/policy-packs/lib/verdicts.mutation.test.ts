import { expect } from "chai";
import { allOf, anyOf, not, read, readList, show, tagOn, test, Undecided, Verdicts } from "../../../policy-packs/lib/verdicts";
import { UNKNOWN } from "../../../policy-packs/lib/values";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

/**
 * The three-valued reading every rule relies on, one case at a time (issue #15): a weakened
 * helper would turn a value unknown until apply into a pass, or lose a decided violation.
 */

function engineProps(inputs: Record<string, unknown>): Record<string, any> {
    return resourceArgs(planResource({ type: "aws:ec2/securityGroup:SecurityGroup", inputs }), new Map(), {}).props;
}

const collect = () => {
    const calls: [string, string | undefined][] = [];
    return { calls, report: (m: string, urn?: string) => void calls.push([m, urn]) };
};

describe("lib/verdicts reading, case by case", () => {
    const props = engineProps({ zero: 0, empty: "", off: false, nul: null, list: [1, null, "<computed>"], one: "x", u: "<computed>" });

    it("read keeps falsy known values, and reads null as unset", () => {
        expect(read(props, "zero")).to.equal(0);
        expect(read(props, "empty")).to.equal("");
        expect(read(props, "off")).to.equal(false);
        expect(read(props, "nul")).to.equal(undefined);
        expect(read(undefined, "x")).to.equal(undefined);
    });
    it("read and readList into a value unknown until apply give that value: its fields are unknown too, not unset", () => {
        const u = read(props, "u");
        expect(u).to.be.instanceOf(Undecided);
        expect(read(u, "field")).to.equal(u);
        expect(read(read(u, "a"), "b")).to.equal(u);
        expect(readList(u, "items")).to.deep.equal([u]);
    });
    it("readList reads each entry (null as unset, unknown as Undecided) and a single value as a list of one", () => {
        const list = readList(props, "list");
        expect(list.slice(0, 2)).to.deep.equal([1, undefined]);
        expect(list[2]).to.be.instanceOf(Undecided);
        expect(readList(props, "one")).to.deep.equal(["x"]);
        expect(readList(props, "zero")).to.deep.equal([0]);
        expect(readList(props, "nul")).to.deep.equal([]);
        const whole = readList(props, "u");
        expect(whole).to.have.length(1);
        expect(() => (whole[0] as Undecided).raise()).to.throw(/\.u can't be known during preview/);
        expect(() => (list[2] as Undecided).raise()).to.throw(/\.list\[2\] can't be known during preview|\.list\.2 can't be known during preview/);
    });
    it("Undecided.raise throws its own error when the holder does not (a plain object)", () => {
        expect(() => new Undecided({ a: 1 }, "a").raise()).to.throw("the value at a is unknown until apply");
        expect(() => new Undecided({}, 3).raise()).to.throw("the value at 3 is unknown until apply");
    });
    it("test passes the value (undefined too) to the predicate", () => {
        expect(test(undefined, (v) => v === undefined)).to.equal(true);
        expect(test(0, (v) => v === 1)).to.equal(false);
    });
    it("anyOf: any true wins over undecided wherever it stands; all false is false", () => {
        const u = new Undecided({}, "a");
        const w = new Undecided({}, "b");
        expect(anyOf([u, true])).to.equal(true);
        expect(anyOf([true])).to.equal(true);
        expect(anyOf([false, false])).to.equal(false);
        expect(anyOf([false, u, w])).to.equal(u);
    });
    it("allOf: any false wins over undecided wherever it stands; all true is true", () => {
        const u = new Undecided({}, "a");
        const w = new Undecided({}, "b");
        expect(allOf([u, false])).to.equal(false);
        expect(allOf([false])).to.equal(false);
        expect(allOf([true, true])).to.equal(true);
        expect(allOf([true, u, w])).to.equal(u);
        expect(not(false)).to.equal(true);
    });
    it("tagOn takes true and 1 in any case and spacing, nothing else", () => {
        for (const value of ["true", "TRUE", " True ", "1", " 1"]) {
            expect(tagOn({ t: value }, "t"), value).to.equal(true);
        }
        for (const value of ["false", "0", "yes", "", "true1", "11"]) {
            expect(tagOn({ t: value }, "t"), value).to.equal(false);
        }
        expect(tagOn({ t: true }, "t")).to.equal(false);
        expect(tagOn({ t: 1 }, "t")).to.equal(false);
        expect(tagOn(undefined, "t")).to.equal(false);
    });
    it("tagOn keeps undecided tags and an undecided tag value undecided", () => {
        const u = new Undecided({}, "tags");
        expect(tagOn(u, "t")).to.equal(u);
        const tags = engineProps({ tags: { t: "<computed>" } });
        expect(tagOn(read(tags, "tags"), "t")).to.be.instanceOf(Undecided);
    });
});

describe("Verdicts, case by case", () => {
    const props = engineProps({ a: "<computed>", b: "<computed>", known: "x" });

    it("fail reports the message with the URN it is given", () => {
        const { calls, report } = collect();
        new Verdicts(report).fail("bad", "urn:x");
        expect(calls).to.deep.equal([["bad", "urn:x"]]);
    });
    it("a violation reported through when stops settle from raising", () => {
        const { report } = collect();
        const v = new Verdicts(report, props);
        v.unknown(["a"]);
        v.when(true, () => undefined);
        expect(() => v.settle()).to.not.throw();
    });
    it("when with false or undecided reports nothing; undecided is raised at settle", () => {
        const { calls, report } = collect();
        const v = new Verdicts(report, props);
        v.when(false, () => report("no"));
        expect(() => v.settle()).to.not.throw();
        v.when(read(props, "b") as Undecided, () => report("no"));
        expect(() => v.settle()).to.throw(/\.b can't be known during preview/);
        expect(calls).to.deep.equal([]);
    });
    it("keeps the first undecided value: note, unknown and isUnknown do not replace it", () => {
        const v = new Verdicts(collect().report, props);
        v.note("not undecided");
        v.note(read(props, "a"));
        v.note(read(props, "b"));
        v.unknown(["b"]);
        v.isUnknown(UNKNOWN, ["b"]);
        expect(() => v.settle()).to.throw(/\.a can't be known during preview/);
        const w = new Verdicts(collect().report, props);
        w.unknown(["b"]);
        w.note(read(props, "a"));
        expect(() => w.settle()).to.throw(/\.b can't be known during preview/);
    });
    it("note ignores values that are not undecided; settle without anything pending does nothing", () => {
        const v = new Verdicts(collect().report, props);
        v.note(undefined);
        v.note(UNKNOWN);
        expect(() => v.settle()).to.not.throw();
    });
    it("isUnknown remembers nothing for a known value", () => {
        const v = new Verdicts(collect().report, props);
        expect(v.isUnknown(undefined, ["a"])).to.equal(false);
        expect(() => v.settle()).to.not.throw();
    });
});

describe("show, case by case", () => {
    it("shows values as strings", () => {
        expect(show(undefined)).to.equal("undefined");
        expect(show("x")).to.equal("x");
        expect(show(new Undecided({}, "a"))).to.equal("(unknown)");
    });
});
