import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { listStacks } from "../../../tools/plan/stack-file";
import { cli } from "../../support/cli";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "invalid-stacks");
const file = (name: string) => path.join(FIXTURES, `Pulumi.${name}.yaml`);

/** The corpus of invalid settings files: each is rejected with exit 2, every problem listed, no stack trace. */
const CORPUS: Record<string, string[]> = {
    "bad-network": [
        'platform:region: "eu-west-9" is not an AWS region (for example us-east-1, us-east-2, us-west-1, us-west-2)',
        'platform:accountId: "12345" is not a 12-digit AWS account ID (quote it in YAML so that leading zeros are kept)',
        'platform:organization.id: "o-abc" is not an AWS Organizations ID (o- followed by 10 to 32 lowercase letters or digits)',
        'platform:network.cidr: "10.20.0.1/16" is not an IPv4 CIDR block such as 10.20.0.0/16',
        "platform:network.azCount: 7 is not in 2..6",
        'platform:network.natStrategy: "many" is not one of "none", "single", "one-per-az", "central"',
        "platform:cluster.nodePools[0]: sizes must satisfy minSize <= desiredSize <= maxSize; got 3 <= 1 <= 2",
    ],
    "public-endpoint": [
        'platform:cluster.publicAccessCidrs[0]: "0.0.0.0/0" opens the Kubernetes API to the internet; list your egress CIDRs instead',
        'platform:cluster.publicAccessCidrs[1]: "203.0.113.0/33" is not an IPv4 CIDR block',
        "platform:cluster.nodePools: has no pool with system: true; critical add-ons need a system pool",
        "platform:teams[0].name: \"Payments_Team\" is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit)",
        'platform:teams[0].roleArn: "arn:aws:iam::333333333333:user/bob" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)',
        'platform:network.segment: "prod" is reserved for environment prod; environment dev attaches to nonprod or shared',
    ],
    "bad-service": [
        'platform:services[0].team: "billing" is not a team of this stack (payments, search); add it to platform:teams',
        'platform:services[0].image: "docker.io/library/nginx:latest" is not from an allowed registry (222222222222.dkr.ecr.eu-west-1.amazonaws.com/); push it to the platform registry',
        'platform:services[0].image: "docker.io/library/nginx:latest" uses the latest tag, which moves; pin it by digest (@sha256:...) or by an immutable version tag',
        "platform:services[0].port: 80 is not in 1024..65535 (the container runs as a non-root user without capabilities and cannot bind a lower port)",
        "platform:services[0].slos[0].objective: 100 is not in (0, 100); an SLO of 100% leaves no error budget",
        "platform:services[0].slos[1].sli.thresholdSeconds: 0.3 is not one of the histogram's buckets 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 (the client libraries' defaults; sli.buckets is unset); a threshold between buckets cannot be counted: choose one of them, or list the histogram's own buckets in sli.buckets",
    ],
    "wrong-role": [
        "platform:clusterr: is not a known setting; check its spelling and level",
        "platform:transitHub: is required for role network: the Transit Gateway settings",
        "platform:network: is not used by role network; remove it",
    ],
};

describe("invalid settings files", () => {
    for (const [name, expected] of Object.entries(CORPUS)) {
        it(`rejects ${name} with exit 2 and every problem`, async () => {
            const r = await cli("plan", "--stack-file", file(name));
            expect(r.code).to.equal(2);
            expect(r.out).to.equal("");
            const listed = r.err.split("\n").filter((l) => l.startsWith("  - ")).map((l) => l.slice(4));
            expect(listed).to.deep.equal(expected);
            expect(r.err).to.not.match(/\n\s+at /);
        });
    }

    it("rejects a file that is not YAML with exit 2", async () => {
        const r = await cli("plan", "--stack-file", file("not-yaml"));
        expect(r.code).to.equal(2);
        expect(r.err).to.match(/^error: .*Pulumi\.not-yaml\.yaml: not valid YAML/);
    });

    it("rejects an unknown stack, naming the known ones", async () => {
        const r = await cli("plan", "--stack", "qa");
        expect(r.code).to.equal(2);
        expect(r.err).to.equal(`error: no settings file for stack "qa" (stacks/Pulumi.qa.yaml); known stacks: ${listStacks().join(", ")}\n`);
    });

    it("rejects unknown options and commands as usage errors", async () => {
        expect((await cli("plan", "--stak", "dev")).code).to.equal(2);
        expect((await cli("deploy")).code).to.equal(2);
        expect((await cli("plan")).err).to.match(/^error: plan needs --stack <name>/);
    });

    it("exits 2 from the real binary, without a stack trace", () => {
        const bin = path.join(__dirname, "..", "..", "..", "bin", "platform.js");
        const r = spawnSync(process.execPath, [bin, "plan", "--stack-file", file("wrong-role")], { encoding: "utf8" });
        expect(r.status).to.equal(2);
        expect(r.stdout).to.equal("");
        expect(r.stderr).to.contain("platform:clusterr: is not a known setting");
        expect(r.stderr).to.not.match(/\n\s+at /);
    });
});
