import { expect } from "chai";
import {
    cidrProblem,
    cidrsOverlap,
    cidrSlug,
    contains,
    defaultPrefixLengths,
    describeOverlap,
    findOverlaps,
    parseCidr,
    planSubnets,
    tryPlanSubnets,
    zoneSlot,
} from "../../../components/network/cidr";

const AZS = ["eu-west-1a", "eu-west-1b", "eu-west-1c"];

describe("cidr", () => {
    describe("cidrProblem", () => {
        const cases: [unknown, string | undefined][] = [
            ["10.0.0.0/16", undefined],
            ["0.0.0.0/0", undefined],
            ["192.168.1.16/28", undefined],
            ["10.1.2.0/16", 'has host bits set; the network is "10.1.0.0/16"'],
            ["10.0.0.0", 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            ["10.0.0.0/33", 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            ["010.0.0.0/16", 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            ["10.0.0/16", 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            ["fd00::/8", 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            [" 10.0.0.0/16", 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            [16, 'is not an IPv4 CIDR like "10.0.0.0/16"'],
            [undefined, 'is not an IPv4 CIDR like "10.0.0.0/16"'],
        ];
        for (const [value, expected] of cases) {
            it(`${JSON.stringify(value)} -> ${expected ?? "valid"}`, () => {
                expect(cidrProblem(value)).to.equal(expected);
            });
        }
    });

    it("parses a network into first address, prefix and size", () => {
        expect(parseCidr("10.1.0.0/16")).to.deep.equal({ cidr: "10.1.0.0/16", prefix: 16, first: 167837696, size: 65536 });
        expect(parseCidr("0.0.0.0/0")).to.deep.equal({ cidr: "0.0.0.0/0", prefix: 0, first: 0, size: 4294967296 });
        expect(() => parseCidr("10.1.2.0/16")).to.throw('"10.1.2.0/16" has host bits set; the network is "10.1.0.0/16"');
    });

    describe("cidrsOverlap and contains", () => {
        const cases: [string, string, boolean, boolean][] = [
            // a, b, overlap, a contains b
            ["10.0.0.0/8", "10.1.0.0/16", true, true],
            ["10.1.0.0/16", "10.0.0.0/8", true, false],
            ["10.1.0.0/16", "10.1.0.0/16", true, true],
            ["10.1.0.0/16", "10.2.0.0/16", false, false],
            ["10.1.0.0/17", "10.1.128.0/17", false, false],
            ["10.1.255.0/24", "10.2.0.0/24", false, false],
            ["10.1.0.0/16", "10.1.255.240/28", true, true],
            ["0.0.0.0/0", "192.168.0.0/16", true, true],
            ["192.168.0.0/16", "172.16.0.0/12", false, false],
        ];
        for (const [a, b, overlap, inside] of cases) {
            it(`${a} and ${b}: overlap ${overlap}, contains ${inside}`, () => {
                expect(cidrsOverlap(a, b)).to.equal(overlap);
                expect(cidrsOverlap(b, a)).to.equal(overlap);
                expect(contains(a, b)).to.equal(inside);
            });
        }
    });

    describe("findOverlaps", () => {
        it("returns every overlapping pair in list order", () => {
            const overlaps = findOverlaps([
                { name: "dev", cidr: "10.1.0.0/16" },
                { name: "staging", cidr: "10.2.0.0/16" },
                { name: "prod", cidr: "10.1.128.0/17" },
                { name: "shared", cidr: "10.0.0.0/14" },
            ]);
            expect(overlaps.map(describeOverlap)).to.deep.equal([
                "dev (10.1.0.0/16) overlaps prod (10.1.128.0/17)",
                "dev (10.1.0.0/16) overlaps shared (10.0.0.0/14)",
                "staging (10.2.0.0/16) overlaps shared (10.0.0.0/14)",
                "prod (10.1.128.0/17) overlaps shared (10.0.0.0/14)",
            ]);
        });

        it("returns nothing for disjoint ranges, adjacent ones included", () => {
            expect(findOverlaps([{ name: "a", cidr: "10.1.0.0/16" }, { name: "b", cidr: "10.2.0.0/16" }, { name: "c", cidr: "10.0.0.0/16" }])).to.deep.equal([]);
            expect(findOverlaps([])).to.deep.equal([]);
        });
    });

    describe("zoneSlot", () => {
        const cases: [string, number | undefined][] = [
            ["eu-west-1a", 0],
            ["eu-west-1c", 2],
            ["us-east-1f", 5],
            ["us-gov-west-1b", 1],
            ["ap-southeast-2a", 0],
            ["us-west-2-lax-1a", undefined],
            ["euw1-az1", undefined],
            ["eu-west-1g", undefined],
            ["eu-west-1", undefined],
        ];
        for (const [az, slot] of cases) {
            it(`${az} -> ${slot}`, () => expect(zoneSlot(az)).to.equal(slot));
        }
    });

    it("defaults private to VPC prefix + 3 and public and intra to + 8, at most /28", () => {
        expect(defaultPrefixLengths(16)).to.deep.equal({ private: 19, public: 24, intra: 24 });
        expect(defaultPrefixLengths(20)).to.deep.equal({ private: 23, public: 28, intra: 28 });
        expect(defaultPrefixLengths(22)).to.deep.equal({ private: 25, public: 28, intra: 28 });
    });

    describe("planSubnets", () => {
        it("plans a /16 over three zones with the defaults", () => {
            const plan = planSubnets("10.1.0.0/16", AZS);
            expect(plan).to.deep.equal({
                public: [
                    { tier: "public", az: "eu-west-1a", cidr: "10.1.192.0/24" },
                    { tier: "public", az: "eu-west-1b", cidr: "10.1.193.0/24" },
                    { tier: "public", az: "eu-west-1c", cidr: "10.1.194.0/24" },
                ],
                private: [
                    { tier: "private", az: "eu-west-1a", cidr: "10.1.0.0/19" },
                    { tier: "private", az: "eu-west-1b", cidr: "10.1.32.0/19" },
                    { tier: "private", az: "eu-west-1c", cidr: "10.1.64.0/19" },
                ],
                intra: [
                    { tier: "intra", az: "eu-west-1a", cidr: "10.1.198.0/24" },
                    { tier: "intra", az: "eu-west-1b", cidr: "10.1.199.0/24" },
                    { tier: "intra", az: "eu-west-1c", cidr: "10.1.200.0/24" },
                ],
            });
        });

        it("gives a zone the same subnets whatever the other zones are", () => {
            const three = planSubnets("10.1.0.0/16", AZS);
            const reordered = planSubnets("10.1.0.0/16", ["eu-west-1c", "eu-west-1a"]);
            const six = planSubnets("10.1.0.0/16", ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d", "eu-west-1e", "eu-west-1f"]);
            for (const tier of ["public", "private", "intra"] as const) {
                expect(reordered[tier].map((s) => s.cidr)).to.deep.equal([three[tier][2].cidr, three[tier][0].cidr]);
                expect(six[tier].slice(0, 3)).to.deep.equal(three[tier]);
            }
            expect(six.private.map((s) => s.cidr)).to.deep.equal(["10.1.0.0/19", "10.1.32.0/19", "10.1.64.0/19", "10.1.96.0/19", "10.1.128.0/19", "10.1.160.0/19"]);
            expect(six.intra[5].cidr).to.equal("10.1.203.0/24");
        });

        it("honours prefix lengths and aligns each tier to its subnet size", () => {
            const plan = planSubnets("10.20.0.0/20", ["us-east-1a", "us-east-1b"], { private: 24, public: 26, intra: 28 });
            expect(plan.private.map((s) => s.cidr)).to.deep.equal(["10.20.0.0/24", "10.20.1.0/24"]);
            expect(plan.public.map((s) => s.cidr)).to.deep.equal(["10.20.6.0/26", "10.20.6.64/26"]);
            expect(plan.intra.map((s) => s.cidr)).to.deep.equal(["10.20.7.128/28", "10.20.7.144/28"]);
        });

        it("aligns a larger tier that follows a smaller one", () => {
            const plan = planSubnets("10.0.0.0/16", ["eu-west-1a", "eu-west-1b"], { private: 24, public: 20, intra: 28 });
            // private ends at 10.0.6.0; public /20 starts at the next /20 boundary.
            expect(plan.public.map((s) => s.cidr)).to.deep.equal(["10.0.16.0/20", "10.0.32.0/20"]);
            expect(plan.intra[0].cidr).to.equal("10.0.112.0/28");
        });

        it("produces subnets inside the VPC that never overlap", () => {
            const plan = planSubnets("172.16.0.0/18", ["eu-west-1a", "eu-west-1b", "eu-west-1c", "eu-west-1d", "eu-west-1e", "eu-west-1f"]);
            const all = [...plan.public, ...plan.private, ...plan.intra];
            expect(all.every((s) => contains("172.16.0.0/18", s.cidr))).to.equal(true);
            expect(findOverlaps(all.map((s) => ({ name: `${s.tier}-${s.az}`, cidr: s.cidr })))).to.deep.equal([]);
        });

        const failures: [string, string, string[], Partial<Record<"public" | "private" | "intra", number>>, string[]][] = [
            [
                "rejects a VPC too small for the default subnets",
                "10.1.0.0/24",
                AZS,
                {},
                ['cidrBlock: "10.1.0.0/24" has 256 addresses but the subnets need 384 (private /27, public /28, intra /28, 6 zone slots per tier); use a larger VPC or longer subnet prefixes'],
            ],
            [
                "rejects explicit prefixes that do not fit",
                "10.1.0.0/17",
                AZS,
                { private: 19 },
                ['cidrBlock: "10.1.0.0/17" has 32768 addresses but the subnets need 50688 (private /19, public /25, intra /25, 6 zone slots per tier); use a larger VPC or longer subnet prefixes'],
            ],
            ["rejects a prefix not longer than the VPC's", "10.1.0.0/16", AZS, { public: 16 }, ["publicSubnetPrefixLength: 16 is not in 17..28 (longer than the VPC's /16, at most a /28)"]],
            ["rejects a prefix beyond /28", "10.1.0.0/16", AZS, { intra: 29 }, ["intraSubnetPrefixLength: 29 is not in 17..28 (longer than the VPC's /16, at most a /28)"]],
            ["rejects a bad VPC range", "10.1.0.0/33", AZS, {}, ['cidrBlock: "10.1.0.0/33" is not an IPv4 CIDR like "10.0.0.0/16"']],
            ["rejects a zone without a letter a to f", "10.1.0.0/16", ["eu-west-1a", "use1-az1"], {}, ['availabilityZones[1]: "use1-az1" is not a zone name ending in a letter a to f, like "eu-west-1a"']],
            [
                "rejects two zones with the same letter",
                "10.1.0.0/16",
                ["eu-west-1a", "eu-west-1a"],
                {},
                ['availabilityZones: "eu-west-1a" and "eu-west-1a" share the zone letter "a"; each zone needs its own letter'],
            ],
        ];
        for (const [title, cidr, azs, prefixes, problems] of failures) {
            it(title, () => {
                expect(tryPlanSubnets(cidr, azs, prefixes)).to.deep.equal({ problems });
                expect(() => planSubnets(cidr, azs, prefixes)).to.throw().with.property("problems").that.deep.equals(problems);
            });
        }
    });

    it("turns a CIDR into a name part", () => {
        expect(cidrSlug("10.0.0.0/8")).to.equal("10-0-0-0-8");
    });
});
