import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { cli } from "../support/cli";

/**
 * The corpus of invalid settings files (test/fixtures/invalid-stacks/<case>.yaml), one file per
 * mistake, each naming what it must be refused with:
 *
 *     # stack: <name>       optional: checked in place of stacks/Pulumi.<name>.yaml (across stacks)
 *     # expect: <fragment>  one or more: each appears in the error output
 *
 * Every file is refused by `plan` with exit 2 before anything is planned: the message names the
 * `platform:` setting and the value, and there is no stack trace.
 */

const DIR = path.join(__dirname, "..", "fixtures", "invalid-stacks");

interface Case {
    file: string;
    stack?: string;
    expect: string[];
}

function corpus(): Case[] {
    return fs
        .readdirSync(DIR)
        .filter((f) => f.endsWith(".yaml"))
        .sort()
        .map((f) => {
            const head = fs.readFileSync(path.join(DIR, f), "latin1").split("\n").filter((l) => l.startsWith("#"));
            const value = (key: string) => head.filter((l) => l.startsWith(`# ${key}: `)).map((l) => l.slice(`# ${key}: `.length));
            return { file: f, stack: value("stack")[0], expect: value("expect") };
        })
        .filter((c) => c.expect.length > 0);
}

describe("invalid settings corpus (test/fixtures/invalid-stacks)", () => {
    const cases = corpus();

    it("has a file for each mistake the validation pass must catch", () => {
        expect(cases.map((c) => c.file.replace(/\.yaml$/, ""))).to.include.members([
            "cidr-too-small",
            "tgw-route-inside-vpc",
            "duplicate-zones",
            "duplicate-endpoints",
            "glacier-after-expiry",
            "reserved-team-kube-system",
            "nat-without-public-subnets",
            "no-config-wrapper",
            "slo-misspelled-key",
            "ingress-misspelled-key",
            "egress-misspelled-key",
            "probes-misspelled-key",
            "aws-permissions-misspelled-key",
            "misspelled-namespace",
            "invalid-utf8",
            "tag-value-too-long",
            "instance-type-unknown",
            "central-nat-without-egress-vpc",
            "image-repository-name",
            "prometheus-retention-short",
            "ingress-host-outside-zones",
            "prod-past-standard-support",
            "policy-profile-missing",
            "name-too-long",
        ]);
    });

    for (const c of cases) {
        it(`refuses ${c.file} with exit 2, naming the setting`, async () => {
            const r = await cli("plan", "--stack-file", path.join(DIR, c.file), ...(c.stack ? ["--stack", c.stack] : []));
            expect(r.code, r.err).to.equal(2);
            expect(r.out).to.equal("");
            for (const fragment of c.expect) {
                expect(r.err).to.contain(fragment);
            }
            expect(r.err).to.not.match(/\n\s+at /);
            expect(r.err).to.not.contain("internal error");
        });
    }
});
