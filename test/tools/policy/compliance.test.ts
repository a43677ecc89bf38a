import { expect } from "chai";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { exemptInStack, exemptResource } from "../../../policy-packs/lib/exemptions";
import { control } from "../../../policy-packs/lib/metadata";
import { complianceSummary, renderComplianceMarkdown } from "../../../tools/policy/compliance";
import { coverage, renderCoverageMarkdown, renderCoverageText } from "../../../tools/policy/controls";
import { evaluatePacks, PackDefinition } from "../../../tools/policy/evaluate";
import { planResource } from "../../support/policy";

/**
 * The compliance summary tells pass from not applicable and from exempt, and coverage lists, per
 * framework, the controls a plan's resource types make applicable and which policy checks each.
 */

const VPC = "aws:ec2/vpc:Vpc";
const BUCKET = "aws:s3/bucket:Bucket";
const urn = (type: string, name: string) => `urn:pulumi:dev::platform::${type}::${name}`;

/** A stack policy that checks nothing of its own: passes on any stack, like a rule over absent types. */
const flowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs-enabled",
    description: "Checks whether every VPC has a flow log.",
    enforcementLevel: "mandatory",
    framework: control("cis-aws", "3.7", "Ensure VPC flow logging is enabled in all VPCs"),
    tags: ["fsbp:EC2.6"],
    validateStack: () => undefined,
};

/** A stack policy that exempts the archive bucket and passes the others. */
const accessLogging: StackValidationPolicy = {
    name: "s3-access-logging",
    description: "Checks whether every S3 bucket logs server access.",
    enforcementLevel: "advisory",
    framework: control("fsbp", "S3.9", "S3 general purpose buckets should have server access logging enabled"),
    tags: [],
    validateStack: (args) => {
        for (const r of args.resources.filter((x) => x.type === BUCKET && x.name === "archive")) {
            exemptInStack(args, r.urn, "the archive does not log into itself");
        }
    },
};

/** A resource policy that exempts namespace kube-system. */
const noPrivileged: ResourceValidationPolicy = {
    name: "no-privileged",
    description: "Checks whether containers are not privileged.",
    enforcementLevel: "mandatory",
    framework: control("cis-eks", "4.2.1", "Minimize the admission of privileged containers"),
    tags: [],
    validateResource: (args) => {
        if ((args.props as { metadata?: { namespace?: string } }).metadata?.namespace === "kube-system") {
            exemptResource(args, "namespace kube-system is listed in excludedNamespaces");
        }
    },
};

const PACK: PackDefinition = { name: "aws-baseline", version: "1.0.0", policies: [flowLogs, accessLogging] };
const K8S: PackDefinition = { name: "kubernetes-baseline", version: "1.0.0", policies: [noPrivileged] };

async function summarize(resources: ReturnType<typeof planResource>[], packs = [PACK, K8S]) {
    const evaluation = await evaluatePacks(packs, resources, {});
    return { evaluation, summary: complianceSummary(packs, evaluation, resources) };
}

describe("compliance summary", () => {
    it("reports a control as not applicable, not pass, when the plan has none of its resource types", async () => {
        const { summary } = await summarize([planResource({ type: "aws:kms/key:Key", name: "k", urn: urn("aws:kms/key:Key", "k"), inputs: {} })]);
        const status = Object.fromEntries(summary.controls.map((c) => [c.control, c.status]));
        expect(status).to.deep.equal({ "cis-aws:3.7": "not-applicable", "cis-eks:4.2.1": "not-applicable", "fsbp:EC2.6": "not-applicable", "fsbp:S3.9": "not-applicable" });
        expect(summary.frameworks["cis-aws"]).to.deep.include({ pass: 0, notApplicable: 1 });
    });
    it("reports pass when a resource of the control's types is in the plan and nothing failed", async () => {
        const { summary } = await summarize([planResource({ type: VPC, name: "v", urn: urn(VPC, "v"), inputs: {} })]);
        expect(summary.controls.find((c) => c.control === "cis-aws:3.7")!.status).to.equal("pass");
    });
    it("reports an exempted bucket as an exemption of the control, not a pass", async () => {
        const { summary, evaluation } = await summarize([
            planResource({ type: BUCKET, name: "archive", urn: urn(BUCKET, "archive"), inputs: {} }),
            planResource({ type: BUCKET, name: "data", urn: urn(BUCKET, "data"), inputs: {} }),
        ]);
        expect(evaluation.checks.filter((c) => c.policy === "s3-access-logging").map((c) => [c.urn, c.outcome])).to.deep.equal([
            ["stack", "pass"],
            [urn(BUCKET, "archive"), "exempt"],
        ]);
        const s39 = summary.controls.find((c) => c.control === "fsbp:S3.9")!;
        expect(s39.status).to.equal("exempt");
        expect(s39.exemptions).to.deep.equal([`s3-access-logging: ${urn(BUCKET, "archive")} (the archive does not log into itself)`]);
        expect(summary.frameworks.fsbp).to.deep.include({ pass: 0, exempt: 1 });
        expect(renderComplianceMarkdown("dev", summary)).to.contain(`| \`fsbp:S3.9\` | exempt | s3-access-logging | 1 | 0 | s3-access-logging: ${urn(BUCKET, "archive")}`);
    });
    it("records a resource policy's exemption as exempt: only exempted workloads make the control exempt", async () => {
        const DEP = "kubernetes:apps/v1:Deployment";
        const { summary, evaluation } = await summarize([planResource({ type: DEP, name: "cni", urn: urn(DEP, "cni"), inputs: { metadata: { namespace: "kube-system" } } })]);
        expect(evaluation.checks.map((c) => [c.policy, c.outcome, c.reason])).to.deep.include(["no-privileged", "exempt", "exempt: namespace kube-system is listed in excludedNamespaces"]);
        expect(summary.controls.find((c) => c.control === "cis-eks:4.2.1")!.status).to.equal("exempt");
        const both = await summarize([
            planResource({ type: DEP, name: "cni", urn: urn(DEP, "cni"), inputs: { metadata: { namespace: "kube-system" } } }),
            planResource({ type: DEP, name: "app", urn: urn(DEP, "app"), inputs: { metadata: { namespace: "app" } } }),
        ]);
        expect(both.summary.controls.find((c) => c.control === "cis-eks:4.2.1")).to.deep.include({ status: "exempt", checks: 1 });
    });
});

describe("control coverage", () => {
    const resources = [planResource({ type: VPC, name: "v", urn: urn(VPC, "v"), inputs: {} })];
    it("lists the controls a plan's resource types make applicable, with the policy that checks each", () => {
        const fsbp = coverage([PACK], resources).find((f) => f.framework === "fsbp")!;
        // FSBP controls on VPCs: EC2.2, EC2.6, EC2.10, EC2.21, EC2.55-60.
        expect(fsbp.applicable.map((c) => [c.id, c.status, c.policies.join(",")])).to.deep.equal([
            ["EC2.2", "none", ""],
            ["EC2.6", "full", "vpc-flow-logs-enabled"],
            ["EC2.10", "none", ""],
            ["EC2.21", "none", ""],
            ["EC2.55", "none", ""],
            ["EC2.56", "none", ""],
            ["EC2.57", "none", ""],
            ["EC2.58", "none", ""],
            ["EC2.60", "none", ""],
        ]);
        expect(fsbp.automated).to.deep.equal({ applicable: 9, full: 1, partial: 0, none: 8, percentFull: 11.1 });
        expect(fsbp.notExpressible).to.equal(11);
    });
    it("counts a partially covering policy as partial, and a disabled policy as covering nothing", () => {
        const nacl: StackValidationPolicy = { ...flowLogs, name: "default-nacl-restrict-all", framework: control("own", "default-nacl-restrict-all", "x"), tags: [] };
        const pack = { ...PACK, policies: [flowLogs, nacl] };
        const fsbp = coverage([pack], resources).find((f) => f.framework === "fsbp")!;
        expect(fsbp.applicable.find((c) => c.id === "EC2.21")).to.deep.include({ status: "partial", partial: [{ policy: "default-nacl-restrict-all", gap: "the default network ACL of each VPC (no entries); declared ACLs are nacl-no-public-admin-ports'" }] });
        const disabled = coverage([pack], resources, { "aws-baseline": { "vpc-flow-logs-enabled": { enforcementLevel: "disabled", config: {} } } }).find((f) => f.framework === "fsbp")!;
        expect(disabled.applicable.find((c) => c.id === "EC2.6")!.status).to.equal("none");
    });
    it("treats an account-level control as applicable wherever the plan deploys into an AWS account", () => {
        const fsbp = coverage([PACK], [planResource({ type: "pulumi:providers:aws", name: "aws", urn: urn("pulumi:providers:aws", "aws"), inputs: {} })]).find((f) => f.framework === "fsbp")!;
        expect(fsbp.applicable.map((c) => c.id)).to.include.members(["GuardDuty.1", "Config.1", "CloudTrail.1", "EC2.7", "S3.1"]);
    });
    it("renders the coverage as text and Markdown with the gaps named", () => {
        const cov = coverage([PACK], resources);
        expect(renderCoverageText("dev", cov)).to.contain("fsbp 1.0.0: 1/9 fully (11.1%), 0 partially, 8 not covered").and.contain("gaps: EC2.2, EC2.10, EC2.21, EC2.55");
        expect(renderCoverageMarkdown("dev", cov)).to.contain("| `EC2.6` | yes | full | vpc-flow-logs-enabled | VPC flow logging should be enabled in all VPCs |");
    });
});
