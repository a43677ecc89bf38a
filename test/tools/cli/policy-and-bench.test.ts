import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { registerBare, renderBench, sdkClassOf } from "../../../tools/cli/bench-command";
import { planStack } from "../../../tools/plan/runner";
import { cli } from "../../support/cli";

describe("cli: policy over a plan file", function () {
    this.timeout(120_000);
    let dir: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-"));
        const r = await cli("plan", "--stack", "network", "--out", dir, "--no-policy");
        expect(r.code).to.equal(0);
    });

    it("evaluates the packs over a plan produced elsewhere and writes the evidence", async () => {
        const out = path.join(dir, "evidence");
        const r = await cli("policy", "--plan", path.join(dir, "network.plan.json"), "--out", out);
        expect(r.code).to.equal(0);
        expect(r.out).to.contain("Policy evaluation of");
        expect(r.out).to.match(/Policy summary: 0 mandatory, 0 advisory, \d+ checks passed/);
        expect(fs.readdirSync(out).sort()).to.deep.equal(["network.compliance.json", "network.compliance.md", "network.policy.json", "network.policy.sarif", "network.policy.xml"]);
    });

    it("exits 1 when the plan has a mandatory violation", async () => {
        const plan = JSON.parse(fs.readFileSync(path.join(dir, "network.plan.json"), "utf8"));
        const tgw = plan.resources.find((r: { type: string }) => r.type === "aws:ec2transitgateway/transitGateway:TransitGateway");
        tgw.inputs.autoAcceptSharedAttachments = "enable";
        const file = path.join(dir, "weakened.plan.json");
        fs.writeFileSync(file, JSON.stringify(plan));
        const r = await cli("policy", "--plan", file);
        expect(r.code).to.equal(1);
        expect(r.out).to.match(/mandatory tgw-no-auto-accept {2}aws:ec2transitgateway\/transitGateway:TransitGateway::hub/);
    });

    it("rejects a missing file, a file that is not a plan and a missing --plan with exit 2", async () => {
        expect((await cli("policy", "--plan", path.join(dir, "nope.json"))).err).to.match(/^error: plan file not found/);
        const notPlan = path.join(dir, "not-plan.json");
        fs.writeFileSync(notPlan, JSON.stringify({ hello: "world" }));
        const r = await cli("policy", "--plan", notPlan);
        expect([r.code, r.err]).to.deep.equal([
            2,
            `error: ${notPlan}: not a valid plan file (tools/plan/plan.schema.json):\n  - $.formatVersion: missing; this tool reads plan format 1: plan again with npm run plan -- --stack <name> --out <dir>\n`,
        ]);
        const nested = path.join(dir, "nested.plan.json");
        fs.writeFileSync(nested, JSON.stringify({ formatVersion: 1, project: "p", stack: "s", summary: { resourceCount: 1, byType: {} }, resources: [{ urn: "urn:pulumi:s::p::t::n", type: "t", name: "n", dependencies: "x" }] }));
        const n = await cli("policy", "--plan", nested);
        expect([n.code, n.err]).to.deep.equal([2, `error: ${nested}: not a valid plan file (tools/plan/plan.schema.json):\n  - $.resources[0].dependencies: must be array\n`]);
        expect((await cli("policy")).code).to.equal(2);
    });

    it("rejects a policy config naming a policy no pack has", async () => {
        const cfg = path.join(dir, "bad-config.json");
        fs.writeFileSync(cfg, JSON.stringify({ "no-such-policy": "mandatory" }));
        const r = await cli("policy", "--plan", path.join(dir, "network.plan.json"), "--policy-config", cfg);
        expect([r.code, r.err]).to.deep.equal([2, `error: ${cfg}: "no-such-policy" is not a policy of any pack (aws-baseline, kubernetes-baseline)\n`]);
    });
});

describe("bench", function () {
    this.timeout(120_000);

    it("registers bare resources with the SDK classes the program uses", () => {
        expect(sdkClassOf("aws:ec2/vpc:Vpc")).to.equal(aws.ec2.Vpc);
        expect(sdkClassOf("aws:s3/bucket:Bucket")).to.equal(aws.s3.Bucket);
        expect(sdkClassOf("pulumi:providers:aws")).to.equal(aws.Provider);
        expect(sdkClassOf("kubernetes:apps/v1:Deployment")).to.equal(k8s.apps.v1.Deployment);
        expect(sdkClassOf("kubernetes:networking.k8s.io/v1:NetworkPolicy")).to.equal(k8s.networking.v1.NetworkPolicy);
        expect(sdkClassOf("kubernetes:helm.sh/v3:Release")).to.equal(k8s.helm.v3.Release);
        expect(sdkClassOf("kubernetes:monitoring.coreos.com/v1:PrometheusRule")).to.equal(k8s.apiextensions.CustomResource);
        expect(sdkClassOf("platform:network:SpokeVpc")).to.equal(undefined);
    });

    it("registers every resource of a plan bare and reports the ratio", async () => {
        const plan = await planStack({ stack: "network" });
        const bare = await registerBare(plan);
        expect(bare.registered).to.equal(plan.resources.length);
        expect(bare.ms).to.be.greaterThan(0);
        const table = renderBench([{ stack: "network", resources: 52, planMs: 104, floorMs: 80 }]);
        expect(table.split("\n")[2]).to.equal("| network | 52 | 104 | 2.00 | 80 | 1.54 | 1.30x |");
        expect(table.split("\n")[3]).to.equal("| **all** | 52 | 104 | 2.00 | 80 | 1.54 | 1.30x |");
    });
});
