import { expect } from "chai";
import { evaluatePlan } from "../../../tools/cli/policy-report";
import { Plan } from "../../../tools/plan/model";
import { planStack } from "../../../tools/plan/runner";
import { estimateCost } from "../../../tools/review/cost";
import { criticalPath } from "../../../tools/review/deploy-time";
import { PLAN_REPORT_LIMIT, renderPlanReport } from "../../../tools/review/report";
import { finding, planOf, res } from "./fixtures";

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

describe("review: renderPlanReport", function () {
    this.timeout(120_000);
    let prod: Plan;

    before(async () => {
        prod = await planStack({ stack: "prod" });
    });

    it("renders the prod stack with its findings under the 64 KB limit, sections in order", async () => {
        const { evaluation } = await evaluatePlan(prod);
        const md = renderPlanReport({ plan: prod, findings: evaluation.findings });
        expect(bytes(md)).to.be.at.most(PLAN_REPORT_LIMIT);
        const order = ["## Offline plan: stack `prod`", "### Resources", "### Policy findings", "### Estimated monthly cost: $", "### Fresh deploy: ~", "### Architecture", "```mermaid\nflowchart LR"];
        const at = order.map((h) => md.indexOf(h));
        expect(at.every((i) => i >= 0), JSON.stringify(at)).to.equal(true);
        expect([...at].sort((a, b) => a - b)).to.deep.equal(at);
        expect(md).to.contain(`| ${prod.summary.resourceCount} | ${prod.summary.customResourceCount} | ${prod.summary.componentCount} |`);
        expect(md).to.contain("| `platform:cluster:EksCluster` | 1 |");
        expect(md).to.contain('"EKS cluster<br/>platform-prod"');
        expect(md).not.to.contain("Truncated");
    });

    it("cuts the long tables of a huge report, never the mandatory findings first, and says what it left out", () => {
        const long = "x".repeat(200);
        const victim = prod.resources.find((r) => r.type === "aws:eks/cluster:Cluster")!.urn;
        const findings = [
            ...Array.from({ length: 2000 }, (_, i) => finding(`advisory-${i}`, victim, "advisory", `${long} ${i}`)),
            ...Array.from({ length: 60 }, (_, i) => finding(`mandatory-${i}`, victim, "mandatory", `${long} ${i}`)),
        ];
        const md = renderPlanReport({ plan: prod, findings });
        expect(bytes(md)).to.be.at.most(PLAN_REPORT_LIMIT);
        expect(md).to.match(/_\d+ more advisory findings not shown to keep this report under the comment size limit/);
        expect(md).to.contain("`mandatory-59`");
        expect(md.indexOf("**mandatory**")).to.be.lessThan(md.indexOf("| advisory |"));
        expect(md).to.contain("| 191 |".replace("191", `${prod.summary.resourceCount}`));
        expect(md).to.contain("### Fresh deploy");
    });

    it("summarizes a small plan with the given cost and deploy time", () => {
        const provider = res("pulumi:providers:aws", "acct", { inputs: { region: "eu-west-1" } });
        const keys = res("platform:kms:PlatformKeys", "keys");
        const key = res("aws:kms/key:Key", "k", { parentRes: keys, provider: provider.urn });
        const plan = planOf([provider, keys, key]);
        const md = renderPlanReport({ plan, cost: estimateCost(plan, { asOf: "2026-11-27" }), deployTime: criticalPath(plan) });
        expect(md).to.contain("| 3 | 2 | 1 | not evaluated | not evaluated | $1.00 | ~1 min |");
        expect(md).to.contain("| KMS keys | 1 | 1 key-month | $1 | $1.00 |");
        expect(md).to.contain("Not evaluated for this report.");
        expect(md).to.contain("Critical path 0.1 min");
    });
});
