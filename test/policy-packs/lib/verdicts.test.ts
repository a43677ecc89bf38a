import { expect } from "chai";
import { allOf, anyOf, not, read, readList, show, tagOn, test, Undecided, Verdicts } from "../../../policy-packs/lib/verdicts";
import { UNKNOWN } from "../../../policy-packs/lib/values";
import { resourceArgs } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

function engineProps(inputs: Record<string, unknown>): Record<string, any> {
    return resourceArgs(planResource({ type: "aws:ec2/securityGroup:SecurityGroup", inputs }), new Map(), {}).props;
}

describe("three-valued reading (lib/verdicts)", () => {
    const props = engineProps({ name: "web", tags: { "platform:internet-facing": "true" }, ingress: [{ fromPort: 22 }, "<computed>"], egress: "<computed>" });

    it("read gives the value, undefined when unset, and Undecided when unknown", () => {
        expect(read(props, "name")).to.equal("web");
        expect(read(props, "description")).to.equal(undefined);
        expect(read(props, "egress")).to.be.instanceOf(Undecided);
    });
    it("readList gives each entry, an unknown entry or list as Undecided", () => {
        const list = readList(props, "ingress");
        expect(list).to.have.length(2);
        expect(list[1]).to.be.instanceOf(Undecided);
        expect(readList(props, "egress")).to.have.length(1);
        expect(readList(props, "missing")).to.deep.equal([]);
        expect(readList(engineProps({ one: "x" }), "one")).to.deep.equal(["x"]);
    });
    it("combines verdicts three-valued", () => {
        const u = read(props, "egress") as Undecided;
        expect(anyOf([false, u, true])).to.equal(true);
        expect(anyOf([false, u])).to.equal(u);
        expect(anyOf([])).to.equal(false);
        expect(allOf([true, u, false])).to.equal(false);
        expect(allOf([true, u])).to.equal(u);
        expect(allOf([])).to.equal(true);
        expect(not(u)).to.equal(u);
        expect(not(true)).to.equal(false);
        expect(test(u, () => true)).to.equal(u);
        expect(test(3, (v) => v === 3)).to.equal(true);
    });
    it("reads marker tags as true or 1", () => {
        expect(tagOn(read(props, "tags"), "platform:internet-facing")).to.equal(true);
        expect(tagOn(read(props, "tags"), "other")).to.equal(false);
        expect(tagOn({ t: " 1 " }, "t")).to.equal(true);
    });
    it("shows an undecided value as (unknown)", () => {
        expect(show(read(props, "egress"))).to.equal("(unknown)");
        expect(show(22)).to.equal("22");
    });
    it("Undecided.raise throws the engine's error for its value", () => {
        expect(() => (read(props, "egress") as Undecided).raise()).to.throw(/\.egress can't be known during preview/);
    });
});

describe("Verdicts (lib/verdicts)", () => {
    const props = engineProps({ a: "<computed>", b: { c: "<computed>" } });
    const collect = () => {
        const reported: string[] = [];
        return { reported, report: (m: string) => void reported.push(m) };
    };

    it("reports decided violations and ignores decided passes", () => {
        const { reported, report } = collect();
        const v = new Verdicts(report);
        v.when(true, () => report("one"));
        v.when(false, () => report("never"));
        v.fail("two");
        v.settle();
        expect(reported).to.deep.equal(["one", "two"]);
    });
    it("raises the first undecided value when nothing was reported", () => {
        const v = new Verdicts(collect().report);
        v.when(test(read(props, "a"), () => true), () => undefined);
        v.note(read(props, "b"));
        expect(() => v.settle()).to.throw(/\.a can't be known during preview/);
    });
    it("raises an UNKNOWN from a plain copy at its path under the inputs", () => {
        const v = new Verdicts(collect().report, props);
        expect(v.isUnknown(UNKNOWN, ["b", "c"])).to.equal(true);
        expect(v.isUnknown("x", ["a"])).to.equal(false);
        expect(() => v.settle()).to.throw(/\.b\.c can't be known during preview/);
    });
    it("does not raise when a violation was reported: the resource fails either way", () => {
        const { reported, report } = collect();
        const v = new Verdicts(report, props);
        v.unknown(["a"]);
        v.fail("known violation");
        expect(() => v.settle()).to.not.throw();
        expect(reported).to.deep.equal(["known violation"]);
    });
});
